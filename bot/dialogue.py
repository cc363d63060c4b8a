"""Dialogue state both sides read: Rasa's (bot.long_sessions) and the desk's (rasa_client)."""

# Slots set while the bot waits for the buyer's answer to its own question (domain.yml:
# "Shall I cancel order ...?"); every answer is routed back to the action that asked.
PENDING_ANSWER_SLOTS = ("awaiting_confirmation",)
