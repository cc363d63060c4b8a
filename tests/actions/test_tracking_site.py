"""Where to track a parcel: the site and its number. Played on `make run` (aliexpress-mx-001, a
stalled parcel): "en que pagina lo rastreo" got the carrier-check text again, with no site."""

from __future__ import annotations

import pytest

from actions.clarify import ActionLowConfidence
from actions.order_answer import ActionOrderAnswer
from actions.track_site_words import asks_where_to_track
from bot.seller.shop import load_shop
from tests.actions.helpers import bot, run, tracker, user
from tests.actions.test_order_answers import BUYER, repo, responses  # noqa: F401

STALLED = "1000000003"  # th-buyer-1's parcel in customs for 10 days (test_order_answers)


@pytest.mark.parametrize(
    "text",
    [
        "en que pagina lo rastreo",
        "onde posso rastrear?",
        "где отследить посылку?",
        "在哪查物流",
        "lacak di mana kak",
    ],
)
def test_where_to_track_is_read_in_every_language(text):
    assert asks_where_to_track(text)


def test_where_to_track_gets_the_site_and_the_number(repo):  # noqa: F811
    chat = [user("track_order", "where can I track it?", metadata=BUYER)]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": STALLED, "language": "en"}))
    assert responses(messages)[-1] == "utter_tracking_site"
    assert messages[-1]["tracking_site"] == load_shop().tracking_site
    assert messages[-1]["tracking_number"] == "LP00000000003CN"


def test_not_understood_right_after_an_answer_about_the_parcel_gets_the_site(repo):  # noqa: F811
    chat = [
        user("track_order", "donde esta mi paquete", metadata=BUYER),
        bot("utter_tracking_stalled", order_number=STALLED),
        user("nlu_fallback", "en que pagina lo rastreo", confidence=0.4, metadata=BUYER),
    ]
    messages, _ = run(ActionLowConfidence(), tracker(chat, slots={"order_id": STALLED, "language": "es"}))
    assert responses(messages)[-1] == "utter_tracking_site"
