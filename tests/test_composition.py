"""Page composition read back from the built PDF: rendered pixels (bench/fillscan.py scans
each column strip for where its ink ends and for white gaps), text positions and placed
images, never the composer's own record."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fillscan import scan
from pdftools import drawn_images, placed_images, words_with_boxes

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


def test_the_sample_fills_a_multiple_of_four_pages_without_a_hole(sample_build):
    """Issue 14's bar, on the rendered pages: a multiple of 4, no blank page, no column
    (but on the last page) ending more than 20 mm early or holding a gap taller than
    20 mm, the last page at least 60 % filled with the imprint at its foot."""
    assert_fills_its_pages(sample_build[0])


def assert_fills_its_pages(pdf: Path) -> list:
    """Issue 14's bar on the rendered pages; returns them."""
    pages = scan(pdf)
    assert len(pages) % 4 == 0 and not any(page.blank for page in pages)
    assert [hole for page in pages[:-1] for hole in page.holes()] == []
    assert pages[-1].filled >= 0.6, pages[-1].columns
    words = words_with_boxes(pdf)
    licence = [w for w, after in zip(words, words[1:])
               if w[0] == len(pages) and (w[1], after[1]) == ("Giấy", "phép")]
    assert licence and 0 < _text_area(pdf)[1] - licence[-1][3] < 30 * MM  # at the foot
    return pages


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
    # page, left edge, width, and bottom edge from the top of the page
    page, left, top, width, height = max(drawn_images(pdf), key=lambda d: d[3])
    bottom = top + height
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
    named = {}
    for page, listed, article in re.findall(
            r"warning: page (\d+): (column .*?), under the end of (\S+); about \d+ words",
            result.stderr):
        assert (tmp_path / "so" / "articles" / article).exists()
        for column, mm in re.findall(r"column (\d+) (?:ends )?(\d+) mm", listed):
            named[(int(page), int(column))] = int(mm)
    seen = {(page.number, n): column.end_gap_mm for page in pages[:-1]
            for n, column in enumerate(page.columns, start=1) if column.end_gap_mm > 21}
    assert named, result.stderr  # this issue has a page it cannot fill (see issue 14)
    assert set(seen) <= set(named), (seen, named)
    for key, millimetres in named.items():
        assert abs(pages[key[0] - 1].columns[key[1] - 1].end_gap_mm - millimetres) < 3


# --- The editor steers: where an article starts, where a photo stands --------------------


def _mixed(folder: Path, **edits: tuple[str, str]) -> Path:
    """The five-article issue with each `bai-N=(old, new)` replacement made in article N."""
    from synthetic import write_mixed_issue

    manifest = write_mixed_issue(folder, megapixels=0.5)
    for name, (old, new) in edits.items():
        path = folder / "articles" / f"{name.replace('_', '-')}.md"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return manifest


def _text_area(pdf: Path) -> tuple[float, float]:
    """(top, bottom) of the text area, in points from the top of the page as drawn (the
    bleed included): 15 mm margins, the text stopping 2 mm above the footer's margin."""
    from pypdf import PdfReader

    page = PdfReader(pdf).pages[0]
    media_top = float(page.mediabox[3])
    return (media_top - float(page.trimbox[3]) + 15 * MM,
            media_top - float(page.trimbox[1]) - 17 * MM)


def _title_start(pdf: Path, article: Path) -> tuple[int, float]:
    """(page, top) of an article's headline: its title's words in a row among the words
    in large type (articles may open with the same words)."""
    import re

    title = re.search(r'title: "(.*)"', article.read_text(encoding="utf-8")).group(1).split()
    large = [w for w in words_with_boxes(pdf) if w[5] - w[3] > 16]
    return next((w[0], w[3]) for i, w in enumerate(large)
                if [x[1] for x in large[i:i + len(title)]] == title)


def test_an_article_may_start_on_a_new_page(tmp_path: Path):
    """'start: new-page' on the fourth article (350 words, which follows the third on its
    page when left to the layout): its headline is the first thing on a page."""
    manifest = _mixed(tmp_path / "so", bai_4=("author:", "start: new-page\nauthor:"))
    assert _build(manifest).returncode == 0
    pdf = tmp_path / "so" / "out.pdf"
    page, top = _title_start(pdf, tmp_path / "so" / "articles" / "bai-4.md")
    on_page = [w for w in words_with_boxes(pdf) if w[0] == page]
    assert top <= min(w[3] for w in on_page) + 0.5
    assert top < _text_area(pdf)[0] + 5 * MM  # at the top margin
    left_alone = _mixed(tmp_path / "auto")
    assert _build(left_alone).returncode == 0
    page, top = _title_start(tmp_path / "auto" / "out.pdf",
                             tmp_path / "auto" / "articles" / "bai-4.md")
    assert top > 60 * MM  # left to the layout it starts under the article before


