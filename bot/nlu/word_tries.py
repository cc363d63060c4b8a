"""The Chinese and Thai word lists our tokenizer segments with, held in compact tries.

jieba keeps its dictionary (350,000 words and every prefix of each) as a Python dict,
about 70 MB in each Rasa server, and PyThaiNLP's newmm its 62,000 Thai words as a tree
of Python objects. The same words in marisa tries take a few MB, memory-mapped and so
shared by replicas on one machine, and segment exactly as before (tests compare). They
are built once per package version into the cache directory by a child process, so a
server never holds the Python copies (freed memory would stay in its heap).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from array import array
from functools import lru_cache
from pathlib import Path
from typing import List

import marisa_trie
from pythainlp.util import Trie

from bot.nlu.cache_directory import cache_directory

logger = logging.getLogger(__name__)

FORMAT = 1  # bump when what is written changes


def _versions() -> str:
    from importlib.metadata import version

    return f"{FORMAT}-jieba{version('jieba')}-pythainlp{version('pythainlp')}-marisa{version('marisa-trie')}"


def _paths(directory: Path) -> dict:
    stem = f"words-{_versions()}"
    return {
        "chinese": directory / f"{stem}-zh.marisa",
        "counts": directory / f"{stem}-zh.counts",
        "total": directory / f"{stem}-zh.json",
        "thai": directory / f"{stem}-th.marisa",
    }


def _write_atomically(path: Path, write) -> None:
    # Replicas may build at the same time: each writes its own file and renames it.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    write(str(temporary))
    os.replace(temporary, path)


def build(directory: Path) -> None:
    """Write the tries (run in a child process: see the module's note)."""
    import jieba
    from pythainlp.corpus.common import thai_words

    paths = _paths(directory)
    frequencies, total = jieba.Tokenizer().gen_pfdict(jieba.get_dict_file())
    chinese = marisa_trie.Trie(frequencies.keys())
    counts = array("I", bytes(4 * len(chinese)))
    for word, count in frequencies.items():
        counts[chinese.key_id(word)] = count
    _write_atomically(paths["counts"], lambda name: Path(name).write_bytes(counts.tobytes()))
    _write_atomically(paths["total"], lambda name: Path(name).write_text(json.dumps({"total": total})))
    _write_atomically(paths["chinese"], chinese.save)
    _write_atomically(paths["thai"], marisa_trie.Trie(thai_words()).save)


@lru_cache(maxsize=1)
def _built() -> dict:
    directory = cache_directory()
    paths = _paths(directory)
    if not all(path.exists() for path in paths.values()):
        logger.info("Building the Chinese and Thai word tries in %s", directory)
        subprocess.run([sys.executable, "-m", __name__, str(directory)], check=True)
    return paths


class ChineseFrequencies:
    """What jieba reads of its FREQ dict: `in` (a word or a word's prefix), [] and get()."""

    def __init__(self, trie: marisa_trie.Trie, counts: array):
        self._trie = trie
        self._counts = counts

    def __contains__(self, fragment: str) -> bool:
        return fragment in self._trie

    def __getitem__(self, fragment: str) -> int:
        return self._counts[self._trie.key_id(fragment)]

    def get(self, fragment: str, default=None):
        key = self._trie.get(fragment)
        return default if key is None else self._counts[key]


class ThaiWords(Trie):
    """What newmm reads of its dictionary trie: the words starting at a position of a text.
    A PyThaiNLP Trie by type only (empty, never added to): every lookup goes to ours."""

    def __init__(self, trie: marisa_trie.Trie):
        super().__init__([])
        self._trie = trie

    def prefixes(self, text: str, start: int = 0) -> List[str]:
        return self._trie.prefixes(text[start:])

    def __contains__(self, word: str) -> bool:
        return word in self._trie

    def __len__(self) -> int:
        return len(self._trie)


@lru_cache(maxsize=1)
def chinese_tokenizer():
    """A jieba Tokenizer on the default dictionary, held in the trie."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    paths = _built()
    trie = marisa_trie.Trie()
    trie.mmap(str(paths["chinese"]))
    counts = array("I")
    counts.frombytes(paths["counts"].read_bytes())
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = ChineseFrequencies(trie, counts)
    tokenizer.total = json.loads(paths["total"].read_text())["total"]
    tokenizer.initialized = True
    return tokenizer


@lru_cache(maxsize=1)
def thai_words() -> ThaiWords:
    """PyThaiNLP's default Thai word list, held in the trie."""
    trie = marisa_trie.Trie()
    trie.mmap(str(_built()["thai"]))
    return ThaiWords(trie)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
