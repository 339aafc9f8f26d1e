"""Segmentation follows LABELS.md and repairs underthesea's sent_tokenize habits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.normalize import normalize
from nlp.segment import segment

CASES = [
    pytest.param(
        "Họp giao ban quý II\nChủ tịch UBND tỉnh phát biểu tại hội nghị.\n\nQuý I, tỉnh đạt kết quả tốt.",
        [("title", "Họp giao ban quý II"), ("caption", "Chủ tịch UBND tỉnh phát biểu tại hội nghị."),
         ("sentence", "Quý I, tỉnh đạt kết quả tốt.")],
        id="sent_tokenize-never-splits-at-newline",
    ),
    pytest.param(
        "Tỉnh hoàn thành kế hoạch. Các sở thực hiện đúng quy định./.",
        [("sentence", "Tỉnh hoàn thành kế hoạch."), ("sentence", "Các sở thực hiện đúng quy định./.")],
        id="end-mark-belongs-to-last-segment",
    ),
    pytest.param(
        "Hội nghị đề ra 2 nhiệm vụ: 1. Tăng cường kiểm tra. 2. Rà soát hồ sơ.",
        [("sentence", "Hội nghị đề ra 2 nhiệm vụ:"), ("sentence", "1. Tăng cường kiểm tra."),
         ("sentence", "2. Rà soát hồ sơ.")],
        id="inline-numbering-stays-with-its-sentence",
    ),
    pytest.param(
        "Chủ tịch yêu cầu các sở: rà soát hồ sơ; báo cáo kết quả; đề xuất giải pháp.",
        [("lead_in", "Chủ tịch yêu cầu các sở:"), ("list_item", "rà soát hồ sơ;"),
         ("list_item", "báo cáo kết quả;"), ("list_item", "đề xuất giải pháp.")],
        id="semicolon-enumeration",
    ),
    pytest.param(
        "Chủ tịch yêu cầu:\n- Rà soát hồ sơ;\n- Báo cáo kết quả.\nHội nghị kết thúc.",
        [("lead_in", "Chủ tịch yêu cầu:"), ("list_item", "- Rà soát hồ sơ;"),
         ("list_item", "- Báo cáo kết quả."), ("sentence", "Hội nghị kết thúc.")],
        id="bullet-lines",
    ),
    pytest.param(
        "Các nhiệm vụ gồm:\n1. Rà soát hồ sơ.\n2. Báo cáo kết quả.\na) Lập danh sách.",
        [("lead_in", "Các nhiệm vụ gồm:"), ("list_item", "1. Rà soát hồ sơ."),
         ("list_item", "2. Báo cáo kết quả."), ("list_item", "a) Lập danh sách.")],
        id="numbered-lines",
    ),
    pytest.param(
        "Chủ tịch yêu cầu:\nMột là, rà soát hồ sơ.\nHai là, báo cáo kết quả.",
        [("lead_in", "Chủ tịch yêu cầu:"), ("list_item", "Một là, rà soát hồ sơ."),
         ("list_item", "Hai là, báo cáo kết quả.")],
        id="word-numbered-lines",
    ),
    pytest.param(
        "Dự hội nghị có các đồng chí: A, B và C.",
        [("sentence", "Dự hội nghị có các đồng chí: A, B và C.")],
        id="commas-never-split",
    ),
    pytest.param(
        "Tỉnh đề ra mục tiêu: tăng trưởng 7%.",
        [("sentence", "Tỉnh đề ra mục tiêu: tăng trưởng 7%.")],
        id="one-item-is-no-enumeration",
    ),
    pytest.param(
        "Ông A phát biểu tại hội nghị. Ảnh: Thanh Hà Theo ông, tỉnh cần làm tốt công tác này.",
        [("caption", "Ông A phát biểu tại hội nghị. Ảnh: Thanh Hà"),
         ("sentence", "Theo ông, tỉnh cần làm tốt công tác này.")],
        id="run-in-photo-credit",
    ),
    pytest.param(
        "Bộ trưởng phát biểu tại buổi làm việc. Ảnh: Minh Khoa/TTXVN Phó Chủ tịch tỉnh cho biết đã giải ngân 60%.",
        [("caption", "Bộ trưởng phát biểu tại buổi làm việc. Ảnh: Minh Khoa/TTXVN"),
         ("sentence", "Phó Chủ tịch tỉnh cho biết đã giải ngân 60%.")],
        id="agency-after-slash-ends-the-credit",
    ),
    pytest.param(
        "Toàn cảnh hội nghị. Ảnh: Hồng Nhung -TTXVN Sau phần khai mạc, các đại biểu thảo luận.",
        [("caption", "Toàn cảnh hội nghị. Ảnh: Hồng Nhung -TTXVN"),
         ("sentence", "Sau phần khai mạc, các đại biểu thảo luận.")],
        id="agency-run-into-its-dash",
    ),
    pytest.param(
        "Quang cảnh phiên họp. Ảnh: VGP Giá điện phải được tính đủ chi phí.",
        [("caption", "Quang cảnh phiên họp. Ảnh: VGP"), ("sentence", "Giá điện phải được tính đủ chi phí.")],
        id="agency-alone-ends-the-credit",
    ),
    pytest.param(
        "Toàn cảnh buổi tiếp xúc. Ảnh: MINH ANH Ông Tư đề nghị sửa đường.",
        [("caption", "Toàn cảnh buổi tiếp xúc. Ảnh: MINH ANH"), ("sentence", "Ông Tư đề nghị sửa đường.")],
        id="name-in-capitals-goes-on",
    ),
    pytest.param(
        "Phải giữ vững kỷ cương ngân sách Tại buổi làm việc, Chủ tịch tỉnh yêu cầu các sở rà soát chi tiêu.",
        [("title", "Phải giữ vững kỷ cương ngân sách"),
         ("sentence", "Tại buổi làm việc, Chủ tịch tỉnh yêu cầu các sở rà soát chi tiêu.")],
        id="run-in-subheading",
    ),
    pytest.param(
        "Vốn về chậm, dự án đứng chờ Theo Sở Tài chính, mới giải ngân 18% kế hoạch.",
        [("sentence", "Vốn về chậm, dự án đứng chờ"), ("sentence", "Theo Sở Tài chính, mới giải ngân 18% kế hoạch.")],
        id="run-in-heading-with-a-comma-stays-a-sentence",
    ),
    pytest.param(
        "Ngày 9/3, Bộ trưởng Trần Văn Sáng cùng đoàn công tác kiểm tra tiến độ dự án.",
        [("sentence", "Ngày 9/3, Bộ trưởng Trần Văn Sáng cùng đoàn công tác kiểm tra tiến độ dự án.")],
        id="a-name-is-no-time-of-day",
    ),
    pytest.param(
        "Đồng chí Lê Văn B phát biểu tại hội nghị Theo đồng chí, các sở cần chủ động hơn.",
        [("caption", "Đồng chí Lê Văn B phát biểu tại hội nghị"),
         ("sentence", "Theo đồng chí, các sở cần chủ động hơn.")],
        id="run-in-caption-without-stop",
    ),
    pytest.param(
        "Hội nghị tổng kết\nTỉnh đạt kết quả tốt.\nKết quả nổi bật\nThu ngân sách tăng.\nThanh Hà",
        [("title", "Hội nghị tổng kết"), ("sentence", "Tỉnh đạt kết quả tốt."),
         ("title", "Kết quả nổi bật"), ("sentence", "Thu ngân sách tăng."), ("sentence", "Thanh Hà")],
        id="subheading-and-byline",
    ),
    pytest.param(
        "Ghi nhận kết quả quý I. Về nhiệm vụ quý II, các sở cần làm tốt.",
        [("sentence", "Ghi nhận kết quả quý I."), ("sentence", "Về nhiệm vụ quý II, các sở cần làm tốt.")],
        id="roman-numeral-before-full-stop",
    ),
    pytest.param(
        "Phiên họp bắt đầu lúc 8:30; kết thúc lúc 11:00.",
        [("sentence", "Phiên họp bắt đầu lúc 8:30; kết thúc lúc 11:00.")],
        id="clock-time-is-no-lead-in",
    ),
    pytest.param(
        "tỉnh họp bàn các nhiệm vụ trọng tâm không có dấu câu nào cả",
        [("title", "tỉnh họp bàn các nhiệm vụ trọng tâm không có dấu câu nào cả")],
        id="no-punctuation",
    ),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_segments(text, expected):
    segs = segment(text)
    assert [(s.kind, s.text) for s in segs] == expected
    for s in segs:
        assert text[s.start : s.end] == s.text


def test_list_items_point_to_their_lead_in():
    segs = segment("Mở đầu.\nChủ tịch yêu cầu các sở: rà soát; báo cáo.\nKết thúc.")
    kinds = [s.kind for s in segs]
    assert kinds == ["sentence", "lead_in", "list_item", "list_item", "sentence"]
    assert [s.parent for s in segs] == [None, None, 1, 1, None]


def test_seed_matches_gold(seed):
    text, gold = seed
    segs = segment(normalize(text).text)
    assert len(segs) == len(gold["segments"]) == 18
    for s, g in zip(segs, gold["segments"]):
        assert s.kind == g["kind"]
        assert abs(s.start - g["start"]) <= 2 and abs(s.end - g["end"]) <= 2


def test_long_text_without_punctuation_is_one_segment():
    text = " ".join(["cán bộ"] * 20_000)
    segs = segment(text)
    assert "".join(s.text for s in segs).replace(" ", "") == text.replace(" ", "")


report_like = st.lists(
    st.sampled_from(
        ["Chủ tịch yêu cầu", "các sở", "rà soát", "Ảnh: Thanh Hà", "phát biểu tại hội nghị",
         "quý I", "1.", "- ", "a)", ":", ";", ".", "./.", "\n", "\n\n", " ", "Theo ông", "8:30", "TP."]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(report_like)
def test_segments_cover_all_visible_text_without_overlap(text):
    text = normalize(text).text
    segs = segment(text)
    covered = [False] * len(text)
    last_end = 0
    for s in segs:
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text
        assert s.start >= last_end
        last_end = s.end
        for i in range(s.start, s.end):
            covered[i] = True
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


def test_token_is_a_frozen_dataclass():
    """`Token` fills its fields without the frozen ``__init__``: still fields, equality, hash, repr, replace, frozenness."""
    import dataclasses

    import pytest

    from nlp.tokenize import Token

    token = Token(3, 7, "Tỉnh")
    assert [f.name for f in dataclasses.fields(Token)] == ["start", "end", "text"]
    assert token == Token(start=3, end=7, text="Tỉnh") and hash(token) == hash((3, 7, "Tỉnh"))
    assert repr(token) == "Token(start=3, end=7, text='Tỉnh')" and vars(token) == {"start": 3, "end": 7, "text": "Tỉnh"}
    assert dataclasses.replace(token, end=8) == Token(3, 8, "Tỉnh") and dataclasses.astuple(token) == (3, 7, "Tỉnh")
    with pytest.raises(dataclasses.FrozenInstanceError):
        token.start = 0
