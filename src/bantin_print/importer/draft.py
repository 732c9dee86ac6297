"""What every reader makes of its source: paragraphs with what the source says
about them, captions, and the draft of an article; the limits the article reader sets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bantin_print import text as textmod
from bantin_print.i18n import Message, msg, msg_n


MANIFEST_NAME = "issue.yaml"
ARTICLES_DIR = "articles"
PHOTOS_DIR = "photos"
KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".xhtml": "html", ".mhtml": "mhtml",
         ".mht": "mhtml", ".docx": "docx"}
MAX_DOCX_BYTES = 200 * 1024 * 1024  # a Word file may carry photos
MAX_MHTML_BYTES = 64 * 1024 * 1024  # a page saved as one file too, in base64, parsed whole
SLUG_LENGTH = 60
# The article reader's limits (reader/article.py): a longer "title" is not a title.
MAX_TITLE = 250
MAX_LEAD = 3000
MAX_AUTHOR = 80


@dataclass
class Imported:
    source: Path
    article: Path  # the .md file written
    title: str
    lead: str | None
    author: str | None
    date: dt.date | None
    captions: list[str]  # photo captions found (no image file is available)
    paragraphs: int
    guesses: list[Message]  # notes for the editor on everything that was guessed
    photos: list[Path] = field(default_factory=list)  # the pictures saved into photos/


@dataclass
class Para:
    """One paragraph of a source, with what its source says about it."""

    text: str
    where: str | Message = ""  # "line 5", "paragraph 3", "<h1>" — for the notes
    bold: bool = False  # all of its text in bold
    italic: bool = False
    align: str | None = None  # "right" or "center"
    picture: bool = False  # a picture stands next to it
    role: str | None = None  # set by the source's structure: title, lead, caption, author,
    # picture (text = its alternative text)
    note: Message | None = None  # why the role was given
    lines: int = 1  # source lines it was wrapped over (text files)
    short_lines: bool = False  # every one of those lines short (text files)
    markdown: str | None = None  # its text with the source's bold, italic, links… as Markdown
    heading: int | None = None  # a subheading of this level (2, 3) in the body
    item: tuple[bool, int] | None = None  # an item of a list: (numbered, level from 0)
    # a table: rows of cells, each (its text, its Markdown or None); the first row the header
    table: list[list[tuple[str, str | None]]] | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)  # footnotes it references
    image: tuple[bytes, str] | None = None  # a picture's own bytes and file extension

    @property
    def structured(self) -> bool:
        """A subheading, list item or table: never a title, lead, caption or author."""
        return self.heading is not None or self.item is not None or self.table is not None


@dataclass
class Caption:
    caption: str | None
    credit: str | None


@dataclass
class Picture:
    """A picture the source holds (not only names): its bytes go into the issue's photos/."""

    data: bytes
    extension: str  # ".jpg", ".png"
    caption: Caption | None
    alt: str


@dataclass
class Draft:
    source: Path
    title: str
    lead: str | None
    author: str | None
    date: dt.date | None
    captions: list[Caption]
    paragraphs: list[Para]  # the body
    guesses: list[Message]
    pictures: list[Picture] = field(default_factory=list)


def norm(value: str) -> str:
    """clean() (NFC, invisible characters) and collapsed white space."""
    return textmod.collapse_spaces(textmod.clean(value))


def short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit - 1].rstrip() + "…"


def dmy(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


# How the notes name a piece of a source: a line of a text file, a paragraph of the others.
UNITS = {"line": msg("line"), "paragraph": msg("paragraph")}


def portal_text_dropped(unit: str, dropped: list[str]) -> Message:
    shown: str | Message = ", ".join(f"'{short(d, 40)}'" for d in dropped[:4])
    if len(dropped) > 4:
        shown = msg("{shown} and {n} more", shown=shown, n=len(dropped) - 4)
    if unit == "line":
        return msg_n("{n} line of portal text was dropped: {shown}",
                     "{n} lines of portal text were dropped: {shown}", "n",
                     n=len(dropped), shown=shown)
    return msg_n("{n} paragraph of portal text was dropped: {shown}",
                 "{n} paragraphs of portal text were dropped: {shown}", "n",
                 n=len(dropped), shown=shown)


def listing(items: list[Message]) -> Message:
    """'a, b, c', each item rendered in the language of the message it goes into."""
    listed = items[0]
    for item in items[1:]:
        listed = msg("{items}, {item}", items=listed, item=item)
    return listed


def no_article_text(dropped: bool) -> Message:
    if dropped:
        return msg("no article text found in the file (only the portal's menus, toolbars "
                   "and dates)")
    return msg("no article text found in the file")
