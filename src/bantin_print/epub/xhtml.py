"""Model content as XHTML fragments. Every character the editor typed is escaped, so
markup in an article ("<script>", "]]>", "&") is shown as text and never becomes an element."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from bantin_print import inline, model
from bantin_print.text import end_sentence

TAGS = inline.Tags(strong="strong", emphasis="em", code="code")


def text(value: str) -> str:
    return escape(value)


def attribute(value: str) -> str:
    return quoteattr(value)


def inlines(nodes: list[model.Inline]) -> str:
    return inline.render(nodes, TAGS, _link)


def _link(node: model.Link, label: str) -> str:
    return f"<a href={quoteattr(inline.safe_target(node))}>{label}</a>"


def blocks(items: list[model.Block], first: bool = True) -> str:
    """Body blocks; the first paragraph after a heading gets class "first" (no indent)."""
    out: list[str] = []
    for block in items:
        if isinstance(block, model.Paragraph):
            css = ' class="first"' if first else ""
            out.append(f"<p{css}>{inlines(block.content)}</p>")
            first = False
        elif isinstance(block, model.Heading):
            level = min(max(block.level, 2), 6)  # h1 is the article's title
            out.append(f"<h{level}>{inlines(block.content)}</h{level}>")
            first = True
        elif isinstance(block, model.Quote):
            out.append(f"<blockquote>{blocks(block.blocks)}</blockquote>")
            first = False
        elif isinstance(block, model.ListBlock):
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items_html = "".join(f"<li>{blocks(item)}</li>" for item in block.items)
            out.append(f"<{tag}{start}>{items_html}</{tag}>")
            first = False
        elif isinstance(block, model.Rule):
            out.append('<hr class="separator"/>')
            first = True
    return "\n".join(out)


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
