"""The whole data path: text in, schema-valid report out, offsets into the caller's text."""

from __future__ import annotations

import json
import unicodedata

import numpy as np
import pytest

import nlp
from nlp import errors
from nlp.pipeline import DEFAULT_MAX_CHARS
from nlp.types import Report


def variants(text: str) -> dict[str, str]:
    return {
        "nfc": unicodedata.normalize("NFC", text),
        "nfd": unicodedata.normalize("NFD", text),
        "crlf": text.replace("\n", "\r\n"),
        "tabs-and-entities": text.replace(", ", ",\t").replace(" và ", " &amp; "),
    }


@pytest.mark.parametrize("variant", ["nfc", "nfd", "crlf", "tabs-and-entities"])
def test_offsets_hold_on_every_variant_of_the_example(baseline, check, variant):
    text = variants(nlp.example_text())[variant]
    report = baseline(text, doc_id=variant)
    check(report, text)
    nfc = baseline(nlp.example_text())
    # The same segments whatever the encoding: compare their NFC, space-collapsed text.
    def norm(s):
        return " ".join(unicodedata.normalize("NFC", s.replace("&amp;", "và")).split())

    assert [norm(s.text) for s in report.segments] == [norm(s.text) for s in nfc.segments]
    assert [s.label for s in report.segments] == [s.label for s in nfc.segments]


@pytest.mark.parametrize("variant", ["nfc", "nfd", "crlf"])
def test_seed_segments_and_labels(seed, baseline, check, variant):
    text, gold = seed
    text = variants(text)[variant]
    report = baseline(text, doc_id="seed")
    check(report, text)
    assert len(report.segments) == 18
    labels_ok = sum(s.label == g["label"] for s, g in zip(report.segments, gold["segments"]))
    assert labels_ok >= 16
    if variant == "nfc":
        for s, g in zip(report.segments, gold["segments"]):
            assert s.kind == g["kind"]
            assert abs(s.start - g["start"]) <= 2 and abs(s.end - g["end"]) <= 2


def test_default_pipeline_on_seed(seed, default_pipeline, check):
    text, gold = seed
    report = default_pipeline(text)
    check(report, text)
    assert [s.label for s in report.segments] == [g["label"] for g in gold["segments"]]


def test_default_pipeline_seed_directives(seed, default_pipeline):
    from nlp.evaluate import seed_directive_report

    text, gold = seed
    got = seed_directive_report(text, gold, default_pipeline(text))
    assert got == {"gold": 8, "predicted": 8, "issuer": 8, "assignees": 8, "deadline": 8, "all": 8}


def test_seed_directives_end_to_end(seed, baseline):
    from nlp.evaluate import seed_directive_report

    text, gold = seed
    got = seed_directive_report(text, gold, baseline(text))
    assert got == {"gold": 8, "predicted": 8, "issuer": 8, "assignees": 8, "deadline": 8, "all": 8}
    report = baseline(text)
    assert [d.deadline.interval for d in report.tasks[:7]] == ["2024-04-01/2024-06-30"] * 7


def test_json_round_trip(baseline):
    report = baseline(nlp.example_text(), doc_id="example")
    line = report.to_json()
    again = Report.from_json(line, text=report.text)
    assert again.to_dict() == report.to_dict()
    assert json.loads(line)["schema_version"] == nlp.SCHEMA_VERSION


@pytest.mark.parametrize(
    "text, error",
    [
        ("", errors.EmptyText),
        ("   \n\t  ", errors.EmptyText),
        ("\u200b\u200b", errors.EmptyText),
        (None, errors.NotText),
        (42, errors.NotText),
        (["a"], errors.NotText),
        ("x" * (DEFAULT_MAX_CHARS + 1), errors.TextTooLarge),
    ],
    ids=["empty", "whitespace", "invisible", "none", "int", "list", "too-large"],
)
def test_bad_input_raises_clear_errors(baseline, text, error):
    with pytest.raises(error) as info:
        baseline(text)
    assert len(str(info.value)) > 20  # a message that says what to do


