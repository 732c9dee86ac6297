"""Image helpers shared by the readers and both writers."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import warnings
from concurrent.futures import ProcessPoolExecutor
from io import BytesIO
from dataclasses import dataclass
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, UnidentifiedImageError

from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg

pillow_heif.register_heif_opener()  # phones' HEIC photos (iPhone, many Android phones)

# Formats both editions can carry (EPUB core media types, after conversion where needed).
SUPPORTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "TIFF", "HEIF"}
# A 100-megapixel camera is the largest a bulletin will meet; beyond that is a mistake or
# a decompression bomb, refused before any pixel is decoded.
MAX_PIXELS = 120_000_000
# EXIF orientations 5 to 8 turn the picture a quarter, swapping width and height.
_QUARTER_TURNS = {5, 6, 7, 8}


@dataclass(frozen=True)
class ImageInfo:
    width: int  # as displayed, EXIF orientation applied
    height: int
    format: str


class ImageProblem(Exception):
    """The file cannot be used as a photo; `message` says why, for people."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def probe(path: Path) -> ImageInfo:
    """Read an image's header and check its data cheaply: JPEGs must end with their
    end-of-image marker, other formats are verified without decoding all the pixels.
    Damage that only decoding shows is reported, naming the file, when the photo is made."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                fmt = im.format or "?"
                width, height = im.size
                if width * height > MAX_PIXELS:
                    raise ImageProblem(msg("the photo is {width} × {height} pixels, more "
                                           "than the {most} megapixels allowed", width=width,
                                           height=height, most=MAX_PIXELS // 1_000_000))
                if fmt not in SUPPORTED_FORMATS:
                    raise ImageProblem(msg("photos in the {format} format cannot be used; "
                                           "save the photo as JPEG or PNG", format=fmt))
                orientation = im.getexif().get(0x0112, 1)
            if fmt == "JPEG":
                _check_jpeg_end(path)
            else:
                with Image.open(path) as im:  # verify() must come first after open()
                    im.verify()
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(msg("the photo file claims far more pixels than allowed (the file "
                               "is damaged, or is not a real photo)")) from None
    except UnidentifiedImageError:
        raise ImageProblem(msg("not a photo file that can be read (is it really a photo?)")
                           ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise ImageProblem(msg("the photo's data is damaged or cut short ({reason})",
                               reason=str(e))) from None
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return ImageInfo(width, height, fmt)


def _check_jpeg_end(path: Path) -> None:
    """A JPEG cut short (a copy or download that stopped) lacks its end-of-image marker:
    found in microseconds, where decoding even at 1/8 scale takes 30 ms for 12 MP."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4096))
        if b"\xff\xd9" not in handle.read():
            raise ImageProblem(msg("the photo's data is damaged or cut short (the end of the "
                                   "file is missing)"))


@dataclass(frozen=True)
class Target:
    """What a photo is made into: hashable, so that it keys the cache."""

    purpose: str  # "print" (placed size, ppi ceiling) or "screen" (longest edge)
    width_pt: float = 0.0
    height_pt: float = 0.0
    max_ppi: float = 0.0
    max_edge: int = 0
    cmyk_profile: str = ""  # path of the CMYK profile, or "" for RGB


@dataclass(frozen=True)
class Processed:
    data: bytes | None  # None: use the source file as it is (passed through)
    media_type: str  # "image/jpeg" or "image/png"
    width: int  # pixels, upright
    height: int
    ppi: float = 0.0  # print: the effective resolution at the placed size


def data_of(path: Path, processed: Processed) -> bytes:
    """The image's bytes, the source's own when it was passed through."""
    return processed.data if processed.data is not None else path.read_bytes()


