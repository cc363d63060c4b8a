import pytest

from bot.nlu.sign_off import read_as_sign_off, sign_off_intent


@pytest.mark.parametrize(
    "text, intent",
    [
        ("โอเคค่ะ ขอบคุณมากค่ะ เดี๋ยวพรุ่งนี้ไปรับ", "thank"),
        ("好的 那我等他电话 谢谢老板", "thank"),
        ("好的 那我再等等 谢谢啦", "thank"),
        ("ok i try call ninja van then. thanks ya", "thank"),
        ("yaudah deh min kalo gitu aku coba transfer lewat indomaret aja. makasih ya", "thank"),
        ("nao, era sobre o fone msm. valeu tchau", "goodbye"),
        ("ไม่ต้องส่งต่อค่ะ แค่ขอบคุณเฉยๆ 555 บายค่ะ", "goodbye"),
        ("ок спасибо, подожду", "thank"),
        # A retest: left it there, with thanks.
        ("好的 那我考虑一下再说，谢谢啦", "thank"),
        ("ok va, entonces espero a que me avisen. gracias!", "thank"),
        ("ok whatever, i send photo later. thanks", "thank"),
        ("โอเคค่ะ งั้นไปเก็บคูปองเอง ขอบคุณค่ะ บายย", "goodbye"),
        ("udh deh lupain aja. makasih min", "thank"),
        ("ah ta, espero q chegue antes. valeu!", "thank"),
        # Sixth playtest round: asking the carrier themselves got the delivery hour again.
        ("好 那我自己联系ninja van 谢谢", "thank"),
        ("ok i will contact them, thanks", "thank"),
        # Round 10: "no need to send it again, I'll collect it Saturday, thanks" went to a person.
        ("ไม่ต้องส่งใหม่นะคะ เดี๋ยววันเสาร์ไปรับเองค่ะ ขอบคุณค่ะ", "thank"),
        ("não precisa reenviar, vou buscar amanhã. valeu", "thank"),
    ],
)
def test_thanks_or_goodbye_with_a_plan_is_a_sign_off(text, intent):
    assert sign_off_intent(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "ok thanks",  # a plain thanks is the model's to read
        "thanks, I will wait but it has not come",
        "ok thanks, I'll wait. it still hasn't arrived",
        "where is it? thanks bye",
        "ok noted thanks. if by 10 dec still never come how",
        "cancela por favor, tchau",
        "好的谢谢，明天能到吗",
        "makasih kak, besok belum sampai juga",
        "ไม่ต้องส่งใหม่ แต่ยังไม่ได้ของเลย ขอบคุณค่ะ",  # no need, but a problem still
    ],
)
def test_a_question_a_but_or_a_problem_is_more_than_a_sign_off(text):
    assert sign_off_intent(text) is None


def test_the_sign_off_goes_on_top_and_the_rest_keep_their_order():
    ranking = [
        {"name": "track_order", "confidence": 0.4},
        {"name": "thank", "confidence": 0.3},
        {"name": "urge_shipment", "confidence": 0.2},
    ]
    read = read_as_sign_off("ok thanks, I'll pick it up tomorrow", ranking)
    assert [r["name"] for r in read] == ["thank", "track_order", "urge_shipment"]
    assert read[0]["confidence"] == 0.9
    assert read[1]["confidence"] > read[2]["confidence"]
    assert abs(sum(r["confidence"] for r in read) - (0.9 + 0.1 * 0.6 / 0.6)) < 1e-9


def test_a_sure_request_made_on_leaving_stands():
    ranking = [{"name": "cancel_order", "confidence": 0.93}, {"name": "goodbye", "confidence": 0.05}]
    assert read_as_sign_off("cancel the batik shirt then, bye", ranking) == ranking


def test_an_unsure_thanks_or_goodbye_on_top_is_made_sure():
    """ "好的 那我再等等 谢谢啦" was goodbye 0.33, thank 0.33: under the threshold, it was asked back."""
    ranking = [{"name": "goodbye", "confidence": 0.33}, {"name": "thank", "confidence": 0.33}]
    read = read_as_sign_off("好的 那我再等等 谢谢啦", ranking)
    assert read[0] == {"name": "goodbye", "confidence": 0.9}


@pytest.mark.parametrize(
    "text",
    [
        "chào shop buổi tối",  # "chào" (hello) folds to the "chao" of a Spanish goodbye
        "don hang di tu quang chau qua lau vay",  # "Quảng Châu"
        "toi se review xau cho shop",  # "xấu" (bad)
        "отмените заказ пока не отправили",  # "пока" is also "until"
        "คืออะไรไม่เข้าใจอธิบายหน่อยค่ะ",  # "อธิบาย" (explain) holds "บาย"
    ],
)
def test_words_that_only_look_like_a_goodbye_are_none(text):
    """Each was read as a goodbye on the held-out sets (vi fell from .952 to .931)."""
    assert sign_off_intent(text) is None
