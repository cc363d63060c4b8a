"""The served model a retrain compares with when replicas disagree (bot/model_rollout.py); the
rollout itself runs against a real cluster in tests/e2e/test_cluster.py."""

from __future__ import annotations

from bot.model_rollout import most_served


def test_the_served_model_is_the_one_most_replicas_serve_and_none_when_none_answers():
    assert most_served({"a": "old", "b": "new", "c": "new"}) == "new"
    assert most_served({"a": None, "b": "old"}) == "old"
    assert most_served({"a": "first", "b": "second"}) == "first"  # a tie: the first replica's
    assert most_served({"a": None, "b": None}) is None
