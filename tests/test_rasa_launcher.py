"""Rasa's API token reaches Rasa without appearing on any command line."""

import subprocess
import sys

import pytest

from bot import PROJECT_ROOT
from bot.rasa_launcher import rasa_arguments


def test_the_token_is_added_inside_the_process():
    assert rasa_arguments(["run", "--enable-api"], "s3cret") == [
        "rasa",
        "run",
        "--enable-api",
        "--auth-token=s3cret",
    ]


def test_a_token_starting_with_a_dash_reaches_rasa_as_the_tokens_value():
    import argparse

    from rasa.cli.arguments.run import add_server_arguments

    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    parsed, _ = parser.parse_known_args(rasa_arguments(["--enable-api"], "-Xk_9token")[1:])
    assert parsed.auth_token == "-Xk_9token"


def test_a_token_on_the_command_line_is_refused():
    with pytest.raises(SystemExit, match="KEFU_RASA_TOKEN"):
        rasa_arguments(["run", "--auth-token", "visible"], "s3cret")
    with pytest.raises(SystemExit, match="KEFU_RASA_TOKEN"):
        rasa_arguments(["run", "--auth-token=visible"], "s3cret")


def test_without_a_token_rasa_does_not_start():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.rasa_launcher", "run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "KEFU_RASA_TOKEN" in result.stderr


def test_the_stack_starts_rasa_through_the_launcher():
    source = (PROJECT_ROOT / "bot" / "stack.py").read_text()
    assert '"bot.rasa_launcher"' in source and '"--auth-token"' not in source


def test_rasas_server_writes_no_access_log_whatever_the_log_level(monkeypatch):
    """Rasa takes its API token only in the query (?token=), which Sanic's access log writes."""
    import rasa.core.run
    from sanic import Sanic

    from bot.rasa_launcher import no_access_log

    monkeypatch.setattr(rasa.core.run, "configure_app", rasa.core.run.configure_app)  # undone after
    monkeypatch.setenv("LOG_LEVEL_LIBRARIES", "INFO")
    monkeypatch.setattr(Sanic, "test_mode", True)  # another app of Rasa's name may exist
    no_access_log()
    no_access_log()  # once only, however often installed
    app = rasa.core.run.configure_app(enable_api=True, auth_token="s3cret")
    assert app.config.ACCESS_LOG is False


def test_rasa_runs_without_jax():
    code = (
        "import sys; from bot.rasa_launcher import leave_out_jax; leave_out_jax()\n"
        "from tensorflow.lite.python import util\n"
        "print(util._xla_computation is None and 'jaxlib' not in sys.modules)"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr[-2000:]
