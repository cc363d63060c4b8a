"""The journal: every buyer message kept first, one row per channel message, one open
conversation per buyer, guarded state changes, ratings, and the desk's own schema version."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, text

from bot.db.engine import make_engine
from bot.desk.accounts import AgentExists
from bot.desk.auth import hash_password, verify_password
from bot.desk.journal import Journal
from bot.desk.models import CURRENT_VERSION, DeskSchemaError, ensure_desk_schema
from bot.desk.records import Author, Breach, BuyerReading, ConversationStatus, Inbound, NluResult, Outgoing
from bot.text_input import InvalidMessage
from tests.commerce.conftest import PgSchemas, _postgres_or_skip
from tests.desk.conftest import add_agent

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def pg_schemas():
    schemas = PgSchemas(_postgres_or_skip())
    yield schemas
    schemas.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def journal(request, database_url):
    """A fresh journal on SQLite and on PostgreSQL (skipped without a server, as in tests/commerce)."""
    if request.param == "sqlite":
        found = Journal.from_url(database_url)
    else:
        engine = request.getfixturevalue("pg_schemas").engine()
        ensure_desk_schema(engine)
        found = Journal(engine)
    yield found
    found.engine.dispose()


def inbound(text="hello", buyer="b-1", message_id=None, channel="webhook", **extra) -> Inbound:
    return Inbound(
        channel=channel,
        marketplace="lazada",
        buyer_id=buyer,
        text=text,
        channel_message_id=message_id,
        **extra,
    )


def test_schema_is_versioned_and_idempotent(database_url):
    engine = make_engine(database_url)
    assert ensure_desk_schema(engine) == CURRENT_VERSION
    assert ensure_desk_schema(engine) == CURRENT_VERSION
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert {
            "desk_conversations",
            "desk_messages",
            "desk_agents",
            "desk_notes",
            "desk_csat_answers",
        } <= tables
        assert conn.execute(text("SELECT count(*) FROM desk_schema_version")).scalar() == 1
    engine.dispose()


def test_refuses_a_newer_or_unknown_schema(database_url):
    engine = make_engine(database_url)
    ensure_desk_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO desk_schema_version VALUES (99, '2030-01-01 00:00:00')"))
    with pytest.raises(DeskSchemaError, match="newer"):
        ensure_desk_schema(engine)
    engine.dispose()


def test_every_message_is_journaled_with_its_conversation(journal):
    first = journal.record_inbound(inbound("hello", message_id="m1"), now=NOW)
    second = journal.record_inbound(inbound("where is my parcel", message_id="m2"), now=NOW)
    assert first.kind == second.kind == "message"
    assert first.conversation.id == second.conversation.id
    assert first.conversation.sender_id == "lazada:b-1" and first.conversation.status == "bot"
    assert [m.text for m in journal.messages(first.conversation.id)] == ["hello", "where is my parcel"]


def test_each_message_comes_with_when_its_buyer_last_wrote(journal):
    first = journal.record_inbound(inbound("hello", message_id="m1"), now=NOW)
    journal.record_outbound(first.conversation.id, [Outgoing("hi!", "bot")], reply_to=first.message.id)
    later = NOW + timedelta(hours=30)
    second = journal.record_inbound(inbound("still there?", message_id="m2"), now=later)
    other = journal.record_inbound(inbound("hello", buyer="b-2", message_id="m3"), now=later)
    assert first.previous_inbound_at is None
    assert second.previous_inbound_at == NOW  # the buyer's own message, not the bot's reply
    assert other.previous_inbound_at is None  # another buyer's messages do not count


def test_the_same_channel_message_is_one_row_and_returns_the_first_replies(journal):
    first = journal.record_inbound(inbound("hello", message_id="m1"), now=NOW)
    journal.record_outbound(first.conversation.id, [Outgoing("hi!", "bot")], reply_to=first.message.id)
    again = journal.record_inbound(inbound("hello", message_id="m1"), now=NOW)
    assert again.kind == "duplicate"
    assert again.message.id == first.message.id
    assert [r.text for r in again.replies] == ["hi!"]
    assert len(journal.messages(first.conversation.id)) == 2


def test_an_unanswered_message_sent_again_later_is_taken_up_again_once(journal):
    first = journal.record_inbound(inbound("where is it", message_id="m9"), now=NOW)
    # Its handling may still be under way: a copy soon after is only a duplicate.
    soon = journal.record_inbound(inbound("where is it", message_id="m9"), now=NOW + timedelta(seconds=30))
    assert (soon.kind, soon.replies) == ("duplicate", ())
    later = NOW + timedelta(minutes=3)
    with ThreadPoolExecutor(4) as pool:  # copies at once, as from two desks: one takes it up
        kinds = list(
            pool.map(
                lambda _: journal.record_inbound(inbound("where is it", message_id="m9"), now=later).kind,
                range(4),
            )
        )
    assert sorted(kinds) == ["duplicate", "duplicate", "duplicate", "resume"]
    again = journal.record_inbound(inbound("where is it", message_id="m9"), now=later + timedelta(minutes=5))
    assert again.kind == "duplicate" and again.message.id == first.message.id
    assert len(journal.messages(first.conversation.id)) == 1


def test_an_answered_message_or_one_in_a_persons_chat_is_not_taken_up_again(journal):
    answered = journal.record_inbound(inbound("hi", message_id="a1"), now=NOW)
    journal.record_outbound(
        answered.conversation.id, [Outgoing("hi!", "bot")], reply_to=answered.message.id, settles=True
    )
    later = NOW + timedelta(minutes=3)
    assert journal.record_inbound(inbound("hi", message_id="a1"), now=later).kind == "duplicate"
    # A welcome note is no answer: its message is still taken up again.
    welcomed = journal.record_inbound(inbound("hi", buyer="b-5", message_id="w1"), now=NOW)
    journal.record_outbound(welcomed.conversation.id, [Outgoing("Welcome!", "system")], welcomed.message.id)
    assert journal.record_inbound(inbound("hi", buyer="b-5", message_id="w1"), now=later).kind == "resume"
    held = journal.record_inbound(inbound("a person please", buyer="b-7", message_id="h1"), now=NOW)
    journal.mark_queued(held.conversation.id, 1, "human_handoff", later, True, NOW)
    assert (
        journal.record_inbound(inbound("a person please", buyer="b-7", message_id="h1"), now=later).kind
        == "duplicate"
    )


def test_the_sweep_finds_each_buyers_last_unhandled_message_in_the_bots_chats_once(journal):
    def handled(recorded):
        journal.record_outbound(
            recorded.conversation.id, [Outgoing("ok", "bot")], recorded.message.id, now=NOW, settles=True
        )

    lost = journal.record_inbound(inbound("where is my parcel", buyer="b-1"), now=NOW)
    handled(journal.record_inbound(inbound("hello", buyer="b-2"), now=NOW))
    # Welcomed only: the answer never came.
    welcomed = journal.record_inbound(inbound("refund please", buyer="b-3"), now=NOW)
    journal.record_outbound(welcomed.conversation.id, [Outgoing("Welcome!", "system")], welcomed.message.id)
    # A later message of the same buyer was answered: the earlier one is not taken up.
    journal.record_inbound(inbound("are you there", buyer="b-4"), now=NOW)
    handled(journal.record_inbound(inbound("hello?", buyer="b-4"), now=NOW))
    # A person's chat: the agents have the message, the bot stays silent.
    held = journal.record_inbound(inbound("a person please", buyer="b-6"), now=NOW)
    journal.mark_queued(held.conversation.id, 1, "human_handoff", NOW, True, NOW)
    # Handled without a reply (Rasa said nothing): done too.
    quiet = journal.record_inbound(inbound("/restart", buyer="b-7"), now=NOW)
    journal.update_nlu(quiet.message.id, NluResult(), None, NOW)
    later = NOW + timedelta(minutes=3)
    found = journal.unhandled_messages(NOW - timedelta(hours=1), later)
    assert [m.id for m in found] == [lost.message.id, welcomed.message.id]
    # Too recent (its desk may still be at it), or older than the window: not found.
    assert journal.unhandled_messages(NOW - timedelta(hours=1), NOW) == []
    assert journal.unhandled_messages(NOW + timedelta(seconds=1), later) == []
    # Two desks sweeping at once: each message is taken up by one.
    with ThreadPoolExecutor(4) as pool:
        claims = list(pool.map(lambda _: journal.claim_unhandled(lost.message.id, later), range(4)))
    assert sorted(claims) == [False, False, False, True]
    left = journal.unhandled_messages(NOW - timedelta(hours=1), later)
    assert [m.id for m in left] == [welcomed.message.id]


def test_a_version_8_journal_gets_the_agents_ended_sessions(database_url):
    engine = make_engine(database_url)
    ensure_desk_schema(engine)
    journal = Journal(engine)
    agent = journal.add_agent("ann", "scrypt$x", "tier1")
    with engine.begin() as conn:  # back to the shape version 8 had
        conn.execute(text("ALTER TABLE desk_agents DROP COLUMN sessions_ended_at"))
        conn.execute(text("UPDATE desk_schema_version SET version = 8"))
    assert ensure_desk_schema(engine) == CURRENT_VERSION == 12
    assert journal.agent(agent.id).sessions_ended_at is None  # the sessions it had still work
    assert journal.end_sessions(agent.id, now=1_900_000_000.5)
    assert journal.agent(agent.id).sessions_ended_at.timestamp() == 1_900_000_000
    engine.dispose()


def test_a_version_7_journal_counts_its_buyer_messages_as_handled(database_url):
    engine = make_engine(database_url)
    ensure_desk_schema(engine)
    journal = Journal(engine)
    journal.record_inbound(inbound("hello", buyer="b-old"), now=NOW)
    with engine.begin() as conn:  # back to the shape version 7 had
        conn.execute(text("DROP INDEX ix_desk_messages_unhandled"))
        conn.execute(text("ALTER TABLE desk_messages DROP COLUMN handled_at"))
        conn.execute(text("UPDATE desk_schema_version SET version = 7"))
    assert ensure_desk_schema(engine) == CURRENT_VERSION == 12
    # What a desk before version 8 journaled is not answered again by the sweep.
    assert journal.unhandled_messages(NOW - timedelta(hours=1), NOW + timedelta(hours=1)) == []
    with engine.connect() as conn:
        indexes = {i["name"] for i in inspect(conn).get_indexes("desk_messages")}
    assert "ix_desk_messages_unhandled" in indexes
    engine.dispose()


def test_replies_and_what_rasa_made_of_the_message_are_written_together(journal):
    first = journal.record_inbound(inbound("chegou quebrado", message_id="m1"), now=NOW)
    nlu = NluResult("pt", "nlu_fallback", 0.4, ({"name": "damaged_item", "confidence": 0.4},))
    reading = BuyerReading(first.message.id, nlu, "clarified")
    [reply] = journal.record_outbound(
        first.conversation.id,
        [Outgoing("Quis dizer...?", Author.BOT)],
        first.message.id,
        now=NOW,
        reading=reading,
    )
    assert reply.language == "pt"  # the conversation's language, as Rasa just read it
    buyer_message = journal.messages(first.conversation.id)[0]
    assert (buyer_message.language, buyer_message.intent) == ("pt", "nlu_fallback")
    assert journal.open_conversation(first.conversation.sender_id).language == "pt"
    with journal.engine.connect() as conn:
        row = conn.execute(
            text("SELECT nlu_confidence, nlu_outcome FROM desk_messages WHERE id = :id"),
            {"id": first.message.id},
        ).one()
    assert tuple(row) == (0.4, "clarified")


def test_a_reading_of_another_conversations_message_stays_with_that_conversation(journal):
    mine = journal.record_inbound(inbound("oi", buyer="b-1", message_id="m1"), now=NOW)
    theirs = journal.record_inbound(inbound("hola", buyer="b-2", message_id="m2"), now=NOW)
    reading = BuyerReading(theirs.message.id, NluResult("es", "greet", 0.9))
    [reply] = journal.record_outbound(
        mine.conversation.id, [Outgoing("Olá!", Author.BOT)], now=NOW, reading=reading
    )
    assert journal.messages(theirs.conversation.id)[0].intent == "greet"
    assert journal.open_conversation(theirs.conversation.sender_id).language == "es"
    assert journal.open_conversation(mine.conversation.sender_id).language is None
    assert reply.language is None


def test_a_later_message_moves_the_chat_to_its_channel_and_keeps_vip_and_language(journal):
    first = journal.record_inbound(inbound("hi", message_id="m1", channel="web", vip=True), now=NOW)
    later = journal.record_inbound(inbound("hello?", message_id="m2", language="en"), now=NOW)
    assert later.conversation.id == first.conversation.id
    assert (later.conversation.channel, later.conversation.vip, later.conversation.language) == (
        "webhook",
        True,
        "en",
    )
    again = journal.record_inbound(inbound("hola", message_id="m3", language="es"), now=NOW)
    assert again.conversation.language == "en"  # the chat's language is Rasa's to change


def test_a_note_about_the_wait_is_written_only_while_the_message_is_unanswered(journal):
    first = journal.record_inbound(inbound("hello", message_id="m1"), now=NOW)
    cid, mid = first.conversation.id, first.message.id
    note = [Outgoing("Replies take about 10 s", Author.SYSTEM)]
    assert len(journal.record_outbound(cid, note, mid, now=NOW, unless_answered=True)) == 1
    journal.record_outbound(cid, [Outgoing("Hi!", Author.BOT)], mid, now=NOW)
    assert journal.record_outbound(cid, note, mid, now=NOW, unless_answered=True) == []
    assert [m.author for m in journal.messages(cid)] == ["buyer", "system", "bot"]


def test_concurrent_copies_and_first_messages_do_not_duplicate(journal):
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(lambda _: journal.record_inbound(inbound("hi", message_id="same"), now=NOW), range(8))
        )
        firsts = list(
            pool.map(lambda i: journal.record_inbound(inbound(f"m{i}", buyer="b-2"), now=NOW), range(8))
        )
    assert sorted(r.kind for r in results).count("message") == 1
    assert len({r.conversation.id for r in firsts}) == 1  # one open conversation per buyer


def test_guarded_transitions(journal):
    agent = add_agent(journal, "amy", "tier1")
    conversation = journal.record_inbound(inbound(), now=NOW).conversation
    deadline = NOW + timedelta(minutes=5)
    queued = journal.mark_queued(conversation.id, 2, "damaged_item", deadline, True, now=NOW)
    assert (queued.status, queued.tier, queued.reason, queued.sla_deadline) == (
        "queued",
        2,
        "damaged_item",
        deadline,
    )
    assert journal.mark_queued(conversation.id, 1, "again", deadline, True, now=NOW) is None  # already queued
    assert journal.mark_assigned(conversation.id, agent.id, now=NOW).agent_username == "amy"
    assert journal.mark_assigned(conversation.id, agent.id, now=NOW) is None  # only from queued
    assert journal.mark_handback(conversation.id, agent.id, now=NOW).status == "bot"
    kinds = [e["kind"] for e in journal.events(conversation.id)]
    assert kinds == ["queued", "claimed", "handback"]


def test_statuses_and_authors_are_stored_as_before(journal):
    """The typed status and author columns keep the stored text older desks wrote and read."""
    agent = add_agent(journal, "ari", "tier1")
    conversation = journal.record_inbound(inbound(), now=NOW).conversation
    journal.mark_queued(conversation.id, 1, "human_handoff", NOW, True, now=NOW)
    journal.mark_assigned(conversation.id, agent.id, now=NOW)
    reply = Outgoing.from_agent(agent, "hello, Ari here")
    journal.record_outbound(conversation.id, [reply, Outgoing("noted", "system")], now=NOW)
    with journal.engine.connect() as conn:
        status = conn.execute(
            text("SELECT status FROM desk_conversations WHERE id = :id"), {"id": conversation.id}
        ).scalar()
        authors = conn.execute(text("SELECT author FROM desk_messages ORDER BY id")).scalars().all()
    assert status == "assigned" and type(status) is str
    assert authors == ["buyer", "agent:ari", "system"]
    by = [(m.by, m.agent_username) for m in journal.messages(conversation.id)]
    assert by == [(Author.BUYER, None), (Author.AGENT, "ari"), (Author.SYSTEM, None)]
    assert journal.conversation(conversation.id).status is ConversationStatus.ASSIGNED
    assert [e["kind"] for e in journal.events(conversation.id)][-1] == "first_agent_reply"


def test_breaches_move_the_tier_and_flag(journal):
    conversation = journal.record_inbound(inbound(), now=NOW).conversation
    journal.mark_queued(conversation.id, 1, "pre_sale", NOW, True, now=NOW)
    later = NOW + timedelta(minutes=5)
    [moved] = journal.mark_breached([Breach(conversation.id, 1, 2, later)], now=NOW)
    assert (moved.tier, moved.breached, moved.sla_deadline) == (2, True, later)
    [up] = journal.mark_breached([Breach(conversation.id, 2, 3, later)], now=NOW)
    [top] = journal.mark_breached([Breach(conversation.id, 3, 3, None)], now=NOW)
    assert (up.tier, top.sla_deadline) == (3, later)  # the top tier keeps its deadline


def test_a_breach_from_a_tier_the_chat_has_left_changes_nothing(journal):
    # The sweep moved it 1 -> 2 in Redis while a supervisor's transfer to tier 3 was written.
    conversation = journal.record_inbound(inbound(), now=NOW).conversation
    journal.mark_queued(conversation.id, 3, "complaint", NOW, True, now=NOW)
    assert journal.mark_breached([Breach(conversation.id, 1, 2, NOW)], now=NOW) == []
    after = journal.conversation(conversation.id)
    assert (after.tier, after.breached) == (3, False)


def test_rating_after_resolve_is_stored_else_a_new_conversation_opens(journal):
    agent = add_agent(journal, "sam", "supervisor")
    first = journal.record_inbound(inbound("help"), now=NOW).conversation
    journal.mark_resolved(first.id, agent.id, now=NOW)
    rated = journal.record_inbound(inbound("4"), rating=4, now=NOW + timedelta(minutes=1))
    assert rated.kind == "csat" and rated.conversation.id == first.id and rated.conversation.csat == 4
    # The question is answered once: the next message starts a new conversation.
    after = journal.record_inbound(inbound("5"), rating=5, now=NOW + timedelta(minutes=2))
    assert after.kind == "message" and after.conversation.id != first.id

    second = after.conversation
    journal.mark_resolved(second.id, agent.id, now=NOW)
    late = journal.record_inbound(inbound("3"), rating=3, now=NOW + timedelta(hours=25), csat_hours=24)
    assert late.kind == "message"  # too late to count as this chat's rating
    assert journal.conversation(second.id).csat is None


def test_agents_have_unique_names_and_scrypt_hashes(journal):
    hashed = hash_password("s3cret-pass")
    assert hashed.startswith("scrypt$") and "s3cret-pass" not in hashed
    assert verify_password("s3cret-pass", hashed) and not verify_password("wrong-pass", hashed)
    journal.add_agent("ana", hashed, "tier2")
    with pytest.raises(AgentExists):
        journal.add_agent("ana", hashed, "tier1")
    with pytest.raises(ValueError, match="role"):
        journal.add_agent("bob", hashed, "boss")
    with pytest.raises(ValueError, match="at least"):
        hash_password("short")
    view, stored = journal.agent_credentials("ana")
    assert view.role == "tier2" and verify_password("s3cret-pass", stored)


def test_tags_and_notes_are_checked(journal):
    agent = add_agent(journal, "tia", "tier1")
    conversation = journal.record_inbound(inbound(), now=NOW).conversation
    assert journal.set_tags(conversation.id, ["red", "yellow", "red"], agent.id).tags == ("yellow", "red")
    with pytest.raises(InvalidMessage, match="tags must be among"):
        journal.set_tags(conversation.id, ["pink"], agent.id)
    note = journal.add_note(conversation.id, agent.id, "  customer sent photos by email  ")
    assert note.text == "customer sent photos by email" and note.agent_username == "tia"
    with pytest.raises(InvalidMessage):
        journal.add_note(conversation.id, agent.id, "   ")


def test_from_url_uses_the_database_url(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    found = Journal.from_url()
    found.record_inbound(inbound(), now=NOW)
    assert (tmp_path / "env.db").exists()
    found.engine.dispose()


def test_a_sign_off_folds_only_into_its_own_buyers_chat_resolved_in_the_window(journal, monkeypatch):
    other = journal.record_inbound(inbound("hello", buyer="b-2", message_id="o1"), now=NOW)
    journal.mark_resolved(other.conversation.id, None, NOW)  # another buyer's resolved chat
    first = journal.record_inbound(inbound("where is my parcel", message_id="m1"), now=NOW)
    journal.mark_resolved(first.conversation.id, None, NOW - timedelta(hours=2))  # before the window
    thanks = journal.record_inbound(inbound("thanks!", message_id="m2"), now=NOW)
    since = NOW - timedelta(hours=1)
    written = []
    write = journal._write
    monkeypatch.setattr(journal, "_write", lambda *a, **k: written.append(a) or write(*a, **k))
    # Nothing to fold into: found out without a write transaction (the desk's every "thanks").
    assert journal.fold_into_resolved(thanks.conversation.id, since, NOW) is None
    assert written == []
    assert journal.fold_into_resolved(thanks.conversation.id, since - timedelta(hours=2), NOW).id == (
        first.conversation.id
    )
    assert [m.text for m in journal.messages(first.conversation.id)] == ["where is my parcel", "thanks!"]


def test_a_version_10_journal_gets_the_quick_replies_table(database_url):
    engine = make_engine(database_url)
    ensure_desk_schema(engine)
    with engine.begin() as conn:  # back to the shape version 10 had
        conn.execute(text("DROP TABLE desk_quick_replies"))
        conn.execute(text("UPDATE desk_schema_version SET version = 10"))
    assert ensure_desk_schema(engine) == CURRENT_VERSION == 12
    journal = Journal(engine)
    saved = journal.save_quick_reply(None, "en", "Thanks", "Thank you for waiting!", "sue", NOW)
    assert [reply.title for reply in journal.quick_replies("en")] == [saved.title] == ["Thanks"]
    engine.dispose()
