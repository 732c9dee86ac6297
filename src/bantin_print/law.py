"""What the law asks of a bản tin, as data: the reader, both writers and preflight read it
here (Luật Báo chí 2016, Điều 34, and the rules on publishing bản tin under it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from bantin_print import model
from bantin_print.text import thousands

CITED = "Luật Báo chí 2016, Điều 34"
MASTHEAD = "BẢN TIN"  # the top of page 1 must carry it
MAX_TRIM_MM = (190.0, 270.0)  # the largest page, short side × long side
MAX_PAGES = 64


@dataclass(frozen=True)
class ImprintField:
    label: str
    value: Callable[[model.Issue], str | None]
    key: str | None = None  # its key under imprint: in the manifest (required there)
    checked: bool = True  # preflight looks for its label on the last page


def _print_run(issue: model.Issue) -> str | None:
    run = issue.imprint.print_run
    return f"{thousands(run)} bản" if run else None


# The imprint on the last page, in the order printed.
IMPRINT = (
    ImprintField("Cơ quan chủ quản", lambda issue: issue.publication.publisher, checked=False),
    ImprintField("Chịu trách nhiệm xuất bản", lambda issue: issue.imprint.responsible,
                 "responsible"),
    ImprintField("Giấy phép xuất bản", lambda issue: issue.imprint.licence, "licence"),
    ImprintField("Nơi in", lambda issue: issue.imprint.printer, "printer"),
    ImprintField("Số lượng in", _print_run, "print_run"),
    ImprintField("Kỳ hạn xuất bản", lambda issue: issue.imprint.frequency, "frequency"),
)
REQUIRED = {field.key: field.label for field in IMPRINT if field.key}
CHECKED_LABELS = tuple(field.label for field in IMPRINT if field.checked)


def imprint_rows(issue: model.Issue) -> list[tuple[str, str]]:
    """(label, value) of every imprint field the issue fills, in the order printed."""
    return [(field.label, value) for field in IMPRINT if (value := field.value(issue))]
