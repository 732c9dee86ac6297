"""The draft of an article out of a reader's paragraphs: title, lead, author, captions,
body; every guess noted for the editor.

`assemble_draft` runs named passes in order, each taking its part of the article out of the
paragraphs the passes before it left; they share one `_Assembly`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg
from bantin_print.importer.draft import (
    MAX_AUTHOR, MAX_LEAD, MAX_TITLE, Caption, Draft, Para, Picture, UNITS, dmy, no_article_text,
    portal_text_dropped, short)
from bantin_print.importer.heuristics import (
    AFTER_END_MARK, AUTHOR_PREFIX, CREDIT_ANY, CREDIT_ONLY, END_MARK, SENTENCE_END, classify,
    labelled_caption, name_like, split_credit)


def assemble_draft(paras: list[Para], source: Path, unit: str, notes: list[Message],
              date: dt.date | None = None, lead_rule: str = "first") -> Draft:
    """Title, lead, author, date, captions and body out of a source's paragraphs.

    `unit` names a paragraph of this kind of source in notes ("line", "paragraph");
    `lead_rule` is "first" (the first paragraph after the title) or "bold" (only when
    all of it is set in bold).
    """
    a = _Assembly(source, unit, notes, date)
    _drop_portal_text(a, paras)
    _mark_beside_pictures(a)
    _title(a)
    _author(a)
    _captions(a)
    _wrapped_caption_after_title(a)
    _lead(a, lead_rule)
    _wrapped_caption_after_lead(a)
    _pictures(a)
    return Draft(source=source, title=a.title, lead=a.lead, author=a.author, date=a.date,
                 captions=a.captions, paragraphs=[p for p in a.body if p.role is None and p.text],
                 guesses=notes, pictures=a.pictures)


@dataclass
class _Assembly:
    """What the passes share: the paragraphs still to place and the article's parts so far."""

    source: Path
    unit: str  # "line", "paragraph"
    notes: list[Message]  # the guesses, in the order they were made
    date: dt.date | None
    kept: list[Para] = field(default_factory=list)  # the paragraphs that are the article's
    body: list[Para] = field(default_factory=list)  # those after the title, roles marked
    title: str = ""
    author: str | None = None
    lead: str | None = None
    captions: list[Caption] = field(default_factory=list)  # those no picture has taken
    caption_of: dict[int, Caption] = field(default_factory=dict)  # by id() of its paragraph
    pictures: list[Picture] = field(default_factory=list)

    @property
    def unit_name(self) -> Message:
        return UNITS[self.unit]


def _drop_portal_text(a: _Assembly, paras: list[Para]) -> None:
    """Portal text and date lines that reached us as paragraphs; the date read from the first."""
    dropped: list[str] = []
    body_seen = 0
    for p in paras:
        if p.role is None and p.text:
            kind, found = classify(p.text)
            if kind == "date":
                if a.date is None:
                    a.date = found
                    a.notes.append(msg("the date {date} was read from the {unit} '{text}'",
                                       date=dmy(found), unit=a.unit_name, text=short(p.text)))
                continue
            if kind == "boilerplate":
                dropped.append(p.text)
                continue
            # The portal's links to other articles follow the article: only after its body.
            if kind == "tail" and body_seen >= 2:
                a.notes.append(msg("everything from the {unit} '{text}' on was dropped (the "
                                   "portal's links to other articles)", unit=a.unit_name,
                                   text=p.text))
                break
        if not p.text and p.role != "picture":
            continue
        a.kept.append(p)
        if p.role is None:
            body_seen += 1
    if dropped:
        a.notes.append(portal_text_dropped(a.unit, dropped))
    if not any(p.text and p.role != "picture" for p in a.kept):
        raise InputError.single(a.source, None, no_article_text(bool(dropped)))


def _mark_beside_pictures(a: _Assembly) -> None:
    """A paragraph next to a picture may be its caption."""
    for i, p in enumerate(a.kept):
        if p.role == "picture":
            for j in (i - 1, i + 1):
                if 0 <= j < len(a.kept):
                    a.kept[j].picture = True


