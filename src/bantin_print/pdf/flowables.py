"""The pieces of a bulletin page that are more than a paragraph."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from bantin_print import law, model
from bantin_print.i18n import Message, msg
from bantin_print.text import end_sentence
from bantin_print.pdf import markup
from bantin_print.pdf.paragraph import ComposedParagraph, TextStyle
from bantin_print.pdf.paragraph.collect import Run, plain
from bantin_print.pdf.styles import Styles

CAPTION_GAP = 2.2
# A photo shown smaller than this is not worth printing: the caption has taken its room.
MIN_PHOTO_HEIGHT = 20 * mm
# With 'crop: yes', at most this share of a photo's height may be trimmed (from the centre:
# half at the top, half at the foot) so that it keeps its width under a height limit.
CROP = 0.08


class LayoutProblem(Exception):
    """Something that cannot be laid out; `message` says what, `subject` is the article or
    photo concerned."""

    def __init__(self, message: Message, subject=None) -> None:
        super().__init__(message)
        self.message = message
        self.subject = subject


class CachedParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    Balancing columns tries many heights but never another width, and ReportLab's wrap
    would break the lines again each time (most of the layout time, measured). split()
    also discards the broken lines when it refuses to split, which the cache restores.
    """

    _lines_for = None  # (width, wrap widths, ReportLab's broken lines, height)

    def wrap(self, availWidth, availHeight):
        cached = self._lines_for
        if cached is not None and cached[0] == availWidth:
            self.width, self._wrapWidths, self.blPara, self.height = cached
            return availWidth, self.height
        result = super().wrap(availWidth, availHeight)
        self._lines_for = (availWidth, self._wrapWidths, self.blPara, self.height)
        return result

    def split(self, availWidth, availHeight):
        """ReportLab's split, whose second part keeps the lines already broken: they are the
        same at the same width (its first line was a following line here), so balancing
        does not break them again."""
        parts = super().split(availWidth, availHeight)
        cached = self._lines_for
        if (len(parts) == 2 and cached is not None and cached[0] == availWidth
                and self.style.leftIndent == 0 and self.style.rightIndent == 0
                and not self.bulletText and getattr(self, "blPara", None) is not None
                and self.blPara.kind == 0):  # one-font lines; mixed ones index their frags
            lines = self.blPara.lines
            taken = len(parts[0].blPara.lines)
            rest = self.blPara.clone()
            rest.lines = lines[taken:]
            width = cached[1][-1]
            parts[1]._lines_for = (availWidth, [width, width], rest,
                                   len(rest.lines) * self.style.leading)
        return parts


