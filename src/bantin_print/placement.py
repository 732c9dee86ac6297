"""Where an article's front-matter photos go, the same in both editions: one may stand
under the headline across the columns, the others are spread through the text."""

from __future__ import annotations

from bantin_print import model

# A landscape photo goes across all columns by itself when it takes at most this share of
# the page's text height there; taller, it stands in a column.
FULL_WIDTH_SHARE = 0.42
# A photo across the columns takes at most half the text height (a 4:3 camera photo set
# full width), its caption beneath.
FULL_WIDTH_MOST = 0.5


def spans_columns(photo: model.Photo, layout: model.Layout) -> bool:
    """Whether the photo is marked, or shaped, to stand across all columns."""
    if photo.span != "auto":
        return photo.span == "full"
    return (layout.columns > 1 and photo.width > 1.15 * photo.height
            and layout.text_width_mm * photo.height / photo.width
            <= layout.text_height_mm * FULL_WIDTH_SHARE)


def split_photos(photos: list[model.Photo], layout: model.Layout, size: int = 0
                 ) -> tuple[model.Photo | None, list[model.Photo]]:
    """(the photo under the headline, the photos in the text): the first that spans the
    columns goes under the headline; every other one stands in the text. To fill pages
    (`size` +1) the first landscape photo left to the layout ('span: auto') may go under
    the headline too; to save them (-1) no such photo does."""
    def spans(photo: model.Photo) -> bool:
        if photo.span != "auto" or size == 0:
            return spans_columns(photo, layout)
        return size > 0 and layout.columns > 1 and photo.width > 1.15 * photo.height

    head = next((photo for photo in photos if spans(photo)), None)
    return head, [photo for photo in photos if photo is not head]


def spread(blocks: list[model.Block], count: int) -> list[int]:
    """For each of `count` photos, the number of body blocks it follows, spread evenly:
    each after an ordinary paragraph, never before the first one (a column does not open
    an article with a picture), never inside a list or a quotation, never between a
    subheading and its text."""
    after = [n + 1 for n, block in enumerate(blocks)
             if isinstance(block, model.Paragraph) and n + 1 < len(blocks)] or [len(blocks)]
    return [min(after, key=lambda i: abs(i - len(blocks) * k / (count + 1)))
            for k in range(1, count + 1)]


def with_photos(blocks: list[model.Block], photos: list[model.Photo]) -> list[model.Block]:
    """The body with the photos spread through it as figures."""
    positions = spread(blocks, len(photos))

    def following(count: int) -> list[model.Block]:
        return [model.Figure(photo, photo.line)
                for photo, at in zip(photos, positions) if at == count]

    out = following(0)  # an article with no text
    for n, block in enumerate(blocks, start=1):
        out.append(block)
        out.extend(following(n))
    return out
