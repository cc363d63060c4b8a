"""The desk's value types: statuses and authors are typed, and still read as the strings
stored in the journal and shown by the API."""

from datetime import datetime, timezone

import pytest

from bot.desk.records import (
    OPEN_STATUSES,
    AgentView,
    Author,
    ConversationStatus,
    Inbound,
    Outgoing,
    opened_from,
)
from tests.desk.conftest import add_agent


def test_statuses_compare_and_print_as_their_stored_values():
    assert ConversationStatus.QUEUED == "queued"
    assert ConversationStatus("assigned") is ConversationStatus.ASSIGNED
    assert str(ConversationStatus.BOT) == f"{ConversationStatus.BOT}" == "bot"
    assert "resolved" not in OPEN_STATUSES and "queued" in OPEN_STATUSES
    with pytest.raises(ValueError):
        ConversationStatus("closed")


def test_an_agent_author_is_stored_with_the_username_and_read_back():
    assert Author.AGENT.label("amy") == "agent:amy" and Author.BOT.label() == "bot"
    assert Author.parse("agent:amy") == (Author.AGENT, "amy")
    assert Author.parse("system") == (Author.SYSTEM, None)
    with pytest.raises(ValueError):
        Author.parse("robot")


def test_a_reply_takes_an_author_or_its_stored_label():
    amy = AgentView(7, "amy", "tier1", "Amy", "en")
    typed = Outgoing.from_agent(amy, "on it", language="th")
    labelled = Outgoing("on it", "agent:amy", agent_id=7, language="th")
    assert typed == labelled and typed.by is Author.AGENT and typed.author == "agent:amy"
    assert Outgoing("hi", "bot").by is Author.BOT and Outgoing("hi", Author.SYSTEM).author == "system"


def test_order_pages_and_disputes_are_after_sale():
    assert opened_from(" Order_Page ") == opened_from("dispute") == "after_sale"
    assert opened_from(None) == opened_from("product_page") == "pre_sale"


def test_the_buyer_never_sees_the_agents_username(journal):
    now = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
    recorded = journal.record_inbound(Inbound("web", "web", "v-1", "hello"), now=now)
    amy = add_agent(journal, "amy", "tier1")
    cid = recorded.conversation.id
    journal.mark_queued(cid, 1, "human_handoff", now, True, now=now)
    journal.mark_assigned(cid, amy.id, now=now)  # an agent's reply needs the chat to be theirs
    [reply] = journal.record_outbound(cid, [Outgoing("hi", "agent:amy", agent_id=amy.id)], now=now)
    assert reply.to_json()["author"] == "agent:amy" and reply.agent_username == "amy"
    assert reply.to_buyer_json()["from"] == "agent"
