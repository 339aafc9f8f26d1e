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
