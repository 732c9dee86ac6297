"""Saddle-stitch imposition, checked with tools that are not ours: pypdf, poppler and Pillow."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from bantin_print.errors import InputError
from bantin_print.impose import Imposed, impose_booklet, printer_order

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "sample" / "issue.yaml"
MM = 72 / 25.4
BLEED = 3 * MM
MARGIN = 10 * MM
TOLERANCE = 0.01  # pt

pdfmetrics.registerFont(TTFont("ImposeNotoSans", str(REPO / "fonts" / "NotoSans-Regular.ttf")))

# Saturated colours, far apart, one per page (page n gets COLOURS[(n - 1) % len]).
COLOURS = [(220, 30, 30), (30, 150, 30), (30, 60, 220), (240, 160, 0),
           (150, 40, 170), (0, 170, 190), (120, 80, 20), (240, 90, 170)]


def colour(page: int) -> tuple[int, int, int]:
    return COLOURS[(page - 1) % len(COLOURS)]


def make_pdf(path: Path, pages: int, size_mm: tuple[float, float] = (190, 270),
             bleed: float | None = BLEED, overdraw: float = 6 * MM,
             sizes: dict[int, tuple[float, float]] | None = None) -> Path:
    """A PDF of `pages` numbered pages, each filled with its colour.

    With `bleed`, the MediaBox reaches `overdraw` beyond the trim, the TrimBox and BleedBox
    (trim + `bleed`) are set and the colour fills the whole MediaBox, beyond the bleed too.
    Without, the page is just its trim (MediaBox only). `sizes` gives other trim sizes to
    some pages.
    """
    canvas = Canvas(str(path))
    for number in range(1, pages + 1):
        w, h = ((sizes or {}).get(number) or size_mm)
        w, h = w * MM, h * MM
        extra = overdraw if bleed is not None else 0.0
        canvas.setPageSize((w + 2 * extra, h + 2 * extra))
        if bleed is not None:
            canvas.setTrimBox((extra, extra, extra + w, extra + h))
            canvas.setBleedBox((extra - bleed, extra - bleed, extra + w + bleed, extra + h + bleed))
        r, g, b = (c / 255 for c in colour(number))
        canvas.setFillColorRGB(r, g, b)
        canvas.rect(0, 0, w + 2 * extra, h + 2 * extra, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont("ImposeNotoSans", 120)
        canvas.drawCentredString(extra + w / 2, extra + h / 2 - 40, str(number))
        canvas.showPage()
    canvas.save()
    return path


def impose(source: Path, target: Path, marks: bool = True) -> Imposed:
    with open(target, "wb") as out:
        return impose_booklet(source, out, marks=marks)


def expected_order(pages: int) -> list[tuple[int | None, int | None]]:
    n = -(-pages // 4) * 4
    order = []
    for k in range(n // 4):
        order += [(n - 2 * k, 2 * k + 1), (2 * k + 2, n - 2 * k - 1)]
    return [tuple(p if p <= pages else None for p in side) for side in order]


def box(page, name: str) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in page[name])


def halves(pdf: Path) -> list[tuple[list[str], list[str]]]:
    """For each page: the words left of the spine (the TrimBox's middle) and right of it."""
    spines = []
    for page in PdfReader(pdf).pages:
        x0, _, x1, _ = box(page, "/TrimBox")
        spines.append((x0 + x1) / 2)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    result: list[tuple[list[str], list[str]]] = []
    for page_xml in out.split("<page ")[1:]:
        spine = spines[len(result)]
        left, right = [], []
        for x_min, x_max, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                page_xml):
            if float(x_max) <= spine:
                left.append(word)
            elif float(x_min) >= spine:
                right.append(word)
            else:
                raise AssertionError(f"{word!r} straddles the spine")
        result.append((left, right))
    assert len(result) == len(spines)
    return result


def operators(page, reader: PdfReader) -> list[tuple[list, bytes]]:
    return ContentStream(page.get_contents(), reader).operations


