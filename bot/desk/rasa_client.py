"""The desk's one client for the Rasa server: the REST channel, the tracker API, and reading trackers.

Every call has a timeout; anything but a good answer in time is
RasaUnavailable, which the intake turns into a holding message and a tier-1
queue entry rather than an error the buyer sees.

A busy hour is not an outage: at most `concurrency` calls are in Rasa at once
(the rest wait for a turn, and the timeout starts only with the turn), and a
refused connection is told from a slow answer by a short connect timeout.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, Dict, List, Tuple
from urllib.parse import quote

import aiohttp

from bot.desk.records import ConversationView, Inbound, MessageView, NluResult
from bot.dialogue import PENDING_ANSWER_SLOTS
from bot.shared_secret import CHANNEL_TOKEN_HEADER, STATE_PARAMETER

# Why the bot escalated when its handoff_reason slot is empty.
DEFAULT_REASON = "low_confidence"
# The intent Rasa's FallbackClassifier gives a message it is unsure of; the bot then clarifies.
FALLBACK_INTENT = "nlu_fallback"


# Rasa is local or next door: a connection not made in this time is an outage.
CONNECT_SECONDS = 3.0
# Unpacking and loading a model takes Rasa a while; buyers are answered by the old one meanwhile.
MODEL_LOAD_SECONDS = 300.0


# A send that failed mid-way is tried again after these pauses: a replica that died with
# the message (the balancer sends the retry to another), Redis restarting under Rasa (15 s
# in all: a restart of a few seconds on a busy machine outlasted the 7.5 s this was).
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
# Answers that mean "not now" rather than "never": a server error, the balancer's
# "no replica" or "the replica hung up".
TRANSIENT_STATUSES = (500, 502, 503, 504)
# The conversation's sender id (<marketplace>:<buyer_id>) in a tracker path: errors name the
# route without it, as they end up in the desk's log.
_SENDER_IN_PATH = re.compile(r"(/conversations/|/webhooks/rest/tracker/)[^/?]+")


class RasaUnavailable(RuntimeError):
    """Rasa did not answer in time, or answered with an error."""

    def __init__(self, message: str, transient: bool = False):
        super().__init__(message)
        # The request reached Rasa and failed there, or the connection dropped mid-way:
        # worth another try. A refused connection or a timeout is not.
        self.transient = transient


class RasaClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        timeout: float = 5.0,
        session: aiohttp.ClientSession | None = None,
        channel_secret: str | None = None,
        concurrency: int = 8,
        retry_delays: Tuple[float, ...] = RETRY_DELAYS,
    ):
        self.retry_delays = retry_delays
        self.base_url = base_url.rstrip("/")
        self.token = token
        # Shown to the REST channel so it believes the buyer_id in the metadata.
        self.channel_secret = channel_secret
        self.timeout = timeout
        self.concurrency = concurrency
        self._turns: asyncio.Semaphore | None = None
        self._session = session

    async def start(self) -> aiohttp.ClientSession:
        """The HTTP session, opened on first use."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=100), json_serialize=_dumps
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _request(self, method: str, path: str, timeout: float | None = None, **kwargs) -> Any:
        session = await self.start()
        if self._turns is None:  # made on the serving loop, not at construction
            self._turns = asyncio.Semaphore(self.concurrency)
        total = timeout or self.timeout
        limit = aiohttp.ClientTimeout(total=total, sock_connect=min(CONNECT_SECONDS, total))
        async with self._turns:
            return await self._call(session, method, path, limit, **kwargs)

    async def _call(
        self, session: aiohttp.ClientSession, method: str, path: str, limit: aiohttp.ClientTimeout, **kwargs
    ) -> Any:
        shown = _SENDER_IN_PATH.sub(r"\1<sender>", path)  # what the errors below name
        try:
            async with session.request(method, f"{self.base_url}{path}", timeout=limit, **kwargs) as response:
                if response.status >= 400:
                    body = (await response.text())[:300]
                    raise RasaUnavailable(
                        f"Rasa answered {response.status} to {method} {shown}: {body}",
                        transient=response.status in TRANSIENT_STATUSES,
                    )
                return await response.json(content_type=None)
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            if isinstance(exc, aiohttp.ClientConnectorError):  # refused: nobody there
                raise RasaUnavailable(f"Rasa did not answer {method} {shown}: {exc}") from exc
            problem = f"{exc.__class__.__name__} {exc}".strip()
            raise RasaUnavailable(f"Rasa dropped {method} {shown}: {problem}", transient=True) from exc
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            problem = f"{exc.__class__.__name__} {exc}".strip()
            raise RasaUnavailable(f"Rasa did not answer {method} {shown}: {problem}") from exc

    async def _retrying(self, method: str, path: str, timeout: float | None = None, **kwargs) -> Any:
        """_request, tried again after each of retry_delays while the failure is transient."""
        for delay in self.retry_delays:
            try:
                return await self._request(method, path, timeout=timeout, **kwargs)
            except RasaUnavailable as exc:
                if not exc.transient:
                    raise
                await asyncio.sleep(delay)
        return await self._request(method, path, timeout=timeout, **kwargs)

    def _conversation(self, sender_id: str, tail: str = "") -> str:
        return f"/conversations/{quote(sender_id, safe='')}/tracker{tail}"

    async def send(
        self, sender_id: str, text: str, metadata: Dict[str, Any], timeout: float | None = None
    ) -> List[dict]:
        """The buyer's message through the REST channel; the bot's replies.

        A transient failure is tried again (RETRY_DELAYS); the REST channel knows the
        message by its desk_message_id and answers a second copy from the tracker instead
        of reading it twice (bot.channels.rest.replay_if_read)."""
        replies = await self._post_message(sender_id, text, metadata, timeout)
        if not isinstance(replies, list):
            raise RasaUnavailable(f"the REST channel answered {type(replies).__name__}, not a list")
        return replies

    async def send_and_read(
        self, sender_id: str, text: str, metadata: Dict[str, Any], timeout: float | None = None
    ) -> Tuple[List[dict], dict]:
        """send(), and the conversation's state after it (as tracker() reads it) in the same
        round trip: the REST channel adds it for a caller with the channel secret."""
        if not self.channel_secret:  # the REST channel shows a conversation's state to the desk only
            return await self.send(sender_id, text, metadata, timeout), {}
        answer = await self._post_message(sender_id, text, metadata, timeout, {STATE_PARAMETER: "1"})
        if not isinstance(answer, dict) or not isinstance(answer.get("messages"), list):
            raise RasaUnavailable(f"the REST channel answered {type(answer).__name__} without messages")
        return answer["messages"], answer.get("state") or {}

    async def _post_message(
        self,
        sender_id: str,
        text: str,
        metadata: Dict[str, Any],
        timeout: float | None,
        params: Dict[str, str] | None = None,
    ) -> Any:
        params = params or {}
        payload = {"sender": sender_id, "message": text, "metadata": metadata}
        headers = {CHANNEL_TOKEN_HEADER: self.channel_secret} if self.channel_secret else {}
        return await self._retrying(
            "POST", "/webhooks/rest/webhook", timeout=timeout, json=payload, headers=headers, params=params
        )

    async def tracker(self, sender_id: str, timeout: float | None = None) -> dict:
        """The conversation's state (paused, slots, latest message) without its events, from
        the REST channel (bot.channels.rest): its latest session only, so reading it after
        every message costs the same however long the conversation is."""
        headers = {CHANNEL_TOKEN_HEADER: self.channel_secret} if self.channel_secret else {}
        return await self._retrying(
            "GET", f"/webhooks/rest/tracker/{quote(sender_id, safe='')}", timeout=timeout, headers=headers
        )

    async def append(self, sender_id: str, events: List[dict], timeout: float | None = None) -> dict:
        return await self._request(
            "POST",
            self._conversation(sender_id, "/events"),
            timeout=timeout,
            params={"token": self.token, "include_events": "NONE"},
            json=events,
        )

    async def pause(self, sender_id: str) -> None:
        await self.append(sender_id, [{"event": "pause"}])

    async def fresh_session(self, sender_id: str) -> None:
        """Resume the bot in a new dialogue session: slots carried over, transcript kept.

        After a person had the chat, the dialogue policies would otherwise read the
        held messages as turns the bot never answered, and fall back. These are the
        events Rasa's own action_session_start logs.
        """
        slots = (await self.tracker(sender_id)).get("slots") or {}
        # Nor is a question the bot waited on carried: a person has had the chat since.
        dropped = ("requested_slot", "session_started_metadata", *PENDING_ANSWER_SLOTS)
        carried = [
            {"event": "slot", "name": name, "value": value}
            for name, value in slots.items()
            if value is not None and name not in dropped
        ]
        await self.append(
            sender_id,
            [
                {"event": "resume"},
                {"event": "action", "name": "action_session_start"},
                {"event": "session_started"},
                *carried,
                {"event": "action", "name": "action_listen"},
            ],
        )

    async def status(self, timeout: float | None = None) -> dict:
        """The served model: {"model_file": its file name, "model_id", ...} (Rasa's GET /status)."""
        return await self._request("GET", "/status", timeout=timeout, params={"token": self.token})

    async def load_model(self, model_file: str, timeout: float = MODEL_LOAD_SECONDS) -> None:
        """Serve another model from now on (Rasa's PUT /model); the path is read by the Rasa server."""
        await self._request(
            "PUT", "/model", timeout=timeout, params={"token": self.token}, json={"model_file": model_file}
        )

    async def bot_said(self, sender_id: str, text: str, metadata: Dict[str, Any]) -> None:
        """Write what a person (or the desk) told the buyer into the tracker, so the transcript is whole."""
        await self.append(sender_id, [{"event": "bot", "text": text, "metadata": metadata}])


