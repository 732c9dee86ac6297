"""`bantin-print convert`: legacy Vietnamese encodings (TCVN3, VNI, Windows-1258) to
Unicode NFC. Works on files in those encodings, and on UTF-8 files holding their mojibake
(text copied out of an old document in a .VnTime font shows as "Bé ChÝnh trÞ")."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bantin_print.errors import InputError
from bantin_print.reader.source import MAX_TEXT_BYTES
from bantin_print.text import clean, legacy

CHOICES = (*legacy.ENCODINGS, "auto")


@dataclass
class Converted:
    text: str
    encoding: str
    detected: legacy.Detection | None  # set when the encoding was chosen automatically


def convert_file(path: Path, encoding: str) -> Converted:
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise InputError.single(path, None, f"the file is larger than "
                                    f"{MAX_TEXT_BYTES // 1048576} MB; is it the right file?")
        data = path.read_bytes()
    except OSError as e:
        raise InputError.single(path, None, f"cannot read the file: {e.strerror or e}") from None
    try:
        as_text: str | None = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        as_text = None
    detected = None
    if encoding == "auto":
        detected = legacy.detect(as_text) if as_text is not None else legacy.detect_bytes(data)
        if detected is None:
            raise InputError.single(path, None, "cannot tell which legacy encoding this is: the "
                                    "evidence is too thin; name it with --from tcvn3, vni or "
                                    "cp1258")
        encoding = detected.encoding
    if as_text is not None:
        text = legacy.convert_text(as_text, encoding)
    else:
        text = legacy.decode_bytes(data, encoding)
    return Converted(clean(text), encoding, detected)
