"""Model content as XHTML fragments. Every character the editor typed is escaped, so
markup in an article ("<script>", "]]>", "&") is shown as text and never becomes an element."""

from __future__ import annotations

from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from bantin_print import inline, model
from bantin_print.text import end_sentence

TAGS = inline.Tags(strong="strong", emphasis="em", code="code")


def text(value: str) -> str:
    return escape(value)


def attribute(value: str) -> str:
    return quoteattr(value)


def inlines(nodes: list[model.Inline], refs: set[int] | None = None) -> str:
    """`refs` collects the footnotes referenced so far in the chapter: the first reference
    to a note carries the id its back link goes to."""
    return inline.render(nodes, TAGS, _link, lambda node: _noteref(node, refs))


def _noteref(node: model.NoteRef, refs: set[int] | None) -> str:
    anchor = ""
    if refs is not None and node.number not in refs:
        refs.add(node.number)
        anchor = f' id="ref-{node.number}"'
    return (f'<sup><a epub:type="noteref" role="doc-noteref" href="#note-{node.number}"'
            f'{anchor}>{node.number}</a></sup>')


def notes(items: list[model.Note], refs: set[int]) -> str:
    """The article's footnotes as EPUB 3 footnotes, each with a link back to its first
    reference (reading systems show them as pop-ups)."""
    out = []
    for note in items:
        number = f"{note.number}."  # the number itself links back: no glyph outside the text
        if note.number in refs:
            number = f'<a href="#ref-{note.number}" role="doc-backlink">{number}</a>'
        body = blocks(note.blocks, first=True, refs=refs)
        out.append(f'<aside epub:type="footnote" role="doc-footnote" id="note-{note.number}" '
                   f'class="note"><p class="note-number">{number}</p>{body}</aside>')
    return "\n".join(out)


def _link(node: model.Link, label: str) -> str:
    return f"<a href={quoteattr(inline.safe_target(node))}>{label}</a>"


def blocks(items: list[model.Block], first: bool = True, refs: set[int] | None = None,
           figure: Callable[[model.Photo], str] | None = None) -> str:
    """Body blocks; the first paragraph after a heading gets class "first" (no indent).
    `figure(photo)` is a photo's markup (its image stored in the book)."""
    def inner(nested: list[model.Block]) -> str:
        return blocks(nested, refs=refs, figure=figure)

    out: list[str] = []
    for block in items:
        if isinstance(block, model.Paragraph):
            css = ' class="first"' if first else ""
            out.append(f"<p{css}>{inlines(block.content, refs)}</p>")
            first = False
        elif isinstance(block, model.Heading):
            level = min(max(block.level, 2), 6)  # h1 is the article's title
            out.append(f"<h{level}>{inlines(block.content, refs)}</h{level}>")
            first = True
        elif isinstance(block, model.Quote):
            out.append(f"<blockquote>{inner(block.blocks)}</blockquote>")
            first = False
        elif isinstance(block, model.ListBlock):
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items_html = "".join(f"<li>{inner(item)}</li>" for item in block.items)
            out.append(f"<{tag}{start}>{items_html}</{tag}>")
            first = False
        elif isinstance(block, model.Rule):
            out.append('<hr class="separator"/>')
            first = True
        elif isinstance(block, model.Table):
            out.append(_table(block, refs))
            first = True
        elif isinstance(block, model.Box):
            title = f'<p class="box-title">{escape(block.title)}</p>' if block.title else ""
            label = f" aria-label={quoteattr(block.title)}" if block.title else ""
            out.append(f'<aside class="box"{label}>{title}{inner(block.blocks)}</aside>')
            first = True
        elif isinstance(block, model.Figure) and figure is not None:
            out.append(figure(block.photo))
        elif isinstance(block, model.CodeBlock):
            out.append(f'<pre class="code"><code>{escape(block.text)}</code></pre>')
            first = True
    return "\n".join(out)


def _table(table: model.Table, refs: set[int] | None) -> str:
    def cell(tag: str, content: list[model.Inline], align: str, scope: str = "") -> str:
        css = f' class="{align}"' if align != "left" else ""
        return f"<{tag}{scope}{css}>{inlines(content, refs)}</{tag}>"

    caption = f"<caption>{inlines(table.title, refs)}</caption>" if table.title else ""
    head = "".join(cell("th", c, a, ' scope="col"') for c, a in zip(table.header, table.aligns))
    body = "".join("<tr>" + "".join(cell("td", c, a) for c, a in zip(row, table.aligns))
                   + "</tr>" for row in table.rows)
    return (f'<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def figure(src: str, photo: model.Photo, width: int, height: int) -> str:
    caption = ""
    if photo.caption or photo.credit:
        parts = []
        if photo.caption:
            parts.append(escape(end_sentence(photo.caption) if photo.credit else photo.caption))
        if photo.credit:
            parts.append(f'<span class="credit">{escape(photo.credit)}</span>')
        caption = f"<figcaption>{' '.join(parts)}</figcaption>"
    return (f'<figure><img src={quoteattr(src)} alt={quoteattr(photo.description)} '
            f'width="{width}" height="{height}"/>{caption}</figure>')
