"""Builds that never lose work and never trust their input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from conftest import ARTICLE_ONE, ARTICLE_TWO, MANIFEST, write_files
from epubtools import documents, text_of
from pdftools import page_texts

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "sample" / "issue.yaml"


def run(*args: str, cwd: Path | None = None, env: dict | None = None):
    return subprocess.run([sys.executable, "-m", "bantin_print", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})})


# --- outputs ---------------------------------------------------------------------------

@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_build_stopped_midway_leaves_older_outputs_intact(tmp_path: Path, stop):
    from synthetic import write_issue

    manifest = write_issue(tmp_path / "lon", articles=40, photos=10, megapixels=4)
    out = tmp_path / "ra"
    out.mkdir()
    (out / "lon.pdf").write_bytes(b"older good PDF")
    (out / "lon.epub").write_bytes(b"older good EPUB")
    # An empty cache of its own: with photos cached by an earlier run the build could finish
    # between seeing its first temporary file and the signal.
    cold = {**os.environ, "BANTIN_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "bantin_print", "build", str(manifest),
                                "--pdf", str(out / "lon.pdf"), "--epub", str(out / "lon.epub")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cold)
    deadline = time.monotonic() + 60
    while not list(out.glob(".*.part")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(out.glob(".*.part")), "the build never started writing"
    process.send_signal(stop)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0, err.decode(errors="replace")
    assert (out / "lon.pdf").read_bytes() == b"older good PDF"
    assert (out / "lon.epub").read_bytes() == b"older good EPUB"
    if stop != signal.SIGKILL:
        assert b"Interrupted; nothing written." in err and b"Traceback" not in err, err
        assert list(out.glob(".*")) == [], err
    # Whatever a kill -9 left, the next build clears it away.
    assert run("build", str(manifest), "--pdf", str(out / "lon.pdf"),
               "--epub", str(out / "lon.epub")).returncode == 0
    assert list(out.glob(".*")) == []
    assert (out / "lon.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("delivered", ["to the writing thread", "to another thread"])
def test_ctrl_c_the_instant_the_temporary_file_is_made_leaves_nothing(tmp_path: Path,
                                                                      monkeypatch, delivered):
    """The race the test above hits now and then, made certain: Ctrl-C lands just as the
    hidden file (or a new issue's staging folder) is created; to another thread when a
    photo pool's manager thread runs, as the kernel picks any thread not blocking it."""
    import tempfile
    import threading

    from bantin_print.output import atomic_folder, atomic_output

    def made_then_ctrl_c(make):
        def making(*args, **kwargs):
            made = make(*args, **kwargs)
            if delivered == "to the writing thread":
                signal.raise_signal(signal.SIGINT)
            else:
                sender = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT))
                sender.start()
                sender.join()
            time.sleep(0.01)  # the main thread runs on: Python raises the interrupt where it can
            return made
        return making

    monkeypatch.setattr(tempfile, "mkstemp", made_then_ctrl_c(tempfile.mkstemp))
    monkeypatch.setattr(tempfile, "mkdtemp", made_then_ctrl_c(tempfile.mkdtemp))
    target = tmp_path / "lon.pdf"
    target.write_bytes(b"older good PDF")
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(target) as out:
            out.write(b"half a new PDF")
    assert target.read_bytes() == b"older good PDF"
    with pytest.raises(KeyboardInterrupt):  # the folder of a new issue, likewise
        with atomic_folder(tmp_path / "so-09") as staging:
            (staging / "issue.yaml").write_text("title: …")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lon.pdf"]


