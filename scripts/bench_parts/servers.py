"""The bots `make bench` measures, each started, timed until its REST webhook answers, and
stopped: the stock `rasa init` bot, Kefu as `kefu run` starts it without the desk (from any
checkout), Kefu with the desk, and `kefu cluster` with N replicas."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict

import requests

from bench import ROOT, start_desk_stack
from bench_parts.procs import command_line, cpu_seconds, descendants, find, rss_mb, seconds_since_start
from bot.cluster import Cluster
from bot.settings import Settings
from bot.training import train_if_needed

PYTHON = sys.executable
BASE_ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "HF_HUB_OFFLINE": "1"}
STOCK = ROOT / "var" / "bench-stock" / "stock"
DESK_BOT = "kefu+desk"
# How to tell the servers apart among a launcher's processes.
MARKERS = {"rasa": "bot.rasa_launcher", "actions": "bot.cli actions", "desk": "bot.cli desk"}
# Started in the checkout under test, so its own `bot` package and model serve; trains first
# if that checkout has no model for its data (before Rasa starts, so not in the ready time).
SERVE_KEFU = """
import signal
import sys
from pathlib import Path
from bot import PROJECT_ROOT
from bot.settings import Settings
from bot.stack import Stack
from bot.training import train_if_needed
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so that Stack.wait stops the servers
model = train_if_needed(PROJECT_ROOT / "models")
Stack(Settings.from_env(), model, Path(sys.argv[1]), desk=sys.argv[2:] == ["desk"]).start().wait()
"""


@dataclass
class Running:
    """A started bot: where its servers answer, their processes by role, how long Rasa took."""

    name: str
    rasa_url: str
    stop: Callable[[], None]
    pids: Dict[str, int] = field(default_factory=dict)
    ready_s: float | None = None
    desk_url: str | None = None

    def cpu(self) -> Dict[str, float]:
        """CPU seconds each server has used so far."""
        return {role: cpu_seconds(pid) for role, pid in self.pids.items()}

    def memory(self) -> Dict[str, float]:
        """Resident MB of each server now, their total, and the Rasa server's peak so far."""
        now = {role: rss_mb(pid) for role, pid in self.pids.items()}
        return {**now, "total": round(sum(now.values()), 1), "rasa_peak": rss_mb(self.pids["rasa"], "VmHWM")}


