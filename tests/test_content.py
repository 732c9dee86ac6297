"""What an article may hold beyond paragraphs: struck-through text and nested lists and
quotations, in the model, the EPUB and the print PDF (read back from glyph positions and
drawn lines, not from our own layout)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from bantin_print import model
from bantin_print.errors import Problems
from bantin_print.reader.markdown import parse_body
from pdftools import words_with_boxes

SAMPLE_ARTICLE = "cuoc-thi-khoi-nghiep-2024.md"


def _chapter_with(epub: Path, marker: str) -> str:
    """The EPUB chapter (XHTML) holding `marker`."""
    import zipfile

    with zipfile.ZipFile(epub) as archive:
        chapters = [archive.read(n).decode("utf-8") for n in archive.namelist()
                    if n.endswith(".xhtml")]
    return next(chapter for chapter in chapters if marker in chapter)


def parse(text: str) -> list[model.Block]:
    problems = Problems()
    blocks = parse_body(text, Path("a.md"), 1, problems)
    assert not problems.items
    return blocks


def test_strikethrough_reaches_the_model():
    [paragraph] = parse("Giá ~~50 triệu~~ 60 triệu đồng, ~ một dấu ngã lẻ vẫn là chữ.")
    assert isinstance(paragraph.content[1], model.Strikethrough)
    assert model.plain_text(paragraph.content[1].children) == "50 triệu"
    assert model.plain_text(paragraph.content).endswith("~ một dấu ngã lẻ vẫn là chữ.")


def test_nested_lists_and_quotations_keep_their_levels():
    [outer, quote] = parse("- Một\n  - Một một\n    1. Sâu nhất\n- Hai\n\n> Ngoài\n>\n> > Trong\n")
    assert isinstance(outer, model.ListBlock) and len(outer.items) == 2
    inner = outer.items[0][1]
    assert isinstance(inner, model.ListBlock)
    assert isinstance(inner.items[0][1], model.ListBlock) and inner.items[0][1].ordered
    assert isinstance(quote.blocks[1], model.Quote)


def test_the_epub_strikes_and_nests(sample_build):
    text = _chapter_with(sample_build[1], "50\u00a0triệu")
    assert "<s>50\u00a0triệu đồng</s>" in text
    flat = text.replace("\n", "")
    nested = flat.index("5 giải Khuyến khích")
    inner = flat.index("<ul>", nested)
    assert flat.index("3 giải cho dự án") > inner  # the inner list sits inside the item
    assert flat.index("</li>", nested) > inner


def _page_of(words, word):
    return next(page for page, w, *_ in words if w == word)


def test_the_pdf_draws_a_line_through_struck_text(sample_build):
    pdf, _ = sample_build
    words = words_with_boxes(pdf)
    boxes = [(p, x0, y0, x1, y1) for p, w, x0, y0, x1, y1 in words if w == "50"]
    assert boxes, "the struck words are in the text"
    page, x0, y0, x1, y1 = boxes[0]
    with pikepdf.open(pdf) as document:
        height = float(document.pages[page - 1].mediabox[3])
        lines = []
        current = None
        for op, operands, matrix in _with_matrix(document.pages[page - 1]):
            if op == "m":
                current = _apply(matrix, float(operands[0]), float(operands[1]))
            elif op == "l" and current is not None:
                end = _apply(matrix, float(operands[0]), float(operands[1]))
                lines.append((current, end))
    # A horizontal line across the word, between its top and its baseline.
    top, bottom = height - y0, height - y1
    crossing = [(a, b) for a, b in lines if abs(a[1] - b[1]) < 0.01
                and min(a[0], b[0]) <= x0 + 1 and max(a[0], b[0]) >= x1 - 1
                and bottom < a[1] < top]
    assert crossing, "no line through the struck-out '50'"
    # and none through words that are not struck
    others = [(p, x0, y0, x1, y1) for p, w, x0, y0, x1, y1 in words
              if w == "60" and p == page]
    for _, ox0, oy0, ox1, oy1 in others:
        assert not [(a, b) for a, b in lines if abs(a[1] - b[1]) < 0.01
                    and min(a[0], b[0]) <= ox0 + 1 and max(a[0], b[0]) >= ox1 - 1
                    and height - oy1 < a[1] < height - oy0]


def _with_matrix(page):
    """(operator, operands, current transformation matrix) for a page's operators."""
    matrix, stack = [1, 0, 0, 1, 0, 0], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(list(matrix))
        elif op == "Q":
            matrix = stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            m = matrix
            matrix = [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2],
                      c * m[1] + d * m[3], e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]]
        yield op, operands, matrix


