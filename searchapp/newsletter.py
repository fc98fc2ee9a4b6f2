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
from html import unescape

from .clean import Entry
from .metadata import outlet_of_host, web_url
from .webpage import SavedPage, email_page, part_text

_WRITER_FROM = " from "  # Substack's sender: "{writer} from {publication}"
# The line that begins a mailbox's message: "From " and its sender, then when it was received as
# C's asctime writes it ("From - Mon Nov 23 10:00:00 2026": Thunderbird's, Google Takeout's, Apple
# Mail's). A body's own "From " lines are to be written ">From ", but Thunderbird leaves them:
# "From the editor" begins no message. A mailbox whose first line is not of that form is split at
# every "From " line.
_POSTMARK = re.compile(rb"^From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d \d\d?:\d\d[^\n]*\n", re.MULTILINE)
_ANY_POSTMARK = re.compile(rb"^From [^\n]*\n", re.MULTILINE)
_FORWARD = re.compile(r"(?:(?:fwd?|fw)[ \t]*:[ \t]*)+", re.IGNORECASE)  # a subject's "Fwd: ", "FW: "
# Where Gmail, Apple Mail and Outlook begin what they forward; a run of dashes read once, not from
# each of its dashes (a line of 40,000 took 23 s, growing with the square).
_FORWARD_MARKER = re.compile(
    r"(?<!-)-+ ?(?:Forwarded message|Original Message) ?-+|Begin forwarded message:", re.IGNORECASE
)
_QUOTED_FIELD = re.compile(r"[ \t>*]*(From|Date|Sent|Subject)[ \t]*:[ \t*]*(\S[^\n]*)", re.IGNORECASE)
QUOTED_LINES = 12  # after the forward's marker, where its quoted fields are looked for
_LINE_BREAK = re.compile(r"<br\b[^<>]*>|</(?:div|p|tr|li)>", re.IGNORECASE)
_MARKUP = re.compile(r"<[^<>]*>")
# The division of the lines Gmail quotes above what it forwards (_without_gmail_quoted)
_GMAIL_QUOTED = re.compile(rb"<div[^<>]*\bclass=\"?gmail_attr\b[^<>]*>", re.IGNORECASE)
# Apple Mail's quoted lines: its marker, then a division a field ("<div><b>From: </b>...</div>"),
# each ending at its first closing tag (no division within them; read as _without_gmail_quoted).
_APPLE_MARKER = re.compile(rb"Begin forwarded message:", re.IGNORECASE)
_APPLE_FIELD = re.compile(
    rb"(?:\s|<br\b[^<>]*>|</div>)*<div\b[^<>]*>(?:\s|<(?!/?div\b)[^<>]*>)*"
    rb"(?:From|Subject|Date|To|Cc|Reply-To)[ \t]*:",
    re.IGNORECASE,
)
MAX_SENDER_CHARS = 320  # a From header read (parseaddr recurses into each "(" of a longer one)


def messages(data: bytes) -> Iterator[bytes]:
    """The messages of a mailbox (mbox), one by one, each after the "From " line that begins it.
    ValueError if the file does not begin with one."""
    if not data.startswith(b"From "):
        raise ValueError("not a mailbox (mbox: it begins with a 'From ' line)")
    return (data[mark.end() : end] for mark, end in _marked(data))


def _marked(data: bytes) -> Iterator[tuple[re.Match[bytes], int]]:
    """Each "From " line, and where its message ends: at the next one, or the file's end."""
    marks = (_POSTMARK if _POSTMARK.match(data) else _ANY_POSTMARK).finditer(data)
    previous = next(marks, None)
    for mark in marks:
        yield previous, mark.start()
        previous = mark
    if previous:
        yield previous, len(data)


def newsletter(data: bytes, max_page: int) -> tuple[SavedPage, Entry]:
    """An email's page, and what its headers say of it (an Entry without its HTML, which the
    reader decodes; its Message-ID its key). A newsletter forwarded ("Fwd: ...") is the one
    forwarded: its sender, date and subject as the forward quotes them (_forwarded). ValueError,
    with the reason, if it is no email with text."""
    page, headers = email_page(data, max_page)
    sender, date, subject = (_header(headers, name) for name in ("From", "Date", "Subject"))
    if forward := _FORWARD.match(subject):
        page, quoted = _forwarded(page)
        sender, date = quoted.get("from", sender), quoted.get("date") or quoted.get("sent") or date
        subject = quoted.get("subject") or subject[forward.end() :]
    name, address = parseaddr(sender) if len(sender) <= MAX_SENDER_CHARS else ("", "")
    writer, _, letter = name.rpartition(_WRITER_FROM)
    post = _header(headers, "List-Post").strip("<> ")
    return page, Entry(
        "",
        url=web_url(post),
        title=subject or None,
        date=date or None,
        author=writer.strip() or None,
        outlet=outlet_of_host(address.rpartition("@")[2]) or letter.strip() or None,
        key=_header(headers, "Message-ID") or None,
        tables=False,
    )


def _forwarded(page: SavedPage) -> tuple[SavedPage, dict[str, str]]:
    """A forward's page, less the lines Gmail puts above what it forwards (trafilatura took them
    for the article, and dropped the newsletter), and the fields those lines, or Apple Mail's or
    Outlook's, quote: from, date (Outlook's sent) and subject, lower case."""
    html = part_text(page.html, page.charset)
    text = unescape(_MARKUP.sub("", _LINE_BREAK.sub("\n", html)))
    marker = _FORWARD_MARKER.search(text)
    quoted: dict[str, str] = {}
    for line in text[marker.end() if marker else 0 :].splitlines()[:QUOTED_LINES]:
        if field := _QUOTED_FIELD.match(line):
            quoted.setdefault(field[1].lower(), " ".join(field[2].split()))
    return SavedPage(_without_apple_quoted(_without_gmail_quoted(page.html)), page.charset, page.url), quoted


def _without_gmail_quoted(html: bytes) -> bytes:
    """The HTML less each of Gmail's divisions of the lines above a forward (no division within
    them), each to the next closing tag found by bytes.find: a pattern looking on to it from each
    opening tag took time growing with their number times the page's length."""
    kept, at = [], 0
    for tag in _GMAIL_QUOTED.finditer(html):
        if tag.start() < at:
            continue
        ends = html.find(b"</div>", tag.end())
        if ends < 0:
            break
        kept.append(html[at : tag.start()])
        at = ends + len(b"</div>")
    return b"".join(kept) + html[at:]


def _without_apple_quoted(html: bytes) -> bytes:
    """The HTML less Apple Mail's "Begin forwarded message:" and the divisions of the fields it
    quotes after it (From, Subject, Date, To, Reply-To), which trafilatura keeps as the article's
    first lines."""
    if not (marker := _APPLE_MARKER.search(html)):
        return html
    at = marker.end()
    while (field := _APPLE_FIELD.match(html, at)) and (ends := html.find(b"</div>", field.end())) >= 0:
        at = ends + len(b"</div>")
    return html[: marker.start()] + html[at:]


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
