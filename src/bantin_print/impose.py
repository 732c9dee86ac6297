"""Saddle-stitch imposition: a finished PDF, two pages to a sheet side, in printer's order.

A saddle-stitched booklet is a stack of sheets folded once at the spine and stapled there.
Each sheet carries four pages of the booklet, two on its front and two on its back; for a
booklet of n pages (n a multiple of 4) the front of sheet k (from 0) shows pages n - 2k on
the left and 2k + 1 on the right, its back pages 2k + 2 and n - 2k - 1. Blank pages are
added at the end to reach a multiple of 4.

Every source page becomes a form XObject holding its content stream unchanged; the sheet
draws it inside a clipping rectangle that keeps the page's bleed on its three outer edges
and stops exactly at the spine, so that a page's bleed never covers its neighbour. Crop
marks and fold marks are written as content-stream operators in registration colour.

Only pypdf is used (it reads and writes; nothing is rasterised).
"""

from __future__ import annotations

import logging
import math
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    RectangleObject,
    TextStringObject,
    is_null_or_none,
)

from bantin_print.errors import InputError
from bantin_print.i18n import Decimal, Joined, Message, msg

MM = 72 / 25.4
MARGIN_WITH_MARKS = 10 * MM  # room around the sheet's trim for the marks (and the bleed)
MAX_BLEED = 5 * MM           # bleed kept from the source, at most, on each outer edge
MARK_LENGTH = 5 * MM
MARK_OFFSET = 3 * MM         # marks start this far from the trim (further if the bleed is wider)
MARK_WIDTH = 0.25            # pt
SIZE_TOLERANCE = 0.5         # pt: trim sizes closer than this are the same size

# What pypdf may raise on a damaged file, besides its own errors.
_READ_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
                AssertionError, RecursionError, zlib.error, OSError)


@dataclass
class Imposed:
    sheets: int   # physical sheets (each has a front and a back side = 2 output pages)
    pages: int    # pages of the source after padding (a multiple of 4)
    blanks_added: int
    # per output page (sheet side): (left, right) source page numbers, 1-based, None for an
    # added blank
    order: list[tuple[int | None, int | None]]


class _BadPage(ValueError):
    """A page that cannot be imposed, for a reason the user is told (a Message)."""

    def __init__(self, message: Message):
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class _Bleed:
    left: float = 0.0
    bottom: float = 0.0
    right: float = 0.0
    top: float = 0.0


@dataclass
class _SourcePage:
    number: int                                          # 1-based
    rotation: tuple[float, float, float, float]          # a b c d: shows the page upright
    trim: _Box                                           # upright (displayed) coordinates
    bleed: _Bleed                                        # around the trim, upright
    form: IndirectObject | None = None                   # the page as a form XObject


