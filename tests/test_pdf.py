"""The print edition, checked with tools that are not ours: pypdf and poppler."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from bantin_print import model
from bantin_print.reader import read_issue
from conftest import ARTICLE_TWO, MANIFEST, jpeg_bytes, write_files
from pdftools import fonts, page_texts, placed_images, squeeze, words_with_boxes

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "sample" / "issue.yaml"
MM = 72 / 25.4


def build(manifest: Path, pdf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest),
                           "--pdf", str(pdf)], capture_output=True, text=True, timeout=300)


@pytest.fixture
def sample_pdf(sample_build) -> Path:
    return sample_build[0]


@pytest.fixture(scope="module")
def sample_issue() -> model.Issue:
    return read_issue(SAMPLE)[0]


def article_words(article: model.Article) -> list[str]:
    parts = [article.title, article.lead or ""]

    def walk(blocks):
        for block in blocks:
            if isinstance(block, (model.Paragraph, model.Heading)):
                parts.append(model.plain_text(block.content))
            elif isinstance(block, model.Quote):
                walk(block.blocks)
            elif isinstance(block, model.ListBlock):
                for item in block.items:
                    walk(item)
    walk(article.body)
    parts.append(article.author or "")
    return " ".join(parts).split()


def missing_in_order(expected: list[str], found: list[str]) -> list[str]:
    """The expected words that cannot be matched, in order, within `found`. A word the
    composer broke at the end of a line after "-", "/" or "." (a code, an address) is
    found in its two pieces."""
    position = 0
    for n, word in enumerate(expected):
        for j in range(position, len(found)):
            if found[j] == word:
                position = j + 1
                break
            if (found[j].endswith(("-", "/", ".")) and j + 1 < len(found)
                    and found[j] + found[j + 1] == word):
                position = j + 2
                break
        else:
            return expected[n:n + 12]
    return []


def test_page_size_is_the_manifests(sample_pdf: Path):
    for page in PdfReader(sample_pdf).pages:
        assert float(page.trimbox.width) == pytest.approx(190 * MM, abs=0.01)
        assert float(page.trimbox.height) == pytest.approx(270 * MM, abs=0.01)


def test_every_font_is_embedded_and_subset(sample_pdf: Path):
    rows = fonts(sample_pdf)
    assert rows, "no fonts found"
    for row in rows:
        assert row["emb"] == "yes" and row["sub"] == "yes" and row["uni"] == "yes", row
    names = {row["name"].split("+")[-1] for row in rows}
    assert not any(name.startswith(("Helvetica", "Times", "Courier")) for name in names)
    assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSans-Bold"} <= names


def test_every_word_of_every_article_is_there_in_order(sample_pdf: Path, sample_issue):
    found = " ".join(page_texts(sample_pdf)).split()
    for article in sample_issue.articles():
        assert missing_in_order(article_words(article), found) == [], article.path.name


def test_pdftotext_extracts_the_articles_as_nfc(sample_pdf: Path, sample_issue):
    """poppler's reading order guesses around photos, so here only presence is checked."""
    from collections import Counter

    text = subprocess.run(["pdftotext", str(sample_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert unicodedata.is_normalized("NFC", text)
    words = text.split()
    # A code broken at a line's end ("125/QĐ-" "UBND") counts as its whole word too.
    found = Counter(words) + Counter(a + b for a, b in zip(words, words[1:])
                                     if a.endswith(("-", "/", ".")))
    for article in sample_issue.articles():
        missing = Counter(article_words(article)) - found
        assert not missing, (article.path.name, list(missing)[:10])


def test_headlines_captions_and_credits_are_there(sample_pdf: Path, sample_issue):
    text = squeeze(" ".join(page_texts(sample_pdf)))
    for article in sample_issue.articles():
        assert squeeze(article.title) in text
        for photo in article.photos:
            assert squeeze(photo.caption) in text and squeeze(photo.credit) in text


def test_masthead_on_page_one(sample_pdf: Path, sample_issue):
    first = squeeze(page_texts(sample_pdf)[0])
    assert first.startswith("BẢN TIN KHOA HỌC VÀ CÔNG NGHỆ SƠN HÀ")
    for required in ("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH SƠN HÀ", "Số 01",
                     "Thứ Năm, ngày 18 tháng 01 năm 2024", "TRONG SỐ NÀY"):
        assert required in first


def test_imprint_on_the_last_page(sample_pdf: Path, sample_issue):
    last = squeeze(page_texts(sample_pdf)[-1])
    imprint = sample_issue.imprint
    for value in (imprint.licence, imprint.responsible, imprint.printer, imprint.frequency,
                  imprint.distribution, "Số lượng in: 500 bản"):
        assert squeeze(value) in last


def test_running_footer_with_page_numbers(sample_pdf: Path):
    for number, text in enumerate(page_texts(sample_pdf)[1:], start=2):
        assert f"Trang {number}" in text
        assert "Bản tin Khoa học và Công nghệ Sơn Hà · Số 01" in text


def test_contents_page_numbers_match_where_articles_start(sample_pdf: Path, sample_issue):
    pages = [squeeze(t) for t in page_texts(sample_pdf)]
    contents = pages[0][pages[0].index("TRONG SỐ NÀY"):]
    for article in sample_issue.articles():
        title = squeeze(article.title)
        listed = re.search(re.escape(title) + r" (\d+)", contents)
        assert listed, title
        # Page 1 also names every article in its contents; the article itself is elsewhere.
        start = next(n for n, text in enumerate(pages, 1) if text.count(title) > (n == 1))
        assert int(listed.group(1)) == start, title


def test_outline_has_sections_and_articles(sample_pdf: Path, sample_issue):
    reader = PdfReader(sample_pdf)
    outline = reader.outline
    sections = [item for item in outline if not isinstance(item, list)]
    assert [s.title for s in sections] == [s.title for s in sample_issue.sections]
    articles = [item for group in outline if isinstance(group, list) for item in group]
    assert [squeeze(a.title) for a in articles] == [squeeze(a.title) for a in sample_issue.articles()]
    pages = [squeeze(t) for t in page_texts(sample_pdf)]
    for item in articles:
        assert squeeze(item.title) in pages[reader.get_destination_page_number(item)]


def test_contents_entries_are_links(sample_pdf: Path, sample_issue):
    reader = PdfReader(sample_pdf)
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])
             if a.get_object().get("/Subtype") == "/Link"]
    articles = list(sample_issue.articles())
    assert len(links) >= 2 * len(articles)  # the title and the number of each entry