def _apply(m, x, y):
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def test_the_pdf_indents_each_level_of_a_nested_list(sample_build):
    pdf, _ = sample_build
    words = words_with_boxes(pdf)

    def left_of(*wanted: str) -> float:
        for n in range(len(words) - len(wanted)):
            if tuple(w for _, w, *_ in words[n:n + len(wanted)]) == wanted:
                return words[n][2]
        raise AssertionError(f"{' '.join(wanted)} not found")

    outer = left_of("5", "giải", "Khuyến")  # an item of the outer list
    inner = left_of("3", "giải", "cho")  # an item of the list inside it
    assert inner - outer == pytest.approx(4.5 / 25.4 * 72, abs=1.0)


def test_footnotes_are_numbered_by_their_first_reference():
    from bantin_print.reader.markdown import parse_article

    problems = Problems()
    text = ("Câu đầu[^b] và câu sau[^a].\n\nNhắc lại[^b].\n\n"
            "[^a]: Ghi chú a.\n[^b]: Ghi chú *b*.\n\n[^c]: Không ai gọi.\n")
    blocks, notes = parse_article(text, Path("a.md"), 10, problems)
    refs = [node.number for block in blocks for node in block.content
            if isinstance(node, model.NoteRef)]
    assert refs == [1, 2, 1]
    assert [(n.number, model.plain_text(n.blocks[0].content)) for n in notes] == [
        (1, "Ghi chú b."), (2, "Ghi chú a.")]
    assert notes[0].line == 10 + 5
    [warning] = problems.items
    assert warning.severity == "warning" and warning.line == 10 + 7 and "[^c]" in warning.text


def test_a_reference_without_its_note_is_an_error_on_its_line():
    problems = Problems()
    parse_body("Đoạn một.\n\nĐoạn hai có tham chiếu[^9] mồ côi.\n", Path("a.md"), 20, problems)
    [error] = problems.items
    assert error.severity == "error" and error.line == 22 and "[^9]" in error.text


def test_the_epub_has_its_notes_as_epub3_footnotes(sample_build):
    chapter = _chapter_with(sample_build[1], 'epub:type="noteref"')
    assert "[^" not in chapter
    assert chapter.count('role="doc-noteref"') == 2
    assert 'href="#note-1"' in chapter and 'id="ref-1"' in chapter
    assert chapter.count('<aside epub:type="footnote" role="doc-footnote" id="note-') == 2
    assert 'href="#ref-2" role="doc-backlink"' in chapter
    # the note comes after the byline, at the chapter's end
    assert chapter.index('class="author"') < chapter.index("<aside")


def test_the_pdf_raises_the_numbers_and_sets_the_notes_at_the_articles_end(sample_build):
    from pdftools import page_texts, squeeze

    pdf, _ = sample_build
    pages = [squeeze(t) for t in page_texts(pdf)]
    text = " ".join(pages)
    assert "[^" not in text
    end = text.index("Minh Châu")  # the article's byline
    first, second = text.index("1. Quyết định giao chỉ tiêu"), text.index("2. Kế hoạch ngày")
    assert end < first < second
    # The numbers in the text are raised and smaller: a rise and a 0.62 size with them.
    from pdfops import shown_with  # bench/, on the path through conftest

    raised = [shown for shown in shown_with(pdf) if shown.rise > 0]
    assert len(raised) == 2
    for shown in raised:
        assert shown.size == pytest.approx(9.5 * 0.62, abs=0.01)
        assert shown.rise == pytest.approx(9.5 * 0.36, abs=0.01)


