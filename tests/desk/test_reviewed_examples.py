"""reviewed.yml as Rasa reads it (bot/desk/reviewed_examples.py): every text comes back
from Rasa's own reader exactly as labelled, whatever YAML 1.2 or entity markup would make
of it unquoted, and a document Rasa would read otherwise never replaces the file."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.desk import reviewed_examples
from bot.desk.reviewed_examples import ReviewedFileError, add_examples

AT = datetime(2026, 5, 1, 10, 0, tzinfo=timezone.utc)


def read_by_rasa(path):
    found = RasaYAMLReader().read(path).training_examples
    return sorted((m.get("text"), m.get("intent"), m.get("entities")) for m in found)


def test_texts_yaml_1_2_would_read_as_numbers_come_back_as_texts(tmp_path):
    path = add_examples(
        tmp_path, "en", [("1e3", "greet", "tom", AT), ("0o17 pieces", "track_order", "null", AT)]
    )
    assert read_by_rasa(path) == [("0o17 pieces", "track_order", None), ("1e3", "greet", None)]


def test_a_buyers_brackets_never_become_entities(tmp_path):
    texts = ["the [blue one](color) please", '[x]{"a":1}', "size [M][{}] ok"]
    path = add_examples(tmp_path, "en", [(text, "greet", "tom", AT) for text in texts])
    assert read_by_rasa(path) == [
        ('[x] {"a":1}', "greet", None),
        ("size [M] [{}] ok", "greet", None),
        ("the [blue one] (color) please", "greet", None),
    ]


def test_a_document_rasa_would_read_otherwise_is_not_written(tmp_path, monkeypatch):
    path = add_examples(tmp_path, "en", [("hello", "greet", "tom", AT)])
    before = path.read_text(encoding="utf-8")
    monkeypatch.setattr(reviewed_examples, "_without_markup", lambda text: text)  # markup left in
    with pytest.raises(ReviewedFileError, match="would not read back"):
        add_examples(tmp_path, "en", [("the [blue one](color)", "greet", "tom", AT)])
    assert path.read_text(encoding="utf-8") == before
