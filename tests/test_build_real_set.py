"""scripts/build_real_set.py: a real set rebuilt from the corpus by our labelled ids."""

import json

import yaml

from bot import PROJECT_ROOT
from tests.script_modules import script_module


def _builder():
    return script_module("build_real_set")


def _corpus(path, reviews):
    path.write_text("\n".join(json.dumps({"review_id": i, "review_body": b}) for i, b in reviews) + "\n")
    return path


def test_the_set_is_written_in_rasa_format_from_the_labelled_ids(tmp_path, monkeypatch):
    builder = _builder()
    monkeypatch.setattr(builder, "REAL_DIR", tmp_path)
    labels = "review_id,intent\nr2,track_order\nr1,damaged_item\nr3,track_order\n"
    (tmp_path / "xx.labels.csv").write_text(labels)
    dev = _corpus(tmp_path / "dev.json", [("r1", "llegó roto"), ("r2", "no me ha\nllegado")])
    test = _corpus(tmp_path / "test.json", [("r3", "¿dónde está?"), ("r9", "not labelled")])

    assert builder.main(["xx", str(dev), str(test)]) == 0

    written = yaml.safe_load((tmp_path / "xx.yml").read_text(encoding="utf-8"))
    examples = {block["intent"]: block["examples"].splitlines() for block in written["nlu"]}
    assert examples == {
        "track_order": ["- no me ha llegado", "- ¿dónde está?"],
        "damaged_item": ["- llegó roto"],
    }


def test_a_labelled_id_missing_from_the_corpus_writes_nothing(tmp_path, monkeypatch, capsys):
    builder = _builder()
    monkeypatch.setattr(builder, "REAL_DIR", tmp_path)
    (tmp_path / "xx.labels.csv").write_text("review_id,intent\nr1,damaged_item\nr7,track_order\n")
    dev = _corpus(tmp_path / "dev.json", [("r1", "llegó roto")])

    assert builder.main(["xx", str(dev)]) == 1
    assert not (tmp_path / "xx.yml").exists()
    assert "r7" in capsys.readouterr().err


def test_the_repository_holds_the_labels_but_not_the_texts():
    tracked = (PROJECT_ROOT / ".gitignore").read_text()
    assert "tests/nlu/real/es.yml" in tracked
    labels = (PROJECT_ROOT / "tests" / "nlu" / "real" / "es.labels.csv").read_text().splitlines()
    assert labels[0] == "review_id,intent" and len(labels) > 60


def test_a_git_lfs_pointer_in_place_of_the_corpus_is_named_as_such(tmp_path, monkeypatch, capsys):
    builder = _builder()
    monkeypatch.setattr(builder, "REAL_DIR", tmp_path)
    (tmp_path / "xx.labels.csv").write_text("review_id,intent\nr1,damaged_item\n")
    pointer = tmp_path / "dev.json"
    pointer.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:0066\nsize 1930836\n")

    assert builder.main(["xx", str(pointer)]) == 1
    assert not (tmp_path / "xx.yml").exists()
    assert "Git LFS pointer" in capsys.readouterr().err
