"""Filling columns with flowables, and balancing them.

ReportLab's frames fill one column after another but cannot put a headline across columns
and the next article beneath a short one; this small engine does, on ReportLab's own
wrap/split protocol, so paragraphs keep ReportLab's widow and orphan control.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from reportlab.platypus import Flowable

from bantin_print.pdf.flowables import PhotoBlock

EPSILON = 0.01


@dataclass
class Slot:
    flowable: Flowable
    height: float
    space_before: float


@dataclass
class Fill:
    columns: list[list[Slot]]
    rest: list[Flowable]
    offsets: list[float] | None = None  # where each column started below the common top

    @property
    def placed_anything(self) -> bool:
        return any(self.columns)

    def ends(self) -> list[float]:
        """How far below the common top each column ends."""
        offsets = self.offsets or [0.0] * len(self.columns)
        return [offset + sum(s.space_before + s.height + s.flowable.getSpaceAfter()
                             for s in column)
                - (column[-1].flowable.getSpaceAfter() if column else 0)
                for column, offset in zip(self.columns, offsets)]

    def used_height(self) -> float:
        """From the common top to the foot of the longest column."""
        return max(self.ends(), default=0.0)


def can_start(flowable: Flowable, width: float, room: float) -> bool:
    """Whether `flowable` fits in `room`, or can put a first part there (ReportLab's own
    split, with its widow and orphan rules, decides)."""
    room -= flowable.getSpaceBefore()
    if room <= 0:
        return False
    if flowable.wrap(width, room)[1] <= room + EPSILON:
        return True
    return len(flowable.split(width, room)) >= 2


def fill(items: list[Flowable], width: float, height: float, count: int,
         offsets: list[float] | None = None) -> Fill:
    """Put as much of `items` as fits into `count` columns of `height`, in reading order;
    column n starts `offsets[n]` below the top (something else stands above it there).

    A photo that does not fit the rest of a column waits for the top of the next one while
    the text goes on filling the space (as a layout artist floats it); one the editor
    places at the top (bottom) of a column stands at the top (foot) of the next column it
    fits; one placed 'here' is not passed by the text. A subheading never ends a column.
    """
    queue = deque(items)
    waiting: deque[Flowable] = deque()  # for the top of the next column
    sinking: deque[Flowable] = deque()  # for the foot of a column
    columns: list[list[Slot]] = []
    for index in range(count):
        slots: list[Slot] = []
        foot: list[Slot] = []
        free = height - (offsets[index] if offsets else 0.0)

        def place(flowable: Flowable, item_height: float, space: float) -> None:
            nonlocal free
            slots.append(Slot(flowable, item_height, space))
            free -= space + item_height + flowable.getSpaceAfter()

        def sink() -> None:
            """Photos for the foot of a column: this one's, as many as fit."""
            nonlocal free
            while sinking:
                photo_height = sinking[0].wrap(width, free)[1]
                space = sinking[0].getSpaceBefore()
                under = foot[-1].flowable.getSpaceAfter() if foot else 0.0  # (the last: none)
                if under + space + photo_height > free + EPSILON:
                    return
                foot.append(Slot(sinking.popleft(), photo_height, space))
                free -= under + space + photo_height

        sink()
        while waiting:
            photo = waiting[0]
            space = photo.getSpaceBefore() if slots else 0.0
            photo_height = photo.wrap(width, free)[1]
            if space + photo_height > free + EPSILON:
                break
            place(waiting.popleft(), photo_height, space)
        while queue:
            item = queue[0]
            where = _place(item)
            if where == "bottom":
                sinking.append(queue.popleft())
                sink()
                continue
            if where == "top" and slots:
                waiting.append(queue.popleft())
                continue
            space = item.getSpaceBefore() if slots else 0.0
            item_height = item.wrap(width, free - space)[1]
            if space + item_height <= free + EPSILON:
                if (item.getKeepWithNext() and slots and len(queue) > 1
                        and not can_start(queue[1], width, free - space - item_height
                                           - item.getSpaceAfter())):
                    break
                place(queue.popleft(), item_height, space)
                continue
            if where == "auto" and isinstance(item, PhotoBlock) and len(queue) > 1:
                waiting.append(queue.popleft())
                continue
            parts = item.split(width, free - space) if free - space > 0 else []
            if len(parts) == 1 and parts[0] is not item:
                queue[0] = parts[0]  # set otherwise (a line tighter) to fit here
                continue
            if len(parts) >= 2:
                first_height = parts[0].wrap(width, free - space)[1]
                if space + first_height <= free + EPSILON:
                    queue.popleft()
                    queue.extendleft(reversed(parts[1:]))
                    place(parts[0], first_height, space)
            break
        if foot and (queue or waiting):  # the text goes on: the photos at the very foot
            foot[0].space_before += max(free, 0.0)
        columns.append(slots + foot)
    return Fill(columns, list(waiting) + list(sinking) + list(queue), offsets)


def _place(item: Flowable) -> str:
    """Where the editor wants a photo in a column: auto, here, top or bottom."""
    return item.photo.place if isinstance(item, PhotoBlock) else "auto"


def balance(items: list[Flowable], width: float, height: float, count: int,
            offsets: list[float] | None = None) -> Fill | None:
    """The fill of all `items` into `count` columns of the least height up to `height`, so that
    the columns end level; None if they do not all fit."""
    best = fill(items, width, height, count, offsets)
    if best.rest:
        return None
    if count == 1:
        return best
    total = sum(item.wrap(width, height)[1] + item.getSpaceBefore() + item.getSpaceAfter()
                for item in items) + sum(offsets or ())
    low, high = max(total / count - 1.0, max(offsets or [0.0])), best.used_height()
    while high - low > 1.0:
        middle = (low + high) / 2
        if fill(items, width, middle, count, offsets).rest:
            low = middle
        else:
            high = middle
    # Filled once more at the height found: a failed trial's split() drops the line
    # breaks ReportLab cached on the paragraphs, so an earlier trial cannot be reused.
    return fill(items, width, high, count, offsets)


def feather(filled: Fill, height: float, most: float) -> None:
    """Spread white between the pieces of each column, at most `most` between two, so that
    the columns end nearer `height` below the common top (vertical justification)."""
    for column, end in zip(filled.columns, filled.ends()):
        # Never between a subheading (or a table's title) and what it introduces.
        gaps = [slot for before, slot in zip(column, column[1:])
                if not before.flowable.getKeepWithNext()]
        if not gaps:
            continue
        extra = min((height - end) / len(gaps), most)
        if extra > 0:
            for slot in gaps:
                slot.space_before += extra
