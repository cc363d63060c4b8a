"""The embedding caches: on disk for training, and kept across an evaluation's models."""

from __future__ import annotations

import numpy as np
import pytest

from bot.nlu import sentence_embeddings
from bot.nlu.sentence_embeddings import embed, kept_in


@pytest.fixture
def counted(monkeypatch):
    """The texts the model is asked to embed, call by call (the real model answers)."""
    asked: list[list[str]] = []
    model = sentence_embeddings._loaded_model()
    real_query = model.query

    class Counting:
        def query(self, texts):
            asked.append(list(texts))
            return real_query(texts)

    monkeypatch.setattr(sentence_embeddings, "_loaded_model", lambda: Counting())
    return asked


def test_inside_kept_in_a_text_is_embedded_once_and_saved_on_leaving(tmp_path, counted):
    path = tmp_path / "evaluation-embeddings.npz"
    with kept_in(path):
        first = embed(["ainda não recebi", "where is my parcel"])
        again = embed(["where is my parcel"])
        assert not path.exists()  # saved once, on leaving
    assert counted == [["ainda não recebi", "where is my parcel"]]
    assert np.array_equal(again[0], first[1]) and first.shape == (2, sentence_embeddings.DIMENSIONS)
    with kept_in(path):
        read_back = embed(["where is my parcel", "ainda não recebi"])
    assert len(counted) == 1  # the second evaluation embeds nothing
    assert np.array_equal(read_back, first[::-1])


def test_outside_kept_in_nothing_is_kept(tmp_path, counted):
    embed(["barang belum diterima"])
    embed(["barang belum diterima"])
    assert counted == [["barang belum diterima"], ["barang belum diterima"]]
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_cache_is_rebuilt(tmp_path, counted):
    path = tmp_path / "evaluation-embeddings.npz"
    path.write_bytes(b"not a numpy archive")
    with kept_in(path):
        row = embed(["包裹到哪了"])
    assert len(counted) == 1
    with np.load(path) as stored:
        assert np.array_equal(stored["vectors"][0], row[0])
