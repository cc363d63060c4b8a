"""Reply templates in the buyer's language, found by their title in the agent's language."""

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from bot import PROJECT_ROOT
from bot.commerce.views import (
    CaseView,
    ItemView,
    OrderView,
    RefundView,
    ShipmentView,
    TrackingEventView,
)
from bot.desk.templates import TemplateLibrary, fold, summary_values, template_values
from bot.nlg.catalogue import Catalogue, placeholders

LANGUAGES = ("en", "zh", "ru", "es", "pt", "th", "vi", "id")
CATALOGUE = Catalogue.from_dir(PROJECT_ROOT / "data" / "responses")
LIBRARY = TemplateLibrary(CATALOGUE)
ENGLISH_TITLES = CATALOGUE.packs["en"].desk_templates

# What an agent needs in front of them, by response name.
NEEDED = {
    "agent_greet",
    "utter_ask_order_id",
    "utter_tracking_in_transit",
    "utter_tracking_no_events",
    "utter_refund_processed",
    "utter_customs_duty",
    "utter_ask_photos",
    "agent_apology",
    "utter_cancelled",
    "agent_handback",
    "agent_closing",
    "utter_goodbye",
}

UTC = timezone.utc


def an_order() -> OrderView:
    return OrderView(
        marketplace="lazada",
        order_number="8012345678",
        status="shipped",
        currency="THB",
        destination_country="TH",
        placed_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        shipped_at=datetime(2026, 11, 4, 12, 0, tzinfo=UTC),
        items=(ItemView("SKU-1", "Phone case", 2, Decimal("175.00"), Decimal("60.00")),),
        shipments=(
            ShipmentView(
                "Kerry",
                "KEX123456789TH",
                datetime(2026, 11, 4, 12, 0, tzinfo=UTC),
                (
                    TrackingEventView(datetime(2026, 11, 5, 8, 0, tzinfo=UTC), "departed_origin", "Shenzhen"),
                    TrackingEventView(datetime(2026, 11, 9, 8, 0, tzinfo=UTC), "customs", "Bangkok"),
                ),
            ),
        ),
        refunds=(
            RefundView(
                7,
                Decimal("350"),
                "THB",
                "processed",
                "damaged_item",
                datetime(2026, 11, 18, tzinfo=UTC),
                datetime(2026, 11, 20, tzinfo=UTC),
            ),
        ),
        cases=(CaseView(41, "damaged", "open", datetime(2026, 11, 17, tzinfo=UTC)),),
    )


def test_enough_templates_for_an_agent_and_all_are_replies():
    assert len(ENGLISH_TITLES) >= 12
    assert set(ENGLISH_TITLES) >= NEEDED
    assert set(ENGLISH_TITLES) <= set(CATALOGUE.packs["en"].responses)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_titles_every_template(language):
    titles = CATALOGUE.packs[language].desk_templates
    assert list(titles) == list(ENGLISH_TITLES), "same templates, same order"
    assert all(isinstance(t, str) and t.strip() for t in titles.values())
    assert len(set(titles.values())) == len(titles), "two templates with one title"
    if language != "en":
        translated = [n for n in titles if titles[n] != ENGLISH_TITLES[n]]
        assert len(translated) == len(titles), f"untranslated titles in {language}"


def test_agent_replies_have_no_buttons():
    """An agent sends text; a template with buttons would lose them."""
    for name in ENGLISH_TITLES:
        for language in LANGUAGES:
            variations = CATALOGUE.packs[language].responses[name]
            assert all(not v.get("buttons") for v in variations), (language, name)


def test_no_query_lists_all_in_order_with_agent_titles_and_buyer_text():
    found = LIBRARY.search("th", "zh", "", {})
    assert [t["name"] for t in found] == list(ENGLISH_TITLES)
    greet = found[0]
    assert greet["title"] == CATALOGUE.packs["zh"].desk_templates["agent_greet"]
    assert greet["text"] == CATALOGUE.packs["th"].responses["agent_greet"][0]["text"]


def test_search_by_title_in_the_agents_language_returns_the_buyers_language():
    values = template_values(an_order())
    found = LIBRARY.search("th", "zh", "退款", values)
    assert found, "a Chinese-reading agent finds the refund replies by 退款"
    assert found[0]["name"] == "utter_refund_processed"
    assert found[0]["title"] == "退款已处理：3-20个工作日到账"
    text = found[0]["text"]
    assert "8012345678" in text and "฿350.00" in text and "20 พ.ย. 2026" in text
    assert "3-20" in text
    assert all(t["title"] != t["text"] for t in found)


