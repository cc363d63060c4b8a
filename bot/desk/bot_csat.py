"""CSAT for chats the bot settled alone: when the buyer signs off (goodbye, thanks:
seller/desk.yml bot_csat) in a chat no person took part in, and the bot is not in the
middle of a task (no form running, no yes/no waiting: rasa_client.task_open), the desk
closes it as resolved by the bot and asks for a 1-5 rating once, in the buyer's language.
A "thanks" said before confirming a cancellation leaves the chat open. A buyer asked within
csat_window_hours (answered or not) is not asked again: the chat closes as the bot's
without one ("thanks!", asked, "5", "bye" is asked once; so is "thanks!", "thank you so much").

The answer is then read exactly like the rating after an agent's resolve (the journal's
record_inbound: the next message, within csat_window_hours, if it is a 1-5 rating).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import List, Tuple

from bot.desk.context import DeskContext
from bot.desk.journal import Journal
from bot.desk.outbox import Outbox
from bot.desk.records import Author, ConversationStatus, ConversationView, MessageView, Outgoing


def settled_by_bot(
    desk: DeskContext, conversation: ConversationView, intent: str | None, task_open: bool
) -> bool:
    """The buyer signed off (the bot did not hand the chat over, nor has a task open) in a
    chat only the bot answered."""
    return (
        not task_open
        and bool(intent)
        and intent in desk.config.bot_csat_intents
        and conversation.status is ConversationStatus.BOT
        and not conversation.escalations
    )


async def ask_rating(
    desk: DeskContext, outbox: Outbox, conversation: ConversationView, reply_to: int, now: datetime
) -> List[MessageView]:
    """Close the chat as the bot's and ask the rating question (nothing if it closed meanwhile,
    nor when the buyer was asked within csat_window_hours, whether they answered or not)."""
    since = now - timedelta(hours=desk.config.csat_window_hours)
    asked, resolved = await desk.db(close_as_the_bots, desk.journal, conversation, since, now)
    if resolved is None or asked:
        return []
    return await outbox.tell(resolved, [rating_question(desk, conversation.language)], reply_to=reply_to)


def close_as_the_bots(
    journal: Journal, conversation: ConversationView, since: datetime, now: datetime
) -> Tuple[bool, ConversationView | None]:
    """(asked for a rating since `since`, the chat resolved as the bot's): one trip to a
    worker thread for both, not two."""
    asked = journal.rating_asked_since(conversation.sender_id, since)
    return asked, journal.mark_resolved(conversation.id, None, now, not asked)


def rating_question(desk: DeskContext, language: str | None) -> Outgoing:
    """The 1-5 question for a chat the bot had, in the buyer's language."""
    return Outgoing(desk.render("utter_desk_csat_bot", language), Author.SYSTEM, language=language)
