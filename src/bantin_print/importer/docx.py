"""A Word file (.docx), with runs in old Vietnamese fonts converted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg, msg_n
from bantin_print.importer.article import escape
from bantin_print.importer.assemble import assemble_draft
from bantin_print.importer.bounds import check_package
from bantin_print.importer.draft import Draft, Para, listing, norm, short
from bantin_print.importer.inline import (
    MARKS, NOTE, SAFE_LINK, Span, header_unbolded, span_text, spans_markdown,
    without_common_marks)


def read_docx(path: Path, data: bytes) -> Draft:
    import io
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    notes: list[Message] = []
    check_package(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile) as e:
        raise InputError.single(path, None, msg("cannot be read as a Word .docx file ({error})",
                                                error=str(e))) from None
    except Exception as e:  # a damaged package fails in many ways inside python-docx and lxml
        raise InputError.single(path, None, msg(
            "cannot be read as a Word .docx file ({kind}: {error})", kind=type(e).__name__,
            error=str(e))) from None

    fonts = _DocxFonts(document)
    numbering = _Numbering(document, fonts)
    footnotes = _Footnotes(document, fonts)
    paras: list[Para] = []
    converted: dict[str, int] = {}
    for n, paragraph in enumerate(_docx_paragraphs(document), start=1):
        if isinstance(paragraph, _Table):
            table = _table(paragraph, fonts, converted)
            if table:
                paras.append(Para(" ".join(text for row in table for text, _ in row if text),
                                  where=msg("paragraph {n}", n=n), table=table))
            continue
        pictures = _docx_pictures(paragraph)
        for alt, image in pictures:
            if isinstance(image, str):  # linked: the file is on the author's computer
                notes.append(msg("the picture in paragraph {n} is linked to '{target}', not "
                                 "embedded in the Word file: ask for that photo, copy it into "
                                 "photos/ and list it under photos:", n=n, target=image))
                image = None
            paras.append(Para(alt, role="picture", where=msg("paragraph {n}", n=n),
                              image=image))
        style = _docx_style_name(paragraph)
        folded = style.casefold()
        heading = _HEADING.match(folded)
        value, bold, italic, used, markdown = _docx_text(
            paragraph, fonts, heading=bool(heading), notes=footnotes)
        for font, count in used.items():
            converted[font] = converted.get(font, 0) + count
        if not value:
            continue
        align = _docx_align(paragraph)
        para = Para(value, where=msg("paragraph {n}", n=n), bold=bold, italic=italic,
                    align=align, picture=bool(pictures), markdown=markdown,
                    notes=footnotes.taken())
        # A title style makes the title unless real text came before it (then it is a
        # subheading); a date line or a label above it may stand there.
        if (folded.startswith(("title", "heading 1", "tiêu đề"))
                and _room_for_title(paras)):
            para.role = "title"
            para.note = msg("the title was taken from paragraph {n}, in the style '{style}'",
                            n=n, style=style)
        elif heading:  # Heading 1 after the title, 2: ##; 3 and below: ###
            para.heading = 3 if int(heading.group(1)) >= 3 else 2
        elif (item := numbering.item(paragraph)) is not None:
            numbered, level = item
            named = _LIST_STYLE.match(folded)  # "List Bullet 2": the second level by name
            if named and level == 0:
                level = min(int(named.group(1)) - 1, 3)
            para.item = numbered, level
        elif folded.startswith("caption") and len(value) <= 300:
            para.role = "caption"
            para.note = msg("the caption '{text}' was taken from paragraph {n}, in the style "
                            "'{style}'", text=short(value), n=n, style=style)
        paras.append(para)
    if converted:
        fonts_used = [msg_n("{font} ({n} place)", "{font} ({n} places)", "n", font=font,
                            n=count) for font, count in sorted(converted.items())]
        notes.append(msg("text in old Vietnamese fonts was converted to Unicode: {fonts}",
                         fonts=listing(fonts_used)))
    if not any(p.text for p in paras):
        raise InputError.single(path, None, msg("no text found in the Word file"))
    return assemble_draft(paras, path, "paragraph", notes)


def _room_for_title(paras: list[Para]) -> bool:
    """No title yet, and at most two short paragraphs (a date line, a label) before it."""
    before = [p.text for p in paras if p.text and p.role != "picture"]
    return (len(before) <= 2 and all(len(b) <= 80 for b in before)
            and not any(p.role == "title" for p in paras))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_V = "{urn:schemas-microsoft-com:vml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


@dataclass
class _Table:
    """A table of the body: rows of cells, each cell its paragraphs (a table inside a
    cell gives its paragraphs to the cell)."""

    rows: list[list[list]]


def _docx_paragraphs(document):
    """The body's paragraphs in order, each table as one _Table."""
    from docx.text.paragraph import Paragraph

    def walk(element, parent, flat: bool = False):
        for child in element.iterchildren():
            if child.tag == f"{_W}p":
                yield Paragraph(child, parent)
            elif child.tag == f"{_W}tbl" and flat:
                for row in child.iterchildren(f"{_W}tr"):
                    for cell in row.iterchildren(f"{_W}tc"):
                        yield from walk(cell, parent, flat)
            elif child.tag == f"{_W}tbl":
                yield _Table([[list(walk(cell, parent, True))
                               for cell in row.iterchildren(f"{_W}tc")]
                              for row in child.iterchildren(f"{_W}tr")])
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml",
                               f"{_W}ins", f"{_W}smartTag"):
                yield from walk(child, parent, flat)

    yield from walk(document.element.body, document)


