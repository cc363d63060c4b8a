import asyncio
import json

import pytest

from bot.channels.rest import parse_payload
from bot.text_input import (
    MAX_MESSAGE_CHARS,
    DomainNames,
    InvalidMessage,
    button_or_text,
    clean_message,
    web_link,
    whole_number,
)


def body(**fields):
    return json.dumps(fields).encode()


def test_a_good_message_passes_cleaned():
    checked = parse_payload(body(sender=" b1 ", message="  hello\x00 there\u200b ", metadata={"vip": True}))
    assert checked == {"sender": "b1", "message": "hello  there", "metadata": {"vip": True}}


def test_text_is_nfc_normalised():
    decomposed = "Đo\u031bn ha\u0300ng"
    assert clean_message(decomposed) == "Đơn hàng"


@pytest.mark.parametrize(
    "raw, status, words",
    [
        (b"{not json", 400, "not valid JSON"),
        (b"\xff\xfe\x00binary", 400, "not UTF-8"),
        (b"[1, 2]", 400, "JSON object"),
        (body(message="hi"), 400, "'sender'"),
        (body(sender="b", message=""), 400, "empty"),
        (body(sender="b", message="   \n\t "), 400, "empty"),
        (body(sender="b", message="\x01\x02"), 400, "empty"),
        (body(sender="b", message=42), 400, "must be a string"),
        (body(sender="b", message=None), 400, "must be a string"),
        (body(sender="b", message="x" * (MAX_MESSAGE_CHARS + 1)), 413, "limit"),
        (body(sender="b", message="hi", metadata=[1]), 400, "'metadata'"),
        (body(sender="b" * 500, message="hi"), 400, "'sender'"),
    ],
)
def test_bad_input_is_named(raw, status, words):
    with pytest.raises(InvalidMessage) as error:
        parse_payload(raw)
    assert error.value.status == status
    assert words in str(error.value)


def test_emoji_only_is_a_message():
    assert clean_message("👍") == "👍"


def test_a_photo_needs_no_words():
    photo = {"attachments": [{"type": "image", "url": "https://img.example/1.jpg"}]}
    assert parse_payload(body(sender="b", message="", metadata=photo))["message"] == ""
    assert parse_payload(body(sender="b", metadata=photo))["message"] == ""


def test_attachments_must_be_a_list():
    with pytest.raises(InvalidMessage, match="attachments"):
        parse_payload(body(sender="b", message="hi", metadata={"attachments": "x"}))


# -- over HTTP: who may name the buyer ---------------------------------------------------
# The channel runs in a real Sanic app; Rasa's message processor (the edge) is a
# stand-in that keeps each message in a real InMemoryTrackerStore and echoes the
# metadata Rasa would have kept.

SECRET = "channel-secret-for-tests"
NAMED = {"buyer_id": "lazada-th-001", "marketplace": "lazada", "vip": True}
PARSED: list = []  # what the channel had Rasa's processor read


@pytest.fixture(scope="module")
def store():
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain

    return InMemoryTrackerStore(Domain.empty())


@pytest.fixture(scope="module")
def channel(store):
    from types import SimpleNamespace

    from rasa.shared.core.events import UserUttered
    from sanic import Sanic

    from bot.channels.rest import BuyerRestInput
    from bot.desk.app import BackgroundServer
    from tests.desk.conftest import free_port

    Sanic.test_mode = True

    async def processor(message):
        from rasa.core.lock_store import LockError
        from redis.exceptions import ConnectionError as RedisDown

        if message.text == "redis down":  # as Kefu's stores fail while Redis restarts
            raise RedisDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        if message.text == "lock down":
            raise LockError("Could not issue a ticket for conversation 'x': Connection refused")
        tracker = await store.get_or_create_tracker(message.sender_id)
        # As long as Rasa takes to process a message: time for a rival to slip in.
        await asyncio.sleep(0.2)
        tracker.update(UserUttered(message.text, metadata=message.metadata))
        await store.save(tracker)
        read = {"read_before": message.parse_data["intent"]["name"]} if message.parse_data else {}
        await message.output_channel.send_text_message(
            message.sender_id, json.dumps({**message.metadata, **read})
        )

    class Reader:
        """Rasa's own reading of a message (MessageProcessor.parse_message), counted."""

        async def parse_message(self, message, tracker):
            PARSED.append(message.text)
            intent = "product_question" if "wholesale" in message.text else "track_order"
            return {"text": message.text, "intent": {"name": intent}, "entities": []}

    async def log_message(message):  # Agent.log_message: into the tracker, nothing predicted
        tracker = await store.get_or_create_tracker(message.sender_id)
        intent = message.parse_data["intent"]
        tracker.update(
            UserUttered(message.text, intent, parse_data=message.parse_data, metadata=message.metadata)
        )
        await store.save(tracker)

    from rasa.core.lock_store import InMemoryLockStore

    app = Sanic(f"rest-channel-{free_port()}")
    app.ctx.agent = SimpleNamespace(
        tracker_store=store, processor=Reader(), lock_store=InMemoryLockStore(), log_message=log_message
    )
    app.blueprint(BuyerRestInput(secret=SECRET).blueprint(processor), url_prefix="/webhooks/rest")
    server = BackgroundServer(app, port=free_port()).start()
    yield f"{server.url}/webhooks/rest/webhook"
    server.stop()


