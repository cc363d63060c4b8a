"""Letters held for emphasis are read as the word the model knows."""

import pytest

from bot.nlu.elongation import known_spellings

KNOWN = {"yes", "sim", "да", "iya", "vâng", "ok", "cool", "good", "ค่า"}


@pytest.mark.parametrize(
    "word, read",
    [
        ("yesss", "yes"),
        ("yess", "yes"),
        ("simm", "sim"),
        ("siiim", "sim"),
        ("дааа", "да"),
        ("iyaaa", "iya"),
        ("vângg", "vâng"),
        ("okk", "ok"),
        ("cooool", "cool"),  # cut to two first: "cool", not "col"
        ("ค่าา", "ค่า"),
    ],
)
def test_a_stretched_word_is_read_as_the_known_word(word, read):
    assert known_spellings([word], KNOWN) == [read]


def test_known_words_and_words_with_no_known_short_form_stay():
    assert known_spellings(["good", "yes", "zzzz", "bookk", "yse"], KNOWN) == [
        "good",
        "yes",
        "zzzz",
        "bookk",
        "yse",
    ]
