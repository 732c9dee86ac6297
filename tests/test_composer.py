"""The paragraph composer: total-fit breaking, micro-typography within its limits, widows
and orphans, balanced ragged lines, breaks in addresses; checked on the lines it makes and
on the PDF's own operators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from bantin_print.fonts import find_family
from bantin_print.model import Justification as Limits
from bantin_print.pdf.paragraph import ComposedParagraph
from bantin_print.pdf.paragraph import linebreak
from bantin_print.pdf.paragraph.collect import plain
from bantin_print.pdf.paragraph.line import set_line
from bantin_print.pdf.paragraph.linebreak import Flex, balance_lines, break_lines
from bantin_print.pdf.paragraph.prepare import Box, Glue, Penalty, prepare
from bantin_print.pdf.styles import Styles, register

REPO = Path(__file__).resolve().parents[1]
SIZE = 9.5
COLUMN = 142.7  # the sample's column width, in points


@pytest.fixture(scope="module")
def styles() -> Styles:
    serif, _ = find_family("Noto Serif", [REPO / "fonts"])
    sans, _ = find_family("Noto Sans", [REPO / "fonts"])
    return Styles(register(serif), register(sans), 3)


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    out = []
    for path in sorted((REPO / "issues" / "sample" / "articles").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        out += [" ".join(b.split()) for b in re.split(r"\n\s*\n", body)
                if b.strip() and b.strip()[0] not in "#>-*!0123456789" and len(b) > 80]
    assert len(out) > 40
    return out


def words_of(items, line) -> list[str]:
    return ["".join(p.text for p in item.pieces) for item in items[line.start:line.end]
            if isinstance(item, Box)]


def greedy(items, width: float) -> list[tuple[int, int]]:
    """First fit at natural spacing: what ReportLab's breaker did."""
    lines, start, used = [], 0, 0.0
    for b, item in enumerate(items):
        if isinstance(item, Glue) and used + sum(
                i.width for i in items[b:b + 2] if isinstance(i, Box)) + item.width > width:
            lines.append((start, b))
            start, used = b + 1, 0.0
            continue
        used += item.width if isinstance(item, (Box, Glue)) else 0.0
    lines.append((start, len(items)))
    return lines


def test_total_fit_sets_tighter_columns_than_first_fit(styles, paragraphs):
    style = styles.body_first_text
    flex = Flex.of(styles.limits, stringWidth(" ", style.faces.regular, SIZE))
    loose_ours = loose_greedy = lines_ours = lines_greedy = 0
    for text in paragraphs:
        items = prepare(plain(text, style.faces), SIZE, COLUMN)
        ours = break_lines(items, (COLUMN, COLUMN), flex)
        for line in ours[:-1]:
            lines_ours += 1
            setting = set_line(items, line, COLUMN, flex, SIZE, True)
            space = stringWidth(" ", style.faces.regular, SIZE)
            gap = (space + setting.word + 2 * setting.letter) * setting.scale
            loose_ours += gap > 1.5 * space
        for start, end in greedy(items, COLUMN)[:-1]:
            lines_greedy += 1
            content = items[start:end]
            natural = sum(i.width for i in content if not isinstance(i, Penalty))
            spaces = sum(isinstance(i, Glue) for i in content)
            space = stringWidth(" ", style.faces.regular, SIZE)
            loose_greedy += spaces and space + (COLUMN - natural) / spaces > 1.5 * space
    assert lines_ours and lines_greedy
    assert loose_ours / lines_ours < 0.08  # the issue asks at most 6 % on the big issue
    assert loose_greedy / lines_greedy > 0.4  # and first fit is as loose as measured before


