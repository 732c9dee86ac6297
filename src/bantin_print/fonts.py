"""Finding font families by name, in the bundled fonts/ folder and the user's own."""

from __future__ import annotations

import functools
from io import BytesIO
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from bantin_print.i18n import Message, msg
from bantin_print.model import FontFamily

_FACES = {"regular": "regular", "bold": "bold", "italic": "italic",
          "bold italic": "bold_italic", "bolditalic": "bold_italic"}
_FACE_WORDS = {"regular": msg("regular"), "bold": msg("bold"), "italic": msg("italic"),
               "bold_italic": msg("bold italic")}


def bundled_font_dir() -> Path:
    """fonts/ inside an installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "fonts", here.parents[1] / "fonts"):
        if candidate.is_dir():
            return candidate
    return here / "fonts"


def _key(name: str) -> str:
    return "".join(name.lower().split())


@functools.lru_cache(maxsize=None)
def _scan(folder: Path) -> dict[str, dict[str, Path | str]]:
    """family key -> {"name": display name, face: path}, for the TrueType fonts in `folder`.

    CFF-outline fonts are listed with face "cff" so the caller can say why they do not count.
    """
    families: dict[str, dict[str, Path | str]] = {}
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf"))
    for path in files:
        try:
            font = TTFont(path, lazy=True, fontNumber=0)
            names = font["name"]
            family = str(names.getDebugName(16) or names.getDebugName(1) or "")
            style = str(names.getDebugName(17) or names.getDebugName(2) or "Regular")
            outlines = "glyf" if "glyf" in font else "cff"
            font.close()
        except (TTLibError, OSError, KeyError, AssertionError):
            continue
        entry = families.setdefault(_key(family), {"name": family})
        if outlines == "cff":
            entry.setdefault("cff", path)
            continue
        face = _FACES.get(style.lower())
        if face:
            entry.setdefault(face, path)
    return families


def find_family(name: str, folders: list[Path]) -> tuple[FontFamily | None, Message | None]:
    """The family `name` from the first folder that has it, or (None, why not)."""
    faces, reason = _faces(name, folders, ("regular", "bold", "italic", "bold_italic"))
    return (FontFamily(faces.pop("name"), **faces) if faces else None), reason  # type: ignore[arg-type]


def find_regular(name: str, folders: list[Path]) -> tuple[Path | None, Message | None]:
    """The regular face of `name` (a code font needs no other), or (None, why not)."""
    faces, reason = _faces(name, folders, ("regular",))
    return (faces["regular"] if faces else None), reason  # type: ignore[return-value]


def _faces(name: str, folders: list[Path], wanted: tuple[str, ...]):
    """({"name": display name, face: path} for the `wanted` faces, None) from the first
    folder that has them all, or (None, why not)."""
    for folder in folders:
        if not folder.is_dir():
            continue
        entry = _scan(folder.resolve()).get(_key(name))
        if entry is None:
            continue
        faces = {face: entry.get(face) for face in wanted}
        missing = [_FACE_WORDS[face] for face, path in faces.items() if path is None]
        if not missing:
            return {"name": str(entry["name"]), **faces}, None
        if "cff" in entry and len(missing) == len(wanted):
            return None, msg("'{name}' in {folder} is a font with PostScript (CFF) outlines, "
                             "which cannot be embedded in the PDF; use the TrueType (.ttf) "
                             "version of the font", name=name, folder=str(folder))
        return None, msg("font family '{name}' in {folder} has no {faces} face", name=name,
                         folder=str(folder), faces=_listed(missing))
    known = sorted({str(e["name"]) for f in folders if f.is_dir() for e in _scan(f.resolve()).values()})
    if not known:
        return None, msg("font family '{name}' was not found, and no fonts were found at all",
                         name=name)
    return None, msg("font family '{name}' was not found; available: {known}", name=name,
                     known=", ".join(known))


def _listed(items: list[Message | str]) -> Message | str:
    """'a, b, c' of messages, each rendered in the language the whole is shown in."""
    if len(items) == 1:
        return items[0]
    return msg("{first}, {rest}", first=items[0], rest=_listed(items[1:]))


def subset(path: Path, text: str) -> bytes:
    """The font at `path` cut down to the glyphs `text` needs, as TrueType bytes.

    The result depends only on the font and the text (head.modified is kept), so builds
    stay byte-identical.
    """
    from fontTools.subset import Options, Subsetter, load_font  # slow to import; EPUB only

    options = Options()
    # Names, version and the copyright and licence entries the OFL asks to keep; the
    # default layout features (kerning, ligatures, marks): Vietnamese needs no others.
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    options.hinting = False  # screens of e-readers render unhinted; a third smaller
    options.drop_tables += ["DSIG"]
    font = load_font(str(path), options)
    font.recalcTimestamp = False
    subsetter = Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    font.close()
    return buffer.getvalue()
