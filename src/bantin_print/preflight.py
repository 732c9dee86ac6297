"""A print shop's preflight of a finished PDF, like InDesign's Live Preflight or Scribus's
verifier: fonts, image resolution, colour spaces, page boxes, page count, and the rules of a
bản tin (Luật Báo chí 2016, Điều 34), each reported as a finding with a severity.

Only pypdf is used. Image data is never decoded (the size comes from /Width and /Height), and
content streams are read by a small tokenizer of our own that looks only at the operators that
matter here; pypdf's own parser takes over for any stream the tokenizer is not sure of.

Left out on purpose: inline images (BI … ID … EI: rare in print PDFs, and small by nature) are
counted but not measured; the contents of tiling patterns, Type 3 glyph procedures and
annotation appearance streams are not walked; output intents and PDF/X keys are not checked.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from bantin_print import SCREEN_EDITION, i18n, law
from bantin_print.errors import ERROR, INFO, WARNING, InputError, Problem
from bantin_print.i18n import Message, msg, msg_n

MM = 72 / 25.4  # points per millimetre

_SEVERITIES = (ERROR, WARNING, INFO)

# A finding is a Problem of the PDF (line None) with its `rule` (a short id such as
# "fonts-embedded", "image-ppi", "boxes-missing") and its `page` (1-based; None when it
# concerns several pages, which its message then names, or none).
_ON_PAGES = "{pages}: {message}"  # the id of a finding's message about several pages


def finding_id(finding: Problem) -> str:
    """The English id of a finding's message, a key that stays the same in every language
    (a finding about several pages: the id of what is said about them)."""
    message = finding.message
    if message.id == _ON_PAGES:
        message = dict(message.args)["message"]
    return message.id


def finding_json(finding: Problem, language: str | None = None) -> dict:
    return {"rule": finding.rule, "severity": finding.severity,
            "message": finding.message.render(language), "page": finding.page,
            "id": finding_id(finding)}


@dataclass
class Rules:
    min_ppi: float = 300            # below: warning (the editor may have no better photo)
    expect_cmyk: bool = False       # True: any RGB colour (images or drawing operators) is an error
    require_boxes: bool = True      # TrimBox and BleedBox on every page
    page_multiple: int = 4          # saddle stitch; 0 or 1 switches the rule off
    bantin: bool = True             # the bản tin rules (warnings); a publication may turn them off
    max_trim_mm: tuple[float, float] = law.MAX_TRIM_MM
    max_pages: int = law.MAX_PAGES
    masthead_words: tuple[str, ...] = (law.MASTHEAD,)  # must appear on page 1
    imprint_labels: tuple[str, ...] = law.CHECKED_LABELS  # must appear on the last page
    min_bleed_mm: float = 3.0       # bleed (BleedBox beyond TrimBox) below this: warning


@dataclass
class Report:
    file: Path
    pages: int
    trim_mm: tuple[float, float] | None  # TrimBox of page 1 (MediaBox when it has none)
    fonts: list[dict]        # name, type, embedded, subset (None for Type 3), first_page
    images: list[dict]       # page, name, width_px, height_px, placed_width_mm,
                             # placed_height_mm, ppi, colour_space (one entry per placement)
    colour_spaces: list[str]  # of images and drawing operators, sorted
    findings: list[Problem]
    boxes: list[dict] = field(default_factory=list)  # per page: media_mm, trim_mm, bleed_mm
                                                     # (boxes as [x0, y0, x1, y1] in mm, or None)
                                                     # and bleed (the narrowest side, mm)
    bleed_mm: float | None = None  # the narrowest bleed over all pages with both boxes

    @property
    def errors(self) -> list[Problem]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [f for f in self.findings if f.severity == WARNING]

    def to_json(self, language: str | None = None) -> dict:
        """The report for scripts: each finding's message in the language of the messages,
        its `id` the English message id (the same in every language)."""
        return {
            "file": str(self.file),
            "pages": self.pages,
            "trim_mm": list(self.trim_mm) if self.trim_mm else None,
            "bleed_mm": self.bleed_mm,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [finding_json(f, language) for f in self.findings],
            "fonts": [dict(f) for f in self.fonts],
            "images": [dict(i) for i in self.images],
            "colour_spaces": list(self.colour_spaces),
            "boxes": [dict(b) for b in self.boxes],
        }

    def to_text(self, language: str | None = None) -> str:
        """The report for people, in the language of the messages: the findings as the
        CLI prints every problem (Problem.format), then what the PDF holds."""
        def say(message: Message) -> str:
            return message.render(language)

        lines = [say(self._summary())]
        for severity in _SEVERITIES:
            group = [f for f in self.findings if f.severity == severity]
            if group:
                title = {ERROR: msg("Errors ({n}):", n=len(group)),
                         WARNING: msg("Warnings ({n}):", n=len(group)),
                         INFO: msg("Notes ({n}):", n=len(group))}[severity]
                lines += ["", say(title)]
                lines += ["  " + f.format(language=language) for f in group]
        none = "  " + say(msg("none"))
        lines += ["", say(msg("Fonts ({n}):", n=len(self.fonts)))]
        for font in self.fonts:
            subset = {True: msg("subset"), False: msg("not subset"), None: "-"}[font["subset"]]
            embedded = msg("embedded") if font["embedded"] else msg("NOT embedded")
            lines.append(f"  {font['name']}  {font['type']}  {say(embedded)}  "
                         f"{say(subset) if isinstance(subset, Message) else subset}")
        if not self.fonts:
            lines.append(none)
        lines += ["", say(msg("Images ({n}):", n=len(self.images)))]
        for image in self.images:
            ppi = "-" if image["ppi"] is None else f"{image['ppi']:.0f} ppi"
            lines.append("  " + say(msg(
                "page {page}: {name}  {width} × {height} px  placed {placed_width} × "
                "{placed_height} mm  {ppi}  {colour_space}", page=image["page"],
                name=image["name"], width=image["width_px"], height=image["height_px"],
                placed_width=_mm(image["placed_width_mm"]),
                placed_height=_mm(image["placed_height_mm"]), ppi=ppi,
                colour_space=image["colour_space"])))
        if not self.images:
            lines.append(none)
        lines += ["", say(msg("Colour spaces: {spaces}",
                              spaces=", ".join(self.colour_spaces) or msg("none")))]
        lines += ["", say(msg("Boxes:"))]
        for description, pages in _group(self.boxes, _describe_boxes):
            lines.append(f"  {say(_pages(pages, capital=True))}: {say(description)}")
        return "\n".join(lines)

    def _summary(self) -> Message:
        n_err, n_warn = len(self.errors), len(self.warnings)
        verdict = (msg("passed: no errors, no warnings") if not n_err and not n_warn else
                   msg("{errors}, {warnings}",
                       errors=msg_n("{n} error", "{n} errors", "n", n=n_err),
                       warnings=msg_n("{n} warning", "{n} warnings", "n", n=n_warn)))
        pages = msg_n("{n} page", "{n} pages", "n", n=self.pages)
        if not self.trim_mm:
            return msg("{file}: {pages}, no page size: {verdict}", file=str(self.file),
                       pages=pages, verdict=verdict)
        return msg("{file}: {pages}, trim {width} × {height} mm: {verdict}", file=str(self.file),
                   pages=pages, width=_mm(self.trim_mm[0]), height=_mm(self.trim_mm[1]),
                   verdict=verdict)


def preflight(pdf: Path, rules: Rules = Rules()) -> Report:
    """Check a finished PDF as a print shop would. Raises InputError for a file that is
    missing, not a PDF, encrypted or damaged."""
    pdf = Path(pdf)
    with _quiet_pypdf():
        return _preflight(pdf, rules)


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf logs what it repairs ("EOF marker not found"); the report says what matters."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _is_screen_edition(reader) -> bool:
    info = reader.metadata or {}
    return (str(info.get("/Creator", "")).startswith("bantin-print")
            and SCREEN_EDITION in str(info.get("/Keywords", "")))


def _preflight(pdf: Path, rules: Rules) -> Report:
    reader = _open(pdf)
    try:
        return _Preflight(pdf, reader, rules).run()
    except InputError:
        raise
    except RecursionError:
        raise InputError.single(pdf, None, msg(
            "the PDF is damaged and cannot be checked (its inner structure loops back on "
            "itself without end)")) from None
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        from pypdf.errors import PyPdfError

        if isinstance(error, (PyPdfError, ValueError, KeyError, TypeError, AttributeError,
                              IndexError, ArithmeticError, OSError)):
            raise InputError.single(pdf, None, msg(
                "the PDF is damaged and cannot be checked ({error})",
                error=_detail(error))) from None
        raise


# --------------------------------------------------------------------------- opening

def _detail(error: BaseException) -> str:
    """What pypdf said of a damaged file, for the print shop or whoever made the PDF."""
    return f"{type(error).__name__}: {error}"


def _open(pdf: Path):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not pdf.exists():
        raise InputError.single(pdf, None, msg("the PDF file does not exist"))
    if pdf.is_dir():
        raise InputError.single(pdf, None, msg("this is a folder, not a PDF file"))
    try:
        with pdf.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise InputError.single(pdf, None, msg("cannot read the file: {reason}",
                                               reason=error.strerror or str(error))) from None
    if b"%PDF-" not in head:
        raise InputError.single(pdf, None, msg("not a PDF file (it does not start with %PDF-)"))
    try:
        reader = PdfReader(pdf, strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            ArithmeticError, OSError, RecursionError) as error:
        raise InputError.single(pdf, None, msg("the PDF is damaged and cannot be read ({error})",
                                               error=_detail(error))) from None
    if encrypted:
        raise InputError.single(pdf, None, msg(
            "the PDF is encrypted (locked with a password): print shops need a file without one"))
    return reader


# --------------------------------------------------------------------------- content streams

_DELIMITED = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_STRING = rb"\((?:[^()\\]|\\.)*\)"
for _ in range(3):  # literal strings with parentheses nested up to three deep
    _STRING = rb"\((?:[^()\\]|\\.|" + _STRING + rb")*\)"
_TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]*(?:"
    rb"%[^\r\n]*"
    rb"|" + _STRING +
    rb"|<<|>>|<[0-9A-Fa-f\x00\t\n\x0c\r ]*>|[\[\]{}]"
    rb"|/(" + _DELIMITED + rb"*)"
    rb"|(" + _DELIMITED + rb"+)"
    rb"|([^\x00\t\n\x0c\r ]))", re.S)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_NUMBER_START = frozenset(b"0123456789+-.")

# The operators that matter here; every other one just clears the operand stack.
_OPERATORS = frozenset({b"q", b"Q", b"cm", b"Do", b"rg", b"RG", b"k", b"K", b"g", b"G",
                        b"cs", b"CS", b"sc", b"scn", b"SC", b"SCN", b"sh", b"INLINE IMAGE"})
_DEVICE_OPERATORS = {b"rg": "DeviceRGB", b"RG": "DeviceRGB", b"k": "DeviceCMYK",
                     b"K": "DeviceCMYK", b"g": "DeviceGray", b"G": "DeviceGray"}
_DRAWING = None  # the source of a colour that text or shapes are drawn in (not an image)


class _Unsure(Exception):
    """The fast tokenizer met something it does not handle; pypdf's parser takes over."""


