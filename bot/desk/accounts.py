"""Agent accounts: who may log in to the desk, with which role (`kefu agents` adds, lists,
disables and removes them; so do supervisors in the console, bot/desk/api/agent_accounts.py).
A disabled agent cannot log in, and their sessions stop at once: every request re-reads the
account. Logging out, a new password and disabling void every session token issued until
then (sessions_ended_at), for good. Every change but a logout is recorded with who made it
(bot/desk/account_log.py); the console's changes also keep one active supervisor."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Tuple

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.store import SqlStore
from bot.db.types import stamp
from bot.desk.account_log import COMMAND_LINE, AccountChangeView, latest_changes, log_change
from bot.desk.auth import after_last_end
from bot.desk.models import SCHEMA, Agent, Conversation, DeskEvent, Message, Note
from bot.desk.records import ROLES, AgentView
from bot.desk.rows import agent_view, maybe


class AgentExists(ValueError):
    """An agent with this username is already registered."""


class AgentHasHistory(ValueError):
    """The agent answered, noted or held conversations: the journal keeps them, so disable instead."""


class LastSupervisor(ValueError):
    """The change would leave the desk without an active supervisor (no one to manage the team)."""


# A name to sign in with and to address the account by in a URL (/api/agents/<username>).
USERNAME = re.compile(r"[^\s/\\?#%]{1,64}")


def check_username(username: str) -> None:
    """ValueError unless `username` is 1-64 printable characters without spaces, / \\ ? # %, and
    not "." or ".." (a browser reads those in a URL as this folder or the one above)."""
    if not USERNAME.fullmatch(username) or not username.isprintable() or username in (".", ".."):
        raise ValueError(
            "a username is 1 to 64 characters with no spaces, control characters or / \\ ? # %, "
            f"and not . or ..; got {username[:80]!r}"
        )


# What a change to an account gives to record beside its action ({}: nothing more), or
# None: nothing to record (it changed nothing).
Detail = Dict[str, Any] | None


# Where the journal names an agent; an account named there is kept for the record.
_AGENT_COLUMNS = (Conversation.agent_id, Message.agent_id, Note.agent_id, DeskEvent.agent_id)


def _end_sessions(agent: Agent, now: float | None) -> None:
    """Void the agent's session tokens issued until now (auth.after_last_end)."""
    through = after_last_end(time.time() if now is None else now, agent.sessions_ended_at)
    agent.sessions_ended_at = datetime.fromtimestamp(through, timezone.utc)


def _moment(now: float | None) -> datetime | None:
    return None if now is None else datetime.fromtimestamp(now, timezone.utc)


def _lock_supervisors(s: Session) -> List[Agent]:
    """The active supervisors, locked (in one order): two changes that each would leave the
    other the last one take turns, so the second sees the first's."""
    found = select(Agent).where(Agent.role == "supervisor", Agent.active.is_(True))
    return list(s.execute(found.order_by(Agent.id).with_for_update()).scalars())