def post(url, sender, metadata=None, secret=None, message="hello"):
    import requests

    headers = {"X-Kefu-Channel-Token": secret} if secret is not None else {}
    payload = {"sender": sender, "message": message, "metadata": metadata or {}}
    return requests.post(url, data=json.dumps(payload), headers=headers, timeout=10)


def kept(response):
    assert response.status_code == 200, response.text
    return json.loads(response.json()[0]["text"])


def sender():
    import uuid

    return f"buyer-{uuid.uuid4().hex[:8]}"


def test_anyone_without_the_secret_is_their_sender_id(channel):
    photo = [{"type": "image", "url": "https://img.example/1.jpg"}]
    assert kept(post(channel, sender(), {**NAMED, "attachments": photo})) == {"attachments": photo}


def test_the_desk_with_the_secret_names_the_buyer(channel):
    assert kept(post(channel, sender(), NAMED, SECRET)) == NAMED


def test_the_desk_gets_the_conversations_state_with_the_answers(channel):
    import requests

    buyer = sender()
    payload = {"sender": buyer, "message": "hello", "metadata": NAMED}
    answer = requests.post(
        f"{channel}?state=1", json=payload, headers={"X-Kefu-Channel-Token": SECRET}, timeout=10
    ).json()
    assert json.loads(answer["messages"][0]["text"]) == NAMED
    assert answer["state"]["sender_id"] == buyer
    assert answer["state"]["latest_message"]["text"] == "hello"  # after this message, not before
    # Without the secret the state is nobody's business: the plain list of answers.
    plain = requests.post(f"{channel}?state=1", json={"sender": sender(), "message": "hi"}, timeout=10)
    assert isinstance(plain.json(), list)


def test_a_wrong_secret_is_refused(channel):
    response = post(channel, sender(), NAMED, "not-the-secret")
    assert response.status_code == 403 and "X-Kefu-Channel-Token" in response.json()["error"]


def test_the_buyer_cannot_change_mid_conversation(channel):
    chat = sender()
    assert kept(post(channel, chat, NAMED, SECRET)) == NAMED
    switched = post(channel, chat, {"buyer_id": "ozon-ru-001", "marketplace": "ozon"}, SECRET)
    assert switched.status_code == 409 and "another buyer" in switched.json()["error"]
    # The same buyer again, or no claim at all, carries on.
    assert kept(post(channel, chat, NAMED, SECRET)) == NAMED
    assert kept(post(channel, chat, {}, SECRET)) == {}


def test_two_first_messages_naming_different_buyers_cannot_both_pass(channel):
    from concurrent.futures import ThreadPoolExecutor

    chat = sender()
    rival = {"buyer_id": "ozon-ru-001", "marketplace": "ozon"}
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda claim: post(channel, chat, claim, SECRET), [NAMED, rival]))
    assert sorted(a.status_code for a in answers) == [200, 409]


def test_nobody_else_writes_to_an_identified_conversation(channel):
    chat = sender()
    post(channel, chat, NAMED, SECRET)
    refused = post(channel, chat)
    assert refused.status_code == 403 and "channel" in refused.json()["error"]


