"""Rasa's reply generator, in-process (endpoints.yml `nlg: type: bot.nlg.generator.CatalogueGenerator`).

Each reply used to be an HTTP call to the NLG endpoint carrying the whole
tracker as JSON, so it cost more the longer the conversation. Here Rasa hands
the tracker object over and only what rendering reads (the slots, the latest
message's entities and the buyer's recent texts) is put into the request shape the endpoint reads, so both
render through bot/nlg/request.py.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import Any, Dict

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.nlg.catalogue import Catalogue, UnfitValue, UnknownResponse
from bot.nlg.request import RECENT_EVENTS, in_buyer_script, render_request
from bot.settings import Settings
from bot.shared_secret import WELCOME
from bot.text_input import InvalidMessage

logger = logging.getLogger(__name__)

# The bot's own greeting: the seller's welcome, when the desk sent one, is said in its place.
GREETING_RESPONSE = "utter_greet"


def render_body(
    utter_action: str, tracker: DialogueStateTracker, arguments: Dict[str, Any]
) -> Dict[str, Any]:
    """Rasa's NLG request body with only the parts rendering reads."""
    latest = tracker.latest_message
    # The buyer's recent messages (the script of a Chinese reply follows theirs): the last
    # RECENT_EVENTS events only, so a reply costs the same at a conversation's 200th message.
    recent = list(itertools.islice(reversed(tracker.events), RECENT_EVENTS))[::-1]
    return {
        "response": utter_action,
        "arguments": arguments,
        "tracker": {
            "slots": tracker.current_slot_values(),
            "latest_message": {"entities": list(latest.entities) if latest else []},
            "events": [user_event(e) for e in recent if isinstance(e, UserUttered)],
        },
    }


def user_event(event: UserUttered) -> Dict[str, Any]:
    """A buyer message as the NLG endpoint's body has it: its text, and the country of the
    buyer's latest order when the desk sent it (metadata "country", bot/desk/language_hints.py)."""
    country = (event.metadata or {}).get("country")
    return {"event": "user", "text": event.text, **({"metadata": {"country": country}} if country else {})}


def sellers_welcome(utter_action: str, tracker: DialogueStateTracker) -> str | None:
    """The seller's welcome the desk sent with this message (metadata WELCOME, kept only from
    the desk: bot/channels/identity.py), when the bot is about to greet the buyer."""
    if utter_action != GREETING_RESPONSE or tracker.latest_message is None:
        return None
    welcome = (tracker.latest_message.metadata or {}).get(WELCOME)
    return welcome if isinstance(welcome, str) and welcome.strip() else None


class CatalogueGenerator(NaturalLanguageGenerator):
    """Renders from data/responses/<lang>.yml (KEFU_RESPONSES_DIR), loaded once when Rasa starts."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        self.catalogue = Catalogue.from_dir(Path(Settings.from_env().responses_dir))
        logger.info("Loaded reply templates for %s", ", ".join(self.catalogue.languages))

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> Dict[str, Any] | None:
        # Rasa passes its own domain responses along; ours are the catalogue.
        kwargs.pop("domain_responses", None)
        try:
            body = render_body(utter_action, tracker, kwargs)
            welcome = sellers_welcome(utter_action, tracker)
            if welcome is not None:
                return in_buyer_script({"text": welcome, "buttons": [], "custom": {WELCOME: True}}, body)
            return render_request(self.catalogue, body)
        except UnknownResponse as exc:
            logger.error("No reply template %r in the catalogue", exc.args[0])
        except (InvalidMessage, UnfitValue) as exc:
            logger.error("Reply %r not rendered: %s", utter_action, exc)
        return None
