"""Property tests over generated Vietnamese-like reports (GitHub issue 8, item 2).

Texts are built from Vietnamese syllables, bodies, titles, names, dates,
punctuation, bullets, credits, HTML remnants and odd characters, in NFC, NFD
or a mix. Whatever comes in:

- `Pipeline.safe_call` never raises, and returns an error only for text with
  nothing visible in it (``EmptyText``);
- every span's text is the input's text at its offsets, and the output
  validates against the published schema;
- the segments are in order, do not overlap, and cover every non-space
  character of the normalised text (mapped back with `Normalized.to_original`);
- the output is deterministic: a second call, a batch through `Pipeline.pipe`,
  and the NFC form of an NFD input give the same reading.

The generator (`build_report`) and the checks (`all_problems`) are shared with
the long fuzz run, ``python tests/fuzz/fuzz_pipeline.py``.
"""

from __future__ import annotations

import bisect
import random
import unicodedata
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.normalize import normalize
from nlp.schema import schema_errors

# --- vocabulary (first items are the simplest: hypothesis shrinks towards them) ---

SYLLABLES: tuple[str, ...] = tuple(
    "a chủ tịch ủy ban nhân dân tỉnh huyện xã yêu cầu các sở ngành địa phương rà soát hồ sơ dự án đầu tư "
    "công giải ngân vốn kết quả đạt tăng trưởng khó khăn vướng mắc hạn chế đề nghị kiến nghị đề xuất hỗ trợ "
    "hoàn thành trước ngày tháng năm quý hội nghị giao ban sơ kết tổng kết phiên họp thường kỳ chỉ đạo nhấn "
    "mạnh tập trung khẩn trương triển khai thực hiện nhiệm vụ trọng tâm thời gian tới người dân doanh nghiệp "
    "cử tri đại biểu phát biểu cần phải tiếp tục tuy nhiên chưa còn chậm giao cho theo báo cáo được quan tâm "
    "đã và với trong của về là có không những một số nguyên nhân thu ngân sách đạt được bảo đảm an toàn "
    "giao thông nông thôn mới chuyển đổi số cải cách hành chính giải phóng mặt bằng người đứng đầu "
    "thủ trưởng lãnh đạo Hà Nội Thái Nguyên Quảng Ninh Đắk Lắk".split()
)
ENTITIES: tuple[str, ...] = (
    "UBND tỉnh", "Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh Nguyễn Văn An", "Sở Y tế",
    "Sở Tài nguyên và Môi trường", "Ban Thường vụ Tỉnh ủy", "Thường trực Tỉnh uỷ", "Thủ tướng Chính phủ",
    "Phó Chủ tịch HĐND tỉnh", "các sở, ngành", "các cấp, ngành liên quan", "đồng chí Lê Thị Hoa",
    "ông Trần Quốc Khánh", "Bộ trưởng Bộ Tài chính", "Đồng chí Phạm Minh Chính, Thủ tướng Chính phủ",
    "trước ngày 30/6/2024", "quý II năm 2024", "quý I.", "trong tháng 7", "6 tháng đầu năm",
    "đến hết năm 2025", "giai đoạn 2021-2025", "Sáng 28/3", "Ngày 8/2/2024", "trước Tết Nguyên đán",
    "trong 10 ngày", "trong tuần tới", "1.200 tỷ đồng", "tăng 9%", "8:30", "TP.HCM", "GD&ĐT",
    "hoà", "khoẻ", "uỷ ban", "VnExpress.net", "https://baochinhphu.vn/a-b-123.htm",
    "&amp;", "&nbsp;", "&#7899;", "&lt;", "<br>", "<p>", "</p>", "<b>", "</b>", "<!-- x -->",
    "<div class=\"a\">", "</div>", "<script>var x = 'yêu cầu';</script>",
)
PUNCT: tuple[str, ...] = (".", ",", ";", ":", "!", "?", "…", "...", "/.", "(", ")", '"', "“", "”", "-", "–", "/", "%")
LINE_STARTS: tuple[str, ...] = (
    "", "", "", "", "", "- ", "+ ", "• ", "* ", "1. ", "2. ", "3) ", "a) ", "b) ", "IV. ", "Thứ nhất, ",
    "Một là, ", "Ảnh: ", "(Ảnh: VGP/Nhật Bắc) ", "Toàn cảnh hội nghị. ", "Về ", "Đối với ", "Đồng thời, ",
)
LINE_ENDS: tuple[str, ...] = ("", ".", ".", ":", ";", "!", "?", "…", "./.", " (Ảnh: Thanh Hà)", " Ảnh: TTXVN")
SEPARATORS: tuple[str, ...] = (
    " ", " ", " ", " ", " ", " ", "", ", ", "; ", "\n", "  ", "\t", "\u00a0", "\u200b", "\r\n", ": ",
)
LINE_BREAKS: tuple[str, ...] = ("\n", "\n", "\n\n", "\r\n", "\n \n", "<br>", "</p><p>", "\u2028", "\n\n\n\n")
EDGES: tuple[str, ...] = ("", "", "", " ", "\n", "\ufeff", " \n ", "\t", "\u200b")
#: Characters from outside the vocabulary; None stands for a random code point.
ODD: tuple[str | None, ...] = (
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
    "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\u2028", "\u2029", "\u0301", "\u0300", "\u0323",
    "\u0309", "\u0303", "\u031b", "\u3000", "\u2003", "\f", "\v", "\r", "😀", "👍🏽", "👨‍👩‍👧", "🇻🇳",
    "中", "国", "ا", "ש", "€", "Ω", "ß", "İ", "ǅ", "ﬁ", "Ⅳ", "①", "\U0001d400", "\ufffd", "&", "<", ">", None,
)
FORMS: tuple[str, ...] = ("NFC", "NFC", "NFD", "mixed")

