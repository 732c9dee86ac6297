"""The e-book's cover image: the masthead drawn above the issue's cover photo, or above a
plain panel when the issue has none. Drawn with Pillow in the issue's own fonts."""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont, ImageOps

from bantin_print import law, model
from bantin_print.images import Target, data_of, process
from bantin_print.text import formal_date, issue_label, masthead_name

WIDTH, HEIGHT = 1600, 2400
MARGIN = 110
ACCENT = (158, 27, 27)
INK = (26, 26, 26)
MUTED = (85, 85, 85)
PANEL = (244, 237, 230)


def draw_cover(issue: model.Issue) -> bytes:
    layout = issue.layout
    bold = str(layout.heading_font.bold)
    regular = str(layout.heading_font.regular)
    italic = str(layout.body_font.italic)
    page = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, WIDTH, 28), fill=ACCENT)

    y = 120
    y = _centred(draw, law.MASTHEAD, ImageFont.truetype(bold, 190), ACCENT, y) + 30
    y = _centred(draw, masthead_name(issue.publication.name).upper(),
                 ImageFont.truetype(bold, 84), INK, y) + 24
    y = _centred(draw, issue.publication.publisher.upper(), ImageFont.truetype(regular, 44),
                 MUTED, y) + 40
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill=ACCENT, width=6)
    y += 34
    line = f"{issue_label(issue.number)}  ·  {formal_date(issue.date, weekday=True)}"
    y = _centred(draw, line, ImageFont.truetype(bold, 50), INK, y) + 16
    if issue.title:
        y = _centred(draw, issue.title, ImageFont.truetype(italic, 64), ACCENT, y) + 10
    y += 50

    box = (MARGIN, y, WIDTH - MARGIN, HEIGHT - MARGIN)
    if issue.cover is not None:
        box_size = (box[2] - box[0], box[3] - box[1])
        made = process(issue.cover.path, Target("screen", max_edge=max(box_size)))
        photo = Image.open(BytesIO(data_of(issue.cover.path, made)))
        photo = ImageOps.contain(photo, box_size, Image.LANCZOS)
        x = (WIDTH - photo.width) // 2
        page.paste(photo, (x, box[1]))
    else:
        draw.rectangle(box, fill=PANEL)
        _centred(draw, issue_label(issue.number).upper(), ImageFont.truetype(bold, 260), ACCENT,
                 (box[1] + box[3]) // 2 - 160)
    buffer = BytesIO()
    page.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _centred(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, fill,
             y: int) -> int:
    """Draw `text` centred, wrapped at spaces into lines of even length (no word left
    alone on the last line); returns the y below it."""
    full = WIDTH - 2 * MARGIN
    lines = _wrap(draw, text, font, full)
    low, high = 0.0, float(full)
    while high - low > 4:  # the narrowest measure that needs no more lines
        middle = (low + high) / 2
        if len(_wrap(draw, text, font, middle)) > len(lines):
            low = middle
        else:
            high = middle
    ascent, descent = font.getmetrics()
    for line in _wrap(draw, text, font, high):
        x = (WIDTH - draw.textlength(line, font=font)) / 2
        draw.text((x, y), line, font=font, fill=fill)
        y += ascent + descent
    return y


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
          width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines
