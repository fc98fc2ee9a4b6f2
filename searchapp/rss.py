"""News feeds saved as files: RSS 2.0, RSS 1.0 (RDF) and Atom (.rss, .atom, .xml), and JSON Feed
(.json), as outlets, blogs, newsletters and Google News publish them. Each item is an article,
read as a saved page is (readers): its content as the page's body (a full-text feed's whole
article, else its summary), with what the feed says of it beside the page (headline, address,
date, author, outlet) taking precedence over what the page's text suggests. Read with the
standard library (ElementTree, json)."""

from __future__ import annotations

import io
import re
from html import unescape
from html.entities import name2codepoint
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from .clean import Entry, blank_lines_html, page_html, text_html
from .metadata import host, outlet_of_host, web_url

_ATOM = "http://www.w3.org/2005/Atom"
_RSS1 = ("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")
_DC = "http://purl.org/dc/elements/1.1/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_ABOUT = f"{{{_RDF}}}about"  # (an RSS 1.0 item's address, which names it)
_ROOTS = {"rss", f"{{{_RDF}}}RDF", f"{{{_ATOM}}}feed"}
_DATES = ("published", "pubDate", "date", "updated")  # (an item's, the first it has)
_ITEMS = {"item", *(f"{{{ns}}}item" for ns in _RSS1), f"{{{_ATOM}}}entry"}
_CHANNELS = {"channel", *(f"{{{ns}}}channel" for ns in _RSS1), f"{{{_ATOM}}}feed"}  # (title: the feed's)
_WORDPRESS = "http://wordpress.org/export/"  # (WXR, a WordPress site's export: 1.0, 1.1, 1.2)
# WordPress's own kinds of post that are no article: a page ("About us"), an image, a menu's
# entry, an earlier version, a block or template of the site's design. A site's own kind
# ("story") is read.
_NOT_ARTICLES = {
    "attachment",
    "page",
    "nav_menu_item",
    "revision",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_navigation",
    "wp_font_family",
    "wp_font_face",
}
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")  # (not [^>]*: each "<" of "<a<a<a..." read on to the end)
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_HTML_ENTITIES = {name: f"&#{point};".encode() for name, point in name2codepoint.items()}


def items(data: bytes) -> tuple[list[Entry | str], str | None]:
    """A feed's items, in order, each parsed and let go in turn (or why one is no article: a
    WordPress export's page, image or draft); and why the file stops being a feed, if it does,
    after those items."""
    found: list[Entry | str] = []
    path: list[str] = []  # the open elements' tags, the root's first
    feed: dict[str, str] = {}  # the feed's own title and address
    names: dict[str, str] = {}  # a WordPress export's authors' names by their logins
    try:
        for event, element in ET.iterparse(io.BytesIO(readable_xml(data)), events=("start", "end")):
            if event == "start":
                if not path and element.tag not in _ROOTS:
                    root = local_name(element.tag)
                    return found, f"not a news feed (RSS or Atom): its root element is <{root}>"
                path.append(element.tag)
                continue
            path.pop()
            if element.tag in _ITEMS:
                found.append(_unpublished(element) or _item(element, feed, names))
                element.clear()
            elif path and path[-1] in _CHANNELS and local_name(element.tag) in ("title", "link"):
                if value := _link(element) or inline_text(element):
                    feed.setdefault(local_name(element.tag), value)
            elif path and path[-1] == "channel" and _is_wordpress(element):
                names.update(_author_name(element))
    except (ET.ParseError, LookupError) as e:  # (LookupError: an encoding it names that is none)
        return found, f"not a readable news feed ({e})"
    return found, None if found else "no items in the news feed"


def readable_xml(data: bytes) -> bytes:
    """XML with HTML's named entities (`&nbsp;`, `&mdash;`) as the characters they name: feeds
    written by hand or by a careless tool use them, and an XML parser, which knows only XML's
    five, would stop at the first. Other names stay (the parser reports them, or its DTD names them)."""
    return _ENTITY.sub(lambda m: _HTML_ENTITIES.get(m[1].decode(), m[0]), data)


