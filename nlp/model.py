"""Find and load segment labelers: the shipped model or the cue baseline.

Models are saved with skops, never pickle: `load_model` accepts only the
types listed in `TRUSTED_TYPES` and refuses a file holding anything else, so
a model file someone sent cannot run code. Beside each model, training
writes its weights as JSON (`nlp.linear`); the default pipeline labels with
those, so it starts without importing scikit-learn or skops.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import ModelError

#: File name of the shipped model in ``models/``.
DEFAULT_MODEL_FILE = "segment-labeler.skops"

#: Suffix of the JSON weights written beside a model (`nlp.linear`).
WEIGHTS_SUFFIX = ".weights.json"

#: Types a model file may contain beyond those skops trusts by default.
TRUSTED_TYPES: tuple[str, ...] = ()


#: ``models/`` of a source checkout (a clone or an editable install); `vn-directives train` writes here.
SOURCE_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def model_dirs() -> list[Path]:
    """Where the shipped model may be: ``$VN_DIRECTIVES_MODELS``, the source tree, the install prefix."""
    dirs = []
    if os.environ.get("VN_DIRECTIVES_MODELS"):
        dirs.append(Path(os.environ["VN_DIRECTIVES_MODELS"]))
    dirs.append(SOURCE_MODELS_DIR)
    dirs.append(Path(sys.prefix) / "share" / "vn-directives" / "models")  # setup.cfg data_files
    return dirs


def default_model_path() -> Path | None:
    """The shipped model file, or ``None`` when no model was installed."""
    for d in model_dirs():
        if (d / DEFAULT_MODEL_FILE).is_file():
            return d / DEFAULT_MODEL_FILE
    return None


def load_model(path: str | Path):
    """Load a `SegmentClassifier` saved by `nlp.train.save`.

    Only `TRUSTED_TYPES` beyond skops' defaults are accepted; a file holding
    anything else is refused with a `ModelError` before it is loaded.
    """
    import skops.io as sio

    from .classifier import from_parts

    path = Path(path)
    if not path.is_file():
        raise ModelError(f"model file {str(path)!r} does not exist; train one with 'vn-directives train'")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a ModelError
        raise ModelError(f"model file {str(path)!r} is not a skops file: {exc}") from exc
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise ModelError(
            f"model file {str(path)!r} holds types we do not trust: {', '.join(refused)}; "
            "only models trained by 'vn-directives train' load"
        )
    parts = sio.load(path, trusted=list(untrusted))
    if not isinstance(parts, dict) or "first" not in parts:
        raise ModelError(f"model file {str(path)!r} was not written by 'vn-directives train'")
    return from_parts(parts)


def weights_path(model_path: str | Path) -> Path:
    """Where the JSON weights of the model at ``model_path`` are written."""
    model_path = Path(model_path)
    return model_path.with_name(model_path.stem + WEIGHTS_SUFFIX)


def load_weights(path: str | Path):
    """A `nlp.linear.LinearLabeler` from a weights file, or a `ModelError`."""
    from .linear import load_weights as load

    try:
        return load(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"weights file {str(path)!r} cannot be read: {exc}") from exc


def load_labeler(model: str | Path = "default"):
    """``(labeler, name)`` for ``"default"``, ``"baseline"`` or a model path.

    The default model is read from its JSON weights when they are there
    (fast start-up, same predictions), else from the skops file. A path
    ending in ``.json`` is read as weights, any other as a skops model.
    """
    if str(model) == "baseline":
        return _baseline(), "baseline"
    if str(model) == "default":
        path = default_model_path()
        if path is None:
            # Before a model is shipped the baseline is the default; reports say so.
            return _baseline(), "baseline"
        if weights_path(path).is_file():
            return load_weights(weights_path(path)), path.stem
        return load_model(path), path.stem
    if str(model).endswith(".json"):
        return load_weights(model), Path(model).name.removesuffix(WEIGHTS_SUFFIX).removesuffix(".json")
    return load_model(model), Path(model).stem


def _baseline():
    from .baseline import CueBaseline  # scikit-learn: imported only when asked for

    return CueBaseline().fit(None)