def test_identical_sources_give_identical_bytes_whatever_the_clock_or_folder(tmp_path: Path):
    first = run("build", str(SAMPLE), "--pdf", str(tmp_path / "a.pdf"), "--epub",
                str(tmp_path / "a.epub"), env={"TZ": "Asia/Ho_Chi_Minh"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    second = run("build", str(os.path.relpath(SAMPLE, elsewhere)), "--pdf", "b.pdf", "--epub",
                 "b.epub", cwd=elsewhere, env={"TZ": "America/New_York"})
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert (tmp_path / "a.pdf").read_bytes() == (elsewhere / "b.pdf").read_bytes()
    assert (tmp_path / "a.epub").read_bytes() == (elsewhere / "b.epub").read_bytes()


# --- images of every kind --------------------------------------------------------------

def _image(kind: str) -> tuple[str, bytes]:
    buffer = BytesIO()
    if kind == "cmyk-jpeg":
        Image.new("CMYK", (300, 200), (0, 120, 200, 10)).save(buffer, "JPEG")
        return "jpg", buffer.getvalue()
    if kind == "16-bit-png":
        Image.new("I;16", (300, 200), 40000).save(buffer, "PNG")
    elif kind == "palette-png":
        Image.new("P", (300, 200), 5).save(buffer, "PNG")
    elif kind == "transparent-png":
        Image.new("RGBA", (300, 200), (200, 30, 30, 90)).save(buffer, "PNG")
    elif kind == "grey-alpha-png":
        Image.new("LA", (300, 200), (90, 128)).save(buffer, "PNG")
    elif kind == "one-bit-png":
        Image.new("1", (300, 200), 1).save(buffer, "PNG")
    elif kind == "animated-gif":
        frames = [Image.new("P", (300, 200), c) for c in (1, 2, 3)]
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
        return "gif", buffer.getvalue()
    elif kind == "webp":
        Image.new("RGB", (300, 200), "teal").save(buffer, "WEBP")
        return "webp", buffer.getvalue()
    elif kind == "tiff":
        Image.new("RGB", (300, 200), "olive").save(buffer, "TIFF")
        return "tif", buffer.getvalue()
    elif kind == "rotated-jpeg":
        image = Image.new("RGB", (300, 200), "navy")
        exif = image.getexif()
        exif[0x0112] = 8
        image.save(buffer, "JPEG", exif=exif)
        return "jpg", buffer.getvalue()
    return "png", buffer.getvalue()


@pytest.mark.parametrize("kind", ["cmyk-jpeg", "16-bit-png", "palette-png", "transparent-png",
                                  "grey-alpha-png", "one-bit-png", "animated-gif", "webp",
                                  "tiff", "rotated-jpeg"])
def test_every_kind_of_image_builds(issue_dir: Path, tmp_path: Path, kind: str):
    extension, data = _image(kind)
    article = ARTICLE_ONE.replace("../photos/anh.jpg", f"../photos/anh.{extension}")
    write_files(issue_dir, {f"photos/anh.{extension}": data, "articles/mot.md": article})
    pdf, epub = tmp_path / "x.pdf", tmp_path / "x.epub"
    result = run("build", str(issue_dir / "issue.yaml"), "--pdf", str(pdf), "--epub", str(epub))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(epub) as archive:
        name = next(n for n in archive.namelist() if n.startswith("EPUB/images/bai-001-1."))
        with Image.open(BytesIO(archive.read(name))) as image:
            image.load()
            expected = (200, 300) if kind == "rotated-jpeg" else (300, 200)
            assert image.size == expected
            assert image.format in ("JPEG", "PNG")
    info = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert len(info) == 1


def test_a_huge_image_is_refused_quickly(issue_dir: Path):
    header = Image.new("RGB", (1, 1))
    buffer = BytesIO()
    header.save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = (40_000).to_bytes(4, "big") + (40_000).to_bytes(4, "big")  # 1.6 gigapixels
    import zlib
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    write_files(issue_dir, {"photos/anh.jpg": bytes(data)})
    started = time.monotonic()
    result = run("check", "issue.yaml", cwd=issue_dir)
    assert result.returncode == 1 and "pixels" in result.stderr
    assert time.monotonic() - started < 10


# --- sizes -----------------------------------------------------------------------------

def test_a_five_thousand_word_paragraph_builds(issue_dir: Path, tmp_path: Path):
    words = ("cán bộ đảng viên thực hiện nghị quyết " * 715).split()[:5000]
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO + "\n" + " ".join(words) + ".\n"})
    pdf = tmp_path / "x.pdf"
    result = run("build", str(issue_dir / "issue.yaml"), "--pdf", str(pdf), "--epub",
                 str(tmp_path / "x.epub"))
    assert result.returncode == 0, result.stderr
    # Every word is printed (the other article adds three "nghị" of "Hội nghị" of its own).
    assert " ".join(page_texts(pdf)).split().count("nghị") == words.count("nghị") + 3


def test_an_article_with_only_a_title_builds(issue_dir: Path, tmp_path: Path):
    write_files(issue_dir, {"articles/hai.md": "---\ntitle: Chỉ có tiêu đề\n---\n"})
    result = run("build", str(issue_dir / "issue.yaml"), "--pdf", str(tmp_path / "x.pdf"),
                 "--epub", str(tmp_path / "x.epub"))
    assert result.returncode == 0, result.stderr
    assert "warning: the article has a title but no text" in result.stderr
    assert "Chỉ có tiêu đề" in text_of(documents(tmp_path / "x.epub")["EPUB/bai-002.xhtml"])


def test_two_hundred_articles_build(tmp_path: Path):
    from synthetic import write_issue

    manifest = write_issue(tmp_path / "lon", articles=200)
    lines = manifest.read_text(encoding="utf-8")
    # Short articles: only their first paragraph, so the test stays quick.
    for article in (tmp_path / "lon" / "articles").glob("*.md"):
        text = article.read_text(encoding="utf-8")
        head, body = text.split("---\n", 2)[1:]
        article.write_text(f"---\n{head}---\n{body.split(chr(10) + chr(10))[0]}\n", encoding="utf-8")
    assert lines.count("articles/bai-") == 200
    result = run("build", str(manifest), "--pdf", str(tmp_path / "x.pdf"), "--epub",
                 str(tmp_path / "x.epub"))
    assert result.returncode == 0, result.stderr
    first = " ".join(page_texts(tmp_path / "x.pdf")[0].split())
    assert "TRONG SỐ NÀY" in first  # the contents fell back to one line per section


def test_absurd_sizes_are_refused_with_the_allowed_range(issue_dir: Path):
    for layout, allowed in (("page: 5000x270mm", "allowed: 90 to 500 mm"),
                            ("margins: 0.1mm", "allowed: 5 to 50 mm"),
                            ("columns: -3", "allowed: 1 to 4")):
        write_files(issue_dir, {"issue.yaml": MANIFEST + f"layout:\n  {layout}\n"})
        result = run("check", "issue.yaml", cwd=issue_dir)
        assert result.returncode == 1 and allowed in result.stderr, result.stderr
