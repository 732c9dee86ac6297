"""The EPUB 3 edition (ebooklib)."""

from bantin_print.epub.writer import screen_requests, write_epub

__all__ = ["screen_requests", "write_epub"]
