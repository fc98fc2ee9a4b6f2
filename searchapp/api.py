"""The JSON API under /api/: search, significant words, comparisons, completions, export, a search's feed,
outlets, articles, health and the OpenAPI description.

Every error is `{"ok": false, "error": "...", "status": N}`, never an HTML page or a 500 body.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, replace
from functools import cache
from importlib import resources
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from .app import engine
from .article import author_names, usable_id
from .feed import ENTRIES, atom
from .query import QueryError
from .search import NoIndex, SearchRequest

bp = Blueprint("api", __name__, url_prefix="/api")


def error(message: str, status: int) -> tuple[Response, int]:
    return jsonify({"ok": False, "error": message, "status": status}), status


@bp.errorhandler(QueryError)
def bad_request(e: QueryError) -> tuple[Response, int]:
    return error(str(e), 400)


@bp.errorhandler(NoIndex)
def no_index(e: NoIndex) -> tuple[Response, int]:
    return error(str(e), 503)


@bp.errorhandler(HTTPException)
def http_error(e: HTTPException) -> tuple[Response, int]:
    return error(e.description or e.name, e.code or 500)


@bp.errorhandler(Exception)
def unexpected(e: Exception) -> tuple[Response, int]:
    from flask import current_app

    current_app.logger.exception("unexpected error in %s", request.path)
    return error("internal error: the request could not be completed", 500)


@bp.get("/search")
def search() -> Response:
    page = engine().search(SearchRequest.from_args(request.args))
    return jsonify(page.as_dict())


@bp.get("/words")
def words() -> Response:
    """The words a search's best matches use far more than the index does (significant.py)."""
    return jsonify(engine().words(SearchRequest.from_args(request.args)).as_dict())


COMPARED_BY = {"period": "buckets", "outlet": "outlets"}


@bp.get("/compare")
def compare() -> Response:
    """Two to five searches' matches period by period and outlet by outlet, with each period's
    or outlet's articles (search.py); as CSV, one of the two tables (`by`), for a spreadsheet."""
    kind, by = request.args.get("format") or "json", request.args.get("by") or "period"
    if kind not in ("json", "csv"):
        raise QueryError(f"unknown format {kind!r}: use json or csv")
    if by not in COMPARED_BY:
        raise QueryError(f"unknown table {by!r}: use period or outlet")
    result = engine().compare(SearchRequest.from_args(request.args), request.args.getlist("q"))
    if kind == "json":
        return jsonify(result)
    header = [by, *(query["q"] for query in result["queries"]), "all articles"]
    rows = ([row.get("start", row.get("name")), *row["counts"], row["of"]] for row in result[COMPARED_BY[by]])
    return Response(
        _csv([header, *rows]),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="searchapp-compare-by-{by}.csv"'},
    )


@bp.get("/outlets")
def outlets() -> Response:
    """Every outlet with its articles and first and last dates: what the archive holds."""
    found, without = engine().outlets()
    return jsonify({"ok": True, "outlets": found, "without_outlet": without})


@bp.get("/complete")
def complete() -> Response:
    """The search box's text with its last word completed, for search as you type."""
    text = request.args.get("q") or ""
    return jsonify({"ok": True, "q": text, "completions": engine().complete(text)})


EXPORT_FORMATS = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "ris": "application/x-research-info-systems",
}
EXPORT_FIELDS = ("id", "title", "outlet", "date", "added", "author", "url", "score", "source", "copy_of")


@bp.get("/export")
def export() -> Response:
    """Every match of a search, streamed as CSV, JSON Lines or RIS: for a spreadsheet, a script
    (with each article's text, which CSV leaves out: a spreadsheet cuts a cell at 32,767
    characters) or a reference manager."""
    kind = request.args.get("format") or "csv"
    if kind not in EXPORT_FORMATS:
        raise QueryError(f"unknown format {kind!r}: use csv, jsonl or ris")
    records = engine().export(SearchRequest.from_args(request.args))
    if kind == "csv":
        lines = _csv(
            itertools.chain([EXPORT_FIELDS], ([record[name] for name in EXPORT_FIELDS] for record in records))
        )
    elif kind == "ris":
        lines = map(_ris, records)
    else:
        lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return Response(
        lines,
        mimetype=EXPORT_FORMATS[kind],
        headers={"Content-Disposition": f'attachment; filename="searchapp-export.{kind}"'},
    )


def _csv(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV lines, one a row as it comes. A text cell that a spreadsheet would run as a formula
    ("=...", "+...", "-...", "@...") starts with an apostrophe instead, as OWASP advises: titles
    and searches are untrusted text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_inert(value) for value in row])
        yield buffer.getvalue()


def _ris(record: dict[str, Any]) -> str:
    """A record as RIS, the format reference managers (Zotero, EndNote, Mendeley) import: a
    newspaper article with its title, publication, authors, date, URL and our id."""
    fields = [
        ("TY", "NEWS"),
        ("TI", record["title"]),
        ("T2", record["outlet"]),
        *(("AU", name) for name in author_names(record["author"] or "")),
        ("DA", record["date"] and record["date"][:10].replace("-", "/")),
        ("PY", record["date"] and record["date"][:4]),
        ("UR", record["url"]),
        ("AN", record["id"]),
    ]
    lines = [f"{tag}  - {' '.join(str(value).split())}" for tag, value in fields if value]
    return "\r\n".join([*lines, "ER  - ", "", ""])


def _inert(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


@bp.get("/feed")
def feed() -> Response:
    """A search's latest matches as an Atom feed, for a feed reader to follow (feed.py). Readers
    poll: an unchanged feed answers 304 to their If-None-Match."""
    asked = SearchRequest.from_args(request.args)
    search = replace(
        asked, sort="added", page=1, per_page=asked.per_page if "per_page" in request.args else ENTRIES
    )
    page = engine().search(search)
    args = asked.as_args(sort=None, page=None)

    def article_url(article_id: str, q: str | None) -> str:
        return url_for("web.article_page", article_id=article_id, q=q, _external=True)

    body = atom(
        page,
        feed_url=url_for("api.feed", **args, _external=True),
        page_url=url_for("web.search_page", **args, sort="added", _external=True),
        article_url=article_url,
        built=engine().built_at() or "1970-01-01T00:00:00Z",
    )
    response = Response(body, mimetype="application/atom+xml")
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/articles/<path:article_id>")
def article(article_id: str) -> Response | tuple[Response, int]:
    if not usable_id(article_id):
        return error("not a valid article id", 400)
    found = engine().article(article_id)
    if found is None:
        return error(f"no article with id {article_id!r}", 404)
    data: dict[str, Any] = asdict(found)
    data["date"], data["added"] = found.date_iso, found.added_iso
    copies, copy_count = engine().copies(article_id)
    return jsonify(
        {
            "ok": True,
            "article": data,
            "copies": copies,
            "copy_count": copy_count,
            "similar": engine().related(article_id),
        }
    )


@bp.get("/health")
def health() -> Response:
    return jsonify(engine().health())


@bp.get("/openapi.json")
def openapi() -> Response:
    return Response(_openapi_text(), mimetype="application/json")


@cache
def _openapi_text() -> str:
    text = resources.files("searchapp").joinpath("openapi.json").read_text(encoding="utf-8")
    json.loads(text)  # fail loudly at first use if the file is broken
    return text
