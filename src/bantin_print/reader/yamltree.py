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
from bantin_print.i18n import Message, msg

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
    path: Path | None = None  # the file it was written in

    @property
    def is_null(self) -> bool:
        return self.tag == _NULL

    @property
    def kind(self) -> str:
        return self.tag.rsplit(":", 1)[-1]


class YMap(dict):
    """Keys are the key texts; values YMap, YList or Scalar."""

    def __init__(self, line: int, path: Path | None = None) -> None:
        super().__init__()
        self.line = line
        self.path = path  # the file it was written in
        self.key_lines: dict[str, int] = {}
        self.key_paths: dict[str, Path] = {}  # keys merged in from another file

    def key_file(self, key: str) -> Path | None:
        return self.key_paths.get(key, self.path)


class YList(list):
    def __init__(self, line: int, path: Path | None = None) -> None:
        super().__init__()
        self.line = line
        self.path = path


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
    try:
        loader = yaml.SafeLoader(source)  # it refuses control characters at once
    except yaml.YAMLError as e:
        at, message = _reader_message(e, source, first_line)
        raise InputError.single(path, at, message) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + first_line if mark else None
        explained = _explained(lines[mark.line]) if mark and mark.line < len(lines) else None
        if explained:
            raise InputError.single(path, line, explained) from None
        at, message = _syntax_message(e, first_line)
        raise InputError.single(path, line if at is None else at, message) from None
    except yaml.YAMLError as e:  # reader errors: control characters and the like
        at, message = _reader_message(e, source, first_line)
        raise InputError.single(path, at, message) from None
    finally:
        loader.dispose()
    if node is None:
        return None
    builder = _Builder(path, first_line, lines)
    tree = builder.build(node, 0)
    if builder.problems:
        raise InputError(builder.problems)
    return tree


def _odd_indent(line: str) -> Message | None:
    """What is wrong with the line's indentation, in an editor's words, if anything."""
    lead = line[:len(line) - len(line.lstrip(" \t" + _ODD_SPACES))]
    if "\t" in lead:
        return msg("the line is indented with a tab; these files are indented with spaces "
                   "only: replace the tab with spaces")
    odd = next((c for c in lead if c in _ODD_SPACES), None)
    if odd is not None and not line.strip():
        return msg("the line holds only no-break spaces (U+{code:04X}), which do not count as "
                   "an empty line here: delete them", code=ord(odd))
    if odd is not None:
        return msg("the line is indented with no-break spaces (U+{code:04X}, as text copied "
                   "from a web page or a word processor may bring); these files are indented "
                   "with ordinary spaces only: type them again", code=ord(odd))
    return None


def _explained(line: str) -> Message | None:
    """For a `key: value` line YAML cannot read: the mistake, and the line as it should be."""
    entry = _ENTRY.match(line)
    if entry is None:
        return None
    key, value = entry.groups()
    if _curly_wrapped(value):
        return _curly_message(value, key + _quoted(value[1:-1]))
    if ": " in value and value[0] not in "\"'[{|>":
        return msg("the value holds ': ', so it must be in straight \" quotes: write  {fixed}",
                   fixed=key.lstrip() + _quoted(value))
    return None


def _curly_wrapped(text: str) -> bool:
    return (len(text) >= 2 and text[0] in _CURLY and text[-1] in (_CURLY[text[0]], "“")
            and not any(c in text[1:-1] for c in "“”‘’„"))


def _curly_message(value: str, fixed: str) -> Message:
    return msg("the value is in curly quotes {open}…{close}, as a word processor types them; "
               "these files need straight \" quotes: write  {fixed}  (to print the curly "
               "quotes, put the whole value in straight ones)",
               open=value[0], close=value[-1], fixed=fixed.strip())


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_CANNOT_START = re.compile(r"found character '(.+)' that cannot start any token")
_BRACKETS = {"sequence": ("[", "]"), "mapping": ("{", "}")}


