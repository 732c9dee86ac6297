"""Hostile files at import (issue 18): a zip bomb .docx (its sizes declared honestly, and
lying), an XML entity bomb, a picture bomb inside a .docx or a saved page, a saved page with
thousands of pictures. Each is refused with a message naming the file and the part, exit
status 1, nothing written into the issue, within bounded memory. Each runs in its own
process so that its peak memory is its own (bench/hostile.py reports the times)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import hostile_word_files, many_pictures_page, png_header, repacked, word_file
from test_importers import snapshot

MAX_MEMORY_MB = 300

# The import in a child process: its exit status, its messages and its peak memory.
_CHILD = r"""
import json, resource, sys
from bantin_print import cli
code = cli.main(sys.argv[1:])
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
      file=sys.stderr)
sys.exit(code)
"""


def run_import(source: Path, issue_dir: Path) -> tuple[int, str, float]:
    run = subprocess.run([sys.executable, "-c", _CHILD, "import", str(source), "--into",
                          str(issue_dir), "--lang", "en"], capture_output=True, text=True,
                         timeout=120)  # a guard against a hang, not a speed test
    *said, last = run.stderr.strip().splitlines()
    return run.returncode, "\n".join(said), json.loads(last)["peak_mb"]


def refused(source: Path, issue_dir: Path) -> tuple[str, float]:
    """Import `source`, which must end in exit 1 with nothing of the issue changed; what
    it said, and its peak memory (MB)."""
    before = snapshot(issue_dir)
    code, err, peak = run_import(source, issue_dir)
    assert code == 1, err
    assert snapshot(issue_dir) == before
    return err, peak


HOSTILE = hostile_word_files()


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_word_file_is_refused_in_bounded_memory(case: str, issue_dir: Path,
                                                          tmp_path: Path) -> None:
    data, said = HOSTILE[case]
    source = tmp_path / "bai-gui-ve.docx"
    source.write_bytes(data)
    err, peak = refused(source, issue_dir)
    assert f"{source}: error: " in err and said in err, err
    assert "Traceback" not in err
    assert peak < MAX_MEMORY_MB, f"{case}: {peak:.0f} MB"


def test_the_same_word_file_without_the_bomb_imports(issue_dir: Path, tmp_path: Path) -> None:
    """The cases above differ from this file only by the hostile part."""
    source = tmp_path / "bai-gui-ve.docx"
    source.write_bytes(word_file())
    code, err, _ = run_import(source, issue_dir)
    assert code == 0, err
    assert len(list((issue_dir / "photos").glob("bai-viet-binh-thuong-*.jpg"))) == 1


def test_a_saved_page_with_thousands_of_pictures_is_refused(issue_dir: Path,
                                                            tmp_path: Path) -> None:
    page = many_pictures_page(tmp_path)
    err, peak = refused(page, issue_dir)
    assert f"{page}: error: the page shows more than 300 pictures" in err, err
    assert peak < MAX_MEMORY_MB


def test_a_picture_bomb_in_a_saved_page_is_refused(issue_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "trang_files").mkdir()
    (tmp_path / "trang_files" / "bom.png").write_bytes(png_header(60_000, 60_000))
    page = tmp_path / "trang.html"
    page.write_text('<html><body><h1>Một trang có ảnh</h1><p>Đoạn mở đầu của bài, đủ dài.</p>'
                    '<p><img src="trang_files/bom.png"></p><p>Đoạn cuối của bài viết.</p>'
                    "</body></html>", encoding="utf-8")
    err, peak = refused(page, issue_dir)
    assert "the picture trang_files/bom.png claims far more than the 120 megapixels" in err
    assert peak < MAX_MEMORY_MB


@pytest.mark.parametrize("damage, said", [
    (lambda data: data[:len(data) // 2], "cannot be read as a Word .docx file"),
    (lambda data: repacked(data, {"word/document.xml": b"<w:document><w:body>"}),
     "cannot be read as a Word .docx file"),
])
def test_a_damaged_word_file_is_refused_by_name(damage, said: str, issue_dir: Path,
                                               tmp_path: Path) -> None:
    source = tmp_path / "hong.docx"
    source.write_bytes(damage(word_file()))
    err, _ = refused(source, issue_dir)
    assert f"{source}: error: {said}" in err, err
    assert "Traceback" not in err


def test_a_page_of_a_hundred_thousand_elements_is_refused(issue_dir: Path,
                                                          tmp_path: Path) -> None:
    """Under the size limit (8 MB), but every pass over it would cost seconds."""
    page = tmp_path / "trang.html"
    page.write_text("<html><body><h1>Tiêu đề</h1><p>" + '<span class="date">x</span>' * 100_000
                    + "</p></body></html>", encoding="utf-8")
    err, peak = refused(page, issue_dir)
    assert f"{page}: error: the page has 100004 HTML elements, more than the 60000" in err, err
    assert peak < MAX_MEMORY_MB


def test_an_mhtml_with_thousands_of_pictures_is_refused(issue_dir: Path,
                                                        tmp_path: Path) -> None:
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from conftest import jpeg_bytes

    base = "https://cong.example/bai.html"
    archive = MIMEMultipart("related", type="text/html")
    archive.attach(MIMEText("<html><body><h1>Thư viện ảnh</h1><p>Đoạn mở đầu của bài, đủ "
                            "dài.</p>" + "".join(f'<img src="anh-{n}.jpg">' for n in range(2000))
                            + "</body></html>", "html", "utf-8"))
    archive.get_payload()[0]["Content-Location"] = base
    picture = jpeg_bytes((320, 240))
    for n in range(2000):
        part = MIMEImage(picture, "jpeg")
        part["Content-Location"] = f"https://cong.example/anh-{n}.jpg"
        archive.attach(part)
    source = tmp_path / "trang.mhtml"
    source.write_bytes(archive.as_bytes())
    err, peak = refused(source, issue_dir)
    assert f"{source}: error: the page shows more than 300 pictures" in err, err
    assert peak < MAX_MEMORY_MB
