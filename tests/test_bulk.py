"""Bulk runs: every input format, flat tables, one record out per record in, resume after kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import nlp
from nlp.bulk import completed_ids
from nlp.cli import main
from nlp.tables import DIRECTIVE_COLUMNS, SEGMENT_COLUMNS

TASK = "Chủ tịch UBND tỉnh yêu cầu các sở, ngành rà soát hồ sơ dự án trước ngày 30/6/2024."
RESULT = "Quý I, thu ngân sách của tỉnh đạt 1.200 tỷ đồng, tăng 9% so với cùng kỳ."


def cli(*args, input=None):
    return CliRunner().invoke(main, [*args, "--model", "baseline", "--quiet"], input=input, catch_exceptions=False)


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_records(path: Path, n: int, bad_every: int | None = None) -> list[str]:
    """n JSONL records; with bad_every, some are broken in the ways bulk inputs break."""
    ids = []
    with open(path, "wb") as f:
        for i in range(n):
            doc_id = f"r{i:05d}"
            ids.append(doc_id)
            if bad_every and i % bad_every == bad_every - 1:
                kind = (i // bad_every) % 4
                if kind == 0:
                    f.write(b'{"id": "' + doc_id.encode() + b'", "text": "caf\xe9"}\n')  # invalid UTF-8
                elif kind == 1:
                    f.write(b'{"id": "' + doc_id.encode() + b'", "text": \n')  # malformed JSON
                elif kind == 2:
                    f.write(json.dumps({"id": doc_id}).encode() + b"\n")  # missing text
                else:
                    f.write(json.dumps({"id": doc_id, "text": "x" * 1_000_001}).encode() + b"\n")  # too large
            else:
                text = TASK if i % 2 else RESULT
                f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False).encode() + b"\n")
    return ids


def test_one_bad_record_costs_one_error_record(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = write_records(src, 1000, bad_every=250)
    result = cli("extract", "--input", str(src), "-o", str(out))
    assert result.exit_code == 1
    rows = jsonl(out)
    assert len(rows) == 1000
    errors = [r for r in rows if r["error"]]
    assert len(errors) == 4
    # A malformed JSON line has no readable id: it is named by file and line instead.
    got = [r["id"] for r in rows]
    expected = [f"{src}:{int(i[1:]) + 1}" if int(i[1:]) == 499 else i for i in ids]
    assert got == expected
    assert {e["error"]["type"] for e in errors} == {"RecordError", "TextTooLarge"}


def test_kill_9_then_resume_gives_every_id_exactly_once(tmp_path, n=10_000):
    # 10,000 records as issue #8 asks: about 30 s with the baseline labeler on two cores.
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = write_records(src, n)
    cmd = [sys.executable, "-m", "nlp", "extract", "--input", str(src), "-o", str(out), "--model", "baseline", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and (not out.exists() or out.stat().st_size < 20_000):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(completed_ids(out))
    assert 0 < done_before < n, "the kill should land mid-run"
    subprocess.run(cmd + ["--resume"], check=True)
    rows = jsonl(out)
    assert sorted(r["id"] for r in rows) == ids  # every id exactly once
    assert all(r["error"] is None for r in rows)


def test_resume_cuts_a_torn_last_line(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "x": 1}\n{"id": "b", "x"', encoding="utf-8")
    assert completed_ids(out) == {"a"}
    assert out.read_text(encoding="utf-8") == '{"id": "a", "x": 1}\n'


def test_folder_of_txt_and_html(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(TASK, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.html").write_text(
        "<html><head><style>p{color:red}</style><script>var x = 'yêu cầu';</script></head>"
        f"<body><h1>Họp giao ban</h1><p>{RESULT}</p><p>{TASK}</p></body></html>", encoding="utf-8")
    (tmp_path / "in" / "notes.bin").write_bytes(b"\x00\x01")
    out = tmp_path / "out.jsonl"
    assert cli("extract", str(tmp_path / "in"), "-o", str(out)).exit_code == 0
    rows = jsonl(out)
    assert [Path(r["id"]).name for r in rows] == ["a.txt", "b.html"]
    html = rows[1]
    assert [s["kind"] for s in html["segments"]] == ["title", "sentence", "sentence"]
    assert not any("var x" in s["text"] for s in html["segments"])


def test_csv_and_parquet_inputs_with_title(tmp_path):
    df = pd.DataFrame({"doc": ["a", "b", "c"], "headline": ["Họp giao ban", None, "Phiên họp"],
                       "body": [TASK, RESULT, None]})
    df.to_csv(tmp_path / "in.csv", index=False)
    df.to_parquet(tmp_path / "in.parquet")
    for name in ("in.csv", "in.parquet"):
        out = tmp_path / f"{name}.jsonl"
        result = cli("extract", str(tmp_path / name), "--id-field", "doc", "--text-field", "body",
                     "--title-field", "headline", "-o", str(out))
        assert result.exit_code == 1  # row c has no text
        rows = jsonl(out)
        assert [r["id"] for r in rows] == ["a", "b", "c"]
        assert rows[0]["segments"][0]["kind"] == "title"
        assert rows[1]["segments"][0]["kind"] == "sentence"
        assert rows[2]["error"]["type"] in ("EmptyText", "NotText")


def test_a_bad_csv_row_costs_one_error_record(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(
        "id,text\n".encode()
        + f'a,"{TASK}"\n'.encode()
        + b'b,"caf\xe9 au lait"\n'  # Windows-1252, not UTF-8
        + 'c,"một, hai",thừa\n'.encode()  # one field too many
        + f'd,"{RESULT}\nDòng thứ hai trong ô."\n'.encode()  # a quoted newline stays in the record
        + f',"{TASK}"\n'.encode()  # no id: FILE:ROW
    )
    out = tmp_path / "out.jsonl"
    assert cli("extract", str(src), "-o", str(out)).exit_code == 1
    rows = jsonl(out)
    assert [r["id"] for r in rows] == ["a", "b", "c", "d", f"{src}:5"]
    assert [r["error"]["type"] if r["error"] else None for r in rows] == [None, "RecordError", "RecordError", None, None]
    assert "invalid UTF-8" in rows[1]["error"]["message"] and "row 2" in rows[1]["error"]["message"]
    assert "3 fields" in rows[2]["error"]["message"]
    assert len(rows[3]["segments"]) == 2


@pytest.mark.parametrize("table, columns", [("segments", SEGMENT_COLUMNS), ("directives", DIRECTIVE_COLUMNS)])
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_flat_table_outputs(tmp_path, table, columns, suffix):
    src = tmp_path / "in.jsonl"
    write_records(src, 20)
    out = tmp_path / f"out{suffix}"
    assert cli("extract", "--input", str(src), "-o", str(out), "--table", table).exit_code == 0
    assert not Path(f"{out}.partial").exists()
    df = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert list(df.columns) == list(columns)
    if table == "segments":
        assert len(df) == 20 and set(df["label"]) == {"task", "result"}
        assert df["abstained"].dtype == bool and not df["abstained"].any()  # a boolean column in both formats
    else:
        assert len(df) == 10 and set(df["type"]) == {"task"}


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_a_lone_surrogate_is_written_in_every_output_format(tmp_path, suffix):
    # json.loads turns the escape "\\ud800" into a lone surrogate, which UTF-8 and Arrow refuse.
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "s", "text": "Ch\\u1ee7 t\\u1ecbch y\\u00eau c\\u1ea7u \\ud800 r\\u00e0 so\\u00e1t."}\n'
                   + json.dumps({"id": "b", "text": TASK}) + "\n", encoding="ascii")
    out = tmp_path / f"out{suffix}"
    assert cli("extract", "--input", str(src), "-o", str(out)).exit_code == 0
    if suffix == ".jsonl":
        rows = jsonl(out)
        assert [r["id"] for r in rows] == ["s", "b"]
        assert rows[0]["segments"][0]["text"] == "Chủ tịch yêu cầu \ud800 rà soát."  # escaped, so it round-trips
    else:
        df = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
        assert df["doc_id"].tolist() == ["s", "b"]
        assert df["text"][0] == "Chủ tịch yêu cầu \ufffd rà soát."  # same length: offsets still hold


def test_unwritable_output_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", "--example", "--model", "baseline",
                                       "-o", str(tmp_path / "no" / "such" / "dir" / "out.jsonl")])
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_is_a_clear_error():
    # Every write to /dev/full fails with ENOSPC, as on a full disk.
    result = CliRunner().invoke(main, ["extract", "--example", "--model", "baseline", "-q", "-o", "/dev/full"])
    assert result.exit_code == 1
    assert "cannot write '/dev/full'" in result.output and "disk full?" in result.output
    assert "Traceback" not in result.output


def test_extract_frame_returns_segment_and_directive_frames():
    df = pd.DataFrame({"doc": ["a", "b", "c"], "text": [TASK, RESULT, None]})
    segments, directives = nlp.extract_frame(df, id_col="doc", model="baseline")
    assert list(segments.columns) == list(SEGMENT_COLUMNS)
    assert segments.groupby("doc_id").size().to_dict() == {"a": 1, "b": 1, "c": 1}
    assert segments.set_index("doc_id").loc["c", "error_type"] == "NotText"
    assert directives["doc_id"].tolist() == ["a"]
    assert directives.loc[0, "deadline_end"] == "2024-06-30"


def test_process_partition_is_one_row_per_input_row():
    from nlp.distributed import OUTPUT_COLUMNS, process_partition

    frames = [pd.DataFrame({"id": ["a", "b"], "text": [TASK, ""]}), pd.DataFrame({"id": ["c"], "text": [RESULT]})]
    out = list(process_partition(iter(frames), model="baseline"))
    assert [len(f) for f in out] == [2, 1]
    assert list(out[0].columns) == OUTPUT_COLUMNS
    assert [x if isinstance(x, str) else None for x in out[0]["error_type"]] == [None, "EmptyText"]
    assert json.loads(out[1].loc[0, "report"])["segments"][0]["label"] == "result"


def test_dask_local_cluster_with_two_workers(tmp_path):
    pytest.importorskip("dask.distributed")
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = write_records(src, 60, bad_every=20)
    result = cli("extract", "--input", str(src), "-o", str(out), "--engine", "dask", "--workers", "2")
    assert result.exit_code == 1  # three bad records
    rows = jsonl(out)
    serial = tmp_path / "serial.jsonl"
    cli("extract", "--input", str(src), "-o", str(serial))
    assert rows == jsonl(serial)
    assert len(rows) == len(ids)


def test_spark_recipe_when_pyspark_is_installed():
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from nlp.distributed import SPARK_SCHEMA, process_partition

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    try:
        sdf = spark.createDataFrame(pd.DataFrame({"id": ["a"], "text": [TASK]}))
        out = sdf.mapInPandas(lambda it: process_partition(it, model="baseline"), SPARK_SCHEMA).toPandas()
        assert out["n_tasks"].tolist() == [1]
    finally:
        spark.stop()


def test_a_dead_worker_is_reported_and_no_record_is_dropped(monkeypatch):
    import multiprocessing

    from nlp.parallel import WorkerDied, parallel_pipe
    from nlp.pipeline import Pipeline

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched worker needs the fork start method")
    original = Pipeline.pipe

    def dying(self, records, batch_size=32):
        records = list(records)
        if any(doc_id == "die" for doc_id, _ in records):
            os._exit(9)  # as if the OOM killer struck mid-batch
        return original(self, records, batch_size=batch_size)

    monkeypatch.setattr(Pipeline, "pipe", dying)
    records = [(f"r{i}", TASK) for i in range(6)] + [("die", TASK)] + [(f"s{i}", RESULT) for i in range(6)]
    seen = []
    with pytest.raises(WorkerDied):
        for report in parallel_pipe(records, model="baseline", n_process=2, batch_size=2):
            seen.append(report)
    assert seen, "records before the failure still come out"
    died = [r for r in seen if r.error is not None]
    assert any(r.id == "die" for r in died)
    assert all(r.error.type == "WorkerDied" for r in died)
    ids = [r.id for r in seen]
    assert len(ids) == len(set(ids))  # nothing twice