Pick = Callable[[Sequence], object]
Count = Callable[[int, int], int]


def _odd(pick: Pick, count: Count) -> str:
    ch = pick(ODD)
    if ch is None:
        cp = count(0, 0x10FFFF)
        return "\ufffd" if 0xD800 <= cp <= 0xDFFF else chr(cp)  # lone surrogates: see test_hostile
    return ch


def _token(pick: Pick, count: Count) -> str:
    kind = count(0, 19)
    if kind < 12:
        word = pick(SYLLABLES)
        return word[:1].upper() + word[1:] if count(0, 4) == 0 else word
    if kind < 15:
        return pick(ENTITIES)
    if kind < 18:
        return pick(PUNCT)
    return _odd(pick, count)


def build_report(pick: Pick, count: Count, max_lines: int = 8, max_tokens: int = 25) -> str:
    """A Vietnamese-like report from two drawing functions.

    ``pick(seq)`` returns an element of ``seq`` and ``count(lo, hi)`` an int
    in ``[lo, hi]``: hypothesis draws for the property tests, a seeded
    `random.Random` for the fuzz run, so both explore the same space.
    """
    lines = []
    for _ in range(count(0, max_lines)):
        parts = [pick(LINE_STARTS)]
        for _ in range(count(0, max_tokens)):
            parts.append(_token(pick, count))
            parts.append(pick(SEPARATORS))
        parts.append(pick(LINE_ENDS))
        line = "".join(parts)
        lines.append(line[:1].upper() + line[1:] if count(0, 1) else line)
    form = pick(FORMS)
    if form == "NFD":
        lines = [unicodedata.normalize("NFD", line) for line in lines]
    elif form == "mixed":
        lines = [unicodedata.normalize("NFD", line) if count(0, 1) else line for line in lines]
    text = ""
    for i, line in enumerate(lines):
        text += (pick(LINE_BREAKS) if i else "") + line
    return pick(EDGES) + text + pick(EDGES)


def random_report(rng: random.Random, **kwargs) -> str:
    """`build_report` driven by a seeded `random.Random`."""
    return build_report(rng.choice, rng.randint, **kwargs)


@st.composite
def reports(draw, max_lines: int = 8, max_tokens: int = 25) -> str:
    """Hypothesis strategy of `build_report` texts."""
    return build_report(lambda seq: draw(st.sampled_from(seq)), lambda lo, hi: draw(st.integers(lo, hi)),
                        max_lines, max_tokens)


# --- the properties, as functions returning a list of problems (empty when all hold) ---


def is_blank(text: str) -> bool:
    """True when the pipeline has nothing to read: whitespace, controls, invisible marks only."""
    return not text.strip() or not normalize(text).text


def outcome_problems(text: str, report) -> list[str]:
    """An error only for blank text, and then `EmptyText`."""
    if report.error is not None:
        if report.error.type == "EmptyText" and is_blank(text):
            return []
        return [f"unexpected error {report.error.type}: {report.error.message[:300]}"]
    return ["no EmptyText error for blank text"] if is_blank(text) else []


def offset_problems(text: str, report) -> list[str]:
    """Every span's text is ``text`` at its offsets."""
    out = []
    spans = [("segment", s) for s in report.segments]
    for d in report.directives:
        spans += [("action", d.action), ("deadline", d.deadline), ("issuer", d.issuer)]
        spans += [("assignee", a) for a in d.assignees]
    spans.append(("speaker", report.meeting.speaker))
    for what, span in spans:
        if span is None or getattr(span, "start", None) is None:
            continue
        if not (0 <= span.start <= span.end <= len(text)) or text[span.start : span.end] != span.text:
            out.append(f"{what} {span.start}-{span.end} {span.text!r} != text {text[span.start:span.end]!r}")
    return out


def coverage_problems(text: str, report) -> list[str]:
    """Segments in order, non-empty, not overlapping, covering all non-space normalised text."""
    if report.error is not None:
        return []
    out = []
    segs = report.segments
    for s in segs:
        if s.start >= s.end:
            out.append(f"empty segment at {s.start}")
    for a, b in zip(segs, segs[1:]):
        if b.start < a.end:
            out.append(f"segments overlap or are out of order: {a.start}-{a.end} {a.text!r} and {b.start}-{b.end} {b.text!r}")
    n = normalize(text)
    starts = [s.start for s in segs]
    for i, ch in enumerate(n.text):
        if ch.isspace():
            continue
        a, b = n.to_original(i, i + 1)
        k = bisect.bisect_right(starts, a) - 1
        if k < 0 or not (segs[k].start <= a and b <= segs[k].end):
            out.append(f"normalised char {i} {ch!r} (original {a}-{b}) is in no segment")
            break
    return out


