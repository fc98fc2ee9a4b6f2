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
`NS`, `RE`, `AN`), as Factiva HTML parsers read it with pandas.read_html.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser

from .clean import Page
from .metadata import DATE_PATTERN, parse_date

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
    return _author(tags.get("byline")), parse_date(tags.get("load-date", ""))


def _author(byline: str | None) -> str | None:
    """A database's byline less its "By": the author's names."""
    return re.sub(r"^by\s+", "", byline, flags=re.IGNORECASE) if byline else None


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
    """The articles of a database's text export (ProQuest, LexisNexis Academic), in order; None
    if `text` is not one."""
    found = proquest_documents(text)
    return found if found is not None else lexis_documents(text)


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
    """The articles of a Factiva HTML export ("plus Indexing"), in order; None if `html` is not
    one: no table in it has a headline (`HD`) and text (`LP`, `TD`)."""
    if not (_HEADLINE_CODE.search(html) and _TEXT_CODE.search(html)):
        return None  # (a quick look: most pages have no such cells, and parsing one costs ms)
    tables = _Tables()
    tables.feed(html)
    tables.close()
    articles = []
    for rows in tables.found:
        fields = {cells[0].strip(): cells[1] for cells in rows if len(cells) >= 2 and cells[0].strip()}
        if "HD" in fields and ("LP" in fields or "TD" in fields):
            articles.append(_factiva_document(fields))
    return articles or None


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
        author=_author(value("BY")),
        outlet=value("SN"),
    )


_SPACES = re.compile(r"\s+")


class _Tables(HTMLParser):
    """The rows of a page's tables, each row's cells as text, a line a paragraph (<p>, <br>); a
    table inside another's cell is a table of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[list[list[str]]] = []  # tables, of rows, of cells
        self._open: list[
            tuple[list[list[str]], list[str]]
        ] = []  # each open table's rows, and its cell's text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._open:
            self._open.pop()
        elif tag in ("td", "th") and self._open and self._open[-1][0]:
            rows, cell = self._open[-1]
            rows[-1].append("".join(cell))
            cell.clear()

    def handle_data(self, data: str) -> None:
        if self._open:  # (a line break in the HTML source is a space)
            self._open[-1][1].append(_SPACES.sub(" ", data))
