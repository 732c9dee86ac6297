"""Text copied from an organisation's web portal (.txt)."""

from __future__ import annotations

import codecs
from pathlib import Path

from bantin_print import text as textmod
from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg
from bantin_print.reader.source import lines_phrase
from bantin_print.text import decoding, legacy, repair
from bantin_print.importer.assemble import assemble_draft
from bantin_print.importer.draft import (
    MAX_TITLE, Draft, Para, dmy, no_article_text, portal_text_dropped, short)
from bantin_print.importer.heuristics import END_MARK, SENTENCE_END, classify, name_like, starts_new


def _decode_text(path: Path, data: bytes, notes: list[Message]) -> str:
    decoded = decoding.decode(data)
    if decoded.text is None and decoded.bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise InputError.single(path, None, msg("the file starts like UTF-16 but cannot be "
                                                "read as UTF-16"))
    if decoded.text is None:
        found = decoded.legacy
        if found is None:
            raise InputError.single(path, decoded.bad_line, msg(
                "the file is not UTF-8 (byte 0x{byte:02X}) and no old Vietnamese encoding "
                "(TCVN3, VNI, Windows-1258) was recognised; save it as UTF-8",
                byte=decoded.bad_byte))
        notes.append(msg("the file is not UTF-8: it was read as {encoding} (an old Vietnamese "
                         "encoding), e.g. '{sample}'", encoding=found.encoding.upper(),
                         sample=found.sample))
        return legacy.decode_bytes(data[len(decoded.bom):], found.encoding)
    return repair_mojibake(decoded.text, notes, "text")


def repair_mojibake(text: str, notes: list[Message], what: str) -> str:
    """Runs of legacy text shown as Latin letters converted, each with its own encoding;
    the rest left exactly as it was. `what` is "text" or "page"."""
    repaired = repair.repair(text, "auto")
    if repaired.converted:
        names = ", ".join(sorted({legacy.NAMES[e].split()[0] for e in repaired.encodings}))
        said = dict(names=names, lines=lines_phrase(repaired.converted),
                    sample=repaired.sample)
        if what == "page":
            notes.append(msg("the page holds {names} (an old Vietnamese encoding) shown as "
                             "Latin letters on {lines}; converted, e.g. '{sample}'", **said))
        else:
            notes.append(msg("the text holds {names} (an old Vietnamese encoding) shown as "
                             "Latin letters on {lines}; converted, e.g. '{sample}'", **said))
    for line in repaired.undecided:
        notes.append(msg("line {line} may hold Vietnamese text in an old encoding but cannot "
                         "be told apart from Unicode; left as it is", line=line))
    return repaired.text


_Line = tuple[int, str]  # (line number, text)


def read_txt(path: Path, data: bytes) -> Draft:
    notes: list[Message] = []
    raw = textmod.clean(_decode_text(path, data, notes))

    # Lines: portal text and date lines go; they also separate what stood around them.
    date = None
    lines: list[_Line | None] = []
    dropped: list[str] = []
    content = 0
    for n, line in enumerate(raw.split("\n"), start=1):
        line = textmod.collapse_spaces(line)
        kind, found = classify(line) if line else (None, None)
        if kind == "date":
            if date is None:
                date = found
                notes.append(msg("the date {date} was read from line {line} '{text}'",
                                 date=dmy(found), line=n, text=short(line)))
            lines.append(None)
        elif kind == "boilerplate":
            dropped.append(line)
            lines.append(None)
        elif kind == "tail" and content >= 3:
            notes.append(msg("everything from line {line} '{text}' on was dropped (the "
                             "portal's links to other articles)", line=n, text=line))
            break
        else:
            lines.append((n, line) if line else None)
            content += bool(line)
    if dropped:
        notes.append(portal_text_dropped("line", dropped))

    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for item in lines + [None]:
        if item is None:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(item)
    if not blocks:
        raise InputError.single(path, None, no_article_text(bool(dropped)))

    # The title: the first line, with what continues it (a line starting in lower case).
    first = blocks[0]
    title_lines = [first[0]]
    while (len(title_lines) < len(first) and not SENTENCE_END.search(title_lines[-1][1])
           and first[len(title_lines)][1][:1].islower()
           and sum(len(t) for _, t in title_lines) + len(first[len(title_lines)][1]) <= MAX_TITLE):
        title_lines.append(first[len(title_lines)])
    remainder = first[len(title_lines):]
    blocks = [title_lines] + ([remainder] if remainder else []) + blocks[1:]

    last_line = blocks[-1][-1]
    paras: list[Para] = []
    for b, block in enumerate(blocks):
        groups = [block] if b == 0 else _split_block(block, last_line)
        for group in groups:
            text = " ".join(t for _, t in group)
            where = lines_phrase([group[0][0]]) if len(group) == 1 else \
                msg("lines {first}-{last}", first=group[0][0], last=group[-1][0])
            paras.append(Para(text, where=where, lines=len(group),
                               short_lines=all(len(t) <= 90 for _, t in group)))
    paras[0].role = "title"
    paras[0].note = msg("the title was taken from {where}, the first line that is not a "
                        "date or portal text", where=paras[0].where)
    return assemble_draft(paras, path, "line", notes, date=date)


def _split_block(block: list[_Line], last_line: _Line) -> list[list[_Line]]:
    """Lines with no blank line between them: one wrapped paragraph, or several."""
    width = max(len(t) for _, t in block)
    groups = [[block[0]]]
    for (_, prev), line in zip(block, block[1:]):
        cur = line[1]
        if END_MARK.search(prev):
            boundary = True  # "…/." closes an article
        elif line is last_line and name_like(cur) and SENTENCE_END.search(prev):
            boundary = True  # the author's name under the last paragraph
        elif width > 100:
            # Copied from a browser: one line is one paragraph, unless it plainly goes on.
            boundary = not (not SENTENCE_END.search(prev) and (cur[:1].islower()
                                                                 or cur[:1] == "("))
        else:
            # Short lines: wrapped text; a paragraph ends on a short line closing a sentence.
            boundary = (bool(SENTENCE_END.search(prev)) and starts_new(cur)
                        and len(prev) < 0.75 * width)
        if boundary:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups
