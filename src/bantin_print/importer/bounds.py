"""How much an imported file may make the importer unpack and read. A contributor's file,
or one passed on by someone who means harm, must not take minutes and gigabytes of an
editor's machine: a zip bomb (a small .docx whose XML inflates to gigabytes), a zip that
lies about its sizes, an XML entity bomb, a picture that claims billions of pixels, a
saved page showing thousands of pictures. Each is refused, naming the file and the part,
before it is unpacked or parsed."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg


MB = 1024 * 1024
MAX_PARTS = 5000  # a long Word article has a few dozen
MAX_XML_PART = 50 * MB  # the text of a very long article is a few megabytes of XML
MAX_PART = 50 * MB  # a picture: a 50-megapixel JPEG is about 20 MB
MAX_UNPACKED = 256 * MB  # all the parts together
MAX_RATIO = 100  # XML packs 5 to 20 times; a zip bomb a thousand times
RATIO_FROM = 1 * MB  # small parts may pack better: a part of spaces
MAX_PICTURES = 300  # pictures in one article (a long photo report has about fifty)
MAX_PICTURE_BYTES = MAX_PART
MAX_ELEMENTS = 60_000  # a portal's article page, menus and all, has a few thousand
_READ = 1 * MB


def _refuse(path: Path, message: Message) -> InputError:
    return InputError.single(path, None, msg("{problem}: the file is damaged or made to "
                                             "harm", problem=message))


def _too_big(path: Path, message: Message) -> InputError:
    return InputError.single(path, None, msg("{problem}: ask for the photos as files of "
                                             "their own and the text without them",
                                             problem=message))


def check_package(path: Path, data: bytes) -> None:
    """Refuse a zip package (.docx) whose parts would unpack beyond the limits, which
    declares an XML DTD (Word never does; entities are how an XML bomb explodes), or
    whose pictures claim more pixels than a photo may have. The declared sizes are read
    from the zip's directory first; then each part is unpacked a megabyte at a time,
    and a part holding more (or other) than its declared size stops the reading."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return  # not a zip: the Word reader says so
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _refuse(path, msg("it holds {n} parts, more than the {most} a Word file "
                                    "may have", n=len(parts), most=MAX_PARTS))
        pictures = [p for p in parts if p.filename.startswith("word/media/")]
        if len(pictures) > MAX_PICTURES:
            raise _too_big(path, msg("it holds {n} pictures, more than the {most} an article "
                                    "may have", n=len(pictures), most=MAX_PICTURES))
        for part in parts:
            _check_declared(path, part)
        total = sum(p.file_size for p in parts)
        if total > MAX_UNPACKED:
            raise _too_big(path, msg("its parts would unpack to {size} MB together, more "
                                    "than the {most} MB a Word file may hold",
                                    size=total // MB, most=MAX_UNPACKED // MB))
        for part in parts:
            _check_unpacked(path, archive, part)


def _check_declared(path: Path, part: zipfile.ZipInfo) -> None:
    name = part.filename
    xml = name.endswith((".xml", ".rels"))
    most = MAX_XML_PART if xml else MAX_PART
    if part.file_size > most:
        raise (_refuse if xml else _too_big)(path, msg(
            "its part {part} would unpack to {size} MB, more than the {most} MB allowed",
            part=name, size=part.file_size // MB, most=most // MB))
    if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
        raise _refuse(path, msg("its part {part} would unpack to {ratio} times its packed "
                                "size ({size} MB from {packed} KB): a zip bomb", part=name,
                                ratio=part.file_size // max(part.compress_size, 1),
                                size=part.file_size // MB, packed=part.compress_size // 1024))


def _check_unpacked(path: Path, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Unpack the part as far as its declared size (zipfile stops there and checks the
    checksum), looking at its start: an XML DTD, a picture's pixel count."""
    name = part.filename
    head = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_READ):
                if len(head) < _READ:
                    head += chunk[:_READ - len(head)]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError,
            RuntimeError) as e:
        raise _refuse(path, msg("its part {part} does not hold what the file's directory "
                                "says ({error})", part=name, error=str(e))) from None
    if name.endswith((".xml", ".rels")) and _declares_dtd(head):
        raise _refuse(path, msg("its part {part} declares an XML DTD or entities, which "
                                "Word files never do", part=name))
    if name.startswith("word/media/"):
        check_picture(path, name, head)


def _declares_dtd(head: bytes) -> bool:
    return any(marker.encode(encoding) in head for marker in ("<!DOCTYPE", "<!ENTITY")
               for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def check_picture(path: Path, where: str, head: bytes) -> None:
    """Refuse a picture whose header (its first bytes) claims more pixels than the image
    pipeline takes (images.MAX_PIXELS); a header Pillow cannot read is left to the photo's
    own checks."""
    import warnings

    from PIL import Image

    from bantin_print.images import MAX_PIXELS

    most = MAX_PIXELS // 1_000_000
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(head)) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # twice Pillow's own limit, above ours
        raise _refuse(path, msg("the picture {part} claims far more than the {most} "
                                "megapixels a photo may have", part=where, most=most)) from None
    except Exception:
        return
    if width * height > MAX_PIXELS:
        raise _refuse(path, msg("the picture {part} claims {width} × {height} pixels, more "
                                "than the {most} megapixels a photo may have", part=where,
                                width=width, height=height, most=most))


class PictureBudget:
    """What a saved page may make the importer read: at most MAX_PICTURES pictures looked
    at, MAX_PICTURE_BYTES each, MAX_UNPACKED in all, each within the pixel limit."""

    def __init__(self, page: Path) -> None:
        self.page = page
        self.looked = 0
        self.read = 0

    def look(self) -> None:
        self.looked += 1
        if self.looked > MAX_PICTURES:
            raise InputError.single(self.page, None, msg(
                "the page shows more than {most} pictures, more than an article may have: "
                "save the article's own page, not a gallery or a list of articles",
                most=MAX_PICTURES))

    def take(self, src: str, data: bytes) -> None:
        self.read += len(data)
        if self.read > MAX_UNPACKED:
            raise _too_big(self.page, msg("its pictures come to more than {most} MB",
                                          most=MAX_UNPACKED // MB))
        check_picture(self.page, src, data[:_READ])


def check_elements(path: Path, doc) -> None:
    """Refuse a page of more elements than an article's page has: every pass over the page
    costs time and memory for each."""
    count = sum(1 for _ in doc.iter())
    if count > MAX_ELEMENTS:
        raise InputError.single(path, None, msg(
            "the page has {n} HTML elements, more than the {most} an article's page may have: "
            "save the article's own page, not a gallery or a list of articles", n=count,
            most=MAX_ELEMENTS))
