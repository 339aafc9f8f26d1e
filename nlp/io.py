"""Read input records from text files, JSONL and stdin, one at a time.

Readers yield ``(id, text)``; a record that cannot be read yields
``(id, RecordError)`` instead, so the caller writes an error record in its
place and goes on. Nothing here reads a whole JSONL file into memory.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import RecordError

Record = tuple[str, Any]


def decode(data: bytes, where: str) -> str | RecordError:
    """UTF-8 text of ``data`` (a BOM is dropped), or a `RecordError` saying where it broke."""
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
            yield where, line
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, RecordError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})")
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


def read_inputs(
    paths: list[str], *, id_field: str = "id", text_field: str = "text", jsonl: bool | None = None
) -> Iterator[Record]:
    """Records of every input path in order; ``-`` is stdin.

    ``.jsonl`` files (or any input when ``jsonl`` is true) hold one record per
    line; other files are one report each. Stdin is one report unless
    ``jsonl`` is true.
    """
    for path in paths:
        as_jsonl = jsonl if jsonl is not None else path.endswith((".jsonl", ".ndjson"))
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
        else:
            yield read_text_file(path)
