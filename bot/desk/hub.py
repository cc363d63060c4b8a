"""The conversation hub: every buyer message and every agent action goes through here.

The Hub is the shared context (journal, queue, Rasa, delivery, clock) plus one
service per job, and hands each call to the service that does it:
  - intake: a buyer message, journaled first, to the CSAT answer, the agents or the bot;
  - agents: what an agent does to a conversation (claim, reply, transfer, hand back, resolve, reopen...);
  - outbox: replies journaled then delivered, live updates to agents, tracker sync;
  - busy_notes: a buyer whose message waits long for the bot is told how long replies take;
  - upkeep: the background loops (SLA sweep, Redis watch, catch-up of trackers and deliveries,
    proactive notices); auto_assign hands waiting chats to online agents when the seller wants it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, List

from bot.desk.agent_commands import AgentCommands
from bot.desk.auto_assign import assign_waiting
from bot.desk.busy_notes import BusyNotes
from bot.desk.context import DeskContext
from bot.desk.intake import Intake, Reception
from bot.desk.maintenance import RASA_SYNC_SECONDS, Maintenance, run_forever
from bot.desk.outbox import Outbox
from bot.desk.records import AgentView, ConversationView, Inbound, MessageView, NoteView


@dataclass
class Hub(DeskContext):
    def __post_init__(self) -> None:
        # The services read the context through this object, so a clock or Redis
        # state set on the Hub later (app start, tests) is the one they all see.
        self.outbox = Outbox(self)
        self.intake = Intake(self, self.outbox)
        self.agents = AgentCommands(self, self.outbox)
        self.upkeep = Maintenance(self, self.outbox, self.intake)
        self.busy_notes = BusyNotes(self, self.outbox, self.busy_note_seconds)

    # -- buyers ----------------------------------------------------------------

    async def receive(self, inbound: Inbound) -> Reception:
        return await self.busy_notes.around(inbound, self.intake.receive(inbound))

    # -- agents ----------------------------------------------------------------

    async def claim(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        return await self.agents.claim(agent, conversation)

    async def reply(self, agent: AgentView, conversation: ConversationView, text: object) -> MessageView:
        return await self.agents.reply(agent, conversation, text)

    async def handback(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        return await self.agents.handback(agent, conversation)

    async def resolve(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        return await self.agents.resolve(agent, conversation)

    async def reopen(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        return await self.agents.reopen(agent, conversation)

    async def transfer(
        self, agent: AgentView, conversation: ConversationView, note: str, **to
    ) -> ConversationView:
        return await self.agents.transfer(agent, conversation, note, **to)

    async def set_tags(self, agent: AgentView, conversation: ConversationView, tags: List[str]):
        return await self.agents.set_tags(agent, conversation, tags)

    async def add_note(self, agent: AgentView, conversation: ConversationView, text: str) -> NoteView:
        return await self.agents.add_note(agent, conversation, text)

    async def change_note(
        self, agent: AgentView, conversation: ConversationView, note_id: int, text: str | None
    ) -> NoteView | None:
        return await self.agents.change_note(agent, conversation, note_id, text)

    async def orders(self, conversation: ConversationView) -> list:
        return await self.agents.orders(conversation)

    async def order_discussed(self, conversation: ConversationView) -> Any:
        return await self.agents.order_discussed(conversation)

    # -- background work -------------------------------------------------------

    async def sweep_once(self) -> int:
        return await self.upkeep.sweep_once()

    async def assign_waiting_once(self) -> int:
        return await assign_waiting(self, self.agents.claim)

    async def close_idle_once(self) -> int:
        return await self.upkeep.close_idle_once()

    async def watch_redis(self) -> bool:
        return await self.upkeep.watch_redis()

    async def sync_pending(self, min_age: float = RASA_SYNC_SECONDS) -> None:
        await self.upkeep.sync_pending(min_age)

    async def redeliver_pending(self) -> None:
        await self.upkeep.redeliver_pending()

    async def answer_unhandled(self) -> int:
        return await self.upkeep.answer_unhandled()

    async def send_notices(self) -> int:
        return await self.upkeep.send_notices()

    @staticmethod
    async def run_forever(
        every: float, step: Callable, name: str, first_after: float = 0.0, wait: Callable | None = None
    ) -> None:
        await run_forever(every, step, name, first_after, wait)
