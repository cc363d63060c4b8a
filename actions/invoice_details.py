"""The company's details sent for an invoice, right after the bot asked for them.

Played (ozon-ru-001): "а чек можно получить?" -> "...for a document with the company's
details (name and tax number), send them here and a colleague will do it" -> "для юрлица,
ООО Ромашка ИНН 7701234567" -> "no order 7701234567 on your account" (the tax number read
as an order number, and counted as a miss). The details go to a colleague, as promised.
Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

import re
from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import said_in_the_turn_answered
from actions.handoff import hand_off
from actions.invoice_words import INVOICE, asks_invoice
from bot.nlu.said_words import folded, phrases, said

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


# A tax number given with its name ("MST 0108123456", "ИНН 7701234567", "CNPJ 12.345.678/0001-90"):
# sent with the invoice request itself, the details were asked for again (round 10, lazada-vn-001).
TAX_NUMBER_GIVEN = re.compile(
    r"(?<![a-z])(?:mst|ma so thue|tax id|tax number|vat number|vat no|ein|cnpj|cpf|nif|cif|rfc|инн|"
    r"npwp|统编|統編|统一编号|統一編號|税号|稅號|เลขประจำตัวผู้เสียภาษี|เลขผู้เสียภาษี)\W{0,3}\d[\d.\-/ ]{6,}"
)
DETAILS_NOTED = "utter_invoice_details_noted"


def details_handed_on(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """A colleague takes the company's details sent right after the invoice answer, or with the
    invoice request itself (a tax number named); else None."""
    text = tracker.latest_message.get("text") or ""
    asked_before = said_in_the_turn_answered(tracker, [INVOICE]) and said(COMPANY_DETAILS, text)
    with_the_request = asks_invoice(text) and TAX_NUMBER_GIVEN.search(folded(text)) is not None
    if not (asked_before or with_the_request):
        return None
    if not asked_before:  # sent unasked: say they were seen, or the invoice answer asks again
        dispatcher.utter_message(response=DETAILS_NOTED)
    return hand_off(dispatcher, tracker, REASON)
