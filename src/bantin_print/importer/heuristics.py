"""What a line of portal text is: a date, a breadcrumb, a caption, a name."""

from __future__ import annotations

import datetime as dt
import re

from bantin_print.importer.draft import Caption


# Portal toolbars: lines made only of these words (any order, with separators) are dropped.
_TOOLBAR_PHRASES = [
    "publishingportal", "tăng cỡ chữ", "giảm cỡ chữ", "cỡ chữ mặc định", "cỡ chữ", "mặc định",
    "phóng to", "thu nhỏ", "in bài viết", "in bài", "in trang", "xem bản in", "bản in",
    "in", "gửi email", "gửi e-mail", "gửi mail", "gửi bài viết", "gửi cho bạn bè",
    "gửi bài", "email", "e-mail", "chia sẻ bài viết", "chia sẻ qua", "chia sẻ lên",
    "chia sẻ", "facebook", "twitter", "zalo", "linkedin", "tweet", "like", "share",
    "print", "lưu bài viết", "lưu tin", "lưu", "quay lại", "trở lại", "trở về",
    "về đầu trang", "lên đầu trang", "đầu trang", "về trang trước", "nghe đọc bài",
    "nghe bài viết", "nghe đọc", "đọc bài", "sao chép liên kết", "copy link", "sao chép",
    "gửi bình luận", "bình luận", "ý kiến bạn đọc", "font size", "font", "size", "a", "aa",
    "tải về", "tải xuống", "đánh giá bài viết", "đánh giá", "bình chọn", "rss", "top",
    "back", "đóng", "toolbar", "zoom",
]
_TOOLBAR = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(_TOOLBAR_PHRASES, key=len, reverse=True))
    + r")(?!\w)")
_SEPARATORS = re.compile(r"[\s|/\\•·:,;()\[\]<>«»›‹+\-–—=*#_.!?0-9]+")
# Template names a SharePoint-style portal leaves in copied text.
_PORTAL_TOKEN = re.compile(r"PublishingPortal|\bBlock_\w+|\w+_Toolbar\b|\bWebPart\w*|\bctl\d\d")
_VIEWS = re.compile(r"(?:số\s+)?(?:lượt\s+(?:xem|đọc|truy\s*cập|thích|chia\s*sẻ)|đã\s+xem|"
                    r"lượt|views?|hits?)\s*:?\s*[\d.,]+(?:\s*lượt(?:\s+xem)?)?")
_BREADCRUMB_SEP = re.compile(r"\s+[>»›]\s+")
# A line after which a portal lists other articles: everything from it on goes.
_TAIL = re.compile(r"(?:các\s+)?(?:tin|bài(?:\s+viết)?)\s+(?:liên\s+quan|khác|cùng\s+chuyên\s+mục|"
                   r"đã\s+đưa|mới(?:\s+nhất)?|đọc\s+nhiều(?:\s+nhất)?|xem\s+nhiều(?:\s+nhất)?)"
                   r"|xem\s+thêm|ý\s+kiến\s+bạn\s+đọc|gửi\s+ý\s+kiến(?:\s+của\s+bạn)?")

# Dates: 18/01/2024, 18-01-2024, 18.01.2024, 2024-01-18, "ngày 18 tháng 01 năm 2024".
_DATE_FORMS = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|(?<!\d)(?P<y2>(?:19|20)\d\d)-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?!\d)"
    r"|ngày\s+(?P<d3>\d{1,2})\s+tháng\s+(?P<m3>\d{1,2})\s+năm\s+(?P<y3>(?:19|20)\d\d)",
    re.IGNORECASE)
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?(?!\d)"
                   r"|t\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"(?<!\w)(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn|t[2-7]|ngày|đăng|"
    r"cập\s*nhật|lúc|xuất\s*bản|ban\s*hành|giờ|gmt|utc|ict|updated?|posted|published|on|at|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?!\w)", re.IGNORECASE)


def find_date(value: str) -> dt.date | None:
    for match in _DATE_FORMS.finditer(value):
        parts = [match.group(k) for k in ("y", "m", "d")]
        if parts[0] is None:
            parts = [match.group(k) for k in ("y2", "m2", "d2")]
        if parts[0] is None:
            parts = [match.group(k) for k in ("y3", "m3", "d3")]
        try:
            return dt.date(*(int(p) for p in parts))
        except ValueError:
            continue
    return None


def _date_line(line: str) -> dt.date | None:
    """The date when `line` holds nothing but a date (with weekday, time, labels)."""
    if len(line) > 80:
        return None
    date = find_date(line)
    if date is None:
        return None
    rest = _DATE_FORMS.sub(" ", line)
    rest = _TIME.sub(" ", rest)
    rest = _DATE_WORDS.sub(" ", rest)
    rest = _SEPARATORS.sub("", rest)
    return date if not rest else None


