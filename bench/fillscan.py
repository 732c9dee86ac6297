"""How full the columns of a PDF's pages are, read from rendered pixels (pdftoppm), not
from the layout's own idea of itself: for each column strip of the text area, where its
ink ends and the tallest white gap inside it.

Used by bench/fill.py and by the tests of page composition.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

MM = 72 / 25.4
DPI = 50
INK = 245  # grey level below which a pixel is ink: text, photos, rules, the boxes' tint (238)
# Ordinary white between pieces of one column (paragraph spacing, the gap between two
# articles, a subheading's space) stays well under this; anything taller is a hole.
HOLE_MM = 20.0


@dataclass
class Column:
    end_gap_mm: float  # from the last ink to the foot of the text area
    largest_gap_mm: float  # the tallest white run between the first and the last ink
    filled: float  # share of the column's height neither after its last ink nor in its
    # tallest gap (the white above an imprint at the foot of the last page is a gap)


@dataclass
class PageFill:
    number: int
    columns: list[Column]

    @property
    def filled(self) -> float:
        return sum(c.filled for c in self.columns) / len(self.columns)

    @property
    def blank(self) -> bool:
        return all(c.filled == 0 for c in self.columns)

    def holes(self, limit_mm: float = HOLE_MM) -> list[str]:
        """What a layout artist would call a hole on this page."""
        found = []
        for n, column in enumerate(self.columns, start=1):
            if column.end_gap_mm > limit_mm:
                found.append(f"page {self.number} column {n} ends {column.end_gap_mm:.0f} mm early")
            if column.largest_gap_mm > limit_mm:
                found.append(f"page {self.number} column {n} has a {column.largest_gap_mm:.0f} mm gap")
        return found


def scan(pdf: Path, columns: int = 3, margin_mm: float = 15.0, gutter_mm: float = 4.5,
         footer_mm: float = 2.0) -> list[PageFill]:
    """The fill of every page, for a bantin-print page geometry (the text area inside the
    TrimBox's margins, its foot `footer_mm` above the bottom margin)."""
    reader = PdfReader(pdf)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), f"{tmp}/p"], check=True)
        images = sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1]))
        pages = []
        for number, (page, path) in enumerate(zip(reader.pages, images), start=1):
            with Image.open(path) as image:
                pages.append(_page(number, page, image.convert("L"), columns, margin_mm,
                                   gutter_mm, footer_mm))
    return pages


def _page(number: int, page, image: Image.Image, count: int, margin_mm: float,
          gutter_mm: float, footer_mm: float) -> PageFill:
    media = [float(v) for v in page.mediabox]
    trim = [float(v) for v in (page.trimbox if "/TrimBox" in page else page.mediabox)]
    scale = image.width / (media[2] - media[0])  # pixels per point

    def px(points: float) -> int:
        return round(points * scale)

    left = trim[0] - media[0] + margin_mm * MM
    width = trim[2] - trim[0] - 2 * margin_mm * MM
    top = media[3] - trim[3] + margin_mm * MM  # from the top of the image
    bottom = media[3] - trim[1] - (margin_mm + footer_mm) * MM
    column_width = (width - (count - 1) * gutter_mm * MM) / count
    pixels = image.load()
    y0, y1 = px(top), px(bottom)

    def strip(a: float, b: float) -> list[bool]:
        """Per row of the text area: is there ink between a and b points from the left?"""
        x0, x1 = px(a) + 1, px(b) - 1
        return [any(pixels[x, y] < INK for x in range(x0, x1)) for y in range(y0, y1)]

    step = column_width + gutter_mm * MM
    # What crosses a gutter (a headline, a rule, a photo across columns) spans columns: the
    # white beside its ragged end in a column is not a hole.
    spanning = [any(rows) for rows in zip(*(strip(left + n * step - gutter_mm * MM,
                                                  left + n * step) for n in range(1, count)))]
    if not spanning:
        spanning = [False] * (y1 - y0)
    columns = []
    for index in range(count):
        rows = strip(left + index * step, left + index * step + column_width)
        inked = [y for y, ink in enumerate(rows) if ink]
        if not inked:
            columns.append(Column((bottom - top) / MM, 0.0, 0.0))
            continue
        largest = run = 0
        for y in range(inked[0], inked[-1] + 1):
            run = 0 if rows[y] or spanning[y] else run + 1
            largest = max(largest, run)
        last = inked[-1] + 1
        columns.append(Column((len(rows) - last) / scale / MM, largest / scale / MM,
                              (last - largest) / len(rows)))
    return PageFill(number, columns)
