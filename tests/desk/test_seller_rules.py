"""The seller's rules in the desk, before the bot (real Redis and SQLite, Rasa faked at the
edge): welcome, keyword and off-hours replies as a supervisor saved them, never counted as
a person's answer; and the rating asked of a buyer whose chat the bot settled alone."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from bot.desk.seller_rule_store import SellerRuleStore
from bot.seller.desk import parse_desk_config
from tests.desk.conftest import HANDOFF_SCRIPTS, FakeRasa, Script, add_agent
from tests.desk.test_hub import text_of

WELCOME = {"en": "Welcome to Kefu Shop!", "th": "ยินดีต้อนรับค่ะ"}
RULES = [
    {"keywords": ["wholesale", "批发"], "reply": {"en": "Wholesale: 10+ pieces.", "zh": "批发：10件起。"}},
    {"keywords": ["invoice"], "reply": {"en": "Invoices are in your order page."}, "coupon_code": "INV-5"},
    {"keywords": ["ขายส่ง"], "reply": {"th": "ขายส่งขั้นต่ำ 10 ชิ้นค่ะ"}, "image_url": "https://shop.example/w.png"},
]
DOCUMENT = {
    "marketplaces": {
        "default": {"welcome": WELCOME, "keywords": RULES},
        "lazada": {
            "off_hours": {"en": "Closed. Back {opens_on} {opens_at} {zone}, in {hours} h."},
            "time_zone": "Asia/Bangkok",
        },
    }
}
SCRIPTS = [
    *HANDOFF_SCRIPTS,
    Script("bye", [{"text": "Bye!"}], intent="goodbye"),
    Script("my order", [{"text": "Which order number?"}], intent="track_order", form="order_form"),
    Script("thanks", [{"text": "You are welcome!"}], intent="thank"),
    Script("1234", [{"text": "Order 1234 is on its way."}], intent="inform", form=""),
    Script("where is my parcel", [{"text": "Your parcel is in Bangkok."}], intent="track_order"),
    Script("ขายส่ง", [{"text": "สอบถามราคาส่งได้ค่ะ"}], intent="product_question", language="th"),
]


@pytest.fixture
def rasa():
    fake = FakeRasa(SCRIPTS).start()
    yield fake
    fake.stop()


class Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def configure(desk, journal, document=DOCUMENT) -> str:
    add_agent(journal, "sue", "supervisor")
    token = desk.login("sue")
    saved = desk.api("PUT", "/api/seller/auto-replies", token, json={"document": document})
    assert saved.status_code == 200, saved.text
    return token


def authors(reply) -> list:
    return [(m["from"], m["text"]) for m in reply.json()["messages"]]


def test_welcome_goes_to_the_first_message_in_24_hours_only(make_desk, rasa, journal):
    clock = Clock(datetime.now(timezone.utc))
    desk = make_desk(rasa.url, clock=clock)
    configure(desk, journal)
    first = authors(desk.chat("b1", "where is my parcel"))
    assert first == [("system", WELCOME["en"]), ("bot", "Your parcel is in Bangkok.")]
    assert authors(desk.chat("b1", "hello again")) == [("bot", "Hi! How can I help?")]
    clock.at += timedelta(hours=24, minutes=1)
    assert authors(desk.chat("b1", "where is my parcel"))[0] == ("system", WELCOME["en"])


def test_a_buyer_who_only_says_hello_is_greeted_once_by_the_sellers_welcome(make_desk, rasa, journal):
    """ "hello" got the seller's welcome and then the bot's own greeting: two greetings in
    a row. The welcome now answers the greeting in the bot's place (an answer, for the KPIs)."""
    desk = make_desk(rasa.url)
    configure(desk, journal)
    assert authors(desk.chat("b16", "hello")) == [("bot", WELCOME["en"])]
    assert authors(desk.chat("b16", "hello")) == [("bot", "Hi! How can I help?")]  # no welcome now
    conversation = journal.open_conversation(desk.sender("b16"))
    said = [(m.author, m.text) for m in journal.messages(conversation.id)]
    assert said[:2] == [("buyer", "hello"), ("bot", WELCOME["en"])]


