"""The message flow through the desk, with Rasa scripted at its HTTP edge: escalations
reach the tier the bot chose, the buyer hears when a person answers (in their language,
working hours considered), held chats keep the bot silent, ratings are stored."""

import time
from datetime import datetime, timezone

import pytest
import redis
import requests

from bot import PROJECT_ROOT
from bot.desk.errors import NotAllowed
from bot.desk.intake import parse_rating
from bot.nlg.catalogue import Catalogue
from bot.seller.desk import parse_desk_config
from tests.desk.conftest import REDIS_URL, add_agent, next_event, sse_events

CATALOGUE = Catalogue.from_dir(PROJECT_ROOT / "data" / "responses")


def text_of(name: str, language: str, **values) -> str:
    return CATALOGUE.render(name, language, values)["text"]


def queue_of(desk, token) -> dict:
    tiers = desk.api("GET", "/api/queues", token).json()["tiers"]
    return {t["tier"]: [c["conversation_id"] for c in t["conversations"]] for t in tiers}


@pytest.mark.parametrize(
    "text, tier, reason",
    [
        ("this is a scam", 3, "complaint"),
        ("it arrived broken", 2, "damaged_item"),
        ("a person please", 1, "human_handoff"),
    ],
)
def test_escalation_lands_in_the_tier_the_bot_chose(desk, journal, text, tier, reason):
    add_agent(journal, "sup", "supervisor")
    reply = desk.chat("v-esc", text).json()["messages"]
    assert reply[-1]["text"] == text_of("utter_desk_wait_minutes", "en", minutes=5)
    queues = queue_of(desk, desk.login("sup"))
    [cid] = queues[tier]
    conversation = journal.conversation(cid)
    assert (conversation.status, conversation.tier, conversation.reason) == ("queued", tier, reason)
    assert conversation.bot_paused


def test_the_buyer_is_told_in_their_language_and_off_hours_in_hours(make_desk, fake_rasa):
    # Monday 20:00 in Shanghai: the desk opens at 09:00, so about 13 hours.
    evening = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
    config = parse_desk_config({"time_zone": "Asia/Shanghai", "working_hours": {"mon-fri": "09:00-18:00"}})
    desk = make_desk(fake_rasa.url, clock=lambda: evening, config=config)
    reply = desk.chat("v-th", "รอนานมากแล้ว").json()["messages"]
    assert reply[-1]["text"] == text_of("utter_desk_wait_hours", "th", hours=13)
    assert "13" in reply[-1]["text"] and "ชั่วโมง" in reply[-1]["text"]


def test_just_before_closing_the_buyer_is_not_told_the_team_is_away(make_desk, fake_rasa):
    """Monday 17:58 in Shanghai, open until 18:00: the 5 minutes run into Tuesday morning.
    The buyer read "our team is away right now" while the agents were still at work."""
    closing = datetime(2026, 1, 5, 9, 58, tzinfo=timezone.utc)
    config = parse_desk_config({"time_zone": "Asia/Shanghai", "working_hours": {"mon-fri": "09:00-18:00"}})
    desk = make_desk(fake_rasa.url, clock=lambda: closing, config=config)
    reply = desk.chat("v-closing", "a person please").json()["messages"]
    assert reply[-1]["text"] == text_of("utter_desk_wait_after_closing", "en", hours=15)


def test_metadata_reaches_rasa_and_order_pages_are_after_sale(desk, fake_rasa):
    desk.chat("v-meta", "hello", opened_from="order_page")
    [sent] = fake_rasa.received
    assert sent["sender"] == desk.sender("v-meta")
    assert sent["metadata"]["buyer_id"] == desk.chat_session("v-meta")["buyer_id"]
    assert sent["metadata"]["marketplace"] == "web"
    assert sent["metadata"]["opened_from"] == "after_sale"


