"""`bantin-print new DIR`: a new issue folder that builds as it stands."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from bantin_print.errors import InputError
from bantin_print.output import atomic_folder

MANIFEST_NAME = "issue.yaml"
_FILES = {"issue.yaml": MANIFEST_NAME, "article.md": "articles/bai-mau.md"}


def create(folder: Path, today: dt.date | None = None) -> None:
    """Write the template files into `folder`, which must not exist or be empty.

    The files are written into a temporary folder first and moved into place together, so
    an interrupted run leaves nothing half-made.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError.single(folder, None, "already exists and is not an empty folder; "
                                "name a new folder for the issue")
    parent = folder.absolute().parent
    if not parent.is_dir():
        raise InputError.single(folder, None, f"the folder {parent} does not exist")
    date = (today or dt.date.today()).isoformat()
    templates = resources.files("bantin_print") / "templates"
    try:
        with atomic_folder(folder) as staging:
            for template, target in _FILES.items():
                text = (templates / template).read_text(encoding="utf-8").replace("{date}", date)
                path = staging / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise InputError.single(folder, None,
                                f"cannot create the issue folder: {e.strerror or e}") from None
