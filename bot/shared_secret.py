"""Shared secrets between Kefu's own processes (desk -> Rasa channel, Rasa -> actions).

Each is random per run unless set in the environment, and travels in a header,
never on a command line or in a URL that access logs keep.
"""

from __future__ import annotations

import hmac
import secrets

CHANNEL_TOKEN_HEADER = "X-Kefu-Channel-Token"
ACTIONS_TOKEN_HEADER = "X-Kefu-Actions-Token"
# A caller with the channel secret (the desk) asks with ?state=1 for the conversation's
# state beside the bot's answers (bot/channels/rest.py), saving a request per message.
STATE_PARAMETER = "state"
# In a message's metadata from the desk: the intents the bot answers it for; any other, Rasa
# only writes the message, read once, into the tracker (a seller's keyword rule answers it).
ANSWER_ONLY = "desk_answer_only"
# In a message's metadata from the desk: the seller's welcome, which the bot says in place of
# its own greeting (bot/nlg/generator.py), so its tracker holds what the buyer read. The
# reply carries {"custom": {WELCOME: True}} back, telling the desk the welcome was said.
WELCOME = "desk_welcome"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def secret_matches(given: str | None, expected: str | None) -> bool:
    """In constant time, so the secret can't be guessed a character at a time."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8"))
