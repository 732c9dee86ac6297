"""One preview of one issue: its builds into a folder of the preview's own, the proofs of
the last good build, and the problems of the last build, good or not."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from bantin_print import build
from bantin_print.errors import InputError, Problem
from bantin_print.i18n import msg
from bantin_print.preview.proofs import Proofs, page_keys


# One build at a time in a process, whichever preview it is for: PDFium is not thread-safe
# (two previews rendering at once in one process crashed it), nor is ReportLab's
# global configuration.
_BUILDING = threading.Lock()


@dataclass
class Page:
    number: int
    proof: str  # the key its proof is served by
    fill: float  # of its text height, 0..1
    articles: list[dict] = field(default_factory=list)  # {"title", "file"}


@dataclass
class Chapter:
    title: str
    xhtml: bytes


@dataclass
class State:
    """What the page shows: `version` grows with each build, good or not."""

    version: int = 0
    building: bool = False
    ok: bool = False  # the last build succeeded (else `pages` are the last good ones)
    pages: list[Page] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    # {"file", "line", "page", "severity", "text"}: the text a Message, said in the
    # preview's language when the page asks
    problems: list[dict] = field(default_factory=list)
    seconds: float = 0.0  # the last build's time
    rendered: list[int] = field(default_factory=list)  # pages rendered by the last build
    laid_out_from: int = 1  # the page from which the last build laid the articles out again


class Session:
    def __init__(self, manifest: Path) -> None:
        self.manifest = manifest
        self.folder = Path(tempfile.mkdtemp(prefix="bantin-preview-"))
        self.proofs = Proofs()
        self.kept = None  # pdf.Kept: the compositions, laid out again from the first change
        self.state = State()
        self.changed = threading.Condition()
        self.inputs: set[Path] = set()  # the files the last good build read

    def concerns(self, path: Path) -> bool:
        """Whether a change to `path` may change the issue: a file in its folder, or one
        it read (the publication file, its fonts…)."""
        path = path.resolve()
        from bantin_print.preview import publication_file

        return (path.is_relative_to(self.manifest.parent.resolve()) or path in self.inputs
                or path == publication_file(self.manifest))

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def wait(self, version: int, timeout: float) -> int:
        """Block until the state's version passes `version` (or the time is up)."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.version > version, timeout)
            return self.state.version

    def _publish(self, **changes) -> None:
        with self.changed:
            for key, value in changes.items():
                setattr(self.state, key, value)
            self.state.version += 1
            self.changed.notify_all()

    def rebuild(self) -> None:
        """Build the issue into the preview's folder. The print PDF's proofs are shown as
        soon as it is written (only the pages whose content changed are rendered), then
        the EPUB's chapters and the preflight's findings; on failure the last good pages
        stay, under the errors."""
        with _BUILDING:
            if self.kept is None:  # ReportLab is imported by the first build, not before
                from bantin_print.pdf import Kept

                self.kept = Kept()
            self._publish(building=True)
            start = time.monotonic()
            pdf, epub = self.folder / "print.pdf", self.folder / "book.epub"

            def shown(target: Path, result: build.Result) -> None:
                if target == pdf:
                    self._show_pages(pdf, result, start)

            try:
                result = build.build(self.manifest, pdf, epub, kept=self.kept, on_written=shown)
            except InputError as e:
                self._publish(building=False, ok=False, problems=self._problems(e.problems),
                              seconds=time.monotonic() - start, rendered=[])
                return
            except Exception as e:  # a bug of ours: said on the page, and the next save builds
                self.kept = None  # its compositions may be half laid out
                self._publish(building=False, ok=False, problems=self._problems([Problem(
                    None, None, msg("internal error: {error}\nThis is a bug in bantin-print; "
                                    "please report it with the files that caused it (set "
                                    "BANTIN_DEBUG=1 to see the details).",
                                    error=f"{type(e).__name__}: {e}"))]),
                              seconds=time.monotonic() - start, rendered=[])
                return
            found = self._problems(result.warnings)
            if result.preflight is not None:  # of the preview's own PDF: named by its page;
                # a photo's resolution the build's own warning names with its file and line
                found += [dict(problem, file="") for problem in self._problems(
                    [f for f in result.preflight.findings if f.rule != "image-ppi"])]
            self._publish(building=False, chapters=_chapters(epub), problems=found)

    def _show_pages(self, pdf: Path, result: build.Result, start: float) -> None:
        self.inputs = {Path(p).resolve() for p, _ in result.issue.inputs()}
        keys = page_keys(pdf)
        rendered = self.proofs.update(pdf, keys)
        pages = [Page(n, key, fill) for n, (key, fill)
                 in enumerate(zip(keys, result.fills + [0.0] * len(keys)), start=1)]
        titles = {a.path: a.title for s in result.issue.sections for a in s.articles}
        base = self.manifest.parent
        for path, first, last in result.articles:
            for page in pages[max(first, 1) - 1:max(last, first)]:
                page.articles.append({"title": titles.get(path, path.name),
                                      "file": _relative(path, base)})
        first = min(self.kept.starts.values(), default=0)
        laid_out_from = (result.articles[first][1] if first < len(result.articles)
                         else len(pages) + 1)
        self._publish(ok=True, pages=pages, problems=self._problems(result.warnings),
                      seconds=time.monotonic() - start, rendered=rendered,
                      laid_out_from=laid_out_from)

    def _problems(self, problems: list[Problem]) -> list[dict]:
        """Each problem, its file named from the issue's folder as the editor knows it."""
        base = self.manifest.parent
        return [{"file": _relative(Path(p.file), base) if p.file else "", "line": p.line,
                 "page": p.page, "severity": p.severity, "text": p.message}
                for p in problems]


def _relative(path: Path, base: Path) -> str:
    """As from the issue's folder: articles/x.md, ../bantin.yaml."""
    return os.path.relpath(path.resolve(), base.resolve())


_OPF = "{http://www.idpf.org/2007/opf}"


def _chapters(epub: Path) -> list[Chapter]:
    """The EPUB's documents in reading order (its spine), as the EPUB holds them."""
    with zipfile.ZipFile(epub) as book:
        container = ElementTree.fromstring(book.read("META-INF/container.xml"))
        root = next(e.get("full-path") for e in container.iter() if e.get("full-path"))
        opf = ElementTree.fromstring(book.read(root))
        folder = root.rsplit("/", 1)[0] + "/" if "/" in root else ""
        items = {i.get("id"): i.get("href") for i in opf.iter(f"{_OPF}item")}
        chapters = []
        for ref in opf.iter(f"{_OPF}itemref"):
            href = items.get(ref.get("idref"))
            if not href:
                continue
            xhtml = book.read(folder + href)
            title = ElementTree.fromstring(xhtml).findtext(
                ".//{http://www.w3.org/1999/xhtml}title") or href
            chapters.append(Chapter(title.strip(), xhtml))
        return chapters
