"""Word documents (.docx): their paragraphs, and the articles of a Nexis Uni (LexisNexis) export.

Researchers take news from Nexis Uni as .docx files of up to a hundred articles each: a cover
page (the search and a numbered list of headlines), then each article as headline, publication,
date line and copyright notice, tagged lines (`Byline: ...`, `Length: ...`), `Body`, the text,
an optional `Graphic` and `Classification` (`Load-Date: ...`), and `End of Document`. The tags
are the same in every export; the untagged lines are told apart by their order, as
tm.plugin.lexisnexis and LexisNexisTools read them.

The document's XML is read with the standard library: a paragraph's text runs, tabs and breaks,
in document order (a text box's paragraphs after the one holding it).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from xml.etree import ElementTree as ET

from .clean import Page
from .metadata import DATE_PATTERN, parse_date

MAX_XML_BYTES = 200 * 2**20  # the document's XML, unpacked: more is not a document of articles
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

END = re.compile(r"end of document", re.IGNORECASE)
# Tags of an article's header, between the copyright notice and `Body` (tag, colon, a space or a
# non-breaking one); a headline with a colon ("Biden: ...") is never one of these.
_HEADER_TAG = re.compile(
    r"(?:Byline|Dateline|Section|Length|Highlight|Edition|Series|Type|Journal-Code|Correction(?:-Date)?)"
    r":[\s\xa0]",
    re.IGNORECASE,
)
_TAG = re.compile(r"(?P<tag>[A-Za-z][\w/-]*):[\s\xa0]+(?P<value>.*)")
_COPYRIGHT = re.compile(r"(?:copyright\b|©|\(c\)\s*\d{4})", re.IGNORECASE)
_BODY_ENDS = re.compile(r"(?:classification|graphic|notes|load-date:.*)", re.IGNORECASE)
_NO_HEADLINE = "no headline in original"
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?", re.IGNORECASE)


def paragraphs(data: bytes) -> list[str]:
    """The non-empty paragraphs of a .docx file's main text. ValueError, with the reason, for a
    file that is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise ValueError(f"its text unpacks to more than {MAX_XML_BYTES // 2**20} MB")
            root = ET.fromstring(package.read(info))
    except KeyError:
        raise ValueError("not a Word document (no word/document.xml inside)") from None
    except (zipfile.BadZipFile, ET.ParseError, EOFError) as e:
        raise ValueError(f"not a readable Word document ({e})") from None
    found = []
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(_texts(paragraph)).strip()
        if text:
            found.append(text)
    return found


def _texts(node: ET.Element) -> Iterator[str]:
    for child in node:
        if child.tag == f"{_W}t":
            yield child.text or ""
        elif child.tag == f"{_W}tab":
            yield "\t"
        elif child.tag in (f"{_W}br", f"{_W}cr"):
            yield "\n"
        elif child.tag != f"{_W}p":  # (a nested paragraph, a text box's, is a paragraph of its own)
            yield from _texts(child)


def nexis_documents(lines: list[str]) -> list[Page] | None:
    """The articles of a Nexis Uni export, in order; None if `lines` are not one. An article
    whose text cannot be found has an empty body (the reader reports it by its number)."""
    if not any(END.fullmatch(line) for line in lines) or "Body" not in lines:
        return None
    documents: list[list[str]] = [[]]
    for line in lines:
        if END.fullmatch(line):
            documents.append([])
        else:
            documents[-1].append(line)
    return [_document(document) for document in documents if document]


def _document(lines: list[str]) -> Page:
    """One article: the untagged lines above the tags end with headline, publication and date
    line (and the copyright notice); the first article's are preceded by the cover page."""
    at = lines.index("Body") if "Body" in lines else len(lines)
    header, rest = lines[:at], lines[at + 1 :]
    end = next((i for i, line in enumerate(rest) if _BODY_ENDS.fullmatch(line)), len(rest))
    body, tail = rest[:end], rest[end:]
    tags = {m["tag"].lower(): m["value"].strip() for line in header + tail if (m := _TAG.fullmatch(line))}

    top = header[: next((i for i, line in enumerate(header) if _HEADER_TAG.match(line)), len(header))]
    copyright_at = max((i for i, line in enumerate(top) if _COPYRIGHT.match(line)), default=len(top))
    top = top[:copyright_at]
    dated = max((i for i, line in enumerate(top) if _date_line(line)), default=None)
    when = _date_line(top[dated]) if dated is not None else None
    named = top[:dated] if dated is not None else top  # [the cover page...,] headline[, publication]
    title, outlet = (named[-2], named[-1]) if len(named) >= 2 else (named[0] if named else None, None)
    author = tags.get("byline")
    return Page(
        title=None if title is None or title.lower() == _NO_HEADLINE else title,
        body="\n\n".join(body),
        date=when or (parse_date(tags["load-date"]) if "load-date" in tags else None),
        author=re.sub(r"^by\s+", "", author, flags=re.IGNORECASE) if author else None,
        outlet=outlet,
    )


def _date_line(line: str) -> datetime | date | None:
    """The date of a date line ("March 3, 2021 Wednesday 10:15 AM EST", "Wednesday 3 March
    2021", an edition after it), or None: a date at the start of the line, less its weekday."""
    found = DATE_PATTERN.match(_WEEKDAY.sub("", line).strip())
    return parse_date(found.group()) if found else None
