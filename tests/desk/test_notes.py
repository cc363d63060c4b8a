"""Internal notes corrected or deleted (PUT/DELETE /api/conversations/<id>/notes/<note_id>):
by their author or a supervisor only, the note found only on its own conversation, every
change an event without the note's words."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.desk.conftest import add_agent


@pytest.fixture
def notes_desk(make_desk, fake_rasa, journal):
    for username, role in (("ann", "tier1"), ("bob", "tier1"), ("sue", "supervisor")):
        add_agent(journal, username, role)
    return make_desk(fake_rasa.url)


def chat_with_a_note(desk, journal, buyer: str, token: str, words: str = "call back at 5") -> tuple:
    desk.chat(buyer, "I want a person")
    cid = journal.open_conversation(desk.sender(buyer)).id
    added = desk.api("POST", f"/api/conversations/{cid}/notes", token, json={"text": words})
    assert added.status_code == 201, added.text
    return cid, added.json()["note"]["id"]


def test_the_author_corrects_and_deletes_their_note(notes_desk, journal):
    ann = notes_desk.login("ann")
    cid, note_id = chat_with_a_note(notes_desk, journal, "v-1", ann)
    path = f"/api/conversations/{cid}/notes/{note_id}"
    changed = notes_desk.api("PUT", path, ann, json={"text": "  call back at 6  "})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["note"]["text"], changed.json()["note"]["agent"]) == ("call back at 6", "ann")
    detail = notes_desk.api("GET", f"/api/conversations/{cid}", ann).json()
    assert [n["text"] for n in detail["notes"]] == ["call back at 6"]
    assert notes_desk.api("DELETE", path, ann).status_code == 204
    assert notes_desk.api("GET", f"/api/conversations/{cid}", ann).json()["notes"] == []
    assert notes_desk.api("DELETE", path, ann).status_code == 404
    with journal.engine.connect() as conn:
        kinds = conn.execute(text("select kind, data from desk_events where kind like 'note%'")).all()
    assert [kind for kind, _ in kinds] == ["note_changed", "note_deleted"]
    assert all("call back" not in str(data) for _, data in kinds)  # the words stay out of the log


def test_a_colleague_may_not_change_a_note_but_a_supervisor_may(notes_desk, journal):
    ann, bob, sue = (notes_desk.login(name) for name in ("ann", "bob", "sue"))
    cid, note_id = chat_with_a_note(notes_desk, journal, "v-2", ann)
    path = f"/api/conversations/{cid}/notes/{note_id}"
    refused = notes_desk.api("PUT", path, bob, json={"text": "mine now"})
    assert refused.status_code == 403
    assert "author" in refused.json()["error"]
    assert notes_desk.api("DELETE", path, bob).status_code == 403
    assert notes_desk.api("PUT", path, sue, json={"text": "checked by sue"}).json()["note"]["agent"] == "ann"
    assert notes_desk.api("DELETE", path, sue).status_code == 204


def test_a_note_is_found_only_on_its_own_conversation_and_bad_text_is_refused(notes_desk, journal):
    ann = notes_desk.login("ann")
    cid, note_id = chat_with_a_note(notes_desk, journal, "v-3", ann)
    other, _ = chat_with_a_note(notes_desk, journal, "v-4", ann)
    assert (
        notes_desk.api(
            "PUT", f"/api/conversations/{other}/notes/{note_id}", ann, json={"text": "x"}
        ).status_code
        == 404
    )
    path = f"/api/conversations/{cid}/notes/{note_id}"
    for body, status in (({"text": ""}, 400), ({"text": "   "}, 400), ({"text": 5}, 400), ({}, 400)):
        assert notes_desk.api("PUT", path, ann, json=body).status_code == status, body
    assert notes_desk.api("PUT", path, ann, json={"text": "n" * 5001}).status_code == 413
    for bad in ("abc", "-1", "1e3", "9" * 30):
        assert notes_desk.api("DELETE", f"/api/conversations/{cid}/notes/{bad}", ann).status_code == 404
    assert [n["text"] for n in notes_desk.api("GET", f"/api/conversations/{cid}", ann).json()["notes"]] == [
        "call back at 5"
    ]
