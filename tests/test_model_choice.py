"""The model `kefu run` and `kefu cluster` start with: a model a retrain refused is not served
on the next start while the last promoted one is still there (on a SQLite history, as the
desk keeps it)."""

from pathlib import Path

import pytest

from bot import cli
from bot.desk.model_history import ModelHistory
from bot.model_choice import model_to_serve
from bot.settings import Settings


@pytest.fixture()
def history(tmp_path):
    found = ModelHistory.from_url(f"sqlite:///{tmp_path / 'desk.db'}")
    yield found
    found.engine.dispose()


def retrain(history: ModelHistory, model_file: str, stage: str, reason: str = "") -> None:
    job = history.start("trainer-1")["id"]
    history.update(job, stage, model_file=model_file, promoted=stage == "done", reason=reason)


def models(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "models"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"model")
    return folder


def test_the_model_for_the_current_data_is_served_unless_a_retrain_refused_it(tmp_path, history):
    folder = models(tmp_path, "kefu-old.tar.gz", "kefu-new.tar.gz")
    said: list = []
    assert model_to_serve(folder / "kefu-new.tar.gz", history, said.append) == folder / "kefu-new.tar.gz"
    retrain(history, "kefu-old.tar.gz", "done")
    retrain(history, "kefu-new.tar.gz", "refused", "real-th dropped 3.14 points")
    assert model_to_serve(folder / "kefu-new.tar.gz", history, said.append) == folder / "kefu-old.tar.gz"
    assert "refused kefu-new.tar.gz" in said[-1] and "real-th dropped 3.14 points" in said[-1]
    assert "serving kefu-old.tar.gz" in said[-1]


def test_a_later_retrain_that_promoted_the_same_model_lifts_the_refusal(tmp_path, history):
    folder = models(tmp_path, "kefu-old.tar.gz", "kefu-new.tar.gz")
    retrain(history, "kefu-old.tar.gz", "done")
    retrain(history, "kefu-new.tar.gz", "refused", "en dropped")
    retrain(history, "kefu-new.tar.gz", "done")  # measured again on other sets, promoted
    assert history.refusal_of("kefu-new.tar.gz") is None
    assert model_to_serve(folder / "kefu-new.tar.gz", history, print) == folder / "kefu-new.tar.gz"


def test_with_no_promoted_model_left_the_refused_one_serves_with_a_warning(tmp_path, history):
    folder = models(tmp_path, "kefu-new.tar.gz")  # kefu-old.tar.gz pruned or never here
    retrain(history, "kefu-old.tar.gz", "done")
    retrain(history, "kefu-new.tar.gz", "refused", "en dropped")
    said: list = []
    assert model_to_serve(folder / "kefu-new.tar.gz", history, said.append) == folder / "kefu-new.tar.gz"
    assert said[-1].startswith("Warning:") and "serving it anyway" in said[-1]


def test_kefu_run_starts_the_promoted_model_after_a_refusal(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    folder = models(tmp_path, "kefu-old.tar.gz", "kefu-new.tar.gz")
    history = ModelHistory.from_url(url)
    retrain(history, "kefu-old.tar.gz", "done")
    retrain(history, "kefu-new.tar.gz", "refused", "real-th dropped 3.14 points")
    history.engine.dispose()
    refused = folder / "kefu-new.tar.gz"  # the model for the current data, as trained
    monkeypatch.setattr(cli, "_trained", lambda settings, config=None, history=None: refused)
    settings = Settings.from_env({"KEFU_DATABASE_URL": url, "KEFU_MODELS_DIR": str(folder)})
    assert cli._prepare(settings) == folder / "kefu-old.tar.gz"
    assert "serving kefu-old.tar.gz, the model last promoted" in capsys.readouterr().out
