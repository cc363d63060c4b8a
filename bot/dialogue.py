"""Dialogue state both sides read: Rasa's (bot.long_sessions) and the desk's (rasa_client)."""

# Slots set while the bot waits for the buyer's answer to its own question (domain.yml:
# "Shall I cancel order ...?"); every answer is routed back to the action that asked.
# A new session (bot.long_sessions) or the bot's return after a person (rasa_client) drops them.
PENDING_ANSWER_SLOTS = ("awaiting_confirmation",)
