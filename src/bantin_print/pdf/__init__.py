"""The print edition (ReportLab)."""

from bantin_print.pdf.writer import write_pdf

__all__ = ["write_pdf"]
