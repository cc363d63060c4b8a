"""The REST channel buyers' messages arrive on, with input checked first.

Same URL and reply format as Rasa's own REST channel (/webhooks/rest/webhook,
{"sender", "message", "metadata"} in, a list of bot messages out), but bad input
gets a clear 4xx instead of reaching the pipeline: invalid JSON or encoding, a
non-string message, empty text, text over the length limit.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.text_input import InvalidMessage, clean_message, json_object

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128


def _error(reason: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


def parse_payload(body: bytes) -> Dict[str, Any]:
    """The checked request: sender, message, metadata; InvalidMessage otherwise."""
    payload = json_object(body)
    sender = payload.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise InvalidMessage(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    metadata = payload.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InvalidMessage("'metadata' must be a JSON object")
    attachments = metadata.get("attachments") or []
    if not isinstance(attachments, list):
        raise InvalidMessage("'metadata.attachments' must be a list")
    message = clean_message(payload.get("message"), allow_empty=bool(attachments))
    return {"sender": sender.strip(), "message": message, "metadata": metadata}


class BuyerRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("kefu_buyer_rest", __name__)

        @webhook.get("/")
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            try:
                checked = parse_payload(request.body or b"")
            except InvalidMessage as exc:
                return _error(str(exc), exc.status)
            collector = CollectingOutputChannel()
            await on_new_message(
                UserMessage(
                    checked["message"],
                    collector,
                    checked["sender"],
                    input_channel=self.name(),
                    metadata=checked["metadata"],
                )
            )
            return response.json(collector.messages)

        return webhook