TABLE = ("Bảng 1. Kết quả năm 2026\n\n| Chỉ tiêu | Kế hoạch | Thực hiện |\n|---|---:|:---:|\n"
         "| Đề tài **mới** | 12 | 14 |\n| Tổng | 1.500 | |\n")


def test_a_pipe_table_reaches_the_model_with_its_title_and_alignment():
    [table] = parse(TABLE)
    assert isinstance(table, model.Table)
    assert model.plain_text(table.title) == "Bảng 1. Kết quả năm 2026"
    assert table.aligns == ["left", "right", "center"]
    assert [model.plain_text(c) for c in table.header] == ["Chỉ tiêu", "Kế hoạch", "Thực hiện"]
    assert [[model.plain_text(c) for c in row] for row in table.rows] == [
        ["Đề tài mới", "12", "14"], ["Tổng", "1.500", ""]]
    assert isinstance(table.rows[0][0][1], model.Strong)


def test_a_row_with_more_cells_than_the_header_is_an_error_on_its_line():
    problems = Problems()
    parse_body(TABLE + "| Thừa | 1 | 2 | 3 |\n", Path("a.md"), 40, problems)
    [error] = problems.items
    assert error.line == 40 + 6 and "4 cells" in error.text and "header 3" in error.text


def test_a_table_too_wide_for_any_page_is_an_error():
    problems = Problems()
    header = "|" + "|".join(f"C{n}" for n in range(30)) + "|\n"
    parse_body(header + "|" + "---|" * 30 + "\n", Path("a.md"), 5, problems)
    [error] = problems.items
    assert error.line == 5 and "30 columns" in error.text


def test_the_sample_table_in_both_editions(sample_build):
    pdf, epub = sample_build
    chapter = _chapter_with(epub, "<table>")
    assert "<caption>Bảng 1. Kết quả thực hiện một số chỉ tiêu năm 2023</caption>" in \
        chapter.replace("\u00a0", " ")
    assert '<th scope="col" class="right">Kế hoạch</th>' in chapter
    assert '<td class="right">2.701</td>' in chapter

    from pdftools import page_texts, squeeze

    text = squeeze(" ".join(page_texts(pdf)))
    assert "|---" not in text and "| " not in text
    cells = ["Chỉ tiêu", "Kế hoạch", "Thực hiện", "Nhiệm vụ KH&CN cấp tỉnh", "25", "27",
             "Nhiệm vụ được nghiệm thu", "12", "14", "Giải ngân kinh phí (%)", "90", "94,2",
             "Phương tiện đo được kiểm định", "2.500", "2.701"]
    position = text.index("Bảng 1. Kết quả thực hiện")
    for cell in cells:  # every cell, in row order
        position = text.index(cell, position) + len(cell)

    # Numbers right-aligned: the cells of a right-aligned column end at one x.
    words = words_with_boxes(pdf)
    start = next(n for n, (_, w, *_) in enumerate(words) if w == "Bảng")
    end = next(n for n in range(start, len(words)) if words[n][1] == "2.701")
    inside = words[start:end + 1]
    ends = {w: x1 for _, w, _, _, x1, _ in inside if w in ("25", "12", "90", "2.500")}
    assert len(ends) == 4 and max(ends.values()) - min(ends.values()) < 0.6, ends


