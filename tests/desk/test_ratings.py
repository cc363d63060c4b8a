"""The buyer's answer to the rating question, as buyers write it: read as the rating (the
desk thanks them), not passed to the bot as a new question it cannot make out."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.desk.ratings import parse_rating
from tests.desk.conftest import FakeRasa, Script, add_agent
from tests.desk.test_hub import text_of
from tests.desk.test_seller_rules import authors


@pytest.mark.parametrize(
    "answer, rating",
    [
        ("five", 5),
        ("Four!", 4),
        ("пять", 5),
        ("五", 5),
        ("五星好评", 5),
        ("5分", 5),
        ("cinco", 5),
        ("três", 3),
        ("ห้า", 5),
        ("5 ดาวค่ะ", 5),
        ("năm", 5),
        ("lima", 5),
        ("5 stars, great service!", 5),
        ("4 estrellas, gracias", 4),
        ("5 звёзд, спасибо", 5),
        ("⭐⭐⭐⭐", 4),
    ],
)
def test_a_rating_in_words_or_stars_is_read(answer, rating):
    assert parse_rating(answer) == rating


@pytest.mark.parametrize(
    "answer",
    ["2 items are broken", "one more question", "5 minutes please", "5分钟后再说", "hai", "um", "fivefold"],
)
def test_a_number_in_a_question_is_no_rating(answer):
    assert parse_rating(answer) is None


@pytest.fixture
def rasa():
    scripts = [
        Script("hello", [{"text": "Hi! How can I help?"}], intent="greet"),
        Script("bye", [{"text": "Bye!"}], intent="goodbye"),
        Script("thanks", [{"text": "You are welcome!"}], intent="thank"),
    ]
    fake = FakeRasa(scripts).start()
    yield fake
    fake.stop()


def test_five_in_words_after_the_rating_question_is_the_rating(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    desk.chat("b1", "hello")
    assert authors(desk.chat("b1", "bye"))[-1] == ("system", text_of("utter_desk_csat_bot", "en"))
    assert authors(desk.chat("b1", "five stars, thank you!")) == [
        ("system", text_of("utter_desk_csat_thanks", "en"))
    ]
    with journal.engine.connect() as conn:
        assert conn.execute(text("select score from desk_csat_answers")).scalars().all() == [5]
    assert "five stars, thank you!" not in [r["message"] for r in rasa.received]


def test_a_buyer_who_let_the_rating_question_go_is_not_asked_again_at_once(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    desk.chat("b2", "hello")
    assert authors(desk.chat("b2", "bye")) == [
        ("bot", "Bye!"),
        ("system", text_of("utter_desk_csat_bot", "en")),
    ]
    assert authors(desk.chat("b2", "bye bye")) == [("bot", "Bye!")]  # the question above is unanswered
    assert journal.open_conversation(desk.sender("b2")) is None  # still closed as the bot's
    assert authors(desk.chat("b2", "4")) == [("bot", "bot heard: 4")]  # nothing asked: no rating now


def test_a_thanks_after_the_rating_question_leaves_it_open_for_the_rating(make_desk, rasa, journal):
    """The bot closed the chat and asked for a rating; the buyer wrote "thanks" (the bot
    answered it) and then "5", which went to the bot as a new question: the thanks had let
    the question go and the rating was lost."""
    desk = make_desk(rasa.url)
    desk.chat("b3", "hello")
    assert authors(desk.chat("b3", "bye"))[-1] == ("system", text_of("utter_desk_csat_bot", "en"))
    assert authors(desk.chat("b3", "thanks")) == [("bot", "You are welcome!")]
    assert authors(desk.chat("b3", "5")) == [("system", text_of("utter_desk_csat_thanks", "en"))]
    with journal.engine.connect() as conn:
        rows = conn.execute(text("select conversation_id, score from desk_csat_answers")).all()
    assert [score for _, score in rows] == [5]
    assert journal.conversation(rows[0][0]).to_json()["csat"] == 5
    assert "5" not in [r["message"] for r in rasa.received]


def test_a_thank_you_after_an_agent_resolved_stays_in_that_chat(make_desk, journal):
    """ "thanks!" after the agent resolved opened a new chat the bot settled: one more
    conversation, contained by the bot, in the KPIs, for a buyer who only signed off."""
    rasa = FakeRasa(
        [
            Script(
                "person", [{"text": "Passing you on."}], intent="human_handoff", handoff=(1, "human_handoff")
            ),
            Script("thanks", [{"text": "You are welcome!"}], intent="thank"),
            Script("where", [{"text": "In Bangkok."}], intent="track_order"),
        ]
    ).start()
    try:
        desk = make_desk(rasa.url)
        token = desk.login(add_agent(journal, "sue", "supervisor").username)
        desk.chat("t1", "I want a person")
        cid = journal.open_conversation(desk.sender("t1")).id
        assert desk.api("POST", f"/api/conversations/{cid}/claim", token).status_code == 200
        sent = desk.api("POST", f"/api/conversations/{cid}/messages", token, json={"text": "Refund sent."})
        assert sent.status_code == 201, sent.text
        assert desk.api("POST", f"/api/conversations/{cid}/resolve", token).status_code == 200
        assert authors(desk.chat("t1", "thanks!")) == [("bot", "You are welcome!")]  # no rating asked
        assert journal.open_conversation(desk.sender("t1")) is None  # no new chat
        assert [m.text for m in journal.messages(cid)][-2:] == ["thanks!", "You are welcome!"]
        resolved = journal.conversation(cid)
        assert (resolved.status, resolved.agent_username) == ("resolved", "sue")
        day = resolved.resolved_at.date().isoformat()
        figures = desk.api("GET", f"/api/kpi?from={day}&to={day}", token).json()["days"][-1]
        assert (figures["conversations"], figures["bot_contained"], figures["escalated"]) == (1, 0, 1)
        # A question after it is a new chat, as before.
        assert authors(desk.chat("t1", "where is my other parcel")) == [("bot", "In Bangkok.")]
        assert journal.open_conversation(desk.sender("t1")).id != cid
    finally:
        rasa.stop()
