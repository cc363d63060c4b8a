"""A promo campaign as the seller writes it (a YAML file, or the same document as JSON):
what to say per language, to whom, during which period, how fast.

    id: songkran-2025
    period: {start: 2025-04-10T00:00:00+07:00, end: 2025-04-16T23:59:00+07:00}
    default_language: en
    messages: {en: "Songkran sale: 20% off all mugs until 16 April!", th: "..."}
    audience:                  # every filter given must match (none: every known buyer)
      marketplaces: [lazada]
      countries: [TH]
      ordered: {from: 2025-01-01, to: 2025-03-31}
      buyer_ids: [th-88213]
    rate_per_minute: 30        # optional; default KEFU_PROMO_RATE_PER_MINUTE

Every problem is named at once (CampaignError), so a seller fixes the file in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any, Callable, Dict, List, Mapping, Tuple

import yaml

from bot.calendar_bounds import BOUNDS, within_bounds
from bot.problems import ProblemsError
from bot.seller.auto_replies import LANGUAGES
from bot.text_input import InvalidMessage, storable_strings

CAMPAIGN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_MESSAGE_CHARS = 1000
MAX_RATE_PER_MINUTE = 600
MAX_LISTED_BUYERS = 10000
MAX_FILE_CHARS = 1_000_000
MAX_NUMBER_BITS = 64  # no number in a campaign is bigger: a bigger one is read as text
KEYS = {"id", "period", "default_language", "messages", "audience", "rate_per_minute"}
AUDIENCE_KEYS = {"marketplaces", "countries", "ordered", "buyer_ids"}


class CampaignError(ProblemsError):
    """The campaign cannot be used; `problems` names each."""


@dataclass(frozen=True)
class Audience:
    marketplaces: Tuple[str, ...] = ()  # lower-case; empty: any
    countries: Tuple[str, ...] = ()  # ISO 3166 alpha-2, upper-case; empty: any
    ordered_from: datetime | None = None  # an order placed at or after
    ordered_until: datetime | None = None  # ... and at or before (the whole `to` day)
    buyer_ids: Tuple[str, ...] = ()  # empty: any


@dataclass(frozen=True)
class Campaign:
    id: str
    start: datetime
    end: datetime
    default_language: str
    messages: Mapping[str, str]
    audience: Audience
    rate_per_minute: int | None = None

    def running_at(self, now: datetime) -> bool:
        return self.start <= now < self.end

    def document(self) -> Dict[str, Any]:
        """The campaign as JSON-ready data, as kept with its progress."""
        audience = self.audience
        return {
            "id": self.id,
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "default_language": self.default_language,
            "messages": dict(self.messages),
            "audience": {
                "marketplaces": list(audience.marketplaces),
                "countries": list(audience.countries),
                "ordered": {
                    "from": audience.ordered_from.isoformat() if audience.ordered_from else None,
                    "to": audience.ordered_until.isoformat() if audience.ordered_until else None,
                },
                "buyer_ids": list(audience.buyer_ids),
            },
            "rate_per_minute": self.rate_per_minute,
        }

    def text_in(self, language: str | None) -> Tuple[str, str]:
        """(language, text): the buyer's language when the seller wrote it, else the default."""
        if language is not None and language in self.messages:
            return language, self.messages[language]
        return self.default_language, self.messages[self.default_language]


class _CampaignLoader(yaml.SafeLoader):
    """YAML's safe loader, but a scalar that looks like a date or a number and is none
    (2025-02-30, 5000 digits) stays text: the checks below then name its field, where
    the constructor's ValueError named nothing (and the desk answered 500)."""


def _text_when_invalid(construct: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def construct_or_text(loader: yaml.SafeLoader, node: Any) -> Any:
        try:
            value = construct(loader, node)
        except (ValueError, TypeError, AttributeError):  # what these constructors raise on bad text
            return loader.construct_scalar(node)
        # Python holds 0x followed by 5000 digits, but str() of it raises ValueError.
        too_big = isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS
        return loader.construct_scalar(node) if too_big else value

    return construct_or_text


for _tag in ("timestamp", "int", "float"):
    _construct = _CampaignLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]
    _CampaignLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _text_when_invalid(_construct))


def read_campaign(text: str) -> Campaign:
    """The campaign in a YAML (or JSON) document."""
    if len(text) > MAX_FILE_CHARS:
        raise CampaignError([f"the campaign is longer than {MAX_FILE_CHARS} characters"])
    try:
        raw = yaml.load(text, Loader=_CampaignLoader)  # noqa: S506 - a SafeLoader
    except RecursionError:
        raise CampaignError(["the campaign nests lists or mappings too deeply"]) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise CampaignError([f"not valid YAML{line}: {getattr(exc, 'problem', None) or exc}"]) from None
    try:
        # YAML's escapes ("\\udb84", "\\0") write what a JSON body is refused or cleaned for.
        raw = storable_strings(raw)
    except InvalidMessage as exc:
        raise CampaignError([str(exc)]) from None
    return parse_campaign(raw)


