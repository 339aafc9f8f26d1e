"""Train the segment labeler from ``corpus/`` and save it with skops.

``vn-directives train`` runs `train_and_save`. Same corpus and seed give the
same model and byte-identical predictions (a test retrains and compares).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from .classifier import SegmentClassifier, to_parts
from .corpus import CorpusDocument
from .features import segment_records, stack_documents
from .normalize import normalize
from .tokenize import tokenize
from .types import Segment


def document_records(doc: CorpusDocument) -> list[dict]:
    """Feature records of a corpus document's gold segments, as the pipeline sees them.

    The pipeline labels segments of the *normalised* text, so each segment's
    text is normalised the same way here (HTML remnants, spacing).
    """
    segments = [
        Segment(s.start, s.end, s.kind, normalize(s.text).text or s.text, parent=s.parent)
        for s in doc.segments
    ]
    tokens = [tokenize(s.text) for s in segments]
    return segment_records(segments, tokens)


def corpus_matrix(docs: list[CorpusDocument]):
    """``(X, y)``: stacked records of all documents and their gold labels."""
    X = stack_documents([document_records(d) for d in docs])
    y = np.array([s.label for d in docs for s in d.segments])
    return X, y


#: Temperature of the shipped model's probabilities. Fitted on our written reports, the model
#: is overconfident on news articles: on the real-text development set (43 articles) this
#: value minimises the log loss (models/README.md, "Calibration"). Labels do not depend on it.
NEWS_TEMPERATURE = 1.9


def train(docs: list[CorpusDocument], *, seed: int = 0, stacked: bool = True,
          temperature: float = NEWS_TEMPERATURE) -> SegmentClassifier:
    """A `SegmentClassifier` (default parameters, the news temperature) fitted on ``docs``."""
    X, y = corpus_matrix(docs)
    return SegmentClassifier(stacked=stacked, seed=seed, temperature=temperature).fit(X, y)


def save(model: SegmentClassifier, path: str | Path, meta: dict | None = None) -> None:
    """Write the model with skops (plain scikit-learn objects only), its JSON weights and a JSON sidecar."""
    import skops.io as sio

    from .linear import write_weights
    from .model import weights_path

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The vectorizers' vocabularies are JSON inside the file: compressed, ~6 times smaller.
    sio.dump(to_parts(model), path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    write_weights(model, weights_path(path))
    if meta is not None:
        path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

