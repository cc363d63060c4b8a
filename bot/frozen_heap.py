"""What a server loaded at start kept out of Python's full garbage collections.

A loaded Rasa model (TensorFlow, the pipeline, the domain, the policies' lookup tables) is
millions of Python objects that live as long as the model. Python's cyclic collector walks
all of them in every full (generation 2) collection: 220-410 ms each in the Rasa server
here, a stall of every conversation it has in hand, about once in 400 messages.
`gc.freeze()` after the model is loaded moves what exists then out of the collector's
sight (reference counting still frees it), so a full collection walks only what was made
since (1.5-2 ms). A model replaced through the API (PUT /model) is frozen again after the
old one's objects were given back to the collector (one full collection of about half a
second then). The action server and the desk (30-100 ms a full collection here) freeze
what they loaded once they serve.
"""

from __future__ import annotations

import functools
import gc
from typing import Any, Callable


def freeze_what_lives() -> None:
    """Collect what is garbage already (it is not frozen along), then freeze the rest."""
    gc.collect()
    gc.freeze()


def freeze_after(load: Callable[..., Any]) -> Callable[..., Any]:
    """`load` (a coroutine function loading a model), then what it loaded frozen."""

    @functools.wraps(load)
    async def loaded_and_frozen(*args: Any, **kwargs: Any) -> Any:
        gc.unfreeze()  # a model loaded before: its objects can be collected once replaced
        # Loading makes objects faster than any collection frees them (three full ones
        # while the model loaded, a second in all): one collection once it is loaded
        # (bot.rasa_launcher turns collection off before Rasa is even imported).
        gc.disable()
        try:
            return await load(*args, **kwargs)
        finally:
            gc.enable()
            freeze_what_lives()

    loaded_and_frozen.kefu_frozen = True  # type: ignore[attr-defined]
    return loaded_and_frozen


def install() -> None:
    """Freeze the heap after Rasa loads a model at start and after each PUT /model."""
    import rasa.core.run
    import rasa.server

    for module, name in ((rasa.core.run, "load_agent_on_start"), (rasa.server, "_load_agent")):
        current = getattr(module, name)
        if not getattr(current, "kefu_frozen", False):
            setattr(module, name, freeze_after(current))


def freeze_loaded(app: Any) -> None:
    """Freeze what a Sanic server `app` loaded, once it serves (its first loop started)."""

    @app.after_server_start
    async def freeze(_app: Any, _loop: Any) -> None:
        freeze_what_lives()
