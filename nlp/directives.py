"""Who told whom to do what, by when: one `Directive` per task (and proposal) segment.

Rules (``shared/design/LABELS.md``, "Directives"): the issuer is the subject of a
reporting verb ("X yêu cầu", "theo X", "..., X nhấn mạnh"), resolved to the
person named earlier when only a title or "đồng chí"/"ông"/"bà" is written;
assignees are the units after a directing verb (or the subject of "X phải /
được giao ..."), each with its own offsets, one "các" over a list being one
group; list items and subject-less continuations inherit issuer, assignees and
deadline. All matching runs on the tone-normalised view (same length as the
text), so every offset indexes the caller's ``text``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .addressees import CAT_RE, DET_RE, DIRECTING, IN_BEFORE, MODAL_IN, MODALS, REPORTING, STOP_I, TRAIL
from .addressees import addressee_region, past_frame, skip_chars, split_units
from .deadline import find_time_expressions, reference_date
from .fastscan import with_first_chars
from .gazetteer import find_bodies, find_titles
from .lexicon import TOPIC_OPENERS
from .normalize import tone_normalize
from .types import Deadline, Directive, Meeting, Party, Segment, Span

__all__ = ["extract_directives"]

_F = re.IGNORECASE
_W = r"(?!\w)"
# Verbs that let the speaker address units ("yêu cầu X ...") vs. verbs that only report speech.
_GIAO = r"giao(?! (?:thông|ban|dịch|lưu|tiếp|đất|rừng|khoán|hữu|thương|nhận|kết|lộ|điểm|diện|động|hàng|nộp|quyền|ước|thoa|tranh|thừa|nhau)(?!\w))"
_CUE_RE = with_first_chars(re.compile(rf"(?<!\w)(?:{DIRECTING.replace('|giao|', '|' + _GIAO + '|')}|{REPORTING}){_W}"))
_DIRECTING_SET = frozenset(DIRECTING.split("|"))
_ALSO_RE = re.compile(r"(?:đồng thời|và|cũng)\s$")
_BY_RE = re.compile(r"(?:trước|đến|tới|hết|chậm nhất|từ nay|trong|ngay trong)\s", re.IGNORECASE)
_CHAIN_CUES = frozenset("yêu cầu|đề nghị|giao|giao cho|chỉ đạo".split("|"))
_REPLACING = frozenset("yêu cầu|đề nghị|giao|giao cho|giao nhiệm vụ cho|giao trách nhiệm cho|lưu ý|kêu gọi|phân công".split("|"))
# Words before/after a cue that make it a noun ("các đề nghị", "yêu cầu của").
_NOUN_BEFORE = re.compile(r"(?:các|những|một số|theo|đáp ứng|có|sự|nhiều|mọi|với|của|bàn|chuyển|lời|được|tại|về|là|bản|trình)\s$")
_NOUN_AFTER = re.compile(r"\s(?:của|này|đó|trên|đặt ra|cao|chính đáng|tại|hợp lý|chung|riêng|về|nêu trên)(?!\w)")
_MARKER_RE = re.compile(
    r"\s*[\"“‘'(]?\s*(?:[-+•*–—]\s*|\(?(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]\s+|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)"
    r" là,?\s+|Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười),?\s+)?[\"“‘]?"
)
_CONT_RE = re.compile(
    r"(?:Đồng thời|Bên cạnh đó|Qua đó|Ngoài ra|Cùng với đó|Cùng đó|Mặt khác|Song song với đó|Song song đó|Trước mắt|"
    r"Tiếp đó|Theo đó|Trên cơ sở đó|Do đó|Vì vậy|Vì thế|Bên cạnh|Đặc biệt|Ngoài việc đó),?\s", _F)
_TOPIC_RE = re.compile(rf"(?:{'|'.join(o[0].upper() + o[1:] for o in TOPIC_OPENERS)})\s")
_THEO_RE = re.compile(r"Theo\s")
_ASIDE_RE = re.compile(r"theo\s(?:ông|bà|đồng chí)\s[^,;:]{1,40},\s", _F)  # who said it, inside the sentence
_MODAL_RE = re.compile(rf"\s*(?:cũng\s|đã\s|sẽ\s)?(?:{MODALS})\s")
# A body before these verbs in a task is told to act ("Tập đoàn X chỉ đạo ...", "Sở Y đề xuất ...").
_TELL_TO_DIRECT = frozenset("chỉ đạo|đôn đốc|hướng dẫn|kiến nghị|đề xuất".split("|"))
_PRONOUN_RE = with_first_chars(re.compile(r"(?<!\w)(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)(?!\w)(?! (?:con|bà|cha|ông)(?!\w))"))
_PREP_BEFORE = re.compile(r"(?:cho|với|của|tới|đến|giúp|về|từ|tại|trên|trong|theo|đối với|gửi)\s$")
_CONGRESS_RE = re.compile(r"[Đđ]ại hội|[Bb]an [Cc]hấp hành|[Kk]ỳ họp|bầu cử", _F)
# A period that names the object of the work, not its bound (GUIDELINES 6.5): "đưa vào kế hoạch đầu tư
# công trung hạn giai đoạn 2021-2025", "danh mục ưu tiên đầu tư giai đoạn 2026 - 2030".
_OBJECT_BEFORE = re.compile(r"(?<!\w)(?:kế hoạch|trung hạn|danh mục|quy hoạch)(?:\s[^\s,;:.]+){0,5}\s$", _F)
_RANGE_RE = re.compile(r"(?:trong\s)?(?:nhiệm kỳ|giai đoạn|thời kỳ|niên khóa)\s", _F)


@dataclass
class _M:
    """A mention: person (named), title (bare), pronoun or body, with its offsets."""

    start: int
    end: int
    kind: str
    party: Party


@dataclass
class _Info:
    issuer: Party | None = None
    assignees: list[Span] = field(default_factory=list)
    replacing: bool = False  # the addressee came with "yêu cầu/giao ...": ends inheritance
    action: Span | None = None
    deadline: Deadline | None = None
    cont: bool = False
    topic: bool = False


class _Ctx:
    """Everything read once per report: the view, mentions, reference date, speaker."""

    def __init__(self, text: str, meeting: Meeting | None):
        self.text, self.view = text, tone_normalize(text)
        self.ref = reference_date(text)
        self.speaker = meeting.speaker if meeting else None
        ms = [_M(p.start, p.end, "person" if p.name else "title", p) for p in find_titles(text)]
        ms += [_M(b.start, b.end, "body", Party(title=b.text, start=b.start, end=b.end, text=b.text)) for b in find_bodies(text)]
        ms += [_M(m.start(), m.end(), "pronoun", Party(start=m.start(), end=m.end(), text=m.group()))
               for m in _PRONOUN_RE.finditer(self.view) if not self.view[m.end() + 1:m.end() + 2].isupper()]
        ms.sort(key=lambda m: (m.start, -m.end))
        self.mentions: list[_M] = []
        for m in ms:  # drop mentions inside a longer one ("UBND tỉnh" inside "Chủ tịch UBND tỉnh")
            if self.mentions and m.start < self.mentions[-1].end:
                continue
            self.mentions.append(m)
        self.starts = [m.start for m in self.mentions]
        self.at = {m.start: m for m in self.mentions if m.kind != "pronoun"}
        self.people = [m for m in self.mentions if m.kind == "person"]

    def before(self, pos: int, lo: int) -> list[_M]:
        """Mentions that start in [lo, pos), nearest last."""
        i = bisect.bisect_left(self.starts, pos)
        j = bisect.bisect_left(self.starts, lo)
        return self.mentions[j:i]


@lru_cache(maxsize=4096)
def _norm(title: str) -> tuple[str, ...]:
    return tuple(c.strip().lower() for c in tone_normalize(title).split(",") if c.strip())


def _title_match(mention: str, person: str) -> bool:
    # "Chủ tịch UBND tỉnh" matches "Chủ tịch UBND tỉnh Lạng Sơn"; "Phó Chủ tịch" does not match "Chủ tịch".
    pc = _norm(person)
    return any(p == m or p.startswith(m + " ") or m.startswith(p + " ") for m in _norm(mention) for p in pc)


def _named_mention(ctx: _Ctx, party: Party, m: _M) -> Party:
    """``party`` pointed at the nearest mention before ``m`` that names the person with a title.

    GUIDELINES 6.2: the issuer of "Ông yêu cầu ..." is the person named earlier, typed at the
    last mention before the directive that gives title and name ("Chủ tịch UBND tỉnh Lê Minh
    Khang"), not at an earlier one with a longer title nor at one without the title.
    """
    same = [p for p in ctx.people if p.party.name == party.name] if party.name else []
    if not same:
        return party
    titled = [p for p in same if p.party.title] or same
    before = [p for p in titled if p.start < m.end]
    at = before[-1] if before else titled[0]
    return replace(party, start=at.start, end=at.end, text=ctx.text[at.start:at.end])


def _resolve(ctx: _Ctx, m: _M) -> Party | None:
    """The party a mention stands for; a person points at the mention that names them (`_named_mention`)."""
    party = _resolve_here(ctx, m)
    return _named_mention(ctx, party, m) if party is not None else None


def _resolve_here(ctx: _Ctx, m: _M) -> Party | None:
    """The party a mention stands for, keeping the mention's own offsets."""
    own = dict(start=m.start, end=m.end, text=ctx.text[m.start:m.end])
    if m.kind == "body":
        return Party(title=m.party.title, **own)
    if m.kind == "person" and m.party.name and len(m.party.name.split()) > 1:
        return Party(name=m.party.name, title=m.party.title, **own)
    earlier = [p for p in ctx.people if p.start < m.start][-200:][::-1]
    if m.kind == "person":  # "ông Khải", "Bộ trưởng Tuấn": the full name said earlier
        # A full name only: an earlier "ông Toàn" must not stand for itself.
        full = next((p for p in earlier if p.party.name.split()[-1] == m.party.name and " " in p.party.name), None)
        return Party(name=full.party.name if full else m.party.name, title=m.party.title or (full and full.party.title), **own)
    if m.kind == "title":
        p = _person_with_title(ctx, m.party.title, m.start)
        return Party(name=p.name, title=p.title, **own) if p else Party(title=m.party.title, **own)
    for prev in reversed(ctx.before(m.start, max(0, m.start - 3000))):  # "đồng chí", "ông": the last person
        if prev.kind == "person" or (prev.kind == "title" and prev.party.title):
            p = _resolve_here(ctx, prev)
            if p and p.name:
                return Party(name=p.name, title=p.title, **own)
    sp = ctx.speaker
    return Party(name=sp.name, title=sp.title, **own) if sp and sp.name else None


def _person_with_title(ctx: _Ctx, title: str | None, pos: int) -> Party | None:
    if not title:
        return None
    earlier = [p for p in ctx.people if p.start < pos][-200:][::-1]
    later = [p for p in ctx.people if p.start >= pos][:50]
    p = next((p for p in earlier + later if p.party.title and _title_match(title, p.party.title)), None)
    return p.party if p else None


def _analyze(ctx: _Ctx, seg: Segment, proposal: bool) -> _Info:
    """Issuer, assignees, action and own deadline of one segment."""
    v, s, e = ctx.view, seg.start, seg.end
    info = _Info()
    bs = _MARKER_RE.match(v, s, e).end()
    cont = _CONT_RE.match(v, bs, e)
    info.cont = bool(cont)
    bs = cont.end() if cont else bs
    info.topic = bool(_TOPIC_RE.match(v, bs, e))
    dls = [d for d in find_time_expressions(ctx.text, s, e, reference=ctx.ref) if not _names_object(ctx, d, s)]
    by = [d for d in dls if _BY_RE.match(d.text) or IN_BEFORE.match(v, max(s, d.start - 6), d.start)]
    info.deadline = (by or dls or [None])[0]
    wrap, found, quote_end, subj_span = bs, False, None, None
    for cue in _CUE_RE.finditer(v, bs, e):
        c0, c1 = cue.span()
        if c0 < wrap or _NOUN_BEFORE.search(v, max(s, c0 - 12), c0) or _NOUN_AFTER.match(v, c1, e):
            continue
        if found and not (cue.group() in _REPLACING and _ALSO_RE.search(v, max(s, c0 - 14), c0)):
            continue  # later cues usually sit inside the action ("... đề xuất UBND tỉnh")
        if not found:
            m, gap = _subject(ctx, s, c0)
            if m is not None and (_told(gap, cue.group()) or (m.kind == "body" and not proposal and cue.group() in _TELL_TO_DIRECT
                                                              and "đã" not in gap.split())):
                # "Sở X phải chỉ đạo ...", "Tập đoàn X chỉ đạo ...": told to act, not the speaker
                units, _ = _own_subject(ctx, bs, c0, dls, info.topic, None)
                info.assignees += units or [Span(start=m.start, end=m.end, text=ctx.text[m.start:m.end])]
                info.replacing, found = True, True
                if cue.group() not in _CHAIN_CUES:
                    wrap = c0
                    continue  # "được giao đôn đốc nhà thầu": the contractor is not an assignee
            elif m is not None:
                info.issuer, subj_span = _resolve(ctx, m), (m.start, m.end)
                if proposal and m.kind == "body":
                    info.issuer = _representative(ctx, s, m) or info.issuer
                q = max(v.rfind("”", s, m.start), v.rfind('"', s, m.start))
                quote_end = q if q > bs else None  # "“...”, ông Khải nhấn mạnh."
        pos, word, got = c1, cue.group(), False
        while word in _DIRECTING_SET and pos < e:
            r = addressee_region(ctx, pos, e, dls)
            if r is None:
                break
            info.assignees += split_units(ctx, r[0], r[1])
            info.replacing |= word in _REPLACING
            wrap, got = r[1], True
            if r[2] not in _CHAIN_CUES:
                break
            pos, word = v.index(r[2], r[1], e) + len(r[2]), r[2]
        if not got and not found and quote_end is None and (info.issuer is not None or info.assignees or c0 == bs):
            wrap = c1  # strip "X nhấn mạnh," / a leading "Yêu cầu"
            r = addressee_region(ctx, c1, e, dls, strict=True) if info.issuer is not None else None
            if r and r[2] is not None:  # "... cho biết tổ đại biểu sẽ chuyển ..."
                info.assignees += split_units(ctx, r[0], r[1])
                mod = _MODAL_RE.match(v, r[1], e)
                wrap = mod.end() if mod else r[1]
        found = found or got or info.issuer is not None or bool(info.assignees)
    theo = _THEO_RE.match(v, bs, e)
    if info.issuer is None and theo and theo.end() in ctx.at and v.startswith(",", ctx.at[theo.end()].end):
        m = ctx.at[theo.end()]
        info.issuer, wrap, subj_span = _resolve(ctx, m), skip_chars(v, m.end + 1, e), (m.start, m.end)
    if info.issuer is None and proposal:
        first = next((c for c in _CUE_RE.finditer(v, bs, e) if not _NOUN_AFTER.match(v, c.end(), e)), None)
        info.issuer = _noun_phrase(ctx, s, first.start()) if first else None
        if info.issuer is not None:
            subj_span = (info.issuer.start, info.issuer.end)
    if not info.assignees:  # "Sở X phải ...", "UBND huyện được giao ..."
        np = wrap if theo and wrap > bs else bs
        units, end_np = _own_subject(ctx, np, e, dls, info.topic, subj_span)
        if units:
            info.assignees, info.replacing, wrap = units, True, max(wrap, end_np)
    if quote_end is not None:  # the quotation is the instruction
        info.action = _action(ctx, wrap if bs < wrap < quote_end else bs, quote_end)
    else:
        info.action = _action(ctx, wrap, e)
    return info


def _told(gap: str, cue: str) -> bool:
    """Is the subject before ``cue`` told to act ("Sở X phải chỉ đạo ...") rather than the one who assigns?

    "UBND huyện sẽ giao Phòng Y ...": a body that will assign is the issuer (GUIDELINES 6.2).
    """
    return bool(MODAL_IN.search(gap)) and not (gap.split() == ["sẽ"] and cue in _REPLACING)


def _names_object(ctx: _Ctx, d: Deadline, s: int) -> bool:
    """Is ``d`` a period naming what the work is about ("Đại hội ... nhiệm kỳ 2025-2030") rather than its bound?"""
    v, low = ctx.view, d.text.lower()
    if low.startswith(("nhiệm kỳ", "khóa", "khoá")) and _CONGRESS_RE.search(v, max(s, d.start - 120), d.start):
        return True
    # Only a multi-year period: "(hoàn thành) kế hoạch năm 2020" does bound the work.
    return low.startswith(("giai đoạn", "nhiệm kỳ", "thời kỳ")) and bool(_OBJECT_BEFORE.search(v, max(s, d.start - 50), d.start))


def _own_subject(ctx: _Ctx, np: int, e: int, dls: list[Deadline], topic: bool, skip: tuple | None) -> tuple[list[Span], int]:
    """A segment's own subject as assignees ("Sở X phải ...", "UBND huyện được giao ..."), and where it ends."""
    v = ctx.view
    if topic:  # "Về ..., Sở X cần ...": the subject follows the topic phrase
        comma = v.find(", ", np, min(e, np + 160))
        np = comma + 2 if comma >= 0 else _TOPIC_RE.match(v, np, e).end()  # "Riêng UBND TP. X phải ..."
    np = past_frame(v, np, e, dls)
    aside = _ASIDE_RE.match(v, np, e)
    np = aside.end() if aside else np  # "Trong năm 2025, theo ông Lâm, UBND tỉnh sẽ ...": the subject follows
    r = addressee_region(ctx, np, e, dls, strict=True)
    if r is None or r[2] is None or (skip and r[0] == skip[0]):
        return [], np
    m = ctx.at.get(r[0])
    if m is not None and m.kind != "body" and not MODAL_IN.match(r[2]):
        return [], np  # a person is an assignee only when told "phải/cần ..."
    mod = _MODAL_RE.match(v, r[1], e)
    return split_units(ctx, r[0], r[1]), mod.end() if mod else r[1]


def _subject(ctx: _Ctx, s: int, c0: int) -> tuple[_M | None, str]:
    """The mention right before the cue at ``c0`` in the same clause, and the words between."""
    v = ctx.view
    cands = [m for m in ctx.before(c0, s) if m.end <= c0]
    if not cands:
        return None, ""
    m = max(cands, key=lambda m: (m.end, -m.start))
    gap = v[m.end:c0]
    if len(gap) > 50 or re.search(r"[,;:.!?\"“(]", gap) or _PREP_BEFORE.search(v, max(s, m.start - 10), m.start):
        return None, ""
    return m, gap


def _representative(ctx: _Ctx, s: int, m: _M) -> Party | None:
    """"Đại diện Huyện ủy X": the representative of a body speaks for it."""
    rep = re.search(r"(?:Đại diện|Lãnh đạo|Thay mặt)\s$", ctx.view[max(s, m.start - 12):m.start])
    if rep is None:
        return None
    a = max(s, m.start - 12) + rep.start()
    return Party(title=ctx.text[a:m.end], start=a, end=m.end, text=ctx.text[a:m.end])


def _noun_phrase(ctx: _Ctx, s: int, c0: int) -> Party | None:
    """A short subject without a known mention ("Cử tri", "Một số cử tri thị trấn")."""
    v = ctx.view
    head = v.rfind(", ", s, c0)
    a = _MARKER_RE.match(v, s if head < 0 else head + 2, c0).end()
    np = v[a:c0].rstrip()
    first_ok = CAT_RE.match(np) or DET_RE.match(np) or not STOP_I.match(np)
    if np and np[0].isupper() and len(np.split()) <= 10 and first_ok and not _CONT_RE.match(np) \
            and not _TOPIC_RE.match(np) and not MODAL_IN.search(np):
        return Party(title=ctx.text[a:a + len(np)], start=a, end=a + len(np), text=ctx.text[a:a + len(np)])
    return None


def _action(ctx: _Ctx, a: int, e: int) -> Span | None:
    v = ctx.view
    a = skip_chars(v, a, e, " ,:")
    while e > a and v[e - 1] in TRAIL:
        e -= 1
    return Span(start=a, end=e, text=ctx.text[a:e]) if e > a else None


def _contains(outer: Deadline | None, inner: Deadline | None) -> bool:
    if not (outer and inner and outer.interval and inner.interval):
        return False
    (a, b), (c, d) = outer.interval.split("/"), inner.interval.split("/")
    return a <= c and d <= b and (a, b) != (c, d)


def _merge(own: _Info, base: _Info, item: bool) -> _Info:
    """Inherit from a lead-in (``item``) or the previous directive what the segment does not state."""
    out = replace(own)
    out.issuer = own.issuer or base.issuer
    if not own.assignees:
        out.assignees = list(base.assignees)
    elif not own.replacing:  # "chỉ đạo X ...": X joins the inherited assignees
        out.assignees = base.assignees + [a for a in own.assignees if a not in base.assignees]
    elif not item:
        return out  # a new addressee ends the inheritance of the time frame too
    if own.deadline is None or (_RANGE_RE.match(own.deadline.text) and _contains(own.deadline, base.deadline)):
        out.deadline = base.deadline  # the block's narrower frame governs ("quý II" over "nhiệm kỳ ...")
    return out


def extract_directives(text: str, segments: list[Segment], meeting: Meeting | None = None) -> list[Directive]:
    """One `Directive` per ``task`` segment and per ``proposal``.

    ``segments`` index ``text``; list items carry ``parent`` = index of their lead-in.
    A task lead-in that governs list items gets no record of its own: its items
    repeat its fields, as in the seed report's gold.

    >>> text = "Chủ tịch UBND tỉnh yêu cầu Sở Y tế báo cáo trong tháng 6/2024."
    >>> d = extract_directives(text, [Segment(0, len(text), "sentence", text, label="task")])[0]
    >>> d.issuer.title, [a.text for a in d.assignees], d.action.text, d.deadline.interval
    ('Chủ tịch UBND tỉnh', ['Sở Y tế'], 'báo cáo trong tháng 6/2024', '2024-06-01/2024-06-30')
    """
    ctx = _Ctx(text, meeting)
    governing = {s.parent for s in segments if s.parent is not None}
    infos: dict[int, _Info] = {}
    out: list[Directive] = []
    last = {"task": None, "proposal": None}
    prev_label: str | None = None
    block: Deadline | None = None
    for i, seg in enumerate(segments):
        if seg.kind == "title" and i > 0:
            dls = find_time_expressions(text, seg.start, seg.end, reference=ctx.ref)
            block = dls[0] if dls and re.search(r"nhiệm vụ|phương hướng|kế hoạch|giải pháp|trọng tâm|mục tiêu", seg.text, _F) else None
        kind = "proposal" if seg.label == "proposal" else "task" if seg.label == "task" else None
        needed = kind or i in governing
        if not needed:
            prev_label = seg.label
            continue
        own = _analyze(ctx, seg, kind == "proposal")
        parent = infos.get(seg.parent) if seg.parent is not None else None
        prev = last[kind] if kind else None
        if parent is not None:
            info = _merge(own, parent, True)
        elif prev is not None and prev_label == seg.label and (own.cont or not (own.issuer or own.assignees or own.topic)):
            info = _merge(own, prev, False)
        else:
            info = replace(own)
            if info.issuer is None and kind == "task":
                info.issuer = (last["task"].issuer if last["task"] else None) or ctx.speaker
            if info.deadline is None and kind == "task":
                info.deadline = block
        infos[i] = info
        prev_label = seg.label
        if kind is None:
            continue
        last[kind] = info
        if i in governing and seg.kind == "lead_in":
            continue
        # Fresh records: list items must not share mutable spans with their siblings.
        out.append(Directive(segment=i, type=kind, issuer=info.issuer and replace(info.issuer),
                             assignees=[replace(a) for a in info.assignees], action=info.action,
                             deadline=info.deadline and replace(info.deadline)))
    return out
