"""The one error type: problems in the user's input, each with its file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    file: Path | None
    line: int | None  # 1-based; None when the problem concerns the whole file
    message: str
    severity: str = ERROR

    def format(self, relative_to: Path | None = None) -> str:
        where = ""
        if self.file is not None:
            where = _display_path(self.file, relative_to)
            if self.line:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.severity}: {self.message}"


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
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems

    @classmethod
    def single(cls, file: Path | None, line: int | None, message: str) -> InputError:
        return cls([Problem(file, line, message)])


class UsageError(InputError):
    """The command line asks for something that cannot be done as asked (an output that
    would overwrite an input): exit status 2, nothing done."""


class Problems:
    """Collects problems while a reader goes on reading."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, file: Path | None, line: int | None, message: str) -> None:
        self.items.append(Problem(file, line, message, ERROR))

    def warning(self, file: Path | None, line: int | None, message: str) -> None:
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
