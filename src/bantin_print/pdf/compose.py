"""Pages: where every flowable of the issue goes, decided before anything is drawn.

Composing first and drawing second lets the contents on page 1 carry the page numbers of
articles laid out after it, in one pass (no multiBuild).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from reportlab.platypus import Flowable

from bantin_print.i18n import Message, msg
from bantin_print.pdf import columns
from bantin_print.pdf.flowables import (AcrossColumns, LayoutProblem, PhotoBlock, Rule,
                                        WithByline)
from bantin_print.pdf.paragraph import ComposedParagraph
from bantin_print.pdf.story import Story
from bantin_print.pdf.styles import Geometry

ARTICLE_GAP = 4.0  # above and below the rule between two articles, and under columns
# At most this much white is added between two pieces of a column to make it reach the
# foot of the page (vertical justification: newspapers "feather" so, within half a line).
FEATHER = 6.0
# An article's end is set tighter to make room for the next one's start by at most this
# many lines of the columns' height.
MOST_PULLED = 4
# White left at the foot of a page when the next article moves on, beyond which the article
# before is laid out again to avoid it (a layout artist's hole: the bench measures 20 mm).
HOLE = 8 * 72 / 25.4
MIN_LINES_UNDER_HEADLINE = 3


@dataclass
class Placed:
    flowable: Flowable
    x: float
    y: float  # bottom edge


@dataclass
class Anchor:
    key: str
    title: str
    level: int
    x: float
    y: float  # top edge


@dataclass
class Page:
    placed: list[Placed] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)


class Composer:
    def __init__(self, geometry: Geometry, body_leading: float, rule_color,
                 gap: float = ARTICLE_GAP) -> None:
        self.geometry = geometry
        self.gap = gap
        self.leading = body_leading
        self.rule_color = rule_color
        self.pages: list[Page] = [Page()]
        self.cursor = geometry.top
        self.floor = geometry.bottom  # above a photo set at the foot of the page
        # (span, offsets): the next article's head may stand across the first `span`
        # columns at the cursor, column n being free from `offsets[n]` below it.
        self.beside: tuple[int, list[float]] | None = None
        self.last_ending: _Ending | None = None  # the columns that end the page so far
        self.floating: list[Flowable] = []  # photos across the columns, waiting for room
        self.stories: list[Story] = []  # what is laid out, for reports
        self.last_pages: dict[str, int] = {}  # the page each article ends on, by anchor
        self.marks: list = []  # the snapshot before each article, to lay out again from
        self.front_images: list = []  # what page 1's photos embed
        self.content_end = (1, geometry.top)  # (page, y) where the articles end
        self.imprint_height = 0.0

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def page_number(self) -> int:
        return len(self.pages)

    @property
    def room(self) -> float:
        return self.cursor - self.floor

    @property
    def at_page_top(self) -> bool:
        return self.cursor >= self.geometry.top - columns.EPSILON

    def new_page(self) -> None:
        self.pages.append(Page())
        self.cursor = self.geometry.top
        self.floor = self.geometry.bottom
        self.last_ending = None
        floating, self.floating = self.floating, []
        if floating:  # photos that waited for a page top
            self.place_full_width(floating)
            self.cursor -= self.gap

    def place(self, flowable: Flowable, x: float, width: float, top: float) -> float:
        """Place `flowable` with its top at `top`; returns its height."""
        height = flowable.wrap(width, top - self.floor)[1]
        self.page.placed.append(Placed(flowable, x, top - height))
        return height

    def place_full_width(self, items: list[Flowable], width: float | None = None) -> None:
        for n, item in enumerate(items):
            if n and not self.at_page_top:
                self.cursor -= item.getSpaceBefore()
            self.cursor -= self.place(item, self.geometry.left, width or self.geometry.width,
                                      self.cursor)
            self.cursor -= item.getSpaceAfter()

    def place_columns(self, filled: columns.Fill, top: float) -> None:
        geometry = self.geometry
        offsets = filled.offsets or [0.0] * len(filled.columns)
        for index, slots in enumerate(filled.columns):
            y = top - offsets[index]
            for slot in slots:
                y -= slot.space_before + slot.height
                self.page.placed.append(Placed(slot.flowable, geometry.column_x(index), y))
                y -= slot.flowable.getSpaceAfter()

    def height_of(self, items: list[Flowable], width: float) -> float:
        total = 0.0
        for n, item in enumerate(items):
            total += item.wrap(width, self.geometry.height)[1] + item.getSpaceAfter()
            if n:
                total += item.getSpaceBefore()
        return total

    def add_stories(self, stories: list[Story], outlines: list[list[tuple[str, int]]],
                    imprint: Flowable, start: int = 0) -> dict[str, int]:
        """Every article in turn (from the one numbered `start`, the composition going
        back to where it stood before that one: the rest is laid out again); returns the
        page each starts on. Where an article ends leaving room the next cannot start in
        (nor the imprint, after the last), it is laid out again with its paragraphs set a
        line shorter (so that the next fits after it) or longer (so that it fills the
        room), and the version leaving the least white is kept."""
        if start < len(self.marks):  # laid out before: from where it stood then
            self.restore(self.marks[start])
        del self.marks[start:]
        starts: dict[str, int] = {}
        for n in range(start, len(stories)):
            story, outline = stories[n], outlines[n]
            after = stories[n + 1] if n + 1 < len(stories) else None
            before = self.snapshot()
            self.marks.append(before)
            first = self.page_number
            starts[story.anchor] = self.add_story(story, outline)
            left = self.left_behind(after, imprint)
            if left > HOLE:
                best = (left + self._early_ends(first), None)
                for looseness in (-1, +1):
                    variant = _retuned(story, self.geometry.column_width, looseness)
                    if variant is None:
                        continue
                    self.restore(before)
                    self.add_story(variant, outline)
                    white = self.left_behind(after, imprint) + self._early_ends(first)
                    if white < best[0] - 1:
                        best = (white, variant)
                self.restore(before)
                starts[story.anchor] = self.add_story(best[1] or story, outline)
            self.last_pages[story.anchor] = self.page_number
        return starts

    def _early_ends(self, first: int) -> float:
        """The white under columns ending early on the pages filled since page `first`
        (points): what laying an article out again must not trade its end's white for."""
        ends = self.column_ends(range(first - 1, len(self.pages) - 1))
        return sum(end for page in ends for end in page if end > HOLE)

    def left_behind(self, after: Story | None, imprint: Flowable) -> float:
        """The white the page keeps if what comes next (an article's start, else the
        imprint) cannot stand in the room left: the room, else 0."""
        width = self.geometry.width
        if after is not None and after.article.start == "new-page":
            return self.room  # what follows starts on the next page, as the editor asks
        if after is None:
            needed = imprint.wrap(width, self.geometry.height)[1] + self.gap
        else:
            head = [item for item in after.head if not isinstance(item, PhotoBlock)]
            needed = (self.height_of([Rule(self.rule_color, space=self.gap)] + head, width)
                      + self.body_start_height(after.body))
        return self.room if needed > self.room else 0.0

    def snapshot(self):
        """What laying out an article changes, to go back to: the pages before the current
        one are done, so only it is copied."""
        return (len(self.pages), list(self.page.placed), list(self.page.anchors),
                self.cursor, self.floor, self.beside, self.last_ending, list(self.floating))

    def restore(self, snapshot) -> None:
        (count, placed, anchors, self.cursor, self.floor, self.beside, self.last_ending,
         floating) = snapshot
        del self.pages[count:]
        self.page.placed[:] = placed
        self.page.anchors[:] = anchors
        self.floating = list(floating)

    def state(self):
        """Everything laying articles out changes, on every page: to go back to whole
        (snapshot() keeps only what one article changes)."""
        return ([(page, list(page.placed), list(page.anchors)) for page in self.pages],
                list(self.marks), dict(self.last_pages), self.cursor, self.floor, self.beside,
                self.last_ending, list(self.floating), self.content_end, self.imprint_height)

    def set_state(self, state) -> None:
        (pages, marks, last_pages, self.cursor, self.floor, self.beside, self.last_ending,
         floating, self.content_end, self.imprint_height) = state
        self.marks, self.last_pages, self.floating = list(marks), dict(last_pages), list(floating)
        self.pages = [page for page, _, _ in pages]
        for page, placed, anchors in pages:
            page.placed[:], page.anchors[:] = placed, anchors

    def add_story(self, story: Story, anchors: list[tuple[str, int]]) -> int:
        """Lay out one article from the cursor on; returns the page it starts on.

        anchors: outline entries (title, level) that point at the article's start.
        """
        beside, self.beside = self.beside, None
        if story.article.start == "new-page" and not self.at_page_top:
            self._fill_down()
            self.new_page()
            beside = None
        if beside is not None:
            start_page = self.page_number
            if self._start_beside(story, anchors, *beside):
                return start_page
            self.cursor -= max(beside[1])  # under everything on the page
        geometry = self.geometry
        separator = [] if self.at_page_top else [Rule(self.rule_color, space=self.gap)]
        head = story.head
        body_start = self.body_start_height(story.body)
        photo = next((item for item in head if isinstance(item, PhotoBlock)), None)
        place = photo.photo.place if photo is not None else "auto"
        others = [item for item in head if item is not photo]
        reserve = 0.0  # for the photo at the foot of the page
        if place == "top":  # above the headline, at the top of a page
            head = [photo] + others
            if not self.at_page_top:
                self._fill_down()
                self.new_page()
                separator = []
        elif place == "bottom":
            head = others
            reserve = photo.wrap(geometry.width, geometry.height)[1] + self.gap

        def fits(items: list[Flowable]) -> bool:
            return (self.height_of(separator + items, geometry.width) + body_start + reserve
                    <= self.room)

        def without_photo() -> list[Flowable]:
            """The photo under the headline waits for the foot of this page or the top of
            the next while the article starts here (the layout's choice, 'place: auto')."""
            self.floating.append(photo)
            return others

        if place == "auto" and photo is not None and not fits(head) and fits(others):
            head = without_photo()
        needed = self.height_of(separator + head, geometry.width) + body_start + reserve
        if needed > self.room and not self._pull_up(needed):
            self._fill_down()
            self.new_page()  # where photos waiting from before may stand first
            separator = []
            if place == "auto" and not fits(head) and photo in head:
                head = without_photo()
        if not fits(head):
            raise LayoutProblem(msg("its headline, lead photo and first lines are taller than "
                                    "a page"), story.article)
        if reserve:
            self.place(photo, geometry.left, geometry.width, self.floor + reserve - self.gap)
            self.floor += reserve
        if separator:
            self.place_full_width(separator)
        for title, level in anchors:
            self.page.anchors.append(Anchor(story.anchor, title, level, geometry.left, self.cursor))
        start_page = self.page_number
        self.place_full_width(head)
        self.flow_columns(story.body, story.article)
        self.place_floating()
        return start_page

    def place_floating(self) -> None:
        """A photo waiting to go across the columns: here, under what is on the page, when
        it fits; else it stays for the top of the next page."""
        if self.floating and self.height_of(self.floating, self.geometry.width) <= self.room:
            floating, self.floating = self.floating, []
            self.cursor -= floating[0].getSpaceBefore()
            self.place_full_width(floating)
            self.cursor -= self.gap

    def _start_beside(self, story: Story, anchors: list[tuple[str, int]], span: int,
                      offsets: list[float]) -> bool:
        """The article's head across the first `span` columns, its text in every column
        from where each is free (`offsets` below the cursor): page 1, where the contents
        beside the cover photo reach lower than the photo. False when the head cannot be
        set so (its own photo is as wide as the page) or the start does not fit."""
        geometry = self.geometry
        if any(isinstance(item, PhotoBlock) for item in story.head):
            return False
        width = span * geometry.column_width + (span - 1) * geometry.gutter
        head_height = self.height_of(story.head, width)
        if head_height + self.body_start_height(story.body) > self.room:
            return False
        for title, level in anchors:
            self.page.anchors.append(Anchor(story.anchor, title, level, geometry.left, self.cursor))
        top = self.cursor
        self.place_full_width(story.head, width)
        under = top - self.cursor
        self.cursor = top
        self.flow_columns(story.body, story.article,
                          [under if n < span else offset for n, offset in enumerate(offsets)])
        return True

    def body_start_height(self, body: list[Flowable]) -> float:
        """The first lines that must stand under a headline on the same page."""
        if not body:
            return 0.0
        first, width = body[0], self.geometry.column_width
        if isinstance(first, AcrossColumns):  # the text opens with a table across
            first, width = first.items[0], self.geometry.width
        height = first.wrap(width, self.geometry.height)[1]
        return min(height, MIN_LINES_UNDER_HEADLINE * self.leading) + first.getSpaceBefore()

    def flow_columns(self, items: list[Flowable], subject,
                     offsets: list[float] | None = None) -> None:
        """The body in columns (column n starting `offsets[n]` below the cursor on this
        page); what goes across them (AcrossColumns) ends the columns above it level and is
        set at full width, the columns going on beneath."""
        segment: list[Flowable] = []
        for item in items:
            if isinstance(item, AcrossColumns):
                self._flow_segment(segment, subject, offsets)
                segment, offsets = [], None
                self.place_across(item, subject)
            else:
                segment.append(item)
        self._flow_segment(segment, subject, offsets)

    def _pull_up(self, needed: float) -> bool:
        """Make `needed` room for the next article's start by setting paragraphs of the end
        of the one before a line shorter (each within the justification limits, the
        longest first), its columns still ending level. False when that cannot be done."""
        ending = _still_last(self.last_ending, self.page)
        if ending is None or needed - self.room > MOST_PULLED * self.leading:
            return False
        room = ending.top - self.floor
        least = math.ceil(self.geometry.columns * (needed - self.room) / self.leading)
        counts = range(least, max(least, len(ending.items)) + 1)
        found = self._set_again(ending, -1, room, counts,
                                lambda fill: room - fill.used_height() - self.gap >= needed)
        if found is None:
            return False
        self._replace(ending, found)
        return True

    def _fill_down(self, floor: float | None = None) -> None:
        """The next article cannot start in the room left on the page: the end of the one
        before takes it instead, some of its paragraphs set a line longer (each within the
        justification limits, the longest first), its columns still ending level, then
        the white between its pieces grown a little so that they reach the foot (or
        `floor`, the imprint's top on the last page)."""
        ending, self.last_ending = _still_last(self.last_ending, self.page), None
        floor = self.floor if floor is None else floor
        if ending is None or self.cursor - floor < 2 * self.leading:
            return
        room = ending.top - floor
        wanted = int(self.geometry.columns * (room - ending.used) / self.leading)
        found = (self._set_again(ending, +1, room, range(wanted, 0, -1), lambda fill: True)
                 or columns.balance(ending.items, self.geometry.column_width, room,
                                    self.geometry.columns, ending.offsets))
        if found is None:
            return
        columns.feather(found, room, FEATHER)
        self._replace(ending, found)

    def _set_again(self, ending: _Ending, looseness: int, room: float, counts: range,
                   good) -> columns.Fill | None:
        """The ending's columns balanced again within `room`, the first k of its paragraphs
        that can be set a line longer (+1) or shorter (-1), longest first, so set: the
        first k of `counts` (at most as many as there are) for which the fill is `good`."""
        width = self.geometry.column_width
        others = [(n, other) for n, item in enumerate(ending.items)
                  if (other := loosened(item, width, looseness)) is not None]
        others.sort(key=lambda pair: -ending.items[pair[0]].wrap(width, room)[1])
        for k in dict.fromkeys(min(k, len(others)) for k in counts):
            if k <= 0:
                continue
            items = list(ending.items)
            for n, other in others[:k]:
                items[n] = other
            found = columns.balance(items, width, room, self.geometry.columns, ending.offsets)
            if found is not None and good(found):
                return found
        return None

    def _replace(self, ending: _Ending, filled: columns.Fill) -> None:
        """The ending's columns, set again, in their place."""
        del self.page.placed[ending.placed:]
        self.place_columns(filled, ending.top)
        self.cursor = ending.top - filled.used_height() - self.gap
        self.last_ending = None

    def place_across(self, across: AcrossColumns, subject) -> None:
        """Full-width items from the cursor on: one that does not fit goes on the next page,
        or splits there if it can (a table, between rows, its header repeated)."""
        geometry = self.geometry
        self.last_ending = None  # the columns above are no longer the page's last
        queue = list(across.items)
        while queue:
            item = queue[0]
            space = 0.0 if self.at_page_top else item.getSpaceBefore()
            room = self.room - space
            height = item.wrap(geometry.width, room)[1]
            if height <= room + columns.EPSILON and not (
                    item.getKeepWithNext() and len(queue) > 1
                    and not columns.can_start(queue[1], geometry.width,
                                               room - height - item.getSpaceAfter())):
                self.cursor -= space + self.place(item, geometry.left, geometry.width,
                                                  self.cursor - space)
                self.cursor -= item.getSpaceAfter()
                queue.pop(0)
                continue
            parts = item.split(geometry.width, room) if room > 0 else []
            if len(parts) >= 2:
                self.cursor -= space + self.place(parts[0], geometry.left, geometry.width,
                                                  self.cursor - space)
                queue[0:1] = parts[1:]
            elif self.at_page_top:
                raise LayoutProblem(msg("the wide box on line {line} is taller than a page, and "
                                        "a box across the columns is never split: shorten it, "
                                        "make two boxes of it, or set it in the column ('::: "
                                        "box' without 'wide')", line=across.line), subject)
            self.new_page()
        self.cursor -= self.gap

    def _flow_segment(self, items: list[Flowable], subject,
                      offsets: list[float] | None = None) -> None:
        geometry = self.geometry
        count = geometry.columns
        if not items and offsets:
            self.cursor -= max(offsets)
        while items:
            balanced = columns.balance(items, geometry.column_width, self.room, count, offsets)
            if balanced is not None:
                before = len(self.page.placed)
                self.place_columns(balanced, self.cursor)
                self.last_ending = _Ending(items, offsets, self.cursor, before,
                                           balanced.used_height(), len(self.page.placed))
                self.cursor -= balanced.used_height() + self.gap
                return
            filled = columns.fill(items, geometry.column_width, self.room, count, offsets)
            offsets = None  # the next page's columns start level
            if not filled.placed_anything and self.at_page_top:
                raise LayoutProblem(_too_large(filled.rest[0]), getattr(filled.rest[0], "photo",
                                                                        subject))
            self.place_columns(filled, self.cursor)
            items = filled.rest
            self.new_page()

    def place_at_bottom(self, flowable: Flowable, multiple_of: int = 1,
                        at_least: int = 0) -> None:
        """The imprint: at the foot of the last page, on a new page if it does not fit.
        With `multiple_of` 4 (or `at_least` N), blank pages are added first so that the
        page count suits a saddle-stitched bulletin (or is N), and the imprint goes to the
        (new) last page."""
        geometry = self.geometry
        self.place_floating()
        if self.floating:
            self.new_page()
        height = flowable.wrap(geometry.width, geometry.height)[1]
        if height + self.gap > self.room:
            self.new_page()
        if height > self.room:
            raise LayoutProblem(msg("the imprint is taller than a page"))
        self._fill_down(self.floor + height + self.gap)
        self.content_end = (len(self.pages), self.cursor)
        while len(self.pages) % multiple_of or len(self.pages) < at_least:
            self.new_page()
        # (above a photo the last article has at the foot of the page, if any)
        self.place(flowable, geometry.left, geometry.width, self.floor + height)
        self.imprint_height = self.floor + height - geometry.bottom  # with what is under it
        self.cursor = self.floor

    def column_ends(self, pages: range | None = None) -> list[list[float]]:
        """For every page (or those of `pages`, counted from 0), how far above the foot of
        the text area each column's lowest piece ends (points): a page's fill as the
        composer placed it."""
        geometry = self.geometry
        ends = []
        for page in (self.pages if pages is None else [self.pages[n] for n in pages]):
            columns = []
            for index in range(geometry.columns):
                left = geometry.column_x(index)
                right = left + geometry.column_width
                bottoms = [placed.y for placed in page.placed
                           if placed.x < right - 1 and placed.x + _width(placed.flowable) > left + 1]
                columns.append(min(bottoms) - geometry.bottom if bottoms else geometry.height)
            ends.append(columns)
        return ends

    @property
    def last_page_fill(self) -> float:
        """How much of the last page's text height is taken, the imprint at its foot
        included: a page the articles end on, or one holding the imprint alone."""
        page, end = self.content_end
        used = self.imprint_height + (self.geometry.top - end if page == len(self.pages) else 0)
        return min(used / self.geometry.height, 1.0)


