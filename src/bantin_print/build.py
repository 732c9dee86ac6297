"""Orchestration: read the issue, run the writers, put outputs in place atomically."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from bantin_print.cache import Cache
from bantin_print.output import atomic_output, check_outputs
from bantin_print.errors import Problem
from bantin_print.reader import read_issue
from bantin_print.model import Issue

Progress = Callable[[str], None]


@dataclass
class Result:
    issue: Issue
    warnings: list[Problem]
    written: list[Path] = field(default_factory=list)
    preflight: object | None = None  # preflight.Report of the print PDF
    fills: list[float] = field(default_factory=list)  # of each page of the print PDF


def check(manifest: Path, progress: Progress | None = None, layout: bool = True) -> Result:
    """Read and validate everything, and (with `layout`) lay out the print edition for
    what only the layout shows (photos printed at too low a resolution, pages it cannot
    fill); write nothing."""
    issue, warnings = read_issue(manifest, progress)
    if not layout:
        return Result(issue, warnings)
    from bantin_print.pdf import layout_problems

    if progress:
        progress("Laying out the pages")
    return Result(issue, warnings + layout_problems(issue))


@dataclass
class Options:
    """What the command line may change for one build."""

    marks: bool | None = None  # crop marks; None: as the manifest says
    pad: bool | None = None  # blank pages to a multiple of 4; None: as the manifest says
    screen: Path | None = None  # also write the screen PDF here


def build(manifest: Path, pdf: Path | None, epub: Path | None,
          progress: Progress | None = None, options: Options | None = None) -> Result:
    """Check the issue, then write the editions asked for, each atomically."""
    # The writers (ReportLab, ebooklib) are imported only when something is built: check
    # and the other commands start in half the time.
    from bantin_print.epub import screen_requests, write_epub
    from bantin_print.images import Jobs
    from bantin_print.pdf import variant, write_pdf

    options = options or Options()
    targets = [(what, path) for what, path in (("the print PDF", pdf), ("the EPUB", epub),
                                               ("the screen PDF", options.screen))
               if path is not None]
    check_outputs(targets, [(manifest, "the manifest")])  # before reading anything
    result = check(manifest, progress, layout=False)  # the print edition says it itself
    issue = result.issue
    check_outputs(targets, issue.inputs())  # and before writing anything
    if options.pad is not None:
        issue.printing.pad = options.pad
    created = build_time(issue)
    with Jobs(Cache.shared()) as jobs:
        if epub is not None:
            jobs.submit(screen_requests(issue))  # made while the PDF is laid out
        steps = []
        printed = None  # the print edition's result, once written
        if pdf is not None:
            steps.append((pdf, "Laying out the print PDF", partial(
                write_pdf, kind=variant(issue, "print", options.marks), jobs=jobs)))
        if options.screen is not None:
            # The screen edition has the print edition's layout, found once.
            steps.append((options.screen, "Laying out the screen PDF",
                          lambda issue, out, created: write_pdf(
                              issue, out, created, kind=variant(issue, "screen"), jobs=jobs,
                              tuning=getattr(printed, "tuning", None))))
        if epub is not None:
            steps.append((epub, "Writing the EPUB", partial(write_epub, jobs=jobs)))
        for target, step, writer in steps:
            if progress:
                progress(step)
            with atomic_output(target) as out:
                written = writer(issue, out, created)
            result.warnings.extend(getattr(written, "warnings", []))
            result.written.append(target)
            if target == pdf:
                result.fills = written.fills
                printed = written
    if pdf is not None:
        if progress:
            progress("Checking the print PDF")
        result.preflight = preflight_print(issue, pdf)
    return result


def preflight_print(issue: Issue, pdf: Path):
    """The print shop's check of the print PDF, with the publication's rules."""
    from bantin_print import preflight

    settings = issue.preflight
    rules = preflight.Rules(min_ppi=settings.min_ppi, expect_cmyk=issue.printing.color == "cmyk",
                            page_multiple=settings.page_multiple, bantin=settings.bantin)
    return preflight.preflight(pdf, rules)


def build_time(issue: Issue) -> dt.datetime:
    """The time recorded in the outputs: SOURCE_DATE_EPOCH when set (reproducible-builds.org),
    else the issue's date, never the clock, so that the same sources give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(issue.date.year, issue.date.month, issue.date.day)
