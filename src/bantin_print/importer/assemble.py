"""The draft of an article out of a reader's paragraphs: title, lead, author, captions,
body; every guess noted for the editor."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg
from bantin_print.importer.draft import (
    MAX_AUTHOR, MAX_LEAD, MAX_TITLE, Caption, Draft, Para, Picture, UNITS, dmy, no_article_text,
    portal_text_dropped, short)
from bantin_print.importer.heuristics import (
    AFTER_END_MARK, AUTHOR_PREFIX, CREDIT_ANY, CREDIT_ONLY, END_MARK, SENTENCE_END, classify,
    name_like, split_credit)


def assemble_draft(paras: list[Para], source: Path, unit: str, notes: list[Message],
              date: dt.date | None = None, lead_rule: str = "first") -> Draft:
    """Title, lead, author, date, captions and body out of a source's paragraphs.

    `unit` names a paragraph of this kind of source in notes ("line", "paragraph");
    `lead_rule` is "first" (the first paragraph after the title) or "bold" (only when
    all of it is set in bold).
    """
    # Portal text and date lines that reached us as paragraphs.
    said = UNITS[unit]
    kept: list[Para] = []
    dropped: list[str] = []
    body_seen = 0
    for p in paras:
        if p.role is None and p.text:
            kind, found = classify(p.text)
            if kind == "date":
                if date is None:
                    date = found
                    notes.append(msg("the date {date} was read from the {unit} '{text}'",
                                     date=dmy(found), unit=said, text=short(p.text)))
                continue
            if kind == "boilerplate":
                dropped.append(p.text)
                continue
            if kind == "tail" and body_seen >= 2:
                notes.append(msg("everything from the {unit} '{text}' on was dropped (the "
                                 "portal's links to other articles)", unit=said, text=p.text))
                break
        if not p.text and p.role != "picture":
            continue
        kept.append(p)
        if p.role is None:
            body_seen += 1
    if dropped:
        notes.append(portal_text_dropped(unit, dropped))
    if not any(p.text and p.role != "picture" for p in kept):
        raise InputError.single(source, None, no_article_text(bool(dropped)))

    for i, p in enumerate(kept):
        if p.role == "picture":
            for j in (i - 1, i + 1):
                if 0 <= j < len(kept):
                    kept[j].picture = True

    # --- the title
    t = next((i for i, p in enumerate(kept) if p.role == "title"), None)
    if t is None:
        t = next((i for i, p in enumerate(kept) if p.text and p.role in (None, "lead")), None)
        if t is not None:
            kept[t].role = "title"
            kept[t].note = msg("the title was taken from the first {unit} ({where})",
                               unit=said, where=kept[t].where)
    title_para = kept[t] if t is not None else None
    if title_para is None or len(title_para.text) > MAX_TITLE:
        title = _title_from_name(source)
        if title_para is not None:
            notes.append(msg("the first {unit} is {length} characters long, too long for a "
                             "title: the title '{title}' was made from the file name; correct "
                             "it", unit=said, length=len(title_para.text), title=title))
            title_para.role = None
        else:
            notes.append(msg("no {unit} could be the title: the title '{title}' was made from "
                             "the file name; correct it", unit=said, title=title))
        rest = kept
    else:
        title = title_para.text
        if title_para.note:
            notes.append(title_para.note)
        before = [p.text for p in kept[:t] if p.text and p.role != "picture"]
        if before:
            notes.append(msg("dropped before the title: {texts}",
                             texts=", ".join(f"'{short(b, 40)}'" for b in before)))
        rest = [p for p in kept[t + 1:] if p.role != "title"]

    # --- the author, at the end
    author = None
    preset = next((p for p in rest if p.role == "author"), None)
    if preset is not None:
        author = preset.text
        notes.append(preset.note or msg("the author '{author}' was taken from {where}",
                                        author=author, where=preset.where))
        rest = [p for p in rest if p is not preset]
        if rest and rest[-1].role is None and rest[-1].text in (author, f"Tác giả: {author}"):
            rest.pop()
    else:
        author, rest = _author_at_end(rest, unit, notes)

    # --- captions
    captions: list[Caption] = []
    caption_of: dict[int, Caption] = {}
    body: list[Para] = []
    for p in rest:
        if p.role == "picture" or (p.role not in (None, "caption")):
            body.append(p)
            continue
        text = p.text
        previous = body[-1] if body else None
        if p.role == "caption":
            caption = split_credit(text)
            notes.append(p.note or msg("the caption '{text}' was found in {where}",
                                       text=short(text), where=p.where))
        elif len(text) <= 300 and CREDIT_ONLY.fullmatch(text):
            credit = text.strip(" ()[].")
            if previous is not None and id(previous) in caption_of \
                    and caption_of[id(previous)].credit is None:
                caption_of[id(previous)].credit = credit
                continue
            if (previous is not None and previous.role is None and len(previous.text) <= 150
                    and not END_MARK.search(previous.text)):
                caption = Caption(split_credit(previous.text).caption, credit)
                notes.append(msg("the {unit} '{text}' followed by '{credit}' was taken as a "
                                 "photo caption", unit=said, text=short(previous.text),
                                 credit=credit))
                captions.append(caption)
                caption_of[id(previous)] = caption
                previous.role = "caption-done"
                continue
            caption = Caption(None, credit)
            notes.append(msg("the photo credit '{credit}' alone on its {unit} was taken as a "
                             "photo caption", credit=credit, unit=said))
        elif len(text) <= 300 and CREDIT_ANY.search(text):
            caption = split_credit(text)
            notes.append(msg("the {unit} '{text}' was taken as a photo caption (it names the "
                             "photo's author)", unit=said, text=short(text)))
        elif p.italic and len(text) <= 300 and (p.picture or p.align == "center"):
            caption = split_credit(text)
            if p.picture:
                notes.append(msg("the short italic {unit} '{text}' beside a picture was taken "
                                 "as a photo caption", unit=said, text=short(text)))
            else:
                notes.append(msg("the short italic {unit} '{text}' set centred was taken as a "
                                 "photo caption", unit=said, text=short(text)))
        else:
            body.append(p)
            continue
        captions.append(caption)
        caption_of[id(p)] = caption
        p.role = "caption-done"
        body.append(p)

    # --- a caption wrapped over short lines right after the title (portal text)
    candidates = [p for p in body if p.role is None]
    if len(candidates) >= 3 and body.index(candidates[0]) == 0 and _wrapped_caption(candidates[0]):
        _take_wrapped_caption(candidates.pop(0), "title", captions, notes)

    # --- the lead
    lead = None
    preset_lead = next((p for p in body if p.role == "lead"), None)
    if preset_lead is not None:
        lead = preset_lead.text
        notes.append(preset_lead.note or msg("the lead was taken from {where}",
                                             where=preset_lead.where))
        preset_lead.role = "lead-done"
    elif (candidates and len(candidates) >= 2 and len(candidates[0].text) <= MAX_LEAD
          and not candidates[0].structured):
        first = candidates[0]
        styled = first.bold or first.italic
        if lead_rule == "first" or (lead_rule == "bold" and first.bold):
            lead = first.text
            first.role = "lead-done"
            if styled and first.bold:
                notes.append(msg("the lead (sa-pô) was taken as the first paragraph after the "
                                 "title, set in bold ({where})", where=first.where))
            elif styled:
                notes.append(msg("the lead (sa-pô) was taken as the first paragraph after the "
                                 "title, set in italics ({where})", where=first.where))
            else:
                notes.append(msg("the lead (sa-pô) was taken as the first paragraph after the "
                                 "title ({where})", where=first.where))

    # --- a caption wrapped over short lines right after the lead (portal text)
    after = body.index(next(p for p in body if p.role == "lead-done")) + 1 \
        if any(p.role == "lead-done" for p in body) else 0
    if after < len(body) - 1 and _wrapped_caption(body[after]):
        _take_wrapped_caption(body[after], "lead" if after else "title", captions, notes)

    # --- pictures: the caption beside them, else their alternative text
    pictures: list[Picture] = []
    for i, p in enumerate(body):
        if p.role != "picture":
            continue
        beside = [body[j] for j in (i + 1, i - 1) if 0 <= j < len(body)]
        caption = next((caption_of.get(id(b)) for b in beside if b.role == "caption-done"
                        and caption_of.get(id(b)) in captions), None)
        if p.image is not None:
            if caption is None and len(p.text.split()) >= 3:
                caption = split_credit(p.text)
                notes.append(msg("the caption '{text}' was taken from a picture's alternative "
                                 "text", text=short(p.text)))
            elif caption is not None:
                captions.remove(caption)  # it has its photo now
            pictures.append(Picture(*p.image, caption, p.text))
            continue
        if not p.text or any(b.role == "caption-done" for b in beside):
            continue
        alt = p.text
        if len(alt.split()) >= 3 and not re.fullmatch(r"[\w\-]+\.(?:jpe?g|png|gif|webp|tiff?|bmp)",
                                                      alt, re.IGNORECASE):
            captions.append(split_credit(alt))
            notes.append(msg("the caption '{text}' was taken from a picture's alternative "
                             "text", text=short(alt)))

    paragraphs = [p for p in body if p.role is None and p.text]
    return Draft(source=source, title=title, lead=lead, author=author, date=date,
                 captions=captions, paragraphs=paragraphs, guesses=notes, pictures=pictures)


def _wrapped_caption(p: Para) -> bool:
    """A few short lines that end no sentence: how a caption under a portal's photo copies."""
    return (p.role is None and p.lines >= 2 and p.short_lines and len(p.text) <= 250
            and not SENTENCE_END.search(p.text))


