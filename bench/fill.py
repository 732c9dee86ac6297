"""How well an issue fills its pages: page count, each page's fill, and the holes (a
column ending more than 20 mm early, or a white gap taller than 20 mm inside a column),
read from rendered pages (bench/fillscan.py), for bantin-print and for Typst on the same
synthetic issue.

    python bench/fill.py [--articles 40] [--photos 40] [--megapixels 12] [ISSUE.yaml ...]

With manifests, it builds and measures those; without, it writes the synthetic issue and
measures bantin-print's and Typst's layout of it. Needs pdftoppm (poppler-utils) and, for
Typst, the bench extra.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import TYPST, typst_source  # noqa: E402
from fillscan import scan  # noqa: E402
from synthetic import write_issue  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def report(name: str, pdf: Path, **geometry) -> None:
    pages = scan(pdf, **geometry)
    holes = [hole for page in pages[:-1] for hole in page.holes()]
    fills = " ".join(f"{page.filled * 100:.0f}" for page in pages)
    blank = sum(1 for page in pages if page.blank)
    print(f"{name:<28} {len(pages):>5} {blank:>5} {len(holes):>5} "
          f"{pages[-1].filled * 100:>6.0f}%   {fills}")
    for hole in holes:
        print(f"{'':<28} {hole}")


def build(manifest: Path, out: Path) -> Path:
    pdf = out / f"{manifest.parent.name}.pdf"
    subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest), "--pdf",
                    str(pdf), "--epub", str(out / "x.epub")], check=True,
                   stderr=subprocess.DEVNULL)
    return pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifests", nargs="*", type=Path)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--megapixels", type=float, default=12.0)
    args = parser.parse_args()
    print(f"{'issue':<28} {'pages':>5} {'blank':>5} {'holes':>5} {'last':>7}   "
          "fill of each page, %")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if args.manifests:
            for manifest in args.manifests:
                report(str(manifest), build(manifest.resolve(), out))
            return
        folder = out / "synthetic"
        manifest = write_issue(folder, args.articles, args.photos, args.megapixels)
        report(f"bantin-print ({args.articles} articles)", build(manifest, out))
        typst_pdf = out / "typst.pdf"
        subprocess.run([sys.executable, "-c", TYPST, str(typst_source(folder)), str(typst_pdf),
                        str(REPO / "fonts")], check=True)
        # Typst's page: the same trim and margins, no bleed, columns 1 em apart (its default
        # gutter is 4 % of the width: 6.4 mm here), no footer.
        report("typst (same text)", typst_pdf, gutter_mm=160 * 0.04, footer_mm=-0.0)


if __name__ == "__main__":
    main()
