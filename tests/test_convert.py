"""Legacy text in an issue: found by check with its line and the fix, converted by convert."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bantin_print.text import legacy
from conftest import ARTICLE_TWO, write_files

SENTENCE = "Bộ Chính trị đã họp và thông qua nghị quyết về công tác cán bộ của tỉnh."
TCVN3_BYTES = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=SENTENCE.encode(),
                             capture_output=True, check=True).stdout
# The same sentence after a careless copy: the TCVN3 bytes read as Windows-1252.
MOJIBAKE = TCVN3_BYTES.decode("cp1252", "replace")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bantin_print", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_the_test_text_is_real_tcvn3():
    assert legacy.convert_text(MOJIBAKE, "tcvn3") == SENTENCE
    assert "ChÝnh" in MOJIBAKE


def test_check_reports_mojibake_with_line_encoding_and_command(issue_dir: Path):
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO + f"\n{MOJIBAKE}\n"})
    result = run("check", "issue.yaml", cwd=issue_dir)
    assert result.returncode == 1
    line = (ARTICLE_TWO + f"\n{MOJIBAKE}\n").split("\n").index(MOJIBAKE) + 1
    assert f"articles/hai.md:{line}: error: this looks like TCVN3 (ABC) text" in result.stderr
    assert "bantin-print convert " in result.stderr and "--from tcvn3" in result.stderr


def test_a_file_in_tcvn3_bytes_is_named_with_its_fix(issue_dir: Path):
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO.encode() + TCVN3_BYTES + b"\n"})
    result = run("check", "issue.yaml", cwd=issue_dir)
    assert result.returncode == 1
    assert "error: the file is not UTF-8" in result.stderr
    assert "it looks like TCVN3 (ABC)" in result.stderr and "--from tcvn3 -o" in result.stderr


def test_convert_auto_fixes_the_file_which_then_checks(issue_dir: Path):
    article = issue_dir / "articles/hai.md"
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO + f"\n{MOJIBAKE}\n"})
    result = run("convert", str(article), "--from", "auto", "-o", str(article))
    assert result.returncode == 0, result.stderr
    assert "looks like TCVN3 (ABC)" in result.stderr
    assert SENTENCE in article.read_text(encoding="utf-8")
    assert run("check", "issue.yaml", cwd=issue_dir).returncode == 0


def test_convert_bytes_to_standard_output(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(TCVN3_BYTES)
    for choice in ("tcvn3", "auto"):
        result = run("convert", str(path), "--from", choice)
        assert result.returncode == 0 and result.stdout == SENTENCE, (choice, result.stderr)


def test_convert_refuses_to_guess_on_thin_evidence(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Plain English, café.\n", encoding="utf-8")
    result = run("convert", str(path), "--from", "auto", "-o", str(tmp_path / "b.txt"))
    assert result.returncode == 1
    assert "evidence is too thin" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "b.txt").exists()


def test_convert_usage_errors(tmp_path: Path):
    assert run("convert", "x.txt", "--from", "latin9").returncode == 2
    missing = run("convert", str(tmp_path / "khong.txt"), "--from", "vni")
    assert missing.returncode == 1 and "cannot read the file" in missing.stderr