def _fast_operations(data: bytes) -> list[tuple[list, bytes]]:
    operations: list[tuple[list, bytes]] = []
    operands: list = []
    for name, word, odd in _TOKEN.findall(data):
        if word:
            if word[0] in _NUMBER_START:
                try:
                    operands.append(float(word))
                except ValueError:
                    operands.append(None)
            elif word == b"BI":  # an inline image: its binary data needs pypdf's parser
                raise _Unsure
            elif word in _OPERATORS:
                operations.append((operands, word))
                operands = []
            elif word in (b"true", b"false", b"null"):
                operands.append(None)
            else:
                operands.clear()
        elif name:
            if b"#" in name:
                name = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
            try:
                operands.append("/" + name.decode("utf-8"))
            except UnicodeDecodeError:
                operands.append("/" + name.decode("latin-1"))
        elif odd:
            raise _Unsure
    return operations


def _operations(stream: Any, reader) -> list[tuple[list, bytes]]:
    """(operands, operator) for the operators in _OPERATORS, operands as floats and names."""
    from pypdf.generic import ArrayObject, ContentStream, DecodedStreamObject, StreamObject

    stream = stream.get_object() if stream is not None else None
    if isinstance(stream, StreamObject):
        data = stream.get_data()
    elif isinstance(stream, ArrayObject):
        parts = [part.get_object() for part in stream]
        data = b"\n".join(p.get_data() for p in parts if isinstance(p, StreamObject))
    else:
        return []
    try:
        return _fast_operations(data)
    except _Unsure:
        pass
    decoded = DecodedStreamObject()
    decoded.set_data(data)
    operations = []
    for operands, operator in ContentStream(decoded, reader).operations:
        if operator not in _OPERATORS:
            continue
        if operator == b"INLINE IMAGE":
            operations.append(([], operator))
            continue
        converted = []
        for operand in operands:
            if isinstance(operand, str) and operand.startswith("/"):
                converted.append(str(operand))
            elif isinstance(operand, (int, float)):
                converted.append(float(operand))
            else:
                converted.append(None)
        operations.append((converted, operator))
    return operations