def test_a_held_chat_goes_to_the_agent_live_and_the_bot_stays_silent(desk, journal, fake_rasa):
    add_agent(journal, "ann", "tier1")
    desk.chat("v-held", "a person please")
    token = desk.login("ann")
    [cid] = queue_of(desk, token)[1]
    assert desk.api("POST", f"/api/conversations/{cid}/claim", token).status_code == 200
    assert fake_rasa.tracker(desk.sender("v-held")).paused

    with requests.get(
        f"{desk.url}/api/events", headers={"Authorization": f"Bearer {token}"}, stream=True, timeout=10
    ) as stream:
        assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
        [(name, data)] = sse_events(stream, 1)
        assert name == "queue" and [t["tier"] for t in data["tiers"]] == [1]
        assert desk.chat("v-held", "hello? anyone?").json()["messages"] == []  # the bot says nothing
        data = next_event(stream, "message")
    assert data["conversation_id"] == cid
    assert data["message"]["text"] == "hello? anyone?"
    assert data["message"]["intent"] == "greet" and data["message"]["language"] == "en"
    # Rasa read it (paused), so its tracker has the whole conversation.
    assert fake_rasa.tracker(desk.sender("v-held")).events[-1]["text"] == "hello? anyone?"


def test_agent_reply_reaches_the_web_buyer_and_the_tracker(desk, journal, fake_rasa):
    agent = add_agent(journal, "amy", "tier2")
    first = desk.chat("v-reply", "it arrived broken").json()["messages"]
    token = desk.login("amy")
    [cid] = queue_of(desk, token)[2]
    desk.api("POST", f"/api/conversations/{cid}/claim", token)
    sent = desk.api(
        "POST", f"/api/conversations/{cid}/messages", token, json={"text": "So sorry! Photo please?"}
    )
    assert sent.status_code == 201 and sent.json()["message"]["author"] == "agent:amy"
    after = max(m["id"] for m in first)
    polled = desk.poll("v-reply", after).json()["messages"]
    assert [(m["text"], m["from"]) for m in polled] == [("So sorry! Photo please?", "agent")]
    bot_event = fake_rasa.tracker(desk.sender("v-reply")).events[-1]
    assert bot_event["event"] == "bot" and bot_event["text"] == "So sorry! Photo please?"
    assert bot_event["metadata"]["agent_id"] == agent.id


def test_handback_resumes_the_bot_and_resolve_asks_for_a_rating(desk, journal, fake_rasa):
    add_agent(journal, "ann", "tier1")
    token = desk.login("ann")
    desk.chat("v-back", "a person please")
    [cid] = queue_of(desk, token)[1]
    desk.api("POST", f"/api/conversations/{cid}/claim", token)
    # The bot had asked "Shall I cancel order ...?" before the person took over.
    tracker = fake_rasa.tracker(desk.sender("v-back"))
    tracker.slots.update(order_id="1000000001", awaiting_confirmation="cancel_order")
    back = desk.api("POST", f"/api/conversations/{cid}/handback", token)
    assert back.json()["conversation"]["status"] == "bot"
    assert not fake_rasa.tracker(desk.sender("v-back")).paused
    # The new session keeps the order but not the question: the person has had the chat since.
    started = [e.get("name") for e in tracker.events if e.get("event") in ("slot", "session_started")]
    assert "order_id" in started and "awaiting_confirmation" not in started
    assert desk.chat("v-back", "hello again").json()["messages"][0]["text"] == "Hi! How can I help?"

    desk.chat("v-back", "a person please")
    [cid] = queue_of(desk, token)[1]
    desk.api("POST", f"/api/conversations/{cid}/claim", token)
    resolved = desk.api("POST", f"/api/conversations/{cid}/resolve", token).json()["conversation"]
    assert resolved["status"] == "resolved"
    question = desk.poll("v-back").json()["messages"][-1]
    assert question["text"] == text_of("utter_desk_csat", "en")
    thanks = desk.chat("v-back", "５").json()["messages"]
    assert [m["text"] for m in thanks] == [text_of("utter_desk_csat_thanks", "en")]
    assert journal.conversation(cid).csat == 5
    assert desk.chat("v-back", "hello").json()["messages"][0]["text"] == "Hi! How can I help?"


