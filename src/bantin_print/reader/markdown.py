"""Article bodies: CommonMark (markdown-it-py) into model blocks.

Raw HTML is off, so "<img src=…>" and the like reach the model as the literal characters the
editor typed; entity references are off too, so "&amp;" stays as typed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from bantin_print import model
from bantin_print.errors import Problems
from bantin_print.i18n import msg

_SPACES = re.compile(r"[ \t]{2,}")
_PARSER = (MarkdownIt("commonmark", {"html": False}).disable("entity")
           .enable(["strikethrough", "table"]).use(footnote_plugin)
           .use(container_plugin, name="box"))
_TITLE = re.compile(r"\s*Bảng\b")  # a table's title: "Bảng 1. Kết quả …"
MAX_TABLE_COLUMNS = 12
# What is left of a footnote reference that has no note: the literal "[^label]".
_ORPHAN_REF = re.compile(r"\[\^([^\]\s]+)\]")


def parse_body(source: str, path: Path, first_line: int, problems: Problems) -> list[model.Block]:
    """`first_line` is the file line on which `source` starts."""
    return parse_article(source, path, first_line, problems)[0]


# Gives the photo `![caption](file "credit")` on a line names, or None (the reason reported).
PhotoFinder = Callable[[str, str, str, int], "model.Photo | None"]


def parse_article(source: str, path: Path, first_line: int, problems: Problems,
                  find_photo: PhotoFinder | None = None
                  ) -> tuple[list[model.Block], list[model.Note]]:
    """The body's blocks and its footnotes (numbered in the order first referenced).
    Without `find_photo`, a photo in the text is an error."""
    env: dict = {}
    tokens = _PARSER.parse(source, env)
    converter = _Converter(path, first_line, problems, source.split("\n"), find_photo)
    blocks, _ = converter.blocks(tokens, 0, None)
    footnotes = env.get("footnotes", {})
    referenced = {entry.get("label") for entry in footnotes.get("list", {}).values()}
    for label in footnotes.get("refs", {}):
        if label.lstrip(":") not in referenced:
            line = _definition_line(source, label.lstrip(":"))
            problems.warning(path, line + first_line if line is not None else None,
                             msg("the footnote [^{label}] is never referenced in the text, so "
                                 "it is not printed", label=label.lstrip(":")))
    return blocks, converter.notes


def _definition_line(source: str, label: str) -> int | None:
    for number, text in enumerate(source.split("\n")):
        if text.lstrip().startswith(f"[^{label}]:"):
            return number
    return None


class _Converter:
    def __init__(self, path: Path, first_line: int, problems: Problems,
                 source_lines: list[str] | None = None,
                 find_photo: PhotoFinder | None = None) -> None:
        self.path = path
        self.find_photo = find_photo
        self.in_note = False  # inside a footnote's text
        self.first_line = first_line
        self.problems = problems
        self.notes: list[model.Note] = []
        self.source_lines = source_lines or []

    def line(self, token: Token) -> int:
        return token.map[0] + self.first_line if token.map else 0

    def blocks(self, tokens: list[Token], i: int, until: str | None) -> tuple[list[model.Block], int]:
        """Blocks from tokens[i] up to the closing token named `until`; returns (blocks, next i)."""
        out: list[model.Block] = []
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == until:
                return out, i + 1
            line = self.line(token)
            if kind == "paragraph_open":
                if tokens[i + 1].content.startswith(":::"):
                    self.problems.warning(self.path, line, msg(
                        "only '::: box Title' blocks are known; this one is printed as it is "
                        "written"))
                image = _alone(tokens[i + 1])
                if image is not None:
                    figure = self.figure(image, line)
                    if figure is not None:
                        out.append(figure)
                else:
                    content = self.inlines(tokens[i + 1])
                    if content:
                        out.append(model.Paragraph(content, line))
                i += 3
            elif kind == "heading_open":
                out.append(model.Heading(int(token.tag[1:]), self.inlines(tokens[i + 1]), line))
                i += 3
            elif kind == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                out.append(model.Quote(inner, line))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                ordered = kind == "ordered_list_open"
                items, i = self.list_items(tokens, i + 1, kind.replace("_open", "_close"))
                start = int(token.attrGet("start") or 1) if ordered else 1
                out.append(model.ListBlock(items, ordered, start, line))
            elif kind in ("fence", "code_block"):
                content = token.content.rstrip("\n")
                if content.strip():
                    out.append(model.CodeBlock(content, line))
                i += 1
            elif kind == "hr":
                out.append(model.Rule(line))
                i += 1
            elif kind == "table_open":
                table, i = self.table(tokens, i)
                if out and isinstance(out[-1], model.Paragraph) \
                        and _TITLE.match(model.plain_text(out[-1].content)):
                    table.title = out.pop().content
                out.append(table)
            elif kind == "container_box_open":
                inner, i = self.blocks(tokens, i + 1, "container_box_close")
                rest = token.info.strip()[len("box"):]  # the plugin checked the word
                words = rest.split(None, 1)
                wide = words[:1] == ["wide"]
                title = (words[1] if len(words) > 1 else "") if wide else rest
                out.append(model.Box(" ".join(title.split()) or None, inner, wide, line))
            elif kind == "footnote_block_open":
                i += 1
            elif kind == "footnote_open":
                self.in_note = True
                inner, i = self.blocks(tokens, i + 1, "footnote_close")
                self.in_note = False
                first = next((b.line for b in inner if getattr(b, "line", 0)), line)
                self.notes.append(model.Note(token.meta["id"] + 1, inner, first))
            else:  # tokens with no meaning for us
                i += 1
        return out, i

    def figure(self, image: Token, line: int) -> model.Figure | None:
        written = str(image.attrGet("src") or "")
        caption = " ".join(image.content.split())
        credit = " ".join(str(image.attrGet("title") or "").split())
        if self.in_note:
            self.problems.warning(self.path, line, msg("a photo in a footnote is not printed; "
                                                       "place it in the text"))
            return None
        if self.find_photo is None:
            self.problems.error(self.path, line, msg("a photo in the text (![{caption}](…)) "
                                                     "cannot be placed here", caption=caption))
            return None
        photo = self.find_photo(written, caption, credit, line)
        return model.Figure(photo, line) if photo is not None else None

    def table(self, tokens: list[Token], i: int) -> tuple[model.Table, int]:
        """A pipe table from tokens[i] (table_open); returns (table, next i)."""
        line = self.line(tokens[i])
        header: list[list[model.Inline]] = []
        aligns: list[str] = []
        rows: list[list[list[model.Inline]]] = []
        i += 1
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "tr_open":
                row_line = self.line(token)
                cells: list[list[model.Inline]] = []
                i += 1
                while tokens[i].type != "tr_close":
                    cell = tokens[i]
                    if cell.type in ("th_open", "td_open"):
                        style = str(cell.attrGet("style") or "")
                        if cell.type == "th_open":
                            aligns.append(style.split(":", 1)[1] if ":" in style else "left")
                        cells.append(self.inlines(tokens[i + 1]))
                        i += 3
                    else:
                        i += 1
                if not header and not rows and tokens[i - 1].type == "th_close":
                    header = cells
                else:
                    self._check_cells(row_line, len(header))
                    rows.append(cells + [[] for _ in range(len(header) - len(cells))])
            i += 1
        if len(header) > MAX_TABLE_COLUMNS:
            self.problems.error(self.path, line, msg(
                "the table has {count} columns; a bulletin's column or page holds at most "
                "{most}: split it into smaller tables", count=len(header),
                most=MAX_TABLE_COLUMNS))
        return model.Table(header, rows, aligns, None, line), i + 1

    def _check_cells(self, line: int, wanted: int) -> None:
        """markdown-it drops the cells of a row beyond the header's: say so."""
        index = line - self.first_line
        if not 0 <= index < len(self.source_lines):
            return
        text = self.source_lines[index].strip()
        cells = [c for c in re.split(r"(?<!\\)\|", text.strip("|"))]
        if len(cells) > wanted:
            self.problems.error(self.path, line, msg(
                "this table row has {cells} cells and the header {wanted}: the cells beyond "
                "the header's would be lost; add columns to the header or remove the cells",
                cells=len(cells), wanted=wanted))

    def list_items(self, tokens: list[Token], i: int, until: str) -> tuple[list[list[model.Block]], int]:
        items: list[list[model.Block]] = []
        while tokens[i].type != until:
            item, i = self.blocks(tokens, i + 1, "list_item_close")
            items.append(item)
        return items, i + 1

    def inlines(self, token: Token) -> list[model.Inline]:
        stack: list[list[model.Inline]] = [[]]
        wrappers: list[tuple[str, str]] = []
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                for orphan in _ORPHAN_REF.finditer(child.content):
                    self.problems.error(
                        self.path, self.line(token),
                        msg("the footnote reference [^{label}] has no note: add a line "
                            "'[^{label}]: …' after the text, or remove the reference",
                            label=orphan.group(1)))
                _append_text(stack[-1], child.content)
            elif kind == "footnote_ref":
                stack[-1].append(model.NoteRef(child.meta["id"] + 1))
            elif kind == "footnote_anchor":
                pass
            elif kind == "softbreak":
                _append_text(stack[-1], " ")
            elif kind == "hardbreak":
                stack[-1].append(model.LineBreak())
            elif kind == "code_inline":
                stack[-1].append(model.Code(child.content))
            elif kind in ("em_open", "strong_open", "s_open", "link_open"):
                wrappers.append((kind, str(child.attrGet("href") or "")))
                stack.append([])
            elif kind in ("em_close", "strong_close", "s_close", "link_close"):
                children = stack.pop()
                opener, target = wrappers.pop()
                if opener == "em_open":
                    stack[-1].append(model.Emphasis(children))
                elif opener == "strong_open":
                    stack[-1].append(model.Strong(children))
                elif opener == "s_open":
                    stack[-1].append(model.Strikethrough(children))
                else:
                    stack[-1].append(model.Link(children, target))
            elif kind == "image":
                self.problems.warning(
                    self.path, self.line(token),
                    msg("the photo ![{caption}](…) stands inside a paragraph, where it cannot "
                        "be printed; only its caption is: put it in a paragraph of its own (an "
                        "empty line before and after it)", caption=child.content))
                _append_text(stack[-1], child.content)
            else:
                _append_text(stack[-1], child.content)
        return _trim(stack[0])


def _alone(token: Token) -> Token | None:
    """The image token when it is all the paragraph holds (Pandoc's implicit figure)."""
    children = [c for c in token.children or []
                if not (c.type in ("text", "softbreak") and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


def _append_text(into: list[model.Inline], text: str) -> None:
    if into and isinstance(into[-1], model.Text):
        into[-1].text += text
    elif text:
        into.append(model.Text(text))


def _trim(inlines: list[model.Inline]) -> list[model.Inline]:
    """Collapse runs of spaces inside text and drop white space at either end."""
    for node in inlines:
        if isinstance(node, model.Text):
            node.text = _SPACES.sub(" ", node.text)
    if inlines and isinstance(inlines[0], model.Text):
        inlines[0].text = inlines[0].text.lstrip()
    if inlines and isinstance(inlines[-1], model.Text):
        inlines[-1].text = inlines[-1].text.rstrip()
    return [n for n in inlines if not (isinstance(n, model.Text) and not n.text)]