def test_a_desk_style_sender_id_is_reserved_for_channels(channel, store):
    """Nobody can open `lazada:B1` before the desk does and leave history in it."""
    import uuid

    squatted = f"lazada:{uuid.uuid4().hex[:8]}"
    refused = post(channel, squatted)
    assert refused.status_code == 403 and "reserved for channels" in refused.json()["error"]
    # Nothing was kept under that id: the desk's first message starts a fresh conversation.
    assert squatted not in store.store
    assert kept(post(channel, squatted, NAMED, SECRET)) == NAMED
    assert post(channel, f"web:{uuid.uuid4().hex[:8]}", secret=SECRET).status_code == 200


def test_only_a_payload_rasa_reads_whole_reaches_it_with_its_slash(channel, store):
    """The channel applies the desk's rule: Rasa would log a payload it cannot read, words and all.
    Rasa's own commands stay commands here, as on Rasa's REST channel (/restart: the buyer's own
    conversation starts over); an unknown slash word is text."""
    buyer = sender()
    button, words = '/track_order{"order_id": "1000000001"}', "/track_order{I live at 12 Main St}"
    for text in (button, words, "/stop_it", "/restart"):
        assert post(channel, buyer, message=text).status_code == 200
    read = [event.text for event in asyncio.run(store.retrieve(buyer)).events if hasattr(event, "text")]
    assert read == [button, words.lstrip("/"), "stop_it", "/restart"]


def test_oversized_metadata_gets_413(channel):
    response = post(channel, sender(), {"note": "x" * 30_000}, SECRET)
    assert response.status_code == 413 and "'metadata'" in response.json()["error"]
    huge = post(channel, sender(), {"note": "x" * 8_000_000}, SECRET)
    assert huge.status_code == 413


@pytest.mark.parametrize(
    "metadata",
    [{"buyer_id": 42}, {"buyer_id": "b", "marketplace": ["x"]}, {"buyer_id": "b" * 200}],
)
def test_a_malformed_buyer_claim_is_a_400(channel, metadata):
    response = post(channel, sender(), metadata, SECRET)
    assert response.status_code == 400 and "metadata." in response.json()["error"]


@pytest.mark.parametrize(
    "raw",
    [
        b'{"sender": "b", "message": "\\ud800"}',
        b'{"sender": "b", "message": "hi", "metadata": {"n": 1e999}}',
        b'{"sender": "b", "message": "hi", "metadata": {"n": NaN}}',
        b'{"sender": "b", "message": "hi", "metadata": {"n": ' + b"9" * 5000 + b"}}",
        b'{"sender": "b", "message": "hi", "metadata": ' + b"[" * 50_000 + b"}",
    ],
)
def test_json_no_reply_or_database_could_hold_is_a_400(channel, raw):
    import requests

    response = requests.post(channel, data=raw, timeout=10)
    assert response.status_code in (400, 413) and response.json()["error"]


# -- /intent{...} typed by a buyer -----------------------------------------------------


def test_control_characters_in_payload_entities_are_removed():
    typed = '/inform{"order_id": "80123\\u0007456\\u202e78", "x": ["a\\nb"]}'
    assert clean_message(typed) == '/inform{"order_id": "8012345678", "x": ["ab"]}'


def test_payload_entities_of_the_wrong_kind_are_refused():
    for typed in (
        '/inform{"order_id": {"nested": 1}}',
        '/inform{"order_id": 1e999}',
        '/inform{"a": ' + "[" * 2000 + "]" * 2000 + "}",
    ):
        with pytest.raises(InvalidMessage):
            clean_message(typed)


def test_text_that_only_looks_like_a_payload_is_left_alone():
    assert clean_message("/inform{not json}") == "/inform{not json}"
    assert clean_message("/greet") == "/greet"


DOMAIN = DomainNames(frozenset({"greet", "track_order"}), frozenset({"order_id", "tracking_number"}))


@pytest.mark.parametrize(
    "typed",
    [
        "/greet",
        "/greet@0.9",
        '/track_order{"order_id": "1000000001"}',
        '/track_order@1{"order_id": 1000000001, "tracking_number": "TH123"}',
    ],
)
def test_a_payload_rasa_reads_whole_passes_as_it_is(typed):
    assert button_or_text(typed, DOMAIN) == typed


