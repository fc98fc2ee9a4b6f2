"""Turn a raw text dump of a news page into its headline, metadata and article paragraphs.

The rules are about how news pages are built, not about particular sites: a headline near the
top, a dateline and byline under it or after the lede (the byline as "By ..." or as a name and
a role), photo captions with credits, inline "Read more" links, and after the article a tail of
author boxes, teasers and lists of other headlines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

from .metadata import DATE_PATTERN, parse_date


@dataclass(frozen=True)
class Page:
    """What a page says about itself; every field may be missing."""

    title: str | None
    body: str
    date: datetime | date | None = None
    author: str | None = None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Entry:
    """A web page held in another file (an Evernote export's note, a news feed's item, an email),
    read as a saved page is, and what the file says of it beside the page, which comes first."""

    html: str
    url: str | None = None
    title: str | None = None
    date: str | None = None  # as written
    author: str | None = None
    outlet: str | None = None
    key: str | None = None  # what names it in every save of its file (a feed item's guid)
    tables: bool = True  # whether its tables hold data (a web page's) or only lay it out (an email's)


def page_html(title: str, body: str) -> str:
    """A page of a headline (text) and HTML, for the HTML reader (readers._html_page)."""
    return f"<html><head><title>{escape(title)}</title></head><body><article>{body}</article></body></html>"


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def text_html(text: str) -> str:
    """Plain text as HTML paragraphs: a blank line parts them."""
    return blank_lines_html(escape(text))


def blank_lines_html(html: str) -> str:
    """HTML whose paragraphs blank lines part (escaped text; a post of WordPress's classic
    editor) as HTML paragraphs."""
    return "".join(f"<p>{p}</p>" for p in _BLANK_LINE.split(html.replace("\r", "")) if p.strip())


# Markup that says a record's text is HTML: its paragraphs marked up (a dataset's or an API's
# "content": "<p>...</p>"; inline tags alone, "<b>", may be a text's own words); a tag's
# attributes read to the next "<" or ">", not past it (linear in the text).
_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote|figure|section|article|table)\b[^<>]*>", re.I)

# Elements that part paragraphs, in HTML and in NITF (a news agency's: hl2 a subheading, bq a
# quotation), and those whose text is no article's: a script, a page's head, a photo's caption.
_BLOCKS = {"p", "div", "section", "article", "blockquote", "figure", "li", "dd", "dt", "tr", "pre"}
_BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6", "hl2", "bq"}
_LEFT_OUT = {"script", "style", "noscript", "template", "head", "figcaption", "media"}


def html_text(text: str) -> str:
    """A record's text as paragraphs, if it is HTML (_MARKUP), read by lxml's HTML parser
    (the standard library's takes time growing with the square of some broken markup: 27 s for
    100,000 "<a"); else as it is."""
    if not _MARKUP.search(text):
        return text
    from lxml import etree, html  # (trafilatura's own parser: imported where records hold HTML)

    utf8 = html.HTMLParser(encoding="utf-8")  # (as bytes: lxml refuses text that declares an encoding)
    try:
        return element_text(html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=utf8))
    except etree.ParserError:  # (a document of nothing but markup)
        return ""


def element_text(*elements: Any) -> str:
    """Paragraphs of elements' text (ElementTree's or lxml's: the tree is changed), each on a
    line of its own: parted where a block parts them (_BLOCKS), where two line breaks do, or a
    blank line; with _LEFT_OUT's text left out."""
    for element in elements:
        for inner in list(element.iter()):
            if inner.tag in _LEFT_OUT:
                tail = inner.tail
                inner.clear()
                inner.tail = tail
            elif inner.tag in _BLOCKS or inner.tag == "br":
                gap = "\n" if inner.tag == "br" else "\n\n"
                inner.text, inner.tail = f"{gap}{inner.text or ''}", f"{gap}{inner.tail or ''}"
    text = "\n\n".join("".join(element.itertext()) for element in elements)
    return "\n\n".join(line for p in _BLANK_LINE.split(text) if (line := " ".join(p.split())))


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Lines that are page furniture wherever they stand.
FURNITURE = _rx(
    r"(?:read|show|see|load|view) (?:more|less|all)(?: \w+){0,4}",
    r"(?:read more|related(?: article| story| stories| content)?|see also|more on this|watch)\s*:.*",
    r"listen to (?:this|the) (?:article|story)(?: \d+ min)?",
    r"loading(?: audio| video)?(?:\.\.\.|…)?",
    r"\d+\s*(?:min|minute)s?\s*(?:read|listen)",
    r"(?:\d+|an?)\s+(?:second|minute|hour|day|week)s?\s+ago|just now",  # a relative timestamp
    r"(?:article |featured |lead )?(?:image|photo|picture|video|avatar|advertisement|ad|sponsored)",
    r"share|share this(?: article| story)?|tweet|email|print|copy link|comments?",
    r"subscribe|sign in|log in|save|skip to (?:main )?content|.{0,40}\bback to (?:top|home(?:page)?)",
    r"reporting from [\w ,.'’-]{1,40}",
    r"link copied!?|save articles? to read later.{0,80}",
    r"(?:follow us|sign up|subscribe)\b.{0,80}(?:newsletter|updates|on [\w ]+)\.?",
    r"(?:©|ⓒ|copyright)\s*\d{4}.{0,100}|all rights reserved\.?",
    r"(?:[\w&'’ -]{1,24} [|·•] ){2,}[\w&'’ -]{1,24}",  # a menu: "Home | World | Business | Sport"
    r"\W*",  # punctuation, bullets, separators
)

