"""The learned segment labeler: scikit-learn pipelines over segment records.

First pass: a `Pipeline` of a `ColumnTransformer` (word n-grams over
underthesea tokens, character n-grams, the lead-in as a bag of words, kind
and speaker one-hot, cue-lexicon scores, the shape of an order or a
request) and a linear support vector machine. Second pass (stacking, as sequential sentence classifiers do): a
logistic regression over the first pass's scores for the segment, its
neighbours and its lead-in, trained on out-of-fold scores so it learns how
much to trust them. The second pass is also what turns margins into
probabilities (multinomial Platt scaling); without neighbours it sees the
segment's own scores only. A temperature then softens those probabilities
for text unlike the training data (see `SegmentClassifier`).

Left out by default (``extras`` brings them back, for measuring): the
segment's position in the report and the section heading it sits under.
Our written reports keep one order (results, then difficulties, proposals,
tasks) and a few formulaic headings; real articles do not, and both
features cost more on real text than they gain on ours. The neighbours'
words are left out too: the second pass reads the neighbours through their
scores (see models/README.md).

Only scikit-learn types end up in the saved file (text is tokenized before
the vectorizers), so skops loads it without trusting any code of ours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from .labels import LABELS
from .linear import context_matrix

_WORDS = dict(token_pattern=r"(?u)\S+", lowercase=False)
NUMERIC = (
    [f"cue_{k}" for k in LABELS] + [f"lead_cue_{k}" for k in LABELS] + [f"rule_{k}" for k in LABELS]
    + [f"main_cue_{k}" for k in LABELS]
    + ["meta", "order_down", "order_up", "imperative"]
)

#: Context features that measured worse and are off by default (``extras`` turns them on).
EXTRAS = ("position", "section", "neighbours")


def _bag(bits: int, **kwargs) -> Pipeline:
    """Hashed n-gram counts, then TF-IDF weighting.

    Hashing instead of a learned vocabulary: skops stores a vocabulary as one
    JSON node per term, which made a 5 MB file that took 11 s to load; the
    hashed model loads in a fraction of a second.
    """
    hashing = HashingVectorizer(n_features=2**bits, alternate_sign=False, norm=None, **kwargs)
    return Pipeline([("hash", hashing), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def first_pass(C: float = 0.5, seed: int = 0, extras: tuple[str, ...] = ()) -> Pipeline:
    """The first-pass pipeline (unfitted) over a DataFrame of segment records.

    A linear SVM rather than a logistic regression: on the same features it
    measured better on our dev split and on real articles (models/README.md);
    its margins are calibrated by the second pass. ``extras`` adds context
    features from `EXTRAS`.
    """
    unknown = set(extras) - set(EXTRAS)
    if unknown:
        raise ValueError(f"unknown extras {sorted(unknown)}; choose from {EXTRAS}")
    blocks = [
        ("words", _bag(16, ngram_range=(1, 2), **_WORDS), "tokens"),
        ("chars", _bag(16, analyzer="char_wb", ngram_range=(2, 5)), "text"),
        ("lead_in", _bag(13, ngram_range=(1, 2), **_WORDS), "lead_in"),
    ]
    if "neighbours" in extras:
        blocks += [("prev", _bag(12, **_WORDS), "prev_text"), ("next", _bag(12, **_WORDS), "next_text")]
    if "section" in extras:
        blocks.append(("section", _bag(11, **_WORDS), "section"))
    numeric = NUMERIC + ["position"] if "position" in extras else NUMERIC
    features = ColumnTransformer(
        blocks + [
            ("cat", OneHotEncoder(handle_unknown="ignore"), ["kind", "speaker"]),
            ("num", StandardScaler(), numeric),
        ],
        # The words weigh double (as if less regularised than the character n-grams):
        # chosen on the dev split among 1, 1.5, 2 and 3 (models/README.md).
        transformer_weights={"words": 2.0},
    )
    clf = LinearSVC(C=C, class_weight="balanced", max_iter=5000, random_state=seed)
    return Pipeline([("features", features), ("clf", clf)])


class SegmentClassifier(ClassifierMixin, BaseEstimator):
    """Label segment records: a first pass of margins, a second pass of probabilities.

    ``fit``/``predict_proba`` take a DataFrame (or list) of records from
    `nlp.features.segment_records`, with two extra columns when documents
    are mixed: ``doc`` (document number) and ``parent_row`` (row of the
    lead-in, -1 if none). Without them the records are one document.

    Parameters
    ----------
    C : float
        Inverse regularisation of the first pass.
    stacked : bool
        Let the second pass see the neighbours' and the lead-in's scores
        too; without, it only calibrates the segment's own.
    folds : int
        Folds (by document) for the out-of-fold first-pass scores.
    seed : int
        Seeds every random choice, so training is reproducible.
    extras : tuple of str
        Context features measured and left out of the shipped model (see
        `EXTRAS`): ``"position"`` in the report, the ``"section"`` heading's
        words, the ``"neighbours"``' words as bags.
    temperature : float
        The second pass's scores are divided by this before the softmax.
        1 keeps the probabilities fitted on the training data; above 1
        softens them, for text the model is overconfident on (labels and
        their order do not change).
    """

    def __init__(self, C: float = 0.5, stacked: bool = True, folds: int = 3, seed: int = 0,
                 extras: tuple[str, ...] = (), temperature: float = 1.0):
        self.C = C
        self.stacked = stacked
        self.folds = folds
        self.seed = seed
        self.extras = extras
        self.temperature = temperature

    @staticmethod
    def _frame(X) -> pd.DataFrame:
        df = X if isinstance(X, pd.DataFrame) else pd.DataFrame(list(X))
        df = df.reset_index(drop=True)
        if "doc" not in df:
            df = df.assign(doc=0)
        if "parent_row" not in df:
            df = df.assign(parent_row=-1)
        return df

    def _second_input(self, scores: np.ndarray, df: pd.DataFrame) -> np.ndarray:
        if not self.stacked:
            return scores
        return context_matrix(scores, df["doc"].to_numpy(), df["parent_row"].to_numpy())

    def fit(self, X, y):
        """Fit the first pass on all records, the second on out-of-fold scores."""
        if not self.temperature > 0:
            raise ValueError(f"temperature must be positive, got {self.temperature!r}")
        df = self._frame(X)
        y = np.asarray(y)
        self.first_ = first_pass(self.C, self.seed, self.extras).fit(df, y)
        self.classes_ = self.first_.classes_
        # Scores of records the first pass was fitted on are overconfident; the
        # second pass must learn from scores like those it will see.
        oof = np.zeros((len(df), len(self.classes_)))
        groups = df["doc"].to_numpy()
        for train, test in GroupKFold(n_splits=self.folds).split(df, y, groups):
            model = first_pass(self.C, self.seed, self.extras).fit(df.iloc[train], y[train])
            oof[test] = model.decision_function(df.iloc[test])
        self.second_ = LogisticRegression(C=1.0, max_iter=3000, random_state=self.seed)
        self.second_.fit(self._second_input(oof, df), y)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probability per class (``classes_`` order) for each record."""
        check_is_fitted(self, "first_")
        df = self._frame(X)
        if len(df) == 0:
            return np.zeros((0, len(self.classes_)))
        scores = self.first_.decision_function(df)
        return softmax(self.second_.decision_function(self._second_input(scores, df)) / self.temperature, axis=1)

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
