"""The buyer takes back their request for a person before anyone has claimed the chat.

Played: "cho tôi nói chuyện với nhân viên" -> handed to the agents -> "thôi không cần
nữa" (never mind, no need) -> "đơn hàng của tôi đâu rồi?": the bot said nothing more, for
the chat sat in the queue until an agent came. A queued chat whose buyer says never mind
goes back to the bot (out of the queue, Rasa resumed in a new session), and the buyer is
told so. A chat an agent holds stays theirs: the agent reads the message and decides.
"""

from __future__ import annotations

import logging
from typing import List

from bot.desk.context import DeskContext
from bot.desk.outbox import Outbox
from bot.desk.queue import QueueUnavailable
from bot.desk.rasa_client import RasaUnavailable
from bot.desk.records import Author, ConversationView, MessageView, Outgoing
from bot.nlu.said_words import phrases, said

logger = logging.getLogger(__name__)

WITHDRAWN_TEXT = "utter_desk_request_withdrawn"
# A never mind this long at most: "never mind the refund, where is my parcel?" asks more.
MAX_WORDS, MAX_CHARACTERS = 10, 60
# Handed over because the buyer asked for a person, or the bot did not understand: theirs to
# take back. A complaint, a dispute or a missing parcel stays with the agents.
WITHDRAWABLE_REASONS = ("human_handoff", "low_confidence")
NEVER_MIND_WORDS = (
    "never mind", "nevermind", "no need", "not needed", "dont need a person", "don't need a person",
    "sorted it", "all sorted", "cancel the request", "no longer need", "i'm fine now", "im fine now",
    "deixa pra la", "nao precisa mais", "esquece", "ja resolvi", "nao preciso mais",
    "olvidalo", "ya no hace falta", "no hace falta", "ya lo resolvi", "ya no necesito",
    "не нужно", "уже не нужно", "неважно", "забудьте", "я разобрал",
    "不用了", "不需要了", "没事了", "沒事了", "已经解决了", "已經解決了",
    "ไม่เป็นไรแล้ว", "ไม่ต้องแล้ว", "ไม่ต้องค่ะ", "ไม่ต้องครับ", "แก้ได้แล้ว",
    "thoi khong can nua", "khong can nua", "thoi khoi", "khong can dau",
    "gak jadi", "ga jadi", "nggak jadi", "gajadi", "udah gak perlu", "ga perlu lagi",
    "tidak perlu lagi", "udah beres", "sudah beres",
)  # fmt: skip
NEVER_MIND = phrases(NEVER_MIND_WORDS)


def withdraws_the_request(conversation: ConversationView, text: str) -> bool:
    """Is the chat waiting in a queue for a reason the buyer can take back, and does a short
    message say they no longer need a person? ("算了" and "не надо" are left out: they as
    often lead into "then cancel it".)"""
    short = len(text.split()) <= MAX_WORDS and len(text) <= MAX_CHARACTERS
    return (
        conversation.status == "queued"
        and conversation.reason in WITHDRAWABLE_REASONS
        and short
        and said(NEVER_MIND, text.replace("’", "'"))
    )


async def withdraw(
    desk: DeskContext, outbox: Outbox, conversation: ConversationView, message: MessageView
) -> List[MessageView] | None:
    """The queued chat back to the bot and the buyer told so; None when an agent claimed it
    meanwhile (the agents have it, and this message with it)."""
    back = await desk.db(desk.journal.mark_withdrawn, conversation.id, desk.clock())
    if back is None:
        return None
    try:
        await desk.rasa.fresh_session(conversation.sender_id)
    except RasaUnavailable as exc:
        # The bot's next answer finds the tracker paused and queues the chat again.
        logger.warning("conversation %s: Rasa not resumed after the buyer's never mind: %s", back.id, exc)
    try:
        await desk.queue.remove(back.id)
        await desk.queue.publish({"type": "queue"})
    except QueueUnavailable as exc:
        logger.warning("conversation %s left in Redis: %s", back.id, exc)
    reply = Outgoing(desk.render(WITHDRAWN_TEXT, back.language), Author.SYSTEM, language=back.language)
    return await outbox.tell(back, [reply], reply_to=message.id, settles=True)
