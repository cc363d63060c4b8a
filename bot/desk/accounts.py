"""Agent accounts: who may log in to the desk, with which role (`kefu agents` adds, lists,
disables and removes them). A disabled agent cannot log in, and their sessions stop at
once: every request re-reads the account."""

from __future__ import annotations

from datetime import datetime
from typing import List, Tuple

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.models import SCHEMA, Agent, Conversation, DeskEvent, Message, Note
from bot.desk.records import ROLES, AgentView
from bot.desk.rows import agent_view, maybe


class AgentExists(ValueError):
    """An agent with this username is already registered."""


class AgentHasHistory(ValueError):
    """The agent answered, noted or held conversations: the journal keeps them, so disable instead."""


# Where the journal names an agent; an account named there is kept for the record.
_AGENT_COLUMNS = (Conversation.agent_id, Message.agent_id, Note.agent_id, DeskEvent.agent_id)


class AgentAccounts(SqlStore):
    schema = SCHEMA

    def add_agent(
        self,
        username: str,
        password_hash: str,
        role: str,
        display_name: str = "",
        language: str = "en",
        now: datetime | None = None,
    ) -> AgentView:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")

        def work(s: Session) -> AgentView:
            if s.execute(select(Agent.id).where(Agent.username == username)).first():
                raise AgentExists(f"an agent called {username!r} already exists")
            agent = Agent(
                username=username,
                password_hash=password_hash,
                role=role,
                display_name=display_name or username,
                language=language,
                active=True,
                created_at=stamp(now),
            )
            s.add(agent)
            s.flush()
            return agent_view(agent)

        try:
            return self._write(work)
        except IntegrityError as exc:  # a concurrent add of the same username won
            raise AgentExists(f"an agent called {username!r} already exists") from exc

    def set_password(self, username: str, password_hash: str) -> bool:
        def work(s: Session) -> bool:
            result = s.execute(
                update(Agent).where(Agent.username == username).values(password_hash=password_hash)
            )
            return result.rowcount == 1

        return self._write(work)

    def agent_credentials(self, username: str) -> Tuple[AgentView, str] | None:
        """The agent and their password hash, for logging in."""

        def work(s: Session):
            agent = s.execute(select(Agent).where(Agent.username == username)).scalar()
            return (agent_view(agent), agent.password_hash) if agent else None

        return self._read(work)

    def agent(self, agent_id: int) -> AgentView | None:
        return self._read(lambda s: maybe(agent_view, s.get(Agent, agent_id)))

    def agents(self) -> List[AgentView]:
        return self._read(
            lambda s: [agent_view(a) for a in s.execute(select(Agent).order_by(Agent.username)).scalars()]
        )

    def set_active(self, username: str, active: bool) -> bool:
        """Enable or disable an account; False when there is no such agent."""

        def work(s: Session) -> bool:
            result = s.execute(update(Agent).where(Agent.username == username).values(active=active))
            return result.rowcount == 1

        return self._write(work)

    def remove_agent(self, username: str) -> bool:
        """Delete an account that never worked a conversation; False when there is no such agent."""

        def work(s: Session) -> bool:
            agent_id = s.execute(select(Agent.id).where(Agent.username == username)).scalar()
            if agent_id is None:
                return False
            for column in _AGENT_COLUMNS:
                if s.execute(select(exists().where(column == agent_id))).scalar():
                    raise AgentHasHistory(
                        f"{username} is in the journal ({column.table.name}); disable the account instead"
                    )
            s.execute(delete(Agent).where(Agent.id == agent_id))
            return True

        return self._write(work)
