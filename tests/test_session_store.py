"""The append-only Redis tracker store and long sessions, against the real Redis."""

from __future__ import annotations

import asyncio
import json
import os
import uuid

import pytest
import redis
from rasa.core.actions.action import ActionSessionStart
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import PROJECT_ROOT
from bot.long_sessions import install as install_session_rules
from bot.long_sessions import session_too_long
from bot.rasa_stores import redis_options
from bot.session_store import SessionMemoryTrackerStore, SessionRedisTrackerStore, hand_to_next_read

REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('KEFU_TEST_REDIS_DB', '15')}"
DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  language:\n    type: text\n    mappings: []\n")


def session(*turns: str) -> list:
    events: list = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for text in turns:
        events += [UserUttered(text), ActionExecuted("utter_greet"), ActionExecuted("action_listen")]
    return events


@pytest.fixture
def store():
    return SessionRedisTrackerStore(domain=DOMAIN, **redis_options(REDIS_URL))


@pytest.fixture
def sender():
    name = f"session-store-{uuid.uuid4().hex[:8]}"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(f"kefu:tracker:*{name}")
    if keys:
        client.delete(*keys)


def run(coroutine):
    return asyncio.run(coroutine)


def test_saving_appends_only_the_new_events(store, sender):
    run(store.save(DialogueStateTracker.from_events(sender, session("hi"), slots=DOMAIN.slots)))
    tracker = run(store.retrieve(sender))
    tracker.update(UserUttered("again"))
    tracker.update(SlotSet("language", "th"))
    run(store.save(tracker))
    stored = redis.Redis.from_url(REDIS_URL).lrange(f"kefu:tracker:events:{sender}", 0, -1)
    assert [json.loads(e)["event"] for e in stored] == [
        "action", "session_started", "action", "user", "action", "action", "user", "slot"
    ]  # fmt: skip
    again = run(store.retrieve(sender))
    assert again.get_slot("language") == "th" and again.latest_message.text == "again"
    run(store.save(again))  # nothing new: nothing appended
    assert redis.Redis.from_url(REDIS_URL).llen(f"kefu:tracker:events:{sender}") == len(stored)


def test_reading_a_tracker_reads_its_latest_session_and_the_full_one_reads_all(store, sender):
    run(store.save(DialogueStateTracker.from_events(sender, session("one", "two"), slots=DOMAIN.slots)))
    tracker = run(store.retrieve(sender))
    for event in session("three"):
        tracker.update(event)
    run(store.save(tracker))
    latest = run(store.retrieve(sender))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["three"]
    full = run(store.retrieve_full_tracker(sender))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["one", "two", "three"]
    full.update(UserUttered("four"))  # a full tracker saved back appends the same way
    run(store.save(full))
    latest = run(store.retrieve(sender))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["three", "four"]


def test_a_tracker_that_is_no_continuation_replaces_the_stored_one(store, sender):
    run(store.save(DialogueStateTracker.from_events(sender, session("one", "two"), slots=DOMAIN.slots)))
    run(store.save(DialogueStateTracker.from_events(sender, session("other")[:4], slots=DOMAIN.slots)))
    full = run(store.retrieve_full_tracker(sender))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["other"]


def test_a_conversation_rasas_own_store_wrote_is_adopted(store, sender):
    legacy = DialogueStateTracker.from_events(sender, session("old one"), slots=DOMAIN.slots)
    client = redis.Redis.from_url(REDIS_URL)
    client.set(f"kefu:tracker:{sender}", json.dumps(legacy.as_dialogue().as_dict()))
    tracker = run(store.retrieve(sender))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["old one"]
    assert not client.exists(f"kefu:tracker:{sender}") and client.llen(f"kefu:tracker:events:{sender}") == 6
    assert run(store.exists(sender)) and sender in run(store.keys())


def test_an_unknown_conversation_is_none(store, sender):
    assert run(store.retrieve(sender)) is None and not run(store.exists(sender))


def test_a_session_is_too_long_at_the_limit_unless_something_is_under_way():
    long_one = DialogueStateTracker.from_events("s", session(*["hi"] * 20), slots=DOMAIN.slots)
    assert session_too_long(long_one, limit=20)
    assert not session_too_long(DialogueStateTracker.from_events("s", session(*["hi"] * 19)), limit=20)
    # Only the latest session counts.
    two = DialogueStateTracker.from_events("s", session(*["hi"] * 15) + session(*["hi"] * 10))
    assert not session_too_long(two, limit=20)
    paused = DialogueStateTracker.from_events("s", session(*["hi"] * 20))
    paused._paused = True
    assert not session_too_long(paused, limit=20)
    asking = Domain.from_yaml(
        "version: '3.1'\nslots:\n  awaiting_confirmation:\n    type: text\n    mappings: []\n"
    )
    waiting = DialogueStateTracker.from_events(
        "s", session(*["hi"] * 20) + [SlotSet("awaiting_confirmation", "cancel_order")], slots=asking.slots
    )
    assert not session_too_long(waiting, limit=20)


def test_a_longer_tracker_that_differs_from_the_stored_events_replaces_them(store, sender):
    run(store.save(DialogueStateTracker.from_events(sender, session("one"), slots=DOMAIN.slots)))
    other = DialogueStateTracker.from_events(sender, session("two", "three"), slots=DOMAIN.slots)
    run(store.save(other))  # as many events and more, but not the stored ones: replaced, not appended to
    full = run(store.retrieve_full_tracker(sender))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["two", "three"]


