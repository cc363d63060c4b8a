"""Agent accounts: who may log in to the desk, with which role (`kefu agents` adds, lists,
disables and removes them). A disabled agent cannot log in, and their sessions stop at
once: every request re-reads the account. Logging out, a new password and disabling void
every session token issued until then (sessions_ended_at), for good."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any, Callable, List, Tuple

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.auth import after_last_end
from bot.desk.models import SCHEMA, Agent, Conversation, DeskEvent, Message, Note
from bot.desk.records import ROLES, AgentView
from bot.desk.rows import agent_view, maybe


class AgentExists(ValueError):
    """An agent with this username is already registered."""


class AgentHasHistory(ValueError):
    """The agent answered, noted or held conversations: the journal keeps them, so disable instead."""


# Where the journal names an agent; an account named there is kept for the record.
_AGENT_COLUMNS = (Conversation.agent_id, Message.agent_id, Note.agent_id, DeskEvent.agent_id)


def _end_sessions(agent: Agent, now: float | None) -> None:
    """Void the agent's session tokens issued until now (auth.after_last_end)."""
    through = after_last_end(time.time() if now is None else now, agent.sessions_ended_at)
    agent.sessions_ended_at = datetime.fromtimestamp(through, timezone.utc)


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

    def set_password(self, username: str, password_hash: str, now: float | None = None) -> bool:
        """A new password; every session signed in before ends (a stolen one too)."""

        def change(agent: Agent) -> None:
            agent.password_hash = password_hash
            _end_sessions(agent, now)

        return self._change_agent(Agent.username == username, change)

    def end_sessions(self, agent_id: int, now: float | None = None) -> bool:
        """Logging out: every session token of the agent issued until now is void."""
        return self._change_agent(Agent.id == agent_id, lambda agent: _end_sessions(agent, now))

    def _change_agent(self, which: Any, change: Callable[[Agent], None]) -> bool:
        """`change` the agent `which` picks, locked for it; False when there is no such agent."""

        def work(s: Session) -> bool:
            agent = s.execute(select(Agent).where(which).with_for_update()).scalar()
            if agent is not None:
                change(agent)
            return agent is not None

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

    def set_active(self, username: str, active: bool, now: float | None = None) -> bool:
        """Enable or disable an account; False when there is no such agent. Disabling ends its
        sessions for good: enabling it again brings none back."""

        def change(agent: Agent) -> None:
            agent.active = active
            if not active:
                _end_sessions(agent, now)

        return self._change_agent(Agent.username == username, change)

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