@pytest.mark.parametrize(
    "typed, text",
    [
        ("/track_order{my address is 12 Main St}", "track_order{my address is 12 Main St}"),
        ('/track_order{"address": "12 Main St"}', 'track_order{"address": "12 Main St"}'),
        ('/track_order{"order_id": ["1", "2"]}', 'track_order{"order_id": ["1", "2"]}'),
        ('/track_order{"order_id": true}', 'track_order{"order_id": true}'),
        ('/track_order["12 Main St"]', 'track_order["12 Main St"]'),
        ('/track_order{"order_id":\n"1"}', 'track_order{"order_id":\n"1"}'),
        ("/greet@1.5", "greet@1.5"),
        ("/greet@1.2.3", "greet@1.2.3"),
        ("/greet there, I live at 12 Main St", "greet there, I live at 12 Main St"),
        ("/restart", "restart"),
        ("//greet", "greet"),
        ("hello /greet", "hello /greet"),
    ],
)
def test_anything_else_slash_prefixed_is_text_without_the_slash(typed, text):
    assert button_or_text(typed, DOMAIN) == text


def test_the_domain_names_are_read_from_the_domain_file():
    from bot import PROJECT_ROOT

    names = DomainNames.read(PROJECT_ROOT / "domain.yml")
    assert {"track_order", "greet"} <= names.intents
    assert names.entities == {"order_id", "tracking_number"}


# -- who the conversation's buyer is ---------------------------------------------------


def test_buyer_in_reads_the_newest_named_buyer():
    from bot.channels.identity import buyer_in
    from bot.commerce.views import BuyerRef

    newest_first = [{"attachments": []}, {"buyer_id": "b2", "marketplace": "ozon"}, {"buyer_id": "b1"}]
    assert buyer_in(newest_first, "s") == BuyerRef("ozon", "b2")
    assert buyer_in([None, {}, "junk"], "s") == BuyerRef("web", "s")


def _tracker_with_two_answered_messages():
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    return DialogueStateTracker.from_events(
        "lazada:b1",
        [
            ActionExecuted("action_listen"),
            UserUttered("hello", metadata={"desk_message_id": 7}),
            BotUttered(
                "Hi! How can I help?", data={"buttons": [{"title": "Track", "payload": "/track_order"}]}
            ),
            ActionExecuted("action_listen"),
            UserUttered("coupons?", metadata={"desk_message_id": 8}),
            BotUttered("Here are today's coupons."),
            BotUttered("Anything else?"),
            ActionExecuted("action_listen"),
        ],
    )


def test_a_message_read_before_is_answered_from_the_tracker_not_read_again():
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel

    from bot.channels.rest import replay_if_read

    tracker = _tracker_with_two_answered_messages()

    def replay(metadata):
        collector = CollectingOutputChannel()
        return asyncio.run(replay_if_read(tracker, metadata, collector)), collector.messages

    found, messages = replay({"desk_message_id": 7})
    assert found and [m["text"] for m in messages] == ["Hi! How can I help?"]
    assert messages[0]["buttons"] == [{"title": "Track", "payload": "/track_order"}]
    found, messages = replay({"desk_message_id": 8})
    assert found and [m["text"] for m in messages] == ["Here are today's coupons.", "Anything else?"]
    assert replay({"desk_message_id": 9}) == (False, [])  # new: Rasa reads it
    assert replay({}) == (False, [])  # not from the desk: nothing to recognise it by


def test_the_state_beside_the_answers_is_the_tracker_rasa_just_saved():
    import asyncio
    from types import SimpleNamespace

    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.events import UserUttered

    from bot.channels.rest import conversation_state, remember_saved_trackers

    remember_saved_trackers()
    saved = []

    class Store:
        async def save(self, tracker):
            saved.append(tracker)

        async def retrieve(self, sender_id):
            return None if sender_id == "nobody" else _tracker_with_two_answered_messages()

    processor = SimpleNamespace(tracker_store=Store())
    request = SimpleNamespace(
        app=SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(tracker_store=Store())))
    )
    handled = _tracker_with_two_answered_messages()
    handled.update(UserUttered("one more", {"name": "greet", "confidence": 1.0}))

    async def one_request(sender_id):
        await MessageProcessor.save_tracker(processor, handled)  # Rasa, handling the message
        return await conversation_state(request, sender_id)

    state = asyncio.run(one_request(handled.sender_id))
    assert saved == [handled] and state["latest_message"]["text"] == "one more"
    # Another conversation's state, or a request whose message was not handled, is read back.
    assert asyncio.run(one_request("nobody"))["sender_id"] == "nobody"
    assert asyncio.run(conversation_state(request, handled.sender_id))["latest_message"]["text"] != "one more"


