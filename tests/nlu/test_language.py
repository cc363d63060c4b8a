from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from bot.nlu.language import LanguageIdentifier, LatinModel, read_examples_by_language


@pytest.fixture(scope="module")
def identifier():
    model = LatinModel.train(read_examples_by_language(PROJECT_ROOT / "data" / "nlu"))
    return LanguageIdentifier(model)


def language(identifier, text):
    found = identifier.detect(text)
    return found[0] if found else None


@pytest.mark.parametrize(
    "text", ["hi", "ok", "OK!!", "👍", "👍🙏", "8012345678", "LP00412345678CN", "", "  ", "??"]
)
def test_too_short_to_tell_keeps_the_conversation_language(identifier, text):
    assert identifier.detect(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我的订单8012345678还没到", "zh"),
        ("พัสดุ LP00412345678CN ถึงไหนแล้ว", "th"),
        ("ขอ refund ได้ไหมคะ", "th"),
        ("где моя посылка", "ru"),
        ("Đơn hàng của tôi đâu rồi shop ơi", "vi"),
        ("shop oi don hang cua toi dau roi", "vi"),
        ("kak paket saya blm sampai udh seminggu", "id"),
        ("cadê meu pedido, já faz 20 dias", "pt"),
        ("dónde está mi pedido, ya pasaron dos semanas", "es"),
        ("where is my parcel, it has been two weeks", "en"),
        ("my order 8012345678 has not arrived yet", "en"),
        ("退款什么时候到账 refund", "zh"),
    ],
)
def test_detects_each_language(identifier, text, expected):
    assert language(identifier, text) == expected


@pytest.mark.parametrize("text", ["qwzx blorp", "zzvq plok", "jjjj kkkk llll"])
def test_keyboard_mashing_is_not_a_language(identifier, text):
    assert identifier.detect(text) is None


def test_japanese_and_korean_are_not_guessed_as_ours(identifier):
    assert identifier.detect("注文した商品がまだ届きません") is None
    assert identifier.detect("주문한 상품이 아직 안 왔어요") is None


def test_examples_are_read_per_language_folder():
    examples = read_examples_by_language(PROJECT_ROOT / "data" / "nlu")
    assert {lang for _, lang in examples} == {"en", "zh", "ru", "es", "pt", "th", "vi", "id"}
    assert all(text for text, _ in examples)


def test_untrained_identifier_still_uses_scripts_and_fasttext():
    bare = LanguageIdentifier()
    assert bare.detect("где моя посылка")[0] == "ru"
    assert bare.detect("where is my parcel please")[0] == "en"


def test_latin_model_is_reused_from_disk(tmp_path: Path, identifier):
    import joblib

    model = identifier.latin_model
    joblib.dump((model.pipeline, model.known_words), tmp_path / "m.joblib")
    reloaded = LanguageIdentifier(LatinModel(*joblib.load(tmp_path / "m.joblib")))
    assert reloaded.detect("shop oi don hang cua toi dau roi")[0] == "vi"
