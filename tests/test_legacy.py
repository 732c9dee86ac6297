"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI, cp1258 — tables, conversion, detection.

The encoders below are the test's own: TCVN3's is built from glibc iconv (TCVN5712-1),
VNI's from the layout written out here letter by letter through NFD, cp1258's from
Python's codec.  None of them uses the tables of the module under test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin_print.text.legacy import (
    ENCODINGS,
    convert_text,
    decode_bytes,
    detect_bytes,
    is_vietnamese_syllable,
)
from bantin_print.text.repair import repair

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLES = sorted((ROOT / "issues" / "sample" / "articles").glob("*.md"))
ICONV = shutil.which("iconv") or "/usr/bin/iconv"

GRAVE, ACUTE, TILDE, HOOK, DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
TONES = (GRAVE, ACUTE, HOOK, TILDE, DOT)
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Every Vietnamese letter that is not ASCII: 12 vowels x 6 tones minus the 6 plain
# ASCII vowels, plus đ = 67 lower case, 134 with the capitals.
LOWER_LETTERS = [
    nfc(vowel + tone)
    for vowel in "aăâeêioôơuưy"
    for tone in ("",) + TONES
    if not (vowel + tone).isascii()
] + ["đ"]
ALL_LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]


def sample_article_text(index: int = 0) -> str:
    return nfc(SAMPLE_ARTICLES[index].read_text(encoding="utf-8"))


def test_letter_inventory():
    assert len(set(LOWER_LETTERS)) == 67
    assert len(set(ALL_LETTERS)) == 134
    assert all(len(c) == 1 for c in ALL_LETTERS)


# ---------------------------------------------------------------- sample text
def sample_paragraphs() -> list[str]:
    paragraphs = []
    for path in SAMPLE_ARTICLES:
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            front, body = text[3:].split("\n---", 1)
            paragraphs += [line.split(":", 1)[1].strip() for line in front.splitlines() if ":" in line]
            text = body
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return [nfc(p) for p in paragraphs]


