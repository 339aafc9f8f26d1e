"""The hostile-input corpus of tests/hostile/cases.py: each case gives its expected outcome (issue 8, item 1).

A clean result must hold every output invariant (the ``check`` fixture:
schema and offsets); an error must be an error record of the expected type,
in the schema, naming its record. Through the command line, every input
record gets exactly one output line and the exit code says whether any
failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile.cases import ANY, CASES, INPUT_ERRORS, OK, Case, Outcome
from nlp.cli import main
from nlp.io import decode, html_to_text
from nlp.pipeline import Pipeline
from nlp.schema import schema_errors
from nlp.types import Report


def _params():
    for case in CASES:
        marks = [pytest.mark.slow] if case.slow else []
        if case.known_bug:
            marks.append(pytest.mark.xfail(reason=case.known_bug, strict=True))
        yield pytest.param(case, id=case.name, marks=marks)


def _expected(case: Case, n: int) -> list[str]:
    return list(case.expect) if isinstance(case.expect, tuple) else [case.expect] * n


def _assert_report(report: Report, text, expect: str, check, where: str) -> None:
    if expect == ANY:
        expect = OK if report.error is None else report.error.type
        assert expect in (OK, *INPUT_ERRORS), f"{where}: {report.error}"
    if expect == OK:
        assert report.error is None, f"{where}: {report.error}"
        assert report.segments, f"{where}: a clean result with no segment"
        check(report, text)
    else:
        assert report.error is not None, f"{where}: expected {expect}, got a clean result"
        assert report.error.type == expect, f"{where}: expected {expect}, got {report.error}"
        assert report.segments == [] and report.directives == []
        assert schema_errors(report.to_dict()) == []
        if report.id is not None:
            assert repr(report.id)[:40].rstrip("'") in report.error.message  # the message names its record


def _pipeline(case: Case, baseline) -> Pipeline:
    if not case.pipeline:
        return baseline
    return Pipeline(baseline.labeler, name=baseline.name, **case.pipeline)


def _cli(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, ["extract", *args, "--model", "baseline", "--quiet"], input=input,
                              catch_exceptions=False)


def _input_texts(case: Case, data: bytes) -> list:
    """The text each output line's offsets index, as the CLI read it (None when unreadable)."""
    if case.route in ("cli_jsonl", "cli_rss"):
        texts = []
        for raw in data.split(b"\n"):  # as read_jsonl reads: only \n ends a line
            if not raw.strip():
                continue
            try:
                texts.append(json.loads(raw.decode("utf-8-sig")).get("text"))
            except (ValueError, AttributeError, RecursionError):
                texts.append(None)
        return texts
    text = decode(data, "input")
    if isinstance(text, str) and case.suffix in (".html", ".htm"):
        text = html_to_text(text)
    return [text if isinstance(text, str) else None]


def _check_lines(case: Case, rows: list[dict], texts: list, exit_code: int, check) -> list[Report]:
    assert len(rows) == len(texts), f"{len(texts)} records in, {len(rows)} lines out"
    expect = _expected(case, len(rows))
    assert len(expect) == len(rows)
    reports = []
    for i, (row, text, want) in enumerate(zip(rows, texts, expect)):
        assert schema_errors(row) == [], f"line {i + 1}"
        report = Report.from_dict(row, text=text if isinstance(text, str) else "")
        _assert_report(report, report.text, want, check, f"line {i + 1}")
        reports.append(report)
    assert exit_code == (0 if all(r.error is None for r in reports) else 1)
    return reports


def run_case(case: Case, baseline, check, tmp_path: Path) -> Outcome:
    pipeline = _pipeline(case, baseline)
    t0 = time.perf_counter()
    if case.route == "safe_call":
        text = case.make()
        report = pipeline.safe_call(text, doc_id=case.name)
        out = Outcome([report], [text], time.perf_counter() - t0)
        _assert_report(report, text, case.expect, check, case.name)
    elif case.route == "decode":
        got = decode(case.make(), case.name)
        if case.expect == OK:
            assert isinstance(got, str), got
            report = pipeline.safe_call(got, doc_id=case.name)
            _assert_report(report, got, OK, check, case.name)
            out = Outcome([report], [got], time.perf_counter() - t0)
        else:
            assert type(got).__name__ == case.expect, got
            assert case.name in str(got)  # the message says where it broke
            out = Outcome([], [None], time.perf_counter() - t0)
    elif case.route in ("cli_file", "cli_jsonl", "cli_stdin"):
        if case.route == "cli_stdin":
            data = case.make()
            result = _cli(input=data)
        else:
            path = tmp_path / f"{case.name}{'.jsonl' if case.route == 'cli_jsonl' else case.suffix}"
            case.make(path)
            data = path.read_bytes()
            result = _cli("--input", str(path)) if case.route == "cli_jsonl" else _cli(str(path))
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        texts = _input_texts(case, data)
        reports = _check_lines(case, rows, texts, result.exit_code, check)
        out = Outcome(reports, texts, time.perf_counter() - t0, exit_code=result.exit_code)
    elif case.route == "cli_rss":
        out = _run_rss(case, tmp_path, check)
    else:
        raise AssertionError(f"unknown route {case.route!r}")
    if case.extra is not None:
        case.extra(out, pipeline)
    return out


