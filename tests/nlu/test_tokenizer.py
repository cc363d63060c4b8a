from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import MultilingualTokenizer, lemma_of, split_words


def words(text):
    return [w for w, _ in split_words(text)]


def test_chinese_is_segmented_into_words():
    assert words("我的订单8012345678还没到") == ["我", "的", "订单", "8012345678", "还", "没到"]


def test_thai_is_segmented_and_glued_numbers_stay_whole():
    assert words("พัสดุLP00412345678CNถึงไหนแล้วคะ") == ["พัสดุ", "LP00412345678CN", "ถึง", "ไหน", "แล้ว", "คะ"]


def test_code_mixed_thai_keeps_the_english_word():
    assert "refund" in words("ขอrefundได้ไหมคะ")


def test_vietnamese_and_russian_split_on_spaces():
    assert words("Đơn hàng của tôi đâu rồi") == ["Đơn", "hàng", "của", "tôi", "đâu", "rồi"]
    assert words("где моя посылка?") == ["где", "моя", "посылка"]


def test_offsets_match_the_text():
    text = "订单 8012345678 ยังไม่ถึง ok"
    for word, start in split_words(text):
        assert text[start : start + len(word)] == word


def test_emoji_and_empty_give_no_tokens():
    assert words("👍👍") == []
    assert words("") == []


def test_lemmas_replace_numbers_by_their_kind():
    assert lemma_of("LP00412345678CN") == "__tracking__"
    assert lemma_of("8012345678") == "__order__"
    assert lemma_of("42") == "__number__"
    assert lemma_of("Refund") == "refund"


def test_component_sets_tokens_with_lemmas():
    tokenizer = MultilingualTokenizer(MultilingualTokenizer.get_default_config())
    message = Message.build("我要退款 8012345678")
    tokenizer.process([message])
    tokens = message.get("text_tokens")
    assert [t.text for t in tokens] == ["我要", "退款", "8012345678"]
    assert tokens[-1].lemma == "__order__"