def test_a_table_too_wide_even_across_the_page_names_the_article_and_line(issue_dir: Path):
    header = "| " + " | ".join(f"Cột{n}dàidàidài" for n in range(12)) + " |\n"
    article = issue_dir / "articles" / "hai.md"
    article.write_text("---\ntitle: Bảng rộng\n---\nMở đầu.\n\n" + header + "|"
                       + "---|" * 12 + "\n", encoding="utf-8")
    result = _build(issue_dir)
    assert result.returncode == 1, result.stderr
    assert "articles/hai.md" in result.stderr and "the table on line 6" in result.stderr
    assert "the text area is 160 mm" in result.stderr and "Traceback" not in result.stderr


WIDE_ARTICLE = """\
---
title: Bảng và hộp rộng
---
Đoạn mở đầu.{filler}

Bảng 2. Kinh phí các đề tài theo lĩnh vực (triệu đồng)

| Lĩnh vực | Số đề tài | Năm 2021 | Năm 2022 | Năm 2023 | Kế hoạch 2024 | Tăng/giảm |
|---|---:|---:|---:|---:|---:|---:|
| Nông nghiệp công nghệ cao | 12 | 4.250 | 5.100 | 5.860 | 6.400 | +9,2% |
| Y dược | 7 | 2.900 | 3.150 | 3.400 | 3.900 | +14,7% |
| Chuyển đổi số | 5 | 1.200 | 2.050 | 2.800 | 3.600 | +28,6% |

Đoạn sau bảng.{filler}

::: box wide Lịch tiếp công dân

Hộp một.{filler}

Hộp hai.{filler}
:::

Đoạn cuối bài.{filler}
""".format(filler=" Hội nghị đã thảo luận kỹ các chỉ tiêu của năm tới và giao nhiệm vụ"
                  " cụ thể cho từng đơn vị trực thuộc." * 3)


