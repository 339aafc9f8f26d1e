"""Labeling sheets for real articles: offsets survive the round trip, bad labels name their row."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nlp.cli import main
from nlp.corpus import load_real, text_sha1
from nlp.corpus.real_sheet import candidates, read_sheet, records_from_sheet, sheet_rows, write_sheet
from nlp.corpus.validate import validate_corpus

# Articles written for this test, in the shape of the crawled ones: a title line, a caption
# with its credit run into the body, a lead-in with items, an old-style tone mark ("hoà").
ARTICLES = [
    {"id": "t/1", "selection_tier": "core",
     "text": "Tỉnh họp bàn giải ngân vốn đầu tư công\nPhó Chủ tịch tỉnh phát biểu tại hội nghị. Ảnh: Minh Khoa"
             " Theo báo cáo, tỉnh mới giải ngân 31% kế hoạch. Phó Chủ tịch yêu cầu các sở: rà soát từng dự án;"
             " điều chuyển vốn của dự án chậm; báo cáo trước ngày 30/6."},
    {"id": "t/2", "selection_tier": "core",
     "text": "Huyện đối thoại với nông dân\nTại buổi đối thoại, bà con kiến nghị huyện hoà giải tranh chấp đất."},
    {"id": "t/3", "selection_tier": "extended", "text": "Tin khác\nMột bài không họp."},
]
TEXTS = {a["id"]: a["text"] for a in ARTICLES}


def test_sheet_rows_index_the_original_text():
    for article in ARTICLES[:2]:
        rows = sheet_rows(article["id"], article["text"])
        assert [r["i"] for r in rows] == list(range(len(rows)))
        for r in rows:
            assert r["text"] == " ".join(article["text"][r["start"]:r["end"]].split())
            assert r["label"] == ""


def test_filled_sheet_becomes_valid_standoff_records(tmp_path):
    rows = [r | {"label": "task" if r["kind"] in ("lead_in", "list_item") else "other"}
            for a in ARTICLES[:2] for r in sheet_rows(a["id"], a["text"])]
    records = records_from_sheet(rows, TEXTS)
    assert [r["id"] for r in records] == ["t/1", "t/2"]
    assert records[0]["text_sha1"] == text_sha1(TEXTS["t/1"])
    assert "text" not in json.dumps(records[0]["segments"])  # offsets only: the articles are not ours
    # Joined back to the texts, they pass the corpus checks (coverage, offsets, lead-ins).
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "heldout.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    texts = tmp_path / "articles.jsonl"
    texts.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    docs = load_real(tmp_path, texts, labels="heldout.jsonl")
    assert validate_corpus(docs) == []
    assert [s.label for s in docs[0].segments].count("task") == 4  # the lead-in and its three items


@pytest.mark.parametrize(("label", "message"), [("", "t/2 segment 0: label ''"), ("tasks", "label 'tasks'")])
def test_a_bad_label_names_its_row(label, message):
    rows = sheet_rows("t/2", TEXTS["t/2"])
    rows = [r | {"label": "other"} for r in rows]
    rows[0]["label"] = label
    with pytest.raises(ValueError, match=message):
        records_from_sheet(rows, TEXTS)


def test_candidates_are_core_articles_in_a_fixed_order():
    first = candidates(ARTICLES)
    assert sorted(first) == ["t/1", "t/2"]  # the extended-tier article is never drawn
    assert candidates(list(reversed(ARTICLES))) == first
    assert candidates(ARTICLES, exclude=[first[0]]) == first[1:]


def test_cli_sheet_then_import(tmp_path):
    texts = tmp_path / "articles.jsonl"
    texts.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    root, sheet = tmp_path / "corpus", tmp_path / "sheet.tsv"
    root.mkdir()
    run = CliRunner().invoke
    result = run(main, ["corpus", "real-sheet", "--root", str(root), "--texts", str(texts), "--draw", "1",
                        "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    [drawn] = {r["id"] for r in read_sheet(sheet)}
    assert drawn == candidates(ARTICLES)[0]

    # An unfilled sheet is refused, with the article and segment named.
    result = run(main, ["corpus", "real-import", "--root", str(root), "--texts", str(texts), str(sheet)])
    assert result.exit_code != 0 and f"{drawn} segment 0" in result.output
    filled = tmp_path / "filled.tsv"
    write_sheet(filled, [r | {"label": "other"} for r in read_sheet(sheet)])
    result = run(main, ["corpus", "real-import", "--root", str(root), "--texts", str(texts), str(filled)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in (root / "real" / "heldout.jsonl").open()] == [drawn]
    # A labeled article is not drawn again, and not imported twice.
    result = run(main, ["corpus", "real-sheet", "--root", str(root), "--texts", str(texts), "--draw", "5",
                        "-o", str(sheet)])
    assert {r["id"] for r in read_sheet(sheet)} == {"t/1", "t/2"} - {drawn}
    result = run(main, ["corpus", "real-import", "--root", str(root), "--texts", str(texts), str(filled)])
    assert result.exit_code != 0 and "already labeled" in result.output