def _syntax_message(e: yaml.MarkedYAMLError, first_line: int) -> tuple[int | None, Message]:
    """(the line to name, when not the one YAML stopped on; the mistake in an editor's
    words). PyYAML's own words are given only when no plainer explanation is known."""
    context, problem = e.context or "", e.problem or ""
    start = e.context_mark.line + first_line if e.context_mark else None
    cannot_start = _CANNOT_START.search(problem)
    flow = re.search(r"flow (sequence|mapping)", context)
    if "single document" in context:
        return None, msg("a '---' line here starts a second part of the file, which may hold "
                         "one only: remove this line")
    if "quoted scalar" in context and start is not None:
        return start, msg("a quote opened on this line is never closed: add the closing "
                          "quote at the end of the value")
    if "flow node" in context and "<stream end>" in problem:
        return None, msg("the file ends inside a '[' or '{{' that is never closed: close it, "
                         "or, if the brackets are part of the text, put the whole value in "
                         "straight \" quotes")
    if flow and start is not None:
        opening, closing = _BRACKETS[flow.group(1)]
        return None, msg("a '{open}' opened on line {start} is never closed with '{close}': "
                         "close it, or, if the brackets are part of the text, put the whole "
                         "value in straight \" quotes", open=opening, close=closing,
                         start=start)
    if cannot_start and cannot_start.group(1) == "\\t":
        return None, msg("a tab here cannot be read; only spaces may separate the parts of a "
                         "line: replace the tab with a space")
    if cannot_start or problem.startswith("found undefined alias"):
        char = cannot_start.group(1) if cannot_start else "*"
        return None, msg("a value cannot start with '{char}' unless it is in quotes: put the "
                         "whole value in straight \" quotes", char=char)
    if "could not find expected ':'" in problem and start is not None:
        return start, msg("this line is not 'key: value': add the ':' after the key, or, if "
                          "the line continues the value above it, indent it further than that "
                          "value's key")
    if "mapping values are not allowed" in problem:
        return None, msg("this line cannot be read as 'key: value': if the value holds ': ', "
                         "put it in straight \" quotes; otherwise check that the key starts "
                         "exactly under the keys above it")
    if "expected <block end>" in problem:
        return None, msg("this line does not start where the lines around it do: each key "
                         "must start exactly under the other keys of its group, and each "
                         "'- item' under the other items of its list")
    original = "; ".join(p for p in (e.context, e.problem) if p) or "?"
    mark = e.problem_mark or e.context_mark
    if start is not None and mark is not None and start != mark.line + first_line:
        return None, msg("the lines from line {start} to here are not laid out as the file "
                         "needs (YAML): check the indentation, the ':' after each key, and "
                         "that each quote or bracket opened is closed ({problem})",
                         start=start, problem=original)
    return None, msg("the lines here are not laid out as the file needs (YAML): check the "
                     "indentation and the ':' after each key ({problem})", problem=original)


def _reader_message(e: yaml.YAMLError, source: str,
                    first_line: int) -> tuple[int | None, Message]:
    """A character YAML refuses to read (a control character), with its line."""
    if isinstance(e, yaml.reader.ReaderError) and isinstance(e.character, (int, str)):
        code = ord(e.character) if isinstance(e.character, str) else e.character
        line = source.count("\n", 0, e.position) + first_line if e.position is not None else None
        return line, msg("the line holds an invisible control character (U+{code:04X}) that "
                         "cannot be read: delete it (retype the line if you cannot see it)",
                         code=code)
    return None, msg("the file cannot be read (YAML): {problem}", problem=str(e))


class _TooBig(Exception):
    def __init__(self, message: Message, line: int) -> None:
        super().__init__(message)
        self.message = message
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
            raise InputError.single(self.path, e.line, e.message) from None

    def _build(self, node: yaml.Node, depth: int):
        line = self.line(node)
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(msg("the file's values multiply to more than {most:,} through "
                              "repeats (& and * marks); refused: write the values out",
                              most=MAX_NODES), line)
        if depth > MAX_DEPTH:
            raise _TooBig(msg("the values are nested more than {most} levels deep (a repeat, "
                              "* mark, inside itself?); refused", most=MAX_DEPTH), line)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _STANDARD_TAGS:
                self.problems.append(Problem(self.path, line, _tag_message(node.tag)))
            if node.style is None and _curly_wrapped(node.value):
                start = node.start_mark
                fixed = self.lines[start.line][:start.column] + _quoted(node.value[1:-1])
                self.problems.append(Problem(self.path, line, _curly_message(node.value, fixed)))
            return Scalar(node.value, node.tag, line, self.path)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "seq")
            seq = YList(line, self.path)
            seq.extend(self._build(item, depth + 1) for item in node.value)
            return seq
        self._check_tag(node, "map")
        mapping = YMap(line, self.path)
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.path, key_line,
                                             msg("a key must be plain text")))
                continue
            key = key_node.value
            if key in mapping:
                self.problems.append(Problem(
                    self.path, key_line,
                    msg("key '{key}' appears twice (first on line {first})", key=key,
                        first=mapping.key_lines[key])))
                continue
            mapping.key_lines[key] = key_line
            value = self._build(value_node, depth + 1)
            if isinstance(value, (YMap, YList)):
                value.line = key_line  # a problem with the whole value points at its key
            mapping[key] = value
        return mapping

    def _check_tag(self, node: yaml.Node, kind: str) -> None:
        if node.tag != f"tag:yaml.org,2002:{kind}":
            self.problems.append(Problem(self.path, self.line(node), _tag_message(node.tag)))


def _tag_message(tag: str) -> Message:
    return msg("'{tag}' is not allowed here: a value starting with '!' must be in straight \" "
               "quotes; otherwise write plain values",
               tag=tag.replace("tag:yaml.org,2002:", "!!", 1))
