"""Save a page as MHTML the way Chromium does, through the DevTools method Page.captureSnapshot.

Usage: python capture_mhtml.py CHROMIUM URL OUT.mhtml PROFILE_DIR LOG_FILE

Chromium is driven by tests/browser.py: headless, through --remote-debugging-pipe (the
DevTools protocol on file descriptors 3 and 4), with the standard library only. The script opens URL in a new tab, waits for the load event and for
every picture to be decoded, and writes the snapshot's text, as Chromium gives it, to
OUT.mhtml. Chromium's own messages go to LOG_FILE. It prints Chromium's version.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/: browser.py
from browser import Browser  # noqa: E402


def main(chromium: str, url: str, out: str, profile: str, log_path: str) -> None:
    """`profile` and `log_path` are kept for make.sh; the browser keeps its own profile
    in a temporary folder and its messages to itself."""
    os.environ["CHROMIUM"] = chromium
    with Browser() as tools:
        version = tools.call("Browser.getVersion")
        print(f"Chromium: {version['product']} (DevTools protocol "
              f"{version['protocolVersion']}), user agent: {version['userAgent']}")
        tools.open(url)
        loaded_url, pictures = json.loads(tools.evaluate(
            "JSON.stringify([document.URL, [...document.images].map("
            "i => i.complete && i.naturalWidth > 0)])"))
        if loaded_url != url or not pictures or not all(pictures):
            raise SystemExit(f"capture_mhtml: page {loaded_url} not loaded with its "
                             f"pictures ({pictures})")
        data = tools.call("Page.captureSnapshot", {"format": "mhtml"}, page=True)["data"]
        # Chromium's text is ASCII with CRLF line ends; write it byte for byte.
        with open(out, "wb") as f:
            f.write(data.encode("ascii"))


if __name__ == "__main__":
    main(*sys.argv[1:6])
