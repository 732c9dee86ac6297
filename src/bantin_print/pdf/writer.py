"""The print edition: compose every page, then draw them with ReportLab's canvas."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import BinaryIO, Iterator

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bantin_print import __version__, images, model
from bantin_print.errors import InputError
from bantin_print.pdf.compose import Composer, LayoutProblem, Placed
from bantin_print.pdf.flowables import Masthead, PhotoBlock, contents_box, imprint_box
from bantin_print.pdf.story import build_story
from bantin_print.pdf.styles import BODY_LEADING, MUTED, RULE, Geometry, Styles, register
from bantin_print.text import formal_date, issue_label, masthead_name

# The cover photo beside the contents may take at most this share of the text height.
COVER_SHARE = 0.5


def write_pdf(issue: model.Issue, target: BinaryIO, created: dt.datetime) -> int:
    """Write the print edition to the binary file `target`; returns the number of pages.

    `created` (UTC) is the PDF's creation date; with it the file is byte-identical for
    identical input."""
    layout = issue.layout
    geometry = Geometry.from_layout(layout)
    styles = Styles(register(layout.body_font), register(layout.heading_font), layout.columns)
    try:
        composer = _compose(issue, geometry, styles)
    except LayoutProblem as problem:
        raise _as_input_error(problem, issue) from None
    _render(composer, issue, geometry, styles, target, created)
    return len(composer.pages)


def _as_input_error(problem: LayoutProblem, issue: model.Issue) -> InputError:
    subject = problem.subject
    if isinstance(subject, model.Photo):
        owner = next((a for a in issue.articles() if subject in a.photos), None)
        return InputError.single(owner.path if owner else issue.source, subject.line,
                                 f"cannot lay out photo '{subject.path.name}': {problem}")
    if isinstance(subject, model.Article):
        return InputError.single(subject.path, None, f"cannot lay out the article: {problem}")
    return InputError.single(issue.source, None, f"cannot lay out the issue: {problem}")


def _masthead(issue: model.Issue, styles: Styles) -> Masthead:
    return Masthead("BẢN TIN", masthead_name(issue.publication.name).upper(),
                    issue.publication.publisher.upper(),
                    issue_label(issue.number), issue.title or "",
                    formal_date(issue.date, weekday=True), styles)


def _compose(issue: model.Issue, geometry: Geometry, styles: Styles) -> Composer:
    composer = Composer(geometry, BODY_LEADING)
    composer.place_full_width([_masthead(issue, styles)])
    composer.cursor -= 2 * mm

    sections: list[tuple[str, list[tuple[str, str]]]] = []  # (title, [(article title, anchor)])
    stories = []
    for section in issue.sections:
        entries = []
        for position, article in enumerate(section.articles):
            anchor = f"bai-{len(stories) + 1}"
            label = section.title if position == 0 else None
            stories.append((build_story(article, anchor, label, geometry, styles,
                                        images.print_source), label))
            entries.append((article.title, anchor))
        if entries:
            sections.append((section.title, entries))

    pages: dict[str, int] = {}  # anchor -> page the article starts on; unknown yet
    contents, width, sections_only = _place_front(composer, issue, geometry, styles,
                                                  _contents(sections, pages))
    for story, label in stories:
        outline = [(label, 0)] if label else []
        outline.append((story.article.title, 1))
        pages[story.anchor] = composer.add_story(story, outline)
    composer.place_at_bottom(imprint_box(issue, styles))

    # The contents now get their page numbers; the box keeps its size (numbers sit in a
    # fixed-width column), which is checked rather than assumed.
    final = contents_box(_contents(sections, pages), styles, sections_only)
    if abs(final.wrap(width, geometry.height)[1]
           - contents.flowable.wrap(width, geometry.height)[1]) > 0.01:
        raise LayoutProblem("the contents changed size once page numbers were known")
    contents.flowable = final
    return composer


def _contents(sections, pages: dict[str, int]):
    return [(title, [(article, anchor, pages.get(anchor, 0)) for article, anchor in entries])
            for title, entries in sections]


def _place_front(composer: Composer, issue: model.Issue, geometry: Geometry, styles: Styles,
                 entries) -> tuple[Placed, float, bool]:
    """Cover photo and contents under the masthead: side by side when there are three or
    more columns, one above the other otherwise."""
    side_by_side = issue.cover is not None and geometry.columns >= 3
    contents_width = geometry.column_width if side_by_side else geometry.width
    room = composer.room
    box = contents_box(entries, styles)
    sections_only = False
    if box.wrap(contents_width, room)[1] > room * (1 if side_by_side else 0.6):
        box = contents_box(entries, styles, sections_only=True)
        sections_only = True
        if box.wrap(contents_width, room)[1] > room:
            raise LayoutProblem("the contents do not fit on page 1")
    top = composer.cursor
    if issue.cover is None:
        composer.place(box, geometry.left, contents_width, top)
        contents = composer.page.placed[-1]
        composer.cursor = contents.y - 6 * mm
        return contents, contents_width, sections_only

    cover_width = geometry.width - (contents_width + geometry.gutter if side_by_side else 0)
    cover = PhotoBlock(issue.cover, images.print_source(issue.cover), cover_width,
                       geometry.height * COVER_SHARE, styles)
    cover_height = composer.place(cover, geometry.left, cover_width, top)
    if side_by_side:
        composer.place(box, geometry.left + cover_width + geometry.gutter, contents_width, top)
        contents = composer.page.placed[-1]
        composer.cursor = min(top - cover_height, contents.y) - 6 * mm
    else:
        composer.place(box, geometry.left, contents_width, top - cover_height - 4 * mm)
        contents = composer.page.placed[-1]
        composer.cursor = contents.y - 6 * mm
    return contents, contents_width, sections_only


def _render(composer: Composer, issue: model.Issue, geometry: Geometry, styles: Styles,
            target: BinaryIO, created: dt.datetime) -> None:
    publication = issue.publication
    # Binary streams: ASCII85 (ReportLab's default) makes the file a quarter larger and
    # costs time, for 7-bit safety no print workflow needs.
    rl_config.useA85 = 0
    with _source_date_epoch(created):
        canvas = Canvas(target, pagesize=(geometry.page_width, geometry.page_height),
                        initialFontName=styles.body_fonts.regular, initialFontSize=9,
                        lang=publication.language, pageCompression=1)
    canvas.setTitle(f"{publication.name} – {issue_label(issue.number)}")
    canvas.setAuthor(publication.publisher)
    subject = f"{issue_label(issue.number)}, {formal_date(issue.date)}"
    canvas.setSubject(f"{subject}: {issue.title}" if issue.title else subject)
    canvas.setCreator(f"bantin-print {__version__}")
    canvas.setKeywords(["bản tin", publication.name])
    canvas.showOutline()
    for number, page in enumerate(composer.pages, start=1):
        for anchor in page.anchors:
            # ReportLab identifies an outline entry by its key: a section and its first
            # article need a destination each, even at the same place.
            key = f"{anchor.key}-{anchor.level}"
            canvas.bookmarkHorizontal(key, anchor.x, anchor.y + 6)
            canvas.addOutlineEntry(anchor.title, key, level=anchor.level)
            if anchor.level == 1:
                canvas.bookmarkHorizontal(anchor.key, anchor.x, anchor.y + 6)
        for placed in page.placed:
            placed.flowable.drawOn(canvas, placed.x, placed.y)
        if number > 1:
            _footer(canvas, number, issue, geometry, styles)
        canvas.showPage()
    canvas.save()


@contextlib.contextmanager
def _source_date_epoch(created: dt.datetime) -> Iterator[None]:
    """ReportLab takes the document's date (and the seed of its file ID) from
    SOURCE_DATE_EPOCH when the canvas is made, and from the clock otherwise."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.replace(tzinfo=dt.timezone.utc).timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _footer(canvas: Canvas, number: int, issue: model.Issue, geometry: Geometry,
            styles: Styles) -> None:
    """Running footer: the bulletin's name and number inside, "Trang N" outside."""
    y = geometry.margin * 0.55
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(geometry.left, y + 9, geometry.left + geometry.width, y + 9)
    canvas.setFillColor(MUTED)
    label = f"{issue.publication.name} · {issue_label(issue.number)}"
    page = f"Trang {number}"
    right = geometry.left + geometry.width
    odd = number % 2 == 1
    canvas.setFont(styles.heading_fonts.bold, 7.5)
    (canvas.drawRightString(right, y, page) if odd else canvas.drawString(geometry.left, y, page))
    canvas.setFont(styles.heading_fonts.regular, 7.5)
    (canvas.drawString(geometry.left, y, label) if odd else canvas.drawRightString(right, y, label))
