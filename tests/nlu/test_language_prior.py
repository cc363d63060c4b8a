"""What we know of the buyer, as a prior for their language."""

import pytest

from bot.nlu.language_prior import prior_language


@pytest.mark.parametrize(
    "metadata, expected",
    [
        ({"marketplace": "aliexpress", "country": "BR"}, "pt"),
        ({"marketplace": "aliexpress", "country": "mx"}, "es"),
        ({"marketplace": "lazada", "country": "VN"}, "vi"),
        ({"marketplace": "ozon"}, "ru"),
        ({"marketplace": "tiki"}, "vi"),
        ({"marketplace": "shopee_br"}, "pt"),
        ({"marketplace": "lazada.co.th"}, "th"),
        ({"marketplace": "shopee.co.id"}, "id"),
        ({"marketplace": "shopee", "country": "TW"}, "zh"),
        ({"marketplace": "wish", "country": "US", "language_hint": "es"}, "es"),
        ({"marketplace": "lazada", "country": "TH", "language_hint": "fr"}, "th"),  # not one of ours
    ],
)
def test_prior_from_hint_country_and_marketplace(metadata, expected):
    assert prior_language(metadata) == expected


@pytest.mark.parametrize(
    "metadata",
    [
        None,
        {},
        {"marketplace": "aliexpress"},
        {"marketplace": "lazada"},
        {"country": "MY"},
        {"country": 7},
        "x",
    ],
)
def test_no_prior_when_nothing_tells(metadata):
    assert prior_language(metadata) is None
