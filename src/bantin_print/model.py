"""The neutral document model both editions are written from.

Plain data: no I/O, nothing imported from the rest of the package. Paths are resolved,
absolute and known to lie inside the issue folder; text is clean NFC Unicode.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union

# --- Inline content -------------------------------------------------------------------


@dataclass
class Text:
    text: str


@dataclass
class Emphasis:
    children: list[Inline]


@dataclass
class Strong:
    children: list[Inline]


@dataclass
class Strikethrough:
    children: list[Inline]


@dataclass
class Code:
    text: str


@dataclass
class Link:
    children: list[Inline]
    target: str  # as the editor wrote it; writers decide whether a link is safe to make


@dataclass
class LineBreak:
    pass


@dataclass
class NoteRef:
    number: int  # the footnote's number, counted per article from 1


Inline = Union[Text, Emphasis, Strong, Strikethrough, Code, Link, LineBreak, NoteRef]


def plain_text(inlines: list[Inline]) -> str:
    """The characters a reader sees, without formatting."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, NoteRef):
            parts.append(str(node.number))
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)


# --- Photos ---------------------------------------------------------------------------


@dataclass
class Photo:
    path: Path
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None  # text for screen readers; writers fall back to the caption
    span: str = "auto"  # "auto", "column" or "full" (across all columns)
    # Where it stands: "auto" (at its point, else where it next fits), "here" (at its
    # point, what follows waiting for it), "top" or "bottom" (of a column, or of a page
    # when it spans the columns).
    place: str = "auto"
    crop: bool = False  # the layout may trim a few per cent off its edges, from the centre
    width: int = 0  # pixels, as displayed (EXIF orientation applied)
    height: int = 0
    format: str = ""  # "JPEG", "PNG", …
    line: int = 0  # where the photo is named

    @property
    def description(self) -> str:
        return self.alt or self.caption or ""


# --- Blocks ---------------------------------------------------------------------------


@dataclass
class Paragraph:
    content: list[Inline]
    line: int = 0  # where it starts in its source file


@dataclass
class Heading:
    level: int  # 2 for "##"; the article title is level 1 and lives in Article.title
    content: list[Inline]
    line: int = 0


@dataclass
class Quote:
    blocks: list[Block]
    line: int = 0


@dataclass
class ListBlock:
    items: list[list[Block]]
    ordered: bool = False
    start: int = 1
    line: int = 0


@dataclass
class Rule:
    line: int = 0


@dataclass
class Table:
    header: list[list[Inline]]  # one cell per column
    rows: list[list[list[Inline]]]  # as many cells as the header, padded with empty ones
    aligns: list[str]  # "left", "right" or "center", per column
    title: list[Inline] | None = None  # "Bảng 1. …", the paragraph above it
    line: int = 0

    def texts(self) -> list[list[Inline]]:
        """Its title, then every cell, row by row."""
        return ([self.title] if self.title else []) + self.header + [
            cell for row in self.rows for cell in row]


@dataclass
class Box:
    """A sidebar: blocks on a tint under their own title (`::: box Title`)."""

    title: str | None
    blocks: list[Block]
    wide: bool = False  # `::: box wide …`: across all columns
    line: int = 0


@dataclass
class Figure:
    """A photo placed at its point in the text (`![caption](file "credit")`)."""

    photo: Photo
    line: int = 0


@dataclass
class CodeBlock:
    """A fenced code block: lines kept as written, in a monospaced face."""

    text: str
    line: int = 0


Block = Union[Paragraph, Heading, Quote, ListBlock, Rule, Table, Box, Figure, CodeBlock]


def walk(blocks: list[Block]) -> Iterator[Block]:
    """Every block, and every block inside it, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, (Quote, Box)):
            yield from walk(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item)


@dataclass
class Note:
    """A footnote: its number (the order of its first reference) and its text."""

    number: int
    blocks: list[Block]
    line: int = 0


# --- Articles, sections -------------------------------------------------------------


@dataclass
class Article:
    path: Path
    title: str
    body: list[Block] = field(default_factory=list)
    lead: str | None = None
    author: str | None = None
    date: dt.date | None = None
    photos: list[Photo] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # footnotes, in their numbers' order
    start: str = "auto"  # "auto" (where the previous article ends) or "new-page"

    def all_photos(self) -> Iterator[Photo]:
        """The front matter's photos, then those placed in the text."""
        yield from self.photos
        for block in walk(self.body):
            if isinstance(block, Figure):
                yield block.photo


@dataclass
class Section:
    title: str
    articles: list[Article] = field(default_factory=list)


# --- The issue ------------------------------------------------------------------------


@dataclass
class Publication:
    name: str
    publisher: str
    language: str = "vi"


@dataclass
class Imprint:
    """What the law asks the last page to carry (Luật Báo chí 2016, Điều 34)."""

    licence: str | None = None
    responsible: str | None = None
    printer: str | None = None
    print_run: int | None = None
    frequency: str | None = None
    distribution: str | None = None


@dataclass
class FontFamily:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@dataclass
class Justification:
    """How far justified lines may be adjusted: word spaces between `word_min` and
    `word_max` of natural, letter spacing within ± `letter` of a word space, glyphs scaled
    between `glyph_min` and `glyph_max` (InDesign's Justification settings)."""

    word_min: float = 2 / 3
    word_max: float = 1.5
    letter: float = 0.05
    glyph_min: float = 0.97
    glyph_max: float = 1.03


