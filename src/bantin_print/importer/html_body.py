"""The body of a saved web page, in document order: paragraphs with their bold, italic,
strikethrough and links, subheadings, lists with their nesting, tables, footnotes, and
pictures with their captions."""

from __future__ import annotations

import re

from bantin_print.i18n import Message, msg, msg_n
from bantin_print.importer.draft import Para, norm, short
from bantin_print.importer.inline import (
    NOTE, SAFE_LINK, Span, header_unbolded, span_text, spans_markdown, without_common_marks)


BR = "\ue000"  # stands for <br> while the text is gathered
BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
              "li", "ul", "ol", "blockquote", "table", "tbody", "thead", "tfoot", "tr", "td",
              "th", "figure", "figcaption", "center", "dl", "dt", "dd", "pre", "header",
              "footer", "form", "address", "hr", "body", "html"}
CAPTION_CLASS = re.compile(r"caption|chuthich|chu-thich|chu_thich|(?:image|img|photo|pic)"
                           r"[-_]?desc")
LEAD_CLASS = re.compile(r"sapo|tomtat|tom-tat|tom_tat|chapeau|summary|abstract|trichdan|"
                        r"(?<![a-z])(?:lead|intro|excerpt|description)(?![a-z])")
BOLD_CSS = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
ITALIC_CSS = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
STRIKE_CSS = re.compile(r"text-decoration(?:-line)?\s*:[^;]*line-through", re.IGNORECASE)
_INLINE_MARKS = {"strong": "b", "b": "b", "em": "i", "i": "i", "cite": "i", "s": "strike",
                 "strike": "strike", "del": "strike"}
_HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}
MAX_HEADING = 200  # a longer "heading" is a paragraph set large
MAX_CELL = 300  # a longer cell: a table that lays out the page, not a table of data
_NOTE_LABEL = re.compile(r"\[?(\d{1,3})\]?")
_NOTE_CLASS = re.compile(r"note|ftn|fnref|footnote|sdfootnote|cite|ref")
_BACK_LINK = re.compile(r"[↩↑^]\ufe0e?|\^?\s*(?:back|quay lại|lên)")


def classes(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def el_text(el) -> str:
    """The text of an element, <br> as a space."""
    return norm(el.text_content().replace(BR, " "))


def has_blocks(el) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el.iter() if c is not el)


def _css_marks(el) -> tuple[str, ...]:
    style = el.get("style") or ""
    return tuple(mark for mark, css in (("strike", STRIKE_CSS), ("b", BOLD_CSS),
                                        ("i", ITALIC_CSS)) if css.search(style))


class Footnotes:
    """A web page's footnotes: a link to an anchor of the same page whose text is a number
    ("1", "[1]"), set as a superscript or named as a note, pointing to a paragraph or item
    after it (Pandoc's footnotes, LibreOffice's sdfootnote, Word's ftn, Wikipedia's
    references). The notes are numbered as the text references them; their paragraphs
    leave the body."""

    def __init__(self, doc, container, order: dict, base: str | None = None) -> None:
        anchors = {}
        for el in doc.iter():
            if isinstance(el.tag, str):
                for key in (el.get("id"), el.get("name")):
                    if key:
                        anchors.setdefault(key, el)
        self.number_of: dict = {}  # the reference's element -> its number
        self.numbered: dict = {}  # the note's paragraph -> (number, text)
        for a in container.iter("a"):
            href = a.get("href") or ""
            if base and href.startswith(base.split("#")[0] + "#"):
                href = href[len(base.split("#")[0]):]  # the page's own address written in full
            label = _NOTE_LABEL.fullmatch(el_text(a))
            if not href.startswith("#") or label is None or a.get("data-bantin-skip"):
                continue
            parent = a.getparent()
            in_sup = (parent is not None and parent.tag == "sup") or any(
                c.tag == "sup" for c in a.iter() if c is not a)
            if not in_sup and not _NOTE_CLASS.search(classes(a) + (a.get("role") or "")):
                continue
            target = anchors.get(href[1:])
            block = target
            while block is not None and block.tag not in ("p", "li", "div", "dd", "aside"):
                block = block.getparent()
            if (block is None or order.get(block, -1) < order.get(a, 0)
                    or any(d is a for d in block.iter())):
                continue
            if block not in self.numbered:
                text = self._note_text(block, target, a, label.group(1))
                if not text:
                    continue
                self.numbered[block] = (len(self.numbered) + 1, text)
            marker = parent if (in_sup and parent.tag == "sup"
                                and len(el_text(parent)) == len(el_text(a))) else a
            self.number_of[marker] = self.numbered[block][0]
        for block in self.numbered:
            block.set("data-bantin-skip", "note")

    @staticmethod
    def _note_text(block, target, reference, label: str) -> str:
        """The note's text without its number and its link back to the reference."""
        back = {f"#{reference.get('id')}", f"#{reference.get('name')}"}
        skipped = {a for a in block.iter("a") if a.get("href") in back
                   or _BACK_LINK.fullmatch(el_text(a) or "-")}
        numbered = target is not block and target.tag in ("a", "sup", "span") and \
            _NOTE_LABEL.fullmatch(el_text(target))
        if numbered:
            skipped.add(target)
        parts: list[str] = []

        def visit(node) -> None:
            parts.append(node.text or "")
            for child in node:
                if isinstance(child.tag, str) and child not in skipped:
                    visit(child)
                parts.append(child.tail or "")

        visit(block)
        text = norm("".join(parts).replace(BR, " "))
        if not numbered:
            text = re.sub(rf"^\[?{label}\]?[.):]?\s+", "", text)
        return text


