"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI and Windows-1258.

Pure functions over strings and bytes; no I/O.

Two ways legacy text reaches us:

* as bytes of a file (``decode_bytes``);
* as text whose characters stand for legacy bytes (``convert_text``): Word stores a run
  set in a .VnTime or VNI-Times font as the characters of the bytes read as Windows-1252,
  and a web page declared as Latin-1 shows the same mojibake.  Both readings are
  accepted: the cp1252 characters of 0x80-0x9F (“ ” – … €) and U+0080-U+009F map back
  to the same byte.

Internally every converter works on a "byte string": a ``str`` whose characters
U+0000-U+00FF are the bytes.  Characters above U+00FF (which no byte produces) pass
through untouched.

Tables (written from the published layouts, see KNOWLEDGE.md, "Vietnamese text"):

TCVN3 / ABC is TCVN 5712:1993 VN3: ASCII, A0 no-break space, A1-A7 Ă Â Ê Ô Ơ Ư Đ,
A8-AE ă â ê ô ơ ư đ, and the 60 toned lower-case vowels in B5-FE.  Every other byte is
read as glibc's TCVN5712-1 (VN1, the full set) reads it: AF BA BF C0-C5 CD D9 DA DB E0 F0
FF and 80-9F are toned capitals, as are 01 02 04-06 11-17 among the C0 controls
("Ý" is 16, "Ú" 01), and B0-B4 are combining tone marks (grave, hook, tilde, acute, dot
below).  Two readings depend on the context, because the same bytes are what Windows
puts for its punctuation in a .VnTime run:
* the combining marks B0-B4 are applied only right after a vowel letter; elsewhere
  (``30°C``) the byte keeps its Latin-1 reading;
* 85 91-97, which Windows-1252 shows as … ‘ ’ “ ” • – —, are capitals (Ặ Ị Ò Ỏ Õ Ó Ọ Ộ)
  only where that makes the letters they touch a Vietnamese syllable ("’a" is "Òa");
  standing alone or around a word ("“Bé”"), they are the punctuation.
Text set in a ".VnTimeH" (all-capitals) font stores toned capitals with the lower-case
bytes; a word whose ASCII letters (two or more) are all capitals is therefore
upper-cased after conversion ("CHÝNH" -> "CHÍNH").  A one-letter word ("Bé") cannot be
told apart and stays as decoded ("Bộ").

VNI (VNI-Windows, VNI-Times fonts): a base letter followed by a mark byte.  Tone marks
F9 sắc, F8 huyền, FB hỏi, F5 ngã, EF nặng; the circumflex series after a/e/o
E2 (no tone) E1 sắc E0 huyền E5 hỏi E3 ngã E4 nặng; the breve series after a
EA E9 E8 FA FC EB.  Capitals take the mark byte minus 0x20 (D9 D8 DB D5 CF; C2 C1 C0 C5
C3 C4; CA C9 C8 DA DC CB).  Single bytes: ơ F4, ư F6, đ F1, í ED, ì EC, ỉ E6, ĩ F3,
ị F2, ỵ EE and capitals Ơ D4, Ư D6, Đ D1, Í CD, Ì CC, Ỉ C6, Ĩ D3, Ị D2, Ỵ CE.  ơ and ư
take tone marks after them like a, e, o, u, y.  The case of a letter is the case of its
base; the case of the mark byte is not checked.

cp1258: Python's codec, then NFC (it stores tone marks as combining bytes CC D2 DE EC F2).
Its four holes (8A 8E 9A 9E) keep their Windows-1252 reading.

Detection of the encoding of a file's bytes (``detect_bytes``): see the thresholds below
``_MIN_GAIN``; of legacy runs inside Unicode text: text/repair.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ENCODINGS",
    "NAMES",
    "Detection",
    "convert_text",
    "decode_bytes",
    "detect_bytes",
    "is_vietnamese_syllable",
]

ENCODINGS = ("tcvn3", "vni", "cp1258")
NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI", "cp1258": "Windows-1258"}  # for messages