class PhotoBlock(Flowable):
    """A photo scaled to fit, never distorted, with its caption and credit beneath.

    Never split: a photo is not cut by a column or page break.
    """

    def __init__(self, photo: model.Photo, image_for, width: float, max_height: float,
                 styles: Styles, caption_extra: bool = False) -> None:
        """`image_for(photo, width, height)` gives what to embed for the photo placed at that
        size in points: an object whose `source` ReportLab's drawImage takes, filled in any
        time before drawing (photos are processed together, in parallel)."""
        super().__init__()
        self.photo = photo
        self.spaceBefore = 5
        self.spaceAfter = 7
        self.caption = _caption(photo, styles)
        self.max_height = max_height
        self.caption_extra = caption_extra  # max_height is the image's alone
        self.image_width = self.image_height = 0.0
        self._layout(width)
        self.image = image_for(photo, self.image_width, self.full_height)

    def _layout(self, width: float) -> None:
        """The image as large as fits `width` and the height limit with its caption, which
        is set at the image's own width: narrower image, narrower caption, taller caption,
        so the two are settled together (three rounds suffice: each narrows by less).
        With 'crop: yes', an image too tall for the limit keeps more of its width, up to
        CROP of its height trimmed, half at the top and half at the foot."""
        ratio = self.photo.height / self.photo.width
        shown = ratio * (1 - CROP) if self.photo.crop else ratio  # the tallest it may be cut to

        def limit_at(image_width: float) -> float:
            caption_height = (self.caption.wrap(image_width, 10_000)[1]
                              if self.caption else 0.0)
            return (self.max_height if self.caption_extra
                    else max(self.max_height - caption_height - CAPTION_GAP, 0.0))

        self.image_width = width
        for _ in range(3):
            fitted = min(width, limit_at(self.image_width) / shown)
            if abs(fitted - self.image_width) < 0.5:
                break
            self.image_width = fitted
        self.image_width = min(self.image_width, fitted)
        self.full_height = self.image_width * ratio  # the image as drawn, before the cut
        self.image_height = min(self.full_height, max(limit_at(self.image_width),
                                                      self.image_width * shown))
        caption_height = self.caption.wrap(self.image_width, 10_000)[1] if self.caption else 0
        if self.image_height < min(MIN_PHOTO_HEIGHT, width * ratio):
            raise LayoutProblem(msg("its caption leaves no room for the photo in a column; "
                                    "shorten the caption"), self.photo)
        self.caption_height = caption_height
        self.height = self.image_height + (caption_height + CAPTION_GAP if self.caption else 0)
        self.width = width

    def wrap(self, available_width: float, available_height: float):
        return self.width, self.height

    def split(self, available_width: float, available_height: float):
        return []

    def draw(self) -> None:
        canvas = self.canv
        x = (self.width - self.image_width) / 2
        y = self.height - self.image_height
        if self.full_height > self.image_height + 0.01:  # cropped: the centre of it shows
            canvas.saveState()
            path = canvas.beginPath()
            path.rect(x, y, self.image_width, self.image_height)
            canvas.clipPath(path, stroke=0, fill=0)
            canvas.drawImage(self.image.source, x, y - (self.full_height - self.image_height) / 2,
                             self.image_width, self.full_height)
            canvas.restoreState()
        else:
            canvas.drawImage(self.image.source, x, y, self.image_width, self.image_height)
        if self.caption:  # under the image, as wide, from the same left edge
            self.caption.drawOn(canvas, x, 0)


def _caption(photo: model.Photo, styles: Styles) -> ComposedParagraph | None:
    """The caption in italic, the credit after it upright, in balanced lines."""
    style = styles.caption_text
    runs = []
    if photo.caption:
        text = end_sentence(photo.caption) if photo.credit else photo.caption
        runs += plain(text + (" " if photo.credit else ""), style.faces, italic=True)
    if photo.credit:
        runs += plain(photo.credit, style.faces)
    return ComposedParagraph(runs, style) if runs else None


class WithByline(Flowable):
    """An article's last paragraph and the author's name under it, which must not be parted:
    a split leaves at least two lines of the paragraph (ReportLab's widow control) with the
    name."""

    def __init__(self, paragraph: Paragraph, byline: Paragraph) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.byline = byline
        self.spaceBefore = paragraph.getSpaceBefore()

    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        self.paragraph_height = self.paragraph.wrap(available_width, available_height)[1]
        self.byline_height = self.byline.wrap(available_width, available_height)[1]
        self.height = self.paragraph_height + self.byline.getSpaceBefore() + self.byline_height
        return self.width, self.height

    def split(self, available_width: float, available_height: float):
        # Split so that the lines carried over make room for the name on the next column
        # even when the whole paragraph would have fitted here without it.
        room = available_height - self.byline.getSpaceBefore() - self.byline_height
        parts = self.paragraph.split(available_width, room) if room > 0 else []
        if len(parts) != 2:
            return []
        return [parts[0], WithByline(parts[1], self.byline)]

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, self.height - self.paragraph_height)
        self.byline.drawOn(self.canv, 0, 0)


class SectionLabel(Flowable):
    """The section's name over its first article: an accent block, the name, a hairline."""

    def __init__(self, title: str, styles: Styles) -> None:
        super().__init__()
        style = styles.section
        self.paragraph = Paragraph(markup.text(title.upper()), style)
        self.color = styles.palette.accent
        self.natural_width = stringWidth(title.upper(), style.fontName, style.fontSize) + 1
        self.spaceAfter = 4

    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        self.text_width = min(self.natural_width, available_width - 20 * mm)
        self.text_height = self.paragraph.wrap(self.text_width, available_height)[1]
        self.height = self.text_height + 2
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(self.color)
        canvas.rect(0, 1, 2.2, self.text_height, stroke=0, fill=1)
        self.paragraph.drawOn(canvas, 5, 2)
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(0.6)
        y = 2 + self.text_height - 5
        canvas.line(5 + self.text_width + 3, y, self.width, y)