@pytest.mark.parametrize("text", ["redis down", "lock down"])
def test_a_conversation_store_that_is_down_is_a_clear_503_and_keeps_nothing(channel, store, text):
    import asyncio

    from bot.channels.rest import STORE_UNAVAILABLE

    buyer = sender()
    answer = post(channel, buyer, message=text)
    assert answer.status_code == 503 and answer.json()["error"] == STORE_UNAVAILABLE
    assert asyncio.run(store.retrieve(buyer)) is None  # nothing half-kept: the channel sends it again
    assert post(channel, buyer, message="hello").status_code == 200  # and the next one is read


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0", 0),
        ("42", 42),
        (42, 42),
        (str(2**63 - 1), 2**63 - 1),
        (str(2**63), None),  # past a BIGINT
        ("1" * 5000, None),  # int() itself refuses this many digits
        ("²", None),  # a digit to str.isdigit(), not to int()
        ("٣", None),  # int() reads it; an id is ASCII
        ("-1", None),
        (" 7", None),
        ("", None),
        (True, None),
        (7.0, None),
        (None, None),
    ],
)
def test_whole_number_takes_ascii_digits_within_a_bigint_only(value, expected):
    assert whole_number(value) == expected


def test_marketplace_times_and_ids_int_refuses_read_as_zero_not_an_error():
    from bot.channels import aliexpress, lazada, ozon, shopee

    assert lazada._time({"send_time": "²"}, "send_time") == 0
    assert aliexpress._millis("²") == 0
    assert shopee._seconds("1" * 30, nano=True) == 0
    assert ozon._id({"message_id": "①"}) == 0
    assert lazada._time({"send_time": "1700000000000"}, "send_time") == 1700000000000


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://img.example/broken.jpg", True),
        ("http://127.0.0.1:8080/p.png", True),
        ("https://", False),  # no host: the case's rules raised on it
        ("https:///x", False),
        ("http://[x", False),  # urlsplit raises on it
        ("javascript:alert(1)", False),
        ("ftp://files.example/p.png", False),
        ("https://img.example/" + "a" * 2000, False),
        (None, False),
        (["https://img.example/p.png"], False),
    ],
)
def test_web_link_is_an_http_url_with_a_host(url, expected):
    assert web_link(url) is expected


def test_a_keyword_message_from_the_desk_is_read_once_and_answered_only_for_the_bots_tasks(channel, store):
    """The desk asked /model/parse whether a keyword-matched message was also for the bot,
    then sent it, and Rasa parsed it a second time. Now the desk sends it once with the
    intents the bot answers it for; Rasa reads it once and otherwise only keeps it."""
    import asyncio

    from bot.shared_secret import ANSWER_ONLY

    buyer = sender()
    only = {**NAMED, ANSWER_ONLY: ["track_order"]}
    kept_only = post(channel, buyer, only, SECRET, message="wholesale price?")
    assert kept_only.status_code == 200 and kept_only.json() == []  # read, not answered
    tracker = asyncio.run(store.retrieve(buyer))
    latest = tracker.latest_message
    assert (latest.text, latest.intent["name"]) == ("wholesale price?", "product_question")
    assert ANSWER_ONLY not in latest.metadata
    answered = kept(post(channel, buyer, only, SECRET, message="where is my parcel? and the invoice"))
    assert answered["read_before"] == "track_order"  # the processor used that reading: no second parse
    assert PARSED.count("wholesale price?") == 1 and PARSED.count("where is my parcel? and the invoice") == 1
    # Nobody but the desk decides that.
    plain = kept(post(channel, sender(), {ANSWER_ONLY: []}, message="wholesale price?"))
    assert "read_before" not in plain
