"""Evernote exports (.enex): a notebook's notes as XML, each a web clip or a note typed in. A note
is read as a saved page (readers): its content, Evernote's XHTML (ENML), as the page's body, its
title as the page's, and the address it was clipped from. Its images, attached in base64, are
not read, nor its created date: when it was clipped, not when the article was published."""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET

from .clean import Entry, page_html


def notes(data: bytes) -> tuple[list[Entry], str | None]:
    """The notes of an export, in order, each parsed and let go in turn (a notebook's export with
    its images runs to GBs); and why the file stops being one, if it does, after those notes."""
    found: list[Entry] = []
    try:
        for _, element in ET.iterparse(io.BytesIO(data)):
            if element.tag == "note":
                found.append(_note(element))
                element.clear()
    except (ET.ParseError, LookupError) as e:  # (LookupError: an encoding it names that is none)
        return found, f"not a readable Evernote export ({e})"
    return found, None if found else "no notes in the Evernote export"


def _note(note: ET.Element) -> Entry:
    content = note.findtext("content") or ""
    root, end = content.find("<en-note"), content.rfind("</en-note>")
    start = content.find(">", root) + 1 if root >= 0 else 0  # (its root's tag ends, the prolog with it)
    body = content[start:end] if 0 < start <= end else ""
    url = (note.findtext("note-attributes/source-url") or "").strip()
    return Entry(page_html((note.findtext("title") or "").strip(), body), url or None)
