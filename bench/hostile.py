"""Hostile files at import: how long `bantin-print import` takes to refuse each, and its
peak memory (issue 18). The files are made here, and the tests use the same makers
(tests/test_import_bounds.py):

* a zip bomb .docx: word/document.xml inflating to 400 MB (or --megabytes) from 0.4 MB,
  its sizes declared honestly, and the same declaring 40 KB (a zip that lies);
* an XML entity bomb (billion laughs) as word/document.xml;
* a picture bomb: a PNG claiming 60,000 × 60,000 pixels in word/media/;
* a saved page showing 3,000 pictures from its folder.

    python bench/hostile.py [--megabytes 1500] [--keep DIR]

Each import runs in its own process (the time is the whole process's, start-up included;
the peak is its largest resident size, from the kernel's accounting of the child).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def jpeg(size: tuple[int, int]) -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(data, "JPEG")
    return data.getvalue()


def word_file() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Bài viết bình thường", level=1)
    document.add_paragraph("Đoạn mở đầu của bài viết, đủ dài để là nội dung.")
    document.add_picture(io.BytesIO(jpeg((640, 480))))
    document.add_paragraph("Đoạn cuối của bài viết.")
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def repacked(data: bytes, replace: dict[str, bytes | None] = {},
             stream: dict[str, int] = {}) -> bytes:
    """The .docx with parts replaced, and parts of `stream[name]` megabytes of XML text
    deflated as they are written (never held in memory whole)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in stream:
                continue
            content = replace.get(item.filename, source.read(item))
            target.writestr(item.filename, content)
        for name, megabytes in stream.items():
            with target.open(name, "w", force_zip64=False) as part:
                part.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r>'
                           b"<w:t>")
                chunk = b"a" * (1024 * 1024)
                for _ in range(megabytes):
                    part.write(chunk)
                part.write(b"</w:t></w:r></w:p></w:body></w:document>")
        for name, content in replace.items():
            if name not in source.namelist() and content is not None:
                target.writestr(name, content)
    return out.getvalue()


def lying(data: bytes, name: str, declared: int) -> bytes:
    """The zip with `name`'s uncompressed size set to `declared`, in its local header and
    in the central directory: a zip that lies about its size."""
    raw = bytearray(data)
    encoded = name.encode()
    # (signature, offset of the name's length, of the name, of the uncompressed size)
    for signature, length_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22),
                                                   (b"PK\x01\x02", 28, 46, 24)):
        at = 0
        while (at := raw.find(signature, at)) != -1:
            length = struct.unpack_from("<H", raw, at + length_at)[0]
            if raw[at + name_at:at + name_at + length] == encoded:
                struct.pack_into("<I", raw, at + size_at, declared)
            at += 4
    return bytes(raw)


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels: a valid header, a few bytes of data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8,
                                                             2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 4096)) + chunk(b"IEND", b""))


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [\n'
    b'<!ENTITY lol "lol">\n'
    + b"".join(b'<!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;")
                                             * 10) for n in range(1, 10))
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Tieu de &lol9;</w:t></w:r></w:p></w:body></w:document>")


def hostile_word_files(megabytes: int = 400) -> dict[str, tuple[bytes, str]]:
    """Each case: the file's bytes and what its refusal says."""
    base = word_file()
    media = next(n for n in zipfile.ZipFile(io.BytesIO(base)).namelist()
                 if n.startswith("word/media/"))
    bomb = repacked(base, stream={"word/document.xml": megabytes})
    return {
        "zip bomb, sizes declared": (bomb, f"its part word/document.xml would unpack to {megabytes} MB"),
        "zip bomb, sizes lying": (lying(bomb, "word/document.xml", 40_000),
                                  "its part word/document.xml does not hold what the file's "
                                  "directory says"),
        "XML entity bomb": (repacked(base, {"word/document.xml": BILLION_LAUGHS}),
                            "its part word/document.xml declares an XML DTD or entities"),
        "picture bomb": (repacked(base, {media: png_header(60_000, 60_000)}),
                         f"the picture {media} claims far more than the 120 megapixels"),
        "picture over the limit": (repacked(base, {media: png_header(12_000, 11_000)}),
                                   f"the picture {media} claims 12000 × 11000 pixels"),
    }




def many_pictures_page(folder: Path, count: int = 3000) -> Path:
    (folder / "trang_files").mkdir(parents=True)
    picture = jpeg((320, 240))
    for n in range(count):
        (folder / "trang_files" / f"anh-{n}.jpg").write_bytes(picture)
    page = folder / "trang.html"
    page.write_text("<html><body><h1>Thư viện ảnh</h1><p>Đoạn mở đầu của bài viết, đủ dài."
                    "</p>" + "".join(f'<p><img src="trang_files/anh-{n}.jpg"></p>'
                                     for n in range(count)) + "</body></html>",
                    encoding="utf-8")
    return page


def timed(command: list[str]) -> tuple[int, float, float]:
    """(exit status, wall seconds, peak resident MB) of the command as a whole process."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return os.waitstatus_to_exitcode(status), time.monotonic() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=400,
                        help="what the zip bomb's document.xml inflates to (default 400)")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    template = work / "so-01"
    subprocess.run([sys.executable, "-m", "bantin_print", "new", str(template)], check=True,
                   capture_output=True)
    cases = {name: data for name, (data, _) in hostile_word_files(args.megabytes).items()}
    cases["a plain Word file (yardstick)"] = word_file()
    sources = {}
    for n, (name, data) in enumerate(cases.items()):
        sources[name] = work / f"case-{n}.docx"
        sources[name].write_bytes(data)
    sources["saved page, 3,000 pictures"] = many_pictures_page(work / "page")
    print(f"{'case':<34} {'size':>9} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
    for n, (name, source) in enumerate(sources.items()):
        issue = work / f"issue-{n}"  # each case into an issue of its own
        shutil.copytree(template, issue)
        before = sorted(p.name for p in issue.rglob("*"))
        code, seconds, peak = timed([sys.executable, "-m", "bantin_print", "import",
                                     str(source), "--into", str(issue)])
        written = code == 0 or sorted(p.name for p in issue.rglob("*")) != before
        print(f"{name:<34} {source.stat().st_size / 1024:>7.0f} K {code:>4} {seconds:>8.2f} "
              f"{peak:>8.0f}" + ("  (written)" if written else ""))
    if args.keep is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
