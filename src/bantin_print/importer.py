"""Importers: articles from outside into an issue.

Three kinds of source, told apart by the file's extension:

* ``.txt``: text an editor copied from an organisation's web portal (date line, portal
  boilerplate, title, sa-pô, a caption wrapped over two lines, body, "…/." and the author
  alone on the last line);
* ``.html`` / ``.htm``: a saved page of such a portal;
* ``.docx``: a Word file, with runs set in legacy TCVN3 (.VnTime…) or VNI fonts converted.

Each becomes ``articles/<slug>.md`` (front matter + Markdown body) and is listed in the
manifest, which is edited as text so that its comments and layout stay as the editor wrote
them. Everything is read and checked first; nothing is written when any file fails. Every
decision a heuristic took is reported in ``Imported.guesses`` for the editor to check.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bantin_print import text as textmod
from bantin_print.errors import InputError, Problem, Problems
from bantin_print.i18n import Message, msg, msg_n
from bantin_print.output import check_outputs, keep_original, write_atomic
from bantin_print.reader.source import MAX_TEXT_BYTES, decode, lines_phrase, read_bytes
from bantin_print.text import decoding, legacy, repair
from bantin_print.reader import yamltree

MANIFEST_NAME = "issue.yaml"
ARTICLES_DIR = "articles"
KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".docx": "docx"}
MAX_DOCX_BYTES = 200 * 1024 * 1024  # a Word file may carry photos
SLUG_LENGTH = 60
# The article reader's limits (reader/article.py): a longer "title" is not a title.
MAX_TITLE = 250
MAX_LEAD = 3000
MAX_AUTHOR = 80


@dataclass
class Imported:
    source: Path
    article: Path  # the .md file written
    title: str
    lead: str | None
    author: str | None
    date: dt.date | None
    captions: list[str]  # photo captions found (no image file is available)
    paragraphs: int
    guesses: list[Message]  # notes for the editor on everything that was guessed


# ===================================================================== the entry point


# What to do with a file whose article the issue already has (the same title, so the same
# file name): refuse and say so, write the article again (the old file kept as .orig), or
# add it as another article (…-2.md).
AGAIN = ("refuse", "replace", "new")


def import_files(files: list[Path], issue_dir: Path, section: str | None = None,
                 again: str = "refuse") -> list[Imported]:
    """Import each file into issue_dir/articles/<slug>.md and list it in issue_dir/issue.yaml
    under the section titled `section` (created at the end when missing; default: the last
    section). An article the issue already has is refused, replaced or added again, as
    `again` says (AGAIN).

    Raises InputError naming the file for every problem (missing or unreadable file, unknown
    type, no text, a manifest that cannot be read or has no sections list). Nothing is
    written when any file fails; every write is atomic.
    """
    issue_dir = Path(issue_dir)
    manifest = issue_dir / MANIFEST_NAME
    problems: list[Problem] = []

    drafts: list[_Draft] = []
    for file in files:
        try:
            drafts.append(_read_source(Path(file)))
        except InputError as e:
            problems.extend(e.problems)

    manifest_text = None
    try:
        manifest_text, tree = _read_manifest(manifest)
    except InputError as e:
        problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    if not drafts:
        raise InputError.single(None, None, msg("no file to import"))

    # Choose the file names: free on disk, not listed in the manifest, not taken by this run.
    articles_dir = issue_dir / ARTICLES_DIR
    listed = _listed_paths(tree)
    taken: set[str] = set()
    planned: list[tuple[_Draft, Path, str]] = []
    replaced: set[Path] = set()
    for draft in drafts:
        base = slugify(draft.title)
        relative = f"{ARTICLES_DIR}/{base}.md"
        target = articles_dir / f"{base}.md"
        there = base not in taken and (relative in listed or os.path.lexists(target))
        if there and again == "refuse":
            problems.append(Problem(draft.source, None, msg(
                "the issue already has this article, {article} (“{title}”): it was imported "
                "before? Use --replace to write it again (the old file is kept as {article}"
                ".orig), or --as-new to add it as another article", article=relative,
                title=draft.title)))
            continue
        if there and again == "replace" and not os.path.isdir(target):
            taken.add(base)
            replaced.add(target)
            planned.append((draft, target, relative))
            continue
        n = 1
        while True:
            name = base if n == 1 else f"{base}-{n}"
            relative = f"{ARTICLES_DIR}/{name}.md"
            target = articles_dir / f"{name}.md"
            if name not in taken and relative not in listed and not os.path.lexists(target):
                break
            n += 1
        taken.add(name)
        planned.append((draft, target, relative))
    if problems:
        raise InputError(problems)

    check_outputs([(msg("the manifest"), manifest)] + [(msg("a new article"), target)
                                                       for _, target, _ in planned],
                  [(draft.source, msg("a file being imported")) for draft in drafts])
    contents = [(target, _article_text(draft)) for draft, target, _ in planned]
    unlisted = [relative for _, _, relative in planned if relative not in listed]
    new_manifest = (_add_to_manifest(manifest, manifest_text, tree, unlisted, section)
                    if unlisted else None)

    # Write: the articles first, the manifest last; undo the articles if anything fails.
    written: list[Path] = []
    where = articles_dir
    try:
        articles_dir.mkdir(parents=True, exist_ok=True)
        for target, content in contents:
            where = target
            if target in replaced:
                if os.path.lexists(target):
                    keep_original(target)  # the editor's version, to get back
            elif os.path.lexists(target):
                raise InputError.single(target, None, msg(
                    "this file appeared while the import was running; run the import again"))
            write_atomic(target, content.encode("utf-8"))
            if target not in replaced:
                written.append(target)
        if new_manifest is not None:
            where = manifest.resolve() if manifest.is_symlink() else manifest
            write_atomic(where, new_manifest.encode("utf-8"), mode_of=where)
    except OSError as e:
        for path in written:
            path.unlink(missing_ok=True)
        raise InputError.single(where, None, msg("cannot write the file: {reason}",
                                                 reason=e.strerror or str(e))) from None
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise

    return [
        Imported(source=draft.source, article=target, title=draft.title, lead=draft.lead,
                 author=draft.author, date=draft.date,
                 captions=[c.caption or c.credit or "" for c in draft.captions],
                 paragraphs=len(draft.paragraphs), guesses=draft.guesses)
        for draft, target, _ in planned
    ]


def _read_source(path: Path) -> _Draft:
    kind = KINDS.get(path.suffix.lower())
    if not path.exists() and not path.is_symlink():
        raise InputError.single(path, None, msg("the file does not exist"))
    if path.is_dir():
        raise InputError.single(path, None, msg("this is a folder, not a file"))
    if kind is None:
        raise InputError.single(path, None, _unknown_type(path))
    data = read_bytes(path, MAX_DOCX_BYTES if kind == "docx" else MAX_TEXT_BYTES)
    if not data.strip():
        raise InputError.single(path, None, msg("the file is empty: no text to import"))
    if kind == "text":
        return _read_txt(path, data)
    if kind == "html":
        return _read_html(path, data)
    return _read_docx(path, data)


def _unknown_type(path: Path) -> Message:
    suffix = path.suffix.lower()
    if suffix == ".doc":
        return msg("an old Word .doc file: open it in Word or LibreOffice and save it as "
                   ".docx, then import the .docx")
    if suffix == ".md":
        return msg("already an article file (.md): copy it into articles/ and list it in "
                   "the manifest")
    if path.suffix:
        return msg("unknown file type ('{suffix}'); the importer reads portal text (.txt), "
                   "saved web pages (.html, .htm) and Word files (.docx)", suffix=path.suffix)
    return msg("the file name has no extension; the importer reads portal text (.txt), saved "
               "web pages (.html, .htm) and Word files (.docx)")


# ===================================================================== shared model


@dataclass
class _Para:
    """One paragraph of a source, with what its source says about it."""

    text: str
    where: str | Message = ""  # "line 5", "paragraph 3", "<h1>" — for the notes
    bold: bool = False  # all of its text in bold
    italic: bool = False
    align: str | None = None  # "right" or "center"
    picture: bool = False  # a picture stands next to it
    role: str | None = None  # set by the source's structure: title, lead, caption, author,
    # picture (text = its alternative text)
    note: Message | None = None  # why the role was given
    lines: int = 1  # source lines it was wrapped over (text files)
    short_lines: bool = False  # every one of those lines short (text files)


@dataclass
class _Caption:
    caption: str | None
    credit: str | None


@dataclass
class _Draft:
    source: Path
    title: str
    lead: str | None
    author: str | None
    date: dt.date | None
    captions: list[_Caption]
    paragraphs: list[str]
    guesses: list[Message]


def _norm(value: str) -> str:
    """clean() (NFC, invisible characters) and collapsed white space."""
    return textmod.collapse_spaces(textmod.clean(value))


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit - 1].rstrip() + "…"


def _dmy(date: dt.date) -> str:
    return f"{date:%d/%m/%Y}"


# How the notes name a piece of a source: a line of a text file, a paragraph of the others.
_UNITS = {"line": msg("line"), "paragraph": msg("paragraph")}


def _portal_text_dropped(unit: str, dropped: list[str]) -> Message:
    shown: str | Message = ", ".join(f"'{_short(d, 40)}'" for d in dropped[:4])
    if len(dropped) > 4:
        shown = msg("{shown} and {n} more", shown=shown, n=len(dropped) - 4)
    if unit == "line":
        return msg_n("{n} line of portal text was dropped: {shown}",
                     "{n} lines of portal text were dropped: {shown}", "n",
                     n=len(dropped), shown=shown)
    return msg_n("{n} paragraph of portal text was dropped: {shown}",
                 "{n} paragraphs of portal text were dropped: {shown}", "n",
                 n=len(dropped), shown=shown)


def _listing(items: list[Message]) -> Message:
    """'a, b, c', each item rendered in the language of the message it goes into."""
    listed = items[0]
    for item in items[1:]:
        listed = msg("{items}, {item}", items=listed, item=item)
    return listed


def _no_article_text(dropped: bool) -> Message:
    if dropped:
        return msg("no article text found in the file (only the portal's menus, toolbars "
                   "and dates)")
    return msg("no article text found in the file")


# ===================================================================== line heuristics

# Portal toolbars: lines made only of these words (any order, with separators) are dropped.
_TOOLBAR_PHRASES = [
    "publishingportal", "tăng cỡ chữ", "giảm cỡ chữ", "cỡ chữ mặc định", "cỡ chữ", "mặc định",
    "phóng to", "thu nhỏ", "in bài viết", "in bài", "in trang", "xem bản in", "bản in",
    "in", "gửi email", "gửi e-mail", "gửi mail", "gửi bài viết", "gửi cho bạn bè",
    "gửi bài", "email", "e-mail", "chia sẻ bài viết", "chia sẻ qua", "chia sẻ lên",
    "chia sẻ", "facebook", "twitter", "zalo", "linkedin", "tweet", "like", "share",
    "print", "lưu bài viết", "lưu tin", "lưu", "quay lại", "trở lại", "trở về",
    "về đầu trang", "lên đầu trang", "đầu trang", "về trang trước", "nghe đọc bài",
    "nghe bài viết", "nghe đọc", "đọc bài", "sao chép liên kết", "copy link", "sao chép",
    "gửi bình luận", "bình luận", "ý kiến bạn đọc", "font size", "font", "size", "a", "aa",
    "tải về", "tải xuống", "đánh giá bài viết", "đánh giá", "bình chọn", "rss", "top",
    "back", "đóng", "toolbar", "zoom",
]
_TOOLBAR = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in sorted(_TOOLBAR_PHRASES, key=len, reverse=True))
    + r")(?!\w)")
_SEPARATORS = re.compile(r"[\s|/\\•·:,;()\[\]<>«»›‹+\-–—=*#_.!?0-9]+")
# Template names a SharePoint-style portal leaves in copied text.
_PORTAL_TOKEN = re.compile(r"PublishingPortal|\bBlock_\w+|\w+_Toolbar\b|\bWebPart\w*|\bctl\d\d")
_VIEWS = re.compile(r"(?:số\s+)?(?:lượt\s+(?:xem|đọc|truy\s*cập|thích|chia\s*sẻ)|đã\s+xem|"
                    r"lượt|views?|hits?)\s*:?\s*[\d.,]+(?:\s*lượt(?:\s+xem)?)?")
_BREADCRUMB_SEP = re.compile(r"\s+[>»›]\s+")
# A line after which a portal lists other articles: everything from it on goes.
_TAIL = re.compile(r"(?:các\s+)?(?:tin|bài(?:\s+viết)?)\s+(?:liên\s+quan|khác|cùng\s+chuyên\s+mục|"
                   r"đã\s+đưa|mới(?:\s+nhất)?|đọc\s+nhiều(?:\s+nhất)?|xem\s+nhiều(?:\s+nhất)?)"
                   r"|xem\s+thêm|ý\s+kiến\s+bạn\s+đọc|gửi\s+ý\s+kiến(?:\s+của\s+bạn)?")

# Dates: 18/01/2024, 18-01-2024, 18.01.2024, 2024-01-18, "ngày 18 tháng 01 năm 2024".
_DATE_FORMS = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|(?<!\d)(?P<y2>(?:19|20)\d\d)-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?!\d)"
    r"|ngày\s+(?P<d3>\d{1,2})\s+tháng\s+(?P<m3>\d{1,2})\s+năm\s+(?P<y3>(?:19|20)\d\d)",
    re.IGNORECASE)
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?(?!\d)"
                   r"|t\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"(?<!\w)(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn|t[2-7]|ngày|đăng|"
    r"cập\s*nhật|lúc|xuất\s*bản|ban\s*hành|giờ|gmt|utc|ict|updated?|posted|published|on|at|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?!\w)", re.IGNORECASE)


def _find_date(value: str) -> dt.date | None:
    for match in _DATE_FORMS.finditer(value):
        parts = [match.group(k) for k in ("y", "m", "d")]
        if parts[0] is None:
            parts = [match.group(k) for k in ("y2", "m2", "d2")]
        if parts[0] is None:
            parts = [match.group(k) for k in ("y3", "m3", "d3")]
        try:
            return dt.date(*(int(p) for p in parts))
        except ValueError:
            continue
    return None


def _date_line(line: str) -> dt.date | None:
    """The date when `line` holds nothing but a date (with weekday, time, labels)."""
    if len(line) > 80:
        return None
    date = _find_date(line)
    if date is None:
        return None
    rest = _DATE_FORMS.sub(" ", line)
    rest = _TIME.sub(" ", rest)
    rest = _DATE_WORDS.sub(" ", rest)
    rest = _SEPARATORS.sub("", rest)
    return date if not rest else None


def _is_breadcrumb(line: str) -> bool:
    folded = line.casefold()
    if folded.startswith("trang chủ") and len(line) <= 150:
        return True
    parts = _BREADCRUMB_SEP.split(line)
    return (len(parts) >= 3 and len(line) <= 120
            and all(1 <= len(p.split()) <= 6 and p[:1].isupper() and not re.search(r"[.!?]$", p)
                    for p in parts))


def _classify(line: str) -> tuple[str | None, dt.date | None]:
    """("boilerplate", None), ("date", date), ("tail", None) or (None, None) for a line."""
    if not line or len(line) > 160:
        return None, None
    if _PORTAL_TOKEN.search(line) and len(line) <= 120:
        return "boilerplate", None
    folded = line.casefold().strip()
    if _TAIL.fullmatch(folded.rstrip(" :.")):
        return "tail", None
    if _is_breadcrumb(line):
        return "boilerplate", None
    # "Thứ năm, 18/01/2024 | Lượt xem: 123 | In bài viết": every part must be portal text.
    date = None
    matched = False
    for part in re.split(r"\s*[|•·]\s*|\s+-\s+(?=\D)", line):
        folded_part = part.casefold().strip()
        stripped = _TOOLBAR.sub(" ", _VIEWS.sub(" ", folded_part))
        matched = matched or stripped != folded_part
        if _find_date(stripped):
            found = _date_line(stripped)
            if found is None:
                return None, None
            date = date or found
        elif _SEPARATORS.sub("", stripped):
            return None, None  # words of an article
    if date:
        return "date", date
    return ("boilerplate", None) if matched else (None, None)


# Photo credits: "Ảnh: Hương Dịu", "Ảnh minh họa", "Ảnh TL", "Nguồn ảnh: …".
_CREDIT = (r"(?:Ảnh|ẢNH|Nguồn\s+ảnh)\s*:\s*[^()\[\]]*[^\s()\[\].,;:]"
           r"|(?:Ảnh|ẢNH)\s+(?:minh\s+h(?:ọa|oạ)|tư\s+liệu|TL|internet)"
           r"(?:\s*:\s*[^()\[\]]*[^\s()\[\].,;:])?")
_CREDIT_ANY = re.compile(rf"(?:^|[\s(\[.,;–—-])(?:{_CREDIT})")
_CREDIT_ONLY = re.compile(rf"\s*[(\[]?\s*(?:{_CREDIT})\s*[)\]]?\s*\.?\s*")
_CREDIT_END = re.compile(rf"(?:[\s.,;–—-]*[(\[]\s*(?P<a>{_CREDIT})\s*[)\]]"
                         rf"|(?:^|[\s.,;:–—-]+)(?P<b>{_CREDIT}))\s*\.?\s*$")

_SENTENCE_END = re.compile(r"[.!?…:;][\"”’»)\]]*$")
_END_MARK = re.compile(r"/\.\s*$")
_AUTHOR_PREFIX = re.compile(
    r"(?:tác\s+giả|bài\s*(?:và|,|&|-)\s*ảnh|tin\s*(?:và|,|&|-)\s*ảnh|bài|tin|người\s+viết|"
    r"thực\s+hiện|ghi\s+chép|nhóm\s+(?:phóng\s+viên|pv))\s*:\s*(?P<name>.{2,80})",
    re.IGNORECASE)
_AFTER_END_MARK = re.compile(r"(?P<text>.*/\.)\s+(?P<name>[^\s/].{1,59})")


def _starts_new(line: str) -> bool:
    first = line[:1]
    return first.isupper() or first.isdigit() or first in "\"“‘«([-–—•*+"


def _name_like(value: str, strict: bool = True) -> bool:
    """A name alone on its line: short, no sentence punctuation, mostly capitalised."""
    value = value.strip()
    if not value or len(value) > 60 or re.search(r"[.:;,!?]$", value):
        return False
    words = value.split()
    if not 1 <= len(words) <= 8 or not (value[0].isupper() or value[0] in "(\"“"):
        return False
    if not strict:
        return True
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitals / len(words) >= 0.6 and len(words) <= 6


def _split_credit(value: str) -> _Caption:
    match = _CREDIT_END.search(value)
    if match is None:
        return _Caption(value, None)
    credit = (match.group("a") or match.group("b")).strip()
    caption = value[:match.start()].rstrip(" .,;:–—-")
    return _Caption(caption or None, credit)


# ===================================================================== assembling


def _assemble(paras: list[_Para], source: Path, unit: str, notes: list[Message],
              date: dt.date | None = None, lead_rule: str = "first") -> _Draft:
    """Title, lead, author, date, captions and body out of a source's paragraphs.

    `unit` names a paragraph of this kind of source in notes ("line", "paragraph");
    `lead_rule` is "first" (the first paragraph after the title) or "bold" (only when
    all of it is set in bold).
    """
    # Portal text and date lines that reached us as paragraphs.
    said = _UNITS[unit]
    kept: list[_Para] = []
    dropped: list[str] = []
    body_seen = 0
    for p in paras:
        if p.role is None and p.text:
            kind, found = _classify(p.text)
            if kind == "date":
                if date is None:
                    date = found
                    notes.append(msg("the date {date} was read from the {unit} '{text}'",
                                     date=_dmy(found), unit=said, text=_short(p.text)))
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
        notes.append(_portal_text_dropped(unit, dropped))
    if not any(p.text and p.role != "picture" for p in kept):
        raise InputError.single(source, None, _no_article_text(bool(dropped)))

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
                             texts=", ".join(f"'{_short(b, 40)}'" for b in before)))
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
    captions: list[_Caption] = []
    caption_of: dict[int, _Caption] = {}
    body: list[_Para] = []
    for p in rest:
        if p.role == "picture" or (p.role not in (None, "caption")):
            body.append(p)
            continue
        text = p.text
        previous = body[-1] if body else None
        if p.role == "caption":
            caption = _split_credit(text)
            notes.append(p.note or msg("the caption '{text}' was found in {where}",
                                       text=_short(text), where=p.where))
        elif len(text) <= 300 and _CREDIT_ONLY.fullmatch(text):
            credit = text.strip(" ()[].")
            if previous is not None and id(previous) in caption_of \
                    and caption_of[id(previous)].credit is None:
                caption_of[id(previous)].credit = credit
                continue
            if (previous is not None and previous.role is None and len(previous.text) <= 150
                    and not _END_MARK.search(previous.text)):
                caption = _Caption(_split_credit(previous.text).caption, credit)
                notes.append(msg("the {unit} '{text}' followed by '{credit}' was taken as a "
                                 "photo caption", unit=said, text=_short(previous.text),
                                 credit=credit))
                captions.append(caption)
                caption_of[id(previous)] = caption
                previous.role = "caption-done"
                continue
            caption = _Caption(None, credit)
            notes.append(msg("the photo credit '{credit}' alone on its {unit} was taken as a "
                             "photo caption", credit=credit, unit=said))
        elif len(text) <= 300 and _CREDIT_ANY.search(text):
            caption = _split_credit(text)
            notes.append(msg("the {unit} '{text}' was taken as a photo caption (it names the "
                             "photo's author)", unit=said, text=_short(text)))
        elif p.italic and len(text) <= 300 and (p.picture or p.align == "center"):
            caption = _split_credit(text)
            if p.picture:
                notes.append(msg("the short italic {unit} '{text}' beside a picture was taken "
                                 "as a photo caption", unit=said, text=_short(text)))
            else:
                notes.append(msg("the short italic {unit} '{text}' set centred was taken as a "
                                 "photo caption", unit=said, text=_short(text)))
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
    elif candidates and len(candidates) >= 2 and len(candidates[0].text) <= MAX_LEAD:
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

    # --- pictures: their alternative text when no caption stands beside them
    for i, p in enumerate(body):
        if p.role != "picture" or not p.text:
            continue
        beside = [body[j] for j in (i - 1, i + 1) if 0 <= j < len(body)]
        if any(b.role == "caption-done" for b in beside):
            continue
        alt = p.text
        if len(alt.split()) >= 3 and not re.fullmatch(r"[\w\-]+\.(?:jpe?g|png|gif|webp|tiff?|bmp)",
                                                      alt, re.IGNORECASE):
            captions.append(_split_credit(alt))
            notes.append(msg("the caption '{text}' was taken from a picture's alternative "
                             "text", text=_short(alt)))

    paragraphs = [p.text for p in body if p.role is None and p.text]
    return _Draft(source=source, title=title, lead=lead, author=author, date=date,
                  captions=captions, paragraphs=paragraphs, guesses=notes)


def _wrapped_caption(p: _Para) -> bool:
    """A few short lines that end no sentence: how a caption under a portal's photo copies."""
    return (p.role is None and p.lines >= 2 and p.short_lines and len(p.text) <= 250
            and not _SENTENCE_END.search(p.text))


