"""Vietnamese typography, the way a careful copy editor sets it. Each rule can be turned
off per publication; none touches codes such as "01-KL/TW", numbers such as "2.701" and
"5,5", times such as "10:30" or addresses such as "https://…"."""

from __future__ import annotations

import re
from dataclasses import dataclass

NBSP = "\u00a0"

RULES = ("quotes", "ellipsis", "spacing", "dashes", "no_break")


@dataclass(frozen=True)
class Rules:
    quotes: bool = True  # "…" to “…”, '…' to ‘…’, an apostrophe to ’
    ellipsis: bool = True  # ... to …
    spacing: bool = True  # no space before , . ; : ? ! and one after , ; ? ! and :
    dashes: bool = True  # a spaced hyphen between words to a spaced en dash
    no_break: bool = True  # no-break spaces that keep "số 01", "Điều 34", "15 km" together

    @classmethod
    def none(cls) -> Rules:
        return cls(False, False, False, False, False)


_OPENING_CONTEXT = set(" \t\n([{–—-/" + NBSP + "\u201c\u2018")
_ELLIPSIS = re.compile(r"\.{3,}")
_SPACE_BEFORE = re.compile(r"[ \u00a0]+([,.;:?!)])(?!\.)")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) +")
# A letter right after , ; : ? ! gets a space; a digit does not (5,5 – 10:30). Addresses
# ("https://…") never reach this rule.
_MISSING_SPACE = re.compile(r"([,;:?!])(?=[^\W\d_])")
_SPACED_HYPHEN = re.compile(r"(?<=\S) +- +(?=\S)")

_TITLES = r"(?:TP|Tp|PGS|GS|TS|ThS|BS|KS|CN|NGƯT|NGND|TSKH|Th\.S)\."
_NUMBERED = (r"(?:[Ss]ố|[Nn]gày|[Tt]háng|[Nn]ăm|Điều|điều|Khoản|khoản|Chương|chương|Mục|mục"
             r"|Phần|phần|[Kk]h[oó]a|[Kk]hoá|[Tt]rang|[Kk]ỳ|[Ll]ần|[Qq]uý)")
_UNITS = (r"(?:km|m|cm|mm|m2|m²|m3|m³|ha|kg|g|tấn|tạ|lít|l|ml|kWh|MW|kW|W|V|°C|độ|%|‰"
          r"|triệu|tỷ|nghìn|ngàn|đồng|USD|VND|VNĐ|người|học sinh|hộ|xã|huyện|tỉnh)")
_NO_BREAK = [
    re.compile(rf"\b({_NUMBERED}) (?=[0-9IVXLC]+\b|[0-9])"),  # số 01-KL/TW, Điều 34, khóa XII
    re.compile(rf"(?<![\w.])({_TITLES}) (?=\w)"),  # TP. Hồ Chí Minh, PGS. TS
    re.compile(rf"(\d) (?={_UNITS}(?!\w))"),  # 15 km, 2.500 ha, 1,2 tỷ đồng
]
_END_MARK = re.compile(r"\s+(…/\.|\./\.)")  # the official end mark stays with the last word


# Where a no-break space may never give way, even at a cost: a number and its unit, and
# before the end mark. The others ("số 01", "TP. Hồ Chí Minh") are strong preferences.
_UNBREAKABLE = re.compile(rf"(?<=\d){NBSP}(?={_UNITS}(?!\w))|{NBSP}(?=…/\.|\./\.)")


def unbreakable_at(text: str, index: int) -> bool:
    """Is the no-break space at `index` of `text` one that a line may never break at?"""
    return _UNBREAKABLE.match(text, index) is not None


# Left exactly as typed: web and e-mail addresses, and anything shaped like markup (a tag,
# an entity), which the editions show literally.
_ADDRESS = re.compile(r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|<[^<>]*>|&#?\w+;)")


def apply(text: str, rules: Rules, before: str = "") -> str:
    """`before` is the character that precedes `text` in its paragraph (for quotes)."""
    parts = _ADDRESS.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # an address
            out.append(part)
        elif part:
            out.append(_apply(part, rules, (before + "".join(out))[-1:]))
    return "".join(out)


def _apply(text: str, rules: Rules, before: str) -> str:
    if rules.ellipsis:
        text = _ELLIPSIS.sub("…", text)
    if rules.spacing:
        text = _SPACE_BEFORE.sub(r"\1", text)
        text = _SPACE_AFTER_OPEN.sub(r"\1", text)
        text = _MISSING_SPACE.sub(r"\1 ", text)
    if rules.dashes:
        text = _SPACED_HYPHEN.sub(" – ", text)
    if rules.quotes:
        text = _curl(text, before)
    if rules.no_break:
        for pattern in _NO_BREAK:
            text = pattern.sub(rf"\1{NBSP}", text)
        text = _END_MARK.sub(rf"{NBSP}\1", text)
    return text


def _curl(text: str, before: str) -> str:
    out: list[str] = []
    previous = before[-1:] if before else " "
    for index, char in enumerate(text):
        if char in "\"'":
            following = text[index + 1:index + 2]
            if char == "'" and previous.isalnum() and following.isalnum():
                char = "\u2019"  # an apostrophe inside a word
            else:
                opening = previous in _OPENING_CONTEXT or not previous
                char = {('"', True): "\u201c", ('"', False): "\u201d",
                        ("'", True): "\u2018", ("'", False): "\u2019"}[(char, opening)]
        out.append(char)
        previous = char
    return "".join(out)
