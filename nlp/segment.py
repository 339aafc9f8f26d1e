"""Cut a normalised report into titles, captions, sentences, lead-ins and list items.

The rules are those of ``../shared/design/LABELS.md``. Sentence boundaries come
from underthesea's ``sent_tokenize``, run line by line because it never splits
at a newline; its other habits are repaired here: it returns the end mark
``/.`` as a sentence of its own, and splits inline numbering
("... 3 nhiệm vụ: 1." | "Tăng cường ..."). It also strips its output, so each
sentence is found again in the line to recover offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from .types import Segment

_FINAL_PUNCT = tuple('.!?:;…"”’)»')
# A bullet or number that opens a list line: "- ", "+ ", "• ", "1. ", "2) ", "a) ", "IV. ".
_BULLET_RE = re.compile(
    r"^(?:[-+•*–—]\s*|\(?(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]\s+"
    r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám) là,|Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám),)"
)
_MARKER_ONLY_RE = re.compile(r"^\(?(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]$")
_TRAILING_MARKER_RE = re.compile(r":\s+(\(?(?:\d{1,2}|[a-zđ])[.)])$")
# "Ảnh: Thanh Hà", "(Ảnh: VGP/Nhật Bắc)", "Ảnh minh họa": the photo credit that closes a caption.
_CREDIT_RE = re.compile(r"\(?\bẢnh(?: minh họa| minh hoạ)?\s*:\s*")
# Words that open a new sentence after a credit or a run-in caption.
_STARTERS = frozenset(
    "Theo Ông Bà Tại Phát Trong Đồng Sáng Chiều Tối Ngày Năm Cùng Báo Kết Thay Về Các "
    "Nhiều Đến Qua Bên Tuy Hiện Để Với Từ Sau Trước Đây Trên Chủ Bí Giám Thủ Bộ Lãnh "
    "Đại Thời Nhằm Riêng Còn Do Vì Như Khi Ngoài Tiếp Thực Những Tham Nhân Hôm Dự Việc "
    "Mục Người Cũng Trước Đó Chính Cụ Hơn Mặc Dù Tính Hiện Phó".split()
)
# A news agency's tag closes a credit: "Ảnh: Danh Lam/TTXVN", "Ảnh: Nguyễn Dân -TTXVN", "Ảnh: CTV".
_AGENCY_END_RE = re.compile(r"(?:^|[/\-–—])[A-ZĐ]{2,}(?:[/\-][A-ZĐ]{2,})*\)?$")
_WORD_RE = re.compile(r"\S+")
# sent_tokenize takes "quý I." for an abbreviation and runs on into the next sentence.
# It also runs on after "…" and "...". Both are repaired by splitting here.
_MISSED_END_RE = re.compile(
    r"\b(?:quý|khóa|khoá|kỳ|phần|giai đoạn|lần|vòng|đợt) [IVX]{1,4}\.(?=\s+[A-ZĐ])"
    r"|(?<=\w)(?:…|\.\.\.)(?=\s+[A-ZĐ][a-zà-ỹđ])"
)
# Lines that describe a photo: who speaks / chairs / receives what at which event.
_CAPTION_RE = re.compile(
    r"^(?:Toàn cảnh|Quang cảnh|Các đại biểu|Đại biểu|Lãnh đạo|Đồng chí|Ông|Bà|Chủ tịch|Phó|"
    r"Bí thư|Bộ trưởng|Thủ tướng|Thứ trưởng|Giám đốc|Tổng|Đoàn|Trưởng)"
    r".{0,220}(?:phát biểu|chủ trì|trao|tặng|kiểm tra|thăm|dự|làm việc|chụp ảnh|"
    r"toàn cảnh|quang cảnh|cảnh|tham quan|khảo sát)"
    r"[^.;:!?]{0,80}(?:hội nghị|buổi làm việc|phiên họp|kỳ họp|cuộc họp|buổi tiếp xúc[^.]{0,20}|"
    r"buổi giao ban|giao ban|lễ[^.]{0,40}|buổi đối thoại|hội thảo|diễn đàn|sự kiện|"
    r"công trình|dự án|thực địa)[^.;:]{0,60}\.?$"
)
# A subheading or caption run into the next sentence when a crawler lost the line break:
# "Phải minh bạch giá điện Phát biểu chỉ đạo tại buổi làm việc, ...". Only openers that are
# capitalised mid-sentence in no other use, after a word with no stop: a new sentence starts.
_RUN_IN_HEAD_RE = re.compile(
    r"(?<=[a-zà-ỹđ0-9”\")]) (?=(?:Tại|Theo|Trước đó|Sau khi|Trong khi|Bên cạnh|Ngoài ra|Đồng thời|Cũng theo|"
    r"Tuy nhiên|Riêng|Đối với|Hiện nay|Thời gian (?:qua|tới)|Phát biểu|Hôm nay|Cùng ngày|Trước tình hình|"
    r"Nhằm|Để|(?:Sáng|Chiều|Tối|Trưa)(?= (?:\d|nay|cùng|ngày|qua|hôm)))\b)"
)
_TIME_OF_DAY_RE = re.compile(r"Sáng|Chiều|Tối|Trưa")
# Words a heading does not end on (a preposition, a verb awaiting its object): what follows them
# belongs to the same sentence, capitalised or not.
_OPEN_END_RE = re.compile(
    r"(?<!\w)(?:của|về|theo|với|thực hiện|trình bày|và|là|cho|trong|tại|ngày|các|những|để|từ|đến|như|gồm|có|"
    r"được|bị|do|vì|nên|phải|cần)$"
)
# Captions describe; they do not order or ask.
_NOT_CAPTION_RE = re.compile(r"yêu cầu|đề nghị|kiến nghị|\bgiao\b|chỉ đạo các|nhấn mạnh|cho biết|cho rằng")
_CAPTION_SHORT_RE = re.compile(r"^(?:Toàn cảnh|Quang cảnh)\b[^.]{0,120}\.?$")
# A run-in caption: "... phát biểu tại hội nghị Theo ông ..." (no full stop).
_RUN_IN_RE = re.compile(
    r"(?:phát biểu|chủ trì|trao|kiểm tra|dự)[^.;:!?]{0,80}?"
    r"\b(?:hội nghị|buổi làm việc|phiên họp|kỳ họp|cuộc họp|buổi giao ban)"
    r"(?=\s+(\w+))"
)


@dataclass
class _Piece:
    start: int
    end: int
    kind: str = "sentence"


@lru_cache(maxsize=1)
def _sent_tokenize():
    # underthesea is imported lazily: it costs ~0.25 s and most CLI calls
    # (--help, schema) never segment anything.
    from underthesea import sent_tokenize

    return sent_tokenize


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, pos + len(line)
        pos += len(line) + 1


def _credit_end(text: str, pos: int, end: int) -> int:
    """End of a photo credit's name, which starts at ``pos``."""
    rest = text[pos:end]
    if len(rest.split()) <= 6 and not rest.rstrip().endswith((".", "!", "?", ":", ";")):
        return pos + len(rest.rstrip())  # "Ảnh: Công an cung cấp" closes the line
    last = pos
    # A credit is at most 6 words; the 7th is read only to see whether a capitalised name goes on.
    words = list(islice(_WORD_RE.finditer(text, pos, end), 7))
    for n, m in enumerate(words):
        word = m.group(0)
        bare = word.strip("()").lstrip("-–—")  # "-TTXVN": the agency run into its dash
        if word in ("-", "–", "—", "/"):
            continue  # "Ảnh: Doãn Tấn – TTXVN": the agency follows a dash
        if n >= 6 or not bare or not (bare[0].isupper() or bare[0].isdigit()):
            break
        if n and bare in _STARTERS:
            break
        last = m.end()
        if word.endswith((")", ".")):
            break
        # An agency's tag ends the credit, unless a name in capitals goes on ("Ảnh: HUY HÀ").
        if _AGENCY_END_RE.search(word) and not (n + 1 < len(words) and words[n + 1].group(0).isupper()):
            break
    return last