def _take_wrapped_caption(p: _Para, after: str, captions: list[_Caption],
                          notes: list[Message]) -> None:
    captions.append(_split_credit(p.text))
    p.role = "caption-done"
    if after == "lead":
        notes.append(msg("the {n} short lines '{text}' after the lead were taken as a photo "
                         "caption", n=p.lines, text=_short(p.text)))
    else:
        notes.append(msg("the {n} short lines '{text}' after the title were taken as a photo "
                         "caption", n=p.lines, text=_short(p.text)))


def _author_at_end(rest: list[_Para], unit: str,
                   notes: list[Message]) -> tuple[str | None, list[_Para]]:
    index = next((i for i in range(len(rest) - 1, -1, -1)
                  if rest[i].role in (None, "caption") and rest[i].text), None)
    if index is None or rest[index].role is not None:
        return None, rest
    last = rest[index]
    previous = next((p for p in reversed(rest[:index]) if p.role is None), None)
    text = last.text

    prefixed = _AUTHOR_PREFIX.fullmatch(text)
    if prefixed and len(prefixed.group("name")) <= MAX_AUTHOR:
        name = prefixed.group("name").strip()
        notes.append(msg("the author '{author}' was taken from the last {unit} '{text}'",
                         author=name, unit=_UNITS[unit], text=_short(text)))
        return name, rest[:index] + rest[index + 1:]

    glued = _AFTER_END_MARK.fullmatch(text)
    if glued and _name_like(glued.group("name")):
        name = glued.group("name").strip()
        last.text = glued.group("text")
        notes.append(msg("the author '{author}' was taken from the end of the last {unit}, "
                         "after '/.'", author=name, unit=_UNITS[unit]))
        return name, rest

    if previous is None:
        return None, rest
    after_mark = bool(_END_MARK.search(previous.text))
    styled = last.align == "right" or last.bold
    if _name_like(text, strict=not (after_mark or styled)):
        name = text
        if name.startswith("(") and name.endswith(")"):
            name = name[1:-1].strip()
        why = msg("after the closing '/.'") if after_mark else (
            msg("set right-aligned") if last.align == "right" else
            msg("set in bold") if last.bold else msg("a short name alone"))
        notes.append(msg("the author '{author}' was taken from the last {unit} ({why})",
                         author=name, unit=_UNITS[unit], why=why))
        return name, rest[:index] + rest[index + 1:]
    return None, rest


