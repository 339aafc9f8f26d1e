"""A static HTML page of many reports: highlighted segments, directives, an overview with charts.

>>> import nlp
>>> from nlp.html_report import render_html
>>> page = render_html([nlp.extract(nlp.example_text(), doc_id="example")])  # doctest: +SKIP

The page is one self-contained file: CSS in a ``<style>`` block, charts as
inline SVG drawn by matplotlib, no script, no font, image or stylesheet
fetched from anywhere, so it opens offline and can be mailed or archived.
Every piece of text that comes from the input (report text, ids, titles,
issuers, assignees) is escaped with `html.escape`; a report holding
``<script>`` shows it as text.

``vn-directives report`` writes this page (see `nlp.cli`).
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timezone

from .about import __version__
from .labels import LABELS
from .types import Directive, Report

__all__ = ["LABEL_COLORS", "LOW_CONFIDENCE", "render_html", "summarize"]

#: Background of highlighted segments (light) and of chart bars (strong), per label.
LABEL_COLORS: dict[str, tuple[str, str]] = {
    "result": ("#c8f0c8", "#2e9d49"),
    "difficulty": ("#ffd0d0", "#d64545"),
    "proposal": ("#fff0a8", "#c99a00"),
    "task": ("#cfe3ff", "#2f6fce"),
    "other": ("#ececec", "#8a8a8a"),
}

#: Segments below this confidence are listed for review (a model's top probability).
LOW_CONFIDENCE = 0.6

_MAX_LOW_ROWS = 300  # the review table of a big batch stays readable; the rest is counted
_TIMELINE_ROWS = 40  # more resolved deadlines than this are drawn per month instead

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
 margin:0;color:#222;background:#fafafa}
header,main{max-width:1200px;margin:0 auto;padding:0 1.2em}
header{padding-top:1em}
h1{font-size:1.6em;margin:.3em 0}h2{font-size:1.3em;border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.05em;margin:1.2em 0 .4em}
nav a{margin-right:1em}
.muted{color:#666;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.9em;background:#fff}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num,th.num{text-align:right;white-space:nowrap}td.nw{white-space:nowrap}
.scroll{max-height:26em;overflow:auto;border:1px solid #ddd}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:1em}
figure{margin:0;background:#fff;border:1px solid #ddd;padding:.5em}
figure svg{width:100%;height:auto}figcaption{font-size:.9em;color:#555}
.legend span.seg{margin-right:.6em}
.text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:1em;line-height:2.1}
.seg{border-radius:3px;padding:.15em .1em;box-decoration-break:clone;-webkit-box-decoration-break:clone}
.seg .tag{font-size:.65em;font-weight:600;text-transform:uppercase;letter-spacing:.03em;color:#333;
 background:rgba(255,255,255,.75);border-radius:3px;padding:0 .3em;margin-left:.3em;vertical-align:.15em;
 white-space:nowrap}
.seg.low{outline:2px dashed #b00;outline-offset:1px}
""" + "".join(
    f".l-{label}{{background:{light}}}.b-{label}{{background:{strong};color:#fff}}"
    for label, (light, strong) in LABEL_COLORS.items()
) + """
.l-none{background:#fff;border:1px dotted #999}
.badge{display:inline-block;border-radius:3px;padding:0 .4em;font-size:.8em;font-weight:600}
.b-error{background:#b00;color:#fff}
details.report{background:#fff;border:1px solid #ccc;border-radius:4px;margin:.6em 0;padding:.3em .8em}
details.report>summary{cursor:pointer;font-weight:600}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:.6em 0}
dl.meta dt{color:#555}dl.meta dd{margin:0}
ul.plain{margin:0;padding-left:1.1em}
.error{background:#fff0f0;border:1px solid #b00;padding:.6em}
"""


def _e(value) -> str:
    """Escape any value for HTML text and attributes (``None`` becomes a dash)."""
    return "–" if value is None or value == "" else html.escape(str(value), quote=True)


