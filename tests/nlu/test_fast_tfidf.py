"""The patched TF-IDF weighting gives scikit-learn's own numbers, fitted or refitted."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from bot.nlu import fast_tfidf

DOCS = ["where is my parcel", "o produto não chegou", "退款什么时候到", "พัสดุถึงไหนแล้ว", "refund please"] * 3
ASKED = ["where is the refund", "produto chegou quebrado", "ไม่มี", "zzzz qqq", ""]


def fitted(**options) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), **options).fit(DOCS)


@pytest.fixture
def original_then_patched(monkeypatch):
    """Undo the patch for the test, so both versions can be compared."""
    monkeypatch.setattr(TfidfTransformer, "idf_", fast_tfidf._original_idf)
    monkeypatch.setattr(TfidfTransformer, "transform", fast_tfidf._original_transform)


@pytest.mark.parametrize(
    "options", [{}, {"sublinear_tf": True}, {"norm": None}, {"norm": "l1", "smooth_idf": False}]
)
def test_same_numbers_as_scikit_learn(original_then_patched, options):
    vectorizer = fitted(**options)
    expected = vectorizer.transform(ASKED).toarray()
    expected_idf = vectorizer.idf_.copy()
    fast_tfidf.install()
    assert TfidfTransformer.transform is fast_tfidf._transform
    np.testing.assert_allclose(vectorizer.transform(ASKED).toarray(), expected, rtol=1e-12)
    np.testing.assert_array_equal(vectorizer.idf_, expected_idf)


def test_a_refit_uses_the_new_weights():
    fast_tfidf.install()
    vectorizer = fitted(sublinear_tf=True)
    before = vectorizer.transform(["where is my parcel"]).toarray()
    vectorizer.fit(["where where where", "is my", "parcel parcel"])
    after = vectorizer.transform(["where is my parcel"])
    assert after.shape[1] != before.shape[1]
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    reference.fit(["where where where", "is my", "parcel parcel"])
    np.testing.assert_allclose(after.toarray(), reference.transform(["where is my parcel"]).toarray())


def test_unfitted_still_reads_as_not_fitted():
    fast_tfidf.install()
    assert not hasattr(TfidfTransformer(), "idf_")
    with pytest.raises(NotFittedError):
        TfidfVectorizer().transform(["text"])


def test_installing_twice_changes_nothing():
    fast_tfidf.install()
    patched = (TfidfTransformer.idf_, TfidfTransformer.transform)
    fast_tfidf.install()
    assert (TfidfTransformer.idf_, TfidfTransformer.transform) == patched


def test_the_union_gives_scikit_learns_numbers_without_joblib(monkeypatch):
    from sklearn.pipeline import FeatureUnion, make_union

    from bot import fast_union
    from bot.nlu.intent_classifier import build_vectorizer

    monkeypatch.setattr(FeatureUnion, "transform", fast_union._original_transform)
    unions = [
        build_vectorizer({"min_char_ngram": 1, "max_char_ngram": 3}).fit(DOCS),
        FeatureUnion(
            [("chars", fitted()), ("words", TfidfVectorizer().fit(DOCS))], transformer_weights={"chars": 0.5}
        ).fit(DOCS),
        make_union(fitted(), "drop").fit(DOCS),
    ]
    expected = [union.transform(ASKED).toarray() for union in unions]
    parallel = make_union(fitted(), TfidfVectorizer(), n_jobs=2).fit(DOCS)
    fast_union.install()

    def no_parallel(*args, **kwargs):
        raise AssertionError("joblib.Parallel built for one message")

    monkeypatch.setattr("sklearn.pipeline.Parallel", no_parallel)
    for union, numbers in zip(unions, expected):
        np.testing.assert_array_equal(union.transform(ASKED).toarray(), numbers)
    with pytest.raises(AssertionError, match="joblib"):  # asked for jobs: scikit-learn's own way
        parallel.transform(ASKED)
