"""Every file the tool writes for the user goes through here: build outputs, converted and
imported files, the scaffold, the cache.

Writes are atomic (a hidden temporary file beside the target, renamed over it when
complete), and an output may never be a file the same run reads, nor another output of the
run: `check_outputs` refuses that before any work is done.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from bantin_print.errors import InputError, Problem, UsageError
from bantin_print.i18n import Message, msg


# --------------------------------------------------------------------------- atomic writes
@contextlib.contextmanager
def atomic_output(target: Path, mode_of: Path | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes `target` only when the block completes.

    The data goes to a hidden temporary file beside the target, renamed over it at the end:
    a failure or Ctrl-C (and a kill, which the command line turns into the same) removes it
    and leaves an older `target` exactly as it was. Interruptions are held back while the
    temporary file is created and while it is removed, so that one arriving at that very
    moment cannot leave it behind. A file left by a run killed outright (kill -9) carries
    its process number and is removed by the next write of that target.

    The new file gets the permissions of `mode_of` (the file it replaces) when that exists,
    else the usual ones for a new file.
    """
    folder = target.parent
    temporary: Path | None = None
    # One try around the creation too: an interruption held back while the file is created
    # arrives as soon as it is let through, and must find the removal already armed.
    try:
        with _interruptions_held():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                _remove_stale_temporaries(target)
                descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.",
                                                    suffix=".part", dir=folder)
            except OSError as e:
                raise InputError.single(target, None, msg("cannot write here: {reason}",
                                                          reason=e.strerror or str(e))) from None
            temporary = Path(name)
            out = os.fdopen(descriptor, "w+b")
        with out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(mode_of))
        os.replace(temporary, target)
    finally:
        if temporary is not None:
            with _interruptions_held(), contextlib.suppress(FileNotFoundError):
                temporary.unlink()


def write_atomic(target: Path, data: bytes, mode_of: Path | None = None) -> None:
    """`data` as the whole of `target`, atomically (see atomic_output)."""
    with atomic_output(target, mode_of) as out:
        out.write(data)


def write_cache_entry(target: Path, data: bytes) -> None:
    """A cache entry: renamed into place whole, so that concurrent builds never read half
    of one; not synced to disk (a lost entry is made again). Raises OSError."""
    target.parent.mkdir(parents=True, exist_ok=True)
    name: str | None = None
    try:
        with _interruptions_held():
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(name, target)
    except BaseException:
        if name is not None:
            with _interruptions_held(), contextlib.suppress(OSError):
                os.unlink(name)
        raise


@contextlib.contextmanager
def atomic_folder(folder: Path) -> Iterator[Path]:
    """Yield an empty staging folder that becomes `folder` (which must not exist or be
    empty) only when the block completes; otherwise it is removed with all it holds."""
    parent = folder.absolute().parent
    staging: Path | None = None
    try:
        with _interruptions_held():  # as in atomic_output
            staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
        yield staging
        staging.chmod(0o777 & ~current_umask())
        os.replace(staging, folder)
    finally:
        if staging is not None:
            with _interruptions_held():
                shutil.rmtree(staging, ignore_errors=True)


def keep_original(path: Path) -> Path:
    """Copy `path` to a free name beside it (FILE.orig, FILE.orig.2, …) before it is
    written over, so that the user can get it back. Returns the copy's path."""
    candidate = path.with_name(path.name + ".orig")
    n = 1
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{path.name}.orig.{n}")
    with atomic_output(candidate, mode_of=path) as out, path.open("rb") as source:
        shutil.copyfileobj(source, out)
    return candidate


def _mode_for(existing: Path | None) -> int:
    if existing is not None:
        with contextlib.suppress(OSError):
            return stat.S_IMODE(existing.stat().st_mode)
    return 0o666 & ~current_umask()