# The running footer sits in the bottom margin; the text stops this far above the margin.
FOOTER_MM = 2.0


@dataclass
class Layout:
    page_width_mm: float = 190.0  # the trim size
    page_height_mm: float = 270.0
    columns: int = 3
    margin_mm: float = 15.0
    bleed_mm: float = 3.0
    body_font: FontFamily | None = None
    heading_font: FontFamily | None = None
    code_font: Path | None = None  # the regular face of a monospaced family, for code blocks
    justification: Justification = field(default_factory=Justification)
    pages: int | str = "auto"  # "auto": the fewest multiple of 4 the content fills; or N

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - 2 * self.margin_mm

    @property
    def text_height_mm(self) -> float:
        return self.page_height_mm - 2 * self.margin_mm - FOOTER_MM


@dataclass
class PrintOptions:
    """How the print PDF is made for the print shop."""

    color: str = "rgb"  # "rgb" or "cmyk"
    icc_profile: Path | None = None  # the CMYK output condition; gives an OutputIntent
    pad: bool = False  # blank pages up to a multiple of 4 (saddle stitch)
    marks: bool = False  # crop marks


@dataclass
class PreflightOptions:
    """What the print shop's check asks; the bản tin rules are the law's, as of 2016."""

    bantin: bool = True
    page_multiple: int = 4
    min_ppi: int = 300


@dataclass
class Issue:
    source: Path  # the manifest
    publication: Publication
    number: int
    date: dt.date
    layout: Layout
    imprint: Imprint = field(default_factory=Imprint)
    title: str | None = None
    cover: Photo | None = None
    sections: list[Section] = field(default_factory=list)
    printing: PrintOptions = field(default_factory=PrintOptions)
    preflight: PreflightOptions = field(default_factory=PreflightOptions)
    publication_file: Path | None = None  # what the manifest extends

    @property
    def folder(self) -> Path:
        return self.source.parent

    def articles(self) -> Iterator[Article]:
        for section in self.sections:
            yield from section.articles

    def photos(self) -> Iterator[Photo]:
        if self.cover is not None:
            yield self.cover
        for article in self.articles():
            yield from article.all_photos()

    def inputs(self) -> Iterator[tuple[Path, str]]:
        """Every file the issue reads, with what it is (for messages)."""
        yield self.source, "the manifest"
        if self.publication_file is not None:
            yield self.publication_file, "the publication file"
        for article in self.articles():
            yield article.path, "an article"
        for photo in self.photos():
            yield photo.path, "a photo"
        for family in (self.layout.body_font, self.layout.heading_font):
            if family is not None:
                for face in (family.regular, family.bold, family.italic, family.bold_italic):
                    yield face, "a font"
        if self.layout.code_font is not None:
            yield self.layout.code_font, "a font"
        if self.printing.icc_profile is not None:
            yield self.printing.icc_profile, "the ICC profile"

    def code_texts(self) -> Iterator[tuple[str, Path]]:
        """The text of code blocks and `code`, set in the code font, with the file it comes
        from."""
        for article in self.articles():
            for block in walk(article.body + [b for note in article.notes for b in note.blocks]):
                if isinstance(block, CodeBlock):
                    yield block.text, article.path
                for inlines in _inline_parts(block):
                    for code in _codes(inlines):
                        yield code, article.path

    def texts(self) -> Iterator[tuple[str, Path]]:
        """Every text of the issue set in the body and heading faces, with the file it comes
        from (code blocks: `code_texts`)."""
        publication, imprint = self.publication, self.imprint
        for value in (publication.name, publication.publisher, self.title, imprint.licence,
                      imprint.responsible, imprint.printer, imprint.frequency,
                      imprint.distribution):
            if value:
                yield value, self.source
        if self.cover is not None:
            yield from _photo_texts(self.cover, self.source)
        for section in self.sections:
            yield section.title, self.source
            for article in section.articles:
                for value in (article.title, article.lead, article.author):
                    if value:
                        yield value, article.path
                for photo in article.all_photos():
                    yield from _photo_texts(photo, article.path)
                for block in article.body:
                    yield block_text(block), article.path
                for note in article.notes:
                    for block in note.blocks:
                        yield block_text(block), article.path


def _inline_parts(block: Block) -> list[list[Inline]]:
    if isinstance(block, (Paragraph, Heading)):
        return [block.content]
    if isinstance(block, Table):
        return block.texts()
    return []


def _codes(inlines: list[Inline]) -> Iterator[str]:
    for node in inlines:
        if isinstance(node, Code):
            yield node.text
        elif isinstance(node, (Emphasis, Strong, Strikethrough, Link)):
            yield from _codes(node.children)


def _photo_texts(photo: Photo, source: Path) -> Iterator[tuple[str, Path]]:
    for value in (photo.caption, photo.credit, photo.alt):
        if value:
            yield value, source


def block_text(block: Block) -> str:
    """The characters of a block, its nested blocks apart by spaces."""
    if isinstance(block, (Paragraph, Heading)):
        return plain_text(block.content)
    if isinstance(block, Quote):
        return " ".join(block_text(inner) for inner in block.blocks)
    if isinstance(block, Box):
        return " ".join([block.title or ""] + [block_text(inner) for inner in block.blocks])
    if isinstance(block, ListBlock):
        return " ".join(block_text(inner) for item in block.items for inner in item)
    if isinstance(block, Table):
        return " ".join(plain_text(cell) for cell in block.texts())
    return ""
