"""Legacy Vietnamese inside Unicode text: converting the runs that are mojibake of a legacy
encoding, and nothing else.

A file is often good Unicode with one paragraph pasted from an old .VnTime document
("Bé ChÝnh trÞ"). Converting all of it would ruin the good words, because many
Vietnamese letters are Latin-1 characters too ("trên" -> "trờn", "Hà" -> "HỔ"). So every
word the conversion would change is judged on its own, for each encoding:

    GOOD     it holds a Vietnamese letter outside Latin-1 (ă đ ơ ư ạ ế …), which no
             mojibake holds, or it is a Vietnamese syllable only as it stands;
    LEGACY   it is a Vietnamese syllable only once converted ("ChÝnh" -> "Chính"), and it
             has an ASCII letter (a lone "©" is "â" in TCVN3, and a copyright sign);
    EITHER   it reads as Vietnamese both ways ("Hà"/"HỔ", "cã"/"có"), or it has no ASCII
             letter;
    NEITHER  it reads as Vietnamese neither way (a name, a foreign word).

Words the conversion leaves as they are (ASCII) do not count. In a paragraph, GOOD words
are walls; the words between two walls make a run. A run holding LEGACY words is
converted from its first LEGACY word to its last, and on to its ends where no wall stands
there; where a wall does stand on the same line, the words between it and the first
LEGACY word could be either ("Về bé ChÝnh": "bé" or "Bộ"?): they are left as they are
and their line is reported as undecided (a line break between them and the wall decides:
the words go with their own line). A run is converted only when its evidence convinces
(see the thresholds below). A paragraph that another encoding
explains clearly better (twice the LEGACY words, and more) is left to that encoding.
Lines known to be in the legacy encoding (bytes of a file that are not UTF-8) are
converted whole.

Pure: strings in, strings out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from bantin_print.i18n import Message, msg
from bantin_print.text import legacy

GOOD, LEGACY, EITHER, NEITHER = "good", "legacy", "either", "neither"
# A run is converted when it has at least _MIN_EVIDENCE LEGACY words, making at least
# _MIN_LEGACY_SHARE of it, and at most _MAX_NEITHER_SHARE NEITHER words.  Mojibake of the
# sample issue's 162 lines: at least 43 % LEGACY per line (5 % of lines under 67 %);
# one LEGACY word alone ("5 µm" is "5 àm" in TCVN3) is no evidence.
_MIN_EVIDENCE = 2
_MIN_LEGACY_SHARE = 0.4
_MAX_NEITHER_SHARE = 0.4
# Lines known to be legacy bytes: at least this share of their words must read as
# Vietnamese in the encoding (detection asks 60 % of the words it looks at).
_MIN_KNOWN_SHARE = 0.6

# Words: split at white space only (U+0085 and U+001C-U+001F are legacy letters here,
# though Python's \s takes them for spaces).
_WORD = re.compile("[^ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# A word the conversion may change: a character of U+0080-U+00FF, a cp1252 character of
# 0x80-0x9F, or a C0 control that VN1 uses for a capital.
_SUSPECT = re.compile("[\u0001-\u0008\u0011-\u0017\u0080-\u00ff\u0152\u0153\u0160\u0161"
                      "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
                      "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_NATIVE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# A line that starts a block of its own (Markdown, front matter, YAML): not a
# continuation of the paragraph above it.
_BLOCK_START = re.compile(r"\s*(?:#|[-*+]\s|\d+[.)]\s|>|\||```|~~~|:::|---|\.\.\.|"
                          r"[\w-]+\s*:(?:\s|$))")


@dataclass
class Repair:
    """What `repair` did."""

    text: str  # the text with the legacy runs converted; all else as it was
    converted: list[int] = field(default_factory=list)  # lines changed (1-based)
    encodings: set[str] = field(default_factory=set)  # the encodings used
    questions: dict[int, list[Message]] = field(default_factory=dict)  # line -> what is
    # undecided there: '“bé” or “bộ”', 'TCVN3 (ABC) or VNI'
    foreign: dict[str, list[int]] = field(default_factory=dict)  # encoding -> lines
    # that look like it, left as they are
    sample: str = ""  # a few converted words, for messages

    @property
    def undecided(self) -> list[int]:
        """Lines with runs left undecided."""
        return sorted(self.questions)
    by_line: dict[int, tuple[str, str]] = field(default_factory=dict)  # line -> (encoding,
    # the line as converted from its first converted word: "it would read …")


@dataclass
class _Word:
    text: str
    start: int
    end: int
    line: int
    kinds: dict[str, str]  # encoding -> GOOD/LEGACY/EITHER/NEITHER
    converted: dict[str, str]  # encoding -> the converted word


def repair(text: str, encoding: str, force: bool = False,
           legacy_lines: frozenset[int] = frozenset()) -> Repair:
    """Convert the runs of `text` that are mojibake of `encoding` (one of
    legacy.ENCODINGS, or "auto": each paragraph with the encoding that explains it).

    `force` makes the named encoding win where the evidence is thin: runs with little
    evidence are converted, and the runs another encoding explains better are converted
    with the one named; words next to a wall that could be either are still left alone.
    `legacy_lines` are lines known to be legacy text (read as Latin-1): converted whole.
    """
    if encoding != "auto" and encoding not in legacy.ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    if not legacy_lines and not _any_legacy(text):
        return Repair(text)  # the usual case, found in a fraction of the time
    words = _words(text)
    paragraphs = _paragraphs(text, words)
    result = Repair(text)
    plans: list[tuple[str, _Plan]] = []
    for paragraph in paragraphs:
        known = [w for w in paragraph if w.line in legacy_lines]
        rest = [w for w in paragraph if w.line not in legacy_lines]
        if known:
            lines = sorted({w.line for w in known})
            chosen, foreign = _choose_for_known(known, encoding, force)
            if chosen is not None:
                changed = [w for w in known if chosen in w.converted]
                plans.append((chosen, _Plan(converted=changed)))
            elif foreign is not None:
                result.foreign.setdefault(foreign, []).extend(lines)
            else:
                for line in lines:
                    result.questions.setdefault(line, []).append(msg("which old encoding"))
        if rest:
            chosen, plan, foreign = _choose(rest, encoding, force)
            for line, questions in plan.undecided.items():
                result.questions.setdefault(line, []).extend(questions)
            if foreign:
                result.foreign.setdefault(foreign, []).extend(sorted({w.line for w in rest}))
            elif chosen is not None and plan.converted:
                plans.append((chosen, plan))

    replacements: list[tuple[int, int, str, int, str]] = []
    for chosen, plan in plans:
        result.encodings.add(chosen)
        for word in plan.converted:
            replacements.append((word.start, word.end, word.converted[chosen], word.line, chosen))
    replacements.sort()
    pieces, position, length = [], 0, 0
    firsts: dict[int, tuple[str, int]] = {}
    for start, end, new, line, chosen in replacements:
        pieces.append(text[position:start])
        length += start - position
        firsts.setdefault(line, (chosen, length))
        pieces.append(new)
        length += len(new)
        position = end
    pieces.append(text[position:])
    result.text = "".join(pieces)
    for line, (chosen, offset) in firsts.items():
        end = result.text.find("\n", offset)
        excerpt = result.text[offset:end if end >= 0 else len(result.text)]
        result.by_line[line] = chosen, " ".join(excerpt.split())[:72]
    result.converted = sorted(firsts)
    result.sample = " ".join(r[2] for r in replacements[:8])[:72]
    return result


# --------------------------------------------------------------------------- words
def _words(text: str) -> list[_Word]:
    """The words that count: those a conversion changes, and the GOOD walls."""
    words = []
    line, counted = 1, 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii() and not _SUSPECT.search(word):
            continue
        judged = _judge(word)
        if judged is None:
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        words.append(_Word(word, match.start(), match.end(), line, *judged))
    return words


def _any_legacy(text: str) -> bool:
    """Is any word of `text` LEGACY in some encoding? Each distinct word judged once."""
    for word in set(_WORD.findall(text)):
        if word.isascii() and not _SUSPECT.search(word):
            continue
        composed = unicodedata.normalize("NFC", word)
        if _NATIVE.search(composed) or not _ASCII_LETTER.search(word) \
                or _all_syllables(composed):
            continue  # GOOD or EITHER, whatever the encoding: no conversion needed
        judged = _judge(word)
        if judged is not None and LEGACY in judged[0].values():
            return True
    return False


@lru_cache(maxsize=1 << 15)
def _judge(word: str) -> tuple[dict[str, str], dict[str, str]] | None:
    """(kind, converted word) under each encoding that changes the word, or None."""
    composed = unicodedata.normalize("NFC", word)  # "Ðả" typed in NFD is still good
    native = _NATIVE.search(composed)
    kinds, converted = {}, {}
    for encoding in legacy.ENCODINGS:
        new = composed if native else legacy.convert_text(word, encoding)
        if native or new != composed:
            converted[encoding] = new
            kinds[encoding] = _kind(composed, new, encoding)
    return (kinds, converted) if converted else None


def _kind(word: str, new: str, encoding: str) -> str:
    if _NATIVE.search(word):
        return GOOD
    before, after = _all_syllables(word), _all_syllables(new)
    if encoding == "tcvn3" and legacy.needs_vn2(word):
        # An ABC (VN3) document has no byte that reads "à" or "²": no evidence for TCVN3.
        return GOOD if before else NEITHER
    if before and not after:
        return GOOD
    if after and not before:
        return LEGACY if _ASCII_LETTER.search(word) else EITHER
    return EITHER if before else NEITHER


def _all_syllables(text: str) -> bool:
    pieces = [p for p in _NOT_LETTERS.split(text) if p]
    return bool(pieces) and all(legacy.is_vietnamese_syllable(p) for p in pieces)


def _paragraphs(text: str, words: list[_Word]) -> list[list[_Word]]:
    """The words grouped by paragraph: lines up to a blank line or a line that starts a
    block of its own."""
    starts = _paragraph_starts(text)
    groups: dict[int, list[_Word]] = {}
    for word in words:
        groups.setdefault(starts[word.line - 1], []).append(word)
    return list(groups.values())


def _paragraph_starts(text: str) -> list[int]:
    """For each line (index 0 = line 1), the line its paragraph starts on."""
    starts = []
    current = 1
    previous_blank = True
    for number, line in enumerate(text.split("\n"), start=1):
        blank = not line.strip()
        if previous_blank or blank or _BLOCK_START.match(line):
            current = number
        starts.append(current)
        previous_blank = blank
    return starts


# --------------------------------------------------------------------------- plans
@dataclass
class _Plan:
    converted: list[_Word] = field(default_factory=list)
    undecided: dict[int, list[Message]] = field(default_factory=dict)  # line -> questions
    evidence: int = 0


def _plan(words: list[_Word], encoding: str, force: bool) -> _Plan:
    """Which words of a paragraph to convert with `encoding` (see the module's doc)."""
    plan = _Plan()
    runs: list[list[_Word]] = [[]]
    walls: list[_Word] = []  # walls[i] stands between runs[i] and runs[i + 1]
    for word in words:
        kind = word.kinds.get(encoding)
        if kind == GOOD:
            runs.append([])
            walls.append(word)
        elif kind is not None:
            runs[-1].append(word)
    for index, run in enumerate(runs):
        legacy_at = [i for i, w in enumerate(run) if w.kinds[encoding] == LEGACY]
        if not legacy_at:
            continue
        first, last = legacy_at[0], legacy_at[-1]
        chosen = run[first:last + 1]
        before = walls[index - 1] if index > 0 else None
        after = walls[index] if index < len(walls) else None
        undecided: dict[int, list[str]] = {}
        for edge, wall, anchor in ((run[:first], before, run[first]),
                                   (run[last + 1:], after, run[last])):
            for word in edge:
                if wall is None or (word.line == anchor.line and wall.line != anchor.line):
                    chosen.append(word)  # nothing between it and the legacy words
                elif word.line == wall.line and wall.line != anchor.line:
                    pass  # on the wall's line: it goes with the good text there
                else:
                    undecided.setdefault(word.line, []).append(msg(
                        "“{written}” or “{converted}”", written=word.text,
                        converted=word.converted[encoding]))
        if force or _convincing(chosen, encoding):
            plan.converted.extend(chosen)
            plan.evidence += len(legacy_at)
            for line, questions in undecided.items():
                plan.undecided.setdefault(line, []).extend(questions)
    return plan


def _convincing(run: list[_Word], encoding: str) -> bool:
    """Enough of the run reads as Vietnamese only once converted, and little of it in
    neither way: "x = a² · c¹ — 5 µm" is not TCVN3, though "c¹" and "µm" would read."""
    kinds = [w.kinds[encoding] for w in run]
    found = kinds.count(LEGACY)
    return (found >= _MIN_EVIDENCE and found >= _MIN_LEGACY_SHARE * len(kinds)
            and kinds.count(NEITHER) <= _MAX_NEITHER_SHARE * len(kinds))


def _choose(words: list[_Word], encoding: str, force: bool) -> tuple[str | None, _Plan, str | None]:
    """(the encoding the paragraph is converted with, its plan, the encoding that
    explains the paragraph clearly better than the one named)."""
    plans = {e: _plan(words, e, False) for e in legacy.ENCODINGS}
    ranked = sorted(legacy.ENCODINGS, key=lambda e: plans[e].evidence, reverse=True)
    best, runner_up = ranked[0], ranked[1]
    clearly = plans[best].evidence >= 2 * plans[runner_up].evidence + 1

    def undecided() -> _Plan:
        lines = {w.line for e in (best, runner_up) for w in plans[e].converted}
        question = f"{legacy.NAMES[best]} or {legacy.NAMES[runner_up]}"
        return _Plan(undecided={line: [question] for line in sorted(lines)})

    if encoding == "auto":
        if not plans[best].evidence:
            return None, _Plan(), None
        return (best, plans[best], None) if clearly else (None, undecided(), None)
    if force:
        if best != encoding and plans[best].evidence:
            # The legacy runs found, converted as the user insists they are.
            insisted = [w for w in plans[best].converted if encoding in w.converted]
            return encoding, _Plan(converted=insisted), None
        return encoding, _plan(words, encoding, True), None
    if best == encoding or not plans[best].evidence:
        if best == encoding and not clearly and plans[runner_up].evidence:
            return None, undecided(), None  # as much TCVN3 as VNI: which?
        return encoding, plans[encoding], None
    if clearly:
        return None, _Plan(), best
    return None, undecided(), None


def _choose_for_known(words: list[_Word], encoding: str,
                      force: bool) -> tuple[str | None, str | None]:
    """(the encoding of lines known to be legacy, or the one that explains them clearly
    better than the one named): the one under which most of their words become
    Vietnamese, at least _MIN_KNOWN_SHARE of them."""
    def readable(e: str) -> int:
        return sum(w.kinds.get(e) in (LEGACY, EITHER) for w in words)

    def share(e: str) -> float:
        changed = sum(e in w.kinds for w in words)
        return readable(e) / changed if changed else 0.0

    ranked = sorted(legacy.ENCODINGS, key=readable, reverse=True)
    best, runner_up = ranked[0], ranked[1]
    clearly = readable(best) >= 2 * readable(runner_up) + 1 and share(best) >= _MIN_KNOWN_SHARE
    if encoding == "auto":
        return (best, None) if clearly else (None, None)
    if force or (share(encoding) >= _MIN_KNOWN_SHARE and readable(encoding) >= readable(best)):
        return encoding, None
    return None, best if clearly else None
