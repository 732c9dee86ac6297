"""Reading the user's files: decoding, and keeping every path inside the issue folder."""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
import shlex
import unicodedata
from pathlib import Path, PurePosixPath

from bantin_print import text
from bantin_print.text import decoding, legacy, repair
from bantin_print.errors import InputError, Problems
from bantin_print.i18n import Decimal, Joined, Message, msg, msg_n

# A text the tool reads (manifest, article, an article to import or convert) is small;
# anything larger is a mistake (a photo named as an article).
MAX_TEXT_BYTES = 8 * 1024 * 1024


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The file's bytes, at most `limit` of them. Raises InputError naming the file."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError.single(path, None, msg(
                "the file is {size} MB; a text file here may be at most {most} MB. Is it "
                "the right file?", size=Decimal(size / 1048576), most=limit // 1048576))
        return path.read_bytes()
    except OSError as e:
        raise InputError.single(path, None, _unreadable(e)) from None


def _unreadable(error: OSError) -> Message:
    """Why a file cannot be read, in the reader's words for the common cases."""
    if error.errno == errno.ENOENT:
        return msg("cannot read the file: it does not exist")
    if error.errno in (errno.EACCES, errno.EPERM):
        return msg("cannot read the file: permission denied")
    if error.errno == errno.EISDIR:
        return msg("cannot read the file: it is a folder")
    return msg("cannot read the file: {reason}", reason=error.strerror or str(error))


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
        raise InputError.single(path, None, msg("the file is UTF-16; save it as UTF-8 "
                                                "(in Notepad: Save As, Encoding: UTF-8)"))
    raise InputError.single(path, decoded.bad_line, msg(
        "the file is not UTF-8 (byte 0x{byte:02X}); {advice}", byte=decoded.bad_byte,
        advice=_guess_encoding(path, decoded)))


def _guess_encoding(path: Path, decoded: decoding.Decoded) -> Message:
    if decoded.looks_utf16:
        return msg("it looks like UTF-16 without a byte order mark; save it as UTF-8")
    if decoded.legacy is not None:
        found = decoded.legacy
        return msg("it looks like {encoding} (\"{sample}\"); convert it with: {command}",
                   encoding=legacy.NAMES[found.encoding], sample=found.sample,
                   command=convert_command(path, found.encoding))
    return msg("it may be in an old Vietnamese encoding (TCVN3, VNI, Windows-1258): try "
               "{command}, or save it as UTF-8", command=convert_command(path, "auto"))


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
        problems.error(path, number, msg(
            "this looks like {encoding} text shown as Latin letters (it would read "
            "\"{sample}\"); convert it with: {command}", encoding=legacy.NAMES[encoding],
            sample=sample, command=convert_command(path, encoding)))
    if len(found.converted) > most:
        problems.error(path, found.converted[most], msg_n(
            "{n} more line like these follows", "{n} more lines like these follow", "n",
            n=len(found.converted) - most))
    for number in found.undecided[:most]:
        problems.error(path, number, msg("{question}; retype what you mean, then check again",
                                         question=undecided_message(found.questions[number])))


def lines_phrase(lines: list[int], most: int = 6) -> Message:
    """'line 5', 'lines 5, 9, …' for messages."""
    shown = ", ".join(str(n) for n in lines[:most]) + (", …" if len(lines) > most else "")
    return msg_n("line {lines}", "lines {lines}", "count", lines=shown, count=len(lines))


def undecided_message(questions: list[str]) -> Message:
    """What cannot be told apart on a line, for messages."""
    shown = Joined(tuple(dict.fromkeys(questions[:4])), "; ")
    return msg("this line holds old-encoding Vietnamese text next to Unicode text, and which "
               "is which cannot be told ({shown}?)", shown=shown)


def resolve_inside(root: Path, base: Path, written: str) -> tuple[Path | None, Message | None]:
    """Resolve a path written in a file at `base` folder; it must stay inside `root`.

    Returns (path, None) or (None, reason). Symlinks are followed before the check, so a link
    inside the folder that points outside it is refused too.
    """
    written = written.strip()
    if not written:
        return None, msg("the path is empty")
    candidate = written.replace("\\", "/")
    if (candidate.startswith(("/", "~")) or PurePosixPath(candidate).is_absolute()
            or (len(candidate) > 1 and candidate[1] == ":")):
        return None, msg("'{written}' is an absolute path; write it relative to the file "
                         "that names it, inside the issue folder", written=written)
    root = root.resolve()
    path = _same_name((base / candidate).resolve())
    if not path.is_relative_to(root):
        return None, msg("'{written}' leads outside the issue folder {root}",
                         written=written, root=str(root))
    return path, None


def _same_name(path: Path) -> Path:
    """The file as it is named on disk when the name was written in another Unicode form
    (macOS writes names decomposed, NFD; editors type them composed): the same name."""
    if path.exists() or not path.parent.is_dir():
        return path
    wanted = unicodedata.normalize("NFC", path.name)
    found = [p for p in path.parent.iterdir() if unicodedata.normalize("NFC", p.name) == wanted]
    return found[0].resolve() if len(found) == 1 else path


def check_file(path: Path, written: str) -> Message | None:
    """None when `path` is a readable regular file, else the reason, with a suggestion."""
    if path.is_file():
        if os.access(path, os.R_OK):
            return None
        return msg("'{written}' cannot be read (permission denied)", written=written)
    if path.is_dir():
        return msg("'{written}' is a folder, not a file", written=written)
    if path.parent.is_dir():
        names = [p.name for p in path.parent.iterdir() if p.is_file()]
        folded = unicodedata.normalize("NFC", path.name).casefold()
        cased = [n for n in names if unicodedata.normalize("NFC", n).casefold() == folded]
        close = cased or difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
        if cased:
            return msg("'{written}' does not exist; the file is named '{name}': write it so, "
                       "capitals as they are (they count here, and at the print shop)",
                       written=written, name=cased[0])
        if close:
            return msg("'{written}' does not exist; did you mean '{close}'?", written=written,
                       close=close[0])
        return msg("'{written}' does not exist", written=written)
    return msg("'{written}' does not exist (there is no folder {folder}/)", written=written,
               folder=path.parent.name)
