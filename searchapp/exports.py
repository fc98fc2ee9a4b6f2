"""Exports of news databases, many articles to a file, as researchers take them from Nexis Uni,
LexisNexis Academic, ProQuest and Factiva: each split into its articles with their headline, publication,
date and author, and none of the databases' own lines (cover pages, tags, classifications).

Nexis Uni writes .docx files of up to a hundred articles: a cover page (the search and a numbered
list of headlines), then each article as headline, publication, date line and copyright notice,
tagged lines (`Byline: ...`, `Length: ...`), `Body`, the text, an optional `Graphic` and
`Classification` (`Load-Date: ...`), and `End of Document`. The tags are the same in every
export; the untagged lines are told apart by their order, as tm.plugin.lexisnexis and
LexisNexisTools read them.

ProQuest writes "Text only" .txt files of up to a hundred articles, each after a line of
underscores: the headline, then fields (`Full text: ...`, `Publication title: ...`,
`Publication date: ...`, `Author: ...`) a paragraph each but the text's, which runs on to the
next field; a copyright notice of ProQuest's own follows the last.

LexisNexis Academic, Nexis Uni's predecessor, wrote .txt files that many archives of research
still hold: each article after `N of M DOCUMENTS`, its publication and date line (and edition)
indented, the headline, tags in capitals (`BYLINE:`, `LENGTH:`), the text in wrapped lines, and
more tags (`LOAD-DATE:`, `LANGUAGE:`) and the copyright notice after it, as LexisNexisTools
reads them.

Factiva saves the articles of a search as an HTML page; with its display option "Full
Article/Report plus Indexing" (which guides for researchers ask for) each article is a table of
Dow Jones field codes and their values: `HD` headline, `BY` byline, `PD` date, `ET` time, `SN`
source, `LP` lead paragraphs and `TD` the rest of the text, then codes of its indexing (`CO`,
`NS`, `RE`, `AN`), as Factiva HTML parsers read it with pandas.read_html. Its RTF has the same
tables. The "Article" display, saved as HTML, text or RTF, has the same fields without their
codes, a line (a block) each, in the codes' order; each article ends with its document number.

Nexis Uni's RTF holds what its .docx does, and ProQuest's and LexisNexis Academic's what their
text exports do: each is read as that.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TypeVar

from .clean import Page
from .metadata import DATE_PATTERN, byline_names, parse_date

_TAG_LINE = re.compile(r"(?P<tag>[A-Za-z][\w/-]*):[\s\xa0]+(?P<value>.*)")  # (Nexis: a non-breaking space)
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?", re.IGNORECASE)

# Nexis Uni
_NEXIS_END = re.compile(r"end of document", re.IGNORECASE)
# Tags of an article's header, between the copyright notice and `Body` (tag, colon, a space or a
# non-breaking one); a headline with a colon ("Biden: ...") is never one of these.
_NEXIS_HEADER_TAG = re.compile(
    r"(?:Byline|Dateline|Section|Length|Highlight|Edition|Series|Type|Journal-Code|Correction(?:-Date)?)"
    r":[\s\xa0]",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?:copyright\b|©|\(c\)\s*\d{4})", re.IGNORECASE)
_BODY_ENDS = re.compile(r"(?:classification|graphic|notes|load-date:.*)", re.IGNORECASE)
_NO_HEADLINE = "no headline in original"


def nexis_documents(lines: list[str]) -> list[Page] | None:
    """The articles of a Nexis Uni export, in order; None if `lines` are not one. An article
    whose text cannot be found has an empty body (the reader reports it by its number)."""
    if not any(_NEXIS_END.fullmatch(line) for line in lines) or "Body" not in lines:
        return None
    documents: list[list[str]] = [[]]
    for line in lines:
        if _NEXIS_END.fullmatch(line):
            documents.append([])
        else:
            documents[-1].append(line)
    return [_nexis_document(document) for document in documents if document]


def _nexis_document(lines: list[str]) -> Page:
    """One article: the untagged lines above the tags end with headline, publication and date
    line (and the copyright notice); the first article's are preceded by the cover page."""
    at = lines.index("Body") if "Body" in lines else len(lines)
    header, rest = lines[:at], lines[at + 1 :]
    end = next((i for i, line in enumerate(rest) if _BODY_ENDS.fullmatch(line)), len(rest))
    body, tail = rest[:end], rest[end:]
    author, loaded = _tagged(header + tail)

    top = header[: next((i for i, line in enumerate(header) if _NEXIS_HEADER_TAG.match(line)), len(header))]
    copyright_at = max((i for i, line in enumerate(top) if _COPYRIGHT.match(line)), default=len(top))
    top = top[:copyright_at]
    dates = [(i, when) for i, line in enumerate(top) if (when := _date_line(line))]
    dated, when = dates[-1] if dates else (len(top), None)
    named = top[:dated]  # [the cover page...,] headline[, publication]
    title, outlet = (named[-2], named[-1]) if len(named) >= 2 else (named[0] if named else None, None)
    return Page(
        title=None if title is None or title.lower() == _NO_HEADLINE else title,
        body="\n\n".join(body),
        date=when or loaded,
        author=author,
        outlet=outlet,
    )


