"""The image pipeline's cache: hits, misses, damaged entries, concurrent writers, size."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from bantin_print.cache import Cache
from bantin_print.images import Processed, Target, process, process_all
from conftest import jpeg_bytes

PRINT = Target("print", 144.0, 96.0, 450)  # 2 × 1.33 inches
SCREEN = Target("screen", max_edge=1600)


def photo(folder: Path, size=(1200, 800), name="a.jpg", color="steelblue") -> Path:
    path = folder / name
    path.write_bytes(jpeg_bytes(size, color))
    return path


def test_a_miss_then_a_hit_with_the_same_answer(tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    source = photo(tmp_path)
    key = cache.key(source, PRINT)
    assert cache.load(key) is None
    made = process(source, PRINT)
    cache.store(key, made)
    assert cache.load(key) == made
    assert made.data is not None and made.ppi == 450  # 1200 px over 2 in: resampled to 450


def test_the_key_follows_the_bytes_and_the_target(tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    source = photo(tmp_path)
    first = cache.key(source, PRINT)
    assert cache.key(source, PRINT) == first
    assert cache.key(source, SCREEN) != first
    assert cache.key(source, Target("print", 144.0, 96.0, 300)) != first
    os.utime(source, ns=(1, 1))
    assert Cache(tmp_path / "cache").key(source, PRINT) == first  # same bytes, same key
    photo(tmp_path, color="red")  # other bytes
    assert Cache(tmp_path / "cache").key(source, PRINT) != first


def test_a_damaged_entry_is_never_trusted(tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    source = photo(tmp_path)
    key = cache.key(source, PRINT)
    cache.store(key, process(source, PRINT))
    entry = next(p for p in (tmp_path / "cache").rglob("*") if p.is_file())
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0xFF
    entry.write_bytes(bytes(data))
    assert cache.load(key) is None
    assert not entry.exists()
    entry.parent.mkdir(exist_ok=True)
    entry.write_bytes(b"not even a header")
    assert cache.load(key) is None


def _store_many(folder: str, source: str, rounds: int) -> None:
    cache = Cache(Path(folder))
    target = PRINT
    made = process(Path(source), target)
    for _ in range(rounds):
        cache.store(cache.key(Path(source), target), made)


def test_concurrent_writers_leave_a_sound_entry(tmp_path: Path):
    source = photo(tmp_path)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_store_many, args=(str(tmp_path / "cache"), str(source), 40))
               for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    cache = Cache(tmp_path / "cache")
    assert cache.load(cache.key(source, PRINT)) == process(source, PRINT)
    assert not [p for p in (tmp_path / "cache").rglob(".*.part")]


def test_the_cache_stays_under_its_limit_dropping_the_least_recently_used(tmp_path: Path):
    cache = Cache(tmp_path / "cache", limit=60_000)
    sources = [photo(tmp_path, (1200, 800), f"{n}.jpg", color) for n, color in
               enumerate(["red", "green", "blue", "gold", "navy", "teal", "plum", "tan"])]
    keys = []
    for source in sources:
        keys.append(cache.key(source, Target("print", 144.0, 96.0, 450)))
        cache.store(keys[-1], Processed(os.urandom(12_000), "image/jpeg", 10, 10, 450))
    total = sum(p.stat().st_size for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert total <= 60_000
    assert cache.load(keys[-1]) is not None  # the newest survive
    assert cache.load(keys[0]) is None  # the oldest went first


def test_a_jpeg_within_its_target_is_passed_through(tmp_path: Path):
    small = photo(tmp_path, (300, 200))
    assert process(small, PRINT).data is None  # 150 ppi: nothing to gain by re-encoding
    assert process(small, SCREEN).data is None
    rotated = tmp_path / "r.jpg"
    image = Image.new("RGB", (300, 200), "red")
    exif = image.getexif()
    exif[0x0112] = 6
    image.save(rotated, "JPEG", exif=exif)
    assert process(rotated, SCREEN).data is not None  # must be turned upright


def test_process_all_uses_the_cache_and_every_core(tmp_path: Path):
    cache = Cache(tmp_path / "cache")
    sources = [photo(tmp_path, (1600, 1200), f"{n}.jpg", c) for n, c in
               enumerate(["red", "green", "blue"])]
    requests = [(s, SCREEN) for s in sources] + [(s, PRINT) for s in sources]
    first = process_all(requests, cache)
    assert len(list((tmp_path / "cache").rglob("*"))) >= 6
    assert process_all(requests, cache) == first
    assert first == [process(*r) for r in requests]


def test_builds_use_bantin_cache_dir_and_survive_an_unwritable_one(issue_dir: Path, tmp_path: Path):
    env = {**os.environ, "BANTIN_CACHE_DIR": str(tmp_path / "rieng")}
    write = [sys.executable, "-m", "bantin_print", "build", "issue.yaml", "--out", "../ra"]
    (issue_dir / "photos/anh.jpg").write_bytes(jpeg_bytes((2400, 1600)))
    assert subprocess.run(write, cwd=issue_dir, env=env, capture_output=True).returncode == 0
    assert any(p.is_file() for p in (tmp_path / "rieng").rglob("*"))
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    env["BANTIN_CACHE_DIR"] = str(blocked)
    result = subprocess.run(write, cwd=issue_dir, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_font_subsets_are_made_once(tmp_path: Path):
    from bantin_print import fonts

    font = Path(__file__).resolve().parents[1] / "fonts" / "NotoSans-Regular.ttf"
    calls = []

    def make():
        calls.append(1)
        return fonts.subset(font, "Bản tin")

    cache = Cache(tmp_path / "cache")
    first = cache.font_subset(font, "Bản tin", make)
    assert Cache(tmp_path / "cache").font_subset(font, "Bản tin", make) == first
    assert len(calls) == 1
    cache.font_subset(font, "Bản tin mới", lambda: fonts.subset(font, "Bản tin mới"))
    assert len(calls) == 1 and len(list((tmp_path / "cache").rglob("*"))) >= 2
