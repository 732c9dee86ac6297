"""No output may be a file the run reads, nor another output of the same run: exit 2,
before any work, nothing changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MANIFEST, OUTPUT_NAME, write_files

REPO = Path(__file__).resolve().parents[1]
PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # Debian's libgs-common


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bantin_print", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture
def full_issue(issue_dir: Path) -> Path:
    """The small issue with fonts of its own and a CMYK profile, so that every kind of
    input lives in its folder."""
    (issue_dir / "fonts").mkdir()
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        shutil.copy(REPO / "fonts" / f"NotoSerif-{face}.ttf", issue_dir / "fonts")
    shutil.copy(PROFILE, issue_dir / "in.icc")
    write_files(issue_dir, {"issue.yaml": MANIFEST + (
        "layout:\n  font_dir: fonts\n  fonts: {body: Noto Serif, heading: Noto Serif}\n"
        "print:\n  color: cmyk\n  icc_profile: in.icc\n")})
    assert run("check", str(issue_dir / "issue.yaml")).returncode == 0
    return issue_dir


INPUTS = {
    "the manifest": "issue.yaml",
    "an article": "articles/mot.md",
    "a photo": "photos/anh.jpg",
    "a font": "fonts/NotoSerif-Italic.ttf",
    "the ICC profile": "in.icc",
}


@pytest.mark.parametrize("flag", ["--pdf", "--epub", "--screen"])
@pytest.mark.parametrize("role", list(INPUTS))
def test_an_output_pointed_at_an_input_is_refused(full_issue: Path, flag: str, role: str):
    before = snapshot(full_issue)
    target = full_issue / INPUTS[role]
    result = run("build", str(full_issue / "issue.yaml"), "--out", str(full_issue / "out"),
                 flag, str(target))
    assert result.returncode == 2, result.stderr
    assert f"would write over {role}" in result.stderr
    assert str(target) in result.stderr and "Traceback" not in result.stderr
    assert snapshot(full_issue) == before  # nothing written, not even the other outputs


@pytest.mark.parametrize("spelling", ["symlink", "dotdot", "hardlink", "relative"])
def test_every_spelling_of_the_same_file_is_caught(full_issue: Path, tmp_path: Path,
                                                   spelling: str):
    article = full_issue / "articles" / "mot.md"
    if spelling == "symlink":
        target = tmp_path / "link.pdf"
        target.symlink_to(article)
    elif spelling == "hardlink":
        target = tmp_path / "hard.pdf"
        os.link(article, target)
    elif spelling == "dotdot":
        target = full_issue / "photos" / ".." / "articles" / "mot.md"
    else:
        target = Path("articles/mot.md")
    before = snapshot(full_issue)
    result = run("build", str(full_issue / "issue.yaml"), "--out", str(tmp_path / "out"),
                 "--pdf", str(target), cwd=full_issue)
    assert result.returncode == 2, result.stderr
    assert "would write over an article" in result.stderr
    assert snapshot(full_issue) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("first, second", [("--pdf", "--epub"), ("--pdf", "--screen"),
                                           ("--epub", "--screen")])
def test_two_outputs_of_one_run_may_not_be_one_file(full_issue: Path, first: str, second: str):
    out = full_issue / "out"
    out.mkdir()
    (out / "old.pdf").write_bytes(b"older output")
    for existing in (False, True):
        name = "old.pdf" if existing else "new.pdf"
        result = run("build", str(full_issue / "issue.yaml"), "--out", str(out),
                     first, str(out / name), second, str(out / "sub" / ".." / name))
        assert result.returncode == 2, result.stderr
        assert "name the same file" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["old.pdf"]
    assert (out / "old.pdf").read_bytes() == b"older output"


def test_a_default_output_name_that_is_an_input_is_refused(tmp_path: Path):
    # --out into the articles folder, where an article happens to have the screen PDF's
    # default name (the publication and the issue's number).
    folder = tmp_path / "issue"
    screen = f"articles/{OUTPUT_NAME}-screen.pdf"
    write_files(folder, {"issue.yaml": MANIFEST.replace("articles/hai.md", screen),
                         "articles/mot.md": "---\ntitle: Một\n---\nMột đoạn.\n",
                         screen: "---\ntitle: Hai\n---\nHai đoạn.\n"})
    before = snapshot(folder)
    result = run("build", str(folder / "issue.yaml"), "--out", str(folder / "articles"), "--screen")
    assert result.returncode == 2, result.stderr
    assert "the screen PDF would write over an article" in result.stderr
    assert snapshot(folder) == before


def test_the_manifest_is_checked_before_it_is_even_read(tmp_path: Path):
    # A manifest with errors, and an output over it: the clash is what is reported.
    manifest = tmp_path / "issue.yaml"
    manifest.write_text("publication: [\n", encoding="utf-8")
    result = run("build", str(manifest), "--screen", str(manifest))
    assert result.returncode == 2 and "would write over the manifest" in result.stderr
    assert manifest.read_text(encoding="utf-8") == "publication: [\n"


def test_impose_output_may_not_be_its_input(sample_build, tmp_path: Path):
    pdf = tmp_path / "in.pdf"
    shutil.copy(sample_build[0], pdf)
    before = pdf.read_bytes()
    result = run("impose", str(pdf), "--booklet", "-o", str(pdf))
    assert result.returncode == 2, result.stderr
    assert "would write over the PDF being imposed" in result.stderr
    assert pdf.read_bytes() == before and sorted(tmp_path.iterdir()) == [pdf]


def test_import_may_not_write_over_a_file_it_imports(issue_dir: Path):
    # A portal text that is in truth the manifest (a link to it): the import would
    # rewrite the very file it reads.
    source = issue_dir / "bai.txt"
    source.symlink_to(issue_dir / "issue.yaml")
    before = snapshot(issue_dir)
    result = run("import", str(source), "--into", str(issue_dir))
    assert result.returncode == 2, result.stderr
    assert "would write over a file being imported" in result.stderr
    assert snapshot(issue_dir) == before


@pytest.mark.parametrize("command", ["build", "impose", "convert"])
def test_an_output_that_cannot_be_a_file_is_refused_before_any_work(full_issue: Path,
                                                                    sample_build, command):
    before = snapshot(full_issue)
    for target in (full_issue / "articles", full_issue / "issue.yaml" / "x.pdf"):
        args = {"build": ["build", str(full_issue / "issue.yaml"), "--pdf", str(target)],
                "impose": ["impose", str(sample_build[0]), "--booklet", "-o", str(target)],
                "convert": ["convert", str(full_issue / "articles" / "mot.md"), "--from",
                            "auto", "-o", str(target)]}[command]
        result = run(*args)
        assert result.returncode == 2, result.stderr
        assert "cannot be written there" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(full_issue) == before
