"""The print edition (ReportLab)."""

from bantin_print.pdf.writer import Variant, layout_problems, variant, write_pdf

__all__ = ["Variant", "layout_problems", "variant", "write_pdf"]
