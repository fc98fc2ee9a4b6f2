"""Word-processor documents, Word's (.docx) and OpenDocument's (.odt: LibreOffice, Google Docs'
download): the paragraphs of the main text, read with the standard library (a paragraph's text,
tabs and breaks, in document order; a text box's paragraphs, and an .odt's footnotes, after the
one holding them; tracked deletions and comments left out)."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree as ET

MAX_XML_BYTES = 200 * 2**20  # the document's XML, unpacked: more is not a document of articles
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def docx_paragraphs(data: bytes) -> list[str]:
    """The non-empty paragraphs of a .docx file's main text. ValueError, with the reason, for a
    file that is not one."""
    root = _xml(data, "word/document.xml", "Word document")
    return _kept("".join(_docx_texts(paragraph)) for paragraph in root.iter(f"{_W}p"))


def odt_paragraphs(data: bytes) -> list[str]:
    """The non-empty paragraphs and headings of an .odt file's text, but those of its record of
    tracked changes (the text deleted) and of its comments. ValueError, with the reason, for a
    file that is not one."""
    root = _xml(data, "content.xml", "OpenDocument text")
    aside = [*root.iter(f"{_T}tracked-changes"), *root.iter(f"{_OFFICE}annotation")]
    left_out = {id(node) for part in aside for node in part.iter()}
    return _kept(
        "".join(_odt_texts(node))
        for node in root.iter()
        if node.tag in (f"{_T}p", f"{_T}h") and id(node) not in left_out
    )


def _xml(data: bytes, member: str, kind: str) -> ET.Element:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo(member)
            if info.file_size > MAX_XML_BYTES:
                raise ValueError(f"its text unpacks to more than {MAX_XML_BYTES // 2**20} MB")
            return ET.fromstring(package.read(info))
    except KeyError:
        raise ValueError(f"not a readable {kind} (no {member} inside)") from None
    # (Damaged: zlib.error; compressed as zipfile cannot: NotImplementedError; XML in an encoding
    # that is none: LookupError.)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, ET.ParseError, LookupError, EOFError) as e:
        raise ValueError(f"not a readable {kind} ({e})") from None


def _kept(texts: Iterator[str]) -> list[str]:
    return [text for text in map(str.strip, texts) if text]


def _docx_texts(node: ET.Element) -> Iterator[str]:
    for child in node:
        if child.tag == f"{_W}t":
            yield child.text or ""
        elif child.tag == f"{_W}tab":
            yield "\t"
        elif child.tag in (f"{_W}br", f"{_W}cr"):
            yield "\n"
        elif child.tag != f"{_W}p":  # (a nested paragraph, a text box's, is a paragraph of its own)
            yield from _docx_texts(child)


def _odt_texts(node: ET.Element) -> Iterator[str]:
    """A paragraph's text: ODF writes it between its elements (spans, links), a run of spaces as
    one element that counts them; what is not text (a frame's image and its description, a
    comment) is left out, and a nested paragraph (a text box's, a footnote's) is its own."""
    yield node.text or ""
    for child in node:
        if child.tag == f"{_T}s":
            count = child.get(f"{_T}c", "1")
            yield " " * (int(count) if count.isdigit() and len(count) < 3 else 1)
        elif child.tag == f"{_T}tab":
            yield "\t"
        elif child.tag == f"{_T}line-break":
            yield "\n"
        elif child.tag.startswith(_T) and child.tag not in (f"{_T}p", f"{_T}h", f"{_T}note"):
            yield from _odt_texts(child)
        yield child.tail or ""
