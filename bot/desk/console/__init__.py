"""The agent console: static pages the desk serves; the browser does the rest
through the JSON API (GET /api/queues, /api/events, /api/conversations/...).

Plain HTML, CSS and JavaScript, no build step and nothing fetched from anywhere
but the desk itself, which the Content-Security-Policy below enforces.
"""

from __future__ import annotations

from pathlib import Path

from sanic import Blueprint, Sanic, response
from sanic.exceptions import NotFound

STATIC_DIR = Path(__file__).parent
PAGES = {"console": "index.html", "login": "login.html"}
ASSETS = {
    "app.js": "application/javascript; charset=utf-8",
    "login.js": "application/javascript; charset=utf-8",
    "common.js": "application/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # The pages change with the desk's code; never serve a stale console after an upgrade.
    "Cache-Control": "no-cache",
}


def _page(name: str):
    path = STATIC_DIR / PAGES[name]

    async def serve(request):
        return await response.file(path, headers=HEADERS, mime_type="text/html; charset=utf-8")

    serve.__name__ = f"console_{name}"
    return serve


async def console_asset(request, name: str):
    if name not in ASSETS:
        raise NotFound(f"no console asset {name}")
    return await response.file(STATIC_DIR / name, headers=HEADERS, mime_type=ASSETS[name])


def console_blueprint() -> Blueprint:
    bp = Blueprint("console")
    bp.add_route(_page("console"), "/console", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(_page("login"), "/console/login", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(console_asset, "/console/assets/<name:str>", methods=["GET", "HEAD"])
    return bp


def register_console(app: Sanic) -> None:
    """GET /console (queues and conversations), /console/login and the pages' assets."""
    app.blueprint(console_blueprint())
