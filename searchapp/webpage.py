"""Web pages that a browser saves as one file: MHTML (Chrome's, Edge's and Opera's "Webpage,
Single File"; Internet Explorer's and Word's .mht) and Safari's .webarchive. Each holds the page's
HTML and the address it came from, beside its images and styles, which are not read: the HTML
becomes an article as a saved .html file does (readers), read with the standard library."""

from __future__ import annotations

import base64
import email
import plistlib
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any, NamedTuple

from .clean import text_html
from .metadata import web_url

_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PARAMETERS_CHARS = 4096  # a header whose parameters are read (a Content-Type is ~100)
MAX_HEADER_BYTES = 65536  # a part's header block (a browser writes a few hundred bytes)
MAX_PARTS = 1000  # looked at for the page (a broken file of millions took 40 s)
MAX_DEPTH = 8  # of parts within parts (a mail client nests three)
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]+")


@dataclass(frozen=True)
class SavedPage:
    html: bytes
    charset: str | None  # the HTML's, where the file names it (else the page's <meta> says)
    url: str | None  # the address the page was saved from


def mhtml(data: bytes, max_page: int) -> SavedPage:
    """The page of an MHTML file: the whole file if it is one HTML page, else its first part that
    is (frames come after it), with the address the browser saved it from (Chrome's
    Snapshot-Content-Location, else the part's own). ValueError, with the reason, if it holds no
    such page, or one larger than `max_page` bytes. Only headers are parsed, by the email package,
    and only the page's own body decoded: its parser keeps every line as an object, and a file of
    100 MB of images in short lines took GBs. The file's Date is when it was saved, not published."""
    top = _message(data, "not an MHTML file (no MIME headers)")
    found = _first(data, top, _HTML_TYPES)
    if found is None:
        raise ValueError("no web page in the MHTML file")
    headers, page = found
    html = _body(headers, page, max_page, "the MHTML file's page")
    url = web_url(top.headers.get("Snapshot-Content-Location")) or web_url(headers.get("Content-Location"))
    return SavedPage(html, headers.get_content_charset(), url)


def email_page(data: bytes, max_page: int) -> tuple[SavedPage, Message]:
    """An email's page and its headers (a newsletter saved as .eml: newsletter.py): its HTML part
    (within multipart/alternative, within multipart/mixed, as mail clients nest it), else its
    plain text as paragraphs. ValueError, with the reason, if it has neither, or one larger than
    `max_page` bytes. Read as an MHTML file is."""
    top = _message(data, "not an email (no headers)")
    for kinds in (_HTML_TYPES, ("text/plain",)):
        if found := _first(data, top, kinds):
            headers, page = found
            body, charset = _body(headers, page, max_page, "the email's text"), headers.get_content_charset()
            if kinds != _HTML_TYPES:
                body, charset = text_html(part_text(body, charset)).encode(), "utf-8"
            return SavedPage(body, charset, None), top.headers
    raise ValueError("no text in the email")


class _Span(NamedTuple):
    """A MIME part of a file: its headers, parsed, and where its body begins and ends."""

    headers: Message
    body: int
    end: int


def _message(data: bytes, reason: str) -> _Span:
    """The file as one MIME part; ValueError(`reason`) if it does not begin with headers."""
    found = _headers(data, 0, len(data))
    if found is None:
        raise ValueError(reason)
    return found


def _headers(data: bytes, at: int, end: int) -> _Span | None:
    """The part at `data[at:end]`; None if it does not begin with a header block of at most
    MAX_HEADER_BYTES."""
    blank = _BLANK_LINE.search(data, at, min(end, at + MAX_HEADER_BYTES))
    if blank is None:
        return None
    return _Span(email.message_from_bytes(data[at : blank.end()], _class=Part), blank.end(), end)


def _first(data: bytes, part: _Span, kinds: tuple[str, ...]) -> tuple[Message, bytes] | None:
    """The headers and body of the first part of one of the `kinds`: the message itself, or any
    part within it, depth first, of the first MAX_PARTS looked at."""
    for headers, body, end in _walk(data, part, 0, iter(range(MAX_PARTS))):
        if headers.get_content_type() in kinds:
            return headers, data[body:end]
    return None


