"""`kefu train` as the retrain job, run as its own process against the real Redis lock and
a SQLite history (the full train -> evaluate -> promote path with a real Rasa is in
tests/e2e/test_retrain.py): one at a time, and a failure recorded, never left running."""

import os
import subprocess
import sys

import redis

from bot import PROJECT_ROOT
from bot.desk import retrain_lock
from bot.desk.model_history import ModelHistory
from tests.desk.conftest import REDIS_URL


def kefu_train(tmp_path, *args):
    env = {
        **os.environ,
        "KEFU_DATABASE_URL": f"sqlite:///{tmp_path / 'desk.db'}",
        "KEFU_REDIS_URL": REDIS_URL,
        "KEFU_TRAIN_ROOT": str(tmp_path / "project"),
        "KEFU_MODELS_DIR": str(tmp_path / "models"),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "train", "--by", "cli-test", *args],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=300,
    )  # fmt: skip


def test_a_retrain_while_another_holds_the_lock_is_refused(tmp_path):
    client = redis.Redis.from_url(REDIS_URL)
    client.set(retrain_lock.KEY, "another-job", ex=60)
    try:
        result = kefu_train(tmp_path)
    finally:
        held = client.get(retrain_lock.KEY)
        client.delete(retrain_lock.KEY)
    assert result.returncode == 3, result.stderr
    assert "another retrain is running" in result.stderr
    assert held == b"another-job"


def test_a_failed_retrain_is_recorded_and_frees_the_lock(tmp_path):
    (tmp_path / "project").mkdir()  # no config.yml, domain or data: training cannot start
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(retrain_lock.KEY)
    result = kefu_train(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    history = ModelHistory.from_url(f"sqlite:///{tmp_path / 'desk.db'}")
    job = history.latest()
    assert job["stage"] == "failed" and job["started_by"] == "cli-test"
    assert "config.yml" in job["reason"] and job["promoted"] is False
    assert [s["stage"] for s in job["stages"]] == ["training", "failed"]
    assert client.get(retrain_lock.KEY) is None
    history.engine.dispose()
