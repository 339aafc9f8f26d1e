"""Build ``corpus/documents.jsonl`` and ``corpus/annotations.jsonl`` from the sources.

Splits are fixed by a hash of each document id, stratified by meeting type,
so adding documents never moves an existing one to another split.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from pathlib import Path

from . import CORPUS_DIR, write_jsonl
from .source import SourceError, build_document, parse_source

SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))


def _rank(doc_id: str) -> str:
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()


def assign_splits(documents: list[dict]) -> dict[str, str]:
    """``{id: split}``: 70/15/15 within each meeting type, ordered by id hash."""
    groups: dict[str, list[str]] = defaultdict(list)
    for doc in documents:
        groups[doc.get("meeting_type") or ""].append(doc["id"])
    out: dict[str, str] = {}
    for ids in groups.values():
        ids.sort(key=_rank)
        n = len(ids)
        n_test = round(n * SPLITS[2][1])
        n_dev = round(n * SPLITS[1][1])
        for i, doc_id in enumerate(ids):
            out[doc_id] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
    return out


def build(root: str | Path = CORPUS_DIR) -> tuple[int, list[str]]:
    """Rebuild the released files from ``root/source/*.txt``; return (documents, errors).

    Nothing is written when any source has an error.
    """
    root = Path(root)
    documents, annotations, errors = [], [], []
    seen: set[str] = set()
    for path in sorted((root / "source").glob("*.txt")):
        try:
            parsed = parse_source(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
        except SourceError as exc:
            errors.append(str(exc))
            continue
        for src in parsed:
            doc, ann, errs = build_document(src)
            errors += errs
            if doc["id"] in seen:
                errors.append(f"{src.path}:{src.line}: duplicate id {doc['id']}")
            seen.add(doc["id"])
            if unicodedata.normalize("NFC", doc["text"]) != doc["text"]:
                errors.append(f"{src.path}:{src.line}: text of {doc['id']} is not NFC")
            documents.append(doc)
            annotations.append(ann)
    if errors:
        return len(documents), errors
    splits = assign_splits(documents)
    for doc in documents:
        doc["split"] = splits[doc["id"]]
    write_jsonl(root / "documents.jsonl", documents)
    write_jsonl(root / "annotations.jsonl", annotations)
    return len(documents), []
