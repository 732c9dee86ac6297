"""The print edition: compose every page, then draw them with ReportLab's canvas."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Iterator

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from bantin_print import SCREEN_EDITION, __version__, i18n, images, law, model, placement
from bantin_print.errors import WARNING, InputError, Problem
from bantin_print.i18n import Message, msg, msg_n
from bantin_print.pdf import fit
from bantin_print.pdf.compose import (ARTICLE_GAP, Composer, LayoutProblem, Placed, loosened,
                                      paragraph_of)
from bantin_print.pdf.flowables import Masthead, PhotoBlock, contents_box, imprint_box
from bantin_print.pdf.story import Story, build_story
from bantin_print.pdf.paragraph import ComposedParagraph, memo
from bantin_print.pdf.styles import CMYK, RGB, Geometry, Styles, register, register_face
from bantin_print.text import formal_date, issue_label, masthead_name

# The cover photo beside the contents may take at most this share of the text height.
COVER_SHARE = 0.5
# Crop marks stand this far outside the bleed, and are this long.
MARK_OFFSET = 3 * mm
MARK_LENGTH = 5 * mm


@dataclass(frozen=True)
class Variant:
    """The print PDF for the print shop, or the screen PDF for reading and sharing."""

    name: str
    bleed: float  # points
    marks: bool
    cmyk: bool
    max_ppi: float  # photos are resampled down to this
    min_ppi: float | None  # below this a photo gets a warning

    @property
    def offset(self) -> float:
        """From the media box's corner to the trim box's."""
        return self.bleed + (MARK_OFFSET + MARK_LENGTH + 1 * mm if self.marks else 0)


def variant(issue: model.Issue, name: str, marks: bool | None = None) -> Variant:
    if name == "screen":
        return Variant("screen", 0.0, False, False, 150, None)
    printing = issue.printing
    return Variant("print", issue.layout.bleed_mm * mm,
                   printing.marks if marks is None else marks, printing.color == "cmyk",
                   450, issue.preflight.min_ppi)


@dataclass
class PdfResult:
    pages: int
    warnings: list[Problem] = field(default_factory=list)
    fills: list[float] = field(default_factory=list)  # of each page's text height
    tuning: fit.Tuning | None = None  # how the issue was set to fit its pages
    # each article laid out: its file, the pages it starts and ends on (from 1)
    articles: list[tuple[Path, int, int]] = field(default_factory=list)


# A column ending this much above the foot of its page (but the last) is named.
EARLY_END = 20 * mm


class _Pending:
    """A photo's image for ReportLab, known once all photos have been processed."""

    def __init__(self, photo: model.Photo, target: images.Target) -> None:
        self.photo = photo
        self.target = target
        self.source = None

    def fill(self, processed: images.Processed) -> None:
        # A path lets ReportLab copy the JPEG data as it is.
        self.source = (str(self.photo.path) if processed.data is None
                       else ImageReader(BytesIO(processed.data)))


class Kept:
    """The print edition's compositions, one for each setting the fit tried, kept from one
    build of an issue to the next (the live preview): an edit lays the articles out again
    from the first it changed, the pages before it as they stood. `starts` says, for each
    setting used by the last build, from which article (from 0) it laid out again."""

    def __init__(self) -> None:
        self.compositions: dict[float, _Composition] = {}
        self.starts: dict[float, int] = {}


def write_pdf(issue: model.Issue, target: BinaryIO, created: dt.datetime,
              kind: Variant | None = None, jobs: images.Jobs | None = None,
              tuning: fit.Tuning | None = None, kept: Kept | None = None) -> PdfResult:
    """Write a PDF edition to the binary file `target`. With `tuning` (the print edition's,
    for the screen edition) the issue is set so at once instead of fitted to its pages;
    with `kept`, the compositions of the issue's last build are laid out again from the
    first article an edit changed, with the same result as composing it anew.

    `created` (UTC) is the PDF's creation date; with it the file is byte-identical for
    identical input."""
    kind = kind or variant(issue, "print")
    geometry = Geometry.from_layout(issue.layout)
    fitted = _fitted(issue, kind, jobs, tuning, kept)
    chosen = fitted.trial
    composer, styles, pending = chosen.composer, chosen.styles, chosen.pending
    result = PdfResult(0)
    if kind.name == "print":  # the screen edition has the same layout: said once
        result.warnings += _layout_warnings(issue, fitted, kind, geometry)
    requests = [(p.photo.path, p.target) for p in pending]
    made = jobs.results(requests) if jobs is not None else images.process_all(requests)
    for request, processed in zip(pending, made):
        request.fill(processed)
    _render(composer, issue, geometry, styles, target, created, kind)
    for request in pending:  # a kept composition need not hold the pictures decoded
        request.source = None
    if kind.cmyk and issue.printing.icc_profile is not None:
        _mark_pdfx(target, issue.printing.icc_profile, created)
    result.pages = len(composer.pages)
    result.tuning = chosen.tuning
    result.fills = [1 - sum(page) / len(page) / geometry.height for page in chosen.ends]
    result.fills[-1] = composer.last_page_fill
    starts: dict[str, int] = {}
    for number, page in enumerate(composer.pages, start=1):
        for anchor in page.anchors:
            starts.setdefault(anchor.key, number)
    result.articles = [(story.article.path, starts.get(story.anchor, 0),
                        composer.last_pages.get(story.anchor, 0)) for story in composer.stories]
    return result