def test_handing_back_tells_the_buyer_the_assistant_is_back_in_their_language(desk, journal, fake_rasa):
    """The buyer got no word when the agent gave the chat back: their next question met the
    bot with no sign that the person had gone."""
    add_agent(journal, "ann", "tier1")
    token = desk.login("ann")
    first = desk.chat("v-th-back", "รอนานมากแล้ว").json()["messages"]
    [cid] = queue_of(desk, token)[1]
    desk.api("POST", f"/api/conversations/{cid}/claim", token)
    desk.api("POST", f"/api/conversations/{cid}/messages", token, json={"text": "ส่งของใหม่ให้แล้วค่ะ"})
    assert desk.api("POST", f"/api/conversations/{cid}/handback", token).status_code == 200
    told = desk.poll("v-th-back", max(m["id"] for m in first)).json()["messages"]
    back = text_of("agent_handback", "th")
    assert [(m["text"], m["from"]) for m in told] == [("ส่งของใหม่ให้แล้วค่ะ", "agent"), (back, "system")]
    assert fake_rasa.tracker(desk.sender("v-th-back")).events[-1]["text"] == back  # the transcript is whole

    # The agent said just that with the console's template before handing back: not twice.
    desk.chat("v-th-back", "รอนานอีกแล้ว")
    [cid] = queue_of(desk, token)[1]
    desk.api("POST", f"/api/conversations/{cid}/claim", token)
    said = desk.api("POST", f"/api/conversations/{cid}/messages", token, json={"text": back}).json()
    desk.api("POST", f"/api/conversations/{cid}/handback", token)
    after = desk.poll("v-th-back", said["message"]["id"]).json()["messages"]
    assert after == []


def test_agents_cannot_reply_without_holding_or_close_others_chats(desk, journal):
    add_agent(journal, "ann", "tier1")
    add_agent(journal, "bob", "tier1")
    desk.chat("v-own", "a person please")
    ann, bob = desk.login("ann"), desk.login("bob")
    [cid] = queue_of(desk, ann)[1]
    assert desk.api("POST", f"/api/conversations/{cid}/messages", ann, json={"text": "hi"}).status_code == 403
    desk.api("POST", f"/api/conversations/{cid}/claim", ann)
    assert desk.api("POST", f"/api/conversations/{cid}/messages", bob, json={"text": "hi"}).status_code == 403
    assert desk.api("POST", f"/api/conversations/{cid}/handback", bob).status_code == 403
    assert desk.api("POST", f"/api/conversations/{cid}/claim", bob).json() == {
        "error": "already claimed by ann"
    }
    empty = desk.api("POST", f"/api/conversations/{cid}/messages", ann, json={"text": "  "})
    assert empty.status_code == 400


def test_a_reply_read_before_the_chat_was_resolved_is_not_sent(desk, journal, fake_rasa):
    """The agent's request was checked against the chat as it was; a supervisor resolved it
    in between: the reply is refused as it is written, and the buyer gets nothing from it."""
    ann = add_agent(journal, "ann", "tier1")
    add_agent(journal, "sue", "supervisor")
    desk.chat("v-late", "a person please")
    token = desk.login("ann")
    [cid] = queue_of(desk, token)[1]
    desk.api("POST", f"/api/conversations/{cid}/claim", token)
    as_read = journal.conversation(cid)  # what the reply's request saw: assigned to ann
    assert desk.api("POST", f"/api/conversations/{cid}/resolve", desk.login("sue")).status_code == 200
    agent = ann  # add_agent gives the AgentView
    with pytest.raises(NotAllowed, match="no longer yours"):
        desk.server.call(desk.hub.agents.reply(agent, as_read, "Sorry for the wait!"))
    sent = [m.text for m in journal.messages(cid) if m.direction == "out"]
    assert "Sorry for the wait!" not in sent


def test_tags_notes_and_the_conversation_view(desk, journal):
    add_agent(journal, "ann", "tier2")
    desk.chat("v-view", "it arrived broken")
    token = desk.login("ann")
    [cid] = queue_of(desk, token)[2]
    tagged = desk.api("POST", f"/api/conversations/{cid}/tags", token, json={"tags": ["red", "green"]})
    assert tagged.json()["conversation"]["tags"] == ["green", "red"]
    assert (
        desk.api("POST", f"/api/conversations/{cid}/tags", token, json={"tags": ["pink"]}).status_code == 400
    )
    note = desk.api("POST", f"/api/conversations/{cid}/notes", token, json={"text": "asked for photos"})
    assert note.status_code == 201 and note.json()["note"]["agent"] == "ann"
    view = desk.api("GET", f"/api/conversations/{cid}", token).json()
    assert [m["author"] for m in view["messages"]] == ["buyer", "bot", "system"]
    assert view["messages"][0]["intent"] == "damaged_item" and view["messages"][0]["language"] == "en"
    assert view["notes"][0]["text"] == "asked for photos"
    assert view["orders"] == []  # a web visitor has no marketplace orders