def test_a_table_too_wide_for_a_column_and_a_wide_box_go_across_the_columns(issue_dir: Path):
    from pdftools import page_texts, squeeze

    (issue_dir / "articles" / "hai.md").write_text(WIDE_ARTICLE, encoding="utf-8")
    result = _build(issue_dir)
    assert result.returncode == 0, result.stderr
    assert "wide box" not in result.stderr
    pdf = issue_dir / "out.pdf"
    words = words_with_boxes(pdf)

    def where(word: str):
        return next(w for w in words if w[1] == word)

    # The table's last column ends near the right edge of the text area, far beyond the
    # first column (50 mm wide), and every row is in order.
    page, _, _, _, right, _ = where("Tăng/giảm")
    with pikepdf.open(pdf) as document:
        trim = [float(v) for v in document.pages[page - 1].TrimBox]
    margin = 15 * 72 / 25.4
    text_left, text_right = trim[0] + margin, trim[2] - margin
    assert right > text_right - 12, (right, text_right)
    text = squeeze(" ".join(page_texts(pdf)))
    order = ["Đoạn mở đầu", "Nông nghiệp công nghệ cao 12 4.250", "Y dược 7 2.900",
             "Chuyển đổi số 5 1.200", "Đoạn sau bảng", "Lịch tiếp công dân", "Hộp một",
             "Hộp hai", "Đoạn cuối bài"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    # The text above the table ends level in its columns above the table's title; the
    # text after it starts beneath the table, in the first column.
    title_top = where("Bảng")[3]
    above = [w for w in words if w[0] == page and w[3] < title_top]
    assert max(w[5] for w in above) < title_top
    n = next(n for n, w in enumerate(words) if w[1] == "sau" and words[n - 1][1] == "Đoạn")
    after = words[n - 1]  # "Đoạn sau bảng"
    assert after[3] > where("+9,2%")[5] and after[2] < text_left + 1
    # The wide box: its two blocks side by side, in columns inside the tint.
    one, two = where("một."), where("hai.")
    assert one[0] == two[0] and two[2] > one[2] + 40
def test_boxes_reach_the_model_and_unknown_fences_are_named():
    problems = Problems()
    blocks = parse_body("::: box Tiêu đề hộp\nTrong hộp.\n\n- mục\n:::\n\n::: box wide Rộng\nX.\n"
                        ":::\n\n::: lạ\ny\n:::\n", Path("a.md"), 1, problems)
    box, wide, odd = blocks
    assert isinstance(box, model.Box) and box.title == "Tiêu đề hộp" and not box.wide
    assert isinstance(box.blocks[1], model.ListBlock)
    assert isinstance(wide, model.Box) and wide.wide and wide.title == "Rộng"
    [warning] = problems.items
    assert warning.severity == "warning" and warning.line == 11 and "::: box" in warning.text


def test_the_sample_box_in_both_editions(sample_build):
    from pdftools import page_texts, squeeze

    pdf, epub = sample_build
    chapter = _chapter_with(epub, "box-title")
    assert '<aside class="box" aria-label="Cách đăng ký dự thi"><p class="box-title">' in chapter
    text = squeeze(" ".join(page_texts(pdf)))
    assert ":::" not in text
    start = text.index("Cách đăng ký dự thi")
    assert text.index("Hạn nộp hồ sơ", start) < text.index("Ngoài giải thưởng", start)
    # The tint behind the box: a filled rectangle under its title.
    words = words_with_boxes(pdf)
    page, _, x0, y0, x1, y1 = next(w for w, after in zip(words, words[1:])
                                   if w[1] == "Cách" and after[1] == "đăng")
    with pikepdf.open(pdf) as document:
        height = float(document.pages[page - 1].mediabox[3])
        rects = []
        for op, operands, matrix in _with_matrix(document.pages[page - 1]):
            if op == "re":
                rx, ry, rw, rh = (float(v) for v in operands)
                left, bottom = _apply(matrix, rx, ry)
                rects.append((left, bottom, left + rw * matrix[0], bottom + rh * matrix[3]))
    inside = [r for r in rects if r[0] <= x0 and r[2] >= x1 and r[1] <= height - y1
              and r[3] >= height - y0 and r[3] - r[1] > 30]
    assert inside, "no tinted rectangle behind the box's title"


def test_a_box_goes_on_in_the_next_column_only_between_its_blocks(styles_for_boxes):
    from bantin_print.pdf.flowables import BoxedBlocks
    from bantin_print.pdf.paragraph import ComposedParagraph
    from bantin_print.pdf.paragraph.collect import plain

    styles = styles_for_boxes
    style = styles.body_text
    blocks = [ComposedParagraph(plain("Một đoạn trong hộp, đủ dài để chiếm vài dòng trong một "
                                      "cột hẹp của bản tin. " * 3, style.faces), style)
              for _ in range(3)]
    box = BoxedBlocks(blocks, styles)
    _, whole = box.wrap(140, 1e6)
    first_block = blocks[0].wrap(140 - 2 * box.PAD, 1e6)[1]
    assert box.split(140, first_block + 2 * box.PAD - 1) == []  # no room for one block
    head, tail = box.split(140, first_block + 2 * box.PAD + 1)
    assert head.blocks == blocks[:1] and tail.blocks == blocks[1:] and tail.continued
    assert box.split(140, whole + 1) == [box]


@pytest.fixture(scope="module")
def styles_for_boxes():
    from bantin_print.fonts import find_family
    from bantin_print.pdf.styles import Styles, register

    fonts = Path(__file__).resolve().parents[1] / "fonts"
    serif, _ = find_family("Noto Serif", [fonts])
    sans, _ = find_family("Noto Sans", [fonts])
    return Styles(register(serif), register(sans), 3)


# --- Photos in the text and code blocks ---------------------------------------------------

def _build(folder: Path, *extra: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "bantin_print", "build",
                           str(folder / "issue.yaml"), "--pdf", str(folder / "out.pdf"),
                           "--epub", str(folder / "out.epub"), *extra],
                          capture_output=True, text=True, timeout=120)


