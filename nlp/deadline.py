"""Vietnamese time expressions → ISO-8601 intervals ("quý II" → 2024-04-01/2024-06-30).

`find_time_expressions` finds every deadline-like expression in a text window,
`resolve_interval` resolves one expression on its own, and `reference_date`
reads the meeting date / report year that expressions without a year refer to.

Conventions (those of ``shared/design/LABELS.md``): a period resolves to its
first and last day; a "by" form ("trước ngày 30/6", "đến hết quý III", "từ nay
đến cuối năm") runs from the meeting date (or the reference year's start) to
its end; "trước" + a day keeps that day, "trước" + a month/quarter/year ends the
day before it. Vague timing ("sớm", "kịp thời", "thời gian tới", "ngay") is not
matched at all. When the year cannot be known the interval is ``None``.

Every pattern is a chain of literals and bounded quantifiers (no nested
quantifiers over the same characters), so scanning stays linear on inputs of
hundreds of thousands of characters.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache

from .types import Deadline

__all__ = ["find_time_expressions", "resolve_interval", "reference_date", "find_meeting_date"]

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
_STEMS = "giáp ất bính đinh mậu kỷ canh tân nhâm quý".split()
_BRANCHES = "tý sửu dần mão thìn tỵ ngọ mùi thân dậu tuất hợi".split()

_F = re.IGNORECASE


def _compile(pattern: str) -> re.Pattern[str]:
    # An expression never runs across a line break ("... lũ tới\nSáng 12/4" is not "tới 12/4").
    return re.compile(pattern.replace(r"\s", r"[ \t]"), _F)


_PATTERNS: dict[str, re.Pattern[str]] = {
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
_TRIGGER = re.compile(r"quý|tháng|năm|ngày|tuần|tết|kỳ|đoạn|khóa|\d[/-]\d", _F)
# An expression that is really a past period ("từ đầu năm đến nay") or a document's date.
_PAST_AFTER = re.compile(r"\s(?:đến|tới)\s(?:nay|hiện nay)\b", _F)
_DOC_BEFORE = re.compile(
    r"(?:\bsố\s?[\w./-]{1,30}\s?,?\s?|\b(?:Luật|Hiến pháp|Bộ luật|Pháp lệnh)\b[^,.;:\n]{0,40}\s|"
    r"\b(?:cùng kỳ|so với|kể từ|ban hành|ký)\s)$",
    _F,
)
# Lunar New Year's day (Tết Nguyên đán), Vietnamese calendar.
# The session the work is due at, named by its period: "trình tại kỳ họp cuối năm 2024" (GUIDELINES 6.5).
_SESSION_BEFORE = re.compile(r"(?<!\w)(?:tại|trước|trong)\s(?:kỳ|phiên)\shọp(?:\sthường\s(?:kỳ|lệ))?\s$", _F)
_INTO_BEFORE = re.compile(r"(?<!\w)sang\s$", _F)
_SINCE_AFTER = re.compile(r"\s(?:kể\s)?từ\s(?:khi|ngày\snhận|lúc)(?!\w)", _F)
_TET = {
    2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19),
    2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12),
    2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
    2028: (1, 26), 2029: (2, 13), 2030: (2, 3),
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORDNUM = {"ba": 3, "sáu": 6, "chín": 9}


def _is_by(pre: str | None) -> bool:
    # "từ nay đến", "đến hết", "chậm nhất vào"... all start with one of these words.
    return bool(pre) and pre.lower().split()[0] in {"từ", "đến", "tới", "hết", "trước", "chậm"} and not (
        pre.lower() == "từ"
    )


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


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


def _candidates(text: str, start: int, end: int) -> list[tuple[int, int, str, re.Match[str]]]:
    """All accepted matches in text[start:end], overlaps resolved (earliest, then longest)."""
    found = []
    for ws, we in _windows(text, start, end):
        for kind, pat in _PATTERNS.items():
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


def _accept(kind: str, m: re.Match[str], text: str, end: int) -> bool:
    """Filter matches that are not time frames: bare numbers, past periods, document dates."""
    g = m.groupdict()
    pre = (g.get("pre") or "").lower()
    session = _SESSION_BEFORE.search(text, max(0, m.start() - 40), m.start())
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
    if _is_by(pre) or pre == "trong":
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


def _core(kind: str, g: dict, y: int, ref: date | None) -> tuple[date, date] | None:
    """The period the expression names, in year ``y`` (before any "by" preposition)."""
    side = (g.get("side") or "").lower()
    if kind == "quarter":
        q = _ROMAN.get(g["q"].lower())
        if q is None:  # IGNORECASE also matches "İ"/"ı", whose lower() is not "i"
            return None
        s, e = date(y, 3 * q - 2, 1), _last_day(y, 3 * q)
        if side == "đầu":
            e = _last_day(y, 3 * q - 2)
        elif side == "giữa":
            s, e = date(y, 3 * q - 1, 1), _last_day(y, 3 * q - 1)
        return s, e
    if kind == "half":
        n = 6 if g.get("nua") else int(_WORDNUM.get((g.get("n") or "").lower(), g.get("n") or 0) or 0)
        if not n:  # "những tháng cuối năm": from the meeting on, else the second half
            if side == "cuối":
                return (ref if ref and ref.year == y and ref.month >= 7 else date(y, 7, 1)), date(y, 12, 31)
            return date(y, 1, 1), date(y, 6, 30)
        return (date(y, 1, 1), _last_day(y, n)) if side == "đầu" else (date(y, 13 - n, 1), date(y, 12, 31))
    if kind == "month":
        mo = int(g["m"]) if g.get("m") else None
        if mo is None:
            if ref is None:
                return None
            mo, y = ref.month, ref.year
            if g["mrel"].lower() in ("tới", "sau"):
                mo, y = (1, y + 1) if mo == 12 else (mo + 1, y)
        s, e = date(y, mo, 1), _last_day(y, g["m2"] and max(mo, int(g["m2"])) or mo)
        if side == "đầu":
            e = date(y, mo, 10)
        elif side == "giữa":
            s, e = date(y, mo, 11), date(y, mo, 20)
        return s, e
    if kind in ("date", "date_words"):
        d = date(y, int(g["m"]), int(g["d"]))
        return d, d
    if kind in ("year", "year_bare"):
        s, e = date(y, 1, 1), date(y, 12, 31)
        if side == "đầu":
            e = date(y, 3, 31)
        elif side == "giữa":
            s, e = date(y, 4, 1), date(y, 9, 30)
        return s, e
    return None


def _iso(s: date, e: date) -> str | None:
    return f"{s.isoformat()}/{e.isoformat()}" if s <= e else None


def _interval(kind: str, m: re.Match[str], ref: date | None, year: int | None, bump: int = 0) -> str | None:
    """Resolve one match against the reference date / year (``bump``: years to add to an undated one)."""
    g = m.groupdict()
    year = year or (ref.year if ref else None)
    if kind == "range":
        y1, y2 = int(g.get("y1") or g["y3"]), int(g.get("y2") or g["y4"])
        return f"{y1}-01-01/{y2}-12-31" if y1 <= y2 else None
    if kind == "date_range":
        y1 = int(g["y1"]) if g.get("y1") else (int(g["y2"]) if g.get("y2") else year)
        y2 = int(g["y2"]) if g.get("y2") else y1
        return None if y1 is None else _iso(date(y1, int(g["m1"]), int(g["d1"])), date(y2, int(g["m2"]), int(g["d2"])))
    if kind in ("week", "within"):
        return _relative(kind, g, ref)
    if kind == "tet":
        return _tet(g, ref)
    explicit, rel = bool(g.get("y")), (g.get("rel") or "").lower()
    if not explicit and year is None:
        return None
    y = int(g["y"]) if explicit else year + bump + (1 if rel in ("tới", "sau") else 0)
    core = _core(kind, g, y, ref)
    if core is None:
        return None
    s, e = core
    pre, side = (g.get("pre") or "").lower(), (g.get("side") or "").lower()
    if _is_by(pre) or (side == "cuối" and kind in ("year", "year_bare", "month", "quarter")):
        if pre.startswith("trước") and kind not in ("date", "date_words") and side != "cuối":
            e = s - timedelta(days=1)  # "trước tháng 12": up to the end of November
        if not (explicit or rel or bump) and ref and e < ref and kind in ("date", "date_words", "month"):
            return _interval(kind, m, ref, year, bump=1)  # "trước ngày 15/1" said in December: next year
        start_year = year if year and year <= e.year else e.year
        s = ref if ref and ref <= e else date(start_year, 1, 1)
    return _iso(s, e)


def _relative(kind: str, g: dict, ref: date | None) -> str | None:
    """"trong tuần", "trong 10 ngày": need the meeting date itself."""
    if ref is None:
        return None
    if kind == "week" and g.get("m"):  # "tuần đầu tháng 4": days 1-7 of the next April
        y = ref.year + (date(ref.year, int(g["m"]), 7) < ref)
        return _iso(date(y, int(g["m"]), 1), date(y, int(g["m"]), 7))
    if kind == "week":  # this week: from the meeting to Sunday; next week: Monday to Sunday
        monday = ref - timedelta(days=ref.weekday())
        if (g.get("rel") or "").lower() in ("tới", "sau"):
            return _iso(monday + timedelta(days=7), monday + timedelta(days=13))
        return _iso(ref, monday + timedelta(days=6))
    n, unit = int(g["n"]), g["u"].lower()
    if unit == "ngày":
        e = ref + timedelta(days=n)
    elif unit == "tuần":
        e = ref + timedelta(days=7 * n)
    else:
        months = n * (12 if unit == "năm" else 1)
        y, mo = divmod(ref.month - 1 + months, 12)
        y += ref.year
        e = date(y, mo + 1, min(ref.day, calendar.monthrange(y, mo + 1)[1]))
    return _iso(ref, e)


def _tet(g: dict, ref: date | None) -> str | None:
    """"trước Tết Nguyên đán": from the meeting date to the eve of the next Tết."""
    if ref is None:
        return None  # the meeting could be in either year around New Year
    target = int(g["y"]) if g.get("y") else None
    if target is None and g.get("can"):
        stem, branch = _STEMS.index(g["can"].lower()), _BRANCHES.index(g["chi"].lower())
        target = next((y for y in range(ref.year - 1, ref.year + 3)
                       if (y - 4) % 10 == stem and (y - 4) % 12 == branch), None)
    if target is None:
        target = next((y for y in sorted(_TET) if date(y, *_TET[y]) > ref), None)
    if target not in _TET:
        return None
    return _iso(ref, date(target, *_TET[target]) - timedelta(days=1))


def find_time_expressions(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    reference: tuple[date | None, int | None] | None = None,
) -> list[Deadline]:
    """Every deadline-like time expression inside ``text[start:end]``.

    Offsets index ``text``. ``reference`` is ``(meeting date, year)`` to resolve
    expressions without a year; when omitted it is read from ``text`` with
    `reference_date` (pass it explicitly when calling once per segment).

    >>> [(d.text, d.interval) for d in find_time_expressions("Hoàn thành trong quý II năm 2024.")]
    [('trong quý II năm 2024', '2024-04-01/2024-06-30')]
    """
    end = len(text) if end is None else end
    ref_date, year = reference_date(text) if reference is None else reference
    out = []
    for s, e, kind, m in _candidates(text, start, end):
        m = _trimmed(kind, m, text)
        session = _SESSION_BEFORE.search(text, max(start, m.start() - 40), m.start())
        a = session.start() if session else m.start()
        out.append(Deadline(start=a, end=e, text=text[a:e], interval=_interval(kind, m, ref_date, year)))
    return out


# Words the annotation leaves out of a frame (GUIDELINES 6.5): the "từ (những ngày) đầu" of the year
# the work starts in. A preposition that bounds the frame ("trong 6 tháng cuối năm") stays in.
_FROM_START = re.compile(r"từ\s(?:những\s(?:ngày|tháng)\s)?$", _F)


def _trimmed(kind: str, m: re.Match[str], text: str) -> re.Match[str]:
    """The match of the part of ``m`` a span keeps ("năm 2024" of "từ đầu năm 2024")."""
    g = m.groupdict()
    pre, side = (g.get("pre") or "").lower(), (g.get("side") or "").lower()
    if kind == "year" and side == "đầu" and (pre == "từ" or _FROM_START.search(text, max(0, m.start() - 20), m.start())):
        return _PATTERNS[kind].match(text, m.start("side") + len(m.group("side")) + 1, m.end()) or m
    return m


def resolve_interval(expression: str, *, ref_date: date | None = None, year: int | None = None) -> str | None:
    """The ISO interval ``YYYY-MM-DD/YYYY-MM-DD`` of one expression, or ``None``.

    >>> resolve_interval("trước ngày 30/6", ref_date=date(2024, 3, 14))
    '2024-03-14/2024-06-30'
    >>> resolve_interval("quý II", year=2024)
    '2024-04-01/2024-06-30'
    >>> resolve_interval("sớm", year=2024) is None
    True
    """
    cands = _candidates(expression, 0, len(expression))
    if not cands:
        return None
    _, _, kind, m = cands[0]
    return _interval(kind, m, ref_date, year or (ref_date.year if ref_date else None))


def find_meeting_date(text: str, limit: int = 1500) -> Deadline | None:
    """The first stated meeting/article date ("Ngày 8/2", "Sáng 22/5/2017") in the lead.

    Its ``interval`` is set only when the mention itself states the year.
    "By" dates ("trước ngày 30/6") and document dates are not meeting dates.
    """
    for s, e, kind, m in _candidates(text, 0, min(len(text), limit)):
        g = m.groupdict()
        if kind not in ("date", "date_words") or (g.get("pre") and g["pre"].lower() != "vào"):
            continue
        if not (g.get("ngay") or g.get("tod") or g.get("wd")):
            continue
        d = date(int(g["y"]), int(g["m"]), int(g["d"])) if g.get("y") else None
        return Deadline(start=s, end=e, text=text[s:e], interval=d and _iso(d, d))
    return None


def _report_year(text: str, month: int | None = None) -> int | None:
    """The year a report is about: the most cited one, the headline's counting most.

    A meeting held late in the year (``month`` >= 10) mostly plans the next one,
    and one held in January or February reviews the last: between two
    consecutive top years, pick the earlier or the later one accordingly.
    """
    first_line_end = text.find("\n")
    first_line_end = len(text) if first_line_end < 0 else first_line_end
    counts: Counter[int] = Counter()
    for s, _e, kind, m in _candidates(text, 0, len(text)):
        g = m.groupdict()
        if kind in ("range", "date_range", "tet", "week", "within") or not g.get("y") or _is_by(g.get("pre")):
            continue
        counts[int(g["y"])] += 4 if s < first_line_end else 1  # the headline's year weighs most
    if not counts:
        return None
    top = sorted(counts, key=lambda y: (counts[y], y), reverse=True)
    best = top[0]
    if month and len(top) > 1 and abs(top[0] - top[1]) == 1 and counts[top[1]] * 3 >= counts[best]:
        best = min(top[:2]) if month >= 10 else max(top[:2]) if month <= 2 else best
    return best


@lru_cache(maxsize=16)  # meeting and directive extraction both ask for it on the same text
def reference_date(text: str) -> tuple[date | None, int | None]:
    """``(meeting date, year)`` that undated expressions in ``text`` refer to.

    The date comes from the lead ("Ngày 8/2/2024", "sáng 28/3"); a date without a
    year takes the report's year (the title's, else the most cited one). Either
    part is ``None`` when the text does not tell.

    >>> reference_date("Giao ban quý I năm 2024\\nSáng 28/3, UBND tỉnh họp.")
    (datetime.date(2024, 3, 28), 2024)
    """
    mention = find_meeting_date(text)
    if mention is not None and mention.interval:
        d = date.fromisoformat(mention.interval[:10])
        return d, d.year
    m = mention and (_PATTERNS["date"].match(text, mention.start) or _PATTERNS["date_words"].match(text, mention.start))
    year = _report_year(text, int(m["m"]) if m else None)
    if m and year is not None:
        try:
            return date(year, int(m["m"]), int(m["d"])), year
        except (ValueError, TypeError):
            pass
    return None, year
