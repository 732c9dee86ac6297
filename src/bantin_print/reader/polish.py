"""The publication's text settings applied to every text of the issue: tone-mark style and
typography. Runs after reading, so positions in messages still point at the sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from bantin_print import model
from bantin_print.text import tones, typography


@dataclass(frozen=True)
class TextSettings:
    tone_marks: str = "keep"
    keep_as_written: tuple[str, ...] = ()
    typography: typography.Rules = field(default_factory=typography.Rules)


def polish(issue: model.Issue, settings: TextSettings) -> None:
    def fix(value: str | None, before: str = "") -> str | None:
        if value is None:
            return None
        value = tones.restyle(value, settings.tone_marks, settings.keep_as_written)
        return typography.apply(value, settings.typography, before)

    publication = issue.publication
    publication.name, publication.publisher = fix(publication.name), fix(publication.publisher)
    issue.title = fix(issue.title)
    imprint = issue.imprint
    for name in ("licence", "responsible", "printer", "frequency", "distribution"):
        setattr(imprint, name, fix(getattr(imprint, name)))
    for photo in issue.photos():
        photo.caption, photo.credit, photo.alt = fix(photo.caption), fix(photo.credit), fix(photo.alt)
    for section in issue.sections:
        section.title = fix(section.title)
        for article in section.articles:
            article.title, article.lead, article.author = (fix(article.title), fix(article.lead),
                                                           fix(article.author))
            for block in article.body + [b for note in article.notes for b in note.blocks]:
                _blocks(block, fix)


def _blocks(block: model.Block, fix) -> None:
    if isinstance(block, (model.Paragraph, model.Heading)):
        _inlines(block.content, fix, [""])
    elif isinstance(block, (model.Quote, model.Box)):
        if isinstance(block, model.Box) and block.title:
            block.title = fix(block.title)
        for inner in block.blocks:
            _blocks(inner, fix)
    elif isinstance(block, model.ListBlock):
        for item in block.items:
            for inner in item:
                _blocks(inner, fix)
    elif isinstance(block, model.Table):
        for cell in block.texts():
            _inlines(cell, fix, [""])


def _inlines(nodes: list[model.Inline], fix, last: list[str]) -> None:
    """`last` carries the paragraph's preceding character across nested nodes."""
    for node in nodes:
        if isinstance(node, model.Text):
            node.text = fix(node.text, last[0])
            last[0] = node.text[-1:] or last[0]
        elif isinstance(node, model.Code):
            last[0] = node.text[-1:] or last[0]
        elif isinstance(node, model.LineBreak):
            last[0] = "\n"
        elif isinstance(node, model.NoteRef):
            continue
        else:
            _inlines(node.children, fix, last)
