"""A tracker's dialogue states worked out once per event, not again for every prediction.

Rasa 3.6's policies see a conversation as a list of states, one per action so far
(`Domain.states_for_tracker_history`, via `tracker.past_states`). Each call replays every
event of the session into a fresh tracker and builds every state again, and one message
makes several such calls: the RulePolicy up to twice and the MemoizationPolicy once for
each action the bot predicts. In a profile of long conversations that was a quarter of
the Rasa server's main thread, and the reason a message's cost grew with its session.

Here the replay of each tracker object is kept between calls (per set of arguments), and
a call with more events only replays the new ones. The states are Rasa's own: the same
loop as Rasa's, run over the same events, in the same order; what a caller gets is a copy
(policies edit the states they are given), with the sub-dicts that Rasa's states share
shared in the copy too. A tracker whose events are not an extension of the kept ones (a
rewind, another session) starts over.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

_original = Domain.states_for_tracker_history
# id(tracker) -> (a weak reference to it, what is kept for it)
_replays: Dict[int, Tuple[weakref.ref, _Kept]] = {}


@dataclass
class _Replay:
    """Rasa's loop over a tracker's prior trackers, stopped after the last event it saw."""

    tracker: DialogueStateTracker
    events: List[Event] = field(default_factory=list)
    states: List[State] = field(default_factory=list)
    last_ml_action: Optional[Dict[str, Any]] = None
    turn_was_hidden: bool = False

    def continues(self, applied: List[Event]) -> bool:
        seen = self.events
        return len(applied) >= len(seen) and all(a is b for a, b in zip(applied, seen))

    def step(self, domain: Domain, arguments: _Arguments, hide_rule_turn: bool, commit: bool) -> None:
        """One turn of Rasa's loop in states_for_tracker_history, on the replay tracker as it
        is now. With commit=False (the final turn, which later events will follow) nothing
        is kept: the state is appended to `self.states` only for this call's answer."""
        tracker = self.tracker
        last_ml_action, turn_was_hidden = self.last_ml_action, self.turn_was_hidden
        if arguments.ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action = domain._get_prev_action_sub_state(tracker)
            if not tracker.followup_action and tracker.latest_action_name != tracker.active_loop_name:
                turn_was_hidden = hide_rule_turn
        if commit:
            self.last_ml_action, self.turn_was_hidden = last_ml_action, turn_was_hidden
        if arguments.ignore_rule_only_turns and turn_was_hidden:
            return
        state = domain.get_active_state(tracker, omit_unset_slots=arguments.omit_unset_slots)
        if arguments.ignore_rule_only_turns:
            domain._remove_rule_only_features(state, arguments.rule_only_data)
            if self.states:
                domain._substitute_rule_only_user_input(state, self.states[-1])
            if last_ml_action:
                state[PREVIOUS_ACTION] = last_ml_action
        self.states.append(domain._clean_state(state))

    def advance(self, domain: Domain, arguments: _Arguments, applied: List[Event]) -> None:
        for event in applied[len(self.events) :]:
            if isinstance(event, ActionExecuted):
                self.step(domain, arguments, event.hide_rule_turn, commit=True)
            self.tracker.update(event)
            self.events.append(event)

    def answer(self, domain: Domain, arguments: _Arguments) -> List[State]:
        kept = len(self.states)
        self.step(domain, arguments, False, commit=False)  # the tracker as it is now
        answer = _copied(self.states)
        del self.states[kept:]
        return answer


@dataclass(frozen=True)
class _Arguments:
    omit_unset_slots: bool
    ignore_rule_only_turns: bool
    rule_only_data: Optional[Dict[str, Any]]

    def key(self, domain: Domain) -> Tuple:
        rule_only = json.dumps(self.rule_only_data, sort_keys=True, default=str)
        return (id(domain), self.omit_unset_slots, self.ignore_rule_only_turns, rule_only)


def _copied(states: List[State]) -> List[State]:
    """Fresh dicts at both levels, shared where Rasa's states share a sub-dict (a rule-only
    turn takes the user input and previous action of another), as a caller may edit them."""
    copies: Dict[int, Dict[str, Any]] = {}
    answer = []
    for state in states:
        fresh = {}
        for kind, sub_state in state.items():
            copy = copies.get(id(sub_state))
            if copy is None:
                copy = copies[id(sub_state)] = dict(sub_state)
            fresh[kind] = copy
        answer.append(fresh)
    return answer


@dataclass
class _Kept:
    """One tracker's replays by arguments, and its applied events as of its last event."""

    replays: Dict[Tuple, _Replay] = field(default_factory=dict)
    applied: Optional[Tuple[int, Event, List[Event]]] = None

    def applied_events(self, tracker: DialogueStateTracker) -> List[Event]:
        """tracker.applied_events(), worked out again only when an event was added: the
        policies ask for it in every call, and it walks the whole session."""
        events = tracker.events
        if not events:
            return tracker.applied_events()
        if self.applied is None or self.applied[0] != len(events) or self.applied[1] is not events[-1]:
            self.applied = (len(events), events[-1], tracker.applied_events())
        return self.applied[2]


def _kept_for(tracker: DialogueStateTracker) -> _Kept:
    key = id(tracker)
    found = _replays.get(key)
    if found is not None and found[0]() is tracker:
        return found[1]
    kept = _Kept()
    _replays[key] = (weakref.ref(tracker), kept)
    weakref.finalize(tracker, _replays.pop, key, None)
    return kept


def states_for_tracker_history(
    domain: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: Optional[Dict[str, Any]] = None,
) -> List[State]:
    """Domain.states_for_tracker_history, replaying only the events not seen before."""
    arguments = _Arguments(omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    kept = _kept_for(tracker)
    replays = kept.replays
    key = arguments.key(domain)
    applied = kept.applied_events(tracker)
    replay = replays.get(key)
    if replay is None or not replay.continues(applied):
        replay = replays[key] = _Replay(tracker.init_copy())
    replay.advance(domain, arguments, applied)
    return replay.answer(domain, arguments)


def install() -> None:
    """Make Domain.states_for_tracker_history replay incrementally (idempotent)."""
    if Domain.__dict__["states_for_tracker_history"] is not states_for_tracker_history:
        Domain.states_for_tracker_history = states_for_tracker_history
