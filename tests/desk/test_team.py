"""GET /api/team and POST /api/me/availability: who of the agents is online, away or offline
(their console's live stream, through the real Redis) and what each has on their plate (the
journal), for supervisors and tier-3 agents only."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests

from bot.desk import presence
from tests.desk.conftest import add_agent


@pytest.fixture
def team_desk(make_desk, fake_rasa, journal):
    for username, role in (("sue", "supervisor"), ("tom", "tier3"), ("ann", "tier1"), ("tia", "trainer")):
        add_agent(journal, username, role)
    return make_desk(fake_rasa.url)


def members(desk, token) -> dict:
    reply = desk.api("GET", "/api/team", token)
    assert reply.status_code == 200, reply.text
    return {member["username"]: member for member in reply.json()["agents"]}


def test_only_supervisors_and_tier3_see_the_team(team_desk):
    assert team_desk.api("GET", "/api/team").status_code == 401
    for username in ("ann", "tia"):
        reply = team_desk.api("GET", "/api/team", team_desk.login(username))
        assert reply.status_code == 403, username
        assert "team view" in reply.json()["error"]
    for username in ("sue", "tom"):
        # The trainer works no queue: not on the team's list.
        assert set(members(team_desk, team_desk.login(username))) == {"sue", "tom", "ann"}


def test_an_agent_with_the_console_open_is_online_and_can_say_they_are_away(team_desk):
    sue = team_desk.login("sue")
    ann = team_desk.login("ann")
    before = members(team_desk, sue)["ann"]
    assert (before["state"], before["last_seen"]) == ("offline", None)
    headers = {"Authorization": f"Bearer {ann}"}
    with requests.get(f"{team_desk.url}/api/events", headers=headers, stream=True, timeout=10) as stream:
        next(stream.iter_lines())  # the stream is open: the first snapshot came
        team_desk.wait_until(lambda: members(team_desk, sue)["ann"]["state"] == "online")
        assert members(team_desk, sue)["ann"]["last_seen"].endswith("Z")
        away = team_desk.api("POST", "/api/me/availability", ann, json={"away": True})
        assert away.json() == {"away": True}
        assert team_desk.api("GET", "/api/me/availability", ann).json() == {"away": True}
        assert members(team_desk, sue)["ann"]["state"] == "away"
        assert team_desk.api("POST", "/api/me/availability", ann, json={"away": False}).status_code == 200
        assert members(team_desk, sue)["ann"]["state"] == "online"
    assert members(team_desk, sue)["tom"]["state"] == "offline"  # never opened the console


@pytest.mark.parametrize("body", [{}, {"away": "yes"}, {"away": 1}, {"away": None}, []])
def test_availability_takes_true_or_false_only(team_desk, body):
    reply = team_desk.api("POST", "/api/me/availability", team_desk.login("ann"), json=body)
    assert reply.status_code == 400
    assert reply.json()["error"]


def test_a_trainer_has_no_availability_to_set(team_desk):
    reply = team_desk.api("POST", "/api/me/availability", team_desk.login("tia"), json={"away": True})
    assert reply.status_code == 403


def test_online_means_seen_within_the_last_marks():
    now = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)
    assert presence.is_online(now - timedelta(seconds=presence.ONLINE_SECONDS - 1), now)
    assert not presence.is_online(now - timedelta(seconds=presence.ONLINE_SECONDS + 1), now)
    assert not presence.is_online(None, now)


def test_the_load_follows_the_chat_from_claim_to_resolve(team_desk, journal):
    sue, ann = team_desk.login("sue"), team_desk.login("ann")
    team_desk.chat("v-1", "I want a person")
    cid = journal.open_conversation(team_desk.sender("v-1")).id
    idle = members(team_desk, sue)["ann"]
    assert (idle["held"], idle["awaiting_reply"], idle["longest_wait_s"]) == (0, 0, None)
    assert team_desk.api("POST", f"/api/conversations/{cid}/claim", ann).status_code == 200
    held = members(team_desk, sue)["ann"]
    # Claimed, not answered yet: the buyer waits since the chat was queued.
    assert (held["held"], held["awaiting_reply"]) == (1, 1)
    assert held["longest_wait_s"] >= 0
    reply = team_desk.api("POST", f"/api/conversations/{cid}/messages", ann, json={"text": "Hi, I'm Ann!"})
    assert reply.status_code == 201, reply.text
    answered = members(team_desk, sue)["ann"]
    assert (answered["held"], answered["awaiting_reply"], answered["longest_wait_s"]) == (1, 0, None)
    assert answered["replies_today"] == 1
    team_desk.chat("v-1", "where is my parcel?")
    again = members(team_desk, sue)
    assert (again["ann"]["awaiting_reply"], again["ann"]["held"]) == (1, 1)
    assert next(iter(again)) == "ann"  # the agent with a buyer waiting comes first
    assert team_desk.api("POST", f"/api/conversations/{cid}/resolve", ann).status_code == 200
    done = members(team_desk, sue)["ann"]
    assert (done["held"], done["awaiting_reply"]) == (0, 0)
    assert (done["resolved_today"], done["replies_today"]) == (1, 1)
    assert members(team_desk, sue)["tom"]["resolved_today"] == 0
