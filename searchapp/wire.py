"""News agencies' story formats (.xml): NITF (the New York Times Annotated Corpus; AP's and
other agencies' feeds), NewsML-G2 (Reuters, AP, AFP, dpa), NewsML 1 and Reuters Corpus Volume
1's `newsitem`. A story is its paragraphs as the agency marked them up, a Page with its headline,
byline, date and provider: a wire story holds nothing but the story, so no web page's guesswork
(nor its cost: the NYT corpus is 1.8 million files). Read with the standard library."""

from __future__ import annotations

import io
from datetime import date, datetime
from xml.etree import ElementTree as ET

from .clean import Page, element_text
from .metadata import byline_names, outlet_of_host, parse_date, web_url
from .rss import inline_text, local_name, readable_xml

_ROOTS = {"nitf", "newsitem", "newsItem", "newsMessage", "NewsML"}
_HEADLINE = "body/body.head/hedline/hl1"  # (NITF's)


def is_story(data: bytes) -> bool:
    """Whether an XML file is an agency's story (or a message of them), by its root element."""
    try:
        for _, element in ET.iterparse(io.BytesIO(data), events=("start",)):
            return local_name(element.tag) in _ROOTS
    except (ET.ParseError, LookupError):
        return False
    return False


def stories(data: bytes) -> list[Page]:
    """The stories of an agency's file, in order: one, or a NewsML message's several (a photo's
    item is one without text). Raises ValueError for a file that is no readable XML."""
    try:
        root = ET.fromstring(readable_xml(data))
    except (ET.ParseError, LookupError) as e:
        raise ValueError(f"not a readable news agency story ({e})") from None
    for element in root.iter():
        element.tag = local_name(element.tag)  # (each format in its namespaces, or none)
    if root.tag == "nitf":
        return [_nitf(root)]
    if root.tag == "newsitem":
        return [_rcv1(root)]
    if root.tag == "NewsML":
        return [_newsml1(item) for item in root.iter("NewsItem")]
    return [_g2(item) for item in root.iter("newsItem")]


def _nitf(nitf: ET.Element) -> Page:
    """An NITF story: hl1's headline, the print byline, the publication's date, address and name.
    The NYT corpus gives its lead paragraphs twice, apart and in the full text: the full text
    alone is read where there is one."""
    content = nitf.find("body/body.content")
    full = [] if content is None else content.findall("block[@class='full_text']")
    byline = next(
        (b for b in nitf.iterfind("body/body.head/byline") if b.get("class") != "normalized_byline"), None
    )
    dates = (
        _get(nitf, "head/pubdata", "date.publication"),
        _get(nitf, "head/docdata/date.issue", "norm"),
        _get(nitf, "head/docdata/date.release", "norm"),
        _get(nitf, "body/body.head/dateline/story.date", "norm"),
    )
    return Page(
        title=_first(nitf, _HEADLINE) or _first(nitf, "head/title"),
        body=_body(*full) if full else _body(content),
        date=next((when for text in dates if text and (when := parse_date(text))), None),
        author=_author(byline, left_out="byttl"),
        url=web_url(_get(nitf, "head/pubdata", "ex-ref")),
        outlet=_get(nitf, "head/pubdata", "name") or _get(nitf, "head/docdata/doc.copyright", "holder"),
    )


def _g2(item: ET.Element) -> Page:
    """A NewsML-G2 news item: its content's headline, byline (or creators) and date, and its
    provider, of the text its content set holds inline (XHTML, NITF or plain text)."""
    inline = next((c for c in item.iterfind("contentSet/*") if c.tag in ("inlineXML", "inlineData")), None)
    creators = [_first(c, "name") or c.get("literal", "") for c in item.iterfind("contentMeta/creator")]
    return Page(
        title=_first(item, "contentMeta/headline") or _first(item, f"contentSet/*/nitf/{_HEADLINE}"),
        body=_inline(inline),
        date=_date(item, "contentMeta/contentCreated", "itemMeta/firstCreated", "itemMeta/versionCreated"),
        author=_author(item.find("contentMeta/by")) or ", ".join(c for c in creators if c) or None,
        outlet=_provider(item.find("itemMeta/provider")),
    )


def _newsml1(item: ET.Element) -> Page:
    """A NewsML 1 news item: its first headline and byline, when it was first created, its
    provider, and the text of its first content item that holds any (a photo's holds none)."""
    party = item.find(".//AdministrativeMetadata/Provider/Party")
    provider = _first(item, "Identification/NewsIdentifier/ProviderId")
    body = next((text for data in item.iter("DataContent") if (text := _inline(data))), "")
    return Page(
        title=_first(item, ".//NewsLines/HeadLine"),
        body=body,
        date=_date(item, "NewsManagement/FirstCreated", "NewsManagement/ThisRevisionCreated"),
        author=_author(item.find(".//NewsLines/ByLine")),
        outlet=(party.get("FormalName") if party is not None else None)
        or (outlet_of_host(provider) if provider else None)
        or provider,
    )


def _rcv1(item: ET.Element) -> Page:
    """A Reuters Corpus Volume 1 story: its headline (its title is the headline after a place,
    "MEXICO: ..."), byline, date and source, as its Dublin Core metadata names them."""
    core = {dc.get("element"): dc.get("value") for dc in item.iterfind("metadata/dc")}
    return Page(
        title=_first(item, "headline") or _first(item, "title"),
        body=_body(item.find("text")),
        date=parse_date(core.get("dc.date.published") or item.get("date") or ""),
        author=_author(item.find("byline")),
        outlet=core.get("dc.source") or core.get("dc.publisher"),
    )


def _inline(content: ET.Element | None) -> str:
    """The text a story's content holds: an NITF story's, an XHTML page's body, marked-up
    paragraphs, or plain text, whose blank lines part paragraphs."""
    if content is None:
        return ""
    if (nitf := content.find("nitf")) is not None:
        return _nitf(nitf).body
    page = content.find("html/body")
    return _body(content if page is None else page)


def _body(*elements: ET.Element | None) -> str:
    """The paragraphs of a story's elements (clean.element_text)."""
    return element_text(*(element for element in elements if element is not None))


def _first(item: ET.Element, path: str) -> str | None:
    return inline_text(item.find(path)) or None


def _get(element: ET.Element, path: str, attribute: str) -> str | None:
    return None if (found := element.find(path)) is None else found.get(attribute)


def _date(item: ET.Element, *paths: str) -> datetime | date | None:
    return next((when for path in paths if (text := _first(item, path)) and (when := parse_date(text))), None)


def _author(byline: ET.Element | None, left_out: str = "") -> str | None:
    """A byline's names, less its "By" (and NITF's byttl, the writer's title: "AP Writer")."""
    if byline is None:
        return None
    parts = [byline.text or ""]
    for child in byline:
        parts += [] if child.tag == left_out else ["".join(child.itertext())]
        parts.append(child.tail or "")
    return byline_names(" ".join("".join(parts).split()).strip(" ,"))


def _provider(provider: ET.Element | None) -> str | None:
    """A NewsML-G2 provider's name: its own, else the outlet of the domain it gives, else its
    code ("nprov:REUTERS")."""
    if provider is None:
        return None
    literal = provider.get("literal") or ""
    named = _first(provider, "name") or (outlet_of_host(literal) if "." in literal else None) or literal
    return named or provider.get("qcode", "").partition(":")[2] or None
