"""An article: a Markdown file with YAML front matter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bantin_print import images, model
from bantin_print.cache import Cache
from bantin_print.errors import InputError, Problems
from bantin_print.i18n import Message, msg
from bantin_print.reader import yamltree
from bantin_print.reader.fields import Fields, describe
from bantin_print.reader.markdown import parse_article
from bantin_print.reader.source import check_file, read_text, resolve_inside

ARTICLE_KEYS = ["title", "lead", "author", "date", "start", "photos"]
PHOTO_KEYS = ["file", "caption", "credit", "alt", "span", "place", "crop"]
SPANS = ["auto", "column", "full"]
PLACES = ["auto", "here", "top", "bottom"]
STARTS = ["auto", "new-page"]

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_END = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)


def read_article(path: Path, root: Path, problems: Problems,
                 issue_date: dt.date | None = None) -> model.Article | None:
    """Read one article (of an issue dated `issue_date`); problems go to `problems`. None
    when it cannot be read at all."""
    try:
        source = read_text(path, problems)
    except InputError as e:
        problems.items.extend(e.problems)
        return None
    if not _FENCE.match(source):
        problems.error(path, 1, msg("an article starts with its header: a '---' line, then "
                                    "'title: …' and the other keys, then another '---' line"))
        return None
    end = _END.search(source, source.index("\n") + 1 if "\n" in source else len(source))
    if end is None:
        problems.error(path, 1, msg("the article's header opened on line 1 is never closed by "
                                    "a '---' line"))
        return None
    front = source[source.index("\n") + 1:end.start()]
    body_first_line = source.count("\n", 0, end.end()) + 2
    body = source[end.end() + 1:] if end.end() < len(source) else ""

    try:
        tree = yamltree.parse(front, path, first_line=2)
    except InputError as e:
        problems.items.extend(e.problems)
        return None
    if not isinstance(tree, yamltree.YMap):
        problems.error(path, 2, msg("the article's header (between the two --- lines) must be "
                                    "'key: value' lines, starting with 'title: …'; found {found}",
                                    found=describe(tree) if tree is not None else msg("nothing")))
        return None

    fields = Fields(tree, ARTICLE_KEYS, "", path, problems)
    title = fields.text("title", required=True, max_length=300)
    lead = fields.text("lead", max_length=3000)
    author = fields.text("author", max_length=200)
    date = fields.date("date")
    if date is not None and issue_date is not None and date > issue_date:
        fields.warning("date", msg("the article is dated {date:%d/%m/%Y}, after the issue "
                                   "({issue:%d/%m/%Y}): is one of the two dates wrong?",
                                   date=date, issue=issue_date))
    start = fields.choice("start", STARTS, "auto")
    photos = [photo for photo in _photos(fields, path, root, problems) if photo is not None]
    blocks, notes = parse_article(body, path, body_first_line, problems,
                                  _photo_in_text(path, root, problems))
    if title is None:
        return None
    if not blocks and not lead:
        problems.warning(path, body_first_line, msg("the article has a title but no text"))
    return model.Article(path=path, title=title, body=blocks, lead=lead, author=author,
                         date=date, photos=photos, notes=notes, start=start)


def _photos(fields: Fields, path: Path, root: Path, problems: Problems):
    entries = fields.sequence("photos")
    for n, entry in enumerate(entries or [], start=1):
        if not isinstance(entry, yamltree.YMap):
            problems.error(path, entry.line, msg("photo {n} must have 'file:', 'caption:' and "
                                                 "'credit:' lines; found {found}", n=n,
                                                 found=describe(entry)))
            continue
        yield read_photo(entry, msg("photo {n}", n=n), path, root, problems, key="file")


def read_photo(entry: yamltree.YMap, where: str | Message, path: Path, root: Path, problems: Problems,
               key: str) -> model.Photo | None:
    """A photo entry, in an article (key 'file') or as the issue's cover (key 'photo')."""
    keys = [key] + [k for k in PHOTO_KEYS[1:] if key == "file" or k != "place"]
    fields = Fields(entry, keys, where, path, problems)
    written = fields.text(key, required=True)
    caption = fields.text("caption", max_length=1000)
    credit = fields.text("credit", max_length=200)
    alt = fields.text("alt", max_length=1000)
    span = fields.choice("span", SPANS, "auto")
    place = fields.choice("place", PLACES, "auto") if "place" in keys else "auto"
    crop = fields.boolean("crop", False)
    if written is None:
        return None
    if "caption" not in entry:
        fields.warning(None, msg("the photo has no caption; readers expect one under every "
                                 "photo"))
    found = _locate_photo(written, path, root)
    if not isinstance(found, tuple):
        fields.error(key, found)
        return None
    file, info = found
    return model.Photo(path=file, caption=caption, credit=credit, alt=alt, span=span,
                       place=place, crop=crop, width=info.width, height=info.height,
                       format=info.format, line=fields.line(key))


_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://|^www\.", re.IGNORECASE)


def _locate_photo(written: str, path: Path, root: Path):
    """(file, probed image) for a photo named in `path`, or why it cannot be used."""
    if _REMOTE.match(written.strip()):
        return msg("'{written}' is on the web; a bulletin prints only photos in its own "
                   "folder: save the photo into photos/ and write its path, e.g. "
                   "'../photos/anh.jpg'", written=written)
    file, reason = resolve_inside(root, path.parent, written)
    if file is not None:
        reason = check_file(file, written)
    if file is not None and reason is None:
        try:
            return file, Cache.shared().probe(file)
        except images.ImageProblem as e:
            reason = msg("'{written}': {problem}", written=written, problem=e.message)
    return reason


def _photo_in_text(path: Path, root: Path, problems: Problems):
    """What the body's reader calls for `![caption](file "credit")` on a line."""
    def place(written: str, caption: str, credit: str, line: int) -> model.Photo | None:
        found = _locate_photo(written, path, root)
        if not isinstance(found, tuple):
            problems.error(path, line, msg("the photo in the text: {reason}", reason=found))
            return None
        file, info = found
        if not caption:
            problems.warning(path, line, msg("the photo has no caption; write it between the "
                                             "brackets: ![caption](file \"Ảnh: credit\")"))
        return model.Photo(path=file, caption=caption or None, credit=credit or None,
                           span="column", width=info.width, height=info.height,
                           format=info.format, line=line)
    return place
