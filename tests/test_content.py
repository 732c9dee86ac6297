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
    assert warning.severity == "warning" and warning.line == 10 + 7 and "[^c]" in warning.message


def test_a_reference_without_its_note_is_an_error_on_its_line():
    problems = Problems()
    parse_body("Đoạn một.\n\nĐoạn hai có tham chiếu[^9] mồ côi.\n", Path("a.md"), 20, problems)
    [error] = problems.items
    assert error.severity == "error" and error.line == 22 and "[^9]" in error.message


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
    assert error.line == 40 + 6 and "4 cells" in error.message and "header 3" in error.message


def test_a_table_too_wide_for_any_page_is_an_error():
    problems = Problems()
    header = "|" + "|".join(f"C{n}" for n in range(30)) + "|\n"
    parse_body(header + "|" + "---|" * 30 + "\n", Path("a.md"), 5, problems)
    [error] = problems.items
    assert error.line == 5 and "30 columns" in error.message


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


def test_a_table_too_wide_for_the_column_names_the_article_and_line(issue_dir: Path):
    import subprocess
    import sys

    header = "| " + " | ".join(f"Cột{n}dàidài" for n in range(9)) + " |\n"
    article = issue_dir / "articles" / "hai.md"
    article.write_text("---\ntitle: Bảng rộng\n---\nMở đầu.\n\n" + header + "|"
                       + "---|" * 9 + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bantin_print", "build",
                             str(issue_dir / "issue.yaml")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stderr
    assert "articles/hai.md" in result.stderr and "the table on line 6" in result.stderr
    assert "Traceback" not in result.stderr


def test_boxes_reach_the_model_and_unknown_fences_are_named():
    problems = Problems()
    blocks = parse_body("::: box Tiêu đề hộp\nTrong hộp.\n\n- mục\n:::\n\n::: box wide Rộng\nX.\n"
                        ":::\n\n::: lạ\ny\n:::\n", Path("a.md"), 1, problems)
    box, wide, odd = blocks
    assert isinstance(box, model.Box) and box.title == "Tiêu đề hộp" and not box.wide
    assert isinstance(box.blocks[1], model.ListBlock)
    assert isinstance(wide, model.Box) and wide.wide and wide.title == "Rộng"
    [warning] = problems.items
    assert warning.severity == "warning" and warning.line == 11 and "::: box" in warning.message


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
