"""Whether a labelled text can belong to the language it is labelled in, by its script.

A trainer who labels a Chinese message while the English inbox is open (or a CSV row with
the wrong language code) would put Chinese into en/reviewed.yml and leave the zh group in
its inbox. Only what the script settles is refused: a text written wholly in Han, Thai or
Cyrillic letters belongs to zh, th or ru. Latin letters are left alone, since buyers of
every language write some ("ok", brand names, pinyin).
"""

from __future__ import annotations

from bot.nlu.scripts import CYRILLIC, HAN, THAI, letter_counts

SCRIPT_LANGUAGES = {HAN: ("Chinese characters", "zh"), THAI: ("Thai", "th"), CYRILLIC: ("Cyrillic", "ru")}


def wrong_script(text: str, language: str) -> str | None:
    """Why `text` cannot be a `language` example (None: it can)."""
    counts = letter_counts(text)
    if len(counts) != 1:
        return None  # no letters, or more than one script
    script = next(iter(counts))
    if script not in SCRIPT_LANGUAGES:
        return None
    name, belongs_to = SCRIPT_LANGUAGES[script]
    if belongs_to == language:
        return None
    return f"the text is written in {name}, so it is a {belongs_to} example, not {language}"
