"""The shipped model: loads offline through skops' trusted types, and training reproduces it."""

from __future__ import annotations

import pickle
import socket

import numpy as np
import pytest
import skops.io as sio
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.preprocessing import FunctionTransformer

import nlp
from nlp.classifier import SegmentClassifier
from nlp.errors import ModelError
from nlp.model import default_model_path, load_model


@pytest.fixture(scope="module")
def shipped_path():
    path = default_model_path()
    if path is None:
        pytest.fail("models/segment-labeler.skops is missing: run 'vn-directives train'")
    return path


def test_shipped_model_holds_only_trusted_types(shipped_path):
    assert sio.get_untrusted_types(file=shipped_path) == []
    assert shipped_path.stat().st_size < 8e6  # a few MB


def test_default_pipeline_uses_the_shipped_model(shipped_path):
    report = nlp.extract("Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ.")
    assert report.model == shipped_path.stem


def test_model_loads_and_runs_without_network(shipped_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from nlp.pipeline import Pipeline

    out = Pipeline(load_model(shipped_path), name="offline")(nlp.example_text())
    assert out.segments


def test_a_crafted_model_file_is_refused(tmp_path):
    evil = tmp_path / "evil.skops"
    sio.dump({"first": FunctionTransformer(func=print)}, evil)
    with pytest.raises(ModelError, match="do not trust"):
        load_model(evil)


def test_a_pickle_is_refused(tmp_path):
    path = tmp_path / "model.skops"
    path.write_bytes(pickle.dumps({"first": None}))
    with pytest.raises(ModelError, match="not a skops file"):
        load_model(path)


def test_estimator_contract():
    model = SegmentClassifier(C=2.0, stacked=False)
    assert clone(model).get_params() == model.get_params()
    with pytest.raises(Exception):
        model.predict_proba([{"text": "x"}])  # not fitted


def test_retraining_reproduces_the_shipped_predictions(shipped_path):
    from nlp.features import stack_documents
    from nlp.corpus import CORPUS_DIR, load_corpus
    from nlp.train import document_records, train

    meta = __import__("json").loads(shipped_path.with_suffix(".json").read_text())
    test_docs = load_corpus(CORPUS_DIR, split="test")
    X = stack_documents([document_records(d) for d in test_docs])
    shipped = load_model(shipped_path).predict_proba(X)
    fresh = train(load_corpus(CORPUS_DIR, split="train"), seed=meta["seed"], stacked=meta["stacked"],
                  temperature=meta["temperature"])
    again = fresh.predict_proba(X)
    assert np.array_equal(fresh.classes_, load_model(shipped_path).classes_)
    # Same data and seed: the same predictions, to the last bit.
    assert again.tobytes() == shipped.tobytes()


# -- the JSON weights the default pipeline labels with (nlp.linear) --------------------------------


def test_shipped_weights_are_the_shipped_model(shipped_path, tmp_path):
    from nlp.linear import write_weights
    from nlp.model import weights_path

    write_weights(load_model(shipped_path), tmp_path / "w.json")
    assert (tmp_path / "w.json").read_bytes() == weights_path(shipped_path).read_bytes()


def test_weights_give_the_models_probabilities(shipped_path):
    from nlp.corpus import CORPUS_DIR, load_corpus
    from nlp.features import stack_documents
    from nlp.model import load_weights, weights_path
    from nlp.train import document_records

    X = stack_documents([document_records(d) for d in load_corpus(CORPUS_DIR, split="test")])
    model, weights = load_model(shipped_path), load_weights(weights_path(shipped_path))
    expected, got = model.predict_proba(X), weights.predict_proba(X)
    assert list(weights.classes_) == list(model.classes_)
    # Same numbers, summed in another order: equal to rounding.
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


@pytest.mark.parametrize("params", [dict(stacked=False, extras=("position", "section", "neighbours")), dict(C=2.0),
                                    dict(temperature=2.5)])
def test_weights_follow_every_model_variant(params, tmp_path):
    """Extras, an unstacked second pass, another C: the export still gives the model's probabilities."""
    from nlp.corpus import CORPUS_DIR, load_corpus
    from nlp.linear import load_weights, write_weights
    from nlp.train import corpus_matrix

    docs = load_corpus(CORPUS_DIR, split="dev")
    X, y = corpus_matrix(docs[:24])
    model = SegmentClassifier(**params).fit(X, y)
    write_weights(model, tmp_path / "w.json")
    X_other, _ = corpus_matrix(docs[24:40])
    np.testing.assert_allclose(load_weights(tmp_path / "w.json").predict_proba(X_other),
                               model.predict_proba(X_other), rtol=0, atol=1e-12)


def test_temperature_softens_probabilities_and_keeps_labels():
    from nlp.corpus import CORPUS_DIR, load_corpus
    from nlp.train import corpus_matrix

    docs = load_corpus(CORPUS_DIR, split="dev")
    X, y = corpus_matrix(docs[:24])
    X_other, _ = corpus_matrix(docs[24:40])
    sharp = SegmentClassifier().fit(X, y).predict_proba(X_other)
    soft = SegmentClassifier(temperature=2.0).fit(X, y).predict_proba(X_other)
    assert (soft.argmax(axis=1) == sharp.argmax(axis=1)).all()
    assert (soft.max(axis=1) <= sharp.max(axis=1) + 1e-12).all() and soft.max() < sharp.max()
    np.testing.assert_allclose(soft.sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="temperature"):
        SegmentClassifier(temperature=0).fit(X, y)


def test_unknown_extras_are_refused():
    with pytest.raises(ValueError, match="unknown extras"):
        SegmentClassifier(extras=("colour",)).fit([{"text": "x"}], ["other"])


def test_the_default_pipeline_starts_without_scikit_learn():
    import subprocess
    import sys

    code = (
        "import sys, nlp\n"
        "report = nlp.extract(nlp.example_text())\n"
        "assert report.model == 'segment-labeler', report.model\n"
        "print(' '.join(m for m in ('sklearn', 'skops', 'scipy', 'pandas') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # These imports cost 2-3 s of start-up; the default path does not need them.
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    "content, reason",
    [
        ('{"format": "something-else/9"}', "not a vn-directives-linear"),
        ("[1, 2", "cannot be read"),
        ('{"format": "vn-directives-linear/1", "classes": ["a"]}', "cannot be read"),
    ],
)
def test_a_bad_weights_file_is_a_model_error(tmp_path, content, reason):
    from nlp.model import load_labeler

    path = tmp_path / "bad.weights.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=reason):
        load_labeler(path)


_ANALYZERS = [
    dict(analyzer="char_wb", ngram_range=(2, 5)),
    dict(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\S+", lowercase=False),
    dict(analyzer="word", ngram_range=(1, 1), token_pattern=r"(?u)\S+"),
]


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("aăâbđeêoơuưy ÀẢẠỦỶ\t\n\x1c\u00a0\u200b.;:-/0123456789"), max_size=60))
@pytest.mark.parametrize("params", _ANALYZERS)
def test_our_ngrams_are_scikit_learns(text, params):
    """`nlp.linear` replays scikit-learn's analyzers; any difference would change the features."""
    import re
    from collections import Counter

    from sklearn.feature_extraction.text import HashingVectorizer

    from nlp.linear import _word_grams, _word_ngrams, _words

    expected = HashingVectorizer(**params).build_analyzer()(text)
    lo, hi = params["ngram_range"]
    lowered = text.lower() if params.get("lowercase", True) else text
    if params["analyzer"] == "char_wb":
        got = [g for word in _words(lowered) for g in _word_grams(word, lo, hi)]
    else:
        got = _word_ngrams(re.findall(params["token_pattern"], lowered), lo, hi)
    assert Counter(got) == Counter(expected)


def test_str_split_is_the_token_pattern():
    """`nlp.linear` splits on whitespace with ``str.split`` where the pattern is ``\\S+``: same characters."""
    import re
    import sys

    space = re.compile(r"\s")
    assert all(bool(space.match(c)) == c.isspace() for c in map(chr, range(sys.maxunicode + 1)))
