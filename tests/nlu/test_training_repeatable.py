"""The same data trains the same classifier: a retrain is judged against the served model by
1 point of macro-F1, which an unseeded shuffle alone should not move."""

from __future__ import annotations

import numpy as np

from bot.nlu import intent_classifier
from bot.nlu.intent_classifier import LinearIntentClassifier, classifier_input, fit_model

EXAMPLES = [
    ("where is my parcel", "track_order"), ("tracking has not moved for a week", "track_order"),
    ("my order never came", "track_order"), ("cadê meu pedido", "track_order"),
    ("it arrived broken", "damaged_item"), ("the screen is cracked", "damaged_item"),
    ("chegou quebrado", "damaged_item"), ("doesn't turn on at all", "damaged_item"),
    ("I want my money back", "request_refund"), ("refund me please", "request_refund"),
    ("quero reembolso", "request_refund"), ("give me a refund for this", "request_refund"),
]  # fmt: skip


def train():
    config = {**LinearIntentClassifier.get_default_config(), "embedding_weight": 0.0}
    texts = [classifier_input(text.split()) for text, _ in EXAMPLES]
    return fit_model(config, texts, [t for t, _ in EXAMPLES], [i for _, i in EXAMPLES])


def test_two_trainings_on_the_same_data_give_the_same_weights():
    first, second = train(), train()
    assert np.array_equal(first.ngram_svm.coef_, second.ngram_svm.coef_)
    assert np.array_equal(first.ngram_svm.intercept_, second.ngram_svm.intercept_)


def test_the_shuffle_is_seeded():
    assert train().ngram_svm.random_state == intent_classifier.SEED is not None
