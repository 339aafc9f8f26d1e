"""What kind of meeting a report is about, when, where, for which period and who chaired it.

The headline decides first (it names the meeting far more reliably than the
body); the lead paragraph and the photo captions fill in what it leaves open.
"""

from __future__ import annotations

import re
from collections import Counter

from .deadline import find_meeting_date, find_time_expressions, reference_date
from .fastscan import with_first_chars
from .gazetteer import CITIES, PROVINCES_LONGEST_FIRST, find_bodies, find_people, find_titles
from .normalize import tone_normalize
from .types import Meeting, Party, Segment

__all__ = ["MEETING_TYPES", "extract_meeting"]

_F = re.IGNORECASE
#: Meeting types, most specific first; the first that matches wins. Names follow corpus/AUTHORING.md.
MEETING_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"(?<!\w)(?:{pat})(?!\w)", _F))
    for name, pat in (
        ("thông báo kết luận", r"thông báo kết luận"),
        ("tiếp xúc cử tri", r"tiếp xúc cử tri|tiếp xúc với cử tri"),
        ("đối thoại", r"đối thoại"),
        ("giao ban", r"giao ban"),
        ("hội nghị sơ kết", r"sơ kết"),
        ("hội nghị tổng kết", r"tổng kết"),
        ("hội nghị trực tuyến", r"hội nghị trực tuyến"),
        ("kỳ họp", r"kỳ họp"),
        ("phiên họp", r"phiên họp|họp phiên|phiên thường kỳ"),
        ("buổi làm việc", r"buổi làm việc|làm việc (?:với|tại|về)|thăm và làm việc|kiểm tra"),
        ("hội nghị", r"hội nghị"),
        ("hội thảo", r"hội thảo|tọa đàm|diễn đàn"),
        ("cuộc họp", r"cuộc họp|họp"),
    )
)
# The body that holds a session refines the type ("phiên họp UBND", "kỳ họp HĐND").
_REFINE = {
    "phiên họp": (("Chính phủ", "phiên họp Chính phủ"), ("UBND", "phiên họp UBND"), ("Ủy ban nhân dân", "phiên họp UBND")),
    "kỳ họp": (("HĐND", "kỳ họp HĐND"), ("Hội đồng nhân dân", "kỳ họp HĐND")),
}
_CHAIR_RE = re.compile(
    r"phát biểu|chủ trì|kết luận|chỉ đạo|điều hành|dẫn đầu", _F)
_CHAIRED_BY = re.compile(r"(?:dưới sự chủ trì của|do|Chủ trì (?:hội nghị|buổi làm việc|phiên họp|cuộc họp|kỳ họp)?,?)\s$", _F)
_ATTEND_RE = re.compile(
    r"(?<!\w)(?:(?:phối hợp )?tổ chức (?:hội nghị|giao ban|phiên|kỳ|buổi|cuộc)|chủ trì|tham dự|dự (?:hội nghị|buổi|phiên|kỳ|"
    r"cuộc|giao ban)|đại diện|thành phần|làm việc với)(?!\w)", _F)
_PERIOD_KINDS = re.compile(r"(?:trong\s)?(?:quý|tháng|\d{1,2} tháng|sáu tháng|nửa|năm|những tháng|các tháng|nhiệm kỳ|giai đoạn)", _F)
_BARE_PERIOD = re.compile(r"(?<!\w)(?:quý (?:IV|I{1,3})|tháng (?:1[0-2]|[1-9]))(?!\w)(?:(?:/| năm )\d{4})?")
_MEETING_WORD = re.compile(r"giao ban|sơ kết|tổng kết|hội nghị|phiên|kỳ họp|cuộc họp|họp|đánh giá|triển khai", _F)


# A province or city, with its level word (built once; a lookahead on first letters speeds the scan).
_PLACE_RE = with_first_chars(re.compile(
    r"(?<!\w)(?:(?:tỉnh|thành phố|TP\.?)\s)?(" + "|".join(map(re.escape, PROVINCES_LONGEST_FIRST))
    + r"|TP\.\s?HCM|TPHCM)(?!\w)"
))


def _title(text: str, segments: list[Segment]) -> Segment | None:
    return next((s for s in segments if s.kind == "title"), None)


def _lead(segments: list[Segment], n: int = 4) -> list[Segment]:
    """The first ``n`` body segments (not titles or captions): the lead paragraph."""
    return [s for s in segments if s.kind not in ("title", "caption")][:n]


def _meeting_type(text: str, segments: list[Segment]) -> str | None:
    title = _title(text, segments)
    places = ([title.text] if title else []) + [" ".join(s.text for s in _lead(segments, 3))]
    for place in places:
        place = tone_normalize(place)
        for name, pat in MEETING_TYPES:
            m = pat.search(place)
            if m:
                for body, refined in _REFINE.get(name, ()):
                    if body in place[max(0, m.start() - 80):m.end() + 80]:
                        return refined
                return name
    return None