def _label_class(label: str | None) -> str:
    # Only known labels become class names: a label is never input to markup.
    return label if label in LABELS else "none"


def _conf(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _is_low(seg, threshold: float) -> bool:
    """Worth a second look: below the threshold, or the labeler abstained."""
    return seg.confidence is not None and (seg.confidence < threshold or seg.abstained)


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _issuer_key(d: Directive) -> str:
    if d.issuer is None:
        return "(not stated)"
    return ", ".join(x for x in (d.issuer.name, d.issuer.title) if x) or d.issuer.text or "(not stated)"


def _interval(interval: str | None) -> tuple[date, date] | None:
    """``(start, end)`` of an ISO ``YYYY-MM-DD/YYYY-MM-DD`` interval, else ``None``."""
    try:
        start, end = (interval or "").split("/")
        return date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    except ValueError:
        return None


def summarize(reports: list[Report], *, low_confidence: float = LOW_CONFIDENCE) -> dict:
    """The overview of a batch: label counts, tasks by assignee and issuer, deadlines, segments to review.

    ``deadlines`` and ``low_confidence`` hold ``(report index, ...)`` tuples so
    the page can link to the report; the counters count ``task`` directives only.

    >>> from nlp.types import Report, Segment
    >>> r = Report("Họp.", segments=[Segment(0, 4, "title", "Họp.", "other", 0.4)])
    >>> s = summarize([r])
    >>> s["labels"]["other"], len(s["low_confidence"])
    (1, 1)
    """
    labels: Counter[str] = Counter()
    by_assignee: Counter[str] = Counter()
    by_issuer: Counter[str] = Counter()
    deadlines, low = [], []
    for i, r in enumerate(reports):
        for j, s in enumerate(r.segments):
            labels[s.label or "(none)"] += 1
            if _is_low(s, low_confidence):
                low.append((i, j, s))
        for d in r.tasks:
            by_issuer[_issuer_key(d)] += 1
            # One count per distinct unit of a task, however it was spelled in the list.
            for name in dict.fromkeys(" ".join(a.text.split()) for a in d.assignees) or ["(not stated)"]:
                by_assignee[name] += 1
            if d.deadline is not None:
                deadlines.append((i, d, _interval(d.deadline.interval)))
    low.sort(key=lambda t: t[2].confidence)
    return {
        "reports": len(reports),
        "errors": sum(r.error is not None for r in reports),
        "segments": sum(len(r.segments) for r in reports),
        "tasks": sum(len(r.tasks) for r in reports),
        "proposals": sum(d.type == "proposal" for r in reports for d in r.directives),
        "labels": {label: labels[label] for label in (*LABELS, "(none)") if labels[label] or label in LABELS},
        "tasks_by_assignee": by_assignee,
        "tasks_by_issuer": by_issuer,
        "deadlines": deadlines,
        "low_confidence": low,
    }


# ---- charts: matplotlib to inline SVG -------------------------------------------------


def _svg(fig, name: str) -> str:
    """A figure as an ``<svg>`` element to inline in HTML, ids namespaced by ``name``."""
    buf = io.StringIO()
    # No metadata: it carries a creation date (pages would differ run to run) and RDF URLs.
    fig.savefig(buf, format="svg", bbox_inches="tight",
                metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE: HTML5 knows inline <svg>
    # xmlns is implied by the HTML parser; dropping it leaves no URL at all in the page.
    svg = re.sub(r'\s+xmlns(?::xlink)?="[^"]*"', "", svg, count=2)

    # Every chart's ids (clip paths, groups) share one document: prefix them so none collide.
    # Only inside tags: drawn text (escaped by matplotlib) may itself say 'id="' or 'url(#'.
    def namespace(tag: re.Match) -> str:
        t = re.sub(r'(\s)id="', rf'\1id="{name}-', tag.group())
        return t.replace("url(#", f"url(#{name}-").replace('href="#', f'href="#{name}-')

    return re.sub(r"<[^<>]+>", namespace, svg)


def _figure(width: float, height: float):
    # A bare Figure draws without pyplot: no global state, no GUI backend, safe in threads.
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _chart(draw, name: str, width: float = 6.4, height: float = 3.2) -> str:
    import matplotlib

    # Input text is drawn as text: "$" must not start mathtext; text stays <text> (small, selectable).
    rc = {"svg.fonttype": "none", "text.parse_math": False, "svg.hashsalt": name, "font.size": 9,
          "font.sans-serif": ["DejaVu Sans", "Noto Sans", "Arial", "sans-serif"]}
    with matplotlib.rc_context(rc):
        fig = _figure(width, height)
        draw(fig.add_subplot())
        return _svg(fig, name)


def _label_chart(labels: dict[str, int]) -> str:
    names = list(labels)

    def draw(ax):
        bars = ax.bar(names, [labels[n] for n in names],
                      color=[LABEL_COLORS.get(n, ("", "#555"))[1] for n in names])
        ax.bar_label(bars, padding=2)
        ax.set_ylabel("segments")
        ax.set_title("Segments per label")
        ax.spines[["top", "right"]].set_visible(False)

    return _chart(draw, "labels")


def _count_chart(counts: Counter, name: str, title: str, top: int) -> str:
    items = counts.most_common(top)[::-1]  # barh draws bottom-up: biggest on top

    def draw(ax):
        bars = ax.barh([_short(k, 45) for k, _ in items], [v for _, v in items], color=LABEL_COLORS["task"][1])
        ax.bar_label(bars, padding=2)
        ax.set_xlabel("tasks")
        more = f" (top {top} of {len(counts)})" if len(counts) > top else ""
        ax.set_title(title + more)
        ax.spines[["top", "right"]].set_visible(False)

    return _chart(draw, name, height=max(2.2, 0.8 + 0.28 * len(items)))


def _timeline_chart(deadlines: list, reports: list[Report]) -> str:
    import matplotlib.dates as mdates

    resolved = sorted(((i, d, iv) for i, d, iv in deadlines if iv), key=lambda t: (t[2][1], t[2][0]))
    if len(resolved) <= _TIMELINE_ROWS:
        def draw(ax):
            for y, (i, d, (start, end)) in enumerate(resolved):
                ax.barh(y, (end - start).days + 1, left=mdates.date2num(start), height=0.5,
                        color=LABEL_COLORS["task"][1], alpha=0.35)
                ax.plot(mdates.date2num(end) + 1, y, "|", color="#b00", markersize=10)
            names = [_short(f"{reports[i].id or i}: " + (", ".join(a.text for a in d.assignees) or "(not stated)"), 50)
                     for i, d, _ in resolved]
            ax.set_yticks(range(len(resolved)), names)
            ax.invert_yaxis()  # earliest deadline on top, like the table below it
            ax.xaxis_date()
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
            ax.set_title("Deadlines: interval of each task (red: last day)")
            ax.grid(axis="x", alpha=0.3)

        return _chart(draw, "timeline", width=8, height=max(2.0, 1.0 + 0.3 * len(resolved)))

    months = Counter(date(end.year, end.month, 1) for _, _, (_, end) in resolved)

    def draw_months(ax):
        keys = sorted(months)
        ax.bar(keys, [months[k] for k in keys], width=25, color=LABEL_COLORS["task"][1])
        ax.xaxis_date()
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        ax.set_ylabel("tasks")
        ax.set_title(f"Deadlines per month (last day of the interval, {len(resolved)} tasks)")
        ax.spines[["top", "right"]].set_visible(False)

    return _chart(draw_months, "timeline", width=8, height=3.2)


# ---- HTML pieces ---------------------------------------------------------------------------


def _legend() -> str:
    items = "".join(f'<span class="seg l-{lab}">{lab}</span>' for lab in LABELS)
    return (f'<p class="legend">Labels: {items}<span class="seg low">confidence &lt; threshold</span></p>')


def _text_html(report: Report, idx: int, low_confidence: float) -> str:
    """The report's text with each segment wrapped in a highlight; gaps stay as they are."""
    text, segs = report.text, report.segments
    exact = bool(text) and all(text[s.start:s.end] == s.text for s in segs)
    out, cursor = [], 0
    for j, s in enumerate(segs):
        body = s.text
        if exact:
            if s.start < cursor:  # overlapping segments (not produced by us): show the rest only
                body = text[cursor:s.end]
            out.append(html.escape(text[cursor:max(cursor, s.start)]))
            cursor = max(cursor, s.end)
        elif j:
            out.append("\n")  # offsets do not match this text: show segments one per line
        low = " low" if _is_low(s, low_confidence) else ""
        tip = f"#{j} {s.kind} · {s.label or 'no label'} · confidence {_conf(s.confidence)}"
        if s.scores:
            tip += " · " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(s.scores.items(), key=lambda kv: -kv[1]))
        out.append(f'<span class="seg l-{_label_class(s.label)}{low}" id="r{idx}-s{j}" title="{_e(tip)}">'
                   f'{html.escape(body)}<span class="tag">{_e(s.label or "?")} {_conf(s.confidence)}</span></span>')
    if exact:
        out.append(html.escape(text[cursor:]))
    elif not segs:
        out.append(html.escape(text))
    return f'<div class="text" lang="vi">{"".join(out)}</div>'


def _meeting_html(report: Report) -> str:
    m = report.meeting
    speaker = ", ".join(x for x in (m.speaker.name, m.speaker.title) if x) if m.speaker else None
    rows = [("id", report.id), ("model", report.model), ("meeting type", m.type), ("title", m.title),
            ("date", m.date), ("period", m.period), ("location", m.location), ("speaker", speaker),
            ("bodies", "; ".join(m.bodies) if m.bodies else None)]
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{_e(v)}</dd>" for k, v in rows) + "</dl>"


def _directives_html(report: Report, idx: int) -> str:
    if not report.directives:
        return '<p class="muted">No directives.</p>'
    rows = []
    for k, d in enumerate(report.directives):
        seg = report.segments[d.segment] if 0 <= d.segment < len(report.segments) else None
        who = _e(_issuer_key(d)) if d.issuer else "–"
        assignees = ('<ul class="plain">' + "".join(f"<li>{_e(a.text)}</li>" for a in d.assignees) + "</ul>"
                     if d.assignees else "–")
        dl = d.deadline
        rows.append(
            f'<tr><td class="num">{k}</td><td>{_e(d.type)}</td><td>{who}</td><td>{assignees}</td>'
            f"<td>{_e(d.action.text if d.action else None)}</td><td>{_e(dl.text if dl else None)}</td>"
            f'<td>{_e(dl.interval if dl else None).replace("/", "/<wbr>")}</td>'
            f'<td class="num"><a href="#r{idx}-s{d.segment}">#{d.segment}</a> '
            f'{_e(seg.label if seg else None)} {_conf(seg.confidence if seg else None)}</td></tr>'
        )
    head = ("<tr><th>#</th><th>type</th><th>issuer</th><th>assignees</th><th>action</th><th>deadline</th>"
            '<th>interval</th><th class="num">segment, label, confidence</th></tr>')
    return f"<table>{head}{''.join(rows)}</table>"


def _report_html(report: Report, idx: int, low_confidence: float, expanded: bool) -> str:
    title = report.meeting.title or (report.segments[0].text if report.segments else "")
    low = sum(_is_low(s, low_confidence) for s in report.segments)
    badge = ' <span class="badge b-error">error</span>' if report.error else ""
    summary = (f"#{idx} · {_e(report.id)} · {_e(_short(title, 90))}{badge} "
               f'<span class="muted">{len(report.segments)} segments, {len(report.tasks)} tasks, '
               f"{low} to review</span>")
    # The anchor sits inside the details body: browsers open a closed <details> to show a linked target.
    body = [f'<div id="r-{idx}"></div>', _meeting_html(report)]
    if report.error:
        body.append(f'<p class="error"><b>{_e(report.error.type)}</b>: {_e(report.error.message)}</p>')
    if report.segments or report.text:
        body += ["<h3>Text</h3>", _text_html(report, idx, low_confidence)]
    body += ["<h3>Directives</h3>", _directives_html(report, idx)]
    return (f'<details class="report"{" open" if expanded else ""}><summary>{summary}</summary>'
            + "".join(body) + "</details>")


def _index_html(reports: list[Report], low_confidence: float) -> str:
    rows = []
    for i, r in enumerate(reports):
        m = r.meeting
        low = sum(_is_low(s, low_confidence) for s in r.segments)
        rows.append(
            f'<tr><td class="num"><a href="#r-{i}">{i}</a></td><td class="nw"><a href="#r-{i}">{_e(r.id)}</a></td>'
            f"<td>{_e(_short(m.title or '', 80))}</td><td>{_e(m.type)}</td><td>{_e(m.date)}</td>"
            f'<td class="num">{len(r.segments)}</td><td class="num">{len(r.tasks)}</td>'
            f'<td class="num">{low}</td><td>{_e(r.error.type) if r.error else ""}</td></tr>'
        )
    head = ('<tr><th class="num">#</th><th>id</th><th>meeting</th><th>type</th><th>date</th>'
            '<th class="num">segments</th><th class="num">tasks</th><th class="num">to review</th>'
            "<th>error</th></tr>")
    return f'<div class="scroll"><table>{head}{"".join(rows)}</table></div>'


def _counts_table(counts: Counter, what: str) -> str:
    rows = "".join(f'<tr><td>{_e(k)}</td><td class="num">{v}</td></tr>' for k, v in counts.most_common())
    return f'<div class="scroll"><table><tr><th>{what}</th><th class="num">tasks</th></tr>{rows}</table></div>'


def _deadlines_table(deadlines: list, reports: list[Report]) -> str:
    order = sorted(deadlines, key=lambda t: (t[2] is None, t[2] or (date.max, date.max)))
    rows = "".join(
        f'<tr><td class="nw">{_e(iv[1].isoformat() if iv else None)}</td>'
        f'<td>{_e(d.deadline.interval).replace("/", "/<wbr>")}</td>'
        f'<td>{_e(d.deadline.text)}</td><td class="nw"><a href="#r{i}-s{d.segment}">{_e(reports[i].id or i)}</a></td>'
        f'<td>{_e(", ".join(a.text for a in d.assignees))}</td>'
        f'<td>{_e(_short(d.action.text if d.action else "", 120))}</td></tr>'
        for i, d, iv in order
    )
    return ('<div class="scroll"><table><tr><th>last day</th><th>interval</th><th>as written</th><th>report</th>'
            f"<th>assignees</th><th>action</th></tr>{rows}</table></div>")


def _low_table(low: list, reports: list[Report], threshold: float) -> str:
    if not low:
        return f'<p class="muted">No segment below confidence {threshold:.2f}.</p>'
    rows = []
    for i, j, s in low[:_MAX_LOW_ROWS]:
        runner = sorted((s.scores or {}).items(), key=lambda kv: -kv[1])[1:2]
        alt = f"{runner[0][0]} {runner[0][1]:.2f}" if runner else None
        rows.append(
            f'<tr><td class="nw"><a href="#r{i}-s{j}">{_e(reports[i].id or i)} #{j}</a></td><td>{_e(s.kind)}</td>'
            f'<td><span class="badge b-{_label_class(s.label)}">{_e(s.label)}</span></td>'
            f'<td class="num">{_conf(s.confidence)}</td><td>{_e(alt)}</td><td>{_e(_short(s.text, 200))}</td></tr>'
        )
    more = f'<p class="muted">… and {len(low) - _MAX_LOW_ROWS} more.</p>' if len(low) > _MAX_LOW_ROWS else ""
    return ('<div class="scroll"><table><tr><th>segment</th><th>kind</th><th>label</th><th class="num">'
            f'confidence</th><th>runner-up</th><th>text</th></tr>{"".join(rows)}</table></div>{more}')


def _overview_html(reports: list[Report], low_confidence: float, top: int) -> str:
    s = summarize(reports, low_confidence=low_confidence)
    charts = []
    if s["segments"]:
        charts.append(("Label counts", _label_chart(s["labels"])))
    if s["tasks"]:
        charts.append(("Tasks by assignee",
                       _count_chart(s["tasks_by_assignee"], "assignees", "Tasks by assignee", top)))
        charts.append(("Tasks by issuer", _count_chart(s["tasks_by_issuer"], "issuers", "Tasks by issuer", top)))
    if any(iv for _, _, iv in s["deadlines"]):
        charts.append(("Deadlines on a timeline", _timeline_chart(s["deadlines"], reports)))
    # The chart's own title is its caption; aria-label names it for screen readers.
    figs = "".join(f'<figure role="img" aria-label="{cap}">{svg}</figure>' for cap, svg in charts)
    label_row = "".join(f'<td class="num">{n}</td>' for n in s["labels"].values())
    parts = [
        f"<p>{s['reports']} reports ({s['errors']} could not be read), {s['segments']} segments, "
        f"{s['tasks']} tasks, {s['proposals']} proposals.</p>",
        _legend(),
        "<table><tr>" + "".join(f'<th class="num">{_e(k)}</th>' for k in s["labels"])
        + f"</tr><tr>{label_row}</tr></table>",
        f'<div class="grid">{figs}</div>' if figs else '<p class="muted">Nothing to chart.</p>',
    ]
    if s["tasks"]:
        parts += ['<div class="grid"><div><h3>Tasks by assignee</h3>',
                  _counts_table(s["tasks_by_assignee"], "assignee"),
                  "</div><div><h3>Tasks by issuer</h3>",
                  _counts_table(s["tasks_by_issuer"], "issuer"), "</div></div>"]
    if s["deadlines"]:
        parts += ["<h3>Deadlines</h3>", _deadlines_table(s["deadlines"], reports)]
    parts += [f'<h3 id="review">To review: segments with confidence &lt; {low_confidence:.2f} '
              f'({len(s["low_confidence"])})</h3>', _low_table(s["low_confidence"], reports, low_confidence)]
    return "".join(parts)


def render_html(
    reports: Iterable[Report],
    *,
    title: str = "vn-directives report",
    low_confidence: float = LOW_CONFIDENCE,
    expanded: bool | None = None,
    top: int = 15,
) -> str:
    """A self-contained HTML page of ``reports``: overview, index and one section per report.

    Parameters
    ----------
    reports : iterable of Report
        Outputs of `nlp.extract` / `nlp.extract_many` (error reports included).
    title : str
        Heading and ``<title>`` of the page (escaped like all input).
    low_confidence : float
        Segments whose confidence is below this are outlined and listed for review.
    expanded : bool, optional
        Open every report section; by default only when there are at most 3 reports.
    top : int
        Number of assignees and issuers drawn in the charts (the tables list all).

    Returns
    -------
    str
        The page. It loads nothing from the network and holds no script.
    """
    reports = list(reports)
    expanded = len(reports) <= 3 if expanded is None else expanded
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    models = sorted({r.model for r in reports if r.model})
    sections = "".join(_report_html(r, i, low_confidence, expanded) for i, r in enumerate(reports))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1>"
        f'<p class="muted">{len(reports)} reports · model {_e(", ".join(models))} · '
        f"vn-directives {_e(__version__)} · {stamp}</p>"
        '<nav><a href="#index">Index</a><a href="#overview">Overview</a><a href="#review">To review</a>'
        '<a href="#reports">Reports</a></nav></header><main>'
        f'<h2 id="index">Index</h2>{_index_html(reports, low_confidence)}'
        f'<h2 id="overview">Overview</h2>{_overview_html(reports, low_confidence, top)}'
        f'<h2 id="reports">Reports</h2>{_legend()}{sections}'
        "</main></body></html>\n"
    )
