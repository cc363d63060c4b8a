"""What the console shows for the bot's codes: intents in words, why a chat was handed to a
person, which queue. The console read "human_handoff · pre_sale", "intent: nlu_fallback" and
ranked top intents by their snake_case names. Intents take the catalogue's English labels
(the "did you mean" buttons' words), so a new intent needs no change here."""

from __future__ import annotations

from typing import Dict

from bot.nlg.catalogue import FALLBACK_LANGUAGE, Catalogue

# Handoff reasons that are no intent (seller/routing.yml lists them all).
REASONS = {
    "human_handoff": "Asked for a person",
    "low_confidence": "Bot not sure what was meant",
    "complaint": "Complaint",
    "pre_sale": "Product question",
    "no_order_number": "No order number given",
    "unclear_confirmation": "Unclear yes or no",
    "not_received": "Marked delivered, not received",
    "late_shipment": "Past its ship-by date",
    "urge_shipment": "Asked again to ship",
    "order_closed": "About a closed order",
    "awaiting_pickup": "Parcel waiting at the post office",
    "delivery_note": "Delivery instructions",
    "address_change": "New address or phone number",
    "exchange": "Another size or colour",
    "warranty": "Warranty claim",
    "invoice": "Company invoice details",
    "lookup_abuse": "Order numbers not theirs",
    "answer_repeated": "Bot had nothing new to say",
    "compensation": "Compensation for a delay",
    "bot_unavailable": "Bot unavailable",
}
QUEUES = {"pre_sale": "Pre-sale", "after_sale": "After-sale"}
NOT_UNDERSTOOD = {"nlu_fallback": "Not understood"}


def display_names(catalogue: Catalogue) -> Dict[str, Dict[str, str]]:
    """{"intents": …, "reasons": …, "queues": …}: code -> words, in English (the console's)."""
    intents = {**catalogue.pack(FALLBACK_LANGUAGE).intents, **NOT_UNDERSTOOD}
    disputes = {f"disputes_{name}": f"Disputes the answer: {label}" for name, label in intents.items()}
    return {"intents": intents, "reasons": {**intents, **disputes, **REASONS}, "queues": dict(QUEUES)}
