"""Pages printed to PDF (a browser's "Save as PDF"), read with pypdf: the text of each line as
printed, with its height on the page and its letters' size, which tell what the browser printed
around the page and where paragraphs part."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .clean import Page, parse_page

# What a browser prints around each page, in its own order: the page's title and address, the
# page number, and when it was printed ("11/24/26, 7:33 AM", "24/11/2026, 07:33").
_PRINTED_URL = re.compile(r"\S+://\S+")
_PRINTED_PARTS = re.compile(
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4},? \d{1,2}:\d{2}(?: ?[AP]M)?|(?:page )?\d+ ?(?:/|of) ?\d+", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?:\"'”’)]$")
PARAGRAPH_GAP = 1.6  # the space between two lines of a paragraph, at most, in their letters' size
SAME_SIZE = 0.5  # letter sizes this close are one (a PDF writer's rounding)


@dataclass(frozen=True)
class Printed:
    """A PDF's text as paragraphs, less what a browser printed around each page, and what it
    says of itself: its title (metadata) and the address the browser printed."""

    paragraphs: list[str]
    title: str
    url: str | None


def printed(data: bytes) -> Printed:
    """A PDF's paragraphs: the lines a browser printed around each page dropped (the URL it
    printed kept), lines joined into paragraphs by the space between them. ValueError, with the
    reason, for a file pypdf cannot read, an encrypted one, or a scan, which has no text to read."""
    from pypdf import PdfReader  # imported here: only PDF files need it

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # (it logs every flaw it works around)

    try:
        reader = PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = [] if locked else [_pdf_lines(page) for page in reader.pages]
        title = None if locked else (reader.metadata or {}).get("/Title")
    except Exception as e:  # pypdf raises assorted errors on a broken file
        raise ValueError(f"not a readable PDF: {e}") from None
    if locked:
        raise ValueError("an encrypted PDF")
    title = " ".join(title.split()) if isinstance(title, str) else ""
    paragraphs: list[str] = []
    url, last_size = None, 0.0
    for lines in pages:
        kept = []
        for y, size, line in lines:
            if _printed(line, title):
                printed_url = _PRINTED_URL.search(line)
                url = url or (
                    printed_url.group() if printed_url and printed_url.group().startswith("http") else None
                )
            else:
                kept.append((y, size, line))
        for n, (paragraph, size) in enumerate(_paragraphs(kept)):
            # (a paragraph goes on over a page break where its sentence does, in letters of one size)
            same_size = abs(size - last_size) < SAME_SIZE
            if n == 0 and paragraphs and not _SENTENCE_END.search(paragraphs[-1]) and same_size:
                paragraphs[-1] = _joined(paragraphs[-1], paragraph)
            else:
                paragraphs.append(paragraph)
            last_size = size
    if not paragraphs:
        raise ValueError("no text in the PDF (a scan needs OCR first)")
    return Printed(paragraphs, title, url)


def printed_page(printed: Printed) -> Page:
    """The article of a page printed to PDF: its paragraphs read as a text dump, with the PDF's
    title and the address printed where the text gives none."""
    page = parse_page("\n".join(printed.paragraphs))
    return Page(
        title=page.title or printed.title or None,
        body=page.body,
        date=page.date,
        author=page.author,
        url=page.url or printed.url,
        outlet=page.outlet,
    )


def _printed(line: str, title: str) -> bool:
    """Whether a line is only what the browser printed around the page: its title (or the start
    of it), address, page number and time of printing, in any order, with separators."""
    rest = _PRINTED_PARTS.sub(" ", _PRINTED_URL.sub(" ", line))
    if title:
        rest = rest.replace(title, " ")
    rest = rest.strip(" |-–—·…")
    if rest.endswith("..."):
        rest = rest[:-3].rstrip()
    return rest != line and (not rest or (len(rest) >= 10 and title.startswith(rest)))


def _pdf_lines(page: Any) -> list[tuple[float, float, str]]:
    """A PDF page's lines of text, top to bottom as printed: each line's height on the page, the
    size of its letters, and its text."""
    lines: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _: Any, size: float) -> None:
        y, scale = cm[3] * tm[5] + cm[5], abs(size * tm[3] * cm[3])
        same_line = lines and abs(y - lines[-1][0]) < 1
        if same_line:
            lines[-1] = (y, max(scale, lines[-1][1]), lines[-1][2] + text.replace("\n", " "))
        elif text.strip():  # (pypdf passes the spaces it puts between words too, and line breaks)
            lines.append((y, scale, text))

    page.extract_text(visitor_text=visit)
    return [
        (y, size, " ".join(unicodedata.normalize("NFKC", text).split()))
        for y, size, text in lines
        if text.strip()
    ]


def _paragraphs(lines: list[tuple[float, float, str]]) -> list[tuple[str, float]]:
    """Lines joined into paragraphs, each with its last line's letter size: a line goes on the
    last one's paragraph where it stands below it by at most PARAGRAPH_GAP times its letters'
    size (lines of a paragraph stand about 1.2 apart, paragraphs 2 or more)."""
    paragraphs: list[tuple[str, float]] = []
    for n, (y, size, line) in enumerate(lines):
        if n and 0 < lines[n - 1][0] - y <= PARAGRAPH_GAP * size:
            paragraphs[-1] = (_joined(paragraphs[-1][0], line), size)
        else:
            paragraphs.append((line, size))
    return paragraphs


def _joined(text: str, more: str) -> str:
    """Two wrapped lines as one: a line ending in a hyphen goes straight on ("non-" "profit")."""
    return f"{text}{more}" if text.endswith("-") else f"{text} {more}"
