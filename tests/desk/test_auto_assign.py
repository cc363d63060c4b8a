"""Automatic assignment (desk.yml auto_assign: {max_chats: N}): a waiting chat goes to an
online agent who is not away, may take its tier and holds fewer than N chats, the least busy
first; off by default. Presence and the queue are the real Redis, the chats the real journal."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
import requests

from bot.desk import presence
from bot.seller.desk import parse_desk_config
from tests.desk.conftest import REDIS_URL, add_agent
from tests.desk.test_queue import run


def config(max_chats: int):
    return parse_desk_config({"sla_sweep_seconds": 0.05, "auto_assign": {"max_chats": max_chats}})


def online(*agents, away: bool = False) -> None:
    """The agents' consoles are open now (what their live streams mark), or they said away."""
    now = datetime.now(timezone.utc)
    for agent in agents:
        run(lambda queue, a=agent: presence.mark_seen(queue, a.id, now), REDIS_URL)
        if away:
            run(lambda queue, a=agent: presence.set_away(queue, a.id, True), REDIS_URL)


def escalate(desk, journal, buyer: str, text: str = "I want a person") -> str:
    desk.chat(buyer, text)
    return journal.open_conversation(desk.sender(buyer)).id


def holder(journal, cid: str) -> str | None:
    conversation = journal.conversation(cid)
    return conversation.agent_username if conversation.status == "assigned" else None


def test_off_by_default_the_chat_waits_for_a_claim(make_desk, fake_rasa, journal):
    ann = add_agent(journal, "ann", "tier1")
    desk = make_desk(fake_rasa.url, config=parse_desk_config({"sla_sweep_seconds": 0.05}))
    online(ann)
    cid = escalate(desk, journal, "v-1")
    desk.drain()
    time.sleep(0.5)  # ten sweeps
    assert journal.conversation(cid).status == "queued"


def test_a_waiting_chat_goes_to_the_least_busy_online_agent_of_its_tier(make_desk, fake_rasa, journal):
    ann, bob = add_agent(journal, "ann", "tier1"), add_agent(journal, "bob", "tier1")
    add_agent(journal, "tom", "tier2")  # offline: never given a chat
    desk = make_desk(fake_rasa.url, config=config(2))
    online(ann)
    first = escalate(desk, journal, "v-1")
    desk.wait_until(lambda: holder(journal, first) == "ann")
    assert journal.conversation(first).bot_paused is True  # as on a claim: the bot is quiet
    online(bob)
    second = escalate(desk, journal, "v-2")
    desk.wait_until(lambda: holder(journal, second) == "bob")  # ann holds one, bob none
    third = escalate(desk, journal, "v-3")
    desk.wait_until(lambda: holder(journal, third) is not None)
    fourth = escalate(desk, journal, "v-4")
    desk.wait_until(lambda: holder(journal, fourth) is not None)
    assert sorted(holder(journal, c) for c in (first, second, third, fourth)) == ["ann", "ann", "bob", "bob"]
    fifth = escalate(desk, journal, "v-5")  # both at max_chats: it waits for a claim
    time.sleep(0.5)
    assert journal.conversation(fifth).status == "queued"


def test_an_agent_away_or_below_the_tier_is_passed_over(make_desk, fake_rasa, journal):
    ann, tom = add_agent(journal, "ann", "tier1"), add_agent(journal, "tom", "tier2")
    sue = add_agent(journal, "sue", "supervisor")
    desk = make_desk(fake_rasa.url, config=config(3))
    online(ann, sue)
    online(tom, away=True)
    # The fake bot sends "it arrived broken" to tier 2 (after-sales).
    broken = escalate(desk, journal, "v-1", "it arrived broken")
    time.sleep(0.5)
    assert journal.conversation(broken).status == "queued"  # ann is tier 1, tom away, sue supervises
    run(lambda queue: presence.set_away(queue, tom.id, False), REDIS_URL)
    desk.wait_until(lambda: holder(journal, broken) == "tom")


@pytest.mark.parametrize("raw", [{"max_chats": -1}, {"max_chats": "3"}, {"max_chats": True}, [3], 3])
def test_a_bad_auto_assign_setting_is_refused(raw):
    with pytest.raises(ValueError, match="auto_assign"):
        parse_desk_config({"auto_assign": raw})


def test_the_agent_is_told_live(make_desk, fake_rasa, journal):
    ann = add_agent(journal, "ann", "tier1")
    desk = make_desk(fake_rasa.url, config=config(1))
    token = desk.login("ann")
    headers = {"Authorization": f"Bearer {token}"}
    with requests.get(f"{desk.url}/api/events", headers=headers, stream=True, timeout=10) as stream:
        lines = stream.iter_lines(decode_unicode=True)
        next(lines)  # the first snapshot: the stream marked ann as seen
        desk.wait_until(lambda: run(lambda queue: presence.last_seen(queue), REDIS_URL).get(ann.id))
        cid = escalate(desk, journal, "v-1")
        for line in lines:
            if line.startswith("event: transfer"):
                data = next(lines)
                assert cid in data and '"to_agent": "ann"' in data and "Auto-assign" in data
                break


def test_a_chat_passed_to_the_queue_is_not_handed_back_to_who_passed_it(make_desk, fake_rasa, journal):
    ann, bob = add_agent(journal, "ann", "tier1"), add_agent(journal, "bob", "tier1")
    desk = make_desk(fake_rasa.url, config=config(3))
    online(ann)
    cid = escalate(desk, journal, "v-1")
    desk.wait_until(lambda: holder(journal, cid) == "ann")
    token = desk.login("ann")
    path = f"/api/conversations/{cid}/transfer"
    passed = desk.api("POST", path, token, json={"tier": 1, "note": "I can't read Thai, someone else?"})
    assert passed.status_code == 200, passed.text
    time.sleep(0.5)  # ten sweeps: ann is online, holds nothing and may take tier 1
    assert journal.conversation(cid).status == "queued"
    online(bob)
    desk.wait_until(lambda: holder(journal, cid) == "bob")
    other = escalate(desk, journal, "v-2")  # a chat ann never passed on still goes to her
    desk.wait_until(lambda: holder(journal, other) == "ann")


def test_one_desk_replica_hands_out_at_a_time(make_desk, fake_rasa, journal):
    """Two replicas handing out at once would both count an agent at max_chats - 1 and each give
    them one more: a round runs only while its replica holds the round's key in Redis."""
    import redis

    from bot.desk import auto_assign

    ann = add_agent(journal, "ann", "tier1")
    client = redis.Redis.from_url(REDIS_URL)
    client.set(auto_assign.ROUND_KEY, "another-replica", ex=30)  # that replica's round is on
    desk = make_desk(fake_rasa.url, config=config(1))
    online(ann)
    cid = escalate(desk, journal, "v-1")
    time.sleep(0.5)  # ten sweeps, none of them this replica's round
    assert journal.conversation(cid).status == "queued"
    assert client.get(auto_assign.ROUND_KEY) == b"another-replica"  # never taken over or deleted
    client.delete(auto_assign.ROUND_KEY)  # its round is over
    desk.wait_until(lambda: holder(journal, cid) == "ann")
