"""Vietnamese government and Party bodies, titles, abbreviations and people's names.

Written by us from the administrative vocabulary (no external list). Matching
runs on `tone_normalize`'d text (same length, so offsets still index the
caller's text) and every returned `Span` / `Party` satisfies
``text[start:end] == span.text``. Patterns are chains of literals and bounded
repeats of words that start with a capital (or come from a closed word list),
so they stay linear on long inputs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .fastscan import with_first_chars
from .normalize import tone_normalize
from .types import Party, Span

__all__ = [
    "STOP_WORDS", "CLOSED_BODY_RE", "ABBREVIATIONS", "BODY_RE", "GROUP_RE", "TITLE_RE", "CATEGORY_NOUNS", "PROVINCES", "PROVINCES_LONGEST_FIRST", "CITIES",
    "find_bodies", "find_titles", "find_people", "expand_abbreviation", "split_place_name", "spacy_patterns",
]

_CHARS = [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
_UP = "".join(c for c in map(chr, _CHARS) if c.isalpha() and c.isupper())
_LO = "".join(c for c in map(chr, _CHARS) if c.isalpha() and c.islower())
# A capitalised word ("Thái", "Đắk") or an abbreviation ("UBND", "GD&ĐT", "VH-TT&DL").
_CAPW = rf"(?:[{_UP}][{_LO}]+|[{_UP}]{{1,8}}(?:[&-][{_UP}]{{1,8}}){{0,3}})(?![\w&])"
_NAMEW = rf"[{_UP}][{_LO}]*(?:'[{_LO}]+)?(?![\w&])"  # "Cư M'gar", "Ea H'leo"

PROVINCES: tuple[str, ...] = tuple(
    "An Giang|Bà Rịa - Vũng Tàu|Bà Rịa-Vũng Tàu|Bạc Liêu|Bắc Giang|Bắc Kạn|Bắc Ninh|Bến Tre|Bình Dương|Bình Định|"
    "Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Cần Thơ|Đà Nẵng|Đắk Lắk|Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|"
    "Hà Giang|Hà Nam|Hà Nội|Hà Tĩnh|Hải Dương|Hải Phòng|Hậu Giang|Hòa Bình|Hồ Chí Minh|Hưng Yên|Khánh Hòa|Kiên Giang|"
    "Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|"
    "Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|Thanh Hóa|"
    "Thừa Thiên Huế|Thừa Thiên - Huế|Huế|Tiền Giang|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái".split("|")
)
#: `PROVINCES` longest first, so a name is tried before a shorter one it starts with.
PROVINCES_LONGEST_FIRST: tuple[str, ...] = tuple(sorted(PROVINCES, key=len, reverse=True))
# Each with the name + " " that starts a longer run (built once, not per call).
_PROVINCES_AND_RUNS = tuple((p, p + " ") for p in PROVINCES_LONGEST_FIRST)
#: Cities directly under the central government: "thành phố X", not "tỉnh X".
CITIES = frozenset("Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế".split("|"))
_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Lương Triệu Thân Lù Ma Nông "
    "Hà Mai Trịnh Cao Lưu Chu Tô Tạ Vương La Lâm Quách Từ Kiều Thái Trương Châu Khổng Giang Lại Âu Đàm Hứa Lò Sùng "
    "Giàng Vi Vàng Hầu Mùa Thào Tòng Cầm Quàng Bế Lục Mạc Kim Tăng Khúc Đồng Phùng Diệp Tôn Chế Tống Nghiêm Thạch "
    "Danh Lã Bạch Mạch Cù Ninh Tiêu Hàn Quan Đào Doãn Giáp Khương Lạc Lữ Hạ Y Ksor Rơ Đậu Lộc Trình Vòng".split()
)
_MIDDLE = frozenset("Văn Thị Đức Minh Quang Hữu Công Xuân Hồng Thanh Ngọc Kim Duy Trọng Tiến Thế Đình Bá Quốc Mạnh".split())
# Capitalised words that follow a title without being a name ("đại biểu Đảng bộ", "Bộ trưởng Bộ").
# "Chỉ": "Trưởng Ban Chỉ huy ..." is a body, not "Trưởng Ban" + the short name "Chỉ".
_NOT_NAMES = frozenset("Đảng Nhà Nhân Quốc Trung Tổ Nông Việt Hội Mặt Chính Bộ Sở Ban Thường Đoàn Công Tỉnh Thành Huyện Chỉ".split())

#: Abbreviations used in reports and what they stand for.
ABBREVIATIONS: dict[str, str] = dict(
    pair.split("=") for pair in (
        "UBND=Ủy ban nhân dân|HĐND=Hội đồng nhân dân|MTTQ=Mặt trận Tổ quốc|UBMTTQ=Ủy ban Mặt trận Tổ quốc|"
        "KT-XH=kinh tế - xã hội|GPMB=giải phóng mặt bằng|ATGT=an toàn giao thông|NTM=nông thôn mới|TP.=thành phố|"
        "TP=thành phố|TX=thị xã|TT=thị trấn|QP-AN=quốc phòng - an ninh|ANTT=an ninh trật tự|CCHC=cải cách hành chính|"
        "BCH=Ban Chấp hành|BTV=Ban Thường vụ|BCĐ=Ban Chỉ đạo|BQL=Ban Quản lý|TW=Trung ương|TƯ=Trung ương|"
        "UBTVQH=Ủy ban Thường vụ Quốc hội|ĐBQH=đại biểu Quốc hội|NSNN=ngân sách nhà nước|DN=doanh nghiệp|"
        "DNNN=doanh nghiệp nhà nước|KCN=khu công nghiệp|CCN=cụm công nghiệp|BHXH=bảo hiểm xã hội|BHYT=bảo hiểm y tế|"
        "TTHC=thủ tục hành chính|PCCC=phòng cháy, chữa cháy|PCTT=phòng, chống thiên tai|TKCN=tìm kiếm cứu nạn|"
        "CSGT=cảnh sát giao thông|LLVT=lực lượng vũ trang|HTX=hợp tác xã|CP=Chính phủ|NHNN=Ngân hàng Nhà nước|"
        "GD&ĐT=Giáo dục và Đào tạo|GDĐT=Giáo dục và Đào tạo|NN&PTNT=Nông nghiệp và Phát triển nông thôn|"
        "NN-PTNT=Nông nghiệp và Phát triển nông thôn|TN&MT=Tài nguyên và Môi trường|TN-MT=Tài nguyên và Môi trường|"
        "KH&ĐT=Kế hoạch và Đầu tư|KH-ĐT=Kế hoạch và Đầu tư|GTVT=Giao thông vận tải|KH&CN=Khoa học và Công nghệ|"
        "KH-CN=Khoa học và Công nghệ|TT&TT=Thông tin và Truyền thông|TT-TT=Thông tin và Truyền thông|"
        "LĐ-TB&XH=Lao động - Thương binh và Xã hội|LĐTB&XH=Lao động - Thương binh và Xã hội|"
        "VH-TT&DL=Văn hóa, Thể thao và Du lịch|VHTT&DL=Văn hóa, Thể thao và Du lịch|TP.HCM=Thành phố Hồ Chí Minh|"
        "TPHCM=Thành phố Hồ Chí Minh|VN=Việt Nam|PCTN=phòng, chống tham nhũng|CNH-HĐH=công nghiệp hóa, hiện đại hóa"
    ).split("|")
)
# Names of fields after "Sở"/"Bộ"/"Ban": some hold lower-case words or a comma.
_FIELDS = (
    "Y tế dự phòng|Kinh tế xây dựng|Giám định nhà nước về chất lượng công trình xây dựng|xây dựng Đảng|Tài chính, Ngân sách|Phòng, chống thiên tai|Khoa học, Công nghệ và Thông tin|Hàng không|Văn hóa, Thể thao và Du lịch|Văn hóa - Thể thao và Du lịch|Lao động - Thương binh và Xã hội|"
    "Nông nghiệp và Phát triển nông thôn|Nông nghiệp và Môi trường|Tài nguyên và Môi trường|Kế hoạch và Đầu tư|"
    "Giáo dục và Đào tạo|Khoa học và Công nghệ|Thông tin và Truyền thông|Dân tộc và Tôn giáo|Giao thông vận tải|"
    "Xây dựng Đảng|Xây dựng|Tài chính|Công Thương|Công thương|Y tế|Nội vụ|Tư pháp|Ngoại vụ|Ngoại giao|Quốc phòng|"
    "Công an|Du lịch|Tuyên giáo|Dân vận|Tổ chức|Nội chính|Kinh tế - Ngân sách|Văn hóa - Xã hội|Pháp chế|Dân nguyện|"
    "Chỉ huy Quân sự|Chỉ huy Bộ đội Biên phòng|An toàn giao thông|Chính trị|Bí thư|"
    "Chấp hành Trung ương|Kiểm tra|Thường vụ|Chỉ đạo"
)
#: Lower-case words that end a body's name: verbs, modals, prepositions (directives reuse them).
STOP_WORDS: tuple[str, ...] = tuple(sorted(set((
    "tập trung|thực hiện|khẩn trương|chủ động|tiếp tục|rà soát|tăng cường|đẩy mạnh|đẩy nhanh|nghiên cứu|phối hợp|"
    "chủ trì|tham mưu|hoàn thành|hoàn thiện|triển khai|kiểm tra|xử lý|giải quyết|bảo đảm|đảm bảo|quan tâm|làm tốt|"
    "làm rõ|làm|nâng cao|phát huy|theo dõi|báo cáo|quyết liệt|sớm|cần|phải|nghiêm túc|có trách nhiệm|chịu trách nhiệm|"
    "có|kịp thời|lập|thành lập|bố trí|tuyên truyền|vận động|hướng dẫn|giám sát|tiếp thu|cải thiện|kiện toàn|dồn sức|"
    "huy động|thống nhất|nắm|nắm bắt|thường xuyên|ưu tiên|chuẩn bị|trình|ban hành|sửa đổi|cụ thể hóa|tích cực|nỗ lực|"
    "phấn đấu|thúc đẩy|giải ngân|khắc phục|ngăn chặn|xem xét|chú trọng|công khai|mở rộng|cung cấp|bổ sung|hỗ trợ|"
    "chăm lo|cương quyết|kiên quyết|dứt điểm|không|tránh|đưa|lựa chọn|điều chỉnh|cập nhật|thẩm định|tổng hợp|tham gia|"
    "vào cuộc|trực tiếp|tận dụng|khai thác|giữ vững|giữ|duy trì|đánh giá|phân tích|tuyệt đối|xác định|sắp xếp|"
    "rút kinh nghiệm|tạo điều kiện|tạo|gửi|trả lời|tiếp nhận|tháo gỡ|nêu cao|chấn chỉnh|siết chặt|làm việc|kiểm soát|"
    "phòng ngừa|ứng phó|khảo sát|lập tức|ngay|sẵn sàng|tiến hành|kiểm điểm|bám sát|phục vụ|nhanh chóng|thận trọng|"
    "đồng thời|cùng với|để|nhằm|trong|theo|tại|về|với|là|đã|sẽ|đang|cũng|được|quán triệt|vận hành|thu hồi|hoàn tất|"
    "hạn chế|đề cao|coi trọng|quyết tâm|thay đổi|cân đối|cho phép|cử|tăng|giảm|nên|coi|mở|cấp|xem|dừng|tạm dừng|"
    "chuyển|di dời|di chuyển|chặt|gia cố|che chắn|thông báo|chi|trả|nộp|bàn giao|tìm|thanh tra|điều tra|xây|sửa chữa|"
    "sửa|nâng cấp|cải tạo|lắp đặt|trồng|mua|thu|thu hút|thu gom|dọn|ký|cam kết|cảnh báo|phổ biến|tuần tra|truy|"
    "phạt|xử phạt|đôn đốc|chỉ đạo|yêu cầu|đề nghị|giao|đề xuất|kiến nghị|lưu ý|nhấn mạnh|cho biết|nhận|bắt đầu|"
    "rà|đề ra|đặt|tìm kiếm|bảo vệ|quản lý|tổ chức|xây dựng|đầu tư|phát triển|các|những|một|mọi|mỗi|của|cho|và|"
    "khi|nếu|thì|mà|nhưng|vẫn|từ|đến|tới|trên|dưới|sau|trước|ngoài|bằng|qua|hay|hoặc|vì|do|như|gồm|bao gồm|"
    "thuộc|trực thuộc|liên quan|có liên quan|cụ thể|ở|đối với|chấm dứt|trình bày|phát biểu|khẳng định|cho rằng|"
    "đối thoại|giải trình|vừa|mạnh tay|lấy|đơn giản hóa|cân nhắc|tiếp cận|rút ngắn|đẩy|nhân rộng|lồng ghép|bồi thường|"
    "hoàn trả|xúc tiến|kết nối|ổn định|đôn|tuân thủ|chuẩn hóa|số hóa|minh bạch|công bố|khởi công|vận chuyển|bảo quản|"
    "cắt giảm|miễn|giãn|khoanh|gia hạn|ký kết|thành lập|chốt|dành|bảo đảm|tạo|chia sẻ|lắng nghe|giải đáp|thăm|"
    "động viên|khen thưởng|biểu dương|ghi nhận|chia|điều động|luân chuyển|bổ nhiệm|thu xếp|ứng trước|tạm ứng|quyết toán|"
    "diễn tập|họp|dự|tham dự|chủ động|báo|trao đổi|thảo luận|góp ý|thông qua|phê duyệt|công nhận|đạt|tăng cường"
).split("|")), key=len, reverse=True))
_SW = "|".join(STOP_WORDS)

# Lower-case words allowed inside a name that starts with a capital ("Sở Giao thông vận tải").
_NW = (  # longer phrases first: the first alternative that fits is kept
    "đầu tư xây dựng|vận tải|nông thôn|giao thông|xã hội|dự án|đầu tư|khu kinh tế|cửa khẩu|công trình|an toàn|nhà nước|nhân dân|"
    "thương binh|đào tạo|môi trường|truyền thông|công nghệ|quân sự|biên phòng|tôn giáo|dân tộc|đô thị|thiên tai|"
    "cứu nạn|kinh tế|chính trị|hành chính|tư pháp|y tế|thể thao|du lịch|tài chính|ngân sách|nông nghiệp|thủy lợi|"
    "thủy sản|lâm nghiệp|giáo|dựng|nguyên|hoạch|động|hóa|thông|tế|chức|vận|chính|trị|dục|học|đạo|lý|tra|sự|vụ|"
    "phòng|chống|khám|chữa bệnh|đảng|các công trình"
)
_HEADS_TO_STOP = (
    "Sở|Bộ|Ban|UBND|HĐND|Cục|Tổng cục|Chi cục|Công an|Ủy ban|Văn phòng|Thường trực|Tỉnh ủy|Thành ủy|Huyện ủy|MTTQ|các|"
    "Kho bạc|Ngân hàng|Tổng công ty|Công ty|Tập đoàn|Viện|Vụ|Trung tâm|Thanh tra|Hội|Liên đoàn|Đoàn|Quỹ|Bệnh viện|Trường"
)
_LEVEL = r"(?:cấp (?:tỉnh|huyện|xã)|tỉnh|thành phố|TP\.?|huyện|thị xã|quận|xã|phường|thị trấn|Trung ương|TƯ|TW)(?!\w)"
# After a capitalised word, lower-case words continue a name unless they are stop words or a level ("tỉnh").
_CHAIN = rf"{_CAPW}(?:(?: | - |-)(?:{_CAPW}|(?:{_NW})(?!\w)|(?!(?:{_SW}|{_LEVEL})(?!\w))[{_LO}]+(?!\w)|và(?= (?!(?:{_HEADS_TO_STOP})\b)[{_UP}]))){{0,8}}"
_PLACE_RUN = rf"(?:(?: | - )(?:TP\.HCM|TPHCM|{_NAMEW})){{1,6}}"
_LV = r"(?:huyện|thị xã|thành phố|quận|xã|phường|thị trấn|tỉnh|địa phương)"
_LEVEL_GROUP = rf"các {_LV}(?:(?:, | và |, và ){_LV}){{0,4}}"
_BASE = (
    r"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng) ủy(?: [Kk]hối| Tổng công ty| Công ty| Tập đoàn)?|HĐND|UBND|Hội đồng nhân dân|Ủy ban nhân dân|"
    r"(?:Ủy ban |Ban Thường trực )?(?:MTTQ|Mặt trận Tổ quốc)(?: Việt Nam| VN)?|UBMTTQ"
)
_PREFIX = (
    r"Ban Thường vụ|Ban Chấp hành|Thường trực|Thường vụ|Văn phòng|Ủy ban Kiểm tra|Ban Tuyên giáo|Ban Tổ chức|"
    r"Ban Dân vận|Ban Nội chính|Ban cán sự đảng|Đảng đoàn|Ban Kinh tế - Ngân sách|Ban Kinh tế|Ban Pháp chế|"
    r"Ban Văn hóa - Xã hội|Ban Dân tộc|Đoàn đại biểu Quốc hội|Tổ đại biểu|Ban"
)
_HEADED = (
    r"Tổng cục|Chi cục|Cục|Sở|Bộ Chỉ huy|Bộ Tư lệnh|Bộ|Ban Quản lý|Ban Chỉ đạo|Ban|Vụ|Viện|Văn phòng|Thanh tra|"
    r"Trung tâm|Ủy ban|Hội đồng|Liên đoàn|Hội|Tỉnh đoàn|Thành đoàn|Đoàn|Tổng công ty|Công ty|Tập đoàn|Ngân hàng|"
    r"Kho bạc|Bệnh viện|Đài|Quỹ|Công an|Quân khu|Kiểm toán|Tòa án nhân dân|Viện Kiểm sát nhân dân|Cảnh sát|"
    r"Học viện|Trường|Chi nhánh|Cơ quan|Bộ đội Biên phòng|Hiệp hội|Phòng"
)
_FIXED = (
    r"Chính phủ|Quốc hội|Ủy ban Thường vụ Quốc hội|UBTVQH|Bộ Chính trị|Ban Bí thư|Trung ương Đảng|Trung ương|"
    r"Kiểm toán Nhà nước|Ngân hàng Nhà nước(?: Việt Nam)?|NHNN|Thanh tra Chính phủ|Văn phòng Chính phủ|"
    r"Đoàn đại biểu Quốc hội(?: tỉnh| thành phố)?|Đoàn công tác|Đoàn giám sát|Đoàn kiểm tra|"
    r"Công an (?:tỉnh|huyện|thành phố|xã|phường)"
)
#: A government or Party body: "Ban Thường vụ Tỉnh ủy", "UBND tỉnh Thái Nguyên", "Sở Y tế", "các Bộ".
# Alternatives are tried in order, not for the longest: fixed names come before the generic
# "head + capitalised chain" so that "Ủy ban Thường vụ Quốc hội" is not cut to "Ủy ban Thường vụ Quốc".
BODY_RE = re.compile(
    rf"(?<!\w)(?:(?:(?:{_PREFIX}) )?(?:{_BASE})(?: {_LEVEL_GROUP}| {_LEVEL})?|(?:{_FIXED})(?!\w)|(?:các )?(?:{_HEADED}) "
    rf"(?:{_FIELDS}|{_CHAIN})(?: {_LEVEL})?)(?:{_PLACE_RUN})?"
)
def _any_case(phrase: str) -> str:
    # Titles are written "Phó Chủ tịch" and "Phó chủ tịch": accept either case per word's first letter.
    return " ".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in phrase.split())


#: A body whose name is complete by itself (no generic capitalised chain): a verb may follow directly.
CLOSED_BODY_RE = re.compile(
    rf"(?:(?:{_PREFIX}) )?(?:{_BASE})(?: {_LEVEL_GROUP}| {_LEVEL})?(?:{_PLACE_RUN})?|(?:các )?(?:{_HEADED}) (?:{_FIELDS})"
    rf"(?: {_LEVEL})?(?:{_PLACE_RUN})?|(?:{_FIXED})(?:{_PLACE_RUN})?"
)
#: The common-noun heads of groups that can be assignees ("các sở, ngành", "lực lượng chức năng").
CATEGORY_NOUNS: tuple[str, ...] = tuple(
    "tổ chức chính trị - xã hội|lực lượng chức năng|cơ quan chức năng|cơ quan chuyên môn|người đứng đầu|chủ đầu tư|"
    "cấp ủy|chính quyền|địa phương|đơn vị|cơ quan|tổ chức|đoàn thể|doanh nghiệp|nhà thầu|lực lượng|thành viên|"
    "hội viên|đại biểu|tổ đại biểu|cán bộ|đảng viên|chi bộ|đảng bộ|ban quản lý|ban chỉ đạo|thủ trưởng|lãnh đạo|"
    "phòng ban|phòng|trường|bệnh viện|hộ dân|người dân|cơ sở|ngân hàng|tập đoàn|tổng công ty|công ty|hợp tác xã|thị xã|thành phố|"
    "thị trấn|huyện|quận|xã|phường|tỉnh|sở|ban|ngành|bộ|cục|cấp|khối|hội|bên|thương nhân|tổ công tác|"
    "chủ tịch|giám đốc|bí thư".split("|")
)
_CAT = "|".join(_any_case(c) if c[0].islower() else c for c in CATEGORY_NOUNS)
# A person's head noun after a comma starts its own unit ("các cấp ủy || người đứng đầu cơ quan, đơn vị").
_PERSON_HEADS = frozenset("người đứng đầu|thủ trưởng|lãnh đạo|chủ tịch|giám đốc|bí thư".split("|"))
_CAT_MEMBER = "|".join(_any_case(c) if c[0].islower() else c for c in CATEGORY_NOUNS if c not in _PERSON_HEADS)
#: A group led by one "các" over a list: "các sở, ngành", "các cấp, ngành liên quan".
GROUP_RE = re.compile(
    rf"(?<!\w)(?:các|những|mọi|toàn bộ|tất cả các|mỗi) (?:{_CAT})(?!\w)(?:(?:, | và |, và )(?:{_CAT_MEMBER})(?!\w)){{0,5}}"
    rf"(?: (?:có liên quan|liên quan|chức năng|chuyên môn|trực thuộc|thành viên|trên địa bàn|{_LEVEL}))?"
)
# Military and police ranks stand before the name like a title ("Thượng tướng Trần Quốc Khải").
_RANKS = "Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá"
_RANK_RE = re.compile(rf"(?:{_RANKS}) ")
_RANK_NAME_RE = re.compile(rf"(?:{_RANKS}) ({_NAMEW}(?: {_NAMEW}){{1,4}})(?!\w)")
_HEAD_TITLES = sorted(
    "Tổng Bí thư|Chủ tịch nước|Chủ tịch Quốc hội|Thủ tướng Chính phủ|Thủ tướng|Bộ trưởng|Thứ trưởng|Bí thư|Chủ tịch|"
    "Tổng Giám đốc|Giám đốc|Trưởng ban|Trưởng đoàn|Trưởng phòng|Chủ nhiệm|Chánh văn phòng|Chánh thanh tra|Chánh án|"
    "Viện trưởng|Tổng cục trưởng|Chi cục trưởng|Cục trưởng|Vụ trưởng|Chỉ huy trưởng|Tư lệnh|Chính ủy|Thống đốc|"
    "Tổng Kiểm toán Nhà nước|Tổng Thư ký|Ủy viên|Đại biểu Quốc hội|Thủ trưởng|Người phát ngôn|Hiệu trưởng|"
    f"Tổng Thanh tra|Trưởng Công an|Đại biểu|Tổ trưởng|Tỉnh ủy viên|Thành ủy viên|Huyện ủy viên|{_RANKS}".split("|"),
    key=len, reverse=True,
)


#: A title: "Phó Bí thư Thường trực", "Chủ tịch", "Bộ trưởng" (its organisation is read after it).
TITLE_RE = re.compile(
    rf"(?<!\w)(?:(?:[Pp]hó|[Nn]guyên|[Qq]uyền) )?(?:{'|'.join(_any_case(t) for t in _HEAD_TITLES)})(?!\w)(?: [Tt]hường trực)?"
)
_ORG_RE = re.compile(rf" (?:{BODY_RE.pattern}|(?:{_FIELDS})(?: (?:{_BASE}))?(?: {_LEVEL})?(?:{_PLACE_RUN})?)")
_GENERIC_ORG_RE = re.compile(rf" {_CHAIN}(?: {_LEVEL})?(?:{_PLACE_RUN})?")
_SHORT_NAME_RE = re.compile(rf" ({_NAMEW})(?! [{_UP}])")
_HONORIFIC_RE = re.compile(rf"(?<!\w)(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Đđ]ại biểu|[Cc]ử tri)((?: {_NAMEW}){{1,5}})")
_BARE_NAME_RE = re.compile(rf"(?<![\w.])({_NAMEW}(?: {_NAMEW}){{1,4}})(?=, )")
_LEVEL_END_RE = re.compile(rf"(?:{_LEVEL}|ủy|uỷ|HĐND|UBND|MTTQ)$")
_MENTION_RE = re.compile(rf"{TITLE_RE.pattern}|{_HONORIFIC_RE.pattern}|{_BARE_NAME_RE.pattern}")
# The same patterns for whole-text scans, skipping positions no match can start at (same matches).
_MENTION_SCAN = with_first_chars(_MENTION_RE)
_BODY_SCAN = with_first_chars(BODY_RE)
_GROUP_SCAN = with_first_chars(GROUP_RE)


def split_place_name(words: list[str], after_level: bool) -> int:
    """How many of the capitalised ``words`` after an organisation are its place.

    The rest is a person's name: "Nam Định Đoàn Hồng Phong" → 2 ("Nam Định").
    ``after_level`` says the words follow "tỉnh"/"huyện"..., where a place is expected.
    """
    joined = " ".join(words)
    for prov, prov_space in _PROVINCES_AND_RUNS:
        if joined == prov or joined.startswith(prov_space):
            n = len(prov.replace(" - ", " ").split())
            return n if len(words) - n >= 2 or len(words) == n else len(words)
    if after_level and len(words) <= 2:
        return len(words)  # "huyện Lâm Bình": districts are mostly two syllables
    if 2 <= len(words) <= 4 and (words[0] in _SURNAMES or words[1] in _MIDDLE):
        return 0  # "Nguyễn Văn A", "Lộc Văn Hưng"
    for i in range(1, len(words) - 1):
        if words[i] in _SURNAMES and 2 <= len(words) - i <= 4:
            return i
    return len(words)


def _trim_name(view: str, start: int, end: int) -> tuple[int, int | None]:
    """Cut a trailing person's name off an organisation span; return (org end, name start)."""
    seg = view[start:end]
    words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"[^\s-]+", seg)]
    k = len(words)
    while k > 0 and words[k - 1][2][:1].isupper() and words[k - 1][2] not in ("TP.", "TP"):
        k -= 1
    tail = words[k:]
    if not tail or k == 0:
        return end, None
    before = view[start:words[k - 1][1]]
    keep = split_place_name([w for _, _, w in tail], bool(_LEVEL_END_RE.search(before)))
    if keep >= len(tail):
        return end, None
    org_end = tail[keep - 1][1] if keep else words[k - 1][1]
    return org_end, tail[keep][0]