def _hard_breaks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Cut a line at photo credits and run-in captions, which carry no full stop."""
    chunks: list[tuple[int, int, str]] = []
    pos = start
    for m in _CREDIT_RE.finditer(text, start, end):
        credit_end = _credit_end(text, m.end(), end)
        chunks.append((pos, credit_end, "credit"))
        pos = credit_end
        while pos < end and text[pos] == " ":
            pos += 1
    if pos < end:
        chunks.append((pos, end, "text"))
    out: list[tuple[int, int, str]] = []
    for c_start, c_end, c_kind in chunks:
        pos = c_start
        for m in _RUN_IN_RE.finditer(text, c_start, c_end):
            if m.group(1) in _STARTERS and m.end() > pos:
                out.append((pos, m.end(), "run_in"))
                pos = m.end() + 1
        out.append((pos, c_end, c_kind))
    return [c for c in out if c[0] < c[1]]


def _sentences(text: str, start: int, end: int) -> list[_Piece]:
    """Sentences of one chunk, with offsets, repairing sent_tokenize's habits."""
    pieces: list[_Piece] = []
    pos = start
    for sent in _sent_tokenize()(text[start:end]):
        i = text.find(sent, pos, end)
        if i < 0:  # sent_tokenize changed the text: keep the rest as one piece
            break
        pieces.append(_Piece(i, i + len(sent)))
        pos = i + len(sent)
    if pos < end and text[pos:end].strip():
        rest = pos + len(text[pos:end]) - len(text[pos:end].lstrip())
        pieces.append(_Piece(rest, end))
    split: list[_Piece] = []
    for p in pieces:
        for m in _MISSED_END_RE.finditer(text, p.start, p.end):
            split.append(_Piece(p.start, m.end()))
            p = _Piece(m.end() + 1, p.end)
        split.append(p)
    pieces = split
    merged: list[_Piece] = []
    carry: int | None = None  # start of a bare "1." that belongs to the next sentence
    for p in pieces:
        s = text[p.start : p.end]
        if merged and p.start == merged[-1].end:
            # No space, no boundary: "VnExpress.net", "bếp.Lực lượng" stay whole.
            merged[-1].end = p.end
            continue
        if s in ("/.", "./.", ".") and merged:
            merged[-1].end = p.end
            continue
        if _MARKER_ONLY_RE.match(s):
            carry = p.start if carry is None else carry
            continue
        if carry is not None:
            p.start, carry = carry, None
        m = _TRAILING_MARKER_RE.search(s)
        if m:
            carry = p.start + m.start(1)
            p.end = p.start + m.start(1)
            while text[p.end - 1] == " ":
                p.end -= 1
        merged.append(p)
    if carry is not None:
        merged.append(_Piece(carry, end))
    return merged


