"""End to end: the real Rasa server and action server (with the NLG endpoint),
conversations kept in the real Redis, talked to over HTTP in all 8 languages."""

from __future__ import annotations

import json
import uuid

import pytest
import redis
import requests

from bot import PROJECT_ROOT
from bot.nlg.catalogue import Catalogue
from tests.e2e.conftest import REDIS_URL

pytestmark = [pytest.mark.model, pytest.mark.servers]

CATALOGUE = Catalogue.from_dir(PROJECT_ROOT / "data" / "responses")


def texts_of(language: str, response: str) -> set:
    """Every variation of a response in a language, placeholders cut off."""
    pack = CATALOGUE.packs[language]
    return {v["text"].split("{")[0].strip() for v in pack.responses[response]}


def replied_with(reply: dict, language: str, response: str) -> bool:
    return any(reply["text"].startswith(prefix) for prefix in texts_of(language, response))


def new_buyer() -> str:
    return f"buyer-{uuid.uuid4().hex[:10]}"


GREETINGS = {
    "en": "hello there, good morning",
    "zh": "你好，在吗",
    "ru": "здравствуйте",
    "es": "hola buenas tardes",
    "pt": "oi, boa tarde",
    "th": "สวัสดีค่ะ",
    "vi": "chào shop",
    "id": "halo kak, selamat siang",
}
TRACKING_QUESTIONS = {
    "en": "where is my parcel? it's been two weeks",
    "zh": "我的包裹到哪了",
    "ru": "где моя посылка? жду уже месяц",
    "es": "dónde está mi paquete, ya pasaron dos semanas",
    "pt": "cadê meu pedido? já faz 20 dias",
    "th": "พัสดุถึงไหนแล้วคะ รอนานมาก",
    "vi": "đơn hàng của tôi đâu rồi shop ơi",
    "id": "paket saya belum sampai kak",
}


@pytest.mark.parametrize("language", sorted(GREETINGS))
def test_buyer_gets_answers_in_their_language(say, language):
    buyer = new_buyer()
    greeting = say(buyer, GREETINGS[language])
    assert greeting.status_code == 200
    assert replied_with(greeting.json()[0], language, "utter_greet"), greeting.json()
    asked = say(buyer, TRACKING_QUESTIONS[language]).json()
    assert replied_with(asked[0], language, "utter_ask_order_id"), asked
    # A bare order number can't tell the language: the conversation keeps it.
    # (This buyer has no orders, so the answer is that it wasn't found.)
    answer = say(buyer, "8012345678").json()
    assert replied_with(answer[0], language, "utter_order_not_found"), answer
    assert "8012345678" in answer[0]["text"]


def test_bot_follows_a_buyer_who_switches_language(say):
    buyer = new_buyer()
    assert replied_with(say(buyer, "hello there, good morning").json()[0], "en", "utter_greet")
    assert replied_with(say(buyer, "здравствуйте").json()[0], "ru", "utter_greet")
    assert replied_with(say(buyer, "ok").json()[0], "ru", "utter_anything_else")


def test_low_confidence_clarifies_once_with_buttons_then_hands_off(say):
    buyer = new_buyer()
    say(buyer, "สวัสดีค่ะ")
    first = say(buyer, "qwzx blorp").json()
    assert replied_with(first[0], "th", "utter_clarify")
    assert len(first[0]["buttons"]) == 2
    assert all(b["payload"].startswith("/") for b in first[0]["buttons"])
    second = say(buyer, "zzvq plok").json()
    assert replied_with(second[0], "th", "utter_handoff")


def test_complaint_pauses_the_bot_and_records_tier_and_reason(stack, say):
    buyer = new_buyer()
    reply = say(buyer, "this is a scam, I'm opening a dispute and leaving a 1 star review").json()
    assert replied_with(reply[0], "en", "utter_handoff")
    assert "senior customer care" in reply[0]["text"]
    assert say(buyer, "hello??").json() == []  # paused: the bot stays silent
    tracker = requests.get(
        f"{stack.settings.rasa_url}/conversations/{buyer}/tracker",
        params={"token": stack.settings.rasa_token},
        timeout=30,
    ).json()
    assert tracker["paused"] is True
    assert tracker["slots"]["handoff_reason"] == "complaint"
    assert tracker["slots"]["handoff_tier"] == 3


def test_conversations_are_kept_in_redis(say):
    buyer = new_buyer()
    say(buyer, "สวัสดีค่ะ")
    stored = redis.Redis.from_url(REDIS_URL).get(f"kefu:tracker:{buyer}")
    assert stored is not None
    events = json.loads(stored)["events"]
    assert {"name": "language", "value": "th"}.items() <= next(
        e for e in events if e["event"] == "slot" and e["name"] == "language"
    ).items()


def test_the_rasa_api_needs_the_token(stack):
    url = f"{stack.settings.rasa_url}/model/parse"
    assert requests.post(url, json={"text": "hi"}, timeout=30).status_code == 401
    ok = requests.post(
        url, json={"text": "我要退款"}, params={"token": stack.settings.rasa_token}, timeout=30
    )
    assert ok.status_code == 200 and ok.json()["language"] == "zh"


def test_nlg_endpoint_renders_in_the_tracker_language(stack):
    response = requests.post(
        f"{stack.settings.actions_url}/nlg",
        json={"response": "utter_greet", "arguments": {}, "tracker": {"slots": {"language": "vi"}}},
        timeout=30,
    )
    assert response.status_code == 200
    assert replied_with(response.json(), "vi", "utter_greet")
    unknown = requests.post(f"{stack.settings.actions_url}/nlg", json={"response": "utter_nope"}, timeout=30)
    assert unknown.status_code == 404
    assert requests.post(f"{stack.settings.actions_url}/nlg", data=b"{bad", timeout=30).status_code == 400


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"{not json", 400),
        (b"\xff\xfe\x00\x01", 400),
        (json.dumps({"sender": "b", "message": ""}).encode(), 400),
        (json.dumps({"sender": "b", "message": "   \t\n"}).encode(), 400),
        (json.dumps({"sender": "b", "message": "x" * 20000}).encode(), 413),
        (json.dumps({"sender": "b", "message": ["a"]}).encode(), 400),
        (json.dumps({"message": "hi"}).encode(), 400),
    ],
)
def test_bad_input_gets_a_clear_4xx_and_the_server_keeps_serving(stack, say, raw, status):
    webhook = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    response = requests.post(webhook, data=raw, headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == status
    assert response.json()["error"]
    assert say(new_buyer(), "hello there, good morning").status_code == 200


@pytest.mark.parametrize("text", ["👍", "🙏🙏🙏", "hello\x00\x07 there", "a" * 4999])
def test_odd_but_valid_messages_get_an_answer(say, text):
    response = say(new_buyer(), text)
    assert response.status_code == 200
    assert response.json() and response.json()[0]["text"]
