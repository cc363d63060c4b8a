"""scripts/measure_long_messages.py and scripts/long_message_parts.py: cutting a long message
into parts per language, the sha1 halves of a real set, and the ways of combining parts."""

import hashlib
import sys

import numpy as np
import pytest

from bot import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

# Imported by name (not tests.script_modules' fresh copy): its dataclass needs its module
# registered in sys.modules.
import measure_long_messages as measure  # noqa: E402
from long_message_parts import parts_of  # noqa: E402


@pytest.mark.parametrize(
    "text, parts",
    [
        (
            "Love this shop, fast delivery. But the parcel has not arrived yet, where is it?",
            ["Love this shop, fast delivery.", "But the parcel has not arrived yet, where is it?"],
        ),
        # No punctuation at all: the contrast connective alone cuts.
        ("东西很好用我很喜欢但是还没收到赠品", ["东西很好用我很喜欢", "但是还没收到赠品"]),
        (
            "物流太慢了，等了半个月。可是客服一直不回复！到底什么时候发货？",
            ["物流太慢了，等了半个月。", "可是客服一直不回复！", "到底什么时候发货？"],
        ),
        # Thai: a space between Thai words ends a phrase, and แต่ opens one.
        ("ของดีมากค่ะ แต่ยังไม่ได้รับของแถม", ["ของดีมากค่ะ", "แต่ยังไม่ได้รับของแถม"]),
        (
            "Hàng đẹp lắm shop ơi nhưng giao thiếu một cái",
            ["Hàng đẹp lắm shop ơi", "nhưng giao thiếu một cái"],
        ),
        (
            "Barangnya bagus banget tapi kurirnya lama sekali",
            ["Barangnya bagus banget", "tapi kurirnya lama sekali"],
        ),
        (
            "Adorei o produto mas ainda não recebi o brinde",
            ["Adorei o produto", "mas ainda não recebi o brinde"],
        ),
    ],
)
def test_a_message_is_cut_at_sentence_ends_and_contrast_connectives(text, parts):
    assert parts_of(text) == parts


def test_decimals_dates_and_links_do_not_end_a_sentence():
    text = "Ordered 1.5kg on 12.12, see https://t.co/abc. It has still not arrived."
    assert parts_of(text) == ["Ordered 1.5kg on 12.12, see https://t.co/abc.", "It has still not arrived."]


def test_a_part_of_one_or_two_words_joins_its_neighbour():
    assert parts_of("Thanks! Where is my order now?") == ["Thanks! Where is my order now?"]
    # "butter" is not "but".
    assert parts_of("The butter arrived melted") == ["The butter arrived melted"]


def test_commas_cut_clauses_only_when_asked():
    text = "物流太慢了，等了半个月，可是客服一直不回复"
    assert parts_of(text) == ["物流太慢了，等了半个月，", "可是客服一直不回复"]
    assert parts_of(text, commas=True) == ["物流太慢了，", "等了半个月，", "可是客服一直不回复"]


def test_the_halves_follow_the_last_hex_digit_of_the_texts_sha1():
    for text in ("where is my parcel", "退款什么时候到", "ยังไม่ได้รับของ"):
        even = int(hashlib.sha1(text.encode()).hexdigest()[-1], 16) % 2 == 0
        assert measure.half_of(text) == ("A" if even else "B")


def _message(whole, parts):
    m = measure.Message("text", "b", np.array(whole))
    m.part_rows = np.array(parts)
    return m


def test_the_geometric_mix_keeps_a_clear_winner_sharp_where_the_mean_flattens_it():
    labels = ["a", "b", "c"]
    m = _message([0.6, 0.3, 0.1], [[0.1, 0.8, 0.1], [0.2, 0.7, 0.1]])
    mean = measure.combine_mix(0.5)(m, labels)
    geometric = measure.geometric_mix(0.5)(m, labels)
    assert np.argmax(mean) == np.argmax(geometric) == 1
    assert geometric.sum() == pytest.approx(1.0)
    assert geometric.max() > mean.max()


def test_a_request_part_stands_only_over_the_floor_and_the_whole_and_never_a_story_one():
    labels = ["greet", "track_order", "complaint"]
    whole = [0.1, 0.2, 0.7]
    story = [0.9, 0.05, 0.05]
    read = measure.request_part({"greet"}, 0.5)
    assert np.argmax(read(_message(whole, [story, [0.1, 0.6, 0.3]]), labels)) == 2
    assert np.argmax(read(_message(whole, [story, [0.05, 0.8, 0.15]]), labels)) == 1
    high_floor = measure.request_part({"greet"}, 0.9)
    assert np.argmax(high_floor(_message(whole, [[0.05, 0.8, 0.15]]), labels)) == 2


def test_flips_count_messages_a_variant_reads_rightly_or_wrongly_against_the_whole():
    labels = ["a", "b"]
    right_now = _message([0.6, 0.4], [[0.1, 0.9]])  # expected "b": the whole missed it
    wrong_now = _message([0.4, 0.6], [[0.9, 0.1]])
    short = measure.Message("ok", "b", np.array([0.2, 0.8]))  # not long: never counted
    assert measure.flips([right_now, wrong_now, short], measure.most_confident, labels) == (1, 1)
