"""The company's details sent for an invoice, right after the bot asked for them.

Played (ozon-ru-001): "а чек можно получить?" -> "...for a document with the company's
details (name and tax number), send them here and a colleague will do it" -> "для юрлица,
ООО Ромашка ИНН 7701234567" -> "no order 7701234567 on your account" (the tax number read
as an order number, and counted as a miss). The details go to a colleague, as promised.
Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import said_in_the_turn_answered
from actions.handoff import hand_off
from actions.invoice_words import INVOICE
from bot.nlu.said_words import phrases, said

REASON = "invoice"
# Tax numbers and company forms, in the markets we sell to.
COMPANY_DETAILS = phrases((
    "tax id", "tax number", "vat number", "vat no", "ein", "llc", "ltd", "inc", "company",
    "cnpj", "cpf", "razão social", "razao social", "ltda", "eireli",
    "nif", "cif", "rfc", "razón social", "razon social", "s.l", "s.a",
    "инн", "кпп", "огрн", "ооо", "ип", "юрлиц*", "реквизит*",
    "统编", "統編", "统一编号", "統一編號", "税号", "稅號", "公司", "抬头", "抬頭",
    "เลขประจำตัวผู้เสียภาษี", "เลขผู้เสียภาษี", "บริษัท",
    "mã số thuế", "ma so thue", "mst", "công ty", "cong ty",
    "npwp", "pt", "cv",
))  # fmt: skip


def details_handed_on(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """A colleague takes the company's details sent right after the invoice answer; else None."""
    text = tracker.latest_message.get("text") or ""
    if not said_in_the_turn_answered(tracker, [INVOICE]) or not said(COMPANY_DETAILS, text):
        return None
    return hand_off(dispatcher, tracker, REASON)