def local_name(tag: str) -> str:
    """A tag less its namespace ("{http://www.w3.org/2005/Atom}entry" -> "entry")."""
    return tag.rpartition("}")[2]


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _item(item: ET.Element, feed: dict[str, str], names: dict[str, str]) -> Entry:
    """An RSS item or Atom entry as a page of its content, with its headline, address, date,
    authors and outlet: the item's own source (Google News names each story's outlet so), else
    as _outlet finds it. A WordPress export's authors are logins, for which it gives names."""
    atom = item.tag == f"{{{_ATOM}}}entry"
    own = _children(item, (_ATOM,) if atom else ("", _DC, _CONTENT, *_RSS1))
    title = _title(own.get("title"))
    url = _address(item, own, feed.get("link"))
    content = _content(own.get("content") if atom else own.get("encoded")) or _content(
        own.get("summary") if atom else own.get("description")
    )
    if any(map(_is_wordpress, item)) and "<p" not in content.lower():  # (its classic editor writes no <p>)
        content = blank_lines_html(content)
    source = own.get("source")
    outlet = "" if source is None else inline_text(source.find(f"{{{_ATOM}}}title") if atom else source)
    if outlet and title and title.endswith(f" - {outlet}"):  # (Google News: "Headline - Reuters")
        title = title.removesuffix(f" - {outlet}")
    return Entry(
        page_html(title or "", content),
        url,
        title,
        date=next((inline_text(own[n]) for n in _DATES if n in own), None),
        author=_authors(item, atom, names),
        outlet=outlet or _outlet(url, feed.get("title"), feed.get("link")),
        key=inline_text(own.get("id" if atom else "guid")) or item.get(_RDF_ABOUT) or url,
    )


