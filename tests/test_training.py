"""The model cache of bot/training.py, without training anything: what the fingerprint
reads."""

from __future__ import annotations

from bot.training import fingerprint


def a_project(root):
    (root / "data" / "nlu" / "en").mkdir(parents=True)
    (root / "config.yml").write_text("pipeline: []\n", encoding="utf-8")
    (root / "domain.yml").write_text("intents: [greet]\n", encoding="utf-8")
    (root / "data" / "nlu" / "en" / "reviewed.yml").write_text('version: "3.1"\n', encoding="utf-8")
    return root


def test_the_desks_hidden_lock_and_half_written_files_do_not_change_the_fingerprint(tmp_path):
    root = a_project(tmp_path)
    before = fingerprint(root / "config.yml", root)
    (root / "data" / "nlu" / "en" / ".reviewed.lock").touch()
    (root / "data" / "nlu" / "en" / ".reviewed-x1y2.yml").write_text("nlu: [", encoding="utf-8")
    assert fingerprint(root / "config.yml", root) == before
    (root / "data" / "nlu" / "en" / "reviewed.yml").write_text('version: "3.1"\nnlu: []\n', encoding="utf-8")
    assert fingerprint(root / "config.yml", root) != before