def layout_problems(issue: model.Issue) -> list[Problem]:
    """What laying out the print edition finds (for `check`, which writes nothing): how
    it fits its pages, columns ending early, photos printed below the resolution asked."""
    kind = variant(issue, "print")
    return _layout_warnings(issue, _fitted(issue, kind, None, None), kind,
                            Geometry.from_layout(issue.layout))


def _fitted(issue: model.Issue, kind: Variant, jobs: images.Jobs | None,
            tuning: fit.Tuning | None, kept: Kept | None = None) -> fit.Fitted:
    """The composition to print: fitted to the issue's pages, or set with `tuning`."""
    layout = issue.layout
    geometry = Geometry.from_layout(layout)
    palette = CMYK if kind.cmyk else RGB
    fonts = (register(layout.body_font), register(layout.heading_font))
    code = register_face(layout.code_font) if layout.code_font else None
    profile = str(issue.printing.icc_profile) if kind.cmyk else ""
    pad = issue.printing.pad and kind.name == "print"

    def compose(tuning: fit.Tuning) -> _Trial:
        styles = Styles(*fonts, layout.columns, palette, layout.justification, code,
                        tuning.leading_scale)

        def image_for(photo: model.Photo, width: float, height: float) -> _Pending:
            wanted = images.Target("print", round(width, 2), round(height, 2), kind.max_ppi,
                                   cmyk_profile=profile)
            return _Pending(photo, wanted)

        if kept is not None and tuning.setting in kept.compositions:
            composition = kept.compositions.pop(tuning.setting)
            start = composition.reuse(issue)  # a LayoutProblem leaves it out of `kept`
            if start is not None:
                kept.compositions[tuning.setting] = composition
                kept.starts[tuning.setting] = start
                return _Trial(composition)
        composition = _Composition(issue, geometry, styles, image_for, pad, tuning)
        if kept is not None:
            kept.compositions[tuning.setting] = composition
            kept.starts[tuning.setting] = 0
        return _Trial(composition)

    try:
        with memo.remembered(jobs.cache if jobs is not None else None, str(issue.source)):
            if tuning is None:
                if kept is not None:
                    kept.starts.clear()
                return fit.fit(compose, layout.pages)
            once = compose(tuning)
            return fit.Fitted(once, once.pages, once.pages, once.pages)
    except LayoutProblem as problem:
        raise _as_input_error(problem, issue) from None
    except fit.TooLong as problem:
        raise InputError.single(issue.source, None, _too_long(problem, geometry)) from None


def _layout_warnings(issue: model.Issue, fitted: fit.Fitted, kind: Variant,
                     geometry: Geometry) -> list[Problem]:
    pad = issue.printing.pad
    return (_fit_warnings(issue, fitted, geometry, pad) + _low_resolution(issue, fitted.trial, kind)
            + _early_end_warnings(issue, fitted.trial, geometry))


def _low_resolution(issue: model.Issue, trial: _Trial, kind: Variant) -> list[Problem]:
    """A warning for each photo printed below the resolution asked, from its pixels and
    the size it is placed at (EXIF turns applied)."""
    found = []
    for request in trial.pending:
        photo, size = request.photo, request.target
        ppi = min(photo.width / (size.width_pt / 72), photo.height / (size.height_pt / 72))
        if kind.min_ppi and ppi < kind.min_ppi - 0.5:
            found.append(Problem(_owner(issue, photo), photo.line, msg(
                "photo '{photo}' is printed at {ppi:.0f} ppi ({width} × {height} px over "
                "{width_mm:.0f} × {height_mm:.0f} mm); print needs {needed}: use a larger "
                "original", photo=photo.path.name, ppi=ppi, width=photo.width,
                height=photo.height, width_mm=size.width_pt / mm, height_mm=size.height_pt / mm,
                needed=kind.min_ppi), WARNING))
    return found


