"""Rasa's "is the domain empty?" answered once per domain, not rebuilt for every message.

Rasa 3.6's processor checks every parsed message against the domain and first asks
`Domain.is_empty()`, which builds a whole empty Domain and compares both as dicts: a
tenth of the Rasa server's main thread per message in a profile of long conversations.
A loaded domain does not change while the server uses it (a new model brings a new
Domain object), so the answer is kept on the object it was asked of.
"""

from __future__ import annotations

from rasa.shared.core.domain import Domain

_ANSWER = "_kefu_is_empty"
_original = Domain.is_empty


def is_empty(domain: Domain) -> bool:
    """Domain.is_empty, worked out once per Domain object."""
    answer = domain.__dict__.get(_ANSWER)
    if answer is None:
        answer = _original(domain)
        domain.__dict__[_ANSWER] = answer
    return answer


def install() -> None:
    """Make Domain.is_empty keep its answer (once per process; idempotent)."""
    if Domain.__dict__["is_empty"] is not is_empty:
        Domain.is_empty = is_empty
