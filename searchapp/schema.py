"""The Whoosh schema, and the mapping between `Article` records and index documents."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from whoosh.analysis import LowercaseFilter
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from .analysis import FoldFilter, NltkTokenizer, text_analyzer
from .article import Article

# Bump when the schema or the analysis changes: an incremental rebuild then starts afresh.
SCHEMA_VERSION = 1
TITLE_BOOST = 2.0


def build_schema() -> Schema:
    """Text fields are analysed for search; `*_exact` keep whole values for filters and facets."""
    text = text_analyzer()
    names = NltkTokenizer() | LowercaseFilter() | FoldFilter()
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        file=ID(stored=True),
        title=TEXT(analyzer=text, stored=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=text, stored=True),
        date=DATETIME(stored=True, sortable=True),
        published=STORED,
        outlet=TEXT(analyzer=names),
        outlet_exact=ID(stored=True, sortable=True),
        author=TEXT(analyzer=names),
        author_exact=ID(stored=True, sortable=True),
        url=ID(stored=True),
        origins=STORED,
    )


def source_file(source: str) -> str:
    """The file an article came from: `a.jsonl#3` -> `a.jsonl`."""
    return source.split("#", 1)[0]


def to_document(article: Article) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "file": source_file(article.source),
        "title": article.title,
        "body": article.body,
        "origins": dict(article.origins),
    }
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
    )
