"""Load and fault test: many conversations through a 2-replica cluster while things break.

`kefu cluster` code starts 2 Rasa servers, 2 action servers and 2 desks behind haproxy,
on a redis-server of this run's own (appendonly, its own port: never the shared one) and
a fresh SQLite journal. M buyers (one conversation each) send N messages in all through
the desk's signed marketplace webhook, one message at a time per buyer as a chat goes,
with a bounded number in flight. Replies come back to a local outbound endpoint (the
seller's, as the marketplace would receive them). Midway, one Rasa replica is killed
with SIGKILL and started again; later Redis is restarted. Clients retry 503 and refused
connections with backoff and the same message id, as a marketplace redelivers.

Then, from the journal, the outbound deliveries and Rasa's trackers:
- lost: a message sent but not journaled, or journaled and never answered;
- duplicated: journaled twice, read by Rasa twice, or a reply delivered twice;
- out of order: a conversation's messages journaled, read by Rasa, or answered out of
  the order the buyer wrote them;
- 5xx other than 503, 503s, p50/p99 (per message, retries included), throughput.
Exits 1 on any loss, duplicate or disorder (or any 5xx other than 503).

    python scripts/load_fault.py [--messages 10000 --conversations 200] [--short] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Tuple

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_parts.servers import cluster_settings  # noqa: E402
from bench_parts.webhook import signed_message, webhook_desk_env  # noqa: E402
from load_fault_parts import Outbound, OwnRedis, Progress, check_run  # noqa: E402

from bench import percentile  # noqa: E402
from bot.cluster import Cluster  # noqa: E402
from bot.training import train_if_needed  # noqa: E402

WORK = ROOT / "var" / "load-fault"
SECRET = "load-fault-webhook-secret"
# Messages the bot answers itself turn after turn (no thanks: that closes the chat with a
# rating question; nothing that escalates: an agent's chat gets no bot answer).
MESSAGES = ["hello", "good morning", "do you have any coupons?", "hi again"]
RETRIED = {429, 502, 503, 504}


def send(session: requests.Session, url: str, message: Tuple[bytes, dict], progress: Progress) -> tuple:
    """One message until the desk takes it: (final status, ms, statuses seen)."""
    body, headers = message
    seen = []
    started = time.perf_counter()
    backoff = 0.5
    for _ in range(40):
        try:
            answer = session.post(url, data=body, headers=headers, timeout=120)
            status: int | str = answer.status_code
        except requests.RequestException as exc:
            status = exc.__class__.__name__
        seen.append(status)
        progress.saw(status)
        if status == 200:
            break
        if isinstance(status, int) and status not in RETRIED and status < 500:
            break  # a 4xx other than 429 will not get better
        time.sleep(backoff)
        backoff = min(backoff * 2, 8.0)
    return seen[-1], (time.perf_counter() - started) * 1000, seen


def conversation(url: str, buyer: str, count: int, run: str, gate: threading.Semaphore, progress: Progress):
    session = requests.Session()
    sent = []
    for index in range(count):
        message_id = f"{run}-{buyer}-{index}"
        text = MESSAGES[index % len(MESSAGES)]
        with gate:
            status, ms, seen = send(session, url, signed_message(SECRET, message_id, buyer, text), progress)
        sent.append({"message_id": message_id, "status": status, "ms": ms, "seen": seen})
        progress.done()
    return sent


def faults(cluster: Cluster, redis_server: OwnRedis, progress: Progress, total: int, log: list) -> None:
    """Kill a Rasa replica at 25% of the messages and start it again (it takes a while to
    load its model: the other replica carries on meanwhile); restart Redis at 55%."""
    progress.reached(int(total * 0.25))
    victim = cluster.servers["rasa"][0]
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    log.append((time.monotonic(), "rasa-1 killed (SIGKILL)"))

    def revive() -> None:
        cluster.restart("rasa", 0)
        log.append((time.monotonic(), "rasa-1 answering again"))

    reviving = threading.Thread(target=revive)
    reviving.start()
    progress.reached(int(total * 0.55))
    log.append((time.monotonic(), "redis stopping"))
    redis_server.restart(down_seconds=3.0)
    log.append((time.monotonic(), "redis answering again"))
    reviving.join()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--in-flight", type=int, default=32, help="messages in the desk at once")
    parser.add_argument("--short", action="store_true", help="200 messages over 20 conversations")
    parser.add_argument("--port", type=int, default=18500, help="Rasa's frontend; actions +50, desk +100")
    parser.add_argument("--desk-port", type=int, help="the desk's frontend (default: --port + 100)")
    parser.add_argument("--redis-port", type=int, default=18690)
    parser.add_argument("--json", type=Path, help="write the summary here too")
    args = parser.parse_args()
    if args.short:
        args.messages, args.conversations = 200, 20
    per_conversation = max(1, args.messages // args.conversations)
    total = per_conversation * args.conversations
    run = uuid.uuid4().hex[:6]
    work = WORK / run
    work.mkdir(parents=True, exist_ok=True)
    redis_server = OwnRedis(args.redis_port, work / "redis").start()
    outbound = Outbound().start()
    desk_env = webhook_desk_env(work, SECRET, outbound.url)
    if args.desk_port:  # its replicas on the ports after it
        desk_env["KEFU_DESK_PORT"] = str(args.desk_port)
    settings = cluster_settings(args.port, work, redis_server.url, desk_env)
    database_url = str(settings.database_url)
    model = train_if_needed(ROOT / "models")
    cluster = Cluster(settings, model, work / "logs", replicas=2)
    progress = Progress()
    events: list = []
    try:
        cluster.start()
        url = f"{settings.desk_url}/channels/webhook"
        gate = threading.Semaphore(args.in_flight)
        results: dict = {}
        started = time.monotonic()
        breaker = threading.Thread(
            target=faults, args=(cluster, redis_server, progress, total, events), daemon=True
        )
        breaker.start()

        def run_buyer(number: int) -> None:
            buyer = f"load-{run}-{number}"
            results[buyer] = conversation(url, buyer, per_conversation, run, gate, progress)

        buyers = [
            threading.Thread(target=run_buyer, args=(n,), daemon=True) for n in range(args.conversations)
        ]
        for thread in buyers:
            thread.start()
        for thread in buyers:
            thread.join()
        elapsed = time.monotonic() - started
        progress.finish()
        breaker.join()
        summary = check_run(results, database_url, outbound, settings, wait_seconds=60)
    finally:
        cluster.stop()
        outbound.stop()
        redis_server.stop()
    durations = [m["ms"] for sent in results.values() for m in sent]
    summary.update(
        {
            "messages": total,
            "conversations": args.conversations,
            "in_flight": args.in_flight,
            "seconds": round(elapsed, 1),
            "throughput": round(total / elapsed, 2),
            "p50_ms": round(percentile(durations, 50)),
            "p99_ms": round(percentile(durations, 99)),
            "status_counts": progress.statuses(),
            "faults": [f"{at - started:.0f}s {what}" for at, what in events],
            "load_average": os.getloadavg(),
            "work": str(work),
        }
    )
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    failed = summary["lost"] or summary["duplicated"] or summary["out_of_order"] or summary["server_errors"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
