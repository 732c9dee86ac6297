"""One article as flowables: the head across all columns, the body at column width."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.platypus import Flowable

from bantin_print import model
from bantin_print.pdf import markup
from bantin_print.pdf.flowables import CachedParagraph as Paragraph
from bantin_print.pdf.flowables import (BoxedBlocks, LayoutProblem, PhotoBlock, Rule, SectionLabel,
                                        WithByline)
from bantin_print.pdf.paragraph import ComposedParagraph, TextStyle
from bantin_print.pdf.paragraph.collect import collect, plain
from bantin_print.pdf.styles import Geometry, Styles
from bantin_print.pdf.tables import TableTooWide, table_flowables

# A landscape photo set across all columns may take at most this share of the page's
# text height; taller, it goes in a column instead.
FULL_WIDTH_SHARE = 0.42
# Articles shorter than this get a smaller headline, as news briefs do.
SHORT_ARTICLE_WORDS = 250
# A photo in a column may take at most this share of the column's height.
COLUMN_SHARE = 0.6


@dataclass
class Story:
    article: model.Article
    anchor: str
    head: list[Flowable]  # full width
    body: list[Flowable]  # column width


def build_story(article: model.Article, anchor: str, section_title: str | None,
                geometry: Geometry, styles: Styles, image_for) -> Story:
    head: list[Flowable] = []
    if section_title:
        head.append(SectionLabel(section_title, styles))
    words = sum(len(model.plain_text(b.content).split()) for b in article.body
                if isinstance(b, model.Paragraph))
    headline = styles.headline_text if words >= SHORT_ARTICLE_WORDS else styles.headline_short_text
    head.append(ComposedParagraph(plain(article.title, headline.faces, bold=True), headline))

    wide, in_columns = _place_photos(article.photos, geometry)
    for photo in wide:
        head.append(PhotoBlock(photo, image_for, geometry.width,
                               geometry.height * FULL_WIDTH_SHARE, styles))

    text: list[Flowable] = []
    if article.lead:
        lead = styles.lead_text
        text.append(ComposedParagraph(plain(article.lead, lead.faces, bold=True), lead,
                                      styles.limits))
    try:
        text.extend(_blocks(article.body, styles, first=True, column=geometry.column_width))
    except TableTooWide as problem:
        raise LayoutProblem(str(problem), article) from None
    if article.author:
        byline = Paragraph(markup.text(article.author), styles.author)
        last = text[-1] if text else None
        if isinstance(last, ComposedParagraph) and last.style is not styles.lead_text:
            text[-1] = WithByline(last, byline)
        else:
            text.append(byline)

    if article.notes:  # footnotes at the article's end, under a hairline
        text.append(Rule(styles.palette.rule, weight=0.4, space=3))
        for note in article.notes:
            text.extend(_blocks(note.blocks, styles, True, styles.note_text, f"{note.number}.",
                                column=geometry.column_width))

    photos = [PhotoBlock(photo, image_for, geometry.column_width,
                         geometry.height * COLUMN_SHARE, styles) for photo in in_columns]
    return Story(article, anchor, head, _interleave(text, photos, styles))


def _place_photos(photos: list[model.Photo], geometry: Geometry):
    """The first photo marked (or found, by its shape) to span all columns goes under the
    headline; every other photo stands in a column."""
    wide: list[model.Photo] = []
    in_columns: list[model.Photo] = []
    for photo in photos:
        spans = photo.span == "full" or (
            photo.span == "auto" and geometry.columns > 1 and photo.width > 1.15 * photo.height
            and geometry.width * photo.height / photo.width <= geometry.height * FULL_WIDTH_SHARE)
        if spans and not wide:
            wide.append(photo)
        else:
            in_columns.append(photo)
    return wide, in_columns


def _interleave(text: list[Flowable], photos: list[Flowable], styles: Styles) -> list[Flowable]:
    """Photos spread evenly through the text, each after an ordinary paragraph: never
    before the first one (a column does not open an article with a picture), never inside
    a list or a quotation, never between a subheading and its text."""
    if not photos:
        return text
    after = [i + 1 for i, item in enumerate(text)
             if isinstance(item, ComposedParagraph)
             and item.style in (styles.body_text, styles.body_first_text)
             and i + 1 < len(text)] or [len(text)]
    result = list(text)
    for n, photo in enumerate(photos, start=1):
        wanted = len(text) * n / (len(photos) + 1)
        position = min(after, key=lambda i: abs(i - wanted))
        result.insert(position + n - 1, photo)
    return result


# Bullets per level of a nested list (glyphs every bundled face has).
BULLETS = ("•", "–", "·")


def _blocks(blocks: list[model.Block], styles: Styles, first: bool,
            style: TextStyle | None = None, bullet: str | None = None,
            lists: int = 0, column: float = 0.0) -> list[Flowable]:
    """Body blocks as flowables. Inside quotes and list items `style` replaces the body
    styles, and `bullet` marks the item's first paragraph; `lists` counts the lists the
    blocks are in. A nested quotation or list is indented from where its container's text
    starts."""
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, model.Paragraph):
            chosen = style or (styles.body_first_text if first else styles.body_text)
            runs = collect(block.content, chosen.faces, chosen.bold, chosen.italic)
            out.append(ComposedParagraph(runs, chosen, styles.limits, bullet))
            bullet = None
            first = False
        elif isinstance(block, model.Heading):
            out.append(Paragraph(markup.inlines(block.content), styles.subheading))
            first = True
        elif isinstance(block, model.Quote):
            outer = style.left_indent if style else 0.0
            quote = styles.quote_text
            nested = replace(quote, left_indent=outer + quote.left_indent)
            out.extend(_blocks(block.blocks, styles, True, nested, None, lists, column))
            first = False
        elif isinstance(block, model.ListBlock):
            outer = style.left_indent if style else 0.0
            item = styles.list_item_text
            nested = replace(item, left_indent=outer + item.left_indent,
                             bullet_indent=outer + item.bullet_indent)
            for number, blocks_of_item in enumerate(block.items, start=block.start):
                mark = f"{number}." if block.ordered else BULLETS[min(lists, len(BULLETS) - 1)]
                out.extend(_blocks(blocks_of_item, styles, True, nested, mark, lists + 1,
                                   column))
            first = False
        elif isinstance(block, model.Rule):
            out.append(Paragraph("* * *", styles.separator))
            first = True
        elif isinstance(block, model.Table):
            indent = style.left_indent if style else 0.0
            out.extend(table_flowables(block, styles, column - indent))
            first = True
        elif isinstance(block, model.Box):
            inner: list[Flowable] = []
            if block.title:
                title = styles.box_title_text
                inner.append(ComposedParagraph(plain(block.title, title.faces, bold=True),
                                               replace(title, keep_with_next=False)))
            inner += _blocks(block.blocks, styles, True, None, None, lists,
                             column - 2 * BoxedBlocks.PAD)
            out.append(BoxedBlocks(inner, styles, titled=bool(block.title)))
            first = True
    return out