def sample_lines() -> list[str]:
    lines = []
    for path in SAMPLE_ARTICLES:
        lines += [nfc(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def long_paragraphs(min_words: int = 25) -> list[str]:
    # A table is no paragraph: its rows are short lines of their own.
    return [p for p in sample_paragraphs()
            if len(p.split()) >= min_words and not p.startswith("|")]


def vietnamese_only(text: str) -> bool:
    """Only ASCII, Vietnamese letters and typographic punctuation: no "Häggström",
    whose ö is a VNI letter (ư) and cannot round-trip."""
    return all(c.isascii() or c in ALL_LETTERS or c in "“”‘’–—…\u00a0" for c in text)


def test_sample_is_there():
    assert len(SAMPLE_ARTICLES) >= 5
    assert len(long_paragraphs()) >= 20


# ---------------------------------------------------------------- test encoders
def _iconv(data: bytes, src: str, dst: str) -> bytes:
    result = subprocess.run([ICONV, "-f", src, "-t", dst], input=data, capture_output=True, check=True)
    return result.stdout




@lru_cache(maxsize=None)
def iconv_tcvn_single_bytes() -> dict[int, str]:
    """glibc's TCVN5712-1 reading of each byte 0x01-0xFF except the separator '|' and
    newline, with a leading 'a' before each so lone combining marks have a base."""
    codes = [b for b in range(1, 256) if b not in (0x7C, 0x0A)]
    data = b"|".join(b"a" + bytes([b]) for b in codes)
    text = _iconv(data, "TCVN5712-1", "UTF-8").decode("utf-8")
    parts = text.split("|")
    assert len(parts) == len(codes)
    out = {}
    for b, part in zip(codes, parts):
        assert part.startswith("a") or nfd(part)[0] == "a", (hex(b), part)
        out[b] = nfc(part)
    return out


@lru_cache(maxsize=None)
def tcvn3_encoder_table() -> dict[str, int]:
    """Unicode letter -> ABC byte, from iconv, over the VN3 ranges A1-AE and B5-FE."""
    table = {}
    readings = iconv_tcvn_single_bytes()
    for b in list(range(0xA1, 0xAF)) + list(range(0xB5, 0xFF)):
        letter = readings[b][1:]  # readings are "a" + the byte's letter
        if letter.islower() or letter in "ĂÂÊÔƠƯĐ":  # VN3; not VN2's toned capitals
            table[letter] = b
    return table


def tcvn3_encode(text: str) -> bytes:
    """Unicode -> TCVN3 bytes as a .VnTime user typed them: toned capitals, which VN3
    lacks, become their lower-case byte."""
    table = tcvn3_encoder_table()
    out = bytearray()
    for char in nfc(text):
        if char in table:
            out.append(table[char])
        elif char.lower() in table and not char.isascii():
            out.append(table[char.lower()])
        else:
            out += char.encode("cp1252")
    return bytes(out)


# VNI, written out from the layout: lower-case mark bytes; capitals are minus 0x20.
VNI_TONE_BYTE = {ACUTE: 0xF9, GRAVE: 0xF8, HOOK: 0xFB, TILDE: 0xF5, DOT: 0xEF}
VNI_CIRCUMFLEX_BYTE = {"": 0xE2, ACUTE: 0xE1, GRAVE: 0xE0, HOOK: 0xE5, TILDE: 0xE3, DOT: 0xE4}
VNI_BREVE_BYTE = {"": 0xEA, ACUTE: 0xE9, GRAVE: 0xE8, HOOK: 0xFA, TILDE: 0xFC, DOT: 0xEB}
VNI_I_BYTE = {ACUTE: 0xED, GRAVE: 0xEC, HOOK: 0xE6, TILDE: 0xF3, DOT: 0xF2}
VNI_O_HORN, VNI_U_HORN, VNI_D_STROKE, VNI_Y_DOT = 0xF4, 0xF6, 0xF1, 0xEE


def vni_encode_char(char: str) -> bytes:
    if char.isascii():
        return char.encode("ascii")
    upper = char.isupper()
    shift = 0x20 if upper else 0
    if char in "đĐ":
        return bytes([VNI_D_STROKE - shift])
    parts = nfd(char)
    base = parts[0]
    marks = parts[1:]
    if not base.isascii() or base.lower() not in "aeiouy":
        return char.encode("cp1252")
    tone = next((m for m in marks if m in TONES), "")
    modifier = next((m for m in marks if m in (CIRCUMFLEX, BREVE, HORN)), "")
    if not (tone or modifier) or any(m not in TONES + (CIRCUMFLEX, BREVE, HORN) for m in marks):
        return char.encode("cp1252")  # not a Vietnamese letter (ä, ö): as Windows shows it
    low = base.lower()
    if modifier == CIRCUMFLEX:
        return base.encode() + bytes([VNI_CIRCUMFLEX_BYTE[tone] - shift])
    if modifier == BREVE:
        return base.encode() + bytes([VNI_BREVE_BYTE[tone] - shift])
    if modifier == HORN:
        first = (VNI_O_HORN if low == "o" else VNI_U_HORN) - shift
        return bytes([first]) + (bytes([VNI_TONE_BYTE[tone] - shift]) if tone else b"")
    if low == "i":
        return bytes([VNI_I_BYTE[tone] - shift])
    if low == "y" and tone == DOT:
        return bytes([VNI_Y_DOT - shift])
    return base.encode() + bytes([VNI_TONE_BYTE[tone] - shift])


def vni_encode(text: str) -> bytes:
    return b"".join(vni_encode_char(c) for c in nfc(text))


def cp1258_encode(text: str) -> bytes:
    """As Windows does: precomposed where cp1258 has the letter, else base + tone byte."""
    out = bytearray()
    for char in nfc(text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = nfd(char)
        tones = [m for m in parts if m in TONES]
        base = nfc("".join(m for m in parts if m not in TONES))
        out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


ENCODERS = {"tcvn3": tcvn3_encode, "vni": vni_encode, "cp1258": cp1258_encode}


def as_cp1252(data: bytes) -> str:
    """What Word or a browser shows for legacy bytes read as Windows-1252."""
    return data.decode("cp1252")


# ---------------------------------------------------------------- TCVN3 vs iconv
def test_tcvn3_agrees_with_iconv_on_ascii_and_a0_ff():
    readings = iconv_tcvn_single_bytes()
    compared = 0
    for b in list(range(0x20, 0x7F)) + list(range(0xA0, 0x100)):
        if b == 0x7C:
            continue
        ours = decode_bytes(b"a" + bytes([b]), "tcvn3")
        assert ours == readings[b], (hex(b), ours, readings[b])
        compared += 1
    assert compared == 95 - 1 + 96
    # the separator, checked alone
    assert decode_bytes(b"|", "tcvn3") == _iconv(b"|", "TCVN5712-1", "UTF-8").decode()


def test_tcvn3_whole_byte_range_in_one_run_agrees_with_iconv():
    data = bytes(range(0x20, 0x7F)) + bytes(b for b in range(0xA0, 0x100) if not 0xB0 <= b <= 0xB4)
    assert decode_bytes(data, "tcvn3") == nfc(_iconv(data, "TCVN5712-1", "UTF-8").decode())


# Bytes read by context (see the module's docstring): the VN2 combining tone marks take
# effect after a vowel, and the bytes Windows shows as … ‘ ’ “ ” • – — are capitals only
# where they make a Vietnamese word.
COMBINING_BYTES = range(0xB0, 0xB5)
PUNCTUATION_OR_CAPITAL = (0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97)


def in_context(b: int) -> bytes:
    """The byte where it is a letter or a mark of a Vietnamese word."""
    if b in COMBINING_BYTES:
        return b"a" + bytes([b])
    if b in PUNCTUATION_OR_CAPITAL:
        return bytes([b]) + b"n"  # "Ọn"
    return bytes([b])


def as_mojibake(data: bytes) -> str:
    """Bytes as Word shows them in a .VnTime run: Windows-1252, its holes as Latin-1."""
    return "".join(as_cp1252_or_latin1(b) for b in data)


def as_cp1252_or_latin1(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


@pytest.mark.parametrize("b", range(256))
def test_tcvn3_equals_iconv_on_every_byte_in_files_and_mojibake(b):
    data = in_context(b)
    expected = nfc(_iconv(data, "TCVN5712-1", "UTF-8").decode("utf-8"))
    assert decode_bytes(data, "tcvn3") == expected
    assert convert_text(as_mojibake(data), "tcvn3") == expected
    assert convert_text(data.decode("latin-1"), "tcvn3") == expected


def test_tcvn3_toned_capitals_of_vn1_are_kept():
    readings = iconv_tcvn_single_bytes()
    vn1 = [b for b in list(range(0x01, 0x20)) + list(range(0x80, 0xA0))
           if b != 0x0A and readings[b] != "a" + chr(b)]
    assert len(vn1) == 12 + 32  # 01 02 04-06 11-17, and all of 80-9F
    for b in vn1:
        assert readings[b][1:].isupper(), hex(b)
        assert decode_bytes(bytes([b]) + b"n", "tcvn3") == readings[b][1:] + "n", hex(b)
    # The example: "Ý" is 0x16, which a careless reading drops as a control.
    assert convert_text("\x16 chÝ tù lùc", "tcvn3") == "Ý chí tự lực"
    assert decode_bytes(b"\x01y ban, \x80o, \x83o", "tcvn3") == "Úy ban, Ào, Áo"


def test_tcvn3_windows_punctuation_stays_punctuation_around_words():
    assert convert_text("“Bé ChÝnh trÞ” – häc tËp… ‘®¶ng’ — •", "tcvn3") == \
        "“Bộ Chính trị” – học tập… ‘đảng’ — •"
    assert decode_bytes(b"\x93B\xe9\x94 \x96 \x85", "tcvn3") == "“Bộ” – …"
    # and the combining marks stay Latin-1 signs after anything but a vowel
    assert decode_bytes(b"30\xb0C \xb12", "tcvn3") == "30°C ±2"


def test_tcvn3_sentences_with_toned_capitals_through_iconv():
    sentences = ["Ý chí tự lực, Ủy ban nhân dân, Ở Hà Nội, Ông Út, Ấp Ồ Ồ",
                 "ÁO ẤM, ĐẢNG ỦY, Ợ, Ức, Ỷ lại, Ỳ ạch, Ụ súng, Ọc ạch, Òa khóc"]
    for sentence in sentences:
        data = _iconv(sentence.encode("utf-8"), "UTF-8", "TCVN5712-1")
        assert decode_bytes(data, "tcvn3") == sentence
        assert convert_text(as_mojibake(data), "tcvn3") == sentence
    # The one difference from iconv: a lone Ặ Ị Ò Ỏ Õ Ó Ọ Ộ, none of them a common word,
    # is read as the punctuation Windows shows for its byte.
    lone = _iconv("Ộ Ò".encode("utf-8"), "UTF-8", "TCVN5712-1")
    assert decode_bytes(lone, "tcvn3") == "— ’"


def test_tcvn3_vn3_core_positions():
    assert decode_bytes(bytes(range(0xA1, 0xAF)), "tcvn3") == "ĂÂÊÔƠƯĐăâêôơưđ"
    assert decode_bytes(bytes([0xB5, 0xB6, 0xB7, 0xB8, 0xB9]), "tcvn3") == "àảãáạ"
    assert decode_bytes(bytes([0xFA, 0xFB, 0xFC, 0xFD, 0xFE]), "tcvn3") == "ỳỷỹýỵ"
    assert decode_bytes(b"\xa0", "tcvn3") == "\u00a0"


def test_tcvn3_combining_marks_only_after_vowels():
    assert decode_bytes(b"A\xb3", "tcvn3") == "Á"
    assert decode_bytes(b"\xa2\xb4", "tcvn3") == "Ậ"
    assert convert_text("30°C, ±5", "tcvn3") == "30°C, ±5"


@pytest.mark.parametrize("letter", LOWER_LETTERS + list("ĂÂÊÔƠƯĐ"))
def test_tcvn3_round_trip_every_letter(letter):
    data = tcvn3_encode(letter)
    assert len(data) == 1 and data[0] >= 0xA1
    assert decode_bytes(data, "tcvn3") == letter
    assert convert_text(as_cp1252(data), "tcvn3") == letter
    assert convert_text(data.decode("latin-1"), "tcvn3") == letter


def test_tcvn3_encoder_covers_the_67_lower_case_letters():
    table = tcvn3_encoder_table()
    assert set(LOWER_LETTERS) <= set(table)
    assert len({table[c] for c in LOWER_LETTERS}) == 67


@pytest.mark.parametrize(
    "mojibake, unicode",
    [
        ("Bé ChÝnh trÞ", "Bộ Chính trị"),
        ("§¶ng", "Đảng"),
        ("ViÖt Nam", "Việt Nam"),
        ("Hå ChÝ Minh", "Hồ Chí Minh"),
        ("®\u00adîc", "được"),
        ("ng\u00adêi", "người"),
    ],
)
def test_tcvn3_hand_examples(mojibake, unicode):
    assert convert_text(mojibake, "tcvn3") == unicode
    assert as_cp1252(tcvn3_encode(unicode)) == mojibake  # the example agrees with iconv


def test_tcvn3_soft_hyphen_is_u_horn():
    assert convert_text("tr\u00adêng", "tcvn3") == "trường"
    assert convert_text("\u00ad", "tcvn3") == "ư"


def test_tcvn3_vntimeh_capitals():
    assert convert_text("CHÝNH TRÞ", "tcvn3") == "CHÍNH TRỊ"
    assert convert_text("§¶NG", "tcvn3") == "ĐẢNG"
    assert convert_text("ChÝnh", "tcvn3") == "Chính"
    assert convert_text("STRAßE", "tcvn3") == "STRAÒE"  # only Vietnamese letters are raised
    assert convert_text("Bé", "tcvn3") == "Bộ"  # one ASCII letter: cannot tell


def test_tcvn3_round_trip_sentences():
    for paragraph in long_paragraphs():
        raw = tcvn3_encode(paragraph)
        assert decode_bytes(raw, "tcvn3").lower() == paragraph.lower()
        assert convert_text(as_cp1252(raw), "tcvn3").lower() == paragraph.lower()
    sentence = "Đảng bộ tỉnh Sơn Hà: 2.701 đảng viên, 15 km đường mới (năm 2024)…"
    assert decode_bytes(tcvn3_encode(sentence), "tcvn3") == sentence


# ---------------------------------------------------------------- VNI
@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_round_trip_every_letter(letter):
    data = vni_encode(letter)
    assert decode_bytes(data, "vni") == letter
    assert convert_text(as_cp1252(data), "vni") == letter
    assert convert_text(data.decode("latin-1"), "vni") == letter


def test_vni_capitals_use_mark_minus_0x20():
    assert vni_encode("Á") == b"A\xd9"
    assert decode_bytes(b"A\xd9", "vni") == "Á"
    assert decode_bytes(b"O\xc2", "vni") == "Ô"
    assert decode_bytes(b"A\xca", "vni") == "Ă"
    assert decode_bytes(b"\xd6\xd4\xd8", "vni") == "ƯỜ"
    # a capital base with a lower-case mark keeps the capital (title case as typed)
    assert convert_text("Aán Ñoä", "vni") == "Ấn Độ"


@pytest.mark.parametrize(
    "mojibake, unicode",
    [
        ("Boä Chính trò", "Bộ Chính trị"),
        ("Ñaûng", "Đảng"),
        ("Vieät Nam", "Việt Nam"),
        ("Hoà Chí Minh", "Hồ Chí Minh"),
        ("ñöôïc", "được"),
        ("ngöôøi", "người"),
        ("TRÖÔØNG", "TRƯỜNG"),
    ],
)
def test_vni_hand_examples(mojibake, unicode):
    assert convert_text(mojibake, "vni") == unicode
    assert as_cp1252(vni_encode(unicode)) == mojibake


def test_vni_round_trip_sentences():
    paragraphs = [p for p in sample_paragraphs() if vietnamese_only(p)]
    assert len(paragraphs) > 100
    for paragraph in paragraphs:
        raw = vni_encode(paragraph)
        assert decode_bytes(raw, "vni") == paragraph
        assert convert_text(as_cp1252(raw), "vni") == paragraph
    for sentence in ("THÀNH PHỐ HỒ CHÍ MINH", "Thuở ấy, quyết định số 01-KL/TW ngày 18/5/2021", "khuya, huơ, tuổi, ươu"):
        assert decode_bytes(vni_encode(sentence), "vni") == sentence


def test_vni_leaves_marks_without_a_base_alone():
    assert convert_text("café Müller", "vni") == "café Müller"
    # after a vowel the byte is a mark, whatever the text meant: that is what VNI says
    assert convert_text("naïve", "vni") == "nạve"


# ---------------------------------------------------------------- cp1258
def test_cp1258_matches_python_codec_then_nfc():
    data = bytes(b for b in range(0x20, 0x100) if b not in (0x8A, 0x8E, 0x9A, 0x9E, 0x81, 0x8D, 0x8F, 0x90, 0x9D))
    assert decode_bytes(data, "cp1258") == nfc(data.decode("cp1258"))


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_cp1258_round_trip_every_letter(letter):
    data = cp1258_encode(letter)
    assert decode_bytes(data, "cp1258") == letter
    assert convert_text(as_cp1252(data), "cp1258") == letter


def test_cp1258_sentences_and_holes():
    for paragraph in long_paragraphs():
        raw = cp1258_encode(paragraph)
        assert decode_bytes(raw, "cp1258") == paragraph
        assert convert_text(raw.decode("latin-1"), "cp1258") == paragraph
    assert convert_text("Bô\u00f2 Chính tri\u00f2", "cp1258") == "Bộ Chính trị"
    # bytes cp1258 leaves undefined keep their cp1252 reading
    assert decode_bytes(b"\x8a\x9e", "cp1258") == "Šž"


# ---------------------------------------------------------------- common behaviour
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_ascii_digits_punctuation_untouched(encoding):
    plain = "01-KL/TW, 18/5/2021 (15 km) - \"OK\"? 100% <b>&amp; {x: [1, 2]} ~`@#$^*_=+|\\\t"
    assert convert_text(plain, encoding) == plain
    assert decode_bytes(plain.encode("ascii"), encoding) == plain
    # characters beyond the byte range are kept
    assert convert_text("Số ★ 中文 ạ", encoding).startswith("S")
    assert "★ 中文 ạ" in convert_text("Số ★ 中文 ạ", encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_line_endings_kept(encoding):
    data = b"dong 1\r\ndong 2\rdong 3\n\n"
    assert decode_bytes(data, encoding) == "dong 1\r\ndong 2\rdong 3\n\n"


@pytest.mark.parametrize("encoding", ("tcvn3", "vni"))
def test_cp1252_and_latin1_readings_agree(encoding):
    data = ENCODERS[encoding]("“Đảng” – người… ") + bytes(range(0x80, 0xA0))
    # cp1252 has five holes (81 8D 8F 90 9D); a reader shows them as U+0081 …
    as_1252 = "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data
    )
    assert "€" in as_1252 and "\x80" not in as_1252
    assert convert_text(as_1252, encoding) == convert_text(data.decode("latin-1"), encoding)
    assert convert_text(as_1252, encoding) == decode_bytes(data, encoding)
    assert decode_bytes(data, encoding).startswith("“Đảng” – người… ")


def test_unknown_encoding():
    with pytest.raises(ValueError, match="tcvn3"):
        convert_text("x", "viscii")
    with pytest.raises(ValueError):
        decode_bytes(b"x", "utf-8")


# ---------------------------------------------------------------- syllables
@pytest.mark.parametrize(
    "word", ["Bộ", "Chính", "trị", "người", "được", "Nghiêng", "quyết", "khuya", "hoà", "hòa",
             "thuỷ", "thủy", "TRƯỜNG", "gì", "giữ", "ở", "ĐẢNG", "xoong", "oanh", "thuở"]
)
def test_syllables_accepted(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["ChÝnh", "trÞ", "Boä", "ñöôïc", "café", "Müller", "très", "héi", "aùc", "Bôò",
             "ngöôøi", "ViÖt", "báń", "cá̀", "hát̀", "hàt", "xyz", "Straße", "tØnh"]
)
def test_non_syllables_rejected(word):
    assert not is_vietnamese_syllable(nfc(word))


# ---------------------------------------------------------------- repair (mojibake in text)
def mojibake(text: str, encoding: str) -> str:
    return as_cp1252(ENCODERS[encoding](text))


def same_but_case(a: str, b: str) -> bool:
    """TCVN3 (VN3) has no toned capitals: the test encoder writes them in lower case."""
    return a.lower() == b.lower()


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("mode", ["named", "auto"])
def test_repair_finds_every_mojibake_paragraph_inside_good_text(encoding, mode):
    good = sample_article_text(0)
    for paragraph in long_paragraphs():
        text = f"{good}\n{mojibake(paragraph, encoding)}\n\n{good}"
        result = repair(text, encoding if mode == "named" else "auto")
        assert result.text.startswith(good + "\n") and result.text.endswith("\n\n" + good)
        converted = result.text[len(good) + 1:-len(good) - 2]
        assert same_but_case(converted, paragraph), (encoding, paragraph[:60])
        assert result.encodings == {encoding} and not result.undecided


def test_repair_headline_sized_lines():
    for encoding in ENCODINGS:
        line = mojibake("Đại hội Đảng bộ tỉnh lần thứ nhất", encoding)
        assert same_but_case(repair(line, "auto").text, "Đại hội Đảng bộ tỉnh lần thứ nhất")
    assert repair("Bé ChÝnh trÞ ban hµnh kÕt luËn vÒ c«ng t¸c", "auto").encodings == {"tcvn3"}
    assert repair("Boä Chính trò ban haønh keát luaän veà coâng taùc", "auto").encodings == {"vni"}


def test_repair_changes_nothing_in_the_sample():
    for text in sample_paragraphs() + sample_lines():
        for encoding in (*ENCODINGS, "auto"):
            result = repair(text, encoding)
            assert result.text == text and not result.undecided, (encoding, text[:80])
    for path in SAMPLE_ARTICLES + [ROOT / "issues" / "sample" / "issue.yaml"]:
        text = path.read_text(encoding="utf-8")
        assert repair(text, "auto").text == text
        assert repair(nfd(text), "auto").text == nfd(text)  # NFD stays NFD


@pytest.mark.parametrize(
    "text",
    [
        "The committee met on Monday to review the annual report and approve the budget.",
        "café Müller",
        "Le café est très bon, où êtes-vous? Müller über Straße, déjà vu, naïve résumé.",
        "Herr Müller trinkt Kaffee im Café Schön; Frau Bär fährt über die Brücke nach Köln.",
        "Él está en la ciudad más antigua; también sí, qué año, mañana.",
        "São Paulo, Zürich, Malmö, Kraków, Ærø, Øresund, Île-de-France, Ångström, Señor Núñez",
        "01-KL/TW",
        "Quyết định số 2318/QĐ-UBND ngày 15/11/2021",
        "https://example.gov.vn/tin-tuc/2024/01/18/bao-cao.html?id=42&amp;x=1",
        "12.345,67 € – 1.000.000 ₫ – 3 × 4 = 12 – 30°C ± 2 – © 2024 ®",
        "2×3, 4×5, 6×7, 8×9, ½ × ¼ ÷ ¾",
        "x = a² + b³ · c¹ — µm, ºC, ¶ 3, § 4, ¼",
        "Kích thước 5 µm, dày 3 µm; nhiệt độ 30°C.",
        "Le Quang Liem, Nguyen Thi Anh Vien – Dien Bien Phu – Ha Noi",
        "",
        "   ",
        "1234567890",
    ],
)
def test_repair_leaves_other_text(text):
    for encoding in (*ENCODINGS, "auto"):
        result = repair(text, encoding)
        assert result.text == text and not result.converted and not result.undecided


@pytest.mark.parametrize(
    "text",
    ["Bé", "Bé ChÝnh", "trÞ", "ñöôïc", "Vieät Nam", "§¶ng", "ViÖt Nam", "Bôò Chính", "ng\u00adêi"],
)
def test_repair_needs_two_words_of_evidence(text):
    assert repair(text, "auto").text == text


@lru_cache(maxsize=None)
def sample_words() -> tuple[str, ...]:
    return tuple(sorted({w for text in sample_paragraphs() for w in text.split()}))


@st.composite
def mixed_texts(draw):
    """Good paragraphs (sample words in a random order, random line ends and spacing)
    around mojibake paragraphs of random encodings."""
    parts, expected = [], []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            words = draw(st.lists(st.sampled_from(sample_words()), min_size=1, max_size=40))
            glue = draw(st.sampled_from([" ", "  ", " \u00a0", "\n"]))
            good = glue.join(words)
            parts.append(good)
            expected.append(good)
        else:
            encoding = draw(st.sampled_from(ENCODINGS))
            paragraph = draw(st.sampled_from(long_paragraphs()))
            parts.append(mojibake(paragraph, encoding))
            expected.append((encoding, paragraph))
    ending = draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n\n\n"]))
    return parts, expected, ending


@settings(max_examples=300, deadline=None)
@given(mixed_texts())
def test_repair_changes_the_mojibake_paragraphs_and_not_a_byte_else(case):
    parts, expected, ending = case
    encodings = {e[0] for e in expected if isinstance(e, tuple)}
    mode = next(iter(encodings)) if len(encodings) == 1 else "auto"
    result = repair(ending.join(parts), mode)
    out = result.text.split(ending)
    assert len(out) == len(parts)
    for got, want in zip(out, expected):
        if isinstance(want, tuple):
            assert same_but_case(got, want[1]), want[0]
        else:
            assert got == want
    assert not result.undecided


def test_repair_leaves_utf8_read_as_cp1252():
    # "Bá»™ ChÃ­nh trá»‹": mojibake, but of UTF-8, which is none of the legacy encodings
    for paragraph in sample_paragraphs():
        text = paragraph.encode("utf-8").decode("cp1252", errors="replace")
        assert repair(text, "auto").text == text


# ---------------------------------------------------------------- detect_bytes
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_bytes_files(encoding):
    for index in range(len(SAMPLE_ARTICLES)):
        text = sample_article_text(index).replace("\n", "\r\n")
        found = detect_bytes(ENCODERS[encoding](text))
        assert found is not None and found.encoding == encoding, SAMPLE_ARTICLES[index].name
        assert found.evidence >= 3


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_detect_bytes_then_decode_gives_the_article(encoding):
    text = sample_article_text(1)
    data = ENCODERS[encoding](text)
    found = detect_bytes(data)
    decoded = decode_bytes(data, found.encoding)
    if encoding == "tcvn3":
        assert decoded.lower() == text.lower()
    else:
        assert decoded == text


def test_detect_bytes_none_on_unicode_and_plain_text():
    text = sample_article_text(0)
    assert detect_bytes(text.encode("utf-8")) is None
    assert detect_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) is None
    assert detect_bytes(text.encode("utf-16")) is None
    assert detect_bytes(b"Plain ASCII report, 2024.\n" * 50) is None
    assert detect_bytes(b"") is None
    assert detect_bytes("Le café est très bon à Paris, où êtes-vous?\n".encode("cp1252") * 20) is None


def test_detect_bytes_none_on_utf8_that_looks_like_mojibake():
    # valid UTF-8 is never legacy bytes, even when its characters are mojibake
    assert detect_bytes("Bé ChÝnh trÞ ban hµnh kÕt luËn vÒ c«ng t¸c".encode("utf-8")) is None
