"""Tables in the print edition: set in the column (or across the columns when a column is
too narrow), the header row in the heading face and repeated when the table goes on in
the next column or page, cells in balanced ragged lines aligned as the delimiter row says,
column widths from what each column holds."""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable, Table, TableStyle

from bantin_print import model
from bantin_print.i18n import Message, msg
from bantin_print.pdf.paragraph import ComposedParagraph
from bantin_print.pdf.paragraph.collect import collect
from bantin_print.pdf.paragraph.prepare import Box, Glue, prepare
from bantin_print.pdf.styles import Styles

PADDING = 2.5  # points, each side of a cell's text
MM = 72 / 25.4


class TableTooWide(Exception):
    """The table's columns do not fit the column even with their text wrapped; `message`
    says by how much."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def table_flowables(table: model.Table, styles: Styles, width: float,
                    room: Message | None = None) -> list[Flowable]:
    """The table (with its title) set `width` wide; `room` names that width in messages
    (default: a column)."""
    head_style, cell_style = styles.table_head_text, styles.table_cell_text
    header = [ComposedParagraph(collect(cell, head_style.faces, bold=True),
                                replace(head_style, align=align))
              for cell, align in zip(table.header, table.aligns)]
    rows = [[ComposedParagraph(collect(cell, cell_style.faces), replace(cell_style, align=align))
             for cell, align in zip(row, table.aligns)] for row in table.rows]
    widths = _column_widths([header] + rows, width, table, room or msg("a column"))
    palette = styles.palette
    # ReportLab selects a font for every cell even when it holds a flowable (Helvetica
    # unless told otherwise, which a print shop refuses unembedded).
    commands = [("FONTNAME", (0, 0), (-1, -1), cell_style.faces.regular),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
                ("BACKGROUND", (0, 0), (-1, 0), palette.tint),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, palette.accent),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, palette.rule)]
    flowable = Table([header] + rows, colWidths=widths, repeatRows=1, hAlign="LEFT",
                     style=TableStyle(commands))
    flowable.spaceBefore, flowable.spaceAfter = 3, 5
    out: list[Flowable] = []
    if table.title:
        title = styles.table_title_text
        out.append(ComposedParagraph(collect(table.title, title.faces, bold=True), title))
    out.append(flowable)
    return out


def _column_widths(rows: list[list[ComposedParagraph]], width: float,
                   table: model.Table, room: Message) -> list[float]:
    """At least each column's widest word, then what is left shared out by how much more
    each column's longest cell would want on one line."""
    columns = len(rows[0])
    least = [0.0] * columns
    most = [0.0] * columns
    for row in rows:
        for n, cell in enumerate(row):
            items = prepare(cell.runs, cell.style.size, 1e9)
            words = [i.width for i in items if isinstance(i, Box)]
            least[n] = max(least[n], max(words, default=0.0) + 2 * PADDING + 0.5)
            line = sum(i.width for i in items if isinstance(i, (Box, Glue)))
            most[n] = max(most[n], line + 2 * PADDING + 0.5)
    if sum(least) > width:
        raise TableTooWide(msg(
            "the table on line {line} has {columns} columns whose longest words need "
            "{needed:.0f} mm; {room} is {width:.0f} mm: use fewer columns or shorter words",
            line=table.line, columns=columns, needed=sum(least) / MM, room=room,
            width=width / MM))
    if sum(most) <= width:
        spare = width - sum(most)
        return [m + spare * m / sum(most) for m in most]
    spare = width - sum(least)
    wants = [m - low for m, low in zip(most, least)]
    total = sum(wants) or 1.0
    return [low + spare * want / total for low, want in zip(least, wants)]