def schema_problems(report) -> list[str]:
    """The output line validates against nlp/schema/report.schema.json."""
    return schema_errors(report.to_dict())


def determinism_problems(pipeline, text: str, report) -> list[str]:
    """A second call gives the identical output."""
    again = pipeline.safe_call(text, doc_id=report.id)
    return [] if again.to_dict() == report.to_dict() else ["a second call gives a different output"]


def all_problems(pipeline, text: str, *, determinism: bool = True) -> list[str]:
    """Every property above for one text (the fuzz run's check)."""
    return report_problems(pipeline, text, pipeline.safe_call(text, doc_id="fuzz"), determinism=determinism)


def report_problems(pipeline, text: str, report, *, determinism: bool = True) -> list[str]:
    """Every property above for ``report``, the pipeline's reading of ``text``."""
    out = outcome_problems(text, report) + offset_problems(text, report) + schema_problems(report)
    out += coverage_problems(text, report)
    if determinism:
        out += determinism_problems(pipeline, text, report)
    return out


# --- the tests ---

PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(text=reports())
def test_no_exception_and_error_only_for_blank_text(baseline, text):
    report = baseline.safe_call(text, doc_id="p")
    assert outcome_problems(text, report) == []


@PROPERTY
@given(text=reports())
def test_offsets_and_schema(baseline, check, text):
    report = baseline.safe_call(text, doc_id="p")
    check(report, text)  # schema + every span's offsets (tests/conftest.py)
    assert offset_problems(text, report) == []


@PROPERTY
@given(text=reports())
def test_segments_cover_normalised_text_without_overlap(baseline, text):
    report = baseline.safe_call(text, doc_id="p")
    assert coverage_problems(text, report) == []


@PROPERTY
@given(text=reports())
def test_deterministic(baseline, text):
    report = baseline.safe_call(text, doc_id="p")
    assert determinism_problems(baseline, text, report) == []


@PROPERTY
@given(text=reports())
def test_nfd_input_reads_like_nfc(baseline, text):
    """Same segments, labels and directives; only offsets (and span texts) follow the input."""
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)

    def reading(t):
        r = baseline.safe_call(t, doc_id="p")
        return (r.error and r.error.type, [(s.kind, unicodedata.normalize("NFC", s.text).strip(), s.label, s.parent)
                                           for s in r.segments], len(r.directives), r.meeting.type, r.meeting.period)

    assert reading(nfd) == reading(nfc)


@PROPERTY
@given(texts=st.lists(reports(max_lines=4, max_tokens=15), min_size=1, max_size=6))
def test_batch_equals_one_by_one(baseline, texts):
    """`pipe` labels a batch with one model call; the output must not depend on the batch."""
    alone = [baseline.safe_call(t, doc_id=str(i)).to_dict() for i, t in enumerate(texts)]
    batched = [r.to_dict() for r in baseline.pipe([(str(i), t) for i, t in enumerate(texts)], batch_size=4)]
    assert batched == alone


@settings(PROPERTY, max_examples=50)
@given(texts=st.lists(reports(max_lines=4, max_tokens=15), min_size=1, max_size=4))
def test_batch_equals_one_by_one_with_the_shipped_model(default_pipeline, check, texts):
    """The learned model too (fewer examples: it is ~20x slower than the baseline per call)."""
    alone = [default_pipeline.safe_call(t, doc_id=str(i)) for i, t in enumerate(texts)]
    batched = list(default_pipeline.pipe([(str(i), t) for i, t in enumerate(texts)], batch_size=3))
    assert [r.to_dict() for r in batched] == [r.to_dict() for r in alone]
    for t, r in zip(texts, alone):
        assert outcome_problems(t, r) == []
        if r.error is None:
            check(r, t)


def test_fuzz_generator_smoke(baseline):
    """The fuzz run's seeded generator, a few hundred inputs (the long run is tests/fuzz/)."""
    rng = random.Random(8)
    failures = []
    for i in range(300):
        text = random_report(rng)
        problems = all_problems(baseline, text, determinism=i % 10 == 0)
        if problems:
            failures.append((i, text, problems))
    assert failures == []


def test_generator_covers_the_vocabulary():
    """The generator does produce bullets, credits, entities and NFD text (guards the strategy itself)."""
    rng = random.Random(1)
    texts = " ".join(random_report(rng) for _ in range(400))
    for needle in ("- ", "Ảnh:", "UBND", ";", ":", "\n", "&amp;", "<br>"):
        assert needle in texts
    assert any(unicodedata.combining(c) for c in texts) and not unicodedata.is_normalized("NFC", texts)
