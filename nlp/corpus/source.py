"""Parse the hand-written corpus sources (``corpus/source/*.txt``).

The format is described in ``corpus/AUTHORING.md``: one segment per line with
its kind and label, layout prefixes, and indented directive fields. Writers
never type offsets; this module builds the document text and computes every
offset, so the released annotations are exact by construction.

Run ``python -m nlp.corpus.source FILE...`` to check a source file.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..labels import KINDS, LABELS

META_KEYS = ("title", "date", "body", "province", "meeting_type", "author_pass")
SPAN_FIELDS = ("issuer", "assignees", "deadline", "proposer", "addressee")

_DOC_RE = re.compile(r"^### doc (\S+)\s*$")
_META_RE = re.compile(r"^meta (\w+):\s*(.*?)\s*$")
_SEG_RE = re.compile(r"^(\+ )?(\w+) (\w+) \| (.+?)\s*$")
_FIELD_RE = re.compile(r"^  +(\w+):\s*(.*?)\s*$")
_INTERVAL_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")


class SourceError(ValueError):
    """A corpus source file breaks the authoring format."""


@dataclass
class SourceSegment:
    """One segment line of a source file, before offsets are known."""

    kind: str
    label: str
    text: str
    joined: bool  # "+ " prefix: same line as the previous segment
    blank_lines: int  # empty lines typed before it
    line: int
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class SourceDocument:
    """One ``### doc`` block of a source file."""

    id: str
    line: int
    path: str
    meta: dict[str, str] = field(default_factory=dict)
    segments: list[SourceSegment] = field(default_factory=list)


def parse_source(text: str, path: str = "<string>") -> list[SourceDocument]:
    """Split a source file into documents and segment lines (no offsets yet)."""
    docs: list[SourceDocument] = []
    blank = 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            blank += 1
            continue
        m = _DOC_RE.match(line)
        if m:
            docs.append(SourceDocument(id=m.group(1), line=lineno, path=path))
            blank = 0
            continue
        if line.startswith("#"):
            continue
        if not docs:
            raise SourceError(f"{path}:{lineno}: text before the first '### doc' line")
        doc = docs[-1]
        m = _META_RE.match(line)
        if m and not doc.segments:
            doc.meta[m.group(1)] = m.group(2)
            blank = 0
            continue
        m = _FIELD_RE.match(line)
        if m:
            if not doc.segments:
                raise SourceError(f"{path}:{lineno}: field line before any segment")
            doc.segments[-1].fields[m.group(1)] = m.group(2)
            continue
        m = _SEG_RE.match(line)
        if not m:
            raise SourceError(
                f"{path}:{lineno}: not a segment line; expected 'KIND LABEL | TEXT', "
                f"got {line[:60]!r}"
            )
        joined, kind, label, seg_text = m.groups()
        doc.segments.append(
            SourceSegment(
                kind=kind,
                label=label,
                text=seg_text,
                joined=bool(joined),
                blank_lines=blank if doc.segments else 0,
                line=lineno,
            )
        )
        blank = 0
    return docs


def _find_span(text: str, needle: str, order: list[tuple[int, int]]) -> tuple[int, int] | None:
    """First occurrence of ``needle`` inside the segment ranges, in ``order``."""
    for start, end in order:
        i = text.find(needle, start, end)
        if i >= 0:
            return i, i + len(needle)
    return None


