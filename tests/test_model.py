"""The shipped model: loads offline through skops' trusted types, and training reproduces it."""

from __future__ import annotations

import pickle
import socket

import numpy as np
import pytest
import skops.io as sio
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
    from nlp.classifier import stack_documents
    from nlp.corpus import CORPUS_DIR, load_corpus
    from nlp.train import document_records, train

    meta = __import__("json").loads(shipped_path.with_suffix(".json").read_text())
    test_docs = load_corpus(CORPUS_DIR, split="test")
    X = stack_documents([document_records(d) for d in test_docs])
    shipped = load_model(shipped_path).predict_proba(X)
    fresh = train(load_corpus(CORPUS_DIR, split="train"), seed=meta["seed"], stacked=meta["stacked"])
    again = fresh.predict_proba(X)
    assert np.array_equal(fresh.classes_, load_model(shipped_path).classes_)
    # Same data and seed: the same predictions, to the last bit.
    assert again.tobytes() == shipped.tobytes()