def _tagged(lines: list[str]) -> tuple[str | None, datetime | date | None]:
    """An article's author and load date from its tag lines, as either database writes them
    (`Byline: By Jo Marsh`, `LOAD-DATE: January 12, 2010`)."""
    tags = {m["tag"].lower(): m["value"].strip() for line in lines if (m := _TAG_LINE.fullmatch(line))}
    return byline_names(tags.get("byline")), parse_date(tags.get("load-date", ""))


def _date_line(line: str) -> datetime | date | None:
    """The date of a date line ("March 3, 2021 Wednesday 10:15 AM EST", "Wednesday 3 March
    2021", an edition after it; a monthly's "March 2021"), or None: a date at the start of the
    line, less its weekday, or a line that is a month."""
    line = _WEEKDAY.sub("", line).strip()
    if found := DATE_PATTERN.match(line):
        return parse_date(found.group())
    return parse_date(line) if len(line) <= len("September 2021") else None


# ProQuest
_PROQUEST_SEPARATOR = re.compile(r"_{40,}")  # (60 underscores)
_PROQUEST_FIELDS = (  # as its exports name them: a line that starts with one starts the field
    "Abstract|Author|Caption|Column|Company / organization|Copyright|Country of publication|Credit"
    "|Database|Dateline|Document feature|Document type|Document URL|Edition|First page|Full text|ISSN"
    "|Identifier / keyword|Illustration|Language of publication|Last updated|Links|Location|People"
    "|Place of publication|ProQuest document ID|Publication date|Publication info|Publication subject"
    "|Publication title|Publication year|Publisher|Section|Source type|Subject|Title"
)
_PROQUEST_FIELD = re.compile(rf"(?P<field>{_PROQUEST_FIELDS}):(?:\s+(?P<value>.*))?")
_DOCUMENT_NUMBER = re.compile(r"Document \d+ of \d+")


def text_documents(text: str) -> list[Page] | None:
    """The articles of a database's text export (ProQuest, LexisNexis Academic, Factiva's
    "Article" display), in order; None if `text` is not one."""
    for documents in (proquest_documents, lexis_documents, factiva_text_documents):
        if (found := documents(text)) is not None:
            return found
    return None


def proquest_documents(text: str) -> list[Page] | None:
    """The articles of a ProQuest text export, in order; None if `text` is not one. A record
    without its full text (an abstract alone) has an empty body (reported by its number)."""
    lines = [line.strip() for line in text.splitlines()]
    if not any(_PROQUEST_SEPARATOR.fullmatch(line) for line in lines) or not any(
        line.startswith("Full text:") for line in lines
    ):
        return None
    documents: list[list[str]] = [[]]
    for line in lines:
        if _PROQUEST_SEPARATOR.fullmatch(line):
            documents.append([])
        elif line:
            documents[-1].append(line)
    pages = [_proquest_document(document) for document in documents]
    return [page for page in pages if page is not None]


