"""The conversation's language follows the buyer, set in-process by LanguagePolicy."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import PROJECT_ROOT
from bot.nlu.language_policy import language_to_follow

DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


def conversation(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        "buyer-1", [ActionExecuted("action_listen"), *events], DOMAIN.slots
    )


def said(text: str, language: str | None) -> UserUttered:
    return UserUttered(
        text, {"name": "greet", "confidence": 0.9}, parse_data={"text": text, "language": language}
    )


def test_language_follows_the_buyer_and_ignores_undecided_messages():
    switched = conversation(SlotSet("language", "en"), said("สวัสดีค่ะ", "th"))
    assert language_to_follow(switched) == "th"
    short = conversation(SlotSet("language", "th"), said("ok", None))
    assert language_to_follow(short) is None
    same = conversation(SlotSet("language", "es"), said("hola", "es"))
    assert language_to_follow(same) is None


def test_the_first_message_sets_it_and_once_set_it_is_not_set_again():
    first = conversation(said("здравствуйте", "ru"))
    assert language_to_follow(first) == "ru"
    first.update(SlotSet("language", "ru"))
    assert language_to_follow(first) is None


def test_a_language_told_while_the_bot_was_paused_is_still_followed():
    # Messages the bot did not answer (an agent held the chat) still tell the language.
    held = conversation(SlotSet("language", "en"), said("где посылка", "ru"), said("ok", None))
    assert language_to_follow(held) == "ru"
