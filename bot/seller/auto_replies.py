"""The seller's auto-replies (seller/auto_replies.yml): welcome, off-hours and keyword
replies, per marketplace (with a `default` the others inherit from) and per language
(with the seller's `default_language` for the rest).

The marketplaces' own limits are checked here, so a file or a console edit that a
marketplace would refuse is refused with every problem named: 3 to 9 keyword rules
per marketplace, replies of at most 300 characters, an image URL or a coupon code
at most. Nothing here imports the desk: the desk reads these rules, the console
edits the same document (as JSON).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot import PROJECT_ROOT
from bot.problems import ProblemsError
from bot.seller.keywords import UNSPACED, min_letters, too_short
from bot.text_input import web_link

AUTO_REPLIES_FILE = PROJECT_ROOT / "seller" / "auto_replies.yml"
LANGUAGES = ("en", "zh", "ru", "es", "pt", "th", "vi", "id")
DEFAULT = "default"
MIN_KEYWORD_RULES, MAX_KEYWORD_RULES = 3, 9
MAX_REPLY_CHARS = 300
MAX_KEYWORD_CHARS = 40
MAX_KEYWORDS_PER_RULE = 30
MAX_MARKETPLACES = 20
MAX_COUPON_CHARS = 32
MAX_URL_CHARS = 500
PARTS = ("welcome", "off_hours", "keywords")

Texts = Mapping[str, str]  # language -> reply

# The placeholders an off-hours reply may name (the desk fills them with the next opening,
# bot/desk/seller_rules.py), with the values a reply is checked with when it is saved.
OFF_HOURS_SAMPLE = {"opens_at": "09:00", "opens_on": "2026-01-06", "zone": "UTC+8", "hours": 13}


class AutoRepliesError(ProblemsError):
    """The document breaks the rules; `problems` names each, with where it is."""


class TemplateError(ValueError):
    """An off-hours reply whose placeholders cannot be filled."""


def fill_off_hours(template: str, values: Mapping[str, Any]) -> str:
    """The off-hours reply with the next opening filled in; TemplateError says why it cannot be.
    A placeholder is a bare name: str.format would raise on "{opens_at.hour}" or "{hours[0]}",
    and build a gigabyte of text for "{hours:999999999}"."""
    names = ", ".join(f"{{{name}}}" for name in OFF_HOURS_SAMPLE)
    advice = f"use {names} as they are, and {{{{ }}}} for a literal brace"
    try:
        fields = [parts for parts in string.Formatter().parse(template) if parts[1] is not None]
    except ValueError as exc:  # an unmatched brace
        raise TemplateError(f"{exc}; {advice}") from exc
    for _, name, spec, conversion in fields:
        if name not in OFF_HOURS_SAMPLE or spec or conversion:
            shown = f"{name}" + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise TemplateError(f"{{{shown}}} cannot be filled; {advice}")
    try:
        return template.format(**values)
    except Exception as exc:  # whatever str.format raises, the caller has one error to catch
        raise TemplateError(f"{type(exc).__name__}: {exc}; {advice}") from exc


@dataclass(frozen=True)
class KeywordRule:
    keywords: Tuple[str, ...]  # casefolded, in any of our languages
    reply: Texts
    image_url: str | None = None
    coupon_code: str | None = None


@dataclass(frozen=True)
class MarketplaceReplies:
    """One marketplace's rules; None: inherit the default marketplace's."""

    welcome: Texts | None = None
    off_hours: Texts | None = None
    keywords: Tuple[KeywordRule, ...] | None = None
    time_zone: ZoneInfo | None = None  # where this marketplace's buyers mostly are


@dataclass(frozen=True)
class AutoReplies:
    default_language: str = "en"
    welcome_after_hours: float = 24
    marketplaces: Mapping[str, MarketplaceReplies] = field(default_factory=dict)

    def _part(self, marketplace: str, part: str):
        for name in (marketplace.lower(), DEFAULT):
            found = self.marketplaces.get(name)
            value = getattr(found, part) if found is not None else None
            if value is not None:
                return value
        return None

    def text(self, texts: Texts | None, language: str | None) -> str | None:
        """The reply in the buyer's language, else in the seller's default language."""
        if not texts:
            return None
        return texts.get(language or "") or texts.get(self.default_language) or None

    def has_welcome(self, marketplace: str) -> bool:
        return bool(self._part(marketplace, "welcome"))

    def welcome(self, marketplace: str, language: str | None) -> str | None:
        return self.text(self._part(marketplace, "welcome"), language)

    def off_hours(self, marketplace: str, language: str | None) -> str | None:
        return self.text(self._part(marketplace, "off_hours"), language)

    def keyword_rules(self, marketplace: str) -> Tuple[KeywordRule, ...]:
        return self._part(marketplace, "keywords") or ()

    def buyer_zone(self, marketplace: str) -> ZoneInfo | None:
        return self._part(marketplace, "time_zone")


class _Checker:
    """Collects every problem of a document instead of stopping at the first."""

    def __init__(self, language: str) -> None:
        self.language = language  # a reply given as a plain string is in this language
        self.problems: List[str] = []

    def texts(self, raw: Any, where: str, limit: int = MAX_REPLY_CHARS) -> Dict[str, str] | None:
        if raw is None:
            return None
        if isinstance(raw, str):
            raw = {self.language: raw}
        if not isinstance(raw, dict):
            self.problems.append(f"{where}: give a reply per language, e.g. {{en: ..., zh: ...}}")
            return None
        texts = {}
        for language, text in raw.items():
            if language not in LANGUAGES:
                self.problems.append(
                    f"{where}.{language}: unknown language (use one of {', '.join(LANGUAGES)})"
                )
            elif not isinstance(text, str) or not text.strip():
                self.problems.append(f"{where}.{language}: the reply is empty")
            elif len(text.strip()) > limit:
                self.problems.append(f"{where}.{language}: {len(text.strip())} characters, at most {limit}")
            else:
                texts[str(language)] = text.strip()
        return texts

    def keywords(self, raw: Any, where: str) -> Tuple[str, ...]:
        """A rule's keywords, casefolded, each once; one word may be given alone."""
        words = [raw] if isinstance(raw, str) else raw
        if not isinstance(words, (list, type(None))):
            self.problems.append(f"{where}: a word or a list of words, e.g. [size, 尺码]")
            return ()
        keywords = tuple(
            dict.fromkeys(str(w).strip().casefold() for w in words or () if isinstance(w, str) and w.strip())
        )
        if not keywords:
            self.problems.append(f"{where}: at least one keyword")
        if len(keywords) > MAX_KEYWORDS_PER_RULE:
            self.problems.append(f"{where}: at most {MAX_KEYWORDS_PER_RULE} keywords")
        for word in keywords:
            if len(word) > MAX_KEYWORD_CHARS:
                self.problems.append(f"{where}: {word[:20]!r}... is over {MAX_KEYWORD_CHARS} characters")
        return keywords

    def rule(self, raw: Any, where: str) -> KeywordRule | None:
        if not isinstance(raw, dict):
            self.problems.append(f"{where}: a rule needs keywords and a reply")
            return None
        unknown = set(raw) - {"keywords", "reply", "image_url", "coupon_code"}
        if unknown:
            self.problems.append(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
        keywords = self.keywords(raw.get("keywords"), f"{where}.keywords")
        reply = self.texts(raw.get("reply"), f"{where}.reply")
        if raw.get("reply") in (None, "", {}):
            self.problems.append(f"{where}.reply: a reply is needed")
        image, coupon = _optional_text(raw.get("image_url")), _optional_text(raw.get("coupon_code"))
        if image and not web_link(image, MAX_URL_CHARS):
            self.problems.append(f"{where}.image_url: an http(s) URL of at most {MAX_URL_CHARS} characters")
        if coupon and (len(coupon) > MAX_COUPON_CHARS or not coupon.replace("-", "").isalnum()):
            self.problems.append(f"{where}.coupon_code: letters, digits and '-', at most {MAX_COUPON_CHARS}")
        return KeywordRule(keywords, reply or {}, image, coupon)

    def marketplace(self, raw: Any, where: str) -> MarketplaceReplies:
        if not isinstance(raw, dict):
            self.problems.append(f"{where}: expected welcome, off_hours, keywords")
            return MarketplaceReplies()
        unknown = set(raw) - {*PARTS, "time_zone"}
        if unknown:
            self.problems.append(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
        rules = None
        if raw.get("keywords") is not None:
            items = raw["keywords"]
            if not isinstance(items, list):
                self.problems.append(f"{where}.keywords: a list of rules")
                items = []
            # An empty list switches keyword replies off for this marketplace.
            if items and not MIN_KEYWORD_RULES <= len(items) <= MAX_KEYWORD_RULES:
                self.problems.append(
                    f"{where}.keywords: {len(items)} rules; a marketplace takes "
                    f"{MIN_KEYWORD_RULES} to {MAX_KEYWORD_RULES} (or none)"
                )
            found = [self.rule(item, f"{where}.keywords[{i}]") for i, item in enumerate(items, start=1)]
            rules = tuple(rule for rule in found if rule is not None)
        zone = None
        if raw.get("time_zone"):
            try:
                zone = ZoneInfo(str(raw["time_zone"]))
            except (ZoneInfoNotFoundError, ValueError):
                self.problems.append(f"{where}.time_zone: unknown time zone {raw['time_zone']!r}")
        return MarketplaceReplies(
            welcome=self.texts(raw.get("welcome"), f"{where}.welcome"),
            off_hours=self.texts(raw.get("off_hours"), f"{where}.off_hours"),
            keywords=rules,
            time_zone=zone,
        )


def _optional_text(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


def _marketplaces(markets: Mapping[Any, Any], check: _Checker) -> Dict[str, MarketplaceReplies]:
    """Each marketplace's rules under its name in lower case, as the desk names the buyer's
    marketplace (bot/desk/channels.py) and as seller/notices.yml is read."""
    parsed: Dict[str, MarketplaceReplies] = {}
    for name, rules in markets.items():
        key = str(name).strip().lower()
        if key in parsed:
            check.problems.append(f"marketplaces.{name}: named twice (names are not case-sensitive)")
        parsed[key] = check.marketplace(rules, f"marketplaces.{name}")
    return parsed


def parse_auto_replies(raw: Any) -> AutoReplies:
    """The checked rules of a document (the YAML file, or the console's JSON); AutoRepliesError."""
    if not isinstance(raw, dict):
        raise AutoRepliesError(["the document must be a mapping"])
    language = raw.get("default_language", "en")
    known = isinstance(language, str) and language in LANGUAGES
    # Plain-string replies are read as English while the rest is checked, whatever was sent here.
    check = _Checker(language if known else "en")
    if not known:
        check.problems.append(f"default_language: one of {', '.join(LANGUAGES)}")
    hours = raw.get("welcome_after_hours", 24)
    if not isinstance(hours, (int, float)) or isinstance(hours, bool) or not 0 < hours <= 24 * 30:
        check.problems.append("welcome_after_hours: a number of hours, more than 0 and at most 720")
        hours = 24
    markets = raw.get("marketplaces") or {}
    if not isinstance(markets, dict):
        check.problems.append("marketplaces: a mapping of marketplace -> rules")
        markets = {}
    if len(markets) > MAX_MARKETPLACES:
        check.problems.append(f"marketplaces: at most {MAX_MARKETPLACES}")
    parsed = _marketplaces(markets, check)
    if check.problems:
        raise AutoRepliesError(check.problems)
    return AutoReplies(default_language=language, welcome_after_hours=float(hours), marketplaces=parsed)


def parse_for_saving(raw: Any) -> AutoReplies:
    """parse_auto_replies, each off-hours reply filled once with sample values, and no keyword
    too short (bot/seller/keywords.py): one the desk could not fill, or a keyword that would
    answer nearly every message, is refused when it is saved, not found when a buyer waits.
    (Rules read back from a file or an older save are not refused for it: the desk tells the
    usual wait instead of such a reply, skips such a keyword, and keeps the others.)"""
    rules = parse_auto_replies(raw)
    problems: List[str] = []
    for marketplace, replies in rules.marketplaces.items():
        for language, text in (replies.off_hours or {}).items():
            try:
                fill_off_hours(text, OFF_HOURS_SAMPLE)
            except TemplateError as exc:
                problems.append(f"marketplaces.{marketplace}.off_hours.{language}: {exc}")
        for i, rule in enumerate(replies.keywords or (), start=1):
            problems += [
                f"marketplaces.{marketplace}.keywords[{i}]: {word!r} is too short to match only what it "
                f"means; at least {min_letters(word)} letters"
                + ("" if UNSPACED.search(word) else " (a keyword matches whole words)")
                for word in rule.keywords
                if too_short(word)
            ]
    if problems:
        raise AutoRepliesError(problems)
    return rules


def read_document(path: Path = AUTO_REPLIES_FILE) -> Dict[str, Any]:
    """The seller's file as a document (what the console edits); {} when there is none."""
    if not Path(path).exists():
        return {}
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=4)
def load_auto_replies(path: Path = AUTO_REPLIES_FILE) -> AutoReplies:
    return parse_auto_replies(read_document(path))