def _proquest_document(lines: list[str]) -> Page | None:
    """One record: the headline, then fields, the full text running on to the next field; None
    for what is not a record (ProQuest's closing copyright notice)."""
    fields: dict[str, list[str]] = {}
    headline, field = None, None
    for line in lines:
        if found := _PROQUEST_FIELD.fullmatch(line):
            field = found["field"].lower()
            fields[field] = [found["value"]] if found["value"] else []
        elif field is not None:
            fields[field].append(line)
        elif headline is None and not _DOCUMENT_NUMBER.fullmatch(line):
            headline = line
    if not fields:
        return None

    def value(name: str) -> str | None:
        return " ".join(fields.get(name, [])) or None

    publication = value("publication title")
    published = value("publication date")
    return Page(
        title=value("title") or headline,
        body="\n\n".join(fields.get("full text", [])),
        date=parse_date(published) if published else None,
        author=_proquest_authors(value("author")),
        url=value("document url"),
        outlet=publication.split(";")[0].strip() if publication else None,
    )


def _proquest_authors(names: str | None) -> str | None:
    """ProQuest's authors ("Smith, John; Lee, Ann") as a byline names them ("John Smith, Ann Lee")."""
    if not names:
        return None
    turned = [
        " ".join(reversed(name.split(", "))) if name.count(", ") == 1 else name for name in names.split("; ")
    ]
    return ", ".join(name.strip() for name in turned if name.strip())


# LexisNexis Academic
_LEXIS_START = re.compile(r"\s*\d+ of \d+ DOCUMENTS\s*")
# The tags above the text; those below it (the first ends it), as LexisNexis writes them.
_LEXIS_HEADER_TAG = re.compile(r"(?:BYLINE|SECTION|LENGTH|DATELINE|HIGHLIGHT|EDITION|SERIES|COLUMN|TYPE): ")
_LEXIS_TAIL_TAG = re.compile(
    r"(?:LOAD-DATE|LANGUAGE|PUBLICATION-TYPE|JOURNAL-CODE|GRAPHIC|CORRECTION-DATE|CORRECTION|NOTES|URL"
    r"|SUBJECT|ORGANIZATION|PERSON|GEOGRAPHIC|COMPANY|INDUSTRY|TICKER|DOCUMENT-TYPE|DISTRIBUTION): "
)


def lexis_documents(text: str) -> list[Page] | None:
    """The articles of a LexisNexis Academic text export, in order; None if `text` is not one."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _LEXIS_START.fullmatch(line)]
    if not starts or not any(line.startswith("LENGTH: ") for line in lines):
        return None
    return [_lexis_document(lines[a + 1 : b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def _lexis_document(lines: list[str]) -> Page:
    """One article: indented publication, date and edition lines, then the headline (flush
    left), header tags, the text, and the tail's tags and copyright notice."""
    tagged = next((i for i, line in enumerate(lines) if _LEXIS_HEADER_TAG.match(line)), len(lines))
    head = [line for line in lines[:tagged] if line.strip()]
    indented = [line.strip() for line in head if line[:1].isspace()]
    dates = [when for line in indented if (when := _date_line(line))]
    text_at = tagged
    while text_at < len(lines) and (not lines[text_at].strip() or _LEXIS_HEADER_TAG.match(lines[text_at])):
        text_at += 1
    end = next(
        (i for i, line in enumerate(lines[text_at:], text_at) if _LEXIS_TAIL_TAG.match(line)), len(lines)
    )
    author, loaded = _tagged(lines[:text_at] + lines[end:])
    paragraphs = [" ".join(p.split()) for p in "\n".join(lines[text_at:end]).split("\n\n") if p.strip()]
    return Page(
        title=" ".join(line.strip() for line in head if not line[:1].isspace()) or None,
        body="\n\n".join(paragraphs),
        date=dates[0] if dates else loaded,
        author=author,
        outlet=indented[0] if indented and not _date_line(indented[0]) else None,
    )


# Factiva
# Cells of a headline's code and of a text's (`<b>HD</b>`, `<td>TD</td>`)
_HEADLINE_CODE = re.compile(r">\s*HD\s*<")
_TEXT_CODE = re.compile(r">\s*(?:LP|TD)\s*<")


