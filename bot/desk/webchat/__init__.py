"""The buyers' web chat page (GET /chat): plain HTML, CSS and JavaScript served as files,
talking to POST/GET /chat/messages.

Unlike the console it may be framed: a seller can embed it in their shop's pages.
"""

from pathlib import Path

STATIC_DIR = Path(__file__).parent
PAGE = STATIC_DIR / "chat.html"
ASSETS = ("chat.js", "chat.css")
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}
