"""Hostile inputs written by us, each with its expected outcome (GitHub issue 8, item 1).

A `Case` says how the input reaches the package (``route``), how to build it
(``make``, lazily: some inputs are large) and what must come out
(``expect``): ``"ok"`` for a clean result whose invariants hold, or the type
name of the error record (``EmptyText``, ``NotText``, ``TextTooLarge``,
``RecordError``, ``TimeBudgetExceeded``), or ``ANY`` when either a clean
result or a documented input error is acceptable. For JSONL inputs ``expect`` is one
outcome per output line (or one outcome for every line). ``extra`` holds
case-specific assertions on the `Outcome`.

Routes:

- ``safe_call``: ``make()`` returns the object given to `Pipeline.safe_call`
  (``pipeline`` holds keyword overrides such as ``max_chars``);
- ``decode``: ``make()`` returns bytes for `nlp.io.decode`; an ``"ok"``
  text is then read with ``safe_call``;
- ``cli_file``: ``make(path)`` writes ``path`` (named with ``suffix``),
  read by ``vn-directives extract PATH``;
- ``cli_stdin``: ``make()`` returns the bytes piped to ``vn-directives extract``;
- ``cli_jsonl``: ``make(path)`` writes a JSONL file read with ``--input``;
- ``cli_rss``: like ``cli_jsonl``, in a child process whose peak RSS growth
  must stay under ``rss_limit_mb``.

`tests/test_hostile.py` runs them all.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

OK = "ok"
#: Either a clean result or an error record of a documented input error; never an internal error or a crash.
ANY = "ok or input error"
INPUT_ERRORS = ("EmptyText", "NotText", "TextTooLarge", "RecordError")

TASK = "Chủ tịch UBND tỉnh yêu cầu các sở, ngành rà soát hồ sơ dự án trước ngày 30/6/2024."
RESULT = "Quý I, thu ngân sách của tỉnh đạt 1.200 tỷ đồng, tăng 9% so với cùng kỳ."
DIFFICULTY = "Tuy nhiên, tiến độ giải ngân vốn đầu tư công còn chậm, nhiều dự án chưa giải phóng mặt bằng."
REPORT = f"Giao ban kinh tế - xã hội quý I năm 2024\n{RESULT}\n{DIFFICULTY}\n{TASK}"


@dataclass
class Outcome:
    """What a route produced, for ``extra`` assertions.

    ``reports`` are `nlp.Report` objects (rebuilt from the output lines for
    CLI routes) and ``texts`` the text each one's offsets index (``None``
    when the input could not be read).
    """

    reports: list
    texts: list
    elapsed: float
    exit_code: int | None = None
    rss_growth_mb: float | None = None


@dataclass(frozen=True)
class Case:
    name: str
    route: str
    make: Callable[..., Any]
    expect: str | tuple[str, ...]
    why: str
    suffix: str = ".txt"
    pipeline: dict = field(default_factory=dict)
    extra: Callable[[Outcome, Any], None] | None = None
    slow: bool = False
    known_bug: str | None = None  # xfail(strict) reason: the outcome we expect is not what happens yet
    rss_limit_mb: float = 1024.0


# --- helpers -----------------------------------------------------------------------------


def cp1258(text: str) -> bytes:
    """``text`` in Windows-1258: base letters precomposed, tone marks as combining bytes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def writes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def jsonl(*records: object) -> bytes:
    """JSONL bytes; a `bytes` record is written as the raw line."""
    return b"".join((r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode()) + b"\n"
                    for r in records)


def reading(report) -> list[tuple]:
    """What a report says, offsets aside: kinds, normalised texts, labels."""
    return [(s.kind, " ".join(unicodedata.normalize("NFC", s.text).split()), s.label) for s in report.segments]


def reads_like(clean: str) -> Callable[[Outcome, Any], None]:
    """Extra check: the hostile text reads like ``clean`` (same segments and labels)."""

    def check(out: Outcome, pipeline) -> None:
        got = [(k, "".join(c for c in t if c.isalnum()), lab) for k, t, lab in reading(out.reports[0])]
        want = [(k, "".join(c for c in t if c.isalnum()), lab) for k, t, lab in reading(pipeline.safe_call(clean))]
        assert got == want

    return check


def no_segment_contains(*needles: str) -> Callable[[Outcome, Any], None]:
    def check(out: Outcome, pipeline) -> None:
        for r in out.reports:
            for s in r.segments:
                assert not any(n in s.text for n in needles), s.text

    return check


