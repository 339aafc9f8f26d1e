"""Labeling real articles: a sheet to fill in, and standoff records from the filled sheet.

The real-text label files (``real/annotations.jsonl``, ``real/heldout.jsonl``)
hold offsets and a fingerprint of each article, never its text: the articles
belong to their publishers. An annotator works on a TSV sheet instead, one
row per segment our segmenter cuts, with offsets into the article's original
text and an empty ``label`` column; `records_from_sheet` turns the filled
sheet back into standoff records. Nobody types an offset.

The held-out set was drawn with `candidates` (the first ids in a salted
SHA-1 order), so it can be grown the same way without choosing articles by
hand.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Any, Iterable

from ..labels import LABELS
from ..normalize import normalize
from ..segment import segment
from . import text_sha1

#: The salt of the held-out draw: ``sorted(ids, key=sha1(HELDOUT_SALT + id))``.
HELDOUT_SALT = "heldout-2026-11-29/"
SHEET_COLUMNS = ("id", "i", "start", "end", "kind", "parent", "label", "text")


def candidates(articles: Iterable[dict[str, Any]], exclude: Iterable[str] = (), salt: str = HELDOUT_SALT) -> list[str]:
    """Ids of core-tier articles not in ``exclude``, in the SHA-1 order of ``salt + id``.

    A fixed order that nobody chose: the held-out set is its first 64 ids
    after the 43 of the development set were excluded.
    """
    skip = set(exclude)
    ids = [a["id"] for a in articles if a.get("selection_tier") == "core" and a["id"] not in skip]
    return sorted(ids, key=lambda i: hashlib.sha1((salt + i).encode("utf-8")).hexdigest())


def sheet_rows(article_id: str, text: str) -> list[dict[str, Any]]:
    """One row per segment of ``text``, offsets into ``text`` itself, ``label`` empty.

    The text column is for reading only (tabs and line breaks become spaces);
    `records_from_sheet` never reads it back.
    """
    norm = normalize(text)
    rows = []
    for k, seg in enumerate(segment(norm.text)):
        start, end = norm.to_original(seg.start, seg.end)
        rows.append({
            "id": article_id, "i": k, "start": start, "end": end, "kind": seg.kind,
            "parent": "" if seg.parent is None else seg.parent, "label": "",
            "text": " ".join(text[start:end].split()),
        })
    return rows


def write_sheet(path: str | Path, rows: Iterable[dict[str, Any]]) -> None:
    """Write sheet rows as UTF-8 TSV with a header."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, SHEET_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_sheet(path: str | Path) -> list[dict[str, str]]:
    """The rows of a filled sheet."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def records_from_sheet(rows: Iterable[dict[str, Any]], texts: dict[str, str]) -> list[dict[str, Any]]:
    """Standoff label records (no text, no directives), one per article, from filled sheet rows.

    ``texts`` maps article ids to the texts the sheet was cut from. Raises
    ``ValueError`` naming the article and segment of a missing or unknown
    label, or of an article whose text is not in ``texts``.
    """
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        where = f"{row['id']} segment {row['i']}"
        if row["label"] not in LABELS:
            raise ValueError(f"{where}: label {row['label']!r} is not one of {', '.join(LABELS)}")
        if row["id"] not in texts:
            raise ValueError(f"{where}: no text for this article")
        by_id.setdefault(row["id"], []).append(row)
    records = []
    for article_id, segs in by_id.items():
        segs.sort(key=lambda r: int(r["i"]))
        records.append({
            "id": article_id,
            "text_sha1": text_sha1(texts[article_id]),
            "segments": [
                {"start": int(r["start"]), "end": int(r["end"]), "kind": r["kind"], "label": r["label"],
                 "parent": int(r["parent"]) if str(r["parent"]) != "" else None}
                for r in segs
            ],
            "directives": [],
        })
    return records
