"""Flat tables for analysts: one row per segment, one row per directive.

The column sets are fixed and Arrow-friendly (strings, integers, floats,
booleans; missing values are null), so CSV, Parquet and pandas frames share
them. `SEGMENT_COLUMNS` and `DIRECTIVE_COLUMNS` document every column.
"""

from __future__ import annotations

from collections.abc import Iterable

from .labels import LABELS
from .types import SURROGATE_RE, Report

#: column -> description, for one row per segment.
SEGMENT_COLUMNS: dict[str, str] = {
    "doc_id": "record id",
    "segment": "index of the segment in its report",
    "start": "offset of the segment in the input text",
    "end": "end offset (exclusive)",
    "kind": "title, caption, sentence, lead_in or list_item",
    "label": "result, difficulty, proposal, task or other",
    "confidence": "the model's top probability (that of the label, unless it abstained)",
    "abstained": "true when the top probability was below the abstention threshold and the label fell back to other",
    **{f"p_{label}": f"probability of {label}" for label in LABELS},
    "parent": "index of the governing lead-in (list items), else null",
    "text": "the segment's text",
    "error_type": "set on the single row of a record that could not be read",
    "error_message": "why it could not be read",
}

#: column -> description, for one row per directive.
DIRECTIVE_COLUMNS: dict[str, str] = {
    "doc_id": "record id",
    "directive": "index of the directive in its report",
    "type": "task or proposal",
    "segment": "index of the segment it comes from",
    "issuer_name": "person's name, when the issuer is a person",
    "issuer_title": "title or body of the issuer",
    "assignees": "units that must act, joined by ' | '",
    "n_assignees": "number of assignees",
    "action": "what must be done",
    "deadline": "time frame as written",
    "deadline_start": "first day of the resolved interval (ISO date)",
    "deadline_end": "last day of the resolved interval (ISO date)",
    "meeting_type": "type of the meeting of the report",
    "meeting_date": "date of the meeting, when stated",
    "location": "province or city of the meeting",
}


def _storable(text: str | None) -> str | None:
    """``text`` with lone surrogates as U+FFFD, same length, so offsets still hold.

    Arrow strings, Parquet and UTF-8 CSV refuse a surrogate; JSON escapes it.
    """
    return SURROGATE_RE.sub("\ufffd", text) if text else text


def segment_rows(report: Report) -> list[dict]:
    """The segment rows of one report (one row with the error for a failed record)."""
    if report.error is not None:
        row = dict.fromkeys(SEGMENT_COLUMNS)
        row.update(doc_id=report.id, error_type=report.error.type, error_message=report.error.message)
        return [row]
    rows = []
    for i, s in enumerate(report.segments):
        scores = s.scores or {}
        rows.append({
            "doc_id": report.id, "segment": i, "start": s.start, "end": s.end, "kind": s.kind,
            "label": s.label, "confidence": s.confidence, "abstained": s.abstained,
            **{f"p_{label}": scores.get(label) for label in LABELS},
            "parent": s.parent, "text": _storable(s.text), "error_type": None, "error_message": None,
        })
    return rows


def directive_rows(report: Report) -> list[dict]:
    """The directive rows of one report (failed records have none)."""
    rows = []
    m = report.meeting
    for i, d in enumerate(report.directives):
        interval = (d.deadline.interval or "").split("/") if d.deadline else []
        rows.append({
            "doc_id": report.id, "directive": i, "type": d.type, "segment": d.segment,
            "issuer_name": _storable(d.issuer.name) if d.issuer else None,
            "issuer_title": _storable(d.issuer.title) if d.issuer else None,
            "assignees": _storable(" | ".join(a.text for a in d.assignees)) or None,
            "n_assignees": len(d.assignees),
            "action": _storable(d.action.text) if d.action else None,
            "deadline": _storable(d.deadline.text) if d.deadline else None,
            "deadline_start": interval[0] if len(interval) == 2 else None,
            "deadline_end": interval[1] if len(interval) == 2 else None,
            "meeting_type": m.type, "meeting_date": m.date, "location": _storable(m.location),
        })
    return rows


def frames(reports: Iterable[Report]):
    """``(segments_df, directives_df)`` of many reports, with the documented columns."""
    import pandas as pd

    seg, dirs = [], []
    for r in reports:
        seg += segment_rows(r)
        dirs += directive_rows(r)
    return (
        pd.DataFrame(seg, columns=list(SEGMENT_COLUMNS)),
        pd.DataFrame(dirs, columns=list(DIRECTIVE_COLUMNS)),
    )
