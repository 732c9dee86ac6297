"""Total-fit line breaking (Knuth and Plass), in the spirit of TeX and Typst.

Every way of breaking the paragraph is weighed at once; the one with the least demerits
wins. A line's adjustment ratio r is its shortfall over what it can stretch (or its
excess over what it can shrink): spaces, letter spacing and glyph scaling together. Its
badness is 100 |r|³; its demerits (LINE_PENALTY + badness)² + penalty², plus a cost when
it is of a very different tightness from the line above, and for a last line of one
short word (a runt). There is no failure: a line tighter than its limits (r < -1) is
considered only when nothing else is possible, with a badness that makes it the last
resort.

Pure: items and widths in, breaks out.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from bantin_print.pdf.paragraph.prepare import FORCED, Box, Glue, Item, Penalty

LINE_PENALTY = 10
ADJACENT_DEMERITS = 3000  # neighbouring lines two fitness classes apart
RUNT_DEMERITS = 20000  # a last line of one short word
RUNT_GLYPHS = 4
OVERFULL_BADNESS = 1e6
# Lines looser than this are weighed only when no better line can end at a break: with a
# badness of 2,700 and more they never win against one that is not (measured: the same
# breaks on the sample and the 60-article issue).
LOOSE = 3.0
INFINITE = float("inf")


@dataclass(frozen=True)
class Flex:
    """What a line may give: spaces stretch by `stretch` and shrink by `shrink` of
    themselves; every glyph may move by `letter` points (Tc), and be widened by
    `scale_stretch` or narrowed by `scale_shrink` of its width (Tz)."""

    stretch: float = 0.5
    shrink: float = 1 / 3
    letter: float = 0.0
    scale_stretch: float = 0.0
    scale_shrink: float = 0.0


@dataclass(frozen=True)
class Line:
    start: int  # items[start:end] are the line's content
    end: int
    ratio: float  # how far it is stretched (> 0) or shrunk (< 0) of what it can give
    last: bool  # ends the paragraph or at a forced break: set at its natural width


def break_lines(items: list[Item], widths: tuple[float, float], flex: Flex) -> list[Line]:
    """The best lines for `items`: the first line `widths[0]` wide, the others `widths[1]`."""
    if not items:
        return []
    n = len(items)
    letter, grow, narrow = flex.letter, flex.scale_stretch, flex.scale_shrink
    space_grow, space_narrow = flex.stretch + grow, flex.shrink + narrow
    w_items, y_items, z_items = [], [], []
    for item in items:
        kind = item.__class__
        if kind is Box:
            w = item.width
            g = item.glyphs * letter
            w_items.append(w)
            y_items.append(g + w * grow)
            z_items.append(g + w * narrow)
        elif kind is Glue:
            w = item.width
            w_items.append(w)
            y_items.append(w * space_grow + letter)
            z_items.append(w * space_narrow + letter)
        else:
            w_items.append(0.0)
            y_items.append(0.0)
            z_items.append(0.0)
    width = list(accumulate(w_items, initial=0.0))
    stretch = list(accumulate(y_items, initial=0.0))
    shrink = list(accumulate(z_items, initial=0.0))

    # Nodes (breaks chosen so far) in parallel lists, for speed: where the next line
    # starts, total demerits, fitness class of the line ending there, the previous node,
    # that line's ratio and whether it was set as a last line.
    starts, totals, fits, previous, ratios, lasts, positions = [0], [0.0], [1], [-1], [0.0], \
        [False], [-1]
    # and, for each node, the sums up to its next line's start and that line's width
    base_w, base_y, base_z, line_widths = [0.0], [0.0], [0.0], [widths[0]]
    rest_width = widths[1]
    active = [0]
    runt_start = _runt_start(items)
    for b, cost in _breakpoints(items):
        forced = cost == FORCED
        penalty = 0.0 if forced else cost * cost if cost >= 0 else -cost * cost
        runt = runt_start if b == n else -1
        best = -1
        best_total = INFINITE
        best_ratio = 0.0
        best_fit = 1
        w_b, y_b, z_b = width[b], stretch[b], shrink[b]
        # Oldest first: their lines are the longest. A node whose line is too tight now is
        # tighter still later: it is dropped (the least bad kept as the last resort). Once
        # a line is looser than LOOSE, the newer nodes' are looser still: not weighed, as
        # long as something better was found.
        tight = 0
        overfull = -1
        for node in active:
            line_width = line_widths[node]
            natural = w_b - base_w[node]
            if natural > line_width:
                give = z_b - base_z[node]
                ratio = -(natural - line_width) / give if give > 0 else -INFINITE
            elif forced:
                ratio = 0.0
            else:
                give = y_b - base_y[node]
                ratio = (line_width - natural) / give if give > 0 else INFINITE
            if ratio < -1:
                tight += 1
                overfull, overfull_ratio = node, ratio
                continue
            if ratio > LOOSE and best >= 0:
                break
            if ratio < 1e3:
                badness = 100 * (ratio * ratio * (ratio if ratio > 0 else -ratio))
            else:
                badness = OVERFULL_BADNESS
            if forced:
                fit = 1
            elif ratio <= 0.5:
                fit = 0 if ratio < -0.5 else 1
            else:
                fit = 2 if ratio <= 1 else 3
            total = totals[node] + (LINE_PENALTY + badness) ** 2 + penalty
            difference = fit - fits[node]
            if difference > 1 or difference < -1:
                total += ADJACENT_DEMERITS
            if starts[node] == runt:
                total += RUNT_DEMERITS
            if total < best_total:
                best, best_total, best_ratio, best_fit = node, total, ratio, fit
        if tight:
            del active[:tight]
            if best < 0:
                best, best_ratio, best_fit = overfull, overfull_ratio, 1
                best_total = totals[overfull] + (LINE_PENALTY + OVERFULL_BADNESS) ** 2
        if best < 0:
            continue
        starts.append(b + 1)
        base_w.append(width[min(b + 1, n)])
        base_y.append(stretch[min(b + 1, n)])
        base_z.append(shrink[min(b + 1, n)])
        line_widths.append(rest_width)
        totals.append(best_total)
        fits.append(best_fit)
        previous.append(best)
        ratios.append(best_ratio)
        lasts.append(forced)
        positions.append(b)
        if forced:
            active = [len(starts) - 1]
        else:
            active.append(len(starts) - 1)
    lines = []
    node = active[-1]
    while node > 0:
        before = previous[node]
        lines.append(Line(starts[before], positions[node], ratios[node], lasts[node]))
        node = before
    lines.reverse()
    return lines


def _breakpoints(items: list[Item]):
    """(index, cost) of every place a line may end, the paragraph's end last."""
    for b, item in enumerate(items):
        kind = item.__class__
        if kind is Glue:
            if item.penalty != INFINITE:
                yield b, item.penalty
        elif kind is Penalty:
            yield b, item.cost
    yield len(items), FORCED


def _runt_start(items: list[Item]) -> int:
    """Where a last line of one short word would start, or -1 when the paragraph does not
    end in one."""
    n = len(items)
    last = items[-1]
    if last.__class__ is not Box or last.glyphs > RUNT_GLYPHS or n < 2:
        return -1
    return n - 1 if items[-2].__class__ is Glue else -1


