"""The EPUB 3 edition (ebooklib)."""

from bantin_print.epub.writer import write_epub

__all__ = ["write_epub"]
