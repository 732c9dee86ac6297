"""Random manifests and articles, random Unicode included, thrown at check and build: the
only outcomes allowed are success and a clean exit 1 (a FILE: error: message, no traceback)."""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bantin_print.cli import main
from conftest import jpeg_bytes

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
ALPHABET = (VIETNAMESE + VIETNAMESE.upper() + "0123456789 .,;:!?…-–/()\"'%&<>[]*_#`>\n\\@{}|~^$")
texts = st.text(alphabet=ALPHABET, max_size=120)
any_text = st.one_of(texts, st.text(max_size=40))  # arbitrary Unicode, now and then
scalars = st.one_of(any_text, st.integers(-10, 10**7), st.none(), st.booleans(),
                    st.dates().map(str), st.floats(allow_nan=False, allow_infinity=False))


def maybe(key: str, strategy):
    return st.one_of(st.just({}), strategy.map(lambda value: {key: value}))


@st.composite
def manifests(draw):
    photo_file = draw(st.sampled_from(["photos/anh.jpg", "photos/khong.jpg", "../x.jpg", "/etc/hosts"]))
    cover = {"photo": photo_file, "caption": draw(texts)}
    publication = {**draw(maybe("name", scalars)), **draw(maybe("publisher", scalars))}
    issue = {**draw(maybe("number", st.one_of(st.integers(-5, 200_000), scalars))),
             **draw(maybe("date", st.one_of(st.dates().map(str), scalars))),
             **draw(maybe("title", scalars)), **draw(maybe("cover", st.just(cover)))}
    layout = {**draw(maybe("columns", st.integers(-2, 8))),
              **draw(maybe("page", st.sampled_from(["A4", "A5", "B5", "190x270mm", "90x90mm",
                                                    "0x0mm", "x", "500x500mm"]))),
              **draw(maybe("margins", st.sampled_from(["15mm", "5mm", "50mm", "0mm", "2cm"])))}
    text_settings = draw(maybe("text", st.fixed_dictionaries({
        "tone_marks": st.sampled_from(["keep", "old", "new", "x"]),
        "typography": st.one_of(st.booleans(), st.just({"quotes": False}))})))
    names = draw(st.lists(st.sampled_from(["a.md", "b.md", "c.md", "thieu.md"]), max_size=4))
    sections = [{"title": draw(texts), "articles": [f"articles/{n}" for n in names]}]
    manifest = {"publication": publication, "issue": issue, "imprint": {"print_run": 100},
                "layout": layout, "sections": sections, **text_settings}
    return {key: value for key, value in manifest.items()
            if draw(st.booleans()) or key in ("publication", "issue", "sections")}


@st.composite
def articles(draw):
    front = {"title": draw(scalars)}
    if draw(st.booleans()):
        front["lead"] = draw(texts)
    if draw(st.booleans()):
        front["photos"] = [{"file": "../photos/anh.jpg", "caption": draw(texts),
                            "span": draw(st.sampled_from(["auto", "full", "column", "x"]))}]
    body = draw(st.one_of(texts, st.text(max_size=300)))
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=200))  # no front matter at all, now and then
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body


def write_issue(folder: Path, manifest: dict, bodies: list[str], raw_manifest: str | None) -> None:
    (folder / "articles").mkdir(parents=True)
    (folder / "photos").mkdir()
    (folder / "photos" / "anh.jpg").write_bytes(PHOTO)
    text = raw_manifest if raw_manifest is not None else yaml.safe_dump(manifest, allow_unicode=True)
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    for name, body in zip(["a.md", "b.md", "c.md"], bodies):
        (folder / "articles" / name).write_text(body, encoding="utf-8")


PHOTO = jpeg_bytes((120, 80))


def outcome(args: list[str]) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    return code, stderr.getvalue()


def assert_clean(code: int, output: str) -> None:
    assert code in (0, 1), output
    assert "Traceback" not in output and "internal error" not in output, output
    if code == 1:
        assert ": error: " in output, output


inputs = st.tuples(manifests(), st.lists(articles(), min_size=3, max_size=3),
                   st.one_of(st.none(), st.text(max_size=200)))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs)
def test_check_never_fails_uncleanly(data):
    manifest, bodies, raw = data
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "so"
        write_issue(folder, manifest, bodies, raw if raw is not None and len(raw) % 5 == 0 else None)
        code, output = outcome(["check", str(folder / "issue.yaml")])
        event(f"check exit {code}")
        assert_clean(code, output)


@st.composite
def buildable(draw):
    """A valid frame (manifest, titles) around random texts, so that builds reach the
    writers; arbitrary Unicode still comes now and then, and must end cleanly."""
    title = st.text(alphabet=VIETNAMESE + " ", min_size=1, max_size=60).filter(str.strip)
    manifest = {"publication": {"name": "Bản tin Thử", "publisher": "Sở Thử"},
                "issue": {"number": draw(st.integers(1, 99_999)), "date": "2024-01-18",
                          "title": draw(texts)},
                "layout": {"columns": draw(st.integers(1, 4)),
                           "page": draw(st.sampled_from(["190x270mm", "A5", "A4", "120x160mm"]))},
                "sections": [{"title": draw(title), "articles": ["articles/a.md", "articles/b.md"]}]}
    bodies = []
    for _ in range(2):
        front = {"title": draw(title), "lead": draw(texts), "author": draw(texts)}
        if draw(st.booleans()):
            front["photos"] = [{"file": "../photos/anh.jpg", "caption": draw(texts),
                                "span": draw(st.sampled_from(["auto", "full", "column"]))}]
        body = draw(st.one_of(st.text(alphabet=ALPHABET, max_size=2000), any_text))
        bodies.append("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body)
    return manifest, bodies


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(buildable())
def test_build_never_fails_uncleanly(data):
    manifest, bodies = data
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "so"
        write_issue(folder, manifest, bodies, None)
        pdf, epub = Path(tmp) / "x.pdf", Path(tmp) / "x.epub"
        code, output = outcome(["build", str(folder / "issue.yaml"), "--pdf", str(pdf),
                                "--epub", str(epub)])
        event(f"build exit {code}")
        assert_clean(code, output)
        if code == 0:
            assert pdf.read_bytes().startswith(b"%PDF-")
            with zipfile.ZipFile(epub) as archive:
                assert archive.read("mimetype") == b"application/epub+zip"
        else:
            assert not pdf.exists() and not epub.exists()
        assert sorted(p.name for p in Path(tmp).iterdir()) in (["so"], ["so", "x.epub", "x.pdf"])