def test_every_justified_line_fills_its_width_within_the_limits(styles, paragraphs):
    limits = Limits()
    style = styles.body_text
    space = stringWidth(" ", style.faces.regular, SIZE)
    flex = Flex.of(limits, space)
    for text in paragraphs:
        items = prepare(plain(text, style.faces), SIZE, COLUMN - 10)
        lines = break_lines(items, (COLUMN - 10, COLUMN), flex)
        for number, line in enumerate(lines):
            width = COLUMN - 10 if number == 0 else COLUMN
            setting = set_line(items, line, width, flex, SIZE, True)
            assert limits.glyph_min - 1e-9 <= setting.scale <= limits.glyph_max + 1e-9
            assert abs(setting.letter) <= limits.letter * space + 1e-9
            if line is not lines[-1]:
                assert setting.width == pytest.approx(width, abs=0.01), words_of(items, line)
                # Word gaps as seen (letter spacing and scaling included) within their limits
                gap = (space + setting.word + 2 * setting.letter) * setting.scale
                assert gap >= limits.word_min * space - 0.02, words_of(items, line)
                if line.ratio <= 1:
                    assert gap <= limits.word_max * space + 0.02, words_of(items, line)


def test_pruning_loose_lines_changes_no_break(styles, paragraphs, monkeypatch):
    style = styles.body_text
    flex = Flex.of(styles.limits, stringWidth(" ", style.faces.regular, SIZE))
    cases = [(prepare(plain(t, style.faces), SIZE, 80), w) for t in paragraphs
             for w in (COLUMN, 100.0, 80.0)]
    pruned = [break_lines(items, (w, w), flex) for items, w in cases]
    monkeypatch.setattr(linebreak, "LOOSE", float("inf"))
    assert [break_lines(items, (w, w), flex) for items, w in cases] == pruned


def test_no_break_spaces_are_weighed_not_walls(styles):
    style = styles.body_text
    flex = Flex.of(styles.limits, stringWidth(" ", style.faces.regular, SIZE))
    # "số 125/QĐ-UBND" kept whole would leave "Căn cứ Quyết định" stretched to 3×: the
    # composer breaks inside the unit instead, at its slash or at the no-break space.
    text = ("Căn cứ Quyết định số\u00a0125/QĐ-UBND ngày\u00a020/12/2023 của UBND tỉnh về việc "
            "giao chỉ tiêu kế hoạch phát triển kinh tế – xã hội năm 2024.")
    items = prepare(plain(text, style.faces), SIZE, COLUMN)
    lines = break_lines(items, (COLUMN, COLUMN), flex)
    assert all(line.ratio < 2.5 for line in lines[:-1]), [words_of(items, l) for l in lines]
    # Where keeping it costs little, the unit stays together.
    text = "Theo Điều\u00a034 của luật, bản tin phải ghi rõ nơi in và số lượng in."
    items = prepare(plain(text, style.faces), SIZE, COLUMN)
    for line in break_lines(items, (COLUMN, COLUMN), flex):
        assert words_of(items, line)[-1] != "Điều"


def test_a_number_and_its_unit_and_the_end_mark_never_part(styles, paragraphs):
    style = styles.body_text
    flex = Flex.of(styles.limits, stringWidth(" ", style.faces.regular, SIZE))
    for text in paragraphs[:20]:
        text = text + " dài 37\u00a0km, rộng 4.321\u00a0ha …\u00a0…/."
        items = prepare(plain(text, style.faces), SIZE, COLUMN)
        for width in (COLUMN, 90.0, 60.0):
            lines = break_lines(items, (width, width), flex)
            for line in lines[:-1]:
                last = words_of(items, line)[-1]
                assert last not in ("37", "4.321", "…"), (width, last)


def test_a_long_address_breaks_only_after_slash_dot_or_hyphen(styles):
    style = styles.body_text
    url = "https://congthongtin.thanhhoa.gov.vn/tin-tuc/khoa-hoc-cong-nghe/2024/01/18/bao-cao"
    text = f"Xem tại {url} và trên trang của Sở."
    items = prepare(plain(text, style.faces), SIZE, 100)
    lines = break_lines(items, (100.0, 100.0), Flex.of(styles.limits, 2.5))
    inside = [line for line in lines if line.end < len(items)
              and isinstance(items[line.end], Penalty)]
    assert len(inside) >= 3  # it breaks inside the address, which is wider than a line
    for line in inside:
        assert words_of(items, line)[-1][-1] in "/.-", words_of(items, line)
    joined = "".join("".join(p.text for p in i.pieces) if isinstance(i, Box) else " "
                     for i in items if not isinstance(i, Penalty))
    assert joined == text  # no hyphen added, nothing lost


