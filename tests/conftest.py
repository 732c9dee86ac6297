"""A small valid issue written into a temporary folder, which tests then break on purpose."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

# The suite reads messages in English, the ids the code is written in (and this process's
# CLI runs and subprocesses inherit it); tests of the Vietnamese messages ask for vi.
os.environ["BANTIN_LANG"] = "en"

MANIFEST = """\
publication:
  name: Bản tin Thử nghiệm
  publisher: Sở Thử nghiệm tỉnh Sơn Hà
issue:
  number: 3
  date: 2024-03-15
imprint:
  licence: Giấy phép số 01/GP-STTTT ngày 05/01/2024
  responsible: Nguyễn Văn An
  printer: Công ty In Thử nghiệm
  print_run: 200
  frequency: Hằng tháng
sections:
  - title: Tin tức - Sự kiện
    articles:
      - articles/mot.md
      - articles/hai.md
"""

# The editions' default name for MANIFEST: its publication and number.
OUTPUT_NAME = "ban-tin-thu-nghiem-so-03"

ARTICLE_ONE = """\
---
title: Hội nghị tổng kết năm 2023
lead: Sáng 12/01/2024, Sở tổ chức hội nghị tổng kết.
author: Hương Dịu
date: 2024-01-12
photos:
  - file: ../photos/anh.jpg
    caption: Quang cảnh hội nghị
    credit: "Ảnh: Hương Dịu"
---
Đoạn thứ nhất của bài viết.

## Nhiệm vụ năm 2024

Đoạn thứ hai, có chữ **đậm** và *nghiêng*.
"""

ARTICLE_TWO = """\
---
title: Tin ngắn
---
Một đoạn tin ngắn.
"""


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def jpeg_bytes(size: tuple[int, int] = (64, 48), color: str = "steelblue") -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def issue_dir(tmp_path: Path) -> Path:
    """A valid issue: issue.yaml, two articles, one photo."""
    folder = tmp_path / "so-03"
    write_files(folder, {
        "issue.yaml": MANIFEST,
        "articles/mot.md": ARTICLE_ONE,
        "articles/hai.md": ARTICLE_TWO,
        "photos/anh.jpg": jpeg_bytes(),
    })
    return folder


# bench/synthetic.py writes large realistic issues; the tests use it too.
import sys as _sys  # noqa: E402

_sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Builds in the tests (subprocesses included) use a cache of their own."""
    import os

    os.environ["BANTIN_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, _private_cache) -> tuple[Path, Path]:
    """The sample issue built once for the whole run: (PDF, EPUB)."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("sample")
    pdf, epub = folder / "sample.pdf", folder / "sample.epub"
    sample = Path(__file__).resolve().parents[1] / "issues" / "sample" / "issue.yaml"
    result = subprocess.run([sys.executable, "-m", "bantin_print", "build", str(sample),
                             "--pdf", str(pdf), "--epub", str(epub)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return pdf, epub


@pytest.fixture(autouse=True)
def _language_restored(monkeypatch):
    """A test that chooses the language (i18n.use) gets the suite's back afterwards."""
    from bantin_print import i18n

    monkeypatch.setattr(i18n, "_current", i18n._current)


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """The command line in this process: (exit status, stdout, stderr)."""
    from bantin_print import cli

    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
