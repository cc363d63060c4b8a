"""The embedding-only model's backing of an embedded message's reading (rounds 11 and 13 of
docs/classifier-choice.md): a factor on the top intent's confidence that the fallback reads;
the confidences themselves, and so the top intent, stay the softmax's."""

import numpy as np

from bot.nlu.intent_classifier import TrainedIntentModel


class Backing:
    """Stands in for the embedding-only LogisticRegression: fixed probabilities."""

    def __init__(self, rows, classes=("greet", "track_order", "wrong_item")):
        self.rows = np.array(rows)
        self.classes_ = np.array(classes)

    def predict_proba(self, dense):
        return self.rows[: len(dense)]


def model(agreement=None, power=0.5):
    return TrainedIntentModel(None, None, None, 1.0, agreement=agreement, agreement_power=power)


def test_backing_is_the_embedding_models_probability_of_the_top_intent():
    confidences = np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1]])
    backing = Backing([[0.81, 0.1, 0.09], [0.5, 0.25, 0.25]], ("damaged_item", "track_order", "wrong_item"))
    factors = model(backing).backing_of(confidences, np.zeros((2, 4)))
    assert np.allclose(factors, [0.9, 0.5])  # sqrt(0.81): it agrees; sqrt(0.25): it reads another


def test_a_greeting_around_a_question_is_left_out_of_the_backing():
    """The embedding of "thanks, and the other box?" reads thanks as much as the question: the
    question's intent is backed among the other intents; a greeting read as one is not."""
    backing = Backing([[0.64, 0.09, 0.27], [0.64, 0.09, 0.27]])
    confidences = np.array([[0.1, 0.8, 0.1], [0.9, 0.05, 0.05]])
    factors = model(backing).backing_of(confidences, np.zeros((2, 4)))
    assert np.allclose(factors, [0.5, 0.8])  # sqrt(0.09 / 0.36); sqrt(0.64)


def test_no_backing_model_or_power_zero_backs_fully():
    confidences = np.array([[0.6, 0.3, 0.1]])
    assert np.array_equal(model().backing_of(confidences, np.zeros((1, 4))), [1.0])
    off = model(Backing([[0.1, 0.8, 0.1]]), power=0.0)
    assert np.array_equal(off.backing_of(confidences, np.zeros((1, 4))), [1.0])


def test_models_pickled_before_the_backing_still_read():
    """A model trained before round 11 has no `agreement` attribute of its own."""
    old = model()
    del old.__dict__["agreement"], old.__dict__["agreement_power"]
    assert np.array_equal(old.backing_of(np.array([[0.6, 0.4]]), np.zeros((1, 4))), [1.0])
