"""The greetings-and-thanks table also finds one said before a question."""

import pytest

from bot.nlu.short_phrases import after_leading_phrase


@pytest.mark.parametrize(
    "text, rest",
    [
        ("cam on shop. con don kia thi sao", ". con don kia thi sao"),
        ("ok makasih kak, trus paket yg satunya?", ", trus paket yg satunya?"),
        ("thank you so much! and my other order", "! and my other order"),
    ],
)
def test_the_question_after_a_leading_thanks(text, rest):
    assert text[after_leading_phrase(text) :] == rest


@pytest.mark.parametrize(
    "text", ["makasih kak", "cam on shop nhe", "obrigado, já recebi", "where is my parcel"]
)
def test_no_question_after_it_or_no_thanks_at_all(text):
    """A thanks with at most two words after it is a thanks; a question with none before it
    is read whole."""
    assert after_leading_phrase(text) is None


def test_a_long_message_is_read_from_after_its_opening_thanks():
    # Only openings as long as the table's phrases are tried (every split was quadratic).
    story = "obrigado pela atenção mas meu pedido ainda não chegou " * 40
    assert story[after_leading_phrase(story) :].startswith(" pela atenção")
    assert after_leading_phrase("meu pedido " * 200 + "obrigado") is None
