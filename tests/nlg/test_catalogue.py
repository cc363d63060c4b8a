"""Every reply exists in every language with the same placeholders, and renders."""

import random

import pytest
import yaml

from bot import PROJECT_ROOT
from bot.nlg.catalogue import Catalogue, UnknownResponse, placeholders

LANGUAGES = ("en", "zh", "ru", "es", "pt", "th", "vi", "id")
CATALOGUE = Catalogue.from_dir(PROJECT_ROOT / "data" / "responses")
ENGLISH = CATALOGUE.packs["en"]


def domain_utterances():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    return {a for a in domain["actions"] if a.startswith("utter_")}


def dialogue_utterances():
    names = set()
    for path in list((PROJECT_ROOT / "data" / "rules").glob("*.yml")) + list(
        (PROJECT_ROOT / "data" / "stories").glob("*.yml")
    ):
        for block in (yaml.safe_load(path.read_text()) or {}).get("rules", []) + (
            yaml.safe_load(path.read_text()) or {}
        ).get("stories", []):
            names |= {
                s["action"] for s in block.get("steps", []) if str(s.get("action", "")).startswith("utter_")
            }
    return names


def test_every_language_has_a_catalogue():
    assert set(CATALOGUE.languages) == set(LANGUAGES)


def test_dialogue_uses_only_declared_utterances():
    assert dialogue_utterances() <= domain_utterances()


def test_english_covers_the_domain_and_forms():
    assert domain_utterances() <= set(ENGLISH.responses)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_response_intent_and_team_in_every_language(language):
    pack = CATALOGUE.packs[language]
    assert set(pack.responses) == set(ENGLISH.responses)
    assert set(pack.intents) == set(ENGLISH.intents)
    assert set(pack.teams) == {1, 2, 3}


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_english(language):
    pack = CATALOGUE.packs[language]
    for name, variations in pack.responses.items():
        wanted = placeholders(ENGLISH.responses[name][0]["text"])
        for variation in variations:
            assert placeholders(variation["text"]) == wanted, (language, name, variation)
            assert variation["text"].strip(), (language, name)


def test_render_fills_placeholders_and_derived_values():
    catalogue = Catalogue(CATALOGUE.packs, rng=random.Random(0))
    message = catalogue.render(
        "utter_refund_processed",
        "th",
        {"order_number": "8012345678", "refund_amount": "350.00 THB", "processed_date": "2026-11-20"},
    )
    text = message["text"]
    assert "8012345678" in text and "฿350.00" in text and "20 พ.ย. 2026" in text
    split = catalogue.render(
        "utter_tracking_split",
        "en",
        {"order_number": "1", "count": 2, "parcels": [{"tracking_number": "LP1", "status": "customs"}] * 2},
    )
    assert split["text"].count("LP1") == 2 and "in customs" in split["text"]
    handoff = catalogue.render("utter_handoff", "th", {"tier": 2.0})
    assert "บริการหลังการขาย" in handoff["text"] and "{" not in handoff["text"]


def test_clarify_buttons_are_in_the_buyers_language():
    message = CATALOGUE.render("utter_clarify", "zh", {"intents": ["track_order", "cancel_order"]})
    assert [b["payload"] for b in message["buttons"]] == ["/track_order", "/cancel_order"]
    assert message["buttons"][0]["title"] == CATALOGUE.packs["zh"].intents["track_order"]


def test_unknown_language_falls_back_to_english():
    assert CATALOGUE.render("utter_greet", "xx", {})["text"] in [
        v["text"] for v in ENGLISH.responses["utter_greet"]
    ]


def test_unknown_response_is_an_error():
    with pytest.raises(UnknownResponse):
        CATALOGUE.render("utter_nothing_like_this", "en", {})


def test_missing_value_renders_blank_not_braces():
    assert "{" not in CATALOGUE.render("utter_order_not_found", "ru", {})["text"]