def test_a_conversation_the_synchronous_store_wrote_still_reads(store, sender):
    """The layout the store had before it moved to redis.asyncio, written with the sync client:
    the events as a list of JSON documents, the index where the latest session starts."""
    events = session("one", "two") + session("three")
    client = redis.Redis.from_url(REDIS_URL)
    client.rpush(f"kefu:tracker:events:{sender}", *[json.dumps(e.as_dict()) for e in events])
    client.set(f"kefu:tracker:session:{sender}", len(session("one", "two")))
    latest = run(store.retrieve(sender))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["three"]
    full = run(store.retrieve_full_tracker(sender))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["one", "two", "three"]
    latest.update(UserUttered("four"))
    run(store.save(latest))
    assert client.llen(f"kefu:tracker:events:{sender}") == len(events) + 1
    assert json.loads(client.lindex(f"kefu:tracker:events:{sender}", -1))["text"] == "four"


# The same lists in the Rasa server's memory (no Redis): the same behaviour through the
# same code (SessionLists), read back through the store's own lists.


@pytest.fixture
def memory_store():
    return SessionMemoryTrackerStore(domain=DOMAIN)


def test_in_memory_saving_appends_only_the_new_events_and_reads_the_latest_session(memory_store):
    store, sender = memory_store, "memory-1"
    assert run(store.retrieve(sender)) is None and not run(store.exists(sender))
    run(store.save(DialogueStateTracker.from_events(sender, session("one", "two"), slots=DOMAIN.slots)))
    tracker = run(store.retrieve(sender))
    for event in session("three"):
        tracker.update(event)
    tracker.update(SlotSet("language", "pt"))
    run(store.save(tracker))
    assert len(store._lists[sender]) == len(session("one", "two")) + len(session("three")) + 1
    latest = run(store.retrieve(sender))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["three"]
    assert latest.get_slot("language") == "pt"
    full = run(store.retrieve_full_tracker(sender))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["one", "two", "three"]
    run(store.save(latest))  # nothing new: nothing appended
    assert len(store._lists[sender]) == len(full.events)
    assert run(store.exists(sender)) and list(run(store.keys())) == [sender]


def test_in_memory_a_tracker_that_is_no_continuation_replaces_the_stored_one(memory_store):
    store, sender = memory_store, "memory-2"
    run(store.save(DialogueStateTracker.from_events(sender, session("one", "two"), slots=DOMAIN.slots)))
    run(store.save(DialogueStateTracker.from_events(sender, session("other")[:4], slots=DOMAIN.slots)))
    full = run(store.retrieve_full_tracker(sender))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["other"]


def test_in_memory_a_read_costs_the_current_session_not_the_history(memory_store):
    store, sender = memory_store, "memory-3"
    tracker = DialogueStateTracker.from_events(
        sender, session(*[f"m{i}" for i in range(30)]), slots=DOMAIN.slots
    )
    run(store.save(tracker))
    for batch in range(5):
        tracker = run(store.retrieve(sender))
        for event in session(f"s{batch}-a", f"s{batch}-b"):
            tracker.update(event)
        run(store.save(tracker))
    latest = run(store.retrieve(sender))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["s4-a", "s4-b"]
    assert len(latest.events) == len(session("a", "b"))


def _hand_over_scenario(store, sender):
    """What the processor's read gets after the channel handed it the tracker it read."""

    async def scenario():
        await store.save(DialogueStateTracker.from_events(sender, session("one"), slots=DOMAIN.slots))
        found = {}
        read = await store.retrieve(sender)
        hand_to_next_read(read)
        found["handed"] = (read, await store.retrieve(sender))
        found["once"] = (read, await store.retrieve(sender))  # handed once only
        hand_to_next_read(read)
        found["other"] = await store.retrieve(f"{sender}-other")  # another conversation's read
        found["after_other"] = (read, await store.retrieve(sender))
        # Another writer (a replica) appended to the conversation after the channel's read.
        read = await store.retrieve(sender)
        hand_to_next_read(read)
        writer = await store.retrieve_full_tracker(sender)
        writer.update(UserUttered("two"))
        await store.save(writer)
        found["written"] = (read, await store.retrieve(sender))
        # The handed tracker was changed after it was read.
        read = await store.retrieve(sender)
        hand_to_next_read(read)
        read.update(UserUttered("not saved"))
        found["changed"] = (read, await store.retrieve(sender))
        return found

    found = run(scenario())
    read, got = found["handed"]
    assert got is read
    read, got = found["once"]
    assert got is not read and got.events == read.events
    assert found["other"] is None
    read, got = found["after_other"]
    assert got is not read
    read, got = found["written"]
    assert got is not read and got.latest_message.text == "two"
    read, got = found["changed"]
    assert got is not read and got.latest_message.text == "two"


def test_a_channels_read_is_handed_to_the_processor_while_still_stored(store, sender):
    _hand_over_scenario(store, sender)


def test_in_memory_a_channels_read_is_handed_to_the_processor_while_still_stored(memory_store):
    _hand_over_scenario(memory_store, "memory-hand")


def test_a_new_session_carries_the_order_and_language_but_not_an_unanswered_question():
    """ "Shall I cancel order A?" left unanswered must not turn the next session's "I want to
    cancel my order" into a yes for A: Rasa's session start drops the pending question."""
    install_session_rules()
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    assert domain.session_config.carry_over_slots
    asked = [
        SlotSet("language", "th"),
        SlotSet("order_id", "1000000001"),
        SlotSet("awaiting_confirmation", "cancel_order"),
    ]
    tracker = DialogueStateTracker.from_events("s", session("hi") + asked, slots=domain.slots)
    started = asyncio.run(ActionSessionStart().run(None, None, tracker, domain))
    assert isinstance(started[0], SessionStarted)
    assert {e.key: e.value for e in started if isinstance(e, SlotSet)} == {
        "language": "th",
        "order_id": "1000000001",
    }
