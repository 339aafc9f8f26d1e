"""Normalise report text while keeping a map back to the caller's string.

Every later stage works on `Normalized.text`: NFC, HTML remnants decoded or
dropped, zero-width and control characters removed, CRLF and tabs turned into
plain newlines and spaces, runs of spaces collapsed. `Normalized.to_original`
maps any span of that text back to the original string, so offsets in the
output always index the text the caller gave us (NFD input, ``&amp;`` and
``\\r\\n`` included).

Tone-mark placement ("hoà"/"hòa", "uỷ"/"ủy") is *not* applied here, since the
output text must stay the caller's; `tone_normalize` is for model features
and keeps the length, so feature offsets still line up.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .fastscan import with_first_chars

# Tags whose line-breaking role matters for segmentation; others vanish.
_BLOCK_TAGS = frozenset(
    "p br div li ul ol tr td th table h1 h2 h3 h4 h5 h6 figure figcaption "
    "blockquote section article header footer".split()
)
_HTML_RE = re.compile(
    r"<(script|style)\b[^>]{0,200}>.*?</\1\s*>"  # dropped with its content
    r"|<!--.*?-->"
    r"|</?([a-zA-Z][a-zA-Z0-9]{0,15})\b[^<>\n]{0,500}/?>"  # one line: "<a<br>>" must not make a tag "<a\n>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});",
    re.DOTALL | re.IGNORECASE,
)
# Zero-width characters, soft hyphen, BOM and bidi marks carry no text.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, per character, the original span it came from."""

    original: str
    text: str
    _src_start: tuple[int, ...]
    _src_end: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``text[start:end]`` to ``(start, end)`` in `original`."""
        if start >= end:
            # Empty span: anchor it where the next character came from.
            pos = self._src_start[start] if start < len(self._src_start) else len(self.original)
            return pos, pos
        return self._src_start[start], self._src_end[end - 1]


def _is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Zs"


def _drop(ch: str) -> bool:
    if ch in _INVISIBLE:
        return True
    # Control characters (NUL, C1 controls ...) except the whitespace ones.
    # Lone surrogates (json.loads gives them for "\ud800") cannot even be encoded.
    return unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r\f\v"


def _decode_pieces(text: str):
    """Yield ``(piece, start, end)``: the text with HTML remnants decoded."""
    pos = 0
    for m in _HTML_RE.finditer(text):
        if m.start() > pos:
            yield text[pos : m.start()], pos, m.start()
        token = m.group(0)
        if token.startswith("&"):
            yield html.unescape(token), m.start(), m.end()
        elif m.group(2) and m.group(2).lower() in _BLOCK_TAGS:
            yield "\n", m.start(), m.end()
        else:
            yield " ", m.start(), m.end()
        pos = m.end()
    if pos < len(text):
        yield text[pos:], pos, len(text)


def _clusters(piece: str, start: int, end: int, whole: bool):
    """Split a piece into base character + combining marks, with source spans.

    NFC composes within such clusters, so each cluster maps to one source span.
    Pieces that came from an entity or tag map as a whole.
    """
    if not whole:
        yield piece, start, end
        return
    i = 0
    while i < len(piece):
        j = i + 2 if piece[i : i + 2] == "\r\n" else i + 1
        # Marks join letters and digits only: a stray mark after ":" or ";" must keep a
        # span of its own, or the lead-in and the item cut there would share it.
        while j < len(piece) and unicodedata.combining(piece[j]) and piece[i].isalnum():
            j += 1
        yield piece[i:j], start + i, start + j
        i = j


# Anything normalisation would change: markup, CR, tabs, controls, odd spaces, invisible marks,
# doubled spaces, spaces at line edges, more than one empty line.
_NEEDS_WORK_RE = re.compile(
    "[&<\r\t\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f"
    "\u205f-\u206f\u3000\ufeff\ud800-\udfff]|  | \n|\n |\n\n\n"
)


def _already_normal(text: str) -> bool:
    return (
        text == text.strip()
        and unicodedata.is_normalized("NFC", text)
        and _NEEDS_WORK_RE.search(text) is None
    )


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for segmentation and keep the map back to it.

    >>> n = normalize("Ho\\u0300a Bi\\u0300nh &amp; \\r\\nUBND")
    >>> n.text
    'Hòa Bình &\\nUBND'
    >>> n.to_original(0, 3)  # "Hòa" is four code points in the NFD input
    (0, 4)
    """
    if _already_normal(text):
        # Most crawled text needs nothing: skip the per-character walk.
        return Normalized(text, text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    out: list[str] = []
    src_start: list[int] = []
    src_end: list[int] = []

    def emit(ch: str, s: int, e: int) -> None:
        if ch == "\n":
            # Trailing spaces before a newline carry nothing.
            while out and out[-1] == " ":
                out.pop(), src_start.pop(), src_end.pop()
            if len(out) >= 2 and out[-1] == "\n" and out[-2] == "\n":
                return  # at most one empty line between paragraphs
            if not out:
                return
        elif ch == " ":
            if not out or out[-1] in " \n":
                return
        out.append(ch)
        src_start.append(s)
        src_end.append(e)

    for piece, start, end in _decode_pieces(text):
        raw = text[start:end] == piece
        for cluster, s, e in _clusters(piece, start, end, raw):
            if cluster == "\r\n" or cluster in "\r\n\f\v\u2028\u2029":
                emit("\n", s, e)
                continue
            composed = unicodedata.normalize("NFC", cluster)
            for ch in composed:
                if _drop(ch):
                    continue
                if ch in "\r\n\u2028\u2029":
                    emit("\n", s, e)
                elif _is_space(ch):
                    emit(" ", s, e)
                else:
                    emit(ch, s, e)
    while out and out[-1] in " \n":
        out.pop(), src_start.pop(), src_end.pop()
    result = "".join(out)
    if not unicodedata.is_normalized("NFC", result):
        _compose(out, src_start, src_end)
        result = "".join(out)
    return Normalized(text, result, tuple(src_start), tuple(src_end))


def _compose(out: list[str], src_start: list[int], src_end: list[int]) -> None:
    """NFC across what the per-cluster pass kept apart, in place, merging source spans.

    A dropped character can sit between a base and its mark ("a", zero-width
    space, grave), and a base that is not a letter composes too ("=" + U+0338
    is "≠"); without this pass normalising twice would not give the same text.
    """
    i = 1
    while i < len(out):
        if not unicodedata.combining(out[i]):
            i += 1
            continue
        base, end = i - 1, i
        while base > 0 and unicodedata.combining(out[base]):
            base -= 1
        while end < len(out) and unicodedata.combining(out[end]):
            end += 1
        run = "".join(out[base:end])
        composed = unicodedata.normalize("NFC", run)
        if composed != run:
            # Keep the base's own span when only the marks were reordered.
            first = base + 1 if composed[0] == run[0] else base
            s, e = src_start[first], src_end[end - 1]
            out[base:end] = composed
            src_start[base:end] = src_start[base:first] + [s] * (len(composed) - (first - base))
            src_end[base:end] = src_end[base:first] + [e] * (len(composed) - (first - base))
        i = base + len(composed)


_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
# Old-style placement puts the tone on the second vowel of open "oa", "oe",
# "uy" ("hoà", "khoẻ", "uỷ"); the dominant modern web style puts it on the
# first ("hòa", "khỏe", "ủy"). "qu" is a consonant, so "quý" is left alone.
_OLD_TONE_RE = re.compile(
    rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONE_MARKS}])(?![^\W\d_]|[\u0300-\u036f])"
)

