"""Legacy text in an issue: found by check with its line and the fix, converted by convert,
which changes the legacy runs and not one byte of anything else."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bantin_print.text import legacy
from conftest import ARTICLE_TWO, MANIFEST, write_files
from test_legacy import cp1258_encode, vni_encode

SENTENCE = "Bộ Chính trị đã họp và thông qua nghị quyết về công tác cán bộ của tỉnh."
# With capitals that only VN1 (glibc's TCVN5712-1) has: Ý is 0x16, Ủ 0x9E, Ở 0x99.
CAPITALS = "Ý chí tự lực của Ủy ban nhân dân tỉnh. Ở đâu có Đảng bộ, ở đó có phong trào."


def iconv_tcvn3(text: str) -> bytes:
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(),
                          capture_output=True, check=True).stdout


def as_shown(data: bytes) -> str:
    """Legacy bytes as Word or a browser shows them: Windows-1252, its holes as Latin-1."""
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in data)


TCVN3_BYTES = iconv_tcvn3(SENTENCE)
MOJIBAKE = as_shown(TCVN3_BYTES)  # "Bé ChÝnh trÞ ®· häp …"
MOJIBAKE_OF = {
    "tcvn3": as_shown(iconv_tcvn3(CAPITALS)),
    "vni": as_shown(vni_encode(CAPITALS)),
    "cp1258": as_shown(cp1258_encode(CAPITALS)),
}
# Good Unicode that a whole-file conversion would ruin (in TCVN3 "trên" is "trờn", "Hà"
# "HỔ", "bó" "bú", "Pù Luông" "Pự Luụng"), with what no tool may touch either: a CRLF line
# end, a soft hyphen, text in NFD, a no-break space, trailing spaces.
GOOD_LINES = [
    "---",
    "title: Mùa cà phê trên đồi Pù Luông",
    "author: Hà Thu",
    "---",
    "Trên đồi Pù Luông, bà Hà buộc bó lúa bên bếp lửa.\r",
    "",
    "Nhà văn hoá xã có hai\u00adngàn đầu sách; ông Lò Văn Bó đọc to.  ",
    "",
    "Chè xanh ngon như chè " + "Thái".encode().decode() + " Nguye\u0302\u0303n\u00a0Văn.",
    "",
]


def mixed_article() -> tuple[str, dict[int, str]]:
    """Good lines, then one mojibake paragraph of each encoding between good ones.
    Returns the text and, for each bad line, what it must become."""
    lines = list(GOOD_LINES)
    expected = {}
    for encoding, bad in MOJIBAKE_OF.items():
        lines.append(bad)
        expected[len(lines)] = CAPITALS
        lines.append("")
        lines.append(f"Cuối đoạn {encoding}: trên bàn có bó hoa.")
        lines.append("")
    return "\n".join(lines), expected


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bantin_print", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def suggested_commands(stderr: str) -> list[list[str]]:
    commands = []
    for line in stderr.splitlines():
        if "convert it with: bantin-print convert " in line:
            command = shlex.split(line.split("convert it with: ", 1)[1])
            if command not in commands:
                commands.append(command)
    return commands


def test_the_test_text_is_real_legacy_text():
    assert legacy.convert_text(MOJIBAKE, "tcvn3") == SENTENCE
    assert "ChÝnh" in MOJIBAKE
    assert "\x16" in MOJIBAKE_OF["tcvn3"] and "ž" in MOJIBAKE_OF["tcvn3"]  # Ý and Ủ (VN1)
    for encoding, bad in MOJIBAKE_OF.items():
        assert legacy.convert_text(bad, encoding) == CAPITALS, encoding
        assert legacy.convert_text("\n".join(GOOD_LINES), encoding) != "\n".join(GOOD_LINES)


def check_then_run_what_it_says(issue_dir: Path) -> subprocess.CompletedProcess:
    result = run("check", "issue.yaml", cwd=issue_dir)
    assert result.returncode == 1
    commands = suggested_commands(result.stderr)
    assert commands, result.stderr
    for command in commands:
        assert command[0] == "bantin-print"
        done = run(*command[1:], cwd=issue_dir)
        assert done.returncode == 0, (command, done.stderr)
    return result


def test_check_then_its_exact_commands_fix_the_bad_paragraphs_and_nothing_else(issue_dir: Path):
    text, expected = mixed_article()
    article = issue_dir / "articles" / "hai.md"
    article.write_bytes(text.encode("utf-8"))
    reported = check_then_run_what_it_says(issue_dir)
    for line in expected:
        assert f"articles/hai.md:{line}: error: this looks like" in reported.stderr
    assert len(suggested_commands(reported.stderr)) == 3  # one per encoding

    after = article.read_bytes().split(b"\n")
    before = text.encode("utf-8").split(b"\n")
    assert len(after) == len(before)
    for number, (old, new) in enumerate(zip(before, after), start=1):
        if number in expected:
            assert new.decode("utf-8") == expected[number]
        else:
            assert new == old, number  # byte for byte
    # The original is kept, once, as it was.
    assert (issue_dir / "articles" / "hai.md.orig").read_bytes() == text.encode("utf-8")
    # The issue now checks (the .orig copies are not articles of the issue).
    assert run("check", "issue.yaml", cwd=issue_dir).returncode == 0


def test_convert_auto_fixes_every_encoding_at_once(issue_dir: Path):
    text, expected = mixed_article()
    article = issue_dir / "articles" / "hai.md"
    article.write_bytes(text.encode("utf-8"))
    result = run("convert", "articles/hai.md", "--from", "auto", "-o", "articles/hai.md",
                 cwd=issue_dir)
    assert result.returncode == 0, result.stderr
    assert "TCVN3 (ABC)" in result.stderr and "VNI" in result.stderr
    assert "the original is kept as articles/hai.md.orig" in result.stderr
    lines = article.read_bytes().decode("utf-8").split("\n")
    for number, line in enumerate(text.split("\n"), start=1):
        assert lines[number - 1] == expected.get(number, line)
    assert run("check", "issue.yaml", cwd=issue_dir).returncode == 0


def test_a_wrong_encoding_writes_nothing_unless_forced(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text(f"Đầu bài.\n\n{MOJIBAKE}\n", encoding="utf-8")
    before = path.read_bytes()
    for wrong in ("vni", "cp1258"):
        result = run("convert", str(path), "--from", wrong, "-o", str(path))
        assert result.returncode == 1, result.stderr
        assert "looks like TCVN3 (ABC), not" in result.stderr
        assert "--from tcvn3" in result.stderr and "nothing was written" in result.stderr
        assert path.read_bytes() == before and sorted(tmp_path.iterdir()) == [path]
    forced = run("convert", str(path), "--from", "vni", "--force", "-o", str(path))
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "a.md.orig").read_bytes() == before


def test_a_run_that_cannot_be_told_apart_stops_everything(tmp_path: Path):
    # "Về bé ChÝnh trÞ": "bé" as written (small), or TCVN3 for "bộ"? Nothing tells.
    path = tmp_path / "a.md"
    path.write_text(f"{MOJIBAKE}\n\nVề bé ChÝnh trÞ häp.\n", encoding="utf-8")
    before = path.read_bytes()
    result = run("convert", str(path), "--from", "tcvn3", "-o", str(path))
    assert result.returncode == 1
    assert f"{path}:3: error:" in result.stderr and "“bé” or “bộ”" in result.stderr
    assert path.read_bytes() == before and sorted(tmp_path.iterdir()) == [path]
    forced = run("convert", str(path), "--from", "tcvn3", "--force", "-o", str(path))
    assert forced.returncode == 0 and f"{path}:3: warning:" in forced.stderr
    assert path.read_text(encoding="utf-8") == f"{SENTENCE}\n\nVề bé Chính trị họp.\n"


def test_overwriting_the_input_keeps_every_original(tmp_path: Path):
    path = tmp_path / "a.md"
    first = f"{MOJIBAKE}\n"
    path.write_text(first, encoding="utf-8")
    path.chmod(0o640)
    assert run("convert", str(path), "--from", "tcvn3", "-o", str(path)).returncode == 0
    assert (tmp_path / "a.md.orig").read_text(encoding="utf-8") == first
    assert path.stat().st_mode & 0o777 == 0o640
    second = f"{MOJIBAKE} {MOJIBAKE}\n"
    path.write_text(second, encoding="utf-8")
    assert run("convert", str(path), "--from", "tcvn3", "-o", str(path)).returncode == 0
    assert (tmp_path / "a.md.orig").read_text(encoding="utf-8") == first
    assert (tmp_path / "a.md.orig.2").read_text(encoding="utf-8") == second
    # Nothing to convert: nothing written, no copy made.
    result = run("convert", str(path), "--from", "tcvn3", "-o", str(path))
    assert result.returncode == 0 and "nothing written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "a.md.orig", "a.md.orig.2"]


def test_check_reports_mojibake_with_line_encoding_and_command(issue_dir: Path):
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO + f"\n{MOJIBAKE}\n"})
    result = run("check", "issue.yaml", cwd=issue_dir)
    assert result.returncode == 1
    line = (ARTICLE_TWO + f"\n{MOJIBAKE}\n").split("\n").index(MOJIBAKE) + 1
    assert f"articles/hai.md:{line}: error: this looks like TCVN3 (ABC) text" in result.stderr
    assert f'it would read "{SENTENCE[:60]}' in result.stderr
    assert suggested_commands(result.stderr) == [
        ["bantin-print", "convert", "articles/hai.md", "--from", "tcvn3", "-o", "articles/hai.md"]]


def test_suggested_command_quotes_a_path_with_spaces(tmp_path: Path):
    folder = tmp_path / "Số 03"
    write_files(folder, {"issue.yaml": MANIFEST, "articles/mot.md": ARTICLE_TWO,
                         "articles/hai.md": ARTICLE_TWO + f"\n{MOJIBAKE}\n"})
    result = run("check", str(folder / "issue.yaml"))
    commands = suggested_commands(result.stderr)
    assert commands and commands[0][2] == str(folder / "articles" / "hai.md"), result.stderr
    assert run(*commands[0][1:]).returncode == 0
    assert run("check", str(folder / "issue.yaml")).returncode == 0


def test_a_file_in_tcvn3_bytes_is_named_with_its_fix(issue_dir: Path):
    write_files(issue_dir, {"articles/hai.md": ARTICLE_TWO.encode() + TCVN3_BYTES + b"\n"})
    result = run("check", "issue.yaml", cwd=issue_dir)
    assert result.returncode == 1
    assert "error: the file is not UTF-8" in result.stderr
    assert "it looks like TCVN3 (ABC)" in result.stderr and "--from tcvn3 -o" in result.stderr
    assert run("convert", "articles/hai.md", "--from", "tcvn3", "-o", "articles/hai.md",
               cwd=issue_dir).returncode == 0
    assert run("check", "issue.yaml", cwd=issue_dir).returncode == 0


def test_a_legacy_file_keeps_its_utf8_lines_byte_for_byte(tmp_path: Path):
    # A TCVN3 file into which someone pasted a line of UTF-8.
    utf8_line = "Hà Nội, trên bàn có bó hoa — “ngày 18/5”.\r".encode("utf-8")
    data = TCVN3_BYTES + b"\n" + utf8_line + b"\n" + iconv_tcvn3(CAPITALS) + b"\n"
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    for choice in ("tcvn3", "auto"):
        result = subprocess.run([sys.executable, "-m", "bantin_print", "convert", str(path),
                                 "--from", choice], capture_output=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split(b"\n") == [
            SENTENCE.encode(), utf8_line, CAPITALS.encode(), b""]


def test_a_legacy_file_in_the_wrong_encoding_is_refused(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(TCVN3_BYTES + b"\n")
    result = run("convert", str(path), "--from", "vni", "-o", str(tmp_path / "b.txt"))
    assert result.returncode == 1 and "looks like TCVN3 (ABC), not VNI" in result.stderr
    assert not (tmp_path / "b.txt").exists()


def test_convert_bytes_to_standard_output(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(TCVN3_BYTES)
    for choice in ("tcvn3", "auto"):
        result = run("convert", str(path), "--from", choice)
        assert result.returncode == 0 and result.stdout == SENTENCE, (choice, result.stderr)


@pytest.mark.parametrize("text", ["Plain English, café.\n", "Kích thước 5 µm, dày 3 µm.\n",
                                  "x = a² + b³ · c¹ — µm, ºC, ¶ 3, § 4, ¼\n"])
def test_convert_leaves_text_without_convincing_evidence(tmp_path: Path, text: str):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    result = run("convert", str(path), "--from", "auto", "-o", str(tmp_path / "b.txt"))
    assert result.returncode == 0 and "nothing written" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "b.txt").exists()


def test_convert_usage_errors(tmp_path: Path):
    assert run("convert", "x.txt", "--from", "latin9").returncode == 2
    missing = run("convert", str(tmp_path / "khong.txt"), "--from", "vni")
    assert missing.returncode == 1 and "cannot read the file" in missing.stderr
