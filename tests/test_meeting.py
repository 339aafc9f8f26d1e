"""Tests for nlp.meeting: type, title, date, period, location, speaker and bodies of a meeting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.meeting import extract_meeting
from nlp.types import Segment

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_abf98aa3573e390c.txt"
SEED_GOLD = SHARED / "seed" / "000_abf98aa3573e390c.gold.json"


def build(parts):
    """Join ``(kind, text)`` parts, one per line, into a report and its segments."""
    text, segs = "", []
    for kind, piece in parts:
        if segs:
            text += "\n"
        segs.append(Segment(start=len(text), end=len(text) + len(piece), kind=kind, text=piece, label="other"))
        text += piece
    return text, segs


# (parts, expected fields; a field left out is not checked)
CASES = [
    ([("title", "Hội nghị sơ kết 6 tháng đầu năm 2024 ngành y tế tỉnh Hà Tĩnh"),
      ("sentence", "Sáng 12/7/2024, Sở Y tế tổ chức hội nghị sơ kết.")],
     dict(type="hội nghị sơ kết", date="2024-07-12", period="6 tháng đầu năm 2024", location="tỉnh Hà Tĩnh",
          bodies=["Sở Y tế"])),
    ([("title", "UBND tỉnh Bắc Kạn họp phiên thường kỳ tháng 10/2023"),
      ("caption", "Chủ tịch UBND tỉnh Đỗ Thị Minh Hoa kết luận phiên họp."),
      ("sentence", "Chiều 2/11, UBND tỉnh họp phiên thường kỳ.")],
     dict(type="phiên họp UBND", date=None, period="tháng 10/2023", location="tỉnh Bắc Kạn",
          speaker=("Đỗ Thị Minh Hoa", "Chủ tịch UBND tỉnh"))),
    ([("title", "Kỳ họp thứ 12 HĐND thành phố Cần Thơ khóa X bế mạc"),
      ("sentence", "Dưới sự chủ trì của Chủ tịch HĐND thành phố Lê Văn Tâm, kỳ họp đã thông qua 20 nghị quyết.")],
     dict(type="kỳ họp HĐND", location="thành phố Cần Thơ", speaker=("Lê Văn Tâm", "Chủ tịch HĐND thành phố"))),
    ([("title", "Đoàn đại biểu Quốc hội tiếp xúc cử tri huyện Con Cuông"),
      ("sentence", "Ngày 5/4, Đoàn đại biểu Quốc hội tỉnh Nghệ An tiếp xúc cử tri.")],
     dict(type="tiếp xúc cử tri", date=None, location="tỉnh Nghệ An")),
    ([("title", "Thông báo kết luận của Chủ tịch UBND tỉnh về công tác phòng cháy")],
     dict(type="thông báo kết luận", location=None, speaker=None)),
    ([("title", "Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng 8"),
      ("sentence", "Sáng 3/9/2022, Thủ tướng Phạm Văn Đông chủ trì phiên họp.")],
     dict(type="phiên họp Chính phủ", date="2022-09-03", period="tháng 8", speaker=("Phạm Văn Đông", "Thủ tướng"))),
    ([("title", "Bí thư Tỉnh ủy làm việc với huyện Quỳ Hợp"),
      ("sentence", "Ngày 20/3, đồng chí Thái Thanh Bình, Bí thư Tỉnh ủy Nghệ An làm việc với Ban Thường vụ Huyện ủy Quỳ Hợp.")],
     dict(type="buổi làm việc", location="tỉnh Nghệ An", speaker=("Thái Thanh Bình", "Bí thư Tỉnh ủy Nghệ An"))),
    ([("title", "Đối thoại giữa Chủ tịch UBND tỉnh với doanh nghiệp năm 2023")],
     dict(type="đối thoại", period="năm 2023")),
    ([("title", "Hà Giang: Tổng kết công tác dân vận năm 2022")],
     dict(type="hội nghị tổng kết", period="năm 2022", location="tỉnh Hà Giang")),
    ([("title", "Giao ban báo chí quý III/2025"), ("sentence", "Chiều 2/10, Ban Tuyên giáo Tỉnh ủy Ninh Bình chủ trì giao ban.")],
     dict(type="giao ban", period="quý III/2025", location="tỉnh Ninh Bình", bodies=["Ban Tuyên giáo Tỉnh ủy Ninh Bình"])),
    ([("sentence", "Sáng nay, Bộ Nội vụ tổ chức hội nghị trực tuyến với các địa phương.")],
     dict(type="hội nghị trực tuyến", title=None, location=None)),
]


@pytest.mark.parametrize("parts,expected", CASES)
def test_extract_meeting(parts, expected):
    text, segs = build(parts)
    m = extract_meeting(text, segs)
    for key, value in expected.items():
        got = getattr(m, key)
        if key == "speaker":
            got = (got.name, got.title) if got else None
        assert got == value, key
    if m.speaker is not None and m.speaker.start is not None:
        assert text[m.speaker.start:m.speaker.end] == m.speaker.text
    if any(s.kind == "title" for s in segs):
        assert m.title == segs[0].text


def test_empty_report():
    m = extract_meeting("", [])
    assert (m.type, m.title, m.date, m.period, m.location, m.speaker, m.bodies) == (None, None, None, None, None, None, [])


def test_seed_meeting():
    if not (SEED.exists() and SEED_GOLD.exists()):
        pytest.skip(f"seed report not found under {SHARED}")
    text = SEED.read_text(encoding="utf-8")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    segs = [Segment(start=g["start"], end=g["end"], kind=g["kind"], text=g["text"], label=g["label"])
            for g in gold["segments"]]
    m = extract_meeting(text, segs)
    g = gold["meeting"]
    assert m.type == g["type"] == "giao ban"
    assert m.title == g["title"]
    assert m.period == g["period"] == "quý I năm 2024"
    assert m.location == g["location"] == "tỉnh Thái Nguyên"
    assert (m.speaker.name, m.speaker.title) == (g["speaker"]["name"], g["speaker"]["title"])
    assert text[m.speaker.start:m.speaker.end] == m.speaker.text
    assert m.date is None  # the report states no date
