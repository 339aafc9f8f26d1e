"""Spread reports over worker processes, each loading the model once.

A `ProcessPoolExecutor` rather than `multiprocessing.Pool`: when a worker
dies (killed, out of memory) the executor raises `BrokenProcessPool` instead
of hanging, and we turn that into a clear error. Batches are submitted in a
bounded window, so memory does not grow with the input.
"""

from __future__ import annotations

import itertools
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import VnDirectivesError
from .pipeline import Pipeline, error_report, iter_records
from .types import Report

_worker_pipeline: Pipeline | None = None


class WorkerDied(VnDirectivesError):
    """A worker process died; the records of its batch were not processed."""


def _init_worker(model: str, inherited: bool, abstain_below: float | None) -> None:
    global _worker_pipeline
    if not inherited:
        _worker_pipeline = Pipeline.load(model, abstain_below=abstain_below)


def _fork_context():
    """The fork start method on Linux, else ``None`` (the platform's default, spawn)."""
    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None


def _run_batch(batch: list[tuple[str, Any]]) -> list[Report]:
    assert _worker_pipeline is not None
    return list(_worker_pipeline.pipe(batch, batch_size=len(batch)))


def parallel_pipe(
    records: Iterable[Any], *, model: str = "default", n_process: int = 2, batch_size: int = 32,
    abstain_below: float | None = None,
) -> Iterator[Report]:
    """Process ``records`` on ``n_process`` workers; yield reports in input order.

    If a worker dies, the records of the batches in flight get `WorkerDied`
    error reports (none is dropped) and the remaining input is not read.
    """
    it = iter(iter_records(records))
    batches = iter(lambda: list(itertools.islice(it, batch_size)), [])
    window: deque = deque()
    global _worker_pipeline
    context = _fork_context()
    if context is not None:
        # Forked workers inherit the loaded model and imported modules instead of each loading
        # them again (a custom .skops model costs about 3 s of imports a worker).
        _worker_pipeline = Pipeline.load(model, abstain_below=abstain_below)
    pool = ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker,
                               initargs=(model, context is not None, abstain_below))
    with pool:
        try:
            for batch in batches:
                window.append((batch, pool.submit(_run_batch, batch)))
                if len(window) >= 2 * n_process:
                    batch, fut = window.popleft()
                    yield from fut.result()
            while window:
                batch, fut = window.popleft()
                yield from fut.result()
        except BrokenProcessPool as exc:
            lost = [batch] + [b for b, _ in window]
            for b in lost:
                for doc_id, _ in b:
                    yield error_report(
                        doc_id,
                        WorkerDied(f"a worker process died ({exc}); record not processed, rerun it"),
                        "",
                        model,
                    )
            raise WorkerDied("a worker process died; see the error records") from exc
        finally:
            _worker_pipeline = None