@contextlib.contextmanager
def _interruptions_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (then they arrive as usual).

    Held by handlers that note the signal, not by a signal mask: a mask holds a signal back
    from one thread only, and the kernel then hands it to another (the photo pool's manager
    thread), after which Python raises it in the main thread all the same."""
    if threading.current_thread() is not threading.main_thread():
        yield  # Python raises interruptions in the main thread only
        return
    noted: list[int] = []
    previous: dict[int, object] = {}
    try:
        for number in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(number) is not None:  # None: set outside Python, kept as is
                previous[number] = signal.signal(number,
                                                 lambda signum, frame: noted.append(signum))
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if noted:
            signal.raise_signal(noted[0])  # handled as it would have been, now


def _remove_stale_temporaries(target: Path) -> None:
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        pid = stale.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                stale.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def current_umask() -> int:
    """The process's umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------------- clashes
# What the model calls the files an issue reads (Issue.inputs), in messages.
INPUT_ROLES = {"the manifest": msg("the manifest"),
               "the publication file": msg("the publication file"),
               "an article": msg("an article"), "a photo": msg("a photo"),
               "a font": msg("a font"), "the ICC profile": msg("the ICC profile")}


def check_outputs(outputs: Iterable[tuple[str | Message, Path]],
                  inputs: Iterable[tuple[Path, str | Message]]) -> None:
    """Refuse (UsageError, exit 2) an output that is one of the files the run reads, or
    the same file as another output of the run.

    `outputs` are (what, path) pairs, what being how the user named it ("-o", or a
    message: msg("the print PDF")); `inputs` are (path, role) pairs, role saying what the
    file is (msg("the manifest")).
    Files are compared as the file system sees them: an existing output is compared by
    device and inode with every input (symbolic links, hard links, ".." and a
    case-insensitive file system all end on the same inode); outputs that do not exist
    yet are compared by their resolved paths, without regard to case where the folder
    they are in ignores case.
    """
    outputs = [(what, Path(path)) for what, path in outputs]
    by_inode: dict[tuple[int, int], tuple[Path, str]] = {}
    for path, role in inputs:
        role = INPUT_ROLES.get(role, role) if isinstance(role, str) else role
        identity = _inode(Path(path))
        if identity is not None:
            by_inode.setdefault(identity, (Path(path), role))
    problems: list[Problem] = []
    seen: list[tuple[str | Message, Path, tuple[int, int] | None, str]] = []
    for what, path in outputs:
        unwritable = _not_a_file_path(path)
        if unwritable:
            problems.append(Problem(path, None, msg("{what} cannot be written there: {reason}",
                                                    what=what, reason=unwritable)))
            continue
        identity = _inode(path)
        if identity is not None and identity in by_inode:
            source, role = by_inode[identity]
            if _same_spelling(source, path):
                clash = msg("{what} would write over {role}, which this run reads; choose "
                            "another file name", what=what, role=role)
            else:
                clash = msg("{what} would write over {role} ({source}), which this run reads; "
                            "choose another file name", what=what, role=role, source=str(source))
            problems.append(Problem(path, None, clash))
            continue
        key = _comparable(path)
        for other_what, other_path, other_identity, other_key in seen:
            if (identity is not None and identity == other_identity) or key == other_key:
                problems.append(Problem(path, None, msg(
                    "{what} and {other} name the same file; give each output a file name of "
                    "its own", what=what, other=other_what)))
                break
        seen.append((what, path, identity, key))
    if problems:
        raise UsageError(problems)


def _not_a_file_path(path: Path) -> Message | None:
    """Why `path` cannot become a file, or None."""
    if path.is_dir():
        return msg("it is a folder; name a file in it")
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else msg("{parent} is a file, not a folder",
                                                    parent=str(parent))
    return None


def _same_spelling(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _comparable(path: Path) -> str:
    resolved = path.resolve()
    text = str(resolved)
    return text.casefold() if _ignores_case(resolved.parent) else text


def _ignores_case(folder: Path) -> bool:
    """Does the file system under `folder` ignore case? Found by asking for the folder (or
    its nearest existing parent) under another case."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    for probe in (folder, *folder.parents):
        name = probe.name
        if name and name.swapcase() != name:
            twin = probe.with_name(name.swapcase())
            try:
                return os.path.samefile(probe, twin)
            except OSError:
                return False
    return False
