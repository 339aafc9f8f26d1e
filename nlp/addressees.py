"""Addressee phrases: where the units a directive names start and end, and how a list splits into units.

`addressee_region` reads the phrase after a directing verb ("yêu cầu **Sở Y tế,
các huyện** rà soát ...") or a sentence's own subject ("**Các xã** phải ...");
`split_units` cuts it into units, one "các" or head noun over bare nouns being
one group (GUIDELINES 6.3). Both work on the tone-normalised view with the known
bodies and titles of the report (``at``: mention by start offset), so every
offset indexes the caller's text. `nlp.directives` decides which phrase is
whose, with the word lists and patterns below (``__all__``) that it shares.
"""

from __future__ import annotations

import re
from typing import Protocol

from .gazetteer import CATEGORY_NOUNS, CLOSED_BODY_RE, STOP_WORDS
from .types import Deadline, Span

__all__ = [
    "CAT_RE", "DET_RE", "DIRECTING", "IN_BEFORE", "MODAL_IN", "MODALS", "REPORTING", "STOP_I", "TRAIL",
    "Phrases", "addressee_region", "past_frame", "skip_chars", "split_units",
]

_F = re.IGNORECASE
_W = r"(?!\w)"


class Phrases(Protocol):
    """What the phrase readers need of a report: its text, the tone-normalised view, mentions by start."""

    text: str
    view: str
    at: dict


# Verbs that let the speaker address units ("yêu cầu X ...") vs. verbs that only report speech.
DIRECTING = "đặt ra cho|yêu cầu|đề nghị|giao nhiệm vụ cho|giao trách nhiệm cho|giao cho|giao|chỉ đạo|lưu ý|kêu gọi|nhắc nhở|phân công|đôn đốc|mong muốn|mong|kiến nghị|đề xuất"
REPORTING = "nhấn mạnh|đề ra|chỉ rõ|nêu rõ|kết luận|quán triệt|khẳng định|cho rằng|cho biết|đặt vấn đề|nói|xin|nêu"
IN_BEFORE = re.compile(r"trong\s", re.IGNORECASE)  # the "trong" of a frame ("trong 6 tháng cuối năm, các sở ...")
_WORD_RE = re.compile(r"\w+(?:[&-]\w+)*")
# Lower-case words that end an addressee phrase: actions, modals, prepositions, cues.
# Stop words that belong inside a noun phrase ("các", "của", "trực thuộc") do not end an addressee.
_NP_WORDS = frozenset("các|những|một|mọi|mỗi|của|và|ở|thuộc|trực thuộc|liên quan|có liên quan".split("|"))
_STOPS = "|".join(w for w in STOP_WORDS if w not in _NP_WORDS) + f"|{DIRECTING}|{REPORTING}"
_STOP_RE = re.compile(rf"(?<!\w)(?:{_STOPS}){_W}")
# The same stop words in any case and without the lookbehind: is a phrase's first word a stop word?
STOP_I = re.compile(rf"(?:{_STOPS}){_W}", _F)
# Nouns that double as verbs: a noun after these words ("dự án đầu tư xây dựng", "các cơ quan, tổ chức").
_AMBIGUOUS = frozenset("tổ chức|xây dựng|đầu tư|quản lý|bảo vệ".split("|"))
_NOUN_PREV = frozenset(", và các những mọi tư án lý".split())
# Words that continue a unit's name: "UBND các huyện ven biển", "các đơn vị trong ngành".
_KEEP_RE = re.compile(r"(?:từ [A-ZĐ][^\W\d_]*(?: [A-ZĐ][^\W\d_]*)* (?:đến|tới) [A-ZĐ][^\W\d_]*(?: [A-ZĐ][^\W\d_]*)*|có liên quan|liên quan|trực thuộc|thuộc|trên địa bàn|của|ở|ven (?:biển|sông|đô)|trong (?:ngành|nước))(?!\w)")
# What kind of agency "cơ quan" is: "các cơ quan tiến hành tố tụng", "các cơ quan tham mưu, giúp việc Tỉnh ủy".
_AGENCY_KIND = re.compile(r"(?:tham mưu, giúp việc|tiến hành tố tụng|thông tấn, báo chí|báo chí)(?!\w)")
DET_RE = re.compile(r"(?:các|những|mọi|mỗi|toàn thể|toàn bộ|toàn(?= ngành)|tất cả các|tất cả|từng|một số|nhiều|"
                    r"\d{1,3}|hai|ba|bốn|năm)\s(?!\d)", _F)  # a count is a determiner too: "28 tỉnh, thành phố"
