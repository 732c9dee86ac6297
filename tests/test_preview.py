"""`bantin-print preview`: the pages as proofs in a real browser (Debian's chromium over
the DevTools protocol), updated when an article is saved; refusals of requests without the
token, with a foreign Host, or asking for paths; a clean stop."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import Browser
from test_importers import snapshot

ISSUES = Path(__file__).resolve().parents[1] / "issues"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample issue with its publication file."""
    shutil.copytree(ISSUES, tmp_path / "issues")
    return tmp_path / "issues" / "sample" / "issue.yaml"


class Running:
    """A preview served in this process, in a thread."""

    def __init__(self, manifest: Path, port: int = 0) -> None:
        from bantin_print import preview

        self.stop = threading.Event()
        self.started = threading.Event()
        self.address = ""

        def ready(address: str) -> None:
            self.address = address
            self.started.set()

        self.thread = threading.Thread(target=preview.serve, args=(
            manifest, port, "en", False, ready, self.stop), daemon=True)
        self.thread.start()
        assert self.started.wait(30)
        parts = urlsplit(self.address)
        self.port = parts.port
        self.token = parts.query.split("token=")[1]

    def get(self, path: str, host: str | None = None, token: bool = True,
            method: str = "GET") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        if token:
            path += ("&" if "?" in path else "?") + f"token={self.token}"
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    def close(self) -> None:
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


@pytest.fixture
def running(sample: Path):
    preview = Running(sample)
    yield preview
    preview.close()


def wait_built(preview: Running, version: int = 0) -> dict:
    import json
    import time

    end = time.monotonic() + 60
    while time.monotonic() < end:
        status, body = preview.get("/state")
        state = json.loads(body)
        if state["version"] > version and not state["building"] and state["version"] >= 2:
            return state
        time.sleep(0.1)
    raise TimeoutError("no build")


def test_the_browser_shows_the_spreads_and_a_saved_change(running: Running, sample: Path,
                                                         tmp_path: Path) -> None:
    state = wait_built(running)
    assert state["ok"] and len(state["pages"]) == 8
    with Browser() as browser:
        browser.open(running.address)
        loaded = ("[...document.querySelectorAll('img.proof')].filter("
                  "i => i.complete && i.naturalWidth > 800).length")
        assert browser.wait_for(f"{loaded} === 8 && {loaded}")
        # As the bulletin lies open: page 1 alone, then 2-3, 4-5, 6-7, 8.
        spreads = browser.evaluate("[...document.querySelectorAll('.spread')].map(s => "
                                   "[...s.querySelectorAll('figure')].map(f => "
                                   "Number(f.dataset.page)))")
        assert spreads == [[1], [2, 3], [4, 5], [6, 7], [8]]
        # Page 1 stands where right-hand pages do, the back page where left-hand ones do.
        left = ("[1, 2, 3, 8].map(n => Math.round(document.querySelector("
                "`figure[data-page=\"${n}\"]`).getBoundingClientRect().left))")
        first, even, odd, back = browser.evaluate(left)
        assert first == odd and back == even and odd > even
        before = browser.evaluate("[...document.querySelectorAll('img.proof')].map("
                                  "i => i.dataset.proof)")
        # Clicking a page names what is on it.
        browser.evaluate("document.querySelector('figure[data-page=\"1\"]').click()")
        on_page = browser.evaluate("document.getElementById('page-articles').textContent")
        assert "articles/hoi-nghi-tong-ket-2023.md" in on_page
        browser.screenshot(str(tmp_path / "preview.png"))

        # An editor saves a change to the first article: page 1 changes, by itself.
        article = sample.parent / "articles" / "hoi-nghi-tong-ket-2023.md"
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("Năm 2023", "Trong năm 2023", 1), encoding="utf-8")
        changed = ("(() => { const i = document.querySelector('figure[data-page=\"1\"] img');"
                   f" return i.dataset.proof !== {before[0]!r} && i.complete"
                   " && i.naturalWidth > 800; })()")
        assert browser.wait_for(changed, timeout=60)
        after = browser.evaluate("[...document.querySelectorAll('img.proof')].map("
                                 "i => i.dataset.proof)")
        assert after[0] != before[0] and after[-1] == before[-1]
        marked = ("[...document.querySelectorAll('figure.changed')].map("
                  "f => Number(f.dataset.page))")
        assert 1 in browser.wait_for(f"{marked}.length && {marked}") and 8 not in browser.evaluate(marked)

        # A build that fails keeps the last good proofs on screen, under the errors.
        manifest = sample.read_text(encoding="utf-8")
        sample.write_text(manifest + "\nsections: [\n", encoding="utf-8")
        assert browser.wait_for("document.body.dataset.ok === 'false'", timeout=60)
        assert browser.evaluate("document.getElementById('failed').className") == "shown"
        problems = browser.evaluate("document.getElementById('problems').textContent")
        assert "issue.yaml:" in problems
        assert browser.evaluate(f"{loaded}") == 8
        sample.write_text(manifest, encoding="utf-8")
        assert browser.wait_for("document.body.dataset.ok === 'true'", timeout=60)

        # The EPUB edition's chapters, in the same page.
        chapters = browser.evaluate("document.querySelectorAll('#chapters button').length")
        assert chapters >= 3


