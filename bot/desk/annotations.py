"""What agents add to a conversation beside their replies: its colour tags (the seller's
convention, bot/seller/tags.py) and internal notes the buyer never sees, which their author
(or a supervisor) may correct or delete."""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from sqlalchemy.orm import Session

from bot.db.types import stamp
from bot.desk.errors import NotAllowed
from bot.desk.lifecycle import ConversationLifecycle
from bot.desk.models import Agent, Conversation, Note
from bot.desk.records import ConversationStatus as Status
from bot.desk.records import Missing, NoteView
from bot.desk.rows import event, note_view
from bot.seller.tags import TAG_COLOURS
from bot.text_input import InvalidMessage

MAX_NOTE_CHARS = 5000


class ConversationAnnotations(ConversationLifecycle):
    """A tag is a change of the conversation's like any other (guarded, with its event)."""

    def set_tags(self, conversation_id: str, tags: Sequence[str], agent_id: int | None = None):
        unknown = [t for t in tags if t not in TAG_COLOURS]
        if unknown:
            allowed = ", ".join(TAG_COLOURS)
            raise InvalidMessage(f"tags must be among {allowed}; got {', '.join(map(str, unknown))}")
        ordered = [colour for colour in TAG_COLOURS if colour in set(tags)]
        now = stamp(None)

        def change(s: Session, c: Conversation) -> None:
            c.tags, c.updated_at = ordered, now
            s.add(event(c.id, "tagged", now, agent_id=agent_id, data={"tags": ordered}))

        return self._transition(conversation_id, tuple(Status), change)

    def add_note(
        self, conversation_id: str, agent_id: int, text: str, now: datetime | None = None
    ) -> NoteView:
        text = _note_text(text)
        now = stamp(now)

        def work(s: Session) -> NoteView:
            if s.get(Conversation, conversation_id) is None:
                raise Missing(f"no conversation {conversation_id}")
            agent = s.get(Agent, agent_id)
            note = Note(conversation_id=conversation_id, agent_id=agent_id, text=text, created_at=now)
            s.add(note)
            s.flush()
            return note_view(note, agent.username if agent else "?")

        return self._write(work)

    def change_note(
        self,
        conversation_id: str,
        note_id: int,
        agent_id: int,
        any_authors: bool,
        text: str | None,
        now: datetime | None = None,
    ) -> NoteView | None:
        """The note with new `text`, or deleted (text None: answers None). Only its author may,
        or anyone when `any_authors` (a supervisor); the change is an event, without the words."""
        text = None if text is None else _note_text(text)
        now = stamp(now)

        def work(s: Session) -> NoteView | None:
            note = s.get(Note, note_id, with_for_update=True)
            if note is None or note.conversation_id != conversation_id:
                raise Missing(f"no note {note_id} on conversation {conversation_id}")
            if note.agent_id != agent_id and not any_authors:
                raise NotAllowed("only the note's author (or a supervisor) can change it")
            kind = "note_deleted" if text is None else "note_changed"
            s.add(event(conversation_id, kind, now, agent_id=agent_id, data={"note_id": note_id}))
            if text is None:
                s.delete(note)
                return None
            note.text = text
            author = s.get(Agent, note.agent_id)
            s.flush()
            return note_view(note, author.username if author else "?")

        return self._write(work)


def _note_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidMessage("a note needs some text")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidMessage(f"a note is at most {MAX_NOTE_CHARS} characters", status=413)
    return text
