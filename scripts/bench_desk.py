"""Only the desk part of `make bench`, for checkouts side by side: how much a buyer message
through the desk's signed webhook costs over Kefu direct (Rasa's REST channel).

Starts every checkout's stack with the desk at once (each its own ports, journal and Redis
db; one redis-server and one outbound endpoint for all), then runs rounds, the checkouts in
turn (the order rotating each round), so that the machine's other load falls on all of
them alike: one message at a time through REST and through the desk (p50/p99), then as
`--conversations` conversations at once through each (msg/s), with the CPU the servers spent
per message. Prints each round and the medians of the desk/direct ratios; writes
results/bench_desk.json.

    python scripts/bench_desk.py --checkouts base=/work/wt-base new=. [--rounds 3] [--port 17100]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_parts.drive import concurrent, desk_channel, rest_channel, sequential, warm_up  # noqa: E402
from bench_parts.measure import cpu_per_message, say  # noqa: E402
from bench_parts.servers import Running, start_kefu  # noqa: E402
from bench_parts.webhook import webhook_desk_env  # noqa: E402
from load_fault_parts import Outbound, OwnRedis  # noqa: E402

from bench import message_mix  # noqa: E402

WORK = ROOT / "var" / "bench-desk"
SECRET = "bench-webhook-secret"


def start(name: str, checkout: Path, index: int, port: int, redis_port: int, outbound: str) -> Running:
    """Checkout `index`: Rasa on port + index, actions + 50, the desk + 75, Redis db index."""
    work = WORK / name
    env = webhook_desk_env(work, SECRET, outbound)
    env.update(
        KEFU_DESK_PORT=str(port + index + 75),
        KEFU_REDIS_URL=f"redis://127.0.0.1:{redis_port}/{index}",
        KEFU_RASA_TOKEN=f"bench-{name}",
    )
    return start_kefu(name, checkout, port + index, WORK, env)


def one_round(bot: Running, mix: List[str], load: List[str], conversations: int) -> dict:
    rest, desk = rest_channel(bot.rasa_url), desk_channel(bot.desk_url or "", SECRET)
    found: Dict[str, dict] = {}
    for channel in (rest, desk):
        ran: Callable[[], dict] = lambda channel=channel: {  # noqa: E731
            **sequential(channel, mix),
            "messages": len(mix),
        }
        found[f"{channel.name} sequential"] = cpu_per_message(bot.cpu, ran)
    for channel in (rest, desk):
        ran = lambda channel=channel: concurrent(channel, load, conversations)  # noqa: E731
        found[f"{channel.name} x{conversations}"] = cpu_per_message(bot.cpu, ran)
    return found


def ratios(found: dict, conversations: int) -> dict:
    rest, desk = found["REST sequential"], found["desk webhook sequential"]
    rest_load, desk_load = found[f"REST x{conversations}"], found[f"desk webhook x{conversations}"]
    return {
        "p50": round(desk["p50_ms"] / rest["p50_ms"], 3),
        "p99": round(desk["p99_ms"] / rest["p99_ms"], 3),
        "msg_per_s": round(desk_load["msg_per_s"] / rest_load["msg_per_s"], 3),
        "desk_cpu_ms_seq": desk["cpu_ms_per_msg"].get("desk", 0.0),
        "desk_cpu_ms_load": desk_load["cpu_ms_per_msg"].get("desk", 0.0),
        "desk_p50_ms": desk["p50_ms"],
        "rest_p50_ms": rest["p50_ms"],
        "errors": desk_load["errors"] + rest_load["errors"],
        "no_answer": desk_load["no_answer"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checkouts", nargs="+", default=["kefu=."], help="NAME=DIR of Kefu checkouts")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--messages", type=int, default=5, help="held-out messages per language, one at a time"
    )
    parser.add_argument("--load-messages", type=int, default=200)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--port", type=int, default=17100, help="Rasa on +i, actions +50+i, desk +75+i")
    parser.add_argument("--redis-port", type=int, default=17199)
    args = parser.parse_args()
    mix = message_mix(args.messages)
    load = [mix[i % len(mix)] for i in range(args.load_messages)]
    redis_server = OwnRedis(args.redis_port, WORK / "redis").start()
    outbound = Outbound().start()
    bots: Dict[str, Running] = {}
    rounds: Dict[str, List[dict]] = {}
    try:
        for index, spec in enumerate(args.checkouts):
            name, directory = spec.split("=", 1)
            say(f"== {name}: starting ...")
            bots[name] = start(
                name, Path(directory).resolve(), index, args.port, args.redis_port, outbound.url
            )
            warm_up(rest_channel(bots[name].rasa_url), mix[:5])
            warm_up(desk_channel(bots[name].desk_url or "", SECRET), mix[:5])
            rounds[name] = []
        names = list(bots)
        for number in range(args.rounds):
            for name in names[number % len(names) :] + names[: number % len(names)]:
                found = one_round(bots[name], mix, load, args.conversations)
                rounds[name].append({"ratios": ratios(found, args.conversations), **found})
                say(f"round {number + 1} {name}: {rounds[name][-1]['ratios']}")
    finally:
        for bot in bots.values():
            bot.stop()
        outbound.stop()
        redis_server.stop()
    medians = {
        name: {
            key: round(statistics.median(r["ratios"][key] for r in found), 3) for key in found[0]["ratios"]
        }
        for name, found in rounds.items()
    }
    for name, median in medians.items():
        say(f"median of {args.rounds} rounds, {name}: {median}")
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench_desk.json").write_text(
        json.dumps({"rounds": rounds, "medians": medians}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
