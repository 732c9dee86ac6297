"""Page composition read back from the built PDF: rendered pixels (bench/fillscan.py scans
each column strip for where its ink ends and for white gaps), text positions and placed
images, never the composer's own record."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fillscan import scan
from pdftools import placed_images, words_with_boxes

MM = 72 / 25.4


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory) -> Path:
    """The five-article issue a new user tried (bench/synthetic.py MIXED): photos across the
    columns under headlines, upright photos, a table."""
    from synthetic import write_mixed_issue

    folder = tmp_path_factory.mktemp("mixed")
    manifest = write_mixed_issue(folder / "so", megapixels=0.5)
    pdf = folder / "so.pdf"
    result = subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest),
                             "--pdf", str(pdf), "--epub", str(folder / "so.epub")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return pdf


def test_page_one_of_the_sample_has_no_hole_beside_the_contents(sample_build):
    """The contents beside the cover photo reach lower than the photo: the first article's
    head stands under the photo and its text fills those columns."""
    pdf, _ = sample_build
    first = scan(pdf)[0]
    assert first.holes() == [], first.holes()
    words = words_with_boxes(pdf)
    headline = next(w for w in words if w[0] == 1 and w[1] == "Ngành")
    contents_bottom = max(w[5] for w in words if w[0] == 1 and w[2] > 130 * MM)
    assert headline[3] < contents_bottom  # beside the contents, not under them


def test_a_photo_under_a_headline_waits_for_the_next_page_rather_than_leave_page_one_empty(
        mixed_build):
    pages = scan(mixed_build)
    assert pages[0].filled > 0.9, pages[0].columns
    assert pages[0].holes() == []
    words = words_with_boxes(mixed_build)
    assert any(w[0] == 1 and w[1] == "Ngoài" for w in words)  # the first article starts there
    wide = [image for image in placed_images(mixed_build) if image["width_mm"] > 120]
    assert wide and wide[0]["page"] == 2  # its photo across the columns, on the next page


def test_a_caption_has_its_photos_width_and_left_edge(issue_dir: Path):
    """A square photo across the columns is limited by height, so narrower than the text
    and centred: its caption starts where the image does and ends within its width."""
    from pypdf import PdfReader

    from conftest import jpeg_bytes, write_files

    article = (issue_dir / "articles" / "mot.md").read_text(encoding="utf-8").replace(
        'credit: "Ảnh: Hương Dịu"', 'credit: "Ảnh: Hương Dịu"\n    span: full').replace(
        "caption: Quang cảnh hội nghị", "caption: Quang cảnh hội nghị tổng kết năm 2023 của "
        "Sở, với sự tham dự của lãnh đạo tỉnh và đại biểu các đơn vị trực thuộc")
    write_files(issue_dir, {"articles/mot.md": article,
                            "photos/anh.jpg": jpeg_bytes((900, 900))})
    pdf = issue_dir / "out.pdf"
    result = subprocess.run([sys.executable, "-m", "bantin_print", "build",
                             str(issue_dir / "issue.yaml"), "--pdf", str(pdf), "--epub",
                             str(issue_dir / "out.epub")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    drawn = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        def visit(op, args, cm, tm, number=number):
            if op == b"Do":
                drawn.append((number, cm[4], cm[0], float(page.mediabox[3]) - cm[5]))
        page.extract_text(visitor_operand_before=visit)
    # page, left edge, width, and bottom edge from the top of the page
    page, left, width, bottom = max(drawn, key=lambda d: d[2])
    under = [w for w in words_with_boxes(pdf) if w[0] == page and bottom < w[3] < bottom + 40]
    first = next(w for w in under if w[1] == "Quang")
    last = next(w for w in under if w[1] == "Dịu")
    caption = [w for w in under if first[3] - 1 < w[3] < last[3] + 1]  # its lines
    assert width < 150 * MM  # narrower than the 160 mm text area
    assert abs(min(w[2] for w in caption) - left) < 1.0, (caption, left)
    assert max(w[4] for w in caption) <= left + width + 0.5


# --- Fitting an issue to its pages ------------------------------------------------------

def _synthetic(folder: Path, articles: int, pages: str | None = None) -> Path:
    from synthetic import write_issue

    manifest = write_issue(folder, articles, photos=articles // 2, megapixels=0.3)
    if pages is not None:
        text = manifest.read_text(encoding="utf-8")
        manifest.write_text(text.replace("sections:", f"layout:\n  pages: {pages}\nsections:"),
                            encoding="utf-8")
    return manifest


def _build(manifest: Path, *extra: str) -> subprocess.CompletedProcess:
    folder = manifest.parent
    return subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest),
                           "--pdf", str(folder / "out.pdf"), "--epub", str(folder / "out.epub"),
                           *extra], capture_output=True, text=True, timeout=300)


def test_auto_ends_on_a_multiple_of_four_with_the_last_page_filled(tmp_path: Path):
    """Twelve synthetic articles set as they come take 14 pages: the issue is set looser
    (leading, spacing, paragraphs a line longer, photos across the columns) to end on 16."""
    manifest = _synthetic(tmp_path / "so", 12)
    result = _build(manifest)
    assert result.returncode == 0, result.stderr
    pages = scan(tmp_path / "so" / "out.pdf")
    assert len(pages) % 4 == 0 and len(pages) > 12
    assert not any(page.blank for page in pages)
    assert pages[-1].filled >= 0.6, pages[-1].columns
    words = words_with_boxes(tmp_path / "so" / "out.pdf")
    licence = [w for w, after in zip(words, words[1:])
               if w[0] == len(pages) and (w[1], after[1]) == ("Giấy", "phép")]
    assert licence and licence[-1][3] > 220 * MM  # the imprint at the last page's foot
    assert "pages however it is set" not in result.stderr


def test_pages_n_too_few_for_the_content_is_an_error_saying_by_how_much(tmp_path: Path):
    manifest = _synthetic(tmp_path / "so", 12, pages="8")
    result = _build(manifest)
    assert result.returncode == 1
    assert "issue.yaml: error: the issue is longer than 8 pages by about" in result.stderr
    assert "columns (≈" in result.stderr and "or choose 12 pages" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "so" / "out.pdf").exists()


def test_pages_n_is_kept_exactly(tmp_path: Path):
    manifest = _synthetic(tmp_path / "so", 12, pages="16")
    result = _build(manifest)
    assert result.returncode == 0, result.stderr
    assert len(scan(tmp_path / "so" / "out.pdf")) == 16


def test_content_too_short_for_any_multiple_of_four_is_a_warning_not_blank_pages(
        tmp_path: Path):
    manifest = _synthetic(tmp_path / "so", 12, pages="24")
    result = _build(manifest)
    assert result.returncode == 0, result.stderr
    assert "pages however it is set" in result.stderr and "to fill 24 pages" in result.stderr
    pages = scan(tmp_path / "so" / "out.pdf")
    assert len(pages) < 24 and not any(page.blank for page in pages)
    with_screen = _build(manifest, "--screen", str(tmp_path / "so" / "screen.pdf"))
    assert with_screen.stderr.count("pages however it is set") == 1  # said once, for print
    padded = _build(manifest, "--pad")
    assert padded.returncode == 0 and "pages however it is set" not in padded.stderr
    assert len(scan(tmp_path / "so" / "out.pdf")) == 24  # blank pages, as asked


def test_the_build_reports_each_pages_fill_and_names_columns_ending_early(tmp_path: Path):
    """What the build says agrees with the rendered pages: every column it names as ending
    early does so on the pixels, by as much, and the pixels show no other."""
    import re

    from synthetic import write_mixed_issue

    manifest = write_mixed_issue(tmp_path / "so", megapixels=0.5)
    result = _build(manifest)
    assert result.returncode == 0, result.stderr
    summary = re.search(r"out\.pdf: (\d+) pages, filled ([\d ]+) %", result.stderr)
    assert summary, result.stderr
    pages = scan(tmp_path / "so" / "out.pdf")
    assert int(summary.group(1)) == len(pages) == len(summary.group(2).split())
    named = {(int(page), int(column)): int(mm) for page, column, mm in re.findall(
        r"warning: page (\d+), column (\d+) ends (\d+) mm early", result.stderr)}
    seen = {(page.number, n): column.end_gap_mm for page in pages[:-1]
            for n, column in enumerate(page.columns, start=1) if column.end_gap_mm > 21}
    assert set(seen) <= set(named), (seen, named)
    for key, millimetres in named.items():
        assert abs(pages[key[0] - 1].columns[key[1] - 1].end_gap_mm - millimetres) < 3
