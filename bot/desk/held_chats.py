"""A buyer message in a chat the agents have (queued, or held by one): the agents see it
live, and Rasa reads it paused, so the tracker stays whole and the agent sees its language
and intent; the bot says nothing."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.desk.context import DeskContext
from bot.desk.outbox import Outbox
from bot.desk.queue import QueueUnavailable
from bot.desk.rasa_client import RasaUnavailable, message_metadata, nlu_of
from bot.desk.records import ConversationView, Inbound, MessageView, NluResult
from bot.text_input import button_or_text

logger = logging.getLogger(__name__)

# Rasa reading a message for an agent-held chat must not hold up the agent for long.
PAUSED_RASA_TIMEOUT = 3.0


def rasa_text(desk: DeskContext, text: str) -> str:
    """Buttons send "/intent"; any other slash command (/restart, "/track_order I live at
    12 Main St") is only text to the bot, or Rasa would write it into its log."""
    return button_or_text(text or "", desk.domain_names)


async def pass_to_agents(
    desk: DeskContext, outbox: Outbox, conversation: ConversationView, message: MessageView, inbound: Inbound
) -> None:
    """A queued or held chat: the agents see the message live; the bot reads it, silent."""
    language, intent = message.language, None
    nlu = NluResult()
    try:
        if not conversation.bot_paused:
            await desk.rasa.pause(conversation.sender_id)
            await desk.db(desk.journal.set_bot_paused, conversation.id, True)
        answers = await desk.rasa.send(
            conversation.sender_id,
            rasa_text(desk, inbound.text),
            message_metadata(conversation, inbound, message),
            timeout=PAUSED_RASA_TIMEOUT,
        )
        if answers:  # the tracker was not paused after all: a person has this chat
            logger.warning("conversation %s: the bot answered a held chat; pausing it", conversation.id)
            await desk.rasa.pause(conversation.sender_id)
        tracker = await desk.rasa.tracker(conversation.sender_id, timeout=PAUSED_RASA_TIMEOUT)
        nlu = nlu_of(tracker)
        language, intent = nlu.language or language, nlu.intent
    except RasaUnavailable as exc:
        logger.info("conversation %s: Rasa did not read a held message: %s", conversation.id, exc)
    # Handled: the agents have it now, whether or not the bot could read it.
    await desk.db(desk.journal.update_nlu, message.id, nlu, None, desk.clock())
    message = replace(message, language=language, intent=intent)
    if conversation.status == "queued":
        try:
            await desk.queue.touch(conversation.id, inbound.text)
            await desk.queue.publish({"type": "queue"})
        except QueueUnavailable as exc:
            logger.warning("queue not updated: %s", exc)
    await outbox.publish_message(conversation, message)
