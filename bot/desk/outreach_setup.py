"""The notice and promo services built from the settings, in one place: the desk runs them
in its loops and its seller API, `kefu notices run` and `kefu promo send` from a terminal.

A terminal run reaches marketplace buyers through the marketplaces' own send calls (when
configured), as the desk does: it reads the chat addresses the desk keeps in Redis.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable, Tuple

import redis.asyncio as aioredis
from sqlalchemy.engine import Engine

from bot.channels.outbound import Deliveries
from bot.db.engine import make_engine
from bot.db.errors import reporting_database_errors
from bot.desk.deliveries import deliveries_from, polled_channels
from bot.desk.journal import Journal
from bot.desk.notice_log import NoticeLog
from bot.desk.notices import NoticeService
from bot.desk.outreach import Outreach
from bot.desk.promo_log import PromoLog
from bot.desk.promos import PromoService
from bot.nlg.catalogue import Catalogue
from bot.seller.notices import load_notices
from bot.settings import Settings


def standalone_deliveries(settings: Settings) -> Tuple[Deliveries, Callable[[], Any]]:
    """Deliveries for a terminal run, and the coroutine function that closes them."""
    redis = aioredis.Redis.from_url(settings.desk_redis_url)
    polled = polled_channels(settings, redis)
    deliveries = deliveries_from(settings, {name: pair[1] for name, pair in polled.items()})

    async def close() -> None:
        await deliveries.close()
        await redis.close()

    return deliveries, close


def outreach_services(
    engine: Engine,
    settings: Settings,
    deliveries: Deliveries,
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    journal: Journal | None = None,
    catalogue: Catalogue | None = None,
) -> Tuple[NoticeService, PromoService]:
    outreach = Outreach(journal or Journal(engine), NoticeLog(engine), deliveries)
    rules = load_notices(Path(settings.notices_file))
    notices = NoticeService(
        outreach=outreach,
        commerce=engine,
        catalogue=catalogue or Catalogue.from_dir(Path(settings.responses_dir)),
        rules=rules,
        clock=clock,
    )
    promos = PromoService(
        outreach=outreach,
        log=PromoLog(engine),
        commerce=engine,
        rules=rules,
        clock=clock,
        default_rate=settings.promo_rate_per_minute,
    )
    return notices, promos


def run_in_terminal(
    settings: Settings,
    database_url: str | None,
    failure: str,
    work: Callable[[NoticeService, PromoService], Awaitable[Any]],
) -> int:
    """Run `work` on the notice and promo services for a `kefu` command, print its report's
    summary and give the exit code (1: the database failed, named without buyer data)."""
    from bot.commerce.schema import ensure_schema
    from bot.desk.models import ensure_desk_schema

    engine = make_engine(database_url or settings.database_url)

    async def go() -> Any:
        deliveries, close = standalone_deliveries(settings)
        try:
            return await work(*outreach_services(engine, settings, deliveries))
        finally:
            await close()

    def summary() -> str:
        ensure_schema(engine)
        ensure_desk_schema(engine)
        return asyncio.run(go()).summary()

    try:
        return reporting_database_errors(failure, summary)
    finally:
        engine.dispose()