class Rule(Flowable):
    """A hairline across the given width."""

    def __init__(self, color, weight: float = 0.5, space: float = 5) -> None:
        super().__init__()
        self.weight = weight
        self.color = color
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        self.height = self.weight
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.weight)
        self.canv.line(0, self.weight / 2, self.width, self.weight / 2)


def _tint(canvas, width: float, height: float, background, rule) -> None:
    """A box's ground: the tint, and the accent rule across its top (none when `rule` is
    None: a box going on from the previous column)."""
    canvas.setFillColor(background)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    if rule is not None:
        canvas.setFillColor(rule)
        canvas.rect(0, height - 1.6, width, 1.6, stroke=0, fill=1)


class BoxedBlocks(Flowable):
    """A box in an article's text (`::: box`): its title and blocks on the tint under an
    accent rule; it goes on in the next column between two of its blocks, never inside
    one."""

    PAD = 2.6 * mm

    def __init__(self, blocks: list[Flowable], styles: Styles, continued: bool = False,
                 titled: bool = False) -> None:
        super().__init__()
        self.blocks = blocks
        self.titled = titled  # its first block is the title, which stays with the next
        self.styles = styles
        self.continued = continued
        self.background, self.top = styles.palette.tint, styles.palette.accent
        self.spaceBefore, self.spaceAfter = 4, 5

    def _heights(self, inner: float) -> list[float]:
        return [block.wrap(inner, 10_000)[1] + (block.getSpaceBefore() if n else 0)
                + (block.getSpaceAfter() if n < len(self.blocks) - 1 else 0)
                for n, block in enumerate(self.blocks)]

    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        self.heights = self._heights(available_width - 2 * self.PAD)
        self.height = sum(self.heights) + 2 * self.PAD
        return self.width, self.height

    def split(self, available_width: float, available_height: float):
        heights = self._heights(available_width - 2 * self.PAD)
        room, taken = available_height - 2 * self.PAD, 0
        while taken < len(heights) and heights[taken] <= room:
            room -= heights[taken]
            taken += 1
        if taken == len(heights):
            return [self]
        if taken < (2 if self.titled else 1):
            return []
        return [BoxedBlocks(self.blocks[:taken], self.styles, self.continued, self.titled),
                BoxedBlocks(self.blocks[taken:], self.styles, True)]

    def draw(self) -> None:
        canvas = self.canv
        _tint(canvas, self.width, self.height, self.background,
              None if self.continued else self.top)
        y = self.height - self.PAD
        for n, (block, height) in enumerate(zip(self.blocks, self.heights)):
            before = block.getSpaceBefore() if n else 0
            own = height - before - (block.getSpaceAfter() if n < len(self.blocks) - 1 else 0)
            y -= before + own
            block.drawOn(canvas, self.PAD, y)
            y -= height - before - own


class AcrossColumns(Flowable):
    """What an article sets across all its columns in the middle of its text (a table too
    wide for one column, a wide box): the composer ends the columns above it level, sets
    `items` at the text's full width, and goes on in columns below."""

    def __init__(self, items: list[Flowable], line: int = 0) -> None:
        super().__init__()
        self.items = items
        self.line = line  # of the block in its article, for messages

    def wrap(self, available_width: float, available_height: float):
        raise TypeError("AcrossColumns is placed by the composer, never in a column")