class BodyWalk:
    """The paragraphs of the main content, in document order."""

    def __init__(self, order: dict, title_at: int | None, footnotes: Footnotes,
                 pictures) -> None:
        self.order, self.title_at = order, title_at
        self.footnotes, self.pictures = footnotes, pictures
        self.notes: list[Message] = []  # on pictures not taken
        self.small = 0  # icons and buttons left out
        self.shown: set[str] = set()  # a picture shown twice is one photo

    def walk(self, el, top: bool = False, item: tuple[bool, int] | None = None,
             level: int = -1):
        """`item`: the list item this element is in, (numbered, level); `level`: the
        nesting of the list it is in (-1: none)."""
        if not isinstance(el.tag, str) or el.get("data-bantin-skip"):
            return
        if self._before_title(el):
            return  # before the title: a category label, a date…
        tag = el.tag
        if tag == "img":
            yield from self._picture(el)
            return
        if tag == "figcaption" or (not top and CAPTION_CLASS.search(classes(el))):
            value = el_text(el)
            if value:
                if tag == "figcaption":
                    note = msg("the caption '{text}' was taken from the page's <{tag}>",
                               text=short(value), tag=tag)
                else:
                    note = msg("the caption '{text}' was taken from the page's <{tag}> of "
                               "class '{name}'", text=short(value), tag=tag,
                               name=short(classes(el).strip(), 30))
                yield Para(value, role="caption", where=f"<{tag}>", note=note)
            return
        if tag in ("ul", "ol"):
            for child in el:
                if isinstance(child.tag, str) and child.tag == "li":
                    yield from self.walk(child, item=(tag == "ol", min(level + 1, 3)),
                                         level=level + 1)
                else:
                    yield from self.walk(child, item=item, level=level)
            return
        if tag == "table" and (table := self._data_table(el)) is not None:
            yield table
            return
        if not top and not has_blocks(el):
            for img in el.iter("img"):
                yield from self.walk(img)
            yield from self._paragraphs(self._spans(el, _css_marks(el)), el, item)
            return
        # Mixed content: runs of text and inline elements between block elements.
        spans: list[Span] = [(el.text or "", (), None)]
        for child in el:
            if not isinstance(child.tag, str):
                spans.append((child.tail or "", (), None))
                continue
            if child.get("data-bantin-skip") == "title":
                spans = [(child.tail or "", (), None)]  # what stood before the title
                continue
            if child.tag == "img" or child.get("data-bantin-skip") or has_blocks(child) \
                    or child.tag in BLOCK_TAGS or CAPTION_CLASS.search(classes(child)):
                if self._before_title(child):
                    spans = [(child.tail or "", (), None)]
                    continue
                for para in self._paragraphs(spans, None, item):
                    item = None  # the item is its first paragraph; the others follow it
                    yield para
                yield from self.walk(child, item=item, level=level)
                if child.tag not in ("ul", "ol"):
                    item = None
                spans = [(child.tail or "", (), None)]
            else:
                for img in child.iter("img"):
                    yield from self.walk(img)
                spans += self._spans(child, ())
                spans.append((child.tail or "", (), None))
        yield from self._paragraphs(spans, None, item)

    def _before_title(self, el) -> bool:
        at = self.title_at
        return (at is not None and self.order.get(el, 1 << 30) < at
                and not any(self.order.get(d) == at for d in el.iter()))

    def _spans(self, node, marks: tuple[str, ...], link: str | None = None) -> list[Span]:
        """The text inside `node` (its tail not included) with its marks; what stood
        before the title inside it goes, and the parts taken elsewhere."""
        out: list[Span] = []

        def visit(el, marks: tuple[str, ...], link: str | None) -> None:
            if el.text:
                out.append((el.text, marks, link))
            for child in el:
                if isinstance(child.tag, str):
                    skip = child.get("data-bantin-skip")
                    if skip == "title":
                        out.clear()
                    elif child in self.footnotes.number_of:
                        out.append((str(self.footnotes.number_of[child]), (NOTE,), None))
                    elif not skip and child.tag != "img":
                        inner = marks + tuple(m for m in (_INLINE_MARKS.get(child.tag),)
                                              + _css_marks(child) if m and m not in marks)
                        href = child.get("href") if child.tag == "a" else None
                        inner_link = href.strip() if href and SAFE_LINK.match(href.strip()) \
                            else link
                        if child.tag in BLOCK_TAGS:  # a cell's paragraphs: a space apart
                            out.append((" ", marks, link))
                        visit(child, inner, inner_link)
                        if child.tag in BLOCK_TAGS:
                            out.append((" ", marks, link))
                if child.tail:
                    out.append((child.tail, marks, link))

        visit(node, marks, link)
        return out

    def _paragraphs(self, spans: list[Span], el, item: tuple[bool, int] | None):
        """The spans as paragraphs, split where two <br> in a row stand. `el`: the block
        they are all of (its bold, italic, alignment and heading level), or None."""
        heading = _HEADINGS.get(el.tag) if el is not None and not LEAD_CLASS.search(
            classes(el)) else None
        joined = "".join(text for text, _, _ in spans)
        cuts = [(m.start(), m.end()) for m in re.finditer(rf"{BR}\s*{BR}[\s{BR}]*", joined)]
        pieces = []
        start = 0
        for begin, end in cuts + [(len(joined), len(joined))]:
            pieces.append((start, begin))
            start = end
        offsets = []
        at = 0
        for text, _, _ in spans:
            offsets.append(at)
            at += len(text)
        for begin, end in pieces:
            chunk: list[Span] = []
            for (text, marks, link), offset in zip(spans, offsets):
                lo, hi = max(begin, offset), min(end, offset + len(text))
                if lo < hi:
                    chunk.append((text[lo - offset:hi - offset], marks, link))
            value = norm("".join(t for t, _, _ in chunk).replace(BR, " "))
            if not value:
                continue
            cleaned = [(span_text(t.replace(BR, " ")), marks, link)
                       for t, marks, link in chunk]
            level = heading if heading and len(value) <= MAX_HEADING else None
            if level:
                cleaned = without_common_marks(cleaned)
            notes = [n for t, marks, _ in cleaned if NOTE in marks
                     for n in self._note(int(t.strip()))]
            para = Para(value, where=f"<{el.tag if el is not None else 'p'}> "
                                     f"'{short(value, 30)}'" if el is not None else
                        f"'{short(value, 30)}'",
                        markdown=spans_markdown(cleaned), heading=level, item=item,
                        notes=notes)
            if el is not None and not level:
                para.bold = _styled_share(el, ("strong", "b"), BOLD_CSS) >= 0.9
                para.italic = _styled_share(el, ("em", "i"), ITALIC_CSS) >= 0.9
                para.align = align(el)
            yield para

    def _note(self, number: int) -> list[tuple[int, str]]:
        return [note for note in self.footnotes.numbered.values() if note[0] == number][:1]

    def _data_table(self, el) -> Para | None:
        """A table of data (cells of short text, at least two rows and two columns) as
        rows of (text, Markdown); None for a table that lays out the page."""
        if any(d.tag in ("table", "img", "ul", "ol", "blockquote", "figure", "h1", "h2", "h3",
                         "h4", "h5", "h6") for d in el.iter() if d is not el):
            return None
        rows = []
        for tr in el.iter("tr"):
            cells = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                    continue
                spans = [(span_text(t.replace(BR, " ")), m, link)
                         for t, m, link in self._spans(cell, ())]
                text = norm("".join(t for t, _, _ in spans))
                if len(text) > MAX_CELL:
                    return None
                cells.append((text, spans_markdown(spans)))
            if any(text for text, _ in cells):
                rows.append(cells)
        if len(rows) < 2 or max(len(row) for row in rows) < 2:
            return None
        return Para(" ".join(text for row in rows for text, _ in row if text),
                    where=f"<table> '{short(rows[0][0][0], 30)}'",
                    table=header_unbolded(rows))

    def _picture(self, img):
        alt = norm(img.get("alt") or img.get("title") or "")
        src = (img.get("src") or img.get("data-src") or "").strip()
        image = None
        if src in self.shown:
            return
        if src:
            self.shown.add(src)
            found = self.pictures.picture(src)
            if found.small:
                self.small += 1
                return
            if found.problem is not None:
                self.notes.append(found.problem)
            else:
                image = (found.data, found.extension)
        yield Para(alt, role="picture", where="<img>", image=image)

    def report(self) -> list[Message]:
        if self.small:
            self.notes.append(msg_n("{n} small picture (an icon or a button) was left out",
                                    "{n} small pictures (icons or buttons) were left out",
                                    "n", n=self.small))
        return self.notes


def _styled_share(el, tags: tuple[str, ...], css: re.Pattern) -> float:
    """How much of the element's text is inside `tags` (or styled by `css`)."""
    if css.search(el.get("style") or ""):
        return 1.0
    total = len(el_text(el))
    if not total:
        return 0.0
    inside = 0

    def visit(node) -> None:
        nonlocal inside
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag in tags or css.search(child.get("style") or ""):
                inside += len(el_text(child))
            else:
                visit(child)

    visit(el)
    return inside / total


def align(el) -> str | None:
    for node in [el] + [c for c in el if isinstance(c.tag, str)][:1]:
        value = (node.get("align") or "").lower()
        match = re.search(r"text-align\s*:\s*(right|center)", node.get("style") or "", re.I)
        if match:
            value = match.group(1).lower()
        tokens = set(re.split(r"[^a-z0-9]+", classes(node)))
        if tokens & {"right", "text-right", "pull-right", "align-right", "tar"}:
            value = "right"
        if value in ("right", "center"):
            return value
    return None
