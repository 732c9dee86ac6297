"""Model content as XHTML fragments. Every character the editor typed is escaped, so
markup in an article ("<script>", "]]>", "&") is shown as text and never becomes an element."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from bantin_print import model
from bantin_print.text import end_sentence

# Links that may be live in the e-book; anything else (javascript:, file:, relative paths
# that would point into the package) is shown as its text only.
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def text(value: str) -> str:
    return escape(value)


def attribute(value: str) -> str:
    return quoteattr(value)


def inlines(nodes: list[model.Inline]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, model.Text):
            out.append(escape(node.text))
        elif isinstance(node, model.Code):
            out.append(f"<code>{escape(node.text)}</code>")
        elif isinstance(node, model.LineBreak):
            out.append("<br/>")
        elif isinstance(node, model.Strong):
            out.append(f"<strong>{inlines(node.children)}</strong>")
        elif isinstance(node, model.Emphasis):
            out.append(f"<em>{inlines(node.children)}</em>")
        elif isinstance(node, model.Link):
            label = inlines(node.children)
            target = node.target.strip()
            if target.lower().startswith(SAFE_SCHEMES):
                out.append(f"<a href={quoteattr(target)}>{label}</a>")
            else:
                out.append(label)
    return "".join(out)


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
