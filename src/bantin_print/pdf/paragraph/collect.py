"""Model inlines to styled runs: the text of a paragraph with its font and link."""

from __future__ import annotations

from dataclasses import dataclass

from bantin_print import inline, model


@dataclass(frozen=True)
class Faces:
    """Registered font names of one family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    code: str = ""  # the monospaced face of `code`; empty: the text's own face

    def face(self, bold: bool, italic: bool) -> str:
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


@dataclass(frozen=True)
class Run:
    text: str  # may be "\n": a forced line break
    font: str
    link: str | None = None  # a safe target (http, https, mailto), or "#anchor"
    struck: bool = False  # struck through (~~…~~)
    raised: bool = False  # a footnote's number: smaller, above the baseline


def collect(nodes: list[model.Inline], faces: Faces, bold: bool = False,
            italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    _collect(nodes, faces, bold, italic, None, False, runs)
    return _merged(runs)


def plain(text: str, faces: Faces, bold: bool = False, italic: bool = False) -> list[Run]:
    return [Run(text, faces.face(bold, italic))] if text else []


def _collect(nodes, faces: Faces, bold: bool, italic: bool, link: str | None, struck: bool,
             out: list[Run]) -> None:
    font = faces.face(bold, italic)
    for node in nodes:
        if isinstance(node, model.Text):
            out.append(Run(node.text, font, link, struck))
        elif isinstance(node, model.Code):
            out.append(Run(node.text, faces.code or font, link, struck))
        elif isinstance(node, model.LineBreak):
            out.append(Run("\n", font, link))
        elif isinstance(node, model.Strong):
            _collect(node.children, faces, True, italic, link, struck, out)
        elif isinstance(node, model.Emphasis):
            _collect(node.children, faces, bold, True, link, struck, out)
        elif isinstance(node, model.Strikethrough):
            _collect(node.children, faces, bold, italic, link, True, out)
        elif isinstance(node, model.NoteRef):
            out.append(Run(str(node.number), faces.face(False, False), link, False, True))
        elif isinstance(node, model.Link):
            target = inline.safe_target(node)
            _collect(node.children, faces, bold, italic, target or link, struck, out)
            if target:
                shown = model.plain_text(node.children).strip()
                # On paper the address must be readable, so it follows the link text.
                if shown not in (target, target.split("//", 1)[-1]):
                    out.append(Run(f" ({target})", font, target, struck))


def _merged(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].font == run.font and merged[-1].link == run.link \
                and merged[-1].struck == run.struck and merged[-1].raised == run.raised \
                and "\n" not in (run.text, merged[-1].text):
            merged[-1] = Run(merged[-1].text + run.text, run.font, run.link, run.struck,
                             run.raised)
        elif run.text:
            merged.append(run)
    return merged
