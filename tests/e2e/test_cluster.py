"""`kefu cluster` for real, short: 2 replicas of each server behind haproxy, buyers talking
through the desk frontend, every message answered once by the bot, and still answered
after one Rasa replica is killed; a promoted model loaded into every Rasa replica (or into
none), and a restarted replica serving the one the others serve."""

from __future__ import annotations

import asyncio
import shutil
import signal

import pytest
import redis
import requests

from bot.cluster import Cluster
from bot.model_rollout import Rollout, RolloutFailed
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
        "KEFU_MODELS_DIR": str(where / "models"),
    }
    (where / "models").mkdir()
    shutil.copy(trained_model, where / "models" / trained_model.name)
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


def served(cluster, urls=None) -> dict:
    s = cluster.settings
    return asyncio.run(Rollout(urls or s.rasa_replica_urls, s.rasa_token, s.models_dir).served())


def roll_out(cluster, model, urls=None) -> None:
    s = cluster.settings
    asyncio.run(Rollout(urls or s.rasa_replica_urls, s.rasa_token, s.models_dir).load_everywhere(model))


def test_a_promoted_model_is_served_by_every_rasa_replica_or_by_none(cluster, trained_model):
    """A promotion must not leave the replicas serving two models, and a restarted replica
    serves what the others serve. Rasa replica 1 is down (the test above killed it)."""
    down = cluster.servers["rasa"][0]
    if down.poll() is None:  # this test run on its own
        down.send_signal(signal.SIGKILL)
        down.wait(timeout=10)
    replicas = cluster.settings.rasa_replica_urls
    original = trained_model.name
    promoted = cluster.settings.models_dir / "kefu-promoted.tar.gz"
    shutil.copy(trained_model, promoted)
    assert served(cluster) == {replicas[0]: None, replicas[1]: original}

    # Replica 1 is down: nothing is loaded anywhere.
    with pytest.raises(RolloutFailed, match="no replica had switched"):
        roll_out(cluster, promoted)
    assert served(cluster)[replicas[1]] == original

    cluster.restart("rasa", 0)
    roll_out(cluster, promoted)
    assert served(cluster) == {url: promoted.name for url in replicas}
    talk(cluster.settings.desk_url)  # answered by the promoted model, whichever replica reads it

    # A third replica that cannot load it: the two that had switched get the model back.
    closed = "http://127.0.0.1:30099"
    with pytest.raises(RolloutFailed, match="serve their previous model again"):
        roll_out(cluster, cluster.settings.models_dir / original, urls=replicas + [closed])
    assert served(cluster) == {url: promoted.name for url in replicas}

    # A replica restarted after the promotion serves the promoted model, not the one the
    # cluster started with.
    victim = cluster.servers["rasa"][1]
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    cluster.restart("rasa", 1)
    assert served(cluster) == {url: promoted.name for url in replicas}
