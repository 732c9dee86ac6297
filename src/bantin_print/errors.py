"""The one diagnostic type: every problem reported, with its file, line and page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bantin_print.i18n import Message, msg

ERROR = "error"
WARNING = "warning"
INFO = "info"

SEVERITY_WORDS = {ERROR: msg("error"), WARNING: msg("warning"), INFO: msg("note")}


@dataclass(frozen=True)
class Problem:
    """`FILE:LINE: error: message`, the message translated when it is shown. `page` is
    the PDF page it concerns; `rule` the preflight rule that found it, for scripts."""

    file: Path | None
    line: int | None  # 1-based; None when the problem concerns the whole file
    message: Message
    severity: str = ERROR
    page: int | None = None
    rule: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.message, Message):  # an untranslatable report is a bug
            raise TypeError(f"a Problem's message must be a Message, not {self.message!r}")

    @property
    def text(self) -> str:
        return self.message.render()

    def format(self, relative_to: Path | None = None, language: str | None = None) -> str:
        where = ""
        if self.file is not None:
            where = _display_path(self.file, relative_to)
            if self.line:
                where += f":{self.line}"
            where += ": "
        severity = SEVERITY_WORDS[self.severity].render(language)
        rule = f"preflight {self.rule}: " if self.rule else ""
        page = msg("page {page}: ", page=self.page).render(language) if self.page else ""
        return f"{where}{severity}: {rule}{page}{self.message.render(language)}"


def _display_path(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)


class InputError(Exception):
    """Raised once a stage has collected problems it cannot go past.

    Carries every problem found so far (warnings too), so the user sees them all in one run.
    """

    def __init__(self, problems: list[Problem]):
        super().__init__()
        self.problems = problems

    def __str__(self) -> str:  # rendered when shown, in the language chosen by then
        return "\n".join(p.format() for p in self.problems)

    @classmethod
    def single(cls, file: Path | None, line: int | None, message: Message) -> InputError:
        return cls([Problem(file, line, message)])


class UsageError(InputError):
    """The command line asks for something that cannot be done as asked (an output that
    would overwrite an input): exit status 2, nothing done."""


class Problems:
    """Collects problems while a reader goes on reading."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, file: Path | None, line: int | None, message: Message) -> None:
        self.items.append(Problem(file, line, message, ERROR))

    def warning(self, file: Path | None, line: int | None, message: Message) -> None:
        self.items.append(Problem(file, line, message, WARNING))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.items)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise InputError(list(self.items))