def _title_from_name(source: Path) -> str:
    words = re.sub(r"[-_.]+", " ", source.stem).split()
    title = " ".join(words) or "Bài viết"
    return title[:1].upper() + title[1:]


# ===================================================================== plain text


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
    return _repair_mojibake(decoded.text, notes, "text")


def _repair_mojibake(text: str, notes: list[Message], what: str) -> str:
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


def _read_txt(path: Path, data: bytes) -> _Draft:
    notes: list[Message] = []
    raw = textmod.clean(_decode_text(path, data, notes))

    # Lines: portal text and date lines go; they also separate what stood around them.
    date = None
    lines: list[_Line | None] = []
    dropped: list[str] = []
    content = 0
    for n, line in enumerate(raw.split("\n"), start=1):
        line = textmod.collapse_spaces(line)
        kind, found = _classify(line) if line else (None, None)
        if kind == "date":
            if date is None:
                date = found
                notes.append(msg("the date {date} was read from line {line} '{text}'",
                                 date=_dmy(found), line=n, text=_short(line)))
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
        notes.append(_portal_text_dropped("line", dropped))

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
        raise InputError.single(path, None, _no_article_text(bool(dropped)))

    # The title: the first line, with what continues it (a line starting in lower case).
    first = blocks[0]
    title_lines = [first[0]]
    while (len(title_lines) < len(first) and not _SENTENCE_END.search(title_lines[-1][1])
           and first[len(title_lines)][1][:1].islower()
           and sum(len(t) for _, t in title_lines) + len(first[len(title_lines)][1]) <= MAX_TITLE):
        title_lines.append(first[len(title_lines)])
    remainder = first[len(title_lines):]
    blocks = [title_lines] + ([remainder] if remainder else []) + blocks[1:]

    last_line = blocks[-1][-1]
    paras: list[_Para] = []
    for b, block in enumerate(blocks):
        groups = [block] if b == 0 else _split_block(block, last_line)
        for group in groups:
            text = " ".join(t for _, t in group)
            where = lines_phrase([group[0][0]]) if len(group) == 1 else \
                msg("lines {first}-{last}", first=group[0][0], last=group[-1][0])
            paras.append(_Para(text, where=where, lines=len(group),
                               short_lines=all(len(t) <= 90 for _, t in group)))
    paras[0].role = "title"
    paras[0].note = msg("the title was taken from {where}, the first line that is not a "
                        "date or portal text", where=paras[0].where)
    return _assemble(paras, path, "line", notes, date=date)


