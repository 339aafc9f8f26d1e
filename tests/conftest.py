"""Shared fixtures: the seed report (when ../shared is present) and loaded pipelines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_abf98aa3573e390c"
DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config):
    config.addinivalue_line("markers", "shared: needs ../shared (skipped when absent)")


@pytest.fixture(scope="session")
def seed():
    """``(text, gold)`` of the seed report; skips when ../shared is absent."""
    if not SEED.with_suffix(".txt").exists():
        pytest.skip("../shared/seed is not here (users' machines do not have it)")
    text = SEED.with_suffix(".txt").read_text(encoding="utf-8")
    gold = json.loads(SEED.with_suffix(".gold.json").read_text(encoding="utf-8"))
    return text, gold


@pytest.fixture(scope="session")
def baseline():
    """The pipeline with the cue baseline, loaded once per session."""
    import nlp

    return nlp.load("baseline")


@pytest.fixture(scope="session")
def default_pipeline():
    """The pipeline with the default (shipped) labeler, loaded once per session."""
    import nlp

    return nlp.load("default")


@pytest.fixture(scope="session")
def check():
    """The `check_report` function, for tests to assert output invariants."""
    return check_report


def check_report(report, text: str | None = None) -> dict:
    """Assert the invariants every output must hold; return its dict form.

    The dict validates against the published schema, and every span's text
    is the input's text at its offsets.
    """
    from nlp.schema import schema_errors

    out = report.to_dict()
    assert schema_errors(out) == []
    text = report.text if text is None else text
    for seg in report.segments:
        assert text[seg.start : seg.end] == seg.text
    for d in report.directives:
        spans = [d.action, d.deadline, *d.assignees]
        if d.issuer is not None and d.issuer.start is not None:
            spans.append(d.issuer)
        for span in spans:
            if span is not None:
                assert text[span.start : span.end] == span.text
    meeting = report.meeting.speaker
    if meeting is not None and meeting.start is not None:
        assert text[meeting.start : meeting.end] == meeting.text
    return out
