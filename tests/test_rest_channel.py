import json

import pytest

from bot.channels.rest import parse_payload
from bot.text_input import MAX_MESSAGE_CHARS, InvalidMessage, clean_message


def body(**fields):
    return json.dumps(fields).encode()


def test_a_good_message_passes_cleaned():
    checked = parse_payload(body(sender=" b1 ", message="  hello\x00 there\u200b ", metadata={"vip": True}))
    assert checked == {"sender": "b1", "message": "hello  there", "metadata": {"vip": True}}


def test_text_is_nfc_normalised():
    decomposed = "Đo\u031bn ha\u0300ng"
    assert clean_message(decomposed) == "Đơn hàng"


@pytest.mark.parametrize(
    "raw, status, words",
    [
        (b"{not json", 400, "not valid JSON"),
        (b"\xff\xfe\x00binary", 400, "not UTF-8"),
        (b"[1, 2]", 400, "JSON object"),
        (body(message="hi"), 400, "'sender'"),
        (body(sender="b", message=""), 400, "empty"),
        (body(sender="b", message="   \n\t "), 400, "empty"),
        (body(sender="b", message="\x01\x02"), 400, "empty"),
        (body(sender="b", message=42), 400, "must be a string"),
        (body(sender="b", message=None), 400, "must be a string"),
        (body(sender="b", message="x" * (MAX_MESSAGE_CHARS + 1)), 413, "limit"),
        (body(sender="b", message="hi", metadata=[1]), 400, "'metadata'"),
        (body(sender="b" * 500, message="hi"), 400, "'sender'"),
    ],
)
def test_bad_input_is_named(raw, status, words):
    with pytest.raises(InvalidMessage) as error:
        parse_payload(raw)
    assert error.value.status == status
    assert words in str(error.value)


def test_emoji_only_is_a_message():
    assert clean_message("👍") == "👍"


def test_a_photo_needs_no_words():
    photo = {"attachments": [{"type": "image", "url": "https://img.example/1.jpg"}]}
    assert parse_payload(body(sender="b", message="", metadata=photo))["message"] == ""
    assert parse_payload(body(sender="b", metadata=photo))["message"] == ""


def test_attachments_must_be_a_list():
    with pytest.raises(InvalidMessage, match="attachments"):
        parse_payload(body(sender="b", message="hi", metadata={"attachments": "x"}))
