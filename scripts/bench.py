"""Kefu's pipeline against Rasa's default `rasa init` pipeline, side by side.

For each configuration, in the same run on the same data: training time, model
load time, macro-F1 on the held-out sets (tests/nlu), /model/parse latency and
REST round-trip latency (p50/p99) over a fixed message mix in all languages.
Also Kefu's pipeline with DIET and with Rasa's LogisticRegressionClassifier,
the classifier comparison. Prints a table with ratios against the default and
writes results/bench.json and docs/benchmark.md.

    python scripts/bench.py [--configs kefu rasa-default ...] [--messages 25]
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
from typing import Tuple

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.nlu.evaluation import TEST_DIR, evaluate, load_examples  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.shared_secret import CHANNEL_TOKEN_HEADER  # noqa: E402
from bot.stack import Stack  # noqa: E402
from bot.training import train_model  # noqa: E402

CONFIGS = {
    "kefu": ROOT / "config.yml",
    "rasa-default": ROOT / "bench" / "rasa-default.yml",
    "kefu-diet": ROOT / "bench" / "kefu-diet.yml",
    "kefu-logreg": ROOT / "bench" / "kefu-logreg.yml",
}
BASELINE = "rasa-default"
WORK = ROOT / "var" / "bench"


def message_mix(per_language: int) -> list:
    """A fixed, deterministic mix: every k-th held-out message of each language."""
    mix = []
    for path in sorted(TEST_DIR.glob("*.yml")):
        examples = [text for text, _ in load_examples(path)]
        step = max(1, len(examples) // per_language)
        mix.extend(examples[::step][:per_language])
    return mix


def percentile(values: list, q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed_requests(send, messages: list) -> dict:
    durations = []
    for text in messages:
        start = time.perf_counter()
        response = send(text)
        durations.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return {"p50_ms": round(percentile(durations, 50), 2), "p99_ms": round(percentile(durations, 99), 2)}


# A buyer with orders (demo data) tracks a parcel, then cancels an unshipped
# order and confirms, then asks about a refund: every turn goes through the REST
# channel, the action server and the database.
ORDER_CONVERSATION = [
    ("track", "where is my parcel?"),
    ("cancel", "please cancel my order {cancel_order}"),
    ("confirm", "/affirm"),
    ("refund status", "when will I get my refund for order {refund_order}?"),
]


def order_conversation_latency(webhook: str, rounds: int, channel_secret: str) -> dict:
    """p50/p99 per turn of ORDER_CONVERSATION, each round a new chat as a demo buyer."""
    from bot.commerce.demo import DEMO_BUYERS, DEMO_ORDERS

    buyer = DEMO_BUYERS["ozon-ru-001"]
    cancel_order = DEMO_ORDERS["ozon_paid"][1]
    refund_order = DEMO_ORDERS["refund_approved"][1]
    timings: dict = {turn: [] for turn, _ in ORDER_CONVERSATION}
    session = requests.Session()
    session.headers[CHANNEL_TOKEN_HEADER] = channel_secret  # as the desk: it names the buyer
    for _ in range(rounds):
        sender = f"bench-order-{uuid.uuid4().hex[:8]}"
        metadata = {"buyer_id": buyer.buyer_id, "marketplace": buyer.marketplace}
        for turn, text in ORDER_CONVERSATION:
            message = text.format(cancel_order=cancel_order, refund_order=refund_order)
            start = time.perf_counter()
            response = session.post(
                webhook, json={"sender": sender, "message": message, "metadata": metadata}, timeout=30
            )
            timings[turn].append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
    return {
        turn: {"p50_ms": round(percentile(v, 50), 2), "p99_ms": round(percentile(v, 99), 2)}
        for turn, v in timings.items()
    }


def measure_load(model: Path) -> float:
    from rasa.core.agent import Agent

    start = time.perf_counter()
    Agent.load(str(model))
    return round(time.perf_counter() - start, 2)


def with_epochs(name: str, config: Path, epochs: int | None) -> Path:
    """A copy of the config with DIET's and ResponseSelector's epochs set (None: as written)."""
    if epochs is None:
        return config
    import yaml

    raw = yaml.safe_load(config.read_text())
    for component in raw.get("pipeline", []):
        if component.get("name") in ("DIETClassifier", "ResponseSelector"):
            component["epochs"] = epochs
    copy = WORK / f"{name}-config.yml"
    copy.write_text(yaml.safe_dump(raw, sort_keys=False))
    return copy


def measure(name: str, config: Path, messages: list, port_offset: int) -> dict:
    model = WORK / f"bench_{name}.tar.gz"
    print(f"\n== {name}: training ...", flush=True)
    start = time.perf_counter()
    train_model(config, model)
    train_s = round(time.perf_counter() - start, 1)
    load_s = measure_load(model)
    reports = evaluate(model)
    languages = [k for k in reports if k != "external-en"]
    settings = Settings.from_env(
        {
            "KEFU_RASA_PORT": str(25005 + port_offset),
            "KEFU_ACTIONS_PORT": str(25055 + port_offset),
            "KEFU_RASA_TOKEN": uuid.uuid4().hex,
        }
    )
    # The order conversation needs orders: a bench database with the demo data,
    # reset for every configuration so each starts from the same state.
    database = WORK / "bench.db"
    database.unlink(missing_ok=True)
    os.environ["KEFU_DATABASE_URL"] = f"sqlite:///{database}"
    from bot.commerce.demo import load_demo_data
    from bot.commerce.repository import CommerceRepository

    load_demo_data(CommerceRepository.from_url(os.environ["KEFU_DATABASE_URL"]))
    stack = Stack(settings, model, WORK / f"logs-{name}").start()
    try:
        parse_url = f"{settings.rasa_url}/model/parse"
        webhook = f"{settings.rasa_url}/webhooks/rest/webhook"
        token = {"token": settings.rasa_token}
        session = requests.Session()
        session.post(parse_url, json={"text": "warm up"}, params=token, timeout=30)
        parse = timed_requests(
            lambda t: session.post(parse_url, json={"text": t}, params=token, timeout=30), messages
        )
        rest = timed_requests(
            lambda t: session.post(
                webhook, json={"sender": f"bench-{uuid.uuid4().hex[:8]}", "message": t}, timeout=30
            ),
            messages,
        )
        orders = order_conversation_latency(webhook, 20, settings.channel_secret) if name == "kefu" else None
    finally:
        stack.stop()
    return {
        "train_s": train_s,
        "load_s": load_s,
        "macro_f1": {k: reports[k].macro_f1 for k in languages},
        "macro_f1_mean": round(statistics.mean(reports[k].macro_f1 for k in languages), 4),
        "macro_f1_min": round(min(reports[k].macro_f1 for k in languages), 4),
        "external_en_macro_f1": reports["external-en"].macro_f1 if "external-en" in reports else None,
        "parse": parse,
        "rest": rest,
        "order_conversation": orders,
    }


RATIO_COLUMNS = [
    ("train", lambda r: r["train_s"]),
    ("load", lambda r: r["load_s"]),
    ("F1 mean", lambda r: r["macro_f1_mean"]),
    ("parse p50", lambda r: r["parse"]["p50_ms"]),
    ("parse p99", lambda r: r["parse"]["p99_ms"]),
    ("REST p50", lambda r: r["rest"]["p50_ms"]),
    ("REST p99", lambda r: r["rest"]["p99_ms"]),
]


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline else "-"


def render(results: dict, messages: int) -> str:
    base = results.get(BASELINE)
    lines = [
        f"Message mix: {messages} held-out messages, all 8 languages. Ratios are against `{BASELINE}`"
        " measured in the same run (lower is better for times, higher for F1).",
        "",
        "| config | train s | load s | macro-F1 mean | min | external-en | parse p50 ms | parse p99 ms"
        " | REST p50 ms | REST p99 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['train_s']} | {r['load_s']} | "
            f"{r['macro_f1_mean']:.3f} | {r['macro_f1_min']:.3f} | "
            f"{r['external_en_macro_f1']} | {r['parse']['p50_ms']} | {r['parse']['p99_ms']} | "
            f"{r['rest']['p50_ms']} | {r['rest']['p99_ms']} |"
        )
    if base:
        lines += ["", "| config vs default | " + " | ".join(label for label, _ in RATIO_COLUMNS) + " |"]
        lines.append("|---|" + "---|" * len(RATIO_COLUMNS))
        for name, r in results.items():
            cells = [ratio(pick(r), pick(base)) for _, pick in RATIO_COLUMNS]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    languages = list(next(iter(results.values()))["macro_f1"])
    lines += ["", "Per-language macro-F1:", "", "| config | " + " | ".join(languages) + " |"]
    lines.append("|---|" + "---|" * len(languages))
    for name, r in results.items():
        lines.append(f"| {name} | " + " | ".join(f"{r['macro_f1'][lang]:.3f}" for lang in languages) + " |")
    for name, r in results.items():
        if r.get("order_conversation"):
            lines += ["", f"Order conversation through REST + actions + database ({name}), per turn:", ""]
            lines += ["| turn | p50 ms | p99 ms |", "|---|---|---|"]
            for turn, t in r["order_conversation"].items():
                lines.append(f"| {turn} | {t['p50_ms']} | {t['p99_ms']} |")
    return "\n".join(lines)


def start_desk_stack(work: Path, rasa_port: int, **environment: str) -> Tuple[Settings, Stack, str]:
    """The whole stack with the desk (Rasa on `rasa_port`, the action server +50, the desk +75,
    a random Rasa token, `environment` over that) on a fresh database under `work`:
    (its settings, the running stack, the database URL). Trains the model if it is stale."""
    from bot.training import train_if_needed

    work.mkdir(parents=True, exist_ok=True)
    database = work / "desk.db"
    database.unlink(missing_ok=True)
    database_url = f"sqlite:///{database}"
    os.environ["KEFU_DATABASE_URL"] = database_url
    ports = {
        "KEFU_RASA_PORT": str(rasa_port),
        "KEFU_ACTIONS_PORT": str(rasa_port + 50),
        "KEFU_DESK_PORT": str(rasa_port + 75),
    }
    settings = Settings.from_env({**ports, "KEFU_RASA_TOKEN": uuid.uuid4().hex, **environment})
    model = train_if_needed(ROOT / "models")
    return settings, Stack(settings, model, work / "logs", desk=True).start(), database_url


def write_page(filename: str, title: str, table: str) -> None:
    """docs/<filename>: the latest run's table, dated. Sections other scripts keep on the
    page (from its first "## " heading on, e.g. scripts/busy_hour.py's) stay."""
    page = ROOT / "docs" / filename
    old = page.read_text() if page.exists() else ""
    kept = old[old.find("\n## ") :] if "\n## " in old else ""
    dated = f"Latest `make bench-nlu` run ({time.strftime('%Y-%m-%d')}, this 2-core machine)."
    page.write_text(f"# Benchmark: {title}\n\n{dated}\n\n{table}\n{kept}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--messages", type=int, default=25, help="messages per language in the mix")
    parser.add_argument(
        "--diet-epochs",
        type=int,
        help="train DIET/ResponseSelector for this many epochs instead of the configs' 100 "
        "(on 2 cores one epoch over our 8,400 examples takes minutes)",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    messages = message_mix(args.messages)
    results = {}
    for offset, name in enumerate(args.configs):
        config = with_epochs(name, CONFIGS[name], args.diet_epochs)
        results[name] = measure(name, config, messages, offset)
        results[name]["diet_epochs"] = args.diet_epochs
    table = render(results, len(messages))
    print("\n" + table)
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench.json").write_text(json.dumps(results, indent=2))
    write_page("benchmark.md", "Kefu's pipeline against Rasa's default", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