def _early_end_warnings(issue: model.Issue, trial: _Trial, geometry: Geometry
                        ) -> list[Problem]:
    """For each page (but the last) with columns ending early: which, by how much, the
    article they end or run in, and about how many words more would fill them."""
    composer = trial.composer
    pages: dict[int, list[tuple[int, float]]] = {}
    for number, column, end in trial.early_ends():
        pages.setdefault(number, []).append((column, end))
    per_point = _words_per_column(composer, geometry) / geometry.height
    found = []
    for number, ends in pages.items():
        listed = _listed([msg("column {column} ends {mm:.0f} mm early", column=column,
                              mm=end / mm) if n == 0
                          else msg("column {column} {mm:.0f} mm", column=column, mm=end / mm)
                          for n, (column, end) in enumerate(ends)])
        ending = [story for story in composer.stories
                  if composer.last_pages.get(story.anchor) == number]
        more = int(round(sum(end for _, end in ends) * per_point, -1))
        if ending:
            advice = msg_n("{columns}, under the end of {article}; about {words} words more (or "
                           "a photo) would fill it",
                           "{columns}, under the end of {article}; about {words} words more (or "
                           "a photo) would fill them", "n", n=len(ends), columns=listed,
                           article=ending[-1].article.path.name, words=more)
        else:
            advice = msg_n("{columns}; about {words} words more (or a photo) would fill it",
                           "{columns}; about {words} words more (or a photo) would fill them",
                           "n", n=len(ends), columns=listed, words=more)
        found.append(Problem(issue.source, None, advice, WARNING, page=number))
    return found


def _listed(items: list[Message]) -> Message:
    """'a, b, c' of messages, each rendered in the language the whole is shown in."""
    if len(items) == 1:
        return items[0]
    return msg("{first}, {rest}", first=items[0], rest=_listed(items[1:]))


class _Trial:
    """One composition of the issue, with what it was set with."""

    def __init__(self, composition: _Composition) -> None:
        self.composition = composition
        self.composer = composition.composer
        self.styles = composition.styles
        self.tuning = composition.tuning
        self._ends: tuple[int, list[list[float]]] | None = None

    @property
    def pending(self) -> list[_Pending]:
        """The photos to make: the cover's, and those of the articles as laid out (not
        of a version of an article that was tried and left)."""
        return self.composer.front_images + [p for s in self.composer.stories
                                             for p in s.images]

    @property
    def pages(self) -> int:
        return len(self.composer.pages)

    @property
    def last_page_fill(self) -> float:
        return self.composer.last_page_fill

    @property
    def ends(self) -> list[list[float]]:
        """How far above the foot each column of each page ends (kept while the
        composition stands: the fit asks for this again and again)."""
        if self._ends is None or self._ends[0] != self.composition.version:
            self._ends = (self.composition.version, self.composer.column_ends())
        return self._ends[1]

    def growable(self) -> list[int]:
        return self.composition.growable()

    def grow(self, index: int):
        return self.composition.grow(index)

    def early_ends(self) -> list[tuple[int, int, float]]:
        """(page, column, points) of every column, but the last page's, ending early."""
        return [(number, column, end) for number, page in enumerate(self.ends[:-1], start=1)
                for column, end in enumerate(page, start=1) if end > EARLY_END]

    @property
    def holes(self) -> int:
        return len(self.early_ends())


def _too_long(problem: fit.TooLong, geometry: Geometry) -> Message:
    columns, words = _beyond(problem.tightest, problem.pages, geometry)
    longest = max(problem.tightest.composer.stories, key=lambda story: _words(
        story.article)).article
    return msg("the issue is longer than {pages} pages by about {columns} columns (≈ {words} "
               "words), even set as tight as allowed: shorten an article (the longest is "
               "{longest}) or choose {more} pages", pages=problem.pages,
               columns=_decimal(columns), words=words, longest=longest.path.name,
               more=problem.pages + 4)


def _beyond(trial: _Trial, pages: int, geometry: Geometry) -> tuple[float, int]:
    """How far the trial's content (its imprint included) runs past `pages`, in columns
    and in words, at the issue's own words per column (negative: short of it)."""
    composer = trial.composer
    columns = (len(composer.pages) - 1 - pages + composer.last_page_fill) * geometry.columns
    return columns, int(round(columns * _words_per_column(composer, geometry), -1))


def _words_per_column(composer: Composer, geometry: Geometry) -> float:
    """The issue's words over the columns they fill (the imprint counted)."""
    words = sum(_words(story.article) for story in composer.stories)
    return words / max((len(composer.pages) - 1 + composer.last_page_fill) * geometry.columns,
                       1)


def _words(article: model.Article) -> int:
    return sum(len(model.plain_text(b.content).split()) for b in model.walk(article.body)
               if isinstance(b, model.Paragraph))


