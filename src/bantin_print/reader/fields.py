"""Typed, checked values out of a YAML mapping; every problem is collected with its line."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Iterable

from yaml import ScalarNode
from yaml.constructor import SafeConstructor

from bantin_print import text
from bantin_print.errors import Problems
from bantin_print.i18n import Message, msg
from bantin_print.reader.yamltree import Scalar, YList, YMap

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # 1.500, 10.000, 1.000.000

_KIND_NAMES = {YMap: msg("a mapping (key: value lines)"), YList: msg("a list ('- item' lines)")}


def describe(value) -> Message | str:
    if isinstance(value, Scalar):
        if value.is_null:
            return msg("nothing")
        return f"'{value.text}'" if len(value.text) <= 60 else f"'{value.text[:57]}…'"
    return _KIND_NAMES[type(value)]


class Fields:
    """Reads one mapping. `where` names it in messages: its key ("issue", "layout"), or
    a message for an item of a list (msg("photo {n}"))."""

    def __init__(self, mapping: YMap, known: Iterable[str], where: str | Message, path: Path,
                 problems: Problems) -> None:
        self.map = mapping
        self.where = where
        self.path = path
        self.problems = problems
        self.known = list(known)
        for key in mapping:
            if key not in self.known:
                self._unknown(key)

    # --- problems ---

    def error(self, key: str | None, message: Message) -> None:
        self.problems.error(self.file(key), self.line(key), self._named(key, message))

    def warning(self, key: str | None, message: Message) -> None:
        self.problems.warning(self.file(key), self.line(key), self._named(key, message))

    def file(self, key: str | None) -> Path:
        """The file the value of `key` was written in: with a publication file (extends:),
        not every value of a mapping comes from the same file."""
        if key is None or key not in self.map:
            return self.map.path or self.path
        return getattr(self.map[key], "path", None) or self.map.key_file(key) or self.path

    def root(self, key: str) -> Path:
        """The folder a path in the value of `key` is written from, and must stay inside."""
        return self.file(key).parent

    def _named(self, key: str | None, message: Message) -> Message:
        name = self._name(key)
        return msg("{name}: {message}", name=name, message=message) if name else message

    def line(self, key: str | None) -> int:
        if key is not None and key in self.map:
            value = self.map[key]
            if isinstance(value, Scalar) and not value.is_null:
                return value.line
            return self.map.key_lines[key]
        return self.map.line

    def _name(self, key: str | None) -> str | Message:
        if key is None:
            return self.where
        if isinstance(self.where, Message):
            return msg("{where}, {key}", where=self.where, key=key)
        return f"{self.where}.{key}" if self.where else key

    def _unknown(self, key: str) -> None:
        close = difflib.get_close_matches(key.lower(), self.known, n=1, cutoff=0.6)
        if close:
            message = msg("unknown key '{key}'; did you mean '{close}'?", key=key, close=close[0])
        else:
            message = msg("unknown key '{key}' (known here: {known})", key=key,
                          known=", ".join(self.known))
        self.problems.error(self.map.key_file(key) or self.path, self.map.key_lines[key],
                            self._named(None, message))

    # --- values ---

    def _get(self, key: str, required: bool):
        value = self.map.get(key)
        if value is None or (isinstance(value, Scalar) and value.is_null):
            if required and key in self.map:
                self.error(key, msg("a value is required"))
            elif required:
                self.problems.error(self.map.path or self.path, self.map.line, self._named(
                    None, msg("required key '{key}' is missing", key=key)))
            return None
        return value

    def _scalar(self, key: str, required: bool) -> Scalar | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, Scalar):
            self.error(key, msg("expected a single value, found {found}", found=describe(value)))
            return None
        return value

    def text(self, key: str, required: bool = False, max_length: int = 2000) -> str | None:
        value = self._scalar(key, required)
        if value is None:
            return None
        result = text.collapse_spaces(value.text)
        if not result:
            if required:
                self.error(key, msg("must not be empty"))
            return None
        if len(result) > max_length:
            self.error(key, msg("is {length:,} characters long; at most {most:,} allowed",
                               length=len(result), most=max_length))
            return None
        return result

    def integer(self, key: str, low: int, high: int, required: bool = False) -> int | None:
        value = self._scalar(key, required)
        if value is None:
            return None
        written = value.text.strip()
        if _GROUPED.fullmatch(written):  # "1.500": the thousands grouped as Vietnamese does
            number = int(written.replace(".", ""))
        elif value.kind != "int":
            self.error(key, msg("expected a whole number from {low} to {high}, found {found}",
                               low=low, high=high, found=describe(value)))
            return None
        else:
            number = SafeConstructor().construct_yaml_int(ScalarNode(value.tag, value.text))
        if not low <= number <= high:
            self.error(key, msg("{number} is out of range; allowed: {low} to {high}",
                               number=number, low=low, high=high))
            return None
        return number

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self._scalar(key, required)
        if value is None:
            return None
        written = value.text.strip()
        iso = _ISO_DATE.fullmatch(written)
        if iso:
            year, month, day = (int(g) for g in iso.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as e:
                self.error(key, msg("'{written}' is not a valid date ({reason})", written=written,
                                   reason=_date_reason(e)))
                return None
        dmy = _DMY_DATE.fullmatch(written)
        if dmy:
            day, month, year = dmy.groups()
            fixed = f"{year}-{int(month):02d}-{int(day):02d}"
            self.error(key, msg("write the date as YEAR-MONTH-DAY: {fixed} for '{written}'",
                                fixed=fixed, written=written))
            return None
        self.error(key, msg("expected a date as YEAR-MONTH-DAY (2024-01-18), found {found}",
                            found=describe(value)))
        return None

    def boolean(self, key: str, default: bool) -> bool:
        value = self._scalar(key, False)
        if value is None:
            return default
        if value.kind != "bool":
            self.error(key, msg("expected yes or no, found {found}", found=describe(value)))
            return default
        return value.text.strip().lower() in ("yes", "true", "on", "y")

    def text_list(self, key: str, max_length: int = 200) -> list[str]:
        values = self.sequence(key)
        out: list[str] = []
        for n, item in enumerate(values or [], start=1):
            if not isinstance(item, Scalar) or item.is_null or not item.text.strip():
                self.problems.error(item.path or self.path, item.line, self._named(key, msg(
                    "item {n} must be a piece of text, found {found}", n=n, found=describe(item))))
                continue
            out.append(text.collapse_spaces(item.text)[:max_length])
        return out

    def choice(self, key: str, options: list[str], default: str) -> str:
        value = self._scalar(key, False)
        if value is None:
            return default
        word = value.text.strip().lower()
        if word not in options:
            self.error(key, msg("expected one of {options}; found {found}",
                               options=", ".join(options), found=describe(value)))
            return default
        return word

    def mapping(self, key: str, required: bool = False) -> YMap | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, YMap):
            self.error(key, msg("expected a mapping (indented key: value lines), found {found}",
                               found=describe(value)))
            return None
        return value

    def sequence(self, key: str, required: bool = False) -> YList | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, YList):
            self.error(key, msg("expected a list ('- item' lines), found {found}",
                               found=describe(value)))
            return None
        return value


def _date_reason(error: ValueError) -> Message:
    """datetime's reason in the reader's words (it says 'day is out of range for month')."""
    if "month must be" in str(error):
        return msg("there is no such month")
    return msg("there is no such day in that month")
