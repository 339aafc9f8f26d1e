"""Tests for nlp.gazetteer: bodies, titles, people, abbreviations, spaCy patterns."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nlp.gazetteer import (
    expand_abbreviation,
    find_bodies,
    find_people,
    find_titles,
    spacy_patterns,
    split_place_name,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_abf98aa3573e390c.txt"

BODIES = [
    # Names that hold lower-case words: a field ("Y tế dự phòng"), a project board's scope, a party committee.
    ("Bộ trưởng giao Cục Y tế dự phòng chủ trì.", ["Cục Y tế dự phòng"]),
    ("Bà đề nghị UBND huyện Ea H'leo kiểm tra phân bón.", ["UBND huyện Ea H'leo"]),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng tỉnh rà soát hồ sơ.",
     ["Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng tỉnh"]),
    ("Ban Quản lý dự án xây dựng kế hoạch.", ["Ban Quản lý dự án"]),
    ("Ban Thường vụ Đảng ủy Tổng công ty kiểm điểm trách nhiệm.", ["Ban Thường vụ Đảng ủy Tổng công ty"]),
    ("Đồng chí yêu cầu các Ban xây dựng Đảng tham mưu.", ["các Ban xây dựng Đảng"]),
    ("Ban Thường vụ Tỉnh ủy họp định kỳ.", ["Ban Thường vụ Tỉnh ủy"]),
    ("Thường trực HĐND tỉnh và Thường trực Thành ủy dự họp.", ["Thường trực HĐND tỉnh", "Thường trực Thành ủy"]),
    ("UBND tỉnh Quảng Ninh giao Sở Y tế chủ trì.", ["UBND tỉnh Quảng Ninh", "Sở Y tế"]),
    ("Huyện ủy Lâm Bình kiến nghị tỉnh.", ["Huyện ủy Lâm Bình"]),
    # Field names with "không" or a comma inside; a person's head noun is not a member of a "các" list.
    ("Cục Hàng không Việt Nam rà soát giờ bay.", ["Cục Hàng không Việt Nam"]),
    ("Cục Khoa học, Công nghệ và Thông tin chủ trì.", ["Cục Khoa học, Công nghệ và Thông tin"]),
    ("Đề nghị các cấp ủy, người đứng đầu cơ quan nêu gương.", ["các cấp ủy"]),
    ("Ủy ban MTTQ Việt Nam tỉnh và các đoàn thể tham gia.", ["Ủy ban MTTQ Việt Nam tỉnh", "các đoàn thể"]),
    ("Sở Tài nguyên và Môi trường, Sở Văn hóa, Thể thao và Du lịch phối hợp.",
     ["Sở Tài nguyên và Môi trường", "Sở Văn hóa, Thể thao và Du lịch"]),
    ("Bộ Kế hoạch và Đầu tư và Bộ GD&ĐT thống nhất.", ["Bộ Kế hoạch và Đầu tư", "Bộ GD&ĐT"]),
    ("Công an tỉnh và Bộ Chỉ huy Quân sự tỉnh diễn tập.", ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]),
    ("Chính phủ trình Quốc hội dự án luật.", ["Chính phủ", "Quốc hội"]),
    ("Cục Thuế, Tổng cục Hải quan và Chi cục Kiểm lâm vào cuộc.", ["Cục Thuế", "Tổng cục Hải quan", "Chi cục Kiểm lâm"]),
    ("Văn phòng UBND tỉnh thông báo.", ["Văn phòng UBND tỉnh"]),
    ("Đề nghị các sở, ngành và các địa phương thực hiện.", ["các sở, ngành", "các địa phương"]),
    ("UBND các huyện, thị xã, thành phố báo cáo.", ["UBND các huyện, thị xã, thành phố"]),
    ("Giao các cấp, ngành liên quan triển khai.", ["các cấp, ngành liên quan"]),
    ("Tỉnh uỷ Hoà Bình chỉ đạo.", ["Tỉnh uỷ Hoà Bình"]),  # old-style tone marks are kept as written
    ("UBND TP. Phổ Yên và Ban Quản lý các khu công nghiệp tỉnh họp.", ["UBND TP. Phổ Yên", "Ban Quản lý"]),
]

PEOPLE = [
    ("Đồng chí Trần Văn Lực, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh phát biểu.",
     [("Trần Văn Lực", "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh")]),
    ("Chủ tịch UBND tỉnh Lạng Sơn Hoàng Văn Nghiệm yêu cầu các sở.", [("Hoàng Văn Nghiệm", "Chủ tịch UBND tỉnh Lạng Sơn")]),
    ("Bí thư Tỉnh ủy Nam Định Đinh Văn Khoa chủ trì.", [("Đinh Văn Khoa", "Bí thư Tỉnh ủy Nam Định")]),
    ("Phó Thủ tướng Thường trực Chính phủ Lê Quang Huy kết luận.", [("Lê Quang Huy", "Phó Thủ tướng Thường trực Chính phủ")]),
    ("Bộ trưởng Bộ Tài chính Vũ Thành Nam cho biết.", [("Vũ Thành Nam", "Bộ trưởng Bộ Tài chính")]),
    ("Ông Ngô Đức Hải, Giám đốc Sở Xây dựng, trình bày.", [("Ngô Đức Hải", "Giám đốc Sở Xây dựng")]),
    ("bà Lý Thị Hằng nêu ý kiến.", [("Lý Thị Hằng", None)]),
    ("Bộ trưởng Thắng đề nghị các địa phương.", [("Thắng", "Bộ trưởng")]),
    ("Dự có các đồng chí: Lê Hữu Phước, Ủy viên Ban Thường vụ Tỉnh ủy; Mai Thị Thu, Phó Chủ tịch UBND tỉnh.",
     [("Lê Hữu Phước", "Ủy viên Ban Thường vụ Tỉnh ủy"), ("Mai Thị Thu", "Phó Chủ tịch UBND tỉnh")]),
    ("Phó Chủ tịch UBND tỉnh, Trưởng ban An toàn giao thông tỉnh Nông Văn Tư chỉ đạo.",
     [("Nông Văn Tư", "Phó Chủ tịch UBND tỉnh, Trưởng ban An toàn giao thông tỉnh")]),
    ("Tại tỉnh Bà Rịa - Vũng Tàu, người dân đồng tình.", []),
    ("Cử tri Đỗ Văn Thành phản ánh về giá điện.", [("Đỗ Văn Thành", None)]),
]

TITLES = [
    ("Phát biểu tại hội nghị, đồng chí Phó Bí thư Tỉnh ủy đã ghi nhận kết quả.", "Phó Bí thư Tỉnh ủy"),
    ("Chủ tịch UBND tỉnh yêu cầu Sở Y tế kiểm tra.", "Chủ tịch UBND tỉnh"),
    ("Thủ tướng Chính phủ đề nghị các bộ.", "Thủ tướng Chính phủ"),
    ("Giám đốc Sở Nông nghiệp và Phát triển nông thôn cho biết.", "Giám đốc Sở Nông nghiệp và Phát triển nông thôn"),
]


def _check_offsets(text, spans):
    for s in spans:
        assert text[s.start:s.end] == s.text, (s, text[s.start:s.end])


@pytest.mark.parametrize("text,expected", BODIES)
def test_find_bodies(text, expected):
    found = find_bodies(text)
    _check_offsets(text, found)
    assert [b.text for b in found] == expected


@pytest.mark.parametrize("text,expected", PEOPLE)
def test_find_people(text, expected):
    people = find_people(text)
    _check_offsets(text, people)
    assert [(p.name, p.title) for p in people] == expected


@pytest.mark.parametrize("text,expected_title", TITLES)
def test_bare_titles(text, expected_title):
    titles = find_titles(text)
    _check_offsets(text, titles)
    assert titles and titles[0].name is None and titles[0].title == expected_title


def test_window_offsets():
    text = "UBND tỉnh họp. Sở Công Thương báo cáo. Bộ Quốc phòng dự."
    start, end = text.index("Sở"), text.index("Bộ")
    found = find_bodies(text, start, end)
    assert [b.text for b in found] == ["Sở Công Thương"]
    _check_offsets(text, found)


@pytest.mark.parametrize(
    "abbr,expected",
    [("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("MTTQ", "Mặt trận Tổ quốc"),
     ("KT-XH", "kinh tế - xã hội"), ("GPMB", "giải phóng mặt bằng"), ("ATGT", "an toàn giao thông"),
     ("NTM", "nông thôn mới"), ("TP.", "thành phố"), ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
     ("XYZ", None)],
)
def test_expand_abbreviation(abbr, expected):
    assert expand_abbreviation(abbr) == expected


@pytest.mark.parametrize(
    "words,after_level,expected",
    [(["Nam", "Định", "Đoàn", "Hồng", "Phong"], False, 2), (["Lâm", "Bình"], True, 2),
     (["Nguyễn", "Văn", "An"], True, 0), (["Hòa", "Bình"], False, 2), (["Lộc", "Văn", "Hưng"], True, 0)],
)
def test_split_place_name(words, after_level, expected):
    assert split_place_name(words, after_level) == expected


def test_spacy_patterns_load_in_a_span_ruler():
    spacy = pytest.importorskip("spacy")
    pats = spacy_patterns()
    assert pats and all({"label", "pattern"} <= set(p) for p in pats)
    assert {p["label"] for p in pats} >= {"BODY", "GROUP", "TITLE", "ABBR"}
    nlp = spacy.blank("xx")
    ruler = nlp.add_pipe("span_ruler")
    ruler.add_patterns(pats)
    doc = nlp("Chủ tịch UBND tỉnh yêu cầu Sở Y tế và các sở, ngành thực hiện.")
    found = {(s.label_, s.text) for s in doc.spans["ruler"]}
    assert ("BODY", "UBND tỉnh") in found
    assert ("BODY", "Sở Y tế") in found
    assert ("TITLE", "Chủ tịch") in found


@pytest.mark.parametrize("chunk", ["Sở ", "A ", " ", "Chủ tịch ", "các sở, ", "Nguyễn Văn ", "UBND tỉnh ", "đồng chí "])
def test_long_inputs_stay_linear(chunk):
    text = (chunk * (200_000 // len(chunk) + 1))[:200_000]
    t0 = time.perf_counter()
    bodies, titles = find_bodies(text), find_titles(text)
    assert time.perf_counter() - t0 < 10.0
    _check_offsets(text, bodies)
    _check_offsets(text, titles)


def test_offsets_hold_on_random_text():
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    pieces = st.sampled_from(["UBND", " tỉnh", " Sở", " Y tế", "các", " sở, ngành", "Chủ tịch", " Nguyễn Văn A",
                              ", ", "đồng chí", " Tỉnh uỷ", "\n", "Bà Rịa", " và ", "Phó ", "Bộ trưởng", " ", "ĐT&"])

    @hypothesis.given(st.lists(pieces, max_size=25))
    @hypothesis.settings(max_examples=200, deadline=None)
    def check(parts):
        text = "".join(parts)
        _check_offsets(text, find_bodies(text))
        _check_offsets(text, find_titles(text))

    check()


def test_seed_people_and_bodies():
    if not SEED.exists():
        pytest.skip(f"seed report not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    people = find_people(text)
    assert [(p.name, p.title) for p in people] == [
        ("Phạm Hoàng Sơn", "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh")
    ]
    bodies = {(b.start, b.text) for b in find_bodies(text)}
    assert {(2434, "Thường trực Tỉnh ủy"), (2481, "UBND tỉnh"), (2497, "các Ban Xây dựng Đảng"),
            (2520, "các cấp, ngành liên quan")} <= bodies
