"""The vn-directives command end to end: inputs, outputs, error records, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import nlp
from nlp.cli import main
from nlp.schema import schema_errors


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_every_command_has_help():
    for cmd in ([], ["extract"], ["schema"], ["train"], ["evaluate"], ["corpus"], ["corpus", "stats"],
                ["corpus", "validate"], ["corpus", "build"], ["corpus", "export"], ["corpus", "import"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_example_as_jsonl():
    result = run("extract", "--example", "--model", "baseline")
    assert result.exit_code == 0
    (out,) = lines(result.stdout)
    assert schema_errors(out) == []
    assert out["id"] == "example" and out["error"] is None
    for key in ("id", "schema_version", "meeting", "segments", "directives", "error"):
        assert key in out
    for seg in out["segments"]:
        assert {"start", "end", "kind", "text", "label", "confidence"} <= set(seg)
        assert nlp.example_text()[seg["start"] : seg["end"]] == seg["text"]


def test_pretty_output_is_for_people():
    result = run("extract", "--example", "--pretty", "--model", "baseline")
    assert result.exit_code == 0
    assert "Segments" in result.output and "Directives" in result.output
    assert "{" not in result.output.splitlines()[0]


def test_abstain_below_relabels_unsure_segments_other():
    result = run("extract", "--example", "--abstain-below", "0.999")
    assert result.exit_code == 0
    (out,) = lines(result.stdout)
    assert schema_errors(out) == []
    unsure = [s for s in out["segments"] if s["confidence"] < 0.999]
    assert unsure and all(s["label"] == "other" and s["abstained"] for s in unsure)
    assert not any(s["abstained"] for s in out["segments"] if s["confidence"] >= 0.999)
    pretty = run("extract", "--example", "--pretty", "--abstain-below", "0.999").output
    assert "other*" in pretty and "abstained" in pretty


@pytest.mark.parametrize("value", ["0", "1.5", "x"])
def test_abstain_below_must_be_a_probability(value):
    result = run("extract", "--example", "--abstain-below", value)
    assert result.exit_code == 2 and "--abstain-below" in result.output


def test_jsonl_with_bad_records_keeps_one_line_per_record(tmp_path):
    src = tmp_path / "in.jsonl"
    good = json.dumps({"doc": "g1", "body": "Chủ tịch UBND tỉnh yêu cầu các sở rà soát hồ sơ."}, ensure_ascii=False)
    src.write_bytes(
        (good + "\n").encode()
        + b'{"doc": "broken", "body": \n'  # malformed JSON
        + b'{"doc": "missing"}\n'  # no text field
        + b'{"doc": "number", "body": 7}\n'  # text is not a string
        + b'{"doc": "empty", "body": "   "}\n'
        + b'{"doc": "latin1", "body": "caf\xe9"}\n'  # invalid UTF-8
        + b'[1, 2]\n'  # not an object
        + (good.replace("g1", "g2") + "\n").encode()
    )
    out = tmp_path / "out.jsonl"
    result = run("extract", "--input", str(src), "--id-field", "doc", "--text-field", "body",
                 "-o", str(out), "--model", "baseline")
    assert result.exit_code == 1  # some records failed
    rows = lines(out.read_text(encoding="utf-8"))
    assert len(rows) == 8
    errors = [(r["id"], r["error"]["type"] if r["error"] else None) for r in rows]
    assert errors == [
        ("g1", None), (f"{src}:2", "RecordError"), ("missing", "RecordError"), ("number", "NotText"),
        ("empty", "EmptyText"), ("latin1", "RecordError"), (f"{src}:7", "RecordError"), ("g2", None),
    ]
    for r in rows:
        assert schema_errors(r) == []
        if r["error"]:
            assert r["error"]["message"]
    assert "invalid UTF-8" in rows[5]["error"]["message"]


def test_text_files_and_invalid_utf8_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(nlp.example_text(), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Hội nghị".encode("utf-8") + b"\xff\xfe")
    result = run("extract", str(good), str(bad), "--model", "baseline")
    assert result.exit_code == 1
    rows = lines(result.stdout)
    assert [r["id"] for r in rows] == [str(good), str(bad)]
    assert rows[0]["error"] is None and rows[1]["error"]["type"] == "RecordError"


def test_stdin_text():
    result = run("extract", "--model", "baseline", input="Chủ tịch UBND tỉnh yêu cầu các sở rà soát.")
    assert result.exit_code == 0
    (row,) = lines(result.stdout)
    assert row["id"] == "-" and row["segments"][0]["label"] == "task"


def test_stdin_jsonl():
    data = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                     for i, t in enumerate(["Tỉnh đạt kết quả tốt.", ""]))
    result = run("extract", "--input", "-", "--model", "baseline", input=data)
    assert [r["id"] for r in lines(result.stdout)] == ["0", "1"]


def test_schema_command_prints_the_schema():
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].endswith("2020-12/schema")


def test_console_script_and_module_are_the_same_command():
    out = subprocess.run([sys.executable, "-m", "nlp", "extract", "--example", "--model", "baseline"],
                         capture_output=True, text=True, check=True)
    (row,) = lines(out.stdout)
    assert row["id"] == "example"


def test_missing_file_is_an_error_record_not_a_traceback(tmp_path):
    result = run("extract", str(tmp_path / "nope.txt"), "--model", "baseline")
    assert result.exit_code == 1
    (row,) = lines(result.stdout)
    assert row["error"]["type"] == "RecordError" and "nope.txt" in row["error"]["message"]


@pytest.mark.parametrize("model", ["no/such/model.skops"])
def test_bad_model_is_a_one_line_error(model):
    result = CliRunner().invoke(main, ["extract", "--example", "--model", model])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "does not exist" in result.output


def test_readme_shows_the_current_example_output():
    """README's example is the shipped model's output; retraining must refresh it."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- example:start -->")[1].split("```text\n")[1].split("\n```")[0]
    assert shown == run("extract", "--example", "--pretty").output.rstrip("\n"), \
        "paste 'vn-directives extract --example --pretty' into README.md"
    # The abridged JSON line ("..." stands for left-out items) shows real items of the real line.
    abridged = json.loads(readme.split("<!-- example:start -->")[1].split("```json\n")[1].split("\n```")[0])
    (full,) = lines(run("extract", "--example").stdout)
    for key in ("segments", "directives"):
        shown_items = [x for x in abridged[key] if x != "..."]
        assert shown_items and all(x in full[key] for x in shown_items), f"README's {key} are out of date"
    assert {k: v for k, v in abridged.items() if k not in ("segments", "directives")} == \
        {k: v for k, v in full.items() if k not in ("segments", "directives")}
