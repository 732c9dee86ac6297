"""Line breaks remembered from one build of an issue to the next.

An editor rebuilds an issue after changing a caption or a paragraph: every other
paragraph breaks exactly as before, and breaking them is most of the composer's work. The
breaks of each paragraph are kept under a key made of everything they depend on (its
runs, the size, the widths, the limits, how it is set, and the composer's own source code,
so that a changed composer never reads old breaks), in one cache entry per issue.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from importlib import resources
from typing import Iterator

from bantin_print import __version__
from bantin_print.pdf.paragraph.linebreak import Line

_current: Memo | None = None


def _fingerprint() -> str:
    """The composer's code: its breaks change when that does."""
    digest = hashlib.sha256(__version__.encode())
    package = resources.files("bantin_print.pdf.paragraph")
    for name in ("collect.py", "prepare.py", "linebreak.py"):
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


FINGERPRINT = _fingerprint()


class Memo:
    def __init__(self, known: dict[str, list] | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, list] = {}

    def get(self, key: str) -> list[Line] | None:
        found = self.known.get(key)
        if found is None:
            return None
        self.used[key] = found
        return [Line(start, end, ratio, last) for start, end, ratio, last in found]

    def put(self, key: str, lines: list[Line]) -> None:
        self.used[key] = [[line.start, line.end, line.ratio, line.last] for line in lines]


def key(*parts) -> str:
    return hashlib.sha1(repr((FINGERPRINT, parts)).encode()).hexdigest()


def current() -> Memo | None:
    return _current


@contextlib.contextmanager
def remembered(cache, issue_key: str) -> Iterator[Memo]:
    """Breaks of this issue's paragraphs from the cache for the block's duration, and the
    ones used by the block kept for the next build (best effort: a cache that cannot be
    read or written only makes the build slower)."""
    global _current
    entry = hashlib.sha256(f"line-breaks {FINGERPRINT} {issue_key}".encode()).hexdigest()
    known: dict[str, list] = {}
    found = cache.get(entry) if cache is not None else None
    if found is not None:
        with contextlib.suppress(ValueError, TypeError):
            loaded = json.loads(found[1])
            if isinstance(loaded, dict):
                known = loaded
    memo = Memo(known)
    previous, _current = _current, memo
    try:
        yield memo
    finally:
        _current = previous
    if cache is not None and memo.used != known:
        cache.put(entry, json.dumps(memo.used, separators=(",", ":")).encode())
