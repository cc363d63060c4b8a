"""Check the NLU training and held-out data of one or all languages.

Counts examples per intent, checks entity markup and finds test lines that are
the same as (or nearly the same as) a training line. The real buyer messages in
tests/nlu/real/<lang>.yml (evaluation only) must not reach the training data
either. Exit 1 on any problem.

    python scripts/check_nlu_data.py [LANG ...]
"""

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.near_identical import NearIndex  # noqa: E402  (one test for this check and the desk's)

# The buyer intents are the domain's: one list, kept in domain.yml.
INTENTS = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny"}
MIN_TRAIN, MIN_TRAIN_SMALL, MIN_TEST = 40, 20, 10
ENTITY = re.compile(r"\[([^\]]+)\]\((order_id|tracking_number)\)")
ANY_MARKUP = re.compile(r"\[[^\]]*\]\([^)]*\)")
ORDER_ID = re.compile(r"^\d{6,20}(-\d{1,6}){0,2}$")
TRACKING = re.compile(r"^[A-Z]{2,5}\d{8,18}[A-Z]{0,2}$")


def load_examples(path):
    """(intent, text) of every example: block strings ("- text" a line), and the list of
    {text, metadata} the desk writes to reviewed.yml with who labelled each and when."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        examples = block.get("examples") or ""
        if isinstance(examples, list):
            out.extend((block["intent"], str(item["text"]).strip()) for item in examples)
            continue
        for line in examples.splitlines():
            line = line.strip()
            if line.startswith("- "):
                out.append((block["intent"], line[2:].strip()))
    return out


def plain(text):
    return ENTITY.sub(lambda m: m.group(1), text)


def normalise(text):
    text = re.sub(r"\d", "0", plain(text).lower())
    return re.sub(r"[\W_]+", "", text)


def check_language(lang):
    problems = []
    train_files = sorted((ROOT / "data" / "nlu" / lang).glob("*.yml"))
    test_file = ROOT / "tests" / "nlu" / f"{lang}.yml"
    if not train_files:
        return [f"{lang}: no training files in data/nlu/{lang}/"]
    train = [ex for f in train_files for ex in load_examples(f)]
    test = load_examples(test_file) if test_file.exists() else []
    if not test:
        problems.append(f"{lang}: no held-out set at tests/nlu/{lang}.yml")
    for name, examples in (("train", train), ("test", test)):
        for intent, text in examples:
            if intent not in INTENTS:
                problems.append(f"{lang} {name}: unknown intent {intent!r}")
            stripped = ENTITY.sub("", text)
            if ANY_MARKUP.search(stripped):
                problems.append(f"{lang} {name}: bad entity markup: {text}")
            for value, entity in ENTITY.findall(text):
                pattern = ORDER_ID if entity == "order_id" else TRACKING
                if not pattern.match(value):
                    problems.append(f"{lang} {name}: {entity} {value!r} has the wrong shape: {text}")
    for intent in INTENTS:
        n_train = len({t for i, t in train if i == intent})
        n_test = len({t for i, t in test if i == intent})
        need = MIN_TRAIN_SMALL if intent in SMALL_TALK else MIN_TRAIN
        if n_train < need:
            problems.append(f"{lang}: {intent} has {n_train} training examples, needs {need}")
        if n_test < MIN_TEST:
            problems.append(f"{lang}: {intent} has {n_test} test examples, needs {MIN_TEST}")
    seen = {}
    for intent, text in train:
        key = normalise(text)
        if key in seen and seen[key] != intent:
            problems.append(f"{lang}: same text under {seen[key]} and {intent}: {text}")
        seen[key] = intent
    problems += overlaps(lang, "test", test, train)
    real_file = ROOT / "tests" / "nlu" / "real" / f"{lang}.yml"
    if real_file.exists():
        real = load_examples(real_file)
        problems += [f"{lang} real: unknown intent {i!r}" for i, _ in real if i not in INTENTS]
        problems += overlaps(lang, "real", real, train)
    return problems


def overlaps(lang, name, examples, train):
    """Lines of an evaluation set that are, or nearly are, a training line."""
    problems = []
    seen = {normalise(text) for _, text in train}
    near = NearIndex((plain(text), text) for _, text in train)
    for _intent, text in examples:
        if normalise(text) in seen:
            problems.append(f"{lang}: {name} line also in training: {text}")
            continue
        other = near.first_near(plain(text))
        if other is not None:
            problems.append(f"{lang}: {name} line near-identical to training: {text!r} ~ {other!r}")
    return problems


def main(langs):
    langs = langs or sorted(p.name for p in (ROOT / "data" / "nlu").iterdir() if p.is_dir())
    problems = [p for lang in langs for p in check_language(lang)]
    for p in problems:
        print(p)
    print(f"{len(problems)} problems in {', '.join(langs)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
