"""A web page saved as one file (.mhtml, .mht: Chrome's "Save as… single file", Word's
and Internet Explorer's "Web archive"): a MIME multipart/related message whose first HTML
part is the page and whose other parts are what it shows, each by its Content-Location
or Content-ID."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from urllib.parse import urljoin

from bantin_print.errors import InputError
from bantin_print.i18n import msg
from bantin_print.importer.draft import Draft
from bantin_print.importer.html import read_html
from bantin_print.importer.pictures import SavedParts


def read_mhtml(path: Path, data: bytes) -> Draft:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart():
        raise InputError.single(path, None, msg(
            "cannot be read as a saved web page (.mhtml): it is not a MIME multipart file"))
    base = message.get("Snapshot-Content-Location", "")
    page = None
    parts: dict[str, bytes] = {}
    start = (message.get_param("start") or "").strip("<>")
    for part in message.walk():
        if part.is_multipart():
            continue
        # The payload decoded whole: quoted-printable's soft breaks cut through UTF-8
        # sequences and tags.
        payload = part.get_payload(decode=True) or b""
        location = (part.get("Content-Location") or "").strip()
        content_id = (part.get("Content-ID") or "").strip().strip("<>")
        is_page = (part.get_content_type() == "text/html"
                   and (content_id == start if start else page is None))
        if is_page:
            page = part, payload
            base = urljoin(base, location) if location else base
            continue
        if location:
            parts[urljoin(base, location)] = payload
        if content_id:
            parts[f"cid:{content_id}"] = payload
    if page is None:
        raise InputError.single(path, None, msg(
            "the saved web page (.mhtml) holds no HTML page"))
    part, payload = page
    # Locations written relative to the page's, now that it is known.
    parts = {urljoin(base, key) if not key.startswith("cid:") else key: value
             for key, value in parts.items()}
    return read_html(path, payload, SavedParts(path, base, parts), base=base or None,
                     charset=part.get_content_charset())
