"""The training data's shape: counts per intent, entity markup, train/test separation."""

import subprocess
import sys
from datetime import datetime, timezone

from bot import PROJECT_ROOT
from tests.script_modules import script_module


def _checker():
    return script_module("check_nlu_data")


def test_every_language_has_enough_separate_data():
    checker = _checker()
    problems = [
        p for lang in ("en", "zh", "ru", "es", "pt", "th", "vi", "id") for p in checker.check_language(lang)
    ]
    assert problems == []


def test_the_checker_catches_a_copied_test_line(tmp_path, monkeypatch):
    checker = _checker()
    (tmp_path / "data" / "nlu" / "xx").mkdir(parents=True)
    (tmp_path / "tests" / "nlu").mkdir(parents=True)
    block = 'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello there friend\n'
    (tmp_path / "data" / "nlu" / "xx" / "a.yml").write_text(block)
    (tmp_path / "tests" / "nlu" / "xx.yml").write_text(block)
    monkeypatch.setattr(checker, "ROOT", tmp_path)
    problems = checker.check_language("xx")
    assert any("also in training" in p for p in problems)
    assert any("track_order has 0 training examples" in p for p in problems)


def test_rasa_data_validate_passes():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "data",
            "validate",
            "--domain",
            "domain.yml",
            "--data",
            "data/nlu",
            "data/rules",
            "data/stories",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_checker_keeps_real_messages_out_of_training(tmp_path, monkeypatch):
    checker = _checker()
    (tmp_path / "data" / "nlu" / "xx").mkdir(parents=True)
    (tmp_path / "tests" / "nlu" / "real").mkdir(parents=True)
    block = 'version: "3.1"\nnlu:\n- intent: track_order\n  examples: |\n    - ainda não recebi meu pedido\n'
    (tmp_path / "data" / "nlu" / "xx" / "a.yml").write_text(block)
    (tmp_path / "tests" / "nlu" / "real" / "xx.yml").write_text(block.replace("track_order", "no_such"))
    monkeypatch.setattr(checker, "ROOT", tmp_path)
    problems = checker.check_language("xx")
    assert any("real line also in training" in p for p in problems)
    assert any("real: unknown intent 'no_such'" in p for p in problems)


def test_the_checker_reads_the_labels_trainers_write_and_their_overlaps(tmp_path, monkeypatch):
    from bot.desk.reviewed_examples import add_example

    checker = _checker()
    (tmp_path / "data" / "nlu" / "xx").mkdir(parents=True)
    (tmp_path / "tests" / "nlu").mkdir(parents=True)
    (tmp_path / "tests" / "nlu" / "xx.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: track_order\n  examples: |\n    - where is my parcel now\n'
    )
    # Written by the desk as a trainer's label is: a list of texts with who and when.
    add_example(
        tmp_path / "data" / "nlu",
        "xx",
        "Where is my parcel now",
        "track_order",
        "tom",
        datetime.now(timezone.utc),
    )
    monkeypatch.setattr(checker, "ROOT", tmp_path)
    problems = checker.check_language("xx")
    assert any("test line also in training: where is my parcel now" in p for p in problems), problems
