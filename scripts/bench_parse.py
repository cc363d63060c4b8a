"""Parse latency of trained models side by side: the same held-out messages, the models
taking turns message by message so that load on the machine hits them alike.

    python scripts/bench_parse.py models/kefu-A.tar.gz [models/kefu-B.tar.gz ...] [--messages 400]

A model trained by other code (an older commit) must be loaded by that code: give it as
MODEL@CHECKOUT; it is then measured in a process of its own, started from that checkout,
in rounds alternating with the others. Prints p50/p90/p99 per model and each model's
ratio to the first one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.evaluation import TEST_DIR, load_examples  # noqa: E402


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(models, texts):
    from rasa.core.agent import Agent

    agents = [Agent.load(str(path)) for path in models]
    for agent in agents:  # first parse loads lazily-built parts (the embedding model)
        await agent.parse_message("hello")
    times = [[] for _ in agents]
    for text in texts:
        for index, agent in enumerate(agents):
            start = time.perf_counter()
            await agent.parse_message(text)
            times[index].append((time.perf_counter() - start) * 1000)
    return times


def in_checkout(model: Path, checkout: Path, texts) -> list:
    """Times for `model`, parsed by the code of `checkout` in a process of its own."""
    code = (
        "import asyncio, json, logging, sys, time\n"
        "logging.disable(logging.WARNING)\n"
        "from rasa.core.agent import Agent\n"
        "texts = json.load(sys.stdin)\n"
        f"agent = Agent.load({str(model)!r})\n"
        "async def run():\n"
        "    await agent.parse_message('hello')\n"
        "    out = []\n"
        "    for text in texts:\n"
        "        start = time.perf_counter()\n"
        "        await agent.parse_message(text)\n"
        "        out.append((time.perf_counter() - start) * 1000)\n"
        "    return out\n"
        "print('TIMES' + json.dumps(asyncio.run(run())))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=checkout,
        env=env,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("TIMES")]
    if not lines:
        raise SystemExit(f"{model} in {checkout} failed:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1][5:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2, help="alternations when a model runs in a checkout")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    texts = [text for path in sorted(TEST_DIR.glob("*.yml")) for text, _ in load_examples(path)]
    random.Random(7).shuffle(texts)
    texts = texts[: args.messages]
    names = [spec.split("@")[0] for spec in args.models]
    if any("@" in spec for spec in args.models):
        times: list = [[] for _ in args.models]
        chunk = -(-len(texts) // args.rounds)
        for start in range(0, len(texts), chunk):
            for index, spec in enumerate(args.models):
                model, _, checkout = spec.partition("@")
                where = Path(checkout) if checkout else ROOT
                times[index] += in_checkout(Path(model).resolve(), where, texts[start : start + chunk])
    else:
        times = asyncio.run(measure([Path(name) for name in names], texts))
    base = statistics.median(times[0])
    print(f"{'model':32} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'p50 vs first':>13}")
    for name, values in zip(names, times):
        p50 = statistics.median(values)
        print(
            f"{Path(name).name:32} {p50:8.1f} {percentile(values, 0.9):8.1f} "
            f"{percentile(values, 0.99):8.1f} {p50 / base:12.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
