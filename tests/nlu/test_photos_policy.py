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