# Headings that open the tail of a page: lists of other articles, topics, share boxes.
TAIL_START = _rx(
    r"(?:more )?(?:latest|top|breaking|related|trending|popular|recommended|other) "
    r"(?:news|stories|articles|reads|posts|videos|topics)",
    r"(?:more|latest) (?:from|in|on) .{1,60}",
    r"(?:most (?:read|popular|viewed|shared))",
    r"(?:you (?:may|might) (?:also )?like|recommended for you|read next|up next|don't miss)",
    r"(?:more topics|topics|tags|filed under)\s*:?.*",
    r"explore more(?: on (?:these|this) topics?)?|related coverage|suggested topics\s*:?",
    r"(?:additional )?(?:reporting|writing|editing) by .*",  # a wire story's credits
    r".{0,80}\bcontributed (?:to )?this report(?:ing)?\.?",
    r"read more|show more|see more .*",
    r"original url\s*:?.*",
    r"(?:article image|avatar)",
)

# Photo credits that end a caption: "Picture: Alamy", "(Win McNamee/Getty Images)", "**Name**".
CREDIT = _rx(
    r"\b(?:picture|photo|photograph|image|credit|source|illustration)s?\s*(?:by|:)\s*[^.]{2,80}$",
    r"\((?:photo(?:graph)?(?: by|:)?\s*)?[^()]{2,80}/[^()]{2,80}\)$",
    r"\((?:photo(?:graph)?(?: by|:)\s*)[^()]{2,80}\)$",
    r"\b(?:getty images|afp|reuters|ap photo|epa|shutterstock|alamy)\)?$",
    r"\*\*[^*]{2,60}\*\*$",
)

BYLINE = re.compile(
    r"^(?i:by|written by|words by|author:?)\s+"
    r"((?:[A-Z][\w.'’-]*|and|&|de|da|van|von|der|al)(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|da|van|von|der|al)){0,7})"
    r"(?:\s*[,|–—-]\s*.{0,60})?$"
)
NAME = re.compile(r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}$")
# A journalist's role, as a byline gives it after the name: "BBC Ukraine correspondent".
ROLE = (
    r"(?i:(?:[\w&'’-]+\s+){0,4}(?:correspondent|editor|reporter|writer|journalist|columnist|producer"
    r"|contributor)s?)"
)
ROLE_LINE = re.compile(rf"^{ROLE}$")
NAME_AND_ROLE = re.compile(rf"^([A-Z][\w.'’-]+\s+[A-Z][\w.'’-]+)\s+{ROLE}$")
URL_LINE = re.compile(
    r"^(?:(?:original |source |canonical )?url\s*:?\s*)?<?(https?://\S+?)>?$", re.IGNORECASE
)
DATE_HEADER = re.compile(
    r"^date\s*:?\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)\s*(.*)$", re.IGNORECASE
)
CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*(?i:[ap]\.?m\.?))?(?:\s*[A-Z]{2,4}\b)?")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DATE_WORD = (
    rf"published|updated|posted|last updated|on|at|{_WEEKDAY}|\d+ (?:minute|hour|day)s? ago"
    r"|опубликовано|обновлено|опубліковано|оновлено|в|о"  # (Russian, Ukrainian: "в 15:52", "о 15:52")
)
DATE_WORDS = re.compile(rf"(?:(?:{_DATE_WORD})\s*[:,]?\s*)*", re.I)  # what a dateline says besides the date
COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:-\s*\d{4})?)?\s*([A-Z][\w&'’. -]{2,60}?)\s*(?:\.|,|$|all rights)",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…:;][\"”’'»)\]]*$")  # (not a headline's closing quote: 'productive')
HEAD_PARAGRAPHS = 3  # bylines and datelines stand before the article's first few paragraphs

