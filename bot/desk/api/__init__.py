"""The desk's HTTP routes, one module per audience: agents (the JSON API under /api, and
agent_history: my chats, search, transfers; reply_templates: templates and quick replies;
quick_reply_files: the quick replies as CSV;
order_lookup: any buyer's order by its number, for agents; notes: internal notes),
live (the console's event stream), buyers (webhook, health), chat (the web chat),
chatwoot (the Chatwoot agent bot), pushes (marketplaces' push wake-ups), team (who is online and their
load), seller, desk_settings and promos (the seller's auto-replies, hours and targets, promo
campaigns), agent_accounts (supervisors manage the team's accounts; everyone their
own password), trainer
(the trainer's inbox), models (retrain, model history, examples as CSV), openapi (the
document of them all); caching keeps answers out of caches; errors turns every layer's
typed errors into HTTP answers."""

from __future__ import annotations

from typing import List

from sanic import Sanic

from bot.desk.api.agent_accounts import accounts
from bot.desk.api.agent_history import history
from bot.desk.api.agents import api
from bot.desk.api.buyers import buyers
from bot.desk.api.caching import keep_out_of_caches
from bot.desk.api.chat import chat
from bot.desk.api.chatwoot import chatwoot
from bot.desk.api.desk_settings import desk_settings
from bot.desk.api.errors import (
    close_connections_left_with_a_body,
    read_bodies_routes_ignore,
    refuse_nul_in_urls,
    register_error_handlers,
)
from bot.desk.api.live import live
from bot.desk.api.models import models
from bot.desk.api.notes import notes
from bot.desk.api.openapi import docs
from bot.desk.api.order_lookup import order_lookup
from bot.desk.api.promos import promos
from bot.desk.api.pushes import pushes
from bot.desk.api.quick_reply_files import quick_reply_files
from bot.desk.api.reply_templates import reply_templates
from bot.desk.api.seller import seller
from bot.desk.api.supervisor import supervisor
from bot.desk.api.team import team
from bot.desk.api.trainer import trainer


def register_routes(app: Sanic) -> None:
    agents = (
        api,
        notes,
        reply_templates,
        quick_reply_files,
        order_lookup,
        history,
        live,
        docs,
        trainer,
        models,
        supervisor,
        team,
        seller,
        desk_settings,
        promos,
        accounts,
    )
    for blueprint in (*agents, buyers, chat, chatwoot, pushes):
        app.blueprint(blueprint)
    refuse_nul_in_urls(app)
    read_bodies_routes_ignore(app)
    close_connections_left_with_a_body(app)
    keep_out_of_caches(app)
    register_error_handlers(app)


def api_routes(app: Sanic) -> List[tuple]:
    """(method, path, auth) of every route, for the OpenAPI test and the auth test."""
    found = []
    for route in app.router.routes:
        handler = route.handler
        path = "/" + route.path.lstrip("/")
        for method in sorted(route.methods):
            if method in ("HEAD", "OPTIONS"):
                continue
            found.append((method, path, getattr(handler, "kefu_auth", None)))
    return found
