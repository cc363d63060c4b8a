"""The notice and promo services built from the settings, in one place: the desk runs them
in its loops and its seller API, `kefu notices run` and `kefu promo send` from a terminal.

A terminal run reaches marketplace buyers through the marketplaces' own send calls (when
configured), as the desk does: it reads the chat addresses the desk keeps in Redis.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Tuple

import redis.asyncio as aioredis
from sqlalchemy.engine import Engine

from bot.desk.channels import Deliveries
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
