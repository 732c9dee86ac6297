"""Pages: where every flowable of the issue goes, decided before anything is drawn.

Composing first and drawing second lets the contents on page 1 carry the page numbers of
articles laid out after it, in one pass (no multiBuild).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from bantin_print.pdf import columns
from bantin_print.pdf.flowables import AcrossColumns, LayoutProblem, Rule
from bantin_print.pdf.story import Story
from bantin_print.pdf.styles import Geometry

ARTICLE_GAP = 4.0
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
    def __init__(self, geometry: Geometry, body_leading: float, rule_color) -> None:
        self.geometry = geometry
        self.leading = body_leading
        self.rule_color = rule_color
        self.pages: list[Page] = [Page()]
        self.cursor = geometry.top

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def page_number(self) -> int:
        return len(self.pages)

    @property
    def room(self) -> float:
        return self.cursor - self.geometry.bottom

    @property
    def at_page_top(self) -> bool:
        return self.cursor >= self.geometry.top - columns.EPSILON

    def new_page(self) -> None:
        self.pages.append(Page())
        self.cursor = self.geometry.top

    def place(self, flowable: Flowable, x: float, width: float, top: float) -> float:
        """Place `flowable` with its top at `top`; returns its height."""
        height = flowable.wrap(width, top - self.geometry.bottom)[1]
        self.page.placed.append(Placed(flowable, x, top - height))
        return height

    def place_full_width(self, items: list[Flowable]) -> None:
        for n, item in enumerate(items):
            if n and not self.at_page_top:
                self.cursor -= item.getSpaceBefore()
            self.cursor -= self.place(item, self.geometry.left, self.geometry.width, self.cursor)
            self.cursor -= item.getSpaceAfter()

    def place_columns(self, filled: columns.Fill, top: float) -> None:
        geometry = self.geometry
        for index, slots in enumerate(filled.columns):
            y = top
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

    def add_story(self, story: Story, anchors: list[tuple[str, int]]) -> int:
        """Lay out one article from the cursor on; returns the page it starts on.

        anchors: outline entries (title, level) that point at the article's start.
        """
        geometry = self.geometry
        separator = [] if self.at_page_top else [Rule(self.rule_color, space=ARTICLE_GAP)]
        head_height = self.height_of(separator + story.head, geometry.width)
        body_start = self.body_start_height(story.body)
        if head_height + body_start > self.room:
            self.new_page()
            separator = []
            head_height = self.height_of(story.head, geometry.width)
        if head_height + body_start > self.room:
            raise LayoutProblem("its headline, lead photo and first lines are taller than a page",
                                story.article)
        if separator:
            self.place_full_width(separator)
        for title, level in anchors:
            self.page.anchors.append(Anchor(story.anchor, title, level, geometry.left, self.cursor))
        start_page = self.page_number
        self.place_full_width(story.head)
        self.flow_columns(story.body, story.article)
        return start_page

    def body_start_height(self, body: list[Flowable]) -> float:
        """The first lines that must stand under a headline on the same page."""
        if not body:
            return 0.0
        first, width = body[0], self.geometry.column_width
        if isinstance(first, AcrossColumns):  # the text opens with a table across
            first, width = first.items[0], self.geometry.width
        height = first.wrap(width, self.geometry.height)[1]
        return min(height, MIN_LINES_UNDER_HEADLINE * self.leading) + first.getSpaceBefore()

    def flow_columns(self, items: list[Flowable], subject) -> None:
        """The body in columns; what goes across them (AcrossColumns) ends the columns
        above it level and is set at full width, the columns going on beneath."""
        segment: list[Flowable] = []
        for item in items:
            if isinstance(item, AcrossColumns):
                self._flow_segment(segment, subject)
                segment = []
                self.place_across(item, subject)
            else:
                segment.append(item)
        self._flow_segment(segment, subject)

    def place_across(self, across: AcrossColumns, subject) -> None:
        """Full-width items from the cursor on: one that does not fit goes on the next page,
        or splits there if it can (a table, between rows, its header repeated)."""
        geometry = self.geometry
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
                raise LayoutProblem(f"the wide box on line {across.line} is taller than a "
                                    "page, and a box across the columns is never split: "
                                    "shorten it, make two boxes of it, or set it in the "
                                    "column ('::: box' without 'wide')", subject)
            self.new_page()
        self.cursor -= ARTICLE_GAP

    def _flow_segment(self, items: list[Flowable], subject) -> None:
        geometry = self.geometry
        count = geometry.columns
        while items:
            balanced = columns.balance(items, geometry.column_width, self.room, count)
            if balanced is not None:
                self.place_columns(balanced, self.cursor)
                self.cursor -= balanced.used_height() + ARTICLE_GAP
                return
            filled = columns.fill(items, geometry.column_width, self.room, count)
            if not filled.placed_anything and self.at_page_top:
                raise LayoutProblem(_too_large(filled.rest[0]), getattr(filled.rest[0], "photo",
                                                                        subject))
            self.place_columns(filled, self.cursor)
            items = filled.rest
            self.new_page()

    def place_at_bottom(self, flowable: Flowable, multiple_of: int = 1) -> None:
        """The imprint: at the foot of the last page, on a new page if it does not fit.
        With `multiple_of` 4, blank pages are added first so that the page count suits a
        saddle-stitched bulletin, and the imprint goes to the (new) last page."""
        geometry = self.geometry
        height = flowable.wrap(geometry.width, geometry.height)[1]
        if height + ARTICLE_GAP > self.room:
            self.new_page()
        if height > self.room:
            raise LayoutProblem("the imprint is taller than a page")
        while len(self.pages) % multiple_of:
            self.new_page()
        self.place(flowable, geometry.left, geometry.width, geometry.bottom + height)
        self.cursor = geometry.bottom


def _too_large(flowable: Flowable) -> str:
    if hasattr(flowable, "photo"):
        return "the photo with its caption is too large for a column"
    return "a piece of the text is too large for a column"