def _view(text: str, start: int, end: int) -> str:
    # Normalise only the window (same length); pad so offsets stay those of ``text``.
    return " " * start + tone_normalize(text[start:end])


def find_bodies(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Bodies and groups in ``text[start:end]`` ("UBND tỉnh", "các cấp, ngành liên quan").

    A person's name that follows a body ("Tỉnh ủy Nam Định Đoàn Hồng Phong") is cut off.

    >>> [b.text for b in find_bodies("Thường trực Tỉnh ủy đề nghị UBND tỉnh, các sở, ngành thực hiện.")]
    ['Thường trực Tỉnh ủy', 'UBND tỉnh', 'các sở, ngành']
    """
    end = len(text) if end is None else end
    return [Span(start=s, end=e, text=text[s:e]) for s, e in _bodies(text, start, end)]


@lru_cache(maxsize=32)  # meeting and directive extraction read the same report
def _bodies(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    view = _view(text, start, end)
    found: list[tuple[int, int]] = []
    for m in _BODY_SCAN.finditer(view, start, end):
        s, e = m.start(), _trim_name(view, m.start(), m.end())[0]
        words = view[s:e].split()
        if all(w[:1].isupper() for w in words) and words[0] in _SURNAMES and 2 <= len(words) <= 4:
            continue  # "Đoàn Hồng Phong" is a person, not the body "Đoàn ..."
        found.append((s, e))
    for m in _GROUP_SCAN.finditer(view, start, end):
        found.append((m.start(), m.end()))
    found.sort(key=lambda p: (p[0], -p[1]))
    out: list[tuple[int, int]] = []
    for s, e in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return tuple(out)


def _title_chain(view: str, pos: int, end: int) -> tuple[int, int | None, int | None]:
    """Read "Title Org, Title Org ... Name" from ``pos``: (chain end, name start, name end)."""
    chain_end = pos
    for _ in range(6):
        m = TITLE_RE.match(view, pos, end)
        if not m:
            break
        e = m.end()
        rank = _RANK_NAME_RE.match(view, m.start(), end)
        if rank:  # a rank has no organisation: the name follows ("Thượng tướng Trần Quốc Khải nói")
            return e, rank.start(1), rank.end(1)
        org = _ORG_RE.match(view, e, end)
        if org is None:
            short = _SHORT_NAME_RE.match(view, e, end)
            if short and short.group(1)[1:].islower() and short.group(1) not in _NOT_NAMES:
                return e, short.start(1), short.end(1)  # "Bộ trưởng Tuấn": a short name
            org = _GENERIC_ORG_RE.match(view, e, end)
        if org:
            e = org.end()
        org_end, name_start = _trim_name(view, m.start(), e)
        if name_start is not None:
            return org_end, name_start, e
        chain_end = e
        if view[m.start()].islower() and org is None:
            break  # "các đại biểu, Phó Chủ tịch UBND tỉnh ...": a list, the next title starts its own mention
        if not (view.startswith(", ", e) and TITLE_RE.match(view, e + 2, end)):
            break
        pos = e + 2
    return chain_end, None, None


def find_titles(text: str, start: int = 0, end: int | None = None) -> list[Party]:
    """Every person or title mention: named people and bare titles ("Chủ tịch UBND tỉnh").

    Bare titles come back with ``name=None``; the span covers the honorific
    ("đồng chí ...") and the whole title chain.
    """
    end = len(text) if end is None else end
    return [
        Party(name=text[n[0]:n[1]] if n else None,
              title=text[t[0]:t[1]].rstrip(", ") if t and t[1] > t[0] else None, start=s, end=e, text=text[s:e])
        for s, e, n, t in _titles(text, start, end)
    ]


@lru_cache(maxsize=32)
def _titles(text: str, start: int, end: int) -> tuple[tuple, ...]:
    view = _view(text, start, end)
    out: list[tuple] = []
    taken = start

    def add(s: int, e: int, name: tuple[int, int] | None, title: tuple[int, int] | None) -> None:
        nonlocal taken
        out.append((s, e, name, title))
        taken = e

    for m in _MENTION_SCAN.finditer(view, start, end):
        s = m.start()
        if s < taken:
            continue
        if TITLE_RE.match(view, s, end):
            chain_end, ns, ne = _title_chain(view, s, end)
            if ns is None and view[s].islower():
                taken = chain_end  # "các đại biểu", "bí thư chi bộ": a common noun, not a mention
                continue
            e, title = ne or chain_end, (s, chain_end)
            if ns and _RANK_RE.match(view, s) and view.startswith(", ", e) and TITLE_RE.match(view, e + 2, end):
                # A rank is not the post: "Đại tá A, Giám đốc Công an tỉnh" is titled by the post.
                title = (e + 2, _title_chain(view, e + 2, end)[0])
                e = title[1]
            add(s, e, (ns, ne) if ns else None, title)
            continue
        hon = _HONORIFIC_RE.match(view, s, end)
        if hon:
            words = hon.group(1).split()
            ns = hon.start(1) + 1
            if words[0] in ("Phó", "Nguyên", "Quyền") or TITLE_RE.match(view, ns, end):
                chain_end, n2s, n2e = _title_chain(view, ns, end)  # "đồng chí Phó Bí thư ..."
                add(s, n2e or chain_end, (n2s, n2e) if n2s else None, (ns, chain_end))
                continue
            if any(view.startswith(p, ns) or view.startswith(p, s) for p in PROVINCES):
                continue  # "Bà Rịa - Vũng Tàu" is a province, not "bà" + a name
            ne = hon.end(1)
            title, e = None, ne
            if view.startswith((", ", " - "), ne) and TITLE_RE.match(view, ne + 2, end):
                chain_end, _, _ = _title_chain(view, ne + 2, end)
                title, e = (ne + 2, chain_end), chain_end
            add(s, e, (ns, ne), title)
            continue
        bare = _BARE_NAME_RE.match(view, s, end)
        if (bare and bare.group(1).split()[0] in _SURNAMES and TITLE_RE.match(view, bare.end() + 2, end)
                and bare.group(1) not in PROVINCES and not _LEVEL_END_RE.search(view, max(0, s - 12), s - 1)):
            chain_end, _, _ = _title_chain(view, bare.end() + 2, end)
            add(s, chain_end, (s, bare.end()), (bare.end() + 2, chain_end))
    return tuple(out)


def find_people(text: str) -> list[Party]:
    """Named people with their titles and offsets ("Chủ tịch UBND tỉnh Nguyễn Văn A").

    >>> [(p.name, p.title) for p in find_people("Đồng chí Lê Văn Bình, Bí thư Huyện ủy, phát biểu.")]
    [('Lê Văn Bình', 'Bí thư Huyện ủy')]
    """
    return [p for p in find_titles(text) if p.name]


def expand_abbreviation(abbr: str) -> str | None:
    """The expansion of an abbreviation ("UBND" → "Ủy ban nhân dân"), or ``None``."""
    key = abbr.strip()
    return ABBREVIATIONS.get(key) or ABBREVIATIONS.get(key.upper())


def spacy_patterns() -> list[dict]:
    """Patterns for a spaCy ``SpanRuler``/``EntityRuler``: labels BODY, GROUP, TITLE, ABBR.

    Phrase patterns (strings) cover fixed bodies, bodies with a level word and
    field names; token patterns cover "Sở/Bộ/Cục + capitalised words". With
    a tokenizer that may merge words, prefer mapping `find_bodies` hits with
    ``doc.char_span`` instead.
    """
    return [dict(p) for p in _spacy_patterns()]


@lru_cache(maxsize=1)
def _spacy_patterns() -> tuple[dict, ...]:
    pats: list[dict] = []
    fixed = [f for f in _FIXED.split("|") if "(" not in f]
    levels = ["tỉnh", "huyện", "thành phố", "thị xã", "xã", "phường"]
    for base in ["UBND", "HĐND", "Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban MTTQ", "MTTQ"]:
        fixed += [f"{base} {lv}" for lv in levels] + [base]
    for comm in ["Tỉnh ủy", "Thành ủy", "Huyện ủy"]:
        fixed += [comm] + [f"{p} {comm}" for p in ("Ban Thường vụ", "Thường trực", "Ban Chấp hành", "Văn phòng")]
    for head in ("Sở", "Bộ", "Ban"):
        fixed += [f"{head} {f}" for f in _FIELDS.split("|")]
    pats += [{"label": "BODY", "pattern": p} for p in dict.fromkeys(fixed)]
    pats += [{"label": "GROUP", "pattern": g} for g in (
        "các sở, ngành", "các địa phương", "các huyện, thị xã, thành phố", "các cấp, ngành liên quan",
        "các sở, ngành, địa phương", "các cơ quan, đơn vị", "các cấp ủy, chính quyền")]
    titles = [t for t in _HEAD_TITLES] + [f"Phó {t}" for t in _HEAD_TITLES if not t.startswith(("Tổng", "Phó"))]
    pats += [{"label": "TITLE", "pattern": t} for t in titles]
    pats += [{"label": "ABBR", "pattern": a} for a in ABBREVIATIONS if len(a) > 2]
    caps = {"IS_TITLE": True, "OP": "+"}
    pats += [{"label": "BODY", "pattern": [{"TEXT": {"IN": ["Sở", "Bộ", "Cục", "Tổng cục", "Chi cục"]}}, caps]}]
    return tuple(pats)