def _title(a: _Assembly) -> None:
    """The paragraph the source marks as the title, else the first with text; a paragraph too
    long for a title stays in the body, and the title is made from the file name."""
    kept = a.kept
    t = next((i for i, p in enumerate(kept) if p.role == "title"), None)
    if t is None:
        t = next((i for i, p in enumerate(kept) if p.text and p.role in (None, "lead")), None)
        if t is not None:
            kept[t].role = "title"
            kept[t].note = msg("the title was taken from the first {unit} ({where})",
                               unit=a.unit_name, where=kept[t].where)
    if t is None or len(kept[t].text) > MAX_TITLE:
        a.title = _title_from_name(a.source)
        if t is not None:
            a.notes.append(msg("the first {unit} is {length} characters long, too long for a "
                               "title: the title '{title}' was made from the file name; correct "
                               "it", unit=a.unit_name, length=len(kept[t].text), title=a.title))
            kept[t].role = None
        else:
            a.notes.append(msg("no {unit} could be the title: the title '{title}' was made "
                               "from the file name; correct it", unit=a.unit_name,
                               title=a.title))
        a.body = kept
        return
    a.title = kept[t].text
    if kept[t].note:
        a.notes.append(kept[t].note)
    before = [p.text for p in kept[:t] if p.text and p.role != "picture"]
    if before:
        a.notes.append(msg("dropped before the title: {texts}",
                           texts=", ".join(f"'{short(b, 40)}'" for b in before)))
    a.body = [p for p in kept[t + 1:] if p.role != "title"]


def _author(a: _Assembly) -> None:
    """The paragraph the source marks as the author, else a name at the end."""
    preset = next((p for p in a.body if p.role == "author"), None)
    if preset is None:
        a.author, a.body = _author_at_end(a.body, a.unit, a.notes)
        return
    a.author = preset.text
    a.notes.append(preset.note or msg("the author '{author}' was taken from {where}",
                                      author=a.author, where=preset.where))
    a.body = [p for p in a.body if p is not preset]
    # The same name again as the last paragraph.
    if a.body and a.body[-1].role is None and a.body[-1].text in (a.author,
                                                                  f"Tác giả: {a.author}"):
        a.body.pop()


def _captions(a: _Assembly) -> None:
    """Paragraphs that are photo captions become "caption-done"; a credit alone on the
    paragraph after a caption, or after a short one, completes it and leaves the body."""
    said = a.unit_name
    rest, a.body = a.body, []
    for p in rest:
        if p.role not in (None, "caption"):
            a.body.append(p)
            continue
        text = p.text
        previous = a.body[-1] if a.body else None
        if p.role == "caption":
            caption = split_credit(text)
            a.notes.append(p.note or msg("the caption '{text}' was found in {where}",
                                         text=short(text), where=p.where))
        elif len(text) <= 300 and labelled_caption(text):
            caption = split_credit(text)
            a.notes.append(msg("the {unit} '{text}' was taken as a photo caption ('Ảnh:' "
                               "followed by what the photo shows, not by a name)", unit=said,
                               text=short(text)))
        elif len(text) <= 300 and CREDIT_ONLY.fullmatch(text):
            credit = text.strip(" ()[].")
            if previous is not None and id(previous) in a.caption_of \
                    and a.caption_of[id(previous)].credit is None:
                a.caption_of[id(previous)].credit = credit
                continue
            if (previous is not None and previous.role is None and len(previous.text) <= 150
                    and not END_MARK.search(previous.text)):
                caption = Caption(split_credit(previous.text).caption, credit)
                a.notes.append(msg("the {unit} '{text}' followed by '{credit}' was taken as a "
                                   "photo caption", unit=said, text=short(previous.text),
                                   credit=credit))
                a.captions.append(caption)
                a.caption_of[id(previous)] = caption
                previous.role = "caption-done"
                continue
            caption = Caption(None, credit)
            a.notes.append(msg("the photo credit '{credit}' alone on its {unit} was taken as a "
                               "photo caption", credit=credit, unit=said))
        elif len(text) <= 300 and CREDIT_ANY.search(text):
            caption = split_credit(text)
            a.notes.append(msg("the {unit} '{text}' was taken as a photo caption (it names the "
                               "photo's author)", unit=said, text=short(text)))
        elif p.italic and len(text) <= 300 and (p.picture or p.align == "center"):
            caption = split_credit(text)
            if p.picture:
                a.notes.append(msg("the short italic {unit} '{text}' beside a picture was taken "
                                   "as a photo caption", unit=said, text=short(text)))
            else:
                a.notes.append(msg("the short italic {unit} '{text}' set centred was taken as a "
                                   "photo caption", unit=said, text=short(text)))
        else:
            a.body.append(p)
            continue
        a.captions.append(caption)
        a.caption_of[id(p)] = caption
        p.role = "caption-done"
        a.body.append(p)