def _fit_warnings(issue: model.Issue, fitted: fit.Fitted, geometry: Geometry,
                  pad: bool) -> list[Problem]:
    trial = fitted.trial
    fill = trial.last_page_fill * 100
    if trial.pages < fitted.target:
        if pad:
            return []  # --pad adds the blank pages, as asked
        wanted = fitted.target
        short, short_words = _beyond(trial, wanted - 1, geometry)
        add = _decimal(-short + fit.MIN_LAST_FILL * geometry.columns)
        if issue.layout.pages == "auto" and wanted > 4:
            over, over_words = _beyond(trial, wanted - 4, geometry)
            advice = msg("add about {columns} columns (≈ {words} words or photos) to fill "
                         "{pages} pages, or cut about {cut} columns (≈ {cut_words} words) to "
                         "end on {fewer}", columns=add, words=-short_words, pages=wanted,
                         cut=_decimal(over), cut_words=over_words, fewer=wanted - 4)
        elif short_words:
            advice = msg("add about {columns} columns (≈ {words} words or photos) to fill "
                         "{pages} pages", columns=add, words=-short_words, pages=wanted)
        else:  # too little text yet to tell its words per column
            advice = msg("add about {columns} columns of text or photos to fill {pages} pages",
                         columns=add, pages=wanted)
        if fitted.tightest == fitted.loosest:
            return [Problem(issue.source, None, msg_n(
                "the content fills {n} page however it is set, and a saddle-stitched bulletin "
                "has a multiple of 4: {advice}; the issue now ends on page {last} ({fill:.0f} % "
                "of it used), and --pad adds blank pages up to the next multiple of 4",
                "the content fills {n} pages however it is set, and a saddle-stitched bulletin "
                "has a multiple of 4: {advice}; the issue now ends on page {last} ({fill:.0f} % "
                "of it used), and --pad adds blank pages up to the next multiple of 4", "n",
                n=fitted.tightest, advice=advice, last=trial.pages, fill=fill), WARNING)]
        return [Problem(issue.source, None, msg(
            "the content fills {tightest}–{loosest} pages however it is set, and a "
            "saddle-stitched bulletin has a multiple of 4: {advice}; the issue now ends on "
            "page {last} ({fill:.0f} % of it used), and --pad adds blank pages up to the next "
            "multiple of 4", tightest=fitted.tightest, loosest=fitted.loosest, advice=advice,
            last=trial.pages, fill=fill), WARNING)]
    if trial.last_page_fill < fit.MIN_LAST_FILL:
        return [Problem(issue.source, None, msg(
            "the last page is only {fill:.0f} % used, even set as loose as allowed: add text "
            "or photos to fill it", fill=fill), WARNING)]
    return []


def _decimal(value: float) -> i18n.Decimal:
    return i18n.Decimal(value, 1)


def _owner(issue: model.Issue, photo: model.Photo) -> Path:
    """The article that names `photo`, else the manifest (the cover). By value: a story
    kept from the build before holds the photo as that build read it."""
    return next((a.path for a in issue.articles() if photo in a.all_photos()), issue.source)


def _as_input_error(problem: LayoutProblem, issue: model.Issue) -> InputError:
    subject = problem.subject
    if isinstance(subject, model.Photo):
        return InputError.single(_owner(issue, subject), subject.line, msg(
            "cannot lay out photo '{photo}': {problem}", photo=subject.path.name,
            problem=problem.message))
    if isinstance(subject, model.Article):
        return InputError.single(subject.path, None, msg(
            "cannot lay out the article: {problem}", problem=problem.message))
    return InputError.single(issue.source, None, msg("cannot lay out the issue: {problem}",
                                                     problem=problem.message))


def _masthead(issue: model.Issue, styles: Styles) -> Masthead:
    return Masthead(law.MASTHEAD, masthead_name(issue.publication.name).upper(),
                    issue.publication.publisher.upper(),
                    issue_label(issue.number), issue.title or "",
                    formal_date(issue.date, weekday=True), styles)