def _table(table: _Table, fonts: _DocxFonts, converted: dict[str, int]
           ) -> list[list[tuple[str, str | None]]]:
    """Each cell's text and Markdown (its paragraphs joined by a space); no empty rows."""
    rows = []
    for row in table.rows:
        cells = []
        for paragraphs in row:
            texts, marked = [], []
            for paragraph in paragraphs:
                value, _, _, used, markdown = _docx_text(paragraph, fonts)
                for font, count in used.items():
                    converted[font] = converted.get(font, 0) + count
                if value:
                    texts.append(value)
                    marked.append(markdown)
            plain = " ".join(texts)
            markdown = (" ".join(m if m is not None else escape(t) for t, m in zip(texts, marked))
                        if any(m is not None for m in marked) else None)
            cells.append((plain, markdown))
        if any(text for text, _ in cells):
            rows.append(cells)
    return header_unbolded(rows)


# The pictures a photo can be made of, by the file name Word gives their part.
PICTURE_EXTENSIONS = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png"}


def _docx_pictures(paragraph) -> list[tuple[str, tuple[bytes, str] | str | None]]:
    """Each picture in the paragraph: its alternative text ("" when it has none), and its
    bytes and extension when it is embedded as a JPEG or PNG, or the address it is linked
    to (a drawing in another format has neither: its caption is listed for the editor)."""
    found = []
    for node in paragraph._p.iter(f"{_W}drawing", f"{_W}pict"):
        if any(a.tag == f"{_MC}Fallback" for a in node.iterancestors()):
            continue
        doc_pr = next(node.iter(f"{_WP}docPr"), None)
        if doc_pr is not None:
            alt = doc_pr.get("descr") or doc_pr.get("title") or ""
        else:
            shape = next(node.iter(f"{_V}shape"), None)
            alt = (shape.get("alt") or "") if shape is not None else ""
        blip = next(node.iter(f"{_A}blip"), None)
        image = _embedded(paragraph, blip.get(f"{_R}embed")) if blip is not None else None
        if image is None and blip is not None and blip.get(f"{_R}link"):
            image = _linked(paragraph, blip.get(f"{_R}link"))
        found.append((norm(alt), image))
    return found


def _linked(paragraph, rid: str) -> str:
    """Where a linked (not embedded) picture points, as the Word file names it."""
    try:
        return paragraph.part.rels[rid].target_ref
    except (KeyError, AttributeError):
        return "?"


def _embedded(paragraph, rid: str | None) -> tuple[bytes, str] | None:
    try:
        part = paragraph.part.related_parts[rid]
    except (KeyError, AttributeError, TypeError):
        return None
    extension = PICTURE_EXTENSIONS.get(Path(str(part.partname)).suffix.lower())
    return (part.blob, extension) if extension else None


def _docx_style_name(paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "") if style is not None else ""


