"""Reading long messages by their parts, measured outside Rasa (docs/classifier-choice.md,
round 9).

Uses a trained model's own tokenizer and classifier (same lemmas, known spellings, n-gram
SVM, 0.9 embedding gate, e5 embedding, softmax, unknown-word factor), reproduces `kefu
eval`'s figures for the whole message, and compares ways of reading a message over N
characters by its parts (scripts/long_message_parts.py) or by other embeddings of it.

Each real set is split by the sha1 of its text (last hex digit even: half A, odd: half B).
Tune on half A only; `--half B` prints only scores, never texts.

    python scripts/measure_long_messages.py [--model models/kefu-X.tar.gz] [--half A|B|all]
        [--sets real|held|external|all] [--min-length 160 --unit chars|words] [--commas]
        [--long-only] [--pool] [--only NAME,NAME] [--time] [--show-errors]

--long-only --pool scores the long messages of all sets as one (with the messages each
variant made right or wrong against the whole); --time times reading them whole and by parts.

Embeddings are cached in var/measure-embeddings.npz (by text hash, like training's).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bot.nlu.evaluation import EXTERNAL_EN, REAL_DIR, TEST_DIR, load_examples  # noqa: E402

THRESHOLD = 0.5  # the fallback of config.yml in round 9: the softmax at 0.5
CACHE = ROOT / "var" / "measure-embeddings.npz"
# Intents a story is read as (greetings, thanks, feelings) rather than a request.
STORY_INTENTS = {"greet", "goodbye", "thank", "affirm", "deny", "out_of_scope", "inform"}


def half_of(text: str) -> str:
    return "A" if int(hashlib.sha1(text.encode()).hexdigest()[-1], 16) % 2 == 0 else "B"


class Reader:
    """The trained model's tokenizer and classifier, with embeddings from a cache."""

    def __init__(self, model: Path):
        from rasa.core.agent import Agent

        agent = Agent.load(str(model))
        nodes = agent.processor.graph_runner._instantiated_nodes  # type: ignore[union-attr]
        components = [node._component for node in nodes.values()]
        self.tokenizer = next(c for c in components if type(c).__name__ == "MultilingualTokenizer")
        self.classifier = next(c for c in components if type(c).__name__ == "LinearIntentClassifier")
        self.model = self.classifier.model
        self.labels = list(self.model.labels)
        from bot.nlu.sentence_embeddings import EmbeddingCache

        self.cache = EmbeddingCache(CACHE)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        # The cache kept in memory across calls (sentence_embeddings.embed with a path
        # would read and write the whole file on every part).
        from bot.nlu import sentence_embeddings

        missing = [t for t in dict.fromkeys(texts) if sentence_embeddings._key(t) not in self.cache.vectors]
        if missing:
            rows = sentence_embeddings.embed(missing)
            self.cache.vectors.update({sentence_embeddings._key(t): r for t, r in zip(missing, rows)})
            self.cache.save()
        return np.stack([self.cache.vectors[sentence_embeddings._key(t)] for t in texts])

    def ngram_inputs(self, texts: Sequence[str]):
        from rasa.shared.nlu.constants import TEXT
        from rasa.shared.nlu.training_data.message import Message

        from bot.nlu.elongation import known_spellings
        from bot.nlu.intent_classifier import classifier_input, lemmas_of

        messages = [Message(data={TEXT: t}) for t in texts]
        self.tokenizer.process(messages)
        vocabulary = self.model.vocabulary
        lemmas = [known_spellings(lemmas_of(m), vocabulary) for m in messages]
        known = np.array([any(w in vocabulary for w in words) for words in lemmas])
        return [classifier_input(words) for words in lemmas], known

    def confidences(self, texts: Sequence[str], dense: np.ndarray | None = None) -> np.ndarray:
        """Rows as the component gives them; `dense` replaces the e5 embedding of the text.
        TrainedIntentModel.confidences done step by step, since it always embeds the text itself."""
        from scipy import sparse

        from bot.nlu.intent_classifier import softmax

        config = self.classifier.config
        inputs, known = self.ngram_inputs(texts)
        ngrams = self.model.vectorizer.transform(inputs)
        rows = softmax(np.atleast_2d(self.model.ngram_svm.decision_function(ngrams)), config["temperature"])
        unsure = np.flatnonzero(rows.max(axis=1) < config["embedding_gate"])
        if unsure.size:
            vectors = dense[unsure] if dense is not None else self.embed([texts[i] for i in unsure])
            features = sparse.hstack(
                [ngrams[unsure], sparse.csr_matrix(vectors * self.model.embedding_weight)]
            )
            margins = np.atleast_2d(self.model.svm.decision_function(features.tocsr()))
            rows[unsure] = softmax(margins, config["temperature"])
        rows[~known] *= config["unknown_words_factor"]
        return rows