def _split_block(block: list[_Line], last_line: _Line) -> list[list[_Line]]:
    """Lines with no blank line between them: one wrapped paragraph, or several."""
    width = max(len(t) for _, t in block)
    groups = [[block[0]]]
    for (_, prev), line in zip(block, block[1:]):
        cur = line[1]
        if _END_MARK.search(prev):
            boundary = True  # "…/." closes an article
        elif line is last_line and _name_like(cur) and _SENTENCE_END.search(prev):
            boundary = True  # the author's name under the last paragraph
        elif width > 100:
            # Copied from a browser: one line is one paragraph, unless it plainly goes on.
            boundary = not (not _SENTENCE_END.search(prev) and (cur[:1].islower()
                                                                 or cur[:1] == "("))
        else:
            # Short lines: wrapped text; a paragraph ends on a short line closing a sentence.
            boundary = (bool(_SENTENCE_END.search(prev)) and _starts_new(cur)
                        and len(prev) < 0.75 * width)
        if boundary:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


# ===================================================================== HTML

_BR = "\ue000"  # stands for <br> while the text is gathered
_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "button", "input", "select", "textarea", "link", "meta", "map", "audio",
              "video", "source"}
_CHROME_TAGS = {"nav", "footer", "aside", "menu"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "menu", "menubar", "toolbar",
                 "complementary", "search"}
_CHROME_TOKENS = {
    "nav", "navbar", "navigation", "menu", "mainmenu", "topmenu", "submenu", "breadcrumb",
    "breadcrumbs", "share", "sharing", "social", "toolbar", "tools", "print", "fontsize",
    "comment", "comments", "related", "sidebar", "banner", "ads", "advert", "advertisement",
    "quangcao", "footer", "pagination", "pager", "tags", "rating", "login", "search",
    "lienquan", "tinlienquan", "tinkhac", "othernews", "relatednews", "cungchuyenmuc",
    "addthis", "socials", "widget",
}
_CHROME_SUBSTRINGS = ("breadcrumb", "toolbar", "sharebutton", "socialshare", "tinlienquan",
                      "relatednews", "fontsize", "addthis", "tinkhac")
_TITLE_CLASS = re.compile(r"(?<!sub)(?<!sub[-_])(?:title|tieude|tieu-de|tieu_de|headline)")
_LEAD_CLASS = re.compile(r"sapo|tomtat|tom-tat|tom_tat|chapeau|summary|abstract|trichdan|"
                         r"(?<![a-z])(?:lead|intro|excerpt|description)(?![a-z])")
_CAPTION_CLASS = re.compile(r"caption|chuthich|chu-thich|chu_thich|(?:image|img|photo|pic)"
                            r"[-_]?desc")
_AUTHOR_CLASS = re.compile(r"author|tacgia|tac-gia|tac_gia|byline|writer|nguoiviet")
_DATE_CLASS = re.compile(r"date|time|ngay|publish|created|posted")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
               "li", "ul", "ol", "blockquote", "table", "tbody", "thead", "tfoot", "tr", "td",
               "th", "figure", "figcaption", "center", "dl", "dt", "dd", "pre", "header",
               "footer", "form", "address", "hr", "body", "html"}
_TEXT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "address"}


def _decode_html(path: Path, data: bytes, notes: list[Message]) -> str:
    decoded = decoding.decode(data)
    if decoded.bom:  # a byte order mark says what the page is, whatever it declares
        if decoded.text is not None:
            return decoded.text
        notes.append(msg("some bytes of the page are not valid in its encoding; they show "
                         "as '\ufffd'"))
        return data.decode("utf-8-sig" if decoded.bom == codecs.BOM_UTF8 else "utf-16",
                           "replace")
    declared = label = None
    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", data[:8192],
                      re.IGNORECASE)
    if match:
        label = match.group(1).decode("ascii", "replace")
        try:
            declared = codecs.lookup(label).name
        except LookupError:
            notes.append(msg("the page names an unknown encoding '{label}'; read as UTF-8",
                             label=label))
        if declared in ("iso8859-1", "ascii", "latin-1"):
            declared = "cp1252"  # what browsers do with these labels
        if declared and declared.startswith("utf-16"):
            declared = "utf-8"  # a saved page claiming UTF-16 without a BOM is UTF-8
    text = None
    for encoding in ([declared] if declared else []) + ["utf-8"]:
        try:
            text = data.decode(encoding)
            if declared and encoding != declared:
                notes.append(msg("the page names the encoding {label} but is UTF-8; read as "
                                 "UTF-8", label=label))
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        text = data.decode(declared or "utf-8", "replace")
        notes.append(msg("some bytes of the page are not valid in its encoding "
                         "({encoding}); they show as '\ufffd'", encoding=declared or "utf-8"))
    if declared in (None, "cp1252", "utf-8"):
        text = _repair_mojibake(text, notes, "page")
    return text


