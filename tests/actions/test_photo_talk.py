"""A yes, thanks or "here it is" with no photo, in answer to the photo request: the photos
have not come through, or send them when ready; never "anything else?" as if the case were
settled (actions/photo_talk.py; the policy that picks it: tests/nlu/test_photos_policy.py)."""

import pytest

from actions.clarify import ActionLowConfidence
from actions.photo_talk import ActionPhotoTalk
from tests.actions.helpers import run, tracker, user
from tests.actions.test_clarify import RANKING

ASKED = {"event": "bot", "text": "", "metadata": {"utter_action": "utter_ask_photos", "case_id": 2}}
SLOTS = {"case_awaiting_photos": "damaged_item:2", "case_id": "2"}


@pytest.mark.parametrize(
    "said, intent, answer",
    [
        # Played (lazada-vn-001): "ốp lưng mình nhận bị nứt rồi" -> photos asked for (case 2);
        # "đây ạ" (here it is, no photo) -> "OK. Anything else?".
        ("đây ạ", "affirm", "utter_photos_not_received"),
        ("aqui está", "affirm", "utter_photos_not_received"),
        ("发了", "affirm", "utter_photos_not_received"),
        ("ok", "affirm", "utter_photos_when_ready"),
        ("thanks", "thank", "utter_photos_when_ready"),
    ],
)
def test_a_yes_or_here_it_is_without_a_photo(said, intent, answer):
    events = [user("damaged_item", "ốp lưng mình nhận bị nứt rồi"), ASKED, user(intent, said)]
    messages, result = run(ActionPhotoTalk(), tracker(events, slots=SLOTS))
    assert [m["response"] for m in messages] == [answer]
    assert messages[0]["case_id"] == 2 and result == []


def test_out_of_the_photo_turn_a_yes_and_a_thanks_get_their_usual_replies():
    events = [user("damaged_item", "it came broken"), ASKED, user("thank", "thanks")]
    events.insert(2, {"event": "bot", "text": "", "metadata": {"utter_action": "utter_anything_else"}})
    events.insert(2, user("affirm", "ok"))
    messages, _ = run(ActionPhotoTalk(), tracker(events, slots=SLOTS))
    assert [m["response"] for m in messages] == ["utter_you_are_welcome"]


@pytest.mark.parametrize("said", ["i sent it", "já mandei"])
def test_sent_not_understood_right_after_the_request_says_none_came(said):
    events = [user("damaged_item", "it came broken"), ASKED, user("nlu_fallback", said, ranking=RANKING)]
    messages, _ = run(ActionLowConfidence(), tracker(events, slots=SLOTS))
    assert [m["response"] for m in messages] == ["utter_photos_not_received"]


def test_a_longer_story_is_not_a_photo_handed_over():
    events = [
        user("damaged_item", "rusak"),
        ASKED,
        user("nlu_fallback", "ini barangnya pecah pas dibuka kak, kardusnya juga penyok", ranking=RANKING),
    ]
    messages, _ = run(ActionLowConfidence(), tracker(events, slots=SLOTS))
    assert "utter_photos_not_received" not in [m["response"] for m in messages]


def test_when_the_refund_comes_while_the_case_waits_for_photos(tmp_path):
    """Played (lazada-vn-001): the phone case came cracked -> photos asked for (case 2); "bao
    giờ được hoàn tiền" (when is my refund?) -> "no refund was asked for on this order; tell
    me why". The case covers it: the photos first."""
    from actions import commerce
    from actions.order_answer import ActionOrderAnswer
    from bot.commerce.views import BuyerRef
    from tests.actions.helpers import orders_database
    from tests.actions.test_order_answers import BUYER, order

    repo = orders_database(tmp_path, [order("1000000004", "delivered")])
    try:
        case = repo.open_case(BuyerRef("lazada", "th-buyer-1"), "1000000004", "damaged", tag="red")
        events = [
            user("damaged_item", "ốp lưng mình nhận bị nứt rồi", metadata=BUYER),
            {
                "event": "bot",
                "text": "",
                "metadata": {"utter_action": "utter_ask_photos", "case_id": case.id},
            },
            user("refund_status", "bao giờ được hoàn tiền", metadata=BUYER),
        ]
        slots = {"order_id": "1000000004", "case_awaiting_photos": f"damaged_item:{case.id}"}
        messages, _ = run(ActionOrderAnswer(), tracker(events, slots=slots))
        assert [m["response"] for m in messages] == ["utter_refund_case_needs_photos"]
        assert messages[0]["case_id"] == case.id
    finally:
        commerce.use_repository(None)
