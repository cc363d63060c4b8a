import os

import pytest
import yaml

from bot.seller.routing import Escalation, Rule, choose_tier, load_rules, parse_rules


@pytest.mark.parametrize(
    "case, tier",
    [
        (Escalation("complaint"), 3),
        (Escalation("human_handoff", vip=True), 3),
        (Escalation("low_confidence", previous_escalations=1), 3),
        (Escalation("damaged_item"), 2),
        (Escalation("human_handoff", topic="request_refund"), 2),
        (Escalation("low_confidence", topic="customs_duty"), 2),
        (Escalation("human_handoff", topic="track_order"), 1),
        (Escalation("pre_sale"), 1),
        (Escalation("low_confidence"), 1),
    ],
)
def test_seller_rules_pick_the_tier(case, tier):
    assert choose_tier(case) == tier


def test_first_matching_rule_wins():
    rules = [
        Rule(tier=2, reasons=frozenset({"complaint"})),
        Rule(tier=3, reasons=frozenset({"complaint"})),
        Rule(tier=1),
    ]
    assert choose_tier(Escalation("complaint"), rules) == 2


def test_rules_need_a_catch_all():
    with pytest.raises(ValueError, match="catch-all"):
        parse_rules({"rules": [{"tier": 3, "reason": ["complaint"]}]})


def test_tier_must_exist():
    with pytest.raises(ValueError, match="tier must be one of"):
        parse_rules({"rules": [{"tier": 7}]})


def test_the_shipped_file_parses():
    assert load_rules()[-1] == Rule(tier=1)


def test_where_the_chat_was_opened_routes_it():
    """Order page, order list or dispute: after-sale; the shipped rules give those to tier 2."""
    assert choose_tier(Escalation("human_handoff", opened_from="order_page")) == 2
    assert choose_tier(Escalation("low_confidence", opened_from="dispute")) == 2
    assert choose_tier(Escalation("human_handoff", opened_from="order_list")) == 2
    assert choose_tier(Escalation("human_handoff", opened_from="product_page")) == 1
    assert choose_tier(Escalation("human_handoff", opened_from="shop")) == 1
    rules = parse_rules({"rules": [{"tier": 3, "opened_from": ["pre_sale"]}, {"tier": 1}]})
    assert rules[0] == Rule(tier=3, opened_from=frozenset({"pre_sale"}))
    assert choose_tier(Escalation("complaint", opened_from="product_page"), rules) == 3
    assert choose_tier(Escalation("complaint", opened_from="after_sale"), rules) == 1


def test_opened_from_must_name_a_queue():
    with pytest.raises(ValueError, match="opened_from"):
        parse_rules({"rules": [{"tier": 2, "opened_from": ["checkout"]}, {"tier": 1}]})


def test_one_reason_topic_or_queue_may_be_written_alone():
    written = yaml.safe_load(
        """
        rules:
          - {tier: 3, reason: complaint}
          - {tier: 2, topic: request_refund, opened_from: after_sale}
          - {tier: 1}
        """
    )
    rules = parse_rules(written)
    assert rules[0] == Rule(tier=3, reasons=frozenset({"complaint"}))
    assert rules[1] == Rule(
        tier=2, topics=frozenset({"request_refund"}), opened_from=frozenset({"after_sale"})
    )
    assert choose_tier(Escalation("complaint"), rules) == 3
    assert choose_tier(Escalation("low_confidence", topic="request_refund", opened_from="order"), rules) == 2
    assert choose_tier(Escalation("low_confidence", topic="request_refund"), rules) == 1


def test_an_edit_of_the_file_counts_from_the_next_escalation_and_a_broken_one_changes_nothing(
    tmp_path, caplog
):
    """A supervisor moved complaints to tier 2 in seller/routing.yml and complaints still went
    to tier 3 until the action server was restarted."""
    path = tmp_path / "routing.yml"
    path.write_text("rules:\n  - tier: 3\n    reason: [complaint]\n  - tier: 1\n", encoding="utf-8")
    assert choose_tier(Escalation("complaint"), load_rules(path)) == 3
    path.write_text("rules:\n  - tier: 2\n    reason: [complaint]\n  - tier: 1\n", encoding="utf-8")
    os.utime(path, ns=(1, 2_000_000_000_000_000_000))  # a later modification, whatever the clock
    assert choose_tier(Escalation("complaint"), load_rules(path)) == 2
    path.write_text("rules:\n  - tier: 7\n", encoding="utf-8")  # broken: no such tier, no catch-all
    os.utime(path, ns=(1, 3_000_000_000_000_000_000))
    assert choose_tier(Escalation("complaint"), load_rules(path)) == 2
    assert "tier must be one of" in caplog.text
