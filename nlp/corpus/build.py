"""Build ``corpus/documents.jsonl`` and ``corpus/annotations.jsonl`` from the sources.

Splits are stratified by meeting type and ordered by a hash of each document
id. Once released in ``documents.jsonl`` a document keeps its split: adding
documents never moves an existing one, so test figures stay comparable.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from pathlib import Path

from . import CORPUS_DIR, read_jsonl, write_jsonl
from .source import SourceError, build_document, parse_source

SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))


def _rank(doc_id: str) -> str:
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()


def assign_splits(documents: list[dict], previous: dict[str, str] | None = None) -> dict[str, str]:
    """``{id: split}``: 70/15/15 within each meeting type, ordered by id hash.

    Documents in ``previous`` (the splits already released) keep them, so a
    published test set never changes under its users; new documents fill each
    meeting type's shortfall of test, then dev, in hash order, the rest train.
    """
    previous = previous or {}
    groups: dict[str, list[str]] = defaultdict(list)
    for doc in documents:
        groups[doc.get("meeting_type") or ""].append(doc["id"])
    out: dict[str, str] = {}
    for ids in groups.values():
        n = len(ids)
        quota = {"test": round(n * SPLITS[2][1]), "dev": round(n * SPLITS[1][1])}
        new = []
        for doc_id in ids:
            if doc_id in previous:
                out[doc_id] = previous[doc_id]
                quota[previous[doc_id]] = quota.get(previous[doc_id], 0) - 1
            else:
                new.append(doc_id)
        n_test, n_dev = max(quota["test"], 0), max(quota["dev"], 0)
        for i, doc_id in enumerate(sorted(new, key=_rank)):
            out[doc_id] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
    return out


def released_splits(root: str | Path = CORPUS_DIR) -> dict[str, str]:
    """``{id: split}`` of the documents in ``root/documents.jsonl`` (empty when absent)."""
    path = Path(root) / "documents.jsonl"
    if not path.exists():
        return {}
    return {d["id"]: d["split"] for d in read_jsonl(path) if d.get("split")}


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
    splits = assign_splits(documents, released_splits(root))
    for doc in documents:
        doc["split"] = splits[doc["id"]]
    write_jsonl(root / "documents.jsonl", documents)
    write_jsonl(root / "annotations.jsonl", annotations)
    return len(documents), []
