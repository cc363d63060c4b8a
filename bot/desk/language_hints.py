"""What the desk tells Rasa about a buyer's likely language, for a chat whose language is not known yet.

Rasa's LanguagePolicy uses it as a prior when the first messages are too short
to tell ("oi", "thank you"): the channel's `language` hint, and the destination
country of the buyer's latest order. The order is looked up here, in a worker
thread, because Rasa's policies may only read metadata (no I/O on its loop).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from pathlib import Path
from typing import Any, Dict, Tuple

from bot.commerce.views import BuyerRef
from bot.desk.records import ConversationView, Inbound
from bot.nlu.language_prior import prior_language

logger = logging.getLogger(__name__)

# A models directory unchanged this long has its newest archive kept (ModelLanguage._newest).
SETTLED_NS = 2_000_000_000


class BuyerCountry:
    """Where the buyer's latest order goes, read at most once for the message being handled
    and passed on to whatever needs it: a new chat's first message read it two or three
    times (Rasa's hints, the welcome's language, the script of the desk's Chinese). The
    intake reads it in the worker-thread trip that journals the message."""

    def __init__(self, commerce: Any, conversation: ConversationView) -> None:
        self.commerce = commerce
        self.buyer = BuyerRef(conversation.marketplace, conversation.buyer_id)
        self.conversation_id = conversation.id  # for the log: never the buyer's id
        self.known = commerce is None
        self.value: str | None = None

    def read(self) -> str | None:
        """Blocking (a worker thread's); None when unknown or unreadable (it is a hint)."""
        if not self.known:
            try:
                self.value = self.commerce.latest_destination_country(self.buyer)
            except Exception:  # a prior is a nicety: the bot answers without one
                logger.exception(
                    "conversation %s: the buyer's orders could not be read", self.conversation_id
                )
            self.known = True
        return self.value

    async def get(self) -> str | None:
        return self.value if self.known else await asyncio.to_thread(self.read)


async def language_hints(
    commerce: Any, conversation: ConversationView, inbound: Inbound, country: BuyerCountry | None = None
) -> Dict[str, str]:
    """{"language_hint"?, "country"?} for Rasa's metadata; empty once the chat has a language.
    `country`: the message's, when the caller has it (else read from `commerce`)."""
    hints: Dict[str, str] = {}
    if inbound.language:
        hints["language_hint"] = inbound.language
    if conversation.language:
        return hints
    found = await (country or BuyerCountry(commerce, conversation)).get()
    if found:
        hints["country"] = found
    return hints


async def buyer_language(
    conversation: ConversationView,
    inbound: Inbound,
    commerce: Any = None,
    detector: ModelLanguage | None = None,
    country: BuyerCountry | None = None,
) -> str:
    """The language of the desk's own first words (welcome, busy note, holding message), as
    Rasa's LanguagePolicy would pick it: the conversation's language, the channel's hint, a
    sure detection, else the buyer's country (their latest order's destination) or
    marketplace, else the detector's guess, else English. A guess came before the country:
    a Vietnamese buyer's "bao giao r ma e chua nhan dc" got its welcome in English."""
    if conversation.language or inbound.language:
        return conversation.language or inbound.language or "en"
    found = await asyncio.to_thread(_detect, inbound.text, detector)
    if found is not None and found.sure:  # the buyer's orders are not read
        return found.language
    hints = await language_hints(commerce, conversation, inbound, country)
    return first_words_language(found, {**hints, "marketplace": conversation.marketplace})


def first_words_language(found: Any, metadata: Dict[str, str]) -> str:
    """A new chat's language from its first message's Detection (or None) and what the
    metadata says of the buyer: sure detection, prior, guess, English."""
    if found is not None and found.sure:
        return found.language
    return prior_language(metadata) or (found.language if found else None) or "en"


class ModelLanguage:
    """The language detector of the newest trained model in `models_dir` (the one Rasa
    reads buyers with), loaded once per model file; fastText alone when there is none.
    A first message never waits for a load (the desk starts one when it starts): while
    one runs, the detector before it, or fastText alone, reads the message."""

    def __init__(self, models_dir: Path) -> None:
        self.models_dir = Path(models_dir)
        self._loaded: Tuple[Path | None, Any] = (None, None)
        self._loading = threading.Lock()
        self._listed: Tuple[int | None, Path | None] = (None, None)  # (directory's mtime, newest)

    def identifier(self) -> Any:
        from bot.nlu.language import LanguageIdentifier, identifier_from_archive

        newest = self._newest()
        path, identifier = self._loaded
        if identifier is not None and newest == path:
            return identifier
        if not self._loading.acquire(blocking=False):
            return identifier or LanguageIdentifier()
        try:
            identifier = identifier_from_archive(newest) if newest else LanguageIdentifier()
            self._loaded = (newest, identifier)
            return identifier
        finally:
            self._loading.release()

    def _newest(self) -> Path | None:
        """The newest model archive, looked for again only when the directory changed (an
        archive written, renamed or removed changes its mtime): the glob and a stat of every
        archive ran for each new chat's first words. A directory changed in the last
        seconds is listed every time, as another change in the same clock tick would not
        show in its mtime."""
        try:
            changed = self.models_dir.stat().st_mtime_ns
        except OSError:
            changed = None
        settled = changed is not None and time.time_ns() - changed > SETTLED_NS
        if not settled or changed != self._listed[0]:
            newest = max(self.models_dir.glob("kefu-*.tar.gz"), key=_modified, default=None)
            self._listed = (changed if settled else None, newest)
        return self._listed[1]


def _modified(path: Path) -> float:
    return path.stat().st_mtime


def _detect(text: str, detector: ModelLanguage | None) -> Any:
    """The Detection of the text alone, or None (Rasa, which knows the conversation, is not answering)."""
    from bot.nlu.language import LanguageIdentifier

    try:
        identifier = detector.identifier() if detector is not None else LanguageIdentifier()
        return identifier.detect(text)
    except Exception:  # detection is a nicety here; the buyer's country is the fallback
        logger.exception("language detection failed")
        return None