def test_a_finding_of_the_print_check_shows_its_page(sample: Path, monkeypatch) -> None:
    """The print PDF's check names pages, not files: a click on one shows that page."""
    from types import SimpleNamespace

    from bantin_print import build
    from bantin_print.errors import Problem
    from bantin_print.i18n import msg

    monkeypatch.setattr(build, "preflight_print", lambda issue, pdf: SimpleNamespace(findings=[
        Problem(pdf, None, msg("a rule crossed on this page"), "warning", 5, "test")]))
    preview = Running(sample)
    try:
        wait_built(preview)
        with Browser() as browser:
            browser.open(preview.address)
            button = "document.querySelector('#problems button[data-page=\"5\"]')"
            assert browser.wait_for(f"{button} !== null")
            assert browser.evaluate(f"{button}.textContent") == "Page 5"
            browser.evaluate(f"{button}.click()")
            assert browser.evaluate("document.querySelector('figure.chosen').dataset.page") == "5"
            assert "Page 5" in browser.evaluate("document.getElementById('page-title').textContent")
    finally:
        preview.close()


def test_requests_without_the_token_from_another_host_or_for_paths_are_refused(
        running: Running) -> None:
    wait_built(running)
    assert running.get("/")[0] == 200
    assert running.get("/", host=f"localhost:{running.port}")[0] == 200
    assert running.get("/", token=False)[0] == 403
    assert running.get("/state?token=wrong", token=False)[0] == 403
    assert running.get("/state", host="attacker.example")[0] == 403  # DNS rebinding
    assert running.get("/state", host=f"attacker.example:{running.port}")[0] == 403
    assert running.get("/state", host="127.0.0.1:1")[0] == 403
    for path in ("/../../../etc/passwd", "/proof/../issue.yaml", "/articles/x.md",
                 "/chapter/../../etc/passwd", "/proof/%2e%2e%2fissue.yaml"):
        status, body = running.get(path)
        assert status == 404 and b"root:" not in body, path
    assert running.get("/state", method="POST")[0] in (403, 405)


def test_two_previews_of_one_issue_and_nothing_left_behind(sample: Path, tmp_path: Path,
                                                          monkeypatch) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    before = snapshot(sample.parent.parent)
    first, second = Running(sample), Running(sample)
    try:
        assert first.port != second.port
        assert wait_built(first)["ok"] and wait_built(second)["ok"]
    finally:
        first.close()
        second.close()
    assert list(temporary.iterdir()) == []  # the builds' folders are gone
    assert snapshot(sample.parent.parent) == before  # no source file written


def test_the_command_prints_its_address_first_and_stops_on_ctrl_c(sample: Path,
                                                                  tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "bantin_print", "preview", str(sample.parent), "--no-open",
         "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(temporary)})
    try:
        address = process.stdout.readline().strip()
        parts = urlsplit(address)
        assert parts.scheme == "http" and parts.hostname == "127.0.0.1"
        assert len(parts.query.split("token=")[1]) >= 24
        connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=30)
        connection.request("GET", "/")
        assert connection.getresponse().status == 403
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Preview stopped." in err and "Traceback" not in err
    assert list(temporary.iterdir()) == []


def test_a_port_in_use_is_said_plainly(sample: Path, capsys, tmp_path: Path,
                                       monkeypatch) -> None:
    import socket
    import tempfile

    from conftest import run_main

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", None)

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        code, out, err = run_main(capsys, "preview", str(sample), "--no-open", "--port",
                                  str(port), "--lang", "en")
    finally:
        taken.close()
    assert code == 1
    assert f"cannot listen on port {port}" in err and "--port" in err
    assert list(temporary.iterdir()) == []  # no build folder left behind


def test_a_sixty_article_issue_in_the_browser(tmp_path: Path) -> None:
    """The same on an issue of 60 articles: a proof for every page, and an edit of the
    last article changes only the pages from where that article starts."""
    import json

    from synthetic import write_issue

    manifest = write_issue(tmp_path / "so-60", 60)
    preview = Running(manifest)
    try:
        state = wait_built(preview)
        assert state["ok"]
        count = len(state["pages"])
        assert count >= 20
        with Browser() as browser:
            browser.open(preview.address)
            loaded = ("[...document.querySelectorAll('img.proof')].filter("
                      "i => i.complete && i.naturalWidth > 800).length")
            assert browser.wait_for(f"{loaded} === {count}", timeout=120)
            before = browser.evaluate("[...document.querySelectorAll('img.proof')].map("
                                      "i => i.dataset.proof)")
            last = [p for p in state["pages"] if p["articles"]][-1]["articles"][-1]["file"]
            article = manifest.parent / last
            text = article.read_text(encoding="utf-8")
            article.write_text(text.rstrip("\n") + "\n\nMột đoạn văn mới ở cuối bài.\n",
                               encoding="utf-8")
            changed = ("(() => { const keys = [...document.querySelectorAll('img.proof')]"
                       f".map(i => i.dataset.proof); return keys.join() !== {','.join(before)!r}"
                       f" && {loaded} === keys.length ? keys : null; }})()")
            after = browser.wait_for(changed, timeout=120)
        status, body = preview.get("/state")
        state = json.loads(body)
        files = [a["file"] for p in state["pages"] for a in p["articles"]]
        before_last = list(dict.fromkeys(files))[-2]  # the article before the edited one
        first = min(p["number"] for p in state["pages"]
                    if any(a["file"] == before_last for a in p["articles"]))
        # Laid out again from the article before the one edited (how it ends depends on
        # how the next one starts), the pages before it untouched.
        assert state["laid_out_from"] == first
        assert after[:first - 1] == before[:first - 1]
        assert len(state["rendered"]) <= len(after) - first + 2
    finally:
        preview.close()


