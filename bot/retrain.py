"""Retrain, measure, and promote only if no language got worse: what `kefu train` does.

Stages, recorded in the desk's model history as they happen: training (a model for the
current data and code, from the cache when its fingerprint exists), evaluating (the
candidate on the held-out and real-buyer sets; the served model from its stored figures,
else measured now), promoting (Rasa's PUT /model, into every replica: bot/model_rollout.py),
then done, refused (the served model stays, and the reason names each language that
dropped) or failed.

The desk starts this as a process of its own (`kefu train --job N --lock-token T`), so
its event loop never waits for training; the job holds the retrain lock throughout.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Set

from bot import PROJECT_ROOT
from bot.db.engine import make_engine
from bot.desk.model_history import ModelHistory, read_tail
from bot.desk.retrain_lock import RetrainLock
from bot.model_rollout import Rollout, most_served
from bot.settings import Settings

Reports = Dict[str, Any]


class RetrainRefused(RuntimeError):
    """The retrain could not start (another one runs, or Redis is unavailable)."""


@dataclass
class RetrainJob:
    settings: Settings
    history: ModelHistory
    job_id: int
    root: Path = PROJECT_ROOT
    config: Path | None = None
    say: Callable[[str], None] = print

    def run(self) -> Dict[str, Any]:
        """The whole retrain; every failure ends as a failed row, never as a running one."""
        try:
            self._run()
        except Exception as exc:  # recorded, with the traceback in the log
            traceback.print_exc()
            self._finish("failed", f"the retrain failed: {exc.__class__.__name__}: {exc}", promoted=False)
        job = self.history.get(self.job_id) or {}
        self.say(f"retrain {self.job_id}: {job.get('stage')}: {job.get('reason')}")
        return job

    def _run(self) -> None:
        from bot.training import fingerprint, train_if_needed

        config = self.config or self.root / "config.yml"
        self._stage("training")
        in_use = functools.partial(models_in_use, self.settings, self.history)
        candidate = train_if_needed(self.settings.models_dir, config, root=self.root, in_use=in_use)
        self.history.update(
            self.job_id, fingerprint=fingerprint(config, self.root), model_file=candidate.name
        )
        self._stage("evaluating")
        served_by = self._served_models()
        served = most_served(served_by)
        reports, sets = self._evaluate(candidate), self._sets_digest()
        self.history.update(self.job_id, reports=reports, evaluated_on=sets)
        if served is None:
            urls = ", ".join(served_by)
            self._finish("done", f"trained and measured; no Rasa server answered at {urls}, so none was "
                         "loaded (`kefu run` serves the newest model)", promoted=False)  # fmt: skip
            return
        if set(served_by.values()) == {candidate.name}:
            self._finish("done", f"Rasa already serves {served}: nothing to promote", promoted=False)
            return
        baseline = self.history.reports_for(served, sets) or self._evaluate(self._file_of(served))
        self.history.update(self.job_id, baseline_model=served, baseline=baseline)
        from bot.nlu.promotion import judge

        verdict = judge(baseline, reports, self.settings.retrain_max_drop)
        self.history.update(self.job_id, verdict=verdict.to_json())
        if not verdict.promote:
            self._finish("refused", verdict.reason, promoted=False)
            return
        self._stage("promoting")
        asyncio.run(self._rollout().load_everywhere(candidate.resolve()))
        replicas = len(served_by)
        where = "Rasa now serves" if replicas == 1 else f"all {replicas} Rasa replicas now serve"
        self._finish("done", f"{verdict.reason}; {where} {candidate.name}", promoted=True)

    def _stage(self, stage: str) -> None:
        self.say(f"retrain {self.job_id}: {stage}")
        self.history.update(self.job_id, stage, log_tail=self._log_tail())

    def _finish(self, stage: str, reason: str, promoted: bool) -> None:
        self.history.update(self.job_id, stage, reason=reason, promoted=promoted, log_tail=self._log_tail())

    def _log_tail(self) -> str | None:
        job = self.history.get(self.job_id) or {}
        path = job.get("log_path")
        return read_tail(Path(path)) if path else None

    def _rollout(self) -> Rollout:
        s = self.settings
        return Rollout(s.rasa_replica_urls, s.rasa_token, s.models_dir)

    def _served_models(self) -> Dict[str, str | None]:
        """The model file each Rasa replica serves (None: it did not answer)."""
        served = asyncio.run(self._rollout().served())
        if len(set(served.values())) > 1:
            self.say(f"the Rasa replicas serve different models: {served}")
        return served

    def _file_of(self, name: str) -> Path:
        path = self.settings.models_dir / name
        if not path.exists():
            raise FileNotFoundError(
                f"Rasa serves {name}, which is not in {self.settings.models_dir} and has no recorded "
                "figures to compare with"
            )
        return path

    def _sets(self) -> List[Path]:
        from bot.nlu.evaluation import EXTERNAL_EN

        tests = self.root / "tests" / "nlu"
        found = sorted(tests.glob("*.yml")) + sorted((tests / "real").glob("*.yml"))
        return found + ([EXTERNAL_EN] if EXTERNAL_EN.exists() else [])

    def _sets_digest(self) -> str:
        """What the figures were measured on: stored figures count only on the same sets."""
        digest = hashlib.sha256()
        for path in self._sets():
            digest.update(f"{path.parent.name}/{path.name}".encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    def _evaluate(self, model: Path) -> Reports:
        from bot.nlu.evaluation import EXTERNAL_EN, evaluate

        self.say(f"evaluating {model.name} ...")
        tests = self.root / "tests" / "nlu"
        found = evaluate(model, tests, EXTERNAL_EN, tests / "real")
        return {name: asdict(report) for name, report in found.items()}


def models_in_use(settings: Settings, history: ModelHistory | None = None) -> Set[str]:
    """Model files models/ must keep: what each Rasa replica serves now (a failed rollout
    gives it back, a restarted replica loads it), and the one a retrain last promoted (a
    replica down just now served it)."""
    served = asyncio.run(
        Rollout(settings.rasa_replica_urls, settings.rasa_token, settings.models_dir).served()
    )
    promoted = history.last_promoted() if history else None
    return {name for name in [*served.values(), promoted] if name}


def run_retrain(
    settings: Settings,
    by: str,
    job_id: int | None = None,
    lock_token: str | None = None,
    config: Path | None = None,
    root: Path | None = None,
) -> Dict[str, Any]:
    """`kefu train`: with a job and token from the desk, or on its own (taking the lock here)."""
    import redis

    from bot.desk.models import ensure_desk_schema

    engine = make_engine(settings.database_url)
    ensure_desk_schema(engine)
    history = ModelHistory(engine)
    lock = RetrainLock(settings.desk_redis_url, lock_token)
    try:
        if not lock.acquire(handed_over=lock_token is not None):
            raise RetrainRefused(
                "another retrain is running (the retrain lock is held); try again when it ends"
            )
    except redis.RedisError as exc:
        raise RetrainRefused(
            f"the retrain lock needs Redis at {settings.desk_redis_url} ({exc}); "
            "`kefu train --no-promote` only trains, without it"
        ) from exc
    with lock:
        if job_id is None:
            job_id = int(history.start(by)["id"])
        job = RetrainJob(settings, history, job_id, root=root or settings.train_root, config=config)
        result = job.run()
    engine.dispose()
    return result