@dataclass
class Message:
    text: str
    expected: str
    whole: np.ndarray
    parts: List[str] = field(default_factory=list)
    part_rows: np.ndarray | None = None
    alternatives: Dict[str, np.ndarray] = field(default_factory=dict)


def words_window(text: str, count: int, last: bool) -> str:
    """The first (or last) `count` words of the text, as written (any script)."""
    from bot.nlu.tokenizer import split_words

    words = split_words(text)
    if len(words) <= count:
        return text
    if last:
        return text[words[-count][1] :]
    word, start = words[count - 1]
    return text[: start + len(word)]


def margin(row: np.ndarray) -> float:
    top = np.sort(row)[-2:]
    return float(top[1] - top[0])


def combine_mix(weight: float) -> Callable[[Message, List[str]], np.ndarray]:
    def read(m: Message, labels: List[str]) -> np.ndarray:
        return (1 - weight) * m.whole + weight * m.part_rows.mean(axis=0)

    return read


def geometric_mix(weight: float) -> Callable[[Message, List[str]], np.ndarray]:
    """Log-confidences (the SVM margins, scaled) averaged, then a softmax again: a mix that
    keeps a clear winner's sharpness where the arithmetic mean flattens it."""

    def read(m: Message, labels: List[str]) -> np.ndarray:
        logs = (1 - weight) * np.log(m.whole + 1e-9) + weight * np.log(m.part_rows + 1e-9).mean(axis=0)
        scaled = np.exp(logs - logs.max())
        return scaled / scaled.sum()

    return read


def max_pooled(m: Message, labels: List[str]) -> np.ndarray:
    pooled = np.vstack([m.whole, m.part_rows]).max(axis=0)
    return pooled / pooled.sum()


def most_confident(m: Message, labels: List[str]) -> np.ndarray:
    rows = np.vstack([m.whole, m.part_rows])
    return rows[int(np.argmax(rows.max(axis=1)))]


def highest_margin(m: Message, labels: List[str]) -> np.ndarray:
    rows = np.vstack([m.whole, m.part_rows])
    return rows[int(np.argmax([margin(r) for r in rows]))]


def request_part(story: set, floor: float) -> Callable[[Message, List[str]], np.ndarray]:
    """The most confident part whose top intent is a request (not a story intent), when it is
    at least `floor` and more confident than the whole; else the whole."""

    def read(m: Message, labels: List[str]) -> np.ndarray:
        best = m.whole
        for row in m.part_rows:
            if labels[int(np.argmax(row))] not in story and row.max() >= floor and row.max() > best.max():
                best = row
        return best

    return read


def request_part_mix(story: set, weight: float) -> Callable[[Message, List[str]], np.ndarray]:
    """The whole mixed with the most confident request part (weight), if any."""

    def read(m: Message, labels: List[str]) -> np.ndarray:
        requests = [r for r in m.part_rows if labels[int(np.argmax(r))] not in story]
        if not requests:
            return m.whole
        best = max(requests, key=lambda r: r.max())
        return (1 - weight) * m.whole + weight * best

    return read


def alternative(name: str) -> Callable[[Message, List[str]], np.ndarray]:
    return lambda m, labels: m.alternatives[name]


def variants() -> Dict[str, Callable[[Message, List[str]], np.ndarray]]:
    story_c = STORY_INTENTS | {"complaint"}
    return {
        "whole (baseline)": lambda m, labels: m.whole,
        "mix parts 0.3": combine_mix(0.3),
        "mix parts 0.5": combine_mix(0.5),
        "mix parts 0.7": combine_mix(0.7),
        "geometric mix parts 0.5": geometric_mix(0.5),
        "geometric mix parts 0.7": geometric_mix(0.7),
        "max-pooled per intent": max_pooled,
        "most confident of whole+parts": most_confident,
        "highest margin of whole+parts": highest_margin,
        "request part >=0.5": request_part(STORY_INTENTS, 0.5),
        "request part (complaint=story) >=0.5": request_part(story_c, 0.5),
        "request part (complaint=story) >=0.7": request_part(story_c, 0.7),
        "whole + request part mix 0.5": request_part_mix(STORY_INTENTS, 0.5),
        "whole + request part (c=story) 0.5": request_part_mix(story_c, 0.5),
        "whole + request part (c=story) 0.3": request_part_mix(story_c, 0.3),
        "e5 of first 48 words": alternative("first48"),
        "e5 of last 48 words": alternative("last48"),
        "e5 of first 24 words": alternative("first24"),
        "e5 of last 24 words": alternative("last24"),
        "e5 mean of parts": alternative("mean_parts"),
        "e5 mean of whole and parts": alternative("mean_whole_parts"),
    }