def _home(text: str, pieces: list[str], order: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The first segment range, in ``order``, holding every piece (as a one-item list), or ``[]``."""
    for start, end in order:
        if all(p and text.find(p, start, end) >= 0 for p in pieces):
            return [(start, end)]
    return []


def _check_interval(value: str, where: str) -> list[str]:
    m = _INTERVAL_RE.match(value)
    if not m:
        return [f"{where}: deadline interval {value!r} is not 'YYYY-MM-DD/YYYY-MM-DD'"]
    try:
        a, b = (_dt.date.fromisoformat(x) for x in m.groups())
    except ValueError as exc:
        return [f"{where}: deadline interval {value!r}: {exc}"]
    return [] if a <= b else [f"{where}: deadline interval {value!r} ends before it starts"]


def build_document(doc: SourceDocument) -> tuple[dict, dict, list[str]]:
    """Turn a parsed source document into a document record and its annotation.

    Returns ``(document, annotation, errors)``; the records follow
    ``nlp/schema/annotation.schema.json``.
    """
    errors: list[str] = []
    where = f"{doc.path}:{doc.line} ({doc.id})"
    for key in META_KEYS:
        if not doc.meta.get(key):
            errors.append(f"{where}: missing 'meta {key}:'")
    if not doc.segments:
        errors.append(f"{where}: document has no segments")

    parts: list[str] = []
    ranges: list[tuple[int, int]] = []
    pos = 0
    for i, seg in enumerate(doc.segments):
        if i:
            sep = " " if seg.joined else "\n" * (1 + seg.blank_lines)
            parts.append(sep)
            pos += len(sep)
        parts.append(seg.text)
        ranges.append((pos, pos + len(seg.text)))
        pos += len(seg.text)
    text = "".join(parts)

    segments: list[dict] = []
    directives: list[dict] = []
    lead_in: int | None = None
    for i, seg in enumerate(doc.segments):
        at = f"{doc.path}:{seg.line}"
        if seg.kind not in KINDS:
            errors.append(f"{at}: unknown kind {seg.kind!r}; use one of {', '.join(KINDS)}")
        if seg.label not in LABELS:
            errors.append(f"{at}: unknown label {seg.label!r}; use one of {', '.join(LABELS)}")
        parent = None
        if seg.kind == "lead_in":
            lead_in = i
            if not seg.text.rstrip().endswith(":"):
                errors.append(f"{at}: a lead_in ends with ':'")
        elif seg.kind == "list_item":
            if lead_in is None:
                errors.append(f"{at}: list_item without a lead_in before it")
            parent = lead_in
        else:
            lead_in = None
        start, end = ranges[i]
        segments.append(
            {"start": start, "end": end, "kind": seg.kind, "label": seg.label, "parent": parent}
        )
        unknown = set(seg.fields) - set(SPAN_FIELDS)
        if unknown:
            errors.append(f"{at}: unknown field(s) {sorted(unknown)}; use {', '.join(SPAN_FIELDS)}")
        if not seg.fields:
            continue
        # Search order of AUTHORING.md: the segment, its lead-in, earlier, later.
        order = [ranges[i]]
        if parent is not None:
            order.append(ranges[parent])
        order += [ranges[j] for j in range(i - 1, -1, -1)]
        order += [ranges[j] for j in range(i + 1, len(ranges))]
        record: dict = {"segment": i}
        for name in SPAN_FIELDS:
            value = seg.fields.get(name)
            if value is None:
                continue
            interval = None
            if name == "deadline":
                value, _, interval = (x.strip() for x in value.partition("=>"))
                if not interval:
                    errors.append(f"{at}: deadline needs '=> START/END'")
                else:
                    errors += _check_interval(interval, at)
            pieces = [x.strip() for x in (value.split("||") if name == "assignees" else [value])]
            # All the units of one field come from one place: the first segment holding all of
            # them ("UBND tỉnh, các cấp, các ngành" in the lead-in, not a lone "các cấp" in the item).
            home = _home(text, pieces, order)
            spans = []
            for piece in pieces:
                found = _find_span(text, piece, home + order) if piece else None
                if found is None:
                    errors.append(f"{at}: {name} text {piece!r} does not occur in the document")
                    continue
                spans.append({"start": found[0], "end": found[1]})
            if name == "assignees":
                if spans:
                    record[name] = spans
            elif spans:
                record[name] = spans[0]
                if interval:
                    record[name]["interval"] = interval
        if seg.label in ("task", "proposal"):
            directives.append(record)
        else:
            errors.append(f"{at}: directive fields on a {seg.label!r} segment")
    meta = {key: doc.meta.get(key) for key in META_KEYS} | {"source": "written"}
    document = {"id": doc.id, "text": text, **meta}
    annotation = {"id": doc.id, "segments": segments, "directives": directives}
    return document, annotation, errors


def check_files(paths: list[str]) -> int:
    """Print format errors and label counts for source files; return an exit code."""
    n_errors = 0
    labels: Counter[str] = Counter()
    lengths: list[int] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            docs = parse_source(Path(path).read_text(encoding="utf-8"), path)
        except (SourceError, UnicodeDecodeError) as exc:
            print(f"ERROR {exc}")
            n_errors += 1
            continue
        for doc in docs:
            if doc.id in seen:
                print(f"ERROR {path}:{doc.line}: duplicate id {doc.id} (also in {seen[doc.id]})")
                n_errors += 1
            seen[doc.id] = path
            _, ann, errors = build_document(doc)
            for err in errors:
                print(f"ERROR {err}")
            n_errors += len(errors)
            labels.update(s["label"] for s in ann["segments"])
            lengths.append(len(ann["segments"]))
            for s in ann["segments"]:
                if s["label"] == "task" and not any(
                    d["segment"] == ann["segments"].index(s) for d in ann["directives"]
                ):
                    print(f"warning {doc.id}: task segment at {s['start']} has no directive fields")
    print(f"documents: {len(lengths)}  segments: {sum(lengths)}", end="")
    if lengths:
        print(f"  (per document {min(lengths)}-{max(lengths)})")
    else:
        print()
    for label in LABELS:
        print(f"  {label:<11}{labels[label]:>6}")
    print(f"errors: {n_errors}")
    return 1 if n_errors else 0


if __name__ == "__main__":  # pragma: no cover - a writer's checker
    sys.exit(check_files(sys.argv[1:]))
