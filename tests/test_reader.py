"""Reading a valid issue into the model: fields, text normalisation, Markdown, positions."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from bantin_print import model
from bantin_print.errors import InputError
from bantin_print.reader import read_issue
from conftest import ARTICLE_TWO, MANIFEST, write_files


def read(folder: Path) -> model.Issue:
    issue, warnings = read_issue(folder / "issue.yaml")
    assert warnings == []
    return issue


def body_of(folder: Path, markdown: str) -> list[model.Block]:
    write_files(folder, {"articles/hai.md": ARTICLE_TWO.replace("Một đoạn tin ngắn.\n", markdown)})
    issue, _ = read_issue(folder / "issue.yaml")
    return list(issue.articles())[1].body


def test_reads_fields_into_the_model(issue_dir: Path):
    issue = read(issue_dir)
    assert issue.publication.name == "Bản tin Thử nghiệm"
    assert issue.publication.language == "vi"
    assert (issue.number, issue.date) == (3, dt.date(2024, 3, 15))
    assert issue.imprint.print_run == 200 and issue.imprint.frequency == "Hằng tháng"
    assert [s.title for s in issue.sections] == ["Tin tức – Sự kiện"]  # typography: en dash
    first, second = issue.articles()
    assert first.title == "Hội nghị tổng kết năm\u00a02023"  # typography: a no-break space
    assert first.author == "Hương Dịu" and first.date == dt.date(2024, 1, 12)
    assert first.lead.startswith("Sáng 12/01/2024")
    photo = first.photos[0]
    assert photo.path == (issue_dir / "photos/anh.jpg").resolve()
    assert (photo.width, photo.height, photo.format) == (64, 48, "JPEG")
    assert photo.caption == "Quang cảnh hội nghị" and photo.credit == "Ảnh: Hương Dịu"
    assert second.lead is None and second.photos == []


def test_layout_defaults(issue_dir: Path):
    layout = read(issue_dir).layout
    assert (layout.page_width_mm, layout.page_height_mm, layout.columns) == (190, 270, 3)
    assert layout.margin_mm == 15
    assert layout.body_font.name == "Noto Serif" and layout.heading_font.name == "Noto Sans"
    assert layout.body_font.bold_italic.name == "NotoSerif-BoldItalic.ttf"


@pytest.mark.parametrize("page, columns, expected", [
    ("A4", None, (210, 297, 3)),
    ("A5", None, (148, 210, 2)),  # narrow pages default to two columns
    ("B5", "4", (176, 250, 4)),
    ("17,5 x 25 cm", "1", (175, 250, 1)),
])
def test_layout_values(issue_dir: Path, page, columns, expected):
    extra = f"layout:\n  page: {page}\n" + (f"  columns: {columns}\n" if columns else "")
    write_files(issue_dir, {"issue.yaml": MANIFEST + extra})
    issue, _ = read_issue(issue_dir / "issue.yaml")
    layout = issue.layout
    assert (round(layout.page_width_mm), round(layout.page_height_mm), layout.columns) == expected


def test_page_over_the_legal_size_is_a_warning(issue_dir: Path):
    write_files(issue_dir, {"issue.yaml": MANIFEST + "layout:\n  page: A4\n"})
    _, warnings = read_issue(issue_dir / "issue.yaml")
    assert len(warnings) == 1 and "190 × 270 mm" in warnings[0].text
    assert warnings[0].line == MANIFEST.count("\n") + 2


def test_missing_imprint_fields_are_warnings_naming_the_law(issue_dir: Path):
    manifest = MANIFEST.replace("  printer: Công ty In Thử nghiệm\n", "").replace(
        "  print_run: 200\n", "")
    write_files(issue_dir, {"issue.yaml": manifest})
    _, warnings = read_issue(issue_dir / "issue.yaml")
    assert len(warnings) == 1
    assert "printer (nơi in)" in warnings[0].text
    assert "print_run (số lượng in)" in warnings[0].text
    assert "Điều 34" in warnings[0].text


def test_text_is_normalised_to_nfc_and_cleaned(issue_dir: Path):
    title = unicodedata.normalize("NFD", "Hội nghị Ðảng viên") + "\u00ad\u200b"
    lead = "Thủy\u00adsản  và  nông\u200bnghiệp"
    write_files(issue_dir, {"articles/hai.md": f"---\ntitle: {title}\nlead: {lead}\n---\n"
                            + unicodedata.normalize("NFD", "Đoạn văn có dấu tiếng Việt.\n")})
    issue, _ = read_issue(issue_dir / "issue.yaml")
    article = list(issue.articles())[1]
    assert article.title == "Hội nghị Đảng viên"
    assert article.lead == "Thủysản và nôngnghiệp"
    assert model.plain_text(article.body[0].content) == "Đoạn văn có dấu tiếng Việt."
    for text in (article.title, article.lead):
        assert unicodedata.is_normalized("NFC", text)


def test_markdown_blocks(issue_dir: Path):
    body = body_of(issue_dir, "Đoạn một\nnối dòng.\n\n## Tiêu đề phụ\n\n> Trích dẫn\n\n"
                   "- ý một\n- ý hai\n\n3. bước ba\n4. bước bốn\n\n---\n\nĐoạn **đậm** và *nghiêng*.\n")
    kinds = [type(b).__name__ for b in body]
    assert kinds == ["Paragraph", "Heading", "Quote", "ListBlock", "ListBlock", "Rule", "Paragraph"]
    assert model.plain_text(body[0].content) == "Đoạn một nối dòng."  # lines joined
    assert body[1].level == 2
    assert model.plain_text(body[2].blocks[0].content) == "Trích dẫn"
    bullets, numbers = body[3], body[4]
    assert not bullets.ordered and len(bullets.items) == 2
    assert numbers.ordered and numbers.start == 3
    assert model.plain_text(numbers.items[1][0].content) == "bước bốn"
    last = body[6].content
    assert isinstance(last[1], model.Strong) and isinstance(last[3], model.Emphasis)


def test_block_lines_point_into_the_file(issue_dir: Path):
    body = body_of(issue_dir, "Đoạn một.\n\n## Tiêu đề\n\nĐoạn hai.\n")
    source = (issue_dir / "articles/hai.md").read_text(encoding="utf-8").split("\n")
    for block, text in zip(body, ["Đoạn một.", "## Tiêu đề", "Đoạn hai."]):
        assert source[block.line - 1] == text


@pytest.mark.parametrize("typed", [
    '<img src="/etc/passwd"/>',
    "<font color=red>đỏ</font>",
    '<a href="javascript:alert(1)">bấm</a>',
    "<script>alert(1)</script>",
    "]]> &amp; & &lt;b&gt;",
    "<para>ReportLab</para><br/>",
])
def test_markup_in_text_stays_literal(issue_dir: Path, typed: str):
    body = body_of(issue_dir, f"Trước {typed} sau.\n")
    assert len(body) == 1
    assert body[0].content == [model.Text(f"Trước {typed} sau.")]


def test_html_block_stays_literal(issue_dir: Path):
    body = body_of(issue_dir, "<div>\n<b>không in đậm</b>\n</div>\n")
    assert model.plain_text(body[0].content) == "<div> <b>không in đậm</b> </div>"


def test_markdown_link_keeps_text_and_target(issue_dir: Path):
    body = body_of(issue_dir, "Xem [cổng thông tin](https://sonha.gov.vn).\n")
    link = body[0].content[1]
    assert isinstance(link, model.Link) and link.target == "https://sonha.gov.vn"
    assert model.plain_text(link.children) == "cổng thông tin"


def test_all_problems_are_reported_in_one_run(issue_dir: Path):
    manifest = MANIFEST.replace("number: 3", "number: ba").replace(
        "date: 2024-03-15", "date: 2024-02-30") + "layout:\n  columns: 9\n"
    write_files(issue_dir, {"issue.yaml": manifest,
                            "articles/hai.md": "---\nauthor: Lan\n---\nText\n"})
    with pytest.raises(InputError) as caught:
        read_issue(issue_dir / "issue.yaml")
    messages = [p.format() for p in caught.value.problems]
    assert len(messages) == 4, messages
    assert sum("issue.yaml" in m for m in messages) == 3
    assert any("hai.md:2" in m and "title" in m for m in messages)


def test_users_font_folder(issue_dir: Path, tmp_path: Path):
    fonts = Path(__file__).resolve().parents[1] / "fonts"
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        write_files(issue_dir, {f"phong/NotoSans-{face}.ttf": (fonts / f"NotoSans-{face}.ttf").read_bytes()})
    write_files(issue_dir, {"issue.yaml": MANIFEST + "layout:\n  font_dir: phong\n"
                            "  fonts: {body: noto sans, heading: NotoSans}\n"})
    issue, _ = read_issue(issue_dir / "issue.yaml")
    assert issue.layout.body_font.regular == (issue_dir / "phong/NotoSans-Regular.ttf").resolve()


def test_font_family_missing_a_face(issue_dir: Path):
    fonts = Path(__file__).resolve().parents[1] / "fonts"
    write_files(issue_dir, {"phong/A.ttf": (fonts / "NotoSans-Regular.ttf").read_bytes(),
                            "issue.yaml": MANIFEST + "layout:\n  font_dir: phong\n"
                            "  fonts: {body: Noto Sans}\n"})
    # The user's folder has only the regular face; the bundled full family is not mixed in.
    with pytest.raises(InputError) as caught:
        read_issue(issue_dir / "issue.yaml")
    assert "has no bold, italic, bold italic face" in caught.value.problems[0].text


def test_exif_rotation_swaps_width_and_height(issue_dir: Path):
    from io import BytesIO

    from PIL import Image

    image = Image.new("RGB", (80, 20), "red")
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90° when displayed
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    write_files(issue_dir, {"photos/anh.jpg": buffer.getvalue()})
    photo = list(read(issue_dir).articles())[0].photos[0]
    assert (photo.width, photo.height) == (20, 80)


@pytest.mark.parametrize("written, number", [("1.500", 1500), ("12.000", 12000),
                                             ("1.000.000", 1_000_000), ("1500", 1500)])
def test_a_print_run_may_group_its_thousands_as_vietnamese_does(issue_dir: Path, written,
                                                                number):
    manifest = MANIFEST.replace("print_run: 200", f"print_run: {written}")
    write_files(issue_dir, {"issue.yaml": manifest})
    assert read(issue_dir).imprint.print_run == number


@pytest.mark.parametrize("written", ["1.5", "1.50", "01.500", "1,500"])
def test_a_print_run_that_is_no_grouped_whole_number_is_an_error(issue_dir: Path, written):
    manifest = MANIFEST.replace("print_run: 200", f"print_run: {written}")
    write_files(issue_dir, {"issue.yaml": manifest})
    with pytest.raises(InputError) as raised:
        read(issue_dir)
    assert "print_run: expected a whole number" in str(raised.value.problems[0].text)


def test_a_file_name_in_another_unicode_form_is_the_same_name(issue_dir: Path):
    """macOS writes file names decomposed (NFD); the article names the photo composed."""
    import unicodedata

    from conftest import jpeg_bytes

    name = "ảnh hội nghị.jpg"
    (issue_dir / "photos" / unicodedata.normalize("NFD", name)).write_bytes(jpeg_bytes())
    article = (issue_dir / "articles" / "mot.md").read_text(encoding="utf-8")
    write_files(issue_dir, {"articles/mot.md": article.replace("../photos/anh.jpg",
                                                               f"../photos/{name}")})
    photo = next(read(issue_dir).articles()).photos[0]
    assert photo.path.exists() and photo.path.name == unicodedata.normalize("NFD", name)


def test_a_new_issue_left_as_scaffolded_warns_about_its_placeholders(tmp_path: Path):
    from bantin_print.scaffold import create

    create(tmp_path / "so-01")
    _, warnings = read_issue(tmp_path / "so-01" / "issue.yaml")
    said = {w.text.split(":")[0]: w.text for w in warnings}
    assert "still holds the new issue's placeholder '…'" in said["imprint.licence"]
    assert "is the new issue's placeholder" in said["imprint.responsible"]
    assert "is the new issue's placeholder" in said["imprint.printer"]


def test_an_imprint_value_repeating_its_label_is_a_warning(issue_dir: Path):
    manifest = MANIFEST.replace("licence: Giấy phép số", "licence: Giấy phép xuất bản số")
    write_files(issue_dir, {"issue.yaml": manifest})
    _, warnings = read_issue(issue_dir / "issue.yaml")
    message = next(w.text for w in warnings if w.text.startswith("imprint.licence"))
    assert "would read 'Giấy phép xuất bản: Giấy phép xuất bản số 01/GP-STTTT" in message
    assert "write only 'số 01/GP-STTTT ngày 05/01/2024'" in message
    line = manifest.splitlines().index(next(l for l in manifest.splitlines()
                                            if "licence:" in l)) + 1
    assert next(w.line for w in warnings if w.text.startswith("imprint.licence")) == line


def test_dates_that_are_likely_mistakes_are_warnings(issue_dir: Path):
    article = (issue_dir / "articles" / "mot.md").read_text(encoding="utf-8")
    write_files(issue_dir, {"articles/mot.md": article.replace("date: 2024-01-12",
                                                               "date: 2024-04-12")})
    _, warnings = read_issue(issue_dir / "issue.yaml")
    after = next(w for w in warnings if "after the issue" in w.text)
    assert after.file.name == "mot.md" and after.line == 5
    assert "dated 12/04/2024, after the issue (15/03/2024)" in after.text
    far = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    write_files(issue_dir, {"issue.yaml": MANIFEST.replace("date: 2024-03-15", f"date: {far}")})
    _, warnings = read_issue(issue_dir / "issue.yaml")
    assert any(w.text.startswith("issue.date:") and "is the year right?" in w.text
               for w in warnings)
