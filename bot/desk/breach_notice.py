"""What a buyer hears when their chat misses its first-response deadline and the desk moves it
up a tier: the wait they were told has passed, so they are told (once, in their language) that
it is taking longer and a more senior colleague will answer.

Not while the desk is closed: the off-hours reply already told them when people are back, and
"a colleague will answer" at night would be a second promise nobody keeps. A chat told once in
its time in the queue is not told again at its next breach.
"""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from bot.desk.context import DeskContext
from bot.desk.outbox import Outbox
from bot.desk.records import Author, Breach, ConversationView, Outgoing

TAKING_LONGER = "utter_desk_taking_longer"


async def tell_taking_longer(
    desk: DeskContext,
    outbox: Outbox,
    breaches: Sequence[Breach],
    moved: Sequence[ConversationView],
    now: datetime,
) -> int:
    """Tell the buyers of the chats the journal moved up a tier; returns how many were told."""
    if not desk.config.hours.is_open(now):
        return 0
    moved_up = {b.conversation_id for b in breaches if b.to_tier > b.from_tier}
    told = 0
    for conversation in moved:
        if conversation.id not in moved_up:  # the top tier: flagged, nobody more senior
            continue
        text = desk.render(TAKING_LONGER, conversation.language)
        if await _already_told(desk, conversation, text):
            continue
        await outbox.tell(conversation, [Outgoing(text, Author.SYSTEM, language=conversation.language)])
        told += 1
    return told


async def _already_told(desk: DeskContext, conversation: ConversationView, text: str) -> bool:
    """This text went to the buyer since the chat was last queued."""
    since = conversation.queued_at
    messages = await desk.db(desk.journal.messages, conversation.id)
    return any(
        m.direction == "out" and m.text.strip() == text.strip() and (since is None or m.created_at >= since)
        for m in messages
    )