def process(path: Path, target: Target) -> Processed:
    """Make a photo for `target`, decoding no more than it needs.

    JPEGs are decoded at the smallest DCT scale still above the target size (draft mode)
    and resampled once, in stored orientation; the EXIF quarter turn comes last, on the
    small image. A plain RGB or greyscale JPEG, upright and already within the target, is
    passed through without re-encoding. Photographs become JPEG; PNG and GIF graphics (few
    colours or transparency) stay PNG, except in CMYK, which has no PNG.
    """
    with Image.open(path) as opened:
        orientation = opened.getexif().get(0x0112, 1)
        shown = (opened.height, opened.width) if orientation in _QUARTER_TURNS else opened.size
        if target.purpose == "print":
            ppi = min(shown[0] / (target.width_pt / 72), shown[1] / (target.height_pt / 72))
            scale = min(1.0, target.max_ppi / ppi)
        else:
            ppi = 0.0
            scale = min(1.0, target.max_edge / max(shown))
        cmyk = bool(target.cmyk_profile)
        if (scale == 1.0 and opened.format == "JPEG" and opened.mode in ("RGB", "L")
                and orientation == 1 and not cmyk):
            return Processed(None, "image/jpeg", *shown, ppi)
        im = _eight_bit(opened)
        graphic = opened.format in ("PNG", "GIF") and _is_graphic(im) and not cmyk
        size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        if opened.format == "JPEG":
            im.draft("L" if im.mode == "L" else "RGB", size)
        im = im.resize(size, Image.LANCZOS) if im.size != size else im.copy()
    if orientation in _TRANSPOSE:
        im = im.transpose(_TRANSPOSE[orientation])
    buffer = BytesIO()
    if graphic:
        if im.mode not in ("RGBA", "RGB", "LA", "L", "P"):
            im = im.convert("RGBA")
        im.save(buffer, "PNG", optimize=True)
        media_type = "image/png"
    else:
        im = _flatten(im)
        if cmyk:
            im = ImageCms.applyTransform(im.convert("RGB"), _cmyk_transform(target.cmyk_profile))
        quality = 90 if target.purpose == "print" else 82
        im.save(buffer, "JPEG", quality=quality, optimize=True,
                progressive=target.purpose == "screen")
        media_type = "image/jpeg"
    return Processed(buffer.getvalue(), media_type, im.width, im.height, ppi * scale)


# EXIF orientation -> the turn or flip that shows the picture upright.
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


def _eight_bit(im: Image.Image) -> Image.Image:
    """16-bit and floating-point images (scans, some PNGs) scaled to 8-bit greyscale, which
    everything downstream handles."""
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        scale = 1 / 256 if im.mode.startswith("I;16") or im.getextrema()[1] > 255 else 1
        return im.convert("I").point(lambda value: value * scale).convert("L")
    if im.mode == "F":
        return im.convert("L")
    return im


def _is_graphic(im: Image.Image) -> bool:
    if im.mode in ("P", "PA", "1") or "transparency" in im.info or im.mode in ("RGBA", "LA"):
        return True
    sample = im.copy()
    sample.thumbnail((256, 256))
    return sample.getcolors(1024) is not None  # few distinct colours: a chart or a logo


def _flatten(im: Image.Image) -> Image.Image:
    """RGB (or greyscale) with any transparency composited on white."""
    if im.mode in ("RGBA", "LA", "P", "PA") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return im if im.mode in ("RGB", "L") else im.convert("RGB")


@functools.lru_cache(maxsize=4)
def _cmyk_transform(profile: str):
    """sRGB to the print shop's CMYK profile, perceptual intent, for photos."""
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.PERCEPTUAL)


class Jobs:
    """Photos made on every core for one build, shared by its writers.

    Work asked for early (the EPUB's photos, whose targets need no layout) runs in the
    worker processes while the main process lays out the PDF; each answer comes from the
    cache when it has it and goes into it when made. One photo per worker at a time keeps
    memory bounded.
    """

    def __init__(self, cache=None) -> None:
        self.cache = cache
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict = {}
        self._done: dict = {}

    def __enter__(self) -> Jobs:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def _key(self, path: Path, target: Target):
        return self.cache.key(path, target) if self.cache is not None else (str(path), target)

    def submit(self, requests: list[tuple[Path, Target]]) -> None:
        for path, target in requests:
            key = self._key(path, target)
            if key in self._done or key in self._pending:
                continue
            hit = self.cache.load(key) if self.cache is not None else None
            if hit is not None:
                self._done[key] = hit
            else:
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                                                     initializer=_worker_start)
                self._pending[key] = (path, self._pool.submit(process, path, target))

    def results(self, requests: list[tuple[Path, Target]]) -> list[Processed]:
        self.submit(requests)
        out = []
        for path, target in requests:
            key = self._key(path, target)
            if key not in self._done:
                source, future = self._pending.pop(key)
                try:
                    processed = future.result()
                except (OSError, ValueError, SyntaxError, EOFError) as e:
                    raise InputError.single(source, None, msg(
                        "cannot read the photo: {reason}", reason=str(e))) from None
                self._done[key] = processed
                if self.cache is not None:
                    self.cache.store(key, processed)
            out.append(self._done[key])
        return out


def _worker_start() -> None:
    """A worker leaves interruptions to the build (Ctrl-C reaches the whole process group)
    and ends with it, even when the build is killed outright (Linux PR_SET_PDEATHSIG)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the build died before the line above
        os._exit(1)


def process_all(requests: list[tuple[Path, Target]], cache=None) -> list[Processed]:
    """`process` for many photos, through the cache, on every core."""
    with Jobs(cache) as jobs:
        return jobs.results(requests)
