"""vn-directives: read Vietnamese meeting reports into segments, labels and directives.

>>> import nlp
>>> report = nlp.extract(nlp.example_text(), doc_id="example")  # doctest: +SKIP
>>> report.to_json()  # doctest: +SKIP

The default pipeline (shipped model) loads lazily on first use and is reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from .about import __version__
from .errors import InputError, ModelError, RecordError, VnDirectivesError
from .labels import KINDS, LABELS
from .types import SCHEMA_VERSION, Deadline, Directive, Meeting, Party, Report, Segment, Span

__all__ = [
    "__version__",
    "extract",
    "extract_many",
    "load",
    "example_text",
    "extract_frame",
    "spacy_pipeline",
    "to_frames",
    "Report",
    "Segment",
    "Directive",
    "Meeting",
    "Party",
    "Span",
    "Deadline",
    "KINDS",
    "LABELS",
    "SCHEMA_VERSION",
    "VnDirectivesError",
    "InputError",
    "RecordError",
    "ModelError",
]


@lru_cache(maxsize=4)
def load(model: str = "default", abstain_below: float | None = None):
    """The `Pipeline` for ``model`` ("default", "baseline" or a path), loaded once.

    ``abstain_below`` makes segments less probable than that ``other``, with
    ``abstained`` set (see `nlp.pipeline.Pipeline`); pipelines with different
    thresholds share one loaded model.
    """
    from .pipeline import Pipeline

    if abstain_below is None:
        return Pipeline.load(model)
    plain = load(model)
    return Pipeline(plain.labeler, name=plain.name, abstain_below=abstain_below)


def extract(text: str, *, doc_id: str | None = None, model: str = "default",
            abstain_below: float | None = None) -> Report:
    """Read one report. Raises `InputError` for text that is not a report.

    >>> r = extract("Họp giao ban\\nChủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ.", model="baseline")
    >>> [(s.kind, s.label) for s in r.segments]
    [('title', 'other'), ('sentence', 'task')]
    """
    return load(model, abstain_below)(text, doc_id=doc_id)


def extract_many(
    records: Iterable[Any],
    *,
    n_process: int = 1,
    batch_size: int = 32,
    model: str = "default",
    abstain_below: float | None = None,
) -> Iterator[Report]:
    """Read many reports in input order; never raises for a bad record.

    ``records`` holds strings, ``(id, text)`` pairs or dicts with ``id`` and
    ``text``. A record that cannot be read yields a `Report` whose ``error``
    says why. With ``n_process > 1`` the work is spread over processes, each
    loading the model once; ``batch_size`` records go to a process at a time.
    ``abstain_below`` is as in `load`.
    """
    if n_process <= 1:
        yield from load(model, abstain_below).pipe(records)
        return
    from .parallel import parallel_pipe

    yield from parallel_pipe(records, model=model, n_process=n_process, batch_size=batch_size,
                             abstain_below=abstain_below)


def example_text() -> str:
    """The example report shipped with the package (written by us)."""
    return resources.files("nlp").joinpath("data/example.txt").read_text(encoding="utf-8")


def to_frames(reports: Iterable[Report]):
    """``(segments_df, directives_df)``: one row per segment and one per directive.

    The columns are documented in `nlp.tables.SEGMENT_COLUMNS` and
    `nlp.tables.DIRECTIVE_COLUMNS`.
    """
    from .tables import frames

    return frames(reports)


def extract_frame(df, text_col: str = "text", id_col: str | None = None, *, model: str = "default",
                  n_process: int = 1, abstain_below: float | None = None):
    """Read every row's text of a pandas DataFrame; return ``(segments_df, directives_df)``.

    Ids come from ``id_col``, or the frame's index. Rows whose text cannot be
    read get one segment row with ``error_type`` and ``error_message`` set.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ."]})
    >>> segments, directives = extract_frame(df, model="baseline")
    >>> segments[["doc_id", "kind", "label"]].values.tolist()
    [['0', 'sentence', 'task']]
    """
    ids = df[id_col] if id_col is not None else df.index
    records = ({"id": str(i), "text": t} for i, t in zip(ids, df[text_col]))
    return to_frames(extract_many(records, model=model, n_process=n_process, abstain_below=abstain_below))


def spacy_pipeline(model: str = "default", abstain_below: float | None = None):
    """A spaCy ``Language`` (underthesea tokenizer + ``vi_directives`` component).

    Results are in ``doc.spans["segments"]``, ``doc.spans["directive_parts"]``
    and ``doc._.report``; see `nlp.spacy_components`. ``abstain_below`` is as
    in `load`.
    """
    from .spacy_components import spacy_pipeline as make

    return make(model, abstain_below)
