"""A "thanks" in the middle of a task does not end the chat: the real Rasa and action
servers behind a real desk, the demo buyer with one paid order. The buyer asks to cancel,
thanks the bot before answering the yes/no, and the desk's chat stays open (the bot asks
again); the buyer confirms and the order is cancelled with its refund; only then does a
"thank you" close the chat as the bot's and ask for a rating, once."""

from __future__ import annotations

import json
import uuid

import pytest
import requests

from bot.channels.outbound import SIGNATURE_HEADER, sign
from bot.commerce.demo import DEMO_BUYERS, DEMO_ORDERS, load_demo_data
from bot.commerce.repository import CommerceRepository
from tests.desk.test_hub import text_of
from tests.e2e.conftest import desk_before
from tests.e2e.test_servers import replied_with

pytestmark = [pytest.mark.model, pytest.mark.servers]

SECRET = "thanks-mid-task-secret"


@pytest.fixture(scope="module")
def desk(stack, database_url):
    with desk_before(stack, database_url, SECRET) as server:
        yield server


@pytest.fixture
def buyer(stack, database_url):
    """The demo buyer with one paid, unshipped order, their orders fresh and their Rasa
    conversation restarted (other e2e runs may have left slots in the shared Redis)."""
    repository = CommerceRepository.from_url(database_url)
    load_demo_data(repository)
    key, order_number = DEMO_ORDERS["paid_awaiting_shipment"]
    ref = DEMO_BUYERS[key]
    sender = f"{ref.marketplace}:{ref.buyer_id}"
    restarted = requests.post(
        f"{stack.settings.rasa_url}/conversations/{sender}/tracker/events",
        params={"token": stack.settings.rasa_token},
        json=[{"event": "restart"}],
        timeout=30,
    )
    assert restarted.status_code == 200, restarted.text
    return repository, ref, order_number


class Buyer:
    """Writes through the signed webhook; says() returns what the desk journaled in reply."""

    def __init__(self, server, ref):
        self.server, self.ref = server, ref
        self.journal = server.app.ctx.hub.journal
        self.sender = f"{ref.marketplace}:{ref.buyer_id}"

    def says(self, text: str) -> tuple:
        payload = {"message_id": uuid.uuid4().hex, "buyer_id": self.ref.buyer_id, "text": text}
        body = json.dumps({**payload, "marketplace": self.ref.marketplace}).encode()
        answer = requests.post(
            f"{self.server.url}/channels/webhook",
            data=body,
            headers={SIGNATURE_HEADER: sign(SECRET, body)},
            timeout=120,
        )
        assert answer.status_code == 200 and answer.json()["status"] == "accepted", answer.text
        conversation = answer.json()["conversation_id"]
        messages = self.journal.messages(conversation)
        asked = [m for m in messages if m.author == "buyer" and m.text == text][-1]
        return conversation, [m for m in messages if m.reply_to == asked.id]

    def open(self):
        return self.journal.open_conversation(self.sender)


def test_a_thanks_before_confirming_keeps_the_chat_open_and_the_one_after_closes_it(desk, buyer):
    repository, ref, order_number = buyer
    b = Buyer(desk, ref)
    assert b.open() is None, "a chat of this buyer was left open"

    conversation, replies = b.says("I want to cancel my order")
    assert [r.author for r in replies] == ["bot", "bot"]
    assert replied_with({"text": replies[-1].text}, "en", "utter_confirm_cancel"), replies

    same, replies = b.says("thanks")  # before the yes/no: the task is still open
    assert same == conversation and [r.author for r in replies] == ["bot"], replies
    assert replied_with({"text": replies[0].text}, "en", "utter_confirm_cancel_again"), replies
    still = b.open()
    assert still is not None and still.id == conversation and still.status == "bot"

    same, replies = b.says("yes please")
    assert same == conversation
    assert [replied_with({"text": r.text}, "en", "utter_cancelled") for r in replies] == [True], replies
    order = repository.order_for_buyer(ref, order_number)
    assert order.status == "cancelled" and [r.status for r in order.refunds] == ["approved"]
    assert b.open() is not None

    same, replies = b.says("thank you")  # the task done: a sign-off closes the chat as the bot's
    assert same == conversation
    assert [r.author for r in replies] == ["bot", "system"], replies
    assert replies[-1].text == text_of("utter_desk_csat_bot", "en")
    assert b.open() is None
    closed = desk.app.ctx.hub.journal.conversation(conversation)
    assert closed.status == "resolved" and closed.agent_id is None and closed.escalations == 0
