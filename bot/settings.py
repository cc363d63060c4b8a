"""One typed settings object, read from the environment and checked at start.

Every variable is optional: the defaults run everything embedded on this machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from urllib.parse import urlparse

from bot import PROJECT_ROOT
from bot.shared_secret import new_secret


class SettingsError(ValueError):
    """A setting in the environment is present but unusable."""


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, str(default))
    try:
        port = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a port number") from exc
    if not 0 < port < 65536:
        raise SettingsError(f"{name}={port} is outside 1-65535")
    return port


def _redis_url(env: Mapping[str, str]) -> str | None:
    url = env.get("KEFU_REDIS_URL", "").strip()
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("redis", "rediss") or not parsed.hostname:
        raise SettingsError(f"KEFU_REDIS_URL must look like redis://host:port/db, got {url!r}")
    return url


@dataclass(frozen=True)
class Settings:
    rasa_host: str
    rasa_port: int
    actions_host: str
    actions_port: int
    rasa_token: str = field(repr=False)
    channel_secret: str = field(repr=False)  # the desk shows it to the REST channel
    actions_token: str = field(repr=False)  # Rasa shows it to the action server (endpoints.yml)
    redis_url: str | None
    models_dir: Path
    responses_dir: Path

    @property
    def actions_url(self) -> str:
        return f"http://{self.actions_host}:{self.actions_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            rasa_host=env.get("KEFU_RASA_HOST", "127.0.0.1"),
            rasa_port=_port(env, "KEFU_RASA_PORT", 5005),
            actions_host=env.get("KEFU_ACTIONS_HOST", "127.0.0.1"),
            actions_port=_port(env, "KEFU_ACTIONS_PORT", 5055),
            # The Rasa HTTP API is never open: without a configured token each run
            # gets a fresh random one.
            rasa_token=env.get("KEFU_RASA_TOKEN") or new_secret(),
            channel_secret=env.get("KEFU_CHANNEL_SECRET") or new_secret(),
            actions_token=env.get("KEFU_ACTIONS_TOKEN") or new_secret(),
            redis_url=_redis_url(env),
            models_dir=Path(env.get("KEFU_MODELS_DIR", PROJECT_ROOT / "models")),
            responses_dir=Path(env.get("KEFU_RESPONSES_DIR", PROJECT_ROOT / "data" / "responses")),
        )

    def rasa_environment(self) -> dict:
        """Variables that endpoints.yml expands when Rasa starts, and the secrets its
        neighbours share with it (in the environment, never on a command line)."""
        env = {
            "KEFU_ACTIONS_URL": self.actions_url,
            "KEFU_RASA_TOKEN": self.rasa_token,
            "KEFU_CHANNEL_SECRET": self.channel_secret,
            "KEFU_ACTIONS_TOKEN": self.actions_token,
        }
        if self.redis_url:
            env["KEFU_REDIS_URL"] = self.redis_url
        return env