def _wrapped_caption_after_title(a: _Assembly) -> None:
    """The first paragraph, when two more are left for the lead and the body."""
    if sum(p.role is None for p in a.body) >= 3:
        _wrapped_caption(a, a.body[0], "title")


def _lead(a: _Assembly, lead_rule: str) -> None:
    """The paragraph the source marks as the lead, else the first one left (if it is not the
    only one), by `lead_rule`."""
    preset = next((p for p in a.body if p.role == "lead"), None)
    if preset is not None:
        a.lead = preset.text
        a.notes.append(preset.note or msg("the lead was taken from {where}", where=preset.where))
        preset.role = "lead-done"
        return
    candidates = [p for p in a.body if p.role is None]
    if len(candidates) < 2 or len(candidates[0].text) > MAX_LEAD or candidates[0].structured:
        return
    first = candidates[0]
    if lead_rule == "first" or (lead_rule == "bold" and first.bold):
        a.lead = first.text
        first.role = "lead-done"
        if first.bold:
            a.notes.append(msg("the lead (sa-pô) was taken as the first paragraph after the "
                               "title, set in bold ({where})", where=first.where))
        elif first.italic:
            a.notes.append(msg("the lead (sa-pô) was taken as the first paragraph after the "
                               "title, set in italics ({where})", where=first.where))
        else:
            a.notes.append(msg("the lead (sa-pô) was taken as the first paragraph after the "
                               "title ({where})", where=first.where))


def _wrapped_caption_after_lead(a: _Assembly) -> None:
    """The paragraph after the lead (after the title, without one), if it is not the last."""
    after = next((i + 1 for i, p in enumerate(a.body) if p.role == "lead-done"), 0)
    if after < len(a.body) - 1:
        _wrapped_caption(a, a.body[after], "lead" if after else "title")


def _pictures(a: _Assembly) -> None:
    """Each picture with the caption beside it, else its alternative text as its caption."""
    body = a.body
    for i, p in enumerate(body):
        if p.role != "picture":
            continue
        beside = [body[j] for j in (i + 1, i - 1) if 0 <= j < len(body)]
        caption = next((a.caption_of.get(id(b)) for b in beside if b.role == "caption-done"
                        and a.caption_of.get(id(b)) in a.captions), None)
        if p.image is not None:
            if caption is None and len(p.text.split()) >= 3:
                caption = split_credit(p.text)
                a.notes.append(msg("the caption '{text}' was taken from a picture's alternative "
                                   "text", text=short(p.text)))
            elif caption is not None:
                a.captions.remove(caption)  # it has its photo now
            a.pictures.append(Picture(*p.image, caption, p.text))
            continue
        # A picture only named (no bytes): its caption is listed for the editor.
        if not p.text or any(b.role == "caption-done" for b in beside):
            continue
        alt = p.text
        if len(alt.split()) >= 3 and not re.fullmatch(r"[\w\-]+\.(?:jpe?g|png|gif|webp|tiff?|bmp)",
                                                      alt, re.IGNORECASE):
            a.captions.append(split_credit(alt))
            a.notes.append(msg("the caption '{text}' was taken from a picture's alternative "
                               "text", text=short(alt)))


def _wrapped_caption(a: _Assembly, p: Para, after: str) -> None:
    """A few short lines that end no sentence: how a caption under a portal's photo copies."""
    if not (p.role is None and p.lines >= 2 and p.short_lines and len(p.text) <= 250
            and not SENTENCE_END.search(p.text)):
        return
    a.captions.append(split_credit(p.text))
    p.role = "caption-done"
    if after == "lead":
        a.notes.append(msg("the {n} short lines '{text}' after the lead were taken as a photo "
                           "caption", n=p.lines, text=short(p.text)))
    else:
        a.notes.append(msg("the {n} short lines '{text}' after the title were taken as a photo "
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
