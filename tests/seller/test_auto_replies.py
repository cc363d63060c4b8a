"""seller/auto_replies.yml: the shipped file is valid, and the marketplaces' limits are refused."""

from __future__ import annotations

import pytest

from bot.seller.auto_replies import (
    LANGUAGES,
    AutoRepliesError,
    load_auto_replies,
    parse_auto_replies,
)


def rules(count: int, reply: str = "See our size chart.") -> list:
    return [{"keywords": [f"word{i}", "尺码"], "reply": {"en": reply}} for i in range(count)]


def test_the_shipped_file_welcomes_in_every_language_and_has_keyword_rules():
    shipped = load_auto_replies()
    assert len({shipped.welcome("lazada", language) for language in LANGUAGES}) == len(LANGUAGES)
    for language in LANGUAGES:
        assert "{opens_at}" in (shipped.off_hours("ozon", language) or "")
    assert 3 <= len(shipped.keyword_rules("shopee")) <= 9


def test_a_marketplace_inherits_what_it_leaves_out_and_a_plain_string_is_the_default_language():
    parsed = parse_auto_replies(
        {
            "default_language": "es",
            "marketplaces": {
                "default": {"welcome": "¡Hola!", "keywords": rules(3)},
                "ozon": {"welcome": {"ru": "Здравствуйте!"}, "keywords": []},
            },
        }
    )
    assert parsed.welcome("lazada", "th") == "¡Hola!"
    assert parsed.welcome("ozon", "ru") == "Здравствуйте!"
    assert parsed.welcome("ozon", "en") is None  # ozon's own welcome has no Spanish or English
    assert parsed.keyword_rules("ozon") == () and len(parsed.keyword_rules("lazada")) == 3


@pytest.mark.parametrize(
    "market, problem",
    [
        ({"keywords": rules(2)}, "2 rules; a marketplace takes 3 to 9"),
        ({"keywords": rules(10)}, "10 rules; a marketplace takes 3 to 9"),
        ({"keywords": rules(3, "x" * 301)}, "301 characters, at most 300"),
        ({"welcome": {"fr": "Bonjour"}}, "unknown language"),
        ({"keywords": rules(2) + [{"keywords": [], "reply": "hi"}]}, "at least one keyword"),
        ({"keywords": rules(2) + [{"keywords": ["a"], "reply": "b", "image_url": "ftp://x"}]}, "image_url"),
        (
            {"keywords": rules(2) + [{"keywords": ["a"], "reply": "b", "coupon_code": "NO SPACES"}]},
            "coupon_code",
        ),
        ({"time_zone": "Mars/Olympus"}, "unknown time zone"),
    ],
)
def test_what_a_marketplace_would_refuse_is_refused_with_where(market, problem):
    with pytest.raises(AutoRepliesError) as refused:
        parse_auto_replies({"marketplaces": {"lazada": market}})
    assert any(
        problem in found and found.startswith("marketplaces.lazada") for found in refused.value.problems
    )
