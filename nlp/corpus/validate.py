"""Check a corpus: offsets, coverage, labels and the lead-in / list-item structure.

Every problem is a message naming the document and segment, so a broken
corpus is fixed from the report alone.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from ..labels import KINDS, LABELS
from . import CorpusDocument

_SPAN_FIELDS = ("issuer", "deadline", "proposer", "addressee")


def _check_span(doc: CorpusDocument, where: str, span: dict) -> list[str]:
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(doc.text)):
        return [f"{where}: span {start}:{end} is outside the text (length {len(doc.text)})"]
    text = doc.text[start:end]
    if text != text.strip():
        return [f"{where}: span {text!r} starts or ends with whitespace"]
    return []


def _check_interval(where: str, interval: str | None) -> list[str]:
    if interval is None:
        return []
    try:
        a, b = (dt.date.fromisoformat(x) for x in interval.split("/"))
    except ValueError:
        return [f"{where}: interval {interval!r} is not 'YYYY-MM-DD/YYYY-MM-DD'"]
    return [] if a <= b else [f"{where}: interval {interval!r} ends before it starts"]


def validate_document(doc: CorpusDocument) -> list[str]:
    """Every problem of one document, as messages; ``[]`` when it is valid."""
    errs: list[str] = []
    text = doc.text
    if unicodedata.normalize("NFC", text) != text:
        errs.append(f"{doc.id}: text is not NFC")
    covered = [False] * len(text)
    prev_end = 0
    for i, s in enumerate(doc.segments):
        where = f"{doc.id} segment {i} ({s.start}:{s.end})"
        if not (0 <= s.start < s.end <= len(text)):
            errs.append(f"{where}: offsets outside the text (length {len(text)})")
            continue
        if s.start < prev_end:
            errs.append(f"{where}: overlaps the segment before it (which ends at {prev_end})")
        prev_end = s.end
        if text[s.start : s.end] != s.text or s.text != s.text.strip():
            errs.append(f"{where}: text does not match its offsets or has outer whitespace")
        if s.kind not in KINDS or s.label not in LABELS:
            errs.append(f"{where}: kind {s.kind!r} / label {s.label!r} not in the scheme")
        if s.kind == "list_item":
            p = s.parent
            if p is None or not (0 <= p < i) or doc.segments[p].kind != "lead_in":
                errs.append(f"{where}: list_item whose parent {p!r} is not an earlier lead_in")
            elif any(doc.segments[j].kind != "list_item" for j in range(p + 1, i)):
                errs.append(f"{where}: list_item separated from its lead_in {p}")
        elif s.parent is not None:
            errs.append(f"{where}: only list items have a parent")
        if s.kind == "lead_in":
            items = 0
            for t in doc.segments[i + 1 :]:
                if t.kind != "list_item":
                    break
                items += 1
            if items < 2:
                errs.append(f"{where}: a lead_in governs at least two list items, this one {items}")
            if not s.text.endswith(":"):
                errs.append(f"{where}: a lead_in ends with ':'")
        for j in range(s.start, s.end):
            covered[j] = True
    gaps = [j for j, ch in enumerate(text) if not covered[j] and not ch.isspace()]
    if gaps:
        errs.append(f"{doc.id}: text at {gaps[0]} ({text[gaps[0]:gaps[0] + 20]!r}) is in no segment")
    for d in doc.directives:
        where = f"{doc.id} directive of segment {d.get('segment')}"
        seg_index = d.get("segment")
        if not (isinstance(seg_index, int) and 0 <= seg_index < len(doc.segments)):
            errs.append(f"{where}: no such segment")
            continue
        if doc.segments[seg_index].label not in ("task", "proposal"):
            errs.append(f"{where}: directives belong to task or proposal segments")
        for name in _SPAN_FIELDS:
            if d.get(name):
                errs += _check_span(doc, f"{where} {name}", d[name])
        for a in d.get("assignees", []):
            errs += _check_span(doc, f"{where} assignee", a)
        if d.get("deadline"):
            errs += _check_interval(f"{where} deadline", d["deadline"].get("interval"))
    return errs


def validate_corpus(docs: list[CorpusDocument]) -> list[str]:
    """Problems of every document, plus duplicate ids."""
    errs: list[str] = []
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            errs.append(f"{doc.id}: duplicate id")
        seen.add(doc.id)
        errs += validate_document(doc)
    return errs
