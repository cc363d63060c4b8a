"""The promotion rule on evaluation reports: a retrained model replaces the served one
unless a held-out or real-buyer set loses more than one point of macro-F1."""

from bot.nlu.promotion import MAX_DROP_POINTS, judge


def reports(**figures: float) -> dict:
    """{set: {"macro_f1": value, ...}} as evaluation reports are stored (real_en -> real-en)."""
    return {
        name.replace("_", "-"): {"name": name, "macro_f1": value, "messages": 100}
        for name, value in figures.items()
    }


CURRENT = reports(en=0.943, zh=0.916, real_en=0.541, real_zh=0.462, external_en=0.764)


def test_the_allowed_drop_is_one_point():
    assert MAX_DROP_POINTS == 1.0


def test_equal_figures_are_promoted():
    verdict = judge(CURRENT, CURRENT)
    assert verdict.promote and verdict.dropped == []
    assert "promoted" in verdict.reason


def test_better_figures_are_promoted_with_their_changes():
    better = reports(en=0.95, zh=0.93, real_en=0.60, real_zh=0.50, external_en=0.77)
    verdict = judge(CURRENT, better)
    assert verdict.promote
    change = {c.name: c.points for c in verdict.changes}
    assert change["real-en"] == 5.9 and change["zh"] == 1.4


def test_a_drop_of_exactly_one_point_is_still_promoted():
    verdict = judge(CURRENT, reports(en=0.933, zh=0.916, real_en=0.541, real_zh=0.462, external_en=0.764))
    assert verdict.promote, verdict.reason


def test_a_promotion_names_the_worst_and_the_best_change_as_the_report_rounds_them():
    candidate = reports(en=0.9334, zh=0.916, real_en=0.541, real_zh=0.5203, external_en=0.764)
    verdict = judge(CURRENT, candidate)
    assert verdict.promote
    assert "(worst change en -0.96, best real-zh +5.83)" in verdict.reason, verdict.reason


def test_a_held_out_drop_over_one_point_is_refused_with_the_language_and_size():
    worse = reports(en=0.930, zh=0.95, real_en=0.60, real_zh=0.50, external_en=0.80)
    verdict = judge(CURRENT, worse)
    assert not verdict.promote
    assert [c.name for c in verdict.dropped] == ["en"]
    assert "en 0.943 -> 0.930 (-1.3 points)" in verdict.reason
    assert verdict.reason.startswith("kept the current model")


def test_a_drop_just_over_the_limit_is_told_as_it_was_judged():
    verdict = judge(CURRENT, reports(en=0.9326, zh=0.95, real_en=0.60, real_zh=0.50, external_en=0.80))
    assert not verdict.promote
    assert "(-1.04 points)" in verdict.reason  # not "-1.0", which would read as within the limit


def test_a_real_text_drop_is_refused_even_when_held_out_improves():
    worse = reports(en=0.99, zh=0.99, real_en=0.541, real_zh=0.40, external_en=0.90)
    verdict = judge(CURRENT, worse)
    assert not verdict.promote
    assert [c.name for c in verdict.dropped] == ["real-zh"]
    assert "-6.2 points" in verdict.reason


def test_every_dropped_set_is_named():
    worse = reports(en=0.90, zh=0.90, real_en=0.50, real_zh=0.462, external_en=0.764)
    verdict = judge(CURRENT, worse)
    assert sorted(c.name for c in verdict.dropped) == ["en", "real-en", "zh"]
    for name in ("en", "zh", "real-en"):
        assert f"{name} " in verdict.reason


def test_the_external_benchmark_is_reported_but_not_gated():
    worse = reports(en=0.943, zh=0.916, real_en=0.541, real_zh=0.462, external_en=0.50)
    verdict = judge(CURRENT, worse)
    assert verdict.promote
    assert {c.name: c.points for c in verdict.changes}["external-en"] == -26.4


def test_a_set_the_candidate_was_not_measured_on_is_refused():
    partial = {k: v for k, v in CURRENT.items() if k != "real-zh"}
    verdict = judge(CURRENT, partial)
    assert not verdict.promote and "not measured on the candidate: real-zh" in verdict.reason


def test_a_new_set_is_reported_without_gating():
    grown = {**CURRENT, **reports(real_th=0.10)}
    verdict = judge(CURRENT, grown)
    assert verdict.promote
    assert next(c for c in verdict.changes if c.name == "real-th").before is None


def test_another_threshold_can_be_set():
    slightly = reports(en=0.938, zh=0.916, real_en=0.541, real_zh=0.462, external_en=0.764)
    assert judge(CURRENT, slightly).promote
    assert not judge(CURRENT, slightly, max_drop=0.2).promote


def test_the_verdict_is_json():
    as_json = judge(CURRENT, reports(en=0.5)).to_json()
    assert as_json["promote"] is False
    assert {"set": "en", "before": 0.943, "after": 0.5, "points": -44.3} in as_json["dropped"]
