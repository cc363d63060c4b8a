"""Task success through the real servers with the demo orders, in all 8 languages.

Each test is one buyer task played as a short multi-turn chat (tests/e2e/tasks.yml
holds what the buyer writes); it passes only when every reply is the right one,
in the buyer's language, and the database shows what the chat changed.
"""

from __future__ import annotations

import uuid

import pytest
import requests
import yaml

from bot import PROJECT_ROOT
from bot.commerce.demo import DEMO_BUYERS, DEMO_ORDERS, load_demo_data
from bot.commerce.repository import CommerceRepository
from bot.nlg.chinese_script import wants_traditional
from tests.conftest import LANGUAGES
from tests.e2e.test_servers import replied_with

pytestmark = [pytest.mark.model, pytest.mark.servers]

SAID = yaml.safe_load((PROJECT_ROOT / "tests" / "e2e" / "tasks.yml").read_text(encoding="utf-8"))
PHOTO = "https://img.example/demo-damage.jpg"


@pytest.fixture
def demo(stack, database_url):
    """Fresh demo orders for every task: tasks cancel, refund and open cases."""
    repository = CommerceRepository.from_url(database_url)
    load_demo_data(repository)
    return repository


class Chat:
    """One buyer's conversation: say() returns the replies, each checked to be in `language`."""

    def __init__(self, say, stack, scenario: str, language: str, repository: CommerceRepository):
        self.buyer_key, self.order_number = DEMO_ORDERS[scenario]
        self.ref = DEMO_BUYERS[self.buyer_key]
        # A Chinese reply is in the script the buyer writes, else the one of the order's
        # country (Traditional for Taiwan): bot/nlg/chinese_script, tested in tests/nlg.
        order = repository.order_for_buyer(self.ref, self.order_number)
        self.country = order.destination_country if order else None
        self.said: list = []
        self.metadata = {"buyer_id": self.ref.buyer_id, "marketplace": self.ref.marketplace}
        self.id = f"task-{uuid.uuid4().hex[:10]}"
        self.language, self._say, self._stack = language, say, stack

    def say(self, task_or_text: str, **metadata) -> list:
        text = SAID[task_or_text][self.language] if task_or_text in SAID else task_or_text
        self.said.append(text)
        response = self._say(self.id, text, metadata={**self.metadata, **metadata})
        assert response.status_code == 200, response.text
        return response.json()

    def expect(self, replies: list, *responses: str) -> None:
        """The replies are exactly these responses, in this order, in the buyer's language."""
        texts = [reply.get("text") for reply in replies]
        assert len(replies) == len(responses), texts
        traditional = self.language == "zh" and wants_traditional(self.said, self.country)
        assert all(
            replied_with(r, self.language, name, traditional) for r, name in zip(replies, responses)
        ), texts

    def slots(self) -> dict:
        tracker = requests.get(
            f"{self._stack.settings.rasa_url}/conversations/{self.id}/tracker",
            params={"token": self._stack.settings.rasa_token},
            timeout=30,
        ).json()
        return tracker["slots"]


@pytest.fixture
def chat(say, stack, demo):
    return lambda scenario, language: Chat(say, stack, scenario, language, demo)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_greeting_that_announces_a_question_gets_an_invitation(chat, language):
    c = chat("awaiting_pickup", language)
    c.expect(c.say("greet_question"), "utter_greet")


