"""The desk path against calling Rasa directly, side by side.

A buyer message in through the desk's web chat (journal, routing, Rasa, journal,
reply out) versus the same message straight to Rasa's REST channel, over the
same fixed message mix in all languages, in the same run. Writes
docs/benchmark-desk.md.

    python scripts/bench_desk.py [--messages 25]
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# bench puts the project on the path and quiets TensorFlow before anything imports it.
from bench import message_mix, start_desk_stack, timed_requests, write_page  # noqa: E402

WORK = ROOT / "var" / "bench-desk"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=25, help="messages per language in the mix")
    args = parser.parse_args()
    messages = message_mix(args.messages)
    settings, stack, _ = start_desk_stack(WORK, 26005, KEFU_REDIS_URL="redis://127.0.0.1:6379/10")
    try:
        session = requests.Session()
        webhook = f"{settings.rasa_url}/webhooks/rest/webhook"
        chat = f"{settings.desk_url}/chat/messages"

        def as_new_visitor(text: str):
            """Each message from a new buyer: a fresh web chat session, as a new page gets."""
            token = session.post(f"{settings.desk_url}/chat/session", json={}, timeout=30).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            return session.post(chat, json={"text": text}, headers=headers, timeout=30)

        as_new_visitor("hello")
        direct = timed_requests(
            lambda t: session.post(
                webhook, json={"sender": f"direct-{uuid.uuid4().hex[:8]}", "message": t}, timeout=30
            ),
            messages,
        )
        desk = timed_requests(as_new_visitor, messages)
    finally:
        stack.stop()
    ratio = {k: f"{desk[k] / direct[k]:.2f}x" for k in direct}
    table = "\n".join(
        [
            f"Message mix: {len(messages)} held-out messages, all 8 languages, each from a new buyer.",
            "",
            "| path | p50 ms | p99 ms |",
            "|---|---|---|",
            f"| Rasa REST channel directly | {direct['p50_ms']} | {direct['p99_ms']} |",
            f"| desk web chat (journal + Rasa + journal) | {desk['p50_ms']} | {desk['p99_ms']} |",
            f"| desk / direct | {ratio['p50_ms']} | {ratio['p99_ms']} |",
        ]
    )
    print(table)
    write_page("benchmark-desk.md", "the desk path against Rasa directly", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
