"""Model text to ReportLab paragraph markup (ReportLab reads its own tags in paragraph
text: <img src=…> would read a file, so everything typed is escaped)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from bantin_print import inline, model

TAGS = inline.Tags(strong="b", emphasis="i", code=None, strike="strike", superscript="super")


def text(value: str) -> str:
    return escape(value)


def inlines(nodes: list[model.Inline]) -> str:
    return inline.render(nodes, TAGS, _link)


def _link(node: model.Link, label: str) -> str:
    target = inline.safe_target(node)
    shown = model.plain_text(node.children).strip()
    # On paper the address must be readable, so it follows the link text.
    suffix = "" if shown in (target, target.split("//", 1)[-1]) else f" ({escape(target)})"
    return f"<a href={quoteattr(target)}>{label}</a>{suffix}"