class BoxedColumns(Flowable):
    """A wide box: its title and blocks on the tint under an accent rule, the blocks in
    balanced columns as the page's. Never split: taller than the room left, it goes to
    the next page."""

    PAD = 2.6 * mm
    TITLE_GAP = 3.0

    def __init__(self, title: Flowable | None, blocks: list[Flowable], count: int,
                 gutter: float, styles: Styles) -> None:
        super().__init__()
        self.title, self.blocks, self.count, self.gutter = title, blocks, count, gutter
        self.background, self.top = styles.palette.tint, styles.palette.accent
        self.spaceBefore, self.spaceAfter = 4, 5

    def column_width(self, width: float) -> float:
        return (width - 2 * self.PAD - (self.count - 1) * self.gutter) / self.count

    def wrap(self, available_width: float, available_height: float):
        from bantin_print.pdf import columns  # columns knows PhotoBlock, which lives here

        self.width = available_width
        inner = available_width - 2 * self.PAD
        self.title_height = (self.title.wrap(inner, 10_000)[1] + self.TITLE_GAP
                             if self.title else 0.0)
        width = self.column_width(available_width)
        self.filled = columns.balance(self.blocks, width, 10_000, self.count)
        used = self.filled.used_height() if self.filled else 0.0
        self.height = self.title_height + used + 2 * self.PAD
        return self.width, self.height

    def split(self, available_width: float, available_height: float):
        return []

    def draw(self) -> None:
        canvas = self.canv
        _tint(canvas, self.width, self.height, self.background, self.top)
        top = self.height - self.PAD
        if self.title:
            height = self.title.wrap(self.width - 2 * self.PAD, 10_000)[1]
            self.title.drawOn(canvas, self.PAD, top - height)
            top -= self.title_height
        width = self.column_width(self.width)
        for index, slots in enumerate(self.filled.columns if self.filled else []):
            y = top
            for slot in slots:
                y -= slot.space_before + slot.height
                slot.flowable.drawOn(canvas, self.PAD + index * (width + self.gutter), y)
                y -= slot.flowable.getSpaceAfter()


class CodeLines(Flowable):
    """A code block: its lines as written, spaces kept, in the monospaced face beside a
    rule. A line wider than the column goes on in the next, indented, broken after a
    space where there is one (else where it reaches the edge); the block goes on in the
    next column between two lines, leaving at least LEAST lines on either side."""

    LEAST = 3
    INDENT = 2 * mm  # from the rule to the text
    CONTINUED = 2  # characters of indent on a line that goes on
    RULE = 0.8

    def __init__(self, text: str | list[str], style, color) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.color = color
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.lines: list[str] = text if isinstance(text, list) else []

    def _wrapped(self, width: float) -> list[str]:
        if isinstance(self.text, list):
            return self.text
        font, size = self.style.fontName, self.style.fontSize
        per_line = max(int((width - self.INDENT) / stringWidth("0", font, size)), 8)
        out: list[str] = []
        for line in self.text.expandtabs(4).split("\n"):
            line = line.rstrip()
            while len(line) > per_line:
                cut = line.rfind(" ", per_line // 2, per_line + 1)
                cut = cut + 1 if cut > 0 else per_line
                out.append(line[:cut].rstrip())
                line = " " * self.CONTINUED + line[cut:].lstrip()
            out.append(line)
        return out

    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        self.lines = self._wrapped(available_width)
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float):
        lines = self._wrapped(available_width)
        fit = min(int(available_height / self.style.leading), len(lines) - self.LEAST)
        if fit >= len(lines):
            return [self]
        if fit < self.LEAST:
            return []
        first, rest = CodeLines(lines[:fit], self.style, self.color), \
            CodeLines(lines[fit:], self.style, self.color)
        rest.spaceBefore = 0
        return [first, rest]

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(self.color)
        canvas.rect(0, 0, self.RULE, self.height, stroke=0, fill=1)
        text = canvas.beginText()
        leading, size = self.style.leading, self.style.fontSize
        text.setFont(self.style.fontName, size, leading)
        text.setFillColor(self.style.textColor)
        text.setTextOrigin(self.INDENT, self.height - leading + (leading - size) / 2 + 1)
        for line in self.lines:
            text.textLine(line)
        canvas.drawText(text)


class Boxed(Flowable):
    """Paragraphs on a tinted background with an accent rule on top."""

    PAD = 2.6 * mm

    def __init__(self, rows: list[Flowable], styles: Styles, min_height: float = 0.0) -> None:
        super().__init__()
        self.rows = rows
        self.min_height = min_height  # the tint reaches at least this far down
        self.background, self.top = styles.palette.tint, styles.palette.accent

    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        inner = available_width - 2 * self.PAD
        self.heights = [row.wrap(inner, 10_000)[1] + row.getSpaceBefore() for row in self.rows]
        self.height = max(sum(self.heights) + 2 * self.PAD, self.min_height)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        _tint(canvas, self.width, self.height, self.background, self.top)
        y = self.height - self.PAD
        for row, height in zip(self.rows, self.heights):
            y -= height
            row.drawOn(canvas, self.PAD, y)


