"""The data path: text -> normalise -> segment -> tokenize -> label -> extract -> `Report`.

`Pipeline` holds the only state of the package (the loaded labeler);
`nlp.extract` uses one default instance, loaded on first use.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from . import errors
from .directives import extract_directives
from .features import segment_records, stack_documents
from .labels import LABELS
from .meeting import extract_meeting
from .normalize import Normalized, normalize
from .segment import segment
from .tokenize import tokenize
from .types import Directive, Error, Meeting, Report, Segment

#: Longest text accepted by default (characters): ~20 times a long news article.
DEFAULT_MAX_CHARS = 1_000_000
#: Seconds one record may take in `Pipeline.safe_call` (a 1 MB report takes ~5 s).
DEFAULT_TIME_BUDGET = 60.0


@contextmanager
def _time_budget(seconds: float | None):
    """Raise `TimeBudgetExceeded` in the block after ``seconds`` (main thread, Unix only).

    Elsewhere (threads of a Dask worker, Windows) the block runs unbounded:
    signals are the only way to interrupt pure-Python work in place.
    """
    usable = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise errors.TimeBudgetExceeded(
            f"processing took longer than the time budget of {seconds:g} s; "
            "the text may be pathological, or raise time_budget"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _map_span(n: Normalized, span):
    """Re-anchor a span found in normalised text onto the original text."""
    if span is None or span.start is None:
        return span
    start, end = n.to_original(span.start, span.end)
    return replace(span, start=start, end=end, text=n.original[start:end])


def _map_directive(n: Normalized, d: Directive) -> Directive:
    return replace(
        d,
        issuer=_map_span(n, d.issuer),
        assignees=[_map_span(n, a) for a in d.assignees],
        action=_map_span(n, d.action),
        deadline=_map_span(n, d.deadline),
    )


def _map_meeting(n: Normalized, m: Meeting) -> Meeting:
    return replace(m, speaker=_map_span(n, m.speaker))


class Pipeline:
    """Read meeting reports with one labeler loaded once.

    Parameters
    ----------
    labeler : scikit-learn classifier over segment records
        Anything with ``predict_proba`` and ``classes_``: the shipped model
        (`nlp.model.load_model`) or `nlp.baseline.CueBaseline`.
    name : str
        Recorded as ``model`` in every report.
    max_chars : int
        Longer texts get a `TextTooLarge` error instead of a result.
    time_budget : float or None
        Seconds one report may take before it becomes an error record.
    abstain_below : float or None
        Abstain on segments whose top probability is below this: they are
        labeled ``other`` with ``abstained`` set (and so yield no directive);
        ``confidence`` and ``scores`` keep what the model said. ``vn-directives
        evaluate`` reports coverage against precision for a range of thresholds.
    """

    def __init__(
        self,
        labeler,
        *,
        name: str = "custom",
        max_chars: int = DEFAULT_MAX_CHARS,
        time_budget: float | None = DEFAULT_TIME_BUDGET,
        abstain_below: float | None = None,
    ):
        if abstain_below is not None and not 0.0 < abstain_below <= 1.0:
            raise ValueError(f"abstain_below must be a probability in (0, 1], got {abstain_below!r}")
        self.labeler = labeler
        self.name = name
        self.max_chars = max_chars
        self.time_budget = time_budget
        self.abstain_below = abstain_below

    @classmethod
    def load(cls, model: str = "default", **kwargs: Any) -> Pipeline:
        """A pipeline with the shipped model (``"default"``), ``"baseline"``, or a model path."""
        from .model import load_labeler

        labeler, name = load_labeler(model)
        return cls(labeler, name=name, **kwargs)

    def check_text(self, text: object) -> str:
        """Return ``text`` if it can be read as a report, else raise an `InputError`."""
        if not isinstance(text, str):
            raise errors.NotText(
                f"text must be a string, got {type(text).__name__}; pass the article body as str"
            )
        if not text.strip():
            raise errors.EmptyText("text is empty or whitespace only; nothing to read")
        if len(text) > self.max_chars:
            raise errors.TextTooLarge(
                f"text has {len(text):,} characters, more than the limit of {self.max_chars:,}; "
                "split it or raise max_chars"
            )
        return text

    def label(self, segments: list[Segment], tokens) -> list[Segment]:
        """Set label, confidence and per-label scores on ``segments``."""
        self._label_batch([_Prepared(None, segments, segment_records(segments, tokens))])
        return segments

    def _prepare(self, text: object) -> _Prepared:
        """Normalise, segment, tokenize and build feature records (no labels yet)."""
        n = normalize(self.check_text(text))
        if not n.text:
            raise errors.EmptyText("text holds no visible characters; nothing to read")
        segments = segment(n.text)
        return _Prepared(n, segments, segment_records(segments, tokens_by_segment(n.text, segments)))

    def _label_batch(self, batch: list[_Prepared]) -> None:
        """Label the segments of several reports with one model call.

        One call per batch instead of one per report: the feature pipeline's
        fixed cost per call is most of the time on short reports.
        """
        batch = [p for p in batch if p.segments]
        if not batch:
            return
        proba = np.asarray(self.labeler.predict_proba(stack_documents([p.records for p in batch])))
        classes = [str(c) for c in self.labeler.classes_]
        rows = iter(proba)
        for p in batch:
            for seg in p.segments:
                row = next(rows)
                seg.scores = {label: 0.0 for label in LABELS} | {
                    c: round(float(x), 4) for c, x in zip(classes, row)
                }
                seg.label = classes[int(row.argmax())]
                seg.confidence = round(float(row.max()), 4)
                # Against the rounded confidence, so that the output says abstained exactly when the
                # confidence it shows is below the threshold.
                if self.abstain_below is not None and seg.confidence < self.abstain_below:
                    seg.label, seg.abstained = "other", True

    def _finish(self, p: _Prepared, text: str, doc_id: str | None) -> Report:
        """Extract meeting and directives, and map every offset to the caller's text."""
        n, segments = p.normalized, p.segments
        meeting = extract_meeting(n.text, segments)
        directives = extract_directives(n.text, segments, meeting)
        for seg in segments:
            seg.start, seg.end = n.to_original(seg.start, seg.end)
            seg.text = text[seg.start : seg.end]
        return Report(
            text=text,
            id=doc_id,
            meeting=_map_meeting(n, meeting),
            segments=segments,
            directives=[_map_directive(n, d) for d in directives],
            model=self.name,
        )

    def __call__(self, text: str, *, doc_id: str | None = None) -> Report:
        """Read one report; raises an `InputError` for text that is not a report."""
        prepared = self._prepare(text)
        self._label_batch([prepared])
        return self._finish(prepared, text, doc_id)

    def _guard(self, doc_id, text, step):
        """Run ``step`` under the time budget; a failure becomes an error report."""
        try:
            with _time_budget(self.time_budget):
                return step()
        except errors.VnDirectivesError as exc:
            return error_report(doc_id, exc, text, self.name)
        except Exception as exc:  # noqa: BLE001 - one bad record must not stop a bulk run
            return error_report(doc_id, exc, text, self.name, internal=True)

    def safe_call(self, text: object, *, doc_id: str | None = None) -> Report:
        """Like calling the pipeline, but a failure becomes the report's ``error``."""
        return self._guard(doc_id, text, lambda: self(text, doc_id=doc_id))  # type: ignore[arg-type]

    def pipe(self, records: Iterable[Any], batch_size: int = 32) -> Iterator[Report]:
        """Read many records in order; bad records yield reports with ``error`` set.

        Records are labeled ``batch_size`` at a time; memory holds one batch.
        """
        pending: list[tuple[str, Any, _Prepared | Report]] = []

        def flush():
            ready = [p for _, _, p in pending if isinstance(p, _Prepared)]
            try:
                self._label_batch(ready)
            except Exception:  # noqa: BLE001 - find the record that breaks the batch
                for i, (doc_id, text, p) in enumerate(pending):
                    if isinstance(p, _Prepared):
                        pending[i] = (doc_id, text, self._guard(doc_id, text, lambda p=p: self._label_batch([p]) or p))
            for doc_id, text, p in pending:
                yield p if isinstance(p, Report) else self._guard(doc_id, text, lambda: self._finish(p, text, doc_id))
            pending.clear()

        for doc_id, text in iter_records(records):
            if isinstance(text, BaseException):
                pending.append((doc_id, text, error_report(doc_id, text, "", self.name)))
            else:
                pending.append((doc_id, text, self._guard(doc_id, text, lambda: self._prepare(text))))
            if len(pending) >= batch_size:
                yield from flush()
        yield from flush()


