"""Reading built PDFs with independent tools: poppler's command-line tools and pypdf."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts rows as dicts: name, type, emb, sub, uni."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        fields = line.split()
        rows.append({"name": fields[0], "emb": fields[-5], "sub": fields[-4], "uni": fields[-3],
                     "type": " ".join(fields[1:-6])})
    return rows


def words_with_boxes(pdf: Path) -> list[tuple[int, str, float, float, float, float]]:
    """(page number, word, xMin, yMin, xMax, yMax) for every word pdftotext finds."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    words = []
    page = 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                          r"(.*)</word>", line)
        if match:
            x0, y0, x1, y1 = (float(g) for g in match.groups()[:4])
            words.append((page, match.group(5), x0, y0, x1, y1))
    return words


def page_texts(pdf: Path) -> list[str]:
    """The text of each page in content-stream order (pypdf), which is reading order for us."""
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def squeeze(text: str) -> str:
    return " ".join(text.split())


def placed_images(pdf: Path) -> list[dict[str, float]]:
    """pdfimages -list rows: page, pixel size, and the placed width and height in mm."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        fields = line.split()
        width, height, x_ppi, y_ppi = int(fields[3]), int(fields[4]), float(fields[12]), float(fields[13])
        rows.append({"page": int(fields[0]), "width_px": width, "height_px": height,
                     "color": fields[5], "ppi": min(x_ppi, y_ppi),
                     "width_mm": width / x_ppi * 25.4, "height_mm": height / y_ppi * 25.4})
    return rows


def text_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(text shown, base font name without its subset tag) for every text operation."""
    shown: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            shown.append((text, str(font.get("/BaseFont", "")).split("+")[-1]))

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return shown


def drawn_images(pdf: Path) -> list[tuple[int, float, float, float, float]]:
    """(page, left, top, width, height) of every image drawn, in points from the page's top
    left corner, read from the content streams' transformation matrices."""
    drawn = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        top = float(page.mediabox[3])

        def visit(op, args, cm, tm, number=number, top=top):
            if op == b"Do":
                drawn.append((number, cm[4], top - cm[5] - cm[3], cm[0], cm[3]))
        page.extract_text(visitor_operand_before=visit)
    return drawn
