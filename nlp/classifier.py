"""The learned segment labeler: scikit-learn pipelines over segment records.

First pass: a `Pipeline` of a `ColumnTransformer` (word n-grams over
underthesea tokens, character n-grams, the lead-in, neighbours and section
as bags of words, kind and speaker one-hot, cue-lexicon scores, position)
and a logistic regression. Second pass (stacking, as sequential sentence
classifiers do): another logistic regression over the first pass's
probabilities for the segment, its neighbours and its lead-in, trained on
out-of-fold predictions so it learns how much to trust them.

Only scikit-learn types end up in the saved file (text is tokenized before
the vectorizers), so skops loads it without trusting any code of ours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.validation import check_is_fitted

from .labels import LABELS
from .linear import context_matrix

_WORDS = dict(token_pattern=r"(?u)\S+", lowercase=False)
NUMERIC = (
    [f"cue_{k}" for k in LABELS] + [f"lead_cue_{k}" for k in LABELS] + [f"rule_{k}" for k in LABELS]
    + [f"main_cue_{k}" for k in LABELS]
    + ["meta", "position"]
)


def _bag(bits: int, **kwargs) -> Pipeline:
    """Hashed n-gram counts, then TF-IDF weighting.

    Hashing instead of a learned vocabulary: skops stores a vocabulary as one
    JSON node per term, which made a 5 MB file that took 11 s to load; the
    hashed model loads in a fraction of a second.
    """
    hashing = HashingVectorizer(n_features=2**bits, alternate_sign=False, norm=None, **kwargs)
    return Pipeline([("hash", hashing), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def first_pass(C: float = 10.0, seed: int = 0) -> Pipeline:
    """The first-pass pipeline (unfitted) over a DataFrame of segment records."""
    features = ColumnTransformer(
        [
            ("words", _bag(16, ngram_range=(1, 2), **_WORDS), "tokens"),
            ("chars", _bag(16, analyzer="char_wb", ngram_range=(2, 5)), "text"),
            ("lead_in", _bag(13, ngram_range=(1, 2), **_WORDS), "lead_in"),
            ("prev", _bag(12, **_WORDS), "prev_text"),
            ("next", _bag(12, **_WORDS), "next_text"),
            ("section", _bag(11, **_WORDS), "section"),
            ("cat", OneHotEncoder(handle_unknown="ignore"), ["kind", "speaker"]),
            ("num", StandardScaler(), NUMERIC),
        ]
    )
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    return Pipeline([("features", features), ("clf", clf)])


class SegmentClassifier(ClassifierMixin, BaseEstimator):
    """Label segment records: first pass plus an optional stacked second pass.

    ``fit``/``predict_proba`` take a DataFrame (or list) of records from
    `nlp.features.segment_records`, with two extra columns when documents
    are mixed: ``doc`` (document number) and ``parent_row`` (row of the
    lead-in, -1 if none). Without them the records are one document.

    Parameters
    ----------
    C : float
        Inverse regularisation of the first pass.
    stacked : bool
        Add the second pass over neighbours' probabilities.
    folds : int
        Folds (by document) for the out-of-fold first-pass probabilities.
    seed : int
        Seeds every random choice, so training is reproducible.
    """

    def __init__(self, C: float = 10.0, stacked: bool = True, folds: int = 3, seed: int = 0):
        self.C = C
        self.stacked = stacked
        self.folds = folds
        self.seed = seed

    @staticmethod
    def _frame(X) -> pd.DataFrame:
        df = X if isinstance(X, pd.DataFrame) else pd.DataFrame(list(X))
        df = df.reset_index(drop=True)
        if "doc" not in df:
            df = df.assign(doc=0)
        if "parent_row" not in df:
            df = df.assign(parent_row=-1)
        return df

    def fit(self, X, y):
        """Fit the first pass on all records, the second on out-of-fold probabilities."""
        df = self._frame(X)
        y = np.asarray(y)
        self.first_ = first_pass(self.C, self.seed).fit(df, y)
        self.classes_ = self.first_.classes_
        self.second_ = None
        if self.stacked:
            oof = np.zeros((len(df), len(self.classes_)))
            groups = df["doc"].to_numpy()
            for train, test in GroupKFold(n_splits=self.folds).split(df, y, groups):
                model = first_pass(self.C, self.seed).fit(df.iloc[train], y[train])
                oof[test] = model.predict_proba(df.iloc[test])
            ctx = context_matrix(oof, groups, df["parent_row"].to_numpy())
            self.second_ = LogisticRegression(C=1.0, max_iter=3000, random_state=self.seed).fit(ctx, y)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probability per class (``classes_`` order) for each record."""
        check_is_fitted(self, "first_")
        df = self._frame(X)
        if len(df) == 0:
            return np.zeros((0, len(self.classes_)))
        proba = self.first_.predict_proba(df)
        if self.second_ is None:
            return proba
        ctx = context_matrix(proba, df["doc"].to_numpy(), df["parent_row"].to_numpy())
        return self.second_.predict_proba(ctx)

    def predict(self, X) -> np.ndarray:
        """The most probable label of each record."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def to_parts(model: SegmentClassifier) -> dict:
    """The fitted model as plain scikit-learn objects, for skops to save."""
    check_is_fitted(model, "first_")
    return {"first": model.first_, "second": model.second_, "params": model.get_params()}


def from_parts(parts: dict) -> SegmentClassifier:
    """Rebuild a fitted `SegmentClassifier` from `to_parts` output."""
    model = SegmentClassifier(**parts["params"])
    model.first_, model.second_ = parts["first"], parts["second"]
    model.classes_ = model.first_.classes_
    return model
