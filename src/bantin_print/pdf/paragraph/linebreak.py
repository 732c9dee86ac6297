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

from bantin_print.model import Justification
from bantin_print.pdf.paragraph.prepare import FORCED, Box, Glue, Item, Penalty

LINE_PENALTY = 10
ADJACENT_DEMERITS = 3000  # neighbouring lines two fitness classes apart
RUNT_DEMERITS = 20000  # a last line of one short word
RUNT_GLYPHS = 4
OVERFULL_BADNESS = 1e6
# Lines looser than this are weighed only when no better line can end at a break: with a
# badness of 51,200 and more they never win against one that is not (the same breaks as
# without the limit on every sample paragraph at widths from 80 to 143 pt; at 3, 18 of
# 248 differed).
LOOSE = 8.0
# Ragged lines: a break after a comma, colon or dash, where a reader pauses, is worth as
# much as evening out a line by about 17 % of its width.
PHRASE_BONUS = 300.0
# and a break inside a quotation (“Khoa học quanh / ta”) costs what evening out by 35 %
# would win.
QUOTED_PENALTY = 1200.0
INSIDE_WORD_FACTOR = 25.0
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

    @classmethod
    def of(cls, limits: Justification, space: float) -> Flex:
        """What the layout's justification limits give, for a font whose space is `space`
        wide (letter spacing is a share of it)."""
        return cls(stretch=limits.word_max - 1, shrink=1 - limits.word_min,
                   letter=limits.letter * space, scale_stretch=limits.glyph_max - 1,
                   scale_shrink=1 - limits.glyph_min)


@dataclass(frozen=True)
class Line:
    start: int  # items[start:end] are the line's content
    end: int
    ratio: float  # how far it is stretched (> 0) or shrunk (< 0) of what it can give
    last: bool  # ends the paragraph or at a forced break: set at its natural width


def break_lines(items: list[Item], widths: tuple[float, float], flex: Flex,
                per_line: float = 0.0) -> list[Line]:
    """The best lines for `items`: the first line `widths[0]` wide, the others `widths[1]`.
    `per_line` demerits added for every line make fewer lines cheaper (TeX's looseness,
    reached by pricing lines rather than by counting them)."""
    if not items:
        return []
    n = len(items)
    # A word gives its letter spacing between its own glyphs and its glyph scaling; a
    # space gives its stretch or shrink as seen, the letter spacing and scaling around it
    # included, so that a word gap stays within its limits however the line is set.
    letter, grow, narrow = flex.letter, flex.scale_stretch, flex.scale_shrink
    space_grow, space_narrow = flex.stretch, flex.shrink
    w_items, y_items, z_items = [], [], []
    for item in items:
        kind = item.__class__
        if kind is Box:
            w = item.width
            g = (item.glyphs - 1) * letter
            w_items.append(w)
            y_items.append(g + w * grow)
            z_items.append(g + w * narrow)
        elif kind is Glue:
            w = item.width
            w_items.append(w)
            y_items.append(w * space_grow)
            z_items.append(w * space_narrow)
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
            total = totals[node] + (LINE_PENALTY + badness) ** 2 + penalty + per_line
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
                best_total = totals[overfull] + (LINE_PENALTY + OVERFULL_BADNESS) ** 2 + per_line
        if best < 0:
            continue
        after = b + 1 if b < n else n
        starts.append(b + 1)
        base_w.append(width[after])
        base_y.append(stretch[after])
        base_z.append(shrink[after])
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





def balance_lines(items: list[Item], widths: tuple[float, float]) -> list[Line]:
    """Ragged lines of even length (headlines, captions, the contents): as few lines as
    the text needs at its natural width, and among those the breaking whose lines are
    closest to the same length, the last one included, so that no word or name stands
    alone on a line. Each part between forced breaks is balanced on its own."""
    lines: list[Line] = []
    start = 0
    for end in [b for b, item in enumerate(items) if item.__class__ is Penalty
                and item.cost == FORCED] + [len(items)]:
        part = items[start:end]
        found = _balanced(part, widths if not lines else (widths[1], widths[1])) if part else []
        lines.extend(Line(line.start + start, line.end + start, 0.0, True) for line in found)
        start = end + 1
    return lines