def printer_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers for each sheet side of a booklet of `pages` (a multiple of 4)."""
    if pages <= 0 or pages % 4:
        raise ValueError(f"a saddle-stitched booklet has a multiple of 4 pages, not {pages}")
    order: list[tuple[int, int]] = []
    for k in range(pages // 4):
        order.append((pages - 2 * k, 2 * k + 1))        # front of sheet k
        order.append((2 * k + 2, pages - 2 * k - 1))    # back of sheet k
    return order


def impose_booklet(source: Path, out: BinaryIO, marks: bool = True) -> Imposed:
    """Impose the PDF `source` as a saddle-stitched booklet, two pages to a sheet side.

    Writes the imposed PDF to `out`. Raises InputError (naming `source`) for a file that is
    missing, unreadable, encrypted, without pages, or whose pages differ in trim size.
    """
    source = Path(source)
    reader = _open(source)
    writer = PdfWriter()
    pages = _read_pages(source, reader, writer)

    count = len(pages)
    padded = math.ceil(count / 4) * 4
    trim_w, trim_h = pages[0].trim.width, pages[0].trim.height
    bleed = _sheet_bleed(pages)
    if marks:
        margin = _Bleed(MARGIN_WITH_MARKS, MARGIN_WITH_MARKS, MARGIN_WITH_MARKS, MARGIN_WITH_MARKS)
    else:
        margin = bleed
    sheet_w = margin.left + 2 * trim_w + margin.right
    sheet_h = margin.bottom + trim_h + margin.top
    trim = _Box(margin.left, margin.bottom, margin.left + 2 * trim_w, margin.bottom + trim_h)
    spine = trim.x0 + trim_w
    # What each half may show: its trim plus the bleed on the three outer edges, cut at the spine.
    left_clip = _Box(trim.x0 - bleed.left, trim.y0 - bleed.bottom, spine, trim.y1 + bleed.top)
    right_clip = _Box(spine, trim.y0 - bleed.bottom, trim.x1 + bleed.right, trim.y1 + bleed.top)

    order: list[tuple[int | None, int | None]] = []
    for left, right in printer_order(padded):
        shown = (left if left <= count else None, right if right <= count else None)
        order.append(shown)
        page = writer.add_blank_page(width=sheet_w, height=sheet_h)
        page[NameObject("/MediaBox")] = _rectangle(_Box(0, 0, sheet_w, sheet_h))
        page[NameObject("/TrimBox")] = _rectangle(trim)
        page[NameObject("/BleedBox")] = _rectangle(
            _Box(trim.x0 - bleed.left, trim.y0 - bleed.bottom,
                 trim.x1 + bleed.right, trim.y1 + bleed.top))
        xobjects = DictionaryObject()
        ops: list[str] = []
        for number, clip, x in ((shown[0], left_clip, trim.x0), (shown[1], right_clip, spine)):
            if number is None:
                continue
            placed = pages[number - 1]
            name = f"/P{number}"
            assert placed.form is not None
            xobjects[NameObject(name)] = placed.form
            ops.append(_place(placed, name, clip, x, trim.y0))
        if marks:
            ops.append(_marks(trim, spine, bleed))
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): xobjects} if xobjects else {})
        content = DecodedStreamObject()
        content.set_data("\n".join(ops).encode("ascii"))
        page[NameObject("/Contents")] = writer._add_object(content.flate_encode())

    _copy_metadata(reader, writer)
    writer.pdf_header = f"%PDF-{_version(reader)}"
    if _seekable(out):
        writer.write(out)
    else:  # a pipe: pypdf needs to know where each object starts
        buffer = BytesIO()
        writer.write(buffer)
        out.write(buffer.getvalue())
    return Imposed(sheets=padded // 4, pages=padded, blanks_added=padded - count, order=order)


# -- reading ------------------------------------------------------------------------------


def _open(source: Path) -> PdfReader:
    if not source.exists():
        raise InputError.single(source, None, msg("the PDF file does not exist"))
    if source.is_dir():
        raise InputError.single(source, None, msg("this is a folder, not a PDF file"))
    try:
        data = source.read_bytes()
    except OSError as e:
        raise InputError.single(source, None, msg("cannot read the file: {reason}",
                                                  reason=e.strerror or str(e))) from None
    if b"%PDF-" not in data[:1024]:
        raise InputError.single(source, None,
                                msg("not a PDF file (it does not start with %PDF-)"))
    try:
        with _quiet_pypdf():
            reader = PdfReader(BytesIO(data))
            encrypted = reader.is_encrypted
            count = 0 if encrypted else len(reader.pages)
    except _READ_ERRORS as e:
        raise InputError.single(source, None, msg(
            "the PDF is damaged and cannot be read ({error})", error=_reason(e))) from None
    if encrypted:
        raise InputError.single(source, None, msg(
            "the PDF is encrypted (locked with a password): impose the PDF as the layout "
            "program wrote it, without a password"))
    if count == 0:
        raise InputError.single(source, None, msg("the PDF has no pages"))
    return reader


def _read_pages(source: Path, reader: PdfReader, writer: PdfWriter) -> list[_SourcePage]:
    pages: list[_SourcePage] = []
    number = 0
    try:
        with _quiet_pypdf():
            for number, page in enumerate(reader.pages, start=1):
                pages.append(_geometry(number, page))
                first = pages[0]
                here = pages[-1]
                if (abs(here.trim.width - first.trim.width) > SIZE_TOLERANCE
                        or abs(here.trim.height - first.trim.height) > SIZE_TOLERANCE):
                    raise InputError.single(source, None, msg(
                        "page {page} is {size} but page 1 is {first}: every page of a "
                        "booklet must have the same trim size", page=number,
                        size=_size(here.trim), first=_size(first.trim)))
            for placed, page in zip(pages, reader.pages):
                number = placed.number
                placed.form = _form(page, writer)
    except InputError:
        raise
    except _BadPage as e:
        raise InputError.single(source, None, msg(
            "page {page} cannot be imposed: {reason}", page=number, reason=e.message)) from None
    except _READ_ERRORS as e:
        if number:
            said = msg("page {page} cannot be read (the PDF may be damaged): {reason}",
                       page=number, reason=_reason(e))
        else:
            said = msg("the PDF cannot be read (it may be damaged): {reason}",
                       reason=_reason(e))
        raise InputError.single(source, None, said) from None
    return pages


def _geometry(number: int, page) -> _SourcePage:
    rotate = int(page.rotation) % 360
    if rotate % 90:
        raise _BadPage(msg("it is turned by {degrees}°, not by a multiple of 90° (/Rotate)",
                           degrees=rotate))
    a, b, c, d = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0),
                  180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}[rotate]

    def upright(box: _Box) -> _Box:
        xs, ys = [], []
        for x, y in ((box.x0, box.y0), (box.x1, box.y0), (box.x0, box.y1), (box.x1, box.y1)):
            xs.append(a * x + c * y)
            ys.append(b * x + d * y)
        return _Box(min(xs), min(ys), max(xs), max(ys))

    media = _box(page.mediabox)
    # TrimBox, else CropBox, else MediaBox (pypdf's defaults, as in the PDF standard);
    # BleedBox, else CropBox, else MediaBox; both clipped to the MediaBox.
    trim = _intersect(_box(page.trimbox), media)
    bleed_box = _intersect(_box(page.bleedbox), media)
    if trim.width <= 0 or trim.height <= 0:
        raise _BadPage(msg("it has no area: its page boxes (MediaBox, TrimBox) are empty"))
    trim, bleed_box = upright(trim), upright(bleed_box)
    bleed = _Bleed(left=max(0.0, trim.x0 - bleed_box.x0), bottom=max(0.0, trim.y0 - bleed_box.y0),
                   right=max(0.0, bleed_box.x1 - trim.x1), top=max(0.0, bleed_box.y1 - trim.y1))
    return _SourcePage(number, (a, b, c, d), trim, bleed)


def _form(page, writer: PdfWriter) -> IndirectObject:
    """The page's content as a form XObject in `writer`, its resources copied along."""
    contents = page.get("/Contents")
    data = b""
    if not is_null_or_none(contents):
        contents = contents.get_object()
        streams = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(s.get_object().get_data() for s in streams)
    form = DecodedStreamObject()
    form.set_data(data)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = _rectangle(_box(page.mediabox))
    resources = page.raw_get("/Resources") if "/Resources" in page else None
    form[NameObject("/Resources")] = (_copy(resources, writer)
                                      if not is_null_or_none(resources) else DictionaryObject())
    if "/Group" in page:  # a transparency group keeps its blending space
        form[NameObject("/Group")] = _copy(page.raw_get("/Group"), writer)
    return writer._add_object(form.flate_encode())