# -- order --------------------------------------------------------------------------------


def test_printer_order_formula():
    assert printer_order(4) == [(4, 1), (2, 3)]
    assert printer_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert printer_order(12) == [(12, 1), (2, 11), (10, 3), (4, 9), (8, 5), (6, 7)]
    for bad in (0, 6, -4):
        with pytest.raises(ValueError):
            printer_order(bad)


@pytest.mark.parametrize("pages", [4, 8, 12, 5, 6, 7, 1])
def test_pages_stand_in_printers_order(tmp_path: Path, pages: int):
    source = make_pdf(tmp_path / "in.pdf", pages)
    result = impose(source, tmp_path / "out.pdf")
    padded = -(-pages // 4) * 4
    assert result.pages == padded
    assert result.sheets == padded // 4
    assert result.blanks_added == padded - pages
    assert result.order == expected_order(pages)
    assert len(PdfReader(tmp_path / "out.pdf").pages) == 2 * result.sheets
    seen = []
    for (left_words, right_words), (left, right) in zip(halves(tmp_path / "out.pdf"),
                                                         result.order):
        assert left_words == ([str(left)] if left else []), (left_words, left)
        assert right_words == ([str(right)] if right else []), (right_words, right)
        seen += [p for p in (left, right) if p]
    assert sorted(seen) == list(range(1, pages + 1))  # every page once


def test_eight_pages_as_in_the_brief(tmp_path: Path):
    result = impose(make_pdf(tmp_path / "in.pdf", 8), tmp_path / "out.pdf")
    assert result.order == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert [(l, r) for l, r in halves(tmp_path / "out.pdf")] == [
        (["8"], ["1"]), (["2"], ["7"]), (["6"], ["3"]), (["4"], ["5"])]


# -- geometry -----------------------------------------------------------------------------


def approx_box(actual, expected):
    assert actual == pytest.approx(expected, abs=TOLERANCE), (actual, expected)


@pytest.mark.parametrize("marks", [True, False])
def test_sheet_size_and_boxes(tmp_path: Path, marks: bool):
    impose(make_pdf(tmp_path / "in.pdf", 6), tmp_path / "out.pdf", marks=marks)
    w, h = 190 * MM, 270 * MM
    margin = MARGIN if marks else BLEED
    for page in PdfReader(tmp_path / "out.pdf").pages:
        media = box(page, "/MediaBox")
        trim = box(page, "/TrimBox")
        bleed = box(page, "/BleedBox")
        approx_box(media, (0, 0, 2 * w + 2 * margin, h + 2 * margin))
        approx_box(trim, (margin, margin, margin + 2 * w, margin + h))
        approx_box(bleed, (trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED))
        # MediaBox ⊇ BleedBox ⊇ TrimBox
        assert media[0] <= bleed[0] <= trim[0] and trim[2] <= bleed[2] <= media[2]
        assert media[1] <= bleed[1] <= trim[1] and trim[3] <= bleed[3] <= media[3]
        assert "/Rotate" not in page or page["/Rotate"] == 0


def test_another_size_without_boxes(tmp_path: Path):
    """An A5 PDF with only a MediaBox: the trim is the MediaBox, there is no bleed."""
    source = make_pdf(tmp_path / "a5.pdf", 5, size_mm=(148, 210), bleed=None)
    assert "/TrimBox" not in PdfReader(source).pages[0]
    for marks, margin in ((True, MARGIN), (False, 0.0)):
        result = impose(source, tmp_path / "out.pdf", marks=marks)
        assert (result.sheets, result.pages, result.blanks_added) == (2, 8, 3)
        w, h = 148 * MM, 210 * MM
        for page in PdfReader(tmp_path / "out.pdf").pages:
            approx_box(box(page, "/MediaBox"), (0, 0, 2 * w + 2 * margin, h + 2 * margin))
            approx_box(box(page, "/TrimBox"), (margin, margin, margin + 2 * w, margin + h))
            approx_box(box(page, "/BleedBox"), box(page, "/TrimBox"))
        assert halves(tmp_path / "out.pdf")[0] == ([], ["1"])


def test_rotated_source_pages_are_imposed_upright(tmp_path: Path):
    """Pages stored landscape with /Rotate 90 are shown portrait: imposed as shown."""
    source = make_pdf(tmp_path / "in.pdf", 4)
    writer = PdfWriter(clone_from=source)
    for page in writer.pages:
        page.rotate(90)  # now shown landscape: 276 × 196 mm media, 270 × 190 trim
    writer.write(tmp_path / "rotated.pdf")
    impose(tmp_path / "rotated.pdf", tmp_path / "out.pdf", marks=False)
    page = PdfReader(tmp_path / "out.pdf").pages[0]
    approx_box(box(page, "/TrimBox"), (BLEED, BLEED, BLEED + 2 * 270 * MM, BLEED + 190 * MM))
    assert [(l, r) for l, r in halves(tmp_path / "out.pdf")] == [(["4"], ["1"]), (["2"], ["3"])]


# -- marks --------------------------------------------------------------------------------


def mark_lines(page, reader: PdfReader) -> list[tuple[float, float, float, float]]:
    """The line segments (m … l) drawn in registration colour."""
    lines, start, registration = [], None, False
    for operands, op in operators(page, reader):
        if op == b"K":
            registration = [float(v) for v in operands] == [1, 1, 1, 1]
        elif op == b"m":
            start = tuple(float(v) for v in operands)
        elif op == b"l" and registration:
            lines.append((*start, *(float(v) for v in operands)))
    return lines


def test_marks_only_when_asked(tmp_path: Path):
    source = make_pdf(tmp_path / "in.pdf", 8)
    impose(source, tmp_path / "marks.pdf", marks=True)
    impose(source, tmp_path / "plain.pdf", marks=False)
    with_marks = PdfReader(tmp_path / "marks.pdf")
    for page in with_marks.pages:
        assert b"1 1 1 1 K" in page.get_contents().get_data()
        lines = mark_lines(page, with_marks)
        assert len(lines) == 10  # 2 at each corner, 1 fold mark at the top and the bottom
        x0, y0, x1, y1 = box(page, "/TrimBox")
        mx0, my0, mx1, my1 = box(page, "/MediaBox")
        spine = (x0 + x1) / 2
        folds = [ln for ln in lines if ln[0] == pytest.approx(spine) == ln[2]]
        assert len(folds) == 2
        for ax, ay, bx, by in lines:
            assert (ax == bx) != (ay == by)  # horizontal or vertical
            assert abs(bx - ax) + abs(by - ay) == pytest.approx(5 * MM, abs=1e-3)
            for x, y in ((ax, ay), (bx, by)):
                assert mx0 <= x <= mx1 and my0 <= y <= my1  # on the sheet
                # at least 3 mm away from the trim: outside the bleed
                outside_x = x <= x0 - BLEED + TOLERANCE or x >= x1 + BLEED - TOLERANCE
                outside_y = y <= y0 - BLEED + TOLERANCE or y >= y1 + BLEED - TOLERANCE
                assert outside_x or outside_y
        widths = [float(o[0]) for o, op in operators(page, with_marks) if op == b"w"]
        assert widths == [0.25]
    plain = PdfReader(tmp_path / "plain.pdf")
    for page in plain.pages:
        assert b"1 1 1 1 K" not in page.get_contents().get_data()
        assert mark_lines(page, plain) == []
        assert not {op for _, op in operators(page, plain)} & {b"m", b"l", b"S"}


# -- the spine clip -----------------------------------------------------------------------


def render(pdf: Path, page: int, dpi: int, target: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)
    return Image.open(target).convert("RGB")


def near(pixel, expected, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))


