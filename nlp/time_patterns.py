"""The patterns of Vietnamese time expressions and which of their matches are time frames.

`candidates` lists the accepted, non-overlapping matches in a text window with
their kind ("quarter", "month", "date", ...); `nlp.deadline` turns them into
spans and ISO intervals. Every pattern is a chain of literals and bounded
quantifiers (no nested quantifiers over the same characters), so scanning
stays linear on inputs of hundreds of thousands of characters.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .fastscan import with_first_chars

__all__ = ["PATTERNS", "candidates", "whole_text_candidates", "is_by", "SESSION_BEFORE", "STEMS", "BRANCHES"]

# "by" prepositions: the interval ends with the expression and starts at the reference.
_BY = r"từ nay (?:đến|tới)(?: hết)?|(?:đến|tới) hết|chậm nhất(?: là)?(?: vào| trong| đến)?|trước|đến|tới|hết"
_IN = r"trong|vào|từ"
_PRE = rf"(?:(?P<pre>{_BY}|{_IN})\s)?"
_SIDE = r"(?:(?P<side>cuối|đầu|giữa)\s)?"
# A year never glued to another number ("2021-2025" is a range, handled apart).
_Y = r"(?P<y>(?:19|20)\d\d)(?!\d|\s?[-–]\s?(?:19|20)\d\d)"
_YSUF = rf"(?:(?:[/-]|\snăm\s){_Y}|\snăm\s(?P<rel>nay)(?!\w))?"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
_MON = r"(?P<m>1[0-2]|0?[1-9])"
_WEEKDAY = r"(?:(?P<wd>thứ\s(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\snhật)(?:,\s?|\s\(?))?"
_TOD = r"(?:(?P<tod>rạng sáng|sáng|chiều|tối|trưa|đêm|hôm|\d{1,2}\s?(?:h|giờ)(?:\s?\d{2})?)\s(?:nay\s)?)?"
STEMS = "giáp ất bính đinh mậu kỷ canh tân nhâm quý".split()
BRANCHES = "tý sửu dần mão thìn tỵ ngọ mùi thân dậu tuất hợi".split()

_F = re.IGNORECASE


def _compile(pattern: str) -> re.Pattern[str]:
    # An expression never runs across a line break ("... lũ tới\nSáng 12/4" is not "tới 12/4").
    return re.compile(pattern.replace(r"\s", r"[ \t]"), _F)


PATTERNS: dict[str, re.Pattern[str]] = {
    # "nhiệm kỳ 2024-2029", "giai đoạn 2021 - 2025", "từ năm 2021 đến năm 2025"
    "range": _compile(
        r"\b(?:(?P<pre>trong)\s)?(?:(?:nhiệm kỳ|giai đoạn|thời kỳ|niên khóa|năm)\s(?:từ\s)?(?:năm\s)?"
        r"(?P<y1>(?:19|20)\d\d)\s?[-–]\s?(?:năm\s)?(?P<y2>(?:19|20)\d\d)"
        r"|(?:giai đoạn\s)?từ năm\s(?P<y3>(?:19|20)\d\d)\s(?:đến|tới)\s(?:hết\s)?năm\s(?P<y4>(?:19|20)\d\d))(?!\d)"),
    "quarter": _compile(rf"(?<!\w){_PRE}{_SIDE}quý\s(?P<q>IV|III|II|I|[1-4])(?![\w]){_YSUF}"),
    # "6 tháng đầu năm", "những tháng cuối năm 2024", "nửa đầu năm"
    "half": _compile(
        rf"(?<!\w){_PRE}(?:(?P<n>1[01]|[1-9]|sáu|ba|chín)\stháng|(?P<nua>nửa)|(?:những|các|mấy)\stháng)"
        rf"\s(?P<side>đầu|cuối)\snăm(?:\s{_Y}|\s(?P<rel>nay))?"),
    # "trong tháng 9", "tháng 6/2024", "trong tháng 9 và tháng 10": two months are one frame.
    "month": _compile(
        rf"(?<!\w){_PRE}{_SIDE}tháng\s(?:{_MON}(?![\d,.]\d|\d)(?:\svà\stháng\s(?P<m2>1[0-2]|0?[1-9])(?![\d,.]\d|\d))?{_YSUF}"
        r"|(?P<mrel>này|tới|sau)(?!\w))"),
    "date": _compile(
        rf"(?<!\w){_PRE}{_TOD}{_WEEKDAY}(?:(?P<ngay>ngày)\s)?(?<![\d/.,]){_DAY}[/-]{_MON}(?:[/-]{_Y})?(?![\d/]|[.,]\d)"),
    "date_words": _compile(
        rf"(?<!\w){_PRE}{_TOD}{_WEEKDAY}ngày\s{_DAY}\stháng\s{_MON}(?:\snăm\s{_Y})?(?!\d)"),
    "date_range": _compile(
        r"(?<!\w)từ\s(?:ngày\s)?(?P<d1>3[01]|[12]\d|0?[1-9])[/-](?P<m1>1[0-2]|0?[1-9])(?:[/-](?P<y1>(?:19|20)\d\d))?"
        r"\s(?:đến|tới|-)\s(?:hết\s)?(?:ngày\s)?(?P<d2>3[01]|[12]\d|0?[1-9])[/-](?P<m2>1[0-2]|0?[1-9])"
        r"(?:[/-](?P<y2>(?:19|20)\d\d))?(?![\d/])"),
    "year": _compile(rf"(?<!\w){_PRE}{_SIDE}năm\s(?:{_Y}|(?P<rel>nay|tới|sau)(?!\w))"),
    # "trong năm", "từ nay đến cuối năm", "đến hết năm": the reference year.
    "year_bare": _compile(
        rf"(?<!\w){_PRE}{_SIDE}năm(?!\w)(?!\s(?:qua|trước|ngoái|học|mới|nay|tới|sau|đó|ấy|này|kế|thứ|nào|"
        r"ngân sách|tài chính|vừa|gần|liền|liên tiếp|\d))"),
    # "trong tuần", "trong tuần này" (whatever verb follows), "trong tuần đầu tháng 4".
    "week": _compile(
        r"(?<!\w)(?P<pre>trong)\stuần(?!\s(?:qua|trước|rồi|vừa|tra|lễ|hành|hoàn|lộc)(?!\w))"
        r"(?:\s(?P<rel>này|tới|sau)|\sđầu\stháng\s(?P<m>1[0-2]|0?[1-9])(?!\d))?(?!\w)"),
    "within": _compile(
        r"(?<!\w)(?P<pre>trong vòng|trong thời hạn|trong|chậm nhất(?: là)? sau)\s(?P<n>\d{1,3})\s(?P<u>ngày|tuần|tháng|năm)"
        r"(?!\w)(?!\s(?:qua|đầu|cuối|trước|gần|liên|vừa|liền|đã|\d))(?:\s(?:làm việc|tới))?"),
    "tet": _compile(
        r"(?<!\w)(?P<pre>trước)\s(?:dịp\s)?Tết(?:\s(?:Nguyên đán|cổ truyền))?"
        r"(?:\s(?P<can>Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý)\s(?P<chi>Tý|Sửu|Dần|Mão|Thìn|Tỵ|Ngọ|Mùi|Thân|Dậu|Tuất|Hợi))?"
        r"(?:\s(?P<y>(?:19|20)\d\d))?(?!\w)"),
}
# With a lookahead on its first letters (`nlp.fastscan`): under IGNORECASE the engine cannot skip
# ahead to a cased first letter by itself, and the lookahead halves the scan time.
_TRIGGER = with_first_chars(re.compile(r"quý|tháng|năm|ngày|tuần|tết|kỳ|đoạn|khóa|\d[/-]\d", _F))
# Text every match of a pattern contains (and consumes): a window without it cannot hold a match,
# so the pattern is not run there. A cheap literal search instead of the full pattern's scan.
_GATES: dict[str, re.Pattern[str]] = {
    kind: _compile(gate)
    for kind, gate in {
        "range": r"(?:19|20)\d\d",
        "quarter": r"quý",
        "half": r"(?:đầu|cuối)\snăm",
        "month": r"tháng",
        "date": r"\d[/-]\d",
        "date_words": r"ngày\s\d{1,2}\stháng",
        "date_range": r"\d[/-]\d",
        "year": r"năm",
        "year_bare": r"năm",
        "week": r"tuần",
        "within": r"\d\s(?:ngày|tuần|tháng|năm)",
        "tet": r"tết",
    }.items()
}
# An expression that is really a past period ("từ đầu năm đến nay") or a document's date.
_PAST_AFTER = re.compile(r"\s(?:đến|tới)\s(?:nay|hiện nay)\b", _F)
_DOC_BEFORE = re.compile(
    r"(?:\bsố\s?[\w./-]{1,30}\s?,?\s?|\b(?:Luật|Hiến pháp|Bộ luật|Pháp lệnh)\b[^,.;:\n]{0,40}\s|"
    r"\b(?:cùng kỳ|so với|kể từ|ban hành|ký)\s)$",
    _F,
)
# The session the work is due at, named by its period: "trình tại kỳ họp cuối năm 2024" (GUIDELINES 6.5).
SESSION_BEFORE = re.compile(r"(?<!\w)(?:tại|trước|trong)\s(?:kỳ|phiên)\shọp(?:\sthường\s(?:kỳ|lệ))?\s$", _F)
_INTO_BEFORE = re.compile(r"(?<!\w)sang\s$", _F)
_SINCE_AFTER = re.compile(r"\s(?:kể\s)?từ\s(?:khi|ngày\snhận|lúc)(?!\w)", _F)


def is_by(pre: str | None) -> bool:
    # "từ nay đến", "đến hết", "chậm nhất vào"... all start with one of these words.
    return bool(pre) and pre.lower().split()[0] in {"từ", "đến", "tới", "hết", "trước", "chậm"} and not (
        pre.lower() == "từ"
    )


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Merged windows around trigger words: the full patterns only run where one can match.

    Every pattern contains a trigger, at most ~45 characters after its start and
    ~75 before its end, so a match never straddles a window edge. This keeps
    long texts without dates (or made of spaces) cheap to scan.
    """
    out: list[list[int]] = []
    for m in _TRIGGER.finditer(text, start, end):
        ws, we = max(start, m.start() - 48), min(end, m.end() + 80)
        if out and ws <= out[-1][1]:
            out[-1][1] = we
        else:
            out.append([ws, we])
    return [(a, b) for a, b in out]


