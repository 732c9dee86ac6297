"""Every character of every text checked against every face that may set it, before
anything is built: a missing glyph is an error, never a blank box in print."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

from bantin_print import model
from bantin_print.errors import Problems

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
    first_seen: dict[str, Path] = {}
    for text, source in _texts(issue):
        for character in text:
            if character not in first_seen and not (character.isspace() and character != "\u00a0"):
                first_seen[character] = source
    for character, source in first_seen.items():
        missing = [name for name, characters in faces if ord(character) not in characters]
        if missing:
            others = f" (nor in {len(missing) - 1} other faces)" if len(missing) > 1 else ""
            name = unicodedata.name(character, "unnamed character")
            problems.error(source, _line_of(source, character),
                           f"U+{ord(character):04X} {name} '{character}' is not in the font "
                           f"{missing[0]}{others}: it would print as a blank box")


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


def _texts(issue: model.Issue):
    manifest = issue.source
    publication, imprint = issue.publication, issue.imprint
    for value in (publication.name, publication.publisher, issue.title, imprint.licence,
                  imprint.responsible, imprint.printer, imprint.frequency, imprint.distribution):
        if value:
            yield value, manifest
    if issue.cover:
        yield from _photo(issue.cover, manifest)
    for section in issue.sections:
        yield section.title, manifest
        for article in section.articles:
            for value in (article.title, article.lead, article.author):
                if value:
                    yield value, article.path
            for photo in article.photos:
                yield from _photo(photo, article.path)
            for block in article.body:
                yield _block_text(block), article.path


def _photo(photo: model.Photo, source: Path):
    for value in (photo.caption, photo.credit, photo.alt):
        if value:
            yield value, source


def _block_text(block: model.Block) -> str:
    if isinstance(block, (model.Paragraph, model.Heading)):
        return model.plain_text(block.content)
    if isinstance(block, model.Quote):
        return "".join(_block_text(inner) for inner in block.blocks)
    if isinstance(block, model.ListBlock):
        return "".join(_block_text(inner) for item in block.items for inner in item)
    return ""
