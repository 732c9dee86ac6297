"""Save a page as MHTML the way Chromium does, through the DevTools method Page.captureSnapshot.

Usage: python capture_mhtml.py CHROMIUM URL OUT.mhtml PROFILE_DIR LOG_FILE

Chromium is started headless with --remote-debugging-pipe: the DevTools protocol (the same
JSON messages as over the websocket of --remote-debugging-port) on file descriptors 3 (to
Chromium) and 4 (from it), each message ended by a NUL byte. That needs only the standard
library, and no port. The script opens URL in a new tab, waits for the load event and for
every picture to be decoded, and writes the snapshot's text, as Chromium gives it, to
OUT.mhtml. Chromium's own messages go to LOG_FILE. It prints Chromium's version.
"""

import json
import os
import select
import subprocess
import sys

TIMEOUT = 60  # seconds to wait for any one answer


class DevTools:
    def __init__(self, chromium: str, profile: str, log) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def pipes_as_3_and_4() -> None:
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            preexec_fn=pipes_as_3_and_4, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []

    def _receive(self) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_child], [], [], TIMEOUT)
            if not ready:
                raise SystemExit(f"capture_mhtml: no answer from Chromium in {TIMEOUT} s")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise SystemExit("capture_mhtml: Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             until: str | None = None) -> dict:
        """Send a command; return its result once it and (if given) the event `until` came."""
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        result, seen = None, until is None
        while result is None or not seen:
            answer = self._receive()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise SystemExit(f"capture_mhtml: {method}: {answer['error']}")
                result = answer["result"]
            elif answer.get("method") == until and answer.get("sessionId") == session:
                seen = True
        return result


def main(chromium: str, url: str, out: str, profile: str, log_path: str) -> None:
    with open(log_path, "ab") as log:
        tools = DevTools(chromium, profile, log)
        try:
            version = tools.call("Browser.getVersion")
            print(f"Chromium: {version['product']} (DevTools protocol "
                  f"{version['protocolVersion']}), user agent: {version['userAgent']}")
            target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = tools.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
            tools.call("Page.enable", session=session)
            tools.call("Page.navigate", {"url": url}, session=session,
                       until="Page.loadEventFired")
            check = tools.call("Runtime.evaluate", {
                "expression": "JSON.stringify([document.URL, [...document.images].map("
                              "i => i.complete && i.naturalWidth > 0)])",
                "returnByValue": True}, session=session)
            loaded_url, pictures = json.loads(check["result"]["value"])
            if loaded_url != url or not pictures or not all(pictures):
                raise SystemExit(f"capture_mhtml: page {loaded_url} not loaded with its "
                                 f"pictures ({pictures})")
            data = tools.call("Page.captureSnapshot", {"format": "mhtml"},
                              session=session)["data"]
            # Chromium's text is ASCII with CRLF line ends; write it byte for byte.
            with open(out, "wb") as f:
                f.write(data.encode("ascii"))
            tools.call("Browser.close")
            tools.proc.wait(timeout=TIMEOUT)
        finally:
            if tools.proc.poll() is None:
                tools.proc.kill()
                tools.proc.wait()


if __name__ == "__main__":
    main(*sys.argv[1:6])
