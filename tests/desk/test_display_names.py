"""GET /api/names: the words the console shows for the bot's codes (intents, handoff reasons,
queues), for every signed-in role, trainers too (their inbox labels intents)."""

from __future__ import annotations

import pytest

from bot.desk.display_names import REASONS
from tests.desk.conftest import add_agent


@pytest.mark.parametrize("role", ["tier1", "supervisor", "trainer"])
def test_every_signed_in_role_gets_the_words_for_the_codes(desk, journal, role):
    add_agent(journal, "nia", role)
    names = desk.api("GET", "/api/names", desk.login("nia")).json()
    assert names["intents"]["track_order"] == "Where is my order?"  # the catalogue's English label
    assert names["intents"]["nlu_fallback"] == "Not understood"
    assert names["reasons"]["human_handoff"] == "Asked for a person"
    assert names["reasons"]["damaged_item"] == "The item is damaged"  # an order intent as the reason
    assert names["reasons"]["disputes_refund_status"] == "Disputes the answer: Where is my refund?"
    assert names["queues"] == {"pre_sale": "Pre-sale", "after_sale": "After-sale"}


def test_every_reason_the_routing_rules_name_has_words():
    """seller/routing.yml's comment lists the handoff reasons the bot gives: each has words."""
    from bot import PROJECT_ROOT

    comment = (PROJECT_ROOT / "seller" / "routing.yml").read_text(encoding="utf-8").split("rules:")[0]
    for reason in ("answer_repeated", "compensation", "address_change", "lookup_abuse", "late_shipment"):
        assert reason in comment and reason in REASONS


def test_names_need_a_sign_in(desk):
    assert desk.api("GET", "/api/names").status_code == 401
