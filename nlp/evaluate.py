"""Measure labelers, segmentation and directive extraction against gold annotations.

``vn-directives evaluate`` prints these side by side for the model and the
cue baseline, on the corpus test split and, when ``../shared`` is here, on
the real-text labels.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from .corpus import CorpusDocument
from .labels import LABELS
from .normalize import normalize
from .segment import segment


def label_report(y_true, y_pred) -> dict:
    """Per-label precision / recall / F1 / support, macro-F1, accuracy and confusion matrix."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(LABELS), zero_division=0)
    return {
        "per_label": {
            label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                    "f1": round(float(f[i]), 4), "support": int(s[i])}
            for i, label in enumerate(LABELS)
        },
        "macro_f1": round(float(np.mean(f)), 4),
        "accuracy": round(float((y_true == y_pred).mean()) if len(y_true) else 0.0, 4),
        "confusion": {"labels": list(LABELS),
                      "matrix": confusion_matrix(y_true, y_pred, labels=list(LABELS)).tolist()},
        "n": int(len(y_true)),
    }


def calibration(proba: np.ndarray, classes, y_true, bins: int = 10) -> dict:
    """Expected calibration error and the reliability table of the top label."""
    conf = proba.max(axis=1)
    correct = np.asarray(classes)[proba.argmax(axis=1)] == np.asarray(y_true)
    table, ece = [], 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        mask = (conf >= lo) & (conf < lo + 1 / bins) if lo < 1 - 1 / bins else conf >= lo
        if mask.any():
            acc, mean_conf = float(correct[mask].mean()), float(conf[mask].mean())
            ece += mask.mean() * abs(acc - mean_conf)
            table.append({"bin": f"{lo:.1f}-{lo + 1 / bins:.1f}", "n": int(mask.sum()),
                          "confidence": round(mean_conf, 3), "accuracy": round(acc, 3)})
    return {"ece": round(float(ece), 4), "reliability": table}


def coverage_precision(proba: np.ndarray, classes, y_true, thresholds=(0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)) -> list[dict]:
    """For each abstention threshold: share of segments labeled, and their accuracy."""
    conf = proba.max(axis=1)
    correct = np.asarray(classes)[proba.argmax(axis=1)] == np.asarray(y_true)
    out = []
    for t in thresholds:
        kept = conf >= t
        out.append({"threshold": t, "coverage": round(float(kept.mean()), 4),
                    "precision": round(float(correct[kept].mean()) if kept.any() else 1.0, 4)})
    return out


_MARKUP_EDGE = re.compile(r"^(?:\s|<[^>]{0,40}>|&\w{2,8};)+|(?:\s|<[^>]{0,40}>|&\w{2,8};)+$")


def _strip_markup(text: str, start: int, end: int) -> tuple[int, int]:
    """Gold spans include HTML remnants at their edges; the segmenter leaves them out."""
    piece = text[start:end]
    lead = _MARKUP_EDGE.match(piece)
    trail = [m for m in _MARKUP_EDGE.finditer(piece) if m.end() == len(piece) and m.start() > 0]
    new_start = start + (lead.end() if lead else 0)
    new_end = start + (trail[-1].start() if trail else len(piece))
    return (new_start, new_end) if new_start < new_end else (start, end)


def segmentation_report(docs: list[CorpusDocument], tolerance: int = 2) -> dict:
    """Segment boundary and kind agreement of the segmenter with gold, ±``tolerance`` chars.

    HTML remnants at a gold segment's edges ("<p>", "<br>") are not counted:
    the segmenter keeps markup out of segments.
    """
    tp = n_pred = n_gold = kind_ok = 0
    for doc in docs:
        n = normalize(doc.text)
        pred = []
        for s in segment(n.text):
            start, end = n.to_original(s.start, s.end)
            pred.append((start, end, s.kind))
        gold = [(*_strip_markup(doc.text, s.start, s.end), s.kind) for s in doc.segments]
        n_pred += len(pred)
        n_gold += len(gold)
        used = set()
        for gs, ge, gk in gold:
            for j, (ps, pe, pk) in enumerate(pred):
                if j not in used and abs(ps - gs) <= tolerance and abs(pe - ge) <= tolerance:
                    used.add(j)
                    tp += 1
                    kind_ok += pk == gk
                    break
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "kind_accuracy_on_matches": round(kind_ok / tp, 4) if tp else 0.0,
            "gold": n_gold, "predicted": n_pred}


