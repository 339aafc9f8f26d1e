"""Export the corpus to spaCy DocBin, doccano and Label Studio, and import them back.

Every format carries the same standoff annotation: segments (kind and label),
the lead-in each list item belongs to, and directive spans. Importing an
export gives back identical annotation records (tested), so annotators can
correct the corpus in doccano or Label Studio and we read their work back.
"""

from __future__ import annotations

import re
from typing import Any

from . import CorpusDocument

PART_FIELDS = ("issuer", "assignees", "deadline", "proposer", "addressee")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def annotation_record(doc: CorpusDocument) -> dict[str, Any]:
    """The standoff annotation record of a document (as in ``annotations.jsonl``)."""
    return {
        "id": doc.id,
        "segments": [
            {"start": s.start, "end": s.end, "kind": s.kind, "label": s.label, "parent": s.parent}
            for s in doc.segments
        ],
        "directives": doc.directives,
    }


def _parts(directive: dict) -> list[tuple[str, dict]]:
    out = []
    for name in PART_FIELDS:
        value = directive.get(name)
        for span in value if isinstance(value, list) else [value] if value else []:
            out.append(("assignee" if name == "assignees" else name, span))
    return out


def _rebuild_directive(segment: int, parts: list[tuple[str, dict]]) -> dict:
    d: dict[str, Any] = {"segment": segment}
    for name, span in parts:
        if name == "assignee":
            d.setdefault("assignees", []).append(span)
        else:
            d[name] = span
    return d


# --- doccano (JSONL with entities and relations) -----------------------------------------

def to_doccano(doc: CorpusDocument) -> dict[str, Any]:
    """A doccano relation-extraction record: entities ``KIND/LABEL`` and directive parts."""
    entities, relations = [], []
    for i, s in enumerate(doc.segments):
        entities.append({"id": i, "start_offset": s.start, "end_offset": s.end, "label": f"{s.kind}/{s.label}"})
        if s.parent is not None:
            relations.append({"id": len(relations), "from_id": i, "to_id": s.parent, "type": "parent"})
    intervals = {}
    for n, d in enumerate(doc.directives):
        for name, span in _parts(d):
            eid = len(entities)
            entities.append({"id": eid, "start_offset": span["start"], "end_offset": span["end"], "label": name})
            relations.append({"id": len(relations), "from_id": d["segment"], "to_id": eid, "type": f"{name}#{n}"})
            if span.get("interval"):
                intervals[str(eid)] = span["interval"]
    return {"id": doc.id, "text": doc.text, "entities": entities, "relations": relations,
            "intervals": intervals, "meta": doc.meta}


def from_doccano(record: dict[str, Any]) -> dict[str, Any]:
    """The annotation record of a doccano record made by `to_doccano` (or edited in doccano)."""
    ents = {e["id"]: e for e in record["entities"]}
    seg_ents = sorted(
        (e for e in record["entities"] if "/" in e["label"]), key=lambda e: (e["start_offset"], e["end_offset"])
    )
    index = {e["id"]: i for i, e in enumerate(seg_ents)}
    parents = {r["from_id"]: r["to_id"] for r in record["relations"] if r["type"] == "parent"}
    segments = []
    for e in seg_ents:
        kind, label = e["label"].split("/", 1)
        parent = parents.get(e["id"])
        segments.append({"start": e["start_offset"], "end": e["end_offset"], "kind": kind, "label": label,
                         "parent": index[parent] if parent is not None else None})
    groups: dict[int, tuple[int, list]] = {}
    for r in record["relations"]:
        if r["type"] == "parent":
            continue
        name, n = r["type"].split("#")
        e = ents[r["to_id"]]
        span = {"start": e["start_offset"], "end": e["end_offset"]}
        if str(e["id"]) in record.get("intervals", {}):
            span["interval"] = record["intervals"][str(e["id"])]
        groups.setdefault(int(n), (index[r["from_id"]], []))[1].append((name, span))
    directives = [_rebuild_directive(seg, parts) for _, (seg, parts) in sorted(groups.items())]
    return {"id": record["id"], "segments": segments, "directives": directives}


# --- Label Studio (JSON task list) ---------------------------------------------------------

def to_label_studio(doc: CorpusDocument) -> dict[str, Any]:
    """A Label Studio task with one completed annotation (labels, kinds and relations)."""
    results: list[dict] = []

    def region(rid: str, span: dict, control: str, value: str) -> dict:
        return {"id": rid, "from_name": control, "to_name": "text", "type": "labels",
                "value": {"start": span["start"], "end": span["end"],
                          "text": doc.text[span["start"] : span["end"]], "labels": [value]}}

    for i, s in enumerate(doc.segments):
        span = {"start": s.start, "end": s.end}
        results.append(region(f"s{i}", span, "label", s.label))
        results.append(region(f"s{i}", span, "kind", s.kind))
        if s.parent is not None:
            results.append({"type": "relation", "from_id": f"s{i}", "to_id": f"s{s.parent}",
                            "direction": "right", "labels": ["parent"]})
    for n, d in enumerate(doc.directives):
        for k, (name, span) in enumerate(_parts(d)):
            rid = f"d{n}p{k}"
            r = region(rid, span, "part", name)
            if span.get("interval"):
                r["meta"] = {"interval": span["interval"]}
            results.append(r)
            results.append({"type": "relation", "from_id": f"s{d['segment']}", "to_id": rid,
                            "direction": "right", "labels": [f"directive#{n}"]})
    return {"id": doc.id, "data": {"text": doc.text, "doc_id": doc.id, **doc.meta},
            "annotations": [{"result": results}]}