def _period(text: str, segments: list[Segment], ref) -> str | None:
    """The reporting period: a time frame in the headline, else one next to the meeting word in the lead."""
    title = _title(text, segments)
    for seg, near in ([(title, False)] if title else []) + [(s, True) for s in _lead(segments, 2)]:
        for d in find_time_expressions(text, seg.start, seg.end, reference=ref):
            t = d.text
            if not _PERIOD_KINDS.match(t) or re.match(r"(?:trước|đến|tới|hết|chậm nhất|từ)\s", t, _F):
                continue
            if near and not _MEETING_WORD.search(text, max(seg.start, d.start - 80), d.start):
                continue
            return re.sub(r"^[Tt]rong\s", "", t)
    bare = _BARE_PERIOD.search(title.text) if title else None  # "phiên họp thường kỳ tháng 8"
    return bare.group() if bare else None


def _location(text: str, segments: list[Segment]) -> str | None:
    """The province or city most talked about (the headline's, when it names one)."""
    view = tone_normalize(text)
    title = _title(text, segments)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    canon = {"Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu", "Thừa Thiên - Huế": "Thừa Thiên Huế"}
    for m in _PLACE_RE.finditer(view):
        name = canon.get(m.group(1), m.group(1))
        if name in ("TP.HCM", "TP. HCM", "TPHCM"):
            name = "Hồ Chí Minh"
        if name == "Huế" and m.group(0) == "Huế":
            continue  # a bare "Huế" is often a person's given name
        weight = 1 + (3 if title and title.start <= m.start() < title.end else 0)
        counts[name] += weight
        first.setdefault(name, m.start())
    if not counts:
        return None
    best = max(counts.items(), key=lambda kv: (kv[1], -first[kv[0]]))[0]
    return ("thành phố " if best in CITIES else "tỉnh ") + best


def _speaker(text: str, segments: list[Segment]) -> Party | None:
    """The chair or main speaker: named in a caption with "phát biểu/chủ trì/kết luận", else chairing, else most cited."""
    people = find_people(text)
    titled = {p.name: p.title for p in people if p.title}

    def full(p: Party) -> Party:
        return Party(name=p.name, title=p.title or titled.get(p.name), start=p.start, end=p.end, text=p.text)

    captions = [s for s in segments if s.kind == "caption"]
    for cap in captions:
        for p in people:
            if cap.start <= p.start < cap.end and _CHAIR_RE.search(text, p.end, cap.end):
                return full(p)
    for p in people:
        after = text[p.end:p.end + 40]
        if re.match(r"[,\s]*(?:đã\s)?(?:chủ trì|điều hành|phát biểu kết luận|kết luận)", after, _F) \
                or _CHAIRED_BY.search(text, max(0, p.start - 40), p.start):
            return full(p)
    if people:
        counts = Counter(p.name for p in people)
        best = max(people, key=lambda p: (counts[p.name], -p.start))
        return full(best)
    for cap in captions:  # a caption that names only a title: "Chủ tịch UBND tỉnh phát biểu ..."
        for t in find_titles(text, cap.start, cap.end):
            if _CHAIR_RE.search(text, t.end, cap.end):
                return t
    return None


def _bodies(text: str, segments: list[Segment]) -> list[str]:
    """Named bodies in the headline, captions and sentences about who held or attended the meeting."""
    title = _title(text, segments)
    picked = [s for s in segments if s is title or s.kind == "caption" or
              (s in _lead(segments) and _ATTEND_RE.search(s.text))]
    out: dict[str, str] = {}
    for seg in picked:
        for b in find_bodies(text, seg.start, seg.end):
            if b.text[:1].isupper():  # groups ("các sở, ngành") are not named participants
                out.setdefault(tone_normalize(b.text), b.text)
    return list(out.values())


def extract_meeting(text: str, segments: list[Segment]) -> Meeting:
    """Read the meeting's type, title, date, period, location, speaker and bodies.

    ``date`` is ISO only when the text states it with a year ("Sáng 22/5/2017").

    >>> segs = [Segment(0, 34, "title", "Giao ban khối nội chính quý I/2024", label="other")]
    >>> m = extract_meeting("Giao ban khối nội chính quý I/2024", segs)
    >>> (m.type, m.period)
    ('giao ban', 'quý I/2024')
    """
    title = _title(text, segments)
    stated = find_meeting_date(text)
    ref = reference_date(text)
    return Meeting(
        type=_meeting_type(text, segments),
        title=title.text if title else None,
        date=stated.interval[:10] if stated and stated.interval else None,
        period=_period(text, segments, ref),
        location=_location(text, segments),
        speaker=_speaker(text, segments),
        bodies=_bodies(text, segments),
    )
