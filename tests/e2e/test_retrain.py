"""Retrain and promote through the real desk and the real Rasa server.

1. Promotion without training: Rasa serves a copy of the trained model under another
   name; the retrain finds the model for the current data in the cache (no training),
   measures it and the served one on the held-out and real sets, and loads it (PUT
   /model): Rasa serves it and still answers buyers. A second retrain meanwhile: 409.
2. A real refusal (the one real training): a copy of the project whose training data
   swaps four intents' examples trains a worse model; it is measured against the
   served model's stored figures, refused with the languages that dropped, and Rasa
   keeps serving the old model.
"""

from __future__ import annotations

import asyncio
import shutil
import time
import uuid
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from bot.desk.rasa_client import RasaClient
from tests.desk.conftest import DeskClient, add_agent
from tests.e2e.conftest import desk_before

pytestmark = [pytest.mark.model, pytest.mark.servers]

SWAPPED = {"track_order": "urge_shipment", "urge_shipment": "track_order",
           "request_refund": "refund_status", "refund_status": "request_refund"}  # fmt: skip


def rasa_call(stack, call):
    async def go():
        rasa = RasaClient(stack.settings.rasa_url, stack.settings.rasa_token, timeout=10)
        try:
            return await call(rasa)
        finally:
            await rasa.close()

    return asyncio.run(go())


def served(stack) -> str:
    return rasa_call(stack, lambda rasa: rasa.status())["model_file"]


def finished(client: DeskClient, token: str, timeout: float = 600) -> dict:
    deadline = time.monotonic() + timeout
    status: dict = {}
    while time.monotonic() < deadline:
        status = client.api("GET", "/api/trainer/retrain", token).json()
        if not status["running"] and status["job"]["stage"] in ("done", "refused", "failed"):
            return status["job"]
        time.sleep(2)
    # What the job got to (its stage, and its log's tail while it runs) says where it stuck.
    job = status.get("job") or {}
    raise AssertionError(
        f"the retrain did not finish within {timeout}s: running={status.get('running')}, "
        f"stage={job.get('stage')}, reason={job.get('reason')}, log tail:\n{job.get('log_tail')}"
    )


def damaged_project(root: Path) -> Path:
    """The project's config, domain, data and evaluation sets, with four intents' examples swapped
    and only every KEPT-th example of each intent left (a quarter of the training time; still
    every intent, and a model clearly worse than the served one)."""
    root.mkdir(parents=True)
    for name in ("config.yml", "domain.yml"):
        shutil.copy(PROJECT_ROOT / name, root / name)
    shutil.copytree(PROJECT_ROOT / "data", root / "data", ignore=shutil.ignore_patterns("responses"))
    shutil.copytree(
        PROJECT_ROOT / "tests" / "nlu", root / "tests" / "nlu", ignore=shutil.ignore_patterns("*.py")
    )
    for path in (root / "data" / "nlu").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        for a, b in SWAPPED.items():
            text = text.replace(f"- intent: {a}\n", f"- intent: @{b}\n")
        path.write_text(thinned(text.replace("- intent: @", "- intent: ")), encoding="utf-8")
    return root


KEPT = 4


def thinned(text: str) -> str:
    """Every KEPT-th line of each examples block (the first always: no intent is left empty)."""
    kept, index = [], 0
    for line in text.splitlines(keepends=True):
        if line.startswith("    - "):
            index += 1
            if (index - 1) % KEPT:
                continue
        else:
            index = 0
        kept.append(line)
    return "".join(kept)


@pytest.fixture
def models(tmp_path, trained_model, stack):
    """A models directory with the trained model (the cache hit) and a copy Rasa serves first."""
    directory = tmp_path / "models"
    directory.mkdir()
    shutil.copy(trained_model, directory / trained_model.name)
    baseline = directory / f"served-{uuid.uuid4().hex[:6]}.tar.gz"
    shutil.copy(trained_model, baseline)
    rasa_call(stack, lambda rasa: rasa.load_model(str(baseline)))
    assert served(stack) == baseline.name
    yield directory
    rasa_call(stack, lambda rasa: rasa.load_model(str(trained_model)))  # as the other tests expect


def test_a_cached_model_is_measured_and_promoted_then_a_worse_one_refused(
    stack, say, models, trained_model, tmp_path
):
    database = f"sqlite:///{tmp_path / 'desk.db'}"
    baseline = served(stack)
    with desk_before(stack, database, "e2e-secret", models_dir=models) as server:
        client = DeskClient(server, server.app.ctx.hub.journal)
        add_agent(client.journal, "tina", "trainer")
        token = client.login("tina")
        before = client.api("GET", "/api/trainer/served", token).json()
        assert before["model_file"] == baseline and before["consistent"] is True
        started = client.api("POST", "/api/trainer/retrain", token)
        assert started.status_code == 202, started.text
        again = client.api("POST", "/api/trainer/retrain", token)
        assert again.status_code == 409 and "already running" in again.json()["error"]
        job = finished(client, token)
        after = client.api("GET", "/api/trainer/served", token).json()
    assert job["stage"] == "done", job
    assert after["replicas"] == [
        {"replica": 1, "url": stack.settings.rasa_url, "model_file": trained_model.name}
    ]
    assert job["promoted"] is True and "Rasa now serves" in job["reason"]
    assert [s["stage"] for s in job["stages"]] == ["training", "evaluating", "promoting", "done"]
    assert job["model_file"] == trained_model.name and job["baseline_model"] == baseline
    assert job["started_by"] == "tina"
    for name in ("en", "zh", "real-en", "real-zh"):
        assert job["reports"][name]["macro_f1"] == job["baseline"][name]["macro_f1"]  # one model, twice
        confusion = job["reports"][name]["confusion"]
        assert sum(map(sum, confusion["matrix"])) == job["reports"][name]["messages"]
    assert job["verdict"]["promote"] is True
    assert served(stack) == trained_model.name
    reply = say(f"buyer-{uuid.uuid4().hex[:6]}", "hello")
    assert reply.status_code == 200 and reply.json(), reply.text

    # The one real training: a worse model from damaged data, judged on the served model's stored figures.
    project = damaged_project(tmp_path / "damaged")
    with desk_before(stack, database, "e2e-secret", models_dir=models, train_root=project) as server:
        client = DeskClient(server, server.app.ctx.hub.journal)
        token = client.login("tina")
        assert client.api("POST", "/api/trainer/retrain", token).status_code == 202
        refused = finished(client, token, timeout=900)
        listed = client.api("GET", "/api/trainer/models", token).json()["models"]
    assert refused["stage"] == "refused", refused
    assert refused["promoted"] is False and refused["model_file"] != trained_model.name
    assert refused["baseline_model"] == trained_model.name
    # The stored figures (the same evaluation sets), not measured again.
    assert refused["evaluated_on"] == job["evaluated_on"] and refused["baseline"] == job["reports"]
    assert refused["reason"].startswith("kept the current model: macro-F1 dropped by more than 1 point on ")
    dropped = {change["set"] for change in refused["verdict"]["dropped"]}
    assert {"en", "zh"} <= dropped
    for name in dropped:
        assert f"{name} " in refused["reason"]
    assert served(stack) == trained_model.name
    assert [m["stage"] for m in listed] == ["refused", "done"]
