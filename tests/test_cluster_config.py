"""`kefu cluster`'s haproxy config and settings, without starting any server."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from bot.cluster import Cluster, clustered, database_warning
from bot.haproxy import write_config
from bot.settings import DEFAULT_DESK_REDIS_URL, Settings


def cluster(replicas: int = 2, **env: str) -> Cluster:
    return Cluster(Settings.from_env(env), Path("model.tar.gz"), Path("var/logs"), replicas=replicas)


def test_one_frontend_per_kind_over_consecutive_replica_ports():
    frontends = {f.name: f for f in cluster(3, KEFU_RASA_PORT="6000").frontends()}
    assert set(frontends) == {"actions", "rasa", "desk"}
    assert (frontends["rasa"].port, frontends["rasa"].replicas) == (6000, [6001, 6002, 6003])
    assert frontends["actions"].replicas == [5056, 5057, 5058]
    assert frontends["desk"].replicas == [8001, 8002, 8003]
    assert {name: f.health for name, f in frontends.items()} == {
        "actions": "/health",
        "rasa": "/",
        "desk": "/health",
    }


def test_config_is_private_and_haproxy_accepts_it(tmp_path):
    path = write_config(tmp_path / "haproxy.cfg", cluster().frontends())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "bind 127.0.0.1:8000" in text and "server desk2 127.0.0.1:8002 check" in text
    assert "option httpchk GET /health" in text and "option httpchk GET /\n" in text
    if shutil.which("haproxy") is None:
        pytest.skip("haproxy is not installed: the syntax check needs it")
    checked = subprocess.run(["haproxy", "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_replicas_address_themselves_and_call_the_frontends():
    c = cluster(KEFU_RASA_TOKEN="t")
    desk = c._replica_env("desk", 8002)
    assert (desk["KEFU_DESK_PORT"], desk["KEFU_RASA_PORT"]) == ("8002", "5005")
    assert desk["KEFU_DESK_ORIGINS"] == "http://127.0.0.1:8000"  # the console is used via the frontend
    actions = c._replica_env("actions", 5057)
    assert actions["KEFU_ACTIONS_PORT"] == "5057"
    rasa = c._replica_env("rasa", 5006)
    assert rasa["KEFU_ACTIONS_URL"] == "http://127.0.0.1:5055"  # endpoints.yml names the frontend
    assert "5006" in c._command("rasa", 5006)


def test_every_replica_knows_every_rasa_replica_a_retrain_must_load_its_model_into():
    c = cluster(3)
    expected = ["http://127.0.0.1:5006", "http://127.0.0.1:5007", "http://127.0.0.1:5008"]
    assert c.settings.rasa_replica_urls == expected
    for kind, port in (("desk", 8001), ("rasa", 5006), ("actions", 5056)):
        assert c._replica_env(kind, port)["KEFU_RASA_REPLICAS"] == " ".join(expected)
    # One Rasa (no replicas): the Rasa address itself.
    assert Settings.from_env({"KEFU_RASA_PORT": "5100"}).rasa_replica_urls == ["http://127.0.0.1:5100"]
    listed = Settings.from_env({"KEFU_RASA_REPLICAS": "http://a:5005/, http://b:5005"})
    assert listed.rasa_replica_urls == ["http://a:5005", "http://b:5005"]
    with pytest.raises(ValueError, match="KEFU_RASA_REPLICAS"):
        Settings.from_env({"KEFU_RASA_REPLICAS": "a:5005"})


def test_replicas_share_redis_and_are_warned_off_sqlite():
    assert clustered(Settings.from_env({}), 2).redis_url == DEFAULT_DESK_REDIS_URL
    assert clustered(Settings.from_env({"KEFU_REDIS_URL": "redis://h:1/2"}), 2).redis_url == "redis://h:1/2"
    assert "PostgreSQL" in (database_warning(Settings.from_env({})) or "")
    postgres = Settings.from_env({"KEFU_DATABASE_URL": "postgresql://db/kefu"})
    assert database_warning(postgres) is None
    with pytest.raises(ValueError):
        cluster(0)