def from_label_studio(task: dict[str, Any]) -> dict[str, Any]:
    """The annotation record of a Label Studio task made by `to_label_studio`."""
    results = task["annotations"][0]["result"]
    regions: dict[str, dict] = {}
    for r in results:
        if r["type"] == "labels":
            reg = regions.setdefault(r["id"], {"start": r["value"]["start"], "end": r["value"]["end"]})
            reg[r["from_name"]] = r["value"]["labels"][0]
            if r.get("meta", {}).get("interval"):
                reg["interval"] = r["meta"]["interval"]
    seg_ids = sorted((k for k, v in regions.items() if "label" in v),
                     key=lambda k: (regions[k]["start"], regions[k]["end"]))
    index = {k: i for i, k in enumerate(seg_ids)}
    parents = {r["from_id"]: r["to_id"] for r in results if r["type"] == "relation" and r["labels"] == ["parent"]}
    segments = [
        {"start": regions[k]["start"], "end": regions[k]["end"], "kind": regions[k]["kind"],
         "label": regions[k]["label"], "parent": index[parents[k]] if k in parents else None}
        for k in seg_ids
    ]
    groups: dict[int, tuple[int, list]] = {}
    for r in results:
        if r["type"] == "relation" and r["labels"][0].startswith("directive#"):
            n = int(r["labels"][0].split("#")[1])
            reg = regions[r["to_id"]]
            span = {"start": reg["start"], "end": reg["end"]}
            if "interval" in reg:
                span["interval"] = reg["interval"]
            groups.setdefault(n, (index[r["from_id"]], []))[1].append((reg["part"], span))
    directives = [_rebuild_directive(seg, parts) for _, (seg, parts) in sorted(groups.items())]
    return {"id": task["data"].get("doc_id", task.get("id")), "segments": segments, "directives": directives}


# --- spaCy DocBin ------------------------------------------------------------------------

def to_spacy_doc(doc: CorpusDocument, vocab):
    """A spaCy ``Doc`` with ``doc.spans["segments"]`` (label), ``["segment_kinds"]`` and
    ``["directive_parts"]``; tokens are cut at every span edge so all spans align.
    """
    from spacy.tokens import Doc

    edges = {0, len(doc.text)}
    for s in doc.segments:
        edges |= {s.start, s.end}
    for d in doc.directives:
        for _, span in _parts(d):
            edges |= {span["start"], span["end"]}
    words, spaces = [], []
    for m in _TOKEN_RE.finditer(doc.text):
        cuts = sorted(e for e in edges if m.start() < e < m.end())
        bounds = [m.start(), *cuts, m.end()]
        for a, b in zip(bounds, bounds[1:]):
            words.append(doc.text[a:b])
            spaces.append(b == m.end() and doc.text[b : b + 1] == " ")
    sdoc = Doc(vocab, words=words, spaces=spaces)
    if sdoc.text != doc.text:
        # Whitespace other than single spaces: fall back to whitespace tokens.
        from spacy.util import get_words_and_spaces

        sdoc = Doc(vocab, *get_words_and_spaces([w for w in words], doc.text))
    segs, kinds, parts = [], [], []
    for s in doc.segments:
        segs.append(sdoc.char_span(s.start, s.end, label=s.label))
        kinds.append(sdoc.char_span(s.start, s.end, label=s.kind))
    # Span groups hold spans only; which directive a part belongs to, and the
    # resolved deadline interval, travel in user_data beside them.
    part_of, intervals = [], {}
    for n, d in enumerate(doc.directives):
        for name, span in _parts(d):
            if span.get("interval"):
                intervals[str(len(parts))] = span["interval"]  # msgpack wants str keys
            parts.append(sdoc.char_span(span["start"], span["end"], label=name))
            part_of.append(n)
    if any(x is None for x in segs + kinds + parts):
        raise ValueError(f"{doc.id}: a span does not align with tokens")
    sdoc.spans["segments"] = segs
    sdoc.spans["segment_kinds"] = kinds
    sdoc.spans["directive_parts"] = parts
    sdoc.user_data.update(
        doc_id=doc.id,
        parents=[s.parent for s in doc.segments],
        directive_segments=[d["segment"] for d in doc.directives],
        part_of=part_of,
        intervals=intervals,
    )
    return sdoc


def from_spacy_doc(sdoc) -> dict[str, Any]:
    """The annotation record of a ``Doc`` made by `to_spacy_doc`."""
    segs = sdoc.spans["segments"]
    kinds = sdoc.spans["segment_kinds"]
    parents = sdoc.user_data["parents"]
    segments = [
        {"start": s.start_char, "end": s.end_char, "kind": k.label_, "label": s.label_, "parent": p}
        for s, k, p in zip(segs, kinds, parents)
    ]
    grouped: dict[int, list] = {n: [] for n in range(len(sdoc.user_data["directive_segments"]))}
    for k, (span, n) in enumerate(zip(sdoc.spans["directive_parts"], sdoc.user_data["part_of"])):
        part = {"start": span.start_char, "end": span.end_char}
        if str(k) in sdoc.user_data["intervals"]:
            part["interval"] = sdoc.user_data["intervals"][str(k)]
        grouped[n].append((span.label_, part))
    directives = [
        _rebuild_directive(seg, grouped[n]) for n, seg in enumerate(sdoc.user_data["directive_segments"])
    ]
    return {"id": sdoc.user_data["doc_id"], "segments": segments, "directives": directives}


def to_docbin(docs: list[CorpusDocument]):
    """A spaCy ``DocBin`` of the documents (``user_data`` kept)."""
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("xx").vocab
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(to_spacy_doc(d, vocab))
    return db


def from_docbin(db) -> list[dict[str, Any]]:
    """Annotation records of a ``DocBin`` made by `to_docbin`."""
    import spacy

    return [from_spacy_doc(d) for d in db.get_docs(spacy.blank("xx").vocab)]