def test_search_is_case_and_accent_insensitive_and_needs_every_word():
    assert LIBRARY.search("es", "es", "REEMBOLSO", {})[0]["name"] == "utter_refund_processed"
    assert LIBRARY.search("vi", "vi", "hoan tien", {})[0]["name"] in {
        "utter_refund_processed",
        "utter_refund_pending",
    }
    # The post office replies: waiting there, where to collect it, the day to collect it by,
    # and what happens to a parcel nobody collects (round 10).
    assert [t["name"] for t in LIBRARY.search("en", "en", "tracking post office", {})] == [
        "utter_tracking_pickup",
        "utter_tracking_pickup_place",
        "utter_tracking_pickup_by",
        "utter_if_delivery_fails",
        "utter_if_not_collected",
    ]
    assert LIBRARY.search("en", "en", "nothing like this anywhere", {}) == []


def test_english_titles_and_names_also_match_for_any_agent_language():
    by_english = LIBRARY.search("ru", "th", "customs", {})
    assert by_english[0]["name"] in {"utter_customs_duty", "utter_customs_goodwill"}
    assert by_english[0]["title"] == CATALOGUE.packs["th"].desk_templates[by_english[0]["name"]]


def test_title_matches_rank_before_text_matches():
    found = [t["name"] for t in LIBRARY.search("en", "en", "refund", {})]
    titled = [n for n in ENGLISH_TITLES if "refund" in ENGLISH_TITLES[n].lower()]
    assert found[: len(titled)] == titled
    assert "utter_cannot_cancel_shipped" in found[len(titled) :], "mentions a refund in its text"


def test_placeholders_filled_from_the_order():
    values = template_values(an_order())
    tracking = LIBRARY.text("utter_tracking_in_transit", "en", values)
    assert tracking == "Your parcel KEX123456789TH (Kerry) is on its way: in customs, Bangkok, Nov 9, 2026."
    customs = LIBRARY.text("utter_customs_duty", "pt", values)
    assert "8012345678" in customs and "Tailândia" in customs and "{" not in customs
    assert "41" in LIBRARY.text("utter_ask_photos", "ru", values)
    assert "https://t.17track.net" in LIBRARY.text("utter_tracking_pickup", "en", values)


def test_unknown_placeholders_stay_visible_for_the_agent_to_fill():
    text = LIBRARY.text("agent_reshipped", "en", template_values(an_order()))
    assert "8012345678" in text and "{new_tracking_number}" in text
    bare = LIBRARY.text("utter_refund_processed", "zh", {})
    original = CATALOGUE.packs["zh"].responses["utter_refund_processed"][0]["text"]
    assert placeholders(bare) == placeholders(original)
    assert "{refund_amount}" in bare
    typed = LIBRARY.text("agent_reshipped", "es", template_values(None, new_tracking_number="LX99CN"))
    assert "LX99CN" in typed and "{order_number}" in typed


def test_none_and_empty_values_count_as_unknown():
    values = {"tracking_number": "LP1", "place": "", "carrier": None}
    text = LIBRARY.text("utter_tracking_in_transit", "en", values)
    assert "LP1" in text and "{place}" in text and "{carrier}" in text


def test_unknown_buyer_or_agent_language_falls_back_to_english():
    found = LIBRARY.search("xx", "yy", "greeting", {})
    assert found[0]["name"] == "agent_greet"
    assert found[0]["text"] == CATALOGUE.packs["en"].responses["agent_greet"][0]["text"]
    assert found[0]["title"] == ENGLISH_TITLES["agent_greet"]


def test_values_from_the_api_order_summary():
    summary = {
        "order_number": "8012345678",
        "status": "shipped",
        "placed_date": "2026-11-02",
        "total": "350.00 THB",
        "items": [{"title": "Phone case", "quantity": 2}],
        "shipments": [
            {
                "carrier": "Kerry",
                "tracking_number": "KEX1",
                "status": "customs",
                "place": "Bangkok",
                "event_date": "2026-11-09",
            }
        ],
    }
    text = LIBRARY.text("utter_tracking_in_transit", "en", summary_values(summary))
    assert text == "Your parcel KEX1 (Kerry) is on its way: in customs, Bangkok, Nov 9, 2026."
    assert summary_values(None) == {}


def test_fold():
    assert fold("Reembólso") == fold("reembolso")
    assert fold("Hoàn tiền đã") == "hoan tien da"
    assert fold("Ёлка") == fold("елка")
    assert fold("คืนเงิน") == "คืนเงิน"