def test_the_page_speaks_the_editors_language(sample: Path) -> None:
    """Its words and the issue's problems, in the preview's language whatever the
    process's own is."""
    from bantin_print import i18n
    from bantin_print.preview.server import PreviewServer, _page, _state
    from bantin_print.preview.session import Session

    session = Session(sample)
    english, vietnamese = PreviewServer(session, 0, "en"), PreviewServer(session, 0, "vi")
    previous = i18n.use("en")
    try:
        session.rebuild()
        page = _page(vietnamese).decode("utf-8")
        assert '"problems": "Vấn đề"' in page and '"print": "Bản in"' in page
        assert vietnamese.server_address[0] == "127.0.0.1"
        said = {server.language: " ".join(p["text"] for p in _state(session, server.language)
                                           ["problems"]) for server in (english, vietnamese)}
        assert "printed at 145 ppi" in said["en"] and "được in ở độ phân giải 145 ppi" in said["vi"]
        i18n.use("vi")
        assert "printed at 145 ppi" in " ".join(p["text"] for p in _state(session, "en")["problems"])
    finally:
        i18n.use(previous)
        english.server_close()
        vietnamese.server_close()
        session.close()


def test_a_proof_key_follows_what_a_form_on_the_page_draws(tmp_path: Path) -> None:
    """Two PDFs alike but for the picture a form XObject draws from its own resources:
    their pages differ, and so must their keys."""
    import pikepdf

    from bantin_print.preview.proofs import page_keys

    def pdf(pixel: bytes) -> Path:
        document = pikepdf.new()
        image = pikepdf.Stream(document, pixel, Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Image, Width=1, Height=1,
                               ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)
        form = pikepdf.Stream(document, b"q 40 0 0 40 0 0 cm /Im0 Do Q",
                              Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                              BBox=[0, 0, 40, 40], Resources=pikepdf.Dictionary(
                                  XObject=pikepdf.Dictionary(Im0=image)))
        page = document.add_blank_page()
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(
            Fm0=document.make_indirect(form)))
        page.obj.Contents = document.make_stream(b"/Fm0 Do")
        path = tmp_path / f"{pixel.hex()}.pdf"
        document.save(path)
        return path

    assert page_keys(pdf(b"\xff\x00\x00")) != page_keys(pdf(b"\x00\xff\x00"))


def test_a_build_that_fails_inside_the_tool_is_said_and_the_next_save_builds(
        sample: Path, monkeypatch) -> None:
    from bantin_print import build, i18n
    from bantin_print.preview.session import Session

    real = build.build
    calls = []

    def failing_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "build", failing_once)
    session = Session(sample)
    try:
        session.rebuild()
        assert not session.state.ok and not session.state.building
        assert "internal error: RuntimeError: boom" in i18n.text(
            session.state.problems[0]["text"], "en")
        session.rebuild()
        assert session.state.ok and len(session.state.pages) == 8
    finally:
        session.close()


def test_proofs_kept_in_memory_are_bounded(tmp_path: Path) -> None:
    """A long session of saves: the last build's proofs are all kept, and of the others
    only the most recent few (each is a 100-250 kB JPEG)."""
    import pikepdf

    from bantin_print.preview.proofs import KEEP_OTHERS, Proofs

    document = pikepdf.new()
    for _ in range(2):
        document.add_blank_page(page_size=(200, 200))
    document.save(tmp_path / "two.pdf")
    proofs, still, builds = Proofs(), "f" * 32, KEEP_OTHERS + 30
    for build in range(builds):  # page 1 changes at every save, page 2 never
        keys = [f"{build:032x}", still]
        proofs.update(tmp_path / "two.pdf", keys)
        assert all(proofs.get(key) is not None for key in keys)
    assert len(proofs._images) == 2 + KEEP_OTHERS
    oldest = builds - 1 - KEEP_OTHERS  # the oldest page 1 still kept
    assert proofs.get(f"{oldest - 1:032x}") is None and proofs.get(f"{oldest:032x}") is not None
