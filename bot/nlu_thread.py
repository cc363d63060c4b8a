"""Rasa reads a buyer's message on a worker thread, not on its event loop.

Rasa 3.6 runs the NLU pipeline synchronously inside the event loop's coroutine. For Kefu
that is mostly the sentence embedding (bot.nlu.sentence_embeddings): 10-40 ms of C code
on about half the messages, during which the server could do nothing else, not even
predict the next action of another conversation. Here the pipeline runs on one worker
thread: the embedding engine releases the GIL, so the loop goes on with other
conversations on the machine's other core while a message is being read.

One worker, so messages are read one at a time as before (the tokenizers and the
embedding engine were never used from two threads at once), and the OpenMP thread count
the embedding engine runs with is set in that thread, where it applies.

Rasa's own `parse_message` still does everything around the pipeline (logging, unseen
features); it finds the pipeline's result ready through a context variable.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, Dict, Optional, Tuple

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

# (the message, what the pipeline made of it) for the coroutine reading that message.
_ready: ContextVar[Optional[Tuple[UserMessage, Dict[str, Any]]]] = ContextVar("kefu_parsed", default=None)
_worker: ThreadPoolExecutor | None = None


def _limit_openmp() -> None:
    """OpenMP's thread count is a per-thread setting: one thread for the embedding engine,
    as bot.nlu.sentence_embeddings sets it where it loads the model."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="openmp")


def worker() -> ThreadPoolExecutor:
    global _worker
    if _worker is None:
        _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kefu-nlu", initializer=_limit_openmp)
    return _worker


def install() -> None:
    """Run Rasa's NLU pipeline on the worker thread (once per process; idempotent)."""
    if getattr(MessageProcessor, "_kefu_nlu_thread", False):
        return
    parse_with_graph = MessageProcessor._parse_message_with_graph
    parse_message = MessageProcessor.parse_message

    def _parse_message_with_graph(
        self: MessageProcessor,
        message: UserMessage,
        tracker: DialogueStateTracker,
        only_output_properties: bool = True,
    ) -> Dict[str, Any]:
        ready = _ready.get()
        if ready is not None and ready[0] is message:
            return ready[1]
        return parse_with_graph(self, message, tracker, only_output_properties)

    async def _parse_message(
        self: MessageProcessor,
        message: UserMessage,
        tracker: Optional[DialogueStateTracker] = None,
        only_output_properties: bool = True,
    ) -> Dict[str, Any]:
        if self.http_interpreter:
            return await parse_message(self, message, tracker, only_output_properties)
        empty = DialogueStateTracker.from_events(message.sender_id, []) if tracker is None else None
        parsed = await asyncio.get_running_loop().run_in_executor(
            worker(), parse_with_graph, self, message, tracker or empty, only_output_properties
        )
        token = _ready.set((message, parsed))
        try:
            return await parse_message(self, message, tracker, only_output_properties)
        finally:
            _ready.reset(token)

    MessageProcessor._parse_message_with_graph = _parse_message_with_graph
    MessageProcessor.parse_message = _parse_message
    MessageProcessor._kefu_nlu_thread = True
