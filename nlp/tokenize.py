"""Vietnamese word tokens with offsets, from underthesea's ``word_tokenize``.

underthesea returns strings only and, by default, rewrites characters
("uỷ" -> "ủy"), so tokens would no longer occur in the text. We call it with
``use_token_normalize=False`` on `tone_normalize`-d text (same length as the
input), find every token again, and keep offsets into the caller's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .normalize import tone_normalize

#: Domain terms underthesea must keep whole ("Tỉnh ủy" is never joined otherwise).
FIXED_WORDS: tuple[str, ...] = (
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Thị ủy", "Đảng ủy", "Quận ủy",
    "Ban Thường vụ", "Ban Chấp hành", "Bộ Chính trị", "Ban Bí thư",
    "Thường trực", "Mặt trận Tổ quốc", "Ủy ban nhân dân", "Hội đồng nhân dân",
    "HĐND", "UBND", "MTTQ", "Phó Chủ tịch", "Chủ tịch", "Phó Bí thư", "Bí thư",
    "Thủ tướng", "Phó Thủ tướng", "Chính phủ", "Quốc hội", "Bộ trưởng", "Thứ trưởng",
    "Giám đốc", "Phó Giám đốc", "Trưởng ban", "Phó Trưởng ban",
    "đề nghị", "kiến nghị", "đề xuất", "yêu cầu", "chỉ đạo", "khó khăn", "vướng mắc",
    "hạn chế", "tồn tại", "bất cập", "tham mưu", "khẩn trương", "giải phóng mặt bằng",
    "đầu tư công", "cải cách hành chính", "chuyển đổi số", "nông thôn mới",
)


@dataclass(frozen=True, init=False)
class Token:
    """One word (possibly several syllables) and where it is in the text."""

    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str):
        # The frozen dataclass' own __init__ sets each field through object.__setattr__: at one
        # token per word that was a third of the tokenizer's time. Filling __dict__ is twice as fast.
        fields = self.__dict__
        fields["start"], fields["end"], fields["text"] = start, end, text


@lru_cache(maxsize=1)
def _word_tokenize():
    from underthesea import word_tokenize

    return word_tokenize


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word tokens of ``text[start:end]`` with offsets into ``text``.

    >>> [t.text for t in tokenize("Thường trực Tỉnh uỷ yêu cầu UBND tỉnh")]
    ['Thường trực', 'Tỉnh uỷ', 'yêu cầu', 'UBND', 'tỉnh']
    """
    end = len(text) if end is None else end
    chunk = text[start:end]
    if not chunk.strip():
        return []
    probe = tone_normalize(chunk)
    words = _word_tokenize()(probe, use_token_normalize=False, fixed_words=list(FIXED_WORDS))
    tokens: list[Token] = []
    pos = 0
    for word in words:
        i = probe.find(word, pos)
        if i < 0:
            # A token that is not verbatim in the text: try its syllables one by one.
            for syllable in word.split():
                j = probe.find(syllable, pos)
                if j >= 0:
                    pos = j + len(syllable)
                    tokens.append(Token(start + j, start + pos, chunk[j:pos]))
            continue
        pos = i + len(word)
        tokens.append(Token(start + i, start + pos, chunk[i:pos]))
    return tokens


def feature_tokens(tokens: list[Token]) -> list[str]:
    """Lower-cased, tone-normalised token strings, syllables joined by ``_``."""
    # A dict looked up inline: words repeat (a report is mostly a few thousand distinct ones),
    # and this runs per token, where even an lru_cache call costs more than the lookup.
    # `get`, not `in` then `[]`: another thread may clear the dict between the two.
    known = _FEATURE_TOKENS
    return [known.get(w) or _new_feature_token(w) for w in [t.text for t in tokens]]


#: Feature strings of the words seen so far; cleared when it reaches `_FEATURE_TOKENS_SIZE`.
_FEATURE_TOKENS: dict[str, str] = {}
_FEATURE_TOKENS_SIZE = 50_000


def _new_feature_token(word: str) -> str:
    if len(_FEATURE_TOKENS) >= _FEATURE_TOKENS_SIZE:
        _FEATURE_TOKENS.clear()  # bounded: a stream of odd tokens must not grow it forever
    feature = _FEATURE_TOKENS[word] = tone_normalize(word).lower().replace(" ", "_")
    return feature