def _keep_a_supervisor(supervisors: List[Agent], username: str, removed: int | None = None) -> None:
    """`supervisors` as they were (now changed in place): one of them must still be one."""
    left = [a for a in supervisors if a.role == "supervisor" and a.active and a.id != removed]
    if supervisors and not left:
        raise LastSupervisor(
            f"{username} is the desk's last active supervisor; make another agent a supervisor first"
        )


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
        by: str = COMMAND_LINE,
    ) -> AgentView:
        check_username(username)
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
            # No token issued before the account existed is its session: on SQLite a removed
            # agent's id is given again to the next account, and their token named that id.
            _end_sessions(agent, None)
            s.add(agent)
            s.flush()
            log_change(s, username, "added", by, now, {"role": role})
            return agent_view(agent)

        try:
            return self._write(work)
        except IntegrityError as exc:  # a concurrent add of the same username won
            raise AgentExists(f"an agent called {username!r} already exists") from exc

    def set_password(
        self,
        username: str,
        password_hash: str,
        now: float | None = None,
        by: str = COMMAND_LINE,
        action: str = "password",
    ) -> bool:
        """A new password; every session signed in before ends (a stolen one too). `action`:
        "own_password" when the agent changed their own."""

        def change(agent: Agent) -> Detail:
            agent.password_hash = password_hash
            _end_sessions(agent, now)
            return {}

        return self._change_agent(Agent.username == username, change, by, action, now) is not None

    def update_agent(
        self,
        username: str,
        by: str,
        role: str | None = None,
        display_name: str | None = None,
        language: str | None = None,
        keep_a_supervisor: bool = True,
    ) -> AgentView | None:
        """Change what is given of the role, display name and language; None: no such agent.
        The change counts at once: every request re-reads the account."""
        if role is not None and role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")

        def change(agent: Agent) -> Detail:
            detail = {}
            for name, value in (("role", role), ("display_name", display_name), ("language", language)):
                if value is not None and getattr(agent, name) != value:
                    detail[name] = [getattr(agent, name), value]
                    setattr(agent, name, value)
            return detail or None

        return self._change_agent(
            Agent.username == username, change, by, "changed", keep_a_supervisor=keep_a_supervisor
        )

    def end_sessions(self, agent_id: int, now: float | None = None) -> bool:
        """Logging out: every session token of the agent issued until now is void."""

        def change(agent: Agent) -> Detail:
            _end_sessions(agent, now)
            return None

        return self._change_agent(Agent.id == agent_id, change) is not None

    def _change_agent(
        self,
        which: Any,
        change: Callable[[Agent], Detail],
        by: str | None = None,
        action: str = "",
        now: float | None = None,
        keep_a_supervisor: bool = False,
    ) -> AgentView | None:
        """`change` the agent `which` picks, locked for it, and record what it says changed;
        the agent as changed, or None when there is no such agent."""

        def work(s: Session) -> AgentView | None:
            supervisors = _lock_supervisors(s) if keep_a_supervisor else []
            agent = s.execute(select(Agent).where(which).with_for_update()).scalar()
            if agent is None:
                return None
            detail = change(agent)
            if keep_a_supervisor:
                _keep_a_supervisor(supervisors, agent.username)
            if by is not None and detail is not None:
                log_change(s, agent.username, action, by, _moment(now), detail)
            return agent_view(agent)

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

    def account_changes(self, limit: int = 50) -> List[AccountChangeView]:
        """The latest changes to agent accounts, newest first."""
        return self._read(lambda s: latest_changes(s, limit))

    def set_active(
        self,
        username: str,
        active: bool,
        now: float | None = None,
        by: str = COMMAND_LINE,
        keep_a_supervisor: bool = False,
    ) -> bool:
        """Enable or disable an account; False when there is no such agent. Disabling ends its
        sessions for good: enabling it again brings none back."""

        def change(agent: Agent) -> Detail:
            was = bool(agent.active)
            agent.active = active
            if not active:
                _end_sessions(agent, now)
            return {} if was != active else None

        action = "enabled" if active else "disabled"
        found = self._change_agent(Agent.username == username, change, by, action, now, keep_a_supervisor)
        return found is not None

    def remove_agent(self, username: str, by: str = COMMAND_LINE, keep_a_supervisor: bool = False) -> bool:
        """Delete an account that never worked a conversation; False when there is no such agent."""

        def work(s: Session) -> bool:
            supervisors = _lock_supervisors(s) if keep_a_supervisor else []
            agent_id = s.execute(select(Agent.id).where(Agent.username == username)).scalar()
            if agent_id is None:
                return False
            for column in _AGENT_COLUMNS:
                if s.execute(select(exists().where(column == agent_id))).scalar():
                    raise AgentHasHistory(
                        f"{username} is in the journal ({column.table.name}); disable the account instead"
                    )
            if keep_a_supervisor:
                _keep_a_supervisor(supervisors, username, removed=agent_id)
            s.execute(delete(Agent).where(Agent.id == agent_id))
            log_change(s, username, "removed", by, None)
            return True

        return self._write(work)
