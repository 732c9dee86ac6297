"""Image helpers shared by the readers and both writers."""

from __future__ import annotations

import warnings
from io import BytesIO
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Formats both editions can carry (EPUB core media types, after conversion where needed).
SUPPORTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "TIFF"}
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
    """The file cannot be used as a photo; the message says why, for people."""


def probe(path: Path) -> ImageInfo:
    """Read an image's header and check that its data decodes, cheaply.

    JPEGs are decoded in draft mode (1/8 scale) which finds truncated files in
    milliseconds; other formats are verified without decoding all the pixels.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                fmt = im.format or "?"
                width, height = im.size
                if width * height > MAX_PIXELS:
                    raise ImageProblem(f"{width}×{height} pixels is more than the "
                                       f"{MAX_PIXELS // 1_000_000} megapixels allowed")
                if fmt not in SUPPORTED_FORMATS:
                    raise ImageProblem(f"{fmt} images are not supported; use JPEG or PNG")
                orientation = im.getexif().get(0x0112, 1)
                if fmt == "JPEG":
                    im.draft(im.mode, (max(1, width // 8), max(1, height // 8)))
                    im.load()
            if fmt != "JPEG":
                with Image.open(path) as im:  # verify() must come first after open()
                    im.verify()
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem("the image declares more pixels than allowed "
                           "(a damaged file or a decompression bomb)") from None
    except UnidentifiedImageError:
        raise ImageProblem("not an image file Pillow can read (is it really a photo?)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise ImageProblem(f"the image data is damaged or cut short ({e})") from None
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return ImageInfo(width, height, fmt)


@dataclass(frozen=True)
class ScreenImage:
    data: bytes
    extension: str  # "jpg" or "png"
    media_type: str
    width: int
    height: int


def for_screen(path: Path, max_edge: int = 1600) -> ScreenImage:
    """A photo for reading on screens: upright, at most `max_edge` pixels on its longest
    side, without camera metadata. Photographs become JPEG; PNG and GIF graphics (few
    colours or transparency) stay PNG so that lines and text in them stay sharp.

    JPEGs are decoded at the smallest DCT scale still above the target (draft mode) and
    resampled once, in stored orientation; the quarter turn comes last, on the small image.
    """
    with Image.open(path) as opened:
        orientation = opened.getexif().get(0x0112, 1)
        im = _eight_bit(opened)
        graphic = opened.format in ("PNG", "GIF") and _is_graphic(im)
        scale = min(1.0, max_edge / max(im.size))
        target = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        if opened.format == "JPEG":
            im.draft("L" if im.mode == "L" else "RGB", target)
        if im.size != target:
            im = im.resize(target, Image.LANCZOS)
        else:
            im.load()
        if orientation in _TRANSPOSE:
            im = im.transpose(_TRANSPOSE[orientation])
        buffer = BytesIO()
        if graphic:
            if im.mode not in ("RGBA", "RGB", "LA", "L", "P"):
                im = im.convert("RGBA")
            im.save(buffer, "PNG", optimize=True)
            kind = ("png", "image/png")
        else:
            im = _flatten(im)
            im.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
            kind = ("jpg", "image/jpeg")
        return ScreenImage(buffer.getvalue(), *kind, *im.size)


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


def for_print(path: Path, width_pt: float, height_pt: float, max_ppi: float,
              cmyk_transform=None) -> tuple[str | BytesIO | Image.Image, float]:
    """What the PDF embeds for a photo placed `width_pt` × `height_pt` points, and its
    effective resolution there (ppi).

    Above `max_ppi` the photo is resampled down to it (never up). A plain RGB or greyscale
    JPEG, upright and not too sharp, is passed through untouched (its path); anything else
    becomes a JPEG (photographs) or a decoded image (graphics, which ReportLab compresses
    losslessly), converted to CMYK when `cmyk_transform` (a Pillow ImageCms transform from
    sRGB) is given.
    """
    with Image.open(path) as opened:
        orientation = opened.getexif().get(0x0112, 1)
        turned = orientation in _QUARTER_TURNS
        shown = (opened.height, opened.width) if turned else opened.size
        ppi = min(shown[0] / (width_pt / 72), shown[1] / (height_pt / 72))
        if (ppi <= max_ppi and opened.format == "JPEG" and opened.mode in ("RGB", "L")
                and orientation == 1 and cmyk_transform is None):
            return str(path), ppi
        scale = min(1.0, max_ppi / ppi)
        im = _eight_bit(opened)
        graphic = opened.format in ("PNG", "GIF") and _is_graphic(im)
        target = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        if opened.format == "JPEG":
            im.draft("L" if im.mode == "L" else "RGB", target)
        im = im.resize(target, Image.LANCZOS) if im.size != target else im.copy()
        if orientation in _TRANSPOSE:
            im = im.transpose(_TRANSPOSE[orientation])
        im = _flatten(im)
        if cmyk_transform is not None:
            im = ImageCms.applyTransform(im.convert("RGB"), cmyk_transform)
        if graphic and cmyk_transform is None:
            return im, ppi * scale
        buffer = BytesIO()
        im.save(buffer, "JPEG", quality=90, optimize=True)
        buffer.seek(0)
        return buffer, ppi * scale


def cmyk_transform(profile: Path):
    """sRGB to the print shop's CMYK profile, perceptual intent, for photos."""
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), str(profile), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.PERCEPTUAL)
