"""The Latin-script language model trained on data/nlu as `kefu train` trains it, once
per test session, and a model archive holding it as Rasa packs one."""

from __future__ import annotations

import io
import tarfile
from functools import lru_cache
from pathlib import Path

from bot import PROJECT_ROOT
from bot.nlu.language import LATIN_MODEL_FILE, LanguageIdentifier, LatinModel, read_examples_by_language


@lru_cache(maxsize=1)
def trained_latin_model() -> LatinModel:
    return LatinModel.train(read_examples_by_language(PROJECT_ROOT / "data" / "nlu"))


def trained_identifier() -> LanguageIdentifier:
    return LanguageIdentifier(trained_latin_model())


def model_archive(path: Path, latin_model: LatinModel | None = None) -> Path:
    """A .tar.gz laid out as Rasa stores a trained LanguageDetector's part (or without one)."""
    import joblib

    with tarfile.open(path, "w:gz") as archive:
        if latin_model is not None:
            stored = io.BytesIO()
            joblib.dump({"pipeline": latin_model.pipeline, "known_words": latin_model.known_words}, stored)
            name = "components/train_bot.nlu.language_detector.LanguageDetector1/"
            member = tarfile.TarInfo(name + LATIN_MODEL_FILE)
            member.size = stored.tell()
            stored.seek(0)
            archive.addfile(member, stored)
        other = tarfile.TarInfo("metadata.json")
        other.size = 2
        archive.addfile(other, io.BytesIO(b"{}"))
    return path