# Rasa's built-in actions that this assistant's rules can trigger, and what they say.
RASA_BUILT_IN_UTTERANCES = {
    "action_restart": "utter_restart",
    "action_back": "utter_back",
    "action_default_fallback": "utter_default",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("response", sorted(RASA_BUILT_IN_UTTERANCES.values()))
def test_rasas_built_in_utterances_exist_in_every_language(language, response):
    assert CATALOGUE.render(response, language, {})["text"]


@pytest.mark.parametrize(
    "values",
    [
        {"tier": "two"},
        {"tier": True},
        {"tier": [1]},
        {"topic": {"a": 1}},
        {"intents": "greet"},
        {"intents": [3]},
    ],
)
def test_values_of_the_wrong_kind_are_unfit_not_a_crash(values):
    from bot.nlg.catalogue import UnfitValue

    with pytest.raises(UnfitValue):
        CATALOGUE.render("utter_handoff", "en", values)


def test_amounts_no_price_has_render_as_given():
    from bot.nlg.formatting import format_amount

    assert format_amount("1e999999999 USD", "en") == "1e999999999 USD"
    assert format_amount("NaN USD", "en") == "NaN USD"
    assert format_amount("12.50 USD", "en") == "$12.50"


def test_a_value_that_ends_with_a_full_stop_gets_no_second_one():
    """Russian dates end in "г." ("3 дек. 2026 г."): "от {placed_date}." read "г.."."""
    values = {"order_number": "48392017-0031-1", "placed_date": "2026-12-03", "ship_by_date": "2026-12-06"}
    about = CATALOGUE.render("utter_about_order_switch", "ru", values)["text"]
    assert "г. Если" in about and ".." not in about
    status = CATALOGUE.render("utter_order_status_unshipped", "ru", values)["text"]
    assert status.endswith("г.") and ".." not in status
    assert CATALOGUE.render("utter_order_status_unshipped", "en", values)["text"].endswith("2026.")


# What the bot says as it hands a chat to a person; the desk follows it with how long the
# wait is (utter_desk_wait_minutes / _hours, or the seller's off-hours reply).
SAID_AT_A_HANDOFF = (
    "utter_handoff",
    "utter_product_question",
    "utter_too_many_lookups",
    "utter_desk_holding",
)
# "Shortly" and its kin, per language.
SOON = {
    "en": ("shortly", "soon", "in a moment"),
    "es": ("en breve", "enseguida", "pronto"),
    "id": ("segera", "sebentar"),
    "pt": ("em breve", "logo"),
    "ru": ("в ближайшее время", "скоро"),
    "th": ("เร็ว ๆ นี้", "สักครู่"),
    "vi": ("ít phút", "sớm", "lát"),
    "zh": ("稍后", "稍等", "马上", "尽快"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_handoff_promises_no_wait_the_desk_does_not_keep(language):
    """Off hours the buyer read "a person will reply here shortly", then "we're away, back in
    about 5 hours". Only the desk knows the wait (hours, tier and queue targets) and says it."""
    for name in SAID_AT_A_HANDOFF:
        text = CATALOGUE.render(name, language, {"tier": 2})["text"].lower()
        assert not [word for word in SOON[language] if word in text], (name, text)


# Words that called the orders offered "open" / "active" / "in progress", per language.
CALLED_OPEN = {
    "en": "open",
    "es": "en curso",
    "pt": "em aberto",
    "ru": "активных",
    "zh": "进行中",
    "th": "ยังดำเนินการ",
    "vi": "chưa hoàn tất",
    "id": "masih berjalan",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_which_order_does_not_call_the_orders_offered_open(language):
    """Played (ozon-ru-001): "мышка сломалась" offered the paid order and the cancelled one
    under "У вас несколько активных заказов". A refund or a broken item offers delivered and
    cancelled orders too."""
    text = CATALOGUE.render("utter_which_order", language, {})["text"]
    assert CALLED_OPEN[language] not in text.casefold()


def test_a_moment_is_dated_on_the_calendar_of_the_buyers_country():
    """Played (shopee-my): a parcel out for delivery at 07:00 in Kuala Lumpur (23:00 UTC the
    day before) was shown as "yesterday"'s scan. A list row (a split order's parcels) takes the
    order's country too; a message naming no country keeps UTC's date."""
    catalogue = Catalogue(CATALOGUE.packs, rng=random.Random(0))
    scan = "2026-12-03T23:10:00+00:00"
    in_kl = catalogue.prepare("en", {"destination_country": "MY", "event_date": scan})
    assert in_kl["event_date"] == "Dec 4, 2026"
    in_sao_paulo = catalogue.prepare("pt", {"destination_country": "BR", "event_date": scan})
    assert in_sao_paulo["event_date"] == "3 de dez. de 2026"
    assert catalogue.prepare("en", {"event_date": scan})["event_date"] == "Dec 3, 2026"
    split = catalogue.prepare(
        "en",
        {
            "destination_country": "TH",
            "parcels": [{"tracking_number": "LP1", "status": "in_transit", "event_date": scan}],
        },
    )
    assert "Dec 4, 2026" in split["parcels"], split["parcels"]
    # A plain date (a ship-by day) is that day everywhere; an unknown country changes nothing.
    assert (
        catalogue.prepare("en", {"destination_country": "MY", "ship_by_date": "2026-12-06"})["ship_by_date"]
        == "Dec 6, 2026"
    )
    assert (
        catalogue.prepare("en", {"destination_country": "XX", "event_date": scan})["event_date"]
        == "Dec 3, 2026"
    )