def nlu_of(tracker: Dict[str, Any], top: int = 3) -> NluResult:
    """The NLU result of the tracker's latest buyer message, falling back to the language slot."""
    latest = tracker.get("latest_message") or {}
    language = latest.get("language") or (tracker.get("slots") or {}).get("language")
    intent = latest.get("intent") or {}
    ranking = tuple(
        {"name": str(found["name"]), "confidence": _confidence(found.get("confidence"))}
        for found in latest.get("intent_ranking") or ()
        if isinstance(found, dict) and found.get("name") and found.get("name") != FALLBACK_INTENT
    )[:top]
    return NluResult(language, intent.get("name"), _confidence(intent.get("confidence")), ranking)


def task_open(tracker: Dict[str, Any]) -> bool:
    """The bot is in the middle of a task: a form is running (the tracker's active_loop
    has a name) or it waits for a yes/no it asked. A sign-off now is not the end."""
    loop = tracker.get("active_loop") or {}
    if loop.get("name") if isinstance(loop, dict) else loop:
        return True
    slots = tracker.get("slots") or {}
    return any(slots.get(name) not in (None, "") for name in PENDING_ANSWER_SLOTS)


def _confidence(value: Any) -> float | None:
    try:
        return round(float(value), 4)
    except (TypeError, ValueError):
        return None


