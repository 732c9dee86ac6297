"""The publication file: issues share publication, imprint and layout through `extends:`;
the issue overrides key by key; problems name the file and line a value came from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bantin_print.cli import main
from bantin_print.errors import InputError
from bantin_print.reader import read_issue
from conftest import ARTICLE_ONE, ARTICLE_TWO, MANIFEST, jpeg_bytes, write_files
from pdftools import page_texts, squeeze

# The shared parts of conftest's MANIFEST (its publication and imprint), with a layout.
PUBLICATION = ("# Những phần không đổi giữa các số\n"
               + MANIFEST[:MANIFEST.index("issue:")]
               + MANIFEST[MANIFEST.index("imprint:"):MANIFEST.index("sections:")]
               + "layout:\n  page: A5\n  columns: 2\n  margins: 14mm\n")


def issue_manifest(number: int, extra: str = "") -> str:
    return (f"extends: ../bantin.yaml\nissue:\n  number: {number}\n  date: 2024-0{number}-15\n"
            f"{extra}sections:\n  - title: Tin tức\n    articles:\n      - articles/mot.md\n"
            "      - articles/hai.md\n")


@pytest.fixture
def publication(tmp_path: Path) -> Path:
    """A publication folder: bantin.yaml and two issues, so-03 and so-04."""
    write_files(tmp_path, {"bantin.yaml": PUBLICATION})
    for number in (3, 4):
        write_files(tmp_path / f"so-0{number}", {
            "issue.yaml": issue_manifest(number),
            "articles/mot.md": ARTICLE_ONE,
            "articles/hai.md": ARTICLE_TWO.replace("Tin ngắn", f"Tin ngắn số {number}"),
            "photos/anh.jpg": jpeg_bytes(),
        })
    return tmp_path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                if text in line)


def test_two_issues_sharing_one_publication_file_build(publication: Path, capsys):
    for number in (3, 4):
        folder = publication / f"so-0{number}"
        assert main(["build", str(folder), "--out", str(publication / "out")]) == 0, \
            capsys.readouterr().err
    # both in one folder, each named after the publication and its number
    assert sorted(p.name for p in (publication / "out").iterdir()) == [
        "ban-tin-thu-nghiem-so-03.epub", "ban-tin-thu-nghiem-so-03.pdf",
        "ban-tin-thu-nghiem-so-04.epub", "ban-tin-thu-nghiem-so-04.pdf"]
    for number in (3, 4):
        pdf = publication / "out" / f"ban-tin-thu-nghiem-so-0{number}.pdf"
        text = squeeze(" ".join(page_texts(pdf)))
        # the publication file's imprint and name, the issue's own article
        assert "Công ty In Thử nghiệm" in text and "Nguyễn Văn An" in text
        assert f"Tin ngắn số {number}" in text
        assert "Tin ngắn số " + str(7 - number) not in text


def test_the_issue_overrides_key_by_key(publication: Path):
    manifest = publication / "so-03" / "issue.yaml"
    write_files(publication / "so-03", {"issue.yaml": issue_manifest(
        3, "imprint:\n  print_run: 350\nlayout:\n  columns: 1\n")})
    issue, _ = read_issue(manifest)
    assert issue.layout.columns == 1  # the issue's value wins
    assert round(issue.layout.page_width_mm) == 148  # A5, from the publication file
    assert issue.imprint.print_run == 350
    assert issue.imprint.printer == "Công ty In Thử nghiệm"  # the rest of the mapping kept
    assert issue.publication.name == "Bản tin Thử nghiệm"
    assert issue.publication_file == (publication / "bantin.yaml").resolve()


def test_an_error_in_the_publication_file_names_that_file_and_line(publication: Path, capsys):
    shared = publication / "bantin.yaml"
    shared.write_text(PUBLICATION.replace("print_run: 200", "print_run: hai trăm")
                      .replace("columns: 2", "colums: 2"), encoding="utf-8")
    out = publication / "out"
    assert main(["build", str(publication / "so-03"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"bantin\.yaml:{line_of(shared, 'print_run')}: error: "
                     r"imprint\.print_run: expected a whole number", err), err
    assert re.search(rf"bantin\.yaml:{line_of(shared, 'colums')}: error: layout: unknown key "
                     r"'colums'; did you mean 'columns'\?", err), err
    assert not out.exists()


def test_an_overridden_value_is_reported_where_the_issue_writes_it(publication: Path):
    folder = publication / "so-03"
    write_files(folder, {"issue.yaml": issue_manifest(3, "layout:\n  columns: 9\n")})
    with pytest.raises(InputError) as raised:
        read_issue(folder / "issue.yaml")
    [problem] = raised.value.problems
    assert problem.file == (folder / "issue.yaml").absolute()
    assert problem.line == line_of(folder / "issue.yaml", "columns: 9")


def test_paths_in_the_publication_file_resolve_from_its_folder(publication: Path, tmp_path):
    (publication / "phong-chu").mkdir()  # beside bantin.yaml, not in the issue's folder
    (publication / "bantin.yaml").write_text(
        PUBLICATION + "  font_dir: phong-chu\n", encoding="utf-8")
    issue, _ = read_issue(publication / "so-03" / "issue.yaml")
    assert issue.layout.columns == 2

    (publication / "bantin.yaml").write_text(
        PUBLICATION + "  font_dir: ../ngoai\n", encoding="utf-8")
    (publication.parent / "ngoai").mkdir(exist_ok=True)
    with pytest.raises(InputError) as raised:
        read_issue(publication / "so-03" / "issue.yaml")
    [problem] = raised.value.problems
    assert problem.file == (publication / "bantin.yaml").resolve()
    assert "leads outside" in problem.text


@pytest.mark.parametrize("extends, says", [
    ("../bantin.yml", "did you mean 'bantin.yaml'?"),
    ("/etc/bantin.yaml", "is an absolute path"),
    ("../so-04/bantin.yaml", "is not in the issue's folder or a folder above it"),
    ("", "expected the path of the publication file"),
])
def test_a_wrong_extends_is_named_on_its_line(publication: Path, extends: str, says: str):
    folder = publication / "so-03"
    manifest = folder / "issue.yaml"
    manifest.write_text(issue_manifest(3).replace("../bantin.yaml", extends), encoding="utf-8")
    (publication / "so-04" / "bantin.yaml").write_text(PUBLICATION, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_issue(manifest)
    [problem] = raised.value.problems
    assert (problem.file, problem.line) == (manifest, 1)
    assert says in problem.text


@pytest.mark.parametrize("extra, says", [
    ("sections:\n  - title: Tin\n", "'sections:' belongs in each issue's manifest"),
    ("extends: ../khac.yaml\n", "cannot itself extend another"),
])
def test_what_a_publication_file_may_not_hold(publication: Path, extra: str, says: str):
    shared = publication / "bantin.yaml"
    shared.write_text(PUBLICATION + extra, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_issue(publication / "so-03" / "issue.yaml")
    [problem] = raised.value.problems
    assert problem.file == shared.resolve() and says in problem.text
    assert problem.line == line_of(shared, extra.split(":")[0] + ":")


def test_an_output_may_not_overwrite_the_publication_file(publication: Path, capsys):
    shared = publication / "bantin.yaml"
    before = shared.read_bytes()
    code = main(["build", str(publication / "so-03"), "--pdf", str(shared)])
    assert code == 2
    assert "publication file" in capsys.readouterr().err
    assert shared.read_bytes() == before


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_new_from_the_previous_issue_starts_the_next_one(publication: Path, capsys):
    previous = publication / "so-04"
    write_files(previous, {"issue.yaml": issue_manifest(4, "  title: Chủ đề số 4\n").replace(
        "sections:\n  - title: Tin tức\n", "sections:\n  - title: Tin tức\n")
        + "  - title: Nghiên cứu - Trao đổi\n    articles:\n      - articles/ba.md\n",
        "articles/ba.md": ARTICLE_TWO})
    before = snapshot(previous)
    folder = publication / "so-05"
    assert main(["new", str(folder), "--from", str(previous), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert f"Created {folder}/ for issue 5 of 2024-05-15, after {previous}." in err
    assert snapshot(previous) == before  # the previous issue is only read
    manifest = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert manifest.startswith("extends: ../bantin.yaml\n")
    assert "Chủ đề số 4" not in manifest and "mot.md" not in manifest
    assert "  # - title: Nghiên cứu - Trao đổi" in manifest  # kept for its articles to come
    issue, _ = read_issue(folder / "issue.yaml")
    assert (issue.number, issue.date.isoformat()) == (5, "2024-05-15")
    assert issue.title is None and issue.publication.name == "Bản tin Thử nghiệm"
    assert [a.path.name for a in issue.articles()] == ["bai-mau.md"]
    assert issue.articles().__next__().date.isoformat() == "2024-05-15"
    assert main(["check", str(folder)]) == 0


def test_new_from_keeps_a_manifest_without_publication_file_whole(issue_dir: Path, tmp_path,
                                                                   capsys):
    manifest = issue_dir / "issue.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "date: 2024-03-15", "date: 2024-01-31  # ngày phát hành") + "layout:\n  font_dir: fonts\n",
        encoding="utf-8")
    (issue_dir / "fonts").mkdir()
    folder = tmp_path / "so-04"
    assert main(["new", str(folder), "--from", str(manifest), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    # the font folder stays behind: said, with the line that names it
    assert re.search(rf"{re.escape(str(manifest))}:\d+: warning: layout.font_dir: 'fonts' is in "
                     "this issue's folder", err), err
    written = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert "  date: 2024-02-29  # ngày phát hành" in written  # a month on, the comment kept
    assert "licence: Giấy phép số 01/GP-STTTT" in written  # the imprint carried over
    (folder / "fonts").mkdir()
    issue, _ = read_issue(folder / "issue.yaml")
    assert issue.number == 4 and issue.imprint.printer == "Công ty In Thử nghiệm"


def test_new_from_an_issue_that_is_not_there(tmp_path: Path, capsys):
    assert main(["new", str(tmp_path / "so-09"), "--from", str(tmp_path / "so-08")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'so-08'}: error: cannot read the file: it does not exist" in err
    assert not (tmp_path / "so-09").exists()


def test_new_from_a_manifest_whose_issue_is_not_a_mapping(tmp_path: Path, capsys):
    previous = tmp_path / "so-01"
    write_files(previous, {"issue.yaml": "publication: {name: X, publisher: Y}\nissue: 5\n"})
    assert main(["new", str(tmp_path / "so-02"), "--from", str(previous), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "issue.yaml:2: error: issue: expected a mapping" in err and "Traceback" not in err
    assert "internal error" not in err and not (tmp_path / "so-02").exists()


def test_new_from_a_manifest_without_sections_lists_the_example(tmp_path: Path, capsys):
    previous = tmp_path / "so-01"
    write_files(previous, {"issue.yaml": "issue:\n  number: 3\n  date: 2024-01-05\n"})
    assert main(["new", str(tmp_path / "so-02"), "--from", str(previous)]) == 0
    written = (tmp_path / "so-02" / "issue.yaml").read_text(encoding="utf-8")
    assert written.endswith("sections:\n  - title: Tin tức - Sự kiện\n    articles:\n"
                            "      - articles/bai-mau.md\n")


def test_new_from_quotes_section_titles_yaml_would_read_otherwise(publication: Path, capsys):
    """A title the previous manifest quoted ("- Tin", "2024") is quoted again, in the
    section kept and in the commented ones, so the new manifest reads back the same."""
    previous = publication / "so-04"
    write_files(previous, {"issue.yaml": issue_manifest(4, "").replace(
        "sections:\n  - title: Tin tức\n", 'sections:\n  - title: "- Tin"\n')
        + '  - title: "2024"\n    articles:\n      - articles/ba.md\n',
        "articles/ba.md": ARTICLE_TWO})
    folder = publication / "so-05"
    assert main(["new", str(folder), "--from", str(previous), "--lang", "en"]) == 0
    manifest = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert '  # - title: "2024"' in manifest
    issue, _ = read_issue(folder / "issue.yaml")
    assert [s.title for s in issue.sections] == ["- Tin"]