# The same pairs in composed text: a cheap test that most texts need no change.
# Like _OLD_TONE_RE, only at the end of a syllable: "hoà" moves its mark, "hoạch" does not.
# (With a lookahead on its first letters: it runs on every segment and token, see `nlp.fastscan`.)
_OLD_TONE_NFC_RE = with_first_chars(
    re.compile(r"(?<![qQ])[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?![^\W\d_])")
)


def tone_normalize(text: str) -> str:
    """Move old-style tone marks to the common placement; length is kept.

    >>> tone_normalize("Tỉnh uỷ hoà giải, sức khoẻ, quý")
    'Tỉnh ủy hòa giải, sức khỏe, quý'
    """
    if len(text) >= _LONG_TEXT:
        return _tone_normalize_long(text)
    return _tone_normalize(text)


#: Texts this long are mostly whole reports, which several stages normalise (tokenizer, meeting,
#: directives, the gazetteer's views): `_tone_normalize_long` does each once.
_LONG_TEXT = 1000


@lru_cache(maxsize=32)
def _tone_normalize_long(text: str) -> str:
    return _tone_normalize(text)


def _tone_normalize(text: str) -> str:
    if unicodedata.is_normalized("NFC", text) and not _OLD_TONE_NFC_RE.search(text):
        return text  # the common case, and a hot path (every segment, token and feature)
    decomposed = unicodedata.normalize("NFD", text)
    swapped = _OLD_TONE_RE.sub(r"\1\3\2", decomposed)
    result = unicodedata.normalize("NFC", swapped)
    # Defensive: the swap never changes the NFC length, but features rely on it.
    return result if len(result) == len(text) else text
