"""The messages of preflight and impose, in Vietnamese (the default) and in English
(--lang en): the report's findings, its summary and titles, the JSON with its stable ids,
the verdict after a build, and impose's errors and its last line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bantin_print import cli, i18n
from conftest import run_main as run
from bantin_print.preflight import preflight
from test_preflight import make_pdf





@pytest.fixture
def bad_pdf(tmp_path: Path) -> Path:
    """Helvetica not embedded (an error), no “BẢN TIN” on page 1 and a 1 mm bleed on every
    page (warnings)."""
    return make_pdf(tmp_path / "bad.pdf", initial_font=False, masthead="Bản tin nội bộ",
                    bleed_mm=1)


def test_the_report_in_vietnamese_and_in_english(bad_pdf: Path, capsys):
    code, out, _ = run(capsys, "preflight", str(bad_pdf), "--lang", "vi")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{bad_pdf}: 4 trang, khổ thành phẩm 190,0 × 270,0 mm: 1 lỗi, 2 cảnh báo"
    assert "Lỗi (1):" in lines and "Cảnh báo (2):" in lines
    assert (f"  {bad_pdf}: lỗi: preflight fonts-embedded: trang 1: phông chữ Helvetica (Type1) "
            "chưa được nhúng vào tệp PDF; nhà in không nhận tệp PDF có phông chữ chưa nhúng, "
            "kể cả phông thông dụng như Helvetica") in lines
    assert (f"  {bad_pdf}: cảnh báo: preflight bantin-masthead: trang 1: không thấy “BẢN TIN”; "
            "phần đầu trang 1 phải có dòng này (Luật Báo chí 2016, Điều 34)") in lines
    assert (f"  {bad_pdf}: cảnh báo: preflight boxes-bleed: trang 1–4: phần tràn lề (bleed) chỉ "
            "có 1,0 mm; bản in cần ít nhất 3 mm ra ngoài đường xén") in lines
    assert "Phông chữ (2):" in lines and "  Helvetica  Type1  CHƯA nhúng  cả bộ (không subset)" \
        in lines
    assert "Hệ màu: DeviceRGB" in lines
    assert any(line.startswith("  Trang 1–4: MediaBox ") and "phần tràn lề 1,0 mm" in line
               for line in lines)
    assert "error" not in out and "warning" not in out and "page 1" not in out

    code, out, _ = run(capsys, "preflight", str(bad_pdf), "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{bad_pdf}: 4 pages, trim 190.0 × 270.0 mm: 1 error, 2 warnings"
    assert "Errors (1):" in lines and "Warnings (2):" in lines
    assert any(line.startswith(f"  {bad_pdf}: error: preflight fonts-embedded: page 1: font "
                               "Helvetica (Type1) is not embedded") for line in lines)
    assert any(line.startswith(f"  {bad_pdf}: warning: preflight boxes-bleed: pages 1–4: the "
                               "bleed is 1.0 mm") for line in lines)
    assert "lỗi" not in out and "cảnh báo" not in out


def test_the_json_says_it_in_the_language_with_the_same_ids(bad_pdf: Path, capsys):
    reports = {}
    for language in ("vi", "en"):
        code, out, _ = run(capsys, "preflight", str(bad_pdf), "--json", "--lang", language)
        assert code == 1
        reports[language] = json.loads(out)
    vi, en = (reports[language]["findings"] for language in ("vi", "en"))
    keys = ["rule", "severity", "page", "id"]
    assert [[f[k] for k in keys] for f in vi] == [[f[k] for k in keys] for f in en]
    by_rule = {f["rule"]: f for f in vi}
    assert set(by_rule) == {"fonts-embedded", "bantin-masthead", "boxes-bleed"}
    font = by_rule["fonts-embedded"]
    assert font["severity"] == "error" and font["page"] == 1  # keys for scripts stay English
    assert font["message"].startswith("phông chữ Helvetica (Type1) chưa được nhúng")
    assert font["id"] == ("font {name} ({type}) is not embedded in the PDF; print shops refuse "
                          "a PDF whose fonts are not embedded, even common ones such as "
                          "Helvetica")
    bleed = by_rule["boxes-bleed"]
    assert bleed["page"] is None and bleed["message"].startswith("trang 1–4: phần tràn lề")
    assert bleed["id"] == ("the bleed is {width} mm; print needs at least {minimum:g} mm beyond "
                           "the trim")
    assert {f["rule"]: f["message"] for f in en}["boxes-bleed"].startswith(
        "pages 1–4: the bleed is 1.0 mm")


def test_the_verdict_after_a_build(bad_pdf: Path, capsys):
    """What `build` says of its print PDF: the findings as problem lines, then the count."""
    report = preflight(bad_pdf)
    i18n.use("vi")
    assert cli._preflight_verdict(report, cli._Reporter()) == cli.EXIT_INPUT
    err = capsys.readouterr().err
    assert "lỗi: preflight fonts-embedded: trang 1: phông chữ Helvetica" in err
    assert "cảnh báo: preflight boxes-bleed: trang 1–4: phần tràn lề (bleed) chỉ có 1,0 mm" in err
    assert err.endswith(f"Kiểm tra trước in {bad_pdf}: 1 lỗi, 2 cảnh báo.\n")

    i18n.use("en")
    cli._preflight_verdict(report, cli._Reporter())
    err = capsys.readouterr().err
    assert "error: preflight fonts-embedded: page 1: font Helvetica" in err
    assert err.endswith(f"Preflight of {bad_pdf}: 1 error, 2 warnings.\n")


def test_a_file_preflight_cannot_check(tmp_path: Path, capsys):
    text = tmp_path / "notes.pdf"
    text.write_text("Không phải PDF\n", encoding="utf-8")
    code, _, err = run(capsys, "preflight", str(text), "--lang", "vi")
    assert code == 1
    assert f"{text}: lỗi: đây không phải tệp PDF (tệp không bắt đầu bằng %PDF-)\n" in err
    code, _, err = run(capsys, "preflight", str(text), "--lang", "en")
    assert f"{text}: error: not a PDF file (it does not start with %PDF-)\n" in err


def test_impose_says_what_it_wrote(tmp_path: Path, capsys):
    source = make_pdf(tmp_path / "five.pdf", pages=5)
    out = tmp_path / "booklet.pdf"
    code, _, err = run(capsys, "impose", str(source), "--booklet", "-o", str(out), "--lang", "vi")
    assert code == 0, err
    assert err == f"Đã ghi {out}: 8 trang trên 2 tờ, đã thêm 3 trang trắng.\n"
    code, _, err = run(capsys, "impose", str(source), "--booklet", "-o", str(out), "--lang", "en")
    assert code == 0, err
    assert err == f"Wrote {out}: 8 pages on 2 sheets, 3 blank pages added.\n"

    source = make_pdf(tmp_path / "four.pdf", pages=4)
    code, _, err = run(capsys, "impose", str(source), "--booklet", "-o", str(out), "--lang", "vi")
    assert err == f"Đã ghi {out}: 4 trang trên 1 tờ.\n"


def test_impose_refuses_pages_of_different_sizes(tmp_path: Path, capsys):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(make_pdf(tmp_path / "a.pdf", pages=3)))
    writer.append(str(make_pdf(tmp_path / "b.pdf", pages=1, trim_mm=(210, 297))))
    mixed = tmp_path / "mixed.pdf"
    writer.write(str(mixed))
    code, _, err = run(capsys, "impose", str(mixed), "--booklet", "--lang", "vi")
    assert code == 1
    assert (f"{mixed}: lỗi: trang 4 có khổ 210,0 × 297,0 mm nhưng trang 1 có khổ "
            "190,0 × 270,0 mm: mọi trang của một cuốn đóng ghim giữa phải cùng khổ thành phẩm\n"
            in err)
    assert err.endswith("1 lỗi; chưa ghi tệp nào.\n")
    code, _, err = run(capsys, "impose", str(mixed), "--booklet", "--lang", "en")
    assert (f"{mixed}: error: page 4 is 210.0 × 297.0 mm but page 1 is 190.0 × 270.0 mm: every "
            "page of a booklet must have the same trim size\n" in err)
    assert not (tmp_path / "mixed-booklet.pdf").exists()
