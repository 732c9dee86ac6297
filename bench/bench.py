"""Time builds of a large synthetic issue, beside a bare ReportLab peer.

    python bench/bench.py [--articles 60] [--photos 0] [--megapixels 12] [--runs 5]

Each run is a fresh process, `bantin-print build` writing both editions; peak memory is the process's maximum resident set size. The peer lays out the same
paragraphs with ReportLab's own three-frame page template and no masthead, contents,
photos or balancing: the floor of what ReportLab costs, measured in the same run so the
ratio means something on a noisy machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_issue  # noqa: E402

PEER = r'''
import sys, re
from pathlib import Path
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from xml.sax.saxutils import escape
fonts = Path(sys.argv[3])
pdfmetrics.registerFont(TTFont("S", str(fonts / "NotoSerif-Regular.ttf")))
pdfmetrics.registerFont(TTFont("H", str(fonts / "NotoSans-Bold.ttf")))
body = ParagraphStyle("b", fontName="S", fontSize=9.5, leading=12.6, alignment=4)
head = ParagraphStyle("h", fontName="H", fontSize=16, leading=19)
story = []
for path in sorted(Path(sys.argv[1]).glob("articles/*.md")):
    text = path.read_text(encoding="utf-8").split("---", 2)[2]
    for block in re.split(r"\n\s*\n", text):
        if block.strip():
            story.append(Paragraph(escape(" ".join(block.split())), head if block.startswith("#") else body))
w, h, m, g = 190 * mm, 270 * mm, 15 * mm, 4.5 * mm
cw = (w - 2 * m - 2 * g) / 3
frames = [Frame(m + i * (cw + g), m, cw, h - 2 * m, id=str(i)) for i in range(3)]
doc = BaseDocTemplate(sys.argv[2], pagesize=(w, h), initialFontName="S")
doc.addPageTemplates([PageTemplate(frames=frames)])
doc.build(story)
'''


TYPST = r'''
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)
'''


def typst_source(folder: Path) -> Path:
    """The synthetic issue as a Typst document: headline, lead, photo, body, 3 columns."""
    import yaml

    def escape(text: str) -> str:
        return "".join("\\" + c if c in "#$*_`<>@[]\\~/=-+" else c for c in text)

    parts = ['#set page(width: 190mm, height: 270mm, margin: 15mm, columns: 3)',
             '#set text(font: "Noto Serif", size: 9.5pt, lang: "vi")',
             '#set par(justify: true, first-line-indent: 3.5mm)',
             '#show heading: set text(font: "Noto Sans")']
    for article in sorted(folder.glob("articles/*.md")):
        _, front, body = article.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        parts.append(f"= {escape(meta['title'])}")
        parts.append(f"*{escape(meta.get('lead', ''))}*")
        for photo in meta.get("photos", []):
            parts.append(f'#figure(image("{photo["file"].removeprefix("../")}", width: 100%), '
                         f'caption: [{escape(photo["caption"])}])')
        for block in body.split("\n\n"):
            block = block.strip()
            if block.startswith("## "):
                parts.append(f"== {escape(block[3:])}")
            elif block:
                parts.append(escape(block))
        parts.append(f"#align(right)[*{escape(meta.get('author', ''))}*]")
    source = folder / "issue.typ"
    source.write_text("\n\n".join(parts), encoding="utf-8")
    return source


def timed(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def summary(name: str, samples: list[tuple[float, float]]) -> float:
    times = [t for t, _ in samples]
    memory = max(m for _, m in samples)
    median = statistics.median(times)
    print(f"{name:<34} median {median:6.2f} s  (min {min(times):.2f}, max {max(times):.2f})"
          f"  peak {memory:6.0f} MB")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--photos", type=int, default=0, help="articles with a photo each")
    parser.add_argument("--megapixels", type=float, default=12.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    repo = Path(__file__).resolve().parents[1]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "issue"
        manifest = write_issue(folder, args.articles, args.photos, args.megapixels)
        photo_bytes = sum(p.stat().st_size for p in folder.glob("photos/*"))
        pdf, epub = Path(tmp) / "out.pdf", Path(tmp) / "out.epub"
        command = [sys.executable, "-m", "bantin_print", "build", str(manifest), "--pdf", str(pdf),
                   "--epub", str(epub)]
        cold, warm = [], []
        for run in range(args.runs):
            cache = {"BANTIN_CACHE_DIR": str(Path(tmp) / f"cache-{run}")}
            cold.append(timed(command, cache))
            warm.append(timed(command, cache))
        pages = len(PdfReader(pdf).pages)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("articles/*.md"))
        typst_pdf = Path(tmp) / "typst.pdf"
        source = typst_source(folder)
        typst = [timed([sys.executable, "-c", TYPST, str(source), str(typst_pdf),
                        str(repo / "fonts")]) for _ in range(args.runs)]
        peer_pdf = Path(tmp) / "peer.pdf"
        peer = [timed([sys.executable, "-c", PEER, str(folder), str(peer_pdf), str(repo / "fonts")])
                for _ in range(args.runs)]
        peer_pages = len(PdfReader(peer_pdf).pages)
        typst_pages = len(PdfReader(typst_pdf).pages)
        print(f"issue: {args.articles} articles, {words:,} words, {args.photos} photos of "
              f"{args.megapixels:g} MP ({photo_bytes / 1e6:.1f} MB); {args.runs} runs each")
        print(f"outputs: bantin-print PDF {pages} pages {pdf.stat().st_size / 1e6:.2f} MB, "
              f"EPUB {epub.stat().st_size / 1e6:.2f} MB; Typst PDF {typst_pages} pages "
              f"{typst_pdf.stat().st_size / 1e6:.2f} MB")
    a = summary("bantin-print cold (PDF+EPUB)", cold)
    b = summary("bantin-print warm (PDF+EPUB)", warm)
    t = summary("Typst (PDF)", typst)
    summary(f"bare ReportLab (PDF, {peer_pages} p.)", peer)
    print(f"ratios to Typst: cold {a / t:.2f}, warm {b / t:.2f}")


if __name__ == "__main__":
    main()
