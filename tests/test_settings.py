import logging

import pytest

from bot.settings import DEFAULT_DESK_REDIS_URL, Settings, SettingsError


def test_defaults_run_embedded():
    s = Settings.from_env({})
    assert (s.rasa_host, s.rasa_port, s.actions_port) == ("127.0.0.1", 5005, 5055)
    assert s.redis_url is None
    assert len(s.rasa_token) >= 24  # the API is never open without a token


def test_each_run_without_a_token_gets_a_new_one():
    assert Settings.from_env({}).rasa_token != Settings.from_env({}).rasa_token


def test_rasa_gets_a_request_size_limit():
    assert int(Settings.from_env({}).rasa_environment()["SANIC_REQUEST_MAX_SIZE"]) == 16 * 1024 * 1024


def test_rasa_environment_carries_redis_only_when_set():
    assert "KEFU_REDIS_URL" not in Settings.from_env({}).rasa_environment()
    env = Settings.from_env({"KEFU_REDIS_URL": "redis://127.0.0.1:6379/3"}).rasa_environment()
    assert env["KEFU_REDIS_URL"] == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"KEFU_RASA_PORT": "http"}, "not a port"),
        ({"KEFU_ACTIONS_PORT": "70000"}, "outside"),
        ({"KEFU_REDIS_URL": "localhost:6379"}, "redis://"),
        ({"KEFU_DESK_PORT": "0"}, "KEFU_DESK_PORT=0 is outside"),
        ({"KEFU_OUTBOUND_URL": "ftp://example.com"}, "KEFU_OUTBOUND_URL must be a http/https URL"),
        ({"KEFU_OUTBOUND_ATTEMPTS": "0"}, "KEFU_OUTBOUND_ATTEMPTS='0' must be a whole number"),
        ({"KEFU_DESK_RASA_TIMEOUT": "soon"}, "KEFU_DESK_RASA_TIMEOUT='soon' is not a number"),
        ({"KEFU_OUTBOUND_BACKOFF": "-1"}, "KEFU_OUTBOUND_BACKOFF must be more than 0"),
        ({"KEFU_DESK_RASA_CONCURRENCY": "0"}, "KEFU_DESK_RASA_CONCURRENCY='0' must be a whole number"),
        ({"KEFU_DESK_BUYER_RATE": "-5"}, "KEFU_DESK_BUYER_RATE='-5' must be a whole number"),
        ({"KEFU_NOTICES_SECONDS": "-1"}, "KEFU_NOTICES_SECONDS must be 0 \\(off\\) or a number"),
        ({"KEFU_NOTICES_SECONDS": "nan"}, "KEFU_NOTICES_SECONDS must be 0"),
        ({"KEFU_NOTICES_SECONDS": "hourly"}, "KEFU_NOTICES_SECONDS='hourly' is not a number"),
        ({"KEFU_PROMO_RATE_PER_MINUTE": "0"}, "KEFU_PROMO_RATE_PER_MINUTE='0' must be a whole number"),
        ({"KEFU_CHAT_IDENTITY_MAX_HOURS": "0"}, "KEFU_CHAT_IDENTITY_MAX_HOURS must be more than 0"),
    ],
)
def test_bad_settings_are_named(env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_the_desk_has_its_defaults_in_the_same_object():
    s = Settings.from_env({})
    assert (s.desk_url, s.desk_redis_url, s.outbound_attempts) == (
        "http://127.0.0.1:8000",
        DEFAULT_DESK_REDIS_URL,
        5,
    )
    assert s.webhook_secret is None and len(s.desk_secret) >= 32
    queue = Settings.from_env({"KEFU_REDIS_URL": "redis://10.0.0.5:6379/2"}).desk_redis_url
    assert queue == "redis://10.0.0.5:6379/2"  # Rasa and the desk share one Redis when it is set


def test_a_mapping_is_never_mixed_with_the_real_environment(monkeypatch):
    monkeypatch.setenv("KEFU_RASA_PORT", "6005")
    assert Settings.from_env({}).rasa_port == 5005
    assert Settings.from_env().rasa_port == 6005


def test_blank_variables_count_as_unset():
    s = Settings.from_env({"KEFU_DESK_PORT": " ", "KEFU_RASA_TOKEN": "", "KEFU_OUTBOUND_URL": ""})
    assert s.desk_port == 8000 and s.outbound_url is None
    assert "KEFU_RASA_TOKEN" in s.random_secrets


def test_every_bad_setting_is_named_at_once():
    with pytest.raises(SettingsError, match="KEFU_RASA_PORT.*; KEFU_DESK_PORT"):
        Settings.from_env({"KEFU_RASA_PORT": "x", "KEFU_DESK_PORT": "y"})


def test_random_secrets_are_named_in_one_warning_without_their_values(caplog):
    s = Settings.from_env({})
    with caplog.at_level(logging.WARNING, logger="bot.settings"):
        s.warn_about_random_secrets()
    [record] = caplog.records
    assert "KEFU_RASA_TOKEN" in record.getMessage() and "KEFU_DESK_SECRET" in record.getMessage()
    assert s.rasa_token not in record.getMessage() and s.desk_secret not in record.getMessage()
    assert s.rasa_token not in repr(s) and s.desk_secret not in repr(s)


def test_no_warning_when_the_secrets_are_set(caplog):
    s = Settings.from_env(
        {
            "KEFU_RASA_TOKEN": "t" * 24,
            "KEFU_DESK_SECRET": "d" * 32,
            "KEFU_CHANNEL_SECRET": "c" * 24,
            "KEFU_ACTIONS_TOKEN": "a" * 24,
        }
    )
    with caplog.at_level(logging.WARNING, logger="bot.settings"):
        s.warn_about_random_secrets()
    assert s.random_secrets == () and caplog.records == []
    assert (s.rasa_token, s.desk_secret) == ("t" * 24, "d" * 32)


def test_the_sellers_desk_file_is_checked_with_its_path(tmp_path):
    bad = tmp_path / "desk.yml"
    bad.write_text("time_zone: Mars/Olympus\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="desk.yml: time_zone: unknown time zone"):
        Settings.from_env({"KEFU_DESK_CONFIG": str(bad)}).seller_desk_config()
    with pytest.raises(SettingsError, match="missing.yml"):
        Settings.from_env({"KEFU_DESK_CONFIG": str(tmp_path / "missing.yml")}).seller_desk_config()
    assert Settings.from_env({}).seller_desk_config().hours.zone.key == "Asia/Shanghai"


def test_the_servers_a_run_starts_read_the_same_settings():
    s = Settings.from_env({"KEFU_DESK_PORT": "26080", "KEFU_OUTBOUND_URL": "https://example.com/replies"})
    child = Settings.from_env(s.environment())
    assert child == s and child.random_secrets == ()  # this run's random secrets, shared, not new ones
    assert "KEFU_DATABASE_URL" not in s.environment()  # unset stays unset: the default applies there too


def test_the_chat_link_settings():
    own = Settings.from_env({"KEFU_CHAT_IDENTITY_SECRET": "links", "KEFU_CHAT_IDENTITY_MAX_HOURS": "2"})
    assert own.chat_identity_secret == "links" and "links" not in repr(own)
    assert own.chat_identity_max_hours == 2 and Settings.from_env({}).chat_identity_max_hours == 24


def test_each_secret_is_random_per_run_unless_set_and_never_in_repr():
    first, second = Settings.from_env({}), Settings.from_env({})
    for name in ("rasa_token", "channel_secret", "actions_token"):
        assert getattr(first, name) != getattr(second, name)
        assert getattr(first, name) not in repr(first)
    fixed = Settings.from_env({"KEFU_CHANNEL_SECRET": "c", "KEFU_ACTIONS_TOKEN": "a"})
    assert (fixed.channel_secret, fixed.actions_token) == ("c", "a")
    env = fixed.rasa_environment()  # what Rasa, the action server and the desk share
    assert (env["KEFU_CHANNEL_SECRET"], env["KEFU_ACTIONS_TOKEN"]) == ("c", "a")