def test_ragged_lines_are_balanced_with_no_word_alone(styles):
    style = styles.mast_name_text
    faces = style.faces
    for text, width in [("KHOA HỌC VÀ CÔNG NGHỆ NÔNG THÔN THANH HÓA", 380.0),
                        ("Ngành khoa học và công nghệ tổng kết năm 2023, triển khai nhiệm vụ "
                         "năm 2024", 460.0),
                        ("Cuộc thi ảnh “Khoa học quanh ta” mở rộng cho học sinh", 460.0)]:
        items = prepare(plain(text, faces, bold=True), 17, width)
        lines = balance_lines(items, (width, width))
        widths = [sum(i.width for i in items[l.start:l.end] if not isinstance(i, Penalty))
                  for l in lines]
        assert len(lines) == 2 and min(widths) > 0.6 * max(widths), widths
        assert all(len(words_of(items, line)) >= 2 for line in lines)
        assert all(w <= width + 1e-6 for w in widths)
    quoted = prepare(plain("Cuộc thi ảnh “Khoa học quanh ta” mở rộng cho học sinh", faces,
                           bold=True), 17, 460)
    first = balance_lines(quoted, (460.0, 460.0))[0]
    assert words_of(quoted, first)[-1].endswith("”")  # not inside the quotation


def test_split_leaves_no_widow_and_no_orphan(styles, paragraphs):
    style = styles.body_text
    long_text = " ".join(paragraphs[:3])
    paragraph = ComposedParagraph(plain(long_text, style.faces), style, styles.limits)
    total = len(paragraph.lines(COLUMN))
    assert total > 12
    for room_lines in range(0, total + 2):
        parts = paragraph.split(COLUMN, room_lines * style.leading + 0.5)
        if not parts:
            assert room_lines < 2 or room_lines >= total
            continue
        if len(parts) == 1:
            assert room_lines >= total
            continue
        head, tail = parts
        head_lines = head.wrap(COLUMN, 1e6)[1] / style.leading
        tail_lines = tail.wrap(COLUMN, 1e6)[1] / style.leading
        assert head_lines >= 2 and tail_lines >= 2, (room_lines, head_lines, tail_lines)
        assert head_lines + tail_lines == total
        # The parts keep the lines: the same words, in the same lines.
        assert head.lines(COLUMN) == paragraph.lines(COLUMN)[:round(head_lines)]


def test_the_pdf_uses_letter_spacing_and_glyph_scaling_within_their_limits(sample_build):
    from pdfops import shown_with  # bench/, on the path through conftest

    serif, _ = find_family("Noto Serif", [REPO / "fonts"])
    space_em = stringWidth(" ", register(serif).regular, 1)
    shown = shown_with(sample_build[0])
    scales = [tz for tz, *_ in shown]
    letters = [abs(tc) / (space_em * size) for _, tc, size, _ in shown]
    assert min(scales) >= 97 - 1e-6 and max(scales) <= 103 + 1e-6
    assert max(letters) <= 0.05 + 1e-6
    assert min(scales) < 99 and max(scales) > 101  # and they are used
    assert sum(1 for s in scales if s != 100) > 100


def _build_with(issue_dir: Path, justification: str) -> tuple[int, str, Path]:
    import subprocess
    import sys

    manifest = issue_dir / "issue.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text + "layout:\n  justification:\n" + justification, encoding="utf-8")
    article = issue_dir / "articles" / "hai.md"
    body = " ".join(["Hội nghị đã thảo luận, thống nhất các nhiệm vụ trọng tâm của năm 2024 "
                     "về khoa học, công nghệ và đổi mới sáng tạo trên địa bàn tỉnh."] * 12)
    article.write_text(f"---\ntitle: Tin dài\n---\n{body}\n\n{body}\n", encoding="utf-8")
    pdf = issue_dir / "out.pdf"
    result = subprocess.run([sys.executable, "-m", "bantin_print", "build", str(manifest),
                             "--pdf", str(pdf), "--epub", str(issue_dir / "out.epub")],
                            capture_output=True, text=True, timeout=120)
    return result.returncode, result.stderr, pdf


