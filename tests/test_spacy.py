"""The spaCy path: exact tokens, spans where spaCy users look, displaCy, same JSON as the library."""

from __future__ import annotations

import subprocess
import sys

import pytest

import nlp

NAUGHTY = [
    "Tỉnh uỷ  yêu cầu\tcác sở\r\nrà soát.",
    "  khoảng trắng đầu và cuối  ",
    "UBND&nbsp;tỉnh &amp; HĐND",
    "Ho\u0300a Bi\u0300nh",
    "\n\n\n",
    "emoji 🎉 và 中文 và \u200b",
]


@pytest.fixture(scope="module")
def vi():
    return nlp.spacy_pipeline(model="baseline")


@pytest.mark.parametrize("text", NAUGHTY)
def test_tokenizer_keeps_the_text(vi, text):
    doc = vi.tokenizer(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text


def test_underthesea_words_are_tokens(vi):
    doc = vi.tokenizer("Chủ tịch UBND tỉnh yêu cầu Ban Thường vụ Tỉnh ủy rà soát")
    words = [t.text for t in doc]
    # Multi-syllable words stay whole, domain terms included (fixed_words).
    assert "yêu cầu" in words and "rà soát" in words
    assert any("Tỉnh ủy" in w for w in words)


def test_spans_extensions_and_same_json(vi):
    text = nlp.example_text()
    doc = vi(text)
    report = nlp.extract(text, model="baseline")
    assert doc._.report.to_dict() == report.to_dict()
    segments = doc.spans["segments"]
    assert [s.label_ for s in segments] == [s.label for s in report.segments]
    assert segments.attrs["kinds"] == [s.kind for s in report.segments]
    assert [(s.start_char, s.end_char) for s in segments] == [(s.start, s.end) for s in report.segments]
    labels = {s.label_ for s in doc.spans["directive_parts"]}
    assert {"assignee", "action"} <= labels
    assert doc._.directives == report.directives


def test_displacy_renders_segments(vi):
    from nlp.spacy_components import render

    html = render(vi(nlp.example_text()))
    assert "task" in html and "<script" not in html


def test_add_pipe_by_name_after_install():
    code = (
        "import spacy; vi = spacy.blank('xx'); vi.add_pipe('vi_directives', config={'model': 'baseline'}); "
        "doc = vi('Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ.'); "
        "print(doc.spans['segments'][0].label_)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "task"


def test_three_stage_components_give_the_same_report():
    import spacy

    import nlp.spacy_components  # noqa: F401 - registers the factories

    vi = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": "vi_directives.UnderthesesaTokenizer.v1"}}})
    for name in ("vi_segmenter", "vi_segment_classifier", "vi_directive_extractor"):
        vi.add_pipe(name, config={"model": "baseline"})
    text = nlp.example_text()
    doc = vi(text)
    assert doc._.report.to_dict() == nlp.extract(text, model="baseline").to_dict()
    with vi.select_pipes(enable=["vi_segmenter"]):
        segmented = vi(text)
        kinds = [s.label_ for s in segmented.spans["segments"]]
    assert kinds[:2] == ["title", "caption"]


def test_abstention_is_in_the_config_and_the_span_attrs():
    vi = nlp.spacy_pipeline(model="default", abstain_below=0.999)
    assert vi.get_pipe_config("vi_directives")["abstain_below"] == 0.999
    doc = vi(nlp.example_text())
    group = doc.spans["segments"]
    flags = group.attrs["abstained"]
    assert len(flags) == len(group) and any(flags)
    for span, flag, confidence in zip(group, flags, group.attrs["confidences"], strict=True):
        assert flag == (confidence < 0.999)
        assert span.label_ == "other" or not flag