class _Composition:
    """The issue composed at one setting, with what it was made from, so that it can be
    laid out again from one article on with that article changed."""

    def __init__(self, issue: model.Issue, geometry: Geometry, styles: Styles, image_for,
                 pad: bool, tuning: fit.Tuning = fit.Tuning()) -> None:
        self.issue, self.geometry, self.styles = issue, geometry, styles
        self.image_for, self.pad, self.tuning = image_for, pad, tuning
        self.grown: set[int] = set()  # the articles whose photo grow() set larger
        self.unretuned: list[tuple] = []  # each story as made, before retuning, and from what
        self.version = 0  # how many times it was laid out again
        self._front(issue)
        self.stories, self.made_as = self._stories(issue)
        self.composer.stories = self.stories
        self.lay_out(0)

    def _front(self, issue: model.Issue) -> None:
        """A composer with page 1's masthead, cover and contents placed; the articles'
        section titles and bookmarks; the imprint to end with."""
        geometry, styles = self.geometry, self.styles
        self.composer = composer = Composer(geometry, styles.leading, styles.palette.rule,
                                            ARTICLE_GAP * self.tuning.gap_scale)
        composer.place_full_width([_masthead(issue, styles)])
        composer.cursor -= 2 * mm
        self.front_room = composer.room  # for the contents, beside the cover or under it
        self.sections, self.labels = _sections(issue)
        self.pages: dict[str, int] = {}  # anchor -> page the article starts on; unknown yet
        self.contents, self.width, self.sections_only = _place_front(
            composer, issue, geometry, styles, _contents(self.sections, self.pages),
            self.image_for)
        self.outlines = _outlines(self.labels, issue)
        self.imprint = imprint_box(issue, styles)

    def _stories(self, issue: model.Issue) -> tuple[list[Story], list[tuple]]:
        """The issue's stories at this setting, and for each what it was made from (its
        article, its photos' size, the section title over it, its paragraphs retuned): two
        stories made from the same are laid out alike."""
        self.sizes = _resized_photos(issue, self.tuning)  # article id -> its photos' size
        articles = list(issue.articles())
        made = [(article, self.sizes.get(id(article), 0), label)
                for article, label in zip(articles, self.labels)]
        # A story made before from the same is taken again (its body copied: retuning
        # replaces paragraphs in it) rather than made anew.
        before = self.unretuned
        stories = [replace(before[n][1], article=key[0], body=list(before[n][1].body))
                   if n < len(before) and before[n][0] == key
                   else self._story(n, key[0], _anchor(n))
                   for n, key in enumerate(made)]
        self.unretuned = [(key, replace(story, body=list(story.body)))
                          for key, story in zip(made, stories)]
        retuned = _retune(stories, self.geometry.column_width, self.styles, self.tuning)
        return stories, [(*key, frozenset(sets)) for key, sets in zip(made, retuned)]

    def reuse(self, issue: model.Issue) -> int | None:
        """Lay the composition out again for `issue`, an edit of the issue it was made
        from, from the article before the first one the edit changed (how an article
        ends depends on how the next one starts); the articles before it stand as they
        were. Returns the number (from 0) of the article laid out again from, the article
        count when none was, or None when the edit changed the settings the articles are
        set with (then it cannot be reused). An edit of page 1 (the masthead, the cover,
        the contents' size) or of the imprint lays every article out again, from the
        stories made before where their articles are the same."""
        if (issue.layout, issue.printing) != (self.issue.layout, self.issue.printing):
            return None
        sections, labels = _sections(issue)
        front = replace(issue, sections=[]) != replace(self.issue, sections=[])
        if not front and sections != self.sections:  # titles: the same contents box?
            box, sections_only = _contents_box(_contents(sections, {}), self.styles,
                                               self.width, self.front_room,
                                               _side_by_side(issue, self.geometry))
            box.min_height = self.contents.flowable.min_height
            front = sections_only != self.sections_only or abs(
                box.wrap(self.width, self.geometry.height)[1]
                - self.contents.flowable.wrap(self.width, self.geometry.height)[1]) > 0.01
            if not front:
                self.contents.flowable = box  # its page numbers come with the layout
                self.sections, self.labels = sections, labels
                self.outlines = _outlines(labels, issue)
        if front:
            self._front(issue)
        stories, made_as = self._stories(issue)
        first = 0 if front else next(
            (n for n, (old, new) in enumerate(zip(self.made_as, made_as)) if old != new),
            min(len(self.made_as), len(made_as)))  # or the first added or taken out
        first = min([first] + list(self.grown))  # a photo grown: as it was made again
        if first >= max(len(made_as), len(self.made_as)):
            self.issue = issue
            return len(stories)
        # The article before ended as it did for the one that followed it then: whether
        # what follows fits after it decides how tightly it is set.
        start = max(0, first - 1)
        self.issue, self.made_as, self.grown = issue, made_as, set()
        self.stories[start:] = stories[start:]
        self.composer.stories = self.stories
        self.lay_out(start)
        return start

    def _story(self, index: int, article: model.Article, anchor: str,
               size: int | None = None) -> Story:
        size = self.sizes.get(id(article), 0) if size is None else size
        return build_story(article, anchor, self.labels[index], self.geometry, self.styles,
                           self.image_for, self.issue.layout, size)

    def lay_out(self, start: int) -> None:
        """The articles from number `start` on, the imprint, the contents' page numbers."""
        composer, geometry = self.composer, self.geometry
        self.version += 1
        self.pages.update(composer.add_stories(self.stories, self.outlines, self.imprint,
                                               start))
        pages_wanted = self.issue.layout.pages if isinstance(self.issue.layout.pages, int) else 0
        composer.place_at_bottom(self.imprint, multiple_of=4 if self.pad else 1,
                                 at_least=pages_wanted if self.pad else 0)
        # The contents now get their page numbers; the box keeps its size (numbers sit in
        # a fixed-width column), which is checked rather than assumed.
        contents = self.contents
        final = contents_box(_contents(self.sections, self.pages), self.styles,
                             self.sections_only)
        final.min_height = contents.flowable.min_height
        if abs(final.wrap(self.width, geometry.height)[1]
               - contents.flowable.wrap(self.width, geometry.height)[1]) > 0.01:
            raise LayoutProblem(msg("the contents changed size once page numbers were known"))
        contents.flowable = final

    def growable(self) -> list[int]:
        """The articles, last first, whose photo left to the layout ('span: auto') could
        stand across the columns under the headline and does not."""
        found = []
        for index in reversed(range(len(self.stories))):
            story = self.stories[index]
            article = story.article
            if (_head_photo(story) is None and any(p.span == "auto" for p in article.photos)
                    and placement.split_photos(article.photos, self.issue.layout, +1)[0]
                    is not None):
                found.append(index)
        return found

    def grow(self, index: int):
        """Article `index` with its photo across the columns, laid out again from it on;
        returns what undoes that."""
        story = self.stories[index]
        # Undoing puts back the layout as it was, rather than laying it out again: the
        # fit tries a grow and undoes it for each of the last few photos, each time from
        # that article to the end. It holds because a flowable's size and parts depend on
        # the width it is given, never on where it stood last.
        before = (self.composer.state(), dict(self.pages), self.contents.flowable)
        wider = self._story(index, story.article, story.anchor, +1)
        self.stories[index] = _set_like(wider, story, self.geometry.column_width)
        self.grown.add(index)
        self.lay_out(index)

        def undo() -> None:
            self.stories[index] = story
            self.grown.discard(index)
            state, pages, self.contents.flowable = before
            self.composer.set_state(state)
            self.pages.clear()
            self.pages.update(pages)
            self.version += 1
        return undo


