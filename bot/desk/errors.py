"""The desk's typed errors: raised where the rule is broken, turned into HTTP codes only by the API."""


class Conflict(RuntimeError):
    """The conversation is not in a state that allows this (HTTP 409)."""


class NotAllowed(PermissionError):
    """This agent may not do this to this conversation (HTTP 403)."""


class BotUnavailable(RuntimeError):
    """Rasa must be reached for this and could not be (HTTP 503)."""
