"""CSAT for chats the bot settled alone: when the buyer signs off (goodbye, thanks:
seller/desk.yml bot_csat) in a chat no person took part in, the desk closes it as
resolved by the bot and asks for a 1-5 rating once, in the buyer's language.

The answer is then read exactly like the rating after an agent's resolve (the journal's
record_inbound: the next message, within csat_window_hours, if it is a 1-5 rating).
"""

from __future__ import annotations

from datetime import datetime
from typing import List

from bot.desk.context import DeskContext
from bot.desk.outbox import Outbox
from bot.desk.records import Author, ConversationStatus, ConversationView, MessageView, Outgoing


def settled_by_bot(desk: DeskContext, conversation: ConversationView, intent: str | None) -> bool:
    """The buyer signed off (the bot did not hand the chat over) in a chat only the bot answered."""
    return (
        bool(intent)
        and intent in desk.config.bot_csat_intents
        and conversation.status is ConversationStatus.BOT
        and not conversation.escalations
    )


async def ask_rating(
    desk: DeskContext, outbox: Outbox, conversation: ConversationView, reply_to: int, now: datetime
) -> List[MessageView]:
    """Close the chat as the bot's and ask the rating question (nothing if it closed meanwhile)."""
    resolved = await desk.db(desk.journal.mark_resolved, conversation.id, None, now)
    if resolved is None:
        return []
    language = conversation.language
    question = Outgoing(desk.render("utter_desk_csat_bot", language), Author.SYSTEM, language=language)
    return await outbox.tell(resolved, [question], reply_to=reply_to)
