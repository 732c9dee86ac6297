"""The article file: front matter and a Markdown body that reads back as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bantin_print import text as textmod
from bantin_print.errors import Problems
from bantin_print.importer.draft import SLUG_LENGTH, Draft, Para


def slugify(title: str) -> str:
    return textmod.slug(title, SLUG_LENGTH, "bai-viet")


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's), Vietnamese kept readable."""
    return json.dumps(value, ensure_ascii=False)


_ORDERED_START = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
_BLOCK_START = re.compile(r"[#>*+\-=_~`|<]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<!&])")


def _escape_start(paragraph: str) -> str:
    """Escape what Markdown would read as structure at the start of a line."""
    match = _ORDERED_START.match(paragraph)
    if match:
        return f"{match.group(1)}\\{match.group(2)}{paragraph[match.end():]}"
    if _BLOCK_START.match(paragraph):
        return "\\" + paragraph
    return paragraph


def _reads_back(markdown: str, expected: list[str], heading: int | None = None) -> bool:
    from bantin_print import model
    from bantin_print.reader.markdown import parse_body

    kind = model.Paragraph if heading is None else model.Heading
    blocks = parse_body(markdown, Path("import.md"), 1, Problems())
    return (len(blocks) == len(expected)
            and all(isinstance(b, kind) and model.plain_text(b.content) == text
                    and (heading is None or b.level == heading)
                    for b, text in zip(blocks, expected)))


def escape(text: str) -> str:
    """Text that Markdown reads as it is, wherever it stands in a line."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _markdown_paragraph(paragraph: str) -> str:
    escaped = _escape_start(paragraph)
    if _reads_back(escaped, [paragraph]):
        return escaped
    # Emphasis, links, code or an autolink would change the text: escape inside as well.
    return _escape_start(escape(paragraph))


def _markdown_block(para: Para) -> str:
    """The paragraph or subheading as Markdown: with its source's inline markup when that
    reads back to exactly its text, else its text alone."""
    if para.heading is not None:
        prefix = "#" * para.heading + " "
        for inline in (para.markdown, escape(para.text)):
            if inline is not None and _reads_back(prefix + inline, [para.text], para.heading):
                return prefix + inline
    elif para.markdown is not None:
        for markdown in (para.markdown, _escape_start(para.markdown)):
            if _reads_back(markdown, [para.text]):
                return markdown
    return _markdown_paragraph(para.text)


def article_text(draft: Draft) -> str:
    lines = ["---", f"title: {_quote(draft.title)}"]
    if draft.lead:
        lines.append(f"lead: {_quote(draft.lead)}")
    if draft.author:
        lines.append(f"author: {_quote(draft.author)}")
    if draft.date:
        lines.append(f"date: {draft.date.isoformat()}")
    if draft.captions:
        lines.append("# Ảnh chưa có tệp (photo captions found, add the photo file and move "
                     "these under photos:):")
        for caption in draft.captions:
            if caption.caption:
                lines.append(f"#   - caption: {_quote(caption.caption)}")
                if caption.credit:
                    lines.append(f"#     credit: {_quote(caption.credit)}")
            else:
                lines.append(f"#   - caption: {_quote(caption.credit or '')}")
    name = re.sub(r"[\x00-\x1f\x7f]", "?", draft.source.name)
    lines.append(f"# Imported from {name} by bantin-print import")
    lines.append("---")
    body = "\n\n".join(_markdown_block(p) for p in draft.paragraphs)
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")
