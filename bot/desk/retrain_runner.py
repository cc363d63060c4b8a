"""The desk's side of a retrain: take the lock, record the job, start `kefu train` as a
process of its own (training and evaluation never run on the desk's event loop), and
notice when that process ends without finishing its row.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Set

from bot import PROJECT_ROOT
from bot.desk import retrain_lock
from bot.desk.errors import Conflict
from bot.desk.model_history import RUNNING, ModelHistory, read_tail
from bot.desk.queue import DeskQueue
from bot.settings import Settings

logger = logging.getLogger(__name__)

LOG_DIR = PROJECT_ROOT / "var" / "logs"
DIED = "the retrain process ended without finishing (exit code {code}); its log: {log}"
LOST = "the retrain process is gone (its lock expired) without finishing; see its log"
_watchers: Set[asyncio.Task] = set()


def retrain_command(job_id: int, token: str, by: str) -> list:
    return [
        sys.executable, "-m", "bot.cli", "train",
        "--job", str(job_id), "--lock-token", token, "--by", by,
    ]  # fmt: skip


def _environment(settings: Settings) -> Dict[str, str]:
    """This desk's very settings (its random secrets too) for the job."""
    env = {**os.environ, **settings.environment(), **settings.rasa_environment()}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env


async def _busy(history: ModelHistory) -> str:
    running = await asyncio.to_thread(history.latest)
    if running and running["stage"] in RUNNING:
        return (
            f"a retrain is already running (#{running['id']}, started by {running['started_by']} "
            f"at {running['started_at']}, now {running['stage']}); wait for it to end"
        )
    return "a retrain is already running (started from the command line); wait for it to end"


async def start(
    settings: Settings, queue: DeskQueue, history: ModelHistory, by: str, now: datetime
) -> Dict[str, Any]:
    """Start a retrain for `by`; Conflict when one is running."""
    token = retrain_lock.new_token()
    if not await retrain_lock.take(queue, token):
        raise Conflict(await _busy(history))
    log = LOG_DIR / f"retrain-{now:%Y%m%d-%H%M%S}-{token[:6]}.log"
    try:
        job = await asyncio.to_thread(history.start, by, now, str(log))
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            process = await asyncio.create_subprocess_exec(
                *retrain_command(job["id"], token, by),
                cwd=str(PROJECT_ROOT),
                env=_environment(settings),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,  # a desk restart does not stop a retrain halfway
            )
    except BaseException:
        await retrain_lock.give_back(queue, token)
        raise
    logger.info("retrain %s started by %s (pid %s, log %s)", job["id"], by, process.pid, log)
    watcher = asyncio.get_running_loop().create_task(_watch(process, queue, token, history, job["id"], log))
    _watchers.add(watcher)  # the loop keeps only a weak reference to a task
    watcher.add_done_callback(_watchers.discard)
    return job


async def _watch(
    process: asyncio.subprocess.Process,
    queue: DeskQueue,
    token: str,
    history: ModelHistory,
    job_id: int,
    log: Path,
) -> None:
    code = await process.wait()
    if await asyncio.to_thread(history.abandon, job_id, DIED.format(code=code, log=log)):
        logger.warning("retrain %s: process ended with %s before finishing", job_id, code)
    # A process killed (or crashed) before letting go of the lock would leave "a retrain is
    # already running" for up to its TTL; only this job's token is released.
    try:
        await retrain_lock.give_back(queue, token)
    except Exception as exc:  # Redis down: the key expires by itself
        logger.warning("retrain %s: its lock stays until it expires (%s)", job_id, exc)


async def status(queue: DeskQueue, history: ModelHistory) -> Dict[str, Any]:
    """The latest retrain, and whether one runs now (a running row without a lock is dead)."""
    job = await asyncio.to_thread(history.latest)
    held = await retrain_lock.holder(queue)
    if job and job["stage"] in RUNNING and held is None:
        await asyncio.to_thread(history.abandon, job["id"], LOST)
        job = await asyncio.to_thread(history.get, job["id"])
    if job and job["stage"] in RUNNING and job.get("log_path"):
        job["log_tail"] = await asyncio.to_thread(read_tail, Path(job["log_path"]))
    return {"running": held is not None, "job": job}
