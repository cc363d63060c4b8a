"""Column-major weights score sparse messages exactly as before."""

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from bot.nlu.fast_linear import lay_out_for_sparse_rows


def test_same_scores_with_the_weights_laid_out_by_column():
    rng = np.random.default_rng(7)
    X = sp.random(60, 400, density=0.05, format="csr", random_state=7)
    y = rng.integers(0, 4, 60)
    svm, logistic = LinearSVC().fit(X, y), LogisticRegression(max_iter=500).fit(X, y)
    asked = sp.random(5, 400, density=0.05, format="csr", random_state=8)
    before = svm.decision_function(asked), logistic.predict_proba(asked)
    lay_out_for_sparse_rows(svm, logistic, None)
    assert svm.coef_.flags.f_contiguous and logistic.coef_.flags.f_contiguous
    np.testing.assert_allclose(svm.decision_function(asked), before[0], rtol=1e-12)
    np.testing.assert_allclose(logistic.predict_proba(asked), before[1], rtol=1e-12)
