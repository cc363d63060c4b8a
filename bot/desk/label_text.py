"""What a trainer's label may say a buyer wrote: the same checks for a label in the inbox
and a CSV row, so neither path lets through what the other refuses.

The text is cleaned as buyers' messages are on intake (control characters as spaces),
then refused when empty, too long, without a word (only punctuation: no inbox group has
such a key, and as a training example it teaches nothing), or written wholly in another
language's script (bot/desk/label_scripts.py).
"""

from __future__ import annotations

from bot.desk.label_scripts import wrong_script
from bot.desk.trainer_inbox import normalise
from bot.text_input import CONTROL

MAX_TEXT_CHARS = 2000


def cleaned(text: str) -> str:
    """The text with control characters as spaces, trimmed, as buyers' messages are journaled."""
    return CONTROL.sub(" ", text).strip()


def text_problem(text: str, language: str) -> str | None:
    """Why the cleaned `text` cannot be a `language` example (None: it can)."""
    if not text:
        return "the text is empty"
    if len(text) > MAX_TEXT_CHARS:
        return f"the text is {len(text)} characters long (at most {MAX_TEXT_CHARS})"
    if not normalise(text):
        return "the text has no words (only punctuation or spaces)"
    return wrong_script(text, language)