def _sections(issue: model.Issue) -> tuple[list, list[str | None]]:
    """The contents' sections, (title, [(article's title, anchor)]), and each article's
    label: its section's title over the first of the section."""
    sections, labels = [], []
    for section in issue.sections:
        entries = []
        for position, article in enumerate(section.articles):
            labels.append(section.title if position == 0 else None)
            entries.append((article.title, _anchor(len(labels) - 1)))
        if entries:
            sections.append((section.title, entries))
    return sections, labels


def _outlines(labels: list[str | None], issue: model.Issue) -> list[list[tuple[str, int]]]:
    """Each article's bookmarks: its section's (over the first of it), then its own."""
    return [([(label, 0)] if label else []) + [(article.title, 1)]
            for label, article in zip(labels, issue.articles())]


def _anchor(index: int) -> str:
    """The link target of article `index` (from 0): the contents point at it."""
    return f"bai-{index + 1}"


def _resized_photos(issue: model.Issue, tuning: fit.Tuning) -> dict[int, int]:
    """Which articles' photos change size to fit the pages: beyond half the setting's
    range, a share of the articles with a photo left to the layout (the longest first)
    have it across the columns under the headline (or, tightening, in a column)."""
    share = tuning.photo_share
    if not share:
        return {}
    articles = [a for a in issue.articles() if any(p.span == "auto" for p in a.photos)]
    articles.sort(key=lambda a: -sum(len(model.block_text(b)) for b in a.body))
    return {id(a): tuning.looseness for a in articles[:round(len(articles) * share)]}


def _head_photo(story: Story) -> model.Photo | None:
    return next((item.photo for item in story.head if isinstance(item, PhotoBlock)), None)


def _set_like(variant: Story, story: Story, width: float) -> Story:
    """The variant with the paragraphs that the story has set a line longer or shorter
    (to fit the pages) set so too."""
    def key(found: ComposedParagraph) -> tuple:
        return tuple(run.text for run in found.runs), id(found.style)

    retuned = {key(p): p.looseness for item in story.body
               if (p := paragraph_of(item)) is not None and p.looseness}
    body = []
    for item in variant.body:
        found = paragraph_of(item)
        looseness = retuned.get(key(found)) if found is not None else None
        body.append((loosened(item, width, looseness) if looseness else None) or item)
    return replace(variant, body=body)


def _retune(stories, width: float, styles: Styles, tuning: fit.Tuning) -> list[set[int]]:
    """A share of the body's paragraphs, the longest first, set a line longer or shorter
    (each only where that reads well); returns, for each story, the paragraphs so set."""
    retuned: list[set[int]] = [set() for _ in stories]
    if not tuning.share:
        return retuned
    body = (styles.body_text, styles.body_first_text)
    candidates = [(index, n, item, paragraph) for index, story in enumerate(stories)
                  for n, item in enumerate(story.body)
                  if (paragraph := paragraph_of(item)) is not None and paragraph.style in body]
    candidates.sort(key=lambda c: -sum(len(run.text) for run in c[3].runs))
    for index, n, item, _ in candidates[:round(len(candidates) * tuning.share)]:
        other = loosened(item, width, tuning.looseness)
        if other is not None:
            stories[index].body[n] = other
            retuned[index].add(n)
    return retuned