_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- bytes
def _cp1252_char(byte: int) -> str:
    """What Windows-1252 shows for a byte; its five holes read as Latin-1 (C1 controls)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


# cp1252 characters of 0x80-0x9F -> the byte character U+0080-U+009F.
_TO_BYTECHARS = {
    ord(_cp1252_char(b)): chr(b) for b in range(0x80, 0xA0) if _cp1252_char(b) != chr(b)
}
# and back, for bytes that mean the same in the legacy encoding as in cp1252.
_C1_AS_CP1252 = {b: _cp1252_char(b) for b in range(0x80, 0xA0)}


def _bytechars(text: str) -> str:
    return text.translate(_TO_BYTECHARS)


# --------------------------------------------------------------------------- TCVN3
_TCVN3_PLAIN = {
    0xA0: "\u00a0",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
}
# Toned lower-case vowels: bytes for huyền, hỏi, ngã, sắc, nặng.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TONE_ORDER = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)
# VN2 additions in the gaps VN3 leaves: toned capitals.
_TCVN3_VN2_CAPITALS = {
    0xAF: "Ằ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ",
    0xC4: "Ấ", 0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ",
    0xF0: "Ỗ", 0xFF: "Ố",
}
# VN1's toned capitals in the C0 and C1 ranges (glibc TCVN5712-1).
_TCVN3_VN1_CAPITALS = dict(zip(
    [0x01, 0x02, 0x04, 0x05, 0x06, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17],
    "ÚỤỪỬỮỨỰỲỶỸÝỴ")) | dict(zip(range(0x80, 0xA0), "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"))
# Of those, the bytes that Windows shows as common punctuation: read by context.
_TCVN3_PUNCTUATION_OR_CAPITAL = (0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97)
# VN2 combining tone marks; used only after a vowel (see _tcvn3).
_TCVN3_COMBINING = {0xB0: _GRAVE, 0xB1: _HOOK, 0xB2: _TILDE, 0xB3: _ACUTE, 0xB4: _DOT}


def _tcvn3_table() -> dict[int, str]:
    table: dict[int, str] = dict(_TCVN3_VN1_CAPITALS)
    for byte in _TCVN3_PUNCTUATION_OR_CAPITAL:
        del table[byte]  # kept as the byte until the context decides
    table.update(_TCVN3_PLAIN)
    for vowel, codes in _TCVN3_TONED.items():
        for code, tone in zip(codes, _TONE_ORDER):
            table[code] = _nfc(vowel + tone)
    table.update(_TCVN3_VN2_CAPITALS)
    return table


TCVN3_TABLE: dict[int, str] = _tcvn3_table()  # byte -> text, for bytes that change
_TCVN3_TRANSLATE = {b: c for b, c in TCVN3_TABLE.items() if c != chr(b)}

# The Vietnamese lower-case letters TCVN3 can produce -> their capitals.
_RAISE = {ord(c): c.upper() for c in TCVN3_TABLE.values() if c.islower() and not c.isascii()}
_VOWELS = "aeiouyăâêôơưAEIOUYĂÂÊÔƠƯ"
_TCVN3_MARK_AFTER_VOWEL = re.compile(f"(?<=[{_VOWELS}])[\u00b0-\u00b4]")
_WORD = re.compile(r"[^\W\d_]+")


def _vntimeh(match: re.Match) -> str:
    """A word set in .VnTimeH: its ASCII letters (two or more) are all capitals, its
    Vietnamese letters came out lower case.  Only the Vietnamese letters are raised."""
    word = match.group()
    ascii_letters = [c for c in word if c.isascii()]
    if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters) and not word.isupper():
        return word.translate(_RAISE)
    return word


_AMBIGUOUS = "".join(chr(b) for b in _TCVN3_PUNCTUATION_OR_CAPITAL)
_AMBIGUOUS_IN_WORD = re.compile(f"(?:[^\\W\\d_]|[{_AMBIGUOUS}])*[{_AMBIGUOUS}](?:[^\\W\\d_]|[{_AMBIGUOUS}])*")
_AS_CAPITAL = {ord(c): _TCVN3_VN1_CAPITALS[ord(c)] for c in _AMBIGUOUS}
_AS_PUNCTUATION = {ord(c): _cp1252_char(ord(c)) for c in _AMBIGUOUS}
_MOST_AMBIGUOUS = 4  # per word; beyond that, all are punctuation


def _punctuation_or_capital(match: re.Match) -> str:
    """A word holding bytes that are Windows punctuation or VN1 capitals: with the fewest
    capitals that make every piece of it a Vietnamese syllable ("–n" is "Ọn", "’a" is
    "Òa"), else as punctuation ("“Bé”": "ỎBé" is no word)."""
    word = match.group()
    plain = word.translate(_AS_PUNCTUATION)
    spots = [i for i, c in enumerate(word) if c in _AMBIGUOUS]
    if len(spots) == len(word) or len(spots) > _MOST_AMBIGUOUS:
        return plain
    for bits in sorted(range(1, 1 << len(spots)), key=lambda b: bin(b).count("1")):
        chars = list(plain)
        for n, i in enumerate(spots):
            if bits >> n & 1:
                chars[i] = word[i].translate(_AS_CAPITAL)
        candidate = "".join(chars)
        if _all_syllables(candidate):
            return candidate
    return plain


_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _all_syllables(text: str) -> bool:
    pieces = [p for p in _NOT_LETTERS.split(text) if p]
    return bool(pieces) and all(is_vietnamese_syllable(p) for p in pieces)


def _tcvn3(raw: str) -> str:
    text = raw.translate(_TCVN3_TRANSLATE)
    if _TCVN3_MARK_AFTER_VOWEL.search(text):
        text = _TCVN3_MARK_AFTER_VOWEL.sub(lambda m: _TCVN3_COMBINING[ord(m.group())], text)
    text = _nfc(text)
    if _AMBIGUOUS_IN_WORD.search(text):
        text = _AMBIGUOUS_IN_WORD.sub(_punctuation_or_capital, text)
    return _WORD.sub(_vntimeh, text)


# --------------------------------------------------------------------------- VNI
# Lower-case mark bytes; the capital form is the byte minus 0x20.
_VNI_TONES = {0xF9: _ACUTE, 0xF8: _GRAVE, 0xFB: _HOOK, 0xF5: _TILDE, 0xEF: _DOT}
_VNI_CIRCUMFLEX = {0xE2: "", 0xE1: _ACUTE, 0xE0: _GRAVE, 0xE5: _HOOK, 0xE3: _TILDE, 0xE4: _DOT}
_VNI_BREVE = {0xEA: "", 0xE9: _ACUTE, 0xE8: _GRAVE, 0xFA: _HOOK, 0xFC: _TILDE, 0xEB: _DOT}
_VNI_SINGLE = {
    0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ",
    0xF2: "ị", 0xEE: "ỵ",
}


def _vni_tables() -> tuple[dict[str, str], dict[int, str]]:
    pairs: dict[str, str] = {}

    def add(base: str, mark_byte: int, result: str) -> None:
        for b, m, r in ((base, mark_byte, result), (base.upper(), mark_byte, result.upper())):
            for mark in (mark_byte, mark_byte - 0x20):  # lower and capital mark byte
                pairs[b + chr(mark)] = r

    for base in "aeiouy":
        for byte, tone in _VNI_TONES.items():
            add(base, byte, _nfc(base + tone))
    for base_byte, letter in ((0xF4, "ơ"), (0xF6, "ư")):
        for byte, tone in _VNI_TONES.items():
            add(chr(base_byte), byte, _nfc(letter + tone))
    for base in "aeo":
        for byte, tone in _VNI_CIRCUMFLEX.items():
            add(base, byte, _nfc(base + _CIRCUMFLEX + tone))
    for byte, tone in _VNI_BREVE.items():
        add("a", byte, _nfc("a" + _BREVE + tone))
    singles: dict[int, str] = dict(_C1_AS_CP1252)
    for byte, letter in _VNI_SINGLE.items():
        singles[byte] = letter
        singles[byte - 0x20] = letter.upper()
    return pairs, singles


VNI_PAIRS, VNI_SINGLES = _vni_tables()  # "aù" -> "á"; byte -> text
_VNI_SINGLE_TRANSLATE = {b: c for b, c in VNI_SINGLES.items() if c != chr(b)}
_VNI_MARKS = sorted({pair[1] for pair in VNI_PAIRS})
_VNI_BASES = sorted({pair[0] for pair in VNI_PAIRS})
_VNI_PAIR_RE = re.compile(
    "[" + "".join(_VNI_BASES) + "][" + "".join(_VNI_MARKS) + "]"
)


def _vni_pair(match: re.Match) -> str:
    pair = match.group()
    found = VNI_PAIRS.get(pair)
    if found is not None:
        return found
    return pair[0].translate(_VNI_SINGLE_TRANSLATE) + pair[1]


def _vni(raw: str) -> str:
    # Pairs first (a horn letter is a base as well as a letter of its own), then the
    # single-byte letters among what is left. Marks never stand alone, singles never mark.
    parts = []
    pos = 0
    for match in _VNI_PAIR_RE.finditer(raw):
        parts.append(raw[pos:match.start()].translate(_VNI_SINGLE_TRANSLATE))
        parts.append(_vni_pair(match))
        pos = match.end()
    parts.append(raw[pos:].translate(_VNI_SINGLE_TRANSLATE))
    return _nfc("".join(parts))


# --------------------------------------------------------------------------- cp1258
def _cp1258_table() -> dict[int, str]:
    table = {}
    for b in range(0x80, 0x100):
        try:
            char = bytes([b]).decode("cp1258")
        except UnicodeDecodeError:
            char = _cp1252_char(b)
        if char != chr(b):
            table[b] = char
    return table


CP1258_TABLE = _cp1258_table()  # byte -> text, for bytes that change


def _cp1258(raw: str) -> str:
    return _nfc(raw.translate(CP1258_TABLE))


_CONVERTERS = {"tcvn3": _tcvn3, "vni": _vni, "cp1258": _cp1258}


def _converter(encoding: str):
    try:
        return _CONVERTERS[encoding]
    except KeyError:
        raise ValueError(
            f"unknown legacy encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}"
        ) from None


# --------------------------------------------------------------------------- API
def decode_bytes(data: bytes, encoding: str) -> str:
    """Bytes of a file in a legacy encoding -> NFC Unicode. ``encoding`` in ENCODINGS.

    Line endings are kept as they are.
    """
    convert = _converter(encoding)
    return convert(bytes(data).decode("latin-1"))


def convert_text(text: str, encoding: str) -> str:
    """Text whose characters stand for legacy bytes (read as Windows-1252 or Latin-1)
    -> NFC Unicode.

    Characters outside the byte range are kept as they are.  In tcvn3 the soft hyphen
    U+00AD is the byte AD, ư.
    """
    convert = _converter(encoding)
    return convert(_bytechars(text))


# --------------------------------------------------------------------------- syllables
_INITIALS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)
_FINALS = ("ch", "nh", "ng", "c", "m", "n", "p", "t", "")
_STOPS = frozenset(("c", "ch", "p", "t"))
# Nuclei that may stand open or take a final consonant.
_NUCLEI_FREE = frozenset("a e ê i o ô ơ u ư y oa oe uê uy".split())
# Nuclei that need a final consonant.
_NUCLEI_CLOSED = frozenset("ă â oă uâ iê yê uô ươ uyê oo".split())
# Nuclei ending in a glide: no final consonant.
_NUCLEI_GLIDE = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu oai oay oeo uây uôi ươi ươu "
    "iêu yêu uya uyu uơ".split()
)
# ch and nh follow only these.
_NUCLEI_PALATAL = frozenset("a ê i oa uê uy".split())
_LETTERS = frozenset("abcdđeghiklmnopqrstuvxyăâêôơư")
_VOWEL_SET = frozenset("aeiouyăâêôơư")
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT))
_MODIFIERS = frozenset((_CIRCUMFLEX, _BREVE, _HORN))


def _rhyme_ok(rhyme: str, tone: str) -> bool:
    for final in _FINALS:
        if final and not rhyme.endswith(final):
            continue
        nucleus = rhyme[: len(rhyme) - len(final)] if final else rhyme
        if not nucleus:
            continue
        if final:
            if nucleus not in _NUCLEI_FREE and nucleus not in _NUCLEI_CLOSED:
                continue
            if final in ("ch", "nh") and nucleus not in _NUCLEI_PALATAL:
                continue
            if final in _STOPS and tone not in (_ACUTE, _DOT):
                continue
        elif nucleus not in _NUCLEI_FREE and nucleus not in _NUCLEI_GLIDE:
            continue
        return True
    return False


@lru_cache(maxsize=1 << 16)
def is_vietnamese_syllable(word: str) -> bool:
    """Is ``word`` (NFC, letters only) a well-formed Vietnamese syllable?

    Initial consonant cluster, a vowel nucleus carrying at most one tone mark, a legal
    final consonant (stops c ch p t only with sắc or nặng), and the case of a word:
    all lower, all upper, or a capital then lower case.  Both tone placements ("hoà" and
    "hòa") pass; the position of the mark within the nucleus is not checked.
    """
    if not word or not (word.islower() or word.isupper() or word.istitle()):
        return False
    tone = ""
    base = []
    previous = ""
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONE_MARKS:
            if tone or previous not in _VOWEL_SET:
                return False
            tone = char
            continue
        if char in _MODIFIERS:
            if not base:
                return False
            base[-1] = _nfc(base[-1] + char)
            previous = base[-1]
            continue
        base.append(char)
        previous = char
    letters = "".join(base)
    if not all(c in _LETTERS for c in letters):
        return False
    for initial in _INITIALS:
        if not letters.startswith(initial):
            continue
        rhyme = letters[len(initial):]
        if not rhyme or rhyme[0] not in _VOWEL_SET:
            continue
        if initial == "qu" and rhyme[0] == "u":
            continue
        if initial in ("k", "gh", "ngh") and rhyme[0] not in "eêiy":
            continue
        if _rhyme_ok(rhyme, tone):
            return True
    return False


# --------------------------------------------------------------------------- detection
# Thresholds.  A candidate encoding is accepted only when all hold:
#   _MIN_GAIN   at least 3 more suspect words read as Vietnamese syllables after the
#               conversion than before it (one or two odd characters are never enough:
#               "2×3", a stray "©", a French name);
#   _MIN_SHARE  at least 60 % of the suspect words are syllables after the conversion
#               (mojibake of the sample issue converts to 98-100 % per paragraph and
#               at least 75 % per line; French, German, Spanish text with accents stays
#               under 15 % whichever encoding is tried);
#   _MARGIN     the winner gains at least twice as much as the runner-up plus 2 words,
#               so two encodings that explain the text about equally well give None.
# (Mojibake inside UTF-8 text is found word by word, in text/repair.py.)
_MIN_GAIN = 3
_MIN_SHARE = 0.6
_MARGIN_FACTOR = 2
_MARGIN_PLUS = 2
_BYTES_SCAN = 256 * 1024  # detect_bytes looks at most at this much of a file

_HIGH = re.compile("[\u00a1-\u00ff]")
# A word for scoring: ASCII letters, every Latin-1 high character (TCVN3 uses ¶ § © …
# as letters), Latin Extended and combining marks.  Digits, spaces, ASCII punctuation,
# no-break space and the cp1252 punctuation separate words.
_TOKEN = re.compile("[A-Za-z\u00a1-\u024f\u0300-\u036f\u1e00-\u1eff]+")
_ASCII_LETTER = re.compile("[A-Za-z]")


@dataclass(frozen=True)
class Detection:
    """What ``detect`` found."""

    encoding: str        # one of ENCODINGS
    evidence: int        # suspect words that became Vietnamese syllables only when converted
    sample: str          # a short excerpt of the converted text, for messages
    words: int = 0       # suspect words looked at (those with a Latin-1 high character)
    valid: int = 0       # of them, Vietnamese syllables after the conversion
    valid_before: int = 0  # of them, Vietnamese syllables as the text stands
    scores: tuple[tuple[str, int], ...] = ()  # gain of every candidate, best first

    @property
    def share(self) -> float:
        return self.valid / self.words if self.words else 0.0


def _token_ok(token: str) -> bool:
    return token.isalpha() and is_vietnamese_syllable(token)


# Bytes only VN2 defines (toned capitals in the gaps, combining tone marks): an ABC
# (VN3) document does not contain them, Latin-1 text does (À Á Â Ã ² ³), so a word that
# needs them is no evidence for tcvn3.
_TCVN3_VN2_ONLY = re.compile(
    "[" + "".join(chr(b) for b in sorted(_TCVN3_VN2_CAPITALS) + sorted(_TCVN3_COMBINING)) + "]"
)


def needs_vn2(text: str) -> bool:
    """Does reading `text` (mojibake) as TCVN3 need a byte that only VN2 defines? The
    ABC (VN3) fonts of real documents have none of them; Latin-1 text has (à Á ³)."""
    return bool(_TCVN3_VN2_ONLY.search(_bytechars(text)))


@lru_cache(maxsize=1 << 16)
def _token_scores(token: str) -> tuple[bool, ...]:
    """(valid as it stands, valid as tcvn3, as vni, as cp1258) for a byte-char token."""
    scores = [_token_ok(_nfc(token))]
    for enc in ENCODINGS:
        if enc == "tcvn3" and _TCVN3_VN2_ONLY.search(token):
            scores.append(False)
        else:
            scores.append(_token_ok(_CONVERTERS[enc](token)))
    return tuple(scores)


def _score(raw: str) -> Detection | None:
    """raw: a byte string (cp1252 punctuation already mapped to U+0080-U+009F)."""
    tokens = [
        m for m in _TOKEN.finditer(raw)
        if _HIGH.search(m.group()) and _ASCII_LETTER.search(m.group())
    ]
    if len(tokens) < _MIN_GAIN:
        return None
    before = 0
    after = [0] * len(ENCODINGS)
    first_gain = [None] * len(ENCODINGS)
    for m in tokens:
        scores = _token_scores(m.group())
        before += scores[0]
        for i, ok in enumerate(scores[1:]):
            after[i] += ok
            if ok and not scores[0] and first_gain[i] is None:
                first_gain[i] = m.start()
    gains = sorted(
        ((after[i] - before, enc) for i, enc in enumerate(ENCODINGS)), reverse=True
    )
    (gain, encoding), (runner_up, _) = gains[0], gains[1]
    index = ENCODINGS.index(encoding)
    if gain < _MIN_GAIN:
        return None
    if after[index] < _MIN_SHARE * len(tokens):
        return None
    if gain < _MARGIN_FACTOR * max(runner_up, 0) + _MARGIN_PLUS:
        return None
    start = first_gain[index] or 0
    cut = raw.rfind(" ", 0, max(0, start - 15))
    excerpt = raw[cut + 1: cut + 1 + 160]
    sample = " ".join(_CONVERTERS[encoding](excerpt).split())[:72]
    return Detection(
        encoding=encoding,
        evidence=gain,
        sample=sample,
        words=len(tokens),
        valid=after[index],
        valid_before=before,
        scores=tuple((enc, g) for g, enc in gains),
    )


def detect_bytes(data: bytes) -> Detection | None:
    """Which legacy encoding are these bytes in?  None when the evidence is thin, and
    for anything that is valid UTF-8 (or starts with a UTF-8/UTF-16/UTF-32 byte order
    mark): its bytes are not legacy, whatever its characters look like.  Only the
    first 256 KiB are looked at."""
    data = bytes(data)
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    head = data[:_BYTES_SCAN]
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    return _score(head.decode("latin-1"))
