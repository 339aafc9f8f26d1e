"""Tests for nlp.deadline: Vietnamese time expressions → ISO intervals."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import pytest

from nlp.deadline import find_meeting_date, find_time_expressions, reference_date, resolve_interval

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_abf98aa3573e390c.txt"

REF = date(2024, 3, 14)  # a meeting held on 14 March 2024
NO_DATE = None

# (text, meeting date, report year, expected expression text, expected interval)
CASES = [
    ("Về nhiệm vụ quý II, các đơn vị cần tập trung.", NO_DATE, 2024, "quý II", "2024-04-01/2024-06-30"),
    ("Phấn đấu hoàn thành trong quý IV năm 2025.", NO_DATE, None, "trong quý IV năm 2025", "2025-10-01/2025-12-31"),
    ("Kết quả quý 3/2023 khả quan.", NO_DATE, None, "quý 3/2023", "2023-07-01/2023-09-30"),
    ("Tập trung cho 6 tháng cuối năm.", NO_DATE, 2022, "6 tháng cuối năm", "2022-07-01/2022-12-31"),
    ("Đánh giá 6 tháng đầu năm 2021.", NO_DATE, None, "6 tháng đầu năm 2021", "2021-01-01/2021-06-30"),
    ("Hoàn thành trong tháng 4.", REF, 2024, "trong tháng 4", "2024-04-01/2024-04-30"),
    ("Báo cáo trong tháng 8/2023.", NO_DATE, None, "trong tháng 8/2023", "2023-08-01/2023-08-31"),
    ("Giao ban tháng 4/2024 của tỉnh.", NO_DATE, None, "tháng 4/2024", "2024-04-01/2024-04-30"),
    ("Gửi hồ sơ trước ngày 30/6/2024.", REF, 2024, "trước ngày 30/6/2024", "2024-03-14/2024-06-30"),
    ("Gửi hồ sơ trước ngày 30/6/2024.", NO_DATE, 2024, "trước ngày 30/6/2024", "2024-01-01/2024-06-30"),
    ("Nộp báo cáo trước 30/6.", REF, 2024, "trước 30/6", "2024-03-14/2024-06-30"),
    ("Nộp báo cáo trước ngày 20/9.", NO_DATE, None, "trước ngày 20/9", None),
    ("Mục tiêu năm 2025 là tăng trưởng 8%.", NO_DATE, None, "năm 2025", "2025-01-01/2025-12-31"),
    ("Giải ngân hết vốn từ nay đến cuối năm.", REF, 2024, "từ nay đến cuối năm", "2024-03-14/2024-12-31"),
    ("Xong trước cuối năm 2024.", NO_DATE, 2024, "trước cuối năm 2024", "2024-01-01/2024-12-31"),
    ("Phải xong cuối năm 2026.", NO_DATE, 2025, "cuối năm 2026", "2025-01-01/2026-12-31"),
    ("Các chỉ tiêu trong năm phải đạt.", NO_DATE, 2023, "trong năm", "2023-01-01/2023-12-31"),
    ("Đại hội nhiệm kỳ 2024-2029 thành công.", NO_DATE, None, "nhiệm kỳ 2024-2029", "2024-01-01/2029-12-31"),
    ("Kế hoạch giai đoạn 2021 - 2025.", NO_DATE, None, "giai đoạn 2021 - 2025", "2021-01-01/2025-12-31"),
    ("Chi trả trợ cấp trước Tết Nguyên đán.", NO_DATE, 2024, "trước Tết Nguyên đán", None),
    ("Chi trả trợ cấp trước Tết Nguyên đán.", date(2023, 12, 20), 2023, "trước Tết Nguyên đán", "2023-12-20/2024-02-09"),
    ("Hoàn tất trước Tết Giáp Thìn.", date(2023, 11, 2), 2023, "trước Tết Giáp Thìn", "2023-11-02/2024-02-09"),
    ("Gửi văn bản trong tuần.", date(2024, 3, 13), 2024, "trong tuần", "2024-03-13/2024-03-17"),
    ("Triển khai trong tuần tới.", date(2024, 3, 13), 2024, "trong tuần tới", "2024-03-18/2024-03-24"),
    ("Hội nghị vào thứ Hai, ngày 8/4/2024.", NO_DATE, None, "vào thứ Hai, ngày 8/4/2024", "2024-04-08/2024-04-08"),
    ("Họp sáng thứ Sáu (12/4).", NO_DATE, 2024, "sáng thứ Sáu (12/4", "2024-04-12/2024-04-12"),
    ("Xử lý dứt điểm trong 10 ngày.", date(2024, 5, 2), 2024, "trong 10 ngày", "2024-05-02/2024-05-12"),
    ("Bàn giao mặt bằng từ nay đến hết quý III.", date(2023, 9, 5), 2023, "từ nay đến hết quý III", "2023-09-05/2023-09-30"),
    ("Hoàn thành chậm nhất ngày 15/8/2025.", date(2025, 7, 1), 2025, "chậm nhất ngày 15/8/2025", "2025-07-01/2025-08-15"),
    ("Dừng thi công từ ngày 1/7 đến ngày 31/8.", NO_DATE, 2022, "từ ngày 1/7 đến ngày 31/8", "2022-07-01/2022-08-31"),
    ("Trả lời cử tri trước tháng 12/2024.", NO_DATE, 2024, "trước tháng 12/2024", "2024-01-01/2024-11-30"),
    ("Nộp hồ sơ trước ngày 15/1.", date(2023, 12, 5), 2023, "trước ngày 15/1", "2023-12-05/2024-01-15"),
    ("Phấn đấu đến năm 2030 có 80% xã đạt chuẩn.", NO_DATE, 2024, "đến năm 2030", "2024-01-01/2030-12-31"),
    ("Sơ kết trong quý II năm nay.", NO_DATE, 2026, "trong quý II năm nay", "2026-04-01/2026-06-30"),
    ("Hoàn thành ngay trong tháng 10.", NO_DATE, 2022, "trong tháng 10", "2022-10-01/2022-10-31"),
    ("Trực ban trước 18h ngày 6/9.", NO_DATE, 2024, "trước 18h ngày 6/9", "2024-01-01/2024-09-06"),
    # The span leaves out the "trong" of a half-year and the "từ đầu" of the year the work starts in.
    ("Các xã tập trung trong 6 tháng cuối năm vào ba việc.", NO_DATE, 2023, "trong 6 tháng cuối năm", "2023-07-01/2023-12-31"),
    # A deadline span keeps its preposition; "ngay" is never part of it (GUIDELINES 6.5).
    ("Hoàn thành ngay trong quý III năm 2024.", NO_DATE, 2024, "trong quý III năm 2024", "2024-07-01/2024-09-30"),
    ("Nộp hồ sơ ngay trước ngày 10/7.", date(2024, 6, 3), 2024, "trước ngày 10/7", "2024-06-03/2024-07-10"),
    ("Phấn đấu đến năm 2030 phủ kín.", date(2024, 6, 3), 2024, "đến năm 2030", "2024-06-03/2030-12-31"),
    ("Xử lý dứt điểm từ nay đến cuối năm.", date(2024, 6, 3), 2024, "từ nay đến cuối năm", "2024-06-03/2024-12-31"),
    ("Triển khai ngay từ đầu năm 2026 các dự án.", NO_DATE, 2025, "năm 2026", "2026-01-01/2026-12-31"),
    ("Làm ngay từ những ngày đầu năm 2026.", NO_DATE, 2025, "năm 2026", "2026-01-01/2026-12-31"),
    ("Đợt cao điểm kéo dài trong tháng 3 và tháng 4.", REF, 2024, "trong tháng 3 và tháng 4", "2024-03-01/2024-04-30"),
    ("Sở Nội vụ trình trong tuần đầu tháng 5.", REF, 2024, "trong tuần đầu tháng 5", "2024-05-01/2024-05-07"),
    ("Sở Tài chính trong tuần này hoàn thành thủ tục.", REF, 2024, "trong tuần này", "2024-03-14/2024-03-17"),
    # The session the work is due at, named by its period, is part of the span (GUIDELINES 6.5).
    ("Sở Nội vụ trình HĐND tỉnh tại kỳ họp cuối năm 2024.", date(2024, 7, 11), 2024, "tại kỳ họp cuối năm 2024",
     "2024-07-11/2024-12-31"),
    ("Báo cáo UBND tỉnh tại phiên họp thường kỳ tháng 9.", REF, 2024, "tại phiên họp thường kỳ tháng 9",
     "2024-09-01/2024-09-30"),
    ("Trong giai đoạn 2026-2030, huyện phấn đấu có 12 xã đạt chuẩn.", NO_DATE, 2025, "Trong giai đoạn 2026-2030",
     "2026-01-01/2030-12-31"),
    # A "by" word makes a frame even after "ban hành", "ký" or a law's name.
    ("Trình UBND tỉnh ký ban hành trước ngày 20/4.", REF, 2024, "trước ngày 20/4", "2024-03-14/2024-04-20"),
    ("Hoàn thiện nghị định hướng dẫn Luật Nhà ở trong tháng 5/2024.", REF, 2024, "trong tháng 5/2024", "2024-05-01/2024-05-31"),
]

# Expressions that are not deadlines: vague timing, past periods, document dates, fractions.
NOT_DEADLINES = [
    "Các đơn vị cần sớm hoàn thành.",
    "Xử lý kịp thời các vướng mắc.",
    "Trong thời gian tới cần quyết liệt hơn.",
    "Triển khai ngay các biện pháp.",
    "Thường xuyên kiểm tra, đôn đốc.",
    "Tăng 5% so với cùng kỳ năm 2023.",
    "Từ đầu năm 2024 đến nay đã giải ngân 40%.",
    "Thực hiện Quyết định số 15/QĐ-UBND ngày 3/1/2024 của tỉnh.",
    "Theo Luật Đất đai năm 2013, việc thu hồi phải công khai.",
    "Khoảng 1/3 số xã chưa đạt chuẩn.",
    "Kết quả trong 5 năm qua rất đáng ghi nhận.",
    "Lực lượng chức năng tăng cường tuần tra trong tuần tra đêm.",
    "Báo cáo định kỳ vào ngày 25 hằng tháng.",
    # Where the work must not run to, and a count from an event rather than from the meeting.
    "Khẩn trương di dời cột điện, không để kéo dài sang quý III.",
    "Giải quyết xong hồ sơ trong 10 ngày kể từ khi nhận đủ giấy tờ.",
]


@pytest.mark.parametrize("text,ref,year,expected_text,expected_interval", CASES)
def test_time_expressions(text, ref, year, expected_text, expected_interval):
    found = find_time_expressions(text, reference=(ref, year))
    assert found, f"nothing found in {text!r}"
    first = found[0]
    assert text[first.start:first.end] == first.text
    assert first.text == expected_text
    assert first.interval == expected_interval


@pytest.mark.parametrize("text", NOT_DEADLINES)
def test_not_deadlines(text):
    assert find_time_expressions(text, reference=(REF, 2024)) == []


@pytest.mark.parametrize(
    "expression,kwargs,expected",
    [
        ("quý II", {"year": 2024}, "2024-04-01/2024-06-30"),
        ("quý II", {}, None),
        ("trong tháng 6", {"year": 2023}, "2023-06-01/2023-06-30"),
        ("năm 2018", {}, "2018-01-01/2018-12-31"),
        ("trước ngày 30/6", {"ref_date": date(2021, 4, 2)}, "2021-04-02/2021-06-30"),
        ("trước ngày 30/6", {"year": 2021}, "2021-01-01/2021-06-30"),
        ("thời gian tới", {"year": 2024}, None),
    ],
)
def test_resolve_interval(expression, kwargs, expected):
    assert resolve_interval(expression, **kwargs) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ngày 8/2/2024, Tỉnh ủy họp.", (date(2024, 2, 8), 2024)),
        ("Giao ban quý I năm 2024\nSáng 28/3, UBND tỉnh tổ chức giao ban.", (date(2024, 3, 28), 2024)),
        ("Tổng kết năm 2024 của ngành.", (None, 2024)),
        ("Hội nghị bàn về nông thôn mới.", (None, None)),
        ("Chiều 12/12, kỳ họp bế mạc. Năm 2019 tăng trưởng khá; năm 2020 phấn đấu cao hơn, năm 2020 là năm cuối.",
         (date(2019, 12, 12), 2019)),
    ],
)
def test_reference_date(text, expected):
    assert reference_date(text) == expected


def test_meeting_date_ignores_by_dates_and_line_breaks():
    text = "Hoàn thành trước ngày 30/6 mùa mưa lũ tới\nSáng 12/4/2023, Bộ tổ chức hội nghị."
    d = find_meeting_date(text)
    assert d is not None and d.text == "Sáng 12/4/2023" and d.interval == "2023-04-12/2023-04-12"


def test_window_offsets_index_the_whole_text():
    text = "Năm 2023 đã qua. Trong quý II năm 2024 phải xong. Trước ngày 30/6/2024 báo cáo."
    start = text.index("Trong")
    end = text.index("Trước") - 1
    found = find_time_expressions(text, start, end, reference=(None, 2024))
    assert [d.text for d in found] == ["Trong quý II năm 2024"]
    assert all(text[d.start:d.end] == d.text and start <= d.start < d.end <= end for d in found)


def test_intervals_are_well_formed_on_real_style_text():
    text = ("Sáng 5/9/2023, UBND tỉnh họp. Yêu cầu từ nay đến hết quý III hoàn thành; trong tháng 10 báo cáo; "
            "trước ngày 15/11 nộp hồ sơ; 6 tháng cuối năm tập trung; giai đoạn 2026-2030 định hướng.")
    for d in find_time_expressions(text):
        assert text[d.start:d.end] == d.text
        assert d.interval is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}", d.interval)
        a, b = d.interval.split("/")
        assert a <= b


@pytest.mark.parametrize(
    "chunk", ["quý ", "1/", "tháng ", " ", "trước ngày ", "năm ", "từ nay đến hết ", "a", "ngày 1/1/2024 ", "\n"]
)
def test_long_inputs_stay_linear(chunk):
    text = (chunk * (200_000 // len(chunk) + 1))[:200_000]
    t0 = time.perf_counter()
    found = find_time_expressions(text)
    assert time.perf_counter() - t0 < 5.0
    assert all(text[d.start:d.end] == d.text for d in found)


def test_offsets_hold_on_random_text():
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    pieces = st.sampled_from(["quý II", " năm 2024", "trước ngày 30/6", " ", ", ", "tháng 4", "/", "2025", "trong",
                              "nhiệm kỳ 2020-2025", "Tết", "\n", "ủy", "đ", "30", "-", "từ nay đến", "cuối năm"])

    @hypothesis.given(st.lists(pieces, max_size=30))
    @hypothesis.settings(max_examples=200, deadline=None)
    def check(parts):
        text = "".join(parts)
        for d in find_time_expressions(text):
            assert text[d.start:d.end] == d.text
            if d.interval:
                a, b = d.interval.split("/")
                assert a <= b

    check()


def test_seed_deadline():
    if not SEED.exists():
        pytest.skip(f"seed report not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    assert reference_date(text) == (None, 2024)
    found = {(d.start, d.text): d.interval for d in find_time_expressions(text)}
    assert found[(1262, "quý II")] == "2024-04-01/2024-06-30"


def test_every_match_holds_its_gate():
    # candidates skips a pattern in a window without its gate: sound only if every match contains it.
    from nlp.time_patterns import _GATES, PATTERNS

    assert set(_GATES) == set(PATTERNS)
    texts = [c[0] for c in CASES] + NOT_DEADLINES
    for text in texts + [t.upper() for t in texts]:
        for kind, pat in PATTERNS.items():
            for m in pat.finditer(text):
                assert _GATES[kind].search(text, m.start(), m.end()), (kind, m.group())

