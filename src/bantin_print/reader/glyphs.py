"""Every character of every text checked against every face that may set it, before
anything is built: a missing glyph is an error, never a blank box in print."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

from bantin_print import model
from bantin_print.errors import Problems
from bantin_print.i18n import msg, msg_n

_FACES = (("regular", "Regular"), ("bold", "Bold"), ("italic", "Italic"),
          ("bold_italic", "Bold Italic"))


@functools.lru_cache(maxsize=64)
def _characters(path: Path) -> frozenset[int]:
    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or ())
    finally:
        font.close()


def check_glyphs(issue: model.Issue, problems: Problems) -> None:
    """Both families' four faces each: a text may be set in any of them (headlines in the
    heading family, a lead in bold, a quotation in italic, the cover in either)."""
    faces = []
    for family in (issue.layout.body_font, issue.layout.heading_font):
        if family is None:
            return
        for attribute, label in _FACES:
            faces.append((f"{family.name} {label}", _characters(getattr(family, attribute))))
    _check(issue.texts(), faces, problems)
    if issue.layout.code_font is not None:
        code = issue.layout.code_font
        _check(issue.code_texts(), [(code.stem, _characters(code))], problems)


def _check(texts, faces, problems: Problems) -> None:
    first_seen: dict[str, Path] = {}
    for text, source in texts:
        for character in text:
            if character not in first_seen and not (character.isspace() and character != "\u00a0"):
                first_seen[character] = source
    for character, source in first_seen.items():
        missing = [name for name, characters in faces if ord(character) not in characters]
        if missing:
            name = unicodedata.name(character, None) or msg("unnamed character")
            args = dict(code=ord(character), name=name, character=character, font=missing[0])
            if len(missing) > 1:
                message = msg_n("U+{code:04X} {name} '{character}' is not in the font {font} "
                                "(nor in {others} other face): it would print as a blank box",
                                "U+{code:04X} {name} '{character}' is not in the font {font} "
                                "(nor in {others} other faces): it would print as a blank box",
                                "others", others=len(missing) - 1, **args)
            else:
                message = msg("U+{code:04X} {name} '{character}' is not in the font {font}: it "
                              "would print as a blank box", **args)
            problems.error(source, _line_of(source, character), message)


def _line_of(path: Path, character: str) -> int | None:
    """The first line of the source holding `character`; None when the typography rules put
    it there (a curly quote for a straight one, a no-break space)."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if character in unicodedata.normalize("NFC", line):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None
