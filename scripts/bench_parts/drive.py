"""Messages at a bot through one channel: each from a new buyer one after another, as many
conversations at once, or a few long conversations (scripts/bench_long.py's)."""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Callable, List

import requests
from bench_long import conversations as long_conversations
from bench_long import first_and_last

from bench import percentile, timed_requests
from bench_parts.webhook import signed_message

# (session, buyer, text, message id) -> the answer
Post = Callable[[requests.Session, str, str, str], requests.Response]
REST, DESK = "REST", "desk webhook"  # the channels' names in the results
TIMEOUT_S = 120  # past the desk's own patience with Rasa: a slow answer is measured, not cut


@dataclass
class Channel:
    """How a buyer's message reaches the bot, and whether the bot answered it."""

    name: str
    post: Post
    answered: Callable[[requests.Response], bool]


def rest_channel(rasa_url: str) -> Channel:
    """Rasa's REST channel: the answer is the list of the bot's messages."""
    webhook = f"{rasa_url}/webhooks/rest/webhook"

    def post(session: requests.Session, buyer: str, text: str, _message_id: str) -> requests.Response:
        return session.post(webhook, json={"sender": buyer, "message": text}, timeout=TIMEOUT_S)

    return Channel(REST, post, lambda answer: bool(answer.json()))


def desk_channel(desk_url: str, secret: str) -> Channel:
    """The desk's signed marketplace webhook: the answer counts the replies it journaled."""
    webhook = f"{desk_url}/channels/webhook"

    def post(session: requests.Session, buyer: str, text: str, message_id: str) -> requests.Response:
        body, headers = signed_message(secret, message_id, buyer, text)
        return session.post(webhook, data=body, headers=headers, timeout=TIMEOUT_S)

    return Channel(DESK, post, lambda answer: answer.json().get("replies", 0) > 0)


def new_buyer(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def warm_up(channel: Channel, texts: List[str]) -> None:
    """First calls load what the servers load lazily; not measured."""
    session = requests.Session()
    for text in texts:
        channel.post(session, new_buyer("warm"), text, uuid.uuid4().hex).raise_for_status()


def sequential(channel: Channel, messages: List[str]) -> dict:
    """One message at a time, each from a new buyer: p50/p99 in ms."""
    session = requests.Session()
    return timed_requests(
        lambda text: channel.post(session, new_buyer("seq"), text, uuid.uuid4().hex), messages
    )


def concurrent(channel: Channel, messages: List[str], count: int, turns: int = 10) -> dict:
    """`count` buyers at once, each writing one message after another. A new buyer takes a
    writer's place after `turns` messages, or at once when the bot did not answer (the chat
    went to a person, who answers from then on): conversations are as long at every
    `count`, and no message is one the bot was never going to handle."""
    durations: List[float] = []
    tally = {"errors": 0, "no_answer": 0}
    lock = threading.Lock()

    def writer(texts: List[str]) -> None:
        session, prefix = requests.Session(), new_buyer(f"conc{count}")
        buyer, written = 0, 0
        for index, text in enumerate(texts):
            if written >= turns:
                buyer, written = buyer + 1, 0
            sender = f"{prefix}-{buyer}"
            start = time.perf_counter()
            try:
                answer = channel.post(session, sender, text, f"{sender}-{index}")
                ok = answer.status_code == 200
                answered = ok and channel.answered(answer)
            except (requests.RequestException, ValueError):  # refused, timed out, not JSON
                ok = answered = False
            with lock:
                durations.append((time.perf_counter() - start) * 1000)
                tally["errors"] += not ok
                tally["no_answer"] += ok and not answered
            written = written + 1 if answered else turns

    threads = [threading.Thread(target=writer, args=(messages[i::count],)) for i in range(count)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {
        "messages": len(messages),
        "msg_per_s": round(len(messages) / wall, 2),
        "p50_ms": round(percentile(durations, 50), 1),
        "p99_ms": round(percentile(durations, 99), 1),
        **tally,
    }


def long_conversation(channel: Channel, buyers: int, messages: int, window: int) -> dict:
    """`buyers` conversations of `messages` messages each, taking turns, and as many new ones
    written beside their last `window` messages (scripts/bench_long.py): the median latency of
    message 1 and of the last message, and of the first and last `window` with their ratio."""
    run, session = uuid.uuid4().hex[:6], requests.Session()

    def post(buyer: int, index: int, text: str) -> requests.Response:
        return channel.post(session, f"long-{run}-{buyer}", text, f"long-{run}-{buyer}-{index}")

    long, fresh = long_conversations(post, buyers, messages, window)
    return {
        "messages": messages,
        "first_message_ms": round(statistics.median(row[0] for row in fresh), 1),
        "last_message_ms": round(statistics.median(row[-1] for row in long), 1),
        **first_and_last(long, fresh),
    }
