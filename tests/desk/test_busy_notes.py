"""A busy hour tells the buyer the truth about waiting (bot/desk/busy_notes.py): a message
that waited longer than KEFU_DESK_BUSY_NOTE_SECONDS gets one note in the buyer's language,
journaled as the desk's own, once per conversation per busy period; the bot's answer still
comes. Through the desk, with a deliberately slow fake Rasa and the real Redis."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import redis

from bot.desk.busy_notes import BUSY_PERIOD_SECONDS, ROUND_TO, BusyNotes, ReplyLatencies, busy_key
from bot.desk.queue import QueueUnavailable
from tests.desk.conftest import REDIS_URL, FakeRasa, Script, logged_text
from tests.desk.test_busy_hour import SECRET, BusyRasa, webhook
from tests.desk.test_hub import text_of

AFTER = 0.6  # seconds a message may wait before the buyer is told
SLOW = 1.6  # the slow fake Rasa's answer time: well past AFTER


def authors_and_texts(journal, sender_id: str) -> list:
    conversation = journal.open_conversation(sender_id)
    return [(m.author, m.text) for m in journal.messages(conversation.id)]


def test_a_long_wait_gets_one_note_in_the_buyers_language_then_the_bots_answer(make_desk, journal):
    thai = "สวัสดีค่ะ สั่งของไปแล้วยังไม่ได้รับเลย"
    rasa = FakeRasa([Script("สวัสดี", [{"text": "สวัสดีค่ะ"}], language="th", delay=SLOW)]).start()
    try:
        desk = make_desk(rasa.url, desk_busy_note_seconds=AFTER, desk_rasa_timeout=10)
        answer = desk.chat("somchai", thai)
        desk.drain()
    finally:
        rasa.stop()
    assert answer.status_code == 200
    assert [r["text"] for r in answer.json()["messages"]] == ["สวัสดีค่ะ"]  # the bot's, in the HTTP answer
    conversation = journal.open_conversation(desk.sender("somchai"))
    assert conversation.status == "bot"  # kept for the bot, not held for a person
    messages = journal.messages(conversation.id)
    note = text_of("utter_desk_busy", "th", seconds=ROUND_TO)  # no earlier answers: about 5 s
    assert [(m.author, m.text) for m in messages] == [("buyer", thai), ("system", note), ("bot", "สวัสดีค่ะ")]
    assert messages[1].reply_to == messages[0].id and messages[1].language == "th"
    # The web chat shows it while the buyer waits: the poll returns the desk's note.
    polled = desk.poll("somchai").json()["messages"]
    assert [m["text"] for m in polled][:1] == [note] and polled[0]["from"] == "system"
    # The note is not part of Rasa's dialogue.
    assert [e["text"] for e in rasa.tracker(desk.sender("somchai")).events if e["event"] == "bot"] == [
        "สวัสดีค่ะ"
    ]


def test_one_note_per_busy_period_delivered_before_the_answer(make_desk, journal, outbound):
    rasa = FakeRasa(
        [
            Script("slow", [{"text": "Here is your answer."}], delay=SLOW),
            Script("quick", [{"text": "Quick answer."}]),
        ]
    ).start()
    note = text_of("utter_desk_busy", "en", seconds=ROUND_TO)
    try:
        desk = make_desk(
            rasa.url,
            webhook_secret=SECRET,
            outbound_url=outbound.url,
            desk_busy_note_seconds=AFTER,
            desk_rasa_timeout=10,
        )
        assert webhook(desk, "b1", "1", "slow question one").status_code == 200
        assert webhook(desk, "b1", "2", "slow question two").status_code == 200
        conversation_id = journal.open_conversation("lazada:b1").id
        assert redis.Redis.from_url(REDIS_URL).exists(busy_key(conversation_id))
        assert webhook(desk, "b1", "3", "quick one").status_code == 200  # answered in time: calm again
        assert not redis.Redis.from_url(REDIS_URL).exists(busy_key(conversation_id))
        assert webhook(desk, "b1", "4", "slow question three").status_code == 200
        desk.drain()
        desk.wait_until(lambda: len(outbound.received) == 6)
    finally:
        rasa.stop()
    assert [a for a, _ in authors_and_texts(journal, "lazada:b1")] == [
        *("buyer", "system", "bot"),
        *("buyer", "bot"),  # the same busy period: told once
        *("buyer", "bot"),
        *("buyer", "system", "bot"),  # a new busy period
    ]
    delivered = [(body["from"], body["text"]) for body, _, _ in outbound.received]
    assert delivered == [
        ("system", note),
        ("bot", "Here is your answer."),
        ("bot", "Here is your answer."),
        ("bot", "Quick answer."),
        ("system", note),
        ("bot", "Here is your answer."),
    ]


def test_a_chat_a_person_holds_is_not_told_the_bots_waiting_time(make_desk, journal):
    rasa = FakeRasa(
        [
            Script("scam", [{"text": "A colleague will help."}], handoff=(3, "complaint")),
            Script("still", [], delay=SLOW),
        ]
    ).start()
    try:
        desk = make_desk(rasa.url, desk_busy_note_seconds=AFTER, desk_rasa_timeout=10)
        desk.chat("mallory", "this is a scam")
        assert desk.chat("mallory", "still waiting").status_code == 200
        time.sleep(AFTER)
        desk.drain()
    finally:
        rasa.stop()
    texts = [t for a, t in authors_and_texts(journal, desk.sender("mallory")) if a == "system"]
    assert len(texts) == 1 and texts[0] == text_of("utter_desk_wait_minutes", "en", minutes=5)


def test_a_note_that_failed_is_logged_with_the_conversation_not_the_buyer(make_desk, journal, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    rasa = FakeRasa([Script("slow", [{"text": "Here is your answer."}], delay=SLOW)]).start()
    try:
        desk = make_desk(rasa.url, desk_busy_note_seconds=AFTER, desk_rasa_timeout=10)

        def broken(_waited: float) -> int:
            raise RuntimeError("no estimate")

        desk.hub.busy_notes.latencies.estimate = broken
        assert desk.chat("v-noted", "a slow question").status_code == 200
        desk.drain()
    finally:
        rasa.stop()
    conversation = journal.open_conversation(desk.sender("v-noted"))
    logged = logged_text(caplog.records)
    assert f"conversation {conversation.id}: the busy note was not sent" in logged
    assert desk.sender("v-noted").split(":", 1)[1] not in logged


def test_a_busy_hour_answers_everyone_by_the_bot_and_tells_only_those_who_waited(make_desk, journal):
    # One answer at a time, 0.3 s each, one turn at the desk: 8 buyers at once wait up to ~2.4 s.
    rasa = BusyRasa([Script("hello", [{"text": "Hi!"}], delay=0.3)]).start()
    try:
        desk = make_desk(
            rasa.url,
            webhook_secret=SECRET,
            desk_busy_note_seconds=AFTER,
            desk_rasa_timeout=10,
            desk_rasa_concurrency=1,
        )

        def buyer(n: int):
            started = time.monotonic()
            status = webhook(desk, f"b{n}", f"m{n}", "hello").status_code
            return status, time.monotonic() - started

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(buyer, range(8)))
        desk.drain()
    finally:
        rasa.stop()
    assert [status for status, _ in answers] == [200] * 8
    told = 0
    for n, (_, took) in enumerate(answers):
        conversation = journal.open_conversation(f"lazada:b{n}")
        assert conversation.status == "bot"
        authors = [m.author for m in journal.messages(conversation.id)]
        assert authors in (["buyer", "bot"], ["buyer", "system", "bot"]), (n, authors)  # answered once
        if took < AFTER:
            assert authors == ["buyer", "bot"], (n, took, authors)
        elif took > AFTER + 0.5:
            assert authors == ["buyer", "system", "bot"], (n, took, authors)
        told += authors.count("system")
    assert told >= 4  # answers came one at a time, 0.3 s each: the later half waited over 1 s


def test_the_estimate_is_the_recent_median_and_never_less_than_the_wait_so_far():
    now = [1000.0]
    latencies = ReplyLatencies(clock=lambda: now[0])
    assert latencies.estimate(waited=8.2) == 10  # nothing measured yet: what this one waited
    for seconds in (31.0, 29.0, 33.5, 2.0, 30.2):
        latencies.add(seconds)
    assert latencies.estimate(waited=8.0) == 35  # median 30.2, rounded up to 5 s
    assert latencies.estimate(waited=41.0) == 45  # waited longer than is usual: say so
    now[0] += 600  # ten minutes later those answers say nothing about now
    latencies.add(1.0)
    assert latencies.estimate(waited=8.0) == 10


def test_without_redis_a_chat_is_noted_once_per_busy_period_and_forgotten_after_it():
    class RedisDown:
        async def call(self, make):
            raise QueueUnavailable("Redis is down")

    now = [1000.0]
    notes = BusyNotes(SimpleNamespace(queue=RedisDown()), outbox=None, after=AFTER, clock=lambda: now[0])
    first = lambda cid: asyncio.run(notes._first_in_busy_period(cid))  # noqa: E731
    assert first("left") and not first("left")
    now[0] += BUSY_PERIOD_SECONDS + 1
    assert first("other")
    # The buyer who left is not kept for ever: noted again in a new busy period, and the only one kept.
    assert list(notes._noted) == ["other"] and first("left")