def test_the_limits_are_layout_settings(issue_dir: Path):
    from pdfops import shown_with

    code, _, pdf = _build_with(issue_dir, "    letter_spacing: 0%\n"
                                          "    glyph_scaling: 100%-100%\n")
    assert code == 0
    shown = shown_with(pdf)
    assert {tz for tz, *_ in shown} == {100.0} and {tc for _, tc, *_ in shown} == {0.0}


def test_narrower_limits_are_kept(issue_dir: Path):
    from pdfops import shown_with

    code, _, pdf = _build_with(issue_dir, "    letter_spacing: 2%\n"
                                          "    glyph_scaling: 99%-101%\n")
    assert code == 0
    serif, _ = find_family("Noto Serif", [REPO / "fonts"])
    space_em = stringWidth(" ", register(serif).regular, 1)
    shown = shown_with(pdf)
    assert all(99 - 1e-6 <= tz <= 101 + 1e-6 for tz, *_ in shown)
    assert any(tz != 100 for tz, *_ in shown)
    assert max(abs(tc) / (space_em * size) for _, tc, size, _ in shown) <= 0.02 + 1e-6


@pytest.mark.parametrize("setting, message", [
    ("word_spacing: 150%", "expected MIN%-MAX%"),
    ("word_spacing: 40%-150%", "out of range"),
    ("letter_spacing: 12%", "out of range"),
    ("glyph_scaling: 97%-120%", "out of range"),
    ("glyph_scaling: narrow", "expected MIN%-MAX%"),
    ("word_space: 67%-150%", "word_spacing"),  # a typo gets a suggestion
])
def test_wrong_limits_are_named_with_their_line(issue_dir: Path, setting: str, message: str):
    code, stderr, pdf = _build_with(issue_dir, f"    {setting}\n")
    assert code == 1 and not pdf.exists()
    line = (issue_dir / "issue.yaml").read_text(encoding="utf-8").split("\n").index(
        f"    {setting}") + 1
    assert f"issue.yaml:{line}: error:" in stderr and message in stderr, stderr


def test_a_widow_is_avoided_by_setting_the_paragraph_a_line_shorter_or_longer(styles,
                                                                            paragraphs):
    style = styles.body_text
    flex = Flex.of(styles.limits, stringWidth(" ", style.faces.regular, SIZE))
    kinds = {"shorter": 0, "longer": 0, "gap": 0}
    for text in paragraphs:
        paragraph = ComposedParagraph(plain(text, style.faces), style, styles.limits)
        lines = paragraph.lines(COLUMN)
        if len(lines) < 4:
            continue
        # Room for all lines but one: the last would be a widow at the next column's head.
        parts = paragraph.split(COLUMN, (len(lines) - 1) * style.leading + 0.5)
        counts = [len(part.lines(COLUMN)) for part in parts]
        if counts == [len(lines) - 1]:
            kinds["shorter"] += 1  # fits whole, no gap
        elif counts == [len(lines) - 1, 2]:
            kinds["longer"] += 1  # the column is full, two lines go on
        else:
            assert counts == [len(lines) - 2, 2]  # the widow gets company: a one-line gap
            kinds["gap"] += 1
        if counts != [len(lines) - 2, 2]:  # set otherwise: within the limits everywhere
            for part in parts:
                items = part.items(COLUMN)
                for line in part.lines(COLUMN):
                    if not line.last:
                        assert -1 <= line.ratio <= 1
                        setting = set_line(items, line, COLUMN, flex, SIZE, True)
                        assert 0.97 - 1e-9 <= setting.scale <= 1.03 + 1e-9
    # Narrow Vietnamese columns rarely allow it within the limits: on the sample, 3 of
    # 62 such paragraphs are set a line longer; none a line shorter.
    assert kinds["longer"] + kinds["shorter"] >= 1, kinds


