"""Listing new articles in the manifest, edited as text so its comments and layout stay."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import yaml

from bantin_print import text as textmod
from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg
from bantin_print.reader.source import decode, read_bytes
from bantin_print.reader import yamltree
from bantin_print.importer.draft import norm


def read_manifest(manifest: Path) -> tuple[str, yamltree.YMap]:
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


def listed_paths(tree: yamltree.YMap) -> set[str]:
    listed = set()
    for entry in tree["sections"]:
        articles = entry.get("articles")
        if isinstance(articles, yamltree.YList):
            listed.update(item.text.strip().replace("\\", "/").removeprefix("./")
                          for item in articles if isinstance(item, yamltree.Scalar))
    return listed


def _section_title(entry: yamltree.YMap) -> str | None:
    title = entry.get("title")
    return norm(title.text) if isinstance(title, yamltree.Scalar) and not title.is_null else None


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


def add_to_manifest(manifest: Path, text: str, tree: yamltree.YMap, paths: list[str],
                     section: str | None) -> str:
    sections = tree["sections"]
    target_index = len(sections) - 1
    if section is not None:
        wanted = norm(section)
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
            _add_section(lines, tree, norm(section), paths)
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
        expected.append([norm(section or "")] + paths)
    else:
        expected[index].extend(paths)
    same_keys = new is not None and list(new.keys()) == list(old.keys())
    if after != expected or not same_keys:
        raise InputError.single(manifest, None, _manual_message(section, paths))