def json_feed_items(feed: dict[str, Any]) -> list[Entry | str]:
    """A JSON Feed's items (jsonfeed.org: a news feed written in JSON, as Ghost, Micro.blog and
    many blogs publish one), read as an RSS feed's are; or why an item is none."""
    named, site = (
        feed.get(key) if isinstance(feed.get(key), str) else None for key in ("title", "home_page_url")
    )
    found: list[Entry | str] = []
    for item in feed.get("items") if isinstance(feed.get("items"), list) else []:
        if not isinstance(item, dict):
            found.append("a JSON Feed item must be an object")
            continue
        own = {key: value.strip() for key, value in item.items() if isinstance(value, str) and value.strip()}
        url = web_url(own.get("url")) or web_url(own.get("external_url"))
        content = own.get("content_html") or text_html(own.get("content_text") or own.get("summary") or "")
        authors = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
        names = [a["name"].strip() for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
        found.append(
            Entry(
                page_html(own.get("title", ""), content),
                url,
                own.get("title"),
                date=own.get("date_published") or own.get("date_modified"),
                author=", ".join(name for name in names if name) or None,
                outlet=_outlet(url, named, site),
                key=own.get("id") or url,
            )
        )
    return found


def is_json_feed(value: Any) -> bool:
    """Whether a JSON file's value is a JSON Feed (its version names the spec's address)."""
    version = value.get("version") if isinstance(value, dict) else None
    return isinstance(version, str) and version.startswith("https://jsonfeed.org/version/")


def _unpublished(item: ET.Element) -> str | None:
    """Why a WordPress export's item is no article, if it is none: a kind of post that is no
    article (_NOT_ARTICLES), or a post not published (a draft, a private or deleted one)."""
    wordpress = {local_name(child.tag): inline_text(child) for child in item if _is_wordpress(child)}
    kind, status = wordpress.get("post_type", "post"), wordpress.get("status", "publish")
    if kind in _NOT_ARTICLES:
        return f"a WordPress {kind.replace('_', ' ')}, not an article"
    return None if status == "publish" else f"a WordPress post not published ({status})"


def _is_wordpress(element: ET.Element) -> bool:
    """Whether an element is of a WordPress export's own (wp:)."""
    return element.tag.startswith(f"{{{_WORDPRESS}")


def _author_name(element: ET.Element) -> dict[str, str]:
    """A WordPress export's author (wp:author) as its login and the name it shows; else nothing."""
    ns = _namespace(element.tag)
    login, name = (inline_text(element.find(f"{{{ns}}}author_{n}")) for n in ("login", "display_name"))
    return {login: name} if local_name(element.tag) == "author" and login and name else {}


def _outlet(url: str | None, title: str | None, site: str | None) -> str | None:
    """An item's outlet, if its source does not say: the one its address names in our table,
    else the feed's title if the item is on the feed's own site or has no address (else its
    address names it: readers). An aggregator's items are not on its site."""
    if not url:
        return title
    ours, theirs = host(url), host(site or "")
    own_site = not theirs or ours == theirs or ours.endswith(f".{theirs}") or theirs.endswith(f".{ours}")
    return outlet_of_host(ours) or (title if own_site else None)


def _children(item: ET.Element, namespaces: tuple[str, ...]) -> dict[str, ET.Element]:
    """An item's first child of each name in the feed's own namespaces (and for RSS, Dublin
    Core's and the content module's): not Media RSS's media:title, nor an atom:link in RSS."""
    own: dict[str, ET.Element] = {}
    for child in item:
        if _namespace(child.tag) in namespaces:
            own.setdefault(local_name(child.tag), child)
    return own


def inline_text(element: ET.Element | None) -> str:
    """An element's text on one line, its spaces as one (empty for no element)."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _title(element: ET.Element | None) -> str | None:
    """A headline as text: feeds escape markup and entities in it ("AT&amp;amp;T", "<b>")."""
    if element is None:
        return None
    text = inline_text(element)
    if element.get("type") != "xhtml":
        text = unescape(_TAG.sub("", text))
    return " ".join(text.split()) or None


def _link(element: ET.Element) -> str:
    """An Atom link's address, if it is to the page itself (not its feed, comments or images)."""
    rel = element.get("rel", "alternate")
    return element.get("href", "").strip() if element.tag == f"{{{_ATOM}}}link" and rel == "alternate" else ""


def _address(item: ET.Element, own: dict[str, ET.Element], base: str | None) -> str | None:
    """An item's page: RSS's link, else a guid that is one; Atom's alternate link (relative ones
    read against the feed's own)."""
    if item.tag == f"{{{_ATOM}}}entry":
        url = next((href for link in item.findall(f"{{{_ATOM}}}link") if (href := _link(link))), "")
    else:
        guid = own.get("guid")
        permalink = guid is not None and guid.get("isPermaLink", "true") == "true"
        url = inline_text(own.get("link")) or (inline_text(guid) if permalink else "")
    return web_url(urljoin(base or "", url)) if url else None


def _content(element: ET.Element | None) -> str:
    """An item's HTML: RSS's is escaped HTML (or text, which reads as HTML); Atom's says which."""
    if element is None or element.get("src"):  # (Atom's content elsewhere)
        return ""
    kind = element.get("type", "text")
    if kind == "xhtml":
        for inner in element.iter():
            inner.tag = local_name(inner.tag)  # (XHTML's namespace, which HTML readers do not know)
        return "".join(ET.tostring(child, encoding="unicode", method="html") for child in element)
    text = "".join(element.itertext())
    return text_html(text) if element.tag.startswith(f"{{{_ATOM}}}") and kind == "text" else text


def _authors(item: ET.Element, atom: bool, known: dict[str, str]) -> str | None:
    """The item's authors, joined as a record's are: Atom's names, Dublin Core's creators (by
    the name `known` gives a login), or RSS's author, an email address with the name in brackets
    (a bare address is no name)."""
    if atom:
        names = [inline_text(a.find(f"{{{_ATOM}}}name")) for a in item.findall(f"{{{_ATOM}}}author")]
    else:
        names = [known.get(name, name) for name in map(inline_text, item.findall(f"{{{_DC}}}creator"))]
        for author in map(inline_text, item.findall("author")):
            address, _, name = author.partition("(")
            names.append(name.removesuffix(")").strip() if "@" in address else author)
    return ", ".join(name for name in names if name) or None
