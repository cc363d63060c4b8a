"""Conversation tests: `rasa test core --fail-on-prediction-errors` on tests/conversations.

Each story is a conversation in one language (all 8 languages); the policies must pick
every action. Without `--e2e`, Rasa takes each buyer turn's intent and entities as the
story gives them and does not parse its text (rasa/core/test.py): whether the NLU reads
those texts right is checked by tests/e2e/test_tasks.py and the NLU tests, not here.
"""

import subprocess
import sys

import pytest

from bot import PROJECT_ROOT
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.model


def test_conversation_stories_pass(trained_model, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--model",
            str(trained_model),
            "--stories",
            "tests/conversations",
            "--fail-on-prediction-errors",
            "--out",
            str(tmp_path),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    # "None failed" is also what Rasa writes when it read no story at all.
    stories = sum(
        path.read_text(encoding="utf-8").count("\n- story:")
        for path in (PROJECT_ROOT / "tests" / "conversations").glob("*.yml")
    )
    assert stories >= 8 * 10 and f"Evaluating {stories} stories" in output, output[-4000:]
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()


def test_every_required_language_has_conversations():
    languages = {p.stem for p in (PROJECT_ROOT / "tests" / "conversations").glob("*.yml")}
    assert set(LANGUAGES) <= languages
