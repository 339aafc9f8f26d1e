"""Many machines: one pure function over pandas partitions, used by Dask (and Spark).

`process_partition` maps an iterator of DataFrames (columns ``id`` and
``text``) to an iterator of DataFrames of `OUTPUT_COLUMNS`: one row per input
row, the report as a JSON string plus its error. That is the contract of
Spark's ``mapInPandas`` and of Dask's ``map_partitions``; the model is loaded
once per worker process (`nlp.load` caches it), not once per partition.

Dask is an extra: ``pip install "vn-directives[dask]"``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import pandas as pd

from .types import Report

#: Output columns of `process_partition` (Spark schema: all strings but n_segments, n_tasks).
OUTPUT_COLUMNS = ["id", "report", "error_type", "error_message", "n_segments", "n_tasks"]
SPARK_SCHEMA = ("id string, report string, error_type string, error_message string, "
                "n_segments long, n_tasks long")


def _row(report: Report) -> dict:
    return {
        "id": report.id,
        "report": report.to_json(),
        "error_type": report.error.type if report.error else None,
        "error_message": report.error.message if report.error else None,
        "n_segments": len(report.segments),
        "n_tasks": len(report.tasks),
    }


def process_partition(
    frames: Iterable[pd.DataFrame], id_col: str = "id", text_col: str = "text", model: str = "default",
    abstain_below: float | None = None,
) -> Iterator[pd.DataFrame]:
    """Read every row of every frame; yield one output frame per input frame.

    ``abstain_below`` is as in `nlp.load`.
    """
    import nlp

    pipe = nlp.load(model, abstain_below)
    for df in frames:
        ids = df[id_col].astype(str) if id_col in df else df.index.astype(str)
        texts = df[text_col] if text_col in df else [None] * len(df)
        rows = [_row(r) for r in pipe.pipe(zip(ids, texts))]
        yield pd.DataFrame(rows, columns=OUTPUT_COLUMNS)


def _partition(df: pd.DataFrame, id_col: str, text_col: str, model: str,
               abstain_below: float | None = None) -> pd.DataFrame:
    return next(process_partition([df], id_col, text_col, model, abstain_below))


def extract_dask(data, id_col: str = "id", text_col: str = "text", model: str = "default",
                 abstain_below: float | None = None):
    """Lazy Dask collection of output rows for a Dask DataFrame or Bag of records.

    A Bag of dicts (or of ``(id, text)`` pairs) is turned into a DataFrame
    first. ``.compute()`` (or ``.to_parquet``) runs it on the current client.
    """
    import dask.bag as db

    if isinstance(data, db.Bag):
        data = data.map(lambda r: r if isinstance(r, dict) else {id_col: r[0], text_col: r[1]}).to_dataframe(
            meta={id_col: "object", text_col: "object"}
        )
    meta = pd.DataFrame({c: pd.Series(dtype="int64" if c.startswith("n_") else "object") for c in OUTPUT_COLUMNS})
    return data.map_partitions(_partition, id_col, text_col, model, abstain_below, meta=meta)


def extract_records_dask(records, *, scheduler: str = "local", n_workers: int = 2, model: str = "default",
                         partition_size: int = 256, abstain_below: float | None = None) -> Iterator[Report]:
    """Run ``(id, text)`` records through Dask; yield reports in input order.

    ``scheduler`` is a ``tcp://`` address, or ``local`` for a LocalCluster of
    ``n_workers`` processes. Records go in partitions of ``partition_size``;
    at most two partitions per worker are in flight, so memory stays bounded.
    """
    import itertools
    from collections import deque

    from dask.distributed import Client, LocalCluster

    from .pipeline import error_report

    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True) if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        it = iter(records)
        window: deque = deque()

        def submit(chunk):
            df = pd.DataFrame({"id": [str(r[0]) for r in chunk],
                               "text": [r[1] if not isinstance(r[1], BaseException) else None for r in chunk]})
            errors = {i: r[1] for i, r in enumerate(chunk) if isinstance(r[1], BaseException)}
            return client.submit(_partition, df, "id", "text", model, abstain_below, pure=False), errors

        def drain():
            fut, errors = window.popleft()
            out = fut.result()
            for i, row in enumerate(out.itertuples(index=False)):
                report = Report.from_dict(json.loads(row.report))
                if i in errors:  # a record the reader already could not read
                    report = error_report(row.id, errors[i], "", report.model)
                yield report

        for chunk in iter(lambda: list(itertools.islice(it, partition_size)), []):
            window.append(submit(chunk))
            if len(window) > 2 * n_workers:
                yield from drain()
        while window:
            yield from drain()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
