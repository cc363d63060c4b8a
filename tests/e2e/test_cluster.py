"""`kefu cluster` for real, short: 2 replicas of each server behind haproxy, buyers talking
through the desk frontend, every message answered once by the bot, and still answered
after one Rasa replica is killed."""

from __future__ import annotations

import shutil
import signal

import pytest
import redis
import requests

from bot.cluster import Cluster
from bot.settings import Settings
from tests.e2e.test_servers import replied_with

pytestmark = [
    pytest.mark.model,
    pytest.mark.servers,
    pytest.mark.skipif(
        shutil.which("haproxy") is None, reason="haproxy is not installed (apt-get install haproxy)"
    ),
]

REDIS_URL = "redis://127.0.0.1:6379/4"
CONVERSATION = [
    ("hello there, good morning", "utter_greet"),
    ("where is my parcel? it's been two weeks", "utter_ask_order_id"),
    ("8012345678", "utter_order_not_found"),
]


@pytest.fixture(scope="module")
def cluster(trained_model, tmp_path_factory):
    where = tmp_path_factory.mktemp("cluster")
    (where / "desk.yml").write_text("time_zone: UTC\nfirst_response_minutes: 5\n")  # open all day
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        "KEFU_RASA_PORT": "30005",
        "KEFU_ACTIONS_PORT": "30055",
        "KEFU_DESK_PORT": "30100",
        "KEFU_REDIS_URL": REDIS_URL,
        "KEFU_DATABASE_URL": f"sqlite:///{where / 'kefu.db'}",
        "KEFU_DESK_CONFIG": str(where / "desk.yml"),
        "KEFU_AUTO_REPLIES_FILE": "/dev/null",
    }
    running = Cluster(Settings.from_env(env), trained_model, where / "logs", replicas=2).start()
    yield running
    running.stop()
    redis.Redis.from_url(REDIS_URL).flushdb()


class Buyer:
    """A web chat visitor talking to the desk frontend."""

    def __init__(self, desk_url: str):
        self.url = desk_url
        session = requests.post(f"{desk_url}/chat/session", json={}, timeout=10)
        assert session.status_code == 200, session.text
        self.headers = {"Authorization": f"Bearer {session.json()['token']}"}
        self.answers: list = []  # every reply the desk handed back, in order

    def say(self, text: str) -> list:
        reply = requests.post(
            f"{self.url}/chat/messages", json={"text": text}, headers=self.headers, timeout=40
        )
        assert reply.status_code == 200, reply.text
        self.answers += reply.json()["messages"]
        return reply.json()["messages"]

    def transcript(self) -> list:
        return requests.get(f"{self.url}/chat/messages?after=0", headers=self.headers, timeout=10).json()[
            "messages"
        ]


def talk(desk_url: str) -> Buyer:
    buyer = Buyer(desk_url)
    for text, response in CONVERSATION:
        replies = buyer.say(text)
        assert len(replies) == 1 and replied_with(replies[0], "en", response), (text, replies)
    return buyer


def test_every_message_answered_once_through_the_desk_frontend(cluster):
    for buyer in [talk(cluster.settings.desk_url) for _ in range(4)]:
        # What the buyer sees on reload: the bot's answers, each once, none extra.
        outgoing = buyer.transcript()
        assert [m["id"] for m in outgoing] == [m["id"] for m in buyer.answers]
        assert [m["from"] for m in outgoing] == ["bot"] * len(CONVERSATION)


def test_answers_go_on_when_a_rasa_replica_dies(cluster):
    halfway = Buyer(cluster.settings.desk_url)
    assert replied_with(halfway.say("hello there, good morning")[0], "en", "utter_greet")
    victim = cluster.servers["rasa"][0]
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    # The same conversation goes on on the other replica, from the shared tracker.
    asked = halfway.say("where is my parcel? it's been two weeks")
    assert len(asked) == 1 and replied_with(asked[0], "en", "utter_ask_order_id")
    for _ in range(2):
        talk(cluster.settings.desk_url)
    health = requests.get(f"{cluster.settings.desk_url}/health", timeout=10)
    assert health.status_code == 200  # the desk frontend still answers
