from bot.nlu.near_identical import NearIndex, letter_trigrams, near_identical


def test_case_digits_spaces_and_punctuation_do_not_make_lines_different():
    assert letter_trigrams("Pedido 123, ainda NÃO chegou!") == letter_trigrams("pedido 456 ainda não chegou")


def test_lines_sharing_more_than_four_fifths_of_their_trigrams_are_near_identical():
    line = "o produto ainda não veio e já faz duas semanas"
    assert near_identical(
        letter_trigrams(line), letter_trigrams("O produto ainda não veio, já faz duas semanas")
    )
    assert not near_identical(
        letter_trigrams(line), letter_trigrams("o produto chegou quebrado ontem à noite")
    )


def test_the_index_finds_the_near_line_whatever_its_size_and_only_that():
    lines = ["where is my parcel", "o produto ainda não veio e já faz duas semanas", "退款什么时候到账"]
    index = NearIndex((line, number) for number, line in enumerate(lines))
    assert index.first_near("O produto ainda não veio, já faz duas semanas") == 1
    assert index.first_near("退款什么时候到账？") == 2
    assert index.first_near("the parcel arrived broken") is None
    assert NearIndex([]).first_near("anything") is None
