"""The import command's messages in Vietnamese, the default, and in English (--lang en): the
report of each imported article, what was guessed, the closing line, and import errors."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from bantin_print import cli
from bantin_print.importer import import_files
from conftest import run_main as run


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}

SAMPLES = Path(__file__).parent / "import_samples"
PORTAL = SAMPLES / "portal.txt"
TITLE = ("Đảng bộ Các cơ quan tỉnh đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách "
         "Hồ Chí Minh")
ARTICLE = "articles/dang-bo-cac-co-quan-tinh-day-manh-hoc-tap-va-lam-theo-tu.md"



def run_import(capsys, issue_dir: Path, language: str, *files: Path) -> tuple[int, list[str]]:
    code = cli.main(["import", *map(str, files), "--into", str(issue_dir), "--lang", language])
    return code, capsys.readouterr().err.splitlines()


def test_the_import_report_in_vietnamese(issue_dir: Path, capsys) -> None:
    code, lines = run_import(capsys, issue_dir, "vi", PORTAL)
    assert code == 0, lines
    manifest = issue_dir / "issue.yaml"
    assert lines[0] == (
        f"{PORTAL} -> {issue_dir / ARTICLE}: tiêu đề “{TITLE}”, 5 đoạn, sapo (55 chữ), "
        "tác giả “Hương Dịu”, ngày 18/01/2024, 1 chú thích ảnh (hãy thêm tệp ảnh)")
    assert "  phỏng đoán: tác giả 'Hương Dịu' được lấy từ dòng cuối (sau dấu kết bài '/.')" \
        in lines
    assert "  phỏng đoán: ngày 18/01/2024 được lấy từ dòng 1 'Thứ Năm, 18/01/2024 08:30'" \
        in lines
    assert ("  phỏng đoán: đã bỏ 2 dòng chữ của cổng thông tin: "
            "'PublishingPortal - Block_BanTin_Toolbar', 'Tăng cỡ chữ Giảm cỡ chữ'") in lines
    assert lines[-1] == (f"Đã ghi tên bài vào {manifest}. Hãy kiểm tra bằng lệnh: "
                         f"bantin-print check {manifest}")
    guesses = [line for line in lines if line.startswith("  ")]
    assert len(guesses) == len(lines) - 2
    for english in ("guessed", "paragraphs", "lead", "was taken", "Listed in"):
        assert not any(english in line for line in lines), english


def test_the_import_report_in_english(issue_dir: Path, capsys) -> None:
    code, lines = run_import(capsys, issue_dir, "en", PORTAL)
    assert code == 0, lines
    manifest = issue_dir / "issue.yaml"
    assert lines[0] == (
        f"{PORTAL} -> {issue_dir / ARTICLE}: title “{TITLE}”, 5 paragraphs, lead (55 words), "
        "author “Hương Dịu”, date 2024-01-18, 1 photo caption (add the photo file)")
    assert "  guessed: the author 'Hương Dịu' was taken from the last line (after the closing " \
        "'/.')" in lines
    assert "  guessed: the date 18/01/2024 was read from line 1 'Thứ Năm, 18/01/2024 08:30'" \
        in lines
    assert ("  guessed: 2 lines of portal text were dropped: "
            "'PublishingPortal - Block_BanTin_Toolbar', 'Tăng cỡ chữ Giảm cỡ chữ'") in lines
    assert lines[-1] == f"Listed in {manifest}. Check it with: bantin-print check {manifest}"


@pytest.mark.parametrize("language, expected", [
    ("vi", ["{pdf}: lỗi: không nhận được loại tệp này ('.pdf'); lệnh nhập bài đọc được chữ "
            "chép từ cổng thông tin (.txt), trang web đã lưu (.html, .htm, .mhtml) và tệp Word (.docx)",
            "{missing}: lỗi: không có tệp này",
            "2 lỗi; chưa ghi tệp nào."]),
    ("en", ["{pdf}: error: unknown file type ('.pdf'); the importer reads portal text (.txt), "
            "saved web pages (.html, .htm, .mhtml) and Word files (.docx)",
            "{missing}: error: the file does not exist",
            "2 errors; nothing written."]),
])
def test_import_errors_in_either_language(issue_dir: Path, tmp_path: Path, capsys,
                                          language: str, expected: list[str]) -> None:
    pdf, missing = tmp_path / "bai.pdf", tmp_path / "khong-co.txt"
    pdf.write_bytes(b"%PDF-1.4")
    before = (issue_dir / "issue.yaml").read_bytes()
    code, lines = run_import(capsys, issue_dir, language, pdf, missing)
    assert code == 1
    assert lines == [line.format(pdf=pdf, missing=missing) for line in expected]
    assert (issue_dir / "issue.yaml").read_bytes() == before


def test_a_missing_manifest_in_either_language(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "chua-co"
    folder.mkdir()
    code, lines = run_import(capsys, folder, "vi", PORTAL)
    assert code == 1
    assert lines[0] == (f"{folder / 'issue.yaml'}: lỗi: không có tệp khai báo số (issue.yaml); "
                        "hãy nhập bài vào thư mục tạo bằng lệnh 'bantin-print new'")
    code, lines = run_import(capsys, folder, "en", PORTAL)
    assert lines[0] == (f"{folder / 'issue.yaml'}: error: the issue's manifest does not exist; "
                        "import into a folder made by 'bantin-print new'")


def test_guesses_are_messages_rendered_in_the_language_asked(issue_dir: Path,
                                                              tmp_path: Path) -> None:
    """A Word file with a run in .VnTime: the note names the fonts with a count in words, in
    the language it is shown in, whatever the language when it was made."""
    document = docx.Document()
    document.add_paragraph("Tin ngắn về hội nghị", style="Title")
    p = document.add_paragraph("Hội nghị đánh giá vai trò của ")
    p.add_run("§¶ng bé tØnh").font.name = ".VnTime"
    p.add_run(" trong năm qua.")
    document.add_paragraph("Hội nghị kết thúc tốt đẹp.")
    source = tmp_path / "tin.docx"
    document.save(source)
    [item] = import_files([source], issue_dir)
    [fonts] = [g for g in item.guesses if ".VnTime" in g.render("en")]
    assert fonts.render("en") == ("text in old Vietnamese fonts was converted to Unicode: "
                                  ".VnTime (1 place)")
    assert fonts.render("vi") == ("chữ đặt phông tiếng Việt cũ đã được chuyển sang Unicode: "
                                  ".VnTime (1 chỗ)")
    [title] = [g for g in item.guesses if "style" in g.render("en")]
    assert title.render("vi") == "tiêu đề được lấy từ đoạn 1, đặt kiểu 'Title'"


def test_importing_again_is_refused_in_either_language(issue_dir: Path, capsys) -> None:
    portal = str(SAMPLES / "portal.txt")
    assert run(capsys, "import", portal, "--into", str(issue_dir), "--lang", "en")[0] == 0
    before = snapshot(issue_dir)
    code, _, err = run(capsys, "import", portal, "--into", str(issue_dir), "--lang", "vi")
    assert code == 1
    assert "portal.txt: lỗi: số này đã có bài này, articles/" in err
    assert "Dùng --replace để ghi lại bài" in err and err.endswith("1 lỗi; chưa ghi tệp nào.\n")
    code, _, err = run(capsys, "import", portal, "--into", str(issue_dir), "--lang", "en")
    assert code == 1 and "portal.txt: error: the issue already has this article" in err
    assert snapshot(issue_dir) == before
    with pytest.raises(SystemExit) as usage:  # one or the other
        run(capsys, "import", portal, "--into", str(issue_dir), "--as-new", "--replace",
            "--lang", "en")
    assert usage.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
