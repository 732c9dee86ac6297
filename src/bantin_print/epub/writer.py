"""The EPUB 3 edition, packaged with ebooklib: byte-identical for identical input."""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from ebooklib import epub

from bantin_print import fonts, images, law, model, placement
from bantin_print.epub import xhtml
from bantin_print.epub.cover import draw_cover
from bantin_print.text import formal_date, issue_label, masthead_name

LANGUAGE_ATTRIBUTE = "{http://www.w3.org/XML/1998/namespace}lang"
STYLE = "style/bantin.css"
FONT_FACES = {  # file name in the package -> (family, face)
    "body-regular": ("body", "regular"), "body-bold": ("body", "bold"),
    "body-italic": ("body", "italic"), "body-bold-italic": ("body", "bold_italic"),
    "heading-bold": ("heading", "bold"), "heading-regular": ("heading", "regular"),
    "heading-italic": ("heading", "italic"),
}
_LOWER = "aăâbcdđeêghiklmnoôơpqrstuưvxy" + "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
VIETNAMESE = _LOWER + _LOWER.upper() + "fjwzFJWZ"
ASCII = "".join(map(chr, range(0x20, 0x7F)))
CODE_FACE = ('@font-face { font-family: "BanTinCode"; font-weight: normal; font-style: normal; '
             'src: url("../fonts/code-regular.ttf"); }\n')
# Words this writer adds itself, which the subset fonts must also carry.
OWN_WORDS = " ".join([law.MASTHEAD, *(field.label for field in law.IMPRINT),
                      "Trong số này Bìa Mục lục Thông tin xuất bản bản Thứ Hai Ba Tư Năm Sáu "
                      "Bảy Chủ nhật ngày tháng năm · – 0123456789 .,;:!?()[]“”‘’\"'-/&%"])


def identifier(issue: model.Issue) -> str:
    """The same issue always gets the same identifier. The year is part of it because
    bulletins often restart their numbering every year."""
    key = f"bantin-print:{issue.publication.name}:{issue.date.year}:{issue.number}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def screen_requests(issue: model.Issue) -> list[tuple[Path, images.Target]]:
    """The photos the EPUB carries, as image jobs: known before anything is laid out."""
    screen = images.Target("screen", max_edge=1600)
    paths = dict.fromkeys(photo.path for article in issue.articles()
                          for photo in article.all_photos())
    return [(path, screen) for path in paths]  # a photo used twice is stored once


