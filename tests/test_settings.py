import pytest

from bot.settings import Settings, SettingsError


def test_defaults_run_embedded():
    s = Settings.from_env({})
    assert (s.rasa_host, s.rasa_port, s.actions_port) == ("127.0.0.1", 5005, 5055)
    assert s.redis_url is None
    assert len(s.rasa_token) >= 24  # the API is never open without a token


def test_each_run_without_a_token_gets_a_new_one():
    assert Settings.from_env({}).rasa_token != Settings.from_env({}).rasa_token


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
    ],
)
def test_bad_settings_are_named(env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_each_secret_is_random_per_run_unless_set_and_never_in_repr():
    first, second = Settings.from_env({}), Settings.from_env({})
    for name in ("rasa_token", "channel_secret", "actions_token"):
        assert getattr(first, name) != getattr(second, name)
        assert getattr(first, name) not in repr(first)
    fixed = Settings.from_env({"KEFU_CHANNEL_SECRET": "c", "KEFU_ACTIONS_TOKEN": "a"})
    assert (fixed.channel_secret, fixed.actions_token) == ("c", "a")
    env = fixed.rasa_environment()  # what Rasa, the action server and the desk share
    assert (env["KEFU_CHANNEL_SECRET"], env["KEFU_ACTIONS_TOKEN"]) == ("c", "a")