def _contents(sections, pages: dict[str, int]):
    return [(title, [(article, anchor, pages.get(anchor, 0)) for article, anchor in entries])
            for title, entries in sections]


def _side_by_side(issue: model.Issue, geometry: Geometry) -> bool:
    return issue.cover is not None and geometry.columns >= 3


def _contents_box(entries, styles: Styles, width: float, room: float, side_by_side: bool):
    """The contents, and whether they list the sections only: the articles too when they
    fit beside the cover (or in 60 % of the page under it)."""
    box = contents_box(entries, styles)
    if box.wrap(width, room)[1] <= room * (1 if side_by_side else 0.6):
        return box, False
    box = contents_box(entries, styles, sections_only=True)
    if box.wrap(width, room)[1] > room:
        raise LayoutProblem(msg("the contents do not fit on page 1"))
    return box, True


def _place_front(composer: Composer, issue: model.Issue, geometry: Geometry, styles: Styles,
                 entries, image_for) -> tuple[Placed, float, bool]:
    """Cover photo and contents under the masthead: side by side when there are three or
    more columns, one above the other otherwise."""
    side_by_side = _side_by_side(issue, geometry)
    contents_width = geometry.column_width if side_by_side else geometry.width
    box, sections_only = _contents_box(entries, styles, contents_width, composer.room,
                                       side_by_side)
    top = composer.cursor
    if issue.cover is None:
        composer.place(box, geometry.left, contents_width, top)
        contents = composer.page.placed[-1]
        composer.cursor = contents.y - 6 * mm
        return contents, contents_width, sections_only

    cover_width = geometry.width - (contents_width + geometry.gutter if side_by_side else 0)
    cover = PhotoBlock(issue.cover, image_for, cover_width,
                       geometry.height * COVER_SHARE, styles)
    composer.front_images.append(cover.image)
    cover_height = composer.place(cover, geometry.left, cover_width, top)
    if side_by_side:
        # Whichever of the two is shorter leaves no hole: the contents' tint grows down to
        # the photo's caption; under a shorter photo, the first article's head stands in
        # the photo's columns and its text fills them, the last column going on under the
        # contents.
        box.min_height = cover_height
        composer.place(box, geometry.left + cover_width + geometry.gutter, contents_width, top)
        contents = composer.page.placed[-1]
        composer.cursor = top - cover_height - 6 * mm
        below = composer.cursor - (contents.y - 6 * mm)
        if below > 0:
            span = geometry.columns - 1
            composer.beside = (span, [0.0] * span + [below])
    else:
        composer.place(box, geometry.left, contents_width, top - cover_height - 4 * mm)
        contents = composer.page.placed[-1]
        composer.cursor = contents.y - 6 * mm
    return contents, contents_width, sections_only


def _render(composer: Composer, issue: model.Issue, geometry: Geometry, styles: Styles,
            target: BinaryIO, created: dt.datetime, kind: Variant) -> None:
    # Binary streams: ASCII85 (ReportLab's default) makes the file a quarter larger and
    # costs time, for 7-bit safety no print workflow needs. The setting is global, so it
    # is put back afterwards (ReportLab's inline images need it on).
    before, rl_config.useA85 = rl_config.useA85, 0
    try:
        _draw_pages(composer, issue, geometry, styles, target, created, kind)
    finally:
        rl_config.useA85 = before


