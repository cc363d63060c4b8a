"""Chinese the desk writes, in the script the buyer reads.

The bot's replies are converted to Traditional characters by its NLG
(bot/nlg/chinese_script.py) for a buyer who writes them or whose order goes to Taiwan,
Hong Kong or Macau; the desk's own words (welcome, holding and wait messages, the rating
question, the seller's keyword replies) and the agents' templates went out in the
catalogue's Simplified. The same rule decides here, from what the desk knows of the chat:
the buyer's messages in the journal and their latest order's country.
"""

from __future__ import annotations

from dataclasses import replace
from typing import List, Sequence, Tuple

from bot.desk.context import DeskContext
from bot.desk.language_hints import BuyerCountry
from bot.desk.records import Author, ConversationView, Outgoing
from bot.nlg.chinese_script import to_traditional, wants_traditional

# As far back as the bot's NLG reads the buyer's writing (bot/nlg/request.py RECENT_EVENTS).
RECENT_MESSAGES = 40


async def reads_traditional(
    desk: DeskContext, conversation: ConversationView, country: BuyerCountry | None = None
) -> bool:
    """A Chinese chat whose buyer reads Traditional characters. `country`: the message's,
    when the caller has it (read already, or read here once for all who need it)."""
    if conversation.language != "zh":
        return False
    country = country or BuyerCountry(desk.commerce, conversation)

    def read() -> Tuple[List[str], str | None]:
        # Both in one worker-thread trip (one database).
        return desk.journal.recent_buyer_texts(conversation.id, RECENT_MESSAGES), country.read()

    texts, found = await desk.db(read)
    return wants_traditional(texts, found)


async def in_buyer_script(
    desk: DeskContext,
    conversation: ConversationView,
    items: Sequence[Outgoing],
    country: BuyerCountry | None = None,
) -> List[Outgoing]:
    """The desk's Chinese items in Traditional characters for a buyer who reads them; the
    bot's (converted already) and an agent's own words as they are."""
    chinese = {
        n
        for n, item in enumerate(items)
        if not item.as_written
        and item.by is not Author.AGENT
        and (item.language or conversation.language) == "zh"
    }
    if not chinese or not await reads_traditional(desk, replace(conversation, language="zh"), country):
        return list(items)
    return [
        replace(item, text=to_traditional(item.text)) if n in chinese else item
        for n, item in enumerate(items)
    ]
