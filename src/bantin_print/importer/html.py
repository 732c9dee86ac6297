"""A saved web page of such a portal (.html, .htm)."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path

from bantin_print import text as textmod
from bantin_print.errors import InputError
from bantin_print.i18n import Message, msg, msg_n
from bantin_print.text import decoding
from bantin_print.importer.assemble import assemble_draft
from bantin_print.importer.draft import MAX_LEAD, MAX_TITLE, Draft, Para, dmy, norm, short
from bantin_print.importer.heuristics import AUTHOR_PREFIX, classify, find_date, name_like
from bantin_print.importer.text import repair_mojibake


_BR = "\ue000"  # stands for <br> while the text is gathered
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
_LEAD_CLASS = re.compile(r"sapo|tomtat|tom-tat|tom_tat|chapeau|summary|abstract|trichdan|"
                         r"(?<![a-z])(?:lead|intro|excerpt|description)(?![a-z])")
_CAPTION_CLASS = re.compile(r"caption|chuthich|chu-thich|chu_thich|(?:image|img|photo|pic)"
                            r"[-_]?desc")
_AUTHOR_CLASS = re.compile(r"author|tacgia|tac-gia|tac_gia|byline|writer|nguoiviet")
_DATE_CLASS = re.compile(r"date|time|ngay|publish|created|posted")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
               "li", "ul", "ol", "blockquote", "table", "tbody", "thead", "tfoot", "tr", "td",
               "th", "figure", "figcaption", "center", "dl", "dt", "dd", "pre", "header",
               "footer", "form", "address", "hr", "body", "html"}
_TEXT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "address"}


def _decode_html(path: Path, data: bytes, notes: list[Message]) -> str:
    decoded = decoding.decode(data)
    if decoded.bom:  # a byte order mark says what the page is, whatever it declares
        if decoded.text is not None:
            return decoded.text
        notes.append(msg("some bytes of the page are not valid in its encoding; they show "
                         "as '\ufffd'"))
        return data.decode("utf-8-sig" if decoded.bom == codecs.BOM_UTF8 else "utf-16",
                           "replace")
    declared = label = None
    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", data[:8192],
                      re.IGNORECASE)
    if match:
        label = match.group(1).decode("ascii", "replace")
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


def _classes(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def _is_chrome(el) -> bool:
    tag = el.tag
    if tag in _CHROME_TAGS:
        return True
    if (el.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = _classes(el)
    if not names.strip():
        return False
    tokens = set(re.split(r"[^a-z0-9]+", names))
    return bool(tokens & _CHROME_TOKENS) or any(s in names for s in _CHROME_SUBSTRINGS)


def _el_text(el) -> str:
    """The text of an element, <br> as a space."""
    return norm(el.text_content().replace(_BR, " "))


def _gather(el) -> str:
    """The text of an element without the parts already taken (title, lead, author); what
    stood before the title inside it goes too."""
    parts: list[str] = []

    def visit(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                mark = child.get("data-bantin-skip")
                if mark == "title":
                    parts.clear()
                elif not mark:
                    visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return "".join(parts)


def _el_chunks(el) -> list[str]:
    """The text of an element, split where two <br> in a row stand."""
    value = textmod.clean(_gather(el))
    chunks = re.split(rf"{_BR}\s*{_BR}[\s{_BR}]*", value)
    return [c for c in (textmod.collapse_spaces(c.replace(_BR, " ")) for c in chunks) if c]


def _styled_share(el, tags: tuple[str, ...], css: re.Pattern) -> float:
    """How much of the element's text is inside `tags` (or styled by `css`)."""
    if css.search(el.get("style") or ""):
        return 1.0
    total = len(_el_text(el))
    if not total:
        return 0.0
    inside = 0

    def visit(node) -> None:
        nonlocal inside
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag in tags or css.search(child.get("style") or ""):
                inside += len(_el_text(child))
            else:
                visit(child)

    visit(el)
    return inside / total


def _is_inside(node, container) -> bool:
    return any(a is container for a in node.iterancestors())


_BOLD_CSS = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_ITALIC_CSS = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)


def _align(el) -> str | None:
    for node in [el] + [c for c in el if isinstance(c.tag, str)][:1]:
        value = (node.get("align") or "").lower()
        match = re.search(r"text-align\s*:\s*(right|center)", node.get("style") or "", re.I)
        if match:
            value = match.group(1).lower()
        tokens = set(re.split(r"[^a-z0-9]+", _classes(node)))
        if tokens & {"right", "text-right", "pull-right", "align-right", "tar"}:
            value = "right"
        if value in ("right", "center"):
            return value
    return None