# A unit noun opening a phrase ("sở", "huyện", "cử tri"), not the ones that double as verbs.
CAT_RE = re.compile(rf"(?:{'|'.join(c for c in CATEGORY_NOUNS if c not in _AMBIGUOUS)}|phía|cử tri){_W}", _F)
_LEAD_RE = re.compile(r"\s*(?:cho|nhiệm vụ cho)\s")
_AND_RE = re.compile(r"(?:và|cùng)(?= )")
# "các huyện Đồng Văn, Mèo Vạc": a "các" + unit noun + names, the names that follow belong to it.
_LEVELS = "tỉnh|huyện|xã|phường|quận|thị xã|thành phố|thị trấn|bản|thôn"
_NAMED_GROUP_RE = re.compile(rf"(?:(?:[Cc]ác|[Nn]hững)\s(?:{_LEVELS}|sở|bộ)|(?<!\w)(?:{_LEVELS}))\s(?=\w)")
# A place with its own level noun is its own unit: "UBND huyện Tư Nghĩa || TP. Quảng Ngãi".
_OWN_LEVEL = re.compile(r"(?:TP\.|Thành phố|Thị xã|Huyện|Quận|Tỉnh|Xã|Phường)\s")
_LEVEL_END = re.compile(rf"(?<!\w)(?:{_LEVELS})$")
# Head nouns that govern a list like one "các": "người đứng đầu cơ quan, đơn vị", "thủ trưởng các sở, ngành".
_HEAD_RE = re.compile(r"(?:[Nn]gười đứng đầu|[Tt]hủ trưởng|[Cc]hủ tịch|[Gg]iám đốc)\s")
_SEP_RE = re.compile(r",\s|\s(?:và|cùng)\s|;\s")
# What a subject told to act is followed by ("Sở X phải ...", "UBND huyện được giao ...").
MODALS = "cần phải|phải|cần|nên|có trách nhiệm|chịu trách nhiệm|được giao|được đề nghị|được yêu cầu"
MODAL_IN = re.compile(rf"(?<!\w)(?:{MODALS}|sẽ)(?!\w)")
# Spaces, punctuation and closing quotes end a unit or an action but are not part of it.
TRAIL = " \t\n.;:,!?…\"”’)/"


def skip_chars(view: str, i: int, end: int, chars: str = " ") -> int:
    """The first position from ``i`` (at most ``end``) whose character is not one of ``chars``."""
    while i < end and view[i] in chars:
        i += 1
    return i


def _valid_start(ctx: Phrases, i: int, end: int, strict: bool) -> bool:
    """Can an addressee / subject phrase start at ``i``?"""
    v = ctx.view
    if i in ctx.at and ctx.at[i].end <= end:
        return True
    det = DET_RE.match(v, i, end)
    if det:  # "các" + a unit noun or a name, not "các kiến nghị"
        j = det.end()
        return bool(CAT_RE.match(v, j, end) or (j in ctx.at) or (j < end and v[j].isupper()))
    cat, stop = CAT_RE.match(v, i, end), STOP_I.match(v, i, end)
    if cat:
        return not (stop and stop.end() > cat.end())  # "Ban hành kế hoạch ...": a verb, not "ban"
    return i < end and v[i].isupper() and not stop


def past_frame(v: str, i: int, end: int, dls: list[Deadline]) -> int:
    """Skip a time frame at ``i``, with a "trong" before it that its span may leave out ("trong 6 tháng cuối năm, ...")."""
    at = IN_BEFORE.match(v, i, end)
    j = at.end() if at else i
    for d in dls:
        if d.start in (i, j):
            return skip_chars(v, d.end, end, " ,")
    return i


