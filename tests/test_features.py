"""Segment records: the context and cue features every labeler sees."""

from __future__ import annotations

import pytest

from nlp.features import main_clause_start, segment_records
from nlp.types import Segment


@pytest.mark.parametrize(
    ("text", "main"),
    [
        # A fronted topic ends at the comma before the main clause's subject.
        ("đối với các đề xuất, kiến nghị của các xã, chủ tịch ubnd huyện giao phòng tài chính rà soát",
         "chủ tịch ubnd huyện giao phòng tài chính rà soát"),
        ("về kiến nghị của hội nông dân, đồng chí giao sở nông nghiệp xem xét", "đồng chí giao sở nông nghiệp xem xét"),
        ("về nhiệm vụ thời gian tới, ông yêu cầu các xã tập trung thu hoạch", "ông yêu cầu các xã tập trung thu hoạch"),
        ("riêng dự án cầu sông hiếu, thường trực tỉnh ủy đề nghị ubnd tỉnh chỉ đạo tháo gỡ",
         "thường trực tỉnh ủy đề nghị ubnd tỉnh chỉ đạo tháo gỡ"),
        # The openers the directive extractor also reads as topics (lexicon.TOPIC_OPENERS).
        ("với đề xuất của các hợp tác xã, ubnd tỉnh giao sở tài chính cân đối vốn",
         "ubnd tỉnh giao sở tài chính cân đối vốn"),
        ("trước tình hình mưa lũ kéo dài, chủ tịch ubnd tỉnh yêu cầu các huyện sơ tán dân",
         "chủ tịch ubnd tỉnh yêu cầu các huyện sơ tán dân"),
        # No subject named: the topic ends at its first comma.
        ("về công tác cán bộ, cần chuẩn bị kỹ nhân sự đại hội", "cần chuẩn bị kỹ nhân sự đại hội"),
        # No fronted topic: the whole sentence is the main clause.
        ("các đại biểu kiến nghị tỉnh hỗ trợ kinh phí, nhất là cho các xã vùng cao",
         "các đại biểu kiến nghị tỉnh hỗ trợ kinh phí, nhất là cho các xã vùng cao"),
        ("về đích trước kế hoạch", "về đích trước kế hoạch"),
        ("", ""),
    ],
)
def test_main_clause_start(text, main):
    assert text[main_clause_start(text):] == main


def test_cues_of_the_main_clause_leave_out_the_topic():
    text = "Đối với các kiến nghị của huyện, Chủ tịch UBND tỉnh giao Sở Tài chính cân đối nguồn vốn."
    [record] = segment_records([Segment(0, len(text), "sentence", text)])
    # "kiến nghị" in the topic counts for the whole sentence, not for what it does.
    assert record["cue_proposal"] > 0
    assert record["main_cue_proposal"] == 0
    assert record["main_cue_task"] == record["cue_task"] > 0


@pytest.mark.parametrize(
    ("text", "down", "up", "imperative"),
    [
        # An order to units, whoever gives it.
        ("Lãnh đạo Bộ Công Thương yêu cầu các tập đoàn, tổng công ty rà soát từng dự án.", 1, 0, 0),
        ("Tỉnh giao Sở Xây dựng chủ trì thẩm định hồ sơ.", 1, 0, 0),
        # A request upward or to a partner.
        ("Tỉnh kiến nghị Chính phủ bổ sung vốn cho tuyến đê biển.", 0, 1, 0),
        ("Đồng chí đề nghị phía bạn tạo điều kiện thông quan hàng nông sản.", 0, 1, 0),
        # An instruction with its subject left out, also as a bulleted item.
        ("Làm rõ trách nhiệm, xử lý nghiêm sai phạm nếu có.", 0, 0, 1),
        ("- Khẩn trương hoàn thiện hồ sơ trình Hội đồng nhân dân.", 0, 0, 1),
        # A report of work: none of the three.
        ("Quý I, tỉnh thu ngân sách đạt 2.150 tỷ đồng.", 0, 0, 0),
        ("Cuộc họp xem xét báo cáo của Sở Y tế về công tác phòng dịch.", 0, 0, 0),
    ],
)
def test_order_shape_features(text, down, up, imperative):
    [record] = segment_records([Segment(0, len(text), "sentence", text)])
    assert (record["order_down"], record["order_up"], record["imperative"]) == (down, up, imperative)
