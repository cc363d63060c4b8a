"""scikit-learn's FeatureUnion.transform without joblib's set-up for each message.

The intent classifier's n-grams are a FeatureUnion of two TF-IDF vectorizers. Its
`transform()` runs them through `joblib.Parallel` even with n_jobs=None, which then runs
them one after the other anyway; building the Parallel object (a uuid4 from os.urandom,
a backend, a lock) took 3-4% of a message's reading on the NLU thread in a profile of the
Rasa server under load. Here a union that asks for no parallel jobs transforms its parts in
a plain loop: same parts, same weights, same order, same numbers
(tests/nlu/test_fast_tfidf.py). Installed by the Rasa server (bot/rasa_launcher.py), so
training and the models' fingerprint are untouched.
"""

from __future__ import annotations

from sklearn.pipeline import FeatureUnion, _transform_one

_original_transform = FeatureUnion.transform


def _transform(self: FeatureUnion, X):
    if self.n_jobs not in (None, 1):
        return _original_transform(self, X)
    parts = [_transform_one(transformer, X, None, weight) for _, transformer, weight in self._iter()]
    if not parts:
        return _original_transform(self, X)  # scikit-learn's own empty result
    return self._hstack(parts)


def install() -> None:
    """Patch FeatureUnion (once per process; idempotent)."""
    FeatureUnion.transform = _transform
