"""The action server (rasa_sdk, package `actions`) with the NLG endpoint beside it.

One process serves both: actions and templates change together, and buyers'
replies then need no extra network hop.
"""

from __future__ import annotations

from rasa_sdk.endpoint import create_app

from bot.nlg.server import nlg_blueprint
from bot.settings import Settings


def serve(settings: Settings) -> None:
    app = create_app("actions", cors_origins=[])
    app.blueprint(nlg_blueprint(settings.responses_dir))
    app.run(settings.actions_host, settings.actions_port, workers=1, access_log=False)
