"""How one line is set: the letter spacing (Tc), glyph scaling (Tz) and word spacing (Tw)
that bring it to its width, and the strings it is drawn with.

A line stretched or shrunk by the ratio r moves every resource by the same share of its
limit (spaces, letters and glyph widths together, as pdfTeX's font expansion and
InDesign's justification do); beyond the limits (r > 1) only the spaces go on
stretching. Letters never move past their limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from bantin_print.pdf.paragraph.linebreak import Flex, Line
from bantin_print.pdf.paragraph.prepare import Box, Glue, Item, Piece, width_of


@dataclass(frozen=True)
class SetLine:
    pieces: tuple[Piece, ...]  # consecutive text of one font and link
    scale: float  # Tz / 100
    letter: float  # Tc, points
    word: float  # Tw, points (added to each space)
    natural: float  # width at natural spacing
    width: float  # width as set (to the end of the last glyph)


def set_line(items: list[Item], line: Line, width: float, flex: Flex, size: float,
             justify: bool) -> SetLine:
    content = items[line.start:line.end]
    pieces = _pieces(content)
    natural = sum(i.width for i in content if isinstance(i, (Box, Glue)))
    glyphs = sum(i.glyphs for i in content if isinstance(i, Box)) + \
        sum(1 for i in content if isinstance(i, Glue))
    spaces = sum(1 for i in content if isinstance(i, Glue))
    ratio = line.ratio if justify and not (line.last and line.ratio >= 0) else 0.0
    if ratio == 0.0:
        return SetLine(pieces, 1.0, 0.0, 0.0, natural, natural)
    share = max(-1.0, min(1.0, ratio))
    scale = 1 + share * (flex.scale_stretch if share > 0 else flex.scale_shrink)
    letter = share * flex.letter
    gaps = max(glyphs - 1, 0)
    if spaces:
        word = (width / scale - natural - gaps * letter) / spaces
    else:
        word = 0.0
        if gaps:  # one word alone: letters only, within their limit
            letter = max(-flex.letter, min(flex.letter, (width / scale - natural) / gaps))
    set_width = scale * (natural + gaps * letter + spaces * word)
    return SetLine(pieces, scale, letter, word, natural, set_width)


def _pieces(content: list[Item]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for item in content:
        parts = item.pieces if isinstance(item, Box) else (item.piece,) \
            if isinstance(item, Glue) else ()
        for piece in parts:
            if out and out[-1].font == piece.font and out[-1].link == piece.link:
                out[-1] = Piece(out[-1].text + piece.text, piece.font, piece.link)
            else:
                out.append(piece)
    return tuple(out)


def advance(piece: Piece, size: float, line: SetLine) -> float:
    """How far the pen moves over `piece` in a line set as `line`."""
    return line.scale * (width_of(piece.text, piece.font, size) + len(piece.text) * line.letter
                         + piece.text.count(" ") * line.word)
