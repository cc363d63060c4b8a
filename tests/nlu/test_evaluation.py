"""Held-out evaluation: every language's macro-F1 must stay at or above 0.90."""

import pytest

from bot.nlu.evaluation import EXTERNAL_EN, MIN_MACRO_F1, evaluate, format_table

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def reports(trained_model):
    result = evaluate(trained_model)
    print("\n" + format_table(result))
    return result


@pytest.mark.parametrize("language", ["en", "zh", "ru", "es", "pt", "th", "vi", "id"])
def test_macro_f1_per_language(reports, language):
    report = reports[language]
    assert report.messages >= 19 * 10
    assert report.macro_f1 >= MIN_MACRO_F1, f"{language}: {report}"


@pytest.mark.parametrize("language", ["en", "zh", "ru", "es", "pt", "th", "vi", "id"])
def test_replies_rarely_switch_to_a_wrong_language(reports, language):
    assert reports[language].language_wrong <= 0.05, reports[language]


@pytest.mark.skipif(not EXTERNAL_EN.exists(), reason="../shared/benchmarks not beside the repo")
def test_external_english_is_reported(reports):
    external = reports["external-en"]
    assert external.messages == 660
    assert 0 < external.macro_f1 <= 1
