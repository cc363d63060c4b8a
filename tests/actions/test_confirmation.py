"""Confirmations read in context: a repeated request is a yes, a change of mind a no,
anything else is asked once more, then a person takes over."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ConversationPaused, SlotSet

from actions import commerce
from actions.cancellation import ActionConfirmCancel
from actions.handoff_action import ActionHandoff
from actions.not_that_order import ActionAnswerNo
from actions.refund_timing import due
from bot.commerce.template_values import iso
from bot.commerce.views import BuyerRef
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, order, parcel, repo  # noqa: F401  (the fixture)

PENDING = {"order_id": "1000000001", "awaiting_confirmation": "cancel_order"}
REF = BuyerRef("lazada", "th-buyer-1")


def answer(intent, text="", slots=PENDING, ranking=None):
    t = tracker([user(intent, text, metadata=BUYER, ranking=ranking)], slots=dict(slots))
    messages, events = run(ActionConfirmCancel(), t)
    return [m["response"] for m in messages], events


@pytest.mark.parametrize(
    "intent, text",
    [("cancel_order", "yes, cancel it"), ("cancel_order", "對，取消吧"), ("affirm", "iya kak")],
)
def test_repeating_the_request_confirms_and_cancels(repo, intent, text):  # noqa: F811
    responses, events = answer(intent, text)
    assert responses == ["utter_cancelled"]
    assert events == [SlotSet("awaiting_confirmation", None)]
    assert repo.order_for_buyer(REF, "1000000001").status == "cancelled"


def test_the_cancellation_says_when_the_refund_is_sent_as_a_later_when_does(repo):  # noqa: F811
    """Played (ozon-ru-001): "the refund is on its way, banks take 3-20 days", then "when?" got
    "it will be sent by Dec 12": two stories about the same refund."""
    t = tracker([user("affirm", "да", metadata=BUYER)], slots=dict(PENDING))
    messages, _ = run(ActionConfirmCancel(), t)
    refund = repo.order_for_buyer(REF, "1000000001").refunds[-1]
    assert messages[0]["response"] == "utter_cancelled"
    assert messages[0]["payout_date"] == iso(due(refund))


def test_a_yes_whose_order_number_was_lost_asks_for_it(repo):  # noqa: F811
    """It said "Thanks, I have . What would you like to know about it?": no number to have."""
    responses, _ = answer("affirm", "yes", slots={"awaiting_confirmation": "cancel_order"})
    assert responses == ["utter_ask_order_id"]


def test_a_change_of_mind_keeps_the_order(repo):  # noqa: F811
    responses, events = answer("deny", "wait, no, keep it, I'll wait")
    assert responses == ["utter_cancel_kept"] and events == [SlotSet("awaiting_confirmation", None)]
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


@pytest.mark.parametrize(
    "intent, text",
    [
        ("cancel_order", "sige yung address na lang, wag na i cancel"),
        ("cancel_order", "no no don't cancel it"),
        ("urge_shipment", "yaudah ditunggu aja"),
        ("nlu_fallback", "sige wag na lang"),
        ("cancel_order", "不要取消了"),
        ("cancel_order", "не надо отменять"),
        ("cancel_order", "thôi khỏi hủy, để em đợi"),
        ("cancel_order", "não cancela não, vou esperar"),
        # lazada-ph-001 (VIP): "wait, let me think" was asked for a yes or no; "sige po" then
        # cancelled the order.
        ("nlu_fallback", "hmm wait lang po isip muna ako"),
        ("cancel_order", "让我想想"),
        # Playtest G (lazada-id-001): "no, I'm only asking: if it isn't paid, does it cancel
        # itself?" cancelled the order.
        ("cancel_order", "eh bukan kak, saya cuma nanya aja. kalau ga dibayar nanti batal sendiri?"),
        # Round 10: "jd" is "jadi" (after all) as buyers type it.
        ("cancel_order", "gk jd batal kak"),
        ("cancel_order", "ga usah dibatalin deh"),
        ("cancel_order", "no need to cancel, i'll wait"),
    ],
)
def test_dont_cancel_or_ill_wait_keeps_the_order_whatever_was_read(repo, intent, text):  # noqa: F811
    """Played: "wag na i cancel" (don't cancel), read as a cancellation, cancelled the order;
    "ditunggu aja" (I'll wait) was asked for a yes or no again."""
    responses, _ = answer(intent, text)
    assert responses == ["utter_cancel_kept"]
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


@pytest.mark.parametrize("text", ["pera, qual vc cancelou?", "which one are you cancelling?", "取消哪个？"])
def test_asking_back_which_order_is_told_the_question_again_with_its_product(repo, text):  # noqa: F811
    """Played (aliexpress-br-001, three orders): "pera, qual vc cancelou?" asked back to "shall I
    cancel order …?" was read as a cancellation, so a yes, and the order was cancelled; then
    "I need a clear yes or no", then a person."""
    t = tracker([user("cancel_order", text, metadata=BUYER)], slots=dict(PENDING))
    messages, events = run(ActionConfirmCancel(), t)
    assert [m["response"] for m in messages] == ["utter_confirm_cancel"]
    assert messages[0]["item_name"] == "Mug" and events == []  # still the first asking
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


@pytest.mark.parametrize(
    "intent, text",
    [
        ("affirm", "ok po salamat"),
        ("thank", "好的谢谢"),
        ("affirm", "ok thanks"),
        # Playtest F: each of these cancelled an order it was only an answer to.
        ("affirm", "ok i see"),
        ("affirm", "понятно"),
        ("affirm", "ah entendi"),
        ("nlu_fallback", "ok?"),
    ],
)
def test_thanks_to_the_cancel_question_is_no_yes(repo, intent, text):  # noqa: F811
    """Played (lazada-ph-001, VIP): "pwede po ba i-refund yung difference?" was asked "shall I
    cancel order …?", and "ok po salamat" (ok, thanks) cancelled the ₱8,999 order."""
    responses, _ = answer(intent, text)
    assert responses == ["utter_confirm_cancel_again"]
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_the_question_asked_again_names_the_product(repo):  # noqa: F811
    t = tracker([user("nlu_fallback", "hmm", metadata=BUYER)], slots=dict(PENDING))
    messages, _ = run(ActionConfirmCancel(), t)
    assert messages[0]["response"] == "utter_confirm_cancel_again" and messages[0]["item_name"] == "Mug"


def test_when_does_it_ship_asked_instead_drops_the_offer_and_is_answered(repo):  # noqa: F811
    """Played (lazada-id-001): offered to cancel a late order, "kapan dikirim min?? udh telat loh"
    (when does it ship? it's late) was asked for a yes or no; the "ok" after it cancelled."""
    responses, events = answer("urge_shipment", "kapan dikirim min?? udh telat loh")
    assert "utter_confirm_cancel_again" not in responses and responses
    assert SlotSet("awaiting_confirmation", None) in events
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_an_unsure_yes_between_affirm_and_cancel_still_counts(repo):  # noqa: F811
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "affirm", "confidence": 0.33},
        {"name": "cancel_order", "confidence": 0.31},
        {"name": "deny", "confidence": 0.1},
    ]
    responses, _ = answer("nlu_fallback", "ok cancel", ranking=ranking)
    assert responses == ["utter_cancelled"]