def _docx_align(paragraph) -> str | None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    alignment = paragraph.alignment
    style = None
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        pass
    while alignment is None and style is not None:
        alignment = style.paragraph_format.alignment
        style = style.base_style
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        return "right"
    if alignment == WD_ALIGN_PARAGRAPH.CENTER:
        return "center"
    return None


def _legacy_encoding(font: str | None) -> tuple[str | None, bool]:
    """("tcvn3" | "vni" | None, upper case?) for a font name."""
    if not font:
        return None, False
    name = font.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if name.lower().startswith("vni-") or name.lower().startswith("vni "):
        return "vni", False
    return None, False


class _DocxFonts:
    """The fonts a run is set in: its own, its character style's, its paragraph style's,
    the document's default (each of w:ascii and w:hAnsi inherited on its own)."""

    def __init__(self, document) -> None:
        self.styles: dict[str, object] = {}
        self.default_paragraph = None
        self.defaults: dict[str, str] = {}
        try:
            root = document.styles.element
        except Exception:  # no styles part
            root = None
        if root is not None:
            for style in root.iterchildren(f"{_W}style"):
                style_id = style.get(f"{_W}styleId")
                if style_id:
                    self.styles[style_id] = style
                if (style.get(f"{_W}type") == "paragraph"
                        and style.get(f"{_W}default") in ("1", "true")):
                    self.default_paragraph = style_id
            fonts = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
            if fonts is not None:
                self.defaults = self._attrs(fonts)

    @staticmethod
    def _attrs(fonts) -> dict[str, str]:
        return {key: fonts.get(f"{_W}{key}") for key in ("ascii", "hAnsi")
                if fonts.get(f"{_W}{key}")}

    def chain(self, style_id: str | None):
        """The style and those it is based on, nearest first, as Word resolves them."""
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = _val(style.find(f"{_W}basedOn"))

    def _style_fonts(self, style_id: str | None, key: str) -> str | None:
        return next((fonts.get(f"{_W}{key}") for style in self.chain(style_id)
                     if (fonts := style.find(f"{_W}rPr/{_W}rFonts")) is not None
                     and fonts.get(f"{_W}{key}")), None)

    def _style_flag(self, style_id: str | None, tag: str) -> bool | None:
        flag = next((flag for style in self.chain(style_id)
                     if (flag := style.find(f"{_W}rPr/{_W}{tag}")) is not None), None)
        return None if flag is None else _on(flag)

    def run_font(self, run_el, paragraph_style: str | None) -> dict[str, str]:
        result: dict[str, str] = {}
        rpr = run_el.find(f"{_W}rPr")
        own = rpr.find(f"{_W}rFonts") if rpr is not None else None
        char_style = None
        if rpr is not None and rpr.find(f"{_W}rStyle") is not None:
            char_style = rpr.find(f"{_W}rStyle").get(f"{_W}val")
        for key in ("ascii", "hAnsi"):
            value = own.get(f"{_W}{key}") if own is not None else None
            value = value or self._style_fonts(char_style, key)
            value = value or self._style_fonts(paragraph_style or self.default_paragraph, key)
            value = value or self.defaults.get(key)
            if value:
                result[key] = value
        return result

    def run_flag(self, run_el, paragraph_style: str | None, tag: str) -> bool:
        rpr = run_el.find(f"{_W}rPr")
        if rpr is not None:
            flag = rpr.find(f"{_W}{tag}")
            if flag is not None:
                return _on(flag)
            if rpr.find(f"{_W}rStyle") is not None:
                found = self._style_flag(rpr.find(f"{_W}rStyle").get(f"{_W}val"), tag)
                if found is not None:
                    return found
        return bool(self._style_flag(paragraph_style or self.default_paragraph, tag))


# Letters no legacy byte reads as: text holding them was typed in Unicode, whatever its font.
_UNICODE_VIETNAMESE = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9]")


