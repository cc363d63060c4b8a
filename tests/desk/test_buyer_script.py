"""The desk's own Chinese in the script the buyer reads (real Redis and SQLite, Rasa faked
at the edge): a buyer writing Traditional characters got the seller's welcome, the wait
message and the agents' templates in Simplified, while the bot's replies were Traditional."""

from __future__ import annotations

import pytest

from bot.desk.templates import TemplateLibrary
from bot.nlg.chinese_script import script_of, to_traditional
from tests.desk.conftest import FakeRasa, Script, add_agent
from tests.desk.test_seller_rules import RULES

WELCOME = {"zh": "欢迎光临本店！有什么可以帮您？", "en": "Welcome!"}
LIBRARY = TemplateLibrary.from_dir()
SCRIPTS = [
    Script("人工", [{"text": "好的"}], intent="human_handoff", language="zh", handoff=(1, "human_handoff")),
    Script("包裹", [{"text": "包裹在路上"}], intent="track_order", language="zh"),
]


@pytest.fixture
def rasa():
    fake = FakeRasa(SCRIPTS).start()
    yield fake
    fake.stop()


def said(reply) -> list:
    return [(m["from"], m["text"]) for m in reply.json()["messages"]]


def test_a_buyer_writing_traditional_reads_the_desks_words_and_templates_in_traditional(
    make_desk, rasa, journal
):
    desk = make_desk(rasa.url)
    add_agent(journal, "sue", "supervisor")
    token = desk.login("sue")
    document = {"marketplaces": {"default": {"welcome": WELCOME, "keywords": RULES}}}
    assert desk.api("PUT", "/api/seller/auto-replies", token, json={"document": document}).status_code == 200

    first = said(desk.chat("tw", "請問我的包裹到哪裡了"))
    assert first == [("system", to_traditional(WELCOME["zh"])), ("bot", "包裹在路上")]
    asked = said(desk.chat("tw", "我要找人工客服"))
    wait = [text for author, text in asked if author == "system"]
    assert wait and all(script_of(text) == "traditional" for text in wait), asked
    cid = journal.open_conversation(desk.sender("tw")).id
    templates = desk.api("GET", f"/api/templates?conversation_id={cid}", token).json()["templates"]
    apology = next(t for t in templates if t["name"] == "agent_apology")
    assert apology["text"] == to_traditional(LIBRARY.text("agent_apology", "zh"))

    # A buyer writing Simplified reads Simplified, as before.
    assert said(desk.chat("cn", "请问我的包裹到哪里了"))[0] == ("system", WELCOME["zh"])
    said(desk.chat("cn", "我要找人工客服"))
    cid = journal.open_conversation(desk.sender("cn")).id
    templates = desk.api("GET", f"/api/templates?conversation_id={cid}", token).json()["templates"]
    apology = next(t for t in templates if t["name"] == "agent_apology")
    assert apology["text"] == LIBRARY.text("agent_apology", "zh")