def _classes(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def _is_chrome(el) -> bool:
    tag = el.tag
    if tag in _CHROME_TAGS:
        return True
    if (el.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = _classes(el)
    if not names.strip():
        return False
    tokens = set(re.split(r"[^a-z0-9]+", names))
    return bool(tokens & _CHROME_TOKENS) or any(s in names for s in _CHROME_SUBSTRINGS)


def _el_text(el) -> str:
    """The text of an element, <br> as a space."""
    return _norm(el.text_content().replace(_BR, " "))


def _gather(el) -> str:
    """The text of an element without the parts already taken (title, lead, author); what
    stood before the title inside it goes too."""
    parts: list[str] = []

    def visit(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                mark = child.get("data-bantin-skip")
                if mark == "title":
                    parts.clear()
                elif not mark:
                    visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return "".join(parts)


def _el_chunks(el) -> list[str]:
    """The text of an element, split where two <br> in a row stand."""
    value = textmod.clean(_gather(el))
    chunks = re.split(rf"{_BR}\s*{_BR}[\s{_BR}]*", value)
    return [c for c in (textmod.collapse_spaces(c.replace(_BR, " ")) for c in chunks) if c]


def _styled_share(el, tags: tuple[str, ...], css: re.Pattern) -> float:
    """How much of the element's text is inside `tags` (or styled by `css`)."""
    if css.search(el.get("style") or ""):
        return 1.0
    total = len(_el_text(el))
    if not total:
        return 0.0
    inside = 0

    def visit(node) -> None:
        nonlocal inside
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag in tags or css.search(child.get("style") or ""):
                inside += len(_el_text(child))
            else:
                visit(child)

    visit(el)
    return inside / total


def _is_inside(node, container) -> bool:
    return any(a is container for a in node.iterancestors())


_BOLD_CSS = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_ITALIC_CSS = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)


def _align(el) -> str | None:
    for node in [el] + [c for c in el if isinstance(c.tag, str)][:1]:
        value = (node.get("align") or "").lower()
        match = re.search(r"text-align\s*:\s*(right|center)", node.get("style") or "", re.I)
        if match:
            value = match.group(1).lower()
        tokens = set(re.split(r"[^a-z0-9]+", _classes(node)))
        if tokens & {"right", "text-right", "pull-right", "align-right", "tar"}:
            value = "right"
        if value in ("right", "center"):
            return value
    return None


def _read_html(path: Path, data: bytes) -> _Draft:
    import lxml.html
    from lxml import etree

    notes: list[Message] = []
    text = _decode_html(path, data, notes)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise InputError.single(path, None, msg("cannot read the web page: {error}",
                                                error=str(e))) from None
    etree.strip_elements(doc, etree.Comment, etree.ProcessingInstruction, with_tail=False)

    # What the head says, before it goes.
    metas = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content"):
            metas.setdefault(key, _norm(meta.get("content")))
    head_title = next((_el_text(t) for t in doc.iter("title")), "")
    date, date_note = None, None
    for key in ("article:published_time", "datepublished", "pubdate", "publishdate",
                "dc.date.issued", "dc.date", "date", "og:updated_time"):
        if key in metas and _find_date(metas[key]):
            date = _find_date(metas[key])
            date_note = msg("the date {date} was read from the page's '{key}' metadata",
                            date=_dmy(date), key=key)
            break

    for br in doc.iter("br"):
        br.tail = _BR + (br.tail or "")
    for el in list(doc.iter(*_DROP_TAGS)):
        el.drop_tree()
    for head in list(doc.iter("head")):
        head.drop_tree()

    # The page's chrome: menus, share buttons, related links… but never most of the text.
    def paragraph_text(node) -> int:
        return sum(len(_el_text(p)) for p in node.iter("p"))

    total = paragraph_text(doc) or 1
    chrome = [el for el in doc.iter() if isinstance(el.tag, str) and el is not doc
              and (_is_chrome(el) or (el.tag == "header" and not list(el.iter("h1"))))]
    removed_chrome = 0
    for el in chrome:
        if el.getparent() is None or paragraph_text(el) > total / 2 or not _standalone(el):
            continue
        if el.tag not in ("header",) and _date_from_element(el) and date is None:
            date = _date_from_element(el)
            date_note = msg("the date {date} was read from the page's '{text}'",
                            date=_dmy(date), text=_short(_el_text(el), 40))
        el.drop_tree()
        removed_chrome += 1

    # Dates in <time> and date-named elements, then small elements of portal text.
    for el in list(doc.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or not _standalone(el):
            continue
        names = _classes(el)
        is_date_el = el.tag == "time" or (_DATE_CLASS.search(names) and len(_el_text(el)) <= 80)
        if is_date_el:
            found = _find_date(el.get("datetime") or "") or _find_date(_el_text(el))
            if found:
                if date is None:
                    date = found
                    date_note = msg("the date {date} was read from the page's <{tag}> "
                                    "'{text}'", date=_dmy(found), tag=el.tag,
                                    text=_short(_el_text(el) or el.get("datetime"), 40))
                el.drop_tree()
                continue
        value = _el_text(el)
        if value and len(value) <= 120 and el.tag not in ("h1", "body", "html"):
            kind, found = _classify(value)
            if kind in ("boilerplate", "date"):
                if kind == "date" and date is None:
                    date = found
                    date_note = msg("the date {date} was read from the page's '{text}'",
                                    date=_dmy(found), text=_short(value, 40))
                el.drop_tree()
                removed_chrome += 1
    if removed_chrome:
        notes.append(msg_n("{n} part of the page's menus, toolbars and links was dropped",
                           "{n} parts of the page's menus, toolbars and links were dropped",
                           "n", n=removed_chrome))

    order = {el: i for i, el in enumerate(doc.iter())}

    # The main content: the element whose paragraphs hold most of the text.
    scores: dict = {}
    for p in doc.iter("p", "div", "td"):
        if p.tag != "p" and any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in p):
            continue
        length = len(_el_text(p))
        if length < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + length / 2
    body_el = doc.find("body") if doc.find("body") is not None else doc
    container = max(scores, key=lambda el: (scores[el], -order.get(el, 0))) if scores else body_el
    first_text = next((order[p] for p in container.iter("p") if _el_text(p)),
                      order.get(container, 0))

    # The title: the h1 or title-named element nearest before the text.
    title_el = None
    candidates = [el for el in doc.iter() if isinstance(el.tag, str) and el in order
                  and (el.tag == "h1" or (el.tag not in ("body", "html", "title")
                                          and _TITLE_CLASS.search(_classes(el))))
                  and 5 <= len(_el_text(el)) <= MAX_TITLE]
    before = [el for el in candidates if order[el] <= first_text]
    pool = before or candidates
    if pool:
        h1s = [el for el in pool if el.tag == "h1"]
        best = max(pool, key=lambda el: order[el])
        # A title-named wrapper around the h1, or an h1 inside it: one and the same.
        if h1s and (best.tag != "h1" and (best in [a for h in h1s for a in h.iterancestors()]
                                          or list(best.iter("h1")))):
            best = max(h1s, key=lambda el: order[el])
        title_el = best
    paras: list[_Para] = []
    if title_el is not None:
        title = _el_text(title_el)
        named = _short(title_el.get("class") or title_el.get("id") or "", 30)
        if title_el.tag == "h1":
            where = f"<{title_el.tag}>"
            note = msg("the title was taken from the page's <{tag}>", tag=title_el.tag)
        else:
            where = f"<{title_el.tag} class=\"{named}\">"
            note = msg("the title was taken from the <{tag} class=\"{name}\">",
                       tag=title_el.tag, name=named)
        paras.append(_Para(title, where=where, role="title", note=note))
        title_el.set("data-bantin-skip", "title")
    else:
        title = metas.get("og:title") or head_title
        if title:
            title = re.split(r"\s+[|–—-]\s+", title)[0] if len(title) > 20 else title
            paras.append(_Para(title, where="<title>", role="title",
                               note=msg("the title '{title}' was taken from the page's <title> "
                                        "(no <h1> found)", title=title)))

    # The lead and the author, by their class names.
    title_order = order.get(title_el, -1) if title_el is not None else -1
    lead_el = None
    for el in doc.iter():
        if (isinstance(el.tag, str) and el.tag not in ("body", "html")
                and order.get(el, -1) > title_order
                and _LEAD_CLASS.search(_classes(el)) and 20 <= len(_el_text(el)) <= MAX_LEAD
                and not (title_el is not None and (_is_inside(title_el, el) or el is title_el))
                and not _is_inside(container, el) and el is not container):
            lead_el = el
            break
    if lead_el is not None:
        named = _short(lead_el.get("class") or lead_el.get("id"), 30)
        paras.append(_Para(_el_text(lead_el), role="lead",
                           where=f"<{lead_el.tag} class=\"{named}\">",
                           note=msg("the lead was taken from the element of class '{name}'",
                                    name=named)))
        lead_el.set("data-bantin-skip", "1")
    author_para = None
    for el in doc.iter():
        if (not isinstance(el.tag, str) or el.tag in ("body", "html") or el is container
                or order.get(el, -1) < title_order
                or not _AUTHOR_CLASS.search(_classes(el)) or _is_inside(container, el)
                or not 2 <= len(_el_text(el)) <= 100):
            continue
        name = _el_text(el)
        prefixed = _AUTHOR_PREFIX.fullmatch(name)
        name = prefixed.group("name").strip() if prefixed else name
        if _name_like(name, strict=False) or prefixed:
            named = _short(el.get("class") or el.get("id"), 30)
            author_para = _Para(name, role="author", where=f"<{el.tag} class=\"{named}\">",
                                note=msg("the author '{author}' was taken from the element of "
                                         "class '{name}'", author=name, name=named))
            el.set("data-bantin-skip", "1")
            break

    # The body, in document order.
    title_at = order.get(title_el) if title_el is not None and _is_inside(title_el, container) \
        else None
    walked = list(_walk_node(container, order, title_at, top=True))
    paras.extend(walked)
    if author_para is not None:
        paras.append(author_para)
    if not any(p.text for p in paras):
        raise InputError.single(path, None, msg("no article text found in the page"))
    draft = _assemble(paras, path, "paragraph", notes, date=date, lead_rule="bold")
    if date_note and draft.date == date:
        notes.insert(0, date_note)
    return draft


def _standalone(el) -> bool:
    """A block of its own, or an inline element with no other text beside it: what can be
    dropped without cutting words out of a sentence."""
    if el.tag in _BLOCK_TAGS or el.tag in _CHROME_TAGS:
        return True
    parent = el.getparent()
    if parent is None:
        return True
    loose = [parent.text or ""] + [child.tail or "" for child in parent]
    if any(part.strip(_BR + " \t\r\n\xa0") for part in loose):
        return False  # text of the sentence around it
    return not any(isinstance(sibling.tag, str) and sibling.tag not in _BLOCK_TAGS
                   and sibling is not el and _el_text(sibling) for sibling in parent)


def _date_from_element(el) -> dt.date | None:
    if el.tag == "time" or _DATE_CLASS.search(_classes(el)):
        return _find_date(el.get("datetime") or "") or _find_date(_el_text(el)[:80])
    return None


def _walk_node(el, order: dict, title_at: int | None, top: bool = False):
    """Paragraphs of the main content in document order; pictures as role "picture" with
    their alternative text."""
    if not isinstance(el.tag, str) or el.get("data-bantin-skip"):
        return
    if title_at is not None and order.get(el, 1 << 30) < title_at and not _contains_index(
            el, order, title_at):
        return  # before the title: a category label, a date…
    tag = el.tag
    if tag == "img":
        alt = _norm(el.get("alt") or el.get("title") or "")
        yield _Para(alt, role="picture", where="<img>")
        return
    if tag == "figcaption" or (not top and _CAPTION_CLASS.search(_classes(el))):
        value = _el_text(el)
        if value:
            if tag == "figcaption":
                note = msg("the caption '{text}' was taken from the page's <{tag}>",
                           text=_short(value), tag=tag)
            else:
                note = msg("the caption '{text}' was taken from the page's <{tag}> of class "
                           "'{name}'", text=_short(value), tag=tag,
                           name=_short(_classes(el).strip(), 30))
            yield _Para(value, role="caption", where=f"<{tag}>", note=note)
        return
    if not top and not _has_blocks(el):
        for img in el.iter("img"):
            yield from _walk_node(img, order, None)
        bold = _styled_share(el, ("strong", "b"), _BOLD_CSS) >= 0.9
        italic = _styled_share(el, ("em", "i"), _ITALIC_CSS) >= 0.9
        align = _align(el)
        for chunk in _el_chunks(el):
            yield _Para(chunk, where=f"<{tag}> '{_short(chunk, 30)}'", bold=bold, italic=italic,
                        align=align)
        return
    # Mixed content: runs of text and inline elements between block elements.
    buffer = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            buffer.append(child.tail or "")
            continue
        if child.get("data-bantin-skip") == "title":
            buffer = [child.tail or ""]  # what stood before the title: a label, a date…
            continue
        if child.tag == "img" or child.get("data-bantin-skip") or _has_blocks(child) \
                or child.tag in _BLOCK_TAGS or _CAPTION_CLASS.search(_classes(child)):
            if title_at is not None and order.get(child, 0) < title_at \
                    and not _contains_index(child, order, title_at):
                buffer = [child.tail or ""]
                continue
            yield from _flush(buffer)
            yield from _walk_node(child, order, title_at)
            buffer = [child.tail or ""]
        else:
            for img in child.iter("img"):
                yield from _walk_node(img, order, None)
            buffer += [_gather(child), child.tail or ""]
    yield from _flush(buffer)


def _has_blocks(el) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iter() if c is not el)


def _flush(buffer: list[str]):
    value = textmod.clean("".join(buffer))
    for chunk in re.split(rf"{_BR}\s*{_BR}", value):
        chunk = textmod.collapse_spaces(chunk.replace(_BR, " "))
        if chunk:
            yield _Para(chunk, where=f"'{_short(chunk, 30)}'")


def _contains_index(el, order: dict, index: int) -> bool:
    return any(order.get(d) == index for d in el.iter())


# ===================================================================== Word


def _read_docx(path: Path, data: bytes) -> _Draft:
    import io
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    notes: list[Message] = []
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile) as e:
        raise InputError.single(path, None, msg("cannot be read as a Word .docx file ({error})",
                                                error=str(e))) from None
    except Exception as e:  # a damaged package fails in many ways inside python-docx and lxml
        raise InputError.single(path, None, msg(
            "cannot be read as a Word .docx file ({kind}: {error})", kind=type(e).__name__,
            error=str(e))) from None

    fonts = _DocxFonts(document)
    paras: list[_Para] = []
    converted: dict[str, int] = {}
    for n, paragraph in enumerate(_docx_paragraphs(document), start=1):
        pictures = _docx_pictures(paragraph)
        for alt in pictures:
            paras.append(_Para(alt, role="picture", where=msg("paragraph {n}", n=n)))
        value, bold, italic, used = _docx_text(paragraph, fonts)
        for font, count in used.items():
            converted[font] = converted.get(font, 0) + count
        if not value:
            continue
        style = _docx_style_name(paragraph)
        folded = style.casefold()
        align = _docx_align(paragraph)
        para = _Para(value, where=msg("paragraph {n}", n=n), bold=bold, italic=italic,
                     align=align,
                     picture=bool(pictures))
        # A title style makes the title unless real text came before it (then it is a
        # subheading); a date line or a label above it may stand there.
        before = [p.text for p in paras if p.text and p.role != "picture"]
        if (folded.startswith(("title", "heading 1", "tiêu đề"))
                and len(before) <= 2 and all(len(b) <= 80 for b in before)
                and not any(p.role == "title" for p in paras)):
            para.role = "title"
            para.note = msg("the title was taken from paragraph {n}, in the style '{style}'",
                            n=n, style=style)
        elif folded.startswith("caption") and len(value) <= 300:
            para.role = "caption"
            para.note = msg("the caption '{text}' was taken from paragraph {n}, in the style "
                            "'{style}'", text=_short(value), n=n, style=style)
        paras.append(para)
    if converted:
        fonts_used = [msg_n("{font} ({n} place)", "{font} ({n} places)", "n", font=font,
                            n=count) for font, count in sorted(converted.items())]
        notes.append(msg("text in old Vietnamese fonts was converted to Unicode: {fonts}",
                         fonts=_listing(fonts_used)))
    if not any(p.text for p in paras):
        raise InputError.single(path, None, msg("no text found in the Word file"))
    return _assemble(paras, path, "paragraph", notes)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_V = "{urn:schemas-microsoft-com:vml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _docx_paragraphs(document):
    from docx.text.paragraph import Paragraph

    def walk(element, parent):
        for child in element.iterchildren():
            if child.tag == f"{_W}p":
                yield Paragraph(child, parent)
            elif child.tag == f"{_W}tbl":
                for row in child.iterchildren(f"{_W}tr"):
                    for cell in row.iterchildren(f"{_W}tc"):
                        yield from walk(cell, parent)
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml",
                               f"{_W}ins", f"{_W}smartTag"):
                yield from walk(child, parent)

    yield from walk(document.element.body, document)