def factiva_documents(html: str) -> list[Page] | None:
    """The articles of a Factiva HTML export, in order; None if `html` is not one: no table in it
    has a headline (`HD`) and text (`LP`, `TD`) ("plus Indexing"), nor is its text, a line a
    block, the "Article" display."""
    if not (_HEADLINE_CODE.search(html) and _TEXT_CODE.search(html)):
        # (a quick look: most pages have no such cells or document numbers, and parsing costs ms)
        return factiva_text_documents(_block_lines(html)) if _FACTIVA_END.search(html) else None
    articles = []
    for rows in _parsed(html, _Tables()).found:
        fields = {cells[0].strip(): cells[1] for cells in rows if len(cells) >= 2 and cells[0].strip()}
        if "HD" in fields and ("LP" in fields or "TD" in fields):
            articles.append(_factiva_document(fields))
    return articles or None


# Factiva's field codes, as "plus Indexing" lists them (a line of text that happens to begin
# `US|` is not a row)
_FACTIVA_CODES = (
    "SE|HD|BY|CR|WC|PD|ET|SN|SC|ED|PG|VOL|LA|CY|LP|TD|CT|RF|CO|IN|NS|RE|IPC|IPD|PUB|AN|ART|CLM|HLP"
)
_FACTIVA_ROW = re.compile(rf"\s*(?P<code>{_FACTIVA_CODES})\s*\|(?P<value>.*)")
_CELL_END = re.compile(r"\|\s*\Z")


def factiva_rtf_documents(text: str) -> list[Page] | None:
    """The articles of a Factiva RTF export ("plus Indexing"), in order; None if `text` is not
    one. Its text (rtf.text) has each row of an article's table as `HD|Dockers vote|`, a cell's
    later paragraphs on lines of their own; an article ends with its document number (`AN`)."""
    articles: list[dict[str, list[str]]] = []
    cell: list[str] = []  # (lines before the first row: the search summary, dropped)
    for line in text.splitlines():
        row = _FACTIVA_ROW.fullmatch(line)
        if row is None:
            cell.append(line)
            continue
        code = row["code"]
        if not articles or "AN" in articles[-1] or (code == "HD" and "HD" in articles[-1]):
            articles.append({})
        cell = articles[-1].setdefault(code, [])
        cell.append(row["value"])
    if not any("HD" in fields and ("LP" in fields or "TD" in fields) for fields in articles):
        return None
    return [
        _factiva_document({code: _CELL_END.sub("", "\n".join(lines)) for code, lines in fields.items()})
        for fields in articles
    ]


def _factiva_document(fields: dict[str, str]) -> Page:
    def value(code: str) -> str | None:
        return " ".join(fields.get(code, "").split()) or None

    paragraphs = [" ".join(p.split()) for code in ("LP", "TD") for p in fields.get(code, "").split("\n")]
    published, time = value("PD"), value("ET")
    when = (parse_date(f"{published} {time}") if time else None) or parse_date(published or "")
    return Page(
        title=value("HD"),
        body="\n\n".join(p for p in paragraphs if p),
        date=when,
        author=byline_names(value("BY")),
        outlet=value("SN"),
    )


# Factiva's "Article" display, saved as text or RTF: an article's fields without their codes, a
# line each in the order of the codes (headline, byline, word count, date, time, source, its
# code, language, copyright notice), its paragraphs, and its document number
_FACTIVA_END = re.compile(r"Document [A-Za-z0-9]{20,}")
_WORD_COUNT = re.compile(r"[\d,.]+ (?:words|Wörter|mots|palabras|parole|palavras|woorden|ord)")
_TIME_LINE = re.compile(r"\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s+[A-Z]{2,4})?", re.IGNORECASE)
_LANGUAGE_LINE = re.compile(
    r"English|German|French|Spanish|Italian|Portuguese|Dutch|Russian|Chinese|Japanese|Korean|Arabic|Turkish"
    r"|Polish|Swedish|Danish|Norwegian|Finnish|Deutsch|Français|Español|Italiano|Português|Nederlands"
)
_HEADER_LINES = 6  # after the source: its code, an edition, a page, the language


