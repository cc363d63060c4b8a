"""Rebuild a real-text evaluation set whose source may not be republished.

Some corpora of real buyer messages allow research use but not republishing their
text (the Multilingual Amazon Reviews Corpus, for one). For those, the repository
keeps only our labels by the corpus's own ids (`tests/nlu/real/<lang>.labels.csv`:
review_id,intent); this script reads the corpus files from wherever the engineer
keeps them and writes `tests/nlu/real/<lang>.yml` (git-ignored), which `make eval`
then reports like every other real set. docs/real-text-sources.md names the files.

    python scripts/build_real_set.py es path/to/dataset_es_dev.json path/to/dataset_es_test.json
"""

import csv
import json
import sys
from pathlib import Path

REAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "nlu" / "real"
HEADER = (
    "# Real buyer messages ({lang}) for EVALUATION ONLY: never train on them,\n"
    "# never copy or paraphrase them into data/nlu. Sources: docs/real-text-sources.md\n"
    "# Built by scripts/build_real_set.py from {lang}.labels.csv: not in the repository.\n"
)


def read_labels(path: Path) -> list:
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["review_id"], row["intent"]) for row in csv.DictReader(handle)]


class CorpusError(ValueError):
    """A corpus file that is not the JSON-lines reviews this script reads."""


LFS_POINTER = "version https://git-lfs.github.com/spec/"


def read_corpus(paths: list) -> dict:
    """review_id -> review text, line breaks joined with a space (one message per line)."""
    bodies = {}
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        # A repository snapshot may hold only Git LFS pointers in place of the data.
        if text.startswith(LFS_POINTER):
            raise CorpusError(f"{path} is a Git LFS pointer, not the corpus: fetch the file's LFS content")
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    review = json.loads(line)
                except json.JSONDecodeError as error:
                    raise CorpusError(f"{path}:{number} is not a JSON review ({error.msg})") from None
                bodies[review["review_id"]] = " ".join(review["review_body"].split("\n")).strip()
    return bodies


def render(lang: str, labelled: list) -> str:
    by_intent: dict = {}
    for text, intent in labelled:
        by_intent.setdefault(intent, []).append(text)
    lines = [HEADER.format(lang=lang), 'version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {text}" for text in texts]
    return "\n".join(lines) + "\n"


def main(argv: list) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    lang, corpus_files = argv[0], argv[1:]
    labels = read_labels(REAL_DIR / f"{lang}.labels.csv")
    try:
        bodies = read_corpus(corpus_files)
    except CorpusError as error:
        print(error, file=sys.stderr)
        return 1
    missing = [review_id for review_id, _ in labels if review_id not in bodies]
    if missing:
        print(f"{len(missing)} labelled reviews are not in these files, e.g. {missing[:3]}", file=sys.stderr)
        return 1
    out = REAL_DIR / f"{lang}.yml"
    labelled = [(bodies[review_id], intent) for review_id, intent in labels]
    out.write_text(render(lang, labelled), encoding="utf-8")
    print(f"wrote {out} ({len(labels)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