FIGURE_ARTICLE = """\
---
title: Ảnh giữa bài
photos:
  - file: ../photos/anh.jpg
    caption: Ảnh đầu bài
    span: column
---
Đoạn một giới thiệu ảnh.{filler}

![Hội trường lúc khai mạc](../photos/anh.jpg "Ảnh: Minh Tuấn")

Đoạn hai sau ảnh.{filler}

Đoạn ba kết thúc bài.{filler}
""".format(filler=" Hội nghị đã thảo luận kỹ các chỉ tiêu của năm tới và giao nhiệm vụ"
                  " cụ thể cho từng đơn vị trực thuộc." * 12)


def test_a_photo_alone_in_its_paragraph_is_a_figure_at_that_point(issue_dir: Path):
    from bantin_print.reader.issue import read_issue

    (issue_dir / "articles" / "hai.md").write_text(FIGURE_ARTICLE, encoding="utf-8")
    issue, _ = read_issue(issue_dir / "issue.yaml")
    article = list(issue.articles())[1]
    kinds = [type(block).__name__ for block in article.body]
    assert kinds == ["Paragraph", "Figure", "Paragraph", "Paragraph"]
    figure = article.body[1]
    assert figure.photo.caption == "Hội trường lúc khai mạc"
    assert figure.photo.credit == "Ảnh: Minh Tuấn" and figure.line == 10
    assert figure.photo.path == (issue_dir / "photos" / "anh.jpg").resolve()
    assert sum(1 for _ in issue.photos()) == 3  # the two front-matter photos and this one


def test_photos_in_the_text_in_both_editions(issue_dir: Path):
    import zipfile

    from pdftools import page_texts, placed_images, squeeze

    (issue_dir / "articles" / "hai.md").write_text(FIGURE_ARTICLE, encoding="utf-8")
    result = _build(issue_dir)
    assert result.returncode == 0, result.stderr
    text = squeeze(" ".join(page_texts(issue_dir / "out.pdf")))
    assert "](" not in text and "![" not in text
    # At its point, or (when the column has no room left for it) at the top of the next
    # column while the text goes on: never before the text that introduces it.
    assert text.index("Đoạn một giới thiệu") < text.index("Hội trường lúc khai mạc. Ảnh: Minh Tuấn") \
        < text.index("Đoạn ba kết thúc")
    assert len(placed_images(issue_dir / "out.pdf")) == 3
    with zipfile.ZipFile(issue_dir / "out.epub") as archive:
        images = [n for n in archive.namelist() if n.startswith("EPUB/images/bai-")]
        chapter = archive.read("EPUB/bai-002.xhtml").decode("utf-8")
    # The same file, shown by both articles (in the front matter and in the text), is
    # stored once, under the name of the first article that shows it.
    assert images == ["EPUB/images/bai-001-1.jpg"]
    flat = chapter.replace("\n", "")
    assert flat.count("<figure>") == 2 and flat.count('src="images/bai-001-1.jpg"') == 2
    # The front-matter photo follows an ordinary paragraph, never opening the text.
    assert flat.index("Đoạn một") < flat.index("<figure>")
    assert flat.index("Hội trường lúc khai mạc") < flat.index("Đoạn hai")


@pytest.mark.parametrize("written, expected", [
    ("https://example.com/anh.jpg", "is on the web"),
    ("../../ngoai.jpg", "leads outside the issue folder"),
    ("../photos/khong-co.jpg", "does not exist"),
])
def test_a_photo_in_the_text_that_cannot_be_used_is_an_error_on_its_line(
        issue_dir: Path, written: str, expected: str):
    (issue_dir / "articles" / "hai.md").write_text(
        f"---\ntitle: Ảnh hỏng\n---\nĐoạn một.\n\n![Chú thích]({written})\n", encoding="utf-8")
    result = _build(issue_dir)
    assert result.returncode == 1
    assert "articles/hai.md:6: error: the photo in the text:" in result.stderr, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not (issue_dir / "out.pdf").exists()


