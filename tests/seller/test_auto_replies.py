"""seller/auto_replies.yml: the shipped file is valid, and the marketplaces' limits are refused."""

from __future__ import annotations

import pytest

from bot.seller.auto_replies import (
    LANGUAGES,
    OFF_HOURS_SAMPLE,
    AutoRepliesError,
    TemplateError,
    fill_off_hours,
    load_auto_replies,
    parse_auto_replies,
    parse_for_saving,
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


@pytest.mark.parametrize(
    "template",
    [
        "Back at {opens_at.hour}",  # AttributeError in str.format
        "Back in {hours[0]} h",  # TypeError
        "Back at {opens}",  # KeyError
        "Back at {0}",  # IndexError
        "Closed :}",  # ValueError
        "Back in {hours:999999999} h",  # a gigabyte of spaces
        "Back at {opens_at!r}",
    ],
)
def test_an_off_hours_reply_the_desk_cannot_fill_is_refused_when_saved(template):
    document = {"marketplaces": {"lazada": {"off_hours": {"en": "Closed.", "th": template}}}}
    assert parse_auto_replies(document).off_hours("lazada", "th") == template  # a file still loads
    with pytest.raises(AutoRepliesError) as refused:
        parse_for_saving(document)
    (problem,) = refused.value.problems
    assert problem.startswith("marketplaces.lazada.off_hours.th: ")
    assert "{opens_at}, {opens_on}, {zone}, {hours}" in problem
    with pytest.raises(TemplateError):
        fill_off_hours(template, OFF_HOURS_SAMPLE)


def test_an_off_hours_reply_fills_its_placeholders_and_keeps_doubled_braces():
    template = "{{Closed}} until {opens_on} {opens_at} ({zone}), {hours} h"
    document = {"marketplaces": {"default": {"off_hours": template}}}
    assert parse_for_saving(document).off_hours("ozon", "en") == template
    assert fill_off_hours(template, OFF_HOURS_SAMPLE) == "{Closed} until 2026-01-06 09:00 (UTC+8), 13 h"


def test_a_marketplace_is_found_whatever_the_case_it_is_written_in():
    # The desk names the buyer's marketplace in lower case (bot/desk/channels.py).
    parsed = parse_auto_replies({"marketplaces": {"Lazada": {"welcome": "Hi from Lazada"}, "DEFAULT": {}}})
    assert parsed.welcome("lazada", "en") == parsed.welcome("LAZADA", "en") == "Hi from Lazada"
    with pytest.raises(AutoRepliesError, match="marketplaces.LAZADA: named twice"):
        parse_auto_replies({"marketplaces": {"lazada": {"welcome": "a"}, "LAZADA": {"welcome": "b"}}})