def write_epub(issue: model.Issue, target: BinaryIO, modified: dt.datetime,
               jobs: images.Jobs | None = None) -> None:
    """Write the EPUB to the binary file `target` (seekable)."""
    book = epub.EpubBook()
    language = issue.publication.language
    title = f"{issue.publication.name} – {issue_label(issue.number)}"
    book.set_identifier(identifier(issue))
    book.set_title(title)
    book.set_language(language)
    book.add_author(issue.publication.publisher)
    book.add_metadata("DC", "publisher", issue.publication.publisher)
    book.add_metadata("DC", "date", issue.date.isoformat())
    if issue.title:
        book.add_metadata("DC", "description", f"{title}: {issue.title}")
    _accessibility(book, issue)

    css = (resources.files("bantin_print.epub") / "style.css").read_bytes()
    embedded = _fonts(issue, jobs.cache if jobs is not None else None)
    if "code-regular" in embedded:  # only a book with code blocks carries the code face
        css += CODE_FACE.encode()
    book.add_item(epub.EpubItem(uid="style", file_name=STYLE, media_type="text/css",
                                content=css))
    for name, data in embedded.items():
        book.add_item(epub.EpubItem(uid=f"font-{name}", file_name=f"fonts/{name}.ttf",
                                    media_type="font/ttf", content=data))

    def page(uid: str, file_name: str, page_title: str, body: str) -> epub.EpubHtml:
        item = epub.EpubHtml(uid=uid, file_name=file_name, title=page_title, lang=language,
                             content=f"<html><body>{body}</body></html>")
        item.add_link(href=STYLE, rel="stylesheet", type="text/css")
        book.add_item(item)
        return item

    cover_alt = (f"Bìa {title}, {formal_date(issue.date)}"
                 + (f": {issue.cover.description}" if issue.cover else ""))
    book.set_cover("images/cover.jpg", draw_cover(issue), create_page=False)
    cover = page("cover-page", "cover.xhtml", "Bìa",
                 f'<section class="cover" epub:type="cover">'
                 f'<img src="images/cover.jpg" role="doc-cover" '
                 f'alt={xhtml.attribute(cover_alt)}/></section>')
    front = page("masthead", "masthead.xhtml", title, _masthead(issue))

    requests = screen_requests(issue)
    processed = jobs.results(requests) if jobs is not None else images.process_all(requests)
    stored = _Images(book, {path: made for (path, _), made in zip(requests, processed)})

    chapters: list[epub.EpubHtml] = []
    toc = []
    number = 0
    for section in issue.sections:
        links = []
        for position, article in enumerate(section.articles):
            number += 1
            file_name = f"bai-{number:03d}.xhtml"
            body = _article(article, section.title if position == 0 else None, issue.layout,
                            stored.figure_for(number))
            chapters.append(page(f"bai-{number:03d}", file_name, article.title, body))
            links.append(epub.Link(file_name, article.title, f"bai-{number:03d}"))
        if links:
            toc.append((epub.Section(section.title, links[0].href), links))
    imprint = page("imprint", "imprint.xhtml", "Thông tin xuất bản", _imprint(issue))
    toc.append(epub.Link("imprint.xhtml", "Thông tin xuất bản", "imprint"))

    book.toc = toc
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title="Trong số này")
    nav.add_link(href=STYLE, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.spine = [cover, front, nav, *chapters, imprint]
    book.guide = [{"type": "cover", "href": "cover.xhtml", "title": "Bìa"},
                  {"type": "toc", "href": "nav.xhtml", "title": "Trong số này"},
                  {"type": "text", "href": chapters[0].file_name, "title": chapters[0].title}]

    writer = _ReproducibleWriter(target, book, language, modified,
                                 {"mtime": modified, "raise_exceptions": True,
                                  "landmark_title": "Mốc chính", "compresslevel": 9,
                                  # ebooklib takes every element with an epub:type and an
                                  # id (a footnote, its reference) for a page break
                                  "epub3_pages": False})
    writer.process()
    writer.write()


def _accessibility(book: epub.EpubBook, issue: model.Issue) -> None:
    """EPUB Accessibility 1.1 metadata. Every photo has a text alternative (its alt text or
    its caption), so the text alone suffices."""
    # Visual: the cover image is always there, and the photos.
    entries = [("schema:accessMode", "textual"), ("schema:accessMode", "visual"),
               ("schema:accessModeSufficient", "textual"),
               ("schema:accessModeSufficient", "textual,visual")]
    for feature in ("structuralNavigation", "tableOfContents", "alternativeText",
                    "readingOrder", "displayTransformability"):
        entries.append(("schema:accessibilityFeature", feature))
    entries += [("schema:accessibilityHazard", "none"),
                ("schema:accessibilitySummary",
                 "Bản tin có mục lục, tiêu đề phân cấp và thứ tự đọc rõ ràng; mọi ảnh đều có "
                 "lời mô tả thay thế; chữ có thể đổi phông và cỡ. Không có nguy cơ gây hại "
                 "như nhấp nháy, âm thanh hay chuyển động."),
                ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")]
    for prop, value in entries:
        book.add_metadata(None, "meta", value, {"property": prop})


def _all_text(issue: model.Issue) -> str:
    """Every character the e-book shows, its own words and upper-cased labels included."""
    parts = [OWN_WORDS, issue.publication.name.upper(), issue.publication.publisher.upper(),
             formal_date(issue.date, weekday=True)]
    parts += [section.title.upper() for section in issue.sections]
    parts += [text for text, _ in issue.texts()]
    return "".join(sorted(set("".join(parts))))


def _fonts(issue: model.Issue, cache) -> dict[str, bytes]:
    # Every Vietnamese letter is kept whatever this issue uses, so that the next issue (or
    # the next rebuild) asks for the same subset and finds it in the cache.
    characters = "".join(sorted(set(_all_text(issue)) | set(VIETNAMESE)))
    families = {"body": issue.layout.body_font, "heading": issue.layout.heading_font}
    faces = {name: getattr(families[family], face) for name, (family, face) in FONT_FACES.items()}
    wanted = {name: characters for name in faces}
    code = "".join(text for text, _ in issue.code_texts())
    if code and issue.layout.code_font is not None:
        faces["code-regular"] = issue.layout.code_font
        wanted["code-regular"] = "".join(sorted(set(code) | set(VIETNAMESE) | set(ASCII)))
    made = {}
    for name, path in faces.items():
        text = wanted[name]
        made[name] = (cache.font_subset(path, text, lambda: fonts.subset(path, text))
                      if cache is not None else fonts.subset(path, text))
    return made


class _Images:
    """The photos in the book, each stored once, named after the article that first shows
    it."""

    def __init__(self, book: epub.EpubBook, made: dict[Path, images.Processed]) -> None:
        self.book = book
        self.made = made
        self.names: dict[Path, str] = {}
        self.count: dict[int, int] = {}  # images stored so far, per article

    def figure_for(self, number: int):
        """`figure(photo)`: the <figure> markup of a photo in article `number`."""
        def figure(photo: model.Photo) -> str:
            image = self.made[photo.path]
            name = self.names.get(photo.path)
            if name is None:
                self.count[number] = index = self.count.get(number, 0) + 1
                extension = "png" if image.media_type == "image/png" else "jpg"
                name = self.names[photo.path] = f"images/bai-{number:03d}-{index}.{extension}"
                self.book.add_item(epub.EpubItem(
                    uid=f"img-{number:03d}-{index}", file_name=name,
                    media_type=image.media_type, content=images.data_of(photo.path, image)))
            return xhtml.figure(name, photo, image.width, image.height)
        return figure


def _article(article: model.Article, section_title: str | None, layout: model.Layout,
             figure) -> str:
    """The chapter of one article; its photos stand where the print edition puts them."""
    parts = ['<section epub:type="chapter" role="doc-chapter" aria-labelledby="title">']
    if section_title:
        parts.append(f'<p class="section-label">{xhtml.text(section_title)}</p>')
    parts.append(f'<h1 id="title">{xhtml.text(article.title)}</h1>')
    wide, in_text = placement.split_photos(article.photos, layout)
    if wide is not None:
        parts.append(figure(wide))
    if article.lead:
        parts.append(f'<p class="lead">{xhtml.text(article.lead)}</p>')
    refs: set[int] = set()
    parts.append(xhtml.blocks(placement.with_photos(article.body, in_text), first=True,
                              refs=refs, figure=figure))
    if article.author:
        parts.append(f'<p class="author">{xhtml.text(article.author)}</p>')
    if article.notes:
        parts.append(xhtml.notes(article.notes, refs))
    parts.append("</section>")
    return "\n".join(parts)


def _masthead(issue: model.Issue) -> str:
    publication = issue.publication
    theme = f'<p class="theme">{xhtml.text(issue.title)}</p>' if issue.title else ""
    return ('<section class="masthead" epub:type="titlepage" role="doc-introduction" '
            'aria-label="Măng-sét">'
            f'<h1><span class="label">{law.MASTHEAD}</span><br/>'
            f'<span class="name">{xhtml.text(masthead_name(publication.name).upper())}</span></h1>'
            f'<p class="publisher">{xhtml.text(publication.publisher)}</p>'
            f'<p class="issue">{issue_label(issue.number)} · '
            f'{xhtml.text(formal_date(issue.date, weekday=True))}</p>{theme}</section>')


def _imprint(issue: model.Issue) -> str:
    imprint = issue.imprint
    lines = [f"<p>{label}: <strong>{xhtml.text(value)}</strong></p>"
             for label, value in law.imprint_rows(issue)]
    if imprint.distribution:
        lines.append(f"<p><strong>{xhtml.text(imprint.distribution)}</strong></p>")
    return ('<section class="imprint" epub:type="colophon" role="doc-colophon" '
            'aria-labelledby="imprint-title">'
            f'<h1 id="imprint-title">{xhtml.text(issue.publication.name)}</h1>'
            + "".join(lines) + "</section>")


class _ReproducibleWriter(epub.EpubWriter):
    """ebooklib's writer with fixed zip dates, a fixed entry order, and xml:lang on the
    package element (Ace asks for it; ebooklib does not write it)."""

    def __init__(self, name: BinaryIO, book: epub.EpubBook, language: str, modified: dt.datetime,
                 options: dict) -> None:
        super().__init__(name, book, options)
        self.language = language
        self.date_time = max(modified, dt.datetime(1980, 1, 1)).timetuple()[:6]

    def _write_opf_metadata(self, root) -> None:
        super()._write_opf_metadata(root)
        root.set(LANGUAGE_ATTRIBUTE, self.language)

    def write(self) -> None:
        with zipfile.ZipFile(self.file_name, "w") as archive:
            self.out = _FixedDates(archive, self.date_time, self.options["compresslevel"])
            self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
            self._write_container()
            self._write_opf()
            self._write_items()


class _FixedDates:
    """The part of ZipFile ebooklib uses, writing every entry with the same date."""

    def __init__(self, archive: zipfile.ZipFile, date_time, level: int) -> None:
        self.archive = archive
        self.date_time = date_time
        self.level = level

    def writestr(self, name: str, data, compress_type: int = zipfile.ZIP_DEFLATED) -> None:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = compress_type
        info.external_attr = 0o644 << 16
        self.archive.writestr(info, data, compresslevel=self.level)