def test_a_photo_inside_a_paragraph_is_a_warning_and_its_caption_stays():
    problems = Problems()
    [paragraph] = parse_body("Trước ![ảnh nhỏ](x.jpg) sau.", Path("a.md"), 3, problems)
    assert model.plain_text(paragraph.content) == "Trước ảnh nhỏ sau."
    [warning] = problems.items
    assert warning.severity == "warning" and warning.line == 3
    assert "paragraph of its own" in warning.text


def test_a_code_block_keeps_its_lines_and_spaces():
    [intro, code] = parse("Cú pháp:\n\n```\nSoạn tin: NLMO <mã>\n    Gửi:  8099\n```\n")
    assert isinstance(code, model.CodeBlock)
    assert code.text == "Soạn tin: NLMO <mã>\n    Gửi:  8099"


def test_the_sample_code_block_in_both_editions(sample_build):
    import zipfile

    from pdftools import fonts

    pdf, epub = sample_build
    mono = [row for row in fonts(pdf) if "NotoSansMono" in row["name"]]
    assert mono and all(row["emb"] == "yes" and row["sub"] == "yes" for row in mono)
    words = words_with_boxes(pdf)
    lines = {}
    for page, word, x0, y0, _, _ in words:
        if word in ("Soạn", "Gửi", "Ví", "8099", "NLMO"):
            lines.setdefault(word, []).append((page, x0, y0))
    # Three lines, one under the other, their first words on one left edge and the
    # values lined up after the labels, as written.
    (page, soan_x, soan_y), = [w for w in lines["Soạn"] if True][-1:]
    gui = next(w for w in lines["Gửi"] if w[0] == page and w[2] > soan_y)
    assert abs(gui[1] - soan_x) < 0.5
    value = next(w for w in lines["8099"] if w[0] == page)
    first_value = min((w for w in lines["NLMO"] if w[0] == page and abs(w[2] - soan_y) < 1),
                      key=lambda w: w[1])
    assert abs(value[1] - first_value[1]) < 0.5
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        css = archive.read("EPUB/style/bantin.css").decode("utf-8")
        chapter = _chapter_with(epub, "NLMO")
    assert "EPUB/fonts/code-regular.ttf" in names and '"BanTinCode"' in css
    assert '<pre class="code"><code>Soạn tin: NLMO &lt;mã số trên tem&gt;\nGửi tới:  8099' in chapter


def test_an_issue_without_code_carries_no_code_font(issue_dir: Path):
    import zipfile

    result = _build(issue_dir)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(issue_dir / "out.epub") as archive:
        assert not [n for n in archive.namelist() if "code-regular" in n]
        assert "BanTinCode\"; font-weight" not in archive.read("EPUB/style/bantin.css").decode()


def test_a_character_the_code_font_lacks_is_an_error(issue_dir: Path):
    (issue_dir / "articles" / "hai.md").write_text(
        "---\ntitle: Mã\n---\nĐoạn.\n\n```\nkết quả ✓ đạt\n```\n", encoding="utf-8")
    result = _build(issue_dir)
    assert result.returncode == 1
    assert "articles/hai.md:7: error: U+2713" in result.stderr, result.stderr
    assert "NotoSansMono-Regular" in result.stderr


def test_inline_code_is_set_in_the_code_face(issue_dir: Path):
    from pdftools import text_fonts

    (issue_dir / "articles" / "hai.md").write_text(
        "---\ntitle: Mã\n---\nGõ lệnh `tra-cuu 2024` rồi nhấn Enter.\n", encoding="utf-8")
    result = _build(issue_dir)
    assert result.returncode == 0, result.stderr
    fonts = text_fonts(issue_dir / "out.pdf")
    assert any("tra-cuu" in text and font == "NotoSansMono-Regular" for text, font in fonts)
    assert any("Enter" in text and font == "NotoSerif-Regular" for text, font in fonts), fonts


