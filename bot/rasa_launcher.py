"""`rasa run` with its API token taken from the environment, not the command line.

Anyone on the machine can read a process's command line (/proc/<pid>/cmdline,
`ps`): bot/stack.py starts `python -m bot.rasa_launcher run ...` and the token is
added to Rasa's arguments inside this process, after the command line was fixed.
Rasa takes that token only in the URL's query, so its server writes no access log.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from typing import Any, List

TOKEN_VARIABLE = "KEFU_RASA_TOKEN"


def rasa_arguments(argv: List[str], token: str) -> List[str]:
    """sys.argv for Rasa's own main(): our arguments plus the token."""
    if any(arg == "--auth-token" or arg.startswith(("--auth-token=", "-t")) for arg in argv):
        raise SystemExit(f"pass the token in {TOKEN_VARIABLE}, not as --auth-token")
    # One argument with "=": a token that starts with "-" (as random ones may) is still
    # the option's value, not taken for another option.
    return ["rasa", *argv, f"--auth-token={token}"]


def no_access_log() -> None:
    """Rasa's app writes no access log, whatever LOG_LEVEL_LIBRARIES says. Rasa 3.6 reads
    its API token only from the query (`?token=`, rasa/server.py requires_auth; the other
    way in is a JWT, which Kefu does not use), and Sanic's access log writes each request's
    URL, query and all, at INFO: the token would be in the log."""
    import rasa.core.run

    configure = rasa.core.run.configure_app
    if getattr(configure, "_kefu_no_access_log", False):
        return

    @functools.wraps(configure)
    def configure_app(*args: Any, **kwargs: Any) -> Any:
        app = configure(*args, **kwargs)
        app.config.ACCESS_LOG = False  # app.run() keeps it: Rasa passes no access_log
        return app

    configure_app._kefu_no_access_log = True  # type: ignore[attr-defined]
    rasa.core.run.configure_app = configure_app


def leave_out_jax() -> None:
    """Rasa imports TensorFlow whatever the model, and TensorFlow imports jax when it is
    installed (a dependency of it) only for TFLite conversion, which Kefu never does:
    without it a Rasa server takes about 70 MB less memory. (None in sys.modules makes
    `import jax` fail, which TensorFlow expects and handles.)"""
    sys.modules.setdefault("jax", None)  # type: ignore[arg-type]


def main() -> None:
    if sys.argv[1:2] == ["run"]:
        # No garbage collection until the server has loaded its model (bot.frozen_heap
        # collects then, once): importing Rasa and TensorFlow ran seven full collections,
        # 0.7 s of the server's start.
        gc.disable()
    token = os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise SystemExit(f"{TOKEN_VARIABLE} is not set: the Rasa API is never started without a token")
    sys.argv = rasa_arguments(sys.argv[1:], token)
    leave_out_jax()
    from bot.sanic_accept import tolerate_bad_accept_headers

    tolerate_bad_accept_headers()
    from bot.long_sessions import install

    install()  # a long conversation's sessions stay bounded, and so does a message's cost
    from bot import schema_checks

    schema_checks.install()  # Rasa's JSON schemas checked once, not on every call
    from bot import nlu_thread

    nlu_thread.install()  # the NLU pipeline off the event loop: other chats go on meanwhile
    from bot import domain_checks, event_lookup, fast_union, graph_runner, kept_connections, prior_states

    fast_union.install()  # the intent n-grams' two vectorizers without joblib's set-up per message
    event_lookup.install()  # a stored event's class found once per name, not per event
    domain_checks.install()  # "is the domain empty?" once per domain, not per message
    prior_states.install()  # a tracker's dialogue states replayed once per event, not per call
    graph_runner.install()  # the model graph evaluated in order, without dask's scheduler
    from bot.rasa_stores import no_silent_fallback

    no_silent_fallback()  # a tracker store error fails the message, never an empty tracker
    kept_connections.install()  # one kept connection pool per endpoint, not one per call
    from bot import frozen_heap

    frozen_heap.install()  # the loaded model out of full garbage collections (400 ms stalls)
    no_access_log()  # the API token travels in the URL's query
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
