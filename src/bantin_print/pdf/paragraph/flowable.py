"""The composed paragraph as a ReportLab flowable: wrap breaks the lines (once per width),
split parts them between columns without leaving a widow or an orphan, draw sets each line
with its own letter spacing, glyph scaling and word spacing."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.platypus import Flowable

from bantin_print.model import Justification
from bantin_print.pdf.paragraph import memo
from bantin_print.pdf.paragraph.collect import Faces, Run
from bantin_print.pdf.paragraph.line import SetLine, advance, set_line
from bantin_print.pdf.paragraph.linebreak import (Flex, Line, balance_lines, break_lines,
                                                  with_looseness)
from bantin_print.pdf.paragraph.prepare import RAISED_RISE, RAISED_SIZE, Item, prepare, width_of

EPSILON = 1e-6


@dataclass(frozen=True)
class TextStyle:
    name: str
    faces: Faces
    size: float
    leading: float
    color: object
    align: str = "justify"  # or, with balanced ragged lines, "left", "center", "right"
    first_indent: float = 0.0
    left_indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    bold: bool = False
    italic: bool = False
    bullet_indent: float = 0.0
    keep_with_next: bool = False


# Prepared items by paragraph (runs, size, narrowest line): fitting an issue to its pages
# sets every paragraph again several times, and items are never changed once made.
_PREPARED: dict[tuple, list[Item]] = {}
PREPARED_MOST = 50_000


class ComposedParagraph(Flowable):
    """A paragraph set by the composer. Parts made by split keep their lines: an optimal
    breaking's tail is the optimal breaking of that tail, so nothing is broken again."""

    def __init__(self, runs: list[Run], style: TextStyle, limits: Justification = Justification(),
                 bullet: str | None = None) -> None:
        super().__init__()
        self.style = style
        self.limits = limits
        self.bullet = bullet
        self.runs = runs
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next
        self._items: list[Item] | None = None
        self._lines: dict[float, list[Line]] = {}  # per available width
        self._part: tuple[float, list[Line], bool] | None = None  # a part: width, lines, head?
        self._continued = False  # this part goes on from a previous one
        self._start = 0  # where this part's items start in the whole paragraph's
        self._narrowest = 0.0  # the line width its items were prepared for
        self._loosened: dict[tuple[float, int], ComposedParagraph | None] = {}
        self._looseness = 0  # set one line shorter (-1) or longer (+1) than its best
        self._natural: ComposedParagraph | None = None  # the paragraph so set, at its best
        # (width, lines that fit) -> the parts: balancing columns asks again and again
        self._splits: dict[tuple[float, int], list[ComposedParagraph]] = {}

    # ----------------------------------------------------------------- breaking
    def _widths(self, available: float) -> tuple[float, float]:
        rest = available - self.style.left_indent
        first = rest if self._continued else rest - self.style.first_indent
        return first, rest

    def items(self, available: float) -> list[Item]:
        if self._items is None:
            self._narrowest = min(self._widths(available))
            key = (tuple(self.runs), self.style.size, self._narrowest)
            found = _PREPARED.get(key)
            if found is None:
                if len(_PREPARED) > PREPARED_MOST:
                    _PREPARED.clear()
                found = _PREPARED[key] = prepare(self.runs, self.style.size, self._narrowest)
            self._items = found
        return self._items

    def lines(self, available: float) -> list[Line]:
        if self._part is not None and abs(self._part[0] - available) < EPSILON:
            return self._part[1]
        found = self._lines.get(available)
        if found is None:
            remembered = memo.current()
            key = self._memo_key(available, 0) if remembered is not None else ""
            found = remembered.get(key) if remembered is not None else None
            if found is None:
                if self.style.align == "justify":
                    found = break_lines(self.items(available), self._widths(available),
                                        self._flex())
                else:
                    found = balance_lines(self.items(available), self._widths(available))
                if remembered is not None:
                    remembered.put(key, found)
            self._lines[available] = found
        return found

    def _memo_key(self, available: float, looseness: int) -> str:
        """Everything the breaks depend on (see memo)."""
        style = self.style
        narrowest = self._narrowest if self._items is not None else min(self._widths(available))
        return memo.key(self.runs, style.size, self._start, narrowest,
                        self._widths(available), self._flex(), style.align, looseness)

    def _flex(self) -> Flex:
        style = self.style
        if style.align != "justify":
            return Flex()
        return Flex.of(self.limits, width_of(" ", style.faces.face(style.bold, style.italic),
                                         style.size))

    # ----------------------------------------------------------------- flowable protocol
    def wrap(self, available_width: float, available_height: float):
        self.width = available_width
        self.height = len(self.lines(available_width)) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float):
        lines = self.lines(available_width)
        fit = int((available_height + EPSILON) / self.style.leading)
        if fit >= len(lines):
            return [self]
        key = (available_width, fit)
        if key not in self._splits:
            self._splits[key] = self._split(available_width, available_height, lines, fit)
        return list(self._splits[key])

    def _split(self, available_width: float, available_height: float, lines: list[Line],
               fit: int) -> list[ComposedParagraph]:
        # No orphan (a first line alone at the foot), no widow (a last line alone at the
        # head): a paragraph of two or three lines goes on whole. A widow is first set
        # one line tighter, so that the paragraph fits here whole and no gap is left.
        if len(lines) - fit == 1:
            tighter = self.loosened(available_width, -1)
            if tighter is not None:
                return [tighter]  # fits whole
            looser = self.loosened(available_width, +1)
            if looser is not None:
                return looser.split(available_width, available_height)  # two lines go on
            fit -= 1
        if fit < 2:
            return []
        return [self._piece(available_width, lines[:fit], head=True),
                self._piece(available_width, lines[fit:], head=False)]

    @property
    def looseness(self) -> int:
        """-1 (+1) when set a line shorter (longer) than its best, else 0."""
        return self._looseness

    def loosened(self, available: float, looseness: int,
                 back: bool = False) -> ComposedParagraph | None:
        """This paragraph set one line shorter (-1) or longer (+1), if that reads well;
        with `back`, a paragraph set so the other way returns to how it was set first."""
        if back and self._looseness == -looseness and self._natural is not None:
            return self._natural
        if self._part is not None or self.style.align != "justify" or self._looseness:
            return None  # a part keeps its lines; a loosened paragraph is not loosened again
        key = (available, looseness)
        if key not in self._loosened:  # balancing asks again and again
            remembered = memo.current()
            memo_key = self._memo_key(available, looseness) if remembered else ""
            found = remembered.get(memo_key) if remembered else None
            if found is None:
                found = with_looseness(self.items(available), self._widths(available),
                                       self._flex(), self.lines(available), looseness)
                if remembered is not None:
                    remembered.put(memo_key, found or [])
            found = found or None
            other = None
            if found is not None:
                other = ComposedParagraph(self.runs, self.style, self.limits, self.bullet)
                other._items = self.items(available)
                other._narrowest = self._narrowest
                other._lines[available] = found
                other._looseness = looseness
                other._natural = self
            self._loosened[key] = other
        return self._loosened[key]

    def _piece(self, available: float, lines: list[Line], head: bool) -> ComposedParagraph:
        piece = ComposedParagraph(self.runs, self.style, self.limits,
                                  self.bullet if head else None)
        piece._items = self.items(available)
        piece._narrowest = self._narrowest
        piece._continued = self._continued or not head
        if not head:
            piece.spaceBefore = 0.0
            # Elsewhere at another width, the rest is broken again from where it starts.
            start = lines[0].start
            piece._items = piece._items[start:]
            piece._start = self._start + start
            lines = [replace(line, start=line.start - start, end=line.end - start)
                     for line in lines]
        else:
            piece.spaceAfter = 0.0
        piece._part = (available, lines, head)
        return piece

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        lines = self.lines(self.width)
        items = self.items(self.width)
        widths = self._widths(self.width)
        flex = self._flex()
        justify = style.align == "justify"
        text = canvas.beginText()
        text.setFillColor(style.color)
        links: list[tuple[str, float, float, float]] = []
        strokes: list[tuple[float, float, float]] = []  # struck-through text: x0, x1, baseline
        y = self.height - style.size
        state = [100.0, 0.0, 0.0]  # Tz (percent), Tc, Tw as last set
        origin: float | None = None
        for number, line in enumerate(lines):
            first = number == 0 and not self._continued
            x = style.left_indent + (style.first_indent if first else 0.0)
            width = widths[0] if number == 0 else widths[1]
            setting = set_line(items, line, width, flex, style.size, justify)
            if style.align == "center":
                x += (width - setting.width) / 2
            elif style.align == "right":
                x += width - setting.width
            if first and self.bullet:
                text.setTextOrigin(style.bullet_indent, y)
                text.setFont(style.faces.regular, style.size)
                text.textOut(self.bullet)
                origin = None
            if origin is None:
                text.setTextOrigin(x, y)
            else:
                _next_line(text, x - origin, style.leading)
            origin = x
            _set_state(text, state, setting.scale, setting.letter, setting.word)
            self._draw_line(text, setting, x, y, links, strokes)
            y -= style.leading
        # Tz, Tc and Tw belong to the graphics state and would outlive the text object.
        _set_state(text, state, 1.0, 0.0, 0.0)
        canvas.drawText(text)
        if strokes:  # through the middle of the lower-case letters, in the text's colour
            canvas.setStrokeColor(style.color)
            canvas.setLineWidth(style.size * 0.05)
            for x0, x1, baseline in strokes:
                canvas.line(x0, baseline + 0.27 * style.size, x1, baseline + 0.27 * style.size)
        for target, x0, x1, baseline in links:
            area = (x0, baseline - 0.2 * style.size, x1, baseline + style.size)
            if target.startswith("#"):  # a place in this PDF
                canvas.linkRect("", target[1:], area, relative=1, thickness=0)
            else:
                canvas.linkURL(target, area, relative=1, thickness=0)

    def _draw_line(self, text, setting: SetLine, x: float, y: float, links: list,
                   strokes: list) -> None:
        size = self.style.size
        pen = x
        for piece in setting.pieces:
            shown = size * RAISED_SIZE if piece.raised else size
            if text._fontname != piece.font or text._fontsize != shown:
                text.setFont(piece.font, shown)
            if piece.raised:
                text.setRise(size * RAISED_RISE)
            text.textOut(piece.text)
            if piece.raised:
                text.setRise(0)
            moved = advance(piece, size, setting)
            if piece.struck:
                strokes.append((pen, pen + moved - setting.letter * setting.scale, y))
            if piece.link:
                if links and links[-1][0] == piece.link and abs(links[-1][2] - pen) < 0.5 \
                        and links[-1][3] == y:
                    links[-1] = (piece.link, links[-1][1], pen + moved, y)
                else:
                    links.append((piece.link, pen, pen + moved, y))
            pen += moved


def _set_state(text, state: list[float], scale: float, letter: float, word: float) -> None:
    """Tz, Tc and Tw where they change, written as ReportLab's setHorizScale, setCharSpace
    and setWordSpace would, with fewer digits (thousands of lines are set)."""
    for index, (value, operator) in enumerate(((round(scale * 100, 3), "Tz"),
                                               (round(letter, 4), "Tc"),
                                               (round(word, 4), "Tw"))):
        if value != state[index]:
            state[index] = value
            text._code.append(f"{value:g} {operator}")


def _next_line(text, dx: float, down: float) -> None:
    """ReportLab's moveCursor (Td), without its general number formatting: thousands of
    lines are set."""
    text._code.append(f"{round(dx, 3):g} {round(-down, 3):g} Td")
    text._x0 += dx
    text._y0 -= down
    text._x, text._y = text._x0, text._y0
