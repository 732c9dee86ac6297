"""bantin-print: lays out Vietnamese organisational bulletins (bản tin) for print and EPUB."""

__version__ = "0.1.0"

# In the screen PDF's keywords: preflight knows it for no print job.
SCREEN_EDITION = "bantin-print screen edition"
