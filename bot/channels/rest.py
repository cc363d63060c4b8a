"""The REST channel buyers' messages arrive on, with input checked first.

Same URL and reply format as Rasa's own REST channel (/webhooks/rest/webhook,
{"sender", "message", "metadata"} in, a list of bot messages out), but bad input
gets a clear 4xx instead of reaching the pipeline: invalid JSON or encoding, a
non-string message, empty text, text over the length limit, metadata over its
size limit.

A "/intent{...}" message passes as a payload only when Rasa can read all of it
(bot.text_input.button_or_text); otherwise it is text without the slash, which
Rasa neither parses nor writes into its log.

Only a caller that shows the channel secret (the desk) may say who the buyer is
in the metadata (bot/channels/identity.py) or use a desk-style sender id
(`<marketplace>:<buyer_id>`); anyone else is the sender id.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, Dict, List
from urllib.parse import unquote

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import LockError
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import DEFAULT_INTENTS
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from redis.exceptions import RedisError
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import PROJECT_ROOT
from bot.channels.identity import admitted_metadata, asserted_buyer, check_sender
from bot.commerce.views import BuyerRef
from bot.conversation_locks import ConversationLocks
from bot.redis_async import forget_idle_connections
from bot.session_store import hand_to_next_read
from bot.settings import Settings
from bot.shared_secret import ANSWER_ONLY, CHANNEL_TOKEN_HEADER, STATE_PARAMETER, secret_matches
from bot.text_input import DomainNames, InvalidMessage, button_or_text, clean_message, json_object

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128
# Metadata is kept in the tracker with every message. The desk's largest is ten
# attachment URLs of up to 2000 characters; anything bigger is not a chat message.
MAX_METADATA_BYTES = 24 * 1024
MAX_BODY_BYTES = 64 * 1024
# The desk's journal id of a buyer message, in its metadata.
DESK_MESSAGE_ID = "desk_message_id"


STORE_UNAVAILABLE = "the conversation store is unavailable; send the message again shortly"


def _error(reason: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


async def _store_unavailable(exc: Exception) -> HTTPResponse:
    """Redis (trackers, locks) failed under a request: a 503 the channel sends again on,
    which finds fresh connections (Redis may have restarted under the idle ones)."""
    logger.warning("conversation store unavailable: %s", exc)
    await forget_idle_connections()
    return _error(STORE_UNAVAILABLE, 503)


def parse_payload(body: bytes) -> Dict[str, Any]:
    """The checked request: sender, message, metadata; InvalidMessage otherwise."""
    if len(body) > MAX_BODY_BYTES:
        raise InvalidMessage(f"request body is {len(body)} bytes; the limit is {MAX_BODY_BYTES}", status=413)
    payload = json_object(body)
    sender = payload.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise InvalidMessage(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    metadata = payload.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InvalidMessage("'metadata' must be a JSON object")
    size = len(json.dumps(metadata, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > MAX_METADATA_BYTES:
        raise InvalidMessage(f"'metadata' is {size} bytes; the limit is {MAX_METADATA_BYTES}", status=413)
    attachments = metadata.get("attachments") or []
    if not isinstance(attachments, list):
        raise InvalidMessage("'metadata.attachments' must be a list")
    message = clean_message(payload.get("message"), allow_empty=bool(attachments))
    return {"sender": sender.strip(), "message": message, "metadata": metadata}


def caller_is_trusted(request: Request, secret: str | None) -> bool:
    """True with the right channel secret, False without one; a wrong one is refused (403)."""
    given = request.headers.get(CHANNEL_TOKEN_HEADER)
    if given is None:
        return False
    if not secret_matches(given, secret):
        raise InvalidMessage(f"wrong {CHANNEL_TOKEN_HEADER}", status=403)
    return True


def conversation_buyer(tracker: DialogueStateTracker | None) -> BuyerRef | None:
    """The buyer a channel named in this conversation so far."""
    if tracker is None:
        return None
    return asserted_buyer(e.metadata for e in reversed(tracker.events) if isinstance(e, UserUttered))


async def replay_if_read(
    tracker: DialogueStateTracker | None, metadata: Dict[str, Any], collector: CollectingOutputChannel
) -> bool:
    """A message the tracker already holds (same desk_message_id) is not read again: its
    answers are sent as they were. The desk retries a send whose answer was lost (the
    replica died, Redis failed mid-way); Rasa saves the user message and the bot's answers
    in one write, so either both are there or neither is."""
    message_id = metadata.get(DESK_MESSAGE_ID)
    if tracker is None or message_id is None:
        return False
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, UserUttered) and (event.metadata or {}).get(DESK_MESSAGE_ID) == message_id:
            for later in events[index + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    await collector.send_response(tracker.sender_id, later.message())
            return True
    return False


# The tracker Rasa saved while handling this request's message (set in the request's own
# task by the processor's save, see remember_saved_trackers).
_saved_tracker: ContextVar[DialogueStateTracker | None] = ContextVar("kefu_saved_tracker", default=None)


def remember_saved_trackers() -> None:
    """Keep the tracker Rasa saves at the end of a message for the request that carried it:
    the state the desk asks for beside the answers is that tracker's, without reading it
    back from the store (a third read of the conversation per message). Once per process."""
    if getattr(MessageProcessor, "_kefu_remembers_saved", False):
        return
    save = MessageProcessor.save_tracker

    async def save_tracker(self: MessageProcessor, tracker: DialogueStateTracker) -> None:
        await save(self, tracker)
        _saved_tracker.set(tracker)

    MessageProcessor.save_tracker = save_tracker
    MessageProcessor._kefu_remembers_saved = True


async def conversation_state(request: Request, sender_id: str) -> Dict[str, Any]:
    """Paused, slots, latest message: the tracker's latest session without its events."""
    saved = _saved_tracker.get()
    if saved is not None and saved.sender_id == sender_id:
        return saved.current_state(EventVerbosity.NONE)
    tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
    if tracker is None:
        return {"sender_id": sender_id, "slots": {}, "latest_message": {}, "paused": False}
    return tracker.current_state(EventVerbosity.NONE)


