"""`make bench`: Kefu against a stock `rasa init` bot, in the same run on the same machine.

Starts each bot in turn (scripts/bench_parts/servers.py) and gives it the same messages
(scripts/bench_parts/measure.py): one at a time (p50/p99), as 1, 20 and 100 conversations
at once (msg/s, p50/p99, errors), and as long conversations (message 1 against message
200); records its time to ready and the resident memory of its servers after warm-up and
after the load. Bots: the stock bot; Kefu as `kefu run` starts it without the desk (any
checkout: `--kefu NAME=DIR ...`, e.g. main beside this change); Kefu with the desk, straight
at Rasa and through the desk's signed webhook; `kefu cluster` with 1 and 2 replicas at 20
conversations. Writes results/bench_stock.json and the generated section of
docs/benchmark.md with the figures and the ratios.

    python scripts/bench_stock.py [--quick] [--kefu kefu=. main=/work/main] [--no-cluster]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Callable

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# bench_parts (and bench) put the project on the path and quiet TensorFlow before anything imports it.
from bench_parts.drive import desk_channel, rest_channel  # noqa: E402
from bench_parts.measure import Plan, measure_bot, measure_cluster, say  # noqa: E402
from bench_parts.report import SECTION, render, write_section  # noqa: E402
from bench_parts.servers import (  # noqa: E402
    Running,
    start_cluster,
    start_kefu,
    start_kefu_desk,
    start_stock,
)
from bench_parts.webhook import webhook_desk_env  # noqa: E402
from load_fault_parts import Outbound, OwnRedis  # noqa: E402

from bench import message_mix  # noqa: E402

WORK = ROOT / "var" / "bench-stock"
SECRET = "bench-webhook-secret"


def plan_from(args: argparse.Namespace) -> Plan:
    if args.quick:  # a few minutes: every measurement once, on small numbers
        args.messages, args.load_messages, args.long_messages, args.window = 3, 60, 20, 4
    mix = message_mix(args.messages)
    load = [mix[i % len(mix)] for i in range(args.load_messages)]
    return Plan(
        mix, load, args.levels, args.long_buyers, args.long_messages, args.window, args.cluster_conversations
    )


def commit() -> str:
    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    return git("rev-parse", "--short", "HEAD") + dirty


def load_average() -> list:
    return [round(x, 2) for x in os.getloadavg()]


def record(results: dict, kind: str, label: str, start: Callable[[], Running], measure: Callable) -> None:
    """Start a bot, measure it through its channels (the desk's too when it has one), stop it;
    results[kind][its name] is what it measured, results["load"][its name] the machine's load
    average (1 min) before it started and after it stopped."""
    say(f"== {label}: starting ...")
    before = load_average()[0]
    bot = start()
    try:
        channels = [rest_channel(bot.rasa_url)]
        if bot.desk_url:
            channels.append(desk_channel(bot.desk_url, SECRET))
        results[kind][bot.name] = measure(bot, channels)
    finally:
        bot.stop()
    results["load"][bot.name] = [before, load_average()[0]]


def run(args: argparse.Namespace, plan: Plan, results: dict) -> None:
    from bot.training import train_if_needed

    train_if_needed(ROOT / "models")  # now, so no measured start includes training
    port = args.port

    def by_plan(measure: Callable) -> Callable:
        return lambda bot, channels: measure(bot, channels, plan)

    record(results, "bots", "stock", lambda: start_stock(port + 5, WORK), by_plan(measure_bot))
    for offset, spec in enumerate(args.kefu):
        name, directory = spec.split("=", 1)
        checkout = Path(directory).resolve()
        start = partial(start_kefu, name, checkout, port + 105 + 10 * offset, WORK)
        record(results, "bots", name, start, by_plan(measure_bot))
    redis_server = OwnRedis(port + 690, WORK / "redis").start()
    outbound = Outbound().start()
    try:
        work = WORK / "desk"
        env = webhook_desk_env(work, SECRET, outbound.url)
        start = partial(start_kefu_desk, port + 205, work, redis_server.url, env)
        record(results, "bots", "kefu+desk", start, by_plan(measure_bot))
        for offset, replicas in enumerate(sorted({1, args.replicas}) if args.cluster else []):
            redis.Redis.from_url(redis_server.url).flushall()  # each setup starts from empty stores
            work = WORK / f"cluster-{replicas}"
            env = webhook_desk_env(work, SECRET, outbound.url)
            start = partial(start_cluster, replicas, port + 305 + 200 * offset, work, redis_server.url, env)
            record(results, "cluster", f"cluster x{replicas}", start, by_plan(measure_cluster))
    finally:
        outbound.stop()
        redis_server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="small numbers, every measurement (a few minutes)"
    )
    parser.add_argument("--kefu", nargs="+", default=["kefu=."], help="NAME=DIR of Kefu checkouts to measure")
    parser.add_argument(
        "--messages", type=int, default=25, help="held-out messages per language, one at a time"
    )
    parser.add_argument("--load-messages", type=int, default=300, help="messages at each concurrency level")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 20, 100], help="conversations at once")
    parser.add_argument("--long-messages", type=int, default=200, help="messages per long conversation")
    parser.add_argument("--long-buyers", type=int, default=2)
    parser.add_argument(
        "--window",
        type=int,
        default=20,
        help="first/last long-conversation messages compared (one session each: scripts/bench_long.py)",
    )
    parser.add_argument("--replicas", type=int, default=2, help="the cluster's, measured against 1 replica")
    parser.add_argument("--cluster-conversations", type=int, default=20)
    parser.add_argument("--no-cluster", dest="cluster", action="store_false", help="skip the cluster")
    parser.add_argument(
        "--port", type=int, default=28000, help="base port: bots on +5, +105, +205, +305, ..."
    )
    parser.add_argument(
        "--no-page", dest="page", action="store_false", help="leave docs/benchmark.md as it is"
    )
    args = parser.parse_args()
    if args.cluster and shutil.which("haproxy") is None:
        raise SystemExit("haproxy is not installed (apt-get install haproxy), or pass --no-cluster")
    WORK.mkdir(parents=True, exist_ok=True)
    plan = plan_from(args)
    started = time.monotonic()
    command = "python scripts/bench_stock.py " + " ".join(sys.argv[1:])
    results: dict = {
        "setup": {"date": time.strftime("%Y-%m-%d %H:%M"), "commit": commit()},
        "bots": {},
        "cluster": {},
        "load": {},
    }
    results["setup"].update(
        command=command.strip(), cpus=os.cpu_count(), load_start=load_average(), plan=plan.describe()
    )
    run(args, plan, results)
    results["setup"].update(load_end=load_average(), minutes=round((time.monotonic() - started) / 60, 1))
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench_stock.json").write_text(json.dumps(results, indent=2))
    text = render(results)
    print("\n" + text)
    if args.page:
        write_section(ROOT / "docs" / "benchmark.md", SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