def test_slash_commands_other_than_intents_are_plain_text(desk, fake_rasa):
    desk.chat("v-slash", "/restart")
    desk.chat("v-slash", "/greet")
    desk.chat("v-slash", '/track_order{"order_id": "1000000001"}')
    desk.chat("v-slash", "/track_order where is it? I live at 12 Main St")
    desk.chat("v-slash", "/track_order{my address is 12 Main St, call +66 81 234 5678}")
    desk.chat("v-slash", '/track_order{"address": "12 Main St"}')
    assert [r["message"] for r in fake_rasa.received] == [
        "restart",
        "/greet",
        '/track_order{"order_id": "1000000001"}',
        "track_order where is it? I live at 12 Main St",  # words, not a payload Rasa would log
        "track_order{my address is 12 Main St, call +66 81 234 5678}",  # not JSON: Rasa would log it
        'track_order{"address": "12 Main St"}',  # no entity of the domain: Rasa would log it
    ]


@pytest.mark.parametrize(
    "text, rating",
    [
        ("5", 5),
        (" 4 ", 4),
        ("３", 3),
        ("๕", 5),
        ("2/5", 2),
        ("5⭐", 5),
        ("1!", 1),
        ("6", None),
        ("55", None),
        ("ok 5", None),
    ],
)
def test_ratings_are_read_in_any_digits(text, rating):
    assert parse_rating(text) == rating


def test_a_closed_event_stream_lets_go_of_its_redis_subscription(desk, journal):
    add_agent(journal, "ann", "tier1")
    token = desk.login("ann")
    client = redis.Redis.from_url(REDIS_URL)
    channel = desk.hub.queue.channel
    headers = {"Authorization": f"Bearer {token}"}
    subscribers = lambda: client.pubsub_numsub(channel)[0][1]  # noqa: E731
    with requests.get(f"{desk.url}/api/events", headers=headers, stream=True, timeout=10) as stream:
        sse_events(stream, 1)
        during = subscribers()  # streams of earlier tests may still be closing
        assert during >= 1
    desk.wait_until(lambda: subscribers() < during, timeout=5)


def test_a_claim_the_database_did_not_take_puts_the_chat_back_in_its_queue(desk, journal, monkeypatch):
    from sqlalchemy.exc import OperationalError

    add_agent(journal, "ann", "tier1")
    token = desk.login("ann")
    desk.chat("v-claim-db", "a person please")
    [cid] = queue_of(desk, token)[1]

    def database_down(*_args, **_kwargs):
        raise OperationalError("UPDATE desk_conversations", {}, Exception("server closed the connection"))

    with monkeypatch.context() as patched:
        patched.setattr(desk.hub.journal, "mark_assigned", database_down)
        refused = desk.api("POST", f"/api/conversations/{cid}/claim", token)
    assert refused.status_code == 503, refused.text
    assert queue_of(desk, token)[1] == [cid]  # still waiting where everyone sees it
    assert desk.api("POST", f"/api/conversations/{cid}/claim", token).status_code == 200