def test_an_unknown_start_or_place_is_an_error_on_its_line(tmp_path: Path):
    manifest = _mixed(tmp_path / "so", bai_4=("author:", "start: next-page\nauthor:"),
                      bai_2=("span: auto", "span: auto\n    place: middle"))
    result = _build(manifest)
    assert result.returncode == 1
    assert ("bai-4.md:3: error: start: expected one of auto, new-page; found 'next-page'"
            in result.stderr), result.stderr
    assert "bai-2.md:9: error: photo 1, place: expected one of auto, here, top, bottom" \
        in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "so" / "out.pdf").exists()


def test_a_photo_across_the_columns_placed_at_the_foot_of_its_page(tmp_path: Path):
    """The first article's photo with 'place: bottom' stands at the foot of the page the
    article starts on, the article's columns above it; left to the layout it stands
    under the headline."""
    manifest = _mixed(tmp_path / "so", bai_1=("span: full", "span: full\n    place: bottom"))
    assert _build(manifest).returncode == 0
    pdf = tmp_path / "so" / "out.pdf"
    page, headline = _title_start(pdf, tmp_path / "so" / "articles" / "bai-1.md")
    wide = [d for d in drawn_images(pdf) if d[3] > 120 * MM and d[0] == page]
    assert len(wide) == 1, drawn_images(pdf)
    _, _, top, _, height = wide[0]
    assert top > headline
    words = [w for w in words_with_boxes(pdf) if w[0] == page]
    under = [w for w in words if w[3] > top + height and w[5] < _text_area(pdf)[1] + 1]
    assert under and all(w[5] < top + height + 15 * MM for w in under)  # its caption only
    assert " ".join(w[1] for w in under).startswith("Ảnh 1 của bài 1")
    assert any(w[3] < top and w[1] == "Ngoài" for w in words)  # the text above it


def test_a_photo_across_the_columns_placed_at_the_top_of_a_page(tmp_path: Path):
    """'place: top' puts the third article's photo above its headline at the top of a
    page: the article starts on a new page under its photo."""
    manifest = _mixed(tmp_path / "so", bai_3=("span: auto", "span: full\n    place: top"))
    assert _build(manifest).returncode == 0
    pdf = tmp_path / "so" / "out.pdf"
    page, headline = _title_start(pdf, tmp_path / "so" / "articles" / "bai-3.md")
    wide = [d for d in drawn_images(pdf) if d[3] > 120 * MM and d[0] == page]
    assert len(wide) == 1
    _, _, top, _, height = wide[0]
    assert abs(top - _text_area(pdf)[0]) < 1.0  # at the top margin
    assert headline > top + height


def test_photos_in_a_column_placed_at_its_top_and_at_its_foot(tmp_path: Path):
    """The fifth article's upright photo in a column at 'place: top' opens its column:
    straight under the article's head (its headline and the photo across the columns),
    no text above it; the third's (1,700 words, running over pages) at 'place: bottom'
    ends, with its caption, at the foot of the text area."""
    manifest = _mixed(tmp_path / "so", bai_3=("span: auto", "span: column\n    place: bottom"),
                      bai_5=("span: auto", "span: column\n    place: top"))
    assert _build(manifest).returncode == 0
    pdf = tmp_path / "so" / "out.pdf"
    column = [d for d in drawn_images(pdf) if 40 * MM < d[3] < 60 * MM]  # column-wide
    assert len(column) >= 2
    words = words_with_boxes(pdf)

    def caption_bottom(photo: int, number: int) -> tuple[int, float, float]:
        """(page, image top, caption bottom) of article `number`'s photo `photo`."""
        caption = ["Ảnh", str(photo), "của", "bài", f"{number}."]
        index = next(i for i in range(len(words)) if [w[1] for w in words[i:i + 5]] == caption)
        first = words[index]
        image = next(d for d in column if d[0] == first[0]
                     and 0 < first[3] - (d[2] + d[4]) < 12 and abs(d[1] - first[2]) < 1)
        bottom = max(w[5] for w in words if w[0] == first[0] and image[1] - 1 < w[2]
                     and w[4] < image[1] + image[3] + 1 and first[3] - 1 < w[3] < first[3] + 25)
        return first[0], image[2], bottom

    page, top, _ = caption_bottom(2, 5)
    image = next(d for d in column if d[0] == page and abs(d[2] - top) < 0.1)
    above = [w for w in words if w[0] == page and w[5] < top
             and image[1] - 1 < w[2] < image[1] + image[3]]
    head_caption = next(w for i, w in enumerate(words) if [x[1] for x in words[i:i + 5]]
                        == ["Ảnh", "1", "của", "bài", "5."])
    assert head_caption[0] == page and head_caption[5] < top < head_caption[5] + 12 * MM
    assert all(w[3] < head_caption[3] + 1 for w in above), above  # nothing but the head
    _, _, bottom = caption_bottom(1, 3)
    area_bottom = _text_area(pdf)[1]
    assert area_bottom - 3 * MM < bottom < area_bottom + 1, (bottom / MM, area_bottom / MM)


