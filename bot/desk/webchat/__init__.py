"""The buyers' web chat page (GET /chat): plain HTML, CSS and JavaScript served as files,
talking to POST /chat/session and POST/GET /chat/messages.

Unlike the console it may be framed, but only by whom the seller names
(KEFU_CHAT_FRAME_ANCESTORS, default the desk itself): their shop's pages.
"""

from pathlib import Path
from typing import Dict

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


def page_headers(frame_ancestors: str) -> Dict[str, str]:
    """The page's headers; frame-ancestors from the settings (X-Frame-Options for old browsers
    when only the desk itself may frame it, as that header cannot name other sites)."""
    headers = dict(HEADERS)
    headers["Content-Security-Policy"] += f"; frame-ancestors {frame_ancestors}"
    if frame_ancestors in ("'self'", "'none'"):
        headers["X-Frame-Options"] = "SAMEORIGIN" if frame_ancestors == "'self'" else "DENY"
    return headers
