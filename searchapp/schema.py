"""The Whoosh schema, and the mapping between `Article` records and index documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from whoosh import query
from whoosh.columns import FixedBytesColumn, NumericColumn, RefBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, STORED, TEXT, Schema
from whoosh.util.times import adatetime, datetime_to_long

from . import copies, sentences
from .analysis import text_analyzer, word_analyzer
from .article import Article
from .codec import NewsPositions

# Bump when the schema, the analysis, what is read from a file or the manifest's layout changes:
# an incremental rebuild then starts afresh.
SCHEMA_VERSION = 43
TITLE_BOOST = 2.0


class NewsDate(DATETIME):
    """DATETIME indexed by day, whose query syntax fails loudly and honours exclusive ends at the
    precision written, and which sorts undated articles last when newest come first.

    `date:>2025-02-05` starts on the 6th and `date:<2025-02` ends with January; Whoosh's own
    DATETIME would include the whole of the named day or month, and turn a bad date into a
    query that silently matches nothing. Queries name days at the finest, so the index holds
    days (the stored value and the sort column keep the time): one term per day rather than
    per timestamp, which were a quarter of a Reuters segment's terms.
    """

    def __init__(self, stored: bool = False, sortable: bool = False) -> None:
        super().__init__(stored=stored, sortable=sortable)
        self.default = 0  # undated articles sort as the oldest (Whoosh's default: the newest)
        self.set_sortable(sortable)

    def index(self, value: datetime, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        return super().index(datetime.combine(value.date(), time()), **kwargs)

    def _parse_datestring(self, qstring: str) -> adatetime:
        digits = qstring.strip().replace("T", "").replace(":", "")
        try:
            if not digits or len(digits.replace("-", "")) < 4:
                raise ValueError
            at = super()._parse_datestring(digits)
            if at.hour is not None:  # the index holds days
                raise ValueError
            return at
        except Exception:
            raise ValueError(f"cannot read the date {qstring!r}: use YYYY, YYYY-MM or YYYY-MM-DD") from None

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        at = self._parse_datestring(qstring)  # a year, month or day: always a range
        low, high = datetime_to_long(at.floor()), datetime_to_long(at.ceil())
        return query.NumericRange(fieldname, low, high, boost=boost)

    def parse_range(
        self,
        fieldname: str,
        start: str | None,
        end: str | None,
        startexcl: bool,
        endexcl: bool,
        boost: float = 1.0,
    ) -> query.Query:
        if start is None and end is None:
            return query.Every(fieldname, boost=boost)
        low = high = None
        if start is not None:
            at = self._parse_datestring(start)
            low = datetime_to_long(at.ceil()) + 1 if startexcl else datetime_to_long(at.floor())
        if end is not None:
            at = self._parse_datestring(end)
            high = datetime_to_long(at.floor()) - 1 if endexcl else datetime_to_long(at.ceil())
        return query.NumericRange(fieldname, low, high, boost=boost)


class NewsText(TEXT):
    """TEXT indexed from NewsAnalyzer.positions in one pass: Whoosh's own path builds a Token per
    word and a generator per field, a third of the analysis time. Same postings, with positions
    kept as arrays (codec.NewsPositions). A value may be several texts, indexed as if joined by
    line breaks: the `exact` field's (title, body), each analysed once for its own field and this
    one (analysis.analysed)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.format = NewsPositions(field_boost=self.format.field_boost)

    def index(self, value: str | tuple[str, ...], **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        boost, encode = self.format.field_boost, self.format.encode
        found, added = self.analyzer.positions(value)
        for word, positions in found.items():
            count = len(positions)  # (Whoosh reads the second item only as the word's share of the length)
            yield word.encode("utf-8"), count - added[word], count * boost, encode(positions)


class Breaks(TEXT):
    """Where an article's sentences ("s") and paragraphs ("p") begin, as positions of the exact
    field (sentences.breaks): the connectors w/s and w/p (query.Within) read them as two terms."""

    def __init__(self) -> None:
        super().__init__(phrase=True)
        self.format, self.scorable = NewsPositions(), False

    def index(self, value: dict[str, list[int]], **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for unit, positions in value.items():
            yield unit.encode("utf-8"), len(positions), float(len(positions)), self.format.encode(positions)


def build_schema() -> Schema:
    """`title` and `body` are stemmed for ranking; `exact` holds both unstemmed for phrases,
    wildcards and spelling; `*_exact` keep whole values for filters and facets."""
    text = text_analyzer()
    words = word_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        source=STORED,  # shown, never searched
        file=ID(stored=True),
        title=NewsText(analyzer=text, stored=True, field_boost=TITLE_BOOST),
        body=NewsText(analyzer=text, stored=True),
        exact=NewsText(analyzer=words),
        date=NewsDate(stored=True, sortable=True),
        published=STORED,
        added=NewsDate(stored=True, sortable=True),  # when the archive first indexed it (naive UTC)
        outlet=NewsText(analyzer=words),
        outlet_exact=ID(stored=True, sortable=RefBytesColumn()),  # few values: one array (columns.Columns)
        author=NewsText(analyzer=words),
        author_exact=ID(stored=True, sortable=RefBytesColumn()),  # (the author facet: columns.Columns)
        url=ID(stored=True),
        origins=STORED,
        sentences=STORED,  # the body's sentence boundaries, for snippets
        breaks=Breaks(),
        text_key=COLUMN(NumericColumn("q")),  # copies.marks: copies of a text fold into one hit
        url_key=COLUMN(NumericColumn("q")),  # copies.url_key: so do saves of one address
        signature=COLUMN(FixedBytesColumn(copies.SIGNATURE_BYTES)),  # (columns.Columns)
    )


def source_file(source: str) -> str:
    """The file an article came from: `a.jsonl#3` -> `a.jsonl`."""
    return source.split("#", 1)[0]


def to_document(article: Article) -> dict[str, Any]:
    key, signature = copies.marks(article.body)
    found = sentences.split(article.body)
    doc: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "file": source_file(article.source),
        "title": article.title,
        "body": article.body,
        "exact": (article.title, article.body),  # one field, analysed with title and body (see NewsText)
        "origins": dict(article.origins),
        "sentences": sentences.pack(found),
        "breaks": sentences.breaks(article.title, article.body, found),
        "text_key": key,
        "url_key": copies.url_key(article.url),
    }
    if signature:
        doc["signature"] = signature
    if article.date is not None:
        when = article.date
        doc["date"] = when if isinstance(when, datetime) else datetime.combine(when, time())
        doc["published"] = article.date_iso
    for name in ("outlet", "author"):
        value = getattr(article, name)
        if value:
            doc[name] = value
            doc[f"{name}_exact"] = value
    if article.url:
        doc["url"] = article.url
    if article.added:
        doc["added"] = article.added
    return doc


def from_stored(fields: dict[str, Any]) -> Article:
    published = fields.get("published")
    when: datetime | date | None = None
    if published:
        when = datetime.fromisoformat(published) if "T" in published else date.fromisoformat(published)
    return Article(
        id=fields["id"],
        source=fields["source"],
        title=fields.get("title", ""),
        body=fields.get("body", ""),
        date=when,
        outlet=fields.get("outlet_exact"),
        author=fields.get("author_exact"),
        url=fields.get("url"),
        origins=fields.get("origins", {}),
        added=fields.get("added"),
    )