def contents_box(entries: list[tuple[str, list[tuple[str, str, int]]]], styles: Styles,
                 sections_only: bool = False) -> Boxed:
    """'Trong số này': per section, its articles with their page numbers, each a link.

    entries: [(section title, [(article title, anchor, page number)])]. Page numbers sit in
    a fixed-width column, so the box's height does not depend on them.
    """
    rows: list[Flowable] = [Paragraph("TRONG SỐ NÀY", styles.contents_title)]
    table_rows = []
    # Tables set plain-string cells in Helvetica unless told otherwise.
    commands = [("FONTNAME", (0, 0), (-1, -1), styles.heading_fonts.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2)]
    for section, articles in entries:
        anchor, page = articles[0][1], articles[0][2]
        if sections_only:
            table_rows.append([_linked(section, anchor, styles.contents_entry_text),
                               _linked(str(page), anchor, styles.contents_page_text)])
            continue
        commands.append(("SPAN", (0, len(table_rows)), (1, len(table_rows))))
        table_rows.append([Paragraph(markup.text(section.upper()), styles.contents_section), ""])
        for title, anchor, page in articles:
            table_rows.append([_linked(title, anchor, styles.contents_entry_text),
                               _linked(str(page), anchor, styles.contents_page_text)])
    table = Table(table_rows, colWidths=["*", 7 * mm], style=TableStyle(commands))
    rows.append(table)
    return Boxed(rows, styles)


def _linked(text: str, anchor: str, style: TextStyle) -> ComposedParagraph:
    return ComposedParagraph([Run(text, style.faces.face(style.bold, style.italic),
                                  f"#{anchor}")], style)


def imprint_box(issue: model.Issue, styles: Styles) -> Boxed:
    """What Luật Báo chí 2016, Điều 34 asks the last page to carry."""
    lines = [(None, issue.publication.name.upper()), *law.imprint_rows(issue),
             (None, issue.imprint.distribution)]
    rows: list[Flowable] = []
    for label, value in lines:
        if not value:
            continue
        if label is None:
            style = styles.imprint_title if not rows else styles.imprint
            rows.append(Paragraph(f"<b>{markup.text(value)}</b>", style))
        else:
            rows.append(Paragraph(f"{label}: <b>{markup.text(value)}</b>", styles.imprint))
    return Boxed(rows, styles)


class Masthead(Flowable):
    """Top of page 1 as the law asks: BẢN TIN, the name, the publisher, number and date."""

    def __init__(self, label: str, name: str, publisher: str, left: str, middle: str,
                 right: str, styles: Styles) -> None:
        super().__init__()
        self.color = styles.palette.accent
        name_style = styles.mast_name_text
        self.parts = [Paragraph(markup.text(label), styles.mast_label),
                      ComposedParagraph(plain(name, name_style.faces, bold=True), name_style),
                      Paragraph(markup.text(publisher), styles.mast_publisher)]
        bar = [styles.mast_bar.clone(f"mast-bar-{n}", alignment=n) for n in range(3)]
        self.bar = Table([[Paragraph(markup.text(left), bar[0]),
                           Paragraph(f"<i>{markup.text(middle)}</i>", bar[1]),
                           Paragraph(markup.text(right), bar[2])]],
                         colWidths=["22%", "38%", "40%"],
                         style=TableStyle([("FONTNAME", (0, 0), (-1, -1), styles.heading_fonts.regular),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                           ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        self.spaceAfter = 6

    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        self.heights = [p.wrap(available_width, 10_000)[1] for p in self.parts]
        self.bar_height = self.bar.wrap(available_width, 10_000)[1]
        self.height = sum(self.heights) + 3 + 4 + self.bar_height + 4 + 3
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        y = self.height
        for paragraph, height in zip(self.parts, self.heights):
            y -= height
            paragraph.drawOn(canvas, 0, y)
        y -= 3 + 4
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(1.4)
        canvas.line(0, y + 4, self.width, y + 4)
        y -= self.bar_height
        self.bar.drawOn(canvas, 0, y)
        canvas.setLineWidth(0.5)
        canvas.line(0, y - 4, self.width, y - 4)
