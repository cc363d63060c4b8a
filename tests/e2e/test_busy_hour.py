"""A busy hour against the real Rasa and action servers: 50 buyers writing at once,
several messages each, through the signed webhook. Every message is answered once,
by the bot; none gets the holding message or goes to a person."""

from __future__ import annotations

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from bot.channels.outbound import SIGNATURE_HEADER, sign
from tests.e2e.conftest import desk_before

pytestmark = [pytest.mark.model, pytest.mark.servers]

SECRET = "busy-hour-secret"
BUYERS = 50
# No "thank you": none of these messages opens a task, so a thanks would rightly end the
# chat as the bot's (bot_csat) and the next message would open another one. A thanks in
# the middle of a task keeps the chat open: tests/e2e/test_thanks_mid_task.py.
MESSAGES = ["hello", "good morning", "do you have any coupons?", "hi again"]


@pytest.fixture(scope="module")
def busy_desk(stack, database_url):
    with desk_before(stack, database_url, SECRET) as server:
        yield server


def test_fifty_buyers_at_once_are_all_answered_by_the_bot(busy_desk):
    run = uuid.uuid4().hex[:6]

    def conversation(number: int) -> list:
        answers = []
        for index, text in enumerate(MESSAGES):
            payload = {"message_id": f"{run}-{number}-{index}", "buyer_id": f"busy-{run}-{number}"}
            body = json.dumps({**payload, "marketplace": "lazada", "text": text}).encode()
            answer = requests.post(
                f"{busy_desk.url}/channels/webhook",
                data=body,
                headers={SIGNATURE_HEADER: sign(SECRET, body)},
                timeout=120,
            )
            answers.append((answer.status_code, answer.json()))
        return answers

    started = time.monotonic()
    with ThreadPoolExecutor(BUYERS) as pool:
        results = list(pool.map(conversation, range(BUYERS)))
    elapsed = time.monotonic() - started

    journal = busy_desk.app.ctx.hub.journal
    problems = []
    for number, answers in enumerate(results):
        if any(status != 200 or body["status"] != "accepted" for status, body in answers):
            problems.append(f"buyer {number}: {answers}")
            continue
        conversation = journal.open_conversation(f"lazada:busy-{run}-{number}")
        messages = journal.messages(conversation.id)
        asked = [m.id for m in messages if m.author == "buyer"]
        answered = {m.reply_to for m in messages if m.author == "bot"}
        others = [m.text for m in messages if m.author not in ("buyer", "bot")]
        if conversation.status == "queued" or others or len(asked) != len(MESSAGES) or answered != set(asked):
            problems.append(f"buyer {number}: {conversation.status} {[(m.author, m.text) for m in messages]}")
    assert not problems, f"{len(problems)} of {BUYERS} buyers not served by the bot in {elapsed:.0f}s:\n" + (
        "\n".join(problems[:5])
    )
