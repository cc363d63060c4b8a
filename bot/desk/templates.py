"""Reply templates for agents: the seller's replies (话术) in the buyer's language,
found by their title in the agent's language.

An agent who reads Chinese answers a Thai buyer by searching "退款" and gets the
Thai refund reply with the order's amount filled in. The titles live in each
data/responses/<lang>.yml under `desk_templates` (response name -> title, in the
order the console lists them); the texts are the same responses the bot sends.
A placeholder the order cannot fill stays visible as {name}, so the agent sees
what to complete before sending instead of a sentence with a hole in it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Sequence

from bot import PROJECT_ROOT
from bot.commerce.template_values import order_values, refund_values, shipment_values
from bot.commerce.views import OrderView
from bot.nlg.catalogue import FALLBACK_LANGUAGE, Catalogue
from bot.seller.shop import load_shop

if TYPE_CHECKING:
    from bot.desk.quick_replies import QuickReply

RESPONSES_DIR = PROJECT_ROOT / "data" / "responses"
# A template's blank the agent has not filled in, as the console spots it (console/app.js).
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching: "Reembolso" ~ "reembólso", "hoàn" ~ "hoan".

    Marks are dropped only after Latin and Cyrillic letters; Thai vowels and tone
    marks are letters of the word, not decoration.
    """
    kept: List[str] = []
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.category(char) == "Mn" and kept and ord(kept[-1]) < 0x0530:
            continue
        kept.append(char)
    return "".join(kept).replace("đ", "d")


class TemplateLibrary:
    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue

    @classmethod
    def from_dir(cls, directory=RESPONSES_DIR) -> TemplateLibrary:
        return cls(Catalogue.from_dir(directory))

    @property
    def names(self) -> List[str]:
        """The replies offered to agents, in the console's order (English lists them all)."""
        return list(self.catalogue.pack(FALLBACK_LANGUAGE).desk_templates)

    def title(self, name: str, agent_language: str | None) -> str:
        own = self.catalogue.pack(agent_language).desk_templates.get(name)
        return own or self.catalogue.pack(FALLBACK_LANGUAGE).desk_templates.get(name, name)

    def text(self, name: str, buyer_language: str | None, values: Mapping[str, Any] | None = None) -> str:
        """The reply in the buyer's language with what is known filled in; the rest left as {name}."""
        english = self.catalogue.pack(FALLBACK_LANGUAGE)
        variations = self.catalogue.pack(buyer_language).responses.get(name) or english.responses[name]
        known = {k: v for k, v in (values or {}).items() if v is not None and v != ""}
        filled = _KeepMissing(self.catalogue.prepare(buyer_language, known))
        return variations[0].get("text", "").format_map(filled).strip()

    def fill_own(self, text: str, buyer_language: str | None, values: Mapping[str, Any] | None) -> str:
        """A seller's quick reply with what is known filled in: only {name} placeholders, by
        substitution (a stray brace or {0} in what a supervisor wrote is text, not a format)."""
        known = {k: v for k, v in (values or {}).items() if v is not None and v != ""}
        prepared = self.catalogue.prepare(buyer_language, known)
        return PLACEHOLDER.sub(lambda m: str(prepared.get(m.group(0)[1:-1], m.group(0))), text).strip()

    def search(
        self,
        buyer_language: str | None,
        agent_language: str | None,
        query: str = "",
        values: Mapping[str, Any] | None = None,
        own: Sequence[QuickReply] = (),
    ) -> List[Dict[str, Any]]:
        """Templates whose title (agent's language or English), name or text has every word of the
        query, best first: a title match before a match in the text; no query lists them all.
        `own`: the seller's quick replies in the buyer's language, first at an equal match."""
        words = fold(query or "").split()
        found = []
        for position, reply in enumerate(own):
            text = self.fill_own(reply.text, buyer_language, values)
            rank = _rank(words, reply.title, reply.title, "", text)
            if rank is not None:
                entry = {"name": f"own:{reply.id}", "title": reply.title, "text": text, "own": True}
                found.append((rank, position, entry))
        for position, name in enumerate(self.names, start=len(own)):
            title = self.title(name, agent_language)
            text = self.text(name, buyer_language, values)
            rank = _rank(words, title, self.title(name, FALLBACK_LANGUAGE), name, text)
            if rank is not None:
                found.append((rank, position, {"name": name, "title": title, "text": text}))
        found.sort(key=lambda entry: entry[:2])
        return [entry[2] for entry in found]


def _rank(words: List[str], title: str, english_title: str, name: str, text: str) -> int | None:
    """0 best; None when some word of the query is nowhere."""
    if not words:
        return 0
    own = fold(title)
    if all(w in own for w in words):
        return 0 if own.startswith(words[0]) else 1
    other = fold(f"{english_title} {name.replace('_', ' ')}")
    if all(w in other for w in words):
        return 2
    everywhere = f"{own} {other} {fold(text)}"
    if all(w in everywhere for w in words):
        return 3
    return None


def unfilled_placeholder(text: str) -> str | None:
    """The first {name} a reply built from a template still has, else None."""
    found = PLACEHOLDER.search(text)
    return found.group(0) if found else None


def template_values(order: OrderView | None, **extra: Any) -> Dict[str, Any]:
    """What the templates can fill from the conversation's order: the order, its latest
    shipment, refund and after-sales case (the naming the bot's actions use), and the
    shop's tracking site. `extra` wins (e.g. a new tracking number the agent typed)."""
    values: Dict[str, Any] = {"tracking_site": load_shop().tracking_site}
    if order is not None:
        values.update(order_values(order))
        if order.shipments:
            values.update(shipment_values(order.shipments[-1]))
        if order.refunds:
            values.update(refund_values(order.refunds[-1]))
        if order.cases:
            values["case_id"] = str(order.cases[-1].id)
    values.update(extra)
    return {k: v for k, v in values.items() if v is not None and v != ""}


def summary_values(summary: Mapping[str, Any] | None) -> Dict[str, Any]:
    """The same from the API's OrderSummary dict (order_number, status, placed_date, total,
    shipments), for callers that hold the summary rather than the OrderView."""
    if not summary:
        return {}
    values: Dict[str, Any] = {
        "order_number": summary.get("order_number"),
        "order_status": summary.get("status"),
        "placed_date": summary.get("placed_date"),
        "total_amount": summary.get("total"),
    }
    shipments = summary.get("shipments") or []
    if shipments:
        latest = shipments[-1]
        for key in ("carrier", "tracking_number", "status", "place", "event_date"):
            values[key] = latest.get(key)
    return {k: v for k, v in values.items() if v is not None and v != ""}