def test_breaks_remembered_between_builds_give_the_same_pdf(issue_dir: Path, tmp_path: Path):
    """A warm build reads the breaks of the last one: its PDF is byte for byte the PDF of
    a build that breaks every paragraph anew, also after an article changed."""
    import os
    import subprocess
    import sys

    def build(cache: Path, name: str) -> bytes:
        pdf = tmp_path / f"{name}.pdf"
        env = {**os.environ, "BANTIN_CACHE_DIR": str(cache)}
        result = subprocess.run([sys.executable, "-m", "bantin_print", "build",
                                 str(issue_dir / "issue.yaml"), "--pdf", str(pdf), "--epub",
                                 str(tmp_path / f"{name}.epub")], env=env, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return pdf.read_bytes()

    article = issue_dir / "articles" / "hai.md"
    body = " ".join(["Hội nghị đã thảo luận, thống nhất các nhiệm vụ trọng tâm của năm 2024 "
                     "về khoa học, công nghệ và đổi mới sáng tạo trên địa bàn tỉnh."] * 15)
    article.write_text(f"---\ntitle: Tin dài\n---\n{body}\n", encoding="utf-8")
    warm = tmp_path / "warm-cache"
    first = build(warm, "first")
    assert build(warm, "second") == first == build(tmp_path / "cold-1", "cold")
    entries = [p for p in warm.rglob("*") if p.is_file()]
    assert any(b'"' in p.read_bytes()[:200] and b"sha256" in p.read_bytes()[:200]
               for p in entries)
    # One word changed: that paragraph breaks anew, the rest comes from the cache.
    article.write_text(f"---\ntitle: Tin dài\n---\n{body.replace('thảo luận', 'bàn', 1)}\n",
                       encoding="utf-8")
    changed = build(warm, "changed")
    assert changed != first
    assert changed == build(tmp_path / "cold-2", "changed-cold")


# --- The column filler: photos the editor places ----------------------------------------


def _photo_block(styles: Styles, place: str):
    from bantin_print import model
    from bantin_print.pdf.flowables import PhotoBlock

    photo = model.Photo(Path("anh.jpg"), caption="Ảnh đứng", width=600, height=900,
                        place=place)
    return PhotoBlock(photo, lambda *size: None, COLUMN, 400, styles)


@pytest.mark.parametrize("place", ["auto", "here", "top", "bottom"])
def test_the_filler_puts_a_photo_where_the_editor_places_it(styles, paragraphs, place):
    """Two columns; a paragraph, an upright photo that does not fit under it, then more
    text. auto: the text goes on under the first paragraph and the photo opens the second
    column; here: the column ends at the photo, which opens the next, the text after it;
    top: as auto; bottom: not at the first column's foot (no room), so at the second's,
    under its text."""
    from bantin_print.pdf import columns

    style = styles.body_text
    text = [ComposedParagraph(plain(p, style.faces), style, styles.limits)
            for p in paragraphs[:6]]
    first_height = text[0].wrap(COLUMN, 1000)[1]
    photo = _photo_block(styles, place)
    height = photo.wrap(COLUMN, 1000)[1] + photo.getSpaceBefore()
    room = max(first_height + height / 2, height + 20)
    assert room - first_height < height < room
    filled = columns.fill([text[0], photo] + text[1:], COLUMN, room, 2)
    left, right = ([slot.flowable for slot in column] for column in filled.columns)
    if place == "here":
        assert left == [text[0]] and right[0] is photo
    elif place == "bottom":
        # nothing of it in the first column's foot (it cannot fit there): the second's
        assert photo not in left and right[-1] is photo
        assert sum(s.space_before + s.height for s in filled.columns[1]) > room - 1
    else:
        assert left[0] is text[0] and len(left) > 1 and photo not in left
        assert right[0] is photo
