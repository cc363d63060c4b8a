"""A CSV import is read off the desk's event loop: while one file is being read (a 2 MB file
takes about a second), every other agent and buyer is still answered. The test's parse
blocks until the test lets it go, so this is shown without timing anything."""

from __future__ import annotations

import threading

import pytest
import requests

from bot.desk import examples_csv, quick_replies_csv
from tests.desk.conftest import add_agent

IMPORTS = [
    (
        quick_replies_csv,
        "/api/quick-replies.csv",
        "supervisor",
        "language,title,text\r\nen,Hi,Hello there\r\n",
    ),
    (
        examples_csv,
        "/api/trainer/examples.csv",
        "trainer",
        "language,text,intent,labelled_by,labelled_at\r\nen,where is my parcel,track_order,,\r\n",
    ),
]


@pytest.mark.parametrize("module, path, role, body", IMPORTS, ids=["quick-replies", "examples"])
def test_other_requests_are_answered_while_a_csv_import_is_read(
    make_desk, fake_rasa, journal, tmp_path, monkeypatch, module, path, role, body
):
    add_agent(journal, "pat", role)
    desk = make_desk(fake_rasa.url, nlu_data_dir=tmp_path / "nlu", train_root=tmp_path / "project")
    token = desk.login("pat")
    reading, release = threading.Event(), threading.Event()
    parse = module.parse

    def held_parse(*args):
        reading.set()
        release.wait(20)  # on the event loop, this would hold every other request as long
        return parse(*args)

    monkeypatch.setattr(module, "parse", held_parse)
    answers: dict = {}

    def upload() -> None:
        answers["import"] = requests.post(
            f"{desk.url}{path}",
            data=body.encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
            timeout=30,
        )

    uploading = threading.Thread(target=upload)
    uploading.start()
    try:
        assert reading.wait(10), "the import never started reading its file"
        me = requests.get(f"{desk.url}/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert me.status_code == 200, me.text
    finally:
        release.set()
        uploading.join(30)
    assert answers["import"].status_code == 200, answers["import"].text
