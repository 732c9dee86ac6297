"""A corpus of broken issues: each build must end in exit 1 with a message naming the file
and line, no traceback, no source changed and older outputs untouched.

Each defect starts from the valid issue of conftest.py and changes one thing. The expected
line is found in the defective file itself (the line holding a given piece of text), so the
test states where the problem is, not what the code happens to print.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from bantin_print.cli import main
from conftest import ARTICLE_ONE, ARTICLE_TWO, MANIFEST, jpeg_bytes, write_files


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


def manifest_with(old: str, new: str) -> str:
    assert old in MANIFEST, old
    return MANIFEST.replace(old, new, 1)


def article_with(old: str, new: str) -> str:
    assert old in ARTICLE_ONE, old
    return ARTICLE_ONE.replace(old, new, 1)


@dataclass
class Defect:
    name: str
    files: dict[str, str | bytes]
    file: str  # the file the message must name
    at: str | None  # text on the line the message must name; None: any line or none
    says: str  # a piece of the message
    setup: Callable[[Path], None] | None = None
    also: list[str] = field(default_factory=list)


def symlink_outside(folder: Path) -> None:
    outside = folder.parent / "secret.md"
    outside.write_text(ARTICLE_TWO, encoding="utf-8")
    (folder / "articles" / "mot.md").unlink()
    (folder / "articles" / "mot.md").symlink_to(outside)


def outside_file(folder: Path) -> None:
    (folder.parent / "ngoai.md").write_text(ARTICLE_TWO, encoding="utf-8")


def article_as_folder(folder: Path) -> None:
    (folder / "articles" / "hai.md").unlink()
    (folder / "articles" / "hai.md").mkdir()


DEFECTS = [
    Defect("footnote reference without its note",
           {"articles/mot.md": article_with("Đoạn thứ nhất của bài viết.",
                                            "Đoạn thứ nhất của bài viết[^7].")},
           "articles/mot.md", "bài viết[^7]", "has no note"),
    Defect("table row with more cells than its header",
           {"articles/mot.md": article_with("Đoạn thứ nhất của bài viết.",
                                            "Đoạn thứ nhất của bài viết.\n\n| A | B |\n|---|---|\n"
                                            "| 1 | 2 | 3 |")},
           "articles/mot.md", "| 1 | 2 | 3 |", "3 cells"),
    Defect("table of 30 columns",
           {"articles/mot.md": article_with("Đoạn thứ nhất của bài viết.",
                                            "Đoạn thứ nhất của bài viết.\n\n|" + "|".join(
                                                f"C{n}" for n in range(30)) + "|\n|"
                                            + "---|" * 30)},
           "articles/mot.md", "|C0|C1|", "30 columns"),
    Defect("yaml syntax in manifest",
           {"issue.yaml": manifest_with("name: Bản tin Thử nghiệm", "name: Bản tin: Thử nghiệm")},
           "issue.yaml", "name: Bản tin: Thử nghiệm",
           'must be in straight " quotes: write  name: "Bản tin: Thử nghiệm"'),
    Defect("tab indentation",
           {"issue.yaml": manifest_with("  number: 3", "\tnumber: 3")},
           "issue.yaml", "\tnumber: 3", "the line is indented with a tab"),
    Defect("yaml syntax in front matter",
           {"articles/mot.md": article_with("author: Hương Dịu", "author: [Hương Dịu")},
           "articles/mot.md", "date: 2024-01-12", "opened on line 4"),
    Defect("missing publication name",
           {"issue.yaml": manifest_with("  name: Bản tin Thử nghiệm\n", "")},
           "issue.yaml", "publication:", "required key 'name' is missing"),
    Defect("missing issue date",
           {"issue.yaml": manifest_with("  date: 2024-03-15\n", "")},
           "issue.yaml", "issue:", "required key 'date' is missing"),
    Defect("typo in a layout key",
           {"issue.yaml": MANIFEST + "layout:\n  colums: 2\n"},
           "issue.yaml", "colums: 2", "did you mean 'columns'"),
    Defect("typo in a top-level key",
           {"issue.yaml": manifest_with("sections:", "sectons:")},
           "issue.yaml", "sectons:", "did you mean 'sections'",
           also=["required key 'sections' is missing"]),
    Defect("issue number in words",
           {"issue.yaml": manifest_with("number: 3", "number: một")},
           "issue.yaml", "number: một", "expected a whole number"),
    Defect("zero columns",
           {"issue.yaml": MANIFEST + "layout:\n  columns: 0\n"},
           "issue.yaml", "columns: 0", "allowed: 1 to 4"),
    Defect("a thousand columns",
           {"issue.yaml": MANIFEST + "layout:\n  columns: 1000\n"},
           "issue.yaml", "columns: 1000", "allowed: 1 to 4"),
    Defect("curly quotes around a value with a colon",
           {"articles/mot.md": article_with('credit: "Ảnh: Hương Dịu"',
                                            "credit: “Ảnh: Hương Dịu”")},
           "articles/mot.md", "credit: “Ảnh",
           'curly quotes “…”, as a word processor types them; these files need straight " '
           'quotes: write  credit: "Ảnh: Hương Dịu"'),
    Defect("curly quotes around a value",
           {"articles/mot.md": article_with('credit: "Ảnh: Hương Dịu"', "credit: “Hương Dịu”")},
           "articles/mot.md", "credit: “Hương", 'write  credit: "Hương Dịu"'),
    Defect("a colon in a value without quotes",
           {"articles/mot.md": article_with('credit: "Ảnh: Hương Dịu"', "credit: Ảnh: Hương Dịu")},
           "articles/mot.md", "credit: Ảnh",
           "the value holds ': ', so it must be in straight \" quotes: write  "
           "credit: \"Ảnh: Hương Dịu\""),
    Defect("a tab for indentation",
           {"articles/mot.md": article_with("    caption: Quang", "\tcaption: Quang")},
           "articles/mot.md", "\tcaption", "the line is indented with a tab"),
    Defect("no-break spaces for indentation",
           {"articles/mot.md": article_with("    caption: Quang", "\u00a0" * 4 + "caption: Quang")},
           "articles/mot.md", "\u00a0caption", "indented with no-break spaces (U+00A0"),
    Defect("a line of no-break spaces only",
           {"articles/mot.md": article_with("author: Hương Dịu", "author: Hương Dịu\n\u00a0")},
           "articles/mot.md", "\u00a0", "the line holds only no-break spaces (U+00A0)"),
    Defect("a photo's name written in other capitals",
           {"articles/mot.md": article_with("../photos/anh.jpg", "../photos/Anh.JPG")},
           "articles/mot.md", "Anh.JPG",
           "the file is named 'anh.jpg': write it so, capitals as they are"),
    Defect("page count in words",
           {"issue.yaml": MANIFEST + "layout:\n  pages: mười hai\n"},
           "issue.yaml", "pages: mười hai", "expected 'auto' (the fewest multiple of 4"),
    Defect("too many pages",
           {"issue.yaml": MANIFEST + "layout:\n  pages: 100\n"},
           "issue.yaml", "pages: 100", "allowed: 1 to 64"),
    Defect("negative page size",
           {"issue.yaml": MANIFEST + "layout:\n  page: -190x270mm\n"},
           "issue.yaml", "page: -190x270mm", "expected a page size"),
    Defect("zero page width",
           {"issue.yaml": MANIFEST + "layout:\n  page: 0x270mm\n"},
           "issue.yaml", "page: 0x270mm", "out of range"),
    Defect("impossible date",
           {"issue.yaml": manifest_with("date: 2024-03-15", "date: 2024-13-45")},
           "issue.yaml", "date: 2024-13-45", "not a valid date"),
    Defect("day-month-year date",
           {"issue.yaml": manifest_with("date: 2024-03-15", "date: 15/03/2024")},
           "issue.yaml", "date: 15/03/2024", "2024-03-15"),
    Defect("missing article file",
           {"issue.yaml": manifest_with("articles/hai.md", "articles/hia.md")},
           "issue.yaml", "articles/hia.md", "did you mean 'hai.md'"),
    Defect("missing photo",
           {"articles/mot.md": article_with("../photos/anh.jpg", "../photos/khong-co.jpg")},
           "articles/mot.md", "../photos/khong-co.jpg", "does not exist"),
    Defect("text file named .jpg",
           {"photos/anh.jpg": "not a photo at all\n"},
           "articles/mot.md", "../photos/anh.jpg", "not a photo file"),
    Defect("truncated JPEG",
           {"photos/anh.jpg": jpeg_bytes((400, 300))[:300]},
           "articles/mot.md", "../photos/anh.jpg", "damaged or cut short"),
    Defect("decompression bomb",
           {"photos/anh.jpg": png_declaring(100_000, 100_000)},
           "articles/mot.md", "../photos/anh.jpg", "pixels"),
    Defect("article in Windows-1258",
           {"articles/hai.md": ARTICLE_TWO.replace("Tin ngắn", "Tin ngan").encode("utf-8")
            + "Thông báo".encode("cp1258")},
           "articles/hai.md", "Th\ufffdng b\ufffdo", "not UTF-8"),
    Defect("manifest in UTF-16",
           {"issue.yaml": MANIFEST.encode("utf-16")},
           "issue.yaml", None, "UTF-16"),
    Defect("no article at all",
           {"issue.yaml": MANIFEST[:MANIFEST.index("sections:")] + "sections: []\n"},
           "issue.yaml", "sections: []", "no article"),
    Defect("article listed twice",
           {"issue.yaml": manifest_with("      - articles/hai.md", "      - articles/hai.md\n"
                                        "      - articles/../articles/mot.md")},
           "issue.yaml", "articles/../articles/mot.md", "listed twice"),
    Defect("path leaving the issue folder",
           {"issue.yaml": manifest_with("articles/hai.md", "../ngoai.md")},
           "issue.yaml", "../ngoai.md", "outside the issue folder", setup=outside_file),
    Defect("absolute path",
           {"issue.yaml": manifest_with("articles/hai.md", "/etc/passwd")},
           "issue.yaml", "/etc/passwd", "absolute path"),
    Defect("symlink pointing outside",
           {}, "issue.yaml", "articles/mot.md", "outside the issue folder", setup=symlink_outside),
    Defect("photo outside the issue folder",
           {"articles/mot.md": article_with("../photos/anh.jpg", "../../anh.jpg")},
           "articles/mot.md", "../../anh.jpg", "outside the issue folder"),
    Defect("duplicate key",
           {"issue.yaml": manifest_with("  number: 3\n", "  number: 3\n  number: 4\n")},
           "issue.yaml", "number: 4", "appears twice"),
    Defect("article without front matter",
           {"articles/hai.md": "Tin ngắn\n\nMột đoạn tin ngắn.\n"},
           "articles/hai.md", "Tin ngắn", "starts with its header"),
    Defect("front matter never closed",
           {"articles/hai.md": "---\ntitle: Tin ngắn\nMột đoạn tin ngắn.\n"},
           "articles/hai.md", "---", "never closed"),
    Defect("article without title",
           {"articles/hai.md": ARTICLE_TWO.replace("title: Tin ngắn", "author: Lan")},
           "articles/hai.md", "author: Lan", "required key 'title' is missing"),
    Defect("photo in the text outside the issue folder",
           {"articles/hai.md": ARTICLE_TWO + "\n![Ảnh](../../ngoai/anh.jpg)\n"},
           "articles/hai.md", "![Ảnh]", "leads outside the issue folder"),
    Defect("photo in the text on the web",
           {"articles/hai.md": ARTICLE_TWO + "\n![Ảnh](https://example.com/anh.jpg)\n"},
           "articles/hai.md", "![Ảnh]", "is on the web"),
    Defect("alias bomb",
           {"issue.yaml": MANIFEST + "x0: &a0 [z, z, z, z, z, z, z, z, z, z]\n" + "".join(
               f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))},
           "issue.yaml", None, "refused"),
    Defect("recursive alias",
           {"issue.yaml": MANIFEST + "loop: &loop [*loop]\n"},
           "issue.yaml", None, "refused"),
    Defect("python object tag",
           {"issue.yaml": manifest_with("number: 3", "number: !!python/object/apply:os.system [ls]")},
           "issue.yaml", "!!python", "not allowed"),
    Defect("manifest that is a list",
           {"issue.yaml": "- publication\n- issue\n"}, "issue.yaml", "- publication", "'key: value' lines"),
    Defect("unknown font",
           {"issue.yaml": MANIFEST + "layout:\n  fonts: {body: Times New Roman}\n"},
           "issue.yaml", "fonts:", "'Times New Roman' was not found"),
    Defect("section without title",
           {"issue.yaml": manifest_with("  - title: Tin tức - Sự kiện\n    articles:",
                                        "  - articles:")},
           "issue.yaml", "- articles:", "required key 'title' is missing"),
    Defect("articles that are not a list",
           {"issue.yaml": MANIFEST[:MANIFEST.index("    articles:")]
            + "    articles: articles/mot.md\n"},
           "issue.yaml", "articles: articles/mot.md", "expected a list"),
    Defect("empty manifest", {"issue.yaml": "# nothing yet\n"}, "issue.yaml", None, "empty file"),
    Defect("margins wider than the page",
           {"issue.yaml": MANIFEST + "layout:\n  margins: 80mm\n"},
           "issue.yaml", "margins: 80mm", "out of range"),
    Defect("two YAML documents",
           {"issue.yaml": MANIFEST + "---\nmore: 1\n"}, "issue.yaml", "---", "starts a second part of the file"),
    Defect("unknown photo span",
           {"articles/mot.md": article_with("    credit:", "    span: wide\n    credit:")},
           "articles/mot.md", "span: wide", "expected one of auto, column, full"),
    Defect("article that is a folder",
           {}, "issue.yaml", "articles/hai.md", "is a folder", setup=article_as_folder),
    Defect("language that is not a tag",
           {"issue.yaml": manifest_with("  publisher:", "  language: Tiếng Việt\n  publisher:")},
           "issue.yaml", "language: Tiếng Việt", "not a language tag"),
    Defect("negative print run",
           {"issue.yaml": manifest_with("print_run: 200", "print_run: -5")},
           "issue.yaml", "print_run: -5", "out of range"),
    Defect("missing cover photo",
           {"issue.yaml": manifest_with("  date: 2024-03-15\n", "  date: 2024-03-15\n  cover:\n"
                                        "    photo: photos/bia.jpg\n    caption: Bìa\n")},
           "issue.yaml", "photo: photos/bia.jpg", "does not exist"),
    Defect("too many columns for a narrow page",
           {"issue.yaml": MANIFEST + "layout:\n  page: A5\n  columns: 4\n"},
           "issue.yaml", "columns: 4", "at least 30 mm"),
]


# What each defect says in Vietnamese (the default language): a piece of the message.
VIETNAMESE = {
    'footnote reference without its note': "chỗ dẫn cước chú [^7] chưa có cước chú: hãy thêm một dòng '[^7]: …'",
    'table row with more cells than its header': 'dòng này của bảng có 3 ô, còn dòng tiêu đề của bảng có 2 ô: các ô',
    'table of 30 columns': 'bảng có 30 cột; một cột hay một trang của bản tin chỉ chứa được tối',
    'yaml syntax in manifest': 'giá trị có chứa \': \' nên phải đặt trong dấu ngoặc kép thẳng ": hãy',
    'tab indentation': 'dòng này thụt lề bằng phím Tab; các tệp này chỉ thụt lề bằng dấu',
    'yaml syntax in front matter': "dấu '[' mở ở dòng 4 chưa được đóng bằng ']': hãy đóng lại, hoặc nếu",
    'missing publication name': "publication: thiếu khóa bắt buộc 'name'",
    'missing issue date': "issue: thiếu khóa bắt buộc 'date'",
    'typo in a layout key': "layout: không có khóa 'colums'; có phải ý bạn là 'columns'?",
    'typo in a top-level key': "không có khóa 'sectons'; có phải ý bạn là 'sections'?",
    'issue number in words': "issue.number: cần một số nguyên từ 1 đến 99999, nhưng lại là 'một'",
    'zero columns': 'layout.columns: 0 nằm ngoài khoảng cho phép: từ 1 đến 4',
    'a thousand columns': 'layout.columns: 1000 nằm ngoài khoảng cho phép: từ 1 đến 4',
    'curly quotes around a value with a colon': 'giá trị đang nằm trong dấu ngoặc cong “…” do trình soạn thảo văn bản',
    'curly quotes around a value': 'giá trị đang nằm trong dấu ngoặc cong “…” do trình soạn thảo văn bản',
    'a colon in a value without quotes': 'giá trị có chứa \': \' nên phải đặt trong dấu ngoặc kép thẳng ": hãy',
    'a tab for indentation': 'dòng này thụt lề bằng phím Tab; các tệp này chỉ thụt lề bằng dấu',
    'no-break spaces for indentation': 'dòng này thụt lề bằng dấu cách không ngắt (U+00A0, thường lẫn vào khi',
    'a line of no-break spaces only': 'dòng này chỉ có dấu cách không ngắt (U+00A0), ở đây không được tính',
    "a photo's name written in other capitals": "ảnh 1, khóa file: không có tệp '../photos/Anh.JPG'; tệp có tên là",
    'page count in words': "layout.pages: cần ghi 'auto' (số trang là bội số của 4, vừa đủ chứa",
    'too many pages': 'layout.pages: 100 nằm ngoài khoảng cho phép: từ 1 đến 64',
    'negative page size': 'layout.page: cần ghi khổ trang, ví dụ 190x270mm, hoặc một trong các',
    'zero page width': 'layout.page: chiều rộng trang 0 mm nằm ngoài giới hạn cho phép: từ 90',
    'impossible date': "issue.date: '2024-13-45' không phải ngày hợp lệ (không có tháng này)",
    'day-month-year date': 'issue.date: hãy viết ngày theo dạng NĂM-THÁNG-NGÀY: 2024-03-15 thay',
    'missing article file': "chuyên mục 1, khóa articles: không có tệp 'articles/hia.md'; có phải",
    'missing photo': "ảnh 1, khóa file: không có tệp '../photos/khong-co.jpg'",
    'text file named .jpg': "ảnh 1, khóa file: '../photos/anh.jpg': không phải tệp ảnh đọc được",
    'truncated JPEG': "ảnh 1, khóa file: '../photos/anh.jpg': dữ liệu ảnh bị hỏng hoặc bị",
    'decompression bomb': "ảnh 1, khóa file: '../photos/anh.jpg': tệp ảnh ghi số điểm ảnh lớn",
    'article in Windows-1258': 'tệp không ở bảng mã UTF-8 (byte 0xF4); có thể tệp ở một bảng mã tiếng',
    'manifest in UTF-16': 'tệp đang ở bảng mã UTF-16; hãy lưu lại theo bảng mã UTF-8 (trong',
    'no article at all': 'số này chưa có bài nào: hãy ghi ít nhất một bài dưới sections: …',
    'article listed twice': "chuyên mục 1, khóa articles: 'articles/../articles/mot.md' được ghi",
    'path leaving the issue folder': "chuyên mục 1, khóa articles: '../ngoai.md' dẫn ra ngoài thư mục của số",
    'absolute path': "chuyên mục 1, khóa articles: '/etc/passwd' là đường dẫn tuyệt đối;",
    'symlink pointing outside': "chuyên mục 1, khóa articles: 'articles/mot.md' dẫn ra ngoài thư mục",
    'photo outside the issue folder': "ảnh 1, khóa file: '../../anh.jpg' dẫn ra ngoài thư mục của số",
    'duplicate key': "khóa 'number' xuất hiện hai lần (lần đầu ở dòng 5)",
    'article without front matter': "bài phải bắt đầu bằng phần đầu bài: một dòng '---', tiếp theo là",
    'front matter never closed': "phần đầu bài mở ở dòng 1 chưa được đóng lại bằng một dòng '---'",
    'article without title': "thiếu khóa bắt buộc 'title'",
    'photo in the text outside the issue folder': "ảnh trong bài: '../../ngoai/anh.jpg' dẫn ra ngoài thư mục của số",
    'photo in the text on the web': "ảnh trong bài: 'https://example.com/anh.jpg' là ảnh trên mạng; bản",
    'alias bomb': 'các giá trị trong tệp bị nhân lên quá 100000 giá trị qua các dấu lặp',
    'recursive alias': 'các giá trị lồng nhau sâu quá 50 tầng (có dấu lặp lại * nằm trong',
    'python object tag': "không được dùng '!!python/object/apply:os.system' ở đây: giá trị bắt",
    'manifest that is a list': "tệp khai báo số (issue.yaml) phải gồm các dòng 'khóa: giá trị':",
    'unknown font': "layout.fonts.body: không tìm thấy họ phông chữ 'Times New Roman'; các",
    'section without title': "chuyên mục 1: thiếu khóa bắt buộc 'title'",
    'articles that are not a list': "chuyên mục 1, khóa articles: cần một danh sách (các dòng '- mục'),",
    'empty manifest': "tệp khai báo số (issue.yaml) phải gồm các dòng 'khóa: giá trị':",
    'margins wider than the page': 'layout.margins: 80mm nằm ngoài giới hạn cho phép: từ 5 đến 50 mm',
    'two YAML documents': "dòng '---' ở đây mở ra phần thứ hai của tệp, trong khi tệp chỉ được",
    'unknown photo span': 'ảnh 1, khóa span: cần một trong các giá trị auto, column, full; nhưng',
    'article that is a folder': "chuyên mục 1, khóa articles: 'articles/hai.md' là thư mục, không phải",
    'language that is not a tag': "publication.language: 'Tiếng Việt' không phải là mã ngôn ngữ như vi",
    'negative print run': 'imprint.print_run: -5 nằm ngoài khoảng cho phép: từ 1 đến 10000000',
    'missing cover photo': "issue.cover.photo: không có tệp 'photos/bia.jpg'; có phải ý bạn là",
    'too many columns for a narrow page': 'layout.columns: với 4 cột, mỗi cột chỉ rộng 30 mm trên vùng chữ rộng',
}


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_corpus_is_large_enough():
    assert len(DEFECTS) >= 40
    assert len({d.name for d in DEFECTS}) == len(DEFECTS)


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_defect_is_reported_with_file_and_line(defect: Defect, issue_dir: Path, capsys,
                                               monkeypatch):
    write_files(issue_dir, defect.files)
    if defect.setup:
        defect.setup(issue_dir)
    before = {p: p.read_bytes() for p in issue_dir.rglob("*") if p.is_file()}
    older = issue_dir.parent / "ra"
    older.mkdir()
    (older / "so.pdf").write_bytes(b"an older good PDF")
    (older / "so.epub").write_bytes(b"an older good EPUB")
    monkeypatch.chdir(issue_dir)

    code, output = run_cli(["build", "issue.yaml", "--pdf", "../ra/so.pdf",
                            "--epub", "../ra/so.epub"], capsys)

    assert code == 1, output
    assert "Traceback" not in output
    location = re.escape(defect.file) + r"(:\d+)?"
    if defect.at is not None:
        source = (issue_dir / defect.file).read_bytes().decode("utf-8", "replace")
        lines = source.split("\n")
        line = next(n for n, text in enumerate(lines, 1) if defect.at in text)
        location = f"{re.escape(defect.file)}:{line}"
    matching = [row for row in output.splitlines()
                if re.match(f"{location}: error: ", row) and defect.says in row]
    assert matching, f"expected '{location}: error: …{defect.says}…' in:\n{output}"
    for extra in defect.also:
        assert extra in output
    after = {p: p.read_bytes() for p in issue_dir.rglob("*") if p.is_file()}
    assert after == before, "a build must not write or change any source file"
    assert (older / "so.pdf").read_bytes() == b"an older good PDF"
    assert (older / "so.epub").read_bytes() == b"an older good EPUB"
    assert sorted(p.name for p in older.iterdir()) == ["so.epub", "so.pdf"]
    # check finds the same problems
    assert run_cli(["check", "issue.yaml"], capsys)[0] == 1


def test_every_defect_says_what_it_is_in_vietnamese():
    assert set(VIETNAMESE) == {d.name for d in DEFECTS}


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_defect_is_reported_in_vietnamese_by_default(defect: Defect, issue_dir: Path, capsys,
                                                     monkeypatch):
    """With no language asked for anywhere, the same problem on the same line, in
    Vietnamese: 'FILE:LINE: lỗi: …', and the closing line too."""
    for name in ("BANTIN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    write_files(issue_dir, defect.files)
    if defect.setup:
        defect.setup(issue_dir)
    monkeypatch.chdir(issue_dir)

    code, output = run_cli(["check", "issue.yaml"], capsys)

    assert code == 1, output
    location = re.escape(defect.file) + r"(:\d+)?"
    if defect.at is not None:
        lines = (issue_dir / defect.file).read_bytes().decode("utf-8", "replace").split("\n")
        line = next(n for n, text in enumerate(lines, 1) if defect.at in text)
        location = f"{re.escape(defect.file)}:{line}"
    says = VIETNAMESE[defect.name]
    matching = [row for row in output.splitlines()
                if re.match(f"{location}: lỗi: ", row) and says in row]
    assert matching, f"expected '{location}: lỗi: …{says}…' in:\n{output}"
    assert re.search(r"^\d+ lỗi; chưa ghi tệp nào\.$", output, re.M), output
    assert ": error: " not in output
    if defect.says not in says:  # not a date or an encoding's name, the same in both
        assert defect.says not in output
