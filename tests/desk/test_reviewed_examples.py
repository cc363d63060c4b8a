"""reviewed.yml as Rasa reads it (bot/desk/reviewed_examples.py): every text comes back
from Rasa's own reader exactly as labelled, whatever YAML 1.2 or entity markup would make
of it unquoted, and a document Rasa would read otherwise never replaces the file."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.desk import reviewed_examples
from bot.desk.reviewed_examples import ReviewedFileError, add_examples, add_labels

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


HAND_WRITTEN = """version: "3.1"
nlu:
- intent: track_order
  examples: |
    - hi, where is it
    - yo [LP00412348871CN](tracking_number) pls
"""


def test_a_hand_written_block_string_is_read_as_rasa_reads_it(tmp_path):
    path = tmp_path / "en" / "reviewed.yml"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    add_examples(tmp_path, "en", [("hello there", "greet", "tom", AT)])
    parcel = [{"start": 3, "end": 18, "value": "LP00412348871CN", "entity": "tracking_number"}]
    assert read_by_rasa(path) == [
        ("hello there", "greet", None),
        ("hi, where is it", "track_order", None),
        ("yo LP00412348871CN pls", "track_order", parcel),  # its own markup kept
    ]


@pytest.mark.parametrize(
    "content, why",
    [
        (HAND_WRITTEN + "- synonym: parcel\n  examples: |\n    - package\n", "only intent blocks"),
        (HAND_WRITTEN + "    this line is no example\n", "no leading '-'"),
        ('version: "3.1"\nnlu:\n- intent: greet\n  examples:\n  - text: 1e3\n', "no text Rasa reads as one"),
        ('version: "3.1"\nnlu:\n- intent: greet\n  examples:\n  - hello\n', "not a text with metadata"),
        ('version: "3.1"\nrules: []\n', "only `version` and `nlu`"),
        ("nlu: [\n", "not YAML"),
    ],
)
def test_a_file_the_writer_does_not_understand_is_refused_and_left_alone(tmp_path, content, why):
    path = tmp_path / "en" / "reviewed.yml"
    path.parent.mkdir()
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewedFileError, match=why):
        add_examples(tmp_path, "en", [("hello there", "greet", "tom", AT)])
    assert path.read_text(encoding="utf-8") == content


def test_several_languages_are_written_all_or_none(tmp_path):
    broken = tmp_path / "pt" / "reviewed.yml"
    broken.parent.mkdir()
    broken.write_text('version: "3.1"\nrules: []\n', encoding="utf-8")
    labels = {"en": [("hello there", "greet", "tom", AT)], "pt": [("olá", "greet", "tom", AT)]}
    with pytest.raises(ReviewedFileError):
        add_labels(tmp_path, labels)
    assert not (tmp_path / "en" / "reviewed.yml").exists()


def _label_thirty(directory: str, writer: str, start) -> None:
    """One desk process's labels, one at a time (run in a process of its own)."""
    start.wait()
    for number in range(30):
        spelled = "".join(chr(ord("a") + int(digit)) for digit in str(number))  # numbers group as one
        add_examples(Path(directory), "en", [(f"{writer} asks {spelled}", "greet", writer, AT)])


def test_labels_from_two_processes_at_once_are_all_kept(tmp_path):
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [
        context.Process(target=_label_thirty, args=(str(tmp_path), name, start)) for name in ("ann", "bob")
    ]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    assert len(read_by_rasa(tmp_path / "en" / "reviewed.yml")) == 60
