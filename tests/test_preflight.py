"""The print-shop preflight (bantin_print.preflight), on small PDFs made here with ReportLab,
each broken on purpose, and on the project's own build of the sample issue."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           NameObject, NumberObject, RectangleObject, StreamObject)
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from bantin_print.errors import InputError
from bantin_print.preflight import Report, Rules, finding_id, preflight
from bantin_print import preflight as preflight_module

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "issues" / "sample" / "issue.yaml"
FONT = "PreflightNotoSans"
IMPRINT = ["Giấy phép xuất bản: số 01/GP-STTTT ngày 05/01/2024",
           "Chịu trách nhiệm xuất bản: Nguyễn Văn An",
           "Nơi in: Công ty In Thử nghiệm",
           "Số lượng in: 500 bản",
           "Kỳ hạn xuất bản: Hằng tháng"]

pdfmetrics.registerFont(TTFont(FONT, str(REPO / "fonts" / "NotoSans-Regular.ttf")))


def image(width: int, height: int, mode: str = "RGB") -> ImageReader:
    colour = {"RGB": "steelblue", "L": 128, "CMYK": (0, 50, 100, 0)}[mode]
    return ImageReader(Image.new(mode, (width, height), colour))


def make_pdf(path: Path, pages: int = 4, trim_mm: tuple[float, float] = (190, 270),
             bleed_mm: float | None = 3, initial_font: bool = True,
             masthead: str = "BẢN TIN", imprint: list[str] | None = None,
             draw=None) -> Path:
    """A bản tin that passes every rule unless told otherwise: `pages` pages of trim_mm with
    TrimBox and BleedBox (None: neither), the masthead on page 1, the imprint on the last page,
    and a 600 px photo placed 50.8 mm wide (300 ppi) on page 1. `draw(canvas, page)` adds
    more on each page. Without initial_font, ReportLab's page preamble selects Helvetica, which
    is then in the resources of every page, not embedded."""
    width, height = trim_mm[0] * mm, trim_mm[1] * mm
    options: dict = {"invariant": 1}
    if initial_font:
        options["initialFontName"] = FONT
    if bleed_mm is None:
        options["pagesize"] = (width, height)
    else:
        b = bleed_mm * mm
        options.update(pagesize=(width + 2 * b, height + 2 * b),
                       trimBox=(b, b, b + width, b + height),
                       bleedBox=(0, 0, width + 2 * b, height + 2 * b))
    canvas = Canvas(str(path), **options)
    for page in range(1, pages + 1):
        canvas.setFont(FONT, 12)
        if page == 1:
            canvas.drawString(20 * mm, height - 20 * mm, masthead)
            canvas.drawImage(image(600, 400), 20 * mm, 100 * mm, width=50.8 * mm,
                             height=50.8 * mm * 400 / 600)
        if page == pages:
            for n, line in enumerate(IMPRINT if imprint is None else imprint):
                canvas.drawString(20 * mm, 20 * mm + n * 14, line)
        if draw:
            draw(canvas, page)
        canvas.showPage()
    canvas.save()
    return path


def rules_of(report: Report) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in report.findings]


def set_boxes(path: Path, **boxes_by_page: dict[int, RectangleObject]) -> Path:
    """Rewrites boxes with pypdf: set_boxes(p, trimbox={2: RectangleObject(...)})."""
    writer = PdfWriter(clone_from=str(path))
    for box, pages in boxes_by_page.items():
        for number, rectangle in pages.items():
            setattr(writer.pages[number - 1], box, rectangle)
    writer.write(str(path))
    return path


# --------------------------------------------------------------------------- passing

def test_a_good_bantin_passes_everything(tmp_path):
    report = preflight(make_pdf(tmp_path / "good.pdf"))
    assert report.findings == []
    assert report.errors == [] and report.warnings == []
    assert report.pages == 4
    assert report.trim_mm == pytest.approx((190, 270), abs=0.01)
    assert report.bleed_mm == pytest.approx(3, abs=0.01)
    assert [(f["name"], f["type"], f["embedded"], f["subset"]) for f in report.fonts] == [
        ("AAAAAA+NotoSans-Regular", "TrueType", True, True)]
    [photo] = report.images
    assert photo["page"] == 1 and (photo["width_px"], photo["height_px"]) == (600, 400)
    assert photo["placed_width_mm"] == pytest.approx(50.8, abs=0.01)
    assert photo["ppi"] == pytest.approx(300, abs=0.1)
    assert photo["colour_space"] == "DeviceRGB"
    assert report.colour_spaces == ["DeviceRGB"]
    assert report.boxes[0] == {"page": 1, "media_mm": pytest.approx([0, 0, 196, 276], abs=0.01),
                               "trim_mm": pytest.approx([3, 3, 193, 273], abs=0.01),
                               "bleed_mm": pytest.approx([0, 0, 196, 276], abs=0.01),
                               "bleed": pytest.approx(3, abs=0.01)}
    text = report.to_text()
    assert text.splitlines()[0].endswith("4 pages, trim 190.0 × 270.0 mm: passed: no errors, "
                                         "no warnings")
    for fact in ("AAAAAA+NotoSans-Regular", "600 × 400 px", "300 ppi", "DeviceRGB",
                 "Pages 1–4: MediaBox 196.0 × 276.0 mm, TrimBox 190.0 × 270.0 mm, "
                 "BleedBox 196.0 × 276.0 mm, bleed 3.0 mm"):
        assert fact in text


def test_landscape_and_a_hair_over_the_limit_still_fit(tmp_path):
    assert preflight(make_pdf(tmp_path / "l.pdf", trim_mm=(270, 190))).findings == []
    assert preflight(make_pdf(tmp_path / "t.pdf", trim_mm=(190.4, 270.4))).findings == []


# --------------------------------------------------------------------------- fonts

def test_standard_14_font_is_an_error(tmp_path):
    report = preflight(make_pdf(tmp_path / "helv.pdf", initial_font=False))
    assert rules_of(report) == [("fonts-embedded", "error")]
    [finding] = report.errors
    assert finding.page == 1 and "Helvetica" in finding.text
    assert finding.format() == (f"{report.file}: error: preflight fonts-embedded: page 1: "
                                f"{finding.text}")
    helvetica = [f for f in report.fonts if f["name"] == "Helvetica"]
    assert helvetica == [{"name": "Helvetica", "type": "Type1", "embedded": False,
                          "subset": False, "first_page": 1}]


def test_font_embedded_whole_is_a_warning(tmp_path):
    path = make_pdf(tmp_path / "whole.pdf")
    writer = PdfWriter(clone_from=str(path))
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        whole = NameObject("/" + font["/BaseFont"][8:])  # drop "AAAAAA+"
        font[NameObject("/BaseFont")] = whole
        font["/FontDescriptor"].get_object()[NameObject("/FontName")] = whole
    writer.write(str(path))
    report = preflight(path)
    assert rules_of(report) == [("fonts-subset", "warning")]
    assert "NotoSans-Regular" in report.findings[0].text


def test_font_facts_of_type0_and_type3_fonts():
    def name(value):
        return NameObject(value)

    descriptor = DictionaryObject({name("/FontFile2"): StreamObject()})
    cid = DictionaryObject({name("/Subtype"): name("/CIDFontType2"),
                            name("/FontDescriptor"): descriptor})
    type0 = DictionaryObject({name("/Subtype"): name("/Type0"),
                              name("/BaseFont"): name("/ABCDEF+NotoSerif"),
                              name("/DescendantFonts"): ArrayObject([cid])})
    assert preflight_module._font_facts(type0) == {
        "name": "ABCDEF+NotoSerif", "type": "Type0 (CIDFontType2)", "embedded": True,
        "subset": True}
    cid[name("/FontDescriptor")] = DictionaryObject()
    assert preflight_module._font_facts(type0)["embedded"] is False
    type3 = DictionaryObject({name("/Subtype"): name("/Type3")})
    assert preflight_module._font_facts(type3)["embedded"] is True
    for key in ("/FontFile", "/FontFile3"):
        truetype = DictionaryObject({name("/Subtype"): name("/Type1"),
                                     name("/BaseFont"): name("/Garamond"),
                                     name("/FontDescriptor"): DictionaryObject(
                                         {name(key): StreamObject()})})
        assert preflight_module._font_facts(truetype) == {
            "name": "Garamond", "type": "Type1", "embedded": True, "subset": False}


# --------------------------------------------------------------------------- images

def placed(tmp_path: Path, name: str, draw) -> list[dict]:
    def on_page_2(canvas, page):
        if page == 2:
            draw(canvas)
    return [i for i in preflight(make_pdf(tmp_path / name, draw=on_page_2)).images
            if i["page"] == 2]


def test_image_ppi_below_300_is_a_warning(tmp_path):
    def low(canvas, page):
        if page == 3:
            canvas.drawImage(image(300, 200), 20 * mm, 20 * mm, width=50.8 * mm,
                             height=50.8 * mm * 2 / 3)
    report = preflight(make_pdf(tmp_path / "low.pdf", draw=low))
    assert rules_of(report) == [("image-ppi", "warning")]
    [finding] = report.findings
    assert finding.page == 3
    assert finding.text.startswith("image ")
    assert "warning: preflight image-ppi: page 3: image " in finding.format()
    assert "is placed at 150 ppi; print needs 300" in finding.text
    assert "300 × 200 px" in finding.text
    assert rules_of(preflight(tmp_path / "low.pdf", Rules(min_ppi=150))) == []


def test_ppi_takes_the_lower_direction(tmp_path):
    [photo] = placed(tmp_path, "stretched.pdf", lambda c: c.drawImage(
        image(600, 600), 20 * mm, 20 * mm, width=50.8 * mm, height=101.6 * mm))
    assert photo["ppi"] == pytest.approx(150, abs=0.1)
    assert (photo["placed_width_mm"], photo["placed_height_mm"]) == pytest.approx(
        (50.8, 101.6), abs=0.01)


def test_ppi_of_a_rotated_image(tmp_path):
    def rotated(canvas):
        canvas.saveState()
        canvas.translate(100 * mm, 50 * mm)
        canvas.rotate(90)
        canvas.drawImage(image(600, 300), 0, 0, width=50.8 * mm, height=25.4 * mm)
        canvas.restoreState()

    def tilted(canvas):
        canvas.saveState()
        canvas.translate(100 * mm, 150 * mm)
        canvas.rotate(30)
        canvas.drawImage(image(600, 300), 0, 0, width=101.6 * mm, height=50.8 * mm)
        canvas.restoreState()

    [photo] = placed(tmp_path, "rot.pdf", rotated)
    assert photo["ppi"] == pytest.approx(300, abs=0.1)
    assert (photo["placed_width_mm"], photo["placed_height_mm"]) == pytest.approx(
        (50.8, 25.4), abs=0.01)
    [photo] = placed(tmp_path, "tilt.pdf", tilted)
    assert photo["ppi"] == pytest.approx(150, abs=0.1)


def test_ppi_inside_a_form_xobject(tmp_path):
    def in_form(canvas):
        canvas.beginForm("photo")
        canvas.drawImage(image(600, 400), 0, 0, width=50.8 * mm, height=50.8 * mm * 2 / 3)
        canvas.endForm()
        canvas.doForm("photo")                   # as drawn: 300 ppi
        canvas.saveState()
        canvas.translate(0, 100 * mm)
        canvas.scale(2, 2)
        canvas.doForm("photo")                   # the CTM at Do doubles it: 150 ppi
        canvas.restoreState()

    images = placed(tmp_path, "form.pdf", in_form)
    assert [round(i["ppi"]) for i in images] == [300, 150]
    assert all(i["name"].startswith("FormXob.photo/") for i in images)
    report = preflight(tmp_path / "form.pdf")
    assert rules_of(report) == [("image-ppi", "warning")]
    assert "FormXob.photo/" in report.findings[0].text

    # the form's own /Matrix counts too
    writer = PdfWriter(clone_from=str(tmp_path / "form.pdf"))
    form = writer.pages[1]["/Resources"]["/XObject"]["/FormXob.photo"].get_object()
    form[NameObject("/Matrix")] = ArrayObject(
        [FloatObject(0.5), NumberObject(0), NumberObject(0), FloatObject(0.5), NumberObject(0),
         NumberObject(0)])
    writer.write(str(tmp_path / "matrix.pdf"))
    images = [i for i in preflight(tmp_path / "matrix.pdf").images if i["page"] == 2]
    assert [round(i["ppi"]) for i in images] == [600, 300]


# --------------------------------------------------------------------------- colour

def colourful(canvas, page):
    if page == 2:
        canvas.setFillColorRGB(1, 0, 0)
        canvas.rect(20 * mm, 20 * mm, 20 * mm, 20 * mm, fill=1, stroke=0)
    if page == 3:
        canvas.setFillColorCMYK(0, 1, 0, 0)
        canvas.rect(20 * mm, 20 * mm, 20 * mm, 20 * mm, fill=1, stroke=0)
        canvas.drawImage(image(600, 400, "L"), 20 * mm, 50 * mm, width=50.8 * mm,
                         height=50.8 * mm * 2 / 3)


def test_colour_spaces_of_drawing_operators_and_images(tmp_path):
    report = preflight(make_pdf(tmp_path / "colour.pdf", draw=colourful))
    assert report.findings == []  # RGB is fine unless the print shop expects CMYK
    assert report.colour_spaces == ["DeviceCMYK", "DeviceGray", "DeviceRGB"]
    assert [(i["page"], i["colour_space"]) for i in report.images] == [
        (1, "DeviceRGB"), (3, "DeviceGray")]
    assert "Colour spaces: DeviceCMYK, DeviceGray, DeviceRGB" in report.to_text()


def test_expect_cmyk_turns_rgb_into_errors(tmp_path):
    report = preflight(make_pdf(tmp_path / "colour.pdf", draw=colourful),
                       Rules(expect_cmyk=True))
    assert rules_of(report) == [("colour-rgb", "error")] * 2
    assert [f.page for f in report.errors] == [1, 2]
    assert report.errors[0].text.startswith("RGB colour in image FormXob.")
    assert report.errors[1].text.startswith("RGB colour in text or shapes (DeviceRGB)")
    assert "page 2: RGB colour in text or shapes" in report.errors[1].format()


def test_expect_cmyk_passes_a_cmyk_only_file(tmp_path):
    def cmyk(canvas, page):
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.drawImage(image(600, 400, "CMYK"), 20 * mm, 50 * mm, width=50.8 * mm,
                         height=50.8 * mm * 2 / 3)

    path = make_pdf(tmp_path / "cmyk.pdf", draw=cmyk)
    writer = PdfWriter(clone_from=str(path))  # the RGB photo of page 1 becomes grey
    for xobject in writer.pages[0]["/Resources"]["/XObject"].values():
        xobject.get_object()[NameObject("/ColorSpace")] = NameObject("/DeviceGray")
    writer.write(str(path))
    report = preflight(path, Rules(expect_cmyk=True))
    assert report.findings == []
    assert report.colour_spaces == ["DeviceCMYK", "DeviceGray"]


def test_a_spot_colour_named_in_the_resources(tmp_path):
    from reportlab.lib.colors import CMYKColorSep

    def spot(canvas, page):
        if page == 2:
            canvas.setFillColor(CMYKColorSep(0, 1, 0, 0, spotName="PANTONE185C"))
            canvas.rect(20 * mm, 20 * mm, 20 * mm, 20 * mm, fill=1, stroke=0)

    report = preflight(make_pdf(tmp_path / "spot.pdf", draw=spot), Rules(expect_cmyk=True))
    assert "Separation PANTONE185C" in report.colour_spaces
    assert [f.page for f in report.errors] == [1]  # only the RGB photo


def test_describing_colour_spaces():
    describe = preflight_module._describe_space

    def icc(n):
        return ArrayObject([NameObject("/ICCBased"), _icc_stream(n)])

    assert describe(NameObject("/DeviceCMYK"), None) == "DeviceCMYK"
    assert describe(icc(3), None) == "ICCBased RGB"
    assert describe(icc(4), None) == "ICCBased CMYK"
    assert describe(icc(1), None) == "ICCBased Gray"
    indexed = ArrayObject([NameObject("/Indexed"), NameObject("/DeviceRGB"), NumberObject(255)])
    assert describe(indexed, None) == "Indexed DeviceRGB"
    device_n = ArrayObject([NameObject("/DeviceN"),
                            ArrayObject([NameObject("/Cyan"), NameObject("/Black")]),
                            NameObject("/DeviceCMYK")])
    assert describe(device_n, None) == "DeviceN Cyan, Black"
    resources = DictionaryObject({NameObject("/ColorSpace"): DictionaryObject(
        {NameObject("/CS0"): icc(3)})})
    assert describe(NameObject("/CS0"), resources) == "ICCBased RGB"
    assert preflight_module._is_rgb("ICCBased RGB")
    assert preflight_module._is_rgb("Indexed ICCBased RGB")
    assert not preflight_module._is_rgb("Indexed DeviceCMYK")
    assert not preflight_module._is_rgb("DeviceGray")


def _icc_stream(n: int) -> StreamObject:
    stream = StreamObject()
    stream[NameObject("/N")] = NumberObject(n)
    return stream


# --------------------------------------------------------------------------- boxes

def test_missing_boxes_are_an_error(tmp_path):
    report = preflight(make_pdf(tmp_path / "nobox.pdf", bleed_mm=None))
    assert rules_of(report) == [("boxes-missing", "error")]
    assert report.errors[0].text.startswith("pages 1–4: no TrimBox and no BleedBox")
    assert report.trim_mm == pytest.approx((190, 270), abs=0.01)  # the MediaBox then
    assert report.bleed_mm is None
    assert preflight(tmp_path / "nobox.pdf", Rules(require_boxes=False)).findings == []


def test_a_missing_bleed_box_on_some_pages(tmp_path):
    path = make_pdf(tmp_path / "some.pdf")
    writer = PdfWriter(clone_from=str(path))
    for number in (2, 3):
        del writer.pages[number - 1][NameObject("/BleedBox")]
    writer.write(str(path))
    report = preflight(path)
    assert rules_of(report) == [("boxes-missing", "error")]
    assert report.errors[0].text.startswith("pages 2–3: no BleedBox")


def test_trim_outside_bleed_is_inconsistent(tmp_path):
    path = set_boxes(make_pdf(tmp_path / "out.pdf"),
                     bleedbox={3: RectangleObject([10 * mm, 10 * mm, 186 * mm, 266 * mm])})
    report = preflight(path)
    assert rules_of(report) == [("boxes-inconsistent", "error")]
    assert report.errors[0].text == "the TrimBox is not inside the BleedBox"
    assert report.errors[0].page == 3
    assert report.errors[0].format().endswith("page 3: the TrimBox is not inside the BleedBox")


def test_bleed_outside_media_is_inconsistent(tmp_path):
    path = set_boxes(make_pdf(tmp_path / "out.pdf"),
                     bleedbox={1: RectangleObject([-5 * mm, 0, 196 * mm, 276 * mm]),
                               2: RectangleObject([-5 * mm, 0, 196 * mm, 276 * mm])})
    report = preflight(path)
    assert rules_of(report) == [("boxes-inconsistent", "error")]
    assert report.errors[0].text == "pages 1–2: the BleedBox is not inside the MediaBox"
    assert report.errors[0].page is None


def test_trim_size_must_be_the_same_on_every_page(tmp_path):
    path = set_boxes(make_pdf(tmp_path / "sizes.pdf"),
                     trimbox={2: RectangleObject([3 * mm, 3 * mm, 183 * mm, 273 * mm])})
    report = preflight(path)
    assert rules_of(report) == [("boxes-inconsistent", "error")]
    assert report.errors[0].text == (
        "the trim size differs between pages: 190.0 × 270.0 mm on pages 1, 3–4; "
        "180.0 × 270.0 mm on page 2")


def test_bleed_under_3_mm_is_a_warning(tmp_path):
    report = preflight(make_pdf(tmp_path / "thin.pdf", bleed_mm=1))
    assert rules_of(report) == [("boxes-bleed", "warning")]
    assert report.findings[0].text.startswith("pages 1–4: the bleed is 1.0 mm")
    assert report.bleed_mm == pytest.approx(1, abs=0.01)
    report = preflight(make_pdf(tmp_path / "none.pdf", bleed_mm=0))
    assert rules_of(report) == [("boxes-bleed", "warning")]


# --------------------------------------------------------------------------- page count

def test_page_count_not_a_multiple_of_4(tmp_path):
    report = preflight(make_pdf(tmp_path / "three.pdf", pages=3))
    assert rules_of(report) == [("page-count", "warning")]
    assert "--pad" in report.findings[0].text and "1 blank page" in report.findings[0].text
    assert preflight(tmp_path / "three.pdf", Rules(page_multiple=0)).findings == []
    assert preflight(tmp_path / "three.pdf", Rules(page_multiple=1)).findings == []
    assert rules_of(preflight(tmp_path / "three.pdf", Rules(page_multiple=2))) == [
        ("page-count", "warning")]


# --------------------------------------------------------------------------- bản tin rules

def test_a4_is_larger_than_a_bantin_may_be(tmp_path):
    report = preflight(make_pdf(tmp_path / "a4.pdf", trim_mm=(210, 297)))
    assert rules_of(report) == [("bantin-page-size", "warning")]
    assert "210.0 × 297.0 mm is larger than 190 × 270 mm" in report.findings[0].text
    assert preflight(tmp_path / "a4.pdf", Rules(bantin=False)).findings == []
    assert preflight(tmp_path / "a4.pdf", Rules(max_trim_mm=(210, 297))).findings == []


def test_more_than_64_pages(tmp_path):
    report = preflight(make_pdf(tmp_path / "long.pdf", pages=68))
    assert rules_of(report) == [("bantin-page-count", "warning")]
    assert "68 pages" in report.findings[0].text
    assert preflight(tmp_path / "long.pdf", Rules(max_pages=68)).findings == []


def test_masthead_missing_from_page_1(tmp_path):
    report = preflight(make_pdf(tmp_path / "mast.pdf", masthead="Bản tin Khoa học"))
    assert rules_of(report) == [("bantin-masthead", "warning")]  # case-sensitive
    assert report.findings[0].page == 1 and "BẢN TIN" in report.findings[0].text
    assert preflight(tmp_path / "mast.pdf",
                     Rules(masthead_words=("Bản tin",))).findings == []


def test_imprint_labels_missing_from_the_last_page(tmp_path):
    report = preflight(make_pdf(tmp_path / "imp.pdf", imprint=IMPRINT[:2] + IMPRINT[3:4]))
    assert rules_of(report) == [("bantin-imprint", "warning")]
    finding = report.findings[0]
    assert finding.page == 4
    assert "“Nơi in”, “Kỳ hạn xuất bản” not found" in finding.text
    assert "Giấy phép" not in finding.text


def test_imprint_matches_across_no_break_spaces_and_nfd(tmp_path):
    imprint = [line.replace(" ", "\u00a0", 2) for line in IMPRINT]
    imprint[2] = unicodedata.normalize("NFD", imprint[2])
    report = preflight(make_pdf(tmp_path / "nbsp.pdf", imprint=imprint))
    assert report.findings == []


def test_bantin_rules_can_be_switched_off(tmp_path):
    path = make_pdf(tmp_path / "off.pdf", pages=68, trim_mm=(210, 297), masthead="Hello",
                    imprint=[])
    assert sorted(rules_of(preflight(path))) == [
        ("bantin-imprint", "warning"), ("bantin-masthead", "warning"),
        ("bantin-page-count", "warning"), ("bantin-page-size", "warning")]
    assert preflight(path, Rules(bantin=False)).findings == []


# --------------------------------------------------------------------------- reports

def test_json_and_text_reports_carry_every_finding(tmp_path):
    path = make_pdf(tmp_path / "bad.pdf", pages=3, initial_font=False, bleed_mm=1, masthead="x",
                    draw=colourful)
    report = preflight(path, Rules(expect_cmyk=True))
    assert sorted(set(rules_of(report))) == [
        ("bantin-masthead", "warning"), ("boxes-bleed", "warning"), ("colour-rgb", "error"),
        ("fonts-embedded", "error"), ("page-count", "warning")]
    data = json.loads(json.dumps(report.to_json()))
    assert data["findings"] == [{"rule": f.rule, "severity": f.severity, "message": f.text,
                                 "page": f.page, "id": finding_id(f)} for f in report.findings]
    bleed = next(f for f in data["findings"] if f["rule"] == "boxes-bleed")
    assert bleed["message"].startswith("pages 1–3: the bleed is 1.0 mm")
    assert bleed["id"] == ("the bleed is {width} mm; print needs at least {minimum:g} mm "
                           "beyond the trim")
    assert data["pages"] == 3 and data["errors"] == len(report.errors)
    assert data["warnings"] == len(report.warnings)
    assert data["colour_spaces"] == report.colour_spaces
    assert data["images"] == report.images and data["fonts"] == report.fonts
    assert data["file"] == str(path)
    text = report.to_text()
    assert text.splitlines()[0] == (f"{path}: 3 pages, trim 190.0 × 270.0 mm: "
                                    f"{len(report.errors)} errors, "
                                    f"{len(report.warnings)} warnings")
    for finding in report.findings:
        assert f"  {finding.format()}\n" in text
    assert text.index("Errors (") < text.index("Warnings (") < text.index("Fonts (")
    assert text.index("Fonts (") < text.index("Images (") < text.index("Colour spaces:")
    assert text.index("Colour spaces:") < text.index("Boxes:")
    assert all(f.file == path and f.line is None for f in report.findings)


# --------------------------------------------------------------------------- content streams

def test_tokenizer_sees_only_real_operators():
    data = (b"% q cm comment\n"
            b"q 1 0 0 1 10 20 cm BT /F1 9 Tf (a \\( q Q cm (nested (twice)) ) Tj "
            b"<0A1B> Tj [(k) -20 (K)] TJ ET /Span <</MCID 3>> BDC EMC "
            b"0.5 g /Im#201 Do 1 0 0 rg Q")
    operations = preflight_module._fast_operations(data)
    assert operations == [([], b"q"), ([1.0, 0.0, 0.0, 1.0, 10.0, 20.0], b"cm"),
                          ([0.5], b"g"), (["/Im 1"], b"Do"), ([1.0, 0.0, 0.0], b"rg"),
                          ([], b"Q")]


def test_inline_images_go_to_pypdf_and_are_counted(tmp_path):
    data = b"q 10 0 0 10 0 0 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x00( EI Q 1 0 0 rg"
    stream = DecodedStreamObject()
    stream.set_data(data)
    with pytest.raises(preflight_module._Unsure):
        preflight_module._fast_operations(data)
    operations = preflight_module._operations(stream, None)
    assert [op for _, op in operations] == [b"q", b"cm", b"INLINE IMAGE", b"Q", b"rg"]

    def inline(canvas, page):
        if page == 2:
            canvas.drawInlineImage(Image.new("RGB", (8, 8), "red"), 20 * mm, 20 * mm,
                                   width=10 * mm, height=10 * mm)

    report = preflight(make_pdf(tmp_path / "inline.pdf", draw=inline))
    assert rules_of(report) == [("image-inline", "info")]
    assert report.findings[0].page == 2 and report.errors == [] and report.warnings == []
    assert report.to_text().splitlines()[0].endswith("passed: no errors, no warnings")
    assert "Notes (1):" in report.to_text()


# --------------------------------------------------------------------------- bad input

def test_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        preflight(tmp_path / "nowhere.pdf")
    [problem] = caught.value.problems
    assert problem.file == tmp_path / "nowhere.pdf" and "does not exist" in problem.text


@pytest.mark.parametrize("content", [b"", b"Hello, this is text\n", b"\x89PNG\r\n\x1a\n" * 20])
def test_not_a_pdf(tmp_path, content):
    path = tmp_path / "fake.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not a PDF"):
        preflight(path)


def test_a_folder(tmp_path):
    with pytest.raises(InputError, match="folder"):
        preflight(tmp_path)


def test_damaged_pdfs(tmp_path):
    good = make_pdf(tmp_path / "good.pdf").read_bytes()
    for n, content in enumerate([b"%PDF-1.4\nnothing here at all\n" * 5, good[:len(good) // 2],
                                 good[:400]]):
        path = tmp_path / f"damaged{n}.pdf"
        path.write_bytes(content)
        with pytest.raises(InputError, match="damaged"):
            preflight(path)


def test_encrypted_pdf(tmp_path):
    for n, (user, owner) in enumerate([("secret", None), ("", "owner")]):
        writer = PdfWriter(clone_from=str(make_pdf(tmp_path / "plain.pdf")))
        writer.encrypt(user, owner)
        path = tmp_path / f"locked{n}.pdf"
        writer.write(str(path))
        with pytest.raises(InputError, match="encrypted"):
            preflight(path)


# --------------------------------------------------------------------------- speed

def test_a_64_page_pdf_with_40_images_is_read_whole(tmp_path):
    """Every page and placement is measured (speed is for bench/, not for a unit test)."""
    paragraph = ("Đảng bộ Các cơ quan tỉnh đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
                 "phong cách Hồ Chí Minh (số 01-KL/TW)")

    def busy(canvas, page):
        canvas.setFillColorRGB(0.1, 0.2, 0.3)
        for line in range(60):
            canvas.drawString(15 * mm, 250 * mm - line * 11, paragraph[: 40 + line % 50])
        if page <= 40:
            canvas.drawImage(image(900, 600), 20 * mm, 20 * mm, width=60 * mm, height=40 * mm)

    path = make_pdf(tmp_path / "big.pdf", pages=64, draw=busy)
    report = preflight(path)
    assert len(report.images) == 41 and report.findings == []
    assert report.pages == 64


# --------------------------------------------------------------------------- our own output

@pytest.fixture
def sample_pdf(sample_build) -> Path:
    return sample_build[0]


def test_the_sample_issue(sample_pdf):
    report = preflight(sample_pdf)
    rules = {f.rule for f in report.findings}
    assert "fonts-embedded" not in rules
    assert "fonts-subset" not in rules
    assert "bantin-masthead" not in rules and "bantin-imprint" not in rules
    assert report.fonts and all(f["embedded"] and f["subset"] for f in report.fonts)
    assert len(report.images) >= 7 and all(i["ppi"] for i in report.images)
    assert report.pages >= 1
    json.dumps(report.to_json())
    assert report.to_text().startswith(f"{sample_pdf}: {report.pages} pages")


def test_the_screen_edition_is_checked_as_what_it_is(issue_dir: Path):
    """bantin-print's screen PDF has no trim or bleed boxes and screen-resolution photos on
    purpose: preflight knows it (by its metadata) and does not hold that against it; the
    print PDF of the same build is checked as a print job."""
    import subprocess
    import sys

    pdf, screen = issue_dir / "so.pdf", issue_dir / "so-screen.pdf"
    built = subprocess.run([sys.executable, "-m", "bantin_print", "build",
                            str(issue_dir / "issue.yaml"), "--pdf", str(pdf), "--epub",
                            str(issue_dir / "so.epub"), "--screen", str(screen)],
                           capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    report = preflight(screen)
    assert not report.errors and not [f for f in report.warnings if f.rule.startswith(
        ("boxes", "image-ppi", "page-count"))], report.findings
    assert [f.rule for f in report.findings if f.severity == "info"] == ["screen-edition"]
    printed = preflight(pdf)
    assert "screen-edition" not in [f.rule for f in printed.findings]
    assert printed.boxes and printed.boxes[0]["trim_mm"] is not None
