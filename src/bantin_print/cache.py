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
import functools
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from bantin_print import __version__
from bantin_print.images import ImageInfo, Processed, Target, probe
from bantin_print.output import write_cache_entry

DEFAULT_LIMIT = 1024 * 1024 * 1024  # bytes


def default_folder() -> Path:
    """BANTIN_CACHE_DIR, else $XDG_CACHE_HOME/bantin-print, else ~/.cache/bantin-print."""
    if os.environ.get("BANTIN_CACHE_DIR"):
        return Path(os.environ["BANTIN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "bantin-print"


class Cache:
    @classmethod
    def shared(cls) -> Cache:
        """One cache per folder in this process, so each file is hashed once."""
        return _shared(default_folder())

    def __init__(self, folder: Path | None = None, limit: int = DEFAULT_LIMIT) -> None:
        self.folder = folder or default_folder()
        self.limit = limit
        self._digests: dict[tuple[Path, int, int], str] = {}

    def key(self, source: Path, target: Target) -> str:
        """The source's bytes (hashed once per file and modification) and the target."""
        described = json.dumps([__version__, self._digest(source), asdict(target),
                                _profile_digest(target.cmyk_profile)], sort_keys=True)
        return hashlib.sha256(described.encode()).hexdigest()

    def _digest(self, source: Path) -> str:
        """The file's sha256, computed once per file and modification."""
        stat = source.stat()
        memo = (source, stat.st_mtime_ns, stat.st_size)
        if memo not in self._digests:
            digest = hashlib.sha256()
            with source.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            self._digests[memo] = digest.hexdigest()
        return self._digests[memo]

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def load(self, key: str) -> Processed | None:
        found = self.get(key)
        if found is None:
            return None
        meta, payload = found
        try:
            return Processed(data=payload if meta.pop("has_data") else None, **meta)
        except (TypeError, KeyError):
            return None

    def store(self, key: str, processed: Processed) -> None:
        self.put(key, processed.data or b"", {
            "has_data": processed.data is not None, "media_type": processed.media_type,
            "width": processed.width, "height": processed.height, "ppi": processed.ppi})

    def get(self, key: str) -> tuple[dict, bytes] | None:
        """(meta, payload) of an entry, or None; a damaged entry is deleted, never trusted."""
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
        except (ValueError, TypeError, KeyError, AttributeError):
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used
        return meta, payload

    def put(self, key: str, payload: bytes, meta: dict | None = None) -> None:
        """Best effort: a cache that cannot be written only makes builds slower."""
        header = {**(meta or {}), "sha256": hashlib.sha256(payload).hexdigest()}
        try:
            write_cache_entry(self._path(key), json.dumps(header).encode() + b"\n" + payload)
        except OSError:
            return
        self._trim()

    def probe(self, source: Path) -> ImageInfo:
        """images.probe through the cache: a photo checked once stays checked while its bytes
        stay the same. Problems are never cached; they are found again."""
        key = hashlib.sha256(json.dumps([__version__, "probe", self._digest(source)])
                             .encode()).hexdigest()
        found = self.get(key)
        if found is not None:
            try:
                return ImageInfo(**found[0])
            except TypeError:
                pass
        info = probe(source)
        self.put(key, b"", {"width": info.width, "height": info.height, "format": info.format})
        return info

    def font_subset(self, font: Path, characters: str, make) -> bytes:
        """`make()` (a font subset for `characters`) through the cache."""
        key = hashlib.sha256(json.dumps([__version__, "font", self._digest(font),
                                         characters]).encode()).hexdigest()
        found = self.get(key)
        if found is not None:
            return found[1]
        data = make()
        self.put(key, data)
        return data

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


@functools.lru_cache(maxsize=8)
def _shared(folder: Path) -> Cache:
    return Cache(folder)