def test_extract_many_keeps_order_and_never_raises(check):
    records = [
        {"id": "a", "text": nlp.example_text()},
        {"id": "b", "text": ""},
        {"id": "c"},
        ("d", 12),
        "Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ.",
        object(),
    ]
    reports = list(nlp.extract_many(records, model="baseline"))
    assert [r.id for r in reports] == ["a", "b", "c", "d", "4", "5"]
    assert [r.error.type if r.error else None for r in reports] == [
        None, "EmptyText", "RecordError", "NotText", None, "RecordError"]
    for r in reports:
        check(r)
        if r.error:
            assert r.id in r.error.message


def test_report_with_no_punctuation(baseline, check):
    text = " ".join(["tỉnh tiếp tục triển khai nhiệm vụ"] * 2000)
    report = baseline(text)
    check(report, text)
    assert report.segments


@pytest.mark.slow
def test_parallel_extract_many_matches_serial():
    texts = [nlp.example_text()] * 6 + [""]
    serial = [r.to_dict() for r in nlp.extract_many(texts, model="baseline")]
    parallel = [r.to_dict() for r in nlp.extract_many(texts, model="baseline", n_process=2, batch_size=2)]
    assert parallel == serial


# -- abstention: below a threshold the label falls back to other, flagged --------------------------


class Softened:
    """A labeler's probabilities flattened, so that confidences spread out below 1."""

    def __init__(self, labeler):
        self.labeler, self.classes_ = labeler, labeler.classes_

    def predict_proba(self, X):
        p = np.asarray(self.labeler.predict_proba(X)) ** 0.1
        return p / p.sum(axis=1, keepdims=True)


def test_abstaining_relabels_only_the_unsure_segments(default_pipeline, check):
    from nlp.pipeline import Pipeline

    text = nlp.example_text()
    plain = Pipeline(Softened(default_pipeline.labeler))(text)
    lowest_task = min(s.confidence for s in plain.segments if s.label == "task")
    above = min(s.confidence for s in plain.segments if s.confidence > lowest_task + 1e-3)
    threshold = (lowest_task + above) / 2  # far from every (rounded) confidence
    unsure = Pipeline(Softened(default_pipeline.labeler), abstain_below=threshold)(text)
    check(unsure, text)
    for before, after in zip(plain.segments, unsure.segments, strict=True):
        # The model's own view stays in confidence and scores; only the label and the flag move.
        assert (after.confidence, after.scores) == (before.confidence, before.scores)
        if before.confidence < threshold:
            assert (after.label, after.abstained) == ("other", True)
        else:
            assert (after.label, after.abstained) == (before.label, False)
    abstained = {i for i, s in enumerate(unsure.segments) if s.abstained}
    assert abstained and not abstained & {d.segment for d in unsure.directives}
    assert len(unsure.directives) < len(plain.directives)


def test_pipelines_with_thresholds_share_the_loaded_model():
    assert nlp.load("default", 0.8).labeler is nlp.load("default").labeler
    assert nlp.load("default", 0.8).abstain_below == 0.8 and nlp.load("default").abstain_below is None


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5])
def test_abstention_threshold_must_be_a_probability(threshold):
    from nlp.pipeline import Pipeline

    with pytest.raises(ValueError, match="abstain_below"):
        Pipeline(nlp.load("baseline").labeler, abstain_below=threshold)


def test_abstention_reaches_the_frames_and_worker_processes():
    texts = [nlp.example_text()] * 3
    segments, _ = nlp.extract_frame(__import__("pandas").DataFrame({"text": texts}), abstain_below=1.0)
    assert segments["abstained"].eq(segments["confidence"] < 1.0).all()
    assert (segments.loc[segments["abstained"], "label"] == "other").all()
    serial = [r.to_dict() for r in nlp.extract_many(texts, abstain_below=0.9)]
    parallel = [r.to_dict() for r in nlp.extract_many(texts, abstain_below=0.9, n_process=2, batch_size=1)]
    assert parallel == serial and any(s["abstained"] for s in serial[0]["segments"])
