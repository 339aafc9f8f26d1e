"""Bulk runs: write one output record per input record, stream, resume after a kill.

JSONL output is appended and flushed record by record, so a run killed at
any point leaves complete lines plus at most one torn line; `completed_ids`
drops the torn line and `run` with ``skip`` continues where it stopped.
Table outputs (CSV, Parquet) are written to a temporary file beside the
target and renamed when the run completes, so a half-written table never
looks finished.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import VnDirectivesError
from .tables import DIRECTIVE_COLUMNS, SEGMENT_COLUMNS, directive_rows, segment_rows
from .types import Report


class OutputError(VnDirectivesError):
    """The output cannot be written (unwritable path, disk full ...)."""


def completed_ids(path: str | Path) -> set[str]:
    """Ids of the complete lines of a JSONL output; a torn last line is cut off."""
    path = Path(path)
    if not path.exists():
        return set()
    ids: set[str] = set()
    good_end = 0
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break  # torn by a kill: rewritten on resume
            try:
                ids.add(str(json.loads(raw)["id"]))
            except (ValueError, KeyError):
                break
            good_end += len(raw)
    if good_end < path.stat().st_size:
        with open(path, "r+b") as f:
            f.truncate(good_end)
    return ids


class JsonlSink:
    """Append reports as JSON lines, flushing each line to the OS."""

    def __init__(self, path: str, append: bool = False):
        self.path = path
        self._stdout = path == "-"
        try:
            self._f = sys.stdout if self._stdout else open(path, "a" if append else "w", encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"cannot write {path!r}: {exc.strerror or exc}; choose another --output") from exc

    def write(self, report: Report) -> None:
        """Write one report line."""
        try:
            self._f.write(report.to_json() + "\n")
            self._f.flush()
        except OSError as exc:
            raise OutputError(f"cannot write {self.path!r}: {exc.strerror or exc} (disk full?)") from exc

    def close(self, complete: bool = True) -> None:
        """Close the file (stdout stays open)."""
        if not self._stdout:
            self._f.close()


class TableSink:
    """Rows of every report into a CSV or Parquet table, renamed into place when complete."""

    def __init__(self, path: str, table: str = "segments", fmt: str | None = None, batch_rows: int = 5000):
        if path == "-" and (fmt or "csv") != "csv":
            raise OutputError("Parquet cannot go to stdout; give --output FILE.parquet")
        self.path = path
        self.fmt = fmt or ("parquet" if str(path).endswith(".parquet") else "csv")
        self.columns = list(SEGMENT_COLUMNS if table == "segments" else DIRECTIVE_COLUMNS)
        self.rows_of = segment_rows if table == "segments" else directive_rows
        self.batch_rows = batch_rows
        self._rows: list[dict] = []
        self._writer = None
        self._header = True
        self._tmp = path if path == "-" else f"{path}.partial"
        if path != "-":
            try:
                Path(self._tmp).write_bytes(b"")
            except OSError as exc:
                raise OutputError(f"cannot write {path!r}: {exc.strerror or exc}; choose another --output") from exc

    def _flush(self) -> None:
        import pandas as pd

        if not self._rows and not self._header:
            return
        df = pd.DataFrame(self._rows, columns=self.columns)
        self._rows = []
        try:
            if self.fmt == "csv":
                target = sys.stdout if self._tmp == "-" else self._tmp
                df.to_csv(target, mode="a", header=self._header, index=False)
            else:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(df.astype(object).where(df.notna(), None), preserve_index=False,
                                             schema=_arrow_schema(self.columns))
                if self._writer is None:
                    self._writer = pq.ParquetWriter(self._tmp, table.schema)
                self._writer.write_table(table)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path!r}: {exc.strerror or exc} (disk full?)") from exc
        self._header = False

    def write(self, report: Report) -> None:
        """Add the report's rows; rows are written in batches."""
        self._rows += self.rows_of(report)
        if len(self._rows) >= self.batch_rows:
            self._flush()

    def close(self, complete: bool = True) -> None:
        """Write what is left; rename into place only when the run completed."""
        self._flush()
        if self._writer is not None:
            self._writer.close()
        if self._tmp != "-" and complete:
            os.replace(self._tmp, self.path)


def _arrow_schema(columns: list[str]):
    import pyarrow as pa

    ints = {"segment", "start", "end", "parent", "directive", "n_assignees"}
    floats = {"confidence"} | {c for c in columns if c.startswith("p_")}
    types = {**dict.fromkeys(ints, pa.int64()), **dict.fromkeys(floats, pa.float64()), "abstained": pa.bool_()}
    return pa.schema([(c, types.get(c, pa.string())) for c in columns])


def make_sink(path: str, *, fmt: str | None = None, table: str = "segments", append: bool = False):
    """The sink for ``path``: JSONL by default, CSV or Parquet by extension or ``fmt``."""
    fmt = fmt or ("parquet" if path.endswith(".parquet") else "csv" if path.endswith(".csv") else "jsonl")
    if fmt == "jsonl":
        return JsonlSink(path, append=append)
    if append:
        raise OutputError("--resume works with JSONL output only; tables are rewritten whole")
    return TableSink(path, table=table, fmt=fmt)


def skip_done(records: Iterable[Any], done: set[str]) -> Iterator[Any]:
    """Drop ``(id, text)`` records whose id is already in the output."""
    for rec in records:
        if str(rec[0]) not in done:
            yield rec
