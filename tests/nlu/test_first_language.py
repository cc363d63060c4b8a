"""The language a new conversation takes from a buyer's first, often short message
(undiacritised, slang, transliterated: tests/nlu/first/<lang>.txt, our own fixture),
in Rasa (detector and LanguagePolicy) and in the desk's own first words."""

from __future__ import annotations

import pytest

from bot.desk.language_hints import first_words_language
from bot.nlu.language import LanguageIdentifier
from bot.nlu.scripts import LATIN, letter_counts
from tests.language_model import trained_identifier
from tests.script_modules import script_module

MEASURE = script_module("measure_first_language")
FIRST = list(MEASURE.read_set("first"))


@pytest.fixture(scope="module")
def identifier():
    return trained_identifier()


def rasa_first_language(identifier, text, metadata):
    return MEASURE.first_message_language(MEASURE.parse_fields(identifier.detect(text)), metadata)


@pytest.mark.parametrize("language, text, _", FIRST)
def test_with_the_buyers_country_the_first_message_gets_their_language(identifier, language, text, _):
    country = {"country": MEASURE.COUNTRY[language]}
    assert rasa_first_language(identifier, text, country) == language
    assert first_words_language(identifier.detect(text), country) == language


@pytest.mark.parametrize("language, text, _", FIRST)
def test_without_a_prior_a_first_message_never_gets_another_of_our_languages(identifier, language, text, _):
    """Right, or undecided (the reply then goes out in the slot's initial English, and the
    next message may still set the language): never a wrong guess that sticks."""
    assert rasa_first_language(identifier, text, {}) in (language, None)
    assert first_words_language(identifier.detect(text), {}) in (language, "en")


def mostly_latin(text: str) -> bool:
    counts = letter_counts(text)
    return counts[LATIN] > sum(counts.values()) / 2


@pytest.mark.parametrize("text", [text for _, text, _ in FIRST if mostly_latin(text)])
def test_fasttext_alone_never_reads_latin_letters_as_chinese_or_thai(text):
    """Scaled up to one, fastText's 5% for Chinese made "gde moi zakaz" a sure Chinese."""
    found = LanguageIdentifier().detect(text)
    assert found is None or found.language not in ("zh", "th")


def test_short_messages_are_told_apart_from_long_ones():
    assert MEASURE.is_short("kak brg blm nyampe")
    assert MEASURE.is_short("到了吗")
    assert not MEASURE.is_short("my parcel has not arrived after three weeks of waiting")
