"""The article file: front matter and a Markdown body that reads back as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bantin_print import model, text as textmod
from bantin_print.errors import Problems
from bantin_print.importer.draft import SLUG_LENGTH, Caption, Draft, Para


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


def _reads_back(markdown: str, expected: list[str], heading: int | None = None,
                notes: list[tuple[int, str]] = ()) -> bool:
    """Whether the Markdown reads as paragraphs (or a heading) of exactly these texts; with
    the footnotes it references, as those notes."""
    from bantin_print.reader.markdown import parse_article

    kind = model.Paragraph if heading is None else model.Heading
    problems = Problems()
    blocks, read = parse_article(markdown + _definitions(notes), Path("import.md"), 1, problems)
    if notes and ([(n.number, model.plain_text(b.content)) for n in read for b in n.blocks
                   if isinstance(b, model.Paragraph)] != list(notes) or problems.items):
        return False
    return (len(blocks) == len(expected)
            and all(isinstance(b, kind) and model.plain_text(b.content) == text
                    and (heading is None or b.level == heading)
                    for b, text in zip(blocks, expected)))


def _blocks(markdown: str) -> list[model.Block]:
    """The Markdown as the article reader reads it."""
    from bantin_print.reader.markdown import parse_body

    return parse_body(markdown, Path("import.md"), 1, Problems())


def _definitions(notes) -> str:
    """The footnotes' lines for the end of the article: [^1]: text."""
    return "".join(f"\n\n[^{number}]: {escape(text)}" for number, text in notes)


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
            if _reads_back(markdown, [para.text], notes=para.notes):
                return markdown
    return _markdown_paragraph(para.text)


def _markdown_body(paragraphs: list[Para]) -> list[str]:
    """Each paragraph or subheading as a block; consecutive list items as one list."""
    blocks: list[str] = []
    i = 0
    while i < len(paragraphs):
        if paragraphs[i].table is not None:
            table = paragraphs[i].table
            written = _markdown_table(table, marked=True) or _markdown_table(table, marked=False)
            # A table that cannot be one (too wide, or not reading back): its cells as text.
            blocks.extend([written] if written else [
                _markdown_paragraph(text) for row in table for text, _ in row if text])
            i += 1
            continue
        if paragraphs[i].item is None:
            blocks.append(_markdown_block(paragraphs[i]))
            i += 1
            continue
        j = i
        while j < len(paragraphs) and paragraphs[j].item is not None:
            j += 1
        items = paragraphs[i:j]
        listed = _markdown_list(items, marked=True) or _markdown_list(items, marked=False)
        blocks.extend([listed] if listed else [_markdown_block(p) for p in items])
        i = j
    return blocks


MAX_TABLE_COLUMNS = 12  # what the article reader sets (a bulletin's page holds no more)
# A column of figures is set right-aligned: 18,5  1.200  +28,6%  (3)
_NUMBER = re.compile(r"[+\-−(]?\d[\d.,\s]*%?\)?")


def _markdown_table(table: list[list[tuple[str, str | None]]], marked: bool) -> str | None:
    """A pipe table, the first row its header; None when it would not read back as these
    cells (or has more columns than a page holds)."""
    columns = max(len(row) for row in table)
    if columns > MAX_TABLE_COLUMNS:
        return None

    def cell(text: str, markdown: str | None) -> str:
        inline = markdown if marked and markdown is not None else escape(text)
        return inline.replace("|", "\\|")

    rows = [[cell(*c) for c in row] + [""] * (columns - len(row)) for row in table]
    numeric = [len(table) > 1 and all(_NUMBER.fullmatch(row[k][0]) for row in table[1:]
                                      if k < len(row) and row[k][0])
               for k in range(columns)]
    lines = ["| " + " | ".join(rows[0]) + " |",
             "|" + "".join("---:|" if right else "---|" for right in numeric)]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    markdown = "\n".join(lines)
    texts = [[text for text, _ in row] + [""] * (columns - len(row)) for row in table]
    return markdown if _table_reads_back(markdown, texts) else None


def _table_reads_back(markdown: str, expected: list[list[str]]) -> bool:
    blocks = _blocks(markdown)
    if len(blocks) != 1 or not isinstance(blocks[0], model.Table):
        return False
    found = [[model.plain_text(c) for c in blocks[0].header]]
    found += [[model.plain_text(c) for c in row] for row in blocks[0].rows]
    return found == expected


def _markdown_list(items: list[Para], marked: bool) -> str | None:
    """The items as a Markdown list, nested by level ('-' bulleted, '1.' numbered), with
    their inline markup when `marked`; None when it would not read back as those items."""
    lines: list[str] = []
    widths: list[int] = []  # the marker width of the item open at each level
    numbers: list[int] = []  # its number (0: bulleted)
    for para in items:
        numbered, level = para.item
        level = min(level, len(widths))  # one level deeper at most
        number = numbers[level] + 1 if numbered and level < len(numbers) and numbers[level] \
            else int(numbered)
        del widths[level:], numbers[level:]
        marker = f"{number}." if numbered else "-"
        numbers.append(number)
        inline = para.markdown if marked and para.markdown is not None else \
            _escape_start(escape(para.text))
        lines.append(" " * sum(widths) + f"{marker} {inline}")
        widths.append(len(marker) + 1)
    markdown = "\n".join(lines)
    return markdown if _list_reads_back(markdown, [p.text for p in items]) else None


def _list_reads_back(markdown: str, expected: list[str]) -> bool:
    def texts(blocks) -> list[str] | None:
        found: list[str] = []
        for block in blocks:
            if isinstance(block, model.ListBlock):
                for item in block.items:
                    inner = texts(item)
                    if inner is None:
                        return None
                    found += inner
            elif isinstance(block, model.Paragraph):
                found.append(model.plain_text(block.content))
            else:
                return None
        return found

    blocks = _blocks(markdown)
    return (all(isinstance(b, model.ListBlock) for b in blocks)
            and texts(blocks) == expected)


def article_text(draft: Draft, photo_files: list[str] = ()) -> str:
    """The article file: front matter (with the draft's pictures under photos:, named as
    `photo_files` says) and the Markdown body."""
    lines = ["---", f"title: {_quote(draft.title)}"]
    if draft.lead:
        lines.append(f"lead: {_quote(draft.lead)}")
    if draft.author:
        lines.append(f"author: {_quote(draft.author)}")
    if draft.date:
        lines.append(f"date: {draft.date.isoformat()}")
    if photo_files:
        lines.append("photos:")
        for picture, file in zip(draft.pictures, photo_files):
            lines.append(f"  - file: {_quote(file)}")
            caption = picture.caption or Caption(None, None)
            for key, value in (("caption", caption.caption), ("credit", caption.credit),
                               ("alt", picture.alt)):
                if value:
                    lines.append(f"    {key}: {_quote(value)}")
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
    body = "\n\n".join(_markdown_body(draft.paragraphs))
    notes = [note for p in draft.paragraphs for note in p.notes]
    if notes and f"[^{notes[0][0]}]" in body:  # kept as footnotes: their texts at the end
        body += _definitions(notes)
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")
