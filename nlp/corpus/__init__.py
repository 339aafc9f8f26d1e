"""The labeled corpus of Vietnamese meeting reports: load, validate, count, export.

Files in ``corpus/`` (see ``corpus/README.md``):

- ``documents.jsonl``: one document per line (``id``, ``text``, metadata, ``split``);
- ``annotations.jsonl``: standoff annotations keyed by ``id`` (segments with
  ``start``/``end``/``kind``/``label``/``parent``, directives with spans);
- ``real/annotations.jsonl``: standoff labels on real articles of
  ``../shared/real`` (offsets only, no text), joined by `load_real`;
- ``real/heldout.jsonl``: labels (no directives) on other real articles,
  kept out of every modelling choice: ``load_real(labels=REAL_HELDOUT)``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..types import Segment

#: The corpus folder of a source checkout (``corpus/`` beside ``nlp/``).
CORPUS_DIR = Path(__file__).resolve().parent.parent.parent / "corpus"
#: Where real articles live on our machines (absent on users' machines).
REAL_TEXTS = CORPUS_DIR.parent.parent / "shared" / "real" / "meetings.jsonl"
#: Real-text label files in ``corpus/real/``: the development set (labels and directives,
#: looked at while choosing models) and the held-out set (labels only, looked at once per model).
REAL_LABELS = "annotations.jsonl"
REAL_HELDOUT = "heldout.jsonl"


@dataclass
class CorpusDocument:
    """A document of the corpus with its gold segments and directives."""

    id: str
    text: str
    meta: dict[str, Any]
    segments: list[Segment]
    directives: list[dict[str, Any]] = field(default_factory=list)

    @property
    def split(self) -> str | None:
        """``train``, ``dev`` or ``test`` (``None`` for real-text labels)."""
        return self.meta.get("split")


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Objects of a JSONL file, one per non-empty line."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def write_jsonl(path: str | Path, records) -> None:
    """Write records as JSONL (UTF-8, one object per line, stable key order)."""
    with open(path, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def to_segments(text: str, ann: dict[str, Any]) -> list[Segment]:
    """Gold `Segment`s of an annotation record, with their text."""
    return [
        Segment(
            start=s["start"], end=s["end"], kind=s["kind"], text=text[s["start"] : s["end"]],
            label=s["label"], parent=s.get("parent"),
        )
        for s in ann["segments"]
    ]


def join(documents, annotations) -> list[CorpusDocument]:
    """Join document and annotation records by id (every document needs one)."""
    by_id = {a["id"]: a for a in annotations}
    out = []
    for doc in documents:
        ann = by_id.get(doc["id"])
        if ann is None:
            raise ValueError(f"document {doc['id']!r} has no annotation record")
        meta = {k: v for k, v in doc.items() if k not in ("id", "text")}
        out.append(
            CorpusDocument(doc["id"], doc["text"], meta, to_segments(doc["text"], ann), ann.get("directives", []))
        )
    return out


def load_corpus(root: str | Path = CORPUS_DIR, split: str | None = None) -> list[CorpusDocument]:
    """The written corpus, optionally one split (``train``, ``dev``, ``test``)."""
    root = Path(root)
    docs = join(read_jsonl(root / "documents.jsonl"), read_jsonl(root / "annotations.jsonl"))
    return [d for d in docs if split is None or d.split == split]


def text_sha1(text: str) -> str:
    """Fingerprint that ties a standoff record to the exact text it was made on."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_real(
    root: str | Path = CORPUS_DIR, texts: str | Path = REAL_TEXTS, labels: str = REAL_LABELS
) -> list[CorpusDocument]:
    """Real-article labels joined to their texts; ``[]`` when the texts are absent.

    The texts are not ours to distribute; the labels hold offsets and a
    fingerprint of each text, and a text that changed is refused. ``labels``
    names the file in ``root/real`` (`REAL_LABELS` or `REAL_HELDOUT`).
    """
    path = Path(root) / "real" / labels
    if not Path(texts).exists() or not path.exists():
        return []
    articles = {r["id"]: r for r in read_jsonl(texts)}
    out = []
    for ann in read_jsonl(path):
        art = articles.get(ann["id"])
        if art is None:
            continue
        text = art["text"]
        if text_sha1(text) != ann["text_sha1"]:
            raise ValueError(f"real article {ann['id']!r} changed since it was labeled")
        meta = {"title": art.get("title"), "source": "real", "split": None}
        out.append(CorpusDocument(ann["id"], text, meta, to_segments(text, ann), ann.get("directives", [])))
    return out


def to_frame(docs: list[CorpusDocument]):
    """One row per gold segment: doc id, split, index, offsets, kind, label, parent, text."""
    import pandas as pd

    rows = [
        {
            "doc_id": d.id, "split": d.split, "segment": i, "start": s.start, "end": s.end,
            "kind": s.kind, "label": s.label, "parent": s.parent, "text": s.text,
            "meeting_type": d.meta.get("meeting_type"), "province": d.meta.get("province"),
        }
        for d in docs
        for i, s in enumerate(d.segments)
    ]
    return pd.DataFrame(rows)