# --------------------------------------------------------------------------- matrices

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(m: _Matrix, n: _Matrix) -> _Matrix:
    """m × n in PDF's row-vector convention: apply m first, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _matrix(value: Any) -> _Matrix:
    try:
        numbers = tuple(float(x) for x in value)
    except (TypeError, ValueError):
        return _IDENTITY
    return numbers if len(numbers) == 6 else _IDENTITY  # type: ignore[return-value]


# --------------------------------------------------------------------------- colour spaces

_RGB_SPACES = ("DeviceRGB", "CalRGB", "ICCBased RGB")
_ICC_COMPONENTS = {1: "Gray", 3: "RGB", 4: "CMYK"}


def _is_rgb(space: str) -> bool:
    return space.startswith(_RGB_SPACES) or (space.startswith("Indexed ")
                                             and _is_rgb(space[len("Indexed "):]))


def _describe_space(value: Any, resources: Any, depth: int = 0) -> str:
    """A readable name of a colour space: "DeviceRGB", "ICCBased CMYK", "Indexed DeviceRGB",
    "Separation PANTONE 185 C", "DeviceN Cyan, Black"."""
    from pypdf.generic import ArrayObject

    value = value.get_object() if hasattr(value, "get_object") else value
    if depth > 8 or value is None:
        return "unknown"
    if isinstance(value, str):
        if value in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern", "/RGB", "/CMYK",
                     "/G"):
            return {"/RGB": "DeviceRGB", "/CMYK": "DeviceCMYK", "/G": "DeviceGray"}.get(
                value, value[1:])
        named = _get(_get(resources, "/ColorSpace"), value)
        if named is not None:
            return _describe_space(named, resources, depth + 1)
        return value[1:]
    if isinstance(value, (list, ArrayObject)) and value:
        family = str(value[0].get_object() if hasattr(value[0], "get_object") else value[0])
        family = family.lstrip("/")
        if family == "ICCBased" and len(value) > 1:
            profile = value[1].get_object()
            n = profile.get("/N") if hasattr(profile, "get") else None
            try:
                components = _ICC_COMPONENTS.get(int(n), f"N={n}")
            except (TypeError, ValueError):
                alternate = _get(profile, "/Alternate")
                components = _describe_space(alternate, resources, depth + 1)
            return f"ICCBased {components}"
        if family in ("Indexed", "I") and len(value) > 1:
            return f"Indexed {_describe_space(value[1], resources, depth + 1)}"
        if family == "Separation" and len(value) > 1:
            return f"Separation {str(value[1].get_object())[1:]}"
        if family == "DeviceN" and len(value) > 1:
            names = value[1].get_object()
            return "DeviceN " + ", ".join(str(n.get_object())[1:] for n in names)
        if family == "Pattern":
            return "Pattern"
        return family
    return "unknown"


def _get(dictionary: Any, key: str) -> Any:
    if dictionary is None:
        return None
    dictionary = dictionary.get_object() if hasattr(dictionary, "get_object") else dictionary
    if not hasattr(dictionary, "get"):
        return None
    value = dictionary.get(key)
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


# --------------------------------------------------------------------------- fonts

_SUBSET_PREFIX = re.compile(r"[A-Z]{6}\+")


def _font_facts(font: Any) -> dict:
    subtype = str(_get(font, "/Subtype") or "/Unknown")[1:]
    base = _get(font, "/BaseFont")
    name = str(base)[1:] if base is not None else str(_get(font, "/Name") or "/(unnamed)")[1:]
    kind = subtype
    descriptor = _get(font, "/FontDescriptor")
    if subtype == "Type0":
        descendants = _get(font, "/DescendantFonts")
        descendant = descendants[0].get_object() if descendants else None
        if descendant is not None:
            kind = f"Type0 ({str(_get(descendant, '/Subtype') or '/?')[1:]})"
            descriptor = _get(descendant, "/FontDescriptor")
    if subtype == "Type3":  # glyphs drawn by content streams inside the file: embedded
        return {"name": name, "type": kind, "embedded": True, "subset": None}
    embedded = descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return {"name": name, "type": kind, "embedded": embedded,
            "subset": bool(_SUBSET_PREFIX.match(name))}


# --------------------------------------------------------------------------- boxes

def _box(page: Any, key: str, unit: float) -> tuple[float, float, float, float] | None:
    value = _get(page, key)
    if value is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1) * unit, min(y0, y1) * unit, max(x0, x1) * unit, max(y0, y1) * unit)


def _inside(inner, outer, tolerance: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _size_mm(box) -> tuple[float, float]:
    return (round((box[2] - box[0]) / MM, 2), round((box[3] - box[1]) / MM, 2))


def _box_mm(box) -> list[float] | None:
    return None if box is None else [round(v / MM, 2) for v in box]


def _describe_boxes(entry: dict) -> Message:
    def size(box) -> Message | str:
        if box is None:
            return msg("none")
        return i18n.Joined((_mm(box[2] - box[0]), " × ", _mm(box[3] - box[1]), " mm"), "")

    sizes = dict(media=size(entry["media_mm"]), trim=size(entry["trim_mm"]),
                 bleed=size(entry["bleed_mm"]))
    if entry["bleed"] is None:
        return msg("MediaBox {media}, TrimBox {trim}, BleedBox {bleed}", **sizes)
    return msg("MediaBox {media}, TrimBox {trim}, BleedBox {bleed}, bleed {width} mm",
               width=_mm(entry["bleed"]), **sizes)


# --------------------------------------------------------------------------- small helpers

def _mm(value: float) -> i18n.Decimal:
    return i18n.Decimal(value, 1)


def _pages(pages: Iterable[int], capital: bool = False) -> Message:
    """[1, 2, 3, 5] → "pages 1–3, 5"; [4] → "page 4" ("Pages 1–3, 5" with `capital`)."""
    numbers = sorted(set(pages))
    ranges: list[str] = []
    start = previous = None
    for n in numbers + [None]:
        if start is not None and n == previous + 1:
            previous = n
            continue
        if start is not None:
            ranges.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = n
    listed = ", ".join(ranges)
    if capital:
        return msg_n("Page {numbers}", "Pages {numbers}", "n", n=len(numbers), numbers=listed)
    return msg_n("page {numbers}", "pages {numbers}", "n", n=len(numbers), numbers=listed)


def _listed(items: list, separator: str = ",") -> Message | str:
    """Items (texts or messages) one after another, "a, b, c" (or "a; b; c"), rendered in
    the language of the message they go into."""
    if not items:
        return ""
    listed = items[0]
    for item in items[1:]:
        listed = (msg("{items}; {item}", items=listed, item=item) if separator == ";"
                  else msg("{items}, {item}", items=listed, item=item))
    return listed


def _group(items: Iterable, key) -> list[tuple[Any, list[int]]]:
    """Pages grouped by a description, in order of first appearance."""
    groups: dict[Any, list[int]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item["page"])
    return list(groups.items())


def _normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return " ".join(text.split())  # str.split() knows no-break and other Unicode spaces


def _contains(text: str, phrase: str) -> bool:
    phrase = _normalise_text(phrase)
    return phrase in text or phrase.replace(" ", "") in text.replace(" ", "")


# --------------------------------------------------------------------------- the walk

class _Preflight:
    MAX_FORM_DEPTH = 24

    def __init__(self, path: Path, reader, rules: Rules):
        self.path, self.reader, self.rules = path, reader, rules
        self.findings: list[Problem] = []
        self.fonts: dict[Any, dict] = {}  # by object identity, in order of first appearance
        self.images: list[dict] = []
        self.page_colours: dict[int, dict[str, set]] = {}  # page → space → sources
        self.inline_images: dict[int, int] = {}
        self.seen_resources: dict[int, Any] = {}

    def run(self) -> Report:
        pages = self.reader.pages
        count = len(pages)
        if _is_screen_edition(self.reader):
            # Made for reading on screen: no trim or bleed, photos at screen resolution,
            # any page count. Its fonts and the bản tin rules are checked all the same.
            self.rules = replace(self.rules, require_boxes=False, page_multiple=0,
                                 min_ppi=0, expect_cmyk=False)
            self._add("screen-edition", INFO, msg(
                "this is bantin-print's screen edition, made for reading on screen, and is "
                "checked as one (no trim or bleed boxes, photos at screen resolution); the "
                "print shop needs the print PDF"))
        boxes = []
        for number, page in enumerate(pages, start=1):
            unit = _user_unit(page)
            boxes.append(self._boxes(number, page, unit))
            self.page = number
            self.page_colours[number] = {}
            resources = _get(page, "/Resources")
            self._walk(_get(page, "/Contents"), resources, (unit, 0.0, 0.0, unit, 0.0, 0.0),
                       (), "")
        self._check_fonts()
        self._check_images()
        self._check_colours()
        trim = self._check_boxes(boxes)
        self._check_page_count(count)
        if self.rules.bantin:
            self._check_bantin(boxes, count)
        spaces = sorted({space for colours in self.page_colours.values() for space in colours})
        bleeds = [b["bleed"] for b in boxes if b["bleed"] is not None]
        public = [{k: v for k, v in b.items() if not k.startswith("_")} for b in boxes]
        return Report(file=self.path, pages=count, trim_mm=trim,
                      fonts=list(self.fonts.values()), images=self.images,
                      colour_spaces=spaces, findings=self.findings, boxes=public,
                      bleed_mm=min(bleeds) if bleeds else None)

    # ---- content

    def _walk(self, contents: Any, resources: Any, ctm: _Matrix, forms: tuple, prefix: str):
        self._note_fonts(resources)
        stack: list[_Matrix] = []
        fill_space = stroke_space = "DeviceGray"
        for operands, operator in _operations(contents, self.reader):
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                if stack:
                    ctm = stack.pop()
            elif operator == b"cm":
                if len(operands) >= 6 and all(isinstance(x, float) for x in operands[-6:]):
                    ctm = _multiply(tuple(operands[-6:]), ctm)  # type: ignore[arg-type]
            elif operator in _DEVICE_OPERATORS:
                self._colour(_DEVICE_OPERATORS[operator], _DRAWING)
            elif operator in (b"cs", b"CS"):
                if operands and isinstance(operands[-1], str):
                    space = _describe_space(operands[-1], resources)
                    if operator == b"cs":
                        fill_space = space
                    else:
                        stroke_space = space
                    self._colour(space, _DRAWING)
            elif operator in (b"sc", b"scn", b"SC", b"SCN"):
                space = fill_space if operator in (b"sc", b"scn") else stroke_space
                if space == "Pattern" and operands and isinstance(operands[-1], str):
                    pattern = _get(_get(resources, "/Pattern"), operands[-1])
                    shading = _get(pattern, "/Shading")
                    if shading is not None:
                        self._colour(_describe_space(_get(shading, "/ColorSpace"), resources),
                                     _DRAWING)
                        continue
                self._colour(space, _DRAWING)
            elif operator == b"sh":
                if operands and isinstance(operands[-1], str):
                    shading = _get(_get(resources, "/Shading"), operands[-1])
                    if shading is not None:
                        self._colour(_describe_space(_get(shading, "/ColorSpace"), resources),
                                     _DRAWING)
            elif operator == b"Do":
                if operands and isinstance(operands[-1], str):
                    self._do(operands[-1], resources, ctm, forms, prefix)
            elif operator == b"INLINE IMAGE":
                # Inline images are counted, not measured: rare in print PDFs, and small.
                self.inline_images[self.page] = self.inline_images.get(self.page, 0) + 1

    def _do(self, name: str, resources: Any, ctm: _Matrix, forms: tuple, prefix: str):
        from pypdf.generic import StreamObject

        reference = _get(resources, "/XObject")
        reference = reference.get(name) if hasattr(reference, "get") else None
        xobject = reference.get_object() if reference is not None else None
        if not isinstance(xobject, StreamObject):
            return
        subtype = xobject.get("/Subtype")
        label = prefix + name[1:]
        if subtype == "/Image":
            self._image(xobject, label, ctm, resources)
        elif subtype == "/Form":
            key = _identity(reference, xobject)
            if key in forms or len(forms) >= self.MAX_FORM_DEPTH:
                return  # a form that draws itself: damaged, but not worth a traceback
            form_resources = _get(xobject, "/Resources")
            if form_resources is None:
                form_resources = resources  # PDF 1.1: a form may use its parent's resources
            matrix = _multiply(_matrix(_get(xobject, "/Matrix") or _IDENTITY), ctm)
            self._walk(xobject, form_resources, matrix, forms + (key,), label + "/")

    def _image(self, image: Any, label: str, ctm: _Matrix, resources: Any):
        try:
            width_px = int(_get(image, "/Width") or 0)
            height_px = int(_get(image, "/Height") or 0)
        except (TypeError, ValueError):
            width_px = height_px = 0
        a, b, c, d = ctm[:4]
        width_pt, height_pt = math.hypot(a, b), math.hypot(c, d)
        ppi = None
        if width_pt > 1e-6 and height_pt > 1e-6 and width_px and height_px:
            ppi = round(min(width_px / (width_pt / 72), height_px / (height_pt / 72)), 1)
        if _get(image, "/ImageMask"):
            space = "ImageMask"
        elif _get(image, "/ColorSpace") is not None:
            space = _describe_space(image.get("/ColorSpace"), resources)
            self._colour(space, label)
        else:
            space = "unknown"  # JPX images may carry it inside their data
        self.images.append({
            "page": self.page, "name": label, "width_px": width_px, "height_px": height_px,
            "placed_width_mm": round(width_pt / MM, 2),
            "placed_height_mm": round(height_pt / MM, 2),
            "ppi": ppi, "colour_space": space})

    def _colour(self, space: str, source: str | None):
        """`source`: the image's label, or _DRAWING for text and shapes."""
        self.page_colours[self.page].setdefault(space, set()).add(source)

    def _note_fonts(self, resources: Any):
        fonts = _get(resources, "/Font")
        if not hasattr(fonts, "items"):
            return
        if id(fonts) in self.seen_resources:
            return
        self.seen_resources[id(fonts)] = fonts  # kept alive, so that its id stays unique
        for reference in fonts.values():
            font = reference.get_object()
            ident = _identity(reference, font)
            if ident not in self.fonts and hasattr(font, "get"):
                facts = _font_facts(font)
                facts["first_page"] = self.page
                self.fonts[ident] = facts

    # ---- checks

    def _add(self, rule: str, severity: str, message: Message, page: int | None = None):
        self.findings.append(Problem(self.path, None, message, severity, page, rule))

    def _add_pages(self, rule: str, severity: str, message: Message, pages: list[int]):
        """A finding about `pages`: one page is its `page`, several are named in it."""
        if len(set(pages)) == 1:
            self._add(rule, severity, message, pages[0])
        else:
            self._add(rule, severity, msg("{pages}: {message}", pages=_pages(pages),
                                          message=message))  # the id is _ON_PAGES

    def _check_fonts(self):
        for font in self.fonts.values():
            if not font["embedded"]:
                self._add("fonts-embedded", ERROR, msg(
                    "font {name} ({type}) is not embedded in the PDF; print shops refuse a PDF "
                    "whose fonts are not embedded, even common ones such as Helvetica",
                    name=font["name"], type=font["type"]), font["first_page"])
            elif font["subset"] is False:
                self._add("fonts-subset", WARNING, msg(
                    "font {name} ({type}) is embedded whole, not only the letters used "
                    "(a subset)", name=font["name"], type=font["type"]), font["first_page"])

    def _check_images(self):
        for image in self.images:
            if image["ppi"] is not None and round(image["ppi"]) < self.rules.min_ppi:
                self._add("image-ppi", WARNING, msg(
                    "image {name} ({width} × {height} px, placed {placed_width} × "
                    "{placed_height} mm) is placed at {ppi:.0f} ppi; print needs {min_ppi:g}",
                    name=image["name"], width=image["width_px"], height=image["height_px"],
                    placed_width=_mm(image["placed_width_mm"]),
                    placed_height=_mm(image["placed_height_mm"]), ppi=image["ppi"],
                    min_ppi=self.rules.min_ppi), image["page"])
        for page, count in sorted(self.inline_images.items()):
            self._add("image-inline", INFO, msg_n(
                "{n} small image written into the page itself (inline) was not checked for "
                "resolution",
                "{n} small images written into the page itself (inline) were not checked for "
                "resolution", "n", n=count), page)

    def _check_colours(self):
        if not self.rules.expect_cmyk:
            return
        for page, colours in sorted(self.page_colours.items()):
            rgb = {space: sources for space, sources in colours.items() if _is_rgb(space)}
            if not rgb:
                continue
            parts: list[Message] = []
            for space, sources in sorted(rgb.items()):
                if _DRAWING in sources:
                    parts.append(msg("text or shapes ({space})", space=space))
                parts += [msg("image {name} ({space})", name=source, space=space)
                          for source in sorted(sources - {_DRAWING})]
            self._add("colour-rgb", ERROR, msg(
                "RGB colour in {where}; the print shop expects CMYK", where=_listed(parts)),
                page)

    def _boxes(self, number: int, page: Any, unit: float) -> dict:
        media = _box(page, "/MediaBox", unit) or (0.0, 0.0, 612.0 * unit, 792.0 * unit)
        trim = _box(page, "/TrimBox", unit)
        bleed = _box(page, "/BleedBox", unit)
        width = None
        if trim is not None and bleed is not None and _inside(trim, bleed):
            width = round(min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2],
                              bleed[3] - trim[3]) / MM, 2)
        return {"page": number, "media_mm": _box_mm(media), "trim_mm": _box_mm(trim),
                "bleed_mm": _box_mm(bleed), "bleed": width,
                "_media": media, "_trim": trim, "_bleed": bleed}

    def _check_boxes(self, boxes: list[dict]) -> tuple[float, float] | None:
        if self.rules.require_boxes:
            no_trim = [b["page"] for b in boxes if b["_trim"] is None]
            no_bleed = [b["page"] for b in boxes if b["_bleed"] is None]
            if no_trim and no_trim == no_bleed:
                self._add_pages("boxes-missing", ERROR, msg(
                    "no TrimBox and no BleedBox; the print shop needs them to know where to "
                    "cut and how far pictures run past the cut (bleed)"), no_trim)
            else:
                if no_trim:
                    self._add_pages("boxes-missing", ERROR, msg(
                        "no TrimBox; the print shop needs it to know where to cut"), no_trim)
                if no_bleed:
                    self._add_pages("boxes-missing", ERROR, msg(
                        "no BleedBox; the print shop needs it to know how far pictures run "
                        "past the cut (bleed)"), no_bleed)

        inconsistent = (
            (msg("the TrimBox is not inside the BleedBox"),
             lambda media, trim, bleed: trim is not None and bleed is not None
             and not _inside(trim, bleed)),
            (msg("the BleedBox is not inside the MediaBox"),
             lambda media, trim, bleed: bleed is not None and not _inside(bleed, media)),
            (msg("the TrimBox is not inside the MediaBox"),
             lambda media, trim, bleed: trim is not None and not _inside(trim, media)))
        for message, wrong in inconsistent:
            pages = [b["page"] for b in boxes if wrong(b["_media"], b["_trim"], b["_bleed"])]
            if pages:
                self._add_pages("boxes-inconsistent", ERROR, message, pages)

        sizes = _group(boxes, lambda b: _size_mm(b["_trim"] or b["_media"]))
        if len(sizes) > 1:
            listed = _listed([msg("{width} × {height} mm on {pages}", width=_mm(w),
                                  height=_mm(h), pages=_pages(pages))
                              for (w, h), pages in sizes], ";")
            self._add("boxes-inconsistent", ERROR,
                      msg("the trim size differs between pages: {sizes}", sizes=listed))

        minimum = self.rules.min_bleed_mm
        short = [b for b in boxes if b["bleed"] is not None and b["bleed"] < minimum - 0.01]
        for width, pages in _group(short, lambda b: b["bleed"]):
            self._add_pages("boxes-bleed", WARNING, msg(
                "the bleed is {width} mm; print needs at least {minimum:g} mm beyond the trim",
                width=_mm(width), minimum=minimum), pages)

        if not boxes:
            return None
        return _size_mm(boxes[0]["_trim"] or boxes[0]["_media"])

    def _check_page_count(self, count: int):
        multiple = self.rules.page_multiple
        if multiple > 1 and count % multiple:
            pad = multiple - count % multiple
            self._add("page-count", WARNING, msg_n(
                "the PDF has {count} page, not a multiple of {multiple} for saddle stitching "
                "(stapling through the fold): build with --pad to add {blanks}",
                "the PDF has {count} pages, not a multiple of {multiple} for saddle stitching "
                "(stapling through the fold): build with --pad to add {blanks}",
                "count", count=count, multiple=multiple,
                blanks=msg_n("{n} blank page", "{n} blank pages", "n", n=pad)))

    def _check_bantin(self, boxes: list[dict], count: int):
        rules = self.rules
        limit_short, limit_long = sorted(rules.max_trim_mm)

        def too_large(entry: dict) -> tuple[float, float] | None:
            w, h = _size_mm(entry["_trim"] or entry["_media"])
            short, long = sorted((w, h))
            return (w, h) if short > limit_short + 0.5 or long > limit_long + 0.5 else None

        for size, pages in _group(boxes, too_large):
            if size is not None:
                self._add_pages("bantin-page-size", WARNING, msg(
                    "the trim size {width} × {height} mm is larger than {most_width:g} × "
                    "{most_height:g} mm, the most a bản tin may have ({law})",
                    width=_mm(size[0]), height=_mm(size[1]), most_width=limit_short,
                    most_height=limit_long, law=law.CITED), pages)
        if count > rules.max_pages:
            self._add("bantin-page-count", WARNING, msg(
                "the PDF has {count} pages; a bản tin may have at most {most} ({law})",
                count=count, most=rules.max_pages, law=law.CITED))
        if count == 0:
            return
        if rules.masthead_words:
            text = self._text(0)
            missing = [w for w in rules.masthead_words if not _contains(text, w)]
            if missing:
                self._add("bantin-masthead", WARNING, msg(
                    "{words} not found; the top of page 1 must carry it ({law})",
                    words=_quoted(missing), law=law.CITED), 1)
        if rules.imprint_labels:
            text = self._text(count - 1)
            missing = [w for w in rules.imprint_labels if not _contains(text, w)]
            if missing:
                self._add("bantin-imprint", WARNING, msg(
                    "{labels} not found; the last page must carry the imprint ({law})",
                    labels=_quoted(missing), law=law.CITED), count)

    def _text(self, index: int) -> str:
        try:
            return _normalise_text(self.reader.pages[index].extract_text() or "")
        except Exception:  # noqa: BLE001 - a font pypdf cannot decode: treat as no text
            return ""


def _quoted(words: list[str]) -> str:
    return ", ".join(f"“{w}”" for w in words)


def _identity(reference: Any, resolved: Any) -> tuple:
    """A key for a PDF object: its object number when it has one, else the Python object's id
    (the caller keeps the object alive)."""
    idnum = getattr(reference, "idnum", None)
    if idnum is not None:
        return ("obj", idnum, getattr(reference, "generation", 0))
    return ("id", id(resolved))


def _user_unit(page: Any) -> float:
    try:
        unit = float(_get(page, "/UserUnit") or 1.0)
    except (TypeError, ValueError):
        return 1.0
    return unit if unit > 0 else 1.0
