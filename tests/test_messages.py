"""The message catalogue: every message the code can report has its Vietnamese translation,
with the same arguments, and the language is chosen as the README says."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from bantin_print import i18n
from bantin_print.i18n import msg, msg_n

SOURCE = Path(i18n.__file__).parent
KEYWORDS = {"msg": None, "msg_n": (1, 2)}
ARGPARSE = "argparse.po"  # argparse's own words: not in our source


def _extracted() -> dict[str, str]:
    """Message id → where it is made, as Babel's extraction (the translators' tool) finds it."""
    found: dict[str, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            SOURCE, method_map=[("**.py", "python")], keywords=KEYWORDS):
        ids = message if isinstance(message, tuple) else (message,)
        for one in ids[:1]:
            found.setdefault(one, f"{filename}:{line}")
        if len(ids) > 1:
            found.setdefault(ids[1], f"{filename}:{line} (plural)")
    return found


def test_every_message_id_is_a_literal_extraction_can_see():
    calls = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in KEYWORDS):
                ids = node.args[:2] if node.func.id == "msg_n" else node.args[:1]
                if not ids or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                      for a in ids):
                    calls.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert calls == [], "msg() called with a computed id, which no catalogue can hold"


def test_every_message_has_a_vietnamese_translation():
    catalogue = i18n.catalogue("vi")
    missing = {i: where for i, where in _extracted().items()
               if "(plural)" not in where and i not in catalogue}
    assert missing == {}, f"{len(missing)} message ids without a Vietnamese translation"


def test_translations_use_the_arguments_of_their_id():
    catalogue = i18n.catalogue("vi")
    wrong = {i: catalogue[i] for i in _extracted()
             if i in catalogue and i18n.fields_of(i) != i18n.fields_of(catalogue[i])}
    assert wrong == {}


def test_the_catalogue_holds_no_stale_entries():
    extracted = _extracted()
    ours = {}
    for po in (i18n.LOCALE_DIR / "vi").glob("*.po"):
        if po.name != ARGPARSE:
            from babel.messages.pofile import read_po
            with po.open("rb") as f:
                ours.update({m.id: po.name for m in read_po(f) if m.id})
    stale = sorted(str(i) for i in ours if (i[0] if isinstance(i, tuple) else i) not in extracted)
    assert stale == []


def test_a_message_renders_in_either_language():
    message = msg("{name}: {message}", name="issue.number",
                  message=msg("must not be empty"))
    assert message.render("en") == "issue.number: must not be empty"
    vietnamese = message.render("vi")
    assert vietnamese.startswith("issue.number: ") and "must not be empty" not in vietnamese


def test_english_plural_follows_the_number_vietnamese_has_one_form():
    one, two = (msg_n("{n} error; nothing written.", "{n} errors; nothing written.", "n", n=k)
                for k in (1, 2))
    assert (one.render("en"), two.render("en")) == ("1 error; nothing written.",
                                                    "2 errors; nothing written.")
    assert two.render("vi") == "2 lỗi; chưa ghi tệp nào."


@pytest.mark.parametrize("option, environ, expected", [
    (None, {}, "vi"),
    ("en", {"BANTIN_LANG": "vi"}, "en"),
    (None, {"BANTIN_LANG": "en", "LANG": "vi_VN.UTF-8"}, "en"),
    (None, {"BANTIN_LANG": "fr", "LANG": "en_GB.UTF-8"}, "en"),
    (None, {"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
    (None, {"LC_MESSAGES": "en_US.UTF-8", "LANG": "vi_VN"}, "en"),
    (None, {"LANG": "C.UTF-8"}, "vi"),
    (None, {"LANG": "de_DE.UTF-8"}, "vi"),
])
def test_language_is_chosen_by_option_then_environment_then_locale(option, environ, expected):
    assert i18n.resolve(option, environ) == expected


def test_no_message_is_translated_in_two_catalogue_files():
    from babel.messages.pofile import read_po

    seen: dict[str, str] = {}
    twice = []
    for po in sorted((i18n.LOCALE_DIR / "vi").glob("*.po")):
        with po.open("rb") as f:
            for entry in read_po(f):
                key = entry.id[0] if isinstance(entry.id, tuple) else entry.id
                if key and key in seen:
                    twice.append(f"{key!r}: {seen[key]} and {po.name}")
                seen.setdefault(key, po.name)
    assert twice == []
