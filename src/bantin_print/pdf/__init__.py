"""The print edition (ReportLab)."""

from bantin_print.pdf.writer import Kept, Variant, layout_problems, variant, write_pdf

__all__ = ["Kept", "Variant", "layout_problems", "variant", "write_pdf"]
