"""A transparent cue-rule labeler, kept as the baseline every evaluation reports.

It is a scikit-learn classifier over segment records (`nlp.features`), so it
plugs into the same pipeline, evaluation and cross-validation code as the
learned model. Every decision can be traced to a rule in `nlp.lexicon.rule_scores`.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .labels import LABELS
from .lexicon import rule_scores


def _softmax(scores: dict[str, float]) -> np.ndarray:
    z = np.array([scores.get(label, 0.0) for label in LABELS], dtype=float)
    z = np.exp(z - z.max())
    return z / z.sum()


class CueBaseline(ClassifierMixin, BaseEstimator):
    """Label segment records by cue words, speaker and lead-in inheritance.

    Parameters
    ----------
    other_prior : float
        Score ``other`` gets before any cue; a segment whose best cue scores
        less is labeled ``other``.

    Examples
    --------
    >>> from nlp.features import segment_records
    >>> from nlp.types import Segment
    >>> segs = [Segment(0, 40, "sentence", "Chủ tịch UBND tỉnh yêu cầu các sở rà soát.")]
    >>> CueBaseline().fit(None).predict(segment_records(segs)).tolist()
    ['task']
    """

    def __init__(self, other_prior: float = 1.5):
        self.other_prior = other_prior

    def fit(self, X, y=None):
        """Nothing to learn; sets ``classes_`` so the estimator contract holds."""
        self.classes_ = np.array(LABELS)
        return self

    def _proba_one(self, record: dict) -> np.ndarray:
        if record["kind"] in ("title", "caption"):
            return _softmax({"other": 4.0})
        if record["kind"] == "list_item" and record.get("lead_in"):
            # Items take the label their lead-in governs (LABELS.md).
            inherited = rule_scores(str(record["lead_in"]), str(record["speaker"]))
            inherited["other"] = max(inherited["other"], self.other_prior)
            if max(inherited, key=inherited.get) != "other":
                return _softmax(inherited)
        scores = rule_scores(str(record["text"]), str(record.get("speaker", "")))
        scores["other"] = max(scores["other"], self.other_prior)
        return _softmax(scores)

    def predict_proba(self, X) -> np.ndarray:
        """Probability per label (columns in ``classes_`` order) for each record."""
        records = X.to_dict("records") if hasattr(X, "to_dict") else list(X)
        if not records:
            return np.zeros((0, len(LABELS)))
        return np.vstack([self._proba_one(r) for r in records])

    def predict(self, X) -> np.ndarray:
        """The most probable label of each record."""
        return np.array(LABELS)[self.predict_proba(X).argmax(axis=1)]