def test_metadata(sample_pdf: Path):
    reader = PdfReader(sample_pdf)
    info = reader.metadata
    assert info.title == "Bản tin Khoa học và Công nghệ Sơn Hà – Số 01"
    assert info.author == "Sở Khoa học và Công nghệ tỉnh Sơn Hà"
    assert "ngày 18 tháng 01 năm 2024" in info.subject
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_no_text_leaves_the_text_area(sample_pdf: Path):
    left = float(PdfReader(sample_pdf).pages[0].trimbox.left)  # the bleed around the trim
    width = 190 * MM
    for page, word, x0, y0, x1, y1 in words_with_boxes(sample_pdf):
        assert 15 * MM - 0.5 <= x0 - left and x1 - left <= width - 15 * MM + 0.5, (page, word)


# --- behaviour on harder input ---------------------------------------------------------


def test_markup_in_text_is_printed_literally(issue_dir: Path, tmp_path: Path):
    typed = '<img src="/etc/passwd"/> <font color=red>x</font> ]]> & <a href="javascript:x">y</a>'
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO + f"\n{typed}\n"})
    pdf = tmp_path / "x.pdf"
    result = build(issue_dir / "issue.yaml", pdf)
    assert result.returncode == 0, result.stderr
    text = squeeze(" ".join(page_texts(pdf)))
    assert squeeze(typed) in text
    assert b"/JavaScript" not in pdf.read_bytes() and b"javascript:" not in pdf.read_bytes()


