"""Tests for nlp.fastscan: the first-character lookahead never changes a match."""

from __future__ import annotations

import re

import pytest

from nlp import gazetteer
from nlp.fastscan import first_chars, with_first_chars


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"(?<!\w)(?:ab|cd)e", {"a", "c"}),
        (r"(?:[Pp]hó )?Chủ tịch", {"P", "p", "C"}),
        (r"x*y", {"x", "y"}),
        (r"\w+", None),  # a category: unknown
        (r"a?", None),  # matches empty
        (r"(?i:a)b", None),  # inline case folding
    ],
)
def test_first_chars(pattern, expected):
    got = first_chars(re.compile(pattern))
    assert (None if got is None else set(got)) == expected


def test_same_matches_on_mentions():
    text = ("Chủ tịch UBND tỉnh Nguyễn Văn A, Phó Bí thư Tỉnh ủy, đồng chí Lê Văn Bình phát biểu; "
            "các sở, ngành và UBND các huyện, Sở Tài chính, Bà Rịa - Vũng Tàu, ông Trần Hùng.")
    for pat in (gazetteer._MENTION_RE, gazetteer.BODY_RE, gazetteer.GROUP_RE, gazetteer.TITLE_RE):
        fast = with_first_chars(pat)
        assert fast is not pat
        for start in range(0, len(text), 7):
            assert [m.span() for m in fast.finditer(text, start)] == [m.span() for m in pat.finditer(text, start)]


_MIXED_CASE = "Đến ĐẾN đến Trước TRƯỚC trước tRƯớc, hạn đẾn 30/6; ĐÔN ĐỐC, đôn đốc; Kỳ KỲ kỳ, Quý QUÝ; Ư ư Ơ ơ"


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<!\w)(?:đến|trước)(?!\w)",
        r"(?<!\w)(?:ĐẾN|TRƯỚC|Đôn đốc)(?!\w)",
        r"(?<!\w)(?:[Đđ]ến|trƯỚc|[ươ]|\d+/\d+)",
        r"quý|tháng|năm|ngày|tuần|tết|kỳ|đoạn|khóa|\d[/-]\d",  # nlp.time_patterns' trigger
        r"(?i)(?<!\w)đôn đốc",  # flags written in the pattern stay at its start
    ],
)
@pytest.mark.parametrize("text", [_MIXED_CASE, _MIXED_CASE.upper(), _MIXED_CASE.lower(), _MIXED_CASE.swapcase()])
def test_same_matches_ignorecase(pattern, text):
    pat = re.compile(pattern, re.IGNORECASE)
    fast = with_first_chars(pat)
    assert fast is not pat and fast.pattern.find("(?=[") in (0, 4)
    for start in range(len(text)):
        assert [m.span() for m in fast.finditer(text, start)] == [m.span() for m in pat.finditer(text, start)]
    assert [m.span() for m in fast.finditer(text)]  # the strings hold matches in every case


@pytest.mark.parametrize("text", ["K", "ſ", "İ", "ı"])  # Kelvin sign, long s, dotted and dotless i
def test_ignorecase_special_folds(text):
    pat = re.compile(r"(?<!\w)(?:k|s|i)", re.IGNORECASE)
    assert with_first_chars(pat).match(text) and pat.match(text)


def test_first_chars_unknown_under_ignorecase():
    assert first_chars(re.compile(r"(?<!\w)đến", re.IGNORECASE)) is None
    assert first_chars(re.compile(r"(?<!\w)\d")) is None  # a category
    assert with_first_chars(re.compile(r"(?<!\w)\d")).pattern.startswith(r"(?=[\d])")