@dataclass
class _Ending:
    """Balanced columns just placed: what they hold and where, to be set again longer."""

    items: list[Flowable]
    offsets: list[float] | None
    top: float
    placed: int  # the page's placed flowables before them
    used: float
    end: int  # and with them: anything placed since makes them not the last


def _width(flowable: Flowable) -> float:
    return getattr(flowable, "width", 0) or getattr(flowable, "_width", 0)


def _still_last(ending: _Ending | None, page: Page) -> _Ending | None:
    return ending if ending is not None and len(page.placed) == ending.end else None


def _retuned(story: Story, width: float, looseness: int) -> Story | None:
    """The story with every paragraph that can be set a line longer (or shorter) so set;
    None when none can."""
    body, changed = [], False
    for item in story.body:
        other = loosened(item, width, looseness)
        changed |= other is not None
        body.append(other or item)
    return replace(story, body=body) if changed else None


def paragraph_of(item: Flowable) -> ComposedParagraph | None:
    """The composed paragraph an item is (or ends with, before the author's name)."""
    found = item.paragraph if isinstance(item, WithByline) else item
    return found if isinstance(found, ComposedParagraph) else None


def loosened(item: Flowable, width: float, looseness: int = +1) -> Flowable | None:
    """The item with its paragraph set one line longer (or shorter, -1), if that reads
    well."""
    paragraph = paragraph_of(item)
    other = paragraph.loosened(width, looseness, back=True) if paragraph is not None else None
    if other is None or not isinstance(item, WithByline):
        return other
    return WithByline(other, item.byline)


def _too_large(flowable: Flowable) -> Message:
    if hasattr(flowable, "photo"):
        return msg("the photo with its caption is too large for a column")
    return msg("a piece of the text is too large for a column")
