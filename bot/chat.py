"""Talk to the running assistant from a terminal, through the buyer REST channel."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
import uuid
from typing import List

from bot.shared_secret import CHANNEL_TOKEN_HEADER


def send(
    webhook: str, sender: str, text: str, metadata: dict | None = None, secret: str | None = None
) -> List[dict]:
    body = json.dumps({"sender": sender, "message": text, "metadata": metadata or {}}).encode()
    headers = {"Content-Type": "application/json"}
    if secret:
        headers[CHANNEL_TOKEN_HEADER] = secret
    request = urllib.request.Request(webhook, body, headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def show(messages: List[dict]) -> None:
    for message in messages:
        if message.get("text"):
            print(f"bot> {message['text']}")
        for number, button in enumerate(message.get("buttons") or [], start=1):
            print(f"     [{number}] {button['title']}")


PHOTO_COMMAND = "/photo "


def chat(webhook: str, metadata: dict | None = None, secret: str | None = None) -> int:
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    who = f"buyer {metadata['buyer_id']}" if metadata else sender
    print(f"Talking to {webhook} as {who}. Type a message; '/photo URL' sends a photo; Ctrl-D to leave.")
    last_buttons: List[dict] = []
    for line in sys.stdin:
        text = line.strip()
        if not text:
            continue
        if text.isdigit() and 0 < int(text) <= len(last_buttons):
            text = last_buttons[int(text) - 1]["payload"]
        extra = dict(metadata or {})
        if text.startswith(PHOTO_COMMAND):
            extra["attachments"] = [{"type": "image", "url": text[len(PHOTO_COMMAND) :].strip()}]
            text = ""
        try:
            messages = send(webhook, sender, text, extra, secret)
        except urllib.error.HTTPError as exc:
            print(f"error {exc.code}: {exc.read().decode(errors='replace')}")
            continue
        except urllib.error.URLError as exc:
            print(f"The assistant is not reachable ({exc.reason}). Is `make run` running?")
            return 1
        show(messages)
        last_buttons = [b for m in messages for b in m.get("buttons") or []]
    return 0