def test_a_photo_in_a_footnote_is_a_warning_not_a_silent_loss():
    from bantin_print.reader.markdown import parse_article

    problems = Problems()
    found = []
    _, notes = parse_article("Câu có chú thích.[^1]\n\n[^1]: Ghi chú.\n\n    ![Ảnh](x.jpg)\n",
                             Path("a.md"), 1, problems,
                             lambda *args: found.append(args) or None)
    assert found == [] and len(notes) == 1
    [warning] = problems.items
    assert warning.severity == "warning" and warning.line == 5
    assert "footnote" in warning.text


def test_no_markup_reaches_the_sample_editions(sample_build):
    import zipfile

    from epubtools import documents, text_of
    from pdftools import page_texts, squeeze

    pdf, epub = sample_build
    printed = squeeze(" ".join(page_texts(pdf)))
    read = squeeze(" ".join(text_of(d) for d in documents(epub).values()))
    for text in (printed, read):
        for markup in ("|---", "[^", "~~", ":::", "![", "```", "](../"):
            assert markup not in text, markup
    # The sample's table across the columns: every row in order, cells in order.
    rows = ["16/3 Sao Mộc và Trăng gần nhau Tây 19 h Đồi Mây",
            "12/8 Mưa sao băng Anh Tiên Đông Bắc 2 h sáng Đồi Mây",
            "18/10 Trăng tròn gần Trái Đất nhất Đông 20 h Sân Trường THPT Chuyên Sơn Hà",
            "14/12 Mưa sao băng Song Tử Đông 1 h sáng Đồi Mây"]
    flat = printed.replace("\u00a0", " ")
    positions = [flat.index(row) for row in rows]
    assert positions == sorted(positions)
    with zipfile.ZipFile(epub) as archive:
        chapters = "".join(archive.read(n).decode() for n in archive.namelist()
                           if n.endswith(".xhtml"))
    for element in ("<table>", "<caption>", '<th scope="col"', '<aside class="box"',
                    'epub:type="footnote"', "<s>", '<pre class="code">', "<figure>"):
        assert element in chapters, element


def test_an_article_may_open_with_a_wide_table_and_end_with_a_wide_box(issue_dir: Path):
    from pdftools import page_texts, squeeze

    (issue_dir / "articles" / "hai.md").write_text(
        "---\ntitle: Bảng đầu bài\nauthor: Lan Anh\n---\n"
        "| Lĩnh vực | Số đề tài | Năm 2021 | Năm 2022 | Năm 2023 | Kế hoạch 2024 | Tăng/giảm |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n"
        "| Nông nghiệp công nghệ cao | 12 | 4.250 | 5.100 | 5.860 | 6.400 | +9,2% |\n\n"
        "::: box wide Hộp rộng cuối bài\nNội dung của hộp.\n:::\n", encoding="utf-8")
    result = _build(issue_dir)
    assert result.returncode == 0, result.stderr
    text = squeeze(" ".join(page_texts(issue_dir / "out.pdf")))
    order = ["Bảng đầu bài", "Nông nghiệp công nghệ cao", "Hộp rộng cuối bài",
             "Nội dung của hộp", "Lan Anh"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_a_wide_box_taller_than_a_page_is_an_error_on_its_line(issue_dir: Path):
    paragraph = "Đoạn dài trong hộp, lặp lại để vượt quá một trang của bản tin. " * 8
    (issue_dir / "articles" / "hai.md").write_text(
        "---\ntitle: Hộp rất dài\n---\nMở đầu.\n\n::: box wide Hộp dài\n"
        + "\n\n".join([paragraph] * 40) + "\n:::\n", encoding="utf-8")
    result = _build(issue_dir)
    assert result.returncode == 1
    assert "articles/hai.md: error:" in result.stderr
    assert "the wide box on line 6 is taller than a page" in result.stderr
    assert "Traceback" not in result.stderr and not (issue_dir / "out.pdf").exists()
