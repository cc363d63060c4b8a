"""scikit-learn's TF-IDF weighting in time that does not grow with the vocabulary.

scikit-learn 1.1's TfidfTransformer keeps its weights as a sparse diagonal matrix. Its
`transform()` first reads the property `idf_` (through `check_is_fitted`), which sums
that matrix into a new array, then multiplies the message's row by the matrix; both
cost as much as the vocabulary is long, whatever the message. For the intent
classifier's and the language detector's character n-grams that was about half of the
NLU pipeline's time in a profile of the Rasa server. Here the weights are summed once
per fitted matrix (a new fit makes a new matrix, so a stale value is never used) and a
sparse row's values are scaled by the weights of its own columns, as later scikit-learn
releases do. Same numbers (tests/nlu/test_fast_tfidf.py); unfitted still reads as not fitted.
"""

from __future__ import annotations

import weakref

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

_kept: weakref.WeakKeyDictionary[TfidfTransformer, tuple] = weakref.WeakKeyDictionary()
_original_idf = TfidfTransformer.idf_
_original_transform = TfidfTransformer.transform


def _idf(self: TfidfTransformer) -> np.ndarray:
    diagonal = self._idf_diag  # AttributeError when not fitted, as scikit-learn's own
    kept = _kept.get(self)
    if kept is None or kept[0] is not diagonal:
        kept = (diagonal, _original_idf.fget(self))
        _kept[self] = kept
    return kept[1]


def _transform(self: TfidfTransformer, X, copy: bool = True):
    if not (sp.isspmatrix_csr(X) and self.use_idf):
        return _original_transform(self, X, copy=copy)
    weights = self.idf_  # raises NotFittedError's cause (AttributeError) when unfitted
    if X.shape[1] != weights.shape[0]:
        return _original_transform(self, X, copy=copy)  # scikit-learn's own error
    X = X.astype(np.float64, copy=copy)
    if self.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1
    X.data *= weights[X.indices]
    return normalize(X, norm=self.norm, copy=False) if self.norm else X


def install() -> None:
    """Patch TfidfTransformer (once per process; idempotent)."""
    if TfidfTransformer.idf_ is _original_idf:
        TfidfTransformer.idf_ = property(_idf, _original_idf.fset, doc=_original_idf.__doc__)
        TfidfTransformer.transform = _transform
