"""Fitting an issue to its pages: a saddle-stitched bulletin has a multiple of 4 pages
(`layout.pages: auto`) or exactly the number the editor asks for (`pages: N`).

The whole issue is composed again with one setting, from -1 (as tight as allowed) to +1
(as loose): the body's leading within ±2 %, the space between articles, a share of the
paragraphs (the longest first, where a line more or less shows least) set one line
shorter or longer, each only where that reads well, and beyond half the range a share of
the articles whose photos are left to the layout ('span: auto') with a landscape photo
across the columns under the headline (or every photo in a column). The page count grows with the
setting, so the loosest setting that still ends on the target is found by bisection: it
fills the last page furthest down to the imprint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Protocol

from bantin_print.pdf.flowables import LayoutProblem

LEADING = 0.02  # the body's leading may change by this share either way
GAP = 0.75  # and the space between articles by this share of its own
MIN_LAST_FILL = 0.6  # the last page, imprint included, at least this full
STEPS = 4  # bisection steps: the setting to within 1/16 of its range
GOOD_LAST_FILL = 0.9  # a last page this full ends the search


@dataclass(frozen=True)
class Tuning:
    setting: float = 0.0  # -1 tightest … +1 loosest

    @property
    def leading_scale(self) -> float:
        return 1 + LEADING * self.setting

    @property
    def gap_scale(self) -> float:
        return 1 + GAP * self.setting

    @property
    def looseness(self) -> int:
        return (self.setting > 0) - (self.setting < 0)

    @property
    def share(self) -> float:
        """Of the paragraphs, how many are set a line longer (or shorter)."""
        return min(2 * abs(self.setting), 1.0)

    @property
    def photo_share(self) -> float:
        """Of the articles with a photo left to the layout, how many have it across the
        columns (or in a column): beyond half the setting's range only."""
        return max(2 * abs(self.setting) - 1, 0.0)


class Trial(Protocol):
    pages: int
    last_page_fill: float  # of the last page's text height, imprint included
    holes: int  # columns (but the last page's) ending well above the foot

    def growable(self) -> list[int]:
        """The articles, last first, whose photo could be set larger (across the
        columns)."""

    def grow(self, index: int) -> Callable[[], None]:
        """Set article `index`'s photo larger, the rest laid out again; returns what
        undoes it."""


class TooLong(Exception):
    """The content does not fit the pages asked for, even set as tight as allowed."""

    def __init__(self, tightest: Trial, pages: int) -> None:
        super().__init__(pages)
        self.tightest = tightest
        self.pages = pages


@dataclass
class Fitted:
    trial: Trial
    target: int  # the page count aimed at
    tightest: int  # pages at the tightest setting
    loosest: int  # and at the loosest


GROWN = 3  # photos near the end tried larger, at most


def _grow(trial: Trial, target: int) -> None:
    """Photos near the end of the issue set across the columns, one article at a time
    from the last, each kept when the issue still ends on `target` pages with no more
    holes and its last page fuller, until that page is full enough."""
    for index in trial.growable()[:GROWN]:
        if trial.last_page_fill >= GOOD_LAST_FILL:
            return
        before = (trial.holes, trial.last_page_fill)
        undo = trial.grow(index)
        if not (trial.pages == target and trial.holes <= before[0]
                and trial.last_page_fill > before[1]):
            undo()


@dataclass
class _Impossible:
    """A setting at which the issue cannot be laid out (a head too tall once its photo is
    across the columns): never chosen."""

    pages: float = math.inf
    last_page_fill: float = 0.0
    holes: int = 0


def fit(compose: Callable[[Tuning], Trial], pages: int | str) -> Fitted:
    """The composition to print. `pages` is "auto" or a number; raises TooLong, and
    LayoutProblem when the issue cannot be laid out as it comes."""
    tried: dict[float, Trial] = {}

    def at(setting: float) -> Trial:
        if setting not in tried:
            try:
                tried[setting] = compose(Tuning(setting))
            except LayoutProblem:
                if setting == 0:
                    raise
                tried[setting] = _Impossible()  # type: ignore[assignment]
        return tried[setting]

    natural = at(0.0)
    if natural.last_page_fill >= MIN_LAST_FILL and (
            natural.pages == pages or pages == "auto" and natural.pages % 4 == 0):
        return Fitted(natural, natural.pages, natural.pages, natural.pages)
    tight = at(-1.0)
    if isinstance(tight, _Impossible):
        tight = natural
    target = 4 * math.ceil(tight.pages / 4) if pages == "auto" else int(pages)
    if tight.pages > target:
        raise TooLong(tight, target)
    if natural.pages > target:  # the target lies on the tight side
        low, high, best, loose = -1.0, 0.0, tight, natural
    else:
        loose = at(1.0)
        if loose.pages < target:  # too short to fill the pages: set as it comes
            return Fitted(natural, target, tight.pages, int(loose.pages))
        if loose.pages == target:
            return Fitted(loose, target, tight.pages, target)
        low, high, best = 0.0, 1.0, natural
    for _ in range(STEPS):
        if best.pages == target and best.last_page_fill >= GOOD_LAST_FILL \
                and not best.holes:
            break
        middle = (low + high) / 2
        found = at(middle)
        if found.pages <= target:
            low, best = middle, found
        else:
            high = middle
    # Of the settings tried that end on the target, the one leaving the fewest holes with
    # the last page full enough (then the fullest last page); one leaving fewer whose last
    # page is short may be filled by photos near the end set larger.
    def rank(trial: Trial) -> tuple[int, float]:
        return trial.holes, -trial.last_page_fill

    on_target = sorted((t for t in tried.values() if t.pages == target), key=rank)
    best = next((t for t in on_target if t.last_page_fill >= MIN_LAST_FILL), best)
    for trial in on_target:
        if trial.holes > best.holes or trial.holes == best.holes and \
                best.last_page_fill >= GOOD_LAST_FILL:
            break
        _grow(trial, target)
        if trial.last_page_fill >= MIN_LAST_FILL and rank(trial) < rank(best):
            best = trial
            break
    return Fitted(best, target, tight.pages, int(loose.pages) if loose.pages < math.inf
                  else target)
