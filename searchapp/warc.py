"""Web archives (.warc, .warc.gz): what a crawler or a browser's archiving tool captured of the
web (Webrecorder's ArchiveWeb.page, Browsertrix, wget's --warc-file, the Internet Archive's
downloads). Each HTML page it captured (a response of 200 as the server sent it, or an HTML
resource) is a saved page, with the address it was captured from; images, scripts, styles,
redirects and errors are no articles and are passed over. Read with the standard library."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from email.message import Message
from email.parser import Parser
from typing import BinaryIO

from .metadata import web_url
from .webpage import Part, SavedPage

MAX_HEADER_LINES = 200  # a record's or a response's; more is no web archive
_GZIP = b"\x1f\x8b"
_HTML = ("text/html", "application/xhtml+xml")


def pages(data: bytes, max_page: int) -> Iterator[tuple[str | None, SavedPage | str]]:
    """Each HTML page the archive captured, in order, with its record's id: the page, or why it
    cannot be read (larger than `max_page` bytes; in a compression the standard library lacks).
    Where the archive breaks off, the last is why, without an id."""
    stream: BinaryIO = gzip.GzipFile(fileobj=io.BytesIO(data)) if data.startswith(_GZIP) else io.BytesIO(data)
    try:
        while (record := _record(stream)) is not None:
            length = int(record.get("Content-Length", "").strip() or "-1")
            if length < 0:
                raise ValueError("a record without its Content-Length")
            kind, media = record.get("WARC-Type", ""), record.get("Content-Type", "")
            response = kind == "response" and media.startswith("application/http")
            resource = kind == "resource" and media.startswith(_HTML)
            if (response or resource) and length <= max_page + 65536:  # (a response's headers too)
                block = stream.read(length)
                if len(block) != length:
                    raise ValueError("it ends inside a record")
                url = web_url(record.get("WARC-Target-URI", "").strip("<>"))
                page = _response(block, url, max_page) if response else SavedPage(block, _charset(media), url)
                if page is not None:
                    yield record.get("WARC-Record-ID"), page
            else:
                _skip(stream, length)
                if response or resource:
                    yield record.get("WARC-Record-ID"), f"larger than {max_page >> 20} MB"
    except (OSError, EOFError, zlib.error, ValueError) as e:  # (gzip's errors are OSErrors)
        yield None, f"the web archive breaks off here ({e})"


def _record(stream: BinaryIO) -> Message | None:
    """The headers of the next record, after the blank lines that end the one before; None at
    the archive's end. ValueError if what stands there is no record."""
    line = stream.readline(65536)
    while line in (b"\r\n", b"\n"):
        line = stream.readline(65536)
    if not line:
        return None
    if not line.startswith(b"WARC/"):
        raise ValueError(f"not a WARC record: {line[:40]!r}")
    lines = []
    while (line := stream.readline(65536)) not in (b"\r\n", b"\n", b""):
        if len(lines) == MAX_HEADER_LINES:
            raise ValueError("a record with too many header lines")
        lines.append(line)
    return _headers(b"".join(lines))


def _headers(lines: bytes) -> Message:
    """Header lines read as Latin-1 text: a value is text, whatever bytes it holds (the email
    package makes one with 8-bit bytes an object that is none); their parameters as webpage.Part
    reads them (in time quadratic in a header's length, only from a header of a sane length)."""
    return Parser(_class=Part).parsestr(lines.decode("latin-1"), headersonly=True)


def _skip(stream: BinaryIO, length: int) -> None:
    """Read past a record's block (an image, a script) without keeping it."""
    while length > 0 and (chunk := stream.read(min(length, 1 << 20))):
        length -= len(chunk)


def _response(block: bytes, url: str | None, max_page: int) -> SavedPage | str | None:
    """An HTTP response's page, if it is an HTML page served whole (200): its body as sent,
    unchunked and uncompressed, in the charset its headers name; or why it cannot be read."""
    head, _, body = block.partition(b"\r\n\r\n")
    status, _, lines = head.partition(b"\r\n")
    if status.split(b" ")[1:2] != [b"200"] or not status.startswith(b"HTTP/"):
        return None
    headers = _headers(lines[: MAX_HEADER_LINES * 1024])
    if headers.get_content_type() not in _HTML:
        return None
    try:
        if "chunked" in headers.get("Transfer-Encoding", "").lower():
            body = _unchunked(body)
        coding = headers.get("Content-Encoding", "identity").strip().lower()
        if coding not in ("identity", "gzip", "x-gzip", "deflate"):
            return f"compressed with {coding}, which is not read"
        if coding != "identity":  # (a gzip or zlib header, told apart by zlib)
            body = zlib.decompressobj(zlib.MAX_WBITS | 32).decompress(body, max_page + 1)
    except (ValueError, zlib.error) as e:
        return f"a broken response ({e})"
    if len(body) > max_page:
        return f"larger than {max_page >> 20} MB"
    return SavedPage(body, headers.get_content_charset(), url)


def _unchunked(body: bytes) -> bytes:
    """A body sent in chunks ("Transfer-Encoding: chunked"), as one."""
    chunks, at = [], 0
    while (end := body.find(b"\r\n", at)) >= 0 and (size := int(body[at:end].split(b";")[0] or b"0", 16)):
        chunks.append(body[end + 2 : end + 2 + size])
        at = end + 2 + size + 2
    return b"".join(chunks)


def _charset(media: str) -> str | None:
    message = Part()
    message["Content-Type"] = media
    return message.get_content_charset()
