"""Proof images of a PDF's pages, each made once: a page is known by its content (its
content stream, and the fonts and images it draws with), so that after a change only the
pages the change touched are rendered again. Rendered with PDFium (pypdfium2), the
engine of Chromium's PDF viewer."""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from pathlib import Path

PROOF_DPI = 110  # an A4 page 910 pixels wide: a screen's proof, text readable
# Proofs kept in memory beside the last build's own (each 100-250 kB): those of pages an edit
# is likely to bring back (a word typed, then taken out).
KEEP_OTHERS = 48


def page_keys(pdf: Path) -> list[str]:
    """A key for each page: the digest of what draws it. Two builds that draw a page
    alike give it the same key (the builds are reproducible)."""
    import pikepdf

    digests: dict[tuple[int, int], bytes] = {}  # an object's stream digest, by its id

    def stream_digest(obj) -> bytes:
        key = obj.objgen
        if key not in digests:
            digests[key] = hashlib.sha256(obj.read_raw_bytes()).digest()
        return digests[key]

    def resources_digest(resources, into, seen: set) -> None:
        for kind in ("/Font", "/XObject"):
            table = resources.get(kind)
            if table is None:
                continue
            for name in sorted(table.keys()):
                obj = table[name]
                into.update(name.encode())
                # A form's own fonts and images draw the page too: asked before _streams
                # marks the form as seen.
                nested = (kind == "/XObject" and obj.get("/Resources") is not None
                          and obj.objgen not in seen)
                for item in _streams(obj, seen):
                    into.update(stream_digest(item))
                if nested:
                    resources_digest(obj.Resources, into, seen)

    keys = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            h = hashlib.sha256()
            for box in ("/MediaBox", "/CropBox", "/TrimBox"):
                h.update(repr(page.obj.get(box)).encode())
            contents = page.obj.get("/Contents")
            for stream in (contents if isinstance(contents, pikepdf.Array) else [contents]):
                if stream is not None:
                    h.update(stream.read_bytes())
            if page.obj.get("/Resources") is not None:
                resources_digest(page.obj.Resources, h, set())
            keys.append(h.hexdigest()[:32])
    return keys


def _streams(obj, seen: set):
    """The streams an object holds or points to (a font's program, its encoding…), once."""
    import pikepdf

    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Object) and item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        if isinstance(item, pikepdf.Stream):
            yield item
        if isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
            for key in item.keys():
                if key not in ("/Parent", "/Resources"):
                    stack.append(item[key])
        elif isinstance(item, pikepdf.Array):
            stack.extend(item)


class Proofs:
    """JPEG proofs by key, kept in memory: the last build's pages, and of the others the
    most recently used."""

    def __init__(self) -> None:
        self._images: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            image = self._images.get(key)
            if image is not None:
                self._images.move_to_end(key)
            return image

    def update(self, pdf: Path, keys: list[str]) -> list[int]:
        """Render the pages whose keys are new; returns their numbers (from 1)."""
        missing = [n for n, key in enumerate(keys) if self.get(key) is None]
        if missing:
            self._render(pdf, {keys[n]: n for n in missing})
        with self._lock:
            for key in keys:  # the pages shown now, kept whatever came before them
                self._images.move_to_end(key)
            while len(self._images) > len(set(keys)) + KEEP_OTHERS:
                self._images.popitem(last=False)
        return [n + 1 for n in missing]

    def _render(self, pdf: Path, pages: dict[str, int]) -> None:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        try:
            for key, n in pages.items():
                page = document[n]
                bitmap = page.render(scale=PROOF_DPI / 72)
                data = io.BytesIO()
                # JPEG: a page in 15 ms; PNG's encoder takes six times as long.
                bitmap.to_pil().convert("RGB").save(data, "JPEG", quality=88)
                with self._lock:
                    self._images[key] = data.getvalue()
                page.close()
        finally:
            document.close()