def test_anything_else_is_asked_once_more_with_buttons_then_a_person(repo):  # noqa: F811
    responses, events = answer("track_order", "where is it now?")
    assert responses == ["utter_confirm_cancel_again"]
    assert events == [SlotSet("awaiting_confirmation", "cancel_order:asked_again")]
    again = {**PENDING, "awaiting_confirmation": "cancel_order:asked_again"}
    responses, events = answer("greet", "hello?", slots=again)
    assert responses == ["utter_handoff"]
    assert events[0] == SlotSet("awaiting_confirmation", None)
    assert SlotSet("handoff_reason", "unclear_confirmation") in events and events[-1] == ConversationPaused()
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_asking_for_a_person_while_a_question_waits_drops_the_question():
    t = tracker([user("human_handoff", "agent please")], slots=PENDING)
    _, events = run(ActionHandoff(), t)
    assert events[0] == SlotSet("awaiting_confirmation", None) and events[-1] == ConversationPaused()


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def test_the_answer_is_about_the_order_asked_about_not_one_named_since(repo):  # noqa: F811
    """Asked "Shall I cancel order ...0001?", the buyer asks where ...0002 is (order_id is now
    ...0002), then says yes: ...0001 is cancelled, and ...0002, only tracked, is not."""
    asked = [
        slot("order_id", "1000000001"),
        slot("awaiting_confirmation", "cancel_order"),
        user("track_order", "where is 1000000002?", metadata=BUYER),
        slot("order_id", "1000000002"),
    ]
    again = tracker(asked, slots={"order_id": "1000000002", "awaiting_confirmation": "cancel_order"})
    messages, events = run(ActionConfirmCancel(), again)
    assert [m["response"] for m in messages] == ["utter_confirm_cancel_again"]
    assert messages[0]["order_number"] == "1000000001"
    assert events == [
        SlotSet("awaiting_confirmation", "cancel_order:asked_again"),
        SlotSet("order_id", "1000000001"),
    ]
    yes = asked + [
        slot("awaiting_confirmation", "cancel_order:asked_again"),
        slot("order_id", "1000000001"),
        user("affirm", "yes", metadata=BUYER),
    ]
    messages, _ = run(ActionConfirmCancel(), tracker(yes, slots={**PENDING, "awaiting_confirmation": "x"}))
    assert [m["response"] for m in messages] == ["utter_cancelled"]
    assert repo.order_for_buyer(REF, "1000000001").status == "cancelled"
    assert repo.order_for_buyer(REF, "1000000002").status == "shipped"


