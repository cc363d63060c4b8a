"""The `kefu` command."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from bot import PROJECT_ROOT
from bot.commerce.cli import add_commands as add_commerce_commands
from bot.desk.cli import add_commands as add_desk_commands
from bot.desk.notices_cli import add_commands as add_notice_commands
from bot.desk.notices_cli import run_notices
from bot.desk.promos_cli import add_commands as add_promo_commands
from bot.metrics.cli import add_commands as add_metrics_commands
from bot.seller.cli import add_commands as add_seller_commands
from bot.seller.cli import described as described_examples
from bot.seller.examples import seller_files, unset_settings
from bot.settings import Settings, SettingsError


def _trained(settings: Settings, config: Path | None = None, history=None) -> Path:
    """The model for the current data, trained if needed; a Rasa may be serving meanwhile,
    so the pruning of old models spares the one it serves (and the one last promoted)."""
    from bot.retrain import models_in_use
    from bot.training import train_if_needed

    return train_if_needed(settings.models_dir, config, in_use=lambda: models_in_use(settings, history))


def _prepare(settings: Settings) -> Path | None:
    """Train if needed and fill a fresh database with the demo orders, so there is
    something to ask about; the model to serve, None when the database could not be filled."""
    from bot.desk.model_history import ModelHistory
    from bot.model_choice import model_to_serve

    settings.warn_about_random_secrets()
    history = ModelHistory.from_url(settings.database_url)
    try:
        model = model_to_serve(_trained(settings, history=history), history)
    finally:
        history.engine.dispose()
    demo = build_parser().parse_args(["demo-data", "--if-empty"])
    return model if demo.func(demo, settings) == 0 else None


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.stack import Stack, StartupError

    model = _prepare(settings)
    if model is None:
        return 1
    print("Starting the action server, the Rasa server and the desk (this takes about half a minute) ...")
    try:
        stack = Stack(settings, model, PROJECT_ROOT / "var" / "logs", desk=True).start()
    except StartupError as exc:
        print(f"Could not start Kefu:\n{exc}", file=sys.stderr)
        return 1
    store = "Redis at " + settings.redis_url if settings.redis_url else "in memory"
    print(
        f"\nKefu is running (conversations kept {store}).\n"
        f"  Buyer REST channel: POST {settings.rasa_url}/webhooks/rest/webhook\n"
        f'      body: {{"sender": "buyer-1", "message": "where is my parcel?"}}\n'
        f"  Talk from a terminal:  make chat   (as a demo buyer: make chat BUYER=lazada-th-001,\n"
        f"      with the same KEFU_CHANNEL_SECRET set for `make run` and `make chat`)\n"
        f"  Rasa HTTP API (token in KEFU_RASA_TOKEN): {settings.rasa_url}\n"
        f"  Desk: agent console {settings.desk_url}/console (create an agent first:\n"
        f"      kefu agents add alice --role supervisor), buyers' web chat {settings.desk_url}/chat,\n"
        f"      signed webhook POST {settings.desk_url}/channels/webhook (needs KEFU_WEBHOOK_SECRET)\n"
        f"  Logs: var/logs/\nCtrl-C stops everything.",
        flush=True,
    )
    unset = unset_settings(seller_files(settings.desk_config))
    if unset:
        print(f"\n{described_examples(unset)}", flush=True)
    return _serve(stack)


def _serve(stack) -> int:
    # A plain `kill` (SIGTERM) stops the servers too, like Ctrl-C: wait() stops them on exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        return stack.wait() or 0
    except KeyboardInterrupt:
        return 0


def _cluster(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cluster import Cluster, clustered, database_warning
    from bot.stack import StartupError

    settings = clustered(settings, args.replicas)
    warning = database_warning(settings)
    if warning:
        print(f"Warning: {warning}", file=sys.stderr)
    model = _prepare(settings)
    if model is None:
        return 1
    print(f"Starting {args.replicas} of each server behind haproxy ...")
    try:
        cluster = Cluster(settings, model, PROJECT_ROOT / "var" / "logs", replicas=args.replicas).start()
    except StartupError as exc:
        print(f"Could not start the cluster:\n{exc}", file=sys.stderr)
        return 1
    print(
        f"\nKefu is running as {args.replicas} replicas (conversations in Redis at {settings.redis_url}).\n"
        f"  Desk (the only port to open to the internet): {settings.desk_url}\n"
        f"  Rasa frontend: {settings.rasa_url}   action server frontend: {settings.actions_url}\n"
        f"  haproxy config: {cluster.config_path}   logs: var/logs/\nCtrl-C stops everything.",
        flush=True,
    )
    return _serve(cluster)


def _actions(args: argparse.Namespace, settings: Settings) -> int:
    from bot.actions_server import serve

    if "KEFU_ACTIONS_TOKEN" in settings.random_secrets:
        print(
            "kefu actions: set KEFU_ACTIONS_TOKEN to the token Rasa sends (endpoints.yml); "
            "`kefu run` starts both with one",
            file=sys.stderr,
        )
        return 2
    serve(settings)
    return 0


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.retrain import RetrainRefused, run_retrain

    config = Path(args.config).resolve() if args.config else None
    if args.no_promote:
        _trained(settings, config)
        return 0
    try:
        job = run_retrain(settings, args.by, args.job, args.lock_token, config)
    except RetrainRefused as exc:
        print(f"kefu train: {exc}", file=sys.stderr)
        return 3
    return {"done": 0, "refused": 4}.get(job.get("stage") or "", 1)


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat import chat

    marketplace = args.marketplace or (args.buyer or "").split("-")[0] or None
    metadata = {"buyer_id": args.buyer, "marketplace": marketplace} if args.buyer else {}
    secret = None if "KEFU_CHANNEL_SECRET" in settings.random_secrets else settings.channel_secret
    if args.buyer and not secret:
        # Only a channel with the secret may say who the buyer is (bot/channels/rest.py).
        print(
            "kefu chat: talking as a buyer needs KEFU_CHANNEL_SECRET, set to the same value "
            "for `make run` and `make chat`",
            file=sys.stderr,
        )
        return 2
    return chat(args.url or f"{settings.rasa_url}/webhooks/rest/webhook", metadata, secret)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.nlu.evaluation import main as evaluate

    if args.model and not Path(args.model).is_file():
        # Rasa would quietly load the newest model of the folder instead.
        print(f"kefu eval: no model archive at {args.model}", file=sys.stderr)
        return 2
    model = Path(args.model) if args.model else _trained(settings)
    return evaluate(model, Path(args.json) if args.json else None)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kefu", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="train if needed, then start the assistant").set_defaults(func=_run)
    commands.add_parser("actions", help="serve custom actions and the NLG endpoint").set_defaults(
        func=_actions
    )
    cluster = commands.add_parser("cluster", help="run N of each server behind haproxy (docs/deploy.md)")
    cluster.add_argument("--replicas", type=int, default=2, help="how many of each server (default 2)")
    cluster.set_defaults(func=_cluster)
    train = commands.add_parser(
        "train",
        help="train a model unless one matches the data, measure it, and load it into the running "
        "Rasa unless a language's macro-F1 drops (docs/trainer.md)",
    )
    train.add_argument("--config", help="pipeline config (default config.yml)")
    train.add_argument("--no-promote", action="store_true", help="only train (no evaluation, no loading)")
    train.add_argument("--by", default=os.environ.get("USER") or "cli", help="who started it (history)")
    train.add_argument("--job", type=int, help=argparse.SUPPRESS)  # the desk's retrain row
    train.add_argument("--lock-token", help=argparse.SUPPRESS)  # the lock the desk took for it
    train.set_defaults(func=_train)
    chat = commands.add_parser("chat", help="talk to the running assistant")
    chat.add_argument("--url", help="REST webhook (default: the local Rasa server)")
    chat.add_argument("--buyer", help="talk as this buyer id (e.g. a demo buyer: lazada-th-001)")
    chat.add_argument("--marketplace", help="the buyer's marketplace (default: from the buyer id)")
    chat.set_defaults(func=_chat)
    evaluate = commands.add_parser("eval", help="per-language NLU figures, held-out and real text")
    evaluate.add_argument("--model", help="model archive (default: the current model)")
    evaluate.add_argument("--json", help="also write the report as JSON here")
    evaluate.set_defaults(func=_eval)
    add_commerce_commands(commands)
    add_desk_commands(commands)
    add_notice_commands(commands)
    add_promo_commands(commands)
    add_metrics_commands(commands)
    add_seller_commands(commands)
    return parser


def main(argv: list | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"kefu: bad setting: {exc}", file=sys.stderr)
        return 2
    code = args.func(args, settings)
    if code == 0 and getattr(args, "tracking_command", None) == "import":
        code = run_notices(args, settings)  # new tracking events: tell buyers their parcel's news
    return code


if __name__ == "__main__":
    sys.exit(main())