class MovableClock:
    """A desk clock the test moves on."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _replies(journal, cid) -> list:
    return [m.text for m in journal.messages(cid) if m.direction == "out"]


def _escalated_thai_chat(make_desk, fake_rasa, journal, clock, config):
    desk = make_desk(fake_rasa.url, clock=clock, config=config)
    add_agent(journal, "sup", "supervisor")
    desk.chat("v-late", "รอนานมากแล้ว")
    [cid] = queue_of(desk, desk.login("sup"))[1]
    return desk, cid


def test_a_missed_deadline_tells_the_buyer_once_a_senior_colleague_will_answer(make_desk, fake_rasa, journal):
    """The buyer was told "within 5 minutes"; the chat missed it and moved up to tier 2, then
    tier 3, and the buyer heard nothing. Now they hear it once, in their language."""
    clock = MovableClock(datetime(2026, 1, 5, 3, 0, tzinfo=timezone.utc))
    config = parse_desk_config({"first_response_minutes": 5, "sla_sweep_seconds": 0.05})
    desk, cid = _escalated_thai_chat(make_desk, fake_rasa, journal, clock, config)
    notice = text_of("utter_desk_taking_longer", "th")
    assert _replies(journal, cid)[-1] == text_of("utter_desk_wait_minutes", "th", minutes=5)

    clock.at = datetime(2026, 1, 5, 3, 6, tzinfo=timezone.utc)
    desk.wait_until(lambda: journal.conversation(cid).tier == 2)
    desk.wait_until(lambda: notice in _replies(journal, cid))
    clock.at = datetime(2026, 1, 5, 3, 20, tzinfo=timezone.utc)
    desk.wait_until(lambda: journal.conversation(cid).tier == 3)
    time.sleep(0.5)  # sweeps enough for a second notice, had there been one
    assert _replies(journal, cid).count(notice) == 1


def test_a_deadline_missed_while_the_desk_is_closed_says_nothing(make_desk, fake_rasa, journal):
    """Monday 17:58 in Shanghai: the 5 minutes end at 09:03 on Tuesday. A sweep at 18:01 (the
    desk was down at the deadline, or a short target) must not promise a colleague at night."""
    config = parse_desk_config(
        {
            "time_zone": "Asia/Shanghai",
            "working_hours": {"mon-fri": "09:00-18:00"},
            "first_response_minutes": 1,
            "sla_sweep_seconds": 0.05,
        }
    )
    clock = MovableClock(datetime(2026, 1, 5, 9, 58, tzinfo=timezone.utc))
    desk, cid = _escalated_thai_chat(make_desk, fake_rasa, journal, clock, config)
    before = _replies(journal, cid)
    clock.at = datetime(2026, 1, 5, 10, 1, tzinfo=timezone.utc)
    desk.wait_until(lambda: journal.conversation(cid).tier == 2)
    time.sleep(0.5)  # the notice follows the move in the same sweep
    assert _replies(journal, cid) == before


def test_a_buyer_who_no_longer_needs_a_person_gets_the_bot_back_before_anyone_claims(
    desk, journal, fake_rasa
):
    """Played: "cho tôi nói chuyện với nhân viên" -> handed over -> "thôi không cần nữa" (never
    mind) -> "đơn hàng của tôi đâu rồi?": nothing more was said, the chat sat in the queue."""
    add_agent(journal, "ann", "tier1")
    token = desk.login("ann")
    desk.chat("v-nevermind", "a person please")
    [cid] = queue_of(desk, token)[1]
    told = [m["text"] for m in desk.chat("v-nevermind", "actually never mind, sorted it").json()["messages"]]
    assert told == [text_of("utter_desk_request_withdrawn", "en")]
    assert queue_of(desk, token).get(1, []) == []
    back = journal.conversation(cid)
    assert back.status == "bot" and not back.bot_paused
    tracker = fake_rasa.tracker(desk.sender("v-nevermind"))
    assert not tracker.paused and any(e["event"] == "session_started" for e in tracker.events)
    # The next question is the bot's to answer.
    assert desk.chat("v-nevermind", "hello again").json()["messages"][0]["text"] == "Hi! How can I help?"


@pytest.mark.parametrize(
    "first, then",
    [
        ("this is a scam", "never mind"),  # a complaint stays with the senior team
        ("a person please", "never mind the refund, where is my parcel and when will it come?"),
    ],
)
def test_a_complaint_or_a_longer_message_stays_with_the_agents(desk, journal, fake_rasa, first, then):
    add_agent(journal, "sup", "supervisor")
    desk.chat("v-stays", first)
    cid = journal.open_conversation(desk.sender("v-stays")).id
    assert desk.chat("v-stays", then).json()["messages"] == []
    assert journal.conversation(cid).status == "queued"


def test_a_claimed_chat_stays_with_its_agent_whatever_the_buyer_says(desk, journal, fake_rasa):
    add_agent(journal, "ann", "tier1")
    token = desk.login("ann")
    desk.chat("v-claimed", "a person please")
    [cid] = queue_of(desk, token)[1]
    assert desk.api("POST", f"/api/conversations/{cid}/claim", token).status_code == 200
    assert desk.chat("v-claimed", "never mind").json()["messages"] == []
    assert journal.conversation(cid).status == "assigned"