def _split_enumeration(text: str, p: _Piece) -> list[_Piece]:
    """Split "lead-in: item; item; item." into a lead-in and its items."""
    s = text[p.start : p.end]
    for m in re.finditer(r":", s):
        colon = m.start()
        if 0 < colon < len(s) - 1 and s[colon - 1].isdigit() and s[colon + 1].isdigit():
            continue  # a clock time such as 8:30
        rest = s[colon + 1 :]
        if ";" not in rest or not rest.strip(" ;"):
            continue
        out = [_Piece(p.start, p.start + colon + 1, "lead_in")]
        stray: int | None = None  # a ";" with nothing before it joins the next item
        for item in re.finditer(r"[^;]*;|[^;]+$", rest):
            body = item.group(0)
            lead = len(body) - len(body.lstrip())
            i_start = p.start + colon + 1 + item.start() + lead
            i_end = p.start + colon + 1 + item.end()
            if not body.strip(" ;"):
                if len(out) > 1:
                    out[-1].end = i_end  # a doubled ";" joins the item before it
                elif stray is None:
                    stray = i_start
                continue
            out.append(_Piece(i_start if stray is None else stray, i_end, "list_item"))
            stray = None
        if len(out) >= 3:
            return out
        return [p]
    return [p]


def _is_caption(text: str, p: _Piece, alone: bool) -> bool:
    s = text[p.start : p.end]
    if _CAPTION_SHORT_RE.match(s):
        return True
    return alone and len(s) <= 260 and bool(_CAPTION_RE.match(s)) and not _NOT_CAPTION_RE.search(s)