def _copy(obj, writer: PdfWriter):
    """`obj` copied into `writer` (objects it refers to too, each once), referenced if indirect."""
    clone = obj.clone(writer)
    ref = getattr(clone, "indirect_reference", None)
    return ref if ref is not None and ref.pdf is writer else clone


def _version(reader: PdfReader) -> str:
    """The source's PDF version, at least 1.4 (form XObjects with transparency groups)."""
    try:
        major, minor = (int(part) for part in reader.pdf_header.removeprefix("%PDF-").split("."))
    except (ValueError, AttributeError):
        return "1.4"
    return f"{major}.{minor}" if (major, minor) > (1, 4) else "1.4"


def _seekable(out: BinaryIO) -> bool:
    try:
        return bool(out.seekable())
    except (AttributeError, ValueError, OSError):
        return False


def _copy_metadata(reader: PdfReader, writer: PdfWriter) -> None:
    try:
        info = reader.metadata or {}
        kept = {key: TextStringObject(str(info[key])) for key in ("/Title", "/Author", "/Subject")
                if key in info and info[key] is not None}
    except _READ_ERRORS:
        return
    if kept:
        writer.add_metadata(kept)


# -- drawing ------------------------------------------------------------------------------


def _sheet_bleed(pages: list[_SourcePage]) -> _Bleed:
    """The bleed every page can give on each outer edge of the sheet, at most MAX_BLEED.

    Even pages always stand on the left half, odd pages on the right: the sheet's left
    bleed comes from the even pages' left edges, its right bleed from the odd pages' right
    edges, top and bottom from all pages.
    """
    even = [p.bleed for p in pages if p.number % 2 == 0]
    odd = [p.bleed for p in pages if p.number % 2 == 1]
    every = even + odd

    def least(values: list[float]) -> float:
        return min(min(values, default=0.0), MAX_BLEED)

    return _Bleed(left=least([b.left for b in even] or [b.left for b in odd]),
                  bottom=least([b.bottom for b in every]),
                  right=least([b.right for b in odd]),
                  top=least([b.top for b in every]))