class _Numbering:
    """Which paragraphs are list items, numbered or bulleted, at which level: w:numPr,
    the paragraph's own or its style's (up the basedOn chain), through numbering.xml. A
    level whose format is 'none' (LibreOffice numbers its headings so) is no list."""

    def __init__(self, document, fonts: _DocxFonts) -> None:
        self.fonts = fonts
        self.formats: dict[str, dict[int, str]] = {}  # numId -> level -> numFmt
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iterchildren(f"{_W}abstractNum"):
            abstract[node.get(f"{_W}abstractNumId")] = {
                int(lvl.get(f"{_W}ilvl", "0")): _val(lvl.find(f"{_W}numFmt")) or "decimal"
                for lvl in node.iterchildren(f"{_W}lvl")}
        for num in root.iterchildren(f"{_W}num"):
            levels = dict(abstract.get(_val(num.find(f"{_W}abstractNumId")), {}))
            for override in num.iterchildren(f"{_W}lvlOverride"):
                lvl = override.find(f"{_W}lvl")
                if lvl is not None and lvl.find(f"{_W}numFmt") is not None:
                    levels[int(override.get(f"{_W}ilvl", "0"))] = _val(lvl.find(f"{_W}numFmt"))
            self.formats[num.get(f"{_W}numId")] = levels

    def item(self, paragraph) -> tuple[bool, int] | None:
        num_id, level = self._numbering(paragraph)
        if num_id is None or num_id == "0":
            return None
        found = self.formats.get(num_id, {}).get(level)
        if found is None or found == "none":
            return None
        return found != "bullet", min(level, 3)

    def _numbering(self, paragraph) -> tuple[str | None, int]:
        ppr = paragraph._p.find(f"{_W}pPr")
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        style_el = ppr.find(f"{_W}pStyle") if ppr is not None else None
        style_id = _val(style_el) if style_el is not None else self.fonts.default_paragraph
        if num_pr is None:
            num_pr = next((found for style in self.fonts.chain(style_id)
                           if (found := style.find(f"{_W}pPr/{_W}numPr")) is not None), None)
        if num_pr is None:
            return None, 0
        level = num_pr.find(f"{_W}ilvl")
        return _val(num_pr.find(f"{_W}numId")), int(_val(level) or 0) if level is not None else 0


def _val(node) -> str | None:
    return node.get(f"{_W}val") if node is not None else None


def _on(flag) -> bool:
    """A toggle property (w:b, w:i, w:strike): on unless its value says off."""
    return flag.get(f"{_W}val", "true").lower() not in ("0", "false", "off")


# Word's list styles of a deeper level, whose numbering often starts at level 0 of its own.
_LIST_STYLE = re.compile(r"list (?:bullet|number|continue)\s+(\d)")
# Word's heading styles, and a portal's own named like them ("Heading 2", "Tiêu đề 2").
_HEADING = re.compile(r"(?:heading|tiêu đề)\s*(\d)")


class _Footnotes:
    """The document's footnotes (word/footnotes.xml), numbered as the text references
    them; `taken()` gives those a paragraph referenced since the last call."""

    def __init__(self, document, fonts: _DocxFonts) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import parse_xml  # python-docx's parser: no entities, no network
        from docx.text.paragraph import Paragraph

        self.texts: dict[str, str] = {}
        self.numbered: list[tuple[int, str]] = []
        self._new: list[tuple[int, str]] = []
        part = next((rel.target_part for rel in document.part.rels.values()
                     if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external),
                    None)
        if part is None:
            return
        for note in parse_xml(part.blob).iterchildren(f"{_W}footnote"):
            if note.get(f"{_W}type") in ("separator", "continuationSeparator",
                                         "continuationNotice"):
                continue
            texts = [_docx_text(Paragraph(p, document.part), fonts)[0]
                     for p in note.iterchildren(f"{_W}p")]
            text = " ".join(t for t in texts if t).strip()
            if text:
                self.texts[note.get(f"{_W}id")] = text

    def reference(self, note_id: str | None) -> int | None:
        """The number of the note a reference points to (None: no such note)."""
        if note_id not in self.texts:
            return None
        number = len(self.numbered) + 1
        self.numbered.append((number, self.texts[note_id]))
        self._new.append((number, self.texts[note_id]))
        return number

    def taken(self) -> list[tuple[int, str]]:
        taken, self._new = self._new, []
        return taken


