"""Rasa component: a linear SVM over TF-IDF character and word n-grams and a multilingual embedding.

Chosen by measurement over DIET and Rasa's LogisticRegressionClassifier
(docs/classifier-choice.md): as accurate or better on every language's
held-out set, trains in seconds and answers in well under a millisecond.
Features are built from the tokenizer's lemmas (numbers replaced by
placeholders) plus an accent-folded copy, so "không"/"khong" and
"reembolso"/"reembólso" meet; the embedding of the raw text (bot.nlu.sentence_embeddings)
carries meaning across phrasings the n-grams never saw. Confidences are a softmax over the SVM margins.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Tuple, Type

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import INTENT, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import PROJECT_ROOT
from bot.nlu.backed_fallback import BACKED_CONFIDENCE
from bot.nlu.component import TrainedComponent
from bot.nlu.elongation import known_spellings
from bot.nlu.emoji_words import emoji_word
from bot.nlu.sentence_embeddings import embed
from bot.nlu.short_phrases import after_leading_phrase
from bot.nlu.sign_off import read_as_sign_off
from bot.nlu.text_folding import fold_accents

logger = logging.getLogger(__name__)

# What a greeting or thanks alone means: never what the question after one is read as.
COURTESY_INTENTS = ("greet", "thank")
ORDER_QUESTIONS = (
    "track_order", "urge_shipment", "cancel_order", "request_refund", "refund_status", "customs_duty",
    "damaged_item", "wrong_item",
)  # fmt: skip

# A message's intents, most confident first, and how far the embedding-only model backs the top.
Reading = Tuple[List[Dict[str, Any]], float]


def lemmas_of(message: Message) -> List[str]:
    return [token.lemma or token.text.lower() for token in message.get(TEXT_TOKENS) or []]


def classifier_input(lemmas: List[str]) -> str:
    """The lemmas of the message, then the same again with accents folded."""
    joined = " ".join(lemmas)
    return f"{joined} ||| {fold_accents(joined)}"


def build_vectorizer(config: Dict[str, Any]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(config["min_char_ngram"], config["max_char_ngram"]),
            min_df=2,
            sublinear_tf=True,
        ),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True),
    )


def softmax(margins: np.ndarray, temperature: float) -> np.ndarray:
    """Confidences from SVM margins, row by row; the temperature sharpens a clear winner."""
    scaled = np.exp((margins - margins.max(axis=1, keepdims=True)) * temperature)
    return scaled / scaled.sum(axis=1, keepdims=True)


@dataclass
class TrainedIntentModel:
    """The fitted n-gram vectorizer and two SVMs over the same labels: one on the n-grams
    alone, one on the n-grams beside the sentence embedding (scaled by its weight).

    The embedding costs 10-15 ms a message; the n-gram SVM well under one. A message
    the n-gram SVM is already sure of (`gate`) keeps its answer: on the held-out and
    real-buyer sets that changed no real-text figure and skips the embedding for about
    half of all messages (docs/classifier-choice.md). Sure means a clear margin too
    (`margin`): the sharpened softmax made a weak lead look sure ("o smartwatch": margin
    0.25, confidence 0.90 as damaged_item), and a retrain tipped it across the gate."""

    vectorizer: Any
    ngram_svm: Any
    svm: Any
    embedding_weight: float
    # A logistic regression on the embedding alone (rounds 11 and 13 of docs/classifier-choice.md):
    # its probability of an embedded message's top intent, raised to `agreement_power`, is
    # how far the embedding backs that reading; bot.nlu.backed_fallback answers a reading
    # under its threshold when confidence x backing is high enough. None (models trained
    # before it, or power 0): 1.0.
    agreement: Any = None
    agreement_power: float = 0.0

    @property
    def labels(self) -> np.ndarray:
        return self.ngram_svm.classes_

    @property
    def vocabulary(self) -> Dict[str, int]:
        """Every word seen in training (the word n-gram vectorizer's)."""
        return self.vectorizer.transformer_list[1][1].vocabulary_

    def with_embedding(self, ngrams, dense: np.ndarray):
        from scipy import sparse

        return sparse.hstack([ngrams, sparse.csr_matrix(dense * self.embedding_weight)]).tocsr()

    def confidences(
        self, texts: List[str], raw_texts: List[str], temperature: float, gate: float, margin: float = 0.0
    ) -> Tuple[np.ndarray, np.ndarray]:
        """Each message's confidences over `labels`, and how far the embedding alone backs the
        top one (1.0 where it was not asked: no embedding, a sure n-gram answer, or power 0)."""
        confidences, backing, _ = self.read(texts, raw_texts, temperature, gate, margin)
        return confidences, backing

    def read(
        self, texts: List[str], raw_texts: List[str], temperature: float, gate: float, margin: float = 0.0
    ) -> Tuple[np.ndarray, np.ndarray, List[np.ndarray | None]]:
        """`confidences`, and each message's embedding where it was computed (None where the
        n-gram answer stood alone): a later look at the embedding need not embed again."""
        ngrams = self.vectorizer.transform(texts)
        margins = np.atleast_2d(self.ngram_svm.decision_function(ngrams))
        confidences = softmax(margins, temperature)
        backing = np.ones(len(texts))
        embeddings: List[np.ndarray | None] = [None] * len(texts)
        if self.svm is None:
            return confidences, backing, embeddings
        unsure = np.flatnonzero((confidences.max(axis=1) < gate) | (margins.max(axis=1) < margin))
        if unsure.size:
            dense = embed([raw_texts[i] for i in unsure])
            combined = np.atleast_2d(self.svm.decision_function(self.with_embedding(ngrams[unsure], dense)))
            confidences[unsure] = softmax(combined, temperature)
            backing[unsure] = self.backing_of(confidences[unsure], dense)
            for index, row in zip(unsure, dense):
                embeddings[index] = row
        return confidences, backing, embeddings

    def embedding_only_reading(
        self, raw_text: str, floor: float, embedding: np.ndarray | None = None
    ) -> np.ndarray | None:
        """The embedding-only model's probabilities over `labels` for a message, when it reads
        it as one intent at least `floor` sure, out of scope excepted; None otherwise (and
        without that model). Keyboard mashing spreads its probabilities; "спасибочки" is thanks.
        `embedding`: the message's, when it was embedded already."""
        if self.agreement is None or not floor:
            return None
        vector = embedding if embedding is not None else embed([raw_text])[0]
        probabilities = self.agreement.predict_proba(vector[None, :])[0]
        by_label = dict(zip(self.agreement.classes_, probabilities))
        reading = np.array([by_label.get(label, 0.0) for label in self.labels])
        top = int(reading.argmax())
        if reading[top] < floor or self.labels[top] == "out_of_scope":
            return None
        return reading

    def backing_of(self, confidences: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """The embedding-only model's probability of each row's top intent, to `agreement_power`.
        A greeting or thanks around a question is left out of the embedding's reading of it
        ("ขอบคุณค่ะ แล้วอีกกล่อง…", thanks, and the other box?, read as thanks by the embedding):
        the probability is among the other intents, unless the top is itself a courtesy."""
        if self.agreement is None or not self.agreement_power:
            return np.ones(len(confidences))
        probabilities = self.agreement.predict_proba(dense)
        top = confidences.argmax(axis=1)
        backing = probabilities[np.arange(len(top)), top]
        courtesy = np.isin(self.agreement.classes_, COURTESY_INTENTS)
        question = ~courtesy[top]
        backing[question] /= np.maximum(1.0 - probabilities[question][:, courtesy].sum(axis=1), 1e-9)
        return np.minimum(backing, 1.0) ** self.agreement_power


SEED = 0


def fit_model(config: Dict[str, Any], texts: List[str], raw_texts: List[str], intents: List[str]):
    from sklearn.svm import LinearSVC

    vectorizer = build_vectorizer(config)
    ngrams = vectorizer.fit_transform(texts)
    # liblinear shuffles the examples: unseeded, two trainings on the same data end apart and may
    # read a borderline message differently, and a retrain's promotion weighs 1 point.
    ngram_svm = LinearSVC(C=config["C"], class_weight="balanced", random_state=SEED).fit(ngrams, intents)
    model = TrainedIntentModel(vectorizer, ngram_svm, None, config["embedding_weight"])
    if model.embedding_weight:
        cache = Path(config["embedding_cache"]) if config.get("embedding_cache") else None
        dense = embed(raw_texts, cache)
        model.svm = LinearSVC(C=config["C"], class_weight="balanced", random_state=SEED).fit(
            model.with_embedding(ngrams, dense), intents
        )
        if config.get("agreement_power"):
            from sklearn.linear_model import LogisticRegression

            model.agreement = LogisticRegression(C=10, max_iter=2000).fit(dense, intents)
            model.agreement_power = config["agreement_power"]
    return model


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(TrainedComponent, IntentClassifier):
    model_file = "linear_intent_classifier.joblib"

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "C": 1.0,
            "min_char_ngram": 1,
            "max_char_ngram": 4,
            # Sharpens the softmax over margins so a clear winner scores near 1.
            "temperature": 4.0,
            "ranking_length": 10,
            # Confidence multiplier for a message with no word seen in training,
            # which pushes it under the fallback threshold.
            "unknown_words_factor": 0.2,
            # ... unless the embedding-only model reads it at least this surely as something
            # other than out of scope (0: never; docs/classifier-choice.md round 16).
            "unknown_words_embedding_floor": 0.0,
            # Weight of the multilingual sentence embedding beside the n-grams
            # (0 turns it off); 1.0 won on the real-buyer sets.
            "embedding_weight": 1.0,
            # The n-gram SVM's confidence from which its answer stands without the
            # embedding (1.0 or more: always embed).
            "embedding_gate": 0.9,
            # ... and whose top margin is at least this: a weak lead sharpened to look sure is
            # embedded too (on the held-out and real sets 0.5 and 0.8 changed no figure).
            "embedding_margin": 0.5,
            # How far the embedding-only model backs an embedded message's top intent: its
            # probability to this power (0: not asked, 1.0). bot.nlu.backed_fallback answers an
            # unsure reading whose confidence times the backing is high enough; the confidences
            # stay the softmax's, which the actions' own bars were set on (rounds 11 and 13).
            "agreement_power": 0.0,
            # Embeddings of training texts kept across trainings (None: no cache).
            "embedding_cache": str(PROJECT_ROOT / "var" / "cache" / "training-embeddings.npz"),
            # How sure the reading of a question after a thanks or greeting must be to
            # stand for the whole message ("cam on shop, nhan duoc hang roi nha", "thanks,
            # got it", was read at 0.63 as where the parcel is).
            "courtesy_question_confidence": 0.7,
            # A greeting before an order question read at least this surely: the question's
            # reading, unsure as it may be, rather than the greeting alone.
            "courtesy_order_question_confidence": 0.3,
        }

    def use(self, trained: Any | None) -> None:
        from bot.nlu import fast_tfidf
        from bot.nlu.fast_linear import lay_out_for_sparse_rows

        fast_tfidf.install()  # TF-IDF in time independent of the vocabulary
        if trained is not None:
            lay_out_for_sparse_rows(trained.ngram_svm, trained.svm)
        self.model: TrainedIntentModel | None = trained

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        if not examples:
            logger.warning("No intent examples: the classifier stays untrained")
            return self._resource
        model = fit_model(
            self.config,
            [classifier_input(lemmas_of(m)) for m in examples],
            [m.get(TEXT) for m in examples],
            [m.get(INTENT) for m in examples],
        )
        self.keep(model)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        # "👍" alone is read as "ok" (bot/nlu/emoji_words.py).
        words = [emoji_word(text) for text in texts]
        lemmas = [word.split() if word else lemmas_of(m) for word, m in zip(words, messages)]
        readings = self._readings(lemmas, [word or text for word, text in zip(words, texts)])
        for message, reading in zip(messages, readings):
            ranking, backing = self._question_after_courtesy(message, reading)
            ranking = read_as_sign_off(message.get(TEXT) or "", ranking)  # "ok thanks, I'll wait"
            top = dict(ranking[0], **{BACKED_CONFIDENCE: ranking[0]["confidence"] * backing})
            message.set(INTENT, top, add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def _readings(self, lemmas: List[List[str]], texts: List[str]) -> List[Reading]:
        """Each message's intents, most confident first, and the embedding's backing of the top one."""
        assert self.model is not None
        vocabulary = self.model.vocabulary
        lemmas = [known_spellings(words, vocabulary) for words in lemmas]
        rows, backings, embeddings = self.model.read(
            [classifier_input(words) for words in lemmas],
            texts,
            self.config["temperature"],
            self.config["embedding_gate"],
            self.config.get("embedding_margin", 0.0),
        )
        labels = self.model.labels
        readings = []
        for words, confidences, backing, text, embedding in zip(lemmas, rows, backings, texts, embeddings):
            if not any(word in vocabulary for word in words):
                # Nothing the buyers in our data ever wrote ("qwzx", "...", "👍"): the SVM's
                # bias would pick a short intent with false confidence. Unless the embedding
                # alone reads it surely: "спасибочки", "бывай", "хелоу" (round 16).
                floor = self.config["unknown_words_embedding_floor"]
                surely = self.model.embedding_only_reading(text, floor, embedding)
                if surely is None:
                    confidences = confidences * self.config["unknown_words_factor"]
                else:
                    confidences, backing = surely, 1.0
            order = np.argsort(-confidences)[: self.config["ranking_length"]]
            ranking = [{"name": str(labels[i]), "confidence": float(confidences[i])} for i in order]
            readings.append((ranking, float(backing)))
        return readings

    def _question_after_courtesy(self, message: Message, reading: Reading) -> Reading:
        """A thanks or greeting before the question ("cam on shop. con don kia thi sao") is read
        for the question: the whole message was taken as a thank-you, and "and the other
        order?" was met with "you're welcome" alone. The question's own reading wins when it
        is about something else, sure enough, and at least as sure as the whole message's."""
        text = message.get(TEXT) or ""
        start = after_leading_phrase(text)
        if start is None:
            return reading
        rest = [t.lemma or t.text.lower() for t in message.get(TEXT_TOKENS) or [] if t.start >= start]
        question = self._readings([rest], [text[start:]])[0]
        top = question[0][0]
        if top["name"] in COURTESY_INTENTS:
            return reading
        if (
            reading[0][0]["name"] in COURTESY_INTENTS
            and top["name"] in ORDER_QUESTIONS
            and top["confidence"] >= self.config["courtesy_order_question_confidence"]
        ):
            # "สวัสดีค่ะ หูฟังที่สั่งไปยังไม่ได้เลยค่ะ", "哈喽 我的order到了吗" read as a greeting
            # (0.53) got the greeting alone: a question about an order goes on, even unsure.
            return question
        floor = max(reading[0][0]["confidence"], self.config["courtesy_question_confidence"])
        return reading if top["confidence"] < floor else question
