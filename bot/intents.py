"""Groups of the fixed intent names (../shared/DESIGN.md) that several parts of Kefu act on."""

# Questions about one of the buyer's orders, answered from the seller's data.
ORDER_INTENTS = (
    "track_order",
    "urge_shipment",
    "cancel_order",
    "request_refund",
    "refund_status",
    "customs_duty",
    "damaged_item",
    "wrong_item",
)
# A buyer closing a chat, not coming back with a question.
SIGN_OFF_INTENTS = ("thank", "goodbye")
# A buyer only saying hello: the bot greets them, with the seller's welcome when the desk sends one.
GREETING_INTENTS = ("greet",)
