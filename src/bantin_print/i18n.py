"""Messages in the reader's language: Vietnamese first, English available.

A message is made where a problem is found, as an English id with named arguments
(`msg("{name}: expected yes or no", name=...)`), and translated only when it is shown,
so the CLI can choose the language once and every report follows it. The translations
are gettext catalogues, `locale/<lang>/*.po`, read directly (Babel's reader): English
needs none, the ids are English.
"""

from __future__ import annotations

import os
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Mapping

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: str | None = None


@dataclass(frozen=True)
class Message:
    """An English message id with its arguments; `plural` and `count` when the English
    form depends on a number (Vietnamese has one form)."""

    id: str
    args: tuple[tuple[str, object], ...] = ()
    plural: str | None = None
    count: str | None = None

    def render(self, language: str | None = None) -> str:
        language = language or current()
        template = _translate(self, language)
        args = {k: _render_arg(v, language) for k, v in self.args}
        return template.format(**args)

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Decimal:
    """A number with decimals as the language writes it: 5.2 in English, 5,2 in
    Vietnamese (where 1.500 is fifteen hundred)."""

    value: float
    places: int = 1

    def render(self, language: str | None = None) -> str:
        written = f"{self.value:.{self.places}f}"
        return written.replace(".", ",") if (language or current()) == "vi" else written


@dataclass(frozen=True)
class Joined:
    """Messages (or texts) one after another, each rendered in the language shown."""

    items: tuple
    separator: str = ", "

    def render(self, language: str | None = None) -> str:
        return self.separator.join(text(i, language) for i in self.items)


def msg(id: str, /, **args: object) -> Message:
    """Marks `id` for translation (the catalogue's extraction looks for these calls)."""
    return Message(id, tuple(args.items()))


def msg_n(singular: str, plural: str, count: str, /, **args: object) -> Message:
    """A message whose English form follows the number in argument `count`."""
    return Message(singular, tuple(args.items()), plural, count)


def text(message: Message | str, language: str | None = None) -> str:
    return message.render(language) if hasattr(message, "render") else str(message)


def _render_arg(value: object, language: str) -> object:
    return value.render(language) if hasattr(value, "render") else value


def _translate(message: Message, language: str) -> str:
    english = message.id
    if message.plural is not None and dict(message.args).get(message.count) != 1:
        english = message.plural
    if language == "en":
        return english
    found = catalogue(language).get(message.id)
    return found or english


# --- choosing the language ---

def resolve(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """`--lang`, else BANTIN_LANG, else the locale when it names one of ours, else vi."""
    environ = os.environ if environ is None else environ
    for value in (option, environ.get("BANTIN_LANG")):
        language = _language_of(value)
        if language:
            return language
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX: the first one set decides
        value = environ.get(name)
        if value:
            return _language_of(value) or DEFAULT
    return DEFAULT


def _language_of(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def use(language: str | None) -> str | None:
    """Shows messages in `language` from now on (None: as the environment says); returns
    the language used before, so a caller can put it back."""
    global _current
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    previous, _current = _current, language
    return previous


def current() -> str:
    global _current
    if _current is None:
        _current = resolve()
    return _current


# --- catalogues ---

@cache
def catalogue(language: str) -> dict[str, str]:
    """Message id → translation, from every .po file of the language (fuzzy and empty
    entries left out, so the English shows rather than a wrong guess)."""
    from babel.messages.pofile import read_po  # only when a translation is needed

    table: dict[str, str] = {}
    for po in sorted((LOCALE_DIR / language).glob("*.po")):
        with po.open("rb") as f:
            for entry in read_po(f, abort_invalid=True):
                if not entry.id or entry.fuzzy:
                    continue
                key = entry.id[0] if isinstance(entry.id, (list, tuple)) else entry.id
                value = entry.string[0] if isinstance(entry.string, (list, tuple)) else entry.string
                if value:
                    table[key] = value
    return table


def gettext(english: str) -> str:
    """For code that speaks gettext (argparse): the translation of a literal English text."""
    if current() == "en":
        return english
    return catalogue(current()).get(english) or english


def ngettext(singular: str, plural: str, n: int) -> str:
    if current() == "en":
        return singular if n == 1 else plural
    return catalogue(current()).get(singular) or (singular if n == 1 else plural)


def fields_of(template: str) -> set[str]:
    """The argument names a template uses ('{name}', '{n:,}' → {'name', 'n'})."""
    return {field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(template) if field}
