"""The issue manifest: one YAML file naming the publication, the issue and its articles."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

from bantin_print import fonts, law, model
from bantin_print.text import tones, typography
from bantin_print.errors import InputError, Problems
from bantin_print.i18n import Message, msg, msg_n
from bantin_print.reader import publication as publication_file, yamltree
from bantin_print.reader.article import read_article, read_photo
from bantin_print.reader.fields import Fields, describe
from bantin_print.reader.glyphs import check_glyphs
from bantin_print.reader.polish import TextSettings, polish
from bantin_print.reader.source import check_file, read_text, resolve_inside

TOP_KEYS = ["extends", "publication", "issue", "imprint", "layout", "text", "print", "preflight",
            "sections"]
PUBLICATION_KEYS = ["name", "publisher", "language"]
ISSUE_KEYS = ["number", "date", "title", "cover"]
IMPRINT_KEYS = ["licence", "responsible", "printer", "print_run", "frequency", "distribution"]
LAYOUT_KEYS = ["page", "pages", "columns", "margins", "bleed", "fonts", "font_dir",
               "justification"]
JUSTIFICATION_KEYS = ["word_spacing", "letter_spacing", "glyph_scaling"]
# What each setting may be, in per cent: (lowest minimum, highest maximum), and the
# default. Beyond these, justified text no longer reads as set type.
JUSTIFICATION_LIMITS = {"word_spacing": ((50, 100), (100, 300), "67%-150%"),
                        "letter_spacing": ((0, 10), None, "5%"),
                        "glyph_scaling": ((90, 100), (100, 110), "97%-103%")}
PRINT_KEYS = ["color", "icc_profile", "pad", "marks"]
PREFLIGHT_KEYS = ["bantin_rules", "page_multiple", "min_ppi"]
FONT_KEYS = ["body", "heading", "code"]
SECTION_KEYS = ["title", "articles"]
TEXT_KEYS = ["tone_marks", "keep_as_written", "typography"]

# What the scaffold's manifest (templates/issue.yaml) holds until the editor fills it in.
PLACEHOLDERS = ("…", "...", "Họ và tên người chịu trách nhiệm xuất bản",
                "Tên và địa chỉ nơi in")
# An issue dated further ahead than this is most likely a typing mistake.
FUTURE_DAYS = 180
# The legal maximum page size of a bản tin (Điều 34 khoản 1), with a little tolerance.
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "B5": (176.0, 250.0)}
PAGE_LIMITS_MM = (90.0, 500.0)
MARGIN_LIMITS_MM = (5.0, 50.0)
BLEED_LIMITS_MM = (0.0, 10.0)
MIN_COLUMN_MM = 30.0
MAX_ARTICLES = 500

_UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_LENGTH = r"(\d+(?:[.,]\d+)?)\s*(mm|cm|in|pt)"
_SIZE = re.compile(rf"(\d+(?:[.,]\d+)?)\s*[x×*]\s*{_LENGTH}", re.IGNORECASE)
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")

Progress = Callable[[Message], None]


def read_issue(manifest: Path, progress: Progress | None = None) -> tuple[model.Issue, list]:
    """Read and check the manifest and everything it names.

    Returns the issue and its warnings; raises InputError with every problem found.
    """
    manifest = manifest.absolute()
    problems = Problems()
    root = manifest.parent
    source = read_text(manifest, problems)
    tree = yamltree.parse(source, manifest)
    if not isinstance(tree, yamltree.YMap):
        found = describe(tree) if tree is not None else msg("an empty file")
        raise InputError.single(manifest, 1, msg(
            "an issue's manifest is a set of 'key: value' lines (a mapping): publication:, "
            "issue:, imprint:, layout: and sections:; found {found}", found=found))
    tree, shared = publication_file.extended(tree, manifest, problems)
    top = Fields(tree, TOP_KEYS, "", manifest, problems)

    publication = _publication(top, manifest, problems)
    number, date, title, cover = _issue(top, manifest, root, problems)
    imprint = _imprint(top, manifest, problems)
    layout = _layout(top, manifest, problems)
    settings = _text_settings(top, manifest, problems)
    printing = _print_options(top, manifest, problems)
    preflight = _preflight_options(top, manifest, problems)
    sections = _sections(top, manifest, root, problems, progress, date)

    problems.raise_if_errors()
    issue = model.Issue(source=manifest, publication=publication, number=number, date=date,
                        layout=layout, imprint=imprint, title=title, cover=cover,
                        sections=sections, printing=printing, preflight=preflight,
                        publication_file=shared)
    polish(issue, settings)
    check_glyphs(issue, problems)
    problems.raise_if_errors()
    return issue, problems.warnings


def _print_options(top: Fields, path: Path, problems: Problems) -> model.PrintOptions:
    section = top.mapping("print")
    fields = Fields(section if section is not None else yamltree.YMap(top.map.line),
                    PRINT_KEYS, "print", path, problems)
    options = model.PrintOptions(color=fields.choice("color", ["rgb", "cmyk"], "rgb"),
                                 pad=fields.boolean("pad", False),
                                 marks=fields.boolean("marks", False))
    written = fields.text("icc_profile")
    if written is not None:
        root = fields.root("icc_profile")  # the folder of the file it is written in
        profile, reason = resolve_inside(root, root, written)
        if profile is not None:
            reason = check_file(profile, written) or _cmyk_profile_problem(profile, written)
        if reason:
            fields.error("icc_profile", reason)
        else:
            options.icc_profile = profile
    if options.color == "cmyk" and options.icc_profile is None and "color" in fields.map:
        fields.error("color", msg("cmyk needs the print shop's colour profile (an .icc file): "
                                  "write icc_profile: FILE.icc"))
    return options


def _cmyk_profile_problem(path: Path, written: str) -> Message | None:
    from PIL import ImageCms

    try:
        profile = ImageCms.getOpenProfile(str(path))
    except (ImageCms.PyCMSError, OSError):
        return msg("'{written}' is not a colour profile (.icc file) that can be read",
                   written=written)
    if profile.profile.xcolor_space.strip() != "CMYK":
        return msg("'{written}' is a colour profile for {space}; a CMYK one is needed",
                   written=written, space=profile.profile.xcolor_space.strip())
    return None


def _preflight_options(top: Fields, path: Path, problems: Problems) -> model.PreflightOptions:
    section = top.mapping("preflight")
    fields = Fields(section if section is not None else yamltree.YMap(top.map.line),
                    PREFLIGHT_KEYS, "preflight", path, problems)
    page_multiple = fields.integer("page_multiple", 0, 64)
    min_ppi = fields.integer("min_ppi", 72, 1200)
    return model.PreflightOptions(bantin=fields.boolean("bantin_rules", True),
                                  page_multiple=4 if page_multiple is None else page_multiple,
                                  min_ppi=300 if min_ppi is None else min_ppi)


def _text_settings(top: Fields, path: Path, problems: Problems) -> TextSettings:
    section = top.mapping("text")
    fields = Fields(section if section is not None else yamltree.YMap(top.map.line),
                    TEXT_KEYS, "text", path, problems)
    tone_marks = fields.choice("tone_marks", list(tones.STYLES), "keep")
    keep = tuple(fields.text_list("keep_as_written"))
    value = fields.map.get("typography")
    if isinstance(value, yamltree.YMap):
        rules_fields = Fields(value, list(typography.RULES), "text.typography", path, problems)
        rules = typography.Rules(**{rule: rules_fields.boolean(rule, True)
                                    for rule in typography.RULES})
    else:
        rules = typography.Rules() if fields.boolean("typography", True) else typography.Rules.none()
    return TextSettings(tone_marks, keep, rules)


def _publication(top: Fields, path: Path, problems: Problems) -> model.Publication:
    fields = Fields(top.mapping("publication", required=True) or yamltree.YMap(top.map.line),
                    PUBLICATION_KEYS, "publication", path, problems)
    name = fields.text("name", required=True, max_length=200)
    publisher = fields.text("publisher", required=True, max_length=300)
    language = fields.text("language") or "vi"
    if not _LANGUAGE.fullmatch(language):
        fields.error("language", msg("'{language}' is not a language tag like vi or en",
                                     language=language))
    return model.Publication(name or "", publisher or "", language)


def _issue(top: Fields, path: Path, root: Path, problems: Problems):
    fields = Fields(top.mapping("issue", required=True) or yamltree.YMap(top.map.line),
                    ISSUE_KEYS, "issue", path, problems)
    number = fields.integer("number", 1, 99_999, required=True)
    date = fields.date("date", required=True)
    if date is not None and (date - dt.date.today()).days > FUTURE_DAYS:
        fields.warning("date", msg("{date:%d/%m/%Y} is more than {days} days from today: "
                                   "is the year right?", date=date, days=FUTURE_DAYS))
    title = fields.text("title", max_length=200)
    cover = None
    cover_map = fields.mapping("cover")
    if cover_map is not None:
        cover = read_photo(cover_map, "issue.cover", path, root, problems, key="photo")
    return number or 0, date, title, cover


def _imprint(top: Fields, path: Path, problems: Problems) -> model.Imprint:
    section = top.mapping("imprint")
    fields = Fields(section if section is not None else yamltree.YMap(top.line("imprint")),
                    IMPRINT_KEYS, "imprint", path, problems)
    imprint = model.Imprint(
        licence=fields.text("licence", max_length=300),
        responsible=fields.text("responsible", max_length=200),
        printer=fields.text("printer", max_length=300),
        print_run=fields.integer("print_run", 1, 10_000_000),
        frequency=fields.text("frequency", max_length=100),
        distribution=fields.text("distribution", max_length=100),
    )
    missing = [f"{key} ({label.lower()})" for key, label in law.REQUIRED.items()
               if getattr(imprint, key) is None]
    if missing:
        fields.warning(None, msg("the last page must carry {fields} ({law})",
                                 fields=", ".join(missing), law=law.CITED))
    for key, label in law.REQUIRED.items():
        value = getattr(imprint, key)
        if not isinstance(value, str):
            continue
        placeholder = next((p for p in PLACEHOLDERS if p in value), None)
        if placeholder is not None:
            if placeholder == value:
                fields.warning(key, msg("'{value}' is the new issue's placeholder: write the "
                                        "real value for {key} ({label})", value=value, key=key,
                                        label=label.lower()))
            else:
                fields.warning(key, msg("'{value}' still holds the new issue's placeholder "
                                        "'{placeholder}': write the real value for {key} "
                                        "({label})",
                                        value=value, placeholder=placeholder, key=key,
                                        label=label.lower()))
        elif value.lower().startswith(label.lower()):
            rest = value[len(label):].lstrip(" :")
            fields.warning(key, msg("the last page prints '{label}: ' before the value, so it "
                                    "would read '{label}: {value}': write only '{rest}'",
                                    label=label, value=value, rest=rest))
    return imprint


def _layout(top: Fields, path: Path, problems: Problems) -> model.Layout:
    section = top.mapping("layout")
    fields = Fields(section if section is not None else yamltree.YMap(top.map.line),
                    LAYOUT_KEYS, "layout", path, problems)
    layout = model.Layout()
    page = fields.text("page")
    if page is not None:
        size = _page_size(page)
        if not isinstance(size, tuple):
            fields.error("page", size)
        else:
            layout.page_width_mm, layout.page_height_mm = size
            most = law.MAX_TRIM_MM
            if size[0] > most[0] + 0.5 or size[1] > most[1] + 0.5:
                fields.warning("page", msg("{page} is larger than the {width:g} × {height:g} "
                                           "mm a bản tin may have ({law})", page=page,
                                           width=most[0], height=most[1], law=law.CITED))
    pages = fields.map.get("pages")
    if isinstance(pages, yamltree.Scalar) and pages.text.strip().lower() != "auto" \
            and not pages.is_null:
        count = None
        if pages.kind != "int":
            fields.error("pages", msg("expected 'auto' (the fewest multiple of 4 the content "
                                      "fills) or a number of pages from 1 to {most}, found "
                                      "{found}", most=law.MAX_PAGES, found=describe(pages)))
        else:
            count = fields.integer("pages", 1, law.MAX_PAGES)
        if count is not None:
            layout.pages = count
            if count % 4:
                fields.warning("pages", msg_n(
                    "{count} page cannot be saddle-stitched (stapled through the fold), which "
                    "takes a multiple of 4 pages (4, 8, 12, …)",
                    "{count} pages cannot be saddle-stitched (stapled through the fold), which "
                    "takes a multiple of 4 pages (4, 8, 12, …)", "count", count=count))
    elif pages is not None and not isinstance(pages, yamltree.Scalar):
        fields.error("pages", msg("expected 'auto' or a number of pages, found {found}",
                                  found=describe(pages)))
    margin = _length_field(fields, "margins", MARGIN_LIMITS_MM, "15mm")
    if margin is not None:
        layout.margin_mm = margin
    bleed = _length_field(fields, "bleed", BLEED_LIMITS_MM, "3mm")
    if bleed is not None:
        layout.bleed_mm = bleed
    text_width = layout.page_width_mm - 2 * layout.margin_mm
    columns = fields.integer("columns", 1, 4)
    if columns is None and "columns" not in fields.map:
        columns = 2 if layout.page_width_mm < 160 else 3  # A5 and smaller take two
    if columns is not None:
        if text_width / columns < MIN_COLUMN_MM:
            fields.error("columns", msg_n(
                "{columns} column leaves {each:.0f} mm on a {width:.0f} mm wide text area; at "
                "least {least:.0f} mm is needed: use fewer columns or smaller margins",
                "{columns} columns leave {each:.0f} mm each on a {width:.0f} mm wide text area; "
                "at least {least:.0f} mm is needed: use fewer columns or smaller margins",
                "columns", columns=columns, each=text_width / columns, width=text_width,
                least=MIN_COLUMN_MM))
        else:
            layout.columns = columns

    layout.justification = _justification(fields)

    folders = [fonts.bundled_font_dir()]
    font_dir = fields.text("font_dir")
    if font_dir is not None:
        root = fields.root("font_dir")  # the folder of the file it is written in
        folder, reason = resolve_inside(root, root, font_dir)
        if folder is not None and not folder.is_dir():
            reason = msg("'{written}' is not a folder", written=font_dir)
        if reason:
            fields.error("font_dir", reason)
        else:
            folders.insert(0, folder)
    font_map = fields.mapping("fonts")
    font_fields = Fields(font_map if font_map is not None else yamltree.YMap(fields.map.line),
                         FONT_KEYS, "layout.fonts", path, problems)
    for key, default in (("body", "Noto Serif"), ("heading", "Noto Sans")):
        name = font_fields.text(key) or default
        family, reason = fonts.find_family(name, folders)
        if family is None:
            font_fields.error(key if key in font_fields.map else None, reason)
        setattr(layout, f"{key}_font", family)
    code, reason = fonts.find_regular(font_fields.text("code") or "Noto Sans Mono", folders)
    if code is None:
        font_fields.error("code" if "code" in font_fields.map else None, reason)
    layout.code_font = code
    return layout


def _justification(layout: Fields) -> model.Justification:
    found = layout.mapping("justification")
    fields = Fields(found if found is not None else yamltree.YMap(layout.map.line),
                    JUSTIFICATION_KEYS, "layout.justification", layout.path, layout.problems)
    result = model.Justification()
    for key, (low_range, high_range, example) in JUSTIFICATION_LIMITS.items():
        written = fields.text(key)
        if written is None:
            continue
        values = _percentages(written)
        if values is None or len(values) != (2 if high_range else 1):
            if high_range:
                fields.error(key, msg("expected MIN%-MAX%, like {example}; found '{written}'",
                                      example=example, written=written))
            else:
                fields.error(key, msg("expected N%, like {example}; found '{written}'",
                                      example=example, written=written))
            continue
        if not low_range[0] <= values[0] <= low_range[1] or (
                high_range and not high_range[0] <= values[1] <= high_range[1]):
            if high_range:
                fields.error(key, msg("{written} is out of range; allowed: {low}% to {high}% "
                                      "for the lowest, then {low2}% to {high2}% for the highest",
                                      written=written, low=low_range[0], high=low_range[1],
                                      low2=high_range[0], high2=high_range[1]))
            else:
                fields.error(key, msg("{written} is out of range; allowed: {low}% to {high}%",
                                      written=written, low=low_range[0], high=low_range[1]))
            continue
        if key == "word_spacing":
            result.word_min, result.word_max = values[0] / 100, values[1] / 100
        elif key == "letter_spacing":
            result.letter = values[0] / 100
        else:
            result.glyph_min, result.glyph_max = values[0] / 100, values[1] / 100
    return result


def _percentages(written: str) -> list[float] | None:
    """ "67%-150%" -> [67, 150]; "5%" -> [5]; None when it is not that."""
    parts = re.split(r"\s*[-–]\s*", written.strip())
    values = []
    for part in parts:
        match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*%?", part)
        if match is None:
            return None
        values.append(float(match.group(1).replace(",", ".")))
    return values


def _length_field(fields: Fields, key: str, limits: tuple[float, float],
                  example: str) -> float | None:
    """A length in mm within `limits`, or None (absent, or an error reported)."""
    written = fields.text(key)
    if written is None:
        return None
    length = _length_mm(written)
    low, high = limits
    if length is None:
        fields.error(key, msg("expected a length like {example}, found '{written}'",
                              example=example, written=written))
    elif not low <= length <= high:
        fields.error(key, msg("{written} is out of range; allowed: {low:g} to {high:g} mm",
                              written=written, low=low, high=high))
    else:
        return length
    return None


def _length_mm(written: str) -> float | None:
    match = re.fullmatch(_LENGTH, written.strip(), re.IGNORECASE)
    if not match:
        return None
    return float(match.group(1).replace(",", ".")) * _UNIT_MM[match.group(2).lower()]


def _page_size(written: str) -> tuple[float, float] | Message:
    """(width, height) in mm, or the reason the size is refused."""
    named = PAGE_SIZES_MM.get(written.strip().upper())
    if named:
        return named
    match = _SIZE.fullmatch(written.strip())
    if not match:
        return msg("expected a page size like 190x270mm, or one of {names}; found '{written}'",
                   names=", ".join(PAGE_SIZES_MM), written=written)
    unit = _UNIT_MM[match.group(3).lower()]
    width, height = (float(g.replace(",", ".")) * unit for g in match.group(1, 2))
    low, high = PAGE_LIMITS_MM
    if not low <= width <= high:
        return msg("page width {value:g} mm is out of range; allowed: {low:g} to {high:g} mm",
                   value=width, low=low, high=high)
    if not low <= height <= high:
        return msg("page height {value:g} mm is out of range; allowed: {low:g} to {high:g} mm",
                   value=height, low=low, high=high)
    return width, height


def _sections(top: Fields, path: Path, root: Path, problems: Problems,
              progress: Progress | None, date: dt.date | None) -> list[model.Section]:
    entries = top.sequence("sections", required=True)
    sections: list[model.Section] = []
    planned: list[tuple[model.Section, Path]] = []
    seen: dict[Path, int] = {}
    for n, entry in enumerate(entries or [], start=1):
        if not isinstance(entry, yamltree.YMap):
            problems.error(path, entry.line, msg(
                "section {n} must have 'title:' and 'articles:' lines; found {found}",
                n=n, found=describe(entry)))
            continue
        where = msg("section {n}", n=n)
        fields = Fields(entry, SECTION_KEYS, where, path, problems)
        listed = msg("{where}, {key}", where=where, key="articles")
        section = model.Section(fields.text("title", required=True, max_length=200) or "")
        sections.append(section)
        articles = fields.sequence("articles", required=True)
        if articles is not None and not articles:
            fields.error("articles", msg("the section lists no article"))
        for item in articles or []:
            if not isinstance(item, yamltree.Scalar) or item.is_null:
                problems.error(path, item.line, msg("{name}: {message}", name=listed, message=msg(
                    "expected the path of an article file, found {found}", found=describe(item))))
                continue
            file, reason = resolve_inside(root, root, item.text)
            if file is not None:
                reason = check_file(file, item.text)
            if reason is None and file in seen:
                reason = msg("'{written}' is listed twice (first on line {first})",
                             written=item.text, first=seen[file])
            if reason is not None:
                problems.error(path, item.line, msg("{name}: {message}", name=listed,
                                                    message=reason))
                continue
            seen[file] = item.line
            planned.append((section, file))
    if entries is not None and not planned and not problems.has_errors:
        problems.error(path, entries.line, msg("the issue has no article: list at least one "
                                               "under sections: … articles:"))
    if len(planned) > MAX_ARTICLES:
        problems.error(path, entries.line, msg("the issue lists {count} articles; it may have "
                                               "at most {most}", count=len(planned),
                                               most=MAX_ARTICLES))
        return sections

    for done, (section, file) in enumerate(planned, start=1):
        if progress:
            progress(msg("Reading articles {done}/{total}", done=done, total=len(planned)))
        article = read_article(file, root, problems, date)
        if article is not None:
            section.articles.append(article)
    return sections
