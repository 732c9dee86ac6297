"""One article as flowables: the head across all columns, the body at column width."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from reportlab.platypus import Flowable

from bantin_print import model, placement
from bantin_print.i18n import msg
from bantin_print.pdf import markup
from bantin_print.pdf.flowables import CachedParagraph as Paragraph
from bantin_print.pdf.flowables import (AcrossColumns, BoxedBlocks, BoxedColumns, CodeLines,
                                        LayoutProblem, PhotoBlock, Rule, SectionLabel,
                                        WithByline)
from bantin_print.pdf.paragraph import ComposedParagraph, TextStyle
from bantin_print.pdf.paragraph.collect import collect, plain
from bantin_print.pdf.styles import Geometry, Styles
from bantin_print.pdf.tables import TableTooWide, table_flowables

# Articles shorter than this get a smaller headline, as news briefs do.
SHORT_ARTICLE_WORDS = 250
# A photo in a column (its image, without the caption) may take at most this share of the
# column's height: an upright photo never more than half.
COLUMN_SHARE = 0.5


@dataclass
class Story:
    article: model.Article
    anchor: str
    head: list[Flowable]  # full width
    body: list[Flowable]  # column width
    images: list = field(default_factory=list)  # what its photos embed, made if it is kept


def build_story(article: model.Article, anchor: str, section_title: str | None,
                geometry: Geometry, styles: Styles, image_for, layout: model.Layout,
                photo_size: int = 0) -> Story:
    """`photo_size`: +1 to let a landscape photo stand across the columns under the
    headline, -1 to keep every photo the layout may place in a column (fitting pages)."""
    images: list = []

    def image_for_story(photo: model.Photo, width: float, height: float):
        images.append(image_for(photo, width, height))
        return images[-1]

    head: list[Flowable] = []
    if section_title:
        head.append(SectionLabel(section_title, styles))
    words = sum(len(model.plain_text(b.content).split()) for b in article.body
                if isinstance(b, model.Paragraph))
    headline = styles.headline_text if words >= SHORT_ARTICLE_WORDS else styles.headline_short_text
    head.append(ComposedParagraph(plain(article.title, headline.faces, bold=True), headline))

    wide, in_text = placement.split_photos(article.photos, layout, photo_size)
    if wide is not None:
        head.append(PhotoBlock(wide, image_for_story, geometry.width,
                               geometry.height * placement.FULL_WIDTH_MOST, styles,
                               caption_extra=True))

    def figure(photo: model.Photo, width: float) -> PhotoBlock:
        return PhotoBlock(photo, image_for_story, width, geometry.height * COLUMN_SHARE,
                          styles, caption_extra=True)

    setting = _Setting(styles, geometry.column_width, figure,
                       geometry.width if geometry.columns > 1 else 0.0,
                       geometry.columns, geometry.gutter)
    text: list[Flowable] = []
    if article.lead:
        lead = styles.lead_text
        text.append(ComposedParagraph(plain(article.lead, lead.faces, bold=True), lead,
                                      styles.limits))
    try:
        text.extend(_blocks(placement.with_photos(article.body, in_text), setting, first=True))
    except TableTooWide as problem:
        raise LayoutProblem(problem.message, article) from None
    if article.author:
        byline = Paragraph(markup.text(article.author), styles.author)
        last = text[-1] if text else None
        if isinstance(last, ComposedParagraph) and last.style is not styles.lead_text:
            text[-1] = WithByline(last, byline)
        elif isinstance(last, AcrossColumns):  # under it, at the right of the text area
            last.items.append(byline)
        else:
            text.append(byline)

    if article.notes:  # footnotes at the article's end, under a hairline
        text.append(Rule(styles.palette.rule, weight=0.4, space=3))
        for note in article.notes:
            text.extend(_blocks(note.blocks, replace(setting, across=0.0), True,
                                styles.note_text, f"{note.number}."))
    return Story(article, anchor, head, text, images)


@dataclass(frozen=True)
class _Setting:
    """What every block of an article is set with: the styles, the column's width,
    `figure(photo, width)` (a photo's flowable), and the columns of the page."""

    styles: Styles
    column: float
    figure: Callable[[model.Photo, float], Flowable]
    across: float = 0.0  # the text's full width, where a block may go across the columns
    count: int = 1  # columns
    gutter: float = 0.0


# Bullets per level of a nested list (glyphs every bundled face has).
BULLETS = ("•", "–", "·")


def _blocks(blocks: list[model.Block], setting: _Setting, first: bool,
            style: TextStyle | None = None, bullet: str | None = None,
            lists: int = 0) -> list[Flowable]:
    """Body blocks as flowables. Inside quotes and list items `style` replaces the body
    styles, and `bullet` marks the item's first paragraph; `lists` counts the lists the
    blocks are in. A nested quotation or list is indented from where its container's text
    starts."""
    styles = setting.styles
    indent = style.left_indent if style else 0.0  # where the container's text starts
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
            quote = styles.quote_text
            nested = replace(quote, left_indent=indent + quote.left_indent)
            out.extend(_blocks(block.blocks, setting, True, nested, None, lists))
            first = False
        elif isinstance(block, model.ListBlock):
            item = styles.list_item_text
            nested = replace(item, left_indent=indent + item.left_indent,
                             bullet_indent=indent + item.bullet_indent)
            for number, blocks_of_item in enumerate(block.items, start=block.start):
                mark = f"{number}." if block.ordered else BULLETS[min(lists, len(BULLETS) - 1)]
                out.extend(_blocks(blocks_of_item, setting, True, nested, mark, lists + 1))
            first = False
        elif isinstance(block, model.Rule):
            out.append(Paragraph("* * *", styles.separator))
            first = True
        elif isinstance(block, model.Table):
            try:
                out.extend(table_flowables(block, styles, setting.column - indent))
            except TableTooWide:
                if not setting.across or style is not None:
                    raise
                out.append(AcrossColumns(table_flowables(block, styles, setting.across,
                                                         msg("the text area")), block.line))
            first = True
        elif isinstance(block, model.Box):
            title = styles.box_title_text
            heading = (ComposedParagraph(plain(block.title, title.faces, bold=True),
                                         replace(title, keep_with_next=False))
                       if block.title else None)
            nested = replace(setting, across=0.0)
            if block.wide and setting.across and style is None:
                box = BoxedColumns(heading, [], setting.count, setting.gutter, styles)
                inside = replace(nested, column=box.column_width(setting.across))
                box.blocks = _blocks(block.blocks, inside, True, None, None, lists)
                out.append(AcrossColumns([box], block.line))
            else:
                inside = replace(nested, column=setting.column - 2 * BoxedBlocks.PAD)
                inner = ([heading] if heading else []) + _blocks(block.blocks, inside, True,
                                                                 None, None, lists)
                out.append(BoxedBlocks(inner, styles, titled=bool(block.title)))
            first = True
        elif isinstance(block, model.CodeBlock):
            out.append(CodeLines(block.text, styles.code, styles.palette.rule))
            first = True
        elif isinstance(block, model.Figure):
            out.append(setting.figure(block.photo, setting.column - indent))
    return out