def _walk(data: bytes, part: _Span, depth: int, budget: Iterator[int]) -> Iterator[_Span]:
    """A part, then the parts of its multipart body, each before its own, MAX_DEPTH deep, while
    the `budget` lasts: each part looked at, with headers or without (19M empty parts took 9 s
    when only those with headers counted), takes one."""
    yield part
    headers, body, end = part
    boundary = headers.get_boundary() if headers.get_content_maintype() == "multipart" else None
    if boundary and depth < MAX_DEPTH:
        for begins, stops in _parts(data, body, end, b"\n--" + boundary.encode("ascii", "replace")):
            if next(budget, None) is None:
                return
            if inner := _headers(data, begins, stops):
                yield from _walk(data, inner, depth + 1, budget)


def _body(headers: Message, page: bytes, max_page: int, what: str) -> bytes:
    """A page part's body, decoded (_decoded); ValueError if it is larger than `max_page` bytes
    as it stands in the file, or empty."""
    _check_size(page, max_page)
    body = _decoded(page, headers.get("Content-Transfer-Encoding"))
    if not body.strip():
        raise ValueError(f"{what} is empty")
    return body


def _decoded(body: bytes, encoding: object) -> bytes:
    """A part's body as it was before its Content-Transfer-Encoding (decoded here rather than by
    the email parser, which would keep each of its lines as an object); base64 cut short, as far
    as it goes, as the email parser reads it."""
    kind = str(encoding or "").strip().lower()
    if kind == "quoted-printable":
        return quopri.decodestring(body)
    if kind == "base64":
        letters = _NOT_BASE64.sub(b"", body)
        return base64.b64decode(letters[: len(letters) - len(letters) % 4])
    return body


def part_text(body: bytes, charset: str | None) -> str:
    """A plain text part in the charset it names (UTF-8 if it names none, or one there is not)."""
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _parts(data: bytes, body: int, end: int, delimiter: bytes) -> Iterator[tuple[int, int]]:
    """Where each part of the multipart body at `data[body:end]` begins and ends: between a
    delimiter line and the next, until the closing one ("--" after the boundary). The first
    delimiter may follow the blank line that ends the headers at once, so its newline is looked
    for from that blank line's own."""
    at = data.find(delimiter, body - 1, end)
    while at >= 0 and not data.startswith(b"--", at + len(delimiter)):
        begins = data.find(b"\n", at + len(delimiter), end) + 1  # (after the delimiter line)
        if begins == 0:
            return
        at = data.find(delimiter, begins, end)
        stops = at if at >= 0 else end
        yield begins, stops - 1 if data[stops - 1 : stops] == b"\r" else stops


class Part(Message):
    """A MIME part (or a web archive's header block) whose header parameters (a Content-Type's
    boundary and charset) are read only from a header of a sane length: Python's reading of them
    takes time quadratic in the header's length (email.message._parseparam, CPython gh-136063),
    4 s for a quote left open before 60,000 semicolons. A longer header is read as having none."""

    def get_params(self, failobj: Any = None, header: str = "content-type", unquote: bool = True) -> Any:
        if len(str(self.get(header, ""))) > MAX_PARAMETERS_CHARS:
            return failobj
        return super().get_params(failobj, header, unquote)

    def get_param(
        self, param: str, failobj: Any = None, header: str = "content-type", unquote: bool = True
    ) -> Any:
        if len(str(self.get(header, ""))) > MAX_PARAMETERS_CHARS:
            return failobj
        return super().get_param(param, failobj, header, unquote)


def webarchive(data: bytes, max_page: int) -> SavedPage:
    """The main resource of a Safari web archive (a property list): the page as the server sent
    it, in the encoding Safari noted, and its address. ValueError, with the reason, if it is not
    an archive of an HTML page, or of one larger than `max_page` bytes."""
    try:
        archive = plistlib.loads(data)
    except Exception as e:  # noqa: BLE001 - plistlib raises assorted errors on a broken file
        raise ValueError(f"not a readable Safari web archive ({type(e).__name__})") from None
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    if not isinstance(main, dict) or not isinstance(main.get("WebResourceData"), bytes):
        raise ValueError("not a Safari web archive (no main resource)")
    kind = main.get("WebResourceMIMEType")
    if kind and kind not in _HTML_TYPES:
        raise ValueError(f"the archived page is not HTML but {kind}")
    _check_size(main["WebResourceData"], max_page)
    charset = main.get("WebResourceTextEncodingName")
    return SavedPage(
        main["WebResourceData"],
        charset if isinstance(charset, str) else None,
        web_url(main.get("WebResourceURL")),
    )


def _check_size(page: bytes, max_page: int) -> None:
    if len(page) > max_page:
        raise ValueError(f"its page is larger than {max_page // 2**20} MB: not a single article page")
