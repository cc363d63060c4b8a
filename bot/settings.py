"""One typed settings object for the whole service, read from KEFU_* variables and checked at start.

Every variable is optional: the defaults run everything embedded on this machine.
A blank variable counts as unset. The seller's own configuration (hours, routing,
shop) is not here: it lives in seller/*.yml, read by bot.seller.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple

from pydantic import BaseSettings, Field, PrivateAttr, ValidationError, validator

from bot import PROJECT_ROOT
from bot.seller.auto_replies import AUTO_REPLIES_FILE
from bot.seller.desk import DESK_FILE, DeskConfig, load_desk_config
from bot.seller.notices import NOTICES_FILE
from bot.setting_urls import URL_SHAPES, check_urls, url_list

logger = logging.getLogger(__name__)

ENV_PREFIX = "KEFU_"
# The desk's queue always needs Redis; Rasa uses it only when KEFU_REDIS_URL is set.
DEFAULT_DESK_REDIS_URL = "redis://127.0.0.1:6379/0"
# Secrets that get a random value when unset, with how many random bytes.
# The REST channel takes 64 KB; the tracker API the desk and trainers use takes more.
RASA_MAX_REQUEST_BYTES = 16 * 1024 * 1024
RANDOM_SECRETS = {"rasa_token": 24, "desk_secret": 32, "channel_secret": 24, "actions_token": 24}


class SettingsError(ValueError):
    """A setting in the environment is present but unusable."""


def env_name(field_name: str) -> str:
    return f"{ENV_PREFIX}{field_name.upper()}"


def _convert(value: Any, kind: type, problem: str) -> Any:
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ValueError(problem) from None


class Settings(BaseSettings):
    # Rasa and the action server.
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    actions_host: str = "127.0.0.1"
    actions_port: int = 5055
    # The Rasa HTTP API is never open: unset, each run gets a fresh random token.
    rasa_token: str = Field("", repr=False)
    # Every Rasa server behind the Rasa address (replicas: `kefu cluster` sets it), space- or
    # comma-separated base URLs: a retrain loads its model into each. Unset: the one Rasa.
    rasa_replicas: str = ""
    # The desk shows it to the REST channel, which then trusts the buyer the desk names.
    channel_secret: str = Field("", repr=False)
    # Rasa shows it to the action server and the NLG endpoint (endpoints.yml headers).
    actions_token: str = Field("", repr=False)
    redis_url: Optional[str] = None  # Rasa's tracker and lock stores; the desk's queue
    models_dir: Path = PROJECT_ROOT / "models"
    responses_dir: Path = PROJECT_ROOT / "data" / "responses"
    database_url: Optional[str] = None  # None: bot.db.engine's SQLite default
    # The desk.
    desk_host: str = "127.0.0.1"
    desk_port: int = 8000
    # Signs agents' session tokens. Random per run unless set: then every desk
    # replica behind a load balancer needs the same value.
    desk_secret: str = Field("", repr=False)
    webhook_secret: Optional[str] = Field(None, repr=False)
    outbound_url: Optional[str] = None
    # Kefu as a Chatwoot agent bot (bot.channels.chatwoot): the installation, the bot's
    # api_access_token, and the token Chatwoot's webhook URL must carry.
    chatwoot_url: Optional[str] = None
    chatwoot_token: Optional[str] = Field(None, repr=False)
    chatwoot_webhook_token: Optional[str] = Field(None, repr=False)
    # Lazada's seller chat (bot.channels.lazada): the country's API address, the app's
    # key and secret, the seller's tokens, and how often the chats are polled.
    lazada_url: Optional[str] = None
    lazada_app_key: Optional[str] = None
    lazada_app_secret: Optional[str] = Field(None, repr=False)
    lazada_access_token: Optional[str] = Field(None, repr=False)
    lazada_refresh_token: Optional[str] = Field(None, repr=False)
    # Where Lazada renews access tokens: one address for all countries, not lazada_url.
    lazada_auth_url: str = "https://auth.lazada.com/rest"
    lazada_poll_seconds: float = 15.0
    # Lazada's push (IM session update, message_type 19) to /channels/lazada/push, signed with the app secret.
    lazada_push: bool = False
    # Shopee's seller chat (bot.channels.shopee): the API address, the app's partner id
    # and key, the shop and its tokens, and how often the chats are polled.
    shopee_url: str = "https://partner.shopeemobile.com"
    shopee_partner_id: Optional[int] = None
    shopee_partner_key: Optional[str] = Field(None, repr=False)
    shopee_shop_id: Optional[int] = None
    shopee_access_token: Optional[str] = Field(None, repr=False)
    shopee_refresh_token: Optional[str] = Field(None, repr=False)
    shopee_poll_seconds: float = 15.0
    # Shopee's push (webchat_push, code 10), signed with the partner key over the callback URL as
    # registered at Shopee (the desk's own view of the URL differs behind a proxy).
    shopee_push: bool = False
    shopee_push_url: Optional[str] = None
    # How often a marketplace whose push is on is still polled (a push is only a wake-up).
    push_poll_seconds: float = 120.0
    # AliExpress's seller messages (bot.channels.aliexpress): the API address, the app's key
    # and secret, the seller's tokens and login id (replies are sent as it), the poll interval.
    aliexpress_url: str = "https://api-sg.aliexpress.com"
    aliexpress_app_key: Optional[str] = None
    aliexpress_app_secret: Optional[str] = Field(None, repr=False)
    aliexpress_access_token: Optional[str] = Field(None, repr=False)
    aliexpress_refresh_token: Optional[str] = Field(None, repr=False)
    aliexpress_seller_id: Optional[str] = None
    aliexpress_poll_seconds: float = 15.0
    # Wish's customer tickets (bot.channels.wish): the API address, the merchant's tokens,
    # the app's client id and secret (to renew the token), and how often tickets are polled.
    wish_url: str = "https://merchant.wish.com"
    wish_access_token: Optional[str] = Field(None, repr=False)
    wish_refresh_token: Optional[str] = Field(None, repr=False)
    wish_client_id: Optional[str] = None
    wish_client_secret: Optional[str] = Field(None, repr=False)
    wish_poll_seconds: float = 15.0
    # Ozon's buyer chats (bot.channels.ozon): the Seller API address, the seller's
    # Client-Id and Api-Key, and how often the chats are polled.
    ozon_url: str = "https://api-seller.ozon.ru"
    ozon_client_id: Optional[str] = None
    ozon_api_key: Optional[str] = Field(None, repr=False)
    ozon_poll_seconds: float = 15.0
    desk_config: Path = DESK_FILE
    # The seller's auto-replies until a supervisor saves some in the console.
    auto_replies_file: Path = AUTO_REPLIES_FILE
    # How long the desk waits for the bot's answer once Rasa has taken the message:
    # under load answers are slow, and slow is not down (a refused connection is).
    desk_rasa_timeout: float = 30.0
    # Seconds a Rasa server holds a conversation's lock (Rasa's TICKET_LOCK_LIFETIME). Longer
    # than any one message takes; a replica that dies holding it blocks that conversation
    # this long, so it stays under desk_rasa_timeout (the desk's retry then still gets in).
    rasa_lock_lifetime: int = 20
    # Messages the desk has in Rasa at once; the rest wait their turn, not the timeout.
    desk_rasa_concurrency: int = 8
    # A buyer whose message waited this long for the bot is told how long replies take (0: never).
    desk_busy_note_seconds: float = 8.0
    # Buyer messages per minute, per buyer and per web-chat client address (0: no limit).
    desk_buyer_rate: int = 30
    desk_address_rate: int = 120
    # Proxies in front of the desk that append X-Forwarded-For (haproxy in `kefu cluster`: 1).
    # 0 trusts no forwarded header, so a client cannot pick its own address for the limits.
    desk_trusted_proxies: int = 0
    outbound_attempts: int = 5
    outbound_backoff: float = 0.5
    # The marketplaces' rules on messages Kefu writes first (notices and promos).
    notices_file: Path = NOTICES_FILE
    # How often the desk sends the proactive notices tracking data calls for (0: never;
    # `kefu notices run` and a tracking import still do).
    notices_seconds: float = 300.0
    # A promo campaign's messages per minute when its file names no rate_per_minute.
    promo_rate_per_minute: int = 20
    desk_session_hours: float = 12.0
    # Where the console may be used from (space or comma separated origins); empty: desk_url.
    desk_origins: str = ""
    # Who may frame the web chat (CSP frame-ancestors), e.g. "'self' https://shop.example".
    chat_frame_ancestors: str = "'self'"
    chat_session_hours: float = 720.0
    # The key a shop signs its signed-in buyer's chat link with; unset: one derived from the
    # webhook secret (bot.desk.channels.chat_identity_key). A link expires at most this far ahead.
    chat_identity_secret: Optional[str] = Field(None, repr=False)
    chat_identity_max_hours: float = 24.0
    # The trainer's inbox: where labelled examples go (<dir>/<lang>/reviewed.yml), and the
    # confidence below which a buyer message counts as one the bot was unsure of.
    nlu_data_dir: Path = PROJECT_ROOT / "data" / "nlu"
    trainer_confidence: float = 0.6
    # A retrained model replaces the served one only if no language's held-out or real-buyer
    # macro-F1 drops by more than this many points (bot/nlu/promotion.py).
    retrain_max_drop: float = 1.0
    # The Rasa project a retrain reads (config, domain, data, tests/nlu): this checkout.
    train_root: Path = PROJECT_ROOT

    _random_secrets: Tuple[str, ...] = PrivateAttr(default=())

    class Config:
        env_prefix = ENV_PREFIX
        allow_mutation = False

        @classmethod
        def customise_sources(cls, init_settings, env_settings, file_secret_settings):
            # Values come only from from_env(), so a test's mapping is never mixed
            # with whatever the real environment holds.
            return (init_settings,)

    def __init__(self, **values: Any) -> None:
        random = tuple(name for name in RANDOM_SECRETS if not values.get(name))
        for name in random:
            values[name] = secrets.token_urlsafe(RANDOM_SECRETS[name])
        super().__init__(**values)
        self._random_secrets = tuple(env_name(name) for name in random)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings from `env` (default: the process environment); SettingsError names what is wrong."""
        env = os.environ if env is None else env
        lowered = {key.lower(): value for key, value in env.items()}
        values: Dict[str, str] = {}
        for name, model_field in cls.__fields__.items():
            for variable in model_field.field_info.extra["env_names"]:
                raw = lowered.get(variable, "").strip()
                if raw:
                    values[name] = raw
        try:
            return cls(**values)
        except ValidationError as exc:
            raise SettingsError("; ".join(error["msg"] for error in exc.errors())) from None

    @validator("rasa_port", "actions_port", "desk_port", pre=True)
    def _port(cls, value, field):
        port = _convert(value, int, f"{env_name(field.name)}={value!r} is not a port number")
        if not 0 < port < 65536:
            raise ValueError(f"{env_name(field.name)}={port} is outside 1-65535")
        return port

    @validator(*URL_SHAPES)
    def _url(cls, url, field):
        return check_urls(field.name, env_name(field.name), url)

    @validator(
        "desk_rasa_timeout",
        "outbound_backoff",
        "desk_session_hours",
        "chat_session_hours",
        "chat_identity_max_hours",
        "lazada_poll_seconds",
        "shopee_poll_seconds",
        "ozon_poll_seconds",
        "aliexpress_poll_seconds",
        "wish_poll_seconds",
        "push_poll_seconds",
        pre=True,
    )
    def _positive(cls, value, field):
        number = _convert(value, float, f"{env_name(field.name)}={value!r} is not a number")
        if number <= 0:
            raise ValueError(f"{env_name(field.name)} must be more than 0")
        return number

    @validator("chat_frame_ancestors")
    def _one_directive(cls, value):
        if any(mark in value for mark in ";,\r\n") or not value.strip():
            raise ValueError(
                "KEFU_CHAT_FRAME_ANCESTORS must be sources separated by spaces, e.g. 'self' https://shop.example"
            )
        return value.strip()

    @validator(
        "outbound_attempts", "desk_rasa_concurrency", "promo_rate_per_minute", "rasa_lock_lifetime", pre=True
    )
    def _at_least_one(cls, value, field):
        if not str(value).isdigit() or int(value) < 1:
            raise ValueError(f"{env_name(field.name)}={value!r} must be a whole number of at least 1")
        return int(value)

    @validator("notices_seconds", "desk_busy_note_seconds", pre=True)
    def _interval(cls, value, field):
        number = _convert(value, float, f"{env_name(field.name)}={value!r} is not a number")
        if not 0 <= number < float("inf"):  # NaN fails this too
            raise ValueError(f"{env_name(field.name)} must be 0 (off) or a number of seconds")
        return number

    @validator("desk_buyer_rate", "desk_address_rate", "desk_trusted_proxies", pre=True)
    def _count(cls, value, field):
        if not str(value).isdigit():
            raise ValueError(f"{env_name(field.name)}={value!r} must be a whole number (0 or more)")
        return int(value)

    @property
    def random_secrets(self) -> Tuple[str, ...]:
        """The secret variables that were unset, so got a random value for this run only."""
        return self._random_secrets

    def warn_about_random_secrets(self) -> None:
        """Called once when a server starts; names the variables, never their values."""
        if self._random_secrets:
            logger.warning(
                "Random for this run only, as not set: %s. Set it to survive restarts "
                "and to share it between replicas.",
                ", ".join(self._random_secrets),
            )

    @property
    def actions_url(self) -> str:
        return f"http://{self.actions_host}:{self.actions_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def rasa_replica_urls(self) -> List[str]:
        """Each Rasa server a model must be loaded into: KEFU_RASA_REPLICAS, else the one Rasa."""
        return [url.rstrip("/") for url in url_list(self.rasa_replicas)] or [self.rasa_url]

    @property
    def desk_url(self) -> str:
        return f"http://{self.desk_host}:{self.desk_port}"

    @property
    def allowed_origins(self) -> FrozenSet[str]:
        """Origins a cookie-signed console request may come from (scheme://host[:port])."""
        given = self.desk_origins.replace(",", " ").split()
        return frozenset(origin.rstrip("/").lower() for origin in given or [self.desk_url])

    @property
    def desk_redis_url(self) -> str:
        return self.redis_url or DEFAULT_DESK_REDIS_URL

    def environment(self) -> Dict[str, str]:
        """These settings as KEFU_* variables (unset ones left out), for the servers a run starts."""
        return {env_name(name): str(value) for name, value in self if value is not None}

    def rasa_environment(self) -> dict:
        """Variables that endpoints.yml expands when Rasa starts, and the secrets its
        neighbours share with it (in the environment, never on a command line)."""
        env = {
            "KEFU_ACTIONS_URL": self.actions_url,
            "KEFU_RASA_TOKEN": self.rasa_token,
            "KEFU_CHANNEL_SECRET": self.channel_secret,
            "KEFU_ACTIONS_TOKEN": self.actions_token,
            # Sanic reads SANIC_* into Rasa's app config: bodies over this get a 413
            # before they are read (Sanic's default is 100 MB).
            "SANIC_REQUEST_MAX_SIZE": str(RASA_MAX_REQUEST_BYTES),
            "TICKET_LOCK_LIFETIME": str(self.rasa_lock_lifetime),
        }
        if self.redis_url:
            env["KEFU_REDIS_URL"] = self.redis_url
        return env

    def seller_desk_config(self) -> DeskConfig:
        """The seller's desk.yml at KEFU_DESK_CONFIG, checked when the desk starts."""
        try:
            return load_desk_config(self.desk_config)
        except (OSError, ValueError) as exc:
            raise SettingsError(f"{self.desk_config}: {exc}") from exc
