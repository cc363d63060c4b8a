"""Conversation tests: `rasa test core --e2e --fail-on-prediction-errors` on tests/conversations.

Each story is a conversation in one language (all 8 languages). With `--e2e` Rasa parses
every buyer turn's text with the trained NLU (rasa/core/test.py) and fails the story when
the intent or the entities it reads differ from the story's; then the policies must pick
every action. Rasa reads a file as such a test story file only when its name starts with
`test_` (YAMLStoryReader.is_test_stories_file), else `--e2e` evaluates 0 stories.
"""

import subprocess
import sys

import pytest
import yaml

from bot import PROJECT_ROOT
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.model

CONVERSATIONS = PROJECT_ROOT / "tests" / "conversations"


def _story_files():
    return sorted(CONVERSATIONS.glob("test_*.yml"))


def test_conversation_stories_pass(trained_model, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--e2e",
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
    output = result.stderr + result.stdout  # the failed story (stdout) last, in the tail shown
    assert result.returncode == 0, output[-4000:]
    # "None failed" is also what Rasa writes when it read no story at all.
    stories = sum(path.read_text(encoding="utf-8").count("\n- story:") for path in _story_files())
    assert stories >= 8 * 10 and f"Evaluating {stories} stories" in output, output[-4000:]
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()


def test_every_buyer_turn_has_text_and_every_file_is_read():
    """A turn with an intent and no text would pass --e2e unparsed; a file whose name
    does not start with test_ would not be read at all."""
    assert {p.name for p in CONVERSATIONS.iterdir()} == {p.name for p in _story_files()}
    for path in _story_files():
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            for step in story["steps"]:
                if "intent" in step:
                    assert str(step.get("user") or "").strip(), (path.name, story["story"], step)


def test_every_required_language_has_conversations():
    languages = {p.stem.removeprefix("test_") for p in _story_files()}
    assert set(LANGUAGES) <= languages
