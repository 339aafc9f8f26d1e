"""Inter-annotator agreement on the double-annotated documents (``corpus/agreement/``).

``pass_a.jsonl`` holds the writers' labels as they were before adjudication,
``pass_b.jsonl`` the independent second pass; the corpus itself holds the
adjudicated labels.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from ..labels import LABELS
from . import CORPUS_DIR, REAL_HELDOUT, REAL_LABELS, read_jsonl

START, END = "<!-- agreement:start -->", "<!-- agreement:end -->"


def agreement(root: str | Path = CORPUS_DIR) -> dict:
    """Cohen's κ overall and per label (one label against the rest), and the disagreements."""
    root = Path(root) / "agreement"
    a = {r["id"]: r["labels"] for r in read_jsonl(root / "pass_a.jsonl")}
    b = {r["id"]: r["labels"] for r in read_jsonl(root / "pass_b.jsonl")}
    ya, yb = [], []
    for doc_id in sorted(a.keys() & b.keys()):
        if len(a[doc_id]) != len(b[doc_id]):
            raise ValueError(f"{doc_id}: the passes label different numbers of segments")
        ya += a[doc_id]
        yb += b[doc_id]
    return {
        "documents": len(a.keys() & b.keys()),
        "segments": len(ya),
        "observed_agreement": round(sum(x == y for x, y in zip(ya, yb)) / max(len(ya), 1), 4),
        "kappa": round(float(cohen_kappa_score(ya, yb)), 4),
        "kappa_per_label": {
            label: round(float(cohen_kappa_score([x == label for x in ya], [y == label for y in yb])), 4)
            for label in LABELS
        },
        "disagreements": [
            {"pass_a": x, "pass_b": y, "count": n} for (x, y), n in Counter(
                (x, y) for x, y in zip(ya, yb) if x != y).most_common()
        ],
    }


def real_agreement(
    root: str | Path = CORPUS_DIR, labels: str = REAL_LABELS, pass_b: str = "pass_b.jsonl"
) -> dict | None:
    """κ between real-text labels (``real/<labels>``) and their independent second pass (``real/<pass_b>``)."""
    root = Path(root) / "real"
    if not (root / pass_b).exists():
        return None
    a = {r["id"]: [s["label"] for s in r["segments"]] for r in read_jsonl(root / labels)}
    b = {r["id"]: r["labels"] for r in read_jsonl(root / pass_b)}
    ya = [x for k in sorted(b) for x in a[k]]
    yb = [y for k in sorted(b) for y in b[k]]
    return {"documents": len(b), "segments": len(ya), "kappa": round(float(cohen_kappa_score(ya, yb)), 4),
            "observed_agreement": round(sum(x == y for x, y in zip(ya, yb)) / max(len(ya), 1), 4)}


def held_out_agreement(root: str | Path = CORPUS_DIR) -> dict | None:
    """κ on the held-out real-text labels (``real/heldout.jsonl`` vs ``real/heldout_pass_b.jsonl``)."""
    return real_agreement(root, REAL_HELDOUT, "heldout_pass_b.jsonl")


def agreement_markdown(st: dict, real: dict | None = None, held_out: dict | None = None) -> str:
    """The agreement figures as the datasheet's table."""
    lines = [
        f"{st['documents']} documents ({st['segments']} segments) labeled twice; observed agreement "
        f"{st['observed_agreement']:.3f}, Cohen's κ **{st['kappa']:.3f}**.",
        "",
        "| label | κ (label vs rest) |",
        "|---|---:|",
    ]
    lines += [f"| {k} | {v:.3f} |" for k, v in st["kappa_per_label"].items()]
    if st["disagreements"]:
        lines += ["", "Disagreements (pass A → pass B): " + "; ".join(
            f"{d['pass_a']} → {d['pass_b']} ×{d['count']}" for d in st["disagreements"])]
    if real:
        lines += ["", f"Real-text labels: {real['documents']} articles ({real['segments']} segments) labeled "
                  f"twice; observed agreement {real['observed_agreement']:.3f}, Cohen's κ **{real['kappa']:.3f}**."]
    if held_out:
        lines += ["", f"Held-out real-text labels: {held_out['documents']} articles ({held_out['segments']} segments) "
                  f"labeled twice; observed agreement {held_out['observed_agreement']:.3f}, "
                  f"Cohen's κ **{held_out['kappa']:.3f}**."]
    return "\n".join(lines)
