"""Pages the desk serves from files next to its code (the agents' console, the buyers'
web chat): each page and its named assets only, never a path the request chose."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from sanic import response
from sanic.exceptions import NotFound

HTML = "text/html; charset=utf-8"
ASSET_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


def page_handler(path: Path, headers: Mapping[str, str], route_name: str):
    """A route handler serving one HTML file (named, since Sanic names routes after handlers)."""

    async def serve(request):
        return await response.file(path, headers=dict(headers), mime_type=HTML)

    serve.__name__ = route_name
    return serve


def asset_handler(directory: Path, names: Iterable[str], headers: Mapping[str, str], route_name: str):
    """A route handler serving `<name:str>` when it is one of `names` in `directory`."""
    allowed = {asset: ASSET_TYPES[Path(asset).suffix] for asset in names}

    async def serve(request, name: str):
        if name not in allowed:
            raise NotFound(f"no asset {name}")
        return await response.file(directory / name, headers=dict(headers), mime_type=allowed[name])

    serve.__name__ = route_name
    return serve
