"""The language a conversation takes from its first message, as the running bot picks it:
every message of a set read as a buyer's first one, by the LanguageDetector's detection
(bot/nlu/language.py, Latin model trained on data/nlu as `kefu train` trains it) and
LanguagePolicy's choice (bot/nlu/language_policy.py), once with no prior and once with the
buyer's country (what the desk or a marketplace channel puts in the metadata).

    python scripts/measure_first_language.py [--sets held real first] [--show-wrong]

Per set and language: right, wrong and undecided (no language set: the reply goes out in
the slot's initial English), for all messages and for short ones (<= 4 words or <= 12
characters). Sets: held-out tests/nlu/<lang>.yml, real tests/nlu/real/<lang>.yml, our own
short first messages tests/nlu/first/<lang>.txt (ms.txt, Malay, counts as Indonesian).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.evaluation import REAL_DIR, TEST_DIR, load_examples  # noqa: E402
from bot.nlu.language_detector import parse_fields  # noqa: E402
from bot.nlu.scripts import HAN, THAI, letter_counts  # noqa: E402

FIRST_DIR = ROOT / "tests" / "nlu" / "first"
# The buyer's country a marketplace would name for each language's market.
COUNTRY = {"en": "US", "zh": "CN", "ru": "RU", "es": "MX", "pt": "BR", "th": "TH", "vi": "VN", "id": "ID"}
# Fixture files whose language we answer in another of ours.
ANSWERED_IN = {"ms": "id"}
SHORT_WORDS, SHORT_CHARS = 4, 12
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def is_short(text: str) -> bool:
    """<= 12 characters, or <= 4 words where words are spaced (not Chinese or Thai)."""
    counts = letter_counts(text)
    spaced = counts[HAN] + counts[THAI] <= sum(counts.values()) / 2
    return len(text.strip()) <= SHORT_CHARS or (spaced and len(text.split()) <= SHORT_WORDS)


def read_set(name: str) -> Iterator[Tuple[str, str, str]]:
    """(language, text, file stem) of every message of a set."""
    if name == "first":
        for path in sorted(FIRST_DIR.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield ANSWERED_IN.get(path.stem, path.stem), line.strip(), path.stem
        return
    folder = TEST_DIR if name == "held" else REAL_DIR
    for path in sorted(folder.glob("*.yml")):
        for text, _ in load_examples(path):
            yield path.stem, text, path.stem


def identifier_from_data():
    from bot.nlu.language import LanguageIdentifier, LatinModel, read_examples_by_language

    return LanguageIdentifier(LatinModel.train(read_examples_by_language(ROOT / "data" / "nlu")))


def first_message_language(fields: Dict, metadata: Dict) -> str | None:
    """The language LanguagePolicy gives a new conversation whose first message parsed so."""
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.nlu.language_policy import language_to_follow

    intent = {"name": "greet", "confidence": 1.0}
    said = UserUttered(None, intent, parse_data=fields, metadata=metadata)
    tracker = DialogueStateTracker.from_events("measure", [ActionExecuted("action_listen"), said])
    return language_to_follow(tracker)


def outcome(expected: str, got: str | None) -> str:
    return "undecided" if got is None else ("right" if got == expected else "wrong")


def measure(sets: List[str], identifier, decide: Callable) -> Tuple[Dict, List[Tuple]]:
    """{(set, lang, prior, length): Counter(outcome)} and the wrong ones; decide(detection,
    metadata) is the language the conversation gets."""
    counts: Dict[Tuple[str, str, str, str], Counter] = {}
    wrong: List[Tuple] = []
    for name in sets:
        for lang, text, stem in read_set(name):
            found = identifier.detect(_ANNOTATION.sub(r"\1", text))
            lengths = ("all", "short") if is_short(text) else ("all",)
            for prior, metadata in (("none", {}), ("country", {"country": COUNTRY[lang]})):
                got = decide(found, metadata)
                result = outcome(lang, got)
                for length in lengths:
                    counts.setdefault((name, stem, prior, length), Counter())[result] += 1
                if result != "right":
                    wrong.append((name, stem, prior, result, got, found, text))
    return counts, wrong


def table(counts: Dict) -> str:
    lines = [
        f"{'set':<6} {'lang':<4} {'n':>4} {'no prior r/w/u':>16} {'country r/w/u':>15}"
        f" {'short n':>7} {'short no prior':>15} {'short country':>14}"
    ]
    keys = sorted({(s, lang) for s, lang, _, _ in counts})

    def cell(key) -> str:
        c = counts.get(key, Counter())
        return f"{c['right']}/{c['wrong']}/{c['undecided']}"

    for name, lang in keys:
        n = sum(counts[(name, lang, "none", "all")].values())
        short_n = sum(counts.get((name, lang, "none", "short"), Counter()).values())
        lines.append(
            f"{name:<6} {lang:<4} {n:>4} {cell((name, lang, 'none', 'all')):>16}"
            f" {cell((name, lang, 'country', 'all')):>15} {short_n:>7}"
            f" {cell((name, lang, 'none', 'short')):>15} {cell((name, lang, 'country', 'short')):>14}"
        )
    return "\n".join(lines)


def main(argv: List[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sets = ["held", "real", "first"]
    parser.add_argument("--sets", nargs="+", default=sets, choices=sets)
    parser.add_argument("--desk", action="store_true", help="the desk's first words (welcome, busy note)")
    parser.add_argument("--model", type=Path, help="the desk detector from this model, else fastText")
    parser.add_argument("--show-wrong", action="store_true", help="list every message not right")
    parser.add_argument("--json", type=Path, help="also write the counts here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.desk:
        from bot.desk.language_hints import first_words_language
        from bot.nlu.language import LanguageIdentifier, identifier_from_archive

        identifier = identifier_from_archive(args.model) if args.model else LanguageIdentifier()

        def decide(found, metadata):
            return first_words_language(found, metadata)

    else:
        identifier = identifier_from_data()

        def decide(found, metadata):
            return first_message_language(parse_fields(found), metadata)

    counts, wrong = measure(args.sets, identifier, decide)
    print(table(counts))
    print(f"({time.perf_counter() - start:.1f} s; cells are right/wrong/undecided)")
    if args.show_wrong:
        for row in wrong:
            print(" | ".join(str(v) for v in row))
    if args.json:
        args.json.write_text(json.dumps({"|".join(k): dict(v) for k, v in counts.items()}, indent=1))


if __name__ == "__main__":
    main()
