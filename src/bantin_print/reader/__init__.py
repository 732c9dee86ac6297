"""Readers: turn the user's files into the document model, keeping positions for messages."""

from bantin_print.reader.issue import read_issue

__all__ = ["read_issue"]
