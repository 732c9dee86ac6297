"""Typography, tone-mark style and glyph coverage: each rule with its exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools import subset

from bantin_print import model
from bantin_print.errors import InputError
from bantin_print.reader import read_issue
from bantin_print.text import clean, formal_date, thousands, tones, typography
from conftest import MANIFEST, write_files

NB = "\u00a0"
ALL = typography.Rules()


@pytest.mark.parametrize("typed, expected", [
    ('Ông nói: "Đây là việc lớn".', "Ông nói: “Đây là việc lớn”."),
    ("cuốn 'Nhật ký' nổi tiếng", "cuốn ‘Nhật ký’ nổi tiếng"),
    ("(\"trích\")", "(“trích”)"),
    ("it's", "it’s"),
])
def test_quotes(typed, expected):
    assert typography.apply(typed, ALL) == expected


def test_quotes_take_context_from_the_preceding_text():
    assert typography.apply('" nói', ALL, before="a") == "” nói"
    assert typography.apply('"nói', ALL, before=" ") == "“nói"


@pytest.mark.parametrize("typed, expected", [
    ("chờ đợi...", "chờ đợi…"),
    ("hết năm 2023.../.", f"hết năm{NB}2023…/."),
    ("câu hỏi ?", "câu hỏi?"),
    ("thứ nhất ,thứ hai", "thứ nhất, thứ hai"),
    ("như sau :a", "như sau: a"),
    ("( ngoặc )", "(ngoặc)"),
    ("thật!Rồi", "thật! Rồi"),
])
def test_ellipsis_and_spacing(typed, expected):
    assert typography.apply(typed, ALL) == expected


@pytest.mark.parametrize("kept", [
    "tỷ lệ 5,5%", "có 2.701 hộ", "lúc 10:30", "theo https://sonha.gov.vn/a,b:c",
    "gửi tới lienhe@sonha.gov.vn.", "Kết luận 01-KL/TW", "Nghị định 30/2020/NĐ-CP",
    '<img src="/etc/passwd"/>', "]]> &amp; &", "TP.HCM",
])
def test_what_spacing_and_dashes_leave_alone(kept):
    assert typography.apply(kept, typography.Rules(no_break=False)) == kept


@pytest.mark.parametrize("typed, expected", [
    ("kinh tế - xã hội", "kinh tế – xã hội"),
    ("Kết luận số 01-KL/TW", f"Kết luận số{NB}01-KL/TW"),
    ("ngày 18/5/2021", f"ngày{NB}18/5/2021"),
    ("theo Điều 34", f"theo Điều{NB}34"),
    ("khóa XII", f"khóa{NB}XII"),
    ("TP. Hồ Chí Minh", f"TP.{NB}Hồ Chí Minh"),
    ("PGS. TS Lê Văn A", f"PGS.{NB}TS Lê Văn A"),
    ("cách 15 km", f"cách 15{NB}km"),
    ("rộng 2.500 ha", f"rộng 2.500{NB}ha"),
    ("nhiệm vụ …/.", f"nhiệm vụ{NB}…/."),
])
def test_dashes_and_no_break_spaces(typed, expected):
    assert typography.apply(typed, ALL) == expected


def test_each_rule_can_be_turned_off():
    typed = 'số 5 - "x"...'
    assert typography.apply(typed, typography.Rules.none()) == typed
    assert typography.apply(typed, typography.Rules(quotes=False)) == f'số{NB}5 – "x"…'
    assert typography.apply(typed, typography.Rules(dashes=False)) == f"số{NB}5 - “x”…"


@pytest.mark.parametrize("old, new", [
    ("hòa", "hoà"), ("khỏe", "khoẻ"), ("thủy", "thuỷ"), ("tùy", "tuỳ"), ("họa", "hoạ"),
    ("xòe", "xoè"), ("Hòa", "Hoà"), ("HÒA", "HOÀ"), ("ủy", "uỷ"),
])
def test_tone_mark_styles_both_ways(old, new):
    assert tones.restyle(old, "new") == new
    assert tones.restyle(new, "old") == old
    assert tones.restyle(old, "keep") == old


@pytest.mark.parametrize("word", ["hoàng", "khuya", "quý", "quỳ", "thuyền", "toán", "hoa", "hỏi", "Đảng"])
def test_tone_marks_outside_the_rule_stay(word):
    assert tones.restyle(word, "new") == word == tones.restyle(word, "old")


def test_proper_names_keep_their_spelling():
    text = "Thanh Hóa và Khánh Hòa giữ hòa bình"
    assert tones.restyle(text, "new", ("Thanh Hóa", "Khánh Hòa")) == \
        "Thanh Hóa và Khánh Hòa giữ hoà bình"


def test_vietnamese_dates_and_numbers():
    import datetime as dt
    assert formal_date(dt.date(2024, 1, 8)) == "ngày 08 tháng 01 năm 2024"
    assert formal_date(dt.date(2024, 3, 18), weekday=True) == "Thứ Hai, ngày 18 tháng 3 năm 2024"
    assert formal_date(dt.date(2024, 2, 4)) == "ngày 04 tháng 02 năm 2024"
    assert thousands(2701) == "2.701" and thousands(7397000) == "7.397.000"


def test_hygiene():
    assert clean("Ð\u00adảng\u200b viên\r\nmới\x07") == "Đảng viên\nmới"


# --- settings in the manifest, applied to the whole issue ------------------------------

def test_text_settings_apply_to_every_text(issue_dir: Path):
    manifest = MANIFEST + ("text:\n  tone_marks: new\n  keep_as_written: [Thanh Hóa]\n"
                           "  typography: {dashes: no}\n")
    article = ("---\ntitle: '\"Khỏe\" - hòa'\nlead: thủy sản...\n---\n"
               "Thanh Hóa và *hòa bình* - \"khỏe\" ở Điều 3.\n")
    write_files(issue_dir, {"issue.yaml": manifest, "articles/hai.md": article})
    issue, _ = read_issue(issue_dir / "issue.yaml")
    second = list(issue.articles())[1]
    assert second.title == "“Khoẻ” - hoà"
    assert second.lead == "thuỷ sản…"
    assert model.plain_text(second.body[0].content) == \
        f"Thanh Hóa và hoà bình - “khoẻ” ở Điều{NB}3."


def test_typography_can_be_switched_off_entirely(issue_dir: Path):
    write_files(issue_dir, {"issue.yaml": MANIFEST + "text:\n  typography: no\n",
                            "articles/hai.md": "---\ntitle: '\"x\" - y...'\n---\n"})
    issue, _ = read_issue(issue_dir / "issue.yaml")
    assert list(issue.articles())[1].title == '"x" - y...'


def test_bad_text_settings_are_reported(issue_dir: Path):
    write_files(issue_dir, {"issue.yaml": MANIFEST + "text:\n  tone_marks: modern\n"
                            "  typography: {quote: no}\n"})
    with pytest.raises(InputError) as caught:
        read_issue(issue_dir / "issue.yaml")
    messages = [p.format() for p in caught.value.problems]
    assert any("tone_marks: expected one of keep, old, new" in m for m in messages)
    assert any("did you mean 'quotes'" in m for m in messages)


# --- glyph coverage --------------------------------------------------------------------

def _ascii_family(folder: Path) -> None:
    """A family of four faces that covers ASCII only: Vietnamese letters are missing."""
    source = Path(__file__).resolve().parents[1] / "fonts"
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        options = subset.Options()
        options.name_IDs = ["*"]
        font = subset.load_font(str(source / f"NotoSans-{face}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=range(0x20, 0x7F))
        subsetter.subset(font)
        folder.mkdir(parents=True, exist_ok=True)
        font.save(str(folder / f"NotoSans-{face}.ttf"))


def test_a_missing_glyph_is_an_error_naming_character_file_line_and_font(issue_dir: Path):
    _ascii_family(issue_dir / "phong")
    write_files(issue_dir, {"issue.yaml": MANIFEST.replace("Bản tin Thử nghiệm", "Ban tin")
                            .replace("Sở Thử nghiệm tỉnh Sơn Hà", "So") + "layout:\n  font_dir: phong\n"
                            "  fonts: {body: Noto Sans, heading: Noto Sans}\n"})
    with pytest.raises(InputError) as caught:
        read_issue(issue_dir / "issue.yaml")
    messages = [p.format(issue_dir) for p in caught.value.problems]
    expected = ("articles/mot.md:2: error: U+1ED9 LATIN SMALL LETTER O WITH CIRCUMFLEX AND DOT "
                "BELOW 'ộ' is not in the font Noto Sans Regular")
    assert any(m.startswith(expected) for m in messages), messages
    assert all("Traceback" not in m for m in messages)


def test_the_sample_sets_every_character(issue_dir: Path):
    read_issue(Path(__file__).resolve().parents[1] / "issues" / "sample" / "issue.yaml")
