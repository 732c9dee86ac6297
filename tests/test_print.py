"""The print PDF for the print shop and the screen PDF: bleed, boxes, marks, colour, ppi."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import MANIFEST, OUTPUT_NAME, jpeg_bytes, write_files
from pdftools import page_texts, placed_images

MM = 72 / 25.4
PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian's libgs-common


def build(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bantin_print", "build", "issue.yaml",
                           "--out", "../ra", *args], cwd=folder, capture_output=True, text=True,
                          timeout=300)


def content(pdf: Path) -> list[bytes]:
    with pikepdf.open(pdf) as document:
        return [b"".join(c.read_bytes() for c in ([page.Contents] if isinstance(
            page.Contents, pikepdf.Stream) else page.Contents)) for page in document.pages]


@pytest.fixture
def cmyk_issue(issue_dir: Path) -> Path:
    shutil.copy(PROFILE, issue_dir / "in.icc")
    write_files(issue_dir, {"issue.yaml": MANIFEST + "print:\n  color: cmyk\n  icc_profile: in.icc\n"})
    return issue_dir


def test_print_pdf_has_bleed_and_boxes_on_every_page(issue_dir: Path):
    result = build(issue_dir)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(issue_dir.parent / "ra" / f"{OUTPUT_NAME}.pdf")
    for page in reader.pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert float(trim.width) == pytest.approx(190 * MM, abs=0.01)
        assert float(trim.height) == pytest.approx(270 * MM, abs=0.01)
        assert float(bleed.width) == pytest.approx(196 * MM, abs=0.01)  # 3 mm each side
        assert float(media.width) == pytest.approx(196 * MM, abs=0.01)  # no marks asked
        assert float(trim.left) - float(bleed.left) == pytest.approx(3 * MM, abs=0.01)


def test_crop_marks_on_request_outside_the_bleed(issue_dir: Path):
    assert build(issue_dir).returncode == 0
    assert b"1 1 1 1 K" not in b"".join(content(issue_dir.parent / "ra" / f"{OUTPUT_NAME}.pdf"))
    result = build(issue_dir, "--marks")
    assert result.returncode == 0, result.stderr
    pdf = issue_dir.parent / "ra" / f"{OUTPUT_NAME}.pdf"
    page = PdfReader(pdf).pages[0]
    assert float(page.mediabox.width) > float(page.bleedbox.width) + 2 * 8 * MM
    for stream in content(pdf):
        assert stream.count(b"1 1 1 1 K") >= 1  # registration colour
        assert stream.count(b" l S") >= 8  # eight mark lines per page


def test_coloured_band_runs_into_the_bleed(issue_dir: Path):
    assert build(issue_dir).returncode == 0
    pdf = issue_dir.parent / "ra" / f"{OUTPUT_NAME}.pdf"
    out = issue_dir.parent / "band"
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(pdf), str(out)],
                   check=True)
    from PIL import Image

    with Image.open(next(issue_dir.parent.glob("band*.png"))) as image:
        red, green, blue = image.convert("RGB").getpixel((1, 1))  # in the bleed, top left
    assert red > 120 and green < 80 and blue < 80


def test_cmyk_build_uses_no_rgb_and_carries_the_output_intent(cmyk_issue: Path):
    result = build(cmyk_issue)
    assert result.returncode == 0, result.stderr
    pdf = cmyk_issue.parent / "ra" / f"{OUTPUT_NAME}.pdf"
    for stream in content(pdf):
        assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)(\s|$)", stream)
    assert {image["color"] for image in placed_images(pdf)} == {"cmyk"}
    with pikepdf.open(pdf) as document:
        intent = document.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX"
        assert len(intent.DestOutputProfile.read_bytes()) == PROFILE.stat().st_size
        assert document.docinfo["/GTS_PDFXVersion"] == "PDF/X-4"
        with document.open_metadata() as meta:
            assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"


def test_cmyk_needs_a_cmyk_profile(issue_dir: Path):
    write_files(issue_dir, {"issue.yaml": MANIFEST + "print:\n  color: cmyk\n"})
    assert "icc_profile" in build(issue_dir).stderr
    shutil.copy("/usr/share/color/icc/ghostscript/default_rgb.icc", issue_dir / "rgb.icc")
    write_files(issue_dir, {"issue.yaml": MANIFEST + "print:\n  color: cmyk\n  icc_profile: rgb.icc\n"})
    result = build(issue_dir)
    assert result.returncode == 1 and "a CMYK one is needed" in result.stderr


def test_photos_are_resampled_to_at_most_450_ppi_and_low_ones_named(issue_dir: Path):
    write_files(issue_dir, {"photos/anh.jpg": jpeg_bytes((3000, 2000))})
    result = build(issue_dir)
    assert result.returncode == 0, result.stderr
    (image,) = placed_images(issue_dir.parent / "ra" / f"{OUTPUT_NAME}.pdf")
    assert 440 <= image["ppi"] <= 451
    write_files(issue_dir, {"photos/anh.jpg": jpeg_bytes((200, 150))})
    result = build(issue_dir)
    assert re.search(r"articles/mot\.md:7: warning: photo 'anh\.jpg' is printed at \d+ ppi",
                     result.stderr)
    (image,) = placed_images(issue_dir.parent / "ra" / f"{OUTPUT_NAME}.pdf")
    assert image["width_px"] == 200  # never upsampled


def test_padding_to_a_multiple_of_four_keeps_the_imprint_last(issue_dir: Path):
    result = build(issue_dir, "--pad")
    assert result.returncode == 0, result.stderr
    pages = page_texts(issue_dir.parent / "ra" / f"{OUTPUT_NAME}.pdf")
    assert len(pages) % 4 == 0
    assert "Số lượng in: 200 bản" in " ".join(pages[-1].split())


def test_screen_pdf_is_trim_size_rgb_and_light(issue_dir: Path):
    write_files(issue_dir, {"photos/anh.jpg": jpeg_bytes((3000, 2000))})
    result = build(issue_dir, "--screen")
    assert result.returncode == 0, result.stderr
    screen = issue_dir.parent / "ra" / f"{OUTPUT_NAME}-screen.pdf"
    page = PdfReader(screen).pages[0]
    assert float(page.mediabox.width) == pytest.approx(190 * MM, abs=0.01)
    assert "/TrimBox" not in page
    (image,) = placed_images(screen)
    assert image["ppi"] <= 151 and image["color"] == "rgb"
    assert PdfReader(screen).outline  # bookmarks kept


def test_a_phones_heic_photo_is_printed_and_goes_into_the_epub_as_jpeg(issue_dir: Path):
    """iPhones save HEIC: read it (pillow-heif), print it, and give the EPUB a JPEG, which
    EPUB readers show (HEIC is no EPUB media type)."""
    import io
    import zipfile

    import pillow_heif
    from PIL import Image

    from epubtools import epubcheck

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1800), (180, 90, 40)).save(buffer, "HEIF", quality=80)
    article = (issue_dir / "articles" / "mot.md").read_text(encoding="utf-8")
    write_files(issue_dir, {"photos/IMG_0001.HEIC": buffer.getvalue(),
                            "articles/mot.md": article.replace("anh.jpg", "IMG_0001.HEIC")})
    pdf, epub = issue_dir / "so.pdf", issue_dir / "so.epub"
    result = subprocess.run([sys.executable, "-m", "bantin_print", "build",
                             str(issue_dir / "issue.yaml"), "--pdf", str(pdf), "--epub",
                             str(epub)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = max(placed_images(pdf), key=lambda row: row["width_px"])
    assert image["width_px"] > 500 and image["color"] == "rgb"
    with zipfile.ZipFile(epub) as book:
        pictures = [n for n in book.namelist() if "images/bai" in n]
        assert pictures and all(n.endswith(".jpg") for n in pictures)
        assert Image.open(io.BytesIO(book.read(pictures[0]))).format == "JPEG"
    messages = epubcheck(epub)
    assert not messages.get("ERROR") and not messages.get("FATAL"), messages
