"""The test session's background training: started only when the model is missing, waited
for, and its failure shown with the end of its log."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import background_training
from tests.background_training import BackgroundTraining


def test_nothing_starts_when_the_model_for_the_current_data_exists(tmp_path, monkeypatch):
    existing = tmp_path / "kefu-0123456789ab.tar.gz"
    existing.write_bytes(b"model")
    monkeypatch.setattr("bot.training.model_path", lambda models, config: existing)
    training = BackgroundTraining()
    training.start_if_missing(tmp_path, tmp_path / "config.yml")
    assert training.process is None
    training.wait()  # returns at once: nothing was started


def test_a_failed_training_is_reported_with_the_end_of_its_log(tmp_path, monkeypatch):
    log = tmp_path / "background-training.log"
    monkeypatch.setattr(background_training, "LOG", log)
    training = BackgroundTraining()
    with log.open("wb") as out:
        training.process = subprocess.Popen(
            [sys.executable, "-c", "print('domain.yml: intent nope is not declared'); exit(3)"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    with pytest.raises(RuntimeError, match=r"(?s)exit 3.*intent nope is not declared"):
        training.wait()


def test_a_session_ending_early_stops_the_training(tmp_path):
    training = BackgroundTraining()
    training.process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    training.stop()
    assert training.process.poll() is not None