def factiva_text_documents(text: str) -> list[Page] | None:
    """The articles of a Factiva export in its "Article" display, in order; None if `text` is not
    one: an article does not end with its document number, or has no word count and date."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    ends = [i for i, line in enumerate(lines) if _FACTIVA_END.fullmatch(line)]
    documents = []
    for start, end in zip([-1, *ends], ends, strict=False):
        document = _factiva_article(lines[start + 1 : end])
        if document is None:
            return None
        documents.append(document)
    return documents or None


def _factiva_article(lines: list[str]) -> Page | None:
    """One article of the "Article" display; None if its header is not Factiva's. Lines before the
    headline (the first article's search summary, a section) are dropped."""
    count = next((i for i, line in enumerate(lines) if _WORD_COUNT.fullmatch(line)), None)
    if count is None or count + 3 > len(lines) or (published := parse_date(lines[count + 1])) is None:
        return None
    head, at = lines[:count], count + 2
    author = byline_names(head.pop()) if len(head) > 1 and head[-1].lower().startswith("by ") else None
    if _TIME_LINE.fullmatch(lines[at]):
        published = parse_date(f"{lines[count + 1]} {lines[at]}") or published
        at += 1
    source = lines[at] if at < len(lines) else None
    header = lines[at + 1 : at + 1 + _HEADER_LINES]
    language = next((i for i, line in enumerate(header) if _LANGUAGE_LINE.fullmatch(line)), None)
    text_at = at + 2 + language if language is not None else at + 1
    if text_at < len(lines) and _COPYRIGHT.match(lines[text_at]):
        text_at += 1
    return Page(
        title=head[-1] if head else None,
        body="\n\n".join(" ".join(line.split()) for line in lines[text_at:]),
        date=published,
        author=author,
        outlet=source,
    )


_SPACES = re.compile(r"\s+")
_BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "td", "th"}


def _block_lines(html: str) -> str:
    """A page's text, each block element (a paragraph, a div, a cell) on lines of its own."""
    return "".join(_parsed(html, _Lines()).text)


class _Lines:
    """The text of a page but its scripts and styles, a line break around each block element."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self._hidden = 0  # (inside a script or a style)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        if tag in _BLOCKS:
            self.text.append("\n")

    def end(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        if tag in _BLOCKS:
            self.text.append("\n")

    def data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(_SPACES.sub(" ", data))

    def close(self) -> None:
        """(the parser's target's end)"""


class _Tables:
    """The rows of a page's tables, each row's cells as text, a line a paragraph (<p>, <br>); a
    table inside another's cell is a table of its own."""

    def __init__(self) -> None:
        self.found: list[list[list[str]]] = []  # tables, of rows, of cells
        self._open: list[
            tuple[list[list[str]], list[str]]
        ] = []  # each open table's rows, and its cell's text

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "table":
            self.found.append([])
            self._open.append((self.found[-1], []))
        elif not self._open:
            return
        elif tag == "tr":
            self._open[-1][0].append([])
        elif tag in ("td", "th"):
            self._open[-1][1].clear()
        elif tag in ("p", "br", "div"):
            self._open[-1][1].append("\n")

    def end(self, tag: str) -> None:
        if tag == "table" and self._open:
            self._open.pop()
        elif tag in ("td", "th") and self._open and self._open[-1][0]:
            rows, cell = self._open[-1]
            rows[-1].append("".join(cell))
            cell.clear()

    def data(self, data: str) -> None:
        if self._open:  # (a line break in the HTML source is a space)
            self._open[-1][1].append(_SPACES.sub(" ", data))

    def close(self) -> None:
        """(the parser's target's end)"""


_Reader = TypeVar("_Reader", _Lines, _Tables)


def _parsed(html: str, reader: _Reader) -> _Reader:
    """`reader` after lxml's HTML parser has told it each tag and text of the page (its start,
    end and data): the standard library's parser took time growing with the square of some broken
    markup (32 s for 100,000 "<a"), lxml's reads it at once."""
    from lxml import etree  # (trafilatura's parser; imported where an export needs it)

    parser = etree.HTMLParser(target=reader)
    try:
        parser.feed(html)
        parser.close()
    except etree.LxmlError:  # (a page of nothing the parser can read: nothing to tell)
        pass
    return reader
