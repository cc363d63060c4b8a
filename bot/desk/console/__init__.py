"""The agent console: static pages the desk serves; the browser does the rest
through the JSON API (GET /api/queues, /api/events, /api/conversations/...).

Plain HTML, CSS and JavaScript, no build step and nothing fetched from anywhere
but the desk itself, which the Content-Security-Policy below enforces. The one
third-party script, Chart.js for the dashboard, is shipped in vendor/ (version and
licence in docs/third-party.md) so the console works offline.
"""

from __future__ import annotations

from pathlib import Path

from sanic import Blueprint, Sanic

from bot.desk.static_files import asset_handler, page_handler

STATIC_DIR = Path(__file__).parent
PAGES = {
    "console": "index.html",
    "login": "login.html",
    "trainer": "trainer.html",
    "dashboard": "dashboard.html",
    "auto_replies": "auto-replies.html",
    "models": "models.html",
    "quick_replies": "quick-replies.html",
    "promos": "promos.html",
    "settings": "settings.html",
    "agents": "agents.html",
}
ASSETS = (
    "app.js",
    "agent_desk.js",
    "availability.js",
    "reopen.js",
    "order_lookup.js",
    "notes_edit.js",
    "login.js",
    "common.js",
    "style.css",
    "trainer.js",
    "dashboard.js",
    "dashboard_charts.js",
    "dashboard_team.js",
    "dashboard_csv.js",
    "dashboard.css",
    "auto-replies.js",
    "quick-replies.js",
    "quick_replies_csv.js",
    "promos.js",
    "settings.js",
    "agents.js",
    "models.js",
    "models_report.js",
    "models.css",
)
VENDOR_DIR = STATIC_DIR / "vendor"
VENDOR_ASSETS = ("chart.umd.js",)
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    # frame-ancestors' predecessor, for browsers that ignore that directive (clickjacking).
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Once an agent has opened the console over HTTPS (through the TLS terminator of
    # docs/deploy.md), the browser never tries plain http:// for it again, where a network
    # attacker could serve a fake login page. Browsers ignore the header over plain HTTP.
    "Strict-Transport-Security": "max-age=31536000",
    # The pages change with the desk's code; never serve a stale console after an upgrade.
    "Cache-Control": "no-cache",
}


def _page(name: str):
    return page_handler(STATIC_DIR / PAGES[name], HEADERS, f"console_{name}")


def console_blueprint() -> Blueprint:
    bp = Blueprint("console")
    bp.add_route(_page("console"), "/console", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(_page("login"), "/console/login", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(_page("trainer"), "/console/trainer", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(_page("dashboard"), "/console/dashboard", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(_page("models"), "/console/models", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(
        _page("auto_replies"), "/console/auto-replies", methods=["GET", "HEAD"], strict_slashes=False
    )
    bp.add_route(_page("promos"), "/console/promos", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(_page("settings"), "/console/settings", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(_page("agents"), "/console/agents", methods=["GET", "HEAD"], strict_slashes=False)
    bp.add_route(
        _page("quick_replies"), "/console/quick-replies", methods=["GET", "HEAD"], strict_slashes=False
    )
    bp.add_route(
        asset_handler(STATIC_DIR, ASSETS, HEADERS, "console_asset"),
        "/console/assets/<name:str>",
        methods=["GET", "HEAD"],
    )
    bp.add_route(
        asset_handler(VENDOR_DIR, VENDOR_ASSETS, HEADERS, "console_vendor_asset"),
        "/console/assets/vendor/<name:str>",
        methods=["GET", "HEAD"],
    )
    return bp


def register_console(app: Sanic) -> None:
    """GET /console (queues and conversations), /console/login, /console/trainer (the
    trainer's inbox), /console/models (retrain, report, history) and the pages' assets."""
    app.blueprint(console_blueprint())
