"""News feeds saved as files (.rss, .atom, .xml): RSS 2.0, RSS 1.0 (RDF) and Atom, as outlets,
blogs, newsletters and Google News publish them. Each item is an article, read as a saved page is
(readers): its content as the page's body (a full-text feed's whole article, else its summary),
with what the feed says of it beside the page (headline, address, date, author, outlet) taking
precedence over what the page's text suggests. Read with the standard library's ElementTree."""

from __future__ import annotations

import io
import re
from html import escape, unescape
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from .clean import Entry, page_html
from .metadata import host, outlet_of_host

_ATOM = "http://www.w3.org/2005/Atom"
_RSS1 = ("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")
_DC = "http://purl.org/dc/elements/1.1/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_ABOUT = f"{{{_RDF}}}about"  # (an RSS 1.0 item's address, which names it)
_ROOTS = {"rss", f"{{{_RDF}}}RDF", f"{{{_ATOM}}}feed"}
_ITEMS = {"item", *(f"{{{ns}}}item" for ns in _RSS1), f"{{{_ATOM}}}entry"}
_CHANNELS = {"channel", *(f"{{{ns}}}channel" for ns in _RSS1), f"{{{_ATOM}}}feed"}  # (title: the feed's)
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")  # (not [^>]*: each "<" of "<a<a<a..." read on to the end)


def items(data: bytes) -> tuple[list[Entry], str | None]:
    """A feed's items, in order, each parsed and let go in turn; and why the file stops being a
    feed, if it does, after those items."""
    found: list[Entry] = []
    path: list[str] = []  # the open elements' tags, the root's first
    feed: dict[str, str] = {}  # the feed's own title and address
    try:
        for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                if not path and element.tag not in _ROOTS:
                    root = _local(element.tag)
                    return found, f"not a news feed (RSS or Atom): its root element is <{root}>"
                path.append(element.tag)
                continue
            path.pop()
            if element.tag in _ITEMS:
                found.append(_item(element, feed))
                element.clear()
            elif path and path[-1] in _CHANNELS and _local(element.tag) in ("title", "link"):
                if value := _link(element) or _text(element):
                    feed.setdefault(_local(element.tag), value)
    except (ET.ParseError, LookupError) as e:  # (LookupError: an encoding it names that is none)
        return found, f"not a readable news feed ({e})"
    return found, None if found else "no items in the news feed"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _item(item: ET.Element, feed: dict[str, str]) -> Entry:
    """An RSS item or Atom entry as a page of its content, with its headline, address, date,
    authors and outlet: the item's own source (Google News names each story's outlet so), else
    the outlet its address names in our table, else the feed's title if the item is on the feed's
    site (else its address names it: readers)."""
    atom = item.tag == f"{{{_ATOM}}}entry"
    own = _children(item, (_ATOM,) if atom else ("", _DC, _CONTENT, *_RSS1))
    title = _title(own.get("title"))
    url = _address(item, own, feed.get("link"))
    content = _content(own.get("content") if atom else own.get("encoded")) or _content(
        own.get("summary") if atom else own.get("description")
    )
    source = own.get("source")
    outlet = "" if source is None else _text(source.find(f"{{{_ATOM}}}title") if atom else source)
    if outlet and title and title.endswith(f" - {outlet}"):  # (Google News: "Headline - Reuters")
        title = title.removesuffix(f" - {outlet}")
    if not outlet and url:
        own_site = _same_site(url, feed.get("link"))
        outlet = outlet_of_host(host(url)) or (feed.get("title") if own_site else None)
    return Entry(
        page_html(title or "", content),
        url,
        title,
        date=next((_text(own[n]) for n in ("published", "pubDate", "date", "updated") if n in own), None),
        author=_authors(item, atom),
        outlet=outlet or (None if url else feed.get("title")),
        key=_text(own.get("id" if atom else "guid")) or item.get(_RDF_ABOUT) or url,
    )


def _same_site(url: str, site: str | None) -> bool:
    """Whether an item's address is on the feed's own site (an aggregator's are not), or the feed
    does not say which site it is."""
    ours, theirs = host(url), host(site or "")
    return not theirs or ours == theirs or ours.endswith(f".{theirs}") or theirs.endswith(f".{ours}")


def _children(item: ET.Element, namespaces: tuple[str, ...]) -> dict[str, ET.Element]:
    """An item's first child of each name in the feed's own namespaces (and for RSS, Dublin
    Core's and the content module's): not Media RSS's media:title, nor an atom:link in RSS."""
    own: dict[str, ET.Element] = {}
    for child in item:
        if _namespace(child.tag) in namespaces:
            own.setdefault(_local(child.tag), child)
    return own


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _title(element: ET.Element | None) -> str | None:
    """A headline as text: feeds escape markup and entities in it ("AT&amp;amp;T", "<b>")."""
    if element is None:
        return None
    text = _text(element) if element.get("type") == "xhtml" else unescape(_TAG.sub("", _text(element)))
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
        url = _text(own.get("link")) or (_text(guid) if permalink else "")
    url = urljoin(base or "", url) if url else ""
    return url if url.startswith(("http://", "https://")) else None


def _content(element: ET.Element | None) -> str:
    """An item's HTML: RSS's is escaped HTML (or text, which reads as HTML); Atom's says which."""
    if element is None or element.get("src"):  # (Atom's content elsewhere)
        return ""
    kind = element.get("type", "text")
    if kind == "xhtml":
        for inner in element.iter():
            inner.tag = _local(inner.tag)  # (XHTML's namespace, which HTML readers do not know)
        return "".join(ET.tostring(child, encoding="unicode", method="html") for child in element)
    text = "".join(element.itertext())
    if element.tag.startswith(f"{{{_ATOM}}}") and kind == "text":
        return "".join(f"<p>{escape(p)}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())
    return text


def _authors(item: ET.Element, atom: bool) -> str | None:
    """The item's authors, joined as a record's are: Atom's names, Dublin Core's creators, or
    RSS's author, an email address with the name in brackets (a bare address is no name)."""
    if atom:
        names = [_text(a.find(f"{{{_ATOM}}}name")) for a in item.findall(f"{{{_ATOM}}}author")]
    else:
        names = [_text(c) for c in item.findall(f"{{{_DC}}}creator")]
        for author in item.findall("author"):
            address, _, name = _text(author).partition("(")
            names.append(name.removesuffix(")").strip() if "@" in address else _text(author))
    return ", ".join(name for name in names if name) or None
