"""Faster ``finditer`` scans: a lookahead on the characters a match can start with.

Our mention patterns open with a lookbehind (``(?<!\\w)``), which keeps
Python's regex engine from skipping ahead to a possible first character: it
tries the whole pattern at every position. Prefixing ``(?=[...])`` with the
exact set of possible first characters lets it skip the rest, and cannot
change any match (the set is read from the parsed pattern, never guessed).
The lookahead is compiled with the pattern's own flags, so a category in it
(``\\d``) and, under ``re.IGNORECASE``, case folding (``đ`` admits ``Đ``)
accept exactly the characters the pattern's first items accept.
"""

from __future__ import annotations

import re

# The regex parser is not a public API: re._parser since Python 3.11, sre_parse before.
# Where neither is there (or its shape changed), patterns are returned unchanged.
try:
    from re import _constants as C  # noqa: N812 - the parser's opcodes
    from re import _parser
except ImportError:  # Python 3.10
    import sre_constants as C  # noqa: N812
    import sre_parse as _parser

__all__ = ["first_chars", "with_first_chars"]

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
# A category stays a category in the lookahead: its characters depend on the flags (Unicode or ASCII digits).
_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_GLOBAL_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))+")


def _charset(items) -> set[str] | None:
    """The characters of a parsed ``[...]``, a category as its escape (``\\d``); ``None`` for negated sets."""
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < 5000:
            out.update(map(chr, range(av[0], av[1] + 1)))
        elif op is C.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:
            return None
    return out


def _first(items) -> tuple[set[str] | None, bool]:
    """``(characters a match of the sequence can start with, whether it can match empty)``.

    A category is listed as its escape (``\\d``); ``None`` when the start cannot
    be listed (``.``, a negated set, a backreference...).
    """
    chars: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # lookarounds only narrow the matches: skipping them keeps a superset
        if op is C.LITERAL:
            return chars | {chr(av)}, False
        if op is C.IN:
            got = _charset(av)
            return (None, False) if got is None else (chars | got, False)
        if op is C.BRANCH:
            parts = [_first(alt.data) for alt in av[1]]
        elif op is C.SUBPATTERN:
            if av[1] or av[2]:
                return None, False  # inline flags (case folding) change what a character matches
            parts = [_first(av[3].data)]
        elif op in _REPEATS:
            sub, empty = _first(av[2].data)
            parts = [(sub, empty or av[0] == 0)]
        else:
            return None, False
        if any(sub is None for sub, _ in parts):
            return None, False
        chars = chars.union(*(sub for sub, _ in parts))
        if not any(empty for _, empty in parts):
            return chars, False
    return chars, True


def _starts_blind(items) -> bool:
    """Whether the engine cannot skip ahead by itself: the pattern opens with an assertion or an optional part.

    A pattern that opens with a literal, a set or a branch of them already gets
    a fast search for its first character; a lookahead would only add work.
    """
    if not items:
        return False
    op, av = items[0]
    if op in _ZERO_WIDTH:
        return True
    if op in _REPEATS:
        return av[0] == 0 or _starts_blind(av[2].data)
    if op is C.SUBPATTERN:
        return _starts_blind(av[3].data)
    if op is C.BRANCH:
        return any(_starts_blind(alt.data) for alt in av[1])
    return False


def _parse_first(pattern: re.Pattern[str]) -> tuple[set[str] | None, list]:
    """The first characters as written (`_first`; ``None`` if unknown or empty-matching) and the parsed items."""
    try:
        items = _parser.parse(pattern.pattern, pattern.flags).data
        chars, empty = _first(items)
    except Exception:  # noqa: BLE001 - a parser of another Python version: no speed-up, same matches
        return None, []
    return (None if empty else chars), items


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a match of ``pattern`` can start with, or ``None`` if unknown or empty-matching.

    Unknown too under ``re.IGNORECASE`` (folding adds characters: ``k`` admits ``K`` and the
    Kelvin sign) and for a category (``\\d``): `with_first_chars` still handles both.
    """
    chars, _ = _parse_first(pattern)
    if chars is None or pattern.flags & re.IGNORECASE or any(len(c) > 1 for c in chars):
        return None
    return frozenset(chars)


def with_first_chars(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a lookahead on its possible first characters: same matches, faster scans."""
    chars, items = _parse_first(pattern)
    if chars is None:
        return pattern
    # Under IGNORECASE the engine finds no first character to skip ahead to when one is a cased letter.
    folded = pattern.flags & re.IGNORECASE and any(c.lower() != c.upper() for c in chars if len(c) == 1)
    if not (folded or _starts_blind(items)):
        return pattern
    charset = "".join(c if len(c) > 1 else re.escape(c) for c in sorted(chars))
    flags = _GLOBAL_FLAGS.match(pattern.pattern)  # "(?i)" must stay at the start of the pattern
    head, body = (flags.group(), pattern.pattern[flags.end():]) if flags else ("", pattern.pattern)
    return re.compile(f"{head}(?=[{charset}])(?:{body})", pattern.flags)
