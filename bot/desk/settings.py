"""The desk's settings, read from the environment and checked at start.

The Rasa server's address and token come from bot.settings, so the desk and
`kefu run` agree on them; the seller's working hours come from seller/desk.yml.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from urllib.parse import urlparse

from bot.desk.schedule import DESK_FILE, DeskConfig, load_desk_config
from bot.settings import Settings, SettingsError, _port

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a number of seconds") from exc
    if value <= 0:
        raise SettingsError(f"{name} must be more than 0")
    return value


def _url(env: Mapping[str, str], name: str, schemes: tuple) -> str | None:
    url = env.get(name, "").strip()
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in schemes or not parsed.hostname:
        raise SettingsError(f"{name} must be a {'/'.join(schemes)} URL, got {url!r}")
    return url


@dataclass(frozen=True)
class DeskSettings:
    bot: Settings
    host: str = "127.0.0.1"
    port: int = 8000
    # Signs agents' session tokens. Random per run unless set: then every desk
    # replica behind a load balancer needs the same value.
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    webhook_secret: str | None = field(default=None, repr=False)
    outbound_url: str | None = None
    redis_url: str = DEFAULT_REDIS_URL
    database_url: str | None = None  # None: bot.commerce.database's default
    rasa_timeout: float = 5.0
    outbound_attempts: int = 5
    outbound_backoff: float = 0.5
    session_hours: float = 12.0
    config: DeskConfig = field(default_factory=DeskConfig)

    @property
    def rasa_url(self) -> str:
        return self.bot.rasa_url

    @property
    def rasa_token(self) -> str:
        return self.bot.rasa_token

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DeskSettings:
        env = os.environ if env is None else env
        config_path = Path(env.get("KEFU_DESK_CONFIG") or DESK_FILE)
        try:
            config = load_desk_config(config_path)
        except (OSError, ValueError) as exc:
            raise SettingsError(f"{config_path}: {exc}") from exc
        attempts = env.get("KEFU_OUTBOUND_ATTEMPTS", "5").strip() or "5"
        if not attempts.isdigit() or int(attempts) < 1:
            raise SettingsError(f"KEFU_OUTBOUND_ATTEMPTS={attempts!r} must be a whole number of at least 1")
        return cls(
            bot=Settings.from_env(env),
            host=env.get("KEFU_DESK_HOST", "127.0.0.1"),
            port=_port(env, "KEFU_DESK_PORT", 8000),
            secret=env.get("KEFU_DESK_SECRET") or secrets.token_urlsafe(32),
            webhook_secret=env.get("KEFU_WEBHOOK_SECRET") or None,
            outbound_url=_url(env, "KEFU_OUTBOUND_URL", ("http", "https")),
            redis_url=_url(env, "KEFU_REDIS_URL", ("redis", "rediss")) or DEFAULT_REDIS_URL,
            database_url=env.get("KEFU_DATABASE_URL", "").strip() or None,
            rasa_timeout=_seconds(env, "KEFU_DESK_RASA_TIMEOUT", 5.0),
            outbound_attempts=int(attempts),
            outbound_backoff=_seconds(env, "KEFU_OUTBOUND_BACKOFF", 0.5),
            session_hours=_seconds(env, "KEFU_DESK_SESSION_HOURS", 12.0),
            config=config,
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"
