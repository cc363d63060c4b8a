"""The desk on PostgreSQL, where SQLite forgives what PostgreSQL refuses: a NUL character
in a text value (psycopg2 raises a plain ValueError, which SQLAlchemy does not wrap: a 500
before the fix). In a JSON body it becomes a space, in a URL it is a 400, a CSV file with
one is refused naming the line (other control characters in a cell become spaces). Skipped
without a PostgreSQL server, as the commerce tests are (tests/commerce/conftest.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.commerce.conftest import PG_URL, pg_schemas  # noqa: F401 - the PostgreSQL schemas, shared
from tests.desk.conftest import add_agent

NUL = "\u0000"


@pytest.fixture
def database_url(pg_schemas):  # noqa: F811 - replaces tests/desk/conftest.py's SQLite file
    pg_schemas.engine()  # a fresh schema, dropped at the end of the session
    return f"{PG_URL}?options=-csearch_path%3D{pg_schemas.names[-1]}"


def test_the_desk_really_runs_on_postgresql(desk):
    assert desk.journal.engine.dialect.name == "postgresql"


def test_a_nul_in_a_login_is_no_user_and_no_500(desk, journal):
    add_agent(journal, "ann", "tier1")
    refused = desk.api("POST", "/api/login", json={"username": f"ann{NUL}", "password": "x"})
    assert refused.status_code == 401, refused.text
    assert desk.login("ann")


def test_a_nul_in_a_url_is_a_400(desk, journal):
    add_agent(journal, "sue", "supervisor")
    token = desk.login("sue")
    for path in (
        "/api/history?q=%00",
        "/api/history?buyer=a%00b",
        "/api/templates?conversation_id=%00",
        "/api/conversations/%00",
        "/chat/messages?after=%00",
    ):
        reply = desk.api("GET", path, token)
        assert reply.status_code == 400, (path, reply.text)
        assert "NUL" in reply.json()["error"]
    assert desk.api("GET", "/api/history?q=parcel", token).status_code == 200


def test_a_nul_in_a_message_or_a_note_is_a_space_and_in_a_csv_file_a_400(desk, journal):
    answer = desk.chat("b-nul", f"where{NUL}is my parcel")
    assert answer.status_code == 200, answer.text
    session = desk.chat_session("b-nul")
    conversation = desk.journal.open_conversation(f"{session['marketplace']}:{session['buyer_id']}")
    cid = conversation.id
    stored = [m.text for m in desk.journal.messages(cid) if m.direction == "in"]
    assert stored == ["where is my parcel"]
    add_agent(journal, "sue", "supervisor")
    add_agent(journal, "tom", "trainer")
    token = desk.login("sue")
    note = desk.api("POST", f"/api/conversations/{cid}/notes", token, json={"text": f"call{NUL}back"})
    assert note.status_code in (200, 201), note.text
    assert "call back" in str(note.json())
    trainer = desk.login("tom")
    refused = upload(desk, trainer, f"language,text,intent\r\nen,parcel{NUL} late,track_order\r\n")
    assert refused.status_code == 400 and "line 2: line contains NUL" in refused.json()["error"]
    taken = upload(desk, trainer, "language,text,intent\r\nen,parcel\x01 late,track_order\r\n")
    assert taken.status_code == 200, taken.text
    exported = desk.api("GET", "/api/trainer/examples.csv", trainer).text
    assert "en,parcel  late,track_order" in exported


def upload(desk, token, body: str):
    headers = {"Content-Type": "text/csv"}
    return desk.api("POST", "/api/trainer/examples.csv", token, data=body.encode(), headers=headers)


def test_a_chat_goes_through_a_person_and_back_with_its_rows_locked(desk, journal):
    """Queued, claimed, answered, handed back, queued again, resolved, and a bot chat closed
    idle: every state change reads its conversation FOR UPDATE on PostgreSQL."""
    add_agent(journal, "ann", "tier1")
    ann = desk.login("ann")
    assert desk.chat("v-pg", "a person please").status_code == 200
    cid = desk.journal.open_conversation(desk.sender("v-pg")).id
    for step in ("claim", "handback"):
        assert desk.api("POST", f"/api/conversations/{cid}/{step}", ann).status_code == 200, step
    assert desk.journal.conversation(cid).status == "bot"
    assert desk.chat("v-pg", "a person please").status_code == 200
    assert desk.api("POST", f"/api/conversations/{cid}/claim", ann).status_code == 200
    reply = desk.api("POST", f"/api/conversations/{cid}/messages", ann, json={"text": "Hello, Ann here"})
    assert reply.status_code == 201, reply.text
    assert desk.api("POST", f"/api/conversations/{cid}/resolve", ann).status_code == 200
    assert desk.journal.conversation(cid).status == "resolved"
    assert desk.chat("v-pg-idle", "hello").status_code == 200
    idle = desk.journal.open_conversation(desk.sender("v-pg-idle")).id
    later = datetime.now(timezone.utc) + timedelta(hours=2)
    closed = desk.journal.close_idle(idle, later - timedelta(minutes=30), False, later)
    assert closed is not None and closed[0].status == "resolved"


def test_the_trainers_inbox_counts_and_undoes_a_label_on_postgresql(desk, journal, fake_rasa, tmp_path):
    from sqlalchemy import select

    from bot.desk.label_tables import NluLabelRemoval
    from tests.desk.conftest import Script

    add_agent(journal, "tom", "trainer")
    tom = desk.login("tom")
    sure = Script("blender lid", [{"text": "Sorry!"}], intent="damaged_item", language="en", confidence=0.95)
    unsure = Script(
        "blender lid", [{"text": "Did you mean?"}], intent="damaged_item", language="en", confidence=0.3
    )
    fake_rasa.scripts.insert(0, sure)
    for n in range(3):
        assert desk.chat(f"b{n}", f"My blender lid cracked, order {n}00001").status_code == 200
    fake_rasa.scripts[0] = unsure
    assert desk.chat("b9", "my blender lid cracked, order 900001").status_code == 200
    [group] = desk.api("GET", "/api/trainer/inbox?lang=en&days=7", tom).json()["groups"]
    assert (group["count"], group["written"]) == (1, 4)
    label = {"language": "en", "text": group["text"], "intent": "damaged_item"}
    assert desk.api("POST", "/api/trainer/label", tom, json=label).status_code == 201
    undo = {"language": "en", "text": group["text"]}
    reply = desk.api("POST", "/api/trainer/unlabel", tom, json=undo)
    assert reply.status_code == 200 and reply.json()["file"] == "en/reviewed.yml", reply.text
    with journal.engine.connect() as conn:
        assert conn.execute(select(NluLabelRemoval.removed_by)).scalars().all() == ["tom"]
    assert desk.api("GET", "/api/trainer/inbox?lang=en", tom).json()["groups"][0]["written"] == 4
