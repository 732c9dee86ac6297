"""The preview's builds keep the print edition's compositions and lay the articles out
again only from the first one an edit changed (pdf.Kept). The PDF must be byte for byte the
PDF a fresh `bantin-print build` writes of the edited issue, whatever the edit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bantin_print import build
from bantin_print.pdf import Kept

ISSUES = Path(__file__).resolve().parents[1] / "issues"


def fresh_pdf(manifest: Path, out: Path) -> bytes:
    """The PDF of a cold build, in a process of its own."""
    subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest), "--pdf",
                    str(out / "fresh.pdf"), "--epub", str(out / "fresh.epub")], check=True,
                   capture_output=True)
    return (out / "fresh.pdf").read_bytes()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kept")
    shutil.copytree(ISSUES, folder / "issues")
    return folder / "issues" / "sample" / "issue.yaml"


def articles(manifest: Path) -> list[Path]:
    tree = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    return [manifest.parent / a for s in tree["sections"] for a in s["articles"]]


def photo_of(article: Path) -> Path:
    head = article.read_text(encoding="utf-8").split("\n---", 1)[0]
    return (article.parent / yaml.safe_load(head.lstrip("-\n"))["photos"][0]["file"]).resolve()


def other_picture(photo: Path) -> None:
    """The photo's file, its picture turned upside down: same size, same format."""
    from PIL import Image

    with Image.open(photo) as image:
        image.load()
        size, kind = image.size, image.format
    image.rotate(180).save(photo, kind)
    with Image.open(photo) as saved:
        assert saved.size == size


NOTHING = "nothing"  # the edit changes no article's layout: none laid out again

PARAGRAPH = "\n\nMột đoạn văn mới được thêm vào bài để thử bố cục lại từ bài này.\n\n"

# (what the edit does, the edit, the article the layout must start again from; None: all)
EDITS = [
    ("a paragraph more in the last article",
     lambda m: edit(articles(m)[-1], "\n\n", PARAGRAPH), -1),
    ("a paragraph more in the fourth article",
     lambda m: edit(articles(m)[3], "\n\n", PARAGRAPH), 3),
    ("a word in the first article",
     lambda m: edit(articles(m)[0], "Năm 2023", "Trong năm 2023"), 0),
    ("a photo's caption in the sixth article",
     lambda m: edit(articles(m)[5], "caption: \"", "caption: \"Ảnh chụp năm nay – "), 5),
    # The photo drawn is read again at each build: nothing to lay out, a new picture.
    ("the sixth article's photo replaced by another of the same size",
     lambda m: other_picture(photo_of(articles(m)[5])), NOTHING),
    # The contents keep their size: laid out again from the first article changed.
    ("a word of the last article's title",
     lambda m: edit(articles(m)[-1], "trên đồi Mây", "trên núi Mây"), -1),
    ("the third and fourth articles swapped",
     lambda m: edit(m, "      - articles/dang-ky-nhan-hieu-dac-san.md\n"
                       "      - articles/cuoc-thi-anh-khoa-hoc.md\n",
                    "      - articles/cuoc-thi-anh-khoa-hoc.md\n"
                    "      - articles/dang-ky-nhan-hieu-dac-san.md\n"), 2),
    ("the third section's title (over the seventh article)",
     lambda m: edit(m, "title: Khoa học và đời sống", "title: Khoa học và Đời sống"), 6),
    # The contents grow a line: every article moves down.
    ("the last article's title made longer",
     lambda m: edit(articles(m)[-1], "title: ", "title: Tin mới từ câu lạc bộ thiên văn – "),
     None),
    ("the issue's date (the masthead changes)",
     lambda m: edit(m, "date: 2024-01-18", "date: 2024-01-19"), None),
]


def test_every_edit_gives_the_pdf_a_fresh_build_gives(sample: Path, tmp_path: Path) -> None:
    kept = Kept()
    out = tmp_path
    build.build(sample, out / "kept.pdf", out / "kept.epub", kept=kept)
    assert (out / "kept.pdf").read_bytes() == fresh_pdf(sample, out)
    count = len(articles(sample))
    for what, change, start in EDITS:
        change(sample)
        build.build(sample, out / "kept.pdf", out / "kept.epub", kept=kept)
        assert (out / "kept.pdf").read_bytes() == fresh_pdf(sample, out), what
        # The natural setting, which the fit always tries first, was laid out again from
        # the article changed (a setting first tried now is composed from the start).
        expected = count if start is NOTHING else 0 if start is None else start % count
        assert kept.starts[0.0] == expected, (what, kept.starts)


def test_articles_added_taken_out_or_moved_give_the_pdf_a_fresh_build_gives(
        tmp_path: Path) -> None:
    """An issue whose contents list its sections only (too many articles for page 1):
    its contents keep their size whatever articles come and go."""
    from synthetic import write_issue

    manifest = write_issue(tmp_path / "so", 30, photos=6, megapixels=0.3)
    listed = articles(manifest)
    last = listed[-1].relative_to(manifest.parent).as_posix()
    added = manifest.parent / "articles" / "bai-them.md"
    added.write_text(listed[3].read_text(encoding="utf-8"), encoding="utf-8")
    steps = [  # (what, the edit, the article laid out again from; the count after)
        ("an article added at the end",  # from the last one: what stood before it is kept
         lambda: edit(manifest, f"      - {last}\n", f"      - {last}\n      - articles/bai-them.md\n"),
         29, 31),
        ("the added article taken out again",  # the imprint after the last, laid out again
         lambda: edit(manifest, "      - articles/bai-them.md\n", ""), 30, 30),
        ("the last article moved to the second section",
         lambda: (edit(manifest, f"      - {last}\n", ""),
                  edit(manifest, "  - title: Văn bản, chính sách mới\n    articles:\n",
                       f"  - title: Văn bản, chính sách mới\n    articles:\n      - {last}\n")),
         6, 30),
    ]
    kept = Kept()
    build.build(manifest, tmp_path / "kept.pdf", tmp_path / "kept.epub", kept=kept)
    for what, change, start, count in steps:
        change()
        assert len(articles(manifest)) == count
        build.build(manifest, tmp_path / "kept.pdf", tmp_path / "kept.epub", kept=kept)
        assert (tmp_path / "kept.pdf").read_bytes() == fresh_pdf(manifest, tmp_path), what
        assert kept.starts[0.0] == start, (what, kept.starts)
