"""The EPUB edition, checked with EPUBCheck, DAISY Ace and by reading what it contains."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from bantin_print import model
from bantin_print.reader import read_issue
from conftest import ARTICLE_TWO, MANIFEST, write_files
from epubtools import XHTML, ace, documents, epubcheck, text_of
from test_pdf import article_words, missing_in_order

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "sample" / "issue.yaml"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def build_epub(manifest: Path, epub: Path, **env) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest),
                           "--epub", str(epub)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **env})


@pytest.fixture
def sample_epub(sample_build) -> Path:
    return sample_build[1]


@pytest.fixture(scope="module")
def sample_issue() -> model.Issue:
    return read_issue(SAMPLE)[0]


def package(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def article_documents(epub: Path) -> list[etree._Element]:
    docs = documents(epub)
    return [docs[name] for name in sorted(docs) if "/bai-" in name]


def test_epubcheck_passes_the_sample_without_any_message(sample_epub: Path):
    messages = epubcheck(sample_epub)
    assert {k: v for k, v in messages.items() if k != "INFO"} == {}


def test_ace_finds_no_violation_in_the_sample(sample_epub: Path, tmp_path: Path):
    assert ace(sample_epub, tmp_path / "ace") == []


def test_every_word_of_every_article_in_order(sample_epub: Path, sample_issue):
    docs = article_documents(sample_epub)
    articles = list(sample_issue.articles())
    assert len(docs) == len(articles)
    for document, article in zip(docs, articles):
        body = document.find(f"{XHTML}body")
        words = text_of(body).split()
        assert missing_in_order(article_words(article), words) == [], article.path.name


def test_figures_have_alt_text_and_captions(sample_epub: Path, sample_issue):
    docs = article_documents(sample_epub)
    photos = [p for a in sample_issue.articles() for p in a.all_photos()]
    figures = [f for d in docs for f in d.iter(f"{XHTML}figure")]
    assert len(figures) == len(photos)
    for figure in figures:
        image = figure.find(f"{XHTML}img")
        caption = text_of(figure.find(f"{XHTML}figcaption"))
        photo = next(p for p in photos if " ".join(p.caption.split()) in caption)
        assert image.get("alt") == photo.description  # alt text, else the caption
        assert " ".join(photo.caption.split()) in caption  # text_of folds no-break spaces
        assert " ".join(photo.credit.split()) in caption


def test_photos_are_sized_for_screens(sample_epub: Path):
    with zipfile.ZipFile(sample_epub) as archive:
        names = [n for n in archive.namelist() if n.startswith("EPUB/images/")]
        assert names
        for name in names:
            with Image.open(BytesIO(archive.read(name))) as image:
                assert max(image.size) <= 1600 or name.endswith("cover.jpg")
                assert image.format == "JPEG"  # the sample's photos are photographs


def test_fonts_are_embedded_subset_and_referenced(sample_epub: Path):
    with zipfile.ZipFile(sample_epub) as archive:
        fonts = {n: archive.getinfo(n).file_size for n in archive.namelist() if n.endswith(".ttf")}
        css = archive.read("EPUB/style/bantin.css").decode("utf-8")
    assert len(fonts) == 8  # body and heading faces, and the code face for its code block
    full = (REPO / "fonts" / "NotoSerif-Regular.ttf").stat().st_size
    for name, size in fonts.items():
        assert size < full / 5, name
        assert f'url("../fonts/{Path(name).name}")' in css
    assert "@font-face" in css and not re.search(r"display:\s*(flex|grid)", css)
    for unit in ("px;", "pt;"):
        assert unit not in css  # relative units only, for readers who resize text


def test_subset_fonts_carry_every_character_of_the_text(sample_epub: Path):
    from fontTools.ttLib import TTFont

    with zipfile.ZipFile(sample_epub) as archive:
        font = TTFont(BytesIO(archive.read("EPUB/fonts/body-regular.ttf")))
        code_font = TTFont(BytesIO(archive.read("EPUB/fonts/code-regular.ttf")))
    docs = list(documents(sample_epub).values())
    code = "".join(text_of(pre) for d in docs for pre in d.iter(f"{XHTML}pre"))
    for d in docs:  # the rest of the text is set in the body face
        for pre in list(d.iter(f"{XHTML}pre")):
            pre.getparent().remove(pre)
    text = "".join(text_of(d) for d in docs)
    assert code and "<" in code
    for characters, face in ((text, font), (code, code_font)):
        covered = set(face.getBestCmap())
        missing = {c for c in characters if not c.isspace() and ord(c) not in covered}
        assert missing == set()


def test_metadata(sample_epub: Path, sample_issue):
    opf = package(sample_epub)
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    metadata = opf.find(f"{OPF}metadata")
    assert metadata.find(f"{DC}title").text == "Bản tin Khoa học và Công nghệ Sơn Hà – Số 01"
    assert metadata.find(f"{DC}language").text == "vi"
    assert metadata.find(f"{DC}publisher").text == sample_issue.publication.publisher
    assert metadata.find(f"{DC}identifier").text.startswith("urn:uuid:")
    properties = {m.get("property"): m.text for m in metadata.iter(f"{OPF}meta")}
    assert properties["dcterms:modified"] == "2024-01-18T00:00:00Z"
    assert properties["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
    assert properties["schema:accessibilityHazard"] == "none"
    assert properties["schema:accessibilitySummary"]


def test_navigation_is_nested_by_section(sample_epub: Path, sample_issue):
    nav = documents(sample_epub)["EPUB/nav.xhtml"]
    toc = next(n for n in nav.iter(f"{XHTML}nav")
               if n.get("{http://www.idpf.org/2007/ops}type") == "toc")
    top = toc.find(f"{XHTML}ol").findall(f"{XHTML}li")
    sections = [s for s in sample_issue.sections]
    for item, section in zip(top, sections):
        assert text_of(item).startswith(" ".join(section.title.split()))
        nested = [text_of(a) for a in item.iter(f"{XHTML}a")][1:]
        assert nested == [" ".join(a.title.split()) for a in section.articles]
    with zipfile.ZipFile(sample_epub) as archive:
        assert "EPUB/toc.ncx" in archive.namelist()


def test_cover_title_page_and_imprint(sample_epub: Path, sample_issue):
    docs = documents(sample_epub)
    masthead = text_of(docs["EPUB/masthead.xhtml"])
    for required in ("BẢN TIN", "KHOA HỌC VÀ CÔNG NGHỆ SƠN HÀ", "Số 01",
                     "Thứ Năm, ngày 18 tháng 01 năm 2024", "Chào Xuân Giáp Thìn"):
        assert required in masthead
    imprint = text_of(docs["EPUB/imprint.xhtml"])
    for value in ("Số lượng in: 500 bản", sample_issue.imprint.licence,
                  sample_issue.imprint.printer, sample_issue.imprint.responsible,
                  "Kỳ hạn xuất bản: Hằng tháng", "Lưu hành nội bộ"):
        assert " ".join(value.split()) in imprint  # text_of folds no-break spaces
    cover = docs["EPUB/cover.xhtml"].find(f".//{XHTML}img")
    assert "Số 01" in cover.get("alt")
    opf = package(sample_epub)
    spine = [i.get("idref") for i in opf.find(f"{OPF}spine")]
    assert spine[0] == "cover-page" and spine[-1] == "imprint"
    assert all(i.get("linear") != "no" for i in opf.find(f"{OPF}spine"))


def test_two_builds_give_the_same_bytes(tmp_path: Path):
    first, second = tmp_path / "a.epub", tmp_path / "b.epub"
    assert build_epub(SAMPLE, first).returncode == 0
    assert build_epub(SAMPLE, second).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_source_date_epoch_sets_the_modified_date(tmp_path: Path):
    epub = tmp_path / "a.epub"
    assert build_epub(SAMPLE, epub, SOURCE_DATE_EPOCH="1717200000").returncode == 0
    properties = {m.get("property"): m.text for m in package(epub).iter(f"{OPF}meta")}
    assert properties["dcterms:modified"] == "2024-06-01T00:00:00Z"


def test_the_identifier_is_stable_and_distinct(tmp_path: Path, issue_dir: Path):
    def identifier(epub: Path) -> str:
        return package(epub).find(f"{OPF}metadata").find(f"{DC}identifier").text

    assert build_epub(issue_dir / "issue.yaml", tmp_path / "a.epub").returncode == 0
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO + "\nThêm một đoạn.\n"})
    assert build_epub(issue_dir / "issue.yaml", tmp_path / "b.epub").returncode == 0
    assert identifier(tmp_path / "a.epub") == identifier(tmp_path / "b.epub")
    write_files(issue_dir, {"issue.yaml": MANIFEST.replace("number: 3", "number: 4")})
    assert build_epub(issue_dir / "issue.yaml", tmp_path / "c.epub").returncode == 0
    assert identifier(tmp_path / "c.epub") != identifier(tmp_path / "a.epub")


def test_markup_in_articles_stays_text(issue_dir: Path, tmp_path: Path):
    typed = '<script>alert(1)</script> <img src="/etc/passwd"/> ]]> & <a href="javascript:x">y</a>'
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO + f"\n{typed}\n"
                            "\n[cổng](javascript:alert(1)) và [trang](https://sonha.gov.vn)\n"})
    epub = tmp_path / "x.epub"
    assert build_epub(issue_dir / "issue.yaml", epub).returncode == 0
    docs = documents(epub)
    article = docs["EPUB/bai-002.xhtml"]
    assert typed in text_of(article)
    assert list(article.iter(f"{XHTML}script")) == []
    hrefs = [a.get("href") for a in article.iter(f"{XHTML}a")]
    assert hrefs == ["https://sonha.gov.vn"]
    assert epubcheck(epub).get("ERROR") is None


def test_rotated_photo_is_upright_and_graphics_stay_png(issue_dir: Path, tmp_path: Path):
    image = Image.new("RGB", (2400, 600), "red")
    exif = image.getexif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: 600 wide, 2400 tall
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    logo = BytesIO()
    Image.new("P", (300, 200), 3).save(logo, "PNG")
    article = (issue_dir / "articles/mot.md").read_text(encoding="utf-8").replace(
        '    credit: "Ảnh: Hương Dịu"\n',
        '    credit: "Ảnh: Hương Dịu"\n  - file: ../photos/logo.png\n    caption: Biểu trưng\n')
    write_files(issue_dir, {"photos/anh.jpg": buffer.getvalue(), "photos/logo.png": logo.getvalue(),
                            "articles/mot.md": article})
    epub = tmp_path / "x.epub"
    result = build_epub(issue_dir / "issue.yaml", epub)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(epub) as archive:
        with Image.open(BytesIO(archive.read("EPUB/images/bai-001-1.jpg"))) as photo:
            assert photo.size == (400, 1600)
            assert photo.getexif().get(0x0112) is None
        assert "EPUB/images/bai-001-2.png" in archive.namelist()
    figure = documents(epub)["EPUB/bai-001.xhtml"].findall(f".//{XHTML}img")[1]
    assert figure.get("alt") == "Biểu trưng"  # the caption stands in for missing alt text


def test_epubcheck_passes_a_large_synthetic_issue(tmp_path: Path):
    from synthetic import write_issue

    manifest = write_issue(tmp_path / "lon", articles=40, photos=12, megapixels=0.5)
    epub = tmp_path / "lon.epub"
    result = build_epub(manifest, epub)
    assert result.returncode == 0, result.stderr
    messages = epubcheck(epub)
    assert {k: v for k, v in messages.items() if k != "INFO"} == {}
    assert len(article_documents(epub)) == 40
