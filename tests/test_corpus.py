"""Corpus tooling: the source format, build, validation, statistics and exports."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from nlp.corpus import CORPUS_DIR, load_corpus, load_real, to_frame
from nlp.corpus import export as ex
from nlp.corpus.build import assign_splits, build, released_splits
from nlp.corpus.source import build_document, parse_source
from nlp.corpus.stats import corpus_stats
from nlp.corpus.validate import validate_corpus

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    (root / "source").mkdir()
    text = (DATA / "mini_source.txt").read_text(encoding="utf-8")
    # Keep only the first document: the second one is broken on purpose (see below).
    (root / "source" / "mini.txt").write_text(text.split("### doc t-0002")[0], encoding="utf-8")
    n, errors = build(root)
    assert errors == [] and n == 1
    return root


def test_build_computes_offsets_and_layout(mini):
    (doc,) = load_corpus(mini)
    assert doc.text.startswith("Huyện A giao ban tháng 5\nChủ tịch UBND huyện")
    assert "cùng kỳ. Tuy vậy" in doc.text  # "+ " joins with one space
    assert "công trình.\n\nChủ tịch" in doc.text  # a blank source line is an empty line
    kinds = [s.kind for s in doc.segments]
    assert kinds == ["title", "caption", "sentence", "sentence", "sentence", "lead_in", "list_item", "list_item"]
    assert [s.parent for s in doc.segments][-2:] == [5, 5]
    item = doc.directives[-2]
    assignee = item["assignees"][0]
    assert doc.text[assignee["start"] : assignee["end"]] == "các phòng, ban"
    assert item["deadline"]["interval"] == "2024-06-01/2024-06-30"
    assert doc.text[item["deadline"]["start"] : item["deadline"]["end"]] == "trong tháng 6"
    assert validate_corpus([doc]) == []


def test_source_errors_name_the_line():
    text = (DATA / "mini_source.txt").read_text(encoding="utf-8")
    second = [d for d in parse_source(text, "mini.txt") if d.id == "t-0002"][0]
    _, _, errors = build_document(second)
    # A ':' sentence followed by list items must be a lead_in; the deadline needs an interval.
    assert any("list_item without a lead_in" in e for e in errors)
    assert any("deadline needs '=> START/END'" in e for e in errors)
    assert all(e.startswith("mini.txt:") for e in errors)


def test_build_refuses_to_write_with_errors(tmp_path):
    (tmp_path / "source").mkdir()
    shutil.copy(DATA / "mini_source.txt", tmp_path / "source" / "mini.txt")
    n, errors = build(tmp_path)
    assert errors and not (tmp_path / "documents.jsonl").exists()


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: setattr(d.segments[2], "end", d.segments[3].start + 3), "overlaps"),
        (lambda d: setattr(d.segments[2], "label", "opinion"), "not in the scheme"),
        (lambda d: d.segments.pop(3), "is in no segment"),
        (lambda d: setattr(d.segments[-1], "parent", 1), "not an earlier lead_in"),
        (lambda d: d.directives.append({"segment": 2}), "belong to task or proposal"),
        (lambda d: d.directives[-1]["assignees"].append({"start": 0, "end": 99999}), "outside the text"),
    ],
    ids=["overlap", "unknown-label", "gap", "bad-parent", "directive-on-result", "span-outside"],
)
def test_validator_catches(mini, mutate, message):
    (doc,) = load_corpus(mini)
    mutate(doc)
    errors = validate_corpus([doc])
    assert any(message in e for e in errors), errors


def test_splits_are_stable_and_stratified():
    docs = [{"id": f"d{i}", "meeting_type": "giao ban" if i % 2 else "hội nghị"} for i in range(100)]
    a = assign_splits(docs)
    b = assign_splits(list(reversed(docs)))
    assert a == b
    assert sum(v == "test" for v in a.values()) == 16  # 15 % of each 50, rounded
    new = [{"id": f"new{i}", "meeting_type": "giao ban"} for i in range(20)]
    grown = assign_splits(docs + new, previous=a)
    assert {k: grown[k] for k in a} == a  # released documents never move
    # the new ones fill the group's quota: 15 % of 70 giao ban documents is 10 (or 11) in test
    giao_ban = [d["id"] for d in docs + new if d["meeting_type"] == "giao ban"]
    assert sum(grown[k] == "test" for k in giao_ban) == round(70 * 0.15)


def test_released_splits_are_kept_by_build(tmp_path):
    assert released_splits(tmp_path) == {}
    (tmp_path / "documents.jsonl").write_text('{"id": "a", "split": "dev"}\n', encoding="utf-8")
    assert released_splits(tmp_path) == {"a": "dev"}


@pytest.mark.parametrize("fmt", ["doccano", "label-studio", "docbin"])
def test_export_import_round_trip(mini, fmt):
    docs = load_corpus(mini)
    expected = [ex.annotation_record(d) for d in docs]
    if fmt == "doccano":
        got = [ex.from_doccano(json.loads(json.dumps(ex.to_doccano(d)))) for d in docs]
    elif fmt == "label-studio":
        got = [ex.from_label_studio(json.loads(json.dumps(ex.to_label_studio(d)))) for d in docs]
    else:
        from spacy.tokens import DocBin

        got = ex.from_docbin(DocBin().from_bytes(ex.to_docbin(docs).to_bytes()))
    assert got == expected


def test_frame_has_one_row_per_segment(mini):
    docs = load_corpus(mini)
    df = to_frame(docs)
    assert len(df) == len(docs[0].segments)
    assert set(df["label"]) <= {"result", "difficulty", "proposal", "task", "other"}


# --- the shipped corpus --------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    if not (CORPUS_DIR / "documents.jsonl").exists():
        pytest.skip("corpus/ is not in this checkout")
    return load_corpus()


def test_shipped_corpus_is_valid(shipped):
    assert validate_corpus(shipped) == []


def test_annotation_files_follow_their_schema():
    from nlp.corpus import read_jsonl
    from nlp.schema import schema_errors

    for path in (CORPUS_DIR / "annotations.jsonl", CORPUS_DIR / "real" / "annotations.jsonl"):
        if path.exists():
            for rec in read_jsonl(path):
                assert schema_errors(rec, "annotation") == [], rec["id"]


def test_shipped_corpus_is_built_from_its_sources(shipped, tmp_path):
    shutil.copytree(CORPUS_DIR / "source", tmp_path / "source")
    shutil.copy(CORPUS_DIR / "documents.jsonl", tmp_path)  # the released splits it keeps
    n, errors = build(tmp_path)
    assert errors == []
    for name in ("documents.jsonl", "annotations.jsonl"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (CORPUS_DIR / name).read_text(encoding="utf-8")


def test_shipped_corpus_meets_its_size_targets(shipped):
    st = corpus_stats(shipped)
    assert st["documents"] >= 300
    assert st["segments"] >= 5000
    assert min(st["labels"].values()) >= 400
    assert st["provinces_or_bodies"] >= 40
    assert st["segments_per_document"]["min"] <= 8 and st["segments_per_document"]["max"] >= 40


def test_no_near_duplicates_across_splits(shipped):
    def shingles(text: str) -> set[str]:
        words = text.lower().split()
        return {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}

    by_split: dict[str, list] = {}
    for d in shipped:
        by_split.setdefault(d.split, []).append((d.id, shingles(d.text)))
    worst = (0.0, None, None)
    for test_id, a in by_split["test"] + by_split["dev"]:
        for train_id, b in by_split["train"]:
            j = len(a & b) / max(len(a | b), 1)
            worst = max(worst, (j, test_id, train_id))
    assert worst[0] < 0.3, f"near-duplicates across splits: {worst}"


def test_stats_in_datasheet_are_current(shipped):
    from nlp.corpus.stats import END, START, stats_markdown

    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    block = readme.split(START)[1].split(END)[0].strip()
    assert block == stats_markdown(corpus_stats(shipped)).strip(), "run: vn-directives corpus stats --update-readme"


def test_agreement_is_reported_and_high_enough(shipped):
    from nlp.corpus.agreement import END, START, agreement, agreement_markdown, held_out_agreement, real_agreement

    st = agreement()
    assert st["documents"] >= 0.1 * len(shipped)  # issue 3: at least 10 % labeled twice
    assert st["kappa"] >= 0.75
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    block = readme.split(START)[1].split(END)[0].strip()
    expected = agreement_markdown(st, real_agreement(), held_out_agreement()).strip()
    assert block == expected, "run: vn-directives corpus agreement --update-readme"


def test_real_labels_join_when_shared_is_present():
    real = load_real()
    if not real:
        pytest.skip("../shared/real is not here, or no real labels yet")
    assert validate_corpus(real) == []
    assert len(real) >= 40


def test_held_out_real_labels_are_other_articles():
    from nlp.corpus import REAL_HELDOUT

    held_out = load_real(labels=REAL_HELDOUT)
    if not held_out:
        pytest.skip("../shared/real is not here, or no held-out labels")
    assert validate_corpus(held_out) == []
    # A held-out article must never be one we looked at while choosing models.
    assert not {d.id for d in held_out} & {d.id for d in load_real()}
    assert all(d.directives == [] for d in held_out)  # labels only


def test_evaluate_reports_the_held_out_set_without_directive_figures(monkeypatch):
    """The held-out set gets its own section; its records hold no directives, so none are scored."""
    import nlp.corpus
    from nlp.corpus import REAL_HELDOUT
    from nlp.evaluate import run_evaluation

    docs = load_corpus(split="dev")[:3]
    held_out = [replace(d, directives=[]) for d in docs]
    monkeypatch.setattr(nlp.corpus, "load_corpus", lambda root, split=None: docs)
    monkeypatch.setattr(nlp.corpus, "load_real",
                        lambda root, labels=nlp.corpus.REAL_LABELS: held_out if labels == REAL_HELDOUT else [])
    results, text = run_evaluation("baseline", "dev", CORPUS_DIR)
    assert "== real-text labels: not available" in text
    assert "== real-text held-out labels: 3 documents" in text
    assert "directives" in results["corpus dev"] and "directives" not in results["real-text held-out labels"]
    assert text.count("directives: not labeled in this set") == 1


def test_field_units_come_from_the_first_segment_holding_all_of_them():
    """An item repeats its lead-in's units: "các cấp" is the lead-in's, not the item's own words."""
    text = (
        "### doc t-0100\nmeta title: T\nmeta date: 2024-05-02\nmeta body: UBND tỉnh\nmeta province: X\n"
        "meta meeting_type: giao ban\nmeta author_pass: writer-1\n"
        "lead_in task | Ông đề nghị UBND tỉnh, các cấp, các ngành tập trung:\n"
        "list_item task | - Chuẩn bị tốt đại hội đảng bộ các cấp.\n"
        "  assignees: UBND tỉnh || các cấp || các ngành\n"
    )
    document, ann, errors = build_document(parse_source(text, "t.txt")[0])
    assert not errors
    spans = [document["text"][a["start"]:a["end"]] + f"@{a['start']}" for a in ann["directives"][0]["assignees"]]
    lead = document["text"].index("UBND tỉnh")
    assert spans == [f"UBND tỉnh@{lead}", f"các cấp@{lead + 11}", f"các ngành@{lead + 20}"]