def handoff_of(tracker: Dict[str, Any]) -> Tuple[int, str]:
    """(tier 1-3, reason) the bot chose when it escalated, from the handoff slots."""
    slots = tracker.get("slots") or {}
    try:
        tier = int(round(float(slots.get("handoff_tier") or 1)))
    except (TypeError, ValueError):
        tier = 1
    return min(max(tier, 1), 3), str(slots.get("handoff_reason") or DEFAULT_REASON)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def message_metadata(
    conversation: ConversationView, inbound: Inbound, message: MessageView
) -> Dict[str, Any]:
    """What Rasa's actions and routing rules need to know about the buyer and the chat, and
    the journal's id of the message (a retried send is recognised by it: send_and_read)."""
    metadata: Dict[str, Any] = {
        "buyer_id": conversation.buyer_id,
        "marketplace": conversation.marketplace,
        "opened_from": conversation.opened_from,
        "channel": conversation.channel,
        "conversation_id": conversation.id,
        "desk_message_id": message.id,
    }
    if conversation.vip:
        metadata["vip"] = True
    if inbound.attachments:
        metadata["attachments"] = list(inbound.attachments)
    return metadata


def doubt_of(nlu: NluResult, tracker: Dict[str, Any]) -> str | None:
    """What the bot did because it did not understand the message: handed the chat to a
    person (reason low_confidence) or asked "did you mean" (nlu_fallback); None otherwise."""
    if tracker.get("paused") and handoff_of(tracker)[1] == DEFAULT_REASON:
        return "handed_off"
    return "clarified" if nlu.intent == FALLBACK_INTENT else None
