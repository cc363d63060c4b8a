"""The greetings-and-thanks table also finds one said before a question."""

import pytest

from bot.nlu.short_phrases import after_leading_phrase


@pytest.mark.parametrize(
    "text, rest",
    [
        ("cam on shop. con don kia thi sao", ". con don kia thi sao"),
        ("ok makasih kak, trus paket yg satunya?", ", trus paket yg satunya?"),
        ("thank you so much! and my other order", "! and my other order"),
        # Thai, Chinese and Russian thanks were missing from the table: the whole message was
        # read as a thank-you ("ขอบคุณค่ะ ..." nlu_fallback, thank 0.49).
        ("ขอบคุณค่ะ แล้วอีกกล่องจะมาถึงเมื่อไหร่คะ", " แล้วอีกกล่องจะมาถึงเมื่อไหร่คะ"),
        ("多謝 咁幾時發貨?", " 咁幾時發貨?"),
        ("谢谢，那另一个包裹什么时候到？", "，那另一个包裹什么时候到？"),
        ("спасибо большое а посылка где сейчас", " а посылка где сейчас"),
    ],
)
def test_the_question_after_a_leading_thanks(text, rest):
    assert text[after_leading_phrase(text) :] == rest


@pytest.mark.parametrize(
    "text",
    [
        "makasih kak",
        "cam on shop nhe",
        "obrigado, já recebi",
        "where is my parcel",
        "好的谢谢",
        "谢谢，好的",
        "ขอบคุณค่ะ",
        "спасибо, понял",
    ],
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
