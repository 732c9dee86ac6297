"""The print edition (ReportLab)."""

from bantin_print.pdf.writer import Variant, variant, write_pdf

__all__ = ["Variant", "variant", "write_pdf"]