def parse_campaign(raw: Any) -> Campaign:
    if not isinstance(raw, dict):
        raise CampaignError(["a campaign is a mapping with id, period, default_language, messages, audience"])
    problems: List[str] = [f"unknown key {key!r}" for key in sorted(set(map(str, raw)) - KEYS)]
    campaign_id = raw.get("id")
    if not isinstance(campaign_id, str) or not CAMPAIGN_ID.match(campaign_id):
        problems.append("id: 1-64 characters a-z, 0-9, '-' or '_', starting with a letter or digit")
    start, end = _period(raw.get("period"), problems)
    messages = _messages(raw.get("messages"), problems)
    default_language = raw.get("default_language")
    if default_language not in LANGUAGES:
        problems.append(f"default_language: one of {', '.join(LANGUAGES)}")
    elif messages and default_language not in messages:
        problems.append(f"messages: no message in the default language {default_language!r}")
    audience = _audience({} if raw.get("audience") is None else raw["audience"], problems)
    rate = raw.get("rate_per_minute")
    if rate is not None and (
        isinstance(rate, bool) or not isinstance(rate, int) or not 1 <= rate <= MAX_RATE_PER_MINUTE
    ):
        problems.append(f"rate_per_minute: a whole number from 1 to {MAX_RATE_PER_MINUTE}")
    if problems:
        raise CampaignError(problems)
    assert start is not None and end is not None  # a problem was named otherwise
    return Campaign(str(campaign_id), start, end, str(default_language), messages, audience, rate)


def _period(raw: Any, problems: List[str]) -> Tuple[datetime | None, datetime | None]:
    if not isinstance(raw, dict) or set(raw) != {"start", "end"}:
        problems.append("period: {start: <date-time>, end: <date-time>}")
        return None, None
    start, end = (_moment(raw[name], f"period.{name}", problems) for name in ("start", "end"))
    if start is not None and end is not None and end <= start:
        problems.append("period: end must come after start")
    return start, end


def _moment(value: Any, where: str, problems: List[str], day_end: bool = False) -> datetime | None:
    """A date-time (UTC unless it names its offset); a bare date is that day's start (or end)."""
    if isinstance(value, str):
        try:
            value = (
                datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
            )
        except ValueError:
            problems.append(f"{where}: {value!r} is not a date or date-time (e.g. 2025-04-10T00:00:00+07:00)")
            return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    elif isinstance(value, date):
        moment = datetime.combine(value, time.max if day_end else time.min, tzinfo=timezone.utc)
    else:
        problems.append(f"{where}: a date or date-time")
        return None
    if not within_bounds(moment.date()):
        problems.append(f"{where}: a date {BOUNDS}")
        return None
    return moment


def _messages(raw: Any, problems: List[str]) -> Mapping[str, str]:
    if not isinstance(raw, dict) or not raw:
        problems.append("messages: {<language>: <text>, ...}, at least the default language")
        return {}
    found = {}
    for language, text in raw.items():
        if language not in LANGUAGES:
            problems.append(f"messages: unknown language {language!r} (known: {', '.join(LANGUAGES)})")
        elif not isinstance(text, str) or not text.strip():
            problems.append(f"messages.{language}: a non-empty text")
        elif len(text) > MAX_MESSAGE_CHARS:
            problems.append(f"messages.{language}: {len(text)} characters, at most {MAX_MESSAGE_CHARS}")
        else:
            found[str(language)] = text.strip()
    return found


def _audience(raw: Any, problems: List[str]) -> Audience:
    if not isinstance(raw, dict):
        problems.append("audience: a mapping of filters (marketplaces, countries, ordered, buyer_ids)")
        return Audience()
    problems.extend(f"audience: unknown filter {key!r}" for key in sorted(set(map(str, raw)) - AUDIENCE_KEYS))
    marketplaces = _names(raw.get("marketplaces"), "audience.marketplaces", problems)
    countries = _names(raw.get("countries"), "audience.countries", problems)
    if any(not re.fullmatch(r"[A-Za-z]{2}", country) for country in countries):
        problems.append("audience.countries: two-letter country codes, e.g. TH")
    buyers = _names(raw.get("buyer_ids"), "audience.buyer_ids", problems)
    if len(buyers) > MAX_LISTED_BUYERS:
        problems.append(f"audience.buyer_ids: at most {MAX_LISTED_BUYERS}")
    ordered_from = ordered_until = None
    ordered = raw.get("ordered")
    if ordered is not None:
        if not isinstance(ordered, dict) or not ordered or set(ordered) - {"from", "to"}:
            problems.append("audience.ordered: {from: <date>, to: <date>} (either may be left out)")
        else:
            if "from" in ordered:
                ordered_from = _moment(ordered["from"], "audience.ordered.from", problems)
            if "to" in ordered:
                ordered_until = _moment(ordered["to"], "audience.ordered.to", problems, day_end=True)
    return Audience(
        marketplaces=tuple(name.lower() for name in marketplaces),
        countries=tuple(country.upper() for country in countries),
        ordered_from=ordered_from,
        ordered_until=ordered_until,
        buyer_ids=buyers,
    )


def _names(raw: Any, where: str, problems: List[str]) -> Tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, (str, int)):
        raw = [raw]
    if not isinstance(raw, list) or not all(
        isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip() for v in raw
    ):
        problems.append(f"{where}: a list of names")
        return ()
    return tuple(str(v).strip() for v in raw)