def addressee_region(ctx: Phrases, pos: int, end: int, dls: list[Deadline], strict: bool = False):
    """Read an addressee phrase at ``pos``: (start, end, stop word or None) or None.

    The phrase ends at the first action verb, modal or cue; after a body whose
    name is complete ("UBND tỉnh", "Sở Y tế") any lower-case word ends it too.
    With ``strict`` (a sentence's own subject) the phrase must end at a verb.
    """
    v = ctx.view
    i = skip_chars(v, pos, end)
    lead = _LEAD_RE.match(v, i, end)
    i = lead.end() if lead else i
    i = past_frame(v, i, end, dls)  # "yêu cầu từ nay đến hết quý III, các sở ..."
    if not _valid_start(ctx, i, end, strict):
        return None
    rs, re_, prev, words, closed = i, i, "", 0, False
    while i < end:
        if i > rs and any(d.start == i for d in dls):
            return None if strict else (rs, re_, None)  # "các cấp ủy nhiệm kỳ ...": a time frame ends it
        m = ctx.at.get(i)
        if m is not None and m.end <= end:
            closed = m.kind != "body" or bool(CLOSED_BODY_RE.fullmatch(v, m.start, m.end))
            i = re_ = m.end
            prev, words = v[m.start:m.end].split()[-1], words + 1
            continue
        c = v[i]
        if c == " ":
            i += 1
            continue
        if c == ",":
            j = skip_chars(v, i + 1, end)
            stop = _STOP_RE.match(v, j, end)
            if stop or j >= end or not v[j].isalnum():
                if stop and strict and not _is_subject(ctx, rs, end, stop.group()):
                    return None  # "a) Kiểm đếm, kêu gọi ...": an item opening on a verb has no subject
                return rs, re_, stop.group() if stop else None
            i, prev, closed = j, ",", False
            continue
        if c == ":" and DET_RE.match(v, rs, end) and skip_chars(v, i + 1, end) < end and v[skip_chars(v, i + 1, end)].isupper():
            i, prev = i + 1, ","  # "các Bộ: Xây dựng, Quốc phòng" is one group
            continue
        if c == "." and v.startswith("TP", i - 2) and v[i + 1:i + 2] == " " and v[i + 2:i + 3].isupper():
            i += 1  # "TP. Cà Mau": the abbreviation's dot is inside the name
            continue
        if not c.isalnum():
            return None if strict else (rs, re_, None)
        if i > rs and prev != "," and v.startswith("những ", i):
            return None if strict else (rs, re_, None)  # "đặt ra cho các ngành những chỉ tiêu": the object follows
        keep = _KEEP_RE.match(v, i, end) or _AND_RE.match(v, i, end) or (prev == "quan" and _AGENCY_KIND.match(v, i, end))
        stop = None if keep or c.isupper() else _STOP_RE.match(v, i, end)
        cat = None if keep or closed else CAT_RE.match(v, i, end)
        if cat and not (stop and stop.end() > cat.end()):  # "ban" is a unit, "ban hành" a verb
            keep, stop = cat, None
        if closed and not keep and not c.isupper():
            stop = stop or _WORD_RE.match(v, i, end)  # "UBND tỉnh cho phép ...": the name was complete
        if stop and not (stop.group() in _AMBIGUOUS and prev in _NOUN_PREV and i > rs):
            if re_ <= rs or (strict and not _is_subject(ctx, rs, end, stop.group())):
                return None
            return rs, re_, stop.group()
        w = keep or _WORD_RE.match(v, i, end)
        i = re_ = w.end()
        prev, words, closed = w.group().split()[-1], words + 1, False
        if words > 16 or re_ - rs > 180:
            return None  # no verb in sight: not an addressee phrase
    return None if strict else (rs, re_, None)


def _is_subject(ctx: Phrases, rs: int, end: int, stop: str) -> bool:
    """Can the phrase at ``rs`` be a sentence's own subject: followed by a modal, or a known unit?"""
    v = ctx.view
    return bool(MODAL_IN.match(stop) or rs in ctx.at or CAT_RE.match(v, rs, end) or DET_RE.match(v, rs, end))


def split_units(ctx: Phrases, rs: int, re_: int) -> list[Span]:
    """Split an addressee phrase into units; one "các" over bare nouns stays one group."""
    v, text = ctx.view, ctx.text
    bounds, s, i = [], rs, rs
    while i < re_:
        m = ctx.at.get(i)
        if m is not None and m.end <= re_:
            i = m.end  # a known body is never cut ("Sở Văn hóa, Thể thao và Du lịch")
            continue
        sep = _SEP_RE.match(v, i, re_)
        if sep:
            bounds.append((s, i))
            s = i = sep.end()
        else:
            i += 1
    bounds.append((s, re_))
    units: list[list[int]] = []
    for s, e in bounds:
        while e > s and v[e - 1] in TRAIL:
            e -= 1
        if e <= s:
            continue
        if units and _continues(ctx, units[-1], s, e):
            units[-1][1] = e
            continue
        units.append([s, e])
    return [Span(start=s, end=e, text=text[s:e]) for s, e in units]


def _continues(ctx: Phrases, last: list[int], s: int, e: int) -> bool:
    """Does the part ``s:e`` of a list belong to the unit ``last`` before it?"""
    v, (ls, le) = ctx.view, last
    # One "các" or one head noun over bare nouns: "các sở, ngành và địa phương",
    # "người đứng đầu cấp ủy, chính quyền"; a part with its own "các", noun or head is separate.
    ldet = DET_RE.match(v, ls, le) or _HEAD_RE.match(v, ls, le)
    named = v[s].isupper() or s in ctx.at or bool(DET_RE.match(v, s, e) or _HEAD_RE.match(v, s, e))
    if ldet and v[ldet.end()].islower() and not named:
        return True
    if ldet and ":" in v[ls:le] and v[s].isupper():
        return True  # "các Bộ: Xây dựng, Quốc phòng"
    # More places of the same level: "UBND các huyện Ninh Sơn, Bác Ái", "UBND huyện Kế Sách, Long Phú".
    grp = _NAMED_GROUP_RE.search(v, ls, le)
    if grp is not None and v[grp.end()].isupper() and v[s].isupper() and s not in ctx.at and not _OWN_LEVEL.match(v, s, e):
        return True
    # A bare level after a body of another level: "UBND quận, huyện".
    return bool(_LEVEL_END.search(v, ls, le) and _LEVEL_END.fullmatch(v, s, e) and ls in ctx.at)
