"""The desk's signed webhook as a marketplace uses it, for the scripts that load it: the
settings a desk takes a load through it with, and one signed message."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, Tuple

from bot.channels.outbound import SIGNATURE_HEADER, sign


def webhook_desk_env(work: Path, secret: str, outbound_url: str | None = None) -> Dict[str, str]:
    """KEFU_* settings for a desk under load: open all day, no auto-replies (the bot answers
    every message), the webhook signed with `secret`, no per-buyer limit (one buyer's pace is
    the script's), replies delivered to `outbound_url` when given."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "desk.yml").write_text("time_zone: UTC\nfirst_response_minutes: 5\n")
    env = {
        "KEFU_DESK_CONFIG": str(work / "desk.yml"),
        "KEFU_AUTO_REPLIES_FILE": os.devnull,
        "KEFU_WEBHOOK_SECRET": secret,
        "KEFU_DESK_BUYER_RATE": "0",
    }
    if outbound_url:
        env["KEFU_OUTBOUND_URL"] = outbound_url
    return env


def signed_message(
    secret: str, message_id: str, buyer_id: str, text: str, marketplace: str = "lazada"
) -> Tuple[bytes, Dict[str, str]]:
    """(body, headers) of one buyer message for POST /channels/webhook."""
    body = json.dumps(
        {"message_id": message_id, "buyer_id": buyer_id, "marketplace": marketplace, "text": text}
    ).encode()
    return body, {SIGNATURE_HEADER: sign(secret, body), "Content-Type": "application/json"}
