"""The embedding-only model's backing of an embedded message's reading (round 11 of
docs/classifier-choice.md): it scales the confidences, never changes the top intent."""

import numpy as np

from bot.nlu.intent_classifier import TrainedIntentModel


class Backing:
    """Stands in for the embedding-only LogisticRegression: fixed probabilities."""

    def __init__(self, rows):
        self.rows = np.array(rows)

    def predict_proba(self, dense):
        return self.rows[: len(dense)]


def model(agreement=None, power=0.5):
    return TrainedIntentModel(None, None, None, 1.0, agreement=agreement, agreement_power=power)


def test_confidences_scaled_by_the_backing_of_their_top_intent():
    confidences = np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1]])
    backing = Backing([[0.81, 0.1, 0.09], [0.5, 0.25, 0.25]])
    scaled = model(backing).backed_by_embedding(confidences.copy(), np.zeros((2, 4)))
    assert np.allclose(scaled[0], confidences[0] * 0.9)  # sqrt(0.81): the embedding agrees
    assert np.allclose(scaled[1], confidences[1] * 0.5)  # sqrt(0.25): it reads another intent
    assert (scaled.argmax(axis=1) == confidences.argmax(axis=1)).all()


def test_no_backing_model_or_power_zero_leaves_the_softmax():
    confidences = np.array([[0.6, 0.3, 0.1]])
    assert np.array_equal(model().backed_by_embedding(confidences, np.zeros((1, 4))), confidences)
    off = model(Backing([[0.1, 0.8, 0.1]]), power=0.0)
    assert np.array_equal(off.backed_by_embedding(confidences, np.zeros((1, 4))), confidences)


def test_models_pickled_before_the_backing_still_read():
    """A model trained before round 11 has no `agreement` attribute of its own."""
    old = model()
    del old.__dict__["agreement"], old.__dict__["agreement_power"]
    confidences = np.array([[0.6, 0.4]])
    assert np.array_equal(old.backed_by_embedding(confidences, np.zeros((1, 4))), confidences)
