"""What the bytes of a text file are: the one place where files are decoded.

Pure: bytes in, a description out. Each caller keeps its own policy on what it is told
(the issue reader refuses anything but UTF-8; the importer and the converter convert).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from bantin_print.text import legacy


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None when the bytes are neither UTF-8 nor UTF-16 with a BOM
    encoding: str  # "utf-8" or "utf-16"; "" when `text` is None
    bom: bytes = b""  # the byte order mark the data starts with (not in `text`)
    bad_line: int | None = None  # where the first byte that is not UTF-8 is
    bad_byte: int | None = None  # and its value
    legacy: legacy.Detection | None = None  # the legacy encoding the bytes look like
    looks_utf16: bool = False  # NUL bytes near the start: UTF-16 without a BOM


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM, or why the bytes are neither."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        bom = data[:2]
        try:
            return Decoded(data[2:].decode("utf-16-le" if bom == codecs.BOM_UTF16_LE
                                           else "utf-16-be"), "utf-16", bom)
        except UnicodeDecodeError as e:
            return _undecodable(data, bom, 2 + e.start)
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        return Decoded(data[len(bom):].decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError as e:
        return _undecodable(data, bom, len(bom) + e.start)


def _undecodable(data: bytes, bom: bytes, offset: int) -> Decoded:
    return Decoded(None, "", bom, bad_line=data.count(b"\n", 0, offset) + 1,
                   bad_byte=data[offset], legacy=legacy.detect_bytes(data[len(bom):]),
                   looks_utf16=b"\x00" in data[:200])
