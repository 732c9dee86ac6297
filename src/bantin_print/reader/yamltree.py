"""YAML parsed into a tree that remembers the line of every key and value.

PyYAML's safe composer builds nodes only (no objects are ever constructed); we turn the
nodes into YMap / YList / Scalar ourselves, which lets us report duplicate keys and bound
the work an alias bomb ("billion laughs") could cause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bantin_print.errors import InputError, Problem

# A manifest of 200 articles has about 2,000 nodes; aliases may not multiply that past this.
MAX_NODES = 100_000
MAX_DEPTH = 50

# Quotes a word processor types for "…" and '…': around a whole value, YAML takes them for
# part of the text.
_CURLY = {"“": "”", "‘": "’", "„": "“", "”": "”"}
# Spaces that look like spaces but that YAML does not take for indentation.
_ODD_SPACES = "\u00a0\u2007\u202f\u3000\u2002\u2003\u2009"
_ENTRY = re.compile(r"^(\s*(?:- +)?[^\s:#\"'][^:#]*:[ \t]+)(\S.*?)\s*$")

_NULL = "tag:yaml.org,2002:null"
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
}


@dataclass
class Scalar:
    text: str  # exactly as written (quotes and escapes resolved)
    tag: str  # the type YAML's rules give it: tag:yaml.org,2002:int, …:str, …
    line: int

    @property
    def is_null(self) -> bool:
        return self.tag == _NULL

    @property
    def kind(self) -> str:
        return self.tag.rsplit(":", 1)[-1]


class YMap(dict):
    """Keys are the key texts; values YMap, YList or Scalar."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class YList(list):
    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


def parse(source: str, path: Path, first_line: int = 1) -> YMap | YList | Scalar | None:
    """Parse one YAML document. `first_line` is the file line the text starts on.

    Raises InputError for syntax errors and for structures we refuse; returns None for an
    empty document. Duplicate keys are errors too, reported all at once.
    """
    lines = source.split("\n")
    odd = [Problem(path, n + first_line, _odd_indent(text)) for n, text in enumerate(lines)
           if _odd_indent(text)]
    if odd:
        raise InputError(odd)
    loader = yaml.SafeLoader(source)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + first_line if mark else None
        explained = _explained(lines[mark.line]) if mark and mark.line < len(lines) else None
        if explained:
            raise InputError.single(path, line, explained) from None
        message = f"YAML syntax: {_describe(e)}"
        if e.context_mark and mark and e.context_mark.line != mark.line:
            message += f" (started on line {e.context_mark.line + first_line})"
        raise InputError.single(path, line, message) from None
    except yaml.YAMLError as e:  # reader errors: control characters and the like
        raise InputError.single(path, None, f"YAML: {e}") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    builder = _Builder(path, first_line, lines)
    tree = builder.build(node, 0)
    if builder.problems:
        raise InputError(builder.problems)
    return tree


def _odd_indent(line: str) -> str | None:
    """What is wrong with the line's indentation, in an editor's words, if anything."""
    lead = line[:len(line) - len(line.lstrip(" \t" + _ODD_SPACES))]
    if "\t" in lead:
        return ("the line is indented with a tab; YAML indents with spaces only: replace the "
                "tab with spaces")
    odd = next((c for c in lead if c in _ODD_SPACES), None)
    if odd is not None and not line.strip():
        return (f"the line holds only no-break spaces (U+{ord(odd):04X}), which YAML does "
                "not take for an empty line: delete them")
    if odd is not None:
        return (f"the line is indented with no-break spaces (U+{ord(odd):04X}, as text copied "
                "from a web page or a word processor may bring); YAML indents with ordinary "
                "spaces only: type them again")
    return None


def _explained(line: str) -> str | None:
    """For a `key: value` line YAML cannot read: the mistake, and the line as it should be."""
    entry = _ENTRY.match(line)
    if entry is None:
        return None
    key, value = entry.groups()
    if _curly_wrapped(value):
        return _curly_message(value, key + _quoted(value[1:-1]))
    if ": " in value and value[0] not in "\"'[{|>":
        return f"the value holds ': ', so it must be in quotes: write  {key.lstrip()}{_quoted(value)}"
    return None


def _curly_wrapped(text: str) -> bool:
    return (len(text) >= 2 and text[0] in _CURLY and text[-1] in (_CURLY[text[0]], "“")
            and not any(c in text[1:-1] for c in "“”‘’„"))


def _curly_message(value: str, fixed: str) -> str:
    return (f"the value is in curly quotes {value[0]}…{value[-1]}, as a word processor types "
            f"them; YAML needs straight quotes: write  {fixed.strip()}  (to print the curly "
            "quotes, put the whole value in straight ones)")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _describe(e: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (e.context, e.problem) if p]
    text = "; ".join(parts) or "invalid YAML"
    if "found character '\\t'" in text or "\t" in text:
        text += " (use spaces, not tabs, to indent)"
    if "mapping values are not allowed" in text:
        text += " (a value containing ': ' must be put in quotes)"
    return text


class _TooBig(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _Builder:
    def __init__(self, path: Path, first_line: int, lines: list[str]) -> None:
        self.path = path
        self.first_line = first_line
        self.lines = lines
        self.count = 0
        self.problems: list[Problem] = []

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def build(self, node: yaml.Node, depth: int):
        try:
            return self._build(node, depth)
        except _TooBig as e:
            raise InputError.single(self.path, e.line, str(e)) from None

    def _build(self, node: yaml.Node, depth: int):
        line = self.line(node)
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(f"the YAML expands to more than {MAX_NODES:,} values "
                          "(aliases multiplying content?); refused", line)
        if depth > MAX_DEPTH:
            raise _TooBig(f"the YAML is nested more than {MAX_DEPTH} levels deep "
                          "(an alias inside itself?); refused", line)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _STANDARD_TAGS:
                self.problems.append(Problem(self.path, line, f"YAML tag '{node.tag}' is not "
                                             "allowed here; write plain values"))
            if node.style is None and _curly_wrapped(node.value):
                start = node.start_mark
                fixed = self.lines[start.line][:start.column] + _quoted(node.value[1:-1])
                self.problems.append(Problem(self.path, line, _curly_message(node.value, fixed)))
            return Scalar(node.value, node.tag, line)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "seq")
            seq = YList(line)
            seq.extend(self._build(item, depth + 1) for item in node.value)
            return seq
        self._check_tag(node, "map")
        mapping = YMap(line)
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.path, key_line, "a key must be plain text"))
                continue
            key = key_node.value
            if key in mapping:
                self.problems.append(Problem(
                    self.path, key_line,
                    f"key '{key}' appears twice (first on line {mapping.key_lines[key]})"))
                continue
            mapping.key_lines[key] = key_line
            value = self._build(value_node, depth + 1)
            if isinstance(value, (YMap, YList)):
                value.line = key_line  # a problem with the whole value points at its key
            mapping[key] = value
        return mapping

    def _check_tag(self, node: yaml.Node, kind: str) -> None:
        if node.tag != f"tag:yaml.org,2002:{kind}":
            self.problems.append(Problem(self.path, self.line(node), f"YAML tag '{node.tag}' "
                                         "is not allowed here; write plain values"))
