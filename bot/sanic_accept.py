"""Sanic 21.12 answers 500 ("An error occurred while handling an error") when a
request with a malformed Accept header (e.g. "1.2.3.4") ends in an error page:
its error renderer parses Accept and that parse raises again. Every server we run
(Rasa, the action server, the desk) reads Accept through this tolerant parser, so
a bad header is taken as "*/*" and the buyer gets the real 4xx."""

from __future__ import annotations

import sanic.request
from sanic.exceptions import InvalidHeader
from sanic.headers import AcceptContainer, parse_accept

_strict_parse = parse_accept


def tolerant_parse_accept(accept: str) -> AcceptContainer:
    try:
        return _strict_parse(accept)
    except InvalidHeader:
        return _strict_parse("*/*")


def tolerate_bad_accept_headers() -> None:
    """Idempotent; call before the server handles its first request."""
    sanic.request.parse_accept = tolerant_parse_accept
