"""The trainer's inbox: buyer messages the bot was unsure of, grouped, and the answers to them.

A buyer message is in doubt when the bot asked "did you mean" (nlu_fallback), handed the
chat to a person because it did not understand, read it below the confidence threshold,
or an agent said the buyer meant another intent. Near-duplicates (the same words but for
case, spacing and order numbers) form one group, with how often buyers wrote those words in
the period at all (`written`) beside how often the bot was unsure of them (`count`); groups
come with the most doubted messages first (what a label would mend), and a
group a trainer labelled leaves the inbox (its example went to reviewed.yml) until buyers
write it again to a model loaded after the label that still misreads it: then it comes back
with the label shown, as the retrain did not teach it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, wraps
from typing import Callable, Dict, List, Sequence, Tuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.model_tables import ModelCandidate
from bot.desk.models import SCHEMA, Message, NluLabel
from bot.desk.personal_data import masked
from bot.desk.records import Author, Missing

# Order numbers, tracking numbers, amounts: any run of ASCII letters and digits with a digit in it.
_NUMBERISH = re.compile(r"[A-Za-z#-]*\d[0-9A-Za-z#./:-]*")
_SPACES = re.compile(r"\s+")
# Only the latest messages are read: the inbox is about what buyers write now.
SCAN_LIMIT = 5000
# The distinct wordings read for how often each group was written (the newest first).
WRITTEN_SCAN_LIMIT = 20000
OUT_OF_SCOPE = "out_of_scope"
AGENT_WEIGHT = 100  # an agent's correction outweighs any number of the model's own readings


# Masking costs 0.1-0.3 ms a text and the inbox masks every wording it reads: each is
# masked once per process (keys and stand-ins depend on the text alone). Only texts up to
# CACHED_CHARS are kept (most buyer messages): each cache holds at most 16M characters.
CACHED_CHARS, CACHED_TEXTS = 500, 32768


def _short_ones_cached(work: Callable[[str], str]) -> Callable[[str], str]:
    cached = lru_cache(maxsize=CACHED_TEXTS)(work)

    @wraps(work)
    def run(text: str) -> str:
        return cached(text) if len(text or "") <= CACHED_CHARS else work(text)

    run.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return run


_masked = _short_ones_cached(masked)


@_short_ones_cached
def normalise(text: str) -> str:
    """The group key: personal data masked, NFKC, casefolded, numbers as "0", whitespace and
    edge punctuation folded. Masked first, so a group and its label (the trainer saw and
    sent back the masked text) share a key, and no key holds an e-mail address."""
    folded = unicodedata.normalize("NFKC", _masked(text or "")).casefold()
    folded = _NUMBERISH.sub("0", folded)
    return _SPACES.sub(" ", folded).strip(" .,!?;:。！？，、")[:500]


@dataclass
class InboxGroup:
    key: str
    text: str  # the most frequent wording
    count: int = 0  # the messages the bot was unsure of
    written: int = 0  # every buyer message in the period with these words
    reasons: Counter = field(default_factory=Counter)
    suggestions: Counter = field(default_factory=Counter)
    messages: List[dict] = field(default_factory=list)
    last_at: datetime | None = None
    labelled: dict | None = None  # the trainer's earlier label, when a newer model still misreads it

    def _suggested_by(self) -> str | None:
        if not self.suggestions:
            return None
        return "agent" if self.suggestions.most_common(1)[0][1] >= AGENT_WEIGHT else "model"

    def to_json(self, examples: int = 5) -> dict:
        return {
            "key": self.key,
            "text": self.text,
            "count": self.count,
            "written": max(self.written, self.count),  # a scan's limit never shows fewer
            "reasons": dict(self.reasons),
            # Agents' corrections first, then what the model thought likeliest.
            "suggested_intent": self.suggestions.most_common(1)[0][0] if self.suggestions else None,
            # An agent's word, or only the model's own (unsure) guess: the console offers the
            # first as the label, and asks the trainer to choose rather than offer the second.
            "suggested_by": self._suggested_by(),
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "messages": self.messages[:examples],
            "labelled": self.labelled,
        }


def doubts(message: Message, threshold: float) -> List[str]:
    """Why this buyer message is in the inbox (empty: it is not)."""
    found = []
    if message.nlu_outcome == "clarified" or message.intent == "nlu_fallback":
        found.append("clarified")
    if message.nlu_outcome == "handed_off":
        found.append("handed_off")
    # A clarified message's confidence is the fallback threshold's: saying so again adds nothing.
    unsure = message.nlu_confidence is not None and message.nlu_confidence < threshold
    if unsure and not found:
        found.append("low_confidence")
    if message.corrected_intent:
        found.append("corrected")
    return found


def misread_since(message: Message, label: NluLabel, promoted: Tuple[datetime, datetime] | None) -> bool:
    """Whether a labelled group's message was misread by a model trained on the label:
    written after the promotion (its finished_at) of a retrain started (its started_at, when
    it read the data) after the label. Until then the model answering never saw the label:
    a label given while a retrain was training waits for the next one."""
    if promoted is None:
        return False
    trained_from, promoted_at = (stamp(when) for when in promoted)
    return stamp(label.created_at) < trained_from and promoted_at <= stamp(message.created_at)


class NluReviews(SqlStore):
    """The inbox's reads, agents' corrections and trainers' labels, on the desk's tables."""

    schema = SCHEMA

    def inbox(self, language: str, threshold: float, since: datetime, limit: int = 100) -> List[dict]:
        """The groups of buyer messages in `language` written since `since` the bot was unsure of."""

        def work(s: Session) -> List[dict]:
            labels = {
                label.normalised: label
                for label in s.execute(select(NluLabel).where(NluLabel.language == language)).scalars()
            }
            promoted = s.execute(
                select(ModelCandidate.started_at, ModelCandidate.finished_at)
                .where(ModelCandidate.promoted.is_(True), ModelCandidate.finished_at.isnot(None))
                .order_by(ModelCandidate.finished_at.desc())
                .limit(1)
            ).first()
            window = (promoted.started_at, promoted.finished_at) if promoted else None
            rows = s.execute(
                select(Message)
                .where(
                    Message.direction == "in",
                    Message.author == Author.BUYER.label(),
                    Message.language == language,
                    Message.created_at >= stamp(since),
                    or_(
                        Message.nlu_outcome.isnot(None),
                        Message.intent == "nlu_fallback",
                        Message.nlu_confidence < threshold,
                        Message.corrected_intent.isnot(None),
                    ),
                )
                .order_by(Message.id.desc())
                .limit(SCAN_LIMIT)
            ).scalars()
            groups: Dict[str, InboxGroup] = {}
            wordings: Dict[str, Counter] = {}
            for row in rows:
                key = normalise(row.text)
                reasons = doubts(row, threshold)
                label = labels.get(key)
                if not key or not reasons or (label is not None and not misread_since(row, label, window)):
                    continue
                shown = _masked(row.text).strip()  # the trainer sees no buyer's personal data
                group = groups.setdefault(key, InboxGroup(key, shown))
                if label is not None:
                    group.labelled = {
                        "intent": label.intent,
                        "by": label.labelled_by,
                        "at": stamp(label.created_at).isoformat(),
                    }
                wordings.setdefault(key, Counter())[shown] += 1
                group.count += 1
                group.reasons.update(reasons)
                group.last_at = max(group.last_at or row.created_at, row.created_at)
                if row.corrected_intent:
                    group.suggestions[row.corrected_intent] += AGENT_WEIGHT
                for found in (row.nlu_ranking or [])[:1]:
                    group.suggestions[found["name"]] += 1
                group.messages.append(_item(row, reasons))
            for key, group in groups.items():
                group.text = wordings[key].most_common(1)[0][0]
            for key, times in _written(s, language, since):
                if key in groups:
                    groups[key].written += times
            ordered = sorted(
                groups.values(), key=lambda g: (-g.count, -g.written, -(g.last_at or stamp()).timestamp())
            )
            return [group.to_json() for group in ordered[:limit]]

        return self._read(work)

    def label(self, language: str, text: str, intent: str, by: str, now: datetime | None = None) -> dict:
        """The trainer's intent for the group `text` belongs to (a later label replaces it)."""
        return self.label_many([(language, text, intent, by, now)])[0]

    def label_many(self, labels: Sequence[Tuple[str, str, str, str, datetime | None]]) -> List[dict]:
        """label() for many (language, text, intent, by, at), in one transaction."""

        def work(s: Session) -> List[dict]:
            saved = []
            for language, text, intent, by, at in labels:
                key = normalise(text)
                row = label_of(s, language, key)
                if row is None:
                    row = NluLabel(language=language, normalised=key)
                    s.add(row)
                row.text, row.intent, row.labelled_by = masked(text).strip(), intent, by
                row.created_at = stamp(at)
                saved.append({"language": language, "key": key, "text": row.text, "intent": intent, "by": by})
            return saved

        return self._write(work, retry=True)

    def correct(
        self, conversation_id: str, message_id: int, intent: str, by: str, now: datetime | None = None
    ) -> dict:
        """An agent's word on what a buyer message of this conversation really asked."""
        now = stamp(now)

        def work(s: Session) -> dict:
            row = s.get(Message, message_id)
            if row is None or row.conversation_id != conversation_id or row.direction != "in":
                raise Missing(f"no buyer message {message_id} in conversation {conversation_id}")
            row.corrected_intent, row.corrected_by, row.corrected_at = intent, by, now
            return _item(row, ["corrected"])

        return self._write(work)


