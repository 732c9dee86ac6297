"""Model text to ReportLab paragraph markup. Every character the editor typed is escaped:
ReportLab reads its own tags in paragraph text (<img src=…> would read a file)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from bantin_print import model

# Only these kinds of link become live in the PDF; anything else is shown as text only.
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def text(value: str) -> str:
    return escape(value)


def inlines(nodes: list[model.Inline]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, model.Text):
            out.append(escape(node.text))
        elif isinstance(node, model.Code):
            out.append(escape(node.text))
        elif isinstance(node, model.LineBreak):
            out.append("<br/>")
        elif isinstance(node, model.Strong):
            out.append(f"<b>{inlines(node.children)}</b>")
        elif isinstance(node, model.Emphasis):
            out.append(f"<i>{inlines(node.children)}</i>")
        elif isinstance(node, model.Link):
            out.append(_link(node))
    return "".join(out)


def _link(node: model.Link) -> str:
    label = inlines(node.children)
    target = node.target.strip()
    if not target.lower().startswith(SAFE_SCHEMES):
        return label
    shown = model.plain_text(node.children).strip()
    suffix = "" if shown == target or shown == target.split("//", 1)[-1] else \
        f" ({escape(target)})"
    # On paper the address must be readable, so it follows the link text.
    return f"<a href={quoteattr(target)}>{label}</a>{suffix}"