@pytest.mark.parametrize("marks", [True, False])
def test_bleed_is_clipped_at_the_spine(tmp_path: Path, marks: bool):
    source = make_pdf(tmp_path / "in.pdf", 8)
    impose(source, tmp_path / "out.pdf", marks=marks)
    dpi = 50
    image = render(tmp_path / "out.pdf", 1, dpi, tmp_path / "sheet.png")
    px = dpi / 72
    margin = MARGIN if marks else BLEED
    width, height = (2 * 190 * MM + 2 * margin) * px, (270 * MM + 2 * margin) * px
    assert abs(image.size[0] - width) < 1 and abs(image.size[1] - height) < 1
    spine = (margin + 190 * MM) * px
    top = margin * px
    rows = range(int(top + 5 * MM * px), int(top + 80 * MM * px))  # above the big numbers
    just_right = int(spine) + 1 if spine != int(spine) else int(spine)
    just_left = int(spine) - 1
    for y in rows:
        assert near(image.getpixel((just_right, y)), colour(1)), (y, image.getpixel((just_right, y)))
        assert near(image.getpixel((just_left, y)), colour(8)), (y, image.getpixel((just_left, y)))
    # The outer bleed is kept (3 mm), and nothing beyond it (the source draws 6 mm).
    y = rows[len(rows) // 2]
    left_trim = margin * px
    right_trim = (margin + 2 * 190 * MM) * px
    assert near(image.getpixel((int(left_trim - 1.5 * MM * px), y)), colour(8))
    assert near(image.getpixel((int(right_trim + 1.5 * MM * px), y)), colour(1))
    if marks:
        assert near(image.getpixel((int(left_trim - 5 * MM * px), y)), (255, 255, 255), 5)
        assert near(image.getpixel((int(right_trim + 5 * MM * px), y)), (255, 255, 255), 5)
    # Top and bottom bleed: the page colour 1.5 mm above the trim
    x = int(spine + 50 * MM * px)
    assert near(image.getpixel((x, int(top - 1.5 * MM * px))), colour(1))


def test_blank_half_stays_white_beside_a_bleeding_page(tmp_path: Path):
    """Five pages: the first sheet shows a blank (page 8) left of page 1."""
    impose(make_pdf(tmp_path / "in.pdf", 5), tmp_path / "out.pdf")
    image = render(tmp_path / "out.pdf", 1, 50, tmp_path / "sheet.png")
    px = 50 / 72
    spine = (MARGIN + 190 * MM) * px
    for y in range(int((MARGIN + 10 * MM) * px), int((MARGIN + 80 * MM) * px)):
        assert near(image.getpixel((int(spine) - 1, y)), (255, 255, 255), 5)
        assert near(image.getpixel((int(spine) + 1, y)), colour(1))


# -- errors -------------------------------------------------------------------------------


def assert_input_error(source: Path, *words: str) -> None:
    out = io.BytesIO()
    with pytest.raises(InputError) as caught:
        impose_booklet(source, out)
    problem = caught.value.problems[0]
    assert problem.file == source
    assert str(source) in problem.format()
    for word in words:
        assert word in problem.text, problem.text
    assert out.getvalue() == b""  # nothing written


def test_missing_file(tmp_path: Path):
    assert_input_error(tmp_path / "missing.pdf", "does not exist")


def test_folder(tmp_path: Path):
    assert_input_error(tmp_path, "folder")


def test_text_file(tmp_path: Path):
    path = tmp_path / "notes.pdf"
    path.write_text("Không phải PDF\n", encoding="utf-8")
    assert_input_error(path, "not a PDF")


def test_damaged_pdf(tmp_path: Path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\n"
                     b"garbage\n%%EOF\n")
    assert_input_error(path)


def test_encrypted_pdf(tmp_path: Path):
    writer = PdfWriter(clone_from=make_pdf(tmp_path / "plain.pdf", 4))
    writer.encrypt("mat-khau")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert_input_error(path, "encrypted")


def test_pdf_without_pages(tmp_path: Path):
    path = tmp_path / "empty.pdf"
    PdfWriter().write(path)
    assert_input_error(path, "no pages")


def test_mixed_trim_sizes(tmp_path: Path):
    path = make_pdf(tmp_path / "mixed.pdf", 4, sizes={3: (210, 297)})
    assert_input_error(path, "page 3", "210.0 × 297.0 mm", "190.0 × 270.0 mm")


def test_same_trim_with_different_media_is_fine(tmp_path: Path):
    """Only the trim size must agree: a page with a wider bleed area is no problem."""
    a = make_pdf(tmp_path / "a.pdf", 3)
    b = make_pdf(tmp_path / "b.pdf", 1, bleed=None)
    writer = PdfWriter(clone_from=a)
    writer.append(b)
    writer.write(tmp_path / "both.pdf")
    result = impose(tmp_path / "both.pdf", tmp_path / "out.pdf")
    assert result.order == [(4, 1), (2, 3)]
    # page 4 has no bleed: the sheet has none where page 4 stands (left) or could stand
    # (top and bottom), and the 3 mm of the odd pages on the right
    page = PdfReader(tmp_path / "out.pdf").pages[0]
    trim, bleed = box(page, "/TrimBox"), box(page, "/BleedBox")
    approx_box(bleed, (trim[0], trim[1], trim[2] + BLEED, trim[3]))


# -- output -------------------------------------------------------------------------------


class Pipe(io.BytesIO):
    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        raise OSError("not seekable")


def test_identical_output_also_to_a_pipe(tmp_path: Path):
    source = make_pdf(tmp_path / "in.pdf", 6)
    first, second, pipe = io.BytesIO(), io.BytesIO(), Pipe()
    impose_booklet(source, first)
    impose_booklet(source, second)
    impose_booklet(source, pipe)
    assert first.getvalue() == second.getvalue() == pipe.getvalue()
    assert first.getvalue().startswith(b"%PDF-1.")


# -- a PDF made by bantin-print itself -----------------------------------------------------


@pytest.fixture
def sample_pdf(sample_build) -> Path:
    return sample_build[0]


def test_sample_issue_imposes(sample_pdf: Path, tmp_path: Path):
    pages = len(PdfReader(sample_pdf).pages)
    assert pages == 8  # the sample today, fitted to a multiple of 4; update with the sample
    out = tmp_path / "imposed.pdf"
    result = impose(sample_pdf, out)
    assert (result.sheets, result.pages, result.blanks_added) == (2, 8, 0)
    assert result.order == [(8, 1), (2, 7), (6, 3), (4, 5)]
    reader = PdfReader(out)
    assert len(reader.pages) == 4
    words = halves(out)
    left, right = words[0]
    # the outer sheet's front: the last page left of the masthead
    assert ("Trang", "8") in zip(left, left[1:]) and "BẢN" in right and "TIN" in right
    assert ("Trang", "8") not in zip(right, right[1:])
    # the centre spread: pages 4 and 5 side by side, each with its running footer
    left, right = words[3]
    assert ("Trang", "4") in zip(left, left[1:])
    assert ("Trang", "5") in zip(right, right[1:])
    assert ("Trang", "5") not in zip(left, left[1:])
    # the sheet's trim area is two pages of the sample's trim
    source = PdfReader(sample_pdf).pages[0]
    sx0, sy0, sx1, sy1 = box(source, "/TrimBox" if "/TrimBox" in source else "/MediaBox")
    x0, y0, x1, y1 = box(reader.pages[0], "/TrimBox")
    assert x1 - x0 == pytest.approx(2 * (sx1 - sx0), abs=TOLERANCE)
    assert y1 - y0 == pytest.approx(sy1 - sy0, abs=TOLERANCE)
    assert reader.metadata.title == PdfReader(sample_pdf).metadata.title