@pytest.mark.parametrize(
    "intent, text, answer",
    [
        ("cancel_order", "cancel 1000000002 instead", "utter_cannot_cancel_shipped"),
        ("track_order", '/track_order{"order_id": "1000000002"}', "utter_tracking_pickup"),
    ],
)
def test_a_message_naming_another_order_drops_the_question_and_is_answered_about_it(
    repo,  # noqa: F811
    intent,
    text,
    answer,
):
    """Cancel ...0002 instead", or a tap on the bot's own switch button for ...0002, while
    it asked about ...0001: nothing is cancelled, the question is dropped, and the message
    is answered about ...0002 (shipped: it cannot be cancelled; it waits at the post office)."""
    said = user(intent, text, metadata=BUYER)
    said["parse_data"]["entities"] = [{"entity": "order_id", "value": "1000000002"}]
    # As Rasa records it: the message's entity fills order_id before the action runs.
    asked = [slot("order_id", "1000000001"), slot("awaiting_confirmation", "cancel_order"), said]
    asked.append(slot("order_id", "1000000002"))
    messages, events = run(ActionConfirmCancel(), tracker(asked, slots={**PENDING, "order_id": "1000000002"}))
    assert [m["response"] for m in messages] == [answer]
    assert events[0] == SlotSet("awaiting_confirmation", None)
    assert SlotSet("awaiting_confirmation", "cancel_order") not in events
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def item(title):
    return [{"sku": title[:8], "title": title, "quantity": 1, "unit_price": "19.90", "declared_value": "2"}]


CASE_AND_EARBUDS = [
    order("4000000001", "paid", items=item("Capinha para celular Galaxy A54")),
    order(
        "4000000002", "shipped", items=item("Fone de ouvido Bluetooth"), shipments=[parcel("LP40000000002CN")]
    ),
]


@pytest.fixture
def two_products(tmp_path):
    yield orders_database(tmp_path, CASE_AND_EARBUDS)
    commerce.use_repository(None)


ASKED_ABOUT_THE_CASE = [
    user("cancel_order", "quero cancelar a capinha", metadata=BUYER),
    slot("order_id", "4000000001"),
    slot("awaiting_confirmation", "cancel_order"),
]


@pytest.mark.parametrize(
    "intent, text",
    [
        ("cancel_order", "espera, quero cancelar o fone na verdade"),
        ("affirm", "sim, o fone"),
        ("nlu_fallback", "não, o fone de ouvido"),
    ],
)
def test_a_product_of_another_order_named_while_a_cancel_question_waits_is_no_yes(two_products, intent, text):
    """Asked "Shall I cancel order ...0001 (the phone case)?", the buyer names the earbuds of
    their other order: the case is not cancelled, the question is dropped, and the answer is
    about the earbuds' order (shipped: it cannot be cancelled)."""
    events = [*ASKED_ABOUT_THE_CASE, user(intent, text, metadata=BUYER)]
    slots = {"order_id": "4000000001", "awaiting_confirmation": "cancel_order"}
    messages, result = run(ActionConfirmCancel(), tracker(events, slots=slots))
    assert [m["response"] for m in messages] == ["utter_about_order_switch", "utter_cannot_cancel_shipped"]
    assert messages[0]["order_number"] == "4000000002"
    assert result == [SlotSet("awaiting_confirmation", None), SlotSet("order_id", "4000000002")]
    assert two_products.order_for_buyer(REF, "4000000001").status == "paid"


def test_naming_the_product_asked_about_is_still_a_yes(two_products):
    events = [*ASKED_ABOUT_THE_CASE, user("cancel_order", "sim, cancela a capinha", metadata=BUYER)]
    slots = {"order_id": "4000000001", "awaiting_confirmation": "cancel_order"}
    messages, _ = run(ActionConfirmCancel(), tracker(events, slots=slots))
    assert [m["response"] for m in messages] == ["utter_cancelled"]
    assert two_products.order_for_buyer(REF, "4000000001").status == "cancelled"


THAI_PAIR = [
    order("4100000001", "paid", items=item("Anker พาวเวอร์แบงค์ 10000mAh")),
    order("4100000002", "shipped", items=item("หูฟังบลูทูธ สีดำ"), shipments=[parcel("LP41000000002CN")]),
]


