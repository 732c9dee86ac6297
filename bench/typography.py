"""How well the columns are set: word gaps of justified body lines, widows and orphans,
and the letter spacing and glyph scaling used, for bantin-print and for Typst on the same
articles.

    python bench/typography.py [--articles 60] [--pages 5-20] [PDF ...]

With PDF files, it measures those (body text in Noto Serif Regular); without, it writes the
synthetic issue, builds it with bantin-print and Typst (PyPI `typst`) and measures both.
Needs the bench extra: pip install -e '.[bench]'.

Everything is read from glyph positions (pdfminer.six), not from our own idea of the
layout: a line is a run of body-font glyphs on one baseline in one column; it is
justified when it reaches its column's right edge; its word gaps are the distances between
the last glyph of a word and the first of the next, against the font's natural space.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import TYPST, typst_source  # noqa: E402
from pdfops import shown_with  # noqa: E402
from synthetic import write_issue  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BODY_FONT = "NotoSerif-Regular"
BODY_SIZE = 9.5
EDGE = 0.6  # pt: a line ending this close to its column's right edge (or past it) is justified
COLUMN_GAP = 8.0  # pt between two glyphs on one baseline: another column


def natural_space(size: float) -> float:
    font = TTFont(REPO / "fonts" / f"{BODY_FONT}.ttf", lazy=True)
    advance = font["hmtx"][font.getBestCmap()[32]][0]
    return advance / font["head"].unitsPerEm * size


@dataclass
class Line:
    page: int
    top: float
    x0: float
    x1: float
    chars: list[LTChar]
    body: bool  # mostly body-font glyphs at the body size
    justified: bool = False
    gaps: list[float] = field(default_factory=list)  # word gaps, in natural spaces

    @property
    def mean_gap(self) -> float:
        return statistics.fmean(self.gaps) if self.gaps else 0.0


def _is_body(char: LTChar) -> bool:
    return BODY_FONT in char.fontname and abs(char.size - BODY_SIZE) < 0.15


def lines_of(page: LTPage, number: int, space: float) -> list[Line]:
    chars = [c for c in _chars(page) if c.get_text().strip()]
    rows: dict[float, list[LTChar]] = {}
    for char in chars:
        rows.setdefault(round(char.y0 * 2) / 2, []).append(char)
    lines = []
    for y, row in rows.items():
        row.sort(key=lambda c: c.x0)
        segment = [row[0]]
        for char in row[1:]:
            if char.x0 - segment[-1].x1 > COLUMN_GAP:
                lines.append(_line(number, segment, space))
                segment = []
            segment.append(char)
        lines.append(_line(number, segment, space))
    return lines


def _chars(item):
    if isinstance(item, LTChar):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _chars(child)


def _line(number: int, chars: list[LTChar], space: float) -> Line:
    body = sum(_is_body(c) for c in chars) >= 0.5 * len(chars)
    line = Line(number, max(c.y1 for c in chars), chars[0].x0, chars[-1].x1, chars, body)
    for previous, char in zip(chars, chars[1:]):
        gap = char.x0 - previous.x1
        if gap > 0.3 * space:
            line.gaps.append(gap / space)
    return line


@dataclass
class Report:
    name: str
    lines: int
    above_15: float
    above_20: float
    median: float
    widows: int
    orphans: int
    tz: tuple[float, float] | None
    tc: float | None  # largest |Tc| in word spaces


def measure(pdf: Path, pages: range, name: str) -> Report:
    space = natural_space(BODY_SIZE)
    all_lines: list[Line] = []
    widows = orphans = 0
    for number, page in enumerate(extract_pages(str(pdf), laparams=LAParams()), start=1):
        if number not in pages:
            continue
        lines = lines_of(page, number, space)
        columns = _columns(lines)
        for column in columns:
            # The edge most lines end on (Typst hangs punctuation past it).
            ends = [round(line.x1 * 2) / 2 for line in column if len(line.gaps) >= 2]
            right = statistics.mode(ends) if ends else max(line.x1 for line in column)
            left = min((line.x0 for line in column if line.body),
                       default=min(line.x0 for line in column))
            column.sort(key=lambda line: -line.top)
            for line in column:
                line.justified = line.x1 > right - EDGE and len(line.gaps) >= 1
            body = [line for line in column if line.body]
            if body:
                first, last = column[0], column[-1]
                # A widow: the last line of a paragraph alone at the head of a column.
                if first.body and not first.justified and first.x0 < left + 1:
                    widows += 1
                # An orphan: the first line of a paragraph alone at the foot of a column.
                if last.body and last.justified and last.x0 > left + 1:
                    orphans += 1
        all_lines.extend(line for line in lines if line.body and line.justified)
    gaps = [line.mean_gap for line in all_lines]
    tz, tc = operators(pdf)
    return Report(name, len(gaps), _share(gaps, 1.5), _share(gaps, 2.0),
                  statistics.median(gaps) if gaps else 0.0, widows, orphans, tz, tc)


def _columns(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by the column they start in (x0 within 40 pt of the column's first)."""
    groups: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: line.x0):
        if groups and line.x0 - groups[-1][0].x0 < 40:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _share(values: list[float], limit: float) -> float:
    return sum(v > limit for v in values) / len(values) if values else 0.0


