"""Synthetic issues for benchmarks and scale tests: realistic Vietnamese text (bench/
corpus.txt: the paragraphs of the sample issue's articles as they stood in issue 14, kept
apart so that editing the sample does not change the benchmarks), reshuffled with a fixed
seed, and optional camera-size photos."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image

CORPUS = Path(__file__).resolve().parent / "corpus.txt"
SECTIONS = ["Tin tức - Sự kiện", "Văn bản, chính sách mới", "Nghiên cứu - Trao đổi",
            "Gương chi bộ, đảng viên", "Thông tin từ cơ sở"]


def _corpus() -> list[str]:
    """One paragraph a line."""
    return CORPUS.read_text(encoding="utf-8").splitlines()


def photo(path: Path, megapixels: float, seed: int, portrait: bool = False) -> None:
    """A camera-like JPEG: smooth gradients plus sensor noise, so it compresses like a photo."""
    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    if portrait:
        width, height = height, width
    rng = random.Random(seed)
    small = Image.new("RGB", (8, 6))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(48)])
    image = small.resize((width, height), Image.BICUBIC)
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    Image.blend(image, noise, 0.18).save(path, "JPEG", quality=92)


# The issue a new user tried (issue 14): five articles of different lengths, camera photos
# across the columns and upright ones in them, a table; words per article, photos.
MIXED = [(900, [("full", False)]), (450, [("auto", True)]), (1700, [("auto", False)]),
         (350, []), (800, [("full", False), ("auto", True)])]
TABLE = """Bảng 1. Kết quả thực hiện các chỉ tiêu chủ yếu năm 2024

| Chỉ tiêu | Kế hoạch | Thực hiện | Tỷ lệ |
|---|---:|---:|---:|
| Đề tài cấp tỉnh nghiệm thu | 25 | 27 | 108% |
| Sáng kiến được công nhận | 120 | 134 | 112% |
| Doanh nghiệp khoa học và công nghệ | 10 | 9 | 90% |
| Kinh phí giải ngân (tỷ đồng) | 42,5 | 40,1 | 94% |
"""


def write_mixed_issue(folder: Path, megapixels: float = 12.0, seed: int = 3) -> Path:
    """Write the five-article issue of MIXED, with a cover photo, into `folder`."""
    rng = random.Random(seed)
    corpus = _corpus()
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "photos").mkdir(exist_ok=True)
    photo(folder / "photos" / "bia.jpg", megapixels, seed)
    names = []
    for n, (words, shots) in enumerate(MIXED, start=1):
        paragraphs: list[str] = []
        while sum(len(p.split()) for p in paragraphs) < words:
            paragraphs.append(rng.choice(corpus))
        title = " ".join(paragraphs[0].split()[:rng.randint(7, 12)]).rstrip(",.;:")
        lines = ["---", f'title: "{title}"', f"author: Phóng viên {n}"]
        if shots:
            lines.append("photos:")
        for k, (span, portrait) in enumerate(shots, start=1):
            name = f"anh-{n}-{k}.jpg"
            photo(folder / "photos" / name, megapixels, seed * 100 + n * 10 + k, portrait)
            lines += [f"  - file: ../photos/{name}", f'    caption: "Ảnh {k} của bài {n}"',
                      '    credit: "Ảnh: Tư liệu"', f"    span: {span}"]
        lines.append("---")
        for k, paragraph in enumerate(paragraphs):
            if k == 2 and n == 3:
                lines += [TABLE]
            if k and k % 4 == 0:
                lines += [f"## {' '.join(paragraph.split()[:6]).rstrip(',.;:')}", ""]
            lines += [paragraph, ""]
        names.append(f"bai-{n}.md")
        (folder / "articles" / names[-1]).write_text("\n".join(lines), encoding="utf-8")
    manifest = ["publication:", "  name: Bản tin Thử nghiệm", "  publisher: Ban Thử nghiệm",
                "issue:", "  number: 5", "  date: 2024-05-01", "  cover:",
                "    photo: photos/bia.jpg", '    caption: "Ảnh bìa"', "imprint:",
                "  licence: Giấy phép số 99/GP-STTTT ngày 01/01/2024", "  responsible: Nguyễn Văn A",
                "  printer: Công ty In Thử nghiệm", "  print_run: 1000", "  frequency: Hằng tháng",
                "sections:", "  - title: Tin tức - Sự kiện", "    articles:"]
    manifest += [f"      - articles/{name}" for name in names]
    (folder / "issue.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return folder / "issue.yaml"


def write_issue(folder: Path, articles: int, photos: int = 0, megapixels: float = 12.0,
                seed: int = 1) -> Path:
    """Write an issue with `articles` articles, `photos` of them with one photo each."""
    rng = random.Random(seed)
    corpus = _corpus()
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "photos").mkdir(exist_ok=True)
    sections: dict[str, list[str]] = {}
    for n in range(articles):
        paragraphs = rng.sample(corpus, rng.randint(6, 20))
        words = " ".join(paragraphs).split()
        title = " ".join(words[:rng.randint(6, 14)]).rstrip(",.;:")
        lines = ["---", f'title: "{title}"', f'lead: "{" ".join(words[20:60])}"',
                 f"author: Phóng viên {n + 1}"]
        if n < photos:
            name = f"anh-{n + 1:03d}.jpg"
            photo(folder / "photos" / name, megapixels, seed * 1000 + n)
            lines += ["photos:", f"  - file: ../photos/{name}",
                      f'    caption: "Ảnh minh họa số {n + 1} cho bài viết"',
                      '    credit: "Ảnh: Tư liệu"']
        lines.append("---")
        for k, paragraph in enumerate(paragraphs):
            if k and k % 5 == 0:
                lines += [f"## {' '.join(paragraph.split()[:6]).rstrip(',.;:')}", ""]
            lines += [paragraph, ""]
        name = f"bai-{n + 1:03d}.md"
        (folder / "articles" / name).write_text("\n".join(lines), encoding="utf-8")
        sections.setdefault(SECTIONS[n * len(SECTIONS) // articles], []).append(name)
    manifest = ["publication:", "  name: Bản tin Thử nghiệm Quy mô", "  publisher: Ban Thử nghiệm",
                "issue:", "  number: 7", "  date: 2024-07-01", "imprint:",
                "  licence: Giấy phép số 99/GP-STTTT ngày 01/01/2024", "  responsible: Nguyễn Văn A",
                "  printer: Công ty In Thử nghiệm", "  print_run: 1000", "  frequency: Hằng tháng",
                "sections:"]
    for title, names in sections.items():
        manifest += [f"  - title: {title}", "    articles:"]
        manifest += [f"      - articles/{name}" for name in names]
    (folder / "issue.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return folder / "issue.yaml"
