"""A saved web page of such a portal (.html, .htm)."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path

from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg, msg_n
from bantin_print.text import decoding
from bantin_print.importer.assemble import assemble_draft
from bantin_print.importer.bounds import check_elements
from bantin_print.importer.draft import MAX_LEAD, MAX_TITLE, Draft, Para, dmy, norm, short
from bantin_print.importer.heuristics import AUTHOR_PREFIX, classify, find_date, name_like
from bantin_print.importer.html_body import (
    BLOCK_TAGS, BR, LEAD_CLASS, BodyWalk, Footnotes, classes, el_text)
from bantin_print.importer.pictures import SavedFolder
from bantin_print.importer.text import repair_mojibake


_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "button", "input", "select", "textarea", "link", "meta", "map", "audio",
              "video", "source"}
_CHROME_TAGS = {"nav", "footer", "aside", "menu"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "menu", "menubar", "toolbar",
                 "complementary", "search"}
_CHROME_TOKENS = {
    "nav", "navbar", "navigation", "menu", "mainmenu", "topmenu", "submenu", "breadcrumb",
    "breadcrumbs", "share", "sharing", "social", "toolbar", "tools", "print", "fontsize",
    "comment", "comments", "related", "sidebar", "banner", "ads", "advert", "advertisement",
    "quangcao", "footer", "pagination", "pager", "tags", "rating", "login", "search",
    "lienquan", "tinlienquan", "tinkhac", "othernews", "relatednews", "cungchuyenmuc",
    "addthis", "socials", "widget",
}
_CHROME_SUBSTRINGS = ("breadcrumb", "toolbar", "sharebutton", "socialshare", "tinlienquan",
                      "relatednews", "fontsize", "addthis", "tinkhac")
_TITLE_CLASS = re.compile(r"(?<!sub)(?<!sub[-_])(?:title|tieude|tieu-de|tieu_de|headline)")
_AUTHOR_CLASS = re.compile(r"author|tacgia|tac-gia|tac_gia|byline|writer|nguoiviet")
_DATE_CLASS = re.compile(r"date|time|ngay|publish|created|posted")


def _decode_html(path: Path, data: bytes, notes: list[Message], charset: str | None) -> str:
    decoded = decoding.decode(data)
    if decoded.bom:  # a byte order mark says what the page is, whatever it declares
        if decoded.text is not None:
            return decoded.text
        notes.append(msg("some bytes of the page are not valid in its encoding; they show "
                         "as '\ufffd'"))
        return data.decode("utf-8-sig" if decoded.bom == codecs.BOM_UTF8 else "utf-16",
                           "replace")
    declared = None
    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", data[:8192],
                      re.IGNORECASE)
    label = match.group(1).decode("ascii", "replace") if match else charset
    if label:
        try:
            declared = codecs.lookup(label).name
        except LookupError:
            notes.append(msg("the page names an unknown encoding '{label}'; read as UTF-8",
                             label=label))
        if declared in ("iso8859-1", "ascii", "latin-1"):
            declared = "cp1252"  # what browsers do with these labels
        if declared and declared.startswith("utf-16"):
            declared = "utf-8"  # a saved page claiming UTF-16 without a BOM is UTF-8
    text = None
    for encoding in ([declared] if declared else []) + ["utf-8"]:
        try:
            text = data.decode(encoding)
            if declared and encoding != declared:
                notes.append(msg("the page names the encoding {label} but is UTF-8; read as "
                                 "UTF-8", label=label))
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        text = data.decode(declared or "utf-8", "replace")
        notes.append(msg("some bytes of the page are not valid in its encoding "
                         "({encoding}); they show as '\ufffd'", encoding=declared or "utf-8"))
    if declared in (None, "cp1252", "utf-8"):
        text = repair_mojibake(text, notes, "page")
    return text


def _is_chrome(el) -> bool:
    tag = el.tag
    if tag in _CHROME_TAGS:
        return True
    if (el.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = classes(el)
    if not names.strip():
        return False
    tokens = set(re.split(r"[^a-z0-9]+", names))
    return bool(tokens & _CHROME_TOKENS) or any(s in names for s in _CHROME_SUBSTRINGS)


def _is_inside(node, container) -> bool:
    return any(a is container for a in node.iterancestors())


def read_html(path: Path, data: bytes, pictures=None, base: str | None = None,
              charset: str | None = None) -> Draft:
    """The article of a saved web page. `pictures` finds the pictures it shows (default:
    in the page's folder, SavedFolder); `base` is the page's own address when links to
    the page itself are written in full, and `charset` the encoding its container names
    (an .mhtml's Content-Location and Content-Type)."""
    import lxml.html
    from lxml import etree

    notes: list[Message] = []
    text = _decode_html(path, data, notes, charset)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise InputError.single(path, None, msg("cannot read the web page: {error}",
                                                error=str(e))) from None
    etree.strip_elements(doc, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    check_elements(path, doc)

    # What the head says, before it goes.
    metas = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content"):
            metas.setdefault(key, norm(meta.get("content")))
    head_title = next((el_text(t) for t in doc.iter("title")), "")
    date, date_note = None, None
    for key in ("article:published_time", "datepublished", "pubdate", "publishdate",
                "dc.date.issued", "dc.date", "date", "og:updated_time"):
        if key in metas and find_date(metas[key]):
            date = find_date(metas[key])
            date_note = msg("the date {date} was read from the page's '{key}' metadata",
                            date=dmy(date), key=key)
            break

    for br in doc.iter("br"):
        br.tail = BR + (br.tail or "")
    for el in list(doc.iter(*_DROP_TAGS)):
        el.drop_tree()
    for head in list(doc.iter("head")):
        head.drop_tree()

    # The page's chrome: menus, share buttons, related links… but never most of the text.
    def paragraph_text(node) -> int:
        return sum(len(el_text(p)) for p in node.iter("p"))

    total = paragraph_text(doc) or 1
    standalone = _Standalone()
    chrome = [el for el in doc.iter() if isinstance(el.tag, str) and el is not doc
              and (_is_chrome(el) or (el.tag == "header" and not list(el.iter("h1"))))]
    removed_chrome = 0
    for el in chrome:
        if el.getparent() is None or paragraph_text(el) > total / 2 or not standalone(el):
            continue
        if el.tag not in ("header",) and _date_from_element(el) and date is None:
            date = _date_from_element(el)
            date_note = msg("the date {date} was read from the page's '{text}'",
                            date=dmy(date), text=short(el_text(el), 40))
        standalone.drop(el)
        removed_chrome += 1

    # Dates in <time> and date-named elements, then small elements of portal text.
    for el in list(doc.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or not standalone(el):
            continue
        value = el_text(el)
        if el.tag == "time" or (_DATE_CLASS.search(classes(el)) and len(value) <= 80):
            found = find_date(el.get("datetime") or "") or find_date(value)
            if found:
                if date is None:
                    date = found
                    date_note = msg("the date {date} was read from the page's <{tag}> "
                                    "'{text}'", date=dmy(found), tag=el.tag,
                                    text=short(value or el.get("datetime"), 40))
                standalone.drop(el)
                continue
        if value and len(value) <= 120 and el.tag not in ("h1", "body", "html"):
            kind, found = classify(value)
            if kind in ("boilerplate", "date"):
                if kind == "date" and date is None:
                    date = found
                    date_note = msg("the date {date} was read from the page's '{text}'",
                                    date=dmy(found), text=short(value, 40))
                standalone.drop(el)
                removed_chrome += 1
    if removed_chrome:
        notes.append(msg_n("{n} part of the page's menus, toolbars and links was dropped",
                           "{n} parts of the page's menus, toolbars and links were dropped",
                           "n", n=removed_chrome))

    order = {el: i for i, el in enumerate(doc.iter())}

    # The main content: the element whose paragraphs hold most of the text.
    scores: dict = {}
    for p in doc.iter("p", "div", "td"):
        if p.tag != "p" and any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in p):
            continue
        length = len(el_text(p))
        if length < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + length / 2
    body_el = doc.find("body") if doc.find("body") is not None else doc
    container = max(scores, key=lambda el: (scores[el], -order.get(el, 0))) if scores else body_el
    first_text = next((order[p] for p in container.iter("p") if el_text(p)),
                      order.get(container, 0))

    # The title: the h1 or title-named element nearest before the text.
    title_el = None
    candidates = [el for el in doc.iter() if isinstance(el.tag, str) and el in order
                  and (el.tag == "h1" or (el.tag not in ("body", "html", "title")
                                          and _TITLE_CLASS.search(classes(el))))
                  and 5 <= len(el_text(el)) <= MAX_TITLE]
    before = [el for el in candidates if order[el] <= first_text]
    pool = before or candidates
    if pool:
        h1s = [el for el in pool if el.tag == "h1"]
        best = max(pool, key=lambda el: order[el])
        # A title-named wrapper around the h1, or an h1 inside it: one and the same.
        if h1s and (best.tag != "h1" and (best in [a for h in h1s for a in h.iterancestors()]
                                          or list(best.iter("h1")))):
            best = max(h1s, key=lambda el: order[el])
        title_el = best
    paras: list[Para] = []
    if title_el is not None:
        title = el_text(title_el)
        named = short(title_el.get("class") or title_el.get("id") or "", 30)
        if title_el.tag == "h1":
            where = f"<{title_el.tag}>"
            note = msg("the title was taken from the page's <{tag}>", tag=title_el.tag)
        else:
            where = f"<{title_el.tag} class=\"{named}\">"
            note = msg("the title was taken from the <{tag} class=\"{name}\">",
                       tag=title_el.tag, name=named)
        paras.append(Para(title, where=where, role="title", note=note))
        title_el.set("data-bantin-skip", "title")
    else:
        title = metas.get("og:title") or head_title
        if title:
            title = re.split(r"\s+[|–—-]\s+", title)[0] if len(title) > 20 else title
            paras.append(Para(title, where="<title>", role="title",
                               note=msg("the title '{title}' was taken from the page's <title> "
                                        "(no <h1> found)", title=title)))

    # The lead and the author, by their class names.
    title_order = order.get(title_el, -1) if title_el is not None else -1
    lead_el = None
    for el in doc.iter():
        if (isinstance(el.tag, str) and el.tag not in ("body", "html")
                and order.get(el, -1) > title_order
                and LEAD_CLASS.search(classes(el)) and 20 <= len(el_text(el)) <= MAX_LEAD
                and not (title_el is not None and (_is_inside(title_el, el) or el is title_el))
                and not _is_inside(container, el) and el is not container):
            lead_el = el
            break
    if lead_el is not None:
        named = short(lead_el.get("class") or lead_el.get("id"), 30)
        paras.append(Para(el_text(lead_el), role="lead",
                           where=f"<{lead_el.tag} class=\"{named}\">",
                           note=msg("the lead was taken from the element of class '{name}'",
                                    name=named)))
        lead_el.set("data-bantin-skip", "1")
    author_para = None
    for el in doc.iter():
        if (not isinstance(el.tag, str) or el.tag in ("body", "html") or el is container
                or order.get(el, -1) < title_order
                or not _AUTHOR_CLASS.search(classes(el)) or _is_inside(container, el)
                or not 2 <= len(el_text(el)) <= 100):
            continue
        name = el_text(el)
        prefixed = AUTHOR_PREFIX.fullmatch(name)
        name = prefixed.group("name").strip() if prefixed else name
        if name_like(name, strict=False) or prefixed:
            named = short(el.get("class") or el.get("id"), 30)
            author_para = Para(name, role="author", where=f"<{el.tag} class=\"{named}\">",
                                note=msg("the author '{author}' was taken from the element of "
                                         "class '{name}'", author=name, name=named))
            el.set("data-bantin-skip", "1")
            break

    # The body, in document order.
    title_at = order.get(title_el) if title_el is not None and _is_inside(title_el, container) \
        else None
    body = BodyWalk(order, title_at, Footnotes(doc, container, order, base),
                    pictures or SavedFolder(path))
    paras.extend(body.walk(container, top=True))
    notes.extend(body.report())
    if author_para is not None:
        paras.append(author_para)
    if not any(p.text for p in paras):
        raise InputError.single(path, None, msg("no article text found in the page"))
    draft = assemble_draft(paras, path, "paragraph", notes, date=date, lead_rule="bold")
    if date_note and draft.date == date:
        notes.insert(0, date_note)
    return draft


class _Standalone:
    """Whether an element is a block of its own, or an inline element with no other text
    beside it: what can be dropped without cutting words out of a sentence. Worked out
    once for each parent (a page may hold a paragraph of thousands of spans) and kept as
    elements are dropped: one that stood alone takes no loose text with it."""

    def __init__(self) -> None:
        self.parents: dict = {}  # parent -> (loose text around its children?, inked children)

    def __call__(self, el) -> bool:
        if el.tag in BLOCK_TAGS or el.tag in _CHROME_TAGS:
            return True
        parent = el.getparent()
        if parent is None:
            return True
        found = self.parents.get(parent)
        if found is None:
            loose = any(part.strip(BR + " \t\r\n\xa0")
                        for part in [parent.text or ""] + [child.tail or "" for child in parent])
            inked = {child for child in parent if isinstance(child.tag, str)
                     and child.tag not in BLOCK_TAGS and el_text(child)}
            found = self.parents[parent] = (loose, inked)
        loose, inked = found
        return not loose and len(inked) - (el in inked) == 0

    def drop(self, el) -> None:
        parent = el.getparent()
        if parent in self.parents:
            self.parents[parent][1].discard(el)
        el.drop_tree()


def _date_from_element(el) -> dt.date | None:
    if el.tag == "time" or _DATE_CLASS.search(classes(el)):
        return find_date(el.get("datetime") or "") or find_date(el_text(el)[:80])
    return None