def _draw_pages(composer: Composer, issue: model.Issue, geometry: Geometry, styles: Styles,
                target: BinaryIO, created: dt.datetime, kind: Variant) -> None:
    publication = issue.publication
    offset, bleed = kind.offset, kind.bleed
    width, height = geometry.page_width, geometry.page_height
    boxes = {}
    if kind.name == "print":
        boxes = {"trimBox": (offset, offset, offset + width, offset + height),
                 "bleedBox": (offset - bleed, offset - bleed, offset + width + bleed,
                              offset + height + bleed)}
    with _source_date_epoch(created):
        canvas = Canvas(target, pagesize=(width + 2 * offset, height + 2 * offset),
                        initialFontName=styles.body_fonts.regular, initialFontSize=9,
                        lang=publication.language, pageCompression=1,
                        enforceColorSpace="cmyk" if kind.cmyk else None, **boxes)
    canvas.setTitle(f"{publication.name} – {issue_label(issue.number)}")
    canvas.setAuthor(publication.publisher)
    subject = f"{issue_label(issue.number)}, {formal_date(issue.date)}"
    canvas.setSubject(f"{subject}: {issue.title}" if issue.title else subject)
    canvas.setCreator(f"bantin-print {__version__}")
    canvas.setKeywords(["bản tin", publication.name]
                       + ([SCREEN_EDITION] if kind.name == "screen" else []))
    canvas.showOutline()
    for number, page in enumerate(composer.pages, start=1):
        canvas.saveState()
        canvas.translate(offset, offset)
        if number == 1:
            # A band of the accent colour across the top of page 1, into the bleed.
            canvas.setFillColor(styles.palette.accent)
            canvas.rect(-bleed, height - 4 * mm, width + 2 * bleed, 4 * mm + bleed, stroke=0, fill=1)
        for anchor in page.anchors:
            # ReportLab identifies an outline entry by its key: a section and its first
            # article need a destination each, even at the same place.
            key = f"{anchor.key}-{anchor.level}"
            canvas.bookmarkHorizontal(key, anchor.x, anchor.y + 6)
            canvas.addOutlineEntry(anchor.title, key, level=anchor.level)
            if anchor.level == 1:
                canvas.bookmarkHorizontal(anchor.key, anchor.x, anchor.y + 6)
        for placed in page.placed:
            placed.flowable.drawOn(canvas, placed.x, placed.y)
        if number > 1:
            _footer(canvas, number, issue, geometry, styles)
        canvas.restoreState()
        if kind.marks:
            _crop_marks(canvas, offset, width, height, bleed, styles.palette.registration)
        canvas.showPage()
    canvas.save()


def _crop_marks(canvas: Canvas, offset: float, width: float, height: float, bleed: float,
                color) -> None:
    """Corner marks on the trim lines, starting outside the bleed, in registration colour."""
    canvas.saveState()
    canvas.setStrokeColor(color)
    canvas.setLineWidth(0.25)
    start, end = bleed + MARK_OFFSET, bleed + MARK_OFFSET + MARK_LENGTH
    for x in (offset, offset + width):
        for y, direction in ((offset, -1), (offset + height, 1)):
            canvas.line(x, y + direction * start, x, y + direction * end)
    for y in (offset, offset + height):
        for x, direction in ((offset, -1), (offset + width, 1)):
            canvas.line(x + direction * start, y, x + direction * end, y)
    canvas.restoreState()


def _mark_pdfx(target: BinaryIO, profile: Path, created: dt.datetime) -> None:
    """The print shop's output condition (OutputIntent with the ICC profile) and the PDF/X-4
    identification, added with pikepdf to what ReportLab wrote."""
    import pikepdf

    target.seek(0)
    with pikepdf.open(BytesIO(target.read())) as pdf:
        icc = pdf.make_stream(profile.read_bytes())
        icc.N = 4
        name = profile.stem
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=name, OutputCondition=name, Info=name,
            RegistryName="http://www.color.org", DestOutputProfile=icc)])
        pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-4"
        pdf.docinfo["/Trapped"] = pikepdf.Name.False_
        stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
            meta["xmp:CreateDate"] = meta["xmp:ModifyDate"] = meta["xmp:MetadataDate"] = stamp
            meta["dc:title"] = str(pdf.docinfo.get("/Title", ""))
        output = BytesIO()
        pdf.save(output, static_id=True, min_version="1.6")
    target.seek(0)
    target.truncate()
    target.write(output.getvalue())


@contextlib.contextmanager
def _source_date_epoch(created: dt.datetime) -> Iterator[None]:
    """ReportLab takes the document's date (and the seed of its file ID) from
    SOURCE_DATE_EPOCH when the canvas is made, and from the clock otherwise."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.replace(tzinfo=dt.timezone.utc).timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _footer(canvas: Canvas, number: int, issue: model.Issue, geometry: Geometry,
            styles: Styles) -> None:
    """Running footer: the bulletin's name and number inside, "Trang N" outside."""
    y = geometry.margin * 0.55
    canvas.setStrokeColor(styles.palette.rule)
    canvas.setLineWidth(0.4)
    canvas.line(geometry.left, y + 9, geometry.left + geometry.width, y + 9)
    canvas.setFillColor(styles.palette.muted)
    label = f"{issue.publication.name} · {issue_label(issue.number)}"
    page = f"Trang {number}"
    right = geometry.left + geometry.width
    odd = number % 2 == 1
    canvas.setFont(styles.heading_fonts.bold, 7.5)
    (canvas.drawRightString(right, y, page) if odd else canvas.drawString(geometry.left, y, page))
    canvas.setFont(styles.heading_fonts.regular, 7.5)
    (canvas.drawString(geometry.left, y, label) if odd else canvas.drawRightString(right, y, label))
