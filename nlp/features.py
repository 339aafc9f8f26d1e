"""Segment records: one dict per segment with its text and its context.

Labels depend on more than a segment's words: on the lead-in that governs a
list item, on the section it sits in ("Về nhiệm vụ quý II", "Phát biểu kết
luận"), and on who speaks (the chair or a delegate). These records are the
``X`` of every labeler (`nlp.baseline.CueBaseline` and the learned model), so
both see the same context. Values are plain strings and floats, so a record
set is also a pandas DataFrame.
"""

from __future__ import annotations

import re

from .labels import LABELS
from .lexicon import (
    CHAIR_RE,
    DELEGATE_RE,
    IMPERATIVE_RE,
    META_RE,
    ORDER_DOWN_RE,
    ORDER_UP_RE,
    TOPIC_OPENERS,
    cue_scores,
    rule_scores,
)
from .normalize import tone_normalize
from .tokenize import Token, feature_tokens
from .types import Segment

# Sentences that open a section of the report and govern what follows.
_SECTION_RE = re.compile(
    r"^(?:về |đối với |thời gian tới|trong thời gian tới|phát biểu kết luận|kết luận|"
    r"phát biểu chỉ đạo|tại (?:hội nghị|buổi làm việc|phiên họp|kỳ họp)|"
    r"thảo luận|báo cáo|theo báo cáo|nhiệm vụ)"
)

# A fronted topic names what the sentence is about, not what it does: "kiến nghị" in
# "Đối với các kiến nghị của huyện, ..." does not make it a proposal.
_TOPIC_RE = re.compile(rf"^(?:{'|'.join(TOPIC_OPENERS)}) ")
# Where the main clause begins: the comma before its subject (a title, a body, a pronoun).
_SUBJECT_RE = re.compile(
    r", (?=(?:đồng chí|các đồng chí|ông|bà|thường trực|ban thường vụ|ban chấp hành|ban cán sự|chủ tịch|"
    r"phó chủ tịch|bí thư|phó bí thư|bộ trưởng|thứ trưởng|thủ tướng|phó thủ tướng|giám đốc|trưởng ban|"
    r"phó trưởng ban|lãnh đạo|ubnd|hđnd|ủy ban|sở|bộ|tỉnh ủy|thành ủy|huyện ủy|hội nghị|tỉnh|thành phố|"
    r"huyện|cơ quan)\b)"
)


def main_clause_start(text: str) -> int:
    """Offset where the main clause of lower-cased ``text`` begins, after a fronted topic; 0 if none.

    >>> t = "đối với các kiến nghị của huyện, chủ tịch ubnd tỉnh giao sở tài chính xem xét"
    >>> t[main_clause_start(t):]
    'chủ tịch ubnd tỉnh giao sở tài chính xem xét'
    """
    if not _TOPIC_RE.match(text):
        return 0
    subject = _SUBJECT_RE.search(text, 0, 200)
    if subject:
        return subject.end()
    # No subject named ("Về công tác cán bộ, cần ..."): the topic ends at its first comma.
    comma = text.find(", ", 0, 120)
    return comma + 2 if comma > 0 else 0


def _speaker(text: str) -> str:
    chair = CHAIR_RE.search(text)
    delegate = DELEGATE_RE.search(text)
    if chair and (not delegate or chair.start() <= delegate.start()):
        return "chair"
    return "delegate" if delegate else ""


# Record keys, formatted once rather than per record.
_CUE_KEYS = tuple(f"cue_{k}" for k in LABELS)
_LEAD_CUE_KEYS = tuple(f"lead_cue_{k}" for k in LABELS)
_MAIN_CUE_KEYS = tuple(f"main_cue_{k}" for k in LABELS)
_RULE_KEYS = tuple(f"rule_{k}" for k in LABELS)
_NO_CUES = dict.fromkeys(LABELS, 0.0)


def _keyed(keys: tuple[str, ...], scores: dict[str, float]) -> dict[str, float]:
    """``scores`` (keyed by label) under ``keys``, which follow `LABELS`."""
    return {key: scores[label] for key, label in zip(keys, LABELS)}


def segment_records(
    segments: list[Segment], tokens: list[list[Token]] | None = None
) -> list[dict[str, object]]:
    """One feature record per segment (see the module docstring for the keys).

    ``tokens[i]`` are the word tokens of ``segments[i]``; without them the
    ``tokens`` key holds whitespace-split syllables.
    """
    texts = [tone_normalize(s.text).lower() for s in segments]
    n = len(segments)
    records: list[dict[str, object]] = []
    section = ""
    speaker = ""
    lead_speakers: dict[int, str] = {}  # the items of one list share their lead-in
    for i, seg in enumerate(segments):
        text = texts[i]
        lead_in = texts[seg.parent] if seg.parent is not None else ""
        if seg.kind == "title" and i > 0:
            section = text
        elif _SECTION_RE.match(text):
            section = " ".join(text.split()[:8])
        # A list item is spoken by whoever speaks its lead-in.
        if lead_in:
            if seg.parent not in lead_speakers:
                lead_speakers[seg.parent] = _speaker(lead_in)
            own = lead_speakers[seg.parent] or speaker
        else:
            own = _speaker(text)
        if seg.kind in ("sentence", "lead_in"):
            speaker = own or speaker
        toks = feature_tokens(tokens[i]) if tokens is not None else text.split()
        cues = cue_scores(text)
        main_start = main_clause_start(text)
        main_cues = cue_scores(text[main_start:]) if main_start else cues
        lead_cues = cue_scores(lead_in) if lead_in else _NO_CUES
        meta = META_RE.search(text) is not None
        records.append(
            {
                **_keyed(_CUE_KEYS, cues),
                **_keyed(_LEAD_CUE_KEYS, lead_cues),
                **_keyed(_MAIN_CUE_KEYS, main_cues),
                "meta": float(meta),
                # The shape of an order or a request, read without knowing who speaks: real
                # articles often name a speaker our lists miss ("Lãnh đạo Bộ ...", "Tỉnh X").
                "order_down": float(ORDER_DOWN_RE.search(text) is not None),
                "order_up": float(ORDER_UP_RE.search(text) is not None),
                "imperative": float(IMPERATIVE_RE.match(text) is not None),
                "text": text,
                "tokens": " ".join(toks),
                "kind": seg.kind,
                "position": i / max(n - 1, 1),
                "prev_text": texts[i - 1] if i else "",
                "next_text": texts[i + 1] if i + 1 < n else "",
                "lead_in": lead_in,
                "section": section,
                "speaker": own or speaker,
                # The baseline's rules as evidence the model can weigh (chair vs delegate direction).
                **_keyed(_RULE_KEYS, rule_scores(text, own or speaker, meta=meta)),
                "parent_row": seg.parent if seg.parent is not None else -1,
            }
        )
    return records


def stack_documents(records_per_doc: list[list[dict]]) -> list[dict]:
    """One list of many documents' records, ``doc`` numbered and ``parent_row`` shifted.

    Labelers take records of several documents in one call (one call per
    batch is faster); these two keys keep neighbours and lead-ins within
    each document.
    """
    rows, offset = [], 0
    for d, records in enumerate(records_per_doc):
        for rec in records:
            parent = rec.get("parent_row", -1)
            rows.append({**rec, "doc": d, "parent_row": parent + offset if parent >= 0 else -1})
        offset += len(records)
    return rows
