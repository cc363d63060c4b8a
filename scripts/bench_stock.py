"""Kefu's REST round trip against a stock `rasa init` bot, in the same run.

The stock bot is `rasa init --no-prompt` (its own data, pipeline and policies,
trained once into var/bench-stock/stock). Each bot gets the same message mix in
all 8 languages (scripts/bench.py), sequentially (p50/p99, each message from a
new buyer) and then as 20 conversations at once (throughput, p50/p99, errors).
Kefu runs as `kefu run` would, without the desk; `--kefu NAME=DIR` measures
other checkouts too (e.g. main, to compare before and after a change), each
with the model its own `models/` holds for its fingerprint.

    python scripts/bench_stock.py [--kefu after=. before=/tmp/main] [--messages 25]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import message_mix, percentile  # noqa: E402

WORK = ROOT / "var" / "bench-stock"
STOCK = WORK / "stock"
PYTHON = sys.executable
BASE_ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "HF_HUB_OFFLINE": "1"}
# Started in the checkout under test, so its own `bot` package and model serve.
SERVE_KEFU = """
import sys
from pathlib import Path
from bot import PROJECT_ROOT
from bot.settings import Settings
from bot.stack import Stack
from bot.training import train_if_needed
stack = Stack(Settings.from_env(), train_if_needed(PROJECT_ROOT / "models"), Path(sys.argv[1])).start()
print("ready", flush=True)
stack.wait()
"""


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}) before {url} answered")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def start_stock(port: int) -> subprocess.Popen:
    if not list((STOCK / "models").glob("*.tar.gz")):
        STOCK.mkdir(parents=True, exist_ok=True)
        print("== stock: rasa init (trains the default bot) ...", flush=True)
        subprocess.run(
            [PYTHON, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(STOCK)], env=BASE_ENV, check=True
        )
    command = [
        PYTHON,
        "-m",
        "rasa",
        "run",
        "--port",
        str(port),
        "--model",
        "models",
        "--interface",
        "127.0.0.1",
    ]
    with open(WORK / "stock.log", "w") as log:  # the server keeps its own copy of the handle
        process = subprocess.Popen(command, cwd=STOCK, env=BASE_ENV, stdout=log, stderr=subprocess.STDOUT)
    wait_ready(f"http://127.0.0.1:{port}/webhooks/rest/", process)
    return process


def start_kefu(name: str, root: Path, port: int) -> subprocess.Popen:
    env = {
        **BASE_ENV,
        "PYTHONPATH": str(root),
        "KEFU_RASA_PORT": str(port),
        "KEFU_ACTIONS_PORT": str(port + 50),
        "KEFU_DATABASE_URL": f"sqlite:///{WORK / f'{name}.db'}",
    }
    env.pop("KEFU_REDIS_URL", None)  # trackers in memory, as for the stock bot
    command = [PYTHON, "-c", SERVE_KEFU, str(WORK / f"logs-{name}")]
    with open(WORK / f"{name}.log", "w") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_ready(f"http://127.0.0.1:{port}/webhooks/rest/", process)
    return process


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)  # the Kefu launcher stops its servers on Ctrl-C
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


def sequential(webhook: str, messages: list) -> dict:
    session, durations = requests.Session(), []
    for text in messages:
        start = time.perf_counter()
        session.post(
            webhook, json={"sender": f"seq-{uuid.uuid4().hex[:8]}", "message": text}, timeout=60
        ).raise_for_status()
        durations.append((time.perf_counter() - start) * 1000)
    return {"p50_ms": round(percentile(durations, 50), 1), "p99_ms": round(percentile(durations, 99), 1)}


def concurrent(webhook: str, messages: list, conversations: int) -> dict:
    """`conversations` buyers at once, each sending its share of the mix one message after another."""
    durations: list = []
    errors = [0]
    lock = threading.Lock()

    def buyer(texts: list) -> None:
        session, sender = requests.Session(), f"conc-{uuid.uuid4().hex[:8]}"
        for text in texts:
            start = time.perf_counter()
            try:
                ok = (
                    session.post(webhook, json={"sender": sender, "message": text}, timeout=60).status_code
                    == 200
                )
            except requests.RequestException:
                ok = False
            with lock:
                durations.append((time.perf_counter() - start) * 1000)
                errors[0] += not ok

    threads = [
        threading.Thread(target=buyer, args=(messages[i::conversations],)) for i in range(conversations)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {
        "msg_per_s": round(len(messages) / wall, 2),
        "p50_ms": round(percentile(durations, 50), 1),
        "p99_ms": round(percentile(durations, 99), 1),
        "errors": errors[0],
    }


def measure(webhook: str, messages: list, conversations: int) -> dict:
    for text in messages[:5]:  # warm up: first calls load lazy parts
        requests.post(webhook, json={"sender": "warm-up", "message": text}, timeout=60)
    return {
        "sequential": sequential(webhook, messages),
        "concurrent": concurrent(webhook, messages, conversations),
    }


def render(results: dict, messages: int, conversations: int) -> str:
    stock = results["stock"]
    lines = [
        f"Message mix: {messages} held-out messages, all 8 languages, REST channel, trackers in memory.",
        f"Sequential: each message from a new buyer. Concurrent: {conversations} conversations at once.",
        "",
        "| bot | seq p50 ms | seq p99 ms | conc msg/s | conc p50 ms | conc p99 ms | errors"
        " | p50 vs stock | p99 vs stock | msg/s vs stock |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        s, c = r["sequential"], r["concurrent"]
        lines.append(
            f"| {name} | {s['p50_ms']} | {s['p99_ms']} | {c['msg_per_s']} | {c['p50_ms']} | {c['p99_ms']}"
            f" | {c['errors']} | {s['p50_ms'] / stock['sequential']['p50_ms']:.2f}x"
            f" | {s['p99_ms'] / stock['sequential']['p99_ms']:.2f}x"
            f" | {c['msg_per_s'] / stock['concurrent']['msg_per_s']:.2f}x |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kefu", nargs="+", default=["kefu=."], help="NAME=DIR of Kefu checkouts to measure")
    parser.add_argument("--messages", type=int, default=25, help="messages per language in the mix")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--port", type=int, default=27005)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    messages = message_mix(args.messages)
    targets = [("stock", None)] + [
        (spec.split("=", 1)[0], Path(spec.split("=", 1)[1]).resolve()) for spec in args.kefu
    ]
    results = {}
    for offset, (name, root) in enumerate(targets):
        port = args.port + offset
        print(f"== {name}: starting ...", flush=True)
        process = start_stock(port) if root is None else start_kefu(name, root, port)
        try:
            results[name] = measure(
                f"http://127.0.0.1:{port}/webhooks/rest/webhook", messages, args.conversations
            )
        finally:
            stop(process)
        print(f"   {results[name]}", flush=True)
    table = render(results, len(messages), args.conversations)
    print("\n" + table)
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench_stock.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
