"""Does a message cost more late in a long conversation? Latency at message 1 vs message N.

A few buyers each write N messages (default 200) one after another, the conversations
interleaved, once straight to Rasa's REST channel and once through the desk's signed
webhook, against the real Rasa and action servers with trackers and locks in Redis (as
in production). While they write their last messages, as many new buyers write their
first ones beside them, text for text. Reports the median latency of the new
conversations' first messages and of the long ones' last, and their ratio (the target:
within 1.2x).

The window is 20 by default: a session restarts after 20 buyer messages
(bot/long_sessions.py), so each window holds one whole session, and 20 is a multiple of
the four texts, so both windows ask the same things. A window of 10 compared turns 1-10 of a
session with turns 11-20 of another, and two coupon questions with three.

    python scripts/bench_long.py [--messages 200] [--buyers 3] [--window 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_parts.webhook import signed_message, webhook_desk_env  # noqa: E402
from load_fault_parts import Outbound  # noqa: E402

from bot.settings import Settings  # noqa: E402
from bot.shared_secret import CHANNEL_TOKEN_HEADER  # noqa: E402
from bot.stack import Stack  # noqa: E402
from bot.training import train_if_needed  # noqa: E402

WORK = ROOT / "var" / "bench-long"
SECRET = "bench-long-webhook-secret"
# Turns the bot answers itself, over and over (see scripts/load_fault.py).
MESSAGES = ["hello", "good morning", "do you have any coupons?", "hi again"]


def conversations(post, buyers: int, messages: int, window: int) -> tuple:
    """(long, fresh): latencies in ms, long[buyer][index] of `buyers` conversations of
    `messages` messages, taking turns, and fresh[buyer][index] of as many new conversations'
    first `window` messages, each written right beside a long one's message of the last
    `window` with the same text. Early and late messages are then timed side by side under
    the same load, not seconds apart while the machine's other work comes and goes."""
    if not 0 < window <= messages:
        raise ValueError(f"the window ({window}) must be 1 to the conversation's {messages} messages")
    offset = messages - window
    long = [[0.0] * messages for _ in range(buyers)]
    fresh = [[0.0] * window for _ in range(buyers)]

    def timed(buyer: int, index: int, text: str) -> float:
        started = time.perf_counter()
        answer = post(buyer, index, text)
        if answer.status_code != 200:
            raise SystemExit(f"message {index} of buyer {buyer}: {answer.status_code} {answer.text[:200]}")
        return (time.perf_counter() - started) * 1000

    for index in range(messages):
        text = MESSAGES[index % len(MESSAGES)]
        for buyer in range(buyers):
            if index >= offset:  # a fresh conversation's message beside it; who goes first alternates
                early = index - offset
                pair = [(long, buyer, index), (fresh, buyers + buyer, early)]
                for rows, who, at in pair if (index + buyer) % 2 else pair[::-1]:
                    rows[who % buyers][at] = timed(who, at, text)
            else:
                long[buyer][index] = timed(buyer, index, text)
    return long, fresh


def first_and_last(long: list, fresh: list) -> dict:
    """Medians of the fresh conversations' first messages and the long ones' last, and the
    ratio; `start_ms` is the long ones' own first messages, timed at the run's start."""
    window = len(fresh[0])
    first = [ms for row in fresh for ms in row]
    last = [ms for row in long for ms in row[-window:]]
    p50_first, p50_last = statistics.median(first), statistics.median(last)
    return {
        "first_ms": round(p50_first, 1),
        "last_ms": round(p50_last, 1),
        "ratio": round(p50_last / p50_first, 2),
        "start_ms": round(statistics.median(ms for row in long for ms in row[:window]), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=200, help="messages per conversation")
    parser.add_argument("--buyers", type=int, default=3)
    parser.add_argument("--window", type=int, default=20, help="first/last messages compared")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--port", type=int, default=18705, help="Rasa's; actions +50, desk +75")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "desk.db"
    database.unlink(missing_ok=True)
    os.environ["KEFU_DATABASE_URL"] = f"sqlite:///{database}"
    redis.Redis.from_url(args.redis_url).flushdb()
    outbound = Outbound().start()  # the seller's endpoint the desk delivers its replies to
    settings = Settings.from_env(
        {
            "KEFU_RASA_PORT": str(args.port),
            "KEFU_ACTIONS_PORT": str(args.port + 50),
            "KEFU_DESK_PORT": str(args.port + 75),
            "KEFU_RASA_TOKEN": uuid.uuid4().hex,
            "KEFU_REDIS_URL": args.redis_url,
            **webhook_desk_env(WORK, SECRET, outbound.url),
        }
    )
    run = uuid.uuid4().hex[:6]
    stack = Stack(settings, train_if_needed(ROOT / "models"), WORK / "logs", desk=True).start()
    session = requests.Session()
    webhook = f"{settings.rasa_url}/webhooks/rest/webhook"

    def direct(buyer: int, index: int, text: str) -> requests.Response:
        body = {"sender": f"long-{run}-{buyer}", "message": text}
        headers = {CHANNEL_TOKEN_HEADER: settings.channel_secret}
        return session.post(webhook, json=body, headers=headers, timeout=60)

    def desk(buyer: int, index: int, text: str) -> requests.Response:
        body, headers = signed_message(SECRET, f"{index}", f"desk-{run}-{buyer}", text)
        return session.post(f"{settings.desk_url}/channels/webhook", data=body, headers=headers, timeout=60)

    try:
        direct(99, 0, "hello")  # warm up what Rasa loads on first use
        results = {
            "direct": first_and_last(*conversations(direct, args.buyers, args.messages, args.window)),
            "desk": first_and_last(*conversations(desk, args.buyers, args.messages, args.window)),
        }
    finally:
        stack.stop()
        outbound.stop()
    results["setup"] = {
        "messages": args.messages,
        "buyers": args.buyers,
        "window": args.window,
        "replies_delivered": len(outbound.received),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
