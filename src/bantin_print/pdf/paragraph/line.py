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
from bantin_print.pdf.paragraph.prepare import Box, Glue, Item, Piece, piece_width


@dataclass(frozen=True)
class SetLine:
    pieces: tuple[Piece, ...]  # consecutive text of one font and link
    scale: float  # Tz / 100
    letter: float  # Tc, points
    word: float  # Tw, points (added to each space)
    width: float  # width as set (to the end of the last glyph)


def set_line(items: list[Item], line: Line, width: float, flex: Flex, size: float,
             justify: bool) -> SetLine:
    content = items[line.start:line.end]
    pieces, natural, glyphs, spaces = _measure(content)
    ratio = line.ratio if justify and not (line.last and line.ratio >= 0) else 0.0
    if ratio == 0.0:
        return SetLine(pieces, 1.0, 0.0, 0.0, natural)
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
    return SetLine(pieces, scale, letter, word, set_width)


def _measure(content: list[Item]) -> tuple[tuple[Piece, ...], float, int, int]:
    """The line's text in runs of one font and link, its natural width, its glyphs and
    its spaces, in one pass."""
    runs: list[tuple[str, str | None, bool, bool, list[str]]] = []
    natural = 0.0
    glyphs = spaces = 0
    for item in content:
        kind = item.__class__
        if kind is Box:
            natural += item.width
            glyphs += item.glyphs
            parts = item.pieces
        elif kind is Glue:
            natural += item.width
            glyphs += 1
            spaces += 1
            parts = (item.piece,)
        else:
            continue
        for piece in parts:
            last = runs[-1] if runs else None
            if last and last[0] == piece.font and last[1] == piece.link \
                    and last[2] == piece.struck and last[3] == piece.raised:
                last[4].append(piece.text)
            else:
                runs.append((piece.font, piece.link, piece.struck, piece.raised, [piece.text]))
    pieces = tuple(Piece("".join(texts), font, link, struck, raised)
                   for font, link, struck, raised, texts in runs)
    return pieces, natural, glyphs, spaces


def advance(piece: Piece, size: float, line: SetLine) -> float:
    """How far the pen moves over `piece` in a line set as `line`."""
    return line.scale * (piece_width(piece, size) + len(piece.text) * line.letter
                         + piece.text.count(" ") * line.word)
