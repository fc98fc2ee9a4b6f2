"""Articles as records: a JSON Lines line, a CSV row, a JSON file's object (one, a list, or an
API's response holding them: NewsAPI's, the Guardian's, the NYT's, Elasticsearch's), each
with its fields under the names that news datasets and APIs give them, read into a Page, its
own id and its date as written (readers makes each an Article)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import Any

from .article import MAX_ID_CHARS, MAX_PAGE_BYTES, Problem, Unreadable, usable_id
from .clean import Page, html_text
from .metadata import byline_names, csv_rows, parse_date

# A record's fields (a JSON Lines object, a CSV row) under the names that news datasets and
# exports give them, any case: the first one a record has, of each.
RECORD_FIELDS = {
    "body": (
        "body",
        "text",
        "content",
        "article",
        "articlebody",
        "maintext",
        "full_text",
        "lead_paragraph",  # (the NYT's Article Search API gives no more)
        "abstract",
    ),
    "title": ("title", "headline", "webtitle"),
    "date": (
        "date",
        "published",
        "publish_date",
        "published_at",
        "publishedat",
        "datepublished",
        "date_publish",
        "pubdate",
        "pub_date",
        "webpublicationdate",
    ),
    "outlet": ("outlet", "publication", "media_name", "site_name", "source"),
    "url": ("url", "link", "web_url", "weburl"),
    "author": ("author", "authors", "byline"),
    "id": ("id", "_id"),
}
_ALIASES = {key: (name, rank) for name, keys in RECORD_FIELDS.items() for rank, key in enumerate(keys)}
_CUT_SHORT = re.compile(r"\[\+\d{1,12} chars\]\Z")  # NewsAPI's mark on a text it cut: "... [+2345 chars]"
# Where a JSON file that is an API's response holds its records: NewsAPI's and GDELT's "articles",
# Elasticsearch's "hits", ...; the first of these keys whose value is a list.
RECORD_LISTS = (
    "articles",
    "items",
    "results",
    "data",
    "stories",
    "documents",
    "records",
    "posts",
    "hits",
    "docs",
)
# Where a response holds the object that holds its records (the Guardian's and the NYT's
# "response", Elasticsearch's "hits": {"hits": [...]}), looked into so many times at most.
RESPONSES = ("response", *RECORD_LISTS)
RESPONSE_DEPTH = 3
# Where a record holds its fields apart from its id (the Guardian's "fields", Elasticsearch's
# "_source"): they are read as its own, beside them.
RECORD_INNER = ("fields", "_source")


def jsonl_records(rel: str, text: str, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    """Each line's JSON value, named `file#line` (less a byte order mark: files joined with cat
    keep each one's)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"{rel}#{number}", json.loads(line.lstrip("\ufeff"))
        except ValueError as e:
            problems.append(Problem(f"{rel}#{number}", f"invalid JSON: {e}"))
        except RecursionError:  # (`[[[[...` thousands deep: it had lost the rest of the file)
            problems.append(Problem(f"{rel}#{number}", "invalid JSON: nested too deeply"))


def json_records(value: Any) -> list[Any] | None:
    """A JSON value's records, if it is a list of them or an object holding them under one of
    RECORD_LISTS, itself maybe held in RESPONSES; None if it is one record (an object with a text
    field, or without such a list)."""
    if isinstance(value, list):
        return value
    for _ in range(RESPONSE_DEPTH):
        if not isinstance(value, dict) or any(
            _ALIASES.get(str(key).strip().lower(), ("",))[0] == "body" for key in _flat(value)
        ):
            return None
        if lists := [value[key] for key in RECORD_LISTS if isinstance(value.get(key), list)]:
            return lists[0]
        value = next((value[key] for key in RESPONSES if isinstance(value.get(key), dict)), None)
    return None


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """A record with the fields it holds apart (RECORD_INNER) as its own; its own come first."""
    inner = next((record[key] for key in RECORD_INNER if isinstance(record.get(key), dict)), {})
    return {**inner, **{key: value for key, value in record.items() if key not in RECORD_INNER}}


def csv_records(rel: str, text: str, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    """Each row after the header as a record, named `file#row` (the first row after the header
    is 1), split as metadata.csv_rows splits it; a file without a column for the article's text
    is refused whole, rather than row by row."""
    csv.field_size_limit(MAX_PAGE_BYTES)
    rows = csv_rows(text)
    try:
        columns = {name.strip().lower() for name in rows.fieldnames or () if name}
        if not columns & set(RECORD_FIELDS["body"]):
            raise Unreadable(f"no column for the article's text ({', '.join(RECORD_FIELDS['body'])})")
        for number, row in enumerate(rows, start=1):
            yield f"{rel}#{number}", {k: v for k, v in row.items() if k is not None}
    except csv.Error as e:
        problems.append(
            Problem(rel, f"invalid CSV at line {rows.line_num}: {e}; the rows before it are read")
        )


def record_page(record: Any) -> tuple[Page, str | None, str]:
    """A record's page, its own id, and the date as written."""
    if not isinstance(record, dict):
        raise Unreadable("a record must be an object")
    found: dict[str, tuple[int, str, Any]] = {}  # field: (its name's rank, the record's key, value)
    for key, value in _flat(record).items():
        named = _ALIASES.get(key) or _ALIASES.get(str(key).strip().lower())
        if named is None or value in (None, "", []):
            continue
        name, rank = named
        if name not in found or rank < found[name][0]:
            found[name] = (rank, key, value)
    text: dict[str, str] = {}
    for name in RECORD_FIELDS:
        _, key, value = found.get(name, (0, name, None))
        value = _named(value)
        if value is not None and not isinstance(value, str | int):
            raise Unreadable(f"record field {key!r} must be a string")
        text[name] = str(value).strip() if value is not None else ""
    if "://" in text["outlet"]:  # an address, not a name (a clipping's "source"): the URL names it
        text["outlet"] = ""
    text["body"] = html_text(_uncut(text["body"]))
    if not text["body"]:
        raise Unreadable(f"record has no text ({', '.join(RECORD_FIELDS['body'])})")
    page = Page(
        title=text["title"] or None,
        body=text["body"],
        date=parse_date(text["date"]) if text["date"] else None,
        author=byline_names(text["author"]),
        url=text["url"] or None,
        outlet=text["outlet"] or None,
    )
    if text["id"] and not usable_id(text["id"]):
        raise Unreadable(f"id {text['id'][:40]!r} is not printable text of at most {MAX_ID_CHARS} characters")
    return page, text["id"] or None, text["date"]


def _uncut(body: str) -> str:
    """A record's text less NewsAPI's mark on one it cut, looked for at its end alone (a pattern
    with leading spaces took time quadratic in a run of them: 2 s for 40,000)."""
    mark = _CUT_SHORT.search(body, max(0, len(body) - 24))
    return body[: mark.start()].rstrip() if mark else body


NAMES = ("name", "main", "original")  # (an object's own text: _named)


def _named(value: Any) -> Any:
    """A value as news APIs give names: an object's "name" (NewsAPI's source, schema.org's
    author), or its "main" or "original" one (the NYT's headline and byline), a list's joined
    (several authors)."""
    if isinstance(value, dict):
        return next((value[key] for key in NAMES if isinstance(value.get(key), str)), value)
    if isinstance(value, list) and all(isinstance(_named(v), str) for v in value):
        return ", ".join(name for v in value if (name := _named(v).strip()))
    return value