def _place(page: _SourcePage, name: str, clip: _Box, x: float, y: float) -> str:
    """Operators that draw form `name` with its trim's lower left corner at (x, y), clipped."""
    a, b, c, d = page.rotation
    e, f = x - page.trim.x0, y - page.trim.y0
    return (f"q {_n(clip.x0)} {_n(clip.y0)} {_n(clip.width)} {_n(clip.height)} re W n "
            f"{a} {b} {c} {d} {_n(e)} {_n(f)} cm {name} Do Q")


def _marks(trim: _Box, spine: float, bleed: _Bleed) -> str:
    """Crop marks at the four corners of the sheet's trim, fold marks at the spine."""
    left = max(MARK_OFFSET, bleed.left)
    right = max(MARK_OFFSET, bleed.right)
    bottom = max(MARK_OFFSET, bleed.bottom)
    top = max(MARK_OFFSET, bleed.top)
    L = MARK_LENGTH
    lines: list[tuple[float, float, float, float]] = []
    for x, outward_x in ((trim.x0, -1), (trim.x1, 1)):
        gap_x = left if outward_x < 0 else right
        for y, outward_y in ((trim.y0, -1), (trim.y1, 1)):
            gap_y = bottom if outward_y < 0 else top
            # horizontal mark beside the corner, along the trim's top or bottom edge
            lines.append((x + outward_x * gap_x, y, x + outward_x * (gap_x + L), y))
            # vertical mark above or below the corner, along the left or right edge
            lines.append((x, y + outward_y * gap_y, x, y + outward_y * (gap_y + L)))
    cut = " ".join(f"{_n(x0)} {_n(y0)} m {_n(x1)} {_n(y1)} l" for x0, y0, x1, y1 in lines)
    fold = (f"{_n(spine)} {_n(trim.y1 + top)} m {_n(spine)} {_n(trim.y1 + top + L)} l "
            f"{_n(spine)} {_n(trim.y0 - bottom)} m {_n(spine)} {_n(trim.y0 - bottom - L)} l")
    return (f"q 1 1 1 1 K {MARK_WIDTH} w 0 J [] 0 d {cut} S "
            f"[{_n(1 * MM)} {_n(0.75 * MM)}] 0 d {fold} S Q")


# -- helpers ------------------------------------------------------------------------------


def _box(rect) -> _Box:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return _Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _intersect(box: _Box, media: _Box) -> _Box:
    return _Box(max(box.x0, media.x0), max(box.y0, media.y0),
                min(box.x1, media.x1), min(box.y1, media.y1))


def _rectangle(box: _Box) -> RectangleObject:
    return RectangleObject([FloatObject(round(v, 4)) for v in (box.x0, box.y0, box.x1, box.y1)])


def _n(value: float) -> str:
    """A number for a content stream: at most 4 decimals, no exponent, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _size(box: _Box) -> Joined:
    return Joined((Decimal(box.width / MM), " × ", Decimal(box.height / MM), " mm"), "")


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return text or type(error).__name__


class _quiet_pypdf:
    """pypdf logs what it repairs in a damaged file; the user only needs our one message."""

    def __enter__(self) -> None:
        self._logger = logging.getLogger("pypdf")
        self._level = self._logger.level
        self._logger.setLevel(logging.ERROR)

    def __exit__(self, *exc) -> None:
        self._logger.setLevel(self._level)