def _take_wrapped_caption(p: Para, after: str, captions: list[Caption],
                          notes: list[Message]) -> None:
    captions.append(split_credit(p.text))
    p.role = "caption-done"
    if after == "lead":
        notes.append(msg("the {n} short lines '{text}' after the lead were taken as a photo "
                         "caption", n=p.lines, text=short(p.text)))
    else:
        notes.append(msg("the {n} short lines '{text}' after the title were taken as a photo "
                         "caption", n=p.lines, text=short(p.text)))


def _author_at_end(rest: list[Para], unit: str,
                   notes: list[Message]) -> tuple[str | None, list[Para]]:
    index = next((i for i in range(len(rest) - 1, -1, -1)
                  if rest[i].role in (None, "caption") and rest[i].text), None)
    if index is None or rest[index].role is not None or rest[index].structured:
        return None, rest
    last = rest[index]
    previous = next((p for p in reversed(rest[:index]) if p.role is None), None)
    text = last.text

    prefixed = AUTHOR_PREFIX.fullmatch(text)
    if prefixed and len(prefixed.group("name")) <= MAX_AUTHOR:
        name = prefixed.group("name").strip()
        notes.append(msg("the author '{author}' was taken from the last {unit} '{text}'",
                         author=name, unit=UNITS[unit], text=short(text)))
        return name, rest[:index] + rest[index + 1:]

    glued = AFTER_END_MARK.fullmatch(text)
    if glued and name_like(glued.group("name")):
        name = glued.group("name").strip()
        last.text = glued.group("text")
        notes.append(msg("the author '{author}' was taken from the end of the last {unit}, "
                         "after '/.'", author=name, unit=UNITS[unit]))
        return name, rest

    if previous is None:
        return None, rest
    after_mark = bool(END_MARK.search(previous.text))
    styled = last.align == "right" or last.bold
    if name_like(text, strict=not (after_mark or styled)):
        name = text
        if name.startswith("(") and name.endswith(")"):
            name = name[1:-1].strip()
        why = msg("after the closing '/.'") if after_mark else (
            msg("set right-aligned") if last.align == "right" else
            msg("set in bold") if last.bold else msg("a short name alone"))
        notes.append(msg("the author '{author}' was taken from the last {unit} ({why})",
                         author=name, unit=UNITS[unit], why=why))
        return name, rest[:index] + rest[index + 1:]
    return None, rest


def _title_from_name(source: Path) -> str:
    words = re.sub(r"[-_.]+", " ", source.stem).split()
    title = " ".join(words) or "Bài viết"
    return title[:1].upper() + title[1:]
