import pytest
from rasa_sdk.events import ConversationPaused, SlotSet

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.order_answer import ActionOrderAnswer
from actions.presale import ActionProductQuestion
from bot.commerce.views import BuyerRef
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import order

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "track_order", "confidence": 0.25},
    {"name": "urge_shipment", "confidence": 0.2},
    {"name": "cancel_order", "confidence": 0.1},
]


def test_first_miss_asks_with_the_two_likeliest_intents():
    messages, events = run(
        ActionLowConfidence(), tracker([user("nlu_fallback", "hmm parcel?", ranking=RANKING)])
    )
    assert events == []
    assert messages == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": "utter_clarify",
            "response": "utter_clarify",
            "image": None,
            "attachment": None,
            "intents": ["track_order", "urge_shipment"],
        }
    ]


def test_small_talk_is_not_offered_as_what_the_buyer_meant():
    """'mình có ảnh đây' got 'did you mean: Goodbye / Yes?'; the topics below them are offered."""
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "goodbye", "confidence": 0.3},
        {"name": "affirm", "confidence": 0.2},
        {"name": "damaged_item", "confidence": 0.1},
        {"name": "thank", "confidence": 0.05},
        {"name": "wrong_item", "confidence": 0.04},
    ]
    messages, _ = run(
        ActionLowConfidence(), tracker([user("nlu_fallback", "mình có ảnh đây", ranking=ranking)])
    )
    assert messages[0]["intents"] == ["damaged_item", "wrong_item"]


def test_second_miss_in_a_row_hands_off_to_tier_one():
    events = [user("nlu_fallback", "hmm", ranking=RANKING), user("nlu_fallback", "hmm??", ranking=RANKING)]
    messages, result = run(ActionLowConfidence(), tracker(events))
    assert result[-3:] == [
        SlotSet("handoff_reason", "low_confidence"),
        SlotSet("handoff_tier", 1),
        ConversationPaused(),
    ]
    assert messages[0]["response"] == "utter_handoff"


def test_a_miss_after_an_understood_message_asks_again():
    events = [
        user("nlu_fallback", "hmm", ranking=RANKING),
        user("track_order", "where is it"),
        user("nlu_fallback", "hmm??", ranking=RANKING),
    ]
    messages, result = run(ActionLowConfidence(), tracker(events))
    assert result == [] and messages[0]["response"] == "utter_clarify"


def test_a_photo_nobody_asked_for_is_asked_what_happened():
    """Not "did you mean track order or urge shipment?" to a picture of a broken lamp."""
    photo = {"attachments": ["https://img.example/lamp.jpg"]}
    messages, events = run(
        ActionLowConfidence(), tracker([user("nlu_fallback", "", ranking=RANKING, metadata=photo)])
    )
    assert [m["response"] for m in messages] == ["utter_photo_what_happened"]
    assert events == []


def test_a_second_miss_that_only_names_the_buyers_order_asks_what_about_it(tmp_path):
    """Played (aliexpress-es-001): "hola, tengo un problema con mi pedido" (not understood),
    then "la funda" (not understood either) handed the chat to a person; the buyer had named
    their order. Now: "I have that order; what would you like to know?"."""
    buyer = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}
    funda = order("1000000001", "delivered")
    funda["items"][0]["title"] = "Funda para portátil 15,6 pulgadas gris"
    orders_database(tmp_path, [funda, order("1000000002", "processing")])
    events = [
        user("nlu_fallback", "hola, tengo un problema con mi pedido", ranking=RANKING, metadata=buyer),
        user("nlu_fallback", "la funda", ranking=RANKING, metadata=buyer),
    ]
    try:
        messages, result = run(ActionLowConfidence(), tracker(events))
    finally:
        commerce.use_repository(None)
    assert [m["response"] for m in messages] == ["utter_what_about_order"]
    assert messages[0]["reference"] == "1000000001" and result == [SlotSet("order_id", "1000000001")]


def test_words_about_photos_to_come_right_after_they_were_asked_for_are_not_a_miss():
    """Played (aliexpress-es-001): "la funda llegó rota" -> photos asked for (case 1); "te mando
    la foto ahora" (not understood) -> "did you mean: something else / when will you ship?"."""
    events = [
        user("damaged_item", "la funda llegó rota"),
        {"event": "bot", "text": "", "metadata": {"utter_action": "utter_ask_photos", "case_id": 7}},
        user("nlu_fallback", "te mando la foto ahora", ranking=RANKING),
    ]
    slots = {"case_awaiting_photos": "damaged_item:7", "case_id": "7"}
    messages, result = run(ActionLowConfidence(), tracker(events, slots=slots))
    assert [m["response"] for m in messages] == ["utter_photos_when_ready"]
    assert messages[0]["case_id"] == 7 and result == []


@pytest.mark.parametrize(
    "said, answer",
    [
        ("ส่งรูปยังไงคะ", "utter_photos_how_to_send"),
        ("how do I send the pictures?", "utter_photos_how_to_send"),
        ("怎么发照片", "utter_photos_how_to_send"),
        ("vou tirar as fotos à noite", "utter_photos_when_ready"),
    ],
)
def test_a_question_about_the_photos_just_asked_for_is_about_them_whatever_it_reads_as(said, answer):
    """Played (lazada-th-001): the power bank "ชาร์จไม่เข้า" -> photos asked for (case 3);
    "ส่งรูปยังไงคะ" (how do I send the photos?) read as a product question (.65) and got the
    order's delivery, "did you get it?". With no photo words, a pre-sale question is one."""
    events = [
        user("damaged_item", "it arrived broken"),
        {"event": "bot", "text": "", "metadata": {"utter_action": "utter_ask_photos", "case_id": 3}},
        user("product_question", said, confidence=0.65),
    ]
    slots = {"case_awaiting_photos": "damaged_item:3", "case_id": "3"}
    messages, result = run(ActionProductQuestion(), tracker(events, slots=slots))
    assert [m["response"] for m in messages] == [answer]
    assert messages[0]["case_id"] == 3 and result == []
    events[-1] = user("product_question", "is the blue one waterproof?", confidence=0.99)
    messages, _ = run(ActionProductQuestion(), tracker(events, slots=slots))
    assert [m["response"] for m in messages][0] == "utter_product_question"


@pytest.mark.parametrize("intent", ["nlu_fallback", "damaged_item"])
def test_a_first_message_that_only_names_a_product_asks_what_about_its_order(tmp_path, intent):
    """Played (aliexpress-br-001): a first "o smartwatch" was read as damaged_item (a damage
    case opened and photos asked for of a parcel in customs), and, read as unsure, got "did
    you mean: the item is damaged / a product question". It names the order and asks nothing."""
    buyer = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}
    watch = order("1000000001", "shipped")
    watch["items"][0]["title"] = "Smartwatch GT4 pulseira preta"
    repo = orders_database(tmp_path, [watch, order("1000000002", "paid")])
    action = ActionLowConfidence() if intent == "nlu_fallback" else ActionOrderAnswer()
    try:
        chat = [user(intent, "o smartwatch", ranking=RANKING, metadata=buyer)]
        messages, result = run(action, tracker(chat))
    finally:
        commerce.use_repository(None)
    assert [m["response"] for m in messages] == ["utter_what_about_order"]
    assert messages[0]["reference"] == "1000000001" and result == [SlotSet("order_id", "1000000001")]
    assert not repo.order_for_buyer(BuyerRef("lazada", "th-buyer-1"), "1000000001").cases


def unsure_after_an_order_answer(tmp_path, asked: str, unsure: str, ranking, answered: bool = True):
    """ActionLowConfidence's replies to `unsure` (read with `ranking`), right after the bot told
    about order 1000000001 (answered) or with no answer about an order just before."""
    buyer = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}
    orders_database(tmp_path, [order("1000000001", "processing"), order("1000000002", "paid")])
    chat = [
        user("track_order", asked, metadata=buyer),
        bot("utter_order_status_unshipped", order_number="1000000001"),
        user("nlu_fallback", unsure, ranking=ranking, metadata=buyer),
    ]
    try:
        messages, _ = run(
            ActionLowConfidence(), tracker(chat if answered else chat[2:], slots={"order_id": "1000000001"})
        )
    finally:
        commerce.use_repository(None)
    return messages