def candidates(text: str, start: int, end: int) -> list[tuple[int, int, str, re.Match[str]]]:
    """All accepted matches in text[start:end], overlaps resolved (earliest, then longest)."""
    found = []
    for ws, we in _windows(text, start, end):
        for kind, pat in PATTERNS.items():
            if not _GATES[kind].search(text, ws, we):
                continue
            for m in pat.finditer(text, ws, we):
                if _accept(kind, m, text, end):
                    found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda c: (c[0], c[0] - c[1]))
    out, last = [], -1
    for c in found:
        if c[0] >= last:
            out.append(c)
            last = c[1]
    return out


@lru_cache(maxsize=16)  # meeting and directive extraction both read the report year
def whole_text_candidates(text: str) -> tuple[tuple[int, int, str, re.Match[str]], ...]:
    """`candidates` of the whole ``text``, scanned once per report."""
    return tuple(candidates(text, 0, len(text)))


def _accept(kind: str, m: re.Match[str], text: str, end: int) -> bool:
    """Filter matches that are not time frames: bare numbers, past periods, document dates."""
    g = m.groupdict()
    pre = (g.get("pre") or "").lower()
    session = SESSION_BEFORE.search(text, max(0, m.start() - 40), m.start())
    if kind == "month" and g.get("m") and not (pre or g.get("side") or g.get("y") or g.get("rel") or session):
        return False  # "kỳ họp tháng 8": a label, not a time frame (unless the work is due at it)
    if _INTO_BEFORE.search(text, max(0, m.start() - 6), m.start()):
        return False  # "không để kéo dài sang quý III": where the work must not run to, not a frame
    if kind == "within" and _SINCE_AFTER.match(text, m.end(), end):
        return False  # "trong 15 ngày kể từ khi nhận hồ sơ": counted from an event, not the meeting
    if kind == "month" and g.get("mrel") and not (pre or g.get("side")):
        return False
    if kind == "date":
        if not (g.get("ngay") or g.get("tod") or g.get("wd")):
            # A bare "30/6" is a date only after a "by" word ("trước 30/6"), else maybe a fraction.
            if not (pre.startswith(("trước", "chậm", "từ nay", "đến hết", "hết")) or (pre == "đến" and g.get("y"))):
                return False
    if kind == "year_bare" and not (pre in {"trong", "hết", "đến hết", "tới hết"} or pre.startswith("từ nay")
                                    or (g.get("side") == "cuối" and pre)):
        return False
    if kind in ("date", "date_words", "date_range") and not _valid_day(g):
        return False
    if _PAST_AFTER.match(text, m.end(), end):
        return False
    if is_by(pre) or pre == "trong":
        return True  # "ban hành trước ngày 5/9", "ký trong tháng 4": a time frame, not a document's date
    return not _DOC_BEFORE.search(text, max(0, m.start() - 60), m.start())


def _valid_day(g: dict) -> bool:
    for d, mo, y in (("d", "m", "y"), ("d1", "m1", "y1"), ("d2", "m2", "y2")):
        if g.get(d):
            try:
                date(int(g[y]) if g.get(y) else 2000, int(g[mo]), int(g[d]))  # 2000: leap year
            except ValueError:
                return False
    return True
