"""Conversation tests: `rasa test core --fail-on-prediction-errors` on tests/conversations.

Each story is a conversation in one language (all 8 languages); the NLU
must read every buyer message right and the policies must pick every action.
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
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()


def test_every_required_language_has_conversations():
    languages = {p.stem for p in (PROJECT_ROOT / "tests" / "conversations").glob("*.yml")}
    assert set(LANGUAGES) <= languages
