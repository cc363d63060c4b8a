import pytest

from bot.nlu.emoji_words import emoji_word


@pytest.mark.parametrize(
    "text, word",
    [
        ("👍", "ok"),
        ("👍🏽👍🏽!", "ok"),
        ("🙏🙏", "thank you"),
        ("❤️", "thank you"),
        ("🙅‍♀️", "no"),
        ("👋", "hi"),
    ],
)
def test_an_emoji_alone_stands_for_a_word(text, word):
    assert emoji_word(text) == word


@pytest.mark.parametrize("text", ["ok 👍", "👍👎", "😐", "", "...", "где посылка 🙏"])
def test_words_mixed_meanings_or_unknown_emoji_stand_for_nothing(text):
    assert emoji_word(text) is None