def _docx_pictures(paragraph) -> list[str]:
    """The alternative text of every picture in the paragraph ("" when it has none)."""
    alts = []
    for node in paragraph._p.iter(f"{_W}drawing", f"{_W}pict"):
        if any(a.tag == f"{_MC}Fallback" for a in node.iterancestors()):
            continue
        doc_pr = next(node.iter(f"{_WP}docPr"), None)
        if doc_pr is not None:
            alt = doc_pr.get("descr") or doc_pr.get("title") or ""
        else:
            shape = next(node.iter(f"{_V}shape"), None)
            alt = (shape.get("alt") or "") if shape is not None else ""
        alts.append(_norm(alt))
    return alts


def _docx_style_name(paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "") if style is not None else ""


def _docx_align(paragraph) -> str | None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    alignment = paragraph.alignment
    style = None
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        pass
    while alignment is None and style is not None:
        alignment = style.paragraph_format.alignment
        style = style.base_style
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        return "right"
    if alignment == WD_ALIGN_PARAGRAPH.CENTER:
        return "center"
    return None


def _legacy_encoding(font: str | None) -> tuple[str | None, bool]:
    """("tcvn3" | "vni" | None, upper case?) for a font name."""
    if not font:
        return None, False
    name = font.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if name.lower().startswith("vni-") or name.lower().startswith("vni "):
        return "vni", False
    return None, False


