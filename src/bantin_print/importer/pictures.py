"""The pictures a saved web page shows: taken from what was saved with it (its folder, or
the parts of its .mhtml file), never fetched from the network, never from elsewhere on the
computer."""

from __future__ import annotations

import base64
import binascii
import io
import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bantin_print.i18n import Message, msg
from bantin_print.importer.bounds import MAX_PICTURE_BYTES, PictureBudget


SMALLEST_PICTURE = 48  # pixels on the shorter side: below, an icon, a bullet or a button


def sniff(data: bytes) -> str | None:
    """The file extension of a JPEG, PNG, GIF or WebP picture, from its first bytes."""
    if data[:3] == b"\xff\xd8\xff":
        return ".jpg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return ".png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return ".gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return None


class Found:
    """A picture found: its bytes and extension, or why it was not taken."""

    def __init__(self, data: bytes | None = None, extension: str | None = None,
                 problem: Message | None = None, small: bool = False) -> None:
        self.data, self.extension, self.problem, self.small = data, extension, problem, small


def _checked(src: str, data: bytes, budget: PictureBudget) -> Found:
    from PIL import Image, UnidentifiedImageError

    budget.take(src, data)
    extension = sniff(data)
    size = None
    if extension is not None:
        try:
            with Image.open(io.BytesIO(data)) as image:  # the header only
                size = image.size
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            size = None
    if size is None:
        return Found(problem=msg("the picture '{src}' is not a JPEG, PNG, GIF or WebP picture "
                                 "that can be read: it was not copied", src=_shown(src)))
    if min(size) < SMALLEST_PICTURE:
        return Found(small=True)
    return Found(data, extension)


def _shown(src: str) -> str:
    return src if len(src) <= 80 else src[:60] + "…" + src[-19:]


def _data_uri(src: str) -> tuple[str, bytes] | None:
    """A picture written into the page itself (data:image/…;base64,…): how messages name
    it, and its bytes."""
    match = re.match(r"data:([^,;]*)((?:;[^,;]*)*),", src, re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    payload = src[match.end():]
    try:
        if ";base64" in match.group(2).lower():
            data = base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
        else:
            data = unquote(payload).encode("latin-1")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        data = b""
    return "data:" + match.group(1), data


def _not_saved(src: str) -> Found:
    return Found(problem=msg(
        "the picture '{src}' is on the web, not in the saved page: it was not downloaded. Save "
        "the photo, copy it into photos/ and list it under photos:", src=_shown(src)))


def _outside(src: str, folder: Path) -> Found:
    return Found(problem=msg(
        "the picture '{src}' lies outside the saved page's folder ({folder}): it was not "
        "copied. Copy the photo into photos/ and list it under photos:", src=_shown(src),
        folder=folder))


class _Saved:
    """What a saved page may show, within its budget (bounds.PictureBudget): a picture
    written into the page itself (data:), else what `_saved` finds where the page was
    saved."""

    def __init__(self, page: Path) -> None:
        self.budget = PictureBudget(page)

    def picture(self, src: str) -> Found:
        self.budget.look()
        inline = _data_uri(src)
        if inline is not None:
            return _checked(*inline, self.budget)
        found = self._saved(src)
        return _checked(src, found, self.budget) if isinstance(found, bytes) else found

    def _saved(self, src: str) -> bytes | Found:
        raise NotImplementedError


class SavedFolder(_Saved):
    """The pictures of a page saved as .html with its folder (page_files/ or beside it):
    paths relative to the page, inside the page's folder, after symbolic links."""

    def __init__(self, page: Path) -> None:
        super().__init__(page)
        self.page = page
        self.folder = page.resolve().parent

    def _saved(self, src: str) -> bytes | Found:
        if re.match(r"[A-Za-z]:[\\/]|\\\\", src):  # C:\… or \\server\…: another computer's file
            return _outside(src, self.folder)
        parts = urlsplit(src)
        if parts.scheme.lower() not in ("", "file") or (parts.netloc and parts.scheme == ""):
            return _not_saved(src)
        if parts.scheme.lower() == "file":
            path = Path(unquote(parts.path))
        else:
            path = self.page.parent / unquote(parts.path)
        try:
            resolved = Path(os.path.realpath(path))
        except (OSError, ValueError):
            resolved = None
        if resolved is None or not resolved.is_relative_to(self.folder):
            return _outside(src, self.folder)
        if not resolved.is_file():
            return Found(problem=msg(
                "the picture '{src}' is not in the saved page's folder (was the page saved "
                "without it?): copy the photo into photos/ and list it under photos:",
                src=_shown(src)))
        try:
            with open(resolved, "rb") as handle:
                data = handle.read(MAX_PICTURE_BYTES + 1)
        except OSError as e:
            return Found(problem=msg("the picture '{src}' cannot be read: {reason}",
                                     src=_shown(src), reason=e.strerror or str(e)))
        if len(data) > MAX_PICTURE_BYTES:
            return Found(problem=msg("the picture '{src}' is larger than {mb} MB: it was not "
                                     "copied", src=_shown(src), mb=MAX_PICTURE_BYTES >> 20))
        return data


class SavedParts(_Saved):
    """The pictures of a page saved as one .mhtml file: its parts, by Content-Location
    (resolved against the page's own) or Content-ID (cid:)."""

    def __init__(self, page: Path, base: str, parts: dict[str, bytes]) -> None:
        super().__init__(page)
        self.base, self.parts = base, parts

    def _saved(self, src: str) -> bytes | Found:
        if src.lower().startswith("cid:"):
            key = "cid:" + unquote(src[4:]).strip("<>")
        else:
            key = urljoin(self.base, src)
        data = self.parts.get(key)
        if data is not None:
            return data
        if urlsplit(key).scheme.lower() in ("http", "https", "ftp"):
            return _not_saved(src)
        return Found(problem=msg(
            "the picture '{src}' is not in the saved page (was the page saved without "
            "it?): copy the photo into photos/ and list it under photos:", src=_shown(src)))
