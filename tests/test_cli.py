"""The command line contract: exit codes, messages, what is written and what is not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bantin_print import cli
from conftest import OUTPUT_NAME, write_files

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "sample" / "issue.yaml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bantin_print", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_check_sample_reports_no_problem_but_its_small_photos():
    result = run("check", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning:" in line]
    assert ": error:" not in result.stderr
    # scikit-image's sample photos are 600 × 400 and 512 × 512 pixels
    assert len(warnings) == 3 and all("ppi" in line for line in warnings), warnings
    assert "9 articles" in result.stderr and "7 photos" in result.stderr


def test_check_reports_a_photo_too_small_for_print_as_build_does(issue_dir: Path):
    from conftest import jpeg_bytes, write_files

    write_files(issue_dir, {"photos/anh.jpg": jpeg_bytes((320, 240))})
    checked = run("check", str(issue_dir / "issue.yaml"))
    assert checked.returncode == 0, checked.stderr
    said = [line for line in checked.stderr.splitlines() if "ppi" in line]
    assert len(said) == 1 and "articles/mot.md:7: warning: photo 'anh.jpg' is printed at" \
        in said[0] and "use a larger original" in said[0]
    built = run("build", str(issue_dir / "issue.yaml"))
    assert built.returncode == 0 and said[0] in built.stderr


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["check"], ["build", "a.yaml", "--colour"],
                                  ["new"]])
def test_wrong_usage_exits_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_version_and_help():
    assert run("--version").stdout.startswith("bantin-print ")
    help_text = run("--help").stdout
    for command in ("build", "check", "new"):
        assert command in help_text


def test_missing_manifest_exits_1_naming_it(tmp_path: Path):
    result = run("check", "khong-co.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("khong-co.yaml: error: cannot read the file")
    assert "Traceback" not in result.stderr


def test_problems_exit_1_through_the_real_process(issue_dir: Path):
    manifest = issue_dir / "issue.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("number: 3", "number: 0"),
                        encoding="utf-8")
    result = run("check", "issue.yaml", cwd=issue_dir)
    assert result.returncode == 1
    assert "issue.yaml:5: error: issue.number: 0 is out of range" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_progress_line_when_not_a_terminal(issue_dir: Path):
    result = run("check", "issue.yaml", cwd=issue_dir)
    assert result.returncode == 0
    assert "\r" not in result.stderr and "\x1b" not in result.stderr


def test_check_and_build_leave_the_issue_folder_unchanged(issue_dir: Path):
    before = snapshot(issue_dir)
    assert run("check", "issue.yaml", cwd=issue_dir).returncode == 0
    assert run("build", "issue.yaml", "--out", "../ra", cwd=issue_dir).returncode == 0
    assert snapshot(issue_dir) == before
    assert (issue_dir.parent / "ra" / f"{OUTPUT_NAME}.pdf").stat().st_size > 10_000


def test_build_output_names(issue_dir: Path):
    result = run("build", "issue.yaml", "--pdf", "x/so3.pdf", cwd=issue_dir)
    assert result.returncode == 0, result.stderr
    assert "Wrote x/so3.pdf" in result.stderr
    assert (issue_dir / "x/so3.pdf").read_bytes().startswith(b"%PDF-")
    # beside the manifest, named after the publication and the issue, as no --epub was given
    assert f"Wrote {OUTPUT_NAME}.epub" in result.stderr
    result = run("build", "issue.yaml", cwd=issue_dir)
    assert (issue_dir / f"{OUTPUT_NAME}.pdf").is_file()  # default: beside the manifest


def test_failed_build_keeps_the_older_output(issue_dir: Path):
    assert run("build", "issue.yaml", "--pdf", "../so3.pdf", cwd=issue_dir).returncode == 0
    good = (issue_dir.parent / "so3.pdf").read_bytes()
    write_files(issue_dir, {"articles/hai.md": "---\ntitle: [unclosed\n---\n"})
    result = run("build", "issue.yaml", "--pdf", "../so3.pdf", cwd=issue_dir)
    assert result.returncode == 1
    assert (issue_dir.parent / "so3.pdf").read_bytes() == good
    assert not list(issue_dir.parent.glob(".*.part"))


def test_new_scaffolds_an_issue_that_checks_but_for_its_placeholders(tmp_path: Path):
    result = run("new", "so-moi", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "so-moi"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) \
        == ["articles/bai-mau.md", "issue.yaml"]
    manifest = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert manifest.count("#") > 10  # commented for the editor
    checked = run("check", "so-moi/issue.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert ": error:" not in checked.stderr
    warnings = [line for line in checked.stderr.splitlines() if ": warning:" in line]
    # until the editor writes the real imprint, and the articles to fill 4 pages
    placeholders = [line for line in warnings if "the new issue's placeholder" in line]
    assert len(placeholders) == 3 and len(warnings) == 4, warnings
    assert "a saddle-stitched bulletin has a multiple of 4" in checked.stderr
    assert run("build", "so-moi/issue.yaml", cwd=tmp_path).returncode == 0


def test_new_refuses_a_folder_with_files(tmp_path: Path):
    write_files(tmp_path, {"cu/ghi-chu.txt": "giữ nguyên"})
    result = run("new", "cu", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("cu: error: already exists")
    assert (tmp_path / "cu/ghi-chu.txt").read_text(encoding="utf-8") == "giữ nguyên"
    assert sorted(os.listdir(tmp_path)) == ["cu"]  # no staging folder left behind


def test_new_fills_an_empty_folder(tmp_path: Path):
    (tmp_path / "trong").mkdir()
    assert run("new", "trong", cwd=tmp_path).returncode == 0
    assert (tmp_path / "trong/issue.yaml").is_file()


def test_an_internal_error_is_reported_without_traceback(issue_dir: Path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli.build, "check", broken)
    monkeypatch.delenv("BANTIN_DEBUG", raising=False)
    code = cli.main(["check", str(issue_dir / "issue.yaml")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_INTERNAL
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_ctrl_c_is_reported_without_traceback(issue_dir: Path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.build, "check", interrupted)
    assert cli.main(["check", str(issue_dir / "issue.yaml")]) == 130
    assert "Interrupted" in capsys.readouterr().err


def test_import_reports_what_it_recognised_and_the_issue_then_builds(issue_dir: Path):
    sample = Path(__file__).resolve().parent / "import_samples" / "portal.txt"
    result = run("import", str(sample), "--into", str(issue_dir), "--section", "Thông tin từ cơ sở")
    assert result.returncode == 0, result.stderr
    assert "title “" in result.stderr and "author “Hương Dịu”" in result.stderr
    assert "guessed:" in result.stderr
    assert "Thông tin từ cơ sở" in (issue_dir / "issue.yaml").read_text(encoding="utf-8")
    built = run("build", "issue.yaml", "--out", "../ra", cwd=issue_dir)
    assert built.returncode == 0, built.stderr


def test_import_of_a_missing_file_changes_nothing(issue_dir: Path):
    before = snapshot(issue_dir)
    result = run("import", "khong-co.txt", "--into", str(issue_dir), cwd=issue_dir)
    assert result.returncode == 1 and "khong-co.txt" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(issue_dir) == before


def test_an_interrupt_a_library_turned_into_another_error_is_still_an_interrupt(
        issue_dir, monkeypatch, capsys):
    """ReportLab opens a font under a bare 'except:' and raises its own error when Ctrl-C
    arrives then; the run must end as interrupted (130), not as a bug (3)."""
    from bantin_print import build, cli

    def interrupted_in_a_library(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except BaseException:
            raise OSError("Can't open file \"NotoSerif-Regular.ttf\"")

    monkeypatch.setattr(build, "build", interrupted_in_a_library)
    assert cli.main(["build", str(issue_dir / "issue.yaml")]) == 130
    err = capsys.readouterr().err
    assert "Interrupted; nothing written." in err and "internal error" not in err


def test_an_issue_folder_stands_for_its_manifest(issue_dir: Path, tmp_path: Path):
    """`bantin-print build so-03` builds so-03/issue.yaml, as editors type it."""
    result = run("build", issue_dir.name, cwd=issue_dir.parent)
    assert result.returncode == 0, result.stderr
    assert (issue_dir / f"{OUTPUT_NAME}.pdf").exists()
    assert (issue_dir / f"{OUTPUT_NAME}.epub").exists()
    assert run("check", issue_dir.name, cwd=issue_dir.parent).returncode == 0
    empty = tmp_path / "so-04"
    empty.mkdir()
    result = run("check", "so-04", cwd=tmp_path)
    assert result.returncode == 1 and "so-04/issue.yaml" in result.stderr
    assert "Traceback" not in result.stderr