# A child process: peak RSS after a warm-up run, then after the run on the case's file.
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would start at pytest's own peak.
_RSS_CHILD = textwrap.dedent(
    """
    import json, sys
    from click.testing import CliRunner
    from nlp.cli import main

    def peak_mb():
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024

    def run(src, dst):
        args = ["extract", "--input", src, "-o", dst, "--model", "baseline", "--quiet"]
        return CliRunner().invoke(main, args, catch_exceptions=False).exit_code

    warm, src, dst = sys.argv[1:4]
    run(warm, dst + ".warm")
    before = peak_mb()
    code = run(src, dst)
    after = peak_mb()
    print(json.dumps({"exit_code": code, "growth_mb": after - before, "peak_mb": after}))
    """
)


def _run_rss(case: Case, tmp_path: Path, check) -> Outcome:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs Linux /proc to read the peak RSS")
    src, warm, dst = tmp_path / f"{case.name}.jsonl", tmp_path / "warm.jsonl", tmp_path / "out.jsonl"
    case.make(src)
    warm.write_text(json.dumps({"id": "w", "text": "Chủ tịch UBND tỉnh yêu cầu các sở rà soát."}) + "\n")
    t0 = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(warm), str(src), str(dst)],
                           capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr[-2000:]
    stats = json.loads(child.stdout.strip().splitlines()[-1])
    elapsed = time.perf_counter() - t0
    print(f"{case.name}: peak RSS growth {stats['growth_mb']:.0f} MB (peak {stats['peak_mb']:.0f} MB), {elapsed:.1f} s")
    rows, texts = [], []
    with open(dst, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    with open(src, "rb") as f:  # the input texts, line by line; a huge line is skipped, not read whole
        while raw := f.readline(1_000_000):
            if raw.endswith(b"\n") or len(raw) < 1_000_000:
                texts.append(json.loads(raw)["text"])
                continue
            while raw and not raw.endswith(b"\n"):
                raw = f.readline(1_000_000)
            texts.append("")
    src.unlink()
    reports = _check_lines(case, rows, texts, stats["exit_code"], check)
    assert stats["growth_mb"] < case.rss_limit_mb, f"peak RSS grew by {stats['growth_mb']:.0f} MB"
    return Outcome(reports, texts, elapsed, exit_code=stats["exit_code"], rss_growth_mb=stats["growth_mb"])


@pytest.mark.parametrize("case", list(_params()))
def test_hostile_case(case, baseline, check, tmp_path):
    run_case(case, baseline, check, tmp_path)


def test_corpus_covers_the_issue():
    """At least 32 cases, every route and every error type of the issue."""
    assert len(CASES) >= 32
    routes = {c.route for c in CASES}
    assert {"safe_call", "decode", "cli_file", "cli_stdin", "cli_jsonl", "cli_rss"} <= routes
    outcomes = {e for c in CASES for e in (c.expect if isinstance(c.expect, tuple) else (c.expect,))}
    assert {OK, "EmptyText", "NotText", "TextTooLarge", "RecordError", "TimeBudgetExceeded"} <= outcomes
    assert all(c.why for c in CASES)


def test_safe_call_and_pipe_agree_on_the_library_cases(baseline):
    """The bulk path (`pipe`, batched labeling) reads every library case like `safe_call`."""
    cases = [c for c in CASES if c.route == "safe_call" and not c.pipeline and not c.known_bug and not c.slow
             and c.name not in ("sentence_200k", "text_10mb")]
    inputs = [(c.name, c.make()) for c in cases]
    alone = [baseline.safe_call(text, doc_id=name).to_dict() for name, text in inputs]
    piped = [r.to_dict() for r in baseline.pipe(inputs, batch_size=8)]
    assert [r["id"] for r in piped] == [c.name for c in cases]
    assert piped == alone
