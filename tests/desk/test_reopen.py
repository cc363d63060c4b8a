"""POST /api/conversations/<id>/reopen: an agent who resolved a chat too soon takes it back
(the bot paused again, the rating question no longer open); only the buyer's latest chat,
within the rating window, and only its resolver or a supervisor."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.desk.errors import Conflict
from tests.desk.conftest import add_agent


@pytest.fixture
def reopen_desk(make_desk, fake_rasa, journal):
    for username, role in (("ann", "tier1"), ("bob", "tier1"), ("sue", "supervisor")):
        add_agent(journal, username, role)
    return make_desk(fake_rasa.url)


def resolved_chat(desk, journal, buyer: str, token: str) -> str:
    """A chat the buyer escalated, claimed and answered by the agent of `token`, then resolved."""
    desk.chat(buyer, "I want a person")
    cid = journal.open_conversation(desk.sender(buyer)).id
    assert desk.api("POST", f"/api/conversations/{cid}/claim", token).status_code == 200
    desk.api("POST", f"/api/conversations/{cid}/messages", token, json={"text": "Let me check."})
    assert desk.api("POST", f"/api/conversations/{cid}/resolve", token).status_code == 200
    return cid


def test_the_resolver_takes_the_chat_back_and_the_buyer_reaches_them_not_the_bot(
    reopen_desk, journal, fake_rasa
):
    ann = reopen_desk.login("ann")
    cid = resolved_chat(reopen_desk, journal, "v-1", ann)
    assert fake_rasa.tracker(reopen_desk.sender("v-1")).paused is False  # the bot had it back
    reply = reopen_desk.api("POST", f"/api/conversations/{cid}/reopen", ann)
    assert reply.status_code == 200, reply.text
    body = reply.json()["conversation"]
    assert (body["status"], body["agent"]) == ("assigned", "ann")
    assert journal.conversation(cid).resolved_at is None
    assert fake_rasa.tracker(reopen_desk.sender("v-1")).paused is True
    sent = reopen_desk.api("POST", f"/api/conversations/{cid}/messages", ann, json={"text": "One more thing"})
    assert sent.status_code == 201, sent.text
    # Held by Ann again: a "5" now is a message to her in this chat, not the rating answered.
    reopen_desk.chat("v-1", "5")
    now = journal.conversation(cid)
    assert (now.status, now.csat) == ("assigned", None)
    assert [m.text for m in journal.messages(cid) if m.direction == "in"][-1] == "5"
    assert reopen_desk.api("POST", f"/api/conversations/{cid}/resolve", ann).status_code == 200
    assert journal.conversation(cid).resolved_at is not None
    team = reopen_desk.api("GET", "/api/team", reopen_desk.login("sue")).json()["agents"]
    assert next(m for m in team if m["username"] == "ann")["resolved_today"] == 1  # one chat, twice
    assert reopen_desk.api("POST", f"/api/conversations/{cid}/reopen", ann).status_code == 200  # again


def test_only_the_resolver_or_a_supervisor_may_reopen(reopen_desk, journal):
    ann, bob, sue = (reopen_desk.login(name) for name in ("ann", "bob", "sue"))
    cid = resolved_chat(reopen_desk, journal, "v-2", ann)
    refused = reopen_desk.api("POST", f"/api/conversations/{cid}/reopen", bob)
    assert refused.status_code == 403
    assert "resolved it" in refused.json()["error"]
    assert journal.conversation(cid).status == "resolved"
    taken = reopen_desk.api("POST", f"/api/conversations/{cid}/reopen", sue)
    assert taken.status_code == 200
    assert taken.json()["conversation"]["agent"] == "sue"


def test_an_open_chat_or_one_the_buyer_has_written_past_is_not_reopened(reopen_desk, journal):
    ann = reopen_desk.login("ann")
    reopen_desk.chat("v-3", "I want a person")
    open_cid = journal.open_conversation(reopen_desk.sender("v-3")).id
    assert reopen_desk.api("POST", f"/api/conversations/{open_cid}/claim", ann).status_code == 200
    not_resolved = reopen_desk.api("POST", f"/api/conversations/{open_cid}/reopen", ann)
    assert not_resolved.status_code == 409
    assert "only a resolved" in not_resolved.json()["error"]
    assert reopen_desk.api("POST", f"/api/conversations/{open_cid}/resolve", ann).status_code == 200
    reopen_desk.chat("v-3", "hello again, another question")  # a new chat
    newer = journal.open_conversation(reopen_desk.sender("v-3")).id
    assert newer != open_cid
    refused = reopen_desk.api("POST", f"/api/conversations/{open_cid}/reopen", ann)
    assert refused.status_code == 409
    assert newer in refused.json()["error"]
    assert journal.conversation(open_cid).status == "resolved"


def test_a_chat_resolved_before_the_window_stays_resolved(reopen_desk, journal):
    ann = reopen_desk.login("ann")
    cid = resolved_chat(reopen_desk, journal, "v-4", ann)
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    agent_id = journal.conversation(cid).agent_id
    with pytest.raises(Conflict, match="too long ago"):
        journal.mark_reopened(cid, agent_id, resolved_since=later)
    assert journal.conversation(cid).status == "resolved"


def test_reopening_an_unknown_chat_is_404(reopen_desk):
    reply = reopen_desk.api("POST", "/api/conversations/nope/reopen", reopen_desk.login("ann"))
    assert reply.status_code == 404
