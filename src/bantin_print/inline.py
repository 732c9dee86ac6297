"""Inline content as XML-style markup, for both writers: ReportLab's paragraph markup and
XHTML differ only in tag names and in how a link is shown. Every character the editor
typed is escaped, so markup in an article is shown as text and never interpreted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from xml.sax.saxutils import escape

from bantin_print import model

# Links that may become live; anything else (javascript:, file:, paths into the package
# or the disk) is shown as its text only.
SAFE_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Tags:
    strong: str
    emphasis: str
    code: str | None  # None: code is set as ordinary text
    strike: str = "s"
    superscript: str = "sup"


def safe_target(link: model.Link) -> str | None:
    target = link.target.strip()
    return target if target.lower().startswith(SAFE_SCHEMES) else None


def render(nodes: list[model.Inline], tags: Tags,
           link: Callable[[model.Link, str], str],
           note: Callable[[model.NoteRef], str] | None = None) -> str:
    """`link(node, label_markup)` writes a link whose target is safe; `note(ref)` a
    footnote reference (default: its number raised)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, model.Text):
            out.append(escape(node.text))
        elif isinstance(node, model.Code):
            out.append(f"<{tags.code}>{escape(node.text)}</{tags.code}>" if tags.code
                       else escape(node.text))
        elif isinstance(node, model.LineBreak):
            out.append("<br/>")
        elif isinstance(node, model.Strong):
            out.append(f"<{tags.strong}>{render(node.children, tags, link, note)}</{tags.strong}>")
        elif isinstance(node, model.Strikethrough):
            out.append(f"<{tags.strike}>{render(node.children, tags, link, note)}</{tags.strike}>")
        elif isinstance(node, model.NoteRef):
            out.append(note(node) if note else f"<{tags.superscript}>{node.number}"
                       f"</{tags.superscript}>")
        elif isinstance(node, model.Emphasis):
            out.append(f"<{tags.emphasis}>{render(node.children, tags, link, note)}"
                       f"</{tags.emphasis}>")
        elif isinstance(node, model.Link):
            label = render(node.children, tags, link, note)
            out.append(link(node, label) if safe_target(node) else label)
    return "".join(out)