def _balanced(items: list[Item], widths: tuple[float, float]) -> list[Line]:
    n = len(items)
    width = list(accumulate((0.0 if i.__class__ is Penalty else i.width for i in items),
                            initial=0.0))
    points = [(-1, 0.0)] + [(b, cost) for b, cost in _breakpoints(items)]
    runt = _runt_start(items)
    phrases = {i for i, (b, _) in enumerate(points) if 0 < b < n and _ends_phrase(items, b)}
    # A headline is read at a glance: inside a word ("125/" "QĐ-UBND", an address) it
    # breaks only where no even breaking exists otherwise.
    breaking = [max(cost, 0.0) * (INSIDE_WORD_FACTOR if 0 <= b < n and
                                  items[b].__class__ is Penalty else 1.0)
                for b, cost in points]
    quoted = _inside_quotes(items, points)

    def line_width(k: int) -> float:
        return widths[0] if k == 1 else widths[1]

    fewest, start = 1, 0
    for index in range(1, len(points)):
        b = points[index][0]
        if width[b] - width[start] > line_width(fewest) + 1e-6 and index > 1:
            previous = points[index - 1][0] + 1
            if previous > start:
                fewest += 1
                start = previous
    for count in (fewest, fewest + 1):
        cost = [[INFINITE] * len(points) for _ in range(count + 1)]
        back = [[0] * len(points) for _ in range(count + 1)]
        cost[0][0] = 0.0
        for k in range(1, count + 1):
            limit = line_width(k)
            for i in range(1, len(points)):
                b, penalty = points[i]
                for j in range(i - 1, -1, -1):
                    if cost[k - 1][j] == INFINITE:
                        continue
                    begin = points[j][0] + 1
                    slack = limit - (width[b] - width[begin])
                    if slack < -1e-6:
                        break  # lines from earlier starts are longer still
                    total = cost[k - 1][j] + (100 * slack / limit) ** 2 + breaking[i] \
                        - (PHRASE_BONUS if i in phrases else 0.0) \
                        + (QUOTED_PENALTY if i in quoted else 0.0)
                    if b == n and begin == runt:
                        total += RUNT_DEMERITS
                    if total < cost[k][i]:
                        cost[k][i], back[k][i] = total, j
        end = len(points) - 1
        if cost[count][end] < INFINITE:
            lines, i = [], end
            for k in range(count, 0, -1):
                j = back[k][i]
                lines.append(Line(points[j][0] + 1, points[i][0], 0.0, True))
                i = j
            return lines[::-1]
    # Something wider than a line: no even breaking exists; break as body text would.
    return break_lines(items, widths, Flex())


def _ends_phrase(items: list[Item], b: int) -> bool:
    """Does a break at glue `b` fall where a phrase ends ("…năm 2023," / "– từ …")?"""
    before, after = items[b - 1], items[b + 1] if b + 1 < len(items) else None
    if before.__class__ is not Box or items[b].__class__ is not Glue:
        return False
    text = before.pieces[-1].text
    return text.endswith((",", ";", ":", "–", "—", "”", ")")) or (
        after is not None and after.__class__ is Box and after.pieces[0].text in ("–", "—"))


def _inside_quotes(items: list[Item], points: list[tuple[int, float]]) -> set[int]:
    """The points (indices into `points`) that fall between “ and ”."""
    depth_at: dict[int, int] = {}
    depth = 0
    for b, item in enumerate(items):
        if item.__class__ is Box:
            for piece in item.pieces:
                depth += piece.text.count("“") + piece.text.count("‘") \
                    - piece.text.count("”") - piece.text.count("’")
        depth_at[b] = depth
    return {i for i, (b, _) in enumerate(points) if 0 <= b < len(items) and depth_at[b] > 0}


# Setting a paragraph one line shorter or longer: the prices tried per line, and how
# far its lines may then be adjusted on average (a paragraph squeezed or stretched to its
# limits on every line reads worse than a one-line gap).
LOOSENESS_PRICES = (1e6, 1e7)
LOOSENESS_MEAN_RATIO = 0.8


def with_looseness(items: list[Item], widths: tuple[float, float], flex: Flex,
                   lines: list[Line], looseness: int) -> list[Line] | None:
    """The best breaking with one line fewer (looseness -1) or more (+1) than `lines`,
    when it exists within the limits and without adjusting every line far (else None)."""
    wanted = len(lines) + looseness
    # First what all the lines can give at most: a paragraph that cannot fill one line
    # more (or fit in one line fewer) even adjusted that far on every line is not tried.
    natural = give = 0.0
    for item in items:
        kind = item.__class__
        if kind is Box:
            natural += item.width
            give += (item.glyphs - 1) * flex.letter + item.width * (
                flex.scale_stretch if looseness > 0 else flex.scale_shrink)
        elif kind is Glue:
            natural += item.width
            give += item.width * (flex.stretch if looseness > 0 else flex.shrink)
    full = widths[0] + (wanted - 2) * widths[1]  # all lines full but the last
    if looseness > 0 and natural + LOOSENESS_MEAN_RATIO * give < full:
        return None
    if looseness < 0 and natural - give > full + widths[1]:
        return None
    for price in LOOSENESS_PRICES:
        found = break_lines(items, widths, flex, per_line=-looseness * price)
        if (len(found) - wanted) * looseness > 0:
            return None  # overshot: no breaking with exactly one line more or less
        if len(found) == wanted:
            ratios = [line.ratio for line in found if not line.last]
            if not ratios or min(ratios) < -1 or max(ratios) > 1:
                return None
            if abs(sum(ratios) / len(ratios)) > LOOSENESS_MEAN_RATIO:
                return None
            return found
    return None