def test_a_keyword_reply_answers_in_the_bots_place_and_is_no_persons_answer(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    configure(desk, journal)
    desk.chat("b2", "hello")
    reply = authors(desk.chat("b2", "Do you sell WHOLESALE?"))
    assert reply == [("bot", "Wholesale: 10+ pieces.")]
    # The bot read it once, told it is only for these intents, and did not answer it.
    (read,) = [sent for sent in rasa.received if "WHOLESALE" in sent["message"]]
    assert (
        "track_order" in read["metadata"]["desk_answer_only"]
        and "product_question" not in read["metadata"]["desk_answer_only"]
    )
    assert rasa.parsed == []
    events = rasa.tracker(desk.sender("b2")).events
    assert [e["event"] for e in events[-2:]] == ["user", "bot"] and events[-2][
        "text"
    ] == "Do you sell WHOLESALE?"
    assert authors(desk.chat("b2", "an invoice please")) == [
        ("bot", "Invoices are in your order page.\n🎟 INV-5")
    ]
    assert authors(desk.chat("b2", "invoices")) == [("bot", "bot heard: invoices")]  # whole words only
    conversation = journal.open_conversation(desk.sender("b2"))
    stored = journal.messages(conversation.id)
    # The welcome answered "hello" and the rules their messages, all in the bot's place.
    assert {m.author for m in stored if m.direction == "out"} == {"bot"}
    assert journal.conversation(conversation.id).to_json()["status"] == "bot"


def test_a_keyword_in_a_question_for_the_bot_gets_the_rule_and_the_bots_answer(make_desk, rasa, journal):
    """ "Where is my parcel? I also need the invoice": the invoice rule alone left the
    buyer's parcel question unanswered."""
    desk = make_desk(rasa.url)
    configure(desk, journal)
    desk.chat("b9", "hello")
    reply = authors(desk.chat("b9", "where is my parcel? I also need the invoice"))
    assert reply == [
        ("system", "Invoices are in your order page.\n🎟 INV-5"),
        ("bot", "Your parcel is in Bangkok."),
    ]
    assert rasa.received[-1]["message"] == "where is my parcel? I also need the invoice"
    # The bot read it once, as it reads any message: not also written in by the desk, nor
    # parsed first on its own (/model/parse).
    texts = [e.get("text") for e in rasa.tracker(desk.sender("b9")).events if e["event"] == "user"]
    assert texts.count("where is my parcel? I also need the invoice") == 1
    assert rasa.parsed == []
    # A message only about what the rule answers stays the rule's.
    assert authors(desk.chat("b9", "an invoice please")) == [
        ("bot", "Invoices are in your order page.\n🎟 INV-5")
    ]


def test_keywords_in_thai_and_chinese_match_inside_unspaced_text(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    configure(desk, journal)
    desk.chat("b3", "hello")
    reply = desk.chat("b3", "สนใจขายส่งค่ะ")
    assert authors(reply) == [("bot", "ขายส่งขั้นต่ำ 10 ชิ้นค่ะ\nhttps://shop.example/w.png")]


def test_a_keyword_in_simplified_chinese_matches_a_buyer_writing_traditional(make_desk, rasa, journal):
    """The seller's 批发 rule never answered a Taiwanese buyer's 批發 (the same word)."""
    desk = make_desk(rasa.url)
    configure(desk, journal)
    desk.chat("b17", "hello")
    reply = authors(desk.chat("b17", "請問可以批發嗎"))
    assert len(reply) == 1 and reply[0][0] == "bot" and reply[0][1].startswith("Wholesale: 10+ pieces.")


def test_a_chat_only_keyword_replies_answered_keeps_the_buyers_language(make_desk, rasa, journal):
    """A Thai buyer answered in Thai by a keyword rule, the bot never reading the message: the
    chat had no language, so the KPIs by language counted it under "-" and an agent taking it
    later got English templates."""
    desk = make_desk(rasa.url)
    configure(desk, journal)
    assert authors(desk.chat("b12", "สนใจขายส่งค่ะ")) == [
        ("system", WELCOME["th"]),
        ("bot", "ขายส่งขั้นต่ำ 10 ชิ้นค่ะ\nhttps://shop.example/w.png"),
    ]
    conversation = journal.open_conversation(desk.sender("b12"))
    assert conversation.language == "th"
    assert journal.messages(conversation.id)[0].language == "th"


def test_a_queued_chat_gets_the_keyword_reply_and_stays_unanswered_for_agents(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    configure(desk, journal)
    desk.chat("b4", "hello")
    desk.chat("b4", "I want a person")
    reply = authors(desk.chat("b4", "and an invoice"))
    assert reply == [("system", "Invoices are in your order page.\n🎟 INV-5")]
    conversation = journal.open_conversation(desk.sender("b4"))
    assert conversation.status == "queued"
    assert journal.conversation(conversation.id).claimed_at is None
    assert rasa.received[-1]["message"] == "and an invoice"  # the agents' copy, read silently by the bot
    with journal.engine.connect() as conn:
        from sqlalchemy import text

        first_reply = conn.execute(
            text("select first_agent_reply_at from desk_conversations where id = :id"),
            {"id": conversation.id},
        ).scalar()
    assert first_reply is None


def test_off_hours_the_seller_names_the_next_opening_in_the_buyers_time_zone(make_desk, rasa, journal):
    # Monday 20:00 in Shanghai (19:00 in Bangkok); the desk opens at 09:00 Shanghai = 08:00 Bangkok.
    evening = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
    config = parse_desk_config({"time_zone": "Asia/Shanghai", "working_hours": {"mon-fri": "09:00-18:00"}})
    desk = make_desk(rasa.url, clock=lambda: evening, config=config)
    configure(desk, journal)
    # A web chat visitor is on the "web" marketplace: the default rules, which have no off-hours reply.
    assert authors(desk.chat("b5", "I want a person"))[-1] == (
        "system",
        text_of("utter_desk_wait_hours", "en", hours=13),
    )
    document = {
        **DOCUMENT,
        "marketplaces": {**DOCUMENT["marketplaces"], "web": DOCUMENT["marketplaces"]["lazada"]},
    }
    configure_again = desk.api(
        "PUT", "/api/seller/auto-replies", desk.login("sue"), json={"document": document}
    )
    assert configure_again.status_code == 200
    reply = authors(desk.chat("b6", "I want a person"))
    assert reply[-1] == ("system", "Closed. Back 2026-01-06 08:00 UTC+7, in 13 h.")


EVENING = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)  # Monday 20:00 in Shanghai
OFFICE_HOURS = {"time_zone": "Asia/Shanghai", "working_hours": {"mon-fri": "09:00-18:00"}}
UNFILLABLE = {
    "marketplaces": {"default": {"welcome": WELCOME, "off_hours": {"en": "Back at {opens_at.hour}"}}}
}


def test_an_off_hours_reply_the_desk_cannot_fill_is_refused_when_saved(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    add_agent(journal, "sue", "supervisor")
    refused = desk.api("PUT", "/api/seller/auto-replies", desk.login("sue"), json={"document": UNFILLABLE})
    assert refused.status_code == 400
    (problem,) = refused.json()["problems"]
    assert problem.startswith("marketplaces.default.off_hours.en: {opens_at.hour} cannot be filled")


def test_an_older_off_hours_reply_the_desk_cannot_fill_gives_the_usual_wait_and_the_chat_is_queued(
    make_desk, rasa, journal
):
    desk = make_desk(rasa.url, clock=lambda: EVENING, config=parse_desk_config(OFFICE_HOURS))
    # Saved before saves were checked: the store takes it as it is.
    SellerRuleStore(journal.engine).save_auto_replies(UNFILLABLE, "sue", EVENING)
    reply = authors(desk.chat("b8", "I want a person"))
    assert reply[0] == ("system", WELCOME["en"])  # the other rules still hold
    assert reply[-1] == ("system", text_of("utter_desk_wait_hours", "en", hours=13))
    assert journal.open_conversation(desk.sender("b8")).status == "queued"


def test_a_document_of_the_wrong_shapes_gets_a_400_naming_the_field(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    token = configure(desk, journal)
    rule = RULES[1]
    cases = [
        (
            {"default_language": ["en"], "marketplaces": {"default": {"welcome": "Hi"}}},
            "default_language: one of",
        ),
        (
            {"marketplaces": {"default": {"keywords": [*RULES[:2], {**rule, "keywords": 5}]}}},
            ".keywords[3].keywords",
        ),
        (
            {"marketplaces": {"default": {"keywords": [*RULES[:2], {**rule, "keywords": True}]}}},
            ".keywords[3].keywords",
        ),
    ]
    for document, field in cases:
        refused = desk.api("PUT", "/api/seller/auto-replies", token, json={"document": document})
        assert refused.status_code == 400, refused.text
        assert any(field in problem for problem in refused.json()["problems"]), refused.text
    assert desk.api("GET", "/api/seller/auto-replies", token).json()["document"] == DOCUMENT


def test_only_supervisors_edit_and_every_save_is_kept_with_who_and_when(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    token = configure(desk, journal)
    add_agent(journal, "tim", "tier1")
    assert desk.api("GET", "/api/seller/auto-replies", desk.login("tim")).status_code == 403
    assert (
        desk.api("PUT", "/api/seller/auto-replies", desk.login("tim"), json={"document": {}}).status_code
        == 403
    )
    too_many = {"marketplaces": {"default": {"keywords": RULES * 4}}}
    refused = desk.api("PUT", "/api/seller/auto-replies", token, json={"document": too_many})
    assert refused.status_code == 400 and "12 rules" in refused.json()["problems"][0]
    too_long = {"marketplaces": {"default": {"welcome": {"en": "x" * 301}}}}
    refused = desk.api("PUT", "/api/seller/auto-replies", token, json={"document": too_long})
    assert refused.status_code == 400 and "at most 300" in refused.json()["error"]
    current = desk.api("GET", "/api/seller/auto-replies", token).json()
    assert current["document"] == DOCUMENT and current["saved"]["saved_by"] == "sue"
    assert len(current["history"]) == 1 and current["limits"]["keyword_rules"] == [3, 9]


def test_a_buyer_whose_chat_the_bot_settled_is_asked_to_rate_it_once(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    desk.chat("b7", "hello")
    asked = authors(desk.chat("b7", "bye now"))
    assert asked == [("bot", "Bye!"), ("system", text_of("utter_desk_csat_bot", "en"))]
    assert journal.open_conversation(desk.sender("b7")) is None  # closed as the bot's
    thanked = authors(desk.chat("b7", "5"))
    assert thanked == [("system", text_of("utter_desk_csat_thanks", "en"))]
    with journal.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("select score from desk_csat_answers")).scalars().all() == [5]
        kinds = conn.execute(text("select kind, data from desk_events order by id")).all()
    assert [k for k, _ in kinds] == ["resolved", "csat"]
    # Asked and answered a moment ago: the next chat the bot settles is closed unasked.
    assert authors(desk.chat("b7", "bye")) == [("bot", "Bye!")]
    assert journal.open_conversation(desk.sender("b7")) is None


def test_a_thanks_while_a_form_runs_keeps_the_chat_and_the_one_after_closes_it(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    desk.chat("b10", "where is my order")
    assert authors(desk.chat("b10", "thanks")) == [("bot", "You are welcome!")]
    assert journal.open_conversation(desk.sender("b10")) is not None  # the form still waits
    desk.chat("b10", "it is 1234")
    assert authors(desk.chat("b10", "thanks a lot")) == [
        ("bot", "You are welcome!"),
        ("system", text_of("utter_desk_csat_bot", "en")),
    ]
    assert journal.open_conversation(desk.sender("b10")) is None


def test_no_rating_after_a_person_took_part_or_when_the_seller_turned_it_off(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    desk.chat("b8", "I want a person")
    assert [a for a, _ in authors(desk.chat("b8", "bye"))] == []  # queued: the agents have it
    quiet = make_desk(rasa.url, config=parse_desk_config({"bot_csat": {"ask": False}}))
    assert authors(quiet.chat("b9", "bye")) == [("bot", "Bye!")]


SHORT_KEYWORDS = [
    {"keywords": ["a", "bulk"], "reply": {"en": "Bulk: 10+ pieces."}},
    {"keywords": ["码"], "reply": {"zh": "尺码表在商品页。"}},
    {"keywords": ["ส่ง"], "reply": {"th": "ส่งภายใน 2 วันค่ะ"}},
]


def test_a_keyword_too_short_to_mean_anything_is_refused_with_a_400_naming_it(make_desk, rasa, journal):
    """ "码" matched inside 号码 and 密码, "ส่ง" inside จัดส่ง, "a" in most English messages:
    every such message got the rule's reply instead of the bot's answer."""
    desk = make_desk(rasa.url)
    token = configure(desk, journal)
    document = {"marketplaces": {"default": {"keywords": SHORT_KEYWORDS}}}
    refused = desk.api("PUT", "/api/seller/auto-replies", token, json={"document": document})
    assert refused.status_code == 400, refused.text
    problems = refused.json()["problems"]
    assert [p.split(":")[0] for p in problems] == [f"marketplaces.default.keywords[{i}]" for i in (1, 2, 3)]
    assert "'a' is too short" in problems[0] and "at least 2 letters" in problems[0]
    assert "'码' is too short" in problems[1] and "'ส่ง' is too short" in problems[2]
    assert desk.api("GET", "/api/seller/auto-replies", token).json()["document"] == DOCUMENT


def test_a_short_keyword_of_an_older_save_answers_nothing(make_desk, rasa, journal):
    desk = make_desk(rasa.url)
    # Saved before keywords were checked: the store takes it as it is.
    SellerRuleStore(journal.engine).save_auto_replies(
        {"marketplaces": {"default": {"keywords": SHORT_KEYWORDS}}}, "sue", datetime.now(timezone.utc)
    )
    assert authors(desk.chat("b13", "where is my parcel? a week now")) == [
        ("bot", "Your parcel is in Bangkok.")
    ]
    assert authors(desk.chat("b14", "我的订单号是多少")) == [("bot", "bot heard: 我的订单号是多少")]
    # The rule's longer keyword still holds.
    assert authors(desk.chat("b13", "bulk price?")) == [("bot", "Bulk: 10+ pieces.")]


def test_two_messages_of_one_buyer_at_the_same_moment_reach_the_bot_in_order(make_desk, rasa, journal):
    """The first message of the day gets the welcome (the buyer's language found, the welcome
    journaled and sent) before the bot reads it; a second one sent at the same moment went
    straight to the bot, which read and answered it first."""
    desk = make_desk(rasa.url)
    configure(desk, journal)
    desk.chat_session("b15")  # the session first: both messages race only each other
    hello_then_parcel_at_once((desk, desk), "b15", rasa, journal, gap=0.01)


def test_with_the_bot_down_a_keyword_rule_still_answers_alone(make_desk, journal):
    """The rule's reply needs no bot: no holding message, and no queue, for a question the
    seller's rule answers."""
    from tests.desk.conftest import closed_port

    desk = make_desk(f"http://127.0.0.1:{closed_port()}")
    configure(desk, journal)
    assert authors(desk.chat("b18", "an invoice please")) == [
        ("system", WELCOME["en"]),
        ("bot", "Invoices are in your order page.\n🎟 INV-5"),
    ]
    conversation = journal.open_conversation(desk.sender("b18"))
    assert conversation.status == "bot" and conversation.language == "en"


def test_two_messages_of_one_buyer_on_two_desks_reach_the_bot_in_order(make_desk, rasa, journal):
    """Two desk replicas behind a load balancer: the buyer's first message of the day went to
    one, whose seller rules were slow to load (a busy database), and the second, journaled
    after it, to the other, which sent it to the bot first. Rasa serves a conversation in the
    order messages reach it, so the parcel question was answered before the welcome and the
    greeting. Each desk's lock covered its own process only."""
    secret = uuid.uuid4().hex  # both desks read the buyer's web chat session
    first, second = make_desk(rasa.url, desk_secret=secret), make_desk(rasa.url, desk_secret=secret)
    configure(first, journal)
    rules = first.hub.intake.rules
    load = rules.current

    async def slow_load():
        await asyncio.sleep(0.4)
        return await load()

    rules.current = slow_load
    second.chat_sessions = first.chat_sessions
    first.chat_session("b19")
    hello_then_parcel_at_once((first, second), "b19", rasa, journal, gap=0.1)


def hello_then_parcel_at_once(desks, buyer: str, rasa, journal, gap: float) -> None:
    """The buyer's "hello" (first of the day: the welcome is due) and "where is my parcel",
    `gap` seconds apart, each sent through its own desk from a thread of its own: the bot
    must read them, and the journal hold the answers, in the order they were sent."""
    texts = ["hello", "where is my parcel"]
    threads = [threading.Thread(target=desk.chat, args=(buyer, text)) for desk, text in zip(desks, texts)]
    for thread in threads:
        thread.start()
        time.sleep(gap)  # journaled in this order
    for thread in threads:
        thread.join()
    assert [sent["message"] for sent in rasa.received] == texts
    conversation = journal.open_conversation(desks[0].sender(buyer))
    said = [(m.author, m.text) for m in journal.messages(conversation.id)]
    assert said == [
        ("buyer", "hello"),
        ("bot", WELCOME["en"]),
        ("buyer", "where is my parcel"),
        ("bot", "Your parcel is in Bangkok."),
    ]


def test_a_new_chats_first_message_reads_the_buyers_orders_once(make_desk, rasa, journal, database_url):
    """The buyer's country (their latest order's destination) was read for the welcome's
    language and again for Rasa's hints: two reads of the orders for one message. Now once,
    in the trip that journals the message, and both still get it."""
    from bot.commerce.demo import load_demo_data
    from bot.commerce.repository import CommerceRepository
    from tests.desk.conftest import shop_link

    load_demo_data(CommerceRepository.from_url(database_url), now=datetime.now(timezone.utc))
    desk = make_desk(rasa.url, webhook_secret="rules-secret")
    configure(desk, journal)
    commerce = desk.hub.commerce
    reads: list = []
    read = commerce.latest_destination_country
    commerce.latest_destination_country = lambda buyer: reads.append(buyer) or read(buyer)
    link = shop_link("rules-secret", "lazada", "lazada-th-001")
    replies = authors(desk.chat("th-buyer", "ok", link))  # too short for the detector to be sure
    assert replies[0] == ("system", WELCOME["th"])  # the country's language
    assert rasa.received[-1]["metadata"]["country"] == "TH"
    assert len(reads) == 1