class _DocxFonts:
    """The fonts a run is set in: its own, its character style's, its paragraph style's,
    the document's default (each of w:ascii and w:hAnsi inherited on its own)."""

    def __init__(self, document) -> None:
        self.styles: dict[str, object] = {}
        self.default_paragraph = None
        self.defaults: dict[str, str] = {}
        try:
            root = document.styles.element
        except Exception:  # no styles part
            root = None
        if root is not None:
            for style in root.iterchildren(f"{_W}style"):
                style_id = style.get(f"{_W}styleId")
                if style_id:
                    self.styles[style_id] = style
                if (style.get(f"{_W}type") == "paragraph"
                        and style.get(f"{_W}default") in ("1", "true")):
                    self.default_paragraph = style_id
            fonts = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
            if fonts is not None:
                self.defaults = self._attrs(fonts)

    @staticmethod
    def _attrs(fonts) -> dict[str, str]:
        return {key: fonts.get(f"{_W}{key}") for key in ("ascii", "hAnsi")
                if fonts.get(f"{_W}{key}")}

    def _style_fonts(self, style_id: str | None, key: str) -> str | None:
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            fonts = style.find(f"{_W}rPr/{_W}rFonts")
            if fonts is not None and fonts.get(f"{_W}{key}"):
                return fonts.get(f"{_W}{key}")
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None
        return None

    def _style_flag(self, style_id: str | None, tag: str) -> bool | None:
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            flag = style.find(f"{_W}rPr/{_W}{tag}")
            if flag is not None:
                return flag.get(f"{_W}val", "true").lower() not in ("0", "false", "off")
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None
        return None

    def run_font(self, run_el, paragraph_style: str | None) -> dict[str, str]:
        result: dict[str, str] = {}
        rpr = run_el.find(f"{_W}rPr")
        own = rpr.find(f"{_W}rFonts") if rpr is not None else None
        char_style = None
        if rpr is not None and rpr.find(f"{_W}rStyle") is not None:
            char_style = rpr.find(f"{_W}rStyle").get(f"{_W}val")
        for key in ("ascii", "hAnsi"):
            value = own.get(f"{_W}{key}") if own is not None else None
            value = value or self._style_fonts(char_style, key)
            value = value or self._style_fonts(paragraph_style or self.default_paragraph, key)
            value = value or self.defaults.get(key)
            if value:
                result[key] = value
        return result

    def run_flag(self, run_el, paragraph_style: str | None, tag: str) -> bool:
        rpr = run_el.find(f"{_W}rPr")
        if rpr is not None:
            flag = rpr.find(f"{_W}{tag}")
            if flag is not None:
                return flag.get(f"{_W}val", "true").lower() not in ("0", "false", "off")
            if rpr.find(f"{_W}rStyle") is not None:
                found = self._style_flag(rpr.find(f"{_W}rStyle").get(f"{_W}val"), tag)
                if found is not None:
                    return found
        return bool(self._style_flag(paragraph_style or self.default_paragraph, tag))


# Letters no legacy byte reads as: text holding them was typed in Unicode, whatever its font.
_UNICODE_VIETNAMESE = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9]")


def _docx_text(paragraph, fonts: _DocxFonts) -> tuple[str, bool, bool, dict[str, int]]:
    """(text, all bold, all italic, legacy fonts converted) of a paragraph."""
    from docx.text.run import Run

    from bantin_print.text.legacy import convert_text

    ppr = paragraph._p.find(f"{_W}pPr")
    style_el = ppr.find(f"{_W}pStyle") if ppr is not None else None
    paragraph_style = style_el.get(f"{_W}val") if style_el is not None else None

    pieces: list[tuple[str, str | None, bool, str]] = []  # (text, encoding, upper, font)
    bold_all = italic_all = True
    any_text = False
    used: dict[str, int] = {}
    for run_el in paragraph._p.iter(f"{_W}r"):
        if any(a.tag in (f"{_W}del", f"{_W}txbxContent", f"{_MC}Fallback", f"{_W}moveFrom")
               for a in run_el.iterancestors()):
            continue
        value = Run(run_el, paragraph).text
        if not value:
            continue
        font = fonts.run_font(run_el, paragraph_style)
        encoding, upper, name = None, False, ""
        for key in ("hAnsi", "ascii"):
            encoding, upper = _legacy_encoding(font.get(key))
            if encoding:
                name = font[key]
                break
        pieces.append((value, encoding, upper, name))
        if value.strip():
            any_text = True
            bold_all = bold_all and fonts.run_flag(run_el, paragraph_style, "b")
            italic_all = italic_all and fonts.run_flag(run_el, paragraph_style, "i")

    # Consecutive runs in the same encoding convert together (a VNI mark may sit in the next run).
    out: list[str] = []
    i = 0
    while i < len(pieces):
        _, encoding, upper, _ = pieces[i]
        j = i
        while j < len(pieces) and pieces[j][1:3] == (encoding, upper):
            j += 1
        chunk = "".join(piece[0] for piece in pieces[i:j])
        if encoding and not _UNICODE_VIETNAMESE.search(chunk):
            chunk = convert_text(chunk, encoding)
            if upper:
                chunk = chunk.upper()
            for piece in pieces[i:j]:
                used[piece[3]] = used.get(piece[3], 0) + 1
        out.append(chunk)
        i = j
    value = _norm("".join(out))
    return value, any_text and bold_all, any_text and italic_all, used


# ===================================================================== the article file


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


def _reads_back(markdown: str, expected: list[str]) -> bool:
    from bantin_print import model
    from bantin_print.reader.markdown import parse_body

    blocks = parse_body(markdown, Path("import.md"), 1, Problems())
    return (len(blocks) == len(expected)
            and all(isinstance(b, model.Paragraph) and model.plain_text(b.content) == text
                    for b, text in zip(blocks, expected)))


def _markdown_paragraph(paragraph: str) -> str:
    escaped = _escape_start(paragraph)
    if _reads_back(escaped, [paragraph]):
        return escaped
    # Emphasis, links, code or an autolink would change the text: escape inside as well.
    return _escape_start(_INLINE_SPECIAL.sub(r"\\\1", paragraph))


def _article_text(draft: _Draft) -> str:
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
    body = "\n\n".join(_markdown_paragraph(p) for p in draft.paragraphs)
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")


# ===================================================================== the manifest


def _read_manifest(manifest: Path) -> tuple[str, yamltree.YMap]:
    """The manifest's text exactly as stored, and its tree."""
    if not manifest.is_file():
        if manifest.is_dir():
            raise InputError.single(manifest, None, msg(
                "the issue's manifest is a folder; import into a folder made by "
                "'bantin-print new'"))
        raise InputError.single(manifest, None, msg(
            "the issue's manifest does not exist; import into a folder made by "
            "'bantin-print new'"))
    data = read_bytes(manifest)
    text = decode(manifest, data)  # raises InputError for UTF-16 and legacy encodings
    if data.startswith(codecs.BOM_UTF8):
        text = "\ufeff" + text  # kept when the file is written back
    tree = yamltree.parse(textmod.clean(text), manifest)
    if not isinstance(tree, yamltree.YMap):
        raise InputError.single(manifest, 1, msg("not an issue manifest (expected "
                                                 "publication:, issue:, … and sections:)"))
    sections = tree.get("sections")
    if not isinstance(sections, yamltree.YList) or not sections:
        line = tree.key_lines.get("sections", 1)
        raise InputError.single(manifest, line, msg(
            "the manifest has no list of sections ('sections:' with '- title: …' items) to add "
            "articles to"))
    for n, entry in enumerate(sections, start=1):
        if not isinstance(entry, yamltree.YMap):
            raise InputError.single(manifest, entry.line, msg(
                "section {n} under 'sections:' must have 'title:' and 'articles:' lines", n=n))
    return text, tree


def _listed_paths(tree: yamltree.YMap) -> set[str]:
    listed = set()
    for entry in tree["sections"]:
        articles = entry.get("articles")
        if isinstance(articles, yamltree.YList):
            listed.update(item.text.strip().replace("\\", "/").removeprefix("./")
                          for item in articles if isinstance(item, yamltree.Scalar))
    return listed


def _section_title(entry: yamltree.YMap) -> str | None:
    title = entry.get("title")
    return _norm(title.text) if isinstance(title, yamltree.Scalar) and not title.is_null else None