def _written(s: Session, language: str, since: datetime) -> List[Tuple[str, int]]:
    """(group key, buyer messages) of every wording buyers wrote in `language` since `since`,
    understood or not: the database counts each distinct text, normalise() keys it."""
    rows = s.execute(
        select(Message.text, func.count())
        .where(
            Message.direction == "in",
            Message.author == Author.BUYER.label(),
            Message.language == language,
            Message.created_at >= stamp(since),
        )
        .group_by(Message.text)
        .order_by(func.max(Message.id).desc())
        .limit(WRITTEN_SCAN_LIMIT)
    )
    return [(normalise(text), times) for text, times in rows]


def _item(row: Message, reasons: List[str]) -> dict:
    return {
        "id": row.id,
        "conversation_id": row.conversation_id,
        "text": _masked(row.text),
        "intent": row.intent,
        "confidence": row.nlu_confidence,
        "ranking": list(row.nlu_ranking or []),
        "corrected_intent": row.corrected_intent,
        "corrected_by": row.corrected_by,
        "reasons": reasons,
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }


def label_of(s: Session, language: str, key: str) -> NluLabel | None:
    """The label of the group `key` (normalise()), if a trainer gave one."""
    return s.execute(
        select(NluLabel).where(NluLabel.language == language, NluLabel.normalised == key)
    ).scalar()