def read_html(path: Path, data: bytes) -> Draft:
    import lxml.html
    from lxml import etree

    notes: list[Message] = []
    text = _decode_html(path, data, notes)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise InputError.single(path, None, msg("cannot read the web page: {error}",
                                                error=str(e))) from None
    etree.strip_elements(doc, etree.Comment, etree.ProcessingInstruction, with_tail=False)

    # What the head says, before it goes.
    metas = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content"):
            metas.setdefault(key, norm(meta.get("content")))
    head_title = next((_el_text(t) for t in doc.iter("title")), "")
    date, date_note = None, None
    for key in ("article:published_time", "datepublished", "pubdate", "publishdate",
                "dc.date.issued", "dc.date", "date", "og:updated_time"):
        if key in metas and find_date(metas[key]):
            date = find_date(metas[key])
            date_note = msg("the date {date} was read from the page's '{key}' metadata",
                            date=dmy(date), key=key)
            break

    for br in doc.iter("br"):
        br.tail = _BR + (br.tail or "")
    for el in list(doc.iter(*_DROP_TAGS)):
        el.drop_tree()
    for head in list(doc.iter("head")):
        head.drop_tree()

    # The page's chrome: menus, share buttons, related links… but never most of the text.
    def paragraph_text(node) -> int:
        return sum(len(_el_text(p)) for p in node.iter("p"))

    total = paragraph_text(doc) or 1
    chrome = [el for el in doc.iter() if isinstance(el.tag, str) and el is not doc
              and (_is_chrome(el) or (el.tag == "header" and not list(el.iter("h1"))))]
    removed_chrome = 0
    for el in chrome:
        if el.getparent() is None or paragraph_text(el) > total / 2 or not _standalone(el):
            continue
        if el.tag not in ("header",) and _date_from_element(el) and date is None:
            date = _date_from_element(el)
            date_note = msg("the date {date} was read from the page's '{text}'",
                            date=dmy(date), text=short(_el_text(el), 40))
        el.drop_tree()
        removed_chrome += 1

    # Dates in <time> and date-named elements, then small elements of portal text.
    for el in list(doc.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or not _standalone(el):
            continue
        names = _classes(el)
        is_date_el = el.tag == "time" or (_DATE_CLASS.search(names) and len(_el_text(el)) <= 80)
        if is_date_el:
            found = find_date(el.get("datetime") or "") or find_date(_el_text(el))
            if found:
                if date is None:
                    date = found
                    date_note = msg("the date {date} was read from the page's <{tag}> "
                                    "'{text}'", date=dmy(found), tag=el.tag,
                                    text=short(_el_text(el) or el.get("datetime"), 40))
                el.drop_tree()
                continue
        value = _el_text(el)
        if value and len(value) <= 120 and el.tag not in ("h1", "body", "html"):
            kind, found = classify(value)
            if kind in ("boilerplate", "date"):
                if kind == "date" and date is None:
                    date = found
                    date_note = msg("the date {date} was read from the page's '{text}'",
                                    date=dmy(found), text=short(value, 40))
                el.drop_tree()
                removed_chrome += 1
    if removed_chrome:
        notes.append(msg_n("{n} part of the page's menus, toolbars and links was dropped",
                           "{n} parts of the page's menus, toolbars and links were dropped",
                           "n", n=removed_chrome))

    order = {el: i for i, el in enumerate(doc.iter())}

    # The main content: the element whose paragraphs hold most of the text.
    scores: dict = {}
    for p in doc.iter("p", "div", "td"):
        if p.tag != "p" and any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in p):
            continue
        length = len(_el_text(p))
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
    first_text = next((order[p] for p in container.iter("p") if _el_text(p)),
                      order.get(container, 0))

    # The title: the h1 or title-named element nearest before the text.
    title_el = None
    candidates = [el for el in doc.iter() if isinstance(el.tag, str) and el in order
                  and (el.tag == "h1" or (el.tag not in ("body", "html", "title")
                                          and _TITLE_CLASS.search(_classes(el))))
                  and 5 <= len(_el_text(el)) <= MAX_TITLE]
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
        title = _el_text(title_el)
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
                and _LEAD_CLASS.search(_classes(el)) and 20 <= len(_el_text(el)) <= MAX_LEAD
                and not (title_el is not None and (_is_inside(title_el, el) or el is title_el))
                and not _is_inside(container, el) and el is not container):
            lead_el = el
            break
    if lead_el is not None:
        named = short(lead_el.get("class") or lead_el.get("id"), 30)
        paras.append(Para(_el_text(lead_el), role="lead",
                           where=f"<{lead_el.tag} class=\"{named}\">",
                           note=msg("the lead was taken from the element of class '{name}'",
                                    name=named)))
        lead_el.set("data-bantin-skip", "1")
    author_para = None
    for el in doc.iter():
        if (not isinstance(el.tag, str) or el.tag in ("body", "html") or el is container
                or order.get(el, -1) < title_order
                or not _AUTHOR_CLASS.search(_classes(el)) or _is_inside(container, el)
                or not 2 <= len(_el_text(el)) <= 100):
            continue
        name = _el_text(el)
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
    walked = list(_walk_node(container, order, title_at, top=True))
    paras.extend(walked)
    if author_para is not None:
        paras.append(author_para)
    if not any(p.text for p in paras):
        raise InputError.single(path, None, msg("no article text found in the page"))
    draft = assemble_draft(paras, path, "paragraph", notes, date=date, lead_rule="bold")
    if date_note and draft.date == date:
        notes.insert(0, date_note)
    return draft