class _Lines:
    """The manifest's lines with their own line ends, edited in place."""

    def __init__(self, text: str) -> None:
        if text.startswith("\ufeff"):
            self.bom, text = "\ufeff", text[1:]
        else:
            self.bom = ""
        parts = re.split(r"(\r\n|\r|\n)", text)
        self.lines = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
                      for i in range(0, len(parts), 2)]
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        ending = re.search(r"\r\n|\r|\n", text)
        self.newline = ending.group() if ending else "\n"

    def content(self, n: int) -> str:
        return self.lines[n - 1].rstrip("\r\n")

    @staticmethod
    def indent(value: str) -> int:
        return len(value) - len(value.lstrip(" "))

    @staticmethod
    def empty(value: str) -> bool:
        return not value.strip() or value.lstrip().startswith("#")

    def dash(self, n: int) -> tuple[int, int]:
        """(line, column) of the '-' that opens the list item whose value starts on line n."""
        start_indent = self.indent(self.content(n))
        for m in range(n, 0, -1):
            value = self.content(m)
            if self.empty(value):
                continue
            stripped = value.lstrip(" ")
            if stripped.startswith("- ") or stripped == "-" or stripped.startswith("-\t"):
                return m, self.indent(value)
            if m < n and self.indent(value) < start_indent:
                break
        raise _ManualEdit(n)

    def block_end(self, n: int, column: int) -> int:
        """The last line with content of the block opened on line n at `column`."""
        last = n
        for m in range(n + 1, len(self.lines) + 1):
            value = self.content(m)
            if self.empty(value):
                continue
            if self.indent(value) <= column:
                break
            last = m
        return last

    def insert_after(self, n: int, new: list[str]) -> None:
        if n >= 1 and not self.lines[n - 1].endswith(("\n", "\r")):
            self.lines[n - 1] += self.newline
        self.lines[n:n] = [line + self.newline for line in new]

    def text(self) -> str:
        return self.bom + "".join(self.lines)


class _ManualEdit(Exception):
    def __init__(self, line: int | None) -> None:
        super().__init__(line)
        self.line = line


def _plain_scalar(value: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 20)
    if dumped.endswith("\n...\n"):
        dumped = dumped[:-5]
    return dumped.rstrip("\n")


def _add_to_manifest(manifest: Path, text: str, tree: yamltree.YMap, paths: list[str],
                     section: str | None) -> str:
    sections = tree["sections"]
    target_index = len(sections) - 1
    if section is not None:
        wanted = _norm(section)
        titles = [_section_title(entry) for entry in sections]
        matches = ([i for i, t in enumerate(titles) if t == wanted]
                   or [i for i, t in enumerate(titles)
                       if t is not None and t.casefold() == wanted.casefold()])
        target_index = matches[0] if matches else None
        if not wanted:
            raise InputError.single(manifest, None, msg("the section's title is empty"))
    lines = _Lines(text)
    try:
        if target_index is not None:
            _add_to_section(lines, tree, sections[target_index], paths)
        else:
            _add_section(lines, tree, _norm(section), paths)
    except _ManualEdit as e:
        raise InputError.single(manifest, e.line, _manual_message(section, paths)) from None
    new_text = lines.text()
    _verify(manifest, tree, new_text, target_index, paths, section)
    return new_text


def _manual_message(section: str | None, paths: list[str]) -> Message:
    if section:
        return msg("the manifest is written in a form the importer does not edit (a list in "
                   "[ ] brackets?); nothing was written. Add {paths} under the section "
                   "'{section}' by hand, or write its lists as '- item' lines",
                   paths=", ".join(paths), section=section)
    return msg("the manifest is written in a form the importer does not edit (a list in [ ] "
               "brackets?); nothing was written. Add {paths} under the last section by hand, "
               "or write its lists as '- item' lines", paths=", ".join(paths))


def _item_offset(lines: _Lines, tree: yamltree.YMap) -> int:
    """How far the file indents an article's '-' past its 'articles:' key (usually 2)."""
    for entry in tree["sections"]:
        articles = entry.get("articles")
        if isinstance(articles, yamltree.YList) and articles \
                and articles[0].line != entry.key_lines["articles"]:
            key_col = lines.indent(lines.content(entry.key_lines["articles"]))
            try:
                _, dash_col = lines.dash(articles[0].line)
            except _ManualEdit:
                continue
            return max(0, dash_col - key_col)
    return 2


def _add_to_section(lines: _Lines, tree: yamltree.YMap, entry: yamltree.YMap,
                    paths: list[str]) -> None:
    articles = entry.get("articles")
    offset = _item_offset(lines, tree)
    if "articles" in entry:
        key_line = entry.key_lines["articles"]
        key_col = lines.indent(lines.content(key_line))
        key_text = lines.content(key_line)
        after_key = key_text.split(":", 1)[1] if ":" in key_text else ""
        if isinstance(articles, yamltree.YList) and articles:
            if articles[-1].line == key_line or "[" in after_key:
                raise _ManualEdit(key_line)  # a flow list: [a, b]
            n, column = lines.dash(articles[-1].line)
            end = lines.block_end(n, column)
            lines.insert_after(end, [" " * column + f"- {p}" for p in paths])
            return
        if isinstance(articles, yamltree.YList):  # articles: []
            match = re.match(r"(\s*articles\s*:)\s*\[\s*\]\s*(#.*)?$", key_text)
            if not match:
                raise _ManualEdit(key_line)
            comment = f" {match.group(2)}" if match.group(2) else ""
            ending = lines.lines[key_line - 1][len(key_text):]
            lines.lines[key_line - 1] = match.group(1) + comment + ending
            lines.insert_after(key_line, [" " * (key_col + offset) + f"- {p}" for p in paths])
            return
        if isinstance(articles, yamltree.Scalar) and articles.is_null:
            if after_key.strip() and not after_key.strip().startswith("#"):
                raise _ManualEdit(key_line)  # "articles: ~" or "null"
            lines.insert_after(key_line, [" " * (key_col + offset) + f"- {p}" for p in paths])
            return
        raise _ManualEdit(key_line)
    # No articles: key at all: add one at the end of the section.
    n, column = lines.dash(entry.line)
    key_col = _key_column(lines, n, column)
    end = lines.block_end(n, column)
    lines.insert_after(end, [" " * key_col + "articles:"]
                       + [" " * (key_col + offset) + f"- {p}" for p in paths])


def _key_column(lines: _Lines, dash_line: int, dash_col: int) -> int:
    rest = lines.content(dash_line)[dash_col + 1:]
    if rest.strip() and not rest.strip().startswith("#"):
        return dash_col + 1 + lines.indent(rest)
    return dash_col + 2


def _add_section(lines: _Lines, tree: yamltree.YMap, title: str, paths: list[str]) -> None:
    sections = tree["sections"]
    key_line = tree.key_lines["sections"]
    if sections[0].line == key_line:
        raise _ManualEdit(key_line)  # sections: [ … ]
    last = sections[-1]
    n, column = lines.dash(last.line)
    key_col = _key_column(lines, n, column)
    offset = _item_offset(lines, tree)
    end = lines.block_end(n, column)
    lines.insert_after(end, [" " * column + "-" + " " * (key_col - column - 1)
                             + f"title: {_plain_scalar(title)}",
                             " " * key_col + "articles:"]
                       + [" " * (key_col + offset) + f"- {p}" for p in paths])


def _verify(manifest: Path, old: yamltree.YMap, new_text: str, index: int | None,
            paths: list[str], section: str | None) -> None:
    """The edited manifest must read back with the new articles in place, all else as it was."""
    try:
        new = yamltree.parse(textmod.clean(new_text), manifest)
    except InputError:
        new = None

    def article_lists(tree) -> list[list[str]] | None:
        if not (isinstance(tree, yamltree.YMap)
                and isinstance(tree.get("sections"), yamltree.YList)):
            return None
        result = []
        for entry in tree["sections"]:
            if not isinstance(entry, yamltree.YMap):
                return None
            articles = entry.get("articles")
            items = list(articles) if isinstance(articles, yamltree.YList) else []
            result.append([_section_title(entry) or ""] + [
                item.text if isinstance(item, yamltree.Scalar) else "?" for item in items])
        return result

    before, after = article_lists(old), article_lists(new)
    expected = [list(x) for x in before]
    if index is None:
        expected.append([_norm(section or "")] + paths)
    else:
        expected[index].extend(paths)
    same_keys = new is not None and list(new.keys()) == list(old.keys())
    if after != expected or not same_keys:
        raise InputError.single(manifest, None, _manual_message(section, paths))
