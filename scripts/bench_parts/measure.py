"""One bot's measurement: warm-up, memory, then each channel one message at a time, as 1, 20
and 100 conversations at once and as a long conversation, and memory again after the load."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from functools import partial
from typing import Callable, Dict, List, Optional

from bench_parts.drive import Channel, concurrent, long_conversation, sequential, warm_up
from bench_parts.procs import machine_busy_seconds
from bench_parts.servers import Running


@dataclass
class Plan:
    """What every bot gets, the same for all of them in one run."""

    mix: List[str]  # one message at a time, each from a new buyer
    load: List[str]  # shared out among the conversations at each level
    levels: List[int]
    long_buyers: int
    long_messages: int
    window: int  # the long conversation's first and last messages compared
    cluster_conversations: int
    turns: int = 10  # a conversation's messages under load, then a new buyer writes

    def describe(self) -> dict:
        described = asdict(self)
        described["mix"], described["load"] = len(self.mix), len(self.load)
        return described


def say(text: str) -> None:
    print(text, flush=True)


CpuReading = Callable[[], Dict[str, float]]  # CPU seconds so far, by server


def cpu_per_message(cpu: CpuReading, run: Callable[[], dict]) -> dict:
    """run()'s result with the CPU milliseconds each server spent per message meanwhile: less
    noisy than wall-clock figures on a shared machine, and what a second core would buy."""
    before = cpu()
    result = run()
    after = cpu()
    messages = max(1, result["messages"])
    spent = {
        role: round((after[role] - before[role]) * 1000 / messages, 2) for role in before if role in after
    }
    return {**result, "cpu_ms_per_msg": {**spent, "total": round(sum(spent.values()), 2)}}


def with_machine_busy(run: Callable[[], dict]) -> dict:
    """run()'s result with how many of the machine's cores were busy meanwhile (whoever ran):
    what is left idle is all a second replica on this machine could use."""
    busy, started = machine_busy_seconds(), time.monotonic()
    result = run()
    elapsed = max(1e-6, time.monotonic() - started)
    return {**result, "machine_busy_cores": round((machine_busy_seconds() - busy) / elapsed, 2)}


def measure_channel(channel: Channel, plan: Plan, cpu: Optional[CpuReading] = None) -> dict:
    say(f"   {channel.name}: {len(plan.mix)} messages one at a time ...")
    result: Dict[str, dict] = {"sequential": sequential(channel, plan.mix), "concurrent": {}}
    for count in plan.levels:
        say(f"   {channel.name}: {len(plan.load)} messages as {count} conversations at once ...")

        def run(count: int = count) -> dict:
            return concurrent(channel, plan.load, count, plan.turns)

        measured = partial(cpu_per_message, cpu, run) if cpu else run
        result["concurrent"][str(count)] = with_machine_busy(measured)
    say(f"   {channel.name}: {plan.long_buyers} conversations of {plan.long_messages} messages ...")
    result["long"] = long_conversation(channel, plan.long_buyers, plan.long_messages, plan.window)
    say(f"   {channel.name}: {result}")
    return result


def measure_bot(bot: Running, channels: List[Channel], plan: Plan) -> dict:
    for channel in channels:
        warm_up(channel, plan.mix[:5])
    warm = bot.memory()
    cpu = bot.cpu if bot.pids else None
    paths = {channel.name: measure_channel(channel, plan, cpu) for channel in channels}
    loaded = bot.memory()
    say(f"   ready {bot.ready_s} s, memory after warm-up {warm}, after the load {loaded}")
    return {"ready_s": bot.ready_s, "memory": {"warm": warm, "load": loaded}, "paths": paths}


def measure_cluster(bot: Running, channels: List[Channel], plan: Plan) -> dict:
    """Throughput only, at the plan's cluster conversations."""
    found = {}
    for channel in channels:
        warm_up(channel, plan.mix[:5])
        say(f"   {channel.name}: {len(plan.load)} messages as {plan.cluster_conversations} conversations ...")
        found[channel.name] = with_machine_busy(
            partial(concurrent, channel, plan.load, plan.cluster_conversations, plan.turns)
        )
        say(f"   {found[channel.name]}")
    return found
