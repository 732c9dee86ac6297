"""The messages of building, the command line's help and summaries, convert and new, in
Vietnamese (the default) and in English (--lang en)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bantin_print import cli, i18n
from conftest import run_main as run
from conftest import jpeg_bytes, write_files





def test_the_build_summary_and_the_files_written(issue_dir: Path, capsys):
    manifest = str(issue_dir / "issue.yaml")
    pdf, epub = issue_dir / "ra" / "so.pdf", issue_dir / "ra" / "so.epub"
    code, _, err = run(capsys, "build", manifest, "--pdf", str(pdf), "--epub", str(epub),
                       "--lang", "vi")
    assert code == 0, err
    assert f"{manifest}: 1 chuyên mục, 2 bài, 1 ảnh; 2 cảnh báo.\n" in err
    assert f"Đã ghi {pdf}\nĐã ghi {epub}\n" in err
    assert f"{pdf}: 1 trang, mỗi trang đầy " in err
    assert "(trang cuối tính cả thông tin xuất bản ở chân trang)" in err

    code, _, err = run(capsys, "build", manifest, "--pdf", str(pdf), "--epub", str(epub),
                       "--lang", "en")
    assert code == 0, err
    assert f"{manifest}: 1 section, 2 articles, 1 photo; 2 warnings.\n" in err
    assert f"Wrote {pdf}\nWrote {epub}\n" in err
    assert f"{pdf}: 1 page, filled " in err and "(the last with the imprint at its foot)" in err


def test_the_fit_warning_and_its_advice(issue_dir: Path, capsys):
    """Two short articles fill a page or two of the four a saddle-stitched bulletin needs."""
    manifest = str(issue_dir / "issue.yaml")
    code, _, err = run(capsys, "check", manifest, "--lang", "vi")
    assert code == 0, err
    warning = next(line for line in err.splitlines() if "bội số của 4" in line)
    assert warning.startswith(f"{manifest}: cảnh báo: dù dàn thế nào, nội dung cũng chiếm ")
    assert ("trang, mà bản tin đóng ghim giữa phải có số trang là bội số của 4: thêm khoảng "
            in warning)
    assert "chữ hoặc ảnh) để đủ 4 trang; hiện số bản tin kết thúc ở trang 1 (dùng " in warning
    assert err.endswith(f"{manifest}: 1 chuyên mục, 2 bài, 1 ảnh; 2 cảnh báo; không có lỗi.\n")

    code, _, err = run(capsys, "check", manifest, "--lang", "en")
    assert "warning: the content fills " in err
    assert "pages however it is set, and a saddle-stitched bulletin has a multiple of 4: add " \
        "about" in err
    assert err.endswith(f"{manifest}: 1 section, 2 articles, 1 photo; 2 warnings; no errors.\n")


def test_a_column_ending_early_with_the_words_that_would_fill_it(tmp_path: Path, capsys):
    from synthetic import write_mixed_issue

    manifest = str(write_mixed_issue(tmp_path / "so", megapixels=0.5))
    code, _, err = run(capsys, "check", manifest, "--lang", "vi")
    assert code == 0, err
    warning = next(line for line in err.splitlines() if "kết thúc sớm" in line)
    assert warning.startswith(f"{manifest}: cảnh báo: trang 3: cột 1 kết thúc sớm ")
    assert ", dưới phần cuối của bài bai-2.md; thêm khoảng " in warning
    assert warning.endswith(" chữ (hoặc một ảnh) sẽ lấp đầy chỗ trống")

    code, _, err = run(capsys, "check", manifest, "--lang", "en")
    warning = next(line for line in err.splitlines() if "mm early" in line)
    assert warning.startswith(f"{manifest}: warning: page 3: column 1 ends ")
    assert ", under the end of bai-2.md; about " in warning
    assert warning.endswith(" words more (or a photo) would fill them")


def test_a_photo_printed_below_the_resolution_asked(issue_dir: Path, capsys):
    write_files(issue_dir, {"photos/anh.jpg": jpeg_bytes((320, 240))})
    code, _, err = run(capsys, "check", str(issue_dir / "issue.yaml"), "--lang", "vi")
    assert code == 0, err
    said = next(line for line in err.splitlines() if "ppi" in line)
    assert said.startswith(f"{issue_dir / 'articles' / 'mot.md'}:7: cảnh báo: ảnh 'anh.jpg' "
                           "được in ở độ phân giải ")
    assert "(320 × 240 px trên " in said
    assert said.endswith("bản in cần 300 ppi: hãy dùng ảnh gốc lớn hơn")

    code, _, err = run(capsys, "check", str(issue_dir / "issue.yaml"), "--lang", "en")
    said = next(line for line in err.splitlines() if "ppi" in line)
    assert ":7: warning: photo 'anh.jpg' is printed at " in said
    assert said.endswith("print needs 300: use a larger original")


def test_an_output_that_would_write_over_the_manifest(issue_dir: Path, capsys):
    manifest = str(issue_dir / "issue.yaml")
    code, _, err = run(capsys, "build", manifest, "--pdf", manifest, "--lang", "vi")
    assert code == cli.EXIT_USAGE
    assert err == (f"{manifest}: lỗi: bản PDF để in sẽ ghi đè lên tệp khai báo số "
                   "(issue.yaml), là tệp mà lệnh này đang đọc; hãy chọn tên tệp khác\n"
                   "Chưa làm gì.\n")
    code, _, err = run(capsys, "build", manifest, "--pdf", manifest, "--lang", "en")
    assert err == (f"{manifest}: error: the print PDF would write over the manifest, which "
                   "this run reads; choose another file name\nNothing done.\n")


def test_a_photo_that_is_not_a_photo(issue_dir: Path, capsys):
    write_files(issue_dir, {"photos/anh.jpg": "not a photo at all\n"})
    code, _, err = run(capsys, "check", str(issue_dir / "issue.yaml"), "--lang", "vi")
    assert code == cli.EXIT_INPUT
    assert "không phải tệp ảnh đọc được (đây có thật là ảnh không?)" in err
    code, _, err = run(capsys, "check", str(issue_dir / "issue.yaml"), "--lang", "en")
    assert "not a photo file that can be read (is it really a photo?)" in err


def help_of(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as ended:
        cli.main([*args, "--help"])
    assert ended.value.code == 0
    return capsys.readouterr().out


def test_help_is_in_vietnamese_by_default_and_in_english_on_request(capsys, monkeypatch):
    for name in ("BANTIN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(i18n, "_current", None)
    main = help_of(capsys)
    assert main.startswith("cách dùng: bantin-print")
    assert "Dàn trang bản tin thành tệp PDF sẵn sàng để in và tệp EPUB." in main
    assert "kiểm tra một số bản tin rồi ghi ra tệp PDF và EPUB" in main
    assert "in số phiên bản rồi thoát" in main
    build = help_of(capsys, "build")
    assert "tệp khai báo số (issue.yaml), hoặc thư mục của số" in build
    assert "thêm trang trắng cho số trang là bội số của 4 (đóng ghim" in build
    # Every line that explains something is in Vietnamese: no English help is left.
    english = ("the ", "check ", "write ", "also ", "crop ", "add ", "show ", "exact ",
               "folder ", "language ")
    assert [line for line in build.splitlines()
            if line.split("  ")[-1].strip().lower().startswith(english)] == []

    main = help_of(capsys, "--lang", "en")
    assert main.startswith("usage: bantin-print")
    assert "Lay out a Vietnamese bulletin (bản tin) as a print-ready PDF and an EPUB." in main
    assert "show program's version number and exit" in main
    build = help_of(capsys, "build", "--lang", "en")
    assert "the issue's manifest, or its folder (which holds" in build
    assert "add blank pages to reach a multiple of 4 (saddle stitch)" in build


def test_new_writes_the_templates_comments_in_the_language_of_the_messages(
        tmp_path: Path, capsys):
    code, _, err = run(capsys, "new", str(tmp_path / "so-vi"), "--lang", "vi")
    assert code == 0, err
    manifest = tmp_path / "so-vi" / "issue.yaml"
    assert err == (f"Đã tạo {tmp_path / 'so-vi'}/.\nHãy sửa {manifest}, rồi chạy: "
                   f"bantin-print build {tmp_path / 'so-vi'}\n")
    vietnamese = manifest.read_text(encoding="utf-8")
    assert "# tên bản tin, in trên măng-sét" in vietnamese
    assert "# Thông tin xuất bản luật yêu cầu in ở trang cuối" in vietnamese
    article = (tmp_path / "so-vi" / "articles" / "bai-mau.md").read_text(encoding="utf-8")
    assert "# Phần đầu bài (giữa hai dòng ---)" in article

    code, _, err = run(capsys, "new", str(tmp_path / "so-en"), "--lang", "en")
    assert code == 0, err
    assert err.startswith(f"Created {tmp_path / 'so-en'}/.\nEdit ")
    english = (tmp_path / "so-en" / "issue.yaml").read_text(encoding="utf-8")
    assert "# the bulletin's name, printed in the masthead" in english
    assert "măng-sét" not in english

    # The keys and the example content are the same in both: only the comments differ.
    def content(text: str) -> list[str]:
        return [line.split(" #")[0].rstrip() for line in text.splitlines()
                if line.split(" #")[0].strip() and not line.lstrip().startswith("#")]

    assert content(vietnamese) == content(english)
    for folder in ("so-vi", "so-en"):
        code, _, err = run(capsys, "check", str(tmp_path / folder), "--lang", "en")
        assert code == 0 and ": error:" not in err, err


def test_convert_reports_what_it_converted(tmp_path: Path, capsys):
    from test_legacy import cp1258_encode

    source = tmp_path / "bai.md"
    source.write_bytes(cp1258_encode("Bộ Chính trị đã họp và thông qua nghị quyết về công "
                                     "tác cán bộ của tỉnh.\n"))
    out = tmp_path / "bai-unicode.md"
    code, _, err = run(capsys, "convert", str(source), "--from", "cp1258", "-o", str(out),
                       "--lang", "vi")
    assert code == 0, err
    assert err == f"Đã ghi {out}: đã chuyển từ Windows-1258 sang Unicode.\n"
    code, _, err = run(capsys, "convert", str(source), "--from", "cp1258", "-o", str(out),
                       "--lang", "en")
    assert err == f"Wrote {out}: converted from Windows-1258 to Unicode.\n"

    code, _, err = run(capsys, "convert", str(out), "--from", "auto", "-o", str(out),
                       "--lang", "vi")
    assert err == f"{out}: không có chữ ở bảng mã cũ cần chuyển đổi; chưa ghi tệp nào.\n"


def test_an_issue_with_no_words_yet_is_not_told_to_add_zero_words(tmp_path: Path, capsys):
    assert run(capsys, "new", str(tmp_path / "so"), "--lang", "en")[0] == 0
    (tmp_path / "so" / "articles" / "bai-mau.md").write_text("---\ntitle: Tin rỗng\n---\n",
                                                            encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path / "so"), "--lang", "en")
    assert code == 0, err
    assert "warning: the article has a title but no text" in err
    assert re.search(r"add about \d+\.\d columns of text or photos to fill 4 pages", err), err
    assert "≈ 0 words" not in err