def operators(pdf: Path) -> tuple[tuple[float, float] | None, float | None]:
    """The range of Tz and the largest |Tc| (in word spaces of the body font) in the PDF."""
    space_em = natural_space(1.0)
    shown = shown_with(pdf)
    tzs = [tz for tz, *_ in shown]
    tcs = [abs(tc) / (space_em * size) for _, tc, size, _ in shown if size]
    moved = [t for t in tzs if t != 100.0]
    return ((min(tzs), max(tzs)) if moved else None), (max(tcs) if any(tcs) else None)


def print_reports(reports: list[Report]) -> None:
    print(f"{'':<14}{'lines':>7}{'>1.5×':>8}{'>2×':>7}{'median':>8}{'widows':>8}{'orphans':>8}"
          f"{'Tz range':>14}{'max |Tc|':>10}")
    for r in reports:
        tz = f"{r.tz[0]:.1f}–{r.tz[1]:.1f}" if r.tz else "none"
        tc = f"{r.tc:.3f} sp" if r.tc is not None else "none"
        print(f"{r.name:<14}{r.lines:>7}{r.above_15:>8.1%}{r.above_20:>7.1%}{r.median:>7.2f}×"
              f"{r.widows:>8}{r.orphans:>8}{tz:>14}{tc:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--pages", default="5-20", help="first-last page measured")
    args = parser.parse_args()
    first, _, last = args.pages.partition("-")
    pages = range(int(first), int(last or first) + 1)
    if args.pdfs:
        print_reports([measure(pdf, pages, pdf.stem[:13]) for pdf in args.pdfs])
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "issue"
        manifest = write_issue(folder, args.articles)
        ours = Path(tmp) / "ours.pdf"
        subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest), "--pdf",
                        str(ours), "--epub", str(Path(tmp) / "ours.epub")], check=True,
                       capture_output=True)
        theirs = Path(tmp) / "typst.pdf"
        subprocess.run([sys.executable, "-c", TYPST, str(typst_source(folder)), str(theirs),
                        str(REPO / "fonts")], check=True)
        sample = Path(tmp) / "sample.pdf"
        subprocess.run([sys.executable, "-m", "bantin_print", "build",
                        str(REPO / "issues" / "sample" / "issue.yaml"), "--pdf", str(sample),
                        "--epub", str(Path(tmp) / "sample.epub")], check=True,
                       capture_output=True)
        print(f"{args.articles} synthetic articles, pages {pages.start}-{pages.stop - 1}; "
              "the sample issue, all pages")
        print_reports([measure(ours, pages, "bantin-print"), measure(theirs, pages, "Typst"),
                       measure(sample, range(1, 1000), "sample")])


if __name__ == "__main__":
    main()
