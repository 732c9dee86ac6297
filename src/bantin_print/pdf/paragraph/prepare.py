"""Runs to measured items: boxes (what is never broken), glue (spaces, where lines may
break) and penalties (break points without a space: inside an address; a forced break).

Widths are ReportLab's own (pdfmetrics.stringWidth, cached per text, font and size), so
what is measured here is what is drawn.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import NamedTuple

from reportlab.pdfbase.pdfmetrics import stringWidth

from bantin_print.pdf.paragraph.collect import Run
from bantin_print.text.typography import NBSP, unbreakable_at

# Costs of breaking, weighed with the badness of the lines (100 |r|³, see linebreak).
NO_BREAK_PENALTY = 700  # a no-break space of the typography rules ("số 125/QĐ-UBND")
ADDRESS_PENALTY = 60  # after / . - inside a web or e-mail address
CODE_PENALTY = 400  # after a slash of a code ("125/" "QĐ-UBND"), as UAX #14 allows
EMERGENCY_PENALTY = 5000  # inside a piece wider than the line: only when nothing else fits
FORCED = -math.inf

_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?'\")\]”’]|[\w.+-]+@[\w-]+\.[\w.]*\w")
# After these an address may break; never after the last character, nor inside "//".
_ADDRESS_BREAK = re.compile(r"(?<=[/.\-])(?=[^/])")
_MAY_BREAK = re.compile(r"[-/.@]")
_SPACES = re.compile(f"[ \t\n{NBSP}]+")
_WORD_AND_SPACES = re.compile(f"([^ \t\n{NBSP}]+)([ \t\n{NBSP}]*)")
# Inside other words: after a slash before a letter ("125/" "QĐ-UBND", "01-KL/" "TW"),
# never in a date ("20/12/2023"), and not after a hyphen: text extraction (pdftotext)
# takes a hyphen at a line's end for hyphenation and drops it ("125/QĐUBND").
_CODE_BREAK = re.compile(r"(?<=\w/)(?=[^\W\d_])")


class Piece(NamedTuple):  # a tuple: made for every word, so it must be cheap
    text: str
    font: str
    link: str | None
    struck: bool = False
    raised: bool = False  # set at RAISED_SIZE, RAISED_RISE above the baseline


# A footnote's number, in the text: its size and how far above the baseline, of the text's.
RAISED_SIZE = 0.62
RAISED_RISE = 0.36


@dataclass(slots=True)
class Box:
    pieces: tuple[Piece, ...]
    width: float
    glyphs: int


@dataclass(slots=True)
class Glue:
    width: float  # the natural space of its font
    piece: Piece  # drawn as " " in that font
    penalty: float = 0.0  # cost of breaking here; math.inf: never


@dataclass(slots=True)
class Penalty:
    cost: float  # FORCED: the line must end here


Item = Box | Glue | Penalty


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
# Boxes are never changed once made, so every occurrence of a word shares one.
_BOXES: dict[tuple[str, float, str | None, bool], dict[str, Box]] = {}


def _widths(font: str, size: float) -> dict[str, float]:
    """The widths measured so far of texts in one font and size: a 4,000-word issue has
    about 1,400 distinct words."""
    found = _WIDTHS.get((font, size))
    if found is None:
        found = _WIDTHS[(font, size)] = {}
    return found


def width_of(text: str, font: str, size: float) -> float:
    measured = _widths(font, size)
    width = measured.get(text)
    if width is None:
        width = measured[text] = stringWidth(text, font, size)
    return width


def prepare(runs: list[Run], size: float, narrowest: float) -> list[Item]:
    """The items of a paragraph whose lines are at least `narrowest` points wide."""
    if len(runs) == 1 and runs[0].text != "\n" and not runs[0].raised:
        return _one_run(runs[0], size, narrowest)
    items: list[Item] = []
    word: list[Piece] = []
    text = "".join(run.text for run in runs)
    offset = 0

    def end_word() -> None:
        if word:
            items.extend(_boxes(tuple(word), size, narrowest))
            word.clear()

    for run in runs:
        if run.text == "\n":
            end_word()
            items.append(Penalty(FORCED))
            offset += 1
            continue
        font, link = run.font, run.link
        space = None
        position = 0
        for match in _SPACES.finditer(run.text):
            if match.start() > position:
                word.append(Piece(run.text[position:match.start()], font, link, run.struck,
                                  run.raised))
            position = match.end()
            end_word()
            if not items or items[-1].__class__ is not Box:
                continue  # spaces collapse; none at a line's start
            kept = NBSP in match.group()
            at = offset + match.start() + match.group().index(NBSP) if kept else 0
            penalty = (math.inf if kept and unbreakable_at(text, at)
                       else NO_BREAK_PENALTY if kept else 0.0)
            if space is None:
                space = (width_of(" ", font, size), Piece(" ", font, link, run.struck))
            items.append(Glue(space[0], space[1], penalty))
        if position < len(run.text):
            word.append(Piece(run.text[position:], font, link, run.struck, run.raised))
        offset += len(run.text)
    end_word()
    while items and isinstance(items[-1], (Glue, Penalty)):
        items.pop()
    return items


def _one_run(run: Run, size: float, narrowest: float) -> list[Item]:
    """prepare() for a paragraph in one font, most of them: the same items, faster."""
    font, link, text, struck = run.font, run.link, run.text, run.struck
    space = Piece(" ", font, link, struck)
    space_width = width_of(" ", font, size)
    glues = {0.0: Glue(space_width, space, 0.0)}  # shared: items are never changed
    items: list[Item] = []
    append = items.append
    boxes = _BOXES.setdefault((font, size, link, struck), {})  # one box per distinct word
    for match in _WORD_AND_SPACES.finditer(text):
        word, spaces = match.groups()
        box = boxes.get(word)
        if box is None:
            if "/" in word or "-" in word or "@" in word or "." in word[:-1]:
                box = None
            else:
                box = boxes[word] = Box((Piece(word, font, link, struck),),
                                        width_of(word, font, size), len(word))
        if box is None:
            items.extend(_boxes((Piece(word, font, link, struck),), size, narrowest))
        elif box.width <= narrowest:
            append(box)
        else:
            items.extend(_emergency(box.pieces, size))
        if spaces:
            penalty = 0.0
            if NBSP in spaces:
                at = match.start(2) + spaces.index(NBSP)
                penalty = math.inf if unbreakable_at(text, at) else NO_BREAK_PENALTY
            glue = glues.get(penalty)
            if glue is None:
                glue = glues[penalty] = Glue(space_width, space, penalty)
            append(glue)
    while items and items[-1].__class__ is not Box:
        items.pop()
    return items


def _boxes(pieces: tuple[Piece, ...], size: float, narrowest: float) -> list[Item]:
    """A word as one box, or, for an address, boxes with break points after / . -, and
    for anything still wider than a line, a break point after every character."""
    if len(pieces) == 1 and not _MAY_BREAK.search(pieces[0].text):
        piece = pieces[0]  # the usual word
        box = Box(pieces, width_of(piece.text, piece.font, size), len(piece.text))
        return [box] if box.width <= narrowest else _emergency(pieces, size)
    text = "".join(p.text for p in pieces)
    addresses = list(_ADDRESS.finditer(text))
    cuts = {b.start(): ADDRESS_PENALTY for a in addresses
            for b in _ADDRESS_BREAK.finditer(text, a.start(), a.end()) if a.start() < b.start()}
    if not addresses:
        cuts = {b.start(): CODE_PENALTY for b in _CODE_BREAK.finditer(text)}
    positions = sorted(cuts)
    parts = _cut(pieces, positions)
    out: list[Item] = []
    for n, part in enumerate(parts):
        box = _box(part, size)
        if box.width > narrowest:
            out.extend(_emergency(part, size))
        else:
            out.append(box)
        if n < len(parts) - 1:
            out.append(Penalty(cuts[positions[n]]))
    return out


def _box(pieces: tuple[Piece, ...], size: float) -> Box:
    return Box(pieces, sum(piece_width(p, size) for p in pieces),
               sum(len(p.text) for p in pieces))


def piece_width(piece: Piece, size: float) -> float:
    return width_of(piece.text, piece.font, size * RAISED_SIZE if piece.raised else size)


def _emergency(pieces: tuple[Piece, ...], size: float) -> list[Item]:
    out: list[Item] = []
    characters = [p._replace(text=c) for p in pieces for c in p.text]
    for n, piece in enumerate(characters):
        if n:
            out.append(Penalty(EMERGENCY_PENALTY))
        out.append(_box((piece,), size))
    return out


def _cut(pieces: tuple[Piece, ...], positions: list[int]) -> list[tuple[Piece, ...]]:
    """`pieces` cut at character positions of their joined text."""
    if not positions:
        return [pieces]
    parts: list[list[Piece]] = [[]]
    at = 0
    cuts = list(positions)
    for piece in pieces:
        text = piece.text
        while cuts and cuts[0] < at + len(text):
            split = cuts.pop(0) - at
            if split > 0:
                parts[-1].append(piece._replace(text=text[:split]))
            parts.append([])
            text = text[split:]
            at += split
        if text:
            parts[-1].append(piece._replace(text=text))
        at += len(text)
    return [tuple(part) for part in parts if part]
