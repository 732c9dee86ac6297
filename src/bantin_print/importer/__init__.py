"""Importers: articles from outside into an issue.

Three kinds of source, told apart by the file's extension:

* ``.txt``: text an editor copied from an organisation's web portal (date line, portal
  boilerplate, title, sa-pô, a caption wrapped over two lines, body, "…/." and the author
  alone on the last line);
* ``.html`` / ``.htm``: a saved page of such a portal, its pictures from the folder saved
  with it; ``.mhtml`` / ``.mht``: the same saved as one file;
* ``.docx``: a Word file, with runs set in legacy TCVN3 (.VnTime…) or VNI fonts converted.

Each becomes ``articles/<slug>.md`` (front matter + Markdown body) and is listed in the
manifest, which is edited as text so that its comments and layout stay as the editor wrote
them. Everything is read and checked first; nothing is written when any file fails. Every
decision a heuristic took is reported in ``Imported.guesses`` for the editor to check.
"""

from __future__ import annotations

import os
from pathlib import Path

from bantin_print.errors import InputError, Problem
from bantin_print.i18n import Message, msg
from bantin_print.output import check_outputs, keep_original, write_atomic
from bantin_print.reader.source import MAX_TEXT_BYTES, read_bytes
from bantin_print.importer.article import article_text, slugify
from bantin_print.importer.docx import read_docx
from bantin_print.importer.draft import (
    ARTICLES_DIR, PHOTOS_DIR, Imported, KINDS, MANIFEST_NAME, MAX_DOCX_BYTES, MAX_MHTML_BYTES,
    Draft)
from bantin_print.importer.html import read_html
from bantin_print.importer.mhtml import read_mhtml
from bantin_print.importer.manifest import add_to_manifest, listed_paths, read_manifest
from bantin_print.importer.text import read_txt


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

    drafts: list[Draft] = []
    for file in files:
        try:
            drafts.append(_read_source(Path(file)))
        except InputError as e:
            problems.extend(e.problems)

    manifest_text = None
    try:
        manifest_text, tree = read_manifest(manifest)
    except InputError as e:
        problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    if not drafts:
        raise InputError.single(None, None, msg("no file to import"))

    # Choose the file names: free on disk, not listed in the manifest, not taken by this run.
    articles_dir = issue_dir / ARTICLES_DIR
    listed = listed_paths(tree)
    taken: set[str] = set()
    planned: list[tuple[Draft, Path, str]] = []
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
    # The pictures a source holds go into photos/, named after their article.
    photos_dir = issue_dir / PHOTOS_DIR
    pictures: list[tuple[Path, bytes]] = []
    photo_files: list[list[str]] = []
    chosen: set[Path] = set()
    for draft, target, _ in planned:
        names = []
        k = 1
        for picture in draft.pictures:
            while True:
                photo = photos_dir / f"{target.stem}-{k}{picture.extension}"
                k += 1
                if not os.path.lexists(photo) and photo not in chosen:
                    break
            chosen.add(photo)
            pictures.append((photo, picture.data))
            names.append(f"../{PHOTOS_DIR}/{photo.name}")
        photo_files.append(names)
    check_outputs([(msg("a photo"), photo) for photo, _ in pictures],
                  [(draft.source, msg("a file being imported")) for draft in drafts])
    contents = [(target, article_text(draft, files))
                for (draft, target, _), files in zip(planned, photo_files)]
    unlisted = [relative for _, _, relative in planned if relative not in listed]
    new_manifest = (add_to_manifest(manifest, manifest_text, tree, unlisted, section)
                    if unlisted else None)

    # Write: the articles first, the manifest last; undo the articles if anything fails.
    written: list[Path] = []
    where = articles_dir
    try:
        for photo, data in pictures:
            where = photo
            photos_dir.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(photo):
                raise InputError.single(photo, None, msg(
                    "this file appeared while the import was running; run the import again"))
            write_atomic(photo, data)
            written.append(photo)
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
                 paragraphs=len(draft.paragraphs), guesses=draft.guesses,
                 photos=[photos_dir / Path(file).name for file in files])
        for (draft, target, _), files in zip(planned, photo_files)
    ]


def _read_source(path: Path) -> Draft:
    kind = KINDS.get(path.suffix.lower())
    if not path.exists() and not path.is_symlink():
        raise InputError.single(path, None, msg("the file does not exist"))
    if path.is_dir():
        raise InputError.single(path, None, msg("this is a folder, not a file"))
    if kind is None:
        raise InputError.single(path, None, _unknown_type(path))
    data = read_bytes(path, {"docx": MAX_DOCX_BYTES, "mhtml": MAX_MHTML_BYTES}.get(
        kind, MAX_TEXT_BYTES))
    if not data.strip():
        raise InputError.single(path, None, msg("the file is empty: no text to import"))
    if kind == "text":
        return read_txt(path, data)
    if kind == "html":
        return read_html(path, data)
    if kind == "mhtml":
        return read_mhtml(path, data)
    return read_docx(path, data)


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
                   "saved web pages (.html, .htm, .mhtml) and Word files (.docx)", suffix=path.suffix)
    return msg("the file name has no extension; the importer reads portal text (.txt), saved "
               "web pages (.html, .htm, .mhtml) and Word files (.docx)")