def _is_breadcrumb(line: str) -> bool:
    folded = line.casefold()
    if folded.startswith("trang chủ") and len(line) <= 150:
        return True
    parts = _BREADCRUMB_SEP.split(line)
    return (len(parts) >= 3 and len(line) <= 120
            and all(1 <= len(p.split()) <= 6 and p[:1].isupper() and not re.search(r"[.!?]$", p)
                    for p in parts))


def classify(line: str) -> tuple[str | None, dt.date | None]:
    """("boilerplate", None), ("date", date), ("tail", None) or (None, None) for a line."""
    if not line or len(line) > 160:
        return None, None
    if _PORTAL_TOKEN.search(line) and len(line) <= 120:
        return "boilerplate", None
    folded = line.casefold().strip()
    if _TAIL.fullmatch(folded.rstrip(" :.")):
        return "tail", None
    if _is_breadcrumb(line):
        return "boilerplate", None
    # "Thứ năm, 18/01/2024 | Lượt xem: 123 | In bài viết": every part must be portal text.
    date = None
    matched = False
    for part in re.split(r"\s*[|•·]\s*|\s+-\s+(?=\D)", line):
        folded_part = part.casefold().strip()
        stripped = _TOOLBAR.sub(" ", _VIEWS.sub(" ", folded_part))
        matched = matched or stripped != folded_part
        if find_date(stripped):
            found = _date_line(stripped)
            if found is None:
                return None, None
            date = date or found
        elif _SEPARATORS.sub("", stripped):
            return None, None  # words of an article
    if date:
        return "date", date
    return ("boilerplate", None) if matched else (None, None)


# Photo credits: "Ảnh: Hương Dịu", "Ảnh minh họa", "Ảnh TL", "Nguồn ảnh: …".
_CREDIT = (r"(?:Ảnh|ẢNH|Nguồn\s+ảnh)\s*:\s*[^()\[\]]*[^\s()\[\].,;:]"
           r"|(?:Ảnh|ẢNH)\s+(?:minh\s+h(?:ọa|oạ)|tư\s+liệu|TL|internet)"
           r"(?:\s*:\s*[^()\[\]]*[^\s()\[\].,;:])?")
CREDIT_ANY = re.compile(rf"(?:^|[\s(\[.,;–—-])(?:{_CREDIT})")
CREDIT_ONLY = re.compile(rf"\s*[(\[]?\s*(?:{_CREDIT})\s*[)\]]?\s*\.?\s*")
_CREDIT_END = re.compile(rf"(?:[\s.,;–—-]*[(\[]\s*(?P<a>{_CREDIT})\s*[)\]]"
                         rf"|(?:^|[\s.,;:–—-]+)(?P<b>{_CREDIT}))\s*\.?\s*$")

SENTENCE_END = re.compile(r"[.!?…:;][\"”’»)\]]*$")
END_MARK = re.compile(r"/\.\s*$")
AUTHOR_PREFIX = re.compile(
    r"(?:tác\s+giả|bài\s*(?:và|,|&|-)\s*ảnh|tin\s*(?:và|,|&|-)\s*ảnh|bài|tin|người\s+viết|"
    r"thực\s+hiện|ghi\s+chép|nhóm\s+(?:phóng\s+viên|pv))\s*:\s*(?P<name>.{2,80})",
    re.IGNORECASE)
AFTER_END_MARK = re.compile(r"(?P<text>.*/\.)\s+(?P<name>[^\s/].{1,59})")


def starts_new(line: str) -> bool:
    first = line[:1]
    return first.isupper() or first.isdigit() or first in "\"“‘«([-–—•*+"


def name_like(value: str, strict: bool = True) -> bool:
    """A name alone on its line: short, no sentence punctuation, mostly capitalised."""
    value = value.strip()
    if not value or len(value) > 60 or re.search(r"[.:;,!?]$", value):
        return False
    words = value.split()
    if not 1 <= len(words) <= 8 or not (value[0].isupper() or value[0] in "(\"“"):
        return False
    if not strict:
        return True
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitals / len(words) >= 0.6 and len(words) <= 6


_PHOTO_LABEL = re.compile(r"\s*[(\[]?\s*(?:Ảnh|ẢNH)\s*:\s*(?P<text>.+?)\s*[)\]]?\s*")


def labelled_caption(value: str) -> str | None:
    """The caption of "Ảnh: Kỹ thuật viên kiểm tra bộ lọc tại xã Tân Thành": the label
    "Photo:" before what the photo shows. "Ảnh: Minh Châu" names who took it: a credit."""
    match = _PHOTO_LABEL.fullmatch(value)
    text = match.group("text").rstrip(". ") if match else ""
    if not text or name_like(text) or "/" in text:
        return None
    return text


def split_credit(value: str) -> Caption:
    described = labelled_caption(value)
    if described is not None:
        return Caption(described, None)
    match = _CREDIT_END.search(value)
    if match is None:
        return Caption(value, None)
    credit = (match.group("a") or match.group("b")).strip()
    caption = value[:match.start()].rstrip(" .,;:–—-")
    return Caption(caption or None, credit)
