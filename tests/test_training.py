"""The model cache of bot/training.py, without training anything (`rasa train` stood in
for): what the fingerprint reads, that only a whole archive counts as a model, and that
pruning old models spares the one Rasa serves."""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path

import pytest

from bot import training
from bot.db.engine import make_engine
from bot.desk.model_history import ModelHistory
from bot.desk.models import ensure_desk_schema
from bot.retrain import RetrainJob
from bot.settings import Settings
from bot.training import fingerprint, model_path, train_if_needed
from tests.desk.conftest import RASA_TOKEN, FakeRasa


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


class FakeRasaTrain:
    """`rasa train` as subprocess.run sees it: writes the archive it is told to, whole or cut
    short (killed, or the disk full, while packing)."""

    def __init__(self, whole: bool):
        self.whole, self.calls = whole, 0

    def __call__(self, command, **kwargs):
        self.calls += 1
        out = Path(command[command.index("--out") + 1])
        name = command[command.index("--fixed-model-name") + 1]
        # As Rasa names it (rasa.model_training._determine_model_name).
        archive = out / (name if name.endswith(".tar.gz") else Path(name).with_suffix(".tar.gz").name)
        with tarfile.open(out / "whole.tar.gz", "w:gz") as packed:
            packed.add(__file__, arcname="model")
        data = (out / "whole.tar.gz").read_bytes()
        (out / "whole.tar.gz").unlink()
        archive.write_bytes(data if self.whole else data[: len(data) // 2])
        if not self.whole:
            raise subprocess.CalledProcessError(-9, command)


def test_a_training_cut_short_while_packing_leaves_no_model_that_counts_as_up_to_date(tmp_path, monkeypatch):
    root, models = a_project(tmp_path / "project"), tmp_path / "models"
    monkeypatch.setattr(training.subprocess, "run", FakeRasaTrain(whole=False))
    with pytest.raises(subprocess.CalledProcessError):
        train_if_needed(models, root=root)
    assert list(models.iterdir()) == []  # neither the target nor the half-written archive
    rasa = FakeRasaTrain(whole=True)
    monkeypatch.setattr(training.subprocess, "run", rasa)
    model = train_if_needed(models, root=root)
    assert rasa.calls == 1 and model == model_path(models, root / "config.yml", root=root)
    with tarfile.open(model) as packed:
        assert packed.getnames() == ["model"]
    assert [p.name for p in models.iterdir()] == [model.name]


def old_models(models: Path, names: list) -> None:
    """Model archives, the first the oldest."""
    models.mkdir(parents=True, exist_ok=True)
    for age, name in enumerate(names):
        (models / name).write_bytes(b"model")
        os.utime(models / name, (1_000_000 + age, 1_000_000 + age))


def test_pruning_old_models_spares_the_ones_in_use(tmp_path, monkeypatch):
    root, models = a_project(tmp_path / "project"), tmp_path / "models"
    old_models(models, ["kefu-served.tar.gz", "kefu-a.tar.gz", "kefu-b.tar.gz", "kefu-c.tar.gz"])
    monkeypatch.setattr(training.subprocess, "run", FakeRasaTrain(whole=True))
    model = train_if_needed(models, root=root, in_use=lambda: ["kefu-served.tar.gz"])
    # The new one, the two newest others, and the served one however old.
    assert sorted(p.name for p in models.iterdir()) == sorted(
        [model.name, "kefu-b.tar.gz", "kefu-c.tar.gz", "kefu-served.tar.gz"]
    )


def test_a_retrain_keeps_the_model_rasa_serves_and_the_one_last_promoted(tmp_path, monkeypatch):
    rasa = FakeRasa().start()  # serves kefu-fake.tar.gz
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.db'}")
    try:
        ensure_desk_schema(engine)
        history = ModelHistory(engine)
        earlier = history.start("sue")["id"]
        history.update(earlier, "done", model_file="kefu-promoted.tar.gz", promoted=True)
        root, models = a_project(tmp_path / "project"), tmp_path / "models"
        # Refused candidates since: newer than both the served and the promoted model.
        old_models(models, ["kefu-fake.tar.gz", "kefu-promoted.tar.gz", "kefu-a.tar.gz", "kefu-b.tar.gz"])
        settings = Settings(
            rasa_host="127.0.0.1", rasa_port=str(rasa.port), rasa_token=RASA_TOKEN, models_dir=models
        )
        monkeypatch.setattr(training.subprocess, "run", FakeRasaTrain(whole=True))

        def stop_after_training(job, model):
            raise RuntimeError("no evaluation here")

        monkeypatch.setattr(RetrainJob, "_evaluate", stop_after_training)
        RetrainJob(settings, history, history.start("tom")["id"], root=root, say=lambda _: None).run()
        names = {p.name for p in models.iterdir()}
        assert {"kefu-fake.tar.gz", "kefu-promoted.tar.gz", "kefu-a.tar.gz", "kefu-b.tar.gz"} <= names
        assert len(names) == 5  # and the new candidate
    finally:
        engine.dispose()
        rasa.stop()
