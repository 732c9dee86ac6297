"""`bantin-print convert`: legacy Vietnamese (TCVN3, VNI, Windows-1258) to Unicode NFC, in
files in those encodings and in UTF-8 files holding their mojibake ("Bé ChÝnh trÞ").

Only what is legacy text changes: in a UTF-8 file, the runs that read as Vietnamese once
converted (text/repair.py); in a file that is not UTF-8, the lines that are not. Every
other byte of the file stays as it was. Where the evidence does not decide, nothing is
written and the lines are named, unless the user insists (`force`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bantin_print.errors import InputError, Problem, Problems
from bantin_print.i18n import msg, msg_n
from bantin_print.reader.source import (convert_command, lines_phrase, read_bytes,
                                        undecided_message)
from bantin_print.text import decoding, legacy, repair

CHOICES = (*legacy.ENCODINGS, "auto")


@dataclass
class Converted:
    data: bytes  # the whole new file: UTF-8, its byte order mark as it was
    changed: bool
    encodings: set[str]  # used
    lines: list[int]  # lines changed
    whole_file: bool  # the file was not UTF-8
    warnings: list[Problem] = field(default_factory=list)


def convert_file(path: Path, encoding: str, force: bool = False) -> Converted:
    """Raises InputError naming the file (and lines) when nothing can be written safely."""
    data = read_bytes(path)
    decoded = decoding.decode(data)
    if decoded.encoding == "utf-16":
        raise InputError.single(path, None, msg(
            "the file is UTF-16, not an old Vietnamese encoding; save it as UTF-8 (in Notepad: "
            "Save As, Encoding: UTF-8)"))
    if decoded.text is not None:
        text, known = decoded.text, frozenset()
    else:
        text, known = _split_bytes(data[len(decoded.bom):])
    result = repair.repair(text, encoding, force=force, legacy_lines=known)
    problems = Problems()
    _report(path, encoding, force, result, problems)
    if problems.has_errors:
        raise InputError(problems.items)
    return Converted(decoded.bom + result.text.encode("utf-8"), result.text != text,
                     result.encodings, result.converted, decoded.text is None,
                     problems.warnings)


def _split_bytes(data: bytes) -> tuple[str, frozenset[int]]:
    """A file that is not UTF-8: its lines that are UTF-8 as text, the others as legacy
    bytes (read as Latin-1, which every converter takes), with their numbers."""
    lines, known = [], set()
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("latin-1"))
            known.add(number)
    return "\n".join(lines), frozenset(known)


def _report(path: Path, encoding: str, force: bool, result: repair.Repair,
            problems: Problems) -> None:
    named = legacy.NAMES.get(encoding, "")
    for other, lines in sorted(result.foreign.items()):
        said = dict(n=len(lines), lines=lines_phrase(lines), found=legacy.NAMES[other],
                    named=named, command=convert_command(path, other))
        if result.converted:
            problems.warning(path, lines[0], msg_n(
                "{lines} looks like {found}, not {named}: left as it is; convert it with: "
                "{command}",
                "{lines} look like {found}, not {named}: left as they are; convert them with: "
                "{command}", "n", **said))
        else:
            problems.error(path, lines[0], msg_n(
                "{lines} looks like {found}, not {named}: nothing was written. Convert with: "
                "{command} (or add --force if you are sure it is {named})",
                "{lines} look like {found}, not {named}: nothing was written. Convert with: "
                "{command} (or add --force if you are sure it is {named})", "n", **said))
    for line in result.undecided:
        question = undecided_message(result.questions[line])
        if force:
            problems.warning(path, line, msg("{question}: left as it is; check it by hand",
                                             question=question))
        else:
            problems.error(path, line, msg(
                "{question}; nothing was written. Retype what you mean, or add --force to "
                "convert the rest and leave this as it is", question=question))
