"""`bantin-print preview`: the issue's pages as they will print, in the browser, built
again each time a file of the issue is saved."""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path
from typing import Callable

from bantin_print.preview.server import PreviewServer
from bantin_print.preview.session import Session


def publication_file(manifest: Path) -> Path | None:
    """The file the manifest `extends:`, read without the reader: the preview watches it
    even while the issue cannot be read."""
    import yaml

    try:
        extends = (yaml.safe_load(manifest.read_text("utf-8")) or {}).get("extends")
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        return None  # the build says what is wrong
    return (manifest.parent / extends).resolve() if isinstance(extends, str) else None


def watched(manifest: Path) -> list[Path]:
    """The folder whose files make the issue: its own, or its publication file's when
    that lies above it."""
    folder = manifest.parent.resolve()
    shared = publication_file(manifest)
    if shared is not None and folder.is_relative_to(shared.parent):
        return [shared.parent]
    return [folder]


def serve(manifest: Path, port: int, language: str, open_browser: bool,
          ready: Callable[[str], None], stop: threading.Event | None = None) -> None:
    """Serve the preview until `stop` is set (or Ctrl-C): `ready` is told the address
    first. Leaves nothing behind: the builds live in a folder of its own, removed."""
    import watchfiles

    stop = stop or threading.Event()
    session = Session(manifest)
    try:
        server = PreviewServer(session, port, language)
    except BaseException:  # the port is taken: nothing of the session left behind
        session.close()
        raise
    serving = threading.Thread(target=server.serve_forever, name="preview-server",
                               daemon=True)
    # Builds run on a thread of their own, so that the watcher never stops watching: a
    # file saved while a build runs makes one more build after it.
    dirty = threading.Event()

    def building() -> None:
        while not stop.is_set():
            if dirty.wait(0.2) and not stop.is_set():
                dirty.clear()
                session.rebuild()

    builder = threading.Thread(target=building, name="preview-builder", daemon=True)
    try:
        serving.start()
        ready(server.address)
        if open_browser:
            webbrowser.open(server.address)
        dirty.set()  # the first build
        builder.start()
        for changes in watchfiles.watch(*watched(manifest), stop_event=stop,
                                        watch_filter=_issue_files, raise_interrupt=True):
            if any(session.concerns(Path(path)) for _, path in changes):
                dirty.set()
    finally:
        stop.set()
        if builder.is_alive():
            builder.join(120)  # a build under way ends before its folder goes
        server.stop()
        session.close()


def _issue_files(change, path: str) -> bool:
    """What an editor saves: not an editor's swap and backup files, nor the outputs."""
    name = Path(path).name
    return not (name.startswith((".", "~", "#")) or name.endswith(
        ("~", ".swp", ".tmp", ".orig", ".pdf", ".epub")))
