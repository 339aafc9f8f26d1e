"""The static HTML report: escaping, no external resources, directives and charts, the CLI command."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import nlp
from nlp.cli import main
from nlp.types import Deadline, Directive, Error, Meeting, Party, Report, Segment, Span

pytest.importorskip("matplotlib")

from nlp.html_report import render_html, summarize  # noqa: E402 - needs matplotlib

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_abf98aa3573e390c.txt"

# Strings that break pages that forget to escape, or that treat input as markup or mathtext.
NAUGHTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</span></div></details></main><script src=//evil.example/x.js></script>",
    "' onmouseover='alert(1)",
    "&lt;b&gt; &amp; & <!-- -->",
    "$x^2$ \\frac{1}{2} $",
    "<svg onload=alert(1)>",
    "Sở Tài chính <b>đề nghị</b>",
]


def naughty_report(s: str) -> Report:
    """A hand-built report with ``s`` in every field the page shows."""
    text = f"Họp giao ban {s}\nChủ tịch UBND tỉnh yêu cầu {s} rà soát trước ngày 30/6/2025."
    title_end = text.index("\n")
    start = title_end + 1
    ask = text.index(s, start)
    return Report(
        text=text,
        id=s,
        model="baseline",
        meeting=Meeting(type=s, title=s, date="2025-04-03", period=s, location=s,
                        speaker=Party(name=s, title=s), bodies=[s]),
        segments=[
            Segment(0, title_end, "title", text[:title_end], "other", 0.4, {"other": 0.4, "task": 0.35}),
            Segment(start, len(text), "sentence", text[start:], "task", 0.9, {"task": 0.9, "other": 0.1}),
        ],
        directives=[
            Directive(
                segment=1,
                issuer=Party(name=s, title="Chủ tịch UBND tỉnh"),
                assignees=[Span(ask, ask + len(s), s)],
                action=Span(ask, len(text) - 1, text[ask:-1]),
                deadline=Deadline(len(text) - 17, len(text) - 1, text[-17:-1], "2025-04-03/2025-06-30"),
            )
        ],
    )


@pytest.fixture(scope="module")
def example_report():
    return nlp.extract(nlp.example_text(), doc_id="example", model="baseline")


@pytest.fixture(scope="module")
def example_page(example_report):
    return render_html([example_report], title="Example")


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's parser sees them."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def text_of(page: str, idx: int) -> str:
    """The report text shown in section ``idx``, with highlight markup and label tags removed."""
    body = re.search(rf'<div id="r-{idx}"></div>.*?<div class="text" lang="vi">(.*?)</div>', page, re.S).group(1)
    body = re.sub(r'<span class="tag">.*?</span>', "", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.mark.parametrize("s", NAUGHTY)
def test_input_is_shown_as_text(s):
    page = render_html([naughty_report(s)], title=s)
    assert "<script" not in page.lower()  # the page has no script of its own either
    tags = Tags(page).tags
    assert not [(t, a) for t, attrs in tags for a in attrs if a.startswith("on")]  # no event handler anywhere
    for tag, _ in tags:
        assert tag in {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "nav",
                       "a", "main", "div", "table", "tr", "th", "td", "span", "figure", "svg", "g", "path",
                       "text", "defs", "clippath", "use", "details", "summary", "dl", "dt", "dd", "ul",
                       "li", "b", "wbr", "rect", "polyline"}, tag
    assert html.escape(s) in page
    assert text_of(page, 0) == naughty_report(s).text  # shown exactly, nothing lost or added


def test_extracted_script_is_escaped():
    text = "Họp giao ban <script>alert(1)</script>\nChủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ."
    report = nlp.extract(text, doc_id="<script>alert(2)</script>", model="baseline")
    page = render_html([report])
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert text_of(page, 0) == text


def test_no_external_urls(example_report):
    page = render_html([example_report, naughty_report(NAUGHTY[2])])
    assert "http" not in page.lower().replace(html.escape(NAUGHTY[2]).lower(), "")
    links = [v for _, attrs in Tags(page).tags for a, v in attrs.items() if a in ("href", "src", "xlink:href")]
    assert links and all(link.startswith("#") for link in links), [x for x in links if not x.startswith("#")]
    assert "@import" not in page and "@font-face" not in page
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", page))


def test_example_page_has_overview_charts(example_page):
    overview = example_page.split('id="overview"', 1)[1].split('id="reports"', 1)[0]
    svgs = re.findall(r"<svg\b.*?</svg>", overview, re.S)
    assert len(svgs) >= 3  # label counts, tasks by assignee, tasks by issuer (+ timeline)
    assert "Segments per label" in overview and "Tasks by assignee" in overview
    # ids are namespaced per chart, so inline charts never share a clip path
    ids = re.findall(r'\bid="([^"]+)"', "".join(svgs))
    assert len(ids) == len(set(ids))


def test_example_page_lists_segments_and_directives(example_report, example_page):
    assert example_page.startswith("<!DOCTYPE html>")
    assert text_of(example_page, 0) == example_report.text
    for label in nlp.LABELS:
        assert f'class="seg l-{label}"' in example_page  # legend
    rows = re.findall(r"<tr><td class=\"num\">\d+</td><td>(?:task|proposal)</td>", example_page)
    assert len(rows) == len(example_report.directives)


def test_every_seed_directive_appears():
    if not SEED.exists():
        pytest.skip("../shared/seed is not here (users' machines do not have it)")
    report = nlp.extract(SEED.read_text(encoding="utf-8"), doc_id="seed")
    assert report.directives
    page = render_html([report])
    section = page.split('<div id="r-0">', 1)[1]
    for d in report.directives:
        spans = [d.action, d.deadline, *d.assignees]
        for span in spans:
            if span is not None:
                assert html.escape(span.text) in section, span.text
        if d.issuer is not None:
            for part in (d.issuer.name, d.issuer.title):
                assert part is None or html.escape(part) in section
        if d.deadline is not None and d.deadline.interval:
            assert html.escape(d.deadline.interval).replace("/", "/<wbr>") in section


def test_batch_is_indexed_and_collapsible(example_report):
    reports = [example_report] * 5 + [Report("", id="bad", error=Error("EmptyText", "record 'bad': <empty>"))]
    page = render_html(reports)
    assert page.count('<details class="report">') == 6  # closed: a batch of 200 stays scannable
    for i in range(6):
        assert f'href="#r-{i}"' in page and f'<div id="r-{i}"></div>' in page
    assert "EmptyText" in page and "record &#x27;bad&#x27;: &lt;empty&gt;" in page
    assert "<details class=\"report\" open>" in render_html(reports[:1])


def test_summarize_counts():
    r = naughty_report("các sở")
    s = summarize([r, r], low_confidence=0.6)
    assert s["labels"]["task"] == 2 and s["labels"]["other"] == 2
    assert s["tasks_by_assignee"]["các sở"] == 2
    assert [(i, j) for i, j, _ in s["low_confidence"]] == [(0, 0), (1, 0)]
    assert s["deadlines"][0][2][1].isoformat() == "2025-06-30"


def test_many_deadlines_are_drawn_per_month():
    r = naughty_report("các sở")
    page = render_html([r] * 60)
    assert "Deadlines per month" in page


def test_cli_writes_file(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--example", "--model", "baseline", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="r-0"' in page and "<svg" in page


def test_cli_report_reads_files_and_flags_errors(tmp_path):
    src = tmp_path / "in.jsonl"
    good = '{"doc": "a", "body": "Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ."}'
    src.write_text(good + '\n{"doc": "b"}\n', encoding="utf-8")  # b has no text field
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "--input", str(src), "--id-field", "doc", "--text-field", "body",
                                       "--model", "baseline", "-o", str(out)])
    assert result.exit_code == 1  # like `extract`: a record that could not be read
    page = out.read_text(encoding="utf-8")
    assert page.count('<details class="report"') == 2
    assert page.count('<span class="badge b-error">error</span>') == 1


def test_cli_report_has_help():
    result = CliRunner().invoke(main, ["report", "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
