"""Word documents (.docx): the paragraphs of the main text, read with the standard library (a
paragraph's text runs, tabs and breaks, in document order; a text box's paragraphs after the one
holding it; tracked deletions left out)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree as ET

MAX_XML_BYTES = 200 * 2**20  # the document's XML, unpacked: more is not a document of articles
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
