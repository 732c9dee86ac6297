"""`bantin-print new DIR`: a new issue folder that builds as it stands."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from bantin_print import i18n
from bantin_print.errors import WARNING, InputError, Problem, Problems
from bantin_print.i18n import msg
from bantin_print.output import atomic_folder
from bantin_print.reader import yamltree
from bantin_print.reader.fields import Fields
from bantin_print.reader.source import read_text

MANIFEST_NAME = "issue.yaml"


def manifest_of(path: Path) -> Path:
    """An issue's manifest: the path itself, or for an issue's folder its issue.yaml."""
    return path / MANIFEST_NAME if path.is_dir() else path
_FILES = {"issue.yaml": MANIFEST_NAME, "article.md": "articles/bai-mau.md"}


def create(folder: Path, today: dt.date | None = None, previous: Path | None = None) -> Next | None:
    """Write the template files into `folder`, which must not exist or be empty. Their
    comments are in the language of the messages (templates/vi/, templates/en/); the keys
    and the example content are the same in both.

    The files are written into a temporary folder first and moved into place together, so
    an interrupted run leaves nothing half-made.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError.single(folder, None, msg("already exists and is not an empty folder; "
                                                  "name a new folder for the issue"))
    parent = folder.absolute().parent
    if not parent.is_dir():
        raise InputError.single(folder, None, msg("the folder {parent} does not exist",
                                                  parent=str(parent)))
    following = next_issue(previous, folder) if previous is not None else None
    date = (following.date if following else today or dt.date.today()).isoformat()
    templates = resources.files("bantin_print") / "templates" / i18n.current()
    try:
        with atomic_folder(folder) as staging:
            for template, target in _FILES.items():
                text = (templates / template).read_text(encoding="utf-8").replace("{date}", date)
                if following is not None and target == MANIFEST_NAME:
                    text = following.manifest
                path = staging / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise InputError.single(folder, None, msg("cannot create the issue folder: {reason}",
                                                  reason=e.strerror or str(e))) from None
    return following


@dataclass
class Next:
    """The issue after `previous`: its manifest's text, number and date, and what of the
    previous issue's own folder its manifest names (which the new folder does not have)."""

    manifest: str
    number: int
    date: dt.date
    left_behind: list[Problem]


def next_issue(previous: Path, folder: Path) -> Next:
    """The previous issue's manifest made the next one's: number + 1, the date a month
    on, the same publication file (extends:) and settings, its comments kept; no theme,
    cover or articles of its own yet but the example article, its section titles kept as
    comments. The previous files are only read."""
    manifest = manifest_of(previous)
    source = read_text(manifest)
    tree = yamltree.parse(source, manifest)
    if not isinstance(tree, yamltree.YMap):
        raise InputError.single(manifest, 1, msg(
            "--from: this is not an issue's manifest (a set of 'key: value' lines)"))
    problems = Problems()
    top = Fields(tree, list(tree), "", manifest, problems)
    found = top.mapping("issue", required=True)
    problems.raise_if_errors()  # the number and date of no issue: nothing more to say
    issue = Fields(found, list(found), "issue", manifest, problems)
    number = issue.integer("number", 1, 99998, required=True)
    date = issue.date("date", required=True)
    problems.raise_if_errors()
    node = yaml.compose(source, Loader=yaml.SafeLoader)
    lines = source.split("\n")
    edits: list[tuple[int, int, list[str]]] = []  # (first line, end line, new lines), 0-based
    top_nodes = {k.value: (k, v) for k, v in node.value}
    issue_nodes = {k.value: (k, v) for k, v in top_nodes["issue"][1].value}
    new_date = _month_on(date)
    for key, value in (("number", str(number + 1)), ("date", new_date.isoformat())):
        edits.append(_replace_value(lines, issue_nodes[key][1], value))
    for key in ("title", "cover"):  # this issue's own
        if key in issue_nodes:
            key_node, value_node = issue_nodes[key]
            edits.append((key_node.start_mark.line, _end_line(value_node), []))
    if "extends" in top_nodes:
        written = top_nodes["extends"][1].value
        shared = (manifest.parent / written).resolve()
        edits.append(_replace_value(lines, top_nodes["extends"][1],
                                    os.path.relpath(shared, folder.absolute().resolve())))
    if "sections" in top_nodes:
        key_node, value_node = top_nodes["sections"]
        edits.append((key_node.start_mark.line, _end_line(value_node),
                      _sections(tree["sections"])))
    else:  # the example article listed all the same
        end = len(lines) - 1 if lines and not lines[-1] else len(lines)
        edits.append((end, end, _sections(None)))
    for first, end, new in sorted(edits, reverse=True):
        lines[first:end] = new
    return Next("\n".join(lines), number + 1, new_date, _left_behind(tree, manifest))


def _replace_value(lines: list[str], node: yaml.Node, value: str) -> tuple[int, int, list[str]]:
    start, end = node.start_mark, node.end_mark
    line = lines[start.line]
    return start.line, start.line + 1, [line[:start.column] + value + line[end.column:]]


def _end_line(node: yaml.Node) -> int:
    """The line after a value's last line (0-based, exclusive). A block collection's own
    end mark points at the next token, comments between skipped: follow its last item."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark
    return end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1


def _sections(sections) -> list[str]:
    titles = [s["title"].text for s in sections or []
              if isinstance(s, yamltree.YMap) and isinstance(s.get("title"), yamltree.Scalar)]
    out = ["sections:", f"  - title: {_plain(titles[0] if titles else 'Tin tức - Sự kiện')}",
           "    articles:", f"      - {_FILES['article.md']}"]
    for title in titles[1:]:  # kept for when their articles come
        out += [f"  # - title: {_plain(title)}", "  #   articles:", "  #     - articles/…"]
    return out


def _plain(text: str) -> str:
    """The text as a YAML value: as it is when YAML reads it back so, else quoted."""
    plain = text.strip() == text and not any(c in text for c in ":#\"'[]{}&*!|>%@`,")
    if plain:
        try:  # "- Tin", "? Hỏi", "yes", "2024": YAML reads them otherwise
            plain = yaml.safe_load(f"k: {text}") == {"k": text}
        except yaml.YAMLError:
            plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _month_on(date: dt.date) -> dt.date:
    year, month = (date.year + 1, 1) if date.month == 12 else (date.year, date.month + 1)
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _left_behind(tree: yamltree.YMap, manifest: Path) -> list[Problem]:
    """Paths the manifest itself writes (not its publication file) that lead into the
    previous issue's folder: the new one does not have them."""
    found = []
    for section, key in (("layout", "font_dir"), ("print", "icc_profile")):
        value = tree.get(section)
        value = value.get(key) if isinstance(value, yamltree.YMap) else None
        if isinstance(value, yamltree.Scalar) and not value.is_null:
            found.append(Problem(manifest, value.line, msg(
                "{section}.{key}: '{written}' is in this issue's folder, which the new issue "
                "does not share: copy it into the new folder, or move it beside a publication "
                "file (extends:)", section=section, key=key, written=value.text), WARNING))
    return found
