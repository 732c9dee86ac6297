"""Where the tone mark sits on oa, oe and uy: "hòa, khỏe, thủy" (the older style, still in
laws and names) or "hoà, khoẻ, thuỷ" (on the main vowel, QĐ 1989/QĐ-BGDĐT 2018)."""

from __future__ import annotations

import re
import unicodedata

STYLES = ("keep", "old", "new")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_WORD = re.compile(r"[^\W\d_]+")
# The pairs whose tone moves, with the syllable ending on them (no final consonant), not
# after "q" (in "quý" the u belongs to the initial) nor "g" before i.
_PAIR = re.compile(r"(?<![qQ])([oO][aAeE]|[uU][yY])$")


def restyle(text: str, style: str, keep_as_written: tuple[str, ...] = ()) -> str:
    """Move tone marks to `style` ("old" or "new"; "keep" changes nothing). Phrases in
    `keep_as_written` (proper names such as "Thanh Hóa") are left exactly as they are."""
    if style == "keep":
        return text
    protected = _protected_spans(text, keep_as_written)

    def replace(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in protected):
            return match.group(0)
        return _move(match.group(0), style)

    return _WORD.sub(replace, text)


def _protected_spans(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        for match in re.finditer(re.escape(phrase), text):
            spans.append((match.start(), match.end()))
    return spans


def _move(word: str, style: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    bare = "".join(c for c in decomposed if c not in _TONES)
    if any(unicodedata.combining(c) for c in bare[-2:]) or not _PAIR.search(bare):
        return word  # ô, ơ, ư… or a final consonant: the pair is not a tone-bearing ending
    if len(bare) >= 3 and bare[-3].lower() in "aeiouy":
        return word  # a longer vowel cluster (khuya, ngoai…): not this rule's business
    target = len(bare) - (2 if style == "old" else 1)
    moved = bare[:target + 1] + tones[0] + bare[target + 1:]
    return unicodedata.normalize("NFC", moved)