def test_an_unsure_where_or_when_question_right_after_an_order_answer_is_about_that_order(tmp_path):
    """Played (lazada-ph-001): "where is my order?" -> ships by the 6th; "how long will it
    take?" (unsure: track_order 0.43, product_question 0.20) -> "did you mean: where is my
    order / a product question?". It asks about the order just answered about."""
    messages = unsure_after_an_order_answer(tmp_path, "where is my order?", "how long will it take?", RANKING)
    assert [m["response"] for m in messages] == ["utter_ship_by_again"]
    assert messages[0]["order_number"] == "1000000001"
    # With no answer about an order just before, the buyer is still asked what was meant.
    unsure_first = unsure_after_an_order_answer(
        tmp_path, "where is my order?", "how long will it take?", RANKING, answered=False
    )
    assert [m["response"] for m in unsure_first] == ["utter_clarify"]


def test_an_unsure_question_read_first_as_something_else_right_after_an_order_answer(tmp_path):
    """Played (lazada-my-001): the rice cooker is out for delivery; "今天会到吗？" (unsure:
    out_of_scope first, track_order next) -> "did you mean: something else / where is my
    order?"."""
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "out_of_scope", "confidence": 0.3},
        {"name": "track_order", "confidence": 0.25},
    ]
    messages = unsure_after_an_order_answer(tmp_path, "我的电饭煲到哪了", "今天会到吗？", ranking)
    assert [m["response"] for m in messages] == ["utter_ship_by_again"]


@pytest.mark.parametrize("second", ["...", "!!!", "???"])
def test_punctuation_alone_is_told_what_the_bot_can_do_and_never_handed_off(second):
    """Played (lazada-my-001, ozon-ru-001): "你好" -> "?" (did you mean ...?) -> "..." went to a
    person; "???" then "!!!" too. Punctuation asks nothing yet."""
    chat = [
        user("nlu_fallback", "?", confidence=0.4),
        bot("utter_clarify"),
        user("nlu_fallback", second, confidence=0.4),
    ]
    messages, events = run(ActionLowConfidence(), tracker(chat))
    assert [m["response"] for m in messages] == ["utter_greet"]
    assert not any(isinstance(e, ConversationPaused) or e == ConversationPaused() for e in events)


def test_two_messages_with_words_not_understood_still_go_to_a_person():
    chat = [
        user("nlu_fallback", "blorp zzk", confidence=0.4),
        bot("utter_clarify"),
        user("nlu_fallback", "qwx vvv", confidence=0.4),
    ]
    messages, _ = run(ActionLowConfidence(), tracker(chat))
    assert [m["response"] for m in messages] == ["utter_handoff"]


def test_an_order_named_as_stuck_but_not_understood_is_told_where_it_is(tmp_path):
    """Played (aliexpress-br-001): "o pedido 8190123456789012 ta parado faz tempo" got "did you
    mean ...?" buttons."""
    buyer = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}
    orders_database(tmp_path, [order("1000000071", "processing")])
    try:
        message = user(
            "nlu_fallback", "o pedido 1000000071 ta parado faz tempo", confidence=0.4, metadata=buyer
        )
        message["parse_data"]["entities"] = [{"entity": "order_id", "value": "1000000071"}]
        chat = [message, {"event": "slot", "name": "order_id", "value": "1000000071"}]
        messages, _ = run(ActionLowConfidence(), tracker(chat, slots={"order_id": "1000000071"}))
        assert "utter_clarify" not in [m["response"] for m in messages]
        assert messages and messages[-1]["order_number"] == "1000000071"
    finally:
        commerce.use_repository(None)
