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


def fresh(manifest: Path, out: Path) -> tuple[bytes, list[str]]:
    """The PDF of a cold build, in a process of its own, and its warnings as it says them
    (but the print check's, which name its own PDF)."""
    done = subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest),
                           "--pdf", str(out / "fresh.pdf"), "--epub", str(out / "fresh.epub"),
                           "--lang", "en"], check=True, capture_output=True, text=True)
    return (out / "fresh.pdf").read_bytes(), [
        line for line in done.stderr.splitlines()
        if ": warning: " in line and ": warning: preflight " not in line]


def kept_build(manifest: Path, out: Path, kept: Kept) -> tuple[bytes, list[str]]:
    """The PDF of a build keeping its compositions, and its warnings said as the command
    line says them."""
    result = build.build(manifest, out / "kept.pdf", out / "kept.epub", kept=kept)
    return (out / "kept.pdf").read_bytes(), [p.format(language="en") for p in result.warnings]


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

# (what the edit does, the edit, the first article it changes; None: page 1 or the imprint)
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
    """Each edit: the same PDF and the same warnings, each naming the same file and line."""
    kept = Kept()
    assert kept_build(sample, tmp_path, kept) == fresh(sample, tmp_path)
    count = len(articles(sample))
    for what, change, changed in EDITS:
        change(sample)
        pdf, warnings = kept_build(sample, tmp_path, kept)
        assert (pdf, warnings) == fresh(sample, tmp_path), what
        assert any("cuoc-thi-anh-khoa-hoc.md:7: warning:" in w for w in warnings), warnings
        # The natural setting, which the fit always tries first, was laid out again from
        # the article before the one changed (a setting first tried now is composed anew).
        expected = count if changed is NOTHING else 0 if changed is None else max(
            0, changed % count - 1)
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
    steps = [  # (what, the edit, the first article changed; the count after)
        # The article before it now ends a page: set looser to fill it, as a fresh build
        # sets it (laid out again only from the article changed, it was not).
        ("the twelfth article made to start a new page",
         lambda: edit(listed[11], "---\n", "---\nstart: new-page\n"), 11, 30),
        ("an article added at the end",
         lambda: edit(manifest, f"      - {last}\n", f"      - {last}\n      - articles/bai-them.md\n"),
         30, 31),
        ("the added article taken out again",  # the last one now ends before the imprint
         lambda: edit(manifest, "      - articles/bai-them.md\n", ""), 30, 30),
        ("the last article moved to the second section",
         lambda: (edit(manifest, f"      - {last}\n", ""),
                  edit(manifest, "  - title: Văn bản, chính sách mới\n    articles:\n",
                       f"  - title: Văn bản, chính sách mới\n    articles:\n      - {last}\n")),
         6, 30),
    ]
    kept = Kept()
    kept_build(manifest, tmp_path, kept)
    for what, change, changed, count in steps:
        change()
        assert len(articles(manifest)) == count
        assert kept_build(manifest, tmp_path, kept) == fresh(manifest, tmp_path), what
        assert kept.starts[0.0] == changed - 1, (what, kept.starts)