def test_a_very_long_word_breaks_inside_the_column(issue_dir: Path, tmp_path: Path):
    url = "https://sonha.gov.vn/" + "tin-tuc-su-kien-" * 18 + "ket-thuc"
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO + f"\nXem thêm: {url}\n"})
    pdf = tmp_path / "x.pdf"
    assert build(issue_dir / "issue.yaml", pdf).returncode == 0
    left = float(PdfReader(pdf).pages[0].trimbox.left)
    for page, word, x0, y0, x1, y1 in words_with_boxes(pdf):
        assert x1 - left <= 190 * MM - 15 * MM + 0.5, word
    assert "ket-thuc" in " ".join(page_texts(pdf))


def test_full_width_photo_spans_all_columns(issue_dir: Path, tmp_path: Path):
    write_files(issue_dir, {
        "photos/anh.jpg": jpeg_bytes((900, 500)),
        "articles/mot.md": (issue_dir / "articles/mot.md").read_text(encoding="utf-8")
        .replace("    credit:", "    span: full\n    credit:"),
    })
    pdf = tmp_path / "x.pdf"
    assert build(issue_dir / "issue.yaml", pdf).returncode == 0
    (image,) = placed_images(pdf)
    assert image["width_mm"] == pytest.approx(160, abs=0.5)  # 190 mm less two 15 mm margins
    assert image["height_mm"] == pytest.approx(160 * 500 / 900, abs=0.5)  # not distorted


def test_column_photo_keeps_its_shape(issue_dir: Path, tmp_path: Path):
    write_files(issue_dir, {"photos/anh.jpg": jpeg_bytes((300, 450))})
    pdf = tmp_path / "x.pdf"
    assert build(issue_dir / "issue.yaml", pdf).returncode == 0
    (image,) = placed_images(pdf)
    assert image["width_mm"] == pytest.approx((160 - 2 * 4.5) / 3, abs=0.5)
    assert image["height_mm"] / image["width_mm"] == pytest.approx(1.5, abs=0.01)


def test_an_unplaceable_photo_names_the_photo(issue_dir: Path, tmp_path: Path):
    caption = "Chú thích rất dài " * 55  # near the 1,000 characters allowed
    manifest = MANIFEST + "layout:\n  page: 90x90mm\n  columns: 2\n  margins: 5mm\n"
    article = (issue_dir / "articles/mot.md").read_text(encoding="utf-8").replace(
        "caption: Quang cảnh hội nghị", f"caption: {caption}")
    write_files(issue_dir, {"issue.yaml": manifest, "articles/mot.md": article})
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"older good output")
    result = build(issue_dir / "issue.yaml", pdf)
    assert result.returncode == 1, result.stderr
    assert re.search(r"articles/mot\.md:\d+: error: cannot lay out photo 'anh\.jpg'", result.stderr)
    assert "Traceback" not in result.stderr
    assert pdf.read_bytes() == b"older good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["so-03", "x.pdf"]  # no temporary left



def test_a_large_issue_keeps_headlines_with_their_text(tmp_path: Path):
    from synthetic import write_issue

    manifest = write_issue(tmp_path / "lon", articles=40, photos=12, megapixels=0.3)
    pdf = tmp_path / "lon.pdf"
    result = build(manifest, pdf)
    assert result.returncode == 0, result.stderr
    issue = read_issue(manifest)[0]
    pages = [squeeze(t) for t in page_texts(pdf)]
    assert len(pages) > 20
    reader = PdfReader(pdf)
    # Synthetic titles repeat body text, so the outline tells where each article starts.
    starts = [reader.get_destination_page_number(item)
              for group in reader.outline if isinstance(group, list) for item in group]
    articles = list(issue.articles())
    assert len(starts) == len(articles)
    for article, start in zip(articles, starts):
        assert squeeze(article.title) in pages[start]
        # The first line of the lead (about six words) stands on the headline's page.
        opening = " ".join(article.lead.split()[:6])
        assert opening in pages[start], (article.path.name, start + 1)
        assert missing_in_order(article_words(article), " ".join(pages).split()) == []
