"""The seller's welcome said in place of the bot's greeting is what Rasa's tracker holds:
the real Rasa behind a real desk, a buyer's first "hello" of the day."""

from __future__ import annotations

import pytest
import requests
import yaml

from bot.commerce.views import BuyerRef
from tests.e2e.conftest import desk_before
from tests.e2e.test_thanks_mid_task import SECRET, Buyer

pytestmark = [pytest.mark.model, pytest.mark.servers]

WELCOME = "Welcome to the Kefu test shop! Ask about any order."


@pytest.fixture(scope="module")
def desk(stack, database_url, tmp_path_factory):
    rules = tmp_path_factory.mktemp("welcome") / "auto_replies.yml"
    rules.write_text(yaml.safe_dump({"marketplaces": {"default": {"welcome": {"en": WELCOME}}}}))
    with desk_before(stack, database_url, SECRET, auto_replies_file=str(rules)) as server:
        yield server


def bot_said(stack, sender: str) -> list:
    tracker = requests.get(
        f"{stack.settings.rasa_url}/conversations/{sender}/tracker",
        params={"token": stack.settings.rasa_token},
        timeout=30,
    ).json()
    return [e.get("text") for e in tracker["events"] if e["event"] == "bot"]


def test_a_welcome_sent_in_place_of_the_greeting_is_what_the_bots_tracker_holds(stack, desk):
    """The buyer read only the seller's welcome, and Rasa's tracker held the bot's own greeting
    (the bot 'said' what nobody read). Now the bot says the welcome itself."""
    buyer = Buyer(desk, BuyerRef("wish", "welcome-e2e-buyer"))
    _, replies = buyer.says("hello")
    assert [(r.author, r.text) for r in replies] == [("bot", WELCOME)]
    assert bot_said(stack, buyer.sender) == [WELCOME]
    # The next greeting, within the day, is the bot's own again.
    _, replies = buyer.says("hello")
    assert [r.author for r in replies] == ["bot"] and replies[0].text != WELCOME
    assert bot_said(stack, buyer.sender)[-1] == replies[0].text
