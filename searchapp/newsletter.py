"""Newsletters saved as email (.eml: Gmail's "Download message", Apple Mail, Thunderbird, Outlook
on the web), or many in a mailbox (.mbox: Google Takeout's export of a label). An email's page
(webpage.email_page) is read as a saved page is (readers), its layout tables as text, and its
headers say what a newsletter's page does not: its headline (the subject), when it was sent, and
who sent it, the newsletter and often its writer ("Casey Newton from Platformer", as Substack
names its senders); Substack also gives the post's address (List-Post)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr

from .clean import Entry
from .metadata import outlet_of_host
from .webpage import SavedPage, email_page

_WRITER_FROM = " from "  # Substack's sender: "{writer} from {publication}"
_POSTMARK = re.compile(rb"^From [^\n]*\n", re.MULTILINE)  # (a body's own "From " lines are ">From ")
MAX_SENDER_CHARS = 320  # a From header read (parseaddr recurses into each "(" of a longer one)


def messages(data: bytes) -> Iterator[bytes]:
    """The messages of a mailbox (mbox), one by one, each after the "From " line that begins it.
    ValueError if the file does not begin with one."""
    if not data.startswith(b"From "):
        raise ValueError("not a mailbox (mbox: it begins with a 'From ' line)")
    return (data[mark.end() : end] for mark, end in _marked(data))


def _marked(data: bytes) -> Iterator[tuple[re.Match[bytes], int]]:
    """Each "From " line, and where its message ends: at the next one, or the file's end."""
    marks = _POSTMARK.finditer(data)
    previous = next(marks, None)
    for mark in marks:
        yield previous, mark.start()
        previous = mark
    if previous:
        yield previous, len(data)


def newsletter(data: bytes, max_page: int) -> tuple[SavedPage, Entry]:
    """An email's page, and what its headers say of it (an Entry without its HTML, which the
    reader decodes; its Message-ID its key). ValueError, with the reason, if it is no email with
    text."""
    page, headers = email_page(data, max_page)
    sender = _header(headers, "From")
    name, address = parseaddr(sender) if len(sender) <= MAX_SENDER_CHARS else ("", "")
    writer, _, letter = name.rpartition(_WRITER_FROM)
    post = _header(headers, "List-Post").strip("<> ")
    return page, Entry(
        "",
        url=post if post.startswith(("http://", "https://")) else None,
        title=_header(headers, "Subject") or None,
        date=_header(headers, "Date") or None,
        author=writer.strip() or None,
        outlet=outlet_of_host(address.rpartition("@")[2]) or letter.strip() or None,
        key=_header(headers, "Message-ID") or None,
        tables=False,
    )


def _header(headers: Message, name: str) -> str:
    """A header's text, its encoded words decoded ("=?utf-8?q?...?=") and its lines joined."""
    value = headers.get(name)
    if value is None:
        return ""
    try:
        text = str(make_header(decode_header(str(value))))
    except (ValueError, LookupError, MessageError):  # (an encoded word's charset that is none, or broken)
        text = str(value)
    return " ".join(text.split())
