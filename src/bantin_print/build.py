"""Orchestration: read the issue, run the writers, put outputs in place atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bantin_print.errors import Problem
from bantin_print.reader import read_issue
from bantin_print.model import Issue

Progress = Callable[[str], None]


@dataclass
class Result:
    issue: Issue
    warnings: list[Problem]
    written: list[Path] = field(default_factory=list)
    not_available: list[str] = field(default_factory=list)


def check(manifest: Path, progress: Progress | None = None) -> Result:
    """Read and validate everything; write nothing."""
    issue, warnings = read_issue(manifest, progress)
    return Result(issue, warnings)


def build(manifest: Path, pdf: Path | None, epub: Path | None,
          progress: Progress | None = None) -> Result:
    """Check the issue, then write the editions asked for.

    The print and EPUB writers are the next pieces of work; until they exist the outputs
    asked for are listed in Result.not_available and nothing is written.
    """
    result = check(manifest, progress)
    for kind, target in (("PDF", pdf), ("EPUB", epub)):
        if target is not None:
            result.not_available.append(f"{kind} ({target})")
    return result
