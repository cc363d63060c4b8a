"""A long conversation starts a new Rasa session now and then, as an expired one does.

Rasa starts a session only after `session_expiration_time` of silence, so a chatty buyer's
session, and with it what each message costs (the tracker read, the policies' pass over
its states), grows without end. Here a session that has reached MAX_SESSION_TURNS buyer
messages also counts as expired when the next message comes, unless the bot is in the
middle of something (a form, a question of its own, or a person holds the chat): Rasa then runs
action_session_start before reading the message, slots carried over (domain.yml), so the
buyer's order number, language and handoff state go on. The dialogue policies look back
a few turns only (config.yml max_history), so a session's earlier turns change no answer.

What a new session does not carry over: a question the bot was waiting to have answered
(PENDING_ANSWER_SLOTS). "Shall I cancel order A?" left unanswered yesterday must not make
today's "I want to cancel my order" (meant for another order) a yes that cancels A.
"""

from __future__ import annotations

from rasa.core.actions.action import ActionSessionStart
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue import PENDING_ANSWER_SLOTS

MAX_SESSION_TURNS = 20


def session_too_long(tracker: DialogueStateTracker, limit: int = MAX_SESSION_TURNS) -> bool:
    """The latest session holds `limit` buyer messages and nothing is under way."""
    if tracker.is_paused() or tracker.active_loop_name:
        return False
    if any(tracker.get_slot(name) not in (None, "") for name in PENDING_ANSWER_SLOTS):
        return False  # the bot asked a question; its answer belongs with it
    session = tracker.events_after_latest_restart()
    starts = [i for i, e in enumerate(session) if getattr(e, "action_name", None) == "action_session_start"]
    current = session[starts[-1] :] if starts else session
    return sum(1 for e in current if isinstance(e, UserUttered)) >= limit


def install() -> None:
    """Make Rasa's processor treat a too-long session as expired, and a new session start
    without a pending question (once per process)."""
    if getattr(MessageProcessor, "_kefu_long_sessions", False):
        return
    expired = MessageProcessor._has_session_expired

    def _has_session_expired(self: MessageProcessor, tracker: DialogueStateTracker) -> bool:
        return expired(self, tracker) or session_too_long(tracker)

    MessageProcessor._has_session_expired = _has_session_expired
    carried = ActionSessionStart._slot_set_events_from_tracker

    def _slots_carried_over(tracker: DialogueStateTracker) -> list:
        return [event for event in carried(tracker) if event.key not in PENDING_ANSWER_SLOTS]

    ActionSessionStart._slot_set_events_from_tracker = staticmethod(_slots_carried_over)
    MessageProcessor._kefu_long_sessions = True
