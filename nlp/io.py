"""Read input records from text files, JSONL and stdin, one at a time.

Readers yield ``(id, text)``; a record that cannot be read yields
``(id, RecordError)`` instead, so the caller writes an error record in its
place and goes on. Nothing here reads a whole JSONL file into memory.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import RecordError

Record = tuple[str, Any]

# What errors="surrogateescape" makes of bytes that are not UTF-8.
_ESCAPED_BYTES_RE = re.compile("[\udc80-\udcff]")


def decode(data: bytes, where: str) -> str | RecordError:
    """Text of ``data`` or a `RecordError` saying where it broke.

    UTF-8 (a BOM is dropped); UTF-16 only when a byte-order mark says so,
    since guessing other encodings (Windows-1258, VNI) silently garbles text.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return RecordError(f"{where}: broken UTF-16 at byte {exc.start}; re-encode the input as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return RecordError(
            f"{where}: invalid UTF-8 at byte {exc.start} ({data[exc.start:exc.start + 4]!r}); "
            "re-encode the input as UTF-8"
        )


def read_text_file(path: str | Path) -> Record:
    """One record from a text file: its path as id, its UTF-8 text."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return str(path), RecordError(f"cannot read {str(path)!r}: {exc.strerror or exc}")
    return str(path), decode(data, str(path))


def read_jsonl(
    stream: IO[bytes], name: str, id_field: str = "id", text_field: str = "text"
) -> Iterator[Record]:
    """Records of a JSONL byte stream; bad lines become `RecordError` records.

    A line's id is its ``id_field`` value, or ``NAME:LINE`` when it has none
    (or the line is not a JSON object), so every error names its record.
    """
    for lineno, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        line = decode(raw, where)
        if isinstance(line, RecordError):
            # Name the record by its id when the rest of the line still parses.
            try:
                doc_id = json.loads(raw.decode("utf-8", "replace")).get(id_field)
            except (ValueError, AttributeError, RecursionError):
                doc_id = None
            yield (where if doc_id is None else str(doc_id)), line
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:  # also too deep nesting, ints over 4300 digits
            why = f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)[:120]
            yield where, RecordError(f"{where}: malformed JSON ({why})")
            continue
        if not isinstance(obj, dict):
            yield where, RecordError(f"{where}: expected a JSON object, got {type(obj).__name__}")
            continue
        doc_id = obj.get(id_field)
        doc_id = where if doc_id is None else str(doc_id)
        if text_field not in obj:
            yield doc_id, RecordError(
                f"{where}: field {text_field!r} is missing (fields: {', '.join(sorted(obj)[:8])}); "
                "choose it with --text-field"
            )
            continue
        yield doc_id, obj[text_field]


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, block elements on their own lines.

    Scripts, styles and other non-text elements are dropped (BeautifulSoup
    with the standard library's parser, so no compiled dependency).
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "svg", "head"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def read_html_file(path: str | Path) -> Record:
    """One record from an HTML page: its visible text."""
    doc_id, text = read_text_file(path)
    if isinstance(text, RecordError):
        return doc_id, text
    return doc_id, html_to_text(text)


def _table_record(name: str, row: int, doc_id, text, title) -> Record:
    """One ``(id, text)`` of a table row; the id defaults to ``FILE:ROW``, a title leads the text."""
    doc_id = f"{name}:{row}" if doc_id is None or doc_id != doc_id or doc_id == "" else str(doc_id)
    if isinstance(text, str) and text.strip() and isinstance(title, str) and title.strip():
        text = title + "\n" + text  # the title becomes the title segment
    return doc_id, (None if text != text else text)  # NaN -> None -> NotText


def _missing_column(name: str, field: str, columns) -> RecordError:
    return RecordError(f"{name}: column {field!r} is missing (columns: {', '.join(map(str, list(columns)[:8]))}); "
                       "choose it with --text-field")


def read_csv(path: str, id_field="id", text_field="text", title_field=None) -> Iterator[Record]:
    """Records of a CSV file with a header row, streamed row by row.

    A row that cannot be read (invalid UTF-8, a different number of fields
    than the header) becomes an error record for that row and reading goes
    on; the stdlib reader is used since pandas stops at the first bad row.
    """
    # Reports are long; the stdlib default (128 kB a field) would refuse them.
    csv.field_size_limit(2**31 - 1)
    try:
        f = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        yield path, RecordError(f"cannot read {path!r}: {exc.strerror or exc}")
        return
    with f:
        reader = csv.reader(f)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            yield f"{path}:1", RecordError(f"{path}: cannot read the header row ({exc})")
            return
        if header is None:
            return
        if text_field not in header:
            yield f"{path}:1", _missing_column(path, text_field, header)
            return
        column = {name: i for i, name in reversed(list(enumerate(header)))}
        row = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except (csv.Error, OSError) as exc:
                row += 1
                yield f"{path}:{row}", RecordError(f"{path}: row {row} (line {reader.line_num}): {exc}")
                continue
            row += 1
            values = {name: fields[i] if i < len(fields) else None for name, i in column.items()}
            doc_id = values.get(id_field)
            if _ESCAPED_BYTES_RE.search(doc_id or ""):
                doc_id = None
            if len(fields) != len(header):
                yield _table_record(path, row, doc_id, None, None)[0], RecordError(
                    f"{path}: row {row} (line {reader.line_num}) has {len(fields)} fields, the header "
                    f"{len(header)}; check its quoting")
                continue
            text, title = values[text_field], values.get(title_field) if title_field else None
            bad = next((v for v in (text, title) if v and _ESCAPED_BYTES_RE.search(v)), None)
            if bad is not None:
                error = decode(bad.encode("utf-8", "surrogateescape"), f"{path}: row {row}")
                yield _table_record(path, row, doc_id, None, None)[0], error
                continue
            yield _table_record(path, row, doc_id, text, title)


def read_parquet(path: str, id_field="id", text_field="text", title_field=None, batch_size: int = 256):
    """Records of a Parquet file, one row group batch at a time."""
    try:
        import pyarrow.parquet as pq

        row = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
            columns = batch.schema.names
            if text_field not in columns:
                yield f"{path}:{row + 1}", _missing_column(path, text_field, columns)
                return
            data = batch.to_pydict()
            n = batch.num_rows
            ids = data.get(id_field, [None] * n)
            titles = data.get(title_field, [None] * n) if title_field else [None] * n
            for doc_id, text, title in zip(ids, data[text_field], titles):
                row += 1
                yield _table_record(path, row, doc_id, text, title)
    except (OSError, ValueError) as exc:
        yield path, RecordError(f"{path}: cannot read this Parquet file ({exc})")


INPUT_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson", ".csv", ".parquet")


def expand_paths(paths: list[str], pattern: str | None = None) -> Iterator[str]:
    """Input paths with folders expanded recursively (sorted, matching ``pattern``)."""
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            for f in sorted(p.rglob(pattern or "*")):
                if f.is_file() and (pattern or f.suffix.lower() in INPUT_SUFFIXES):
                    yield str(f)
        else:
            yield path


def read_inputs(
    paths: list[str],
    *,
    id_field: str = "id",
    text_field: str = "text",
    title_field: str | None = None,
    jsonl: bool | None = None,
    pattern: str | None = None,
) -> Iterator[Record]:
    """Records of every input path in order; ``-`` is stdin, folders are walked.

    The format follows the extension: ``.jsonl`` (one record per line),
    ``.csv`` and ``.parquet`` (one per row, streamed), ``.html`` (the page's
    text), anything else one plain-text report. Stdin is one report unless
    ``jsonl`` is true.
    """
    for path in expand_paths(paths, pattern):
        suffix = Path(path).suffix.lower()
        as_jsonl = jsonl if jsonl is not None else suffix in (".jsonl", ".ndjson")
        if path == "-":
            if as_jsonl:
                yield from read_jsonl(sys.stdin.buffer, "<stdin>", id_field, text_field)
            else:
                yield "-", decode(sys.stdin.buffer.read(), "<stdin>")
        elif as_jsonl:
            try:
                with open(path, "rb") as stream:
                    yield from read_jsonl(stream, path, id_field, text_field)
            except OSError as exc:
                yield path, RecordError(f"cannot read {path!r}: {exc.strerror or exc}")
        elif suffix == ".csv":
            yield from read_csv(path, id_field, text_field, title_field)
        elif suffix == ".parquet":
            yield from read_parquet(path, id_field, text_field, title_field)
        elif suffix in (".html", ".htm"):
            yield read_html_file(path)
        else:
            yield read_text_file(path)
