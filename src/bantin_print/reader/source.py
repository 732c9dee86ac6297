"""Reading the user's files: decoding, and keeping every path inside the issue folder."""

from __future__ import annotations

import difflib
import os
from pathlib import Path, PurePosixPath

from bantin_print import text
from bantin_print.text import legacy
from bantin_print.errors import InputError, Problems

# Manifests and articles are small; anything larger is a mistake (a photo named as an article).
MAX_TEXT_BYTES = 4 * 1024 * 1024


def read_text(path: Path) -> str:
    """The file's text, cleaned (see text.clean). Raises InputError naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise InputError.single(
                path, None, f"file is {size / 1048576:.1f} MB; a text file here may be at most "
                f"{MAX_TEXT_BYTES // 1048576} MB. Is it the right file?")
        data = path.read_bytes()
    except OSError as e:
        raise InputError.single(path, None, f"cannot read the file: {e.strerror or e}") from None
    return text.clean(decode(path, data))


def decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(path, None, "the file is UTF-16; save it as UTF-8 "
                                "(in Notepad: Save As, Encoding: UTF-8)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError.single(path, line, f"the file is not UTF-8 (byte 0x{data[e.start]:02X}); "
                                f"{_guess_encoding(path, data)}") from None


def _guess_encoding(path: Path, data: bytes) -> str:
    if b"\x00" in data[:200]:
        return "it looks like UTF-16 without a byte order mark; save it as UTF-8"
    found = legacy.detect_bytes(data)
    if found is not None:
        return (f"it looks like {legacy.NAMES[found.encoding]} (\"{found.sample}\"); convert "
                f"it with: bantin-print convert {path} --from {found.encoding} -o {path}")
    return ("it may be in a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258): try "
            f"bantin-print convert {path} --from auto, or save it as UTF-8")



def report_legacy_text(path: Path, source: str, problems: Problems, most: int = 3) -> None:
    """An error for each line (the first few) that looks like legacy-encoded Vietnamese
    shown as Latin letters, which must be converted before it reaches print."""
    found_lines = [(n, found) for n, line in enumerate(source.split("\n"), start=1)
                   if (found := legacy.detect(line)) is not None]
    for number, found in found_lines[:most]:
        problems.error(path, number,
                       f"this looks like {legacy.NAMES[found.encoding]} text shown as Latin "
                       f"letters (it would read \"{found.sample}\"); convert the file with: "
                       f"bantin-print convert {path} --from {found.encoding} -o {path}")
    if len(found_lines) > most:
        problems.error(path, found_lines[most][0], f"{len(found_lines) - most} more lines like "
                       "these follow")


def resolve_inside(root: Path, base: Path, written: str) -> tuple[Path | None, str | None]:
    """Resolve a path written in a file at `base` folder; it must stay inside `root`.

    Returns (path, None) or (None, reason). Symlinks are followed before the check, so a link
    inside the folder that points outside it is refused too.
    """
    written = written.strip()
    if not written:
        return None, "the path is empty"
    candidate = written.replace("\\", "/")
    if (candidate.startswith(("/", "~")) or PurePosixPath(candidate).is_absolute()
            or (len(candidate) > 1 and candidate[1] == ":")):
        return None, (f"'{written}' is an absolute path; write it relative to "
                      f"the file that names it, inside the issue folder")
    root = root.resolve()
    path = (base / candidate).resolve()
    if not path.is_relative_to(root):
        return None, f"'{written}' leads outside the issue folder {root}"
    return path, None


def check_file(path: Path, written: str) -> str | None:
    """None when `path` is a readable regular file, else the reason, with a suggestion."""
    if path.is_file():
        if os.access(path, os.R_OK):
            return None
        return f"'{written}' cannot be read (permission denied)"
    if path.is_dir():
        return f"'{written}' is a folder, not a file"
    reason = f"'{written}' does not exist"
    if path.parent.is_dir():
        names = [p.name for p in path.parent.iterdir() if p.is_file()]
        close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
        if close:
            reason += f"; did you mean '{close[0]}'?"
    else:
        reason += f" (there is no folder {path.parent.name}/)"
    return reason