def time_long(reader: Reader, messages: List[Message]) -> List[tuple]:
    """(ms to read the message whole, ms to read its parts too) for each message, with the
    embedding computed as the component does (no cache); the parts are embedded in one batch."""
    config = reader.classifier.config
    out = []
    for m in messages:
        start = time.perf_counter()
        inputs, _ = reader.ngram_inputs([m.text])
        reader.model.confidences(
            inputs,
            [m.text],
            config["temperature"],
            config["embedding_gate"],
            config.get("embedding_margin", 0.0),
        )
        whole = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        inputs, _ = reader.ngram_inputs(m.parts)
        reader.model.confidences(
            inputs,
            m.parts,
            config["temperature"],
            config["embedding_gate"],
            config.get("embedding_margin", 0.0),
        )
        out.append((whole, whole + (time.perf_counter() - start) * 1000))
    return out


def flips(messages: List[Message], read, labels: List[str]) -> tuple:
    """How many messages the variant reads rightly that the whole did not, and the reverse."""
    gained = lost = 0
    for m in messages:
        if m.part_rows is None:
            continue
        before = labels[int(np.argmax(m.whole))] == m.expected
        after = labels[int(np.argmax(read(m, labels)))] == m.expected
        gained += after and not before
        lost += before and not after
    return gained, lost


def length(text: str, unit: str) -> int:
    from bot.nlu.tokenizer import split_words

    return len(text) if unit == "chars" else len(split_words(text))


def read_set(reader: Reader, examples, min_length: int, unit: str, commas: bool) -> List[Message]:
    from long_message_parts import parts_of

    texts = [t for t, _ in examples]
    wholes = reader.confidences(texts)
    messages = [Message(t, e, w) for (t, e), w in zip(examples, wholes)]
    long_ones = [m for m in messages if length(m.text, unit) > min_length]
    for m in long_ones:
        m.parts = parts_of(m.text, commas=commas) or [m.text]
        m.part_rows = reader.confidences(m.parts)
        windows = {
            f"{side}{k}": words_window(m.text, k, last=(side == "last"))
            for side in ("first", "last")
            for k in (24, 48)
        }
        for name, window in windows.items():
            m.alternatives[name] = reader.confidences([m.text], reader.embed([window]))[0]
        part_vectors = reader.embed(m.parts)
        mean = part_vectors.mean(axis=0)
        m.alternatives["mean_parts"] = reader.confidences([m.text], (mean / np.linalg.norm(mean))[None])[0]
        both = reader.embed([m.text])[0] + mean / np.linalg.norm(mean)
        m.alternatives["mean_whole_parts"] = reader.confidences(
            [m.text], (both / np.linalg.norm(both))[None]
        )[0]
    return messages


def scores(
    messages: List[Message], read, labels: List[str], clarify_share: float | None = None
) -> Dict[str, float]:
    """Macro-F1, accuracy, and the shares answered wrongly, clarified and answered right at
    the fallback threshold; with `clarify_share`, also the wrong share at the threshold that
    clarifies that share (to compare variants at equal clarification, not to choose one)."""
    from sklearn.metrics import f1_score

    rows = [read(m, labels) if m.part_rows is not None else m.whole for m in messages]
    guess = [labels[int(np.argmax(r))] for r in rows]
    gold = [m.expected for m in messages]
    clarified = [r.max() < THRESHOLD for r in rows]
    n = len(messages)
    tops = np.array([r.max() for r in rows])
    right_top = np.array([g == p for g, p in zip(gold, guess)])
    matched_wrong = float("nan")
    if clarify_share is not None:
        asked = np.argsort(tops)[: int(round(clarify_share * n))]
        answered = np.ones(n, dtype=bool)
        answered[asked] = False
        matched_wrong = float((answered & ~right_top).sum() / n)
    return {
        "matched_wrong": matched_wrong,
        "n": n,
        "f1": f1_score(gold, guess, labels=sorted(set(gold)), average="macro", zero_division=0),
        "acc": sum(g == p for g, p in zip(gold, guess)) / n,
        "wrong": sum((g != p) and not c for g, p, c in zip(gold, guess, clarified)) / n,
        "clarify": sum(clarified) / n,
        "right": sum((g == p) and not c for g, p, c in zip(gold, guess, clarified)) / n,
    }


