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

The patterns and the filter of their matches live in `nlp.time_patterns`.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache

from .time_patterns import BRANCHES as _BRANCHES
from .time_patterns import PATTERNS as _PATTERNS
from .time_patterns import SESSION_BEFORE as _SESSION_BEFORE
from .time_patterns import STEMS as _STEMS
from .time_patterns import candidates as _candidates
from .time_patterns import is_by as _is_by
from .time_patterns import whole_text_candidates as _whole_text_candidates
from .types import Deadline

_F = re.IGNORECASE

__all__ = ["find_time_expressions", "resolve_interval", "reference_date", "find_meeting_date"]

# Lunar New Year's day (Tết Nguyên đán), Vietnamese calendar.
_TET = {
    2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19),
    2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12),
    2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
    2028: (1, 26), 2029: (2, 13), 2030: (2, 3),
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORDNUM = {"ba": 3, "sáu": 6, "chín": 9}


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


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


@lru_cache(maxsize=16)  # read by reference_date and by the meeting record, on the same report
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
    for s, _e, kind, m in _whole_text_candidates(text):
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
