"""How long the live preview takes from an article saved to its page's new proof on screen,
in a real browser (Debian's chromium over the DevTools protocol), for the sample and a
synthetic issue; beside it, Typst's incremental compilation (what `typst watch` does) of
the same synthetic articles after the same edit, to a PDF.

    python bench/preview.py [--runs 7] [--articles 60]

Each run changes one word of the first (or the last) article's text, or of the synthetic
issue's last title, and stamps the time just before the file is written; the page in the
browser is polled every 20 ms until its proofs have changed and every one is loaded. The
build's own time and the pages rendered again are read from the preview's state. Needs
chromium and, for Typst, the bench extra.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))
from browser import Browser  # noqa: E402

# The proofs on screen, once every one is loaded; '' until then (or while they are `old`).
LOADED = ("(() => {{ const all = [...document.querySelectorAll('img.proof')];"
          " const keys = all.map(i => i.dataset.proof).join(' ');"
          " return all.length && keys !== {old!r} && all.every(i => i.complete"
          " && i.naturalWidth > 800) ? keys : ''; }})()")


def article(manifest: Path, which: str) -> Path:
    import yaml

    tree = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    listed = [a for section in tree["sections"] for a in section["articles"]]
    return manifest.parent / listed[0 if which == "first" else -1]


def edited(text: str, run: int, part: str = "body") -> str:
    """The article with one word of its first body paragraph (or of its title) changed."""
    head, body = text.split("\n---\n", 1)
    if part == "title":
        mark = "x" * (run % 2 + 1)
        return head.replace('title: "', f'title: "{mark}', 1) + "\n---\n" + body
    words = body.split(" ")
    words[3] = f"{words[3]}{'x' * (run % 2 + 1)}"
    return head + "\n---\n" + " ".join(words)


def measure_preview(manifest: Path, runs: int, which: str, part: str = "body"
                    ) -> list[tuple[float, float, int, int]]:
    from bantin_print import preview

    stop, started = threading.Event(), threading.Event()
    address = []
    thread = threading.Thread(target=preview.serve, args=(
        manifest, 0, "en", False, lambda a: (address.append(a), started.set()), stop),
        daemon=True)
    thread.start()
    started.wait(30)
    edited_file = article(manifest, which)
    original = edited_file.read_text(encoding="utf-8")
    out = []
    try:
        with Browser() as browser:
            browser.open(address[0])
            browser.wait_for(LOADED.format(old=""), timeout=300)
            for run in range(runs):
                old = browser.evaluate(LOADED.format(old=""))
                start = time.monotonic()
                edited_file.write_text(edited(original, run, part), encoding="utf-8")
                browser.wait_for(LOADED.format(old=old), timeout=120)
                seen = time.monotonic() - start
                state = json.loads(browser.evaluate(
                    "fetch(withToken('/state')).then(r => r.text())"))
                out.append((seen, state["seconds"], len(state["rendered"]),
                            state["laid_out_from"]))
                time.sleep(0.5)  # the watcher settles before the next save
    finally:
        edited_file.write_text(original, encoding="utf-8")
        stop.set()
        thread.join(30)
    return out


def measure_typst(folder: Path, runs: int) -> list[float]:
    import typst

    from bench import typst_source

    source = typst_source(folder)
    compiler = typst.Compiler(str(source), font_paths=[str(REPO / "fonts")],
                              ignore_system_fonts=True)
    compiler.compile()
    original = source.read_text(encoding="utf-8")
    # the first article's first paragraph of body text
    marker = next(line for line in original.split("\n")
                  if len(line) > 80 and not line.startswith(("#", "=", "*")))
    out = []
    for run in range(runs):
        changed = original.replace(marker, marker + " x" * (run % 2 + 1), 1)
        start = time.monotonic()
        source.write_text(changed, encoding="utf-8")
        compiler.compile()
        out.append(time.monotonic() - start)
    return out


def summary(name: str, seconds: list[float]) -> str:
    return (f"{name:<46} median {statistics.median(seconds):5.2f} s  "
            f"(min {min(seconds):.2f}, max {max(seconds):.2f}, {len(seconds)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    from synthetic import write_issue

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(REPO / "issues", Path(tmp) / "issues")
        synthetic = write_issue(Path(tmp) / "synthetic", args.articles, photos=10,
                                megapixels=4)
        sample = Path(tmp) / "issues" / "sample" / "issue.yaml"
        for name, manifest, which, part in (
                ("sample", sample, "first", "body"), ("sample", sample, "last", "body"),
                (f"{args.articles} articles", synthetic, "first", "body"),
                (f"{args.articles} articles", synthetic, "last", "body"),
                (f"{args.articles} articles", synthetic, "last", "title")):
            results = measure_preview(manifest, args.runs, which, part)
            name = f"{name}, {which} article" + ("'s title" if part == "title" else "")
            print(summary(f"preview, {name}: save → proof", [r[0] for r in results]))
            print(summary(f"  of which the build ({name})", [r[1] for r in results]))
            print(f"  pages rendered again each run: {[r[2] for r in results]}; laid out "
                  f"again from page {[r[3] for r in results]}")
        try:
            typst_runs = measure_typst(synthetic.parent, args.runs)
            print(summary(f"Typst incremental compile, {args.articles} articles",
                          typst_runs))
        except ImportError:
            print("Typst: not installed (pip install -e '.[bench]')")


if __name__ == "__main__":
    main()
