"""The example notebooks run top to bottom on a fresh checkout, offline, and are committed without outputs.

Needs nbclient, nbformat, ipykernel and matplotlib; skipped when they are absent.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CORPUS = ROOT / "corpus" / "documents.jsonl"

#: Notebooks that read the labeled corpus of the checkout.
NEEDS_CORPUS = {"02_bulk_analysis", "03_corpus_and_model"}

#: Each notebook must finish well within this (seconds, on two cores).
BUDGET = 120


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_three_notebooks_are_there():
    assert [p.stem for p in notebooks()] == ["01_quickstart", "02_bulk_analysis", "03_corpus_and_model"]


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.stem)
def test_notebook_runs(path):
    if path.stem in NEEDS_CORPUS and not CORPUS.exists():
        pytest.skip("corpus/documents.jsonl is absent; run 'vn-directives corpus build'")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=BUDGET, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},  # cwd of the kernel, as when opened in Jupyter
    )
    start = time.perf_counter()
    client.execute()
    took = time.perf_counter() - start
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert took < BUDGET, f"{path.name} took {took:.0f} s"
    print(f"{path.name}: {took:.1f} s")
