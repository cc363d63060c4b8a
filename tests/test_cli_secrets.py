"""Commands that cannot do what they were asked say so, rather than start half-trusted or do another thing."""

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


def test_eval_of_a_missing_model_is_an_error_not_another_model(tmp_path, capsys):
    # Rasa's loader would evaluate the newest model of the folder instead, silently.
    missing = tmp_path / "kefu-nope.tar.gz"
    assert main(["eval", "--model", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
