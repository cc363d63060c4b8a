"""`kefu cluster`: N action servers, N Rasa servers and N desks behind haproxy, on this machine.

The frontends listen where the settings say a single server would (KEFU_RASA_PORT,
KEFU_ACTIONS_PORT, KEFU_DESK_PORT), so everything that talks to "the" Rasa server or
"the" action server talks to a frontend: Rasa's endpoints.yml names the actions
frontend, the desks name the Rasa frontend. Replicas listen on 127.0.0.1 at the
following ports (frontend + 1, + 2, ...). They share Redis (Rasa's tracker and lock
stores, the desk's queue) and the SQL database; Rasa's Redis lock store keeps one
conversation's messages in order whichever replica takes them. docs/deploy.md.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

from bot.haproxy import Frontend, write_config
from bot.model_rollout import Rollout, most_served
from bot.settings import DEFAULT_DESK_REDIS_URL, Settings
from bot.stack import (
    STARTUP_TIMEOUT_S,
    Stack,
    StartupError,
    actions_command,
    desk_command,
    rasa_command,
    server_environment,
    wait_for,
)

REPLICA_HOST = "127.0.0.1"
KINDS = ("actions", "rasa", "desk")
# What haproxy asks each kind to decide it is up (Rasa's "/" answers without a token).
HEALTH = {"actions": "/health", "rasa": "/", "desk": "/health"}


def clustered(settings: Settings, replicas: int) -> Settings:
    """The settings a cluster runs with: replicas must share Rasa's stores, so Redis is
    not optional (the desk's default Redis when KEFU_REDIS_URL is unset), and a retrain
    must load its model into every Rasa replica (KEFU_RASA_REPLICAS)."""
    ports = replica_ports(settings.rasa_port, replicas)
    return settings.copy(
        update={
            "redis_url": settings.redis_url or DEFAULT_DESK_REDIS_URL,
            "rasa_replicas": " ".join(f"http://{REPLICA_HOST}:{port}" for port in ports),
        }
    )


def database_warning(settings: Settings) -> str | None:
    """SQLite works for replicas on one machine (one file, locked per write), never across
    machines, and it serialises every write: say so, PostgreSQL is what replicas want."""
    url = settings.database_url or "sqlite"
    if url.startswith("sqlite"):
        return (
            "KEFU_DATABASE_URL is SQLite: fine for replicas on this machine only, and every "
            "write waits its turn. Use PostgreSQL (postgresql://...) for a real cluster."
        )
    return None


def replica_ports(frontend_port: int, replicas: int) -> List[int]:
    return [frontend_port + i for i in range(1, replicas + 1)]


@dataclass
class Cluster(Stack):
    replicas: int = 2
    # Every replica process by kind, in port order (the tests kill one).
    servers: Dict[str, List[subprocess.Popen]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.replicas < 1:
            raise ValueError("a cluster needs at least 1 replica of each server")
        self.settings = clustered(self.settings, self.replicas)
        self.desk = True

    @property
    def config_path(self) -> Path:
        return self.log_dir.parent / "haproxy.cfg"

    def frontends(self) -> List[Frontend]:
        s = self.settings
        where = {
            "actions": (s.actions_host, s.actions_port),
            "rasa": (s.rasa_host, s.rasa_port),
            "desk": (s.desk_host, s.desk_port),
        }
        return [
            Frontend(kind, host, port, replica_ports(port, self.replicas), HEALTH[kind], REPLICA_HOST)
            for kind, (host, port) in where.items()
        ]

    def _replica_env(self, kind: str, port: int) -> Dict[str, str]:
        """Each replica's own address; everything else (the frontends it calls) as the settings say."""
        env = server_environment(self.settings)
        if kind == "actions":
            env.update(KEFU_ACTIONS_HOST=REPLICA_HOST, KEFU_ACTIONS_PORT=str(port))
        elif kind == "desk":
            # The console is used through the frontend, so that is the origin it must accept.
            origins = self.settings.desk_origins or self.settings.desk_url
            env.update(
                KEFU_DESK_HOST=REPLICA_HOST,
                KEFU_DESK_PORT=str(port),
                KEFU_DESK_ORIGINS=origins,
                KEFU_DESK_TRUSTED_PROXIES="1",
            )
        return env

    def _command(self, kind: str, port: int, model: Path | None = None) -> List[str]:
        commands: Dict[str, Callable[[], List[str]]] = {
            "actions": actions_command,
            "rasa": lambda: rasa_command(model or self.model, REPLICA_HOST, port),
            "desk": desk_command,
        }
        return commands[kind]()

    def model_served_now(self) -> Path | None:
        """The model the running Rasa replicas serve, when its file is in models/: a retrain may
        have promoted another since the cluster started, and a restarted replica must serve
        the same one as the others."""
        s = self.settings
        name = most_served(asyncio.run(Rollout(s.rasa_replica_urls, s.rasa_token, s.models_dir).served()))
        path = s.models_dir / name if name else None
        return path if path is not None and path.exists() else None

    def restart(self, kind: str, index: int, timeout: float = STARTUP_TIMEOUT_S) -> subprocess.Popen:
        """Start replica `index` (0-based) of `kind` again on its port, as a supervisor would
        after a crash, and wait until it answers (haproxy's health check then takes it back)."""
        frontend = next(f for f in self.frontends() if f.name == kind)
        port = frontend.replicas[index]
        old = self.servers[kind][index]
        if old.poll() is None:
            raise RuntimeError(f"{kind} replica {index + 1} is still running")
        name = f"{kind}-{index + 1}-restarted"
        model = self.model_served_now() if kind == "rasa" else None
        process = self._spawn(name, self._command(kind, port, model), self._replica_env(kind, port))
        self.servers[kind][index] = process
        wait_for(
            f"http://{REPLICA_HOST}:{port}{frontend.health}", process, self.log_dir / f"{name}.log", timeout
        )
        return process

    def start(self, timeout: float = STARTUP_TIMEOUT_S) -> Cluster:
        haproxy = shutil.which("haproxy")
        if haproxy is None:
            raise StartupError("haproxy is not installed (Debian: apt-get install haproxy)")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._local_redis_for_desk()
        frontends = self.frontends()
        waits = []
        for frontend in frontends:
            self.servers[frontend.name] = []
            for i, port in enumerate(frontend.replicas, 1):
                name = f"{frontend.name}-{i}"
                process = self._spawn(
                    name, self._command(frontend.name, port), self._replica_env(frontend.name, port)
                )
                self.servers[frontend.name].append(process)
                waits.append((f"http://{REPLICA_HOST}:{port}{frontend.health}", process, name))
        write_config(self.config_path, frontends)
        balancer = self._spawn(
            "haproxy", [haproxy, "-db", "-f", str(self.config_path)], server_environment(self.settings)
        )
        try:
            for url, process, name in waits:
                wait_for(url, process, self.log_dir / f"{name}.log", timeout)
            s = self.settings
            for url in (f"{s.actions_url}/health", f"{s.rasa_url}/", f"{s.desk_url}/health"):
                wait_for(url, balancer, self.log_dir / "haproxy.log", 30)
        except StartupError:
            self.stop()
            raise
        return self
