"""Start and stop Kefu's servers: the action/NLG server, the Rasa server and the desk.

Used by `kefu run`, the end-to-end tests and the benchmark, so all three run
the assistant the same way. The desk (agent console, API, buyer channels) is
optional: `kefu run` starts it, with a local redis-server for its queue when
nothing listens at its Redis URL.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List
from urllib.parse import urlparse

from bot import PROJECT_ROOT
from bot.private_files import open_private
from bot.settings import Settings

STARTUP_TIMEOUT_S = 240


class StartupError(RuntimeError):
    """A server did not come up; the message includes the end of its log."""


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StartupError(f"{url} exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise StartupError(f"{url} did not answer within {timeout:.0f}s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def server_environment(settings: Settings) -> Dict[str, str]:
    """The environment every server gets: the very settings this process holds,
    this run's random secrets too."""
    env = {**os.environ, **settings.environment(), **settings.rasa_environment()}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env


def actions_command() -> List[str]:
    return [sys.executable, "-m", "bot.cli", "actions"]


def desk_command() -> List[str]:
    return [sys.executable, "-m", "bot.cli", "desk"]


def rasa_command(model: Path, host: str, port: int) -> List[str]:
    return [
        sys.executable,
        "-m",
        "bot.rasa_launcher",  # adds the token from KEFU_RASA_TOKEN in-process
        "run",
        "--model",
        str(model),
        "--enable-api",
        "--interface",
        host,
        "--port",
        str(port),
        "--endpoints",
        "endpoints.yml",
        "--credentials",
        "credentials.yml",
    ]


@dataclass
class Stack:
    settings: Settings
    model: Path
    log_dir: Path
    processes: List[subprocess.Popen] = field(default_factory=list)
    desk: bool = False  # also start the desk (kefu run); the tests start their own

    def _local_redis_for_desk(self) -> None:
        """A throw-away redis-server for the desk's queue when none answers at its URL."""
        url = urlparse(self.settings.desk_redis_url)
        host, port = url.hostname or "127.0.0.1", url.port or 6379
        if host not in ("127.0.0.1", "localhost") or listening(host, port):
            return
        server = shutil.which("redis-server")
        if server is None:
            print("No Redis for the desk and no redis-server to start: the desk queue waits for one.")
            return
        self._spawn(
            "redis",
            [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
            dict(os.environ),
        )

    def _spawn(self, name: str, command: List[str], env: Dict[str, str]) -> subprocess.Popen:
        log = self.log_dir / f"{name}.log"
        handle = open_private(log)  # the child process owns it until it exits
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def start(self, timeout: float = STARTUP_TIMEOUT_S) -> Stack:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        s = self.settings
        env = server_environment(s)
        if self.desk:
            self._local_redis_for_desk()  # before Rasa, which may keep its trackers there too
        actions = self._spawn("actions", actions_command(), env)
        rasa = self._spawn("rasa", rasa_command(self.model, s.rasa_host, s.rasa_port), env)
        desk = self._spawn("desk", desk_command(), env) if self.desk else None
        try:
            wait_for(f"{s.actions_url}/health", actions, self.log_dir / "actions.log", timeout)
            wait_for(f"{s.rasa_url}/webhooks/rest/", rasa, self.log_dir / "rasa.log", timeout)
            if desk is not None:
                wait_for(f"{s.desk_url}/health", desk, self.log_dir / "desk.log", timeout)
        except StartupError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def wait(self) -> int | None:
        """Block until one server exits (or Ctrl-C), then stop the rest."""
        try:
            while all(p.poll() is None for p in self.processes):
                time.sleep(1)
            return next(p.returncode for p in self.processes if p.poll() is not None)
        finally:
            self.stop()