@pytest.mark.parametrize("language", LANGUAGES)
def test_track_names_the_shipped_order_and_where_it_waits(chat, language):
    c = chat("awaiting_pickup", language)
    replies = c.say("track")
    c.expect(replies, "utter_about_order_switch", "utter_tracking_pickup")
    assert "EB123456785TH" in replies[-1]["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_delivery_instructions_say_whom_to_tell_then_a_person_tells_the_courier(chat, language):
    c = chat("out_for_delivery", language)
    replies = c.say("delivery_note")
    c.expect(replies, "utter_about_only_order", "utter_tracking_delivery_note")
    assert "NVMY24061234567" in replies[-1]["text"]
    c.expect(c.say("you_tell_the_courier"), "utter_handoff")
    assert c.slots()["handoff_tier"] == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_urge_shipment_gives_the_ship_by_date(chat, language):
    c = chat("paid_awaiting_shipment", language)
    c.expect(c.say("urge"), "utter_about_only_order", "utter_ship_by")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_late_order_can_be_cancelled_when_the_buyer_is_tired_of_waiting(chat, demo, language):
    """Past its ship-by date: the apology, then (still nothing) the offer to cancel it for a
    full refund, which the buyer takes."""
    c = chat("paid_overdue", language)
    c.expect(c.say("urge"), "utter_about_order_switch", "utter_ship_overdue")
    c.expect(c.say("still_not_shipped"), "utter_ship_overdue_cancel_offer")
    c.expect(c.say("yes_cancel_it"), "utter_cancelled")
    assert demo.order_for_buyer(c.ref, c.order_number).status == "cancelled"


@pytest.mark.parametrize("answer", ["yes_please", "yes_cancel_it"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_cancel_confirmed_cancels_and_refunds(chat, demo, language, answer):
    c = chat("paid_awaiting_shipment", language)
    c.expect(c.say("cancel"), "utter_about_only_order", "utter_confirm_cancel")
    c.expect(c.say(answer), "utter_cancelled")
    order = demo.order_for_buyer(c.ref, c.order_number)
    assert order.status == "cancelled" and [r.status for r in order.refunds] == ["approved"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancel_then_a_change_of_mind_keeps_the_order(chat, demo, language):
    c = chat("paid_awaiting_shipment", language)
    c.expect(c.say("cancel"), "utter_about_only_order", "utter_confirm_cancel")
    c.expect(c.say("keep_it"), "utter_cancel_kept")
    assert demo.order_for_buyer(c.ref, c.order_number).status == "paid"


def test_a_switch_button_tapped_while_a_cancel_question_waits_answers_about_that_order(chat, demo):
    """The bot asks "Shall I cancel order ...1678?" with buttons for the buyer's other orders;
    a tap on one of them drops the question and answers about that order: nothing is
    cancelled, and no "yes or no?" comes back."""
    c = chat("br_paid", "pt")
    asked = c.say("cancel")
    assert replied_with(asked[-1], "pt", "utter_confirm_cancel"), [r.get("text") for r in asked]
    other = "8190123456790345"  # the same buyer's order in transit
    buttons = [b["payload"] for r in asked for b in r.get("buttons") or []]
    tap = next(p for p in buttons if other in p)
    answered = c.say(tap)
    texts = [r.get("text") or "" for r in answered]
    assert any(other in t for t in texts), texts
    for unwanted in ("utter_confirm_cancel_again", "utter_default"):  # no re-ask, no "sorry?"
        assert not any(replied_with(r, "pt", unwanted) for r in answered), texts
    assert demo.order_for_buyer(c.ref, c.order_number).status == "paid"
    assert c.slots()["awaiting_confirmation"] is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_refund_status_of_a_cancelled_order(chat, language):
    c = chat("refund_approved", language)
    replies = c.say("refund_status_cancelled")
    c.expect(replies, "utter_about_order_switch", "utter_refund_payout_by")
    assert c.order_number in replies[-1]["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refund_of_an_order_cancelled_before_payment_says_nothing_was_charged(chat, language):
    """Not "tell me why and I'll record a refund": nothing was paid, so none can be made."""
    c = chat("cancelled", language)
    replies = c.say("refund_status_cancelled")
    assert replied_with(replies[-1], language, "utter_nothing_charged"), [r.get("text") for r in replies]
    assert c.order_number in replies[-1]["text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_refund_request_on_a_delivered_order_is_recorded(chat, demo, language):
    c = chat("delivered", language)
    c.expect(c.say("refund_request"), "utter_about_order_switch", "utter_refund_requested")
    assert [r.status for r in demo.order_for_buyer(c.ref, c.order_number).refunds] == ["requested"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_customs_is_explained_then_a_dispute_goes_to_after_sales(chat, language):
    c = chat("customs_low_declared_value", language)
    replies = c.say("customs")
    assert replied_with(replies[0], language, "utter_about_order_switch")
    assert replied_with(replies[1], language, "utter_customs_duty"), [r["text"] for r in replies]
    c.expect(c.say("customs_dispute"), "utter_handoff")
    slots = c.slots()
    assert (slots["handoff_reason"], slots["handoff_tier"]) == ("disputes_customs_duty", 2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_damaged_item_with_photos_opens_a_red_case_for_after_sales(chat, demo, language):
    c = chat("delivered", language)
    c.expect(c.say("damaged"), "utter_about_order_switch", "utter_ask_photos")
    c.expect(
        c.say("", attachments=[{"type": "image", "url": PHOTO}]), "utter_photos_received", "utter_handoff"
    )
    (case,) = demo.order_for_buyer(c.ref, c.order_number).cases
    assert (case.kind, case.tag, case.status, case.photos) == ("damaged", "red", "escalated", (PHOTO,))


@pytest.mark.parametrize("language", LANGUAGES)
def test_photos_sent_with_a_caption_still_reach_the_waiting_case(chat, demo, language):
    c = chat("delivered", language)
    c.expect(c.say("damaged"), "utter_about_order_switch", "utter_ask_photos")
    # The caption reads as thanks; the photos are still what the case waits for.
    c.expect(
        c.say("photo_caption", attachments=[{"type": "image", "url": PHOTO}]),
        "utter_photos_received",
        "utter_handoff",
    )
    (case,) = demo.order_for_buyer(c.ref, c.order_number).cases
    assert (case.status, case.photos) == ("escalated", (PHOTO,))


def test_a_photo_sent_first_is_asked_about_then_filed_with_the_damage(chat, demo):
    """A photo before any words: "what happened?", not "did you mean...?"; the damage told
    next opens its case with that photo, so the buyer is not asked for it again."""
    c = chat("delivered", "en")
    c.expect(c.say("", attachments=[{"type": "image", "url": PHOTO}]), "utter_photo_what_happened")
    c.expect(c.say("damaged"), "utter_about_order_switch", "utter_photos_received", "utter_handoff")
    (case,) = demo.order_for_buyer(c.ref, c.order_number).cases
    assert (case.kind, case.status, case.photos) == ("damaged", "escalated", (PHOTO,))


@pytest.mark.parametrize("language", LANGUAGES)
def test_missing_items_on_a_split_order_point_to_the_parcel_still_coming(chat, demo, language):
    """The missing items are most likely in the parcel still on its way: the buyer is shown it,
    and no case is opened for goods that are coming (with nothing coming, a missing_item case
    is: tests/actions/test_order_answers.py)."""
    c = chat("split_shipment", language)
    replies = c.say("missing_items")
    c.expect(replies, "utter_about_only_order", "utter_parcels_still_coming")
    assert "SPXSG0123456799" in replies[1]["text"]
    assert list(demo.order_for_buyer(c.ref, c.order_number).cases) == []


@pytest.mark.parametrize(
    "task, reason, tier", [("person", "human_handoff", 1), ("complaint", "complaint", 3)]
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_is_asked_for_or_a_complaint_is_made(chat, language, task, reason, tier):
    c = chat("in_transit", language)
    c.expect(c.say(task), "utter_handoff")
    slots = c.slots()
    assert (slots["handoff_reason"], slots["handoff_tier"]) == (reason, tier)


def test_which_order_answered_in_words_and_a_number_given_after_a_miss(chat):
    # The Brazilian buyer has two parcels on the way: "where is it?" asks which.
    c = chat("br_in_transit", "en")
    asked = c.say("where is my parcel?")
    assert replied_with(asked[-1], "en", "utter_which_order"), [r.get("text") for r in asked]
    offered = [b["payload"] for b in asked[-1]["buttons"]]
    assert len(offered) >= 2
    second = offered[1].split('"order_id": "')[1].split('"')[0]
    c.say("the second one")
    assert c.slots()["order_id"] == second
    # A number that is not theirs, then the right one: the question is answered for it.
    other = chat("awaiting_pickup", "en")
    c.expect(other.say("where is my parcel? order number 512300458870000"), "utter_order_not_found")
    answer = other.say(f"sorry, it's {other.order_number}")
    assert replied_with(answer[-1], "en", "utter_tracking_pickup"), [r.get("text") for r in answer]


def test_no_not_that_one_offers_the_other_orders_again(chat):
    c = chat("customs_low_declared_value", "en")
    answered = c.say("customs")
    assert replied_with(answered[0], "en", "utter_about_order_switch")
    again = c.say("no, not that one")
    # After a customs answer a "no" may also dispute it: the same orders again, and a person.
    assert replied_with(again[0], "en", "utter_other_order_or_person"), [r.get("text") for r in again]
    offered = [b["payload"] for b in again[0]["buttons"]]
    person = [p for p in offered if p.startswith("/human_handoff")]
    assert len(person) == 1, offered
    assert [p for p in offered if p not in person] == [b["payload"] for b in answered[0]["buttons"]]
