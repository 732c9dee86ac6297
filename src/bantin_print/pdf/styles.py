"""Page geometry, registered fonts and paragraph styles for the print edition."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from bantin_print.model import FOOTER_MM, FontFamily, Justification, Layout
from bantin_print.pdf.paragraph import TextStyle
from bantin_print.pdf.paragraph.collect import Faces

@dataclass(frozen=True)
class Palette:
    accent: Color  # the deep red of Vietnamese official print
    ink: Color
    muted: Color
    tint: Color  # background of the contents and imprint boxes
    rule: Color
    registration: Color  # crop marks: on every separation


RGB = Palette(accent=HexColor("#9E1B1B"), ink=HexColor("#1A1A1A"), muted=HexColor("#555555"),
              tint=HexColor("#F4EDE6"), rule=HexColor("#9A9A9A"),
              registration=CMYKColor(1, 1, 1, 1))
# For the print shop: text in black ink only (a rich black would blur small type when the
# plates do not register exactly), the accent as a press red, greys as tints of black.
CMYK = Palette(accent=CMYKColor(0, 0.9, 0.85, 0.35), ink=CMYKColor(0, 0, 0, 0.9),
               muted=CMYKColor(0, 0, 0, 0.67), tint=CMYKColor(0, 0.05, 0.09, 0.04),
               rule=CMYKColor(0, 0, 0, 0.4), registration=CMYKColor(1, 1, 1, 1))

BODY_SIZE = 9.5
BODY_LEADING = 12.6
GUTTER = 4.5 * mm


@dataclass(frozen=True)
class Fonts:
    """Registered ReportLab names of the faces of one family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


def register(family: FontFamily) -> Fonts:
    """Register the four faces (once per process) and tie them together for <b> and <i>."""
    base = "".join(family.name.split())
    names = Fonts(f"{base}", f"{base}-Bold", f"{base}-Italic", f"{base}-BoldItalic")
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, path in zip((names.regular, names.bold, names.italic, names.bold_italic),
                          (family.regular, family.bold, family.italic, family.bold_italic)):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold,
                                  italic=names.italic, boldItalic=names.bold_italic)
    return names


def register_face(path: Path) -> str:
    """Register one face on its own (the code font), once per process."""
    name = f"code-{path.stem}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


@dataclass(frozen=True)
class Geometry:
    page_width: float
    page_height: float
    margin: float
    columns: int
    gutter: float = GUTTER

    @classmethod
    def from_layout(cls, layout: Layout) -> Geometry:
        return cls(layout.page_width_mm * mm, layout.page_height_mm * mm, layout.margin_mm * mm,
                   layout.columns)

    @property
    def left(self) -> float:
        return self.margin

    @property
    def width(self) -> float:
        return self.page_width - 2 * self.margin

    @property
    def top(self) -> float:
        return self.page_height - self.margin

    @property
    def bottom(self) -> float:
        return self.margin + FOOTER_MM * mm

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def column_width(self) -> float:
        return (self.width - (self.columns - 1) * self.gutter) / self.columns

    def column_x(self, index: int) -> float:
        return self.left + index * (self.column_width + self.gutter)


