"""A search as an Atom feed (RFC 4287), the matches most recently indexed first: a feed reader
follows a search, and articles dropped into the seeds folder later show up there when they match
it, whatever their own dates, as Google Alerts and Media Cloud deliver a saved search."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree as ET

from markupsafe import Markup

from .search import ResultPage, SearchRequest

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 20  # a feed's articles, unless per_page asks for others
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # (XML 1.0 cannot hold them)

ArticleUrl = Callable[[str, str | None], str]  # an article's page, from its id and the search's words


def atom(page: ResultPage, feed_url: str, page_url: str, article_url: ArticleUrl, built: str) -> bytes:
    """The page's hits as an Atom document. An entry's id is its article's page, so a reader
    shows an article once however often it polls; it was updated when the archive first indexed
    the article, and published on the article's own date. The feed is as new as its newest entry
    (an empty feed, as the index: `built`)."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", title(page.request))
    _add(feed, "id", feed_url)
    _add(feed, "link", rel="self", href=feed_url)
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    _add(feed, "generator", "searchapp")
    stamps = [hit.added or built for hit in page.results]
    _add(feed, "updated", max(stamps, default=built))
    for hit, stamp in zip(page.results, stamps, strict=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _add(entry, "title", hit.title or hit.source)
        _add(entry, "id", article_url(hit.id, None))
        _add(entry, "link", rel="alternate", type="text/html", href=article_url(hit.id, page.query or None))
        if hit.url:
            _add(entry, "link", rel="related", href=hit.url)
        _add(entry, "updated", stamp)
        if hit.date:
            _add(entry, "published", _rfc3339(hit.date))
        if hit.author:
            _add(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", hit.author)
        if hit.outlet:
            _add(entry, "category", term=hit.outlet)
        _add(entry, "summary", Markup(hit.snippet).striptags(), type="text")
    ET.register_namespace("", ATOM)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def title(search: SearchRequest) -> str:
    """What a feed reader lists the feed as: the words and the filters."""
    named = f"“{search.q}”" if search.q else "All articles"
    if search.outlets:
        named += " in " + ", ".join(search.outlets)
    if search.date_from:
        named += f" from {search.date_from}"
    if search.date_to:
        named += f" to {search.date_to}"
    return f"{named} · searchapp"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element; text and attributes stripped of what XML cannot hold (articles are raw
    page dumps: a form feed in a title would make the whole feed unreadable)."""
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _NOT_XML.sub("", v) for k, v in attributes.items()})
    if text is not None:
        child.text = _NOT_XML.sub("", text)
    return child


def _rfc3339(value: str) -> str:
    """An article's ISO date or time (naive times are UTC, or the page's own time when it named no
    zone) as Atom writes dates."""
    return f"{value}T00:00:00Z" if "T" not in value else f"{value}Z"