def one_segment_with(needle: str) -> Callable[[Outcome, Any], None]:
    def check(out: Outcome, pipeline) -> None:
        assert any(needle in s.text for s in out.reports[0].segments)

    return check


def ids_are(*ids: str) -> Callable[[Outcome, Any], None]:
    def check(out: Outcome, pipeline) -> None:
        assert [r.id for r in out.reports] == list(ids)

    return check


def under_budget(out: Outcome, pipeline) -> None:
    assert out.elapsed < pipeline.time_budget, f"{out.elapsed:.1f} s"
    assert len(out.reports[0].segments) == 1


def decoded_equals(text: str) -> Callable[[Outcome, Any], None]:
    def check(out: Outcome, pipeline) -> None:
        assert out.texts[0] == text

    return check


def _no_overlap(report) -> None:
    for a, b in zip(report.segments, report.segments[1:]):
        assert a.end <= b.start, (a.text, b.text)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _mixed() -> str:
    words = REPORT.split(" ")
    mixed = " ".join(_nfd(w) if i % 2 else w for i, w in enumerate(words))
    # Combining marks in non-canonical order, and old-style tone placement.
    return mixed + "\nTỉnh uỷ chỉ đạo ho\u0300a gia\u0309i, Sơ\u0309 Y tê\u0301 ba\u0309o đa\u0309m sư\u0301c khoe\u0309; " \
                   "mô\u0323\u0302t nhiê\u0323m vu\u0323 (o\u0323\u0302 vs o\u0302\u0323)."


def _random_lines(path: Path) -> None:
    rng = random.Random(1000)
    with open(path, "wb") as f:
        for _ in range(1000):
            line = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))).replace(b"\n", b" ")
            f.write(line + b"\n")