class Styles:
    """Every paragraph style names a registered font, so no Helvetica is ever referenced."""

    def __init__(self, body: Fonts, heading: Fonts, columns: int, palette: Palette = RGB,
                 limits: Justification = Justification(), code: str | None = None,
                 leading_scale: float = 1.0) -> None:
        """`leading_scale`: the body text's leading, of its own (an issue fitted to its
        pages may be set up to 2 % tighter or looser)."""
        self.body_fonts = body
        self.heading_fonts = heading
        self.code = ParagraphStyle("code", fontName=code or body.regular, fontSize=7.0,
                                   leading=9.4, textColor=palette.ink, spaceBefore=4,
                                   spaceAfter=5)
        self.palette = palette
        ACCENT, INK, MUTED = palette.accent, palette.ink, palette.muted  # noqa: N806
        leading = BODY_LEADING * leading_scale
        self.leading = leading
        base = dict(fontName=body.regular, fontSize=BODY_SIZE, leading=leading,
                    textColor=INK, allowWidows=0, allowOrphans=0, splitLongWords=1)
        self.body = ParagraphStyle("body", alignment=TA_JUSTIFY, firstLineIndent=3.5 * mm, **base)
        self.body_first = ParagraphStyle("body-first", parent=self.body, firstLineIndent=0)
        self.lead = ParagraphStyle("lead", parent=self.body_first, fontName=body.bold,
                                   fontSize=BODY_SIZE + 0.5, leading=leading + 0.8,
                                   spaceAfter=5)
        self.subheading = ParagraphStyle("subheading", parent=self.body_first,
                                         fontName=heading.bold, fontSize=BODY_SIZE + 0.5,
                                         leading=leading, alignment=TA_LEFT,
                                         spaceBefore=6, spaceAfter=2, keepWithNext=1,
                                         textColor=ACCENT)
        self.quote = ParagraphStyle("quote", parent=self.body_first, fontName=body.italic,
                                    leftIndent=4 * mm, spaceBefore=3, spaceAfter=3)
        self.list_item = ParagraphStyle("list-item", parent=self.body_first, leftIndent=4.5 * mm,
                                        bulletIndent=0.8 * mm, bulletFontName=body.regular,
                                        spaceAfter=1)
        self.separator = ParagraphStyle("separator", parent=self.body_first, alignment=TA_CENTER,
                                        spaceBefore=3, spaceAfter=3)
        self.author = ParagraphStyle("author", parent=self.body_first, fontName=body.bold,
                                     alignment=TA_RIGHT, spaceBefore=3)
        self.note = ParagraphStyle("note", parent=self.body_first, fontSize=7.8, leading=9.8,
                                   leftIndent=3.5 * mm, bulletIndent=0, spaceBefore=1.5)
        self.table_cell = ParagraphStyle("table-cell", parent=self.body_first, fontSize=8.2,
                                         leading=10.2, alignment=TA_LEFT)
        self.table_head = ParagraphStyle("table-head", parent=self.table_cell,
                                         fontName=heading.bold, fontSize=7.8, leading=9.8)
        self.table_title = ParagraphStyle("table-title", parent=self.body_first,
                                          fontName=heading.bold, fontSize=8.4, leading=10.4,
                                          alignment=TA_LEFT, spaceBefore=4, keepWithNext=1)
        headline_size = 20 if columns >= 3 else 17
        self.headline = ParagraphStyle("headline", fontName=heading.bold, fontSize=headline_size,
                                       leading=headline_size * 1.16, textColor=INK,
                                       alignment=TA_LEFT, spaceAfter=7)
        self.headline_short = self.headline.clone("headline-short", fontSize=headline_size - 5,
                                                  leading=(headline_size - 5) * 1.18, spaceAfter=5)
        self.caption = ParagraphStyle("caption", fontName=heading.italic, fontSize=7.6,
                                      leading=9.6, textColor=MUTED, alignment=TA_LEFT)
        self.section = ParagraphStyle("section", fontName=heading.bold, fontSize=8.5,
                                      leading=10, textColor=ACCENT)
        self.contents_title = ParagraphStyle("contents-title", fontName=heading.bold,
                                             fontSize=10.5, leading=13, textColor=ACCENT)
        self.contents_section = ParagraphStyle("contents-section", fontName=heading.bold,
                                               fontSize=7.4, leading=9, textColor=ACCENT,
                                               spaceBefore=4)
        self.contents_entry = ParagraphStyle("contents-entry", fontName=heading.regular,
                                             fontSize=8.4, leading=10.4, textColor=INK)
        self.contents_page = ParagraphStyle("contents-page", parent=self.contents_entry,
                                            fontName=heading.bold, alignment=TA_RIGHT)
        self.imprint = ParagraphStyle("imprint", fontName=heading.regular, fontSize=7.4,
                                      leading=9.4, textColor=INK)
        self.imprint_title = ParagraphStyle("imprint-title", parent=self.imprint,
                                            fontName=heading.bold, fontSize=8.4, leading=10.4,
                                            textColor=ACCENT)
        self.mast_label = ParagraphStyle("mast-label", fontName=heading.bold, fontSize=30,
                                         leading=32, textColor=ACCENT, alignment=TA_CENTER)
        self.mast_name = ParagraphStyle("mast-name", fontName=heading.bold, fontSize=17,
                                        leading=20, textColor=INK, alignment=TA_CENTER)
        self.mast_publisher = ParagraphStyle("mast-publisher", fontName=heading.regular,
                                             fontSize=8.5, leading=11, textColor=MUTED,
                                             alignment=TA_CENTER)
        self.mast_bar = ParagraphStyle("mast-bar", fontName=heading.bold, fontSize=8.5,
                                       leading=11, textColor=INK)
        # What the paragraph composer sets: justified, with total-fit line breaking.
        faces = Faces(body.regular, body.bold, body.italic, body.bold_italic, code or "")
        self.limits = limits
        self.body_text = _composed(self.body, faces, INK)
        self.body_first_text = _composed(self.body_first, faces, INK)
        self.lead_text = _composed(self.lead, faces, INK, bold=True)
        self.quote_text = _composed(self.quote, faces, INK, italic=True)
        self.list_item_text = _composed(self.list_item, faces, INK)
        self.note_text = _composed(self.note, faces, INK)
        # and with balanced ragged lines
        sans = Faces(heading.regular, heading.bold, heading.italic, heading.bold_italic,
                     code or "")
        self.headline_text = _composed(self.headline, sans, INK, bold=True)
        self.headline_short_text = _composed(self.headline_short, sans, INK, bold=True)
        self.caption_text = _composed(self.caption, sans, MUTED, italic=True)
        self.contents_entry_text = _composed(self.contents_entry, sans, INK)
        self.contents_page_text = _composed(self.contents_page, sans, INK, bold=True)
        self.mast_name_text = _composed(self.mast_name, sans, INK, bold=True)
        self.table_cell_text = _composed(self.table_cell, faces, INK)
        self.table_head_text = _composed(self.table_head, sans, INK, bold=True)
        self.table_title_text = _composed(self.table_title, sans, INK, bold=True)
        self.box_title_text = _composed(self.table_title, sans, ACCENT, bold=True)


def _composed(style: ParagraphStyle, faces: Faces, color, bold: bool = False,
              italic: bool = False) -> TextStyle:
    align = {TA_JUSTIFY: "justify", TA_CENTER: "center", TA_RIGHT: "right"}.get(style.alignment,
                                                                               "left")
    return TextStyle(style.name, faces, style.fontSize, style.leading, color,
                     align=align, first_indent=style.firstLineIndent,
                     left_indent=style.leftIndent, space_before=style.spaceBefore,
                     space_after=style.spaceAfter, bold=bold, italic=italic,
                     bullet_indent=style.bulletIndent, keep_with_next=bool(getattr(style, "keepWithNext", 0)))
