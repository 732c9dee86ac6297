"""A content-addressed cache of processed photos, so that rebuilding an issue does not
decode its camera photos again.

An entry is keyed by the source's bytes and the target it was made for, so an edited photo
or a changed layout never gets a stale answer. Entries are written to a temporary file and
renamed into place (safe with concurrent builds), carry a checksum of their payload (a
damaged entry is deleted and made again, never trusted), and the folder is kept under a
size limit by removing the least recently used entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from bantin_print import __version__
from bantin_print.images import Processed, Target

DEFAULT_LIMIT = 1024 * 1024 * 1024  # bytes


def default_folder() -> Path:
    """BANTIN_CACHE_DIR, else $XDG_CACHE_HOME/bantin-print, else ~/.cache/bantin-print."""
    if os.environ.get("BANTIN_CACHE_DIR"):
        return Path(os.environ["BANTIN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "bantin-print"


class Cache:
    def __init__(self, folder: Path | None = None, limit: int = DEFAULT_LIMIT) -> None:
        self.folder = folder or default_folder()
        self.limit = limit
        self._digests: dict[tuple[Path, int, int], str] = {}

    def key(self, source: Path, target: Target) -> str:
        """The source's bytes (hashed once per file and modification) and the target."""
        stat = source.stat()
        memo = (source, stat.st_mtime_ns, stat.st_size)
        if memo not in self._digests:
            digest = hashlib.sha256()
            with source.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            self._digests[memo] = digest.hexdigest()
        described = json.dumps([__version__, self._digests[memo], asdict(target),
                                _profile_digest(target.cmyk_profile)], sort_keys=True)
        return hashlib.sha256(described.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def load(self, key: str) -> Processed | None:
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        header, _, payload = raw.partition(b"\n")
        try:
            meta = json.loads(header)
            if hashlib.sha256(payload).hexdigest() != meta.pop("sha256"):
                raise ValueError("checksum")
            processed = Processed(data=payload if meta.pop("has_data") else None, **meta)
        except (ValueError, TypeError, KeyError):
            with contextlib.suppress(OSError):
                path.unlink()  # damaged: never trusted, made again
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used
        return processed

    def store(self, key: str, processed: Processed) -> None:
        """Best effort: a cache that cannot be written only makes builds slower."""
        payload = processed.data or b""
        meta = {"sha256": hashlib.sha256(payload).hexdigest(), "has_data": processed.data is not None,
                "media_type": processed.media_type, "width": processed.width,
                "height": processed.height, "ppi": processed.ppi}
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(meta).encode() + b"\n" + payload)
            os.replace(name, path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(name)
            return
        self._trim()

    def _trim(self) -> None:
        """Remove the least recently used entries once the folder is over its limit."""
        entries = []
        total = 0
        for sub in self.folder.glob("??"):
            for entry in os.scandir(sub):
                if entry.is_file() and not entry.name.startswith("."):
                    stat = entry.stat()
                    entries.append((stat.st_mtime_ns, stat.st_size, entry.path))
                    total += stat.st_size
        if total <= self.limit:
            return
        for _, size, path in sorted(entries):
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size
            if total <= self.limit * 0.9:
                break


def _profile_digest(profile: str) -> str:
    if not profile:
        return ""
    return hashlib.sha256(Path(profile).read_bytes()).hexdigest()