def test_crop_yes_lets_a_photo_too_tall_for_its_column_keep_the_column_width(
        issue_dir: Path):
    """An upright photo a little taller than half the column at the column's width: left
    whole it is drawn narrower than the column; with 'crop: yes' it takes the whole width,
    its image drawn taller than the part that shows, cut from the centre (its top and
    foot bands, 2 % each, red and green, are not seen on the rendered page), the cut
    within 8 % of its height."""
    import io

    from PIL import Image

    from conftest import write_files

    column = (160 - 2 * 4.5) / 3 * MM  # the layout's column width
    half = (270 - 30 - 2) / 2 * MM  # half the text area's height
    size = (400, round(400 * half * 1.05 / column))
    band = round(size[1] * 0.02)
    image = Image.new("RGB", size, (40, 90, 200))
    image.paste((230, 20, 20), (0, 0, size[0], band))
    image.paste((20, 200, 20), (0, size[1] - band, size[0], size[1]))
    photo = io.BytesIO()
    image.save(photo, "JPEG", quality=95)
    results = {}
    for crop in ("no", "yes"):
        article = (issue_dir / "articles" / "mot.md").read_text(encoding="utf-8").replace(
            'credit: "Ảnh: Hương Dịu"', f'credit: "Ảnh: Hương Dịu"\n    crop: {crop}')
        write_files(issue_dir, {"articles/mot.md": article, "photos/anh.jpg": photo.getvalue()})
        pdf = issue_dir / f"{crop}.pdf"
        result = _build_to(issue_dir / "issue.yaml", pdf)
        assert result.returncode == 0, result.stderr
        _, _, top, width, height = max(drawn_images(pdf), key=lambda d: d[4])
        subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", str(pdf),
                        str(issue_dir / crop)], check=True)
        page = Image.open(next(issue_dir.glob(f"{crop}-*.png"))).convert("RGB")
        colours = {page.getpixel((x, y)) for x in range(0, page.width, 2)
                   for y in range(0, page.height, 2)}
        red = any(r > 180 and g < 80 and b < 80 for r, g, b in colours)
        green = any(g > 150 and r < 80 and b < 80 for r, g, b in colours)
        results[crop] = (width, height, red, green)
        (issue_dir / "articles" / "mot.md").write_text(
            article.replace(f"\n    crop: {crop}", ""), encoding="utf-8")
    width, height, red, green = results["no"]
    assert width < column - 3 and abs(height - half) < 0.5  # narrower, whole, half the column
    assert red and green
    width, height, red, green = results["yes"]
    assert abs(width - column) < 0.5 and half < height < half / (1 - 0.08)
    assert not red and not green  # the top and foot bands are cut off


def _build_to(manifest: Path, pdf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest),
                           "--pdf", str(pdf), "--epub", str(pdf.with_suffix(".epub"))],
                          capture_output=True, text=True, timeout=120)


def test_following_the_advice_on_a_page_that_ends_early_fills_it(tmp_path: Path):
    """The five-article issue has a page the layout cannot fill (the next article's head
    does not fit under the end of the one before, which cannot stretch that far). The
    warning names the article and about how many words would fill it; an editor adding
    that many words to that article gets the page filled, on the rendered pages, and
    still 8 pages."""
    import re

    manifest = _mixed(tmp_path / "so")
    result = _build(manifest)
    assert result.returncode == 0, result.stderr
    advice = re.search(r"warning: page (\d+): .*, under the end of (\S+); about (\d+) words "
                       r"more", result.stderr)
    assert advice, result.stderr
    page, article, words = int(advice.group(1)), advice.group(2), int(advice.group(3))
    assert [hole for hole in scan(tmp_path / "so" / "out.pdf")[page - 1].holes()]
    sentence = ("Theo kế hoạch, trong năm tới các hộ sản xuất sẽ được hướng dẫn ghi chép "
                "nhật ký canh tác, dùng tem truy xuất nguồn gốc và giới thiệu sản phẩm tại "
                "các hội chợ trong và ngoài tỉnh. ").split()
    added = " ".join(sentence[n % len(sentence)] for n in range(words + 10))
    path = tmp_path / "so" / "articles" / article
    path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n\n" + added.rstrip(",") +
                    ".\n", encoding="utf-8")
    result = _build(manifest)
    assert result.returncode == 0, result.stderr
    pages = assert_fills_its_pages(tmp_path / "so" / "out.pdf")  # the whole issue, too
    assert len(pages) == 8 and f"warning: page {page}:" not in result.stderr


def test_the_40_photo_issue_fills_a_multiple_of_four_pages_without_a_hole(tmp_path: Path):
    """The benchmark's issue (40 articles, each with a photo): set tight enough to end on
    40 pages, the last page would be a quarter full; photos of the last articles go
    across the columns until it is full enough, with no column anywhere ending early."""
    from synthetic import write_issue

    manifest = write_issue(tmp_path / "so", 40, 40, megapixels=0.3)
    result = _build(manifest)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "so" / "out.pdf"
    pages = assert_fills_its_pages(pdf)
    wide = [d for d in drawn_images(pdf) if d[0] >= len(pages) - 2 and d[3] > 120 * MM]
    assert wide  # a photo across the columns near the end (none is, set as it comes)
