"""The preview's web server: on the loopback address only, every request carrying the
preview's random token (as Jupyter's), its Host the loopback address or localhost (a
page of another site cannot reach it by a DNS name pointed at 127.0.0.1). Nothing of a
request becomes a file path: it serves the page, the state, the events and what the
session made, by key."""

from __future__ import annotations

import hmac
import json
import re
import secrets
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from bantin_print import i18n
from bantin_print.i18n import msg
from bantin_print.preview.session import Session

LOOPBACK = "127.0.0.1"
_PROOF = re.compile(r"/proof/([0-9a-f]{32})\.jpg")
_CHAPTER = re.compile(r"/chapter/(\d{1,5})")
EVENT_WAIT = 15.0  # seconds between keep-alive comments on the event stream


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a second preview on the same port must fail, not share

    def __init__(self, session: Session, port: int, language: str) -> None:
        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.language = language
        self.running = True
        super().__init__((LOOPBACK, port), _Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def address(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/?token={self.token}"

    def stop(self) -> None:
        self.running = False
        with self.session.changed:
            self.session.changed.notify_all()  # the event streams end
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # quiet: the terminal is the editor's
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if not self._allowed(url.query):
            return
        path = url.path
        if path == "/":
            self._send(200, "text/html; charset=utf-8", _page(self.server))
        elif path == "/state":
            self._send(200, "application/json", json.dumps(
                _state(self.server.session, self.server.language), ensure_ascii=False).encode("utf-8"))
        elif path == "/events":
            self._events()
        elif match := _PROOF.fullmatch(path):
            image = self.server.session.proofs.get(match.group(1))
            if image is None:
                self._send(404, "text/plain", b"no such proof\n")
            else:
                self._send(200, "image/jpeg", image, cache="private, max-age=31536000, immutable")
        elif match := _CHAPTER.fullmatch(path):
            chapters = self.server.session.state.chapters
            number = int(match.group(1))
            if not 1 <= number <= len(chapters):
                self._send(404, "text/plain", b"no such chapter\n")
            else:  # the EPUB's own XHTML, in a sandbox: no script, no other origin
                self._send(200, "application/xhtml+xml", chapters[number - 1].xhtml,
                           extra={"Content-Security-Policy":
                                  "sandbox; default-src 'none'; style-src 'unsafe-inline'"})
        else:
            self._send(404, "text/plain", b"not found\n")

    def do_POST(self) -> None:
        self._refuse(405)

    do_PUT = do_DELETE = do_PATCH = do_POST

    def _allowed(self, query: str) -> bool:
        host = (self.headers.get("Host") or "").lower()
        name, _, port = host.rpartition(":") if ":" in host else (host, "", "")
        if name not in (LOOPBACK, "localhost") or (port and port != str(self.server.port)):
            self._refuse(403)
            return False
        token = parse_qs(query).get("token", [""])[0]
        if not hmac.compare_digest(token.encode(), self.server.token.encode()):
            self._refuse(403)
            return False
        return True

    def _refuse(self, status: int) -> None:
        self._send(status, "text/plain", b"forbidden\n" if status == 403 else b"no\n")

    def _send(self, status: int, kind: str, body: bytes, cache: str = "no-store",
              extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")  # the token stays here
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the state's version each time it changes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        session = self.server.session
        version = -1
        try:
            while self.server.running:
                now = session.wait(version, EVENT_WAIT)
                if not self.server.running:
                    break
                if now != version:
                    version = now
                    self.wfile.write(f"data: {version}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def _state(session: Session, language: str) -> dict:
    with session.changed:  # not half of a state being published
        return _state_of(session.state, language)


def _state_of(state, language: str) -> dict:
    return {
        "version": state.version, "building": state.building, "ok": state.ok,
        "seconds": round(state.seconds, 2), "rendered": state.rendered,
        "laid_out_from": state.laid_out_from,
        "pages": [{"number": p.number, "proof": p.proof, "fill": round(p.fill, 3),
                   "articles": p.articles} for p in state.pages],
        "chapters": [c.title for c in state.chapters],
        "problems": [dict(problem, text=i18n.text(problem["text"], language))
                     for problem in state.problems],
    }


def _page(server: PreviewServer) -> bytes:
    words = {key: i18n.text(message, server.language) for key, message in {
        "title": msg("Preview"), "building": msg("Building…"),
        "failed": msg("The last build failed: the pages below are the last good ones."),
        "problems": msg("Problems"), "none": msg("No problems."),
        "page": msg("Page"), "filled": msg("filled"), "print": msg("Print edition"),
        "epub": msg("EPUB edition"), "on_page": msg("On this page"),
        "built": msg("built in"),
    }.items()}
    template = resources.files("bantin_print.preview").joinpath("page.html").read_text("utf-8")
    return (template.replace("{{TOKEN}}", server.token)
            .replace("{{LANG}}", server.language)
            .replace("{{WORDS}}", json.dumps(words, ensure_ascii=False).replace("<", "\\u003c"))
            .replace("{{TITLE}}", words["title"])).encode("utf-8")
