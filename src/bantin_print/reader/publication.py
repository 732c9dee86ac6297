"""The publication file: what stays the same from issue to issue (publication, imprint,
layout, print, preflight, text), named by each issue's manifest with `extends:`.

The manifest's tree is laid over the publication file's, key by key: mappings are merged,
any other value replaced. Every value keeps the file and line it was written on, so
messages name the publication file for what it holds, and paths in it resolve from its
own folder (see Fields.file and Fields.root).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from bantin_print.errors import InputError, Problem, Problems
from bantin_print.i18n import msg
from bantin_print.reader import yamltree
from bantin_print.reader.fields import describe
from bantin_print.reader.source import check_file, read_text
from bantin_print.reader.yamltree import Scalar, YMap

KEY = "extends"


def extended(tree: YMap, manifest: Path, problems: Problems) -> tuple[YMap, Path | None]:
    """The manifest's tree over its publication file's, and that file (None without
    `extends:`). Raises InputError when the publication file cannot be read."""
    if KEY not in tree:
        return tree, None
    value = tree[KEY]
    line = tree.key_lines[KEY]
    if not isinstance(value, Scalar) or value.is_null or not value.text.strip():
        raise InputError.single(manifest, line, msg(
            "extends: expected the path of the publication file (such as ../bantin.yaml), "
            "found {found}", found=describe(value)))
    written = value.text.strip()
    path = _publication_path(manifest, written, value.line)
    base = yamltree.parse(read_text(path, problems), path)
    if not isinstance(base, YMap):
        raise InputError.single(path, 1, msg(
            "a publication file is a mapping with publication:, imprint:, layout: (and "
            "print:, preflight:, text:); found {found}",
            found=describe(base) if base is not None else msg("an empty file")))
    misplaced = [k for k in base if k in ("issue", "sections", KEY)]  # others: typos, later
    if misplaced:
        raise InputError([_misplaced(path, base, k) for k in misplaced])
    merged = merge(base, tree)
    del merged[KEY]
    return merged, path


def _publication_path(manifest: Path, written: str, line: int) -> Path:
    """The publication file named by `extends:`: in the issue's folder or a folder above it
    (where the issues of one publication live side by side), never elsewhere."""
    candidate = written.replace("\\", "/")
    if PurePosixPath(candidate).is_absolute() or candidate.startswith("~") or (
            len(candidate) > 1 and candidate[1] == ":"):
        raise InputError.single(manifest, line, msg(
            "extends: '{written}' is an absolute path; write it from the issue's folder, "
            "such as ../bantin.yaml", written=written))
    folder = manifest.parent.resolve()
    path = (folder / candidate).resolve()
    if not folder.is_relative_to(path.parent):
        raise InputError.single(manifest, line, msg(
            "extends: '{written}' is not in the issue's folder or a folder above it; keep "
            "the publication file beside the issue folders (../bantin.yaml)", written=written))
    reason = check_file(path, written)
    if reason:
        raise InputError.single(manifest, line, msg("extends: {reason}", reason=reason))
    return path


def _misplaced(path: Path, base: YMap, key: str) -> Problem:
    if key == KEY:
        message = msg("a publication file cannot itself extend another; put what it needs "
                      "in it")
    else:
        message = msg("'{key}:' belongs in each issue's manifest, not in the publication "
                      "file", key=key)
    return Problem(path, base.key_lines[key], message)


def merge(base: YMap, over: YMap) -> YMap:
    """`over` laid over `base`: mappings merged key by key, other values replaced. Each key
    keeps the file and line it comes from."""
    merged = YMap(over.line, over.path)
    for key, value in base.items():
        if key not in over:
            merged[key] = value
            merged.key_lines[key] = base.key_lines[key]
            merged.key_paths[key] = base.key_file(key)
    for key, value in over.items():
        below = base.get(key)
        if isinstance(value, YMap) and isinstance(below, YMap):
            value = merge(below, value)
        merged[key] = value
        merged.key_lines[key] = over.key_lines[key]
        merged.key_paths[key] = over.key_file(key)
    return merged
