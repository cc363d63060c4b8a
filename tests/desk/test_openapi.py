"""The OpenAPI document describes exactly the routes the desk serves."""

import re

from bot.desk.api import api_routes
from bot.desk.api.openapi import openapi_document
from tests.desk.conftest import add_agent

CONSOLE = "/console"  # the console's static pages (Helper B's) are not part of the JSON API


def openapi_path(path: str) -> str:
    return re.sub(r"<([^:>]+)(:[^>]+)?>", r"{\1}", path)


def test_every_route_is_documented_and_nothing_else(desk, journal):
    served = {
        (method.lower(), openapi_path(path))
        for method, path, _ in api_routes(desk.server.app)
        if not path.startswith(CONSOLE)
    }
    add_agent(journal, "doc", "trainer")
    document = desk.api("GET", "/api/openapi.json", desk.login("doc")).json()
    documented = {(method, path) for path, item in document["paths"].items() for method in item}
    assert served == documented


def test_the_document_is_openapi_3_and_its_references_resolve(desk):
    document = openapi_document(desk.server.app)
    assert document["openapi"].startswith("3.0")
    schemas = document["components"]["schemas"]
    text = str(document)
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in schemas, name
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation["responses"], (method, path)
            assert operation.get("summary"), (method, path)
    # Everything under /api but login needs the agent's token.
    for path, item in document["paths"].items():
        for operation in item.values():
            public = operation.get("security") == []
            private = path.startswith(("/api", "/channels", "/chat/messages")) and path != "/api/login"
            assert public == (not private), path