def _standalone(el) -> bool:
    """A block of its own, or an inline element with no other text beside it: what can be
    dropped without cutting words out of a sentence."""
    if el.tag in _BLOCK_TAGS or el.tag in _CHROME_TAGS:
        return True
    parent = el.getparent()
    if parent is None:
        return True
    loose = [parent.text or ""] + [child.tail or "" for child in parent]
    if any(part.strip(_BR + " \t\r\n\xa0") for part in loose):
        return False  # text of the sentence around it
    return not any(isinstance(sibling.tag, str) and sibling.tag not in _BLOCK_TAGS
                   and sibling is not el and _el_text(sibling) for sibling in parent)


def _date_from_element(el) -> dt.date | None:
    if el.tag == "time" or _DATE_CLASS.search(_classes(el)):
        return find_date(el.get("datetime") or "") or find_date(_el_text(el)[:80])
    return None


def _walk_node(el, order: dict, title_at: int | None, top: bool = False):
    """Paragraphs of the main content in document order; pictures as role "picture" with
    their alternative text."""
    if not isinstance(el.tag, str) or el.get("data-bantin-skip"):
        return
    if title_at is not None and order.get(el, 1 << 30) < title_at and not _contains_index(
            el, order, title_at):
        return  # before the title: a category label, a date…
    tag = el.tag
    if tag == "img":
        alt = norm(el.get("alt") or el.get("title") or "")
        yield Para(alt, role="picture", where="<img>")
        return
    if tag == "figcaption" or (not top and _CAPTION_CLASS.search(_classes(el))):
        value = _el_text(el)
        if value:
            if tag == "figcaption":
                note = msg("the caption '{text}' was taken from the page's <{tag}>",
                           text=short(value), tag=tag)
            else:
                note = msg("the caption '{text}' was taken from the page's <{tag}> of class "
                           "'{name}'", text=short(value), tag=tag,
                           name=short(_classes(el).strip(), 30))
            yield Para(value, role="caption", where=f"<{tag}>", note=note)
        return
    if not top and not _has_blocks(el):
        for img in el.iter("img"):
            yield from _walk_node(img, order, None)
        bold = _styled_share(el, ("strong", "b"), _BOLD_CSS) >= 0.9
        italic = _styled_share(el, ("em", "i"), _ITALIC_CSS) >= 0.9
        align = _align(el)
        for chunk in _el_chunks(el):
            yield Para(chunk, where=f"<{tag}> '{short(chunk, 30)}'", bold=bold, italic=italic,
                        align=align)
        return
    # Mixed content: runs of text and inline elements between block elements.
    buffer = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            buffer.append(child.tail or "")
            continue
        if child.get("data-bantin-skip") == "title":
            buffer = [child.tail or ""]  # what stood before the title: a label, a date…
            continue
        if child.tag == "img" or child.get("data-bantin-skip") or _has_blocks(child) \
                or child.tag in _BLOCK_TAGS or _CAPTION_CLASS.search(_classes(child)):
            if title_at is not None and order.get(child, 0) < title_at \
                    and not _contains_index(child, order, title_at):
                buffer = [child.tail or ""]
                continue
            yield from _flush(buffer)
            yield from _walk_node(child, order, title_at)
            buffer = [child.tail or ""]
        else:
            for img in child.iter("img"):
                yield from _walk_node(img, order, None)
            buffer += [_gather(child), child.tail or ""]
    yield from _flush(buffer)


def _has_blocks(el) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iter() if c is not el)


def _flush(buffer: list[str]):
    value = textmod.clean("".join(buffer))
    for chunk in re.split(rf"{_BR}\s*{_BR}", value):
        chunk = textmod.collapse_spaces(chunk.replace(_BR, " "))
        if chunk:
            yield Para(chunk, where=f"'{short(chunk, 30)}'")


def _contains_index(el, order: dict, index: int) -> bool:
    return any(order.get(d) == index for d in el.iter())