def _docx_text(paragraph, fonts: _DocxFonts, heading: bool = False,
               notes: _Footnotes | None = None
               ) -> tuple[str, bool, bool, dict[str, int], str | None]:
    """(text, all bold, all italic, legacy fonts converted, the text as Markdown with its
    bold, italic, strikethrough and links) of a paragraph. A heading's Markdown leaves out
    the marks all of it has (its style's bold is the heading's look, not emphasis)."""
    from docx.text.run import Run

    from bantin_print.text.legacy import convert_text

    ppr = paragraph._p.find(f"{_W}pPr")
    style_el = ppr.find(f"{_W}pStyle") if ppr is not None else None
    paragraph_style = style_el.get(f"{_W}val") if style_el is not None else None

    pieces: list[tuple[str, str | None, bool, str]] = []  # (text, encoding, upper, font)
    styles: list[tuple[tuple[str, ...], str | None]] = []  # (marks, link) of each piece
    bold_all = italic_all = True
    any_text = False
    used: dict[str, int] = {}
    for run_el in paragraph._p.iter(f"{_W}r"):
        if any(a.tag in (f"{_W}del", f"{_W}txbxContent", f"{_MC}Fallback", f"{_W}moveFrom")
               for a in run_el.iterancestors()):
            continue
        reference = run_el.find(f"{_W}footnoteReference")
        number = notes.reference(reference.get(f"{_W}id")) if (
            notes is not None and reference is not None) else None
        if number is not None:  # the note's number in the text, [^n] in the Markdown
            pieces.append((str(number), None, False, ""))
            styles.append(((NOTE,), None))
            continue
        value = Run(run_el, paragraph).text
        if not value:
            continue
        font = fonts.run_font(run_el, paragraph_style)
        encoding, upper, name = None, False, ""
        for key in ("hAnsi", "ascii"):
            encoding, upper = _legacy_encoding(font.get(key))
            if encoding:
                name = font[key]
                break
        pieces.append((value, encoding, upper, name))
        marks = tuple(tag for tag, _ in MARKS if fonts.run_flag(run_el, paragraph_style, tag))
        styles.append((marks, _link(run_el, paragraph)))
        if value.strip():
            any_text = True
            bold_all = bold_all and "b" in marks
            italic_all = italic_all and "i" in marks

    # Consecutive runs in the same encoding convert together (a VNI mark may sit in the next run).
    out: list[str] = []
    i = 0
    while i < len(pieces):
        _, encoding, upper, _ = pieces[i]
        j = i
        while j < len(pieces) and pieces[j][1:3] == (encoding, upper):
            j += 1
        chunk = "".join(piece[0] for piece in pieces[i:j])
        if encoding and not _UNICODE_VIETNAMESE.search(chunk):
            chunk = convert_text(chunk, encoding)
            if upper:
                chunk = chunk.upper()
            for piece in pieces[i:j]:
                used[piece[3]] = used.get(piece[3], 0) + 1
        out.append(chunk)
        i = j
    value = norm("".join(out))
    return (value, any_text and bold_all, any_text and italic_all, used,
            _markdown(pieces, styles, heading))


def _link(run_el, paragraph) -> str | None:
    """The web address a run links to (w:hyperlink with an external relationship)."""
    link = next((a for a in run_el.iterancestors(f"{_W}hyperlink")), None)
    rid = link.get(f"{_R}id") if link is not None else None
    if not rid:
        return None
    try:
        target = paragraph.part.rels[rid].target_ref
    except (KeyError, AttributeError):
        return None
    return target if SAFE_LINK.match(target or "") else None


def _markdown(pieces, styles, heading: bool) -> str | None:
    """The runs as Markdown (inline.spans_markdown), each group of the same marks and link
    converted from its legacy font on its own."""
    if not any(marks or link for marks, link in styles):
        return None
    from bantin_print.text.legacy import convert_text

    spans: list[Span] = []
    i = 0
    while i < len(pieces):
        key = (pieces[i][1], pieces[i][2], styles[i])
        j = i
        while j < len(pieces) and (pieces[j][1], pieces[j][2], styles[j]) == key and (
                j == i or NOTE not in styles[j][0]):  # each note reference on its own
            j += 1
        chunk = "".join(piece[0] for piece in pieces[i:j])
        if key[0] and not _UNICODE_VIETNAMESE.search(chunk):
            chunk = convert_text(chunk, key[0]).upper() if key[1] else convert_text(chunk, key[0])
        spans.append((span_text(chunk), *styles[i]))
        i = j
    return spans_markdown(without_common_marks(spans) if heading else spans)
