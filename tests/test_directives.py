"""Tests for nlp.directives: issuer, assignees, action and deadline of task/proposal segments."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from nlp.directives import extract_directives
from nlp.types import Directive, Segment

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_abf98aa3573e390c.txt"
SEED_GOLD = SHARED / "seed" / "000_abf98aa3573e390c.gold.json"

T, S, L, I = "title", "sentence", "lead_in", "list_item"


def build(parts):
    """Join ``(kind, label, text, same_line)`` parts into a report and its segments.

    List items get ``parent`` = the last lead-in, as the segmenter sets it.
    """
    text, segs, lead = "", [], None
    for kind, label, piece, joined in parts:
        if segs:
            text += " " if joined else "\n"
        start = len(text)
        text += piece
        if kind == L:
            lead = len(segs)
        segs.append(Segment(start=start, end=len(text), kind=kind, text=piece, label=label,
                            parent=lead if kind == I else None))
    return text, segs


def summary(d: Directive):
    issuer = (d.issuer.name, d.issuer.title) if d.issuer else None
    deadline = (d.deadline.text, d.deadline.interval) if d.deadline else None
    return d.segment, d.type, issuer, [a.text for a in d.assignees], deadline, d.action.text if d.action else None


def check_offsets(text, directives):
    for d in directives:
        spans = [*d.assignees, d.action, d.deadline]
        if d.issuer is not None and d.issuer.start is not None:
            spans.append(d.issuer)
        for s in filter(None, spans):
            assert text[s.start:s.end] == s.text, (s, text[s.start:s.end])


# Each case: the report as parts, then the expected directives (segment, type, issuer, assignees, deadline, action).
CASES = {
    "chair with name, own deadline": (
        [(T, "other", "Hội nghị giao ban công tác an toàn giao thông quý III năm 2023", False),
         (S, "task", "Chủ tịch UBND tỉnh Nguyễn Văn Hòa yêu cầu Công an tỉnh tăng cường tuần tra, kiểm soát trong tháng 9.", False)],
        [(1, "task", ("Nguyễn Văn Hòa", "Chủ tịch UBND tỉnh"), ["Công an tỉnh"],
          ("trong tháng 9", "2023-09-01/2023-09-30"), "tăng cường tuần tra, kiểm soát trong tháng 9")],
    ),
    "lead-in governs its items; item deadline": (
        [(T, "other", "Phiên họp thường kỳ tháng 5/2024", False),
         (S, "other", "Chiều 30/5, UBND huyện tổ chức phiên họp thường kỳ.", False),
         (L, "task", "Kết luận phiên họp, đồng chí Lê Minh Tuấn, Chủ tịch UBND huyện đề nghị các phòng, ban chuyên môn:", False),
         (I, "task", "khẩn trương hoàn thiện hồ sơ đất đai;", True),
         (I, "task", "rà soát các công trình chậm tiến độ, báo cáo trước ngày 15/6.", True)],
        [(3, "task", ("Lê Minh Tuấn", "Chủ tịch UBND huyện"), ["các phòng, ban chuyên môn"], None,
          "khẩn trương hoàn thiện hồ sơ đất đai"),
         (4, "task", ("Lê Minh Tuấn", "Chủ tịch UBND huyện"), ["các phòng, ban chuyên môn"],
          ("trước ngày 15/6", "2024-05-30/2024-06-15"), "rà soát các công trình chậm tiến độ, báo cáo trước ngày 15/6")],
    ),
    "partner after 'phối hợp với' is not an assignee": (
        [(S, "task", "Phó Thủ tướng giao Bộ Tài chính chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư đề xuất phương án phân bổ vốn.", False)],
        [(0, "task", (None, "Phó Thủ tướng"), ["Bộ Tài chính"], None,
          "chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư đề xuất phương án phân bổ vốn")],
    ),
    "body issuer; units told to direct; one 'các' group": (
        [(S, "task", "Thường trực Tỉnh ủy đề nghị UBND tỉnh chỉ đạo các sở, ngành, địa phương triển khai kế hoạch trong quý IV năm 2025.", False)],
        [(0, "task", (None, "Thường trực Tỉnh ủy"), ["UBND tỉnh", "các sở, ngành, địa phương"],
          ("trong quý IV năm 2025", "2025-10-01/2025-12-31"), "triển khai kế hoạch trong quý IV năm 2025")],
    ),
    "continuation inherits everything": (
        [(S, "task", "Bí thư Huyện ủy Đặng Thị Mai yêu cầu các xã, thị trấn hoàn thành kiện toàn tổ dân phố trước 31/12/2024.", False),
         (S, "task", "Đồng thời, rà soát lại danh sách hộ nghèo.", True)],
        [(0, "task", ("Đặng Thị Mai", "Bí thư Huyện ủy"), ["các xã, thị trấn"], ("trước 31/12/2024", "2024-01-01/2024-12-31"),
          "hoàn thành kiện toàn tổ dân phố trước 31/12/2024"),
         (1, "task", ("Đặng Thị Mai", "Bí thư Huyện ủy"), ["các xã, thị trấn"], ("trước 31/12/2024", "2024-01-01/2024-12-31"),
          "rà soát lại danh sách hộ nghèo")],
    ),
    "pronoun resolves to the person named before": (
        [(S, "other", "Giám đốc Sở Y tế Phạm Quốc An dự và phát biểu tại hội nghị.", False),
         (S, "task", "Ông yêu cầu các bệnh viện tuyến huyện bảo đảm đủ thuốc, vật tư y tế.", True)],
        [(1, "task", ("Phạm Quốc An", "Giám đốc Sở Y tế"), ["các bệnh viện tuyến huyện"], None, "bảo đảm đủ thuốc, vật tư y tế")],
    ),
    "subject with 'phải' is the assignee": (
        [(S, "task", "Sở Xây dựng phải hoàn thành thẩm định thiết kế trong tháng 7/2025.", False)],
        [(0, "task", None, ["Sở Xây dựng"], ("trong tháng 7/2025", "2025-07-01/2025-07-31"), "hoàn thành thẩm định thiết kế trong tháng 7/2025")],
    ),
    "'được giao' subject; the contractor urged is not an assignee": (
        [(S, "task", "Ban Quản lý dự án đầu tư xây dựng tỉnh được giao đôn đốc nhà thầu đẩy nhanh tiến độ.", False)],
        [(0, "task", None, ["Ban Quản lý dự án đầu tư xây dựng tỉnh"], None, "đôn đốc nhà thầu đẩy nhanh tiến độ")],
    ),
    "'Theo X,' gives the issuer": (
        [(S, "task", "Theo Bộ trưởng, các địa phương cần chủ động phương án ứng phó mưa lũ.", False)],
        [(0, "task", (None, "Bộ trưởng"), ["các địa phương"], None, "chủ động phương án ứng phó mưa lũ")],
    ),
    "proposal: representative of a body, addressee": (
        [(S, "proposal", "Đại diện UBND huyện Vân Sơn kiến nghị tỉnh bổ sung kinh phí làm đường liên xã.", False)],
        [(0, "proposal", (None, "Đại diện UBND huyện Vân Sơn"), ["tỉnh"], None, "bổ sung kinh phí làm đường liên xã")],
    ),
    "quotation with the speaker after it": (
        [(S, "task", "“Các cấp, các ngành phải vào cuộc quyết liệt hơn”, ông Trần Đình Khoa nhấn mạnh.", False)],
        [(0, "task", ("Trần Đình Khoa", None), ["Các cấp", "các ngành"], None, "vào cuộc quyết liệt hơn")],
    ),
    "title mention resolves to the named person": (
        [(S, "other", "Dự hội nghị có đồng chí Hoàng Văn Sáu, Phó Chủ tịch UBND tỉnh.", False),
         (S, "task", "Phát biểu kết luận, Phó Chủ tịch UBND tỉnh đề nghị Sở Nông nghiệp và Môi trường hướng dẫn nông dân gieo cấy đúng thời vụ.", True)],
        [(1, "task", ("Hoàng Văn Sáu", "Phó Chủ tịch UBND tỉnh"), ["Sở Nông nghiệp và Môi trường"], None,
          "hướng dẫn nông dân gieo cấy đúng thời vụ")],
    ),
    "coordinated named bodies are separate units": (
        [(S, "task", "Chủ tịch HĐND tỉnh yêu cầu Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tăng cường giám sát.", False)],
        [(0, "task", (None, "Chủ tịch HĐND tỉnh"), ["Ủy ban MTTQ Việt Nam tỉnh", "các tổ chức chính trị - xã hội"], None, "tăng cường giám sát")],
    ),
    "week deadline needs the meeting date": (
        [(S, "other", "Sáng 13/3/2024, UBND thành phố họp.", False),
         (S, "task", "UBND thành phố giao Văn phòng UBND thành phố theo dõi, tổng hợp, báo cáo trong tuần.", True)],
        [(1, "task", (None, "UBND thành phố"), ["Văn phòng UBND thành phố"], ("trong tuần", "2024-03-13/2024-03-17"),
          "theo dõi, tổng hợp, báo cáo trong tuần")],
    ),
    "'các Bộ: A, B' is one group": (
        [(S, "task", "Thủ tướng đề nghị các Bộ: Xây dựng, Giao thông vận tải rà soát tiêu chuẩn kỹ thuật.", False)],
        [(0, "task", (None, "Thủ tướng"), ["các Bộ: Xây dựng, Giao thông vận tải"], None, "rà soát tiêu chuẩn kỹ thuật")],
    ),
    "a new addressee ends inheritance of assignees and deadline": (
        [(T, "other", "Tổng kết công tác năm 2024", False),
         (S, "task", "Giám đốc Sở Công Thương Vương Thị Lan yêu cầu các phòng chuyên môn rà soát thủ tục trong tháng 1/2025.", False),
         (S, "task", "Bên cạnh đó, cập nhật cơ sở dữ liệu doanh nghiệp.", True),
         (S, "task", "Bà cũng yêu cầu Thanh tra Sở kiểm tra việc kinh doanh xăng dầu.", True)],
        [(1, "task", ("Vương Thị Lan", "Giám đốc Sở Công Thương"), ["các phòng chuyên môn"],
          ("trong tháng 1/2025", "2025-01-01/2025-01-31"), "rà soát thủ tục trong tháng 1/2025"),
         (2, "task", ("Vương Thị Lan", "Giám đốc Sở Công Thương"), ["các phòng chuyên môn"],
          ("trong tháng 1/2025", "2025-01-01/2025-01-31"), "cập nhật cơ sở dữ liệu doanh nghiệp"),
         (3, "task", ("Vương Thị Lan", "Giám đốc Sở Công Thương"), ["Thanh tra Sở"], None, "kiểm tra việc kinh doanh xăng dầu")],
    ),
    "a subheading's time frame governs its block": (
        [(T, "other", "Hội nghị triển khai nhiệm vụ năm 2025", False),
         (T, "other", "Nhiệm vụ trọng tâm quý I", False),
         (S, "task", "Các đơn vị cần chuẩn bị tốt điều kiện phục vụ nhân dân đón Tết.", False)],
        [(2, "task", None, ["Các đơn vị"], ("quý I", "2025-01-01/2025-03-31"), "chuẩn bị tốt điều kiện phục vụ nhân dân đón Tết")],
    ),
    "item's narrower deadline wins, a wider one (a term) does not": (
        [(L, "task", "Về nhiệm vụ thời gian tới, Chủ tịch UBND huyện Đào Văn Tâm yêu cầu trong quý III năm 2024, các xã:", False),
         (I, "task", "rà soát quỹ đất công;", True),
         (I, "task", "hoàn thành kiểm kê rừng trước ngày 31/7/2024;", True),
         (I, "task", "chuẩn bị đại hội chi bộ nhiệm kỳ 2025-2027.", True)],
        [(1, "task", ("Đào Văn Tâm", "Chủ tịch UBND huyện"), ["các xã"], ("trong quý III năm 2024", "2024-07-01/2024-09-30"),
          "rà soát quỹ đất công"),
         (2, "task", ("Đào Văn Tâm", "Chủ tịch UBND huyện"), ["các xã"], ("trước ngày 31/7/2024", "2024-01-01/2024-07-31"),
          "hoàn thành kiểm kê rừng trước ngày 31/7/2024"),
         (3, "task", ("Đào Văn Tâm", "Chủ tịch UBND huyện"), ["các xã"], ("trong quý III năm 2024", "2024-07-01/2024-09-30"),
          "chuẩn bị đại hội chi bộ nhiệm kỳ 2025-2027")],
    ),
    "an item's own frame replaces the lead-in's, also when it is wider (6.6)": (
        [(L, "task", "Bí thư Huyện ủy Lù Văn Chinh yêu cầu các chi bộ trong 6 tháng cuối năm tập trung:", False),
         (I, "task", "rà soát hồ sơ đảng viên;", True),
         (I, "task", "kết nạp đủ 120 đảng viên mới trong năm 2025.", True)],
        [(1, "task", ("Lù Văn Chinh", "Bí thư Huyện ủy"), ["các chi bộ"], ("trong 6 tháng cuối năm", "2025-07-01/2025-12-31"),
          "rà soát hồ sơ đảng viên"),
         (2, "task", ("Lù Văn Chinh", "Bí thư Huyện ủy"), ["các chi bộ"], ("trong năm 2025", "2025-01-01/2025-12-31"),
          "kết nạp đủ 120 đảng viên mới trong năm 2025")],
    ),
    "a multi-year plan the work goes into is not its deadline (6.5)": (
        [(S, "task", "Chủ tịch UBND tỉnh Hà Minh Đạt giao Sở Tài chính đưa dự án vào kế hoạch đầu tư công trung hạn "
                     "giai đoạn 2026-2030.", False)],
        [(0, "task", ("Hà Minh Đạt", "Chủ tịch UBND tỉnh"), ["Sở Tài chính"], None,
          "đưa dự án vào kế hoạch đầu tư công trung hạn giai đoạn 2026-2030")],
    ),
    "an item opening on a capitalised verb keeps the lead-in's units": (
        [(L, "task", "Chủ tịch UBND tỉnh Hà Minh Đạt đề nghị UBND các huyện, các sở, ngành:", False),
         (I, "task", "1. Ban hành kế hoạch phòng chống hạn trong tháng 3/2025;", False),
         (I, "task", "2. Kiểm đếm, kêu gọi tàu thuyền vào nơi tránh trú an toàn.", False)],
        [(1, "task", ("Hà Minh Đạt", "Chủ tịch UBND tỉnh"), ["UBND các huyện", "các sở, ngành"],
          ("trong tháng 3/2025", "2025-03-01/2025-03-31"), "Ban hành kế hoạch phòng chống hạn trong tháng 3/2025"),
         (2, "task", ("Hà Minh Đạt", "Chủ tịch UBND tỉnh"), ["UBND các huyện", "các sở, ngành"], None,
          "Kiểm đếm, kêu gọi tàu thuyền vào nơi tránh trú an toàn")],
    ),
    "non-task segments give no record": (
        [(S, "result", "Năm 2024, tỉnh đạt 18 chỉ tiêu, vượt kế hoạch.", False),
         (S, "difficulty", "Tuy nhiên, giải ngân vốn còn chậm.", True)],
        [],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_directives(name):
    parts, expected = CASES[name]
    text, segs = build(parts)
    got = extract_directives(text, segs)
    check_offsets(text, got)
    assert [summary(d) for d in got] == expected


# Assignee units (GUIDELINES 6.3): one "các" or head noun over a list is one group, places of one level stay
# with their body, a part with its own noun is its own unit, a unit's name keeps "ven biển" / "trong ngành".
UNITS = [
    ("Chủ tịch UBND tỉnh yêu cầu UBND các huyện Tân Lạc, Lạc Sơn, Kim Bôi di dời hộ dân vùng sạt lở.",
     ["UBND các huyện Tân Lạc, Lạc Sơn, Kim Bôi"]),
    ("Ông đề nghị Sở Giao thông vận tải, UBND huyện Tân Lạc, Lạc Sơn sửa chữa cầu tạm.",
     ["Sở Giao thông vận tải", "UBND huyện Tân Lạc, Lạc Sơn"]),
    ("Chủ tịch UBND thành phố yêu cầu UBND quận, huyện rà soát hồ sơ tồn đọng.", ["UBND quận, huyện"]),
    ("Bí thư Tỉnh ủy yêu cầu người đứng đầu cấp ủy, chính quyền các xã kiểm tra.",
     ["người đứng đầu cấp ủy, chính quyền các xã"]),
    ("Bí thư Tỉnh ủy yêu cầu các cấp ủy, người đứng đầu cơ quan, đơn vị nêu gương.",
     ["các cấp ủy", "người đứng đầu cơ quan, đơn vị"]),
    ("Thứ trưởng yêu cầu toàn ngành Hải quan siết chặt kiểm tra hàng nhập khẩu.", ["toàn ngành Hải quan"]),
    ("Phó Chủ tịch UBND tỉnh yêu cầu UBND các huyện ven biển kêu gọi tàu thuyền vào bờ.", ["UBND các huyện ven biển"]),
    ("Giám đốc Sở Y tế yêu cầu các đơn vị trong ngành bảo đảm trực cấp cứu 24/24 giờ.", ["các đơn vị trong ngành"]),
    ("Bộ trưởng giao Cục Hàng không Việt Nam rà soát giờ bay.", ["Cục Hàng không Việt Nam"]),
    # A count is a determiner like "các": "12 xã, phường ven sông" is one group, after its own unit.
    ("Phó Thủ tướng yêu cầu các bộ, ngành và 12 xã, phường ven sông theo dõi sát mực nước.",
     ["các bộ, ngành", "12 xã, phường ven sông"]),
    ("Bộ trưởng yêu cầu hai tổng công ty báo cáo trong tuần.", ["hai tổng công ty"]),
    # What kind of agency "cơ quan" is belongs to the unit; after a named body the same words are the action.
    ("Bí thư Tỉnh ủy yêu cầu các cơ quan tham mưu, giúp việc Tỉnh ủy rà soát quy chế.",
     ["các cơ quan tham mưu, giúp việc Tỉnh ủy"]),
    ("Bà đề nghị các cơ quan báo chí trên địa bàn tăng cường tuyên truyền.", ["các cơ quan báo chí trên địa bàn"]),
    ("Ông yêu cầu Sở Tư pháp tham mưu, giúp việc UBND tỉnh thẩm định văn bản.", ["Sở Tư pháp"]),
    # A place with its own level noun ("TP.") is its own unit; its abbreviation's dot stays in the name.
    ("Ông yêu cầu UBND các huyện và TP. Điện Biên Phủ rà soát hồ sơ.", ["UBND các huyện", "TP. Điện Biên Phủ"]),
    ("Bà đề nghị UBND huyện Mường Ảng, TP. Điện Biên Phủ bàn giao mặt bằng.", ["UBND huyện Mường Ảng", "TP. Điện Biên Phủ"]),
    ("Riêng UBND TP. Điện Biên Phủ phải hoàn thành chi trả trong tháng 5.", ["UBND TP. Điện Biên Phủ"]),
    # A body that will assign ("sẽ giao") is the issuer, not an assignee (6.2); one told "phải chỉ đạo" is both.
    ("Theo ông Hùng, UBND huyện sẽ giao Phòng Nông nghiệp kiểm tra các trang trại.", ["Phòng Nông nghiệp"]),
    ("Sở Y tế phải chỉ đạo các bệnh viện tăng cường trực.", ["Sở Y tế", "các bệnh viện"]),
    # "chủ tịch" heads a unit of its own like "thủ trưởng"; places "từ X đến Y" belong to the unit.
    ("Ông yêu cầu thủ trưởng các sở, ngành và chủ tịch UBND cấp huyện chịu trách nhiệm.",
     ["thủ trưởng các sở, ngành", "chủ tịch UBND cấp huyện"]),
    ("Thủ tướng yêu cầu UBND các tỉnh ven biển từ Nghệ An đến Quảng Nam kêu gọi tàu thuyền vào bờ.",
     ["UBND các tỉnh ven biển từ Nghệ An đến Quảng Nam"]),
    # "cục", "thương nhân", "tổ công tác" head groups like "sở" does.
    ("Tổng cục Thuế yêu cầu các cục thuế tổ chức đối thoại với doanh nghiệp.", ["các cục thuế"]),
    ("Các thương nhân đầu mối phải bảo đảm đủ nguồn hàng.", ["Các thương nhân đầu mối"]),
    # Who said it, inside the sentence, comes before the subject.
    ("Trong năm 2025, theo ông Lâm, UBND huyện sẽ hoàn thành cắm mốc.", ["UBND huyện"]),
    # The units a target is set for; the target itself ("những chỉ tiêu") is not part of them.
    ("Nghị quyết đặt ra cho các cấp, các ngành những chỉ tiêu chủ yếu.", ["các cấp", "các ngành"]),
]


@pytest.mark.parametrize("sentence,expected", UNITS)
def test_assignee_units(sentence, expected):
    text, segs = build([(S, "task", sentence, False)])
    got = extract_directives(text, segs)
    check_offsets(text, got)
    assert [a.text for a in got[0].assignees] == expected


def test_items_inherit_the_lead_in_which_gets_no_record():
    text, segs = build([(L, "task", "Chủ tịch UBND huyện yêu cầu các xã trong 6 tháng cuối năm tập trung:", False),
                        (I, "task", "thu hoạch lúa;", True), (I, "task", "làm thủy lợi.", True)])
    got = extract_directives(text, segs)
    assert [d.segment for d in got] == [1, 2]  # as in the seed's gold: the items only
    assert [([a.text for a in d.assignees], d.deadline.text) for d in got] == [(["các xã"], "trong 6 tháng cuối năm")] * 2


def report(*sentences: str):
    """Parts of a report of ``other`` sentences ending with one ``task`` sentence."""
    return [(S, "other", x, False) for x in sentences[:-1]] + [(S, "task", sentences[-1], False)]


@pytest.mark.parametrize(("parts", "expected"), [
    # "Ông" resolves to the person: the span is the nearest earlier mention naming them with a title
    (report("Đồng chí Trần Văn Lâm, Chủ tịch UBND tỉnh chủ trì hội nghị.",
            "Chủ tịch UBND tỉnh Trần Văn Lâm ghi nhận kết quả của các sở.",
            "Ông yêu cầu Sở Y tế rà soát danh mục thuốc."),
     "Chủ tịch UBND tỉnh Trần Văn Lâm"),
    # GUIDELINES 6.2: a mention without the title (even in the segment) gives way to the last titled one
    (report("Phó Chủ tịch UBND tỉnh Lường Thị Mai dự hội nghị.",
            "Kết luận hội nghị, bà Lường Thị Mai yêu cầu các huyện rà soát hộ nghèo."),
     "Phó Chủ tịch UBND tỉnh Lường Thị Mai"),
    # ... and so does a short name after a quotation
    (report("Chủ tịch UBND tỉnh Hà Quang Minh chủ trì buổi làm việc.",
            "“Sở nào chậm thì người đứng đầu phải giải trình”, ông Minh nói."),
     "Chủ tịch UBND tỉnh Hà Quang Minh"),
    # a bare title without a named person keeps its own mention, not an earlier longer title
    (report("Thủ tướng Chính phủ dự phiên họp.",
            "Thủ tướng yêu cầu các bộ hoàn thành văn bản hướng dẫn trong tháng 7."),
     "Thủ tướng"),
    # a bare title resolves the same way
    (report("Bộ trưởng Bộ Xây dựng Nguyễn Thanh Hà dự và phát biểu.",
            "Bộ trưởng đề nghị các cục rà soát định mức."),
     "Bộ trưởng Bộ Xây dựng Nguyễn Thanh Hà"),
    # a body keeps its own mention
    (report("Ủy ban Thường vụ Quốc hội yêu cầu Chính phủ báo cáo bổ sung."), "Ủy ban Thường vụ Quốc hội"),
    # a rank stands before the name; the post after it gives the title that "Thứ trưởng" matches
    (report("Dự buổi làm việc có Trung tướng Hoàng Minh Tú, Thứ trưởng Bộ Quốc phòng.",
            "Thứ trưởng yêu cầu Bộ Tư lệnh vùng rà soát phương án ứng trực."),
     "Trung tướng Hoàng Minh Tú, Thứ trưởng Bộ Quốc phòng"),
    (report("Thiếu tướng Đặng Văn Phúc nhấn mạnh Công an các huyện phải tuần tra cả ban đêm."),
     "Thiếu tướng Đặng Văn Phúc"),
    # "Ban Chỉ huy" is part of the title, not the short name "Chỉ"
    (report("Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ huy Nguyễn Quang Tín chủ trì cuộc họp.",
            "Ông yêu cầu các huyện sơ tán dân khỏi vùng trũng."),
     "Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ huy Nguyễn Quang Tín"),
    # "Tỉnh ủy viên" continues the chain of posts after the name
    (report("Đồng chí Phan Văn Đức, Tỉnh ủy viên, Bí thư Huyện ủy yêu cầu các xã rà soát hộ nghèo."),
     "Đồng chí Phan Văn Đức, Tỉnh ủy viên, Bí thư Huyện ủy"),
    # "các đại biểu, Phó Chủ tịch ...": a list, the person's mention starts at the post
    (report("Tiếp xúc cử tri có các đại biểu, Phó Chủ tịch UBND tỉnh Lò Thị Hoa.",
            "Bà yêu cầu Sở Nông nghiệp hướng dẫn bà con chuyển đổi cây trồng."),
     "Phó Chủ tịch UBND tỉnh Lò Thị Hoa"),
    (report("Tổ trưởng Tổ đại biểu Vi Văn Sơn đề nghị UBND huyện sớm trả lời cử tri."),
     "Tổ trưởng Tổ đại biểu Vi Văn Sơn"),
    # a second "ông Hải" resolves to the full name, not to the first "ông Hải"
    (report("Chủ tịch HĐND tỉnh Đoàn Văn Hải chủ trì kỳ họp.",
            "Theo ông Hải, nhiều kiến nghị đã được giải quyết.",
            "Ông Hải yêu cầu các sở trả lời cử tri trước ngày 30/6."),
     "Chủ tịch HĐND tỉnh Đoàn Văn Hải"),
])
def test_issuer_span_is_the_mention_that_names_it(parts, expected):
    text, segs = build(parts)
    d = extract_directives(text, segs)[-1]
    check_offsets(text, [d])
    assert d.issuer.text == expected


def test_meeting_speaker_is_the_fallback_issuer():
    from nlp.types import Meeting, Party

    text, segs = build([(S, "task", "Các xã phải hoàn thành việc cắm mốc giới.", False)])
    speaker = Party(name="Lò Văn Pọm", title="Chủ tịch UBND huyện")
    d = extract_directives(text, segs, Meeting(speaker=speaker))[0]
    assert (d.issuer.name, d.issuer.title) == ("Lò Văn Pọm", "Chủ tịch UBND huyện")


def test_long_report_is_fast_and_offsets_hold():
    sentence = ("Chủ tịch UBND tỉnh Hà Văn Bình yêu cầu Sở Tài chính, các sở, ngành liên quan hoàn thành báo cáo "
                "trước ngày 30/6/2024; đồng thời giao UBND các huyện chỉ đạo các xã rà soát hồ sơ.")
    text = " ".join([sentence] * 1100)[:200_000]
    segs, pos = [], 0
    for m in re.finditer(r"[^.]+\.", text):
        segs.append(Segment(start=m.start(), end=m.end(), kind="sentence", text=m.group(), label="task"))
        pos = m.end()
    t0 = time.perf_counter()
    got = extract_directives(text, segs)
    assert time.perf_counter() - t0 < 20.0
    assert len(got) == len(segs)
    check_offsets(text, got)


def _seed():
    if not (SEED.exists() and SEED_GOLD.exists()):
        pytest.skip(f"seed report not found under {SHARED}")
    text = SEED.read_text(encoding="utf-8")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    segs, lead = [], None
    for i, g in enumerate(gold["segments"]):
        if g["kind"] == "lead_in":
            lead = i
        segs.append(Segment(start=g["start"], end=g["end"], kind=g["kind"], text=g["text"], label=g["label"],
                            parent=lead if g["kind"] == "list_item" else None))
    return text, segs, gold


def test_seed_directives_match_gold():
    text, segs, gold = _seed()
    got = extract_directives(text, segs)
    check_offsets(text, got)
    assert [segs[d.segment].start for d in got] == [g["segment_start"] for g in gold["directives"]]
    for d, g in zip(got, gold["directives"]):
        assert d.type == "task"
        assert (d.issuer.name, d.issuer.title) == (g["issuer"]["name"], g["issuer"]["title"])
        assert [(a.text, a.start, a.end) for a in d.assignees] == [(a["text"], a["start"], a["end"]) for a in g["assignees"]]
        if g["deadline"] is None:
            assert d.deadline is None
        else:
            assert (d.deadline.text, d.deadline.start, d.deadline.end) == (
                g["deadline"]["text"], g["deadline"]["start"], g["deadline"]["end"])
            assert d.deadline.interval == "2024-04-01/2024-06-30"