def ready_after_start(pid: int, process: subprocess.Popen, url: str, timeout: float = 900) -> float:
    """Seconds from the start of process `pid` until `url` answers 200 (polled every 0.1 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}) before {url} answered")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return round(seconds_since_start(pid), 2)
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def terminate(process: subprocess.Popen) -> None:
    """SIGTERM (SIGINT is ignored by a process started from a background shell), then SIGKILL
    to whatever of the process and its children outlived a minute."""
    started = {pid: command_line(pid) for pid in descendants(process.pid)[1:]}
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for pid, command in started.items():
        if command_line(pid) == command:  # still that child, not a new process with its number
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def start_stock(port: int, work: Path) -> Running:
    """`rasa run` of the `rasa init --no-prompt` bot, trained once into var/bench-stock/stock."""
    if not list((STOCK / "models").glob("*.tar.gz")):
        STOCK.mkdir(parents=True, exist_ok=True)
        print("== stock: rasa init (trains the default bot) ...", flush=True)
        command = [PYTHON, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(STOCK)]
        subprocess.run(command, env=BASE_ENV, check=True)
    command = [
        PYTHON,
        "-m",
        "rasa",
        "run",
        "--port",
        str(port),
        "--model",
        "models",
        "--interface",
        "127.0.0.1",
    ]
    with open(work / "stock.log", "w") as log:  # the server keeps its own copy of the handle
        process = subprocess.Popen(command, cwd=STOCK, env=BASE_ENV, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    ready = ready_after_start(process.pid, process, f"{url}/webhooks/rest/")
    return Running("stock", url, lambda: terminate(process), {"rasa": process.pid}, ready)


def start_kefu(
    name: str, root: Path, port: int, work: Path, desk_env: Dict[str, str] | None = None
) -> Running:
    """Kefu of checkout `root` as `kefu run` starts it without the desk, trackers in memory
    (as the stock bot's), Rasa on `port` and the action server on port + 50. With `desk_env`
    (KEFU_DESK_PORT, KEFU_REDIS_URL and the webhook's settings at least) the desk too, on a
    fresh journal: scripts/bench_desk.py runs two checkouts' desks side by side so."""
    database = work / f"{name}.db"
    database.unlink(missing_ok=True)
    env = {
        **BASE_ENV,
        "PYTHONPATH": str(root),
        "KEFU_RASA_PORT": str(port),
        "KEFU_ACTIONS_PORT": str(port + 50),
        "KEFU_DATABASE_URL": f"sqlite:///{database}",
    }
    env.pop("KEFU_REDIS_URL", None)
    env.update(desk_env or {})
    command = [PYTHON, "-c", SERVE_KEFU, str(work / f"logs-{name}"), *(["desk"] if desk_env else [])]
    with open(work / f"{name}.log", "w") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 3600  # a checkout without a model trains first
    while (rasa := find([process.pid], MARKERS["rasa"])) is None:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{name}: no Rasa server started; see {work / f'{name}.log'}")
        time.sleep(0.1)
    url = f"http://127.0.0.1:{port}"
    ready = ready_after_start(rasa, process, f"{url}/webhooks/rest/")
    found = {role: find([process.pid], marker) for role, marker in MARKERS.items() if role != "rasa"}
    pids = {"rasa": rasa, **{role: pid for role, pid in found.items() if pid}}
    desk_url = f"http://127.0.0.1:{desk_env['KEFU_DESK_PORT']}" if desk_env else None
    if desk_url:
        ready_after_start(rasa, process, f"{desk_url}/health")
    return Running(name, url, lambda: terminate(process), pids, ready, desk_url)


def start_kefu_desk(port: int, work: Path, redis_url: str, desk_env: Dict[str, str]) -> Running:
    """This checkout's Kefu with the desk (desk on port + 75), trackers in Redis: the desk
    needs Redis for its queue, and Rasa then keeps its trackers there too, as in production."""
    settings, stack, _ = start_desk_stack(work, port, KEFU_REDIS_URL=redis_url, **desk_env)
    pids = {role: find([p.pid for p in stack.processes], marker) for role, marker in MARKERS.items()}
    found = {role: pid for role, pid in pids.items() if pid is not None}
    return Running(DESK_BOT, settings.rasa_url, stack.stop, found, desk_url=settings.desk_url)


def cluster_settings(port: int, work: Path, redis_url: str, desk_env: Dict[str, str]) -> Settings:
    """Settings of a `kefu cluster` with its frontends on port (Rasa), + 50 (actions) and
    + 100 (desk), trackers and locks in Redis, one SQLite journal in `work`."""
    database_url = f"sqlite:///{work / 'kefu.db'}"
    os.environ["KEFU_DATABASE_URL"] = database_url  # the action servers inherit it
    env = {
        "KEFU_RASA_PORT": str(port),
        "KEFU_ACTIONS_PORT": str(port + 50),
        "KEFU_DESK_PORT": str(port + 100),
        "KEFU_RASA_TOKEN": uuid.uuid4().hex,
        "KEFU_REDIS_URL": redis_url,
        "KEFU_DATABASE_URL": database_url,
        **desk_env,
    }
    return Settings.from_env(env)


def start_cluster(replicas: int, port: int, work: Path, redis_url: str, desk_env: Dict[str, str]) -> Running:
    """`kefu cluster --replicas N`: N Rasa, action and desk servers behind haproxy."""
    (work / "kefu.db").unlink(missing_ok=True)
    settings = cluster_settings(port, work, redis_url, desk_env)
    cluster = Cluster(settings, train_if_needed(ROOT / "models"), work / "logs", replicas=replicas).start()
    return Running(f"cluster x{replicas}", settings.rasa_url, cluster.stop, desk_url=settings.desk_url)
