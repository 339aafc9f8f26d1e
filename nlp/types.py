"""The records every stage reads and writes: `Report`, `Segment`, `Directive`, `Meeting`.

Offsets (`start`, `end`) are Python ``str`` indices into the caller's original
text, so ``report.text[seg.start:seg.end] == seg.text`` always holds. JSON keys
follow spaCy's ``Doc.to_json`` where they overlap (``start``, ``end``,
``label``).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .labels import KINDS, LABELS

#: A lone surrogate: UTF-8, Arrow and Parquet cannot store one (json.loads makes them of "\\ud800").
SURROGATE_RE = re.compile("[\ud800-\udfff]")

#: Version of ``nlp/schema/report.schema.json`` that `Report.to_dict` follows.
SCHEMA_VERSION = "1.0.0"


def _from_dict(cls, data: dict[str, Any] | None):
    """Build a dataclass from a dict, ignoring keys it does not know."""
    if data is None:
        return None
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Span:
    """A piece of the report's text with its offsets."""

    start: int
    end: int
    text: str

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Span | None:
        """Build a `Span` from its `to_dict` form (``None`` stays ``None``)."""
        return _from_dict(cls, data)


@dataclass
class Deadline(Span):
    """A stated time frame and its resolved ISO-8601 interval (``None`` if unknown)."""

    interval: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Deadline | None:
        """Build a `Deadline` from its `to_dict` form (``None`` stays ``None``)."""
        return _from_dict(cls, data)


@dataclass
class Party:
    """Who issues or proposes: a person (name and title) or a body (title only).

    ``start``/``end`` point at the mention the party was read from, when there is one.
    """

    name: str | None = None
    title: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Party | None:
        """Build a `Party` from its `to_dict` form (``None`` stays ``None``)."""
        return _from_dict(cls, data)


@dataclass
class Segment:
    """One title, caption, sentence, lead-in or list item of a report.

    ``parent`` is the index of the governing lead-in for a list item, else ``None``.
    ``scores`` holds one probability per label when a model labeled the segment.
    """

    start: int
    end: int
    kind: str
    text: str
    label: str | None = None
    confidence: float | None = None
    scores: dict[str, float] | None = None
    parent: int | None = None
    abstained: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown segment kind {self.kind!r}; expected one of {KINDS}")
        if self.label is not None and self.label not in LABELS:
            raise ValueError(f"unknown label {self.label!r}; expected one of {LABELS}")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        """Build a `Segment` from its `to_dict` form."""
        return _from_dict(cls, data)


@dataclass
class Directive:
    """Who told whom to do what, by when: one record per ``task`` segment.

    For ``proposal`` segments the same record holds proposer (``issuer``) and
    addressee (``assignees``), with ``type == "proposal"``.
    """

    segment: int
    type: str = "task"
    issuer: Party | None = None
    assignees: list[Span] = field(default_factory=list)
    action: Span | None = None
    deadline: Deadline | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Directive:
        """Build a `Directive` from its `to_dict` form."""
        return cls(
            segment=data["segment"],
            type=data.get("type", "task"),
            issuer=Party.from_dict(data.get("issuer")),
            assignees=[Span.from_dict(a) for a in data.get("assignees") or []],
            action=Span.from_dict(data.get("action")),
            deadline=Deadline.from_dict(data.get("deadline")),
        )


@dataclass
class Meeting:
    """What kind of meeting the report is about, when, where and who chaired it."""

    type: str | None = None
    title: str | None = None
    date: str | None = None
    period: str | None = None
    location: str | None = None
    speaker: Party | None = None
    bodies: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Meeting:
        """Build a `Meeting` from its `to_dict` form."""
        data = dict(data or {})
        data["speaker"] = Party.from_dict(data.get("speaker"))
        return _from_dict(cls, data)


@dataclass
class Error:
    """Why a record could not be processed (its output line still exists)."""

    type: str
    message: str

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Error | None:
        """Build an `Error` from its `to_dict` form (``None`` stays ``None``)."""
        return _from_dict(cls, data)


@dataclass
class Report:
    """The structured reading of one meeting report: the pipeline's output."""

    text: str
    id: str | None = None
    meeting: Meeting = field(default_factory=Meeting)
    segments: list[Segment] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    error: Error | None = None
    model: str | None = None

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """The JSON-ready form that ``nlp/schema/report.schema.json`` describes."""
        out: dict[str, Any] = {"id": self.id, "schema_version": SCHEMA_VERSION}
        if include_text:
            out["text"] = self.text
        out.update(
            model=self.model,
            meeting=asdict(self.meeting),
            segments=[asdict(s) for s in self.segments],
            directives=[asdict(d) for d in self.directives],
            error=asdict(self.error) if self.error else None,
        )
        return out

    def to_json(self, *, indent: int | None = None, include_text: bool = False) -> str:
        """`to_dict` as a JSON string (UTF-8 characters kept, not escaped).

        Segment texts are slices of the input, so a lone surrogate in the input
        (``json.loads`` makes one of ``"\\ud800"``) is in them too; such a report
        is written with ``\\uXXXX`` escapes, since a surrogate cannot be encoded
        as UTF-8 and would end a bulk run at the write.
        """
        data = self.to_dict(include_text=include_text)
        out = json.dumps(data, ensure_ascii=False, indent=indent)
        if SURROGATE_RE.search(out):
            out = json.dumps(data, indent=indent)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str | None = None) -> Report:
        """Rebuild a `Report` from `to_dict` output (``text`` if it was left out)."""
        return cls(
            text=data.get("text", text) or "",
            id=data.get("id"),
            meeting=Meeting.from_dict(data.get("meeting")),
            segments=[Segment.from_dict(s) for s in data.get("segments", [])],
            directives=[Directive.from_dict(d) for d in data.get("directives", [])],
            error=Error.from_dict(data.get("error")),
            model=data.get("model"),
        )

    @classmethod
    def from_json(cls, line: str, text: str | None = None) -> Report:
        """Rebuild a `Report` from `to_json` output."""
        return cls.from_dict(json.loads(line), text)

    @property
    def tasks(self) -> list[Directive]:
        """The directives of ``task`` segments (proposals left out)."""
        return [d for d in self.directives if d.type == "task"]
