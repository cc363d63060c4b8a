""" "How?" in the bot's languages (accents folded: actions/said_words): right after an answer
that tells what to do (send photos, use a coupon), "how?" asks for the steps."""

from __future__ import annotations

from actions.said_words import phrases, said

HOW_WORDS = (
    "how",
    "como",
    "как",
    "the nao",
    "lam sao",
    "gimana",
    "bagaimana",
    "caranya",
    "cara pakai",
    "ยังไง",
    "อย่างไร",
    "ยังงัย",
    "怎么",
    "怎麼",
    "如何",
)
HOW = phrases(HOW_WORDS)


def asks_how(text: str) -> bool:
    return said(HOW, text)
