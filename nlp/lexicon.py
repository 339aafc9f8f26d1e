"""The Vietnamese cue lexicon: words that point to each label, and to who speaks.

Used by the cue baseline (`nlp.baseline`) and as features of the learned model.
This module needs nothing but `re` (and `nlp.fastscan`, plain `re` too): the pipeline imports it at start-up.
Patterns match lower-cased, tone-normalised text (see `nlp.normalize.tone_normalize`),
so "Tỉnh uỷ" and "tỉnh ủy" are one cue. Cues point the wrong way often
("đề nghị" runs both up and down, "chưa" appears in results); the weights
only say how strongly a cue points, `rule_scores` adds who speaks to whom.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .fastscan import with_first_chars
from .labels import LABELS

# label -> ((pattern, weight), ...)
CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "result": (
        (r"\bđạt\b|\bđạt được\b|đạt \d|vượt (?:kế hoạch|chỉ tiêu|\d)", 2.0),
        (r"hoàn thành|kết quả (?:quan trọng|tích cực|khả quan|nổi bật|đáng ghi nhận)", 2.0),
        (r"ghi nhận|đánh giá cao|biểu dương|khen ngợi|chúc mừng", 2.0),
        (r"\btăng\b|tăng trưởng|tăng \d|cao hơn", 1.0),
        (r"được (?:triển khai|quan tâm|thực hiện|duy trì|đẩy mạnh|giải quyết|chú trọng|bảo đảm|đảm bảo|cải thiện|nâng lên|tổ chức)", 1.5),
        (r"\bđã\b", 0.7),
        (r"chuyển biến tích cực|ổn định|thông qua|chấp thuận|nhất trí|đi vào hoạt động|khánh thành", 1.2),
        (r"(?:\d+(?:[.,]\d+)?\s*(?:%|tỷ đồng|triệu đồng|ha|km|hộ|lượt))", 0.8),
    ),
    "difficulty": (
        (r"khó khăn|hạn chế|tồn tại|vướng mắc|bất cập|yếu kém|thách thức|nguy cơ|tiềm ẩn", 2.5),
        (r"\bchưa\b|còn chậm|chậm tiến độ|\bchậm\b|còn thấp|còn nhiều|\bthiếu\b|không đạt|chưa đạt", 2.0),
        (r"\bgiảm\b|sụt giảm|thấp hơn|ảnh hưởng|thiệt hại|ô nhiễm|sạt lở|ùn tắc|tai nạn|vi phạm", 1.2),
        (r"tuy nhiên|bên cạnh (?:những )?kết quả|song\b|nhưng\b", 1.0),
        (r"nguyên nhân", 1.5),
        # Problems named by what they are, with no word for "difficulty": losses, backlogs, waste.
        (r"thua lỗ|nợ đọng|nợ xấu|quá tải|xuống cấp|tồn đọng|ách tắc|thất thoát|sai phạm|bức xúc|khiếu kiện|"
         r"lãng phí|dàn trải|gian lận|buôn lậu|thiếu hụt|khan hiếm|hư hỏng|sự cố|ngập úng|hạn hán|xâm nhập mặn|"
         r"dịch bệnh|mất an toàn|nguy hiểm|trì trệ|kém hiệu quả|đình trệ|phức tạp|nghiêm trọng|bất thường", 1.5),
    ),
    "proposal": (
        (r"kiến nghị|đề xuất|mong muốn|\bxin\b|\bmong\b|đề đạt|kính đề nghị", 2.5),
        (r"đề nghị (?:tỉnh|trung ương|chính phủ|bộ|thành phố|ubnd tỉnh|cấp trên|các bộ)", 1.5),
        (r"(?:đại biểu|cử tri|doanh nghiệp|người dân|hiệp hội|địa phương|lãnh đạo (?:huyện|xã|sở)|"
         r"đơn vị|ý kiến)[^.;:]{0,60}(?:cho rằng|đề nghị|cần|nên|phải)", 2.0),
    ),
    "task": (
        (r"yêu cầu|chỉ đạo|\bgiao\b|giao cho|phân công|quán triệt|lưu ý|nhấn mạnh", 2.0),
        (r"\bcần\b|\bphải\b|tập trung|tiếp tục|khẩn trương|chủ động|tham mưu|đẩy mạnh|tăng cường|"
         r"quyết liệt|nghiêm túc|kịp thời|rà soát|chỉ đạo quyết liệt", 1.2),
        (r"\bđề nghị\b", 1.0),
        (r"nhiệm vụ (?:trọng tâm|thời gian tới|quý|năm|trong)|giải pháp|mục tiêu", 1.2),
        (r"(?:không để|bảo đảm|đảm bảo|nâng cao|hoàn thiện|triển khai)", 0.8),
    ),
    "other": (
        (r"tham dự|dự hội nghị|chủ trì|đồng chủ trì|cùng dự|có mặt|khai mạc|bế mạc|"
         r"chương trình|nghe báo cáo|thảo luận|trình bày|phát biểu khai mạc", 1.5),
        (r"theo (?:báo cáo|chương trình)|nội dung (?:kỳ họp|phiên họp)", 0.8),
    ),
}

#: Words that front a topic ("Đối với các kiến nghị của huyện, ...", "Về nhiệm vụ quý II, ..."):
#: the topic names what a sentence is about, its main clause what the sentence does. Lower case;
#: the features read lower-cased text, the directive extractor capitalises the first letter.
TOPIC_OPENERS = ("đối với", "về", "với", "riêng", "liên quan đến", "trước tình hình")

# A sentence that only says results/difficulties/proposals were discussed (LABELS.md).
META_RE = re.compile(
    r"(?:thảo luận|làm rõ|phân tích|trao đổi|nêu|báo cáo)[^.]{0,120}"
    r"(?:thuận lợi|khó khăn|kết quả|hạn chế)[^.]{0,160}(?:kiến nghị|đề xuất|giải pháp)"
)

# Who speaks: the chair or a superior body (tasks) vs delegates and units (proposals).
CHAIR_RE = re.compile(
    r"(?:kết luận|chủ trì|thường trực (?:tỉnh|thành|huyện) ủy|thủ tướng|phó thủ tướng|"
    r"bộ trưởng|chủ tịch ubnd|chủ tịch ủy ban|bí thư (?:tỉnh|thành|huyện) ủy|"
    r"đồng chí (?:chủ tịch|bí thư|phó bí thư)|ban thường vụ)"
)
DELEGATE_RE = re.compile(
    r"(?:đại biểu|cử tri|doanh nghiệp|người dân|nhà đầu tư|hiệp hội|lãnh đạo (?:các )?(?:huyện|xã|sở|ngành|đơn vị)|"
    r"đại diện|giám đốc sở|các địa phương|các đơn vị)"
)

COMPILED: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {
    label: tuple((with_first_chars(re.compile(p)), w) for p, w in cues) for label, cues in CUES.items()
}


def cue_scores(text: str) -> dict[str, float]:
    """Summed cue weights per label for lower-cased, tone-normalised ``text``.

    >>> cue_scores("đề nghị các sở khẩn trương rà soát")["task"] > 0
    True
    """
    return dict(zip(COMPILED, _cue_sums(text), strict=True))


@lru_cache(maxsize=4096)
def _cue_sums(text: str) -> tuple[float, ...]:
    # Cached: features score each segment, its lead-in (once per list item) and the rules rescore it.
    return tuple(sum(w * len(p.findall(text)) for p, w in patterns) for patterns in COMPILED.values())


_DIRECTIVE_VERB = r"(?:yêu cầu|đề nghị|giao|chỉ đạo|lưu ý|nhấn mạnh|quán triệt|chỉ thị)"
_CHAIR_ORDERS_RE = re.compile(CHAIR_RE.pattern + r"[^.;:]{0,80}?" + _DIRECTIVE_VERB)
_DELEGATE_ASKS_RE = re.compile(
    DELEGATE_RE.pattern + r"[^.;:]{0,80}?(?:đề nghị|kiến nghị|đề xuất|mong|cần|nên|phải)"
)
_PASSIVE_RE = with_first_chars(re.compile(r"(?:tiếp tục |đã |đều |cơ bản )?được (?:quan tâm|triển khai|thực hiện|duy trì|"
                                          r"đẩy mạnh|giải quyết|chú trọng|bảo đảm|đảm bảo|cải thiện|tổ chức|hoàn thành)"))
_REPORTED_DONE_RE = with_first_chars(re.compile(r"\bđã (?:chỉ đạo|yêu cầu|giao|triển khai|tổ chức|ban hành|phối hợp)"))


# A directive verb, then whom it is addressed to: the shape of an order (or a request) even
# when no speaker we know is named ("Lãnh đạo Bộ ... yêu cầu các tập đoàn ...").
_ORDER_VERB = r"(?:yêu cầu|đề nghị|giao(?: nhiệm vụ)?(?: cho)?|chỉ đạo|phân công|kêu gọi|đôn đốc|lưu ý)"
_UPWARD = (r"(?:chính phủ|thủ tướng|quốc hội|trung ương|bộ chính trị|ban bí thư|các bộ, ngành trung ương|"
           r"cấp trên|phía bạn|hai bên|đối tác)")
_DOWNWARD = (r"(?:(?:các |những |mọi )?(?:sở|ban|ngành|bộ|cơ quan|đơn vị|địa phương|huyện|thị xã|thành phố|tỉnh|xã|"
             r"phường|ubnd|ủy ban|tập đoàn|tổng công ty|công ty|doanh nghiệp|chủ đầu tư|nhà thầu|lực lượng|công an|"
             r"trường|bệnh viện|cục|tổng cục|chi cục|trung tâm|hội|đoàn|người đứng đầu|thủ trưởng|lãnh đạo|cán bộ|"
             r"chính quyền|cấp ủy|ban quản lý|viện trưởng|giám đốc|chủ tịch))\b")
ORDER_DOWN_RE = with_first_chars(re.compile(rf"{_ORDER_VERB} (?!{_UPWARD}){_DOWNWARD}"))
ORDER_UP_RE = with_first_chars(re.compile(rf"(?:{_ORDER_VERB}|kiến nghị|đề xuất|mong muốn) {_UPWARD}"))
# A sentence that opens on an action verb, as an instruction with its subject left out.
IMPERATIVE_RE = re.compile(
    r"^(?:[-+•]\s*|\w\)\s*|\d+[.)]\s*)?(?:làm rõ|tập trung|khẩn trương|rà soát|tăng cường|đẩy mạnh|chấm dứt|hoàn thành|"
    r"xử lý|kiểm tra|triển khai|nghiên cứu|chủ động|tiếp tục|thực hiện|bảo đảm|đảm bảo|quyết liệt|kiên quyết|"
    r"nâng cao|xây dựng|hoàn thiện|tổ chức|phối hợp|chỉ đạo|truy vết|siết chặt|không để|nghiêm cấm|phấn đấu|ưu tiên)\b"
)


def rule_scores(text: str, speaker: str = "", *, meta: bool | None = None) -> dict[str, float]:
    """Score per label from the cue lexicon and the direction rules (who speaks to whom).

    ``meta`` is whether `META_RE` finds ``text``, when the caller has already searched.
    """
    scores = cue_scores(text)
    if META_RE.search(text) if meta is None else meta:
        return {label: 0.0 for label in LABELS} | {"other": 6.0}
    if _CHAIR_ORDERS_RE.search(text):
        # The chair's main clause decides; proposals it mentions are its topic.
        scores["task"] += 4.0
        scores["proposal"] *= 0.3
    elif _DELEGATE_ASKS_RE.search(text) or speaker == "delegate":
        # The same "đề nghị / cần / phải" from a delegate is a proposal.
        scores["proposal"] += 2.0 + scores["task"] * 0.5
        scores["task"] *= 0.5
    elif speaker == "chair":
        scores["task"] += 1.0
    passive = _PASSIVE_RE.search(text)
    if passive and not re.search(_DIRECTIVE_VERB, text[: passive.start()]):
        # "... tiếp tục được quan tâm lãnh đạo, chỉ đạo": work reported as done.
        scores["result"] += 3.5
    if _REPORTED_DONE_RE.search(text):
        scores["result"] += 2.0
        scores["task"] -= 1.5
    return scores