_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")  # (no nesting: "[[[...](" took seconds a line)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def parse_page(raw: str) -> Page:
    """Split a raw page into headline, metadata and the article's own paragraphs."""
    lines = [_normalise(line) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    url = _take_url(lines)
    author = None
    page_date: datetime | date | None = None
    title = None

    if lines and (header := DATE_HEADER.match(lines[0])):  # " date 2025-02-10 Headline" dumps
        page_date = parse_date(header.group(1))
        lines[0] = header.group(2)
        if not lines[0]:
            lines.pop(0)

    cut = _tail_start(lines)
    tail, lines = lines[cut:], lines[:cut]
    outlet = _outlet_in(tail + lines)
    bio_author = _bio_author(tail)

    start = _headline(lines)
    if start is not None:
        title = _plain(lines[start])
        lines = lines[start + 1 :]

    kept: list[str] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if len(kept) < HEAD_PARAGRAPHS:  # (a dateline or byline may follow the lede)
            if found := _date_line(line):
                page_date = _more_precise(page_date, found)
                continue
            if name := _byline(line, nxt, strict=bool(kept)):
                author = author or name
                continue
            if ROLE_LINE.match(line):  # the role of a byline's name, on a line of its own
                continue
        if _is_caption(line, nxt) or FURNITURE.fullmatch(_plain(line)):
            continue
        text = _plain(line)
        if text == title or text in seen:
            continue
        seen.add(text)
        kept.append(text)
    if tail:
        while kept and not SENTENCE_END.search(kept[-1]):  # teasers cut off before the tail
            kept.pop()
    return Page(
        title=title,
        body="\n\n".join(_join_broken(kept)),
        date=page_date,
        author=author or bio_author,
        url=url,
        outlet=outlet,
    )


def _normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", line).strip()


def _plain(line: str) -> str:
    """Drop Markdown link, emphasis and heading syntax that saved pages carry."""
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_AUTOLINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    return _MD_HEADING.sub("", line).strip()


def _take_url(lines: list[str]) -> str | None:
    """Remove the page's own address ("Original url:" trailers, a bare URL line) and return it."""
    url = None
    for i in range(len(lines) - 1, -1, -1):
        match = URL_LINE.match(lines[i])
        label_only = re.fullmatch(r"(?:original |source |canonical )?url\s*:?", lines[i], re.IGNORECASE)
        if match:
            url = url or match.group(1)
            del lines[i]
        elif label_only:
            del lines[i]
    return url


def _tail_start(lines: list[str]) -> int:
    """Index of the first line of the page's tail (after at least one paragraph), else len(lines)."""
    seen_paragraph = False
    for i, line in enumerate(lines):
        text = _plain(line)
        if seen_paragraph and (TAIL_START.fullmatch(text) or _opens_author_box(lines, i)):
            return i
        seen_paragraph = seen_paragraph or _is_paragraph(text)
    return len(lines)


def _opens_author_box(lines: list[str], i: int) -> bool:
    """A name on its own line, followed within three lines by "<Name> is/was/has ..." (a bio)."""
    name = _plain(lines[i])
    if not NAME.match(name):
        return False
    return any(
        re.match(rf"{re.escape(name)}\s+(?:is|was|has|covers|joined|writes)\b", _plain(later))
        for later in lines[i + 1 : i + 4]
    )


def _bio_author(tail: list[str]) -> str | None:
    return next((_plain(tail[i]) for i in range(len(tail)) if _opens_author_box(tail, i)), None)


def _outlet_in(lines: list[str]) -> str | None:
    for line in lines:
        match = COPYRIGHT.search(line)
        if match and len(line) < 120:
            return match.group(1).strip()
    return None


def _is_paragraph(text: str) -> bool:
    return len(text.split()) >= 8 and bool(SENTENCE_END.search(text)) and not CREDIT.search(text)


def _headline(lines: list[str]) -> int | None:
    """The line that reads like a headline: where a byline or dateline comes before the first
    paragraph, the last one above it (or the one above that, with the standfirst between), so
    that a site's tagline above the navigation loses; else the first, and a short one only if
    nothing longer precedes the first paragraph (so "News Feed" loses to the headline after it)."""
    lead = next((i for i, line in enumerate(lines) if _is_paragraph(_plain(line))), len(lines))
    head = lines[:lead]
    anchor = next((i for i, line in enumerate(head) if _byline(line, "", False) or _date_line(line)), None)
    if anchor:
        above = [i for i in range(anchor) if _is_headline(head[i], 3)]
        if above:
            return above[-2] if len(above) > 1 and above[-2] == above[-1] - 1 else above[-1]
    for min_words in (3, 1):
        found = next((i for i, line in enumerate(head) if _is_headline(line, min_words)), None)
        if found is not None:
            return found
    return None


def _is_headline(line: str, min_words: int) -> bool:
    text = _plain(line)
    words = text.split()
    return (
        min_words <= len(words) <= 40
        and not FURNITURE.fullmatch(text)
        and not BYLINE.match(text)
        and not _date_line(text)
        and not text.endswith((".", ":"))
    )


def _byline(line: str, nxt: str, strict: bool) -> str | None:
    """The author's name if `line` is a byline: "By Will Conroy", "Richard Partington Economics
    correspondent", or a name with its role on the `nxt` line. `strict` (once the article has
    begun): only a "By" line of names alone, not "By Tuesday, the Senate had voted"."""
    if byline := BYLINE.match(line):
        return byline.group(1) if not strict or byline.end(1) == len(line) else None
    if name_and_role := NAME_AND_ROLE.match(line):
        return name_and_role.group(1)
    return line if NAME.match(line) and ROLE_LINE.match(nxt) else None


def _date_line(line: str) -> datetime | date | None:
    """A line that is only a date ("February 03, 2025", "Published 10 February 2025, 15:52",
    "Thu 19 Jun 2025 12.00 BST", "Updated 10:14 PM EDT, March 23, 2024")."""
    match = DATE_PATTERN.search(line)
    if not match:
        return None
    rest = line[: match.start()] + " " + line[match.end() :]
    clock = CLOCK.search(rest)  # (a time before the date)
    if clock:
        rest = rest[: clock.start()] + rest[clock.end() :]
    if not DATE_WORDS.fullmatch(rest.strip(" |,-–—")):
        return None
    return parse_date(f"{match.group(0)} {clock.group(0)}" if clock else match.group(0))


def _more_precise(known: datetime | date | None, found: datetime | date) -> datetime | date:
    """Keep the first date seen, but take a time of day for it from a later dateline."""
    if known is None:
        return found
    if isinstance(found, datetime) and not isinstance(known, datetime) and found.date() == known:
        return found
    return known


def _is_caption(line: str, nxt: str) -> bool:
    """Photo captions: a line ending in a credit, or a line repeated with a credit after it."""
    if CREDIT.search(line) and not _is_long_paragraph(line):
        return True
    return bool(nxt) and nxt.startswith(line) and bool(CREDIT.search(nxt[len(line) :]))


def _is_long_paragraph(line: str) -> bool:
    return len(line.split()) > 60


def _join_broken(paragraphs: list[str]) -> list[str]:
    """Rejoin a sentence that the dump broke across paragraphs ("... the U.S." / "president said.")."""
    joined: list[str] = []
    for text in paragraphs:
        if joined and text[:1].islower():
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(text)
    return joined
