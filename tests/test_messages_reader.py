"""The readers' messages (the manifest, the articles, their YAML, their files) in Vietnamese,
the default, and in English (--lang en): each case breaks the valid issue of conftest.py in
one place and runs check in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bantin_print import cli
from bantin_print.errors import InputError
from bantin_print.reader import yamltree
from conftest import ARTICLE_ONE, MANIFEST, write_files



def check(capsys, *options: str) -> tuple[int, str]:
    code = cli.main(["check", "issue.yaml", *options])
    return code, capsys.readouterr().err


def broken(old: str, new: str, text: str = MANIFEST) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (name, files changed, the line in Vietnamese, the same line in English)
CASES = [
    ("a missing required key",
     {"issue.yaml": broken("  name: Bản tin Thử nghiệm\n", "")},
     "issue.yaml:1: lỗi: publication: thiếu khóa bắt buộc 'name'",
     "issue.yaml:1: error: publication: required key 'name' is missing"),
    ("an unknown key with its suggestion",
     {"issue.yaml": MANIFEST + "layout:\n  colums: 2\n"},
     "issue.yaml:19: lỗi: layout: không có khóa 'colums'; có phải ý bạn là 'columns'?",
     "issue.yaml:19: error: layout: unknown key 'colums'; did you mean 'columns'?"),
    ("a value in curly quotes",
     {"articles/mot.md": broken('credit: "Ảnh: Hương Dịu"', "credit: “Hương Dịu”", ARTICLE_ONE)},
     'articles/mot.md:9: lỗi: giá trị đang nằm trong dấu ngoặc cong “…” do trình soạn thảo văn '
     'bản tự gõ ra; các tệp này cần dấu ngoặc kép thẳng ": hãy viết  credit: "Hương Dịu"  '
     "(muốn in ra dấu ngoặc cong thì đặt cả giá trị trong dấu ngoặc kép thẳng)",
     'articles/mot.md:9: error: the value is in curly quotes “…”, as a word processor types '
     'them; these files need straight " quotes: write  credit: "Hương Dịu"  (to print the '
     "curly quotes, put the whole value in straight ones)"),
    ("a line indented with a tab",
     {"issue.yaml": broken("  number: 3", "\tnumber: 3")},
     "issue.yaml:5: lỗi: dòng này thụt lề bằng phím Tab; các tệp này chỉ thụt lề bằng dấu "
     "cách: hãy thay Tab bằng các dấu cách",
     "issue.yaml:5: error: the line is indented with a tab; these files are indented with "
     "spaces only: replace the tab with spaces"),
    ("a value holding ': ' without quotes",
     {"articles/mot.md": broken('credit: "Ảnh: Hương Dịu"', "credit: Ảnh: Hương Dịu",
                                ARTICLE_ONE)},
     "articles/mot.md:9: lỗi: giá trị có chứa ': ' nên phải đặt trong dấu ngoặc kép thẳng \": "
     'hãy viết  credit: "Ảnh: Hương Dịu"',
     "articles/mot.md:9: error: the value holds ': ', so it must be in straight \" quotes: "
     'write  credit: "Ảnh: Hương Dịu"'),
    ("a date written day/month/year",
     {"issue.yaml": broken("date: 2024-03-15", "date: 15/03/2024")},
     "issue.yaml:6: lỗi: issue.date: hãy viết ngày theo dạng NĂM-THÁNG-NGÀY: 2024-03-15 thay "
     "cho '15/03/2024'",
     "issue.yaml:6: error: issue.date: write the date as YEAR-MONTH-DAY: 2024-03-15 for "
     "'15/03/2024'"),
    ("a missing article file with its suggestion",
     {"issue.yaml": broken("articles/hai.md", "articles/hia.md")},
     "issue.yaml:17: lỗi: chuyên mục 1, khóa articles: không có tệp 'articles/hia.md'; có "
     "phải ý bạn là 'hai.md'?",
     "issue.yaml:17: error: section 1, articles: 'articles/hia.md' does not exist; did you "
     "mean 'hai.md'?"),
    ("a photo's name in other capitals",
     {"articles/mot.md": broken("../photos/anh.jpg", "../photos/Anh.JPG", ARTICLE_ONE)},
     "articles/mot.md:7: lỗi: ảnh 1, khóa file: không có tệp '../photos/Anh.JPG'; tệp có tên "
     "là 'anh.jpg': hãy ghi đúng như vậy, kể cả chữ hoa và chữ thường (ở đây và ở nhà in đều "
     "phân biệt)",
     "articles/mot.md:7: error: photo 1, file: '../photos/Anh.JPG' does not exist; the file "
     "is named 'anh.jpg': write it so, capitals as they are (they count here, and at the "
     "print shop)"),
    ("the new issue's placeholder left in the imprint",
     {"issue.yaml": broken("responsible: Nguyễn Văn An", "responsible: …")},
     "issue.yaml:9: cảnh báo: imprint.responsible: '…' vẫn là chữ mẫu của số mới: hãy ghi "
     "nội dung thật cho responsible (chịu trách nhiệm xuất bản)",
     "issue.yaml:9: warning: imprint.responsible: '…' is the new issue's placeholder: write "
     "the real value for responsible (chịu trách nhiệm xuất bản)"),
    ("a section without its title",
     {"issue.yaml": broken("  - title: Tin tức - Sự kiện\n    articles:", "  - articles:")},
     "issue.yaml:14: lỗi: chuyên mục 1: thiếu khóa bắt buộc 'title'",
     "issue.yaml:14: error: section 1: required key 'title' is missing"),
    ("a '[' never closed in an article's header",
     {"articles/mot.md": broken("author: Hương Dịu", "author: [Hương Dịu", ARTICLE_ONE)},
     "articles/mot.md:5: lỗi: dấu '[' mở ở dòng 4 chưa được đóng bằng ']': hãy đóng lại, "
     "hoặc nếu dấu ngoặc là một phần của nội dung thì đặt cả giá trị trong dấu ngoặc kép "
     'thẳng "',
     "articles/mot.md:5: error: a '[' opened on line 4 is never closed with ']': close it, "
     "or, if the brackets are part of the text, put the whole value in straight \" quotes"),
]


@pytest.mark.parametrize("files, vietnamese, english", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_reader_message_in_vietnamese_and_in_english(issue_dir: Path, capsys, monkeypatch,
                                                       files, vietnamese, english):
    write_files(issue_dir, files)
    monkeypatch.chdir(issue_dir)
    vi_code, vi = check(capsys, "--lang", "vi")
    en_code, en = check(capsys, "--lang", "en")
    assert vietnamese in vi.splitlines(), vi
    assert english in en.splitlines(), en
    assert vi_code == en_code


@pytest.mark.parametrize("files, vietnamese", [(c[1], c[2]) for c in CASES[:3]],
                         ids=[c[0] for c in CASES[:3]])
def test_vietnamese_is_the_default(issue_dir: Path, capsys, monkeypatch, files, vietnamese):
    for name in ("BANTIN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    write_files(issue_dir, files)
    monkeypatch.chdir(issue_dir)
    code, err = check(capsys)
    assert code == 1 and vietnamese in err.splitlines(), err
    assert err.endswith("1 lỗi; chưa ghi tệp nào.\n")


def _yaml_problem(source: str):
    with pytest.raises(InputError) as raised:
        yamltree.parse(source, Path("issue.yaml"))
    [problem] = raised.value.problems
    return problem


@pytest.mark.parametrize("source, line, vietnamese, english", [
    ("a: 1\n---\nb: 2\n", 2,
     "dòng '---' ở đây mở ra phần thứ hai của tệp, trong khi tệp chỉ được có một phần: hãy "
     "xóa dòng này",
     "a '---' line here starts a second part of the file, which may hold one only: remove "
     "this line"),
    ('title: "Hội nghị\nlead: Sáng nay\n', 1,
     "dấu ngoặc (\" hoặc ') mở ở dòng này chưa được đóng: hãy thêm dấu ngoặc đóng ở cuối "
     "giá trị",
     "a quote opened on this line is never closed: add the closing quote at the end of the "
     "value"),
    ("title: Tin\nGhi chú\nlead: Sáng nay\n", 2,
     "dòng này không có dạng 'khóa: giá trị': hãy thêm ':' sau khóa, hoặc nếu dòng này viết "
     "tiếp giá trị ở dòng trên thì thụt lề vào sâu hơn khóa của giá trị đó",
     "this line is not 'key: value': add the ':' after the key, or, if the line continues "
     "the value above it, indent it further than that value's key"),
    ("lead: *Tin nóng* hôm nay\n", 1,
     "giá trị không được bắt đầu bằng '*' nếu không nằm trong dấu ngoặc kép: hãy đặt cả giá "
     'trị trong dấu ngoặc kép thẳng "',
     "a value cannot start with '*' unless it is in quotes: put the whole value in straight "
     '" quotes'),
])
def test_yaml_mistakes_are_explained_in_either_language(source, line, vietnamese, english):
    problem = _yaml_problem(source)
    assert problem.line == line
    assert problem.message.render("vi") == vietnamese
    assert problem.message.render("en") == english


def test_other_yaml_mistakes_are_a_plain_sentence_with_yamls_own_words_last():
    problem = _yaml_problem("%YAML 1.1\ntitle: Tin\n")
    vietnamese, english = problem.message.render("vi"), problem.message.render("en")
    assert vietnamese.startswith("các dòng ở đây chưa được viết đúng cách tệp yêu cầu (YAML): "
                                 "hãy kiểm tra thụt lề và dấu ':' sau mỗi khóa (")
    assert english.startswith("the lines here are not laid out as the file needs (YAML): "
                              "check the indentation and the ':' after each key (")
    assert vietnamese.endswith("(expected '<document start>', but found '<scalar>')")


def test_pyyamls_words_never_make_the_whole_message():
    for source in ("a: 1\n b: 2\n", "a:\n  b: 1\n c: 2\n", "a:\tb\n", "a: &x 1\nb: &x 2\n"):
        text = _yaml_problem(source).message.render("vi")
        for raw in ("mapping values are not allowed", "expected <block end>",
                    "cannot start any token", "found duplicate anchor"):
            assert not text.startswith(raw), text
        assert any(c in text for c in "ơưđạ"), text  # Vietnamese, not PyYAML's English
