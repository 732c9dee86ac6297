"""Orchestration: read the issue, run the writers, put outputs in place atomically."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from bantin_print import text
from bantin_print.cache import Cache
from bantin_print.output import atomic_output, check_outputs
from bantin_print.errors import Problem
from bantin_print.i18n import Message, msg
from bantin_print.reader import read_issue
from bantin_print.model import Issue

Progress = Callable[[Message], None]  # a progress line, shown while the work goes on


@dataclass
class Result:
    issue: Issue
    warnings: list[Problem]
    written: list[Path] = field(default_factory=list)
    preflight: object | None = None  # preflight.Report of the print PDF
    fills: list[float] = field(default_factory=list)  # of each page of the print PDF
    pdf: Path | None = None  # where the print PDF was written
    # each article of the print PDF: its file, the pages it starts and ends on
    articles: list[tuple[Path, int, int]] = field(default_factory=list)


def check(manifest: Path, progress: Progress | None = None, layout: bool = True) -> Result:
    """Read and validate everything, and (with `layout`) lay out the print edition for
    what only the layout shows (photos printed at too low a resolution, pages it cannot
    fill); write nothing."""
    issue, warnings = read_issue(manifest, progress)
    if not layout:
        return Result(issue, warnings)
    from bantin_print.pdf import layout_problems

    if progress:
        progress(msg("Laying out the pages"))
    return Result(issue, warnings + layout_problems(issue))


@dataclass
class Options:
    """What the command line may change for one build."""

    marks: bool | None = None  # crop marks; None: as the manifest says
    pad: bool | None = None  # blank pages to a multiple of 4; None: as the manifest says
    screen: Path | bool | None = None  # also write the screen PDF here (True: default name)
    out: Path | None = None  # the folder of the default names; None: the manifest's


def output_name(issue: Issue) -> str:
    """The editions' file name without extension: which publication and which issue
    ('ban-tin-khoa-hoc-va-cong-nghe-son-ha-so-08'), as editors send several issues to the
    print shop and keep them side by side."""
    return f"{text.slug(issue.publication.name, 80, 'ban-tin')}-so-{issue.number:02d}"


def build(manifest: Path, pdf: Path | None = None, epub: Path | None = None,
          progress: Progress | None = None, options: Options | None = None,
          kept=None, on_written: Callable[[Path, Result], None] | None = None) -> Result:
    """Check the issue, then write its print PDF and EPUB (and the screen PDF when
    asked), each atomically. An edition without a path gets the issue's name
    (output_name) in `options.out`. `kept` (pdf.Kept) keeps the print edition's
    compositions from one build to the next; `on_written` is told of each edition once it
    is in place, the print PDF first (the preview shows it while the rest is made)."""
    # The writers (ReportLab, ebooklib) are imported only when something is built: check
    # and the other commands start in half the time.
    from bantin_print.epub import screen_requests, write_epub
    from bantin_print.images import Jobs
    from bantin_print.pdf import variant, write_pdf

    options = options or Options()
    check_outputs(_targets(pdf, epub, options.screen),  # the paths given, before reading
                  [(manifest, msg("the manifest"))])
    result = check(manifest, progress, layout=False)  # the print edition says it itself
    issue = result.issue
    folder = options.out if options.out is not None else manifest.parent
    name = output_name(issue)
    pdf = pdf or folder / f"{name}.pdf"
    epub = epub or folder / f"{name}.epub"
    screen = folder / f"{name}-screen.pdf" if options.screen is True else options.screen
    result.pdf = pdf
    check_outputs(_targets(pdf, epub, screen), issue.inputs())  # and before writing anything
    if options.pad is not None:
        issue.printing.pad = options.pad
    created = build_time(issue)
    with Jobs(Cache.shared()) as jobs:
        jobs.submit(screen_requests(issue))  # made while the PDF is laid out
        printed = None  # the print edition's result, once written
        steps = [(pdf, msg("Laying out the print PDF"), partial(
            write_pdf, kind=variant(issue, "print", options.marks), jobs=jobs, kept=kept))]
        if screen is not None:
            # The screen edition has the print edition's layout, found once.
            steps.append((screen, msg("Laying out the screen PDF"),
                          lambda issue, out, created: write_pdf(
                              issue, out, created, kind=variant(issue, "screen"), jobs=jobs,
                              tuning=getattr(printed, "tuning", None))))
        steps.append((epub, msg("Writing the EPUB"), partial(write_epub, jobs=jobs)))
        for target, step, writer in steps:
            if progress:
                progress(step)
            with atomic_output(target) as out:
                edition = writer(issue, out, created)
            result.warnings.extend(getattr(edition, "warnings", []))
            result.written.append(target)
            if target == pdf:
                result.fills = edition.fills
                result.articles = edition.articles
                printed = edition
            if on_written is not None:
                on_written(target, result)
    if progress:
        progress(msg("Checking the print PDF"))
    result.preflight = preflight_print(issue, pdf)
    return result


def _targets(pdf, epub, screen) -> list[tuple[Message, Path]]:
    """The editions that have a path yet, each with how messages name it."""
    return [(what, path) for what, path in ((msg("the print PDF"), pdf), (msg("the EPUB"), epub),
                                            (msg("the screen PDF"), screen))
            if isinstance(path, Path)]


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
