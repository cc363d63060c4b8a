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


def said(text: str, language: str | None, guess: str | None = None, **metadata) -> UserUttered:
    """A buyer message the detector was sure was `language`, or only guessed `guess`."""
    parse_data = {"text": text, "language": language, "language_guess": language or guess}
    return UserUttered(text, {"name": "greet", "confidence": 0.9}, parse_data=parse_data, metadata=metadata)


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


def test_a_guess_never_switches_a_conversation_that_has_a_language():
    russian = conversation(SlotSet("language", "ru"), said("thank you", None, guess="en"))
    assert language_to_follow(russian) is None
    brazilian = conversation(SlotSet("language", "pt"), said("halo", None, guess="id", country="ID"))
    assert language_to_follow(brazilian) is None


def test_a_new_conversation_takes_the_buyers_prior_when_the_message_is_not_sure():
    assert (
        language_to_follow(conversation(said("oi", None, guess="pt", marketplace="aliexpress", country="BR")))
        == "pt"
    )
    assert language_to_follow(conversation(said("thank you", None, guess="en", country="BR"))) == "pt"
    assert language_to_follow(conversation(said("👍", None, marketplace="ozon"))) == "ru"
    assert language_to_follow(conversation(said("ok", None, marketplace="lazada.co.th"))) == "th"
    # The channel's own hint is stronger than the country of the orders.
    hinted = conversation(said("hi", None, marketplace="shopee", country="SG", language_hint="zh"))
    assert language_to_follow(hinted) == "zh"


def test_a_sure_first_message_beats_the_prior():
    assert language_to_follow(conversation(said("gracias", "es", country="BR"))) == "es"


def test_without_a_prior_a_new_conversation_takes_the_guess_and_keeps_it():
    first = conversation(said("ola", None, guess="pt", marketplace="aliexpress"))
    assert language_to_follow(first) == "pt"
    # Set even when it is the slot's initial value, so a later guess can't move it.
    english = conversation(said("thank you", None, guess="en"))
    assert language_to_follow(english) == "en"
    english.update(SlotSet("language", "en"))
    english.update(said("ola", None, guess="pt"))
    assert language_to_follow(english) is None


def test_nothing_known_and_nothing_told_sets_nothing():
    assert language_to_follow(conversation(said("👍", None, marketplace="aliexpress"))) is None


def test_spanish_and_portuguese_switch_only_on_a_message_of_some_length():
    """Played (aliexpress-es-001): "os mando foto?" was read, surely, as Portuguese, and the
    Spanish buyer's chat went on in Portuguese ("vale" got "Certo...")."""
    spanish = conversation(SlotSet("language", "es"), said("os mando foto?", "pt"))
    assert language_to_follow(spanish) is None
    longer = "olá, eu quero saber onde está o meu pedido"
    assert language_to_follow(conversation(SlotSet("language", "es"), said(longer, "pt"))) == "pt"
    # Other languages still switch on a short sure message, and a first message sets it.
    assert language_to_follow(conversation(SlotSet("language", "en"), said("os mando foto?", "pt"))) == "pt"
    assert language_to_follow(conversation(said("os mando foto?", "pt"))) == "pt"
