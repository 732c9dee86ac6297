"""The text state glyphs are shown with, read from a PDF's content streams (pikepdf):
what letter spacing (Tc) and horizontal scaling (Tz) a PDF really uses. Shared by the
typographic benchmark and the tests."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pikepdf


class Shown(NamedTuple):
    tz: float  # horizontal scaling, per cent
    tc: float  # letter spacing, points
    size: float  # font size
    rise: float  # text rise (Ts), points


def shown_with(pdf: Path) -> list[Shown]:
    """The text state of every text-showing operator."""
    out = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            state = {"Tz": 100.0, "Tc": 0.0, "Ts": 0.0}
            size = 0.0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    size = float(operands[1])
                elif op in state:
                    state[op] = float(operands[0])
                elif op in ("Tj", "TJ", "'", '"'):
                    out.append(Shown(state["Tz"], state["Tc"], size, state["Ts"]))
    return out
