"""Photos a case waits for reach it whatever their caption says (PhotosPolicy)."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import PROJECT_ROOT
from bot.nlu.photos_policy import action_to_take

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))
PHOTO = {"attachments": [{"type": "image", "url": "https://img.example/cracked.jpg"}]}


def conversation(*events) -> DialogueStateTracker:
    started = [ActionExecuted("action_listen"), *events]
    return DialogueStateTracker.from_events("buyer-1", started, DOMAIN.slots)


def thanks(metadata=None) -> UserUttered:
    return UserUttered("thanks", {"name": "thank", "confidence": 0.95}, metadata=metadata or {})


def test_photos_with_a_caption_go_to_the_waiting_case_then_the_bot_listens():
    waiting = conversation(SlotSet("case_awaiting_photos", "damaged_item:7"), thanks(PHOTO))
    assert action_to_take(waiting) == "action_receive_photos"
    waiting.update(ActionExecuted("action_receive_photos"))
    assert action_to_take(waiting) == "action_listen"


def test_it_stays_out_without_a_waiting_case_or_without_photos():
    assert action_to_take(conversation(thanks(PHOTO))) is None
    assert action_to_take(conversation(SlotSet("case_awaiting_photos", "damaged_item:7"), thanks())) is None
    not_a_link = {"attachments": ["file:///etc/passwd", {"url": "javascript:alert(1)"}, 5]}
    waiting = conversation(SlotSet("case_awaiting_photos", "damaged_item:7"), thanks(not_a_link))
    assert action_to_take(waiting) is None


def test_only_the_message_just_in_counts():
    waiting = conversation(SlotSet("case_awaiting_photos", "wrong_item:3"), thanks(PHOTO))
    waiting.update(ActionExecuted("utter_you_are_welcome"))
    assert action_to_take(waiting) is None


def asked_for_photos(*answer) -> DialogueStateTracker:
    """The bot's turn after "it came broken" asked for photos (it set the case's wait)."""
    broken = UserUttered("it came broken", {"name": "damaged_item", "confidence": 0.97})
    return conversation(
        broken, ActionExecuted("action_order_answer"), SlotSet("case_awaiting_photos", "damaged_item:2"),
        ActionExecuted("action_listen"), *answer,
    )  # fmt: skip


def test_a_yes_or_thanks_with_no_photo_answers_the_photo_request():
    """ "đây ạ" (here it is, read as yes) with no photo right after the request got "anything else?"."""
    here = UserUttered("đây ạ", {"name": "affirm", "confidence": 0.66})
    waiting = asked_for_photos(here)
    assert action_to_take(waiting) == "action_photo_talk"
    waiting.update(ActionExecuted("action_photo_talk"))
    assert action_to_take(waiting) == "action_listen"
    assert action_to_take(asked_for_photos(thanks())) == "action_photo_talk"


def test_a_yes_later_or_to_another_question_is_left_to_the_rules():
    later = asked_for_photos(
        thanks(), ActionExecuted("utter_you_are_welcome"), ActionExecuted("action_listen"),
        UserUttered("ok", {"name": "affirm", "confidence": 0.99}),
    )  # fmt: skip
    assert action_to_take(later) is None
    question = UserUttered("where is my other order?", {"name": "track_order", "confidence": 0.9})
    assert action_to_take(asked_for_photos(question)) is None
