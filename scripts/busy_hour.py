"""A busy hour through the desk's web chat, measured.

N concurrent web-chat buyers (each a fresh chat session: POST /chat/session, then
POST /chat/messages) send M messages each, against the real Rasa and action
servers behind the desk. Counts how many messages the bot answered and how many
were held (holding message, conversation queued for a person), with p50/p99
latency of a message, and writes them to the "Busy hour" section of
docs/benchmark.md.

    python scripts/busy_hour.py [--buyers 50] [--messages 10]

All buyers come from this machine's one address, so the per-address web chat
limit is switched off for the run (a real busy hour has many addresses); the
per-buyer limit stays as configured.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# bench_parts (and bench) put the project on the path and quiet TensorFlow before anything imports it.
from bench_parts.report import write_section  # noqa: E402

from bench import percentile, start_desk_stack  # noqa: E402

WORK = ROOT / "var" / "busy-hour"
PAGE = ROOT / "docs" / "benchmark.md"
SECTION = "## Busy hour"
# A buyer's evening the bot answers itself: greetings, order questions, thanks, in a few
# languages. (Pre-sale questions go to a person by design; they would measure routing, not load.)
CONVERSATION = [
    "hello",
    "where is my order?",
    "my parcel has not arrived yet",
    "thank you",
    "你好，在吗",
    "สวัสดีค่ะ",
    "good morning",
    "where is my parcel",
    "thanks a lot",
    "hi again",
]


def buyer(url: str, messages: int) -> dict:
    """One web chat visitor's conversation: their session, the status and latency of each message."""
    session = requests.Session()
    started = session.post(f"{url}/chat/session", json={}, timeout=60)
    started.raise_for_status()
    identity = started.json()
    headers = {"Authorization": f"Bearer {identity['token']}"}
    answers = []
    for index in range(messages):
        text = CONVERSATION[index % len(CONVERSATION)]
        body = {"text": text, "message_id": uuid.uuid4().hex}
        start = time.perf_counter()
        try:
            answer = session.post(f"{url}/chat/messages", json=body, headers=headers, timeout=120)
            status: int | str = answer.status_code
        except requests.RequestException as exc:
            status = exc.__class__.__name__
        answers.append((status, (time.perf_counter() - start) * 1000))
    return {"sender": f"{identity['marketplace']}:{identity['buyer_id']}", "answers": answers}


def tally(database_url: str, conversations: list) -> dict:
    """From the desk's journal: buyer messages the bot answered, held ones, queued conversations."""
    from bot.db.engine import make_engine
    from bot.desk.journal import Journal

    journal = Journal(make_engine(database_url))
    counts: dict = {"bot": 0, "held": 0, "queued": 0, "reasons": {}}
    for conversation in conversations:
        found = journal.open_conversation(conversation["sender"])
        if found is None:
            continue
        messages = journal.messages(found.id)
        answered = {m.reply_to for m in messages if m.author == "bot"}
        asked = [m.id for m in messages if m.author == "buyer"]
        counts["bot"] += sum(1 for m in asked if m in answered)
        counts["held"] += sum(1 for m in asked if m not in answered)
        if found.status == "queued":
            counts["queued"] += 1
            counts["reasons"][found.reason] = counts["reasons"].get(found.reason, 0) + 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--messages", type=int, default=10, help="messages per buyer")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--port", type=int, default=27005, help="Rasa's; the action server +50, the desk +75")
    args = parser.parse_args()
    settings, stack, database_url = start_desk_stack(
        WORK, args.port, KEFU_REDIS_URL=args.redis_url, KEFU_DESK_ADDRESS_RATE="0"
    )
    try:
        buyer(settings.desk_url, 1)  # warm up: the first message loads what Rasa loads lazily
        started = time.monotonic()
        with ThreadPoolExecutor(args.buyers) as pool:
            runs = [pool.submit(buyer, settings.desk_url, args.messages) for _ in range(args.buyers)]
            conversations = [run.result() for run in runs]
        elapsed = time.monotonic() - started
    finally:
        stack.stop()
    counts = tally(database_url, conversations)
    answers = [a for c in conversations for a in c["answers"]]
    durations = [ms for _, ms in answers]
    refused = sum(1 for status, _ in answers if status != 200)
    sent = len(answers)
    table = "\n".join(
        [
            f"Latest `python scripts/busy_hour.py` run ({time.strftime('%Y-%m-%d')}, this 2-core machine, "
            f"shared): {args.buyers} web chat buyers at once, {args.messages} messages each, each buyer "
            "with a fresh chat session, through the desk to the real Rasa and action servers "
            f"(per-address limit off: all buyers share one address here). {elapsed:.0f} s in all.",
            "",
            "| messages | answered by the bot | held (no bot answer) | conversations queued for a person "
            "| refused (non-200) | p50 ms | p99 ms |",
            "|---|---|---|---|---|---|---|",
            f"| {sent} | {counts['bot']} | {counts['held']} | {counts['queued']} | {refused} "
            f"| {percentile(durations, 50):.0f} | {percentile(durations, 99):.0f} |",
            "",
            f"Why conversations were queued: {counts['reasons'] or 'none were'}.",
            "",
            f"Throughput: {sent / elapsed:.1f} messages a second. The latency is mostly waiting in line: "
            f"with {args.buyers} buyers writing at once, each message waits for about "
            f"{args.buyers} others' turns at the one Rasa process (buyers / throughput = "
            f"{args.buyers / (sent / elapsed):.0f} s).",
        ]
    )
    print(table)
    write_section(PAGE, SECTION, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
