"""Reading the user's files: decoding, and keeping every path inside the issue folder."""

from __future__ import annotations

import contextlib
import difflib
import os
import shlex
import unicodedata
from pathlib import Path, PurePosixPath

from bantin_print import text
from bantin_print.text import decoding, legacy, repair
from bantin_print.errors import InputError, Problems

# A text the tool reads (manifest, article, an article to import or convert) is small;
# anything larger is a mistake (a photo named as an article).
MAX_TEXT_BYTES = 8 * 1024 * 1024


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The file's bytes, at most `limit` of them. Raises InputError naming the file."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError.single(
                path, None, f"the file is {size / 1048576:.1f} MB; a text file here may be "
                f"at most {limit // 1048576} MB. Is it the right file?")
        return path.read_bytes()
    except OSError as e:
        raise InputError.single(path, None, f"cannot read the file: {e.strerror or e}") from None


def read_text(path: Path, problems: Problems | None = None) -> str:
    """The file's text, cleaned (see text.clean). Raises InputError naming the file.

    With `problems`, legacy text shown as Latin letters is reported there, found in the
    text as it stands in the file, as `convert` will find it."""
    raw = decode(path, read_bytes(path))
    if problems is not None:
        report_legacy_text(path, raw, problems)
    return text.clean(raw)


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text, with or without a BOM; anything else is refused with the fix."""
    decoded = decoding.decode(data)
    if decoded.encoding == "utf-8":
        return decoded.text
    if decoded.encoding == "utf-16":
        raise InputError.single(path, None, "the file is UTF-16; save it as UTF-8 "
                                "(in Notepad: Save As, Encoding: UTF-8)")
    raise InputError.single(path, decoded.bad_line, f"the file is not UTF-8 (byte "
                            f"0x{decoded.bad_byte:02X}); {_guess_encoding(path, decoded)}")


def _guess_encoding(path: Path, decoded: decoding.Decoded) -> str:
    if decoded.looks_utf16:
        return "it looks like UTF-16 without a byte order mark; save it as UTF-8"
    if decoded.legacy is not None:
        found = decoded.legacy
        return (f"it looks like {legacy.NAMES[found.encoding]} (\"{found.sample}\"); convert "
                f"it with: {convert_command(path, found.encoding)}")
    return ("it may be in a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258): try "
            f"{convert_command(path, 'auto')}, or save it as UTF-8")


def convert_command(path: Path, encoding: str) -> str:
    """The command that converts the legacy text of `path` in place (keeping the original
    beside it): what check suggests, safe to run as printed."""
    with contextlib.suppress(ValueError):
        path = path.relative_to(Path.cwd())  # as the user would type it, here
    quoted = shlex.quote(str(path))
    return f"bantin-print convert {quoted} --from {encoding} -o {quoted}"


def report_legacy_text(path: Path, source: str, problems: Problems, most: int = 3) -> None:
    """An error for each line (the first few) holding legacy-encoded Vietnamese shown as
    Latin letters, which must be converted before it reaches print, with the command that
    converts exactly those lines; and for lines where that cannot be told apart."""
    found = repair.repair(source, "auto")
    for number in found.converted[:most]:
        encoding, sample = found.by_line[number]
        problems.error(path, number,
                       f"this looks like {legacy.NAMES[encoding]} text shown as Latin "
                       f"letters (it would read \"{sample}\"); convert it with: "
                       f"{convert_command(path, encoding)}")
    if len(found.converted) > most:
        problems.error(path, found.converted[most], f"{len(found.converted) - most} more "
                       "lines like these follow")
    for number in found.undecided[:most]:
        problems.error(path, number, f"{undecided_message(found.questions[number])}; retype "
                       "what you mean, then check again")


def lines_phrase(lines: list[int], most: int = 6) -> str:
    """'line 5', 'lines 5, 9, …' for messages."""
    shown = ", ".join(str(n) for n in lines[:most]) + (", …" if len(lines) > most else "")
    return f"line{'s' if len(lines) > 1 else ''} {shown}"


def undecided_message(questions: list[str]) -> str:
    """What cannot be told apart on a line, for messages."""
    shown = "; ".join(dict.fromkeys(questions[:4]))
    return (f"this line holds legacy Vietnamese text next to Unicode text, and which is which "
            f"cannot be told ({shown}?)")


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
    path = _same_name((base / candidate).resolve())
    if not path.is_relative_to(root):
        return None, f"'{written}' leads outside the issue folder {root}"
    return path, None


def _same_name(path: Path) -> Path:
    """The file as it is named on disk when the name was written in another Unicode form
    (macOS writes names decomposed, NFD; editors type them composed): the same name."""
    if path.exists() or not path.parent.is_dir():
        return path
    wanted = unicodedata.normalize("NFC", path.name)
    found = [p for p in path.parent.iterdir() if unicodedata.normalize("NFC", p.name) == wanted]
    return found[0].resolve() if len(found) == 1 else path


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
        folded = unicodedata.normalize("NFC", path.name).casefold()
        cased = [n for n in names if unicodedata.normalize("NFC", n).casefold() == folded]
        close = cased or difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
        if cased:
            reason += (f"; the file is named '{cased[0]}': write it so, capitals as they "
                       "are (they count here, and at the print shop)")
        elif close:
            reason += f"; did you mean '{close[0]}'?"
    else:
        reason += f" (there is no folder {path.parent.name}/)"
    return reason
