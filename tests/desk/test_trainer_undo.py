"""Undoing a trainer's label through the real desk (Redis, SQL journal; Rasa scripted at the
edge): the example leaves reviewed.yml (still valid Rasa YAML, the other examples kept), the
undo is kept with who and when, the group is back in the inbox, and a retrain training
meanwhile keeps the example while the next one's label waits as before."""

from __future__ import annotations

import yaml
from sqlalchemy import select

from bot.desk.label_tables import NluLabelRemoval
from bot.desk.model_history import ModelHistory
from tests.desk.conftest import add_agent, write_nlu_file
from tests.desk.test_trainer_inbox import desk, inbox, rasa  # noqa: F401 - pytest fixtures used by name

NOT_ARRIVED = {"language": "pt", "text": "Não chegou meu produto SO-1", "intent": "track_order"}
NOT_YET = {"language": "pt", "text": "O produto ainda não veio", "intent": "out_of_scope"}


def examples(path):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    return sorted((m.get("text"), m.get("intent")) for m in RasaYAMLReader().read(path).training_examples)


def test_a_label_given_by_mistake_is_undone_by_another_trainer(desk, journal, tmp_path):  # noqa: F811
    add_agent(journal, "tom", "trainer")
    add_agent(journal, "sue", "supervisor")
    tom, sue = desk.login("tom"), desk.login("sue")
    desk.chat("b1", "Não chegou meu produto SO-1")
    desk.chat("b2", "O produto ainda não veio")
    for label in (NOT_ARRIVED, NOT_YET):
        assert desk.api("POST", "/api/trainer/label", tom, json=label).status_code == 201
    assert inbox(desk, tom)["groups"] == []
    recent = desk.api("GET", "/api/trainer/labels?lang=pt", sue).json()
    assert [(g["text"], g["intent"], g["by"]) for g in recent["labels"]] == [
        ("O produto ainda não veio", "out_of_scope", "tom"),
        ("Não chegou meu produto SO-1", "track_order", "tom"),
    ]
    assert recent["undone"] == []

    # The supervisor undoes tom's out_of_scope, naming it by other near-identical words.
    reply = desk.api(
        "POST", "/api/trainer/unlabel", sue, json={"language": "pt", "text": "o produto  AINDA não veio!"}
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["file"] == "pt/reviewed.yml"
    undone = reply.json()["undone"]
    assert (undone["intent"], undone["labelled_by"], undone["undone_by"]) == ("out_of_scope", "tom", "sue")
    path = tmp_path / "nlu" / "pt" / "reviewed.yml"
    assert examples(path) == [("Não chegou meu produto SO-1", "track_order")]
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == "3.1"
    # Back in the inbox, with no earlier label shown: it is as if never labelled.
    [group] = inbox(desk, tom)["groups"]
    assert group["text"] == "O produto ainda não veio" and group["labelled"] is None
    # Who undid what and when, kept in the journal's database and listed.
    with journal.engine.connect() as conn:
        [row] = conn.execute(select(NluLabelRemoval)).all()
    assert (row.text, row.intent, row.labelled_by, row.removed_by) == (
        "O produto ainda não veio",
        "out_of_scope",
        "tom",
        "sue",
    )
    recent = desk.api("GET", "/api/trainer/labels?lang=pt", tom).json()
    assert [g["text"] for g in recent["labels"]] == ["Não chegou meu produto SO-1"]
    assert [(u["text"], u["undone_by"]) for u in recent["undone"]] == [("O produto ainda não veio", "sue")]
    # Undone twice: nothing left to undo. Labelled again: the file has it again.
    again = desk.api(
        "POST", "/api/trainer/unlabel", sue, json={"language": "pt", "text": "O produto ainda não veio"}
    )
    assert again.status_code == 404 and "no pt label" in again.json()["error"]
    relabel = dict(NOT_YET, intent="track_order")
    assert desk.api("POST", "/api/trainer/label", tom, json=relabel).status_code == 201
    assert examples(path) == [
        ("Não chegou meu produto SO-1", "track_order"),
        ("O produto ainda não veio", "track_order"),
    ]


def test_undoing_a_label_never_written_leaves_the_file_alone(desk, journal, tmp_path):  # noqa: F811
    add_agent(journal, "tom", "trainer")
    tom = desk.login("tom")
    write_nlu_file(tmp_path / "nlu" / "pt" / "orders.yml", "track_order", "não chegou meu produto")
    label = dict(NOT_ARRIVED, text="Não chegou meu produto")
    assert desk.api("POST", "/api/trainer/label", tom, json=label).status_code == 201
    before = (tmp_path / "nlu" / "pt" / "reviewed.yml").read_text(encoding="utf-8")
    reply = desk.api(
        "POST", "/api/trainer/unlabel", tom, json={"language": "pt", "text": "não chegou meu produto"}
    )
    assert reply.status_code == 200 and reply.json()["file"] is None, reply.text
    assert (tmp_path / "nlu" / "pt" / "reviewed.yml").read_text(encoding="utf-8") == before
    assert (tmp_path / "nlu" / "pt" / "orders.yml").exists()


def test_a_hand_edited_file_the_desk_cannot_rewrite_keeps_the_label(desk, journal, tmp_path):  # noqa: F811
    add_agent(journal, "tom", "trainer")
    tom = desk.login("tom")
    assert desk.api("POST", "/api/trainer/label", tom, json=NOT_ARRIVED).status_code == 201
    path = tmp_path / "nlu" / "pt" / "reviewed.yml"
    path.write_text(path.read_text(encoding="utf-8") + "- synonym: pacote\n  examples: |\n    - encomenda\n")
    reply = desk.api(
        "POST", "/api/trainer/unlabel", tom, json={"language": "pt", "text": NOT_ARRIVED["text"]}
    )
    assert reply.status_code == 409 and "only intent blocks" in reply.json()["error"], reply.text
    assert "synonym: pacote" in path.read_text(encoding="utf-8")
    labels = desk.api("GET", "/api/trainer/labels?lang=pt", tom).json()
    assert [g["text"] for g in labels["labels"]] == [NOT_ARRIVED["text"]] and labels["undone"] == []


def test_an_undo_while_a_retrain_trains_is_in_the_next_retrain(desk, journal, tmp_path):  # noqa: F811
    add_agent(journal, "tom", "trainer")
    tom = desk.login("tom")
    desk.chat("b1", "Não chegou meu produto SO-1")
    assert desk.api("POST", "/api/trainer/label", tom, json=NOT_ARRIVED).status_code == 201
    history = ModelHistory(journal.engine)
    training = history.start("tom")["id"]  # has read reviewed.yml with the example
    undo = {"language": "pt", "text": NOT_ARRIVED["text"]}
    assert desk.api("POST", "/api/trainer/unlabel", tom, json=undo).status_code == 200
    assert not any("chegou" in text for text, _ in examples(tmp_path / "nlu" / "pt" / "reviewed.yml"))
    # The group is the trainer's again at once; labelled anew meanwhile, it waits for the next retrain.
    assert [g["text"] for g in inbox(desk, tom)["groups"]] == [NOT_ARRIVED["text"]]
    relabel = dict(NOT_ARRIVED, intent="urge_shipment")
    assert desk.api("POST", "/api/trainer/label", tom, json=relabel).status_code == 201
    history.update(training, "done", promoted=True, model_file="kefu-new.tar.gz")
    desk.chat("b2", "não chegou meu produto SO-2")
    assert inbox(desk, tom)["groups"] == []


def test_only_trainers_and_supervisors_undo_labels(desk, journal):  # noqa: F811
    add_agent(journal, "tom", "trainer")
    add_agent(journal, "ann", "tier1")
    assert desk.api("POST", "/api/trainer/label", desk.login("tom"), json=NOT_ARRIVED).status_code == 201
    ann = desk.login("ann")
    undo = {"language": "pt", "text": NOT_ARRIVED["text"]}
    assert desk.api("POST", "/api/trainer/unlabel", ann, json=undo).status_code == 403
    assert desk.api("GET", "/api/trainer/labels?lang=pt", ann).status_code == 403
    assert desk.api("POST", "/api/trainer/unlabel", json=undo).status_code == 401
    assert desk.api("GET", "/api/trainer/labels?lang=xx", desk.login("tom")).status_code == 400
    blank = {"language": "pt", "text": " "}
    assert desk.api("POST", "/api/trainer/unlabel", desk.login("tom"), json=blank).status_code == 400
