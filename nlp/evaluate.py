"""Measure labelers, segmentation and directive extraction against gold annotations.

``vn-directives evaluate`` prints these side by side for the model and the
cue baseline, on the corpus test split and, when ``../shared`` is here, on
the real-text labels: the development set and the held-out set, which no
modelling choice may look at (labels only: no directive figures there).
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


def log_loss_at(proba: np.ndarray, classes, y_true, factor: float = 1.0) -> float:
    """Mean log loss of ``proba`` after raising its temperature by ``factor``.

    ``softmax(log(p) / factor)`` is what the model would give with its
    temperature multiplied by ``factor``: its scores are ``log(p)`` up to a
    constant per row.
    """
    index = {c: i for i, c in enumerate(classes)}
    rows = np.arange(len(proba))
    gold = np.array([index[str(y)] for y in y_true], dtype=int)
    logp = np.log(np.clip(proba, 1e-12, 1.0)) / factor
    logp -= np.logaddexp.reduce(logp, axis=1, keepdims=True)
    return float(-logp[rows, gold].mean())


def best_temperature_factor(proba: np.ndarray, classes, y_true) -> float:
    """The factor on the temperature (0.25 to 8) that minimises `log_loss_at` on these labels."""
    from scipy.optimize import minimize_scalar

    fit = minimize_scalar(lambda t: log_loss_at(proba, classes, y_true, float(np.exp(t))),
                          bounds=(np.log(0.25), np.log(8.0)), method="bounded")
    return float(np.exp(fit.x))


def calibration(proba: np.ndarray, classes, y_true, bins: int = 10) -> dict:
    """Expected calibration error, the reliability table of the top label, and the log loss.

    ``best_temperature_factor`` says how far the temperature is from the one
    that fits these labels best (1: it is that one; 2: probabilities should be
    twice as soft), with the log loss there.
    """
    classes = [str(c) for c in classes]
    conf = proba.max(axis=1)
    correct = np.asarray(classes)[proba.argmax(axis=1)] == np.asarray(y_true)
    table, ece = [], 0.0
    # Bin by index, not by comparing with float edges, which lets a confidence of exactly 0.7 miss every bin.
    which = np.minimum((conf * bins).astype(int), bins - 1)
    for b in range(bins):
        mask = which == b
        if mask.any():
            acc, mean_conf = float(correct[mask].mean()), float(conf[mask].mean())
            ece += mask.mean() * abs(acc - mean_conf)
            table.append({"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": int(mask.sum()),
                          "confidence": round(mean_conf, 3), "accuracy": round(acc, 3)})
    out = {"ece": round(float(ece), 4), "reliability": table}
    if len(proba) and set(map(str, y_true)) <= set(classes):
        factor = best_temperature_factor(proba, classes, y_true)
        out.update(log_loss=round(log_loss_at(proba, classes, y_true), 4),
                   best_temperature_factor=round(factor, 3),
                   log_loss_at_best=round(log_loss_at(proba, classes, y_true, factor), 4))
    return out


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
    from .features import stack_documents
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
    from .corpus import REAL_HELDOUT, load_corpus, load_real
    from .model import load_labeler

    labeler, name = load_labeler(model)
    baseline, _ = load_labeler("baseline")
    labelers = {name: labeler} if name == "baseline" else {name: labeler, "baseline": baseline}
    sets = {
        f"corpus {split}": load_corpus(corpus_root, split=split),
        "real-text labels": load_real(corpus_root),
        # Never used to choose a model: the honest real-text figure. Labels only, no directives.
        "real-text held-out labels": load_real(corpus_root, labels=REAL_HELDOUT),
    }
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
        # No log loss when the model lacks a class the gold labels use (a model trained on fewer labels).
        loss = (f", log loss {cal['log_loss']:.3f} ({cal['log_loss_at_best']:.3f} at temperature "
                f"x{cal['best_temperature_factor']:.2f})" if "log_loss" in cal else "")
        text.append(f"\ncalibration of {name}: ECE {cal['ece']:.3f}{loss}; "
                    "abstention (threshold: coverage / precision): "
                    + ", ".join(f"{a['threshold']:.1f}: {a['coverage']:.2f}/{a['precision']:.3f}"
                                for a in r["labels"][name]["abstention"]))
        seg = r["segmentation"]
        text.append(f"segmentation vs gold (±2 chars): P {seg['precision']:.3f} R {seg['recall']:.3f} "
                    f"F1 {seg['f1']:.3f}, kind accuracy {seg['kind_accuracy_on_matches']:.3f}")
        if any(d.directives for d in docs):
            r["directives"] = directive_report(docs)
            text.append("directives (extractor on gold segments and labels):\n"
                        + format_directive_table(r["directives"]) + "\n")
        else:
            text.append("directives: not labeled in this set\n")
    seed = _seed_results(labeler, name)
    if seed:
        results["seed"] = seed
        text.append(f"== seed report: labels right {seed['labels_right']}/{seed['segments']} ({name}); "
                    f"directives right {seed['directives']['all']}/{seed['directives']['gold']} "
                    f"(issuer {seed['directives']['issuer']}, assignees {seed['directives']['assignees']}, "
                    f"deadline {seed['directives']['deadline']})")
    return results, "\n".join(text)


def _seed_results(labeler, name: str) -> dict | None:
    import json

    from .corpus import CORPUS_DIR
    from .pipeline import Pipeline

    seed = CORPUS_DIR.parent.parent / "shared" / "seed" / "000_abf98aa3573e390c"
    if not seed.with_suffix(".txt").exists():
        return None
    text = seed.with_suffix(".txt").read_text(encoding="utf-8")
    gold = json.loads(seed.with_suffix(".gold.json").read_text(encoding="utf-8"))
    report = Pipeline(labeler, name=name)(text)
    right = sum(s.label == g["label"] for s, g in zip(report.segments, gold["segments"]))
    return {"segments": len(gold["segments"]), "labels_right": right,
            "directives": seed_directive_report(text, gold, report)}


# --- directives ------------------------------------------------------------------------

FIELDS = ("issuer", "assignees", "deadline")


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if tp else 0.0, "gold": n_gold, "predicted": n_pred}


def _predicted_directives(doc: CorpusDocument):
    """Directives extracted from the gold segments and labels, offsets in ``doc.text``."""
    from dataclasses import replace

    from .directives import extract_directives
    from .meeting import extract_meeting
    from .pipeline import _map_directive

    n = normalize(doc.text)
    starts = list(n._src_start)
    import bisect

    def to_norm(o: int) -> int:
        return bisect.bisect_left(starts, o)

    segs = []
    for s in doc.segments:
        a, b = to_norm(s.start), to_norm(s.end)
        segs.append(replace(s, start=a, end=max(a, b), text=n.text[a:max(a, b)]))
    meeting = extract_meeting(n.text, segs)
    return [_map_directive(n, d) for d in extract_directives(n.text, segs, meeting)]


def directive_report(docs: list[CorpusDocument]) -> dict:
    """Span-level precision / recall / F1 of issuer, assignees and deadline on task segments.

    Extraction runs on the gold segments and labels, so this measures the
    extractor alone. ``exact`` needs identical offsets; ``overlap`` any
    overlap in the same segment. Deadline intervals are scored on exact spans.
    """
    counts = {f: {"exact": 0, "overlap": 0, "pred": 0, "gold": 0} for f in FIELDS}
    interval_ok = interval_n = 0
    resolved = {"right": 0, "pred": 0, "gold": 0}
    for doc in docs:
        # A lead-in's fields are repeated on its items; like the seed's gold, the pipeline emits the
        # items only, so the corpus's records of governing lead-ins (GUIDELINES 6.1) are not scored.
        governing = {s.parent for s in doc.segments if s.parent is not None}
        gold = {d["segment"]: d for d in doc.directives
                if doc.segments[d["segment"]].label == "task" and d["segment"] not in governing}
        pred = {d.segment: d for d in _predicted_directives(doc) if d.type == "task"}
        for seg in set(gold) | set(pred):
            g, p = gold.get(seg, {}), pred.get(seg)
            for f in FIELDS:
                gs = g.get(f) or []
                gs = [(x["start"], x["end"]) for x in (gs if isinstance(gs, list) else [gs])]
                ps = []
                if p is not None:
                    value = getattr(p, f)
                    for x in value if isinstance(value, list) else [value]:
                        if x is not None and x.start is not None:
                            ps.append((x.start, x.end))
                c = counts[f]
                c["gold"] += len(gs)
                c["pred"] += len(ps)
                c["exact"] += len(set(gs) & set(ps))
                c["overlap"] += sum(any(a < e and s < b for s, e in ps) for a, b in gs)
            # The issuer is a person or body: right when the gold mention names the same one,
            # whichever of its mentions the extractor pointed at ("Ông" resolved to a name).
            gi = g.get("issuer")
            pi = p.issuer if p is not None else None
            resolved["gold"] += gi is not None
            resolved["pred"] += pi is not None
            if gi is not None and pi is not None:
                mention = doc.text[gi["start"] : gi["end"]]
                who = pi.name or pi.title or ""
                resolved["right"] += bool(who) and (who in mention or mention in (pi.title or ""))
            if g.get("deadline") and p is not None and p.deadline is not None:
                if (p.deadline.start, p.deadline.end) == (g["deadline"]["start"], g["deadline"]["end"]):
                    interval_n += 1
                    interval_ok += p.deadline.interval == g["deadline"].get("interval")
    out = {}
    for f, c in counts.items():
        out[f] = {"exact": _prf(c["exact"], c["pred"], c["gold"]),
                  "overlap": _prf(c["overlap"], c["pred"], c["gold"])}
    out["issuer_resolved"] = _prf(resolved["right"], resolved["pred"], resolved["gold"])
    out["deadline_interval_accuracy"] = round(interval_ok / interval_n, 4) if interval_n else None
    return out


def seed_directive_report(text: str, gold: dict, report) -> dict:
    """How many of the seed's gold directives a report gets right, field by field."""
    by_start = {report.segments[d.segment].start: d for d in report.directives if d.type == "task"}
    ok = {"issuer": 0, "assignees": 0, "deadline": 0, "all": 0}
    for g in gold["directives"]:
        d = by_start.get(g["segment_start"])
        if d is None:
            continue
        issuer = d.issuer is not None and (d.issuer.name, d.issuer.title) == (g["issuer"]["name"], g["issuer"]["title"])
        assignees = [(a.text, a.start, a.end) for a in d.assignees] == [
            (a["text"], a["start"], a["end"]) for a in g["assignees"]]
        gd = g["deadline"]
        deadline = (d.deadline is None) if gd is None else (
            d.deadline is not None and (d.deadline.text, d.deadline.start, d.deadline.end) == (gd["text"], gd["start"], gd["end"]))
        ok["issuer"] += issuer
        ok["assignees"] += assignees
        ok["deadline"] += deadline
        ok["all"] += issuer and assignees and deadline
    return {"gold": len(gold["directives"]), "predicted": len(by_start), **ok}


def format_directive_table(r: dict) -> str:
    """Issuer / assignees / deadline P, R, F1 (exact and overlap) as text."""
    lines = [f"{'field':<11}{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>11}{'R':>7}{'F1':>7}{'gold':>7}"]
    for f in FIELDS:
        e, o = r[f]["exact"], r[f]["overlap"]
        lines.append(f"{f:<11}{e['precision']:>9.3f}{e['recall']:>7.3f}{e['f1']:>7.3f}"
                     f"{o['precision']:>11.3f}{o['recall']:>7.3f}{o['f1']:>7.3f}{e['gold']:>7}")
    ir = r["issuer_resolved"]
    lines.append(f"{'issuer (same person or body)':<30} P {ir['precision']:.3f} R {ir['recall']:.3f} F1 {ir['f1']:.3f}")
    if r.get("deadline_interval_accuracy") is not None:
        lines.append(f"deadline intervals right (on exact spans): {r['deadline_interval_accuracy']:.3f}")
    return "\n".join(lines)
