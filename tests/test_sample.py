"""The sample issue is what a new user sees first: it must be complete and honest."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from bantin_print.reader import read_issue

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "sample"


def test_sample_is_complete():
    issue, warnings = read_issue(SAMPLE / "issue.yaml")
    assert warnings == []
    articles = list(issue.articles())
    assert len(issue.sections) >= 3 and len(articles) >= 8
    photos = [p for a in articles for p in a.all_photos()]
    assert len(photos) >= 6 and issue.cover is not None
    for photo in [issue.cover, *photos]:
        assert photo.caption and photo.credit
    for photo in [issue.cover, *(p for a in articles for p in a.photos)]:
        assert photo.alt  # a photo in the text has its caption for alt text
    for field in ("licence", "responsible", "printer", "print_run", "frequency", "distribution"):
        assert getattr(issue.imprint, field), field
    words = sum(len(a.path.read_text(encoding="utf-8").split()) for a in articles)
    assert words > 4000


def test_every_sample_photo_has_its_source_and_licence_recorded():
    sources = (SAMPLE / "photos" / "SOURCES.md").read_text(encoding="utf-8")
    photos = sorted((SAMPLE / "photos").glob("*.jpg"))
    assert len(photos) >= 6
    for photo in photos:
        row = next(line for line in sources.splitlines() if f"`{photo.name}`" in line)
        assert "CC0" in row or "public domain" in row.lower() or "copyright" in row.lower()


def test_sample_text_is_nfc():
    for path in SAMPLE.rglob("*"):
        if path.suffix in (".md", ".yaml"):
            text = path.read_text(encoding="utf-8")
            assert unicodedata.is_normalized("NFC", text), path


def test_bundled_fonts_carry_their_licence():
    fonts = REPO / "fonts"
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "OFL.txt").read_text(encoding="utf-8")
    for family in ("NotoSerif", "NotoSans"):
        for face in ("Regular", "Bold", "Italic", "BoldItalic"):
            assert (fonts / f"{family}-{face}.ttf").stat().st_size > 100_000


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command == "bash scripts/test"
    assert f"```sh\n{command}\n```" in readme
    assert "pytest" in (REPO / "scripts" / "test").read_text(encoding="utf-8")
