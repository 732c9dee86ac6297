"""Runs of text with their marks (bold, italic, strikethrough, a link, a note reference)
as Markdown: what the Word and the web page readers share."""

from __future__ import annotations

import re

from bantin_print import text as textmod
from bantin_print.importer.article import escape


# Inline markup kept from a run, outermost first: (mark, Markdown delimiter).
MARKS = (("strike", "~~"), ("b", "**"), ("i", "*"))
NOTE = "note"  # the mark of a footnote reference: its text is the note's number
SAFE_LINK = re.compile(r"(?:https?://|mailto:)\S+$", re.IGNORECASE)

Span = tuple[str, tuple[str, ...], "str | None"]  # (text, marks, link)


def span_text(text: str) -> str:
    """A run's text as a span holds it: cleaned (text.clean), each stretch of white space
    one space (the spaces at its ends kept: they part it from its neighbours)."""
    return re.sub(r"\s+", " ", textmod.clean(text))


def spans_markdown(spans: list[Span]) -> str | None:
    """The spans as Markdown, the same marks and link next to each other as one; None when
    nothing is marked (the text says it all). The article writer keeps it only when it
    reads back to exactly the paragraph's text."""
    if not any(marks or link for _, marks, link in spans):
        return None
    merged: list[list] = []  # [text, marks, link]
    for text, marks, link in spans:
        if merged and merged[-1][1:] == [marks, link] and NOTE not in marks:
            merged[-1][0] += text
        else:
            merged.append([text, marks, link])
    out: list[str] = []
    written = ""
    for text, marks, link in merged:
        if written.endswith(" ") or not written:
            text = text.lstrip(" ")
        if not text:
            continue
        core = text.strip(" ")
        lead, trail = text[:len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
        if not core:
            out.append(text)
            written += text
            continue
        if NOTE in marks:
            out.append(f"[^{core}]")
            written += text
            continue
        inner = escape(core)
        for tag, delimiter in reversed(MARKS):
            if tag in marks:
                inner = f"{delimiter}{inner}{delimiter}"
        if link:
            inner = f"[{inner}](<{link}>)"
        out.append(lead + inner + trail)
        written += text
    return "".join(out).rstrip(" ") or None


def without_common_marks(spans: list[Span]) -> list[Span]:
    """A heading's spans without the marks all of its text has: its style's bold is the
    heading's look, not emphasis."""
    inked = [set(marks) for text, marks, _ in spans if text.strip()]
    common = set.intersection(*inked) if inked else set()
    return [(text, tuple(m for m in marks if m not in common), link)
            for text, marks, link in spans]


def header_unbolded(rows: list[list[tuple[str, str | None]]]
                    ) -> list[list[tuple[str, str | None]]]:
    """A table's rows with a header row bold all over written plain: the header's look."""
    if rows:
        rows = [[(text, None if markdown == f"**{escape(text)}**" else markdown)
                 for text, markdown in rows[0]]] + rows[1:]
    return rows