@pytest.fixture
def thai_pair(tmp_path):
    yield orders_database(tmp_path, THAI_PAIR)
    commerce.use_repository(None)


def test_a_thai_product_word_alone_while_a_cancel_question_waits_is_no_yes(thai_pair):
    """ "หูฟัง" (the earbuds) is one Thai run with no word long enough to `re`'s \\w+: the look
    at the orders must not be skipped as if it were a bare "yes"."""
    asked = [
        user("cancel_order", "อยากยกเลิกพาวเวอร์แบงค์", metadata=BUYER),
        slot("order_id", "4100000001"),
        slot("awaiting_confirmation", "cancel_order"),
        user("affirm", "หูฟัง", metadata=BUYER),
    ]
    slots = {"order_id": "4100000001", "awaiting_confirmation": "cancel_order"}
    messages, result = run(ActionConfirmCancel(), tracker(asked, slots=slots))
    assert [m["response"] for m in messages] == ["utter_about_order_switch", "utter_cannot_cancel_shipped"]
    assert result[0] == SlotSet("awaiting_confirmation", None)
    assert thai_pair.order_for_buyer(REF, "4100000001").status == "paid"


def test_a_new_address_asked_instead_drops_the_question_and_is_answered(repo):  # noqa: F811
    """Played (lazada-ph-001): "wait lang, pwede pa ba i change yung address instead?" was told
    "I need a clear yes or no"."""
    responses, events = answer("cancel_order", "wait, can I change the address instead?")
    assert responses == ["utter_address_change_before_shipping", "utter_handoff"]
    assert SlotSet("awaiting_confirmation", None) in events
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_a_shop_question_while_the_cancel_question_waits_drops_it_and_is_answered(repo):  # noqa: F811
    """Played (lazada-ph-001, VIP): "and who pays the shipping for return?" right after the
    return policy was read as a refund request, so a cancellation: "shall I cancel?", then
    "does the powerbank have warranty?" was asked for a clear yes or no."""
    responses, events = answer("request_refund", "and who pays the shipping for return?")
    assert responses == ["utter_return_policy"]
    assert SlotSet("awaiting_confirmation", None) in events
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_never_mind_with_when_it_ships_keeps_the_order_and_says_when(repo):  # noqa: F811
    """Played (lazada-id-001): "gajadi deh kak, tunggu aja. kira2 kapan dikirim?" (never mind,
    I'll wait; when does it ship?) was asked for a yes or no."""
    responses, _ = answer("urge_shipment", "gajadi deh kak, tunggu aja. kira2 kapan dikirim?")
    assert responses[0] == "utter_cancel_kept" and "utter_ship_by" in responses
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_not_cancelling_after_all_in_chat_spelling_keeps_the_order_and_says_when(repo):  # noqa: F811
    """Round 10 (lazada-id-001): "yaudah gak jd cancel, tp kira2 kapan dikirim?" (ok, not
    cancelling after all, but when will it ship?) cancelled the order and refunded it."""
    responses, _ = answer("affirm", "yaudah gak jd cancel, tp kira2 kapan dikirim?")
    assert responses[0] == "utter_cancel_kept" and "utter_ship_by" in responses
    assert repo.order_for_buyer(REF, "1000000001").status == "processing"


def test_dont_cancel_right_after_the_cancellation_says_it_cannot_be_undone():
    """Played (shopee-tw-001): "啊等等 算了 不要取消了 我還是要" right after "order cancelled, refund
    approved" got "All right. Anything else?", which read as if the cancellation was undone."""
    chat = [
        user("affirm", "嗯 對"),
        bot("utter_cancelled", order_number="1000000001"),
        user("deny", "啊等等 算了 不要取消了 我還是要"),
    ]
    messages, events = run(ActionAnswerNo(), tracker(chat, slots={"order_id": "1000000001"}))
    assert [m["response"] for m in messages] == ["utter_cancelled_already"]
    assert messages[0]["order_number"] == "1000000001" and events == []


@pytest.mark.parametrize("text", ["в смысле?", "maksudnya gimana kak?", "什麼意思？"])
def test_what_do_you_mean_gets_the_question_again_with_the_product_not_a_person(repo, text):  # noqa: F811
    slots = {**PENDING, "awaiting_confirmation": "cancel_order:asked_again"}
    t = tracker([user("nlu_fallback", text, metadata=BUYER)], slots=slots)
    messages, events = run(ActionConfirmCancel(), t)
    assert [m["response"] for m in messages] == ["utter_confirm_cancel"]
    assert not any(e == ConversationPaused() for e in events)
