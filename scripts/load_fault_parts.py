"""The pieces of scripts/load_fault.py: its own redis-server, the seller's outbound endpoint,
progress shared by the buyers and the fault thread, and the checks after the run."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List
from urllib.parse import quote

import redis
import requests


class OwnRedis:
    """A redis-server for this run only, persisting to an append-only file so a restart
    keeps Rasa's trackers and locks, as a production Redis configured for it does."""

    def __init__(self, port: int, directory: Path):
        self.port = port
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> OwnRedis:
        server = shutil.which("redis-server")
        if server is None:
            raise SystemExit("redis-server is not installed")
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [server, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory)]
        command += ["--appendonly", "yes", "--appendfsync", "everysec", "--save", ""]
        with open(self.directory / "redis.log", "a") as log:  # the server keeps its own copy
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.1)
        raise SystemExit(f"redis-server on {self.port} did not start; see {self.directory}/redis.log")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: redis writes its append-only file out and exits
            self.process.wait(timeout=30)

    def restart(self, down_seconds: float) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()


class Outbound:
    """The seller's endpoint: every reply the desk delivers, in arrival order."""

    def __init__(self) -> None:
        self.received: List[dict] = []
        lock = threading.Lock()
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as a marketplace's API is: http.server's default HTTP/1.0 made the
            # desk open a new connection (and this server a new thread) for every reply.
            protocol_version = "HTTP/1.1"
            # Its headers and body go out in two writes: with Nagle on, the second waits
            # for the desk's delayed ACK (40 ms) on a kept connection.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with lock:
                    received.append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *_args) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/replies"

    def start(self) -> Outbound:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Progress:
    """Messages done so far (the fault thread waits on it) and every HTTP status seen."""

    def __init__(self) -> None:
        self.count = 0
        self._finished = False
        self._seen: Counter = Counter()
        self._changed = threading.Condition()

    def done(self) -> None:
        with self._changed:
            self.count += 1
            self._changed.notify_all()

    def saw(self, status) -> None:
        with self._changed:
            self._seen[str(status)] += 1

    def finish(self) -> None:
        with self._changed:
            self._finished = True
            self._changed.notify_all()

    def reached(self, count: int) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self.count >= count or self._finished)

    def statuses(self) -> Dict[str, int]:
        with self._changed:
            return dict(self._seen)


def _journal_rows(database_url: str):
    from sqlalchemy import select

    from bot.db.engine import make_engine
    from bot.desk.models import Message

    engine = make_engine(database_url)
    with engine.connect() as connection:
        return list(connection.execute(select(Message).order_by(Message.id)).mappings())


def _settled(database_url: str, wait_seconds: float) -> list:
    """The journal once no reply is waiting for delivery (or the wait is over)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        rows = _journal_rows(database_url)
        if not any(r["delivery"] == "pending" for r in rows) or time.monotonic() > deadline:
            return rows
        time.sleep(1)


def _rasa_reads(settings, sender_id: str) -> List[int]:
    """The desk's message ids of the buyer messages Rasa's tracker holds, in its order."""
    answer = requests.get(
        f"{settings.rasa_url}/conversations/{quote(sender_id, safe=':')}/tracker",
        params={"token": settings.rasa_token, "include_events": "ALL"},
        timeout=60,
    )
    answer.raise_for_status()
    return [
        (e.get("metadata") or {}).get("desk_message_id")
        for e in answer.json().get("events", [])
        if e.get("event") == "user"
    ]


def _dedup_key(buyer: str, message_id: str) -> str | None:
    """The journal's key for a webhook message, as the desk computes it."""
    from bot.desk.records import Inbound

    inbound = Inbound(
        marketplace="lazada", buyer_id=buyer, text="", channel="webhook", channel_message_id=message_id
    )
    return inbound.dedup_key


def check_run(results: Dict[str, list], database_url: str, outbound: Outbound, settings, wait_seconds: float):
    """Compare what the buyers sent with the journal, Rasa's trackers and what was delivered."""
    rows = _settled(database_url, wait_seconds)
    problems: Counter = Counter()
    examples: List[str] = []

    def problem(kind: str, detail: str) -> None:
        problems[kind] += 1
        if len(examples) < 20:
            examples.append(f"{kind}: {detail}")

    inbound: Dict[str, List[dict]] = {}
    replies: Dict[int, List[dict]] = {}
    for row in rows:
        if row["direction"] == "in":
            inbound.setdefault(row["sender_id"], []).append(row)
        elif row["reply_to"] is not None:
            replies.setdefault(row["reply_to"], []).append(row)
    delivered = Counter(d["message_id"] for d in outbound.received)
    for message_id, times in delivered.items():
        if times > 1:
            problem("duplicated", f"reply {message_id} delivered {times} times")
    by_conversation: Dict[str, List[dict]] = {}
    for delivery in outbound.received:
        by_conversation.setdefault(delivery["conversation_id"], []).append(delivery)
    for buyer, sent in results.items():
        sender = f"lazada:{buyer}"
        journaled = inbound.get(sender, [])
        keys = [r["dedup_key"] for r in journaled]
        count = Counter(keys)
        wanted = [_dedup_key(buyer, m["message_id"]) for m in sent]
        for message_id in wanted:
            if count[message_id] == 0:
                problem("lost", f"{message_id} never journaled")
            elif count[message_id] > 1:
                problem("duplicated", f"{message_id} journaled {count[message_id]} times")
        if [k for k in keys if k in set(wanted)] != [w for w in wanted if count[w]]:
            problem("out_of_order", f"{buyer}: journal order {keys}")
        ids = [r["id"] for r in journaled]
        for row in journaled:
            answer = [r for r in replies.get(row["id"], []) if r["author"] in ("bot", "system")]
            if not answer:
                problem("lost", f"{row['dedup_key']} journaled, never answered")
            elif not any(r["author"] == "bot" for r in answer):
                # Only a holding message: answered by the desk, not the bot. (The desk's
                # note that replies are slow is a system message too, but the bot's answer
                # follows it.)
                problems["held"] += 1
            for reply in answer:
                if reply["delivery"] != "sent" or delivered[reply["id"]] == 0:
                    problem("lost", f"reply {reply['id']} to {row['dedup_key']} not delivered")
        reads = Counter(_rasa_reads(settings, sender))
        for message_id in ids:
            if reads[message_id] != 1:
                kind = "lost" if reads[message_id] == 0 else "duplicated"
                problem(kind, f"{sender} message {message_id} read by Rasa {reads[message_id]} times")
        conversation_ids = {r["conversation_id"] for r in journaled}
        answered_order = [d["reply_to"] for cid in conversation_ids for d in by_conversation.get(cid, [])]
        if answered_order != sorted(answered_order):
            problem("out_of_order", f"{buyer}: replies delivered for {answered_order}")
    server_errors = sum(
        1
        for sent in results.values()
        for m in sent
        for s in m["seen"]
        if isinstance(s, int) and s >= 500 and s != 503
    )
    unanswered_status = sum(1 for sent in results.values() for m in sent if m["status"] != 200)
    return {
        "lost": problems["lost"],
        "duplicated": problems["duplicated"],
        "out_of_order": problems["out_of_order"],
        "held_for_a_person": problems["held"],
        "server_errors": server_errors,
        "refused_503": sum(1 for sent in results.values() for m in sent for s in m["seen"] if s == 503),
        "never_accepted": unanswered_status,
        "examples": examples,
    }
