"""Corpus statistics, printed by ``vn-directives corpus stats`` and pasted by it into the datasheet."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..labels import KINDS, LABELS
from ..normalize import tone_normalize
from . import CorpusDocument

START, END = "<!-- stats:start -->", "<!-- stats:end -->"
_HTML_RE = re.compile(r"&[a-z]+;|&#\d+;|</?[a-z]+[^>]*>")


def corpus_stats(docs: list[CorpusDocument]) -> dict:
    """Counts per label, kind, split and meeting type, bodies, lengths and noise."""
    labels: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    split_labels: dict[str, Counter[str]] = {}
    types: Counter[str] = Counter()
    lengths = []
    for d in docs:
        labels.update(s.label for s in d.segments)
        kinds.update(s.kind for s in d.segments)
        split_labels.setdefault(d.split or "-", Counter()).update(s.label for s in d.segments)
        types[d.meta.get("meeting_type") or "-"] += 1
        lengths.append(len(d.segments))
    return {
        "documents": len(docs),
        "segments": sum(lengths),
        "directives": sum(len(d.directives) for d in docs),
        "labels": {k: labels[k] for k in LABELS},
        "kinds": {k: kinds[k] for k in KINDS},
        "splits": {
            s: {"documents": sum(1 for d in docs if (d.split or "-") == s), **dict(c)}
            for s, c in sorted(split_labels.items())
        },
        "meeting_types": dict(types.most_common()),
        "provinces_or_bodies": len({d.meta.get("province") for d in docs}),
        "segments_per_document": {
            "min": min(lengths, default=0),
            "max": max(lengths, default=0),
            "mean": round(sum(lengths) / max(len(lengths), 1), 1),
        },
        "with_html_remnants": sum(1 for d in docs if _HTML_RE.search(d.text)),
        "with_old_style_tone_marks": sum(1 for d in docs if tone_normalize(d.text) != d.text),
        "characters": sum(len(d.text) for d in docs),
    }


def stats_markdown(st: dict) -> str:
    """The statistics as the Markdown tables of the datasheet."""
    lines = [
        f"{st['documents']} documents, {st['segments']} segments, {st['directives']} directive "
        f"records, {st['characters']:,} characters; {st['provinces_or_bodies']} provinces, "
        f"cities or bodies; {st['segments_per_document']['min']}–"
        f"{st['segments_per_document']['max']} segments per document "
        f"(mean {st['segments_per_document']['mean']}); {st['with_html_remnants']} documents "
        f"with HTML remnants, {st['with_old_style_tone_marks']} with old-style tone marks.",
        "",
        "| split | documents | " + " | ".join(LABELS) + " |",
        "|---|---:|" + "---:|" * len(LABELS),
    ]
    for split, row in st["splits"].items():
        lines.append(f"| {split} | {row['documents']} | " + " | ".join(str(row.get(k, 0)) for k in LABELS) + " |")
    lines.append("| **all** | " + f"{st['documents']} | " + " | ".join(str(st["labels"][k]) for k in LABELS) + " |")
    lines += ["", "| kind | segments |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in st["kinds"].items()]
    lines += ["", "| meeting type | documents |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in st["meeting_types"].items()]
    return "\n".join(lines)


def update_readme(path: str | Path, markdown: str, start: str = START, end: str = END) -> bool:
    """Replace the block between the ``start``/``end`` markers in ``path``; True if it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition(start)
    if not sep or end not in rest:
        raise ValueError(f"{path} has no '{start}' ... '{end}' block")
    new = head + start + "\n" + markdown + "\n" + end + rest.split(end, 1)[1]
    path.write_text(new, encoding="utf-8")
    return new != text
