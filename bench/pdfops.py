"""The text state glyphs are shown with, read from a PDF's content streams (pikepdf):
what letter spacing (Tc) and horizontal scaling (Tz) a PDF really uses. Shared by the
typographic benchmark and the tests."""

from __future__ import annotations

from pathlib import Path

import pikepdf


def shown_with(pdf: Path) -> list[tuple[float, float, float]]:
    """(Tz in percent, Tc in points, font size) for every text-showing operator."""
    out = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            size, tz, tc = 0.0, 100.0, 0.0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "Tf":
                    size = float(operands[1])
                elif op == "Tz":
                    tz = float(operands[0])
                elif op == "Tc":
                    tc = float(operands[0])
                elif op in ("Tj", "TJ", "'", '"'):
                    out.append((tz, tc, size))
    return out
