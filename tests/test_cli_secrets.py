"""Commands that need a shared secret say so instead of starting half-trusted."""

import pytest

from bot.cli import main


@pytest.mark.parametrize(
    "argv, variable",
    [(["actions"], "KEFU_ACTIONS_TOKEN"), (["chat", "--buyer", "lazada-th-001"], "KEFU_CHANNEL_SECRET")],
)
def test_a_missing_secret_is_named(monkeypatch, capsys, argv, variable):
    monkeypatch.delenv(variable, raising=False)
    assert main(argv) == 2
    assert variable in capsys.readouterr().err