def _line_100mb(path: Path) -> None:
    """A 100 MB JSONL line of Vietnamese text between two normal records, written in chunks."""
    chunk = ("Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ. " * 1000).encode()
    with open(path, "wb") as f:
        f.write(jsonl({"id": "before", "text": TASK}))
        f.write(b'{"id": "huge", "text": "')
        for _ in range(100 * 1024 * 1024 // len(chunk) + 1):
            f.write(chunk)
        f.write(b'"}\n')
        f.write(jsonl({"id": "after", "text": RESULT}))


@lru_cache(maxsize=1)
def ten_mb() -> str:
    """A report repeated to just over 10,000,000 characters."""
    return (REPORT + "\n") * (10_000_000 // (len(REPORT) + 1) + 1)

# --- the corpus ----------------------------------------------------------------------------

CASES: list[Case] = [
    # Nothing to read.
    Case("empty", "safe_call", lambda: "", "EmptyText", "the empty string"),
    Case("whitespace_only", "safe_call", lambda: " \t\n\r\n\u00a0\u3000\u2003 \f\v", "EmptyText",
         "ASCII and Unicode spaces, CRLF, form feed"),
    Case("invisible_only", "safe_call", lambda: "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u202e", "EmptyText",
         "zero-width characters, BOM, soft hyphen, bidi marks only"),
    Case("nul_only", "safe_call", lambda: "\x00" * 16, "EmptyText", "NUL bytes only"),
    Case("html_only", "safe_call", lambda: "<html><head><script>var a;</script></head><body><div></div></body></html>",
         "EmptyText", "markup with no visible text"),
    # Control and invisible characters inside text.
    Case("nul_inside", "safe_call", lambda: f"Chủ tịch\x00 UBND tỉnh\x00 yêu cầu các sở, ngành rà soát\x00 hồ sơ.\x00",
         OK, "NUL bytes inside words and at the end",
         extra=reads_like("Chủ tịch UBND tỉnh yêu cầu các sở, ngành rà soát hồ sơ.")),
    Case("control_chars", "safe_call", lambda: f"\x1b[1m{TASK}\x1b[0m\x07\x08\x7f\x85{RESULT}", OK,
         "ANSI escapes, BEL, backspace, DEL, NEL"),
    Case("zero_width_inside", "safe_call",
         lambda: "Chủ\u200b tịch UBND\u200d tỉnh yêu\u2060 cầu các\u00ad sở rà soát\ufeff hồ sơ.", OK,
         "zero-width space/joiner, word joiner, soft hyphen, BOM inside the text",
         extra=reads_like("Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ.")),
    Case("rtl_marks", "safe_call",
         lambda: f"\u202e{TASK}\u202c \u200fالعربية עברית\u200e. \u2067{RESULT}\u2069", OK,
         "right-to-left override, embedding, isolates, Arabic and Hebrew words"),
    # Unicode normalisation.
    Case("nfd", "safe_call", lambda: _nfd(REPORT), OK, "the whole report decomposed (NFD)",
         extra=reads_like(REPORT)),
    Case("mixed_normalisation", "safe_call", _mixed, OK,
         "NFC and NFD words mixed, combining marks out of order, old-style tone placement"),
    Case("compatibility_forms", "safe_call", lambda: "ＵＢＮＤ tỉnh ﬁ Ⅳ ① yêu cầu ｓở rà soát. " + TASK, OK,
         "full-width letters, ligatures, Roman and circled numerals"),
    Case("lone_surrogate", "safe_call", lambda: "Chủ tịch UBND tỉnh yêu cầu \ud800 các sở rà soát hồ sơ.", OK,
         "a lone surrogate, as json.loads returns for the escape \\ud800 (normalisation drops it)"),
    Case("mark_after_punctuation", "safe_call",
         lambda: "Các đại biểu\tkỳ :\u031b Cử tri; việc A; việc B.\nHọp :\u0323 a; b; c;\u0309 d.", OK,
         "a combining mark right after ':' or ';' (found by the fuzz run: the lead-in and the next item "
         "overlapped on the shared ':\u031b' cluster)", extra=lambda out, p: _no_overlap(out.reports[0])),
    Case("turkish_i_in_quarter", "safe_call", lambda: "Sở Y tế phải hoàn thành trong quý İ năm 2024; quý ı năm 2025.",
         OK, "dotted/dotless I match the quarter's Roman numeral under IGNORECASE (not a quarter)"),
    # Size and time.
    Case("text_10mb", "safe_call", ten_mb, "TextTooLarge", "a 10 MB report, over the default max_chars"),
    Case("max_chars_exact", "safe_call", lambda: (TASK * 3)[:200], OK, "exactly max_chars characters",
         pipeline={"max_chars": 200}),
    Case("max_chars_plus_one", "safe_call", lambda: (TASK * 3)[:201], "TextTooLarge", "one character over max_chars",
         pipeline={"max_chars": 200}),
    Case("sentence_200k", "safe_call", lambda: ("chủ tịch yêu cầu các sở rà soát hồ sơ dự án " * 4600)[:200_000],
         OK, "one 200,000-character sentence without punctuation", extra=under_budget),
    Case("time_budget", "safe_call", lambda: _nfd(ten_mb()[:100_000]), "TimeBudgetExceeded",
         "a 100,000-character NFD report with a 10 ms budget", pipeline={"time_budget": 0.01}),
    Case("semicolons_10k", "safe_call", lambda: ";" * 10_000, OK, "10,000 semicolons"),
    Case("semicolon_items_2k", "safe_call", lambda: "Chủ tịch yêu cầu: " + "làm việc A; " * 2000 + "làm việc B.",
         OK, "a lead-in with 2,000 semicolon items"),
    Case("digit_run", "safe_call", lambda: "1" * 2000, OK,
         "2,000 digits in a row (the result-cue regex is quadratic in this; see the issue report)"),
    # Markup.
    Case("nested_div_5000", "safe_call", lambda: "<div>" * 5000 + TASK + "</div>" * 5000, OK,
         "5,000 nested <div> around one sentence", extra=one_segment_with("Chủ tịch")),
    Case("script_and_style", "safe_call",
         lambda: f"<style>p {{color: red}}</style><p>{RESULT}</p><script>var x = 'yêu cầu';\n"
                 f"document.write('<p>giao</p>');</script><p>{TASK}</p><!-- yêu cầu ẩn -->",
         OK, "script, style and comment content must not become segments",
         extra=no_segment_contains("var x", "color", "document.write", "ẩn")),
    Case("html_entities", "safe_call",
         lambda: "Chủ tịch &amp; Phó Chủ tịch UBND t&#7881;nh y&ecirc;u c&#x1EA7;u&nbsp;các sở r&agrave; soát. "
                 "&lt;b&gt; &bogus; &#0; &#x110000; &#99999999;", OK, "named, numeric, invalid and unknown entities"),
    # Languages and scripts.
    Case("english", "safe_call",
         lambda: "The chairman asked all departments to review the files before June 30. Revenue rose 9%.", OK,
         "English text"),
    Case("chinese", "safe_call", lambda: "主席要求各部门在6月30日前审查档案。会议强调：加快进度；确保安全。", OK,
         "Chinese text with full-width punctuation"),
    Case("emoji", "safe_call", lambda: f"🎉🎉 {TASK} 👍🏽 👨‍👩‍👧 🇻🇳\n🚀 {RESULT} 😀" + "😀" * 500, OK,
         "emoji, skin tones, ZWJ sequences, flags, astral characters"),
    Case("numbers_only", "safe_call", lambda: "123 456 789\n2024\n3,14 15.000 -7 +8 1/2 30/6/2024\n0", OK,
         "numbers only"),
    # Not text at all.
    Case("text_int", "safe_call", lambda: 5, "NotText", "an int"),
    Case("text_float_nan", "safe_call", lambda: float("nan"), "NotText", "NaN, as pandas gives for a missing cell"),
    Case("text_none", "safe_call", lambda: None, "NotText", "None"),
    Case("text_list", "safe_call", lambda: [TASK], "NotText", "a list of strings"),
    Case("text_dict", "safe_call", lambda: {"text": TASK}, "NotText", "a dict"),
    Case("text_bytes", "safe_call", lambda: TASK.encode(), "NotText", "UTF-8 bytes, not decoded"),
    # Encodings through nlp.io.decode.
    Case("invalid_utf8", "decode", lambda: b"Ch\xe1\xbb\xa7 t\xe1ch caf\xe9 \xff", "RecordError", "stray bytes"),
    Case("truncated_utf8", "decode", lambda: TASK.encode()[:-1] + "ủ".encode()[:2], "RecordError",
         "a multi-byte sequence cut at the end"),
    Case("overlong_utf8", "decode", lambda: b"a\xc0\xaf b", "RecordError", "an overlong encoding of '/'"),
    Case("utf8_surrogate", "decode", lambda: b"a \xed\xa0\x80 b", "RecordError", "a UTF-8-encoded surrogate"),
    Case("windows_1258", "decode", lambda: cp1258(REPORT), "RecordError",
         "Vietnamese in Windows-1258 (never guessed: it would garble silently)"),
    Case("utf8_bom", "decode", lambda: b"\xef\xbb\xbf" + REPORT.encode(), OK, "UTF-8 with a BOM",
         extra=decoded_equals(REPORT)),
    Case("utf16_le_bom", "decode", lambda: REPORT.encode("utf-16"), OK, "UTF-16 with a byte-order mark",
         extra=decoded_equals(REPORT)),
    Case("utf16_be_bom", "decode", lambda: b"\xfe\xff" + REPORT.encode("utf-16-be"), OK, "UTF-16 big-endian with BOM",
         extra=decoded_equals(REPORT)),
    Case("utf16_broken", "decode", lambda: REPORT.encode("utf-16")[:-1], "RecordError",
         "UTF-16 with an odd number of bytes"),
    # The command line on files and stdin.
    Case("cli_file_invalid_utf8", "cli_file", writes(TASK.encode() + b"\n\xff\xfe\xfd"), "RecordError",
         "a .txt file with invalid UTF-8"),
    Case("cli_file_windows_1258", "cli_file", writes(cp1258(REPORT)), "RecordError", "a .txt file in Windows-1258"),
    Case("cli_file_utf16", "cli_file", writes(REPORT.replace("\n", "\r\n").encode("utf-16")), OK,
         "a .txt file in UTF-16 with BOM and CRLF", extra=decoded_equals(REPORT.replace("\n", "\r\n"))),
    Case("cli_file_empty", "cli_file", writes(b""), "EmptyText", "an empty .txt file"),
    Case("cli_file_10mb", "cli_file", lambda path: path.write_text(ten_mb(), encoding="utf-8"), "TextTooLarge",
         "a 10 MB .txt file"),
    Case("cli_file_html", "cli_file",
         writes(("<html><head><title>t</title><script>var x = 'yêu cầu';</script></head><body>"
                 + "<div>" * 500 + f"<h1>Giao ban quý I</h1><p>{RESULT}</p><p>{TASK}</p>" + "</div>" * 500
                 + "</body></html>").encode()), OK, "an .html page with script and 500 nested divs",
         suffix=".html", extra=no_segment_contains("var x")),
    Case("cli_stdin_invalid_utf8", "cli_stdin", lambda: TASK.encode() + b"\xc3\x28", "RecordError",
         "invalid UTF-8 piped to stdin"),
    Case("cli_stdin_nul", "cli_stdin", lambda: REPORT.replace(" ", " \x00").encode(), OK, "NUL bytes piped to stdin"),
    # JSONL records.
    Case("jsonl_wrong_types", "cli_jsonl",
         writes(jsonl({"id": "int", "text": 5}, {"id": "float", "text": 1.5}, {"id": "list", "text": [TASK]},
                      {"id": "dict", "text": {"body": TASK}}, {"id": "null", "text": None}, {"id": "bool", "text": True})),
         "NotText", "text is a number, list, dict, null or bool",
         extra=ids_are("int", "float", "list", "dict", "null", "bool")),
    Case("jsonl_duplicate_ids", "cli_jsonl",
         writes(jsonl({"id": "dup", "text": TASK}, {"id": "dup", "text": 7}, {"id": "dup", "text": RESULT})),
         (OK, "NotText", OK), "three records with one id: three output lines", extra=ids_are("dup", "dup", "dup")),
    Case("jsonl_odd_ids", "cli_jsonl",
         writes(jsonl({"id": 7, "text": TASK}, {"id": [1, 2], "text": TASK}, {"id": None, "text": TASK},
                      {"id": "x" * 10_000, "text": TASK})), OK, "ids that are numbers, lists, null, 10,000 characters"),
    Case("jsonl_malformed", "cli_jsonl",
         writes(b"[1, 2]\n\"a string\"\n{bad json\n" + jsonl({"id": "no-text", "body": TASK}) + b"\n   \n"
                + jsonl({"id": "fine", "text": TASK}) + b"{\"id\": \"trail\", \"text\": \"a\"} junk\n"),
         ("RecordError",) * 4 + (OK, "RecordError"),
         "an array, a string, broken JSON, a missing field, blank lines (skipped), trailing junk"),
    Case("jsonl_deep_nesting", "cli_jsonl",
         writes(b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n" + jsonl({"id": "next", "text": TASK})),
         ("RecordError", OK), "JSON nested 100,000 deep (json raises RecursionError)"),
    Case("jsonl_huge_int", "cli_jsonl",
         writes(b'{"id": "big", "n": ' + b"9" * 5000 + b', "text": "a"}\n' + jsonl({"id": "next", "text": TASK})),
         ("RecordError", OK), "a 5,000-digit number (json raises ValueError over 4,300 digits)"),
    Case("jsonl_lone_surrogate", "cli_jsonl",
         writes(jsonl({"id": "a", "text": TASK}) + b'{"id": "s", "text": "Ch\\u1ee7 t\\u1ecbch y\\u00eau c\\u1ea7u '
                b'\\ud800 r\\u00e0 so\\u00e1t."}\n' + jsonl({"id": "b", "text": RESULT})),
         (OK, ANY, OK), "a JSON escape of a lone surrogate: the run goes on, one line per record (the "
         "segment text keeps the surrogate, written as a \\uXXXX escape)"),
    Case("jsonl_bom_crlf", "cli_jsonl",
         writes(b"\xef\xbb\xbf" + jsonl({"id": "a", "text": TASK}).replace(b"\n", b"\r\n")
                + jsonl({"id": "b", "text": "Dòng một\r\nDòng hai: việc A; việc B; việc C."}).replace(b"\n", b"\r\n")),
         OK, "a BOM on the first line, CRLF line ends and CRLF inside the text"),
    Case("jsonl_nul", "cli_jsonl",
         writes(jsonl({"id": "escaped", "text": "Chủ tịch\u0000 yêu cầu\u0000."}) + b'{"id": "raw", "text": "a\x00b"}\n'),
         (OK, "RecordError"), "NUL as a JSON escape (read) and as a raw byte in a string (invalid JSON)"),
    Case("jsonl_invalid_utf8", "cli_jsonl",
         writes(b'{"id": "latin1", "text": "caf\xe9"}\n' + cp1258(json.dumps({"id": "cp1258", "text": TASK},
                                                                           ensure_ascii=False)) + b"\n"),
         "RecordError", "invalid UTF-8 in a line; the id still names the record", extra=ids_are("latin1", "cp1258")),
    Case("jsonl_random_bytes", "cli_jsonl", _random_lines, "RecordError",
         "1,000 lines of random bytes: one error record per non-blank line, no crash"),
    Case("jsonl_line_100mb", "cli_rss", _line_100mb, (OK, "TextTooLarge", OK),
         "a 100 MB JSONL line between two normal ones: an error record, bounded memory"),
]

assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"
