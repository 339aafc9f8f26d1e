"""Calibration figures of `vn-directives evaluate`: reliability bins, log loss, the best temperature."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import softmax
from sklearn.metrics import log_loss

from nlp.evaluate import best_temperature_factor, calibration, log_loss_at

CLASSES = ["a", "b", "c"]


def sample(temperature: float, n: int = 4000, seed: int = 0):
    """Scores, and labels drawn as if the probabilities had ``temperature``."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(scale=3.0, size=(n, len(CLASSES)))
    truth = softmax(scores / temperature, axis=1)
    y = [CLASSES[rng.choice(len(CLASSES), p=p)] for p in truth]
    return softmax(scores, axis=1), y


def test_log_loss_is_scikit_learns():
    proba, y = sample(1.0, n=500)
    assert log_loss_at(proba, CLASSES, y) == pytest.approx(log_loss(y, proba, labels=CLASSES))


@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0])
def test_the_best_factor_finds_the_temperature_the_labels_came_from(temperature):
    proba, y = sample(temperature)
    assert best_temperature_factor(proba, CLASSES, y) == pytest.approx(temperature, rel=0.15)


def test_every_confidence_lands_in_one_bin():
    # 0.7 and 0.3 are where float bin edges used to drop a segment.
    proba = np.array([[0.7, 0.3, 0.0], [0.3, 0.7, 0.0], [0.6, 0.4, 0.0], [1.0, 0.0, 0.0], [0.4, 0.3, 0.3]])
    cal = calibration(proba, CLASSES, ["a", "a", "a", "a", "c"])
    assert sum(row["n"] for row in cal["reliability"]) == len(proba)
    assert cal["best_temperature_factor"] > 0 and cal["log_loss_at_best"] <= cal["log_loss"]


def test_no_log_loss_when_the_model_lacks_a_gold_label():
    cal = calibration(np.array([[0.9, 0.1, 0.0]]), CLASSES, ["d"])
    assert "log_loss" not in cal and cal["ece"] == pytest.approx(0.9)