@dataclass
class _Prepared:
    """A report between preparation and labeling."""

    normalized: Normalized | None
    segments: list[Segment]
    records: list[dict]


def tokens_by_segment(text: str, segments: list[Segment]) -> list[list]:
    """Word tokens of each segment, from one underthesea call over the whole text.

    One call instead of one per segment saves underthesea's per-call cost; a
    token that crosses a segment edge (rare) goes to the segment it starts in.
    """
    import bisect

    starts = [s.start for s in segments]
    out: list[list] = [[] for _ in segments]
    for tok in tokenize(text):
        i = bisect.bisect_right(starts, tok.start) - 1
        if i >= 0:
            out[i].append(tok)
    return out


def error_report(
    doc_id: str | None, exc: BaseException, text: object, model: str, internal: bool = False
) -> Report:
    """The output record of an input that could not be processed."""
    message = str(exc) or repr(exc)
    if internal:
        message = f"internal error ({type(exc).__name__}: {message}); please report it with this record"
    where = f"record {doc_id!r}: " if doc_id is not None else ""
    return Report(
        text=text if isinstance(text, str) else "",
        id=doc_id,
        model=model,
        error=Error(type=errors.error_type(exc), message=where + message),
    )


def iter_records(records: Iterable[Any], id_field: str = "id", text_field: str = "text"):
    """Yield ``(id, text)`` from strings, ``(id, text)`` pairs or dict records.

    A record that is not one of these yields ``(id, RecordError)``, so the
    caller can emit an error record in its place.
    """
    for i, rec in enumerate(records):
        if isinstance(rec, str):
            yield str(i), rec
        elif isinstance(rec, dict):
            doc_id = rec.get(id_field, str(i))
            doc_id = str(doc_id) if doc_id is not None else str(i)
            if text_field not in rec:
                yield doc_id, errors.RecordError(
                    f"field {text_field!r} is missing; fields present: {sorted(rec)[:10]}"
                )
            else:
                yield doc_id, rec[text_field]
        elif isinstance(rec, tuple) and len(rec) == 2:
            yield str(rec[0]), rec[1]
        elif isinstance(rec, BaseException):
            yield str(i), rec
        else:
            yield str(i), errors.RecordError(
                f"record is a {type(rec).__name__}; expected a string, (id, text) or a dict"
            )