def format_label_table(reports: dict[str, dict]) -> str:
    """Side-by-side per-label table of several labelers' `label_report`s."""
    names = list(reports)
    head = f"{'label':<12}" + "".join(f"{n + ' P':>12}{'R':>7}{'F1':>7}" for n in names) + f"{'support':>9}"
    lines = [head, "-" * len(head)]
    for label in LABELS:
        row = f"{label:<12}"
        for n in names:
            m = reports[n]["per_label"][label]
            row += f"{m['precision']:>12.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
        lines.append(row + f"{reports[names[0]]['per_label'][label]['support']:>9}")
    lines.append(f"{'macro-F1':<12}" + "".join(f"{reports[n]['macro_f1']:>26.3f}" for n in names))
    return "\n".join(lines)


def format_confusion(report: dict) -> str:
    """The confusion matrix of a `label_report` (rows gold, columns predicted)."""
    labels = report["confusion"]["labels"]
    corner = "gold/pred"
    lines = [f"{corner:<12}" + "".join(f"{x[:10]:>11}" for x in labels)]
    for label, row in zip(labels, report["confusion"]["matrix"]):
        lines.append(f"{label:<12}" + "".join(f"{v:>11}" for v in row))
    return "\n".join(lines)


def _labels_on(labeler, docs: list[CorpusDocument]):
    from .classifier import stack_documents
    from .train import document_records

    X = stack_documents([document_records(d) for d in docs])
    proba = np.asarray(labeler.predict_proba(X))
    return proba, [str(c) for c in labeler.classes_]


def evaluate_set(labelers: dict, docs: list[CorpusDocument]) -> dict:
    """Label reports of every labeler on ``docs`` (gold segments), and segmentation."""
    y = np.array([s.label for d in docs for s in d.segments])
    out: dict = {"documents": len(docs), "segments": int(len(y)), "labels": {}}
    for name, labeler in labelers.items():
        proba, classes = _labels_on(labeler, docs)
        pred = np.asarray(classes)[proba.argmax(axis=1)]
        out["labels"][name] = label_report(y, pred)
        out["labels"][name]["calibration"] = calibration(proba, classes, y)
        out["labels"][name]["abstention"] = coverage_precision(proba, classes, y)
    out["segmentation"] = segmentation_report(docs)
    return out


def run_evaluation(model: str, split: str, corpus_root) -> tuple[dict, str]:
    """Every figure of ``vn-directives evaluate``, and the same as printable text."""
    from .corpus import load_corpus, load_real
    from .model import load_labeler

    labeler, name = load_labeler(model)
    baseline, _ = load_labeler("baseline")
    labelers = {name: labeler} if name == "baseline" else {name: labeler, "baseline": baseline}
    sets = {f"corpus {split}": load_corpus(corpus_root, split=split), "real-text labels": load_real(corpus_root)}
    results, text = {}, []
    for title, docs in sets.items():
        if not docs:
            text.append(f"== {title}: not available (../shared/real absent or no labels)\n")
            continue
        r = evaluate_set(labelers, docs)
        results[title] = r
        text.append(f"== {title}: {r['documents']} documents, {r['segments']} segments")
        text.append(format_label_table(r["labels"]))
        text.append(f"\nconfusion of {name}:\n" + format_confusion(r["labels"][name]))
        cal = r["labels"][name]["calibration"]
        text.append(f"\ncalibration of {name}: ECE {cal['ece']:.3f}; abstention (threshold: coverage / precision): "
                    + ", ".join(f"{a['threshold']:.1f}: {a['coverage']:.2f}/{a['precision']:.3f}"
                                for a in r["labels"][name]["abstention"]))
        seg = r["segmentation"]
        text.append(f"segmentation vs gold (±2 chars): P {seg['precision']:.3f} R {seg['recall']:.3f} "
                    f"F1 {seg['f1']:.3f}, kind accuracy {seg['kind_accuracy_on_matches']:.3f}\n")
    return results, "\n".join(text)
