"""The fallback asks back on a reading under its threshold unless the embedding backs it;
the confidence the actions read stays the classifier's (round 13 of
docs/classifier-choice.md)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.backed_fallback import BackedFallbackClassifier


def classify(intent):
    config = {**BackedFallbackClassifier.get_default_config(), "threshold": 0.5, "backed_threshold": 0.3}
    fallback = BackedFallbackClassifier(config)
    message = Message(data={"text": "x", "intent": intent, "intent_ranking": [dict(intent)]})
    return fallback.process([message])[0].data


@pytest.mark.parametrize(
    "intent, asked_back",
    [
        # Over the threshold: answered, whatever the embedding reads (as before).
        ({"name": "track_order", "confidence": 0.6, "backed_confidence": 0.1}, False),
        # Under it, and the embedding does not back it: asked back (as before).
        ({"name": "track_order", "confidence": 0.45, "backed_confidence": 0.2}, True),
        # Under it, and the embedding backs it: answered.
        ({"name": "track_order", "confidence": 0.4, "backed_confidence": 0.35}, False),
        # No backing reported (a model trained before it): the threshold alone.
        ({"name": "track_order", "confidence": 0.4}, True),
        # A follow-up (inform) is read by the conversation, not the embedding: never backed.
        ({"name": "inform", "confidence": 0.45, "backed_confidence": 0.44}, True),
        ({"name": "inform", "confidence": 0.65, "backed_confidence": 0.22}, False),
    ],
)
def test_asks_back_unless_sure_or_backed(intent, asked_back):
    data = classify(intent)
    assert (data["intent"]["name"] == "nlu_fallback") is asked_back
    if asked_back:
        # What clarification offers is the classifier's ranking, as before.
        assert data["intent_ranking"][1] == intent
    else:
        assert data["intent"] == intent


def test_without_a_backed_threshold_it_is_rasas_fallback():
    fallback = BackedFallbackClassifier({**BackedFallbackClassifier.get_default_config(), "threshold": 0.5})
    intent = {"name": "track_order", "confidence": 0.4, "backed_confidence": 0.4}
    message = Message(data={"text": "x", "intent": intent, "intent_ranking": [dict(intent)]})
    assert fallback.process([message])[0].data["intent"]["name"] == "nlu_fallback"