async def answer(
    request: Request, sender_id: str, messages: List[Dict[str, Any]], trusted: bool
) -> HTTPResponse:
    """The bot's messages; with ?state=1 from the desk also the conversation's state after
    them, which the desk would otherwise read with a second request per message."""
    if trusted and request.args.get(STATE_PARAMETER) == "1":
        return response.json({"messages": messages, "state": await conversation_state(request, sender_id)})
    return response.json(messages)


class BuyerRestInput(RestInput):
    def __init__(self, secret: str | None = None, domain_names: DomainNames | None = None):
        # Without a secret (e.g. `rasa run` by hand, KEFU_CHANNEL_SECRET unset) no
        # caller can name a buyer: everyone is their sender id.
        if secret is None:
            settings = Settings.from_env()
            unset = "KEFU_CHANNEL_SECRET" in settings.random_secrets
            secret = None if unset else settings.channel_secret
        self.secret = secret or None
        # The buyer a conversation belongs to is read from the tracker and the message then
        # handed to Rasa; two first messages naming different buyers must not both pass that
        # check before either is stored, so the two steps run under this lock. (Rasa's own
        # lock only covers the processing, and is not re-entrant.)
        self.locks = ConversationLocks()
        # The domain the model is trained on: what a button's payload may name; and Rasa's
        # own commands (/restart starts the buyer's own conversation over), as on Rasa's REST
        # channel. The desk keeps those from buyers (bot/desk/intake.py).
        self.domain_names = domain_names or DomainNames.read(PROJECT_ROOT / "domain.yml").with_intents(
            DEFAULT_INTENTS
        )

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        remember_saved_trackers()
        webhook = Blueprint("kefu_buyer_rest", __name__)

        @webhook.get("/")
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.get("/tracker/<sender_id:path>")
        async def state(request: Request, sender_id: str) -> HTTPResponse:
            """The conversation's state (paused, slots, latest message) for the desk, after each
            message: from its latest session only, as Rasa itself reads it, so the read costs
            the same at the 200th message as at the first (Rasa's tracker API reads all of it)."""
            if not self.secret or not secret_matches(request.headers.get(CHANNEL_TOKEN_HEADER), self.secret):
                return _error(f"only a channel with {CHANNEL_TOKEN_HEADER} may read a conversation", 403)
            sender_id = unquote(sender_id)
            try:
                return response.json(await conversation_state(request, sender_id))
            except RedisError as exc:
                return await _store_unavailable(exc)

        @webhook.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            try:
                checked = parse_payload(request.body or b"")
                checked["message"] = button_or_text(checked["message"], self.domain_names)
                trusted = caller_is_trusted(request, self.secret)
                check_sender(checked["sender"], trusted)
            except InvalidMessage as exc:
                return _error(str(exc), exc.status)
            try:
                async with self.locks.of(checked["sender"]):
                    return await self._admit(request, checked, trusted, on_new_message)
            except (RedisError, LockError) as exc:
                # Nothing of the message was kept (Rasa saves a message's events at its end),
                # or all of it was (a copy sent again is answered from the tracker).
                return await _store_unavailable(exc)

        return webhook

    async def _admit(
        self,
        request: Request,
        checked: Dict[str, Any],
        trusted: bool,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> HTTPResponse:
        """Under the conversation's lock: check who it belongs to, then read the message
        (or answer a retried one from the tracker)."""
        try:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(checked["sender"])
            known = conversation_buyer(tracker)
            checked["metadata"] = admitted_metadata(checked["metadata"], trusted, known)
        except InvalidMessage as exc:
            return _error(str(exc), exc.status)
        collector = CollectingOutputChannel()
        if trusted and await replay_if_read(tracker, checked["metadata"], collector):
            message_id = checked["metadata"][DESK_MESSAGE_ID]
            logger.info("message %s was read before; its answers sent again", message_id)
            return await answer(request, checked["sender"], collector.messages, trusted)
        # The desk's keyword rules: the bot answers only for these intents (trusted callers only).
        answer_only = checked["metadata"].pop(ANSWER_ONLY, None) if trusted else None
        message = UserMessage(
            checked["message"],
            collector,
            checked["sender"],
            input_channel=self.name(),
            metadata=checked["metadata"],
        )
        hand_to_next_read(tracker)  # Rasa reads it again for the message: not from the store
        try:
            if isinstance(answer_only, list):
                agent = request.app.ctx.agent
                # Parsed once, here, with the conversation: the processor uses this reading.
                message.parse_data = await agent.processor.parse_message(message, tracker)
                if (message.parse_data.get("intent") or {}).get("name") not in answer_only:
                    async with agent.lock_store.lock(message.sender_id):
                        await agent.log_message(message)  # read into the tracker, not answered
                    return await answer(request, checked["sender"], [], trusted)
            await on_new_message(message)
        finally:
            hand_to_next_read(None)
        return await answer(request, checked["sender"], collector.messages, trusted)
