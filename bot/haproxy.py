"""haproxy's configuration for `kefu cluster`: one frontend per kind of server, each
balancing over that kind's replicas with health checks.

Nothing here holds a secret, but the file names every internal port, so it is written
0600 like the logs. The template is deliberately small: a seller running on several
machines copies the rendered file and edits the server lines (docs/deploy.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Iterable, List

from bot.private_files import open_private

GLOBAL = Template(
    """\
# Written by `kefu cluster`; rewritten on every start.
global
    maxconn $maxconn

defaults
    mode http
    option http-server-close
    # The desk counts rate limits per client address (KEFU_DESK_TRUSTED_PROXIES=1 behind us).
    option forwardfor
    timeout connect 2s
    # A bot answer under load can take the desk's whole KEFU_DESK_RASA_TIMEOUT.
    timeout client 65s
    timeout server 65s
    # The console's event stream stays open.
    timeout tunnel 1h
    # A replica that refuses the connection (killed, restarting) is skipped:
    # the request goes to another one before it was ever sent.
    retries 3
    option redispatch 1
    default-server inter 1s fall 2 rise 2
    # A refused check marks a dead replica down at once; a slow answer is a busy one
    # (the load test saw desks under load miss a 1 s check and flap): it gets 5 s.
    timeout check 5s
"""
)

SECTION = Template(
    """
frontend $name
    bind $bind
    default_backend $name

backend $name
    balance roundrobin
    option httpchk GET $health
    http-check expect status 200
$servers"""
)


@dataclass(frozen=True)
class Frontend:
    """A kind of server: where haproxy listens for it, its replicas and its health check path."""

    name: str
    host: str
    port: int
    replicas: List[int]  # ports on replica_host
    health: str
    replica_host: str = "127.0.0.1"

    def render(self) -> str:
        servers = "".join(
            f"    server {self.name}{i} {self.replica_host}:{port} check\n"
            for i, port in enumerate(self.replicas, 1)
        )
        return SECTION.substitute(
            name=self.name, bind=f"{self.host}:{self.port}", health=self.health, servers=servers
        )


def render(frontends: Iterable[Frontend], maxconn: int = 4096) -> str:
    return GLOBAL.substitute(maxconn=maxconn) + "".join(f.render() for f in frontends)


def write_config(path: Path, frontends: Iterable[Frontend]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_private(path) as handle:
        handle.write(render(frontends))
    return path
