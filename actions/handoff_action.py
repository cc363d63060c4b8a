"""action_handoff: the buyer asked for a person or complained; a person takes the chat (unless
they asked whether the bot is one, or about a duty notice just explained)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.bot_question import I_AM_A_BOT, asks_if_bot
from actions.complaint import hand_off_complaint
from actions.contact_words import CONTACT_HERE, asks_contact_number, asks_phone_change
from actions.conversation import text_of
from actions.customs import duty_follow_up
from actions.follow_up import answer_about_the_order
from actions.handoff import hand_off_as_asked
from actions.order_answer import ActionOrderAnswer
from actions.receiver_words import asks_if_someone_else_receives


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        duty = duty_follow_up(dispatcher, tracker)
        if duty is not None:  # "isso é golpe?" right after the customs answer asks about the notice
            return duty
        text = text_of(tracker)
        if asks_if_bot(text):
            dispatcher.utter_message(response=I_AM_A_BOT)  # with a button for a person
            return []
        if asks_phone_change(text):
            # "muon doi sdt nguoi nhan trong don …" read as a request for a person: the order's
            # new phone number is the order answer's (actions/address_change.py).
            return await answer_about_the_order(dispatcher, tracker, "track_order")
        if asks_if_someone_else_receives(text):
            # "nho hang xom nhan ho dc ko shop" (can my neighbour take it?) went to a person.
            return await ActionOrderAnswer().run(dispatcher, tracker, domain)
        if asks_contact_number(text):
            dispatcher.utter_message(response=CONTACT_HERE)  # "minta no WA tokonya": we answer here
            return []
        if (tracker.latest_message.get("intent") or {}).get("name") == "complaint":
            # What the order shows first, when the complaint names its trouble (actions/complaint.py).
            return await hand_off_complaint(dispatcher, tracker)
        return hand_off_as_asked(dispatcher, tracker)
