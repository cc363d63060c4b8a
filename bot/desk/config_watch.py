"""seller/desk.yml read again when it changes (KEFU_DESK_CONFIG): working hours, time zone,
holidays and first-response targets count from the next message and the next sweep, with no
restart of the desk. An edit that breaks the file is logged, and the settings read before it
stay in force. Deadlines already set on queued chats stand."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import yaml

from bot.desk.context import DeskContext
from bot.seller.desk import read_desk_config
from bot.seller.file_stamp import file_stamp

logger = logging.getLogger(__name__)

# How often the file's modification time is looked at.
WATCH_SECONDS = 5.0


class DeskConfigWatch:
    def __init__(self, desk: DeskContext, path: Path):
        self.desk = desk
        self.path = Path(path)
        self.stamp = file_stamp(self.path)  # what the desk started with

    async def check(self) -> bool:
        """Use the file's settings if it changed and reads well; True when they were taken."""
        stamp = await asyncio.to_thread(file_stamp, self.path)
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        try:
            config = await asyncio.to_thread(read_desk_config, self.path)
        except (OSError, ValueError, TypeError, AttributeError, yaml.YAMLError) as exc:
            logger.error("%s: %s; the desk keeps the settings read before", self.path, exc)
            return False
        self.desk.config = config
        logger.info("%s read again: the desk's hours and targets count from now", self.path)
        return True
