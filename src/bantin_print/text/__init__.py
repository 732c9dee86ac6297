"""Pure functions over strings."""

from __future__ import annotations

import re
import unicodedata

# Characters that are invisible in print yet break searching, sorting and glyph checks.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Ð (U+00D0, Icelandic eth) is what old converters and keyboards put for Đ (U+0110).
_LOOKALIKES = {"\u00d0": "\u0110", "\u00f0": "\u0111"}
_TABLE = {ord(c): None for c in _INVISIBLE} | {ord(k): v for k, v in _LOOKALIKES.items()}
# C0 and C1 control characters other than tab and newline.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Normalise text as it comes in: NFC, line ends, invisible and look-alike characters.

    Line count is preserved (only "\\r\\n" and lone "\\r" become "\\n"), so positions
    found later still point at the right line of the source file.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text.translate(_TABLE))
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    """Runs of white space, line ends included, to one space; no space at either end."""
    return " ".join(text.split())


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def formal_date(date, weekday: bool = False) -> str:
    """'ngày 18 tháng 01 năm 2024': day under 10 and months 1 and 2 take a leading zero,
    as Vietnamese administrative style asks (Nghị định 30/2020/NĐ-CP)."""
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    text = f"ngày {day} tháng {month} năm {date.year}"
    return f"{WEEKDAYS[date.weekday()]}, {text}" if weekday else text


def issue_label(number: int) -> str:
    """'Số 01', 'Số 49', 'Số 120'."""
    return f"Số {number:02d}"


def thousands(number: int) -> str:
    """Vietnamese digit grouping: 2701 -> '2.701'."""
    return f"{number:,}".replace(",", ".")


def masthead_name(name: str) -> str:
    """The part of a bulletin's name set under a large "BẢN TIN": "Bản tin X" gives "X",
    as Vietnamese bulletins print their mastheads; any other name is kept whole."""
    words = name.split()
    return " ".join(words[2:]) if " ".join(words[:2]).casefold() == "bản tin" else name


def end_sentence(text: str) -> str:
    """`text` closed with a full stop unless it already ends in punctuation, so that a
    credit can follow a caption ("… hội nghị. Ảnh: Hương Dịu")."""
    return text if text.endswith((".", "!", "?", "…", ")", ":")) else text + "."


def slug(title: str, most: int = 60, empty: str = "bai-viet") -> str:
    """ASCII lower-case kebab-case without diacritics (đ → d), at most `most` characters
    cut at a word boundary: names of files that survive e-mail and any file system."""
    value = title.replace("đ", "d").replace("Đ", "D")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = value.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", value)
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > most:
            break
        result = candidate
    if not result and words:
        result = words[0][:most]
    return result or empty
