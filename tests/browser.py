"""Debian's chromium driven through the DevTools protocol, for the tests that need a real
browser. Chromium is started headless with --remote-debugging-pipe: the protocol's JSON
messages on file descriptors 3 (to it) and 4 (from it), each ended by a NUL byte. Only the
standard library is needed, and no port is opened."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time

TIMEOUT = 60  # seconds to wait for any one answer


class Browser:
    def __init__(self) -> None:
        chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
            "chromium-browser")
        if chromium is None:
            raise RuntimeError("chromium is not installed (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="bantin-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def pipes_as_3_and_4() -> None:
            # Moved out of the way first: either end may itself be 3 or 4.
            reading = fcntl.fcntl(to_child_r, fcntl.F_DUPFD_CLOEXEC, 10)
            writing = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(reading, 3)  # inheritable, unlike the pipes' own descriptors
            os.dup2(writing, 4)

        # close_fds=False keeps 3 and 4 made in the child (pass_fds would want them open in
        # this process); every other descriptor of ours is closed on exec (PEP 446).
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--remote-debugging-pipe",
             "--window-size=1400,1000", f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=pipes_as_3_and_4, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._id = 0
        self.session: str | None = None

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.call("Browser.close")
                self.process.wait(timeout=10)
        except Exception:
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            os.close(self._to_child)
            os.close(self._from_child)
            shutil.rmtree(self.profile, ignore_errors=True)

    def _receive(self) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_child], [], [], TIMEOUT)
            if not ready:
                raise TimeoutError(f"no answer from chromium in {TIMEOUT} s")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, until: str | None = None,
             page: bool = False) -> dict:
        """Send a command (to the open page when `page`); return its result once it and
        (if given) the event `until` came."""
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if page:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        result, seen = None, until is None
        while result is None or not seen:
            answer = self._receive()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result = answer["result"]
            elif answer.get("method") == until:
                seen = True
        return result

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", page=True)
        self.call("Page.navigate", {"url": url}, until="Page.loadEventFired", page=True)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (awaited when a promise)."""
        answer = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, page=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"{expression}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0):
        """Evaluate until the value is truthy; return it."""
        end = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > end:
                raise TimeoutError(f"{expression} still {value!r} after {timeout} s")
            time.sleep(0.05)

    def screenshot(self, path: str) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png",
                                                    "captureBeyondViewport": False},
                         page=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