def _run_in_heading(text: str, p: _Piece) -> list[_Piece]:
    """Split a heading or caption run into the sentence after it (see `_RUN_IN_HEAD_RE`)."""
    for m in _RUN_IN_HEAD_RE.finditer(text, p.start, p.end):
        before = text[p.start : m.start()].rsplit(" ", 1)[-1]
        # "Bộ trưởng Đinh Công Sáng cùng ...": after a capitalised word, a time of day may be a name.
        if not (before[:1].isupper() and _TIME_OF_DAY_RE.match(text, m.end())):
            break
    else:
        return [p]
    head = text[p.start : m.start()]
    n_words = len(head.split())
    if not 2 <= n_words <= 25 or _OPEN_END_RE.search(head):
        return [p]
    if _is_caption(text, _Piece(p.start, m.start()), True):
        kind = "caption"
    else:
        # A short phrase with no comma is a subheading; anything longer may be a sentence
        # that lost its full stop ("..., Bộ trưởng nhấn mạnh"), so it stays one.
        kind = "title" if n_words <= 12 and "," not in head else "sentence"
    return [_Piece(p.start, m.start(), kind), _Piece(m.end(), p.end, p.kind)]


def _body_pieces(text: str, start: int, end: int) -> list[_Piece]:
    pieces: list[_Piece] = []
    for c_start, c_end, c_kind in _hard_breaks(text, start, end):
        sents = [q for p in _sentences(text, c_start, c_end) for q in _run_in_heading(text, p)]
        if c_kind == "credit" and len(sents) > 1 and _CREDIT_RE.match(text, sents[-1].start):
            # "Ảnh: ..." closes the caption sentence before it: one caption.
            credit = sents.pop()
            sents[-1].end = credit.end
        if c_kind in ("credit", "run_in") and sents:
            sents[-1].kind = "caption"
        pieces += sents
    if len(pieces) == 1 and pieces[0].kind == "sentence" and _is_caption(text, pieces[0], True):
        pieces[0].kind = "caption"
    out: list[_Piece] = []
    for p in pieces:
        out += _split_enumeration(text, p) if p.kind == "sentence" else [p]
    return out


def _ends_open(text: str, start: int, end: int) -> bool:
    return not text[start:end].rstrip().endswith(_FINAL_PUNCT)


def segment(text: str) -> list[Segment]:
    """Cut normalised text into segments whose offsets index ``text``.

    >>> [(s.kind, s.text) for s in segment("Họp giao ban\\nYêu cầu: làm A; làm B.")]
    [('title', 'Họp giao ban'), ('lead_in', 'Yêu cầu:'), ('list_item', 'làm A;'), ('list_item', 'làm B.')]
    """
    lines = list(_lines(text))
    pieces: list[_Piece] = []
    pending: int | None = None  # index of a line-final "...:" waiting for bullet lines
    n_items = 0

    def close_pending() -> None:
        nonlocal pending, n_items
        if pending is not None and n_items < 2:
            pieces[pending].kind = "sentence"
            for q in pieces[pending + 1 :]:
                if q.kind == "list_item":
                    q.kind = "sentence"
        pending, n_items = None, 0

    for n, (start, end) in enumerate(lines):
        line = text[start:end]
        if pending is not None and (
            _BULLET_RE.match(line) or text[pieces[-1].start : pieces[-1].end].endswith(";")
        ):
            pieces.append(_Piece(start, end, "list_item"))
            n_items += 1
            continue
        close_pending()
        words = len(line.split())
        if _ends_open(text, start, end) and len(line) <= 300 and not _CREDIT_RE.search(line):
            if n == 0 or words > 6 or n < len(lines) - 1:
                kind = "caption" if _CAPTION_SHORT_RE.match(line) else "title"
                pieces.append(_Piece(start, end, kind))
                continue
        body = _body_pieces(text, start, end)
        pieces += body
        if body and body[-1].kind == "sentence" and text[body[-1].start : body[-1].end].endswith(":"):
            body[-1].kind = "lead_in"
            pending, n_items = len(pieces) - 1, 0
    close_pending()

    segments: list[Segment] = []
    lead_in: int | None = None
    for p in pieces:
        if p.kind == "lead_in":
            lead_in = len(segments)
        elif p.kind != "list_item":
            lead_in = None
        segments.append(
            Segment(
                start=p.start,
                end=p.end,
                kind=p.kind,
                text=text[p.start : p.end],
                parent=lead_in if p.kind == "list_item" else None,
            )
        )
    return segments