def load_sets(which: str, half: str) -> Dict[str, list]:
    sets: Dict[str, list] = {}
    if which in ("real", "all"):
        for path in sorted(REAL_DIR.glob("*.yml")):
            examples = load_examples(path)
            if half != "all":
                examples = [(t, i) for t, i in examples if half_of(t) == half]
            sets[f"real-{path.stem}"] = examples
    if which in ("held", "all"):
        for path in sorted(TEST_DIR.glob("*.yml")):
            sets[path.stem] = load_examples(path)
    if which in ("external", "all") and EXTERNAL_EN.exists():
        sets["external-en"] = load_examples(EXTERNAL_EN)
    return sets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="default: the newest in models/")
    parser.add_argument("--half", choices=("A", "B", "all"), default="A")
    parser.add_argument("--sets", choices=("real", "held", "external", "all"), default="real")
    parser.add_argument("--min-length", type=int, default=160, help="read by parts over this length")
    parser.add_argument("--unit", choices=("chars", "words"), default="chars")
    parser.add_argument("--commas", action="store_true", help="also cut parts at commas")
    parser.add_argument(
        "--only", default=None, help="variants whose name contains one of these (comma-separated)"
    )
    parser.add_argument(
        "--time", action="store_true", help="time reading the long messages whole and by parts"
    )
    parser.add_argument("--long-only", action="store_true", help="score only the messages over N characters")
    parser.add_argument("--pool", action="store_true", help="score the sets' messages as one set")
    parser.add_argument("--show-errors", action="store_true", help="half A only: long messages read wrongly")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    model = Path(args.model) if args.model else max((ROOT / "models").glob("*.tar.gz"), key=os.path.getmtime)
    reader = Reader(model)
    wanted = args.only.split(",") if args.only else []
    chosen = {
        k: v for k, v in variants().items() if not wanted or any(w in k for w in wanted) or "baseline" in k
    }
    table: Dict[str, Dict[str, Dict[str, float]]] = {name: {} for name in chosen}
    started = time.perf_counter()
    pooled: List[Message] = []
    timings: List[tuple] = []
    for set_name, examples in load_sets(args.sets, args.half).items():
        messages = read_set(reader, examples, args.min_length, args.unit, args.commas)
        if args.long_only and not any(m.part_rows is not None for m in messages):
            print(f"{set_name}: no message over {args.min_length} {args.unit}")
            continue
        if args.time:
            timings.extend(time_long(reader, [m for m in messages if m.part_rows is not None]))
        if args.long_only:
            messages = [m for m in messages if m.part_rows is not None]
        if args.pool:
            pooled.extend(messages)
            continue
        if not messages:
            continue
        for name, read in chosen.items():
            table[name][set_name] = scores(messages, read, reader.labels)
        if args.show_errors and args.half == "A" and set_name.startswith("real-"):
            for m in messages:
                if m.part_rows is None:
                    continue
                got = reader.labels[int(np.argmax(m.whole))]
                print(f"[{set_name}] {m.expected} <- {got} {m.whole.max():.2f}")
                for part, row in zip(m.parts, m.part_rows):
                    print(f"    {reader.labels[int(np.argmax(row))]:>16} {row.max():.2f} | {part}")
    if args.pool and pooled:
        base = scores(pooled, chosen["whole (baseline)"], reader.labels)
        for name, read in chosen.items():
            table[name]["pooled"] = scores(pooled, read, reader.labels, base["clarify"])
            gained, lost = flips(pooled, read, reader.labels)
            print(f"{name[:40]:40} top intent made right {gained}, made wrong {lost}")
    print(
        f"model {model.name}, half {args.half}, over {args.min_length} {args.unit}, "
        f"commas {args.commas}, {time.perf_counter() - started:.0f} s"
    )
    set_names = list(next(iter(table.values())).keys())
    if not set_names:
        return 0
    print(f"{'variant':40} " + " ".join(f"{s[:11]:>36}" for s in set_names) + f" {'mean':>36}")
    print(f"{'':40} " + " ".join(f"{'F1/acc/wrong/clar/right/=wrong':>36}" for _ in set_names + ["mean"]))
    for name, by_set in table.items():
        cells = [by_set[s] for s in set_names]
        mean = {
            k: float(np.mean([c[k] for c in cells]))
            for k in ("f1", "acc", "wrong", "clarify", "right", "matched_wrong")
        }
        row = " ".join(
            "/".join(
                f"{c[k]:.3f}" for k in ("f1", "acc", "wrong", "clarify", "right", "matched_wrong")
            ).rjust(36)
            for c in cells + [mean]
        )
        print(f"{name[:40]:40} {row}")
    if timings:
        whole, parts = (sorted(t[i] for t in timings) for i in (0, 1))
        print(
            f"{len(timings)} long messages, ms whole / parts as well (uncached e5, one batch of parts): "
            f"p50 {whole[len(whole) // 2]:.1f} / {parts[len(parts) // 2]:.1f}, "
            f"p90 {whole[int(0.9 * len(whole))]:.1f} / {parts[int(0.9 * len(parts))]:.1f}, "
            f"max {whole[-1]:.1f} / {parts[-1]:.1f}"
        )
    print("n: " + ", ".join(f"{s} {table['whole (baseline)'][s]['n']}" for s in set_names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
