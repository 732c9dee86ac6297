"""bantin-print: lays out Vietnamese organisational bulletins (bản tin) for print and EPUB."""

__version__ = "0.1.0"
