"""The web pages: the search page, its significant words and the article page, fed by the same
engine as the JSON API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, render_template, request, url_for
from markupsafe import Markup

from . import advanced
from .app import engine
from .article import usable_id
from .feed import title as feed_title
from .highlight import Terms, highlight, paragraphs
from .metadata import web_url
from .query import QueryError
from .search import MAX_COMPARED, SORTS, NoIndex, ResultPage, SearchRequest, first_or_chosen

bp = Blueprint("web", __name__)
TIMELINE_WIDTH, TIMELINE_HEIGHT = 280, 64
OUTLETS_SHOWN = 10  # outlets listed before "more outlets"
OUTLETS_OFFERED = 500  # the advanced search's outlet field offers those with the most articles


@bp.errorhandler(QueryError)
def bad_request(e: QueryError) -> tuple[str, int]:
    return render_template("error.html", message=str(e)), 400


@bp.errorhandler(NoIndex)
def no_index(e: NoIndex) -> tuple[str, int]:
    return render_template("error.html", message=str(e)), 503


@bp.get("/")
def search_page() -> tuple[str, int]:
    """The search box and its results; a query or index error is shown in the page, with the form."""
    try:
        search = SearchRequest.from_args(request.args)
        page = engine().search(search)
    except QueryError as e:
        return render_template("search.html", error=str(e), search=_lenient(), page=None, sorts=SORTS), 400
    except NoIndex as e:
        return render_template("search.html", error=str(e), search=_lenient(), page=None, sorts=SORTS), 503
    return render_template(
        "search.html",
        search=search,
        page=page,
        sorts=SORTS,
        timeline=timeline(page),
        outlets=split_outlets(page),
        pages=page_links(page),
        json_url=url_for("api.search", **search.as_args()),
        feed_url=url_with(search, "/api/feed", sort=None, page=None, per_page=None),
        feed_title=feed_title(search),
    ), 200


@bp.get("/words")
def words_page() -> tuple[str, int]:
    search = SearchRequest.from_args(request.args)
    found = engine().words(search)
    refine = {word.word: url_with(search, q=narrowed(search.q, word.word), page=None) for word in found.words}
    return render_template(
        "words.html",
        search=search,
        found=found,
        refine=refine,
        sorts=SORTS,
        json_url=url_for("api.words", **search.as_args(page=None, per_page=None)),
    ), 200


@bp.get("/advanced")
def advanced_page() -> tuple[str, int] | Response:
    """The advanced search form; submitted, the results of the query its fields make up (see
    advanced.py), its filters kept. Opened from a results page, it starts from that search."""
    error = None
    try:
        search = SearchRequest.from_args(request.args)
        if any(name in request.args for name in advanced.FIELDS):
            return redirect(url_with(search, q=advanced.query_of(request.args), page=None))
    except QueryError as e:
        search, error = _lenient(), str(e)
    outlets = [outlet["name"] for outlet in engine().outlets()[0][:OUTLETS_OFFERED]]
    return render_template(
        "advanced.html",
        search=search,
        form=request.args,
        outlets=outlets,
        units=advanced.UNITS,
        sorts=SORTS,
        error=error,
    ), 400 if error else 200


@bp.app_template_global()  # (for the search box's macro, which sees no context processor)
def advanced_url(search: SearchRequest | dict[str, Any]) -> str:
    """The advanced search form, starting from the search (a page's search box: its query)."""
    if isinstance(search, SearchRequest):
        return url_with(search, "/advanced", page=None, per_page=None)
    return url_for("web.advanced_page", q=search.get("q") or None)


def narrowed(q: str, word: str) -> str:
    """The query that keeps the matches of `q` with `word` in them."""
    term = word if word.isalnum() else f'"{word}"'
    return f"({q}) AND {term}" if q else term


@bp.get("/compare")
def compare_page() -> tuple[str, int]:
    """Searches side by side, each period's and each outlet's matches and their share of its
    articles (each table downloadable as CSV); with fewer than two searches, the form to fill
    in; a bad search is shown in the form."""
    queries = [text for text in request.args.getlist("q") if text.strip()]
    result, error = None, None
    try:
        filters = SearchRequest.from_args(request.args)
        if len(queries) >= 2:
            result = engine().compare(filters, queries)
    except QueryError as e:
        filters, error = _lenient(), str(e)
    return render_template(
        "compare.html",
        queries=queries,
        filters=filters,
        slots=max(MAX_COMPARED, len(queries)),
        result=result,
        rows=share_rows(result["buckets"]) if result else [],
        outlet_rows=share_rows(result["outlets"]) if result else [],
        error=error,
        json_url=url_with(filters, "/api/compare", q=queries) if result else None,
        csv_url=lambda by: url_with(filters, "/api/compare", q=queries, format="csv", by=by),
    ), 400 if error else 200


def share_rows(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row a period or outlet of a comparison: each search's count, its share of the row's
    articles (`of`), and a bar on one scale for the whole table (the highest share is full
    width)."""
    peak = max((count / e["of"] for e in entries for count in e["counts"]), default=0) or 1
    return [
        {
            **e,
            "cells": [
                {
                    "count": count,
                    "share": _percent(count / e["of"]),
                    "width": round(100 * count / e["of"] / peak, 1),
                }
                for count in e["counts"]
            ],
        }
        for e in entries
    ]


@bp.get("/outlets")
def outlets_page() -> tuple[str, int]:
    """What the archive holds: each outlet's articles and dates, each linking to its articles."""
    found, without = engine().outlets()
    return render_template(
        "outlets.html", outlets=found, without=without, json_url=url_for("api.outlets")
    ), 200


@bp.get("/articles/<path:article_id>")
def article_page(article_id: str) -> tuple[str, int] | Response:
    q = request.args.get("q", "")
    article = engine().article(article_id) if usable_id(article_id) else None
    if article is None:
        return render_template("error.html", message="There is no article with that id."), 404
    terms = _terms(q)
    copies, copy_count = engine().copies(article.id)
    return render_template(
        "article.html",
        article=article,
        q=q,
        paragraphs=paragraphs(article.body, terms.from_paragraph(2)),
        title=highlight(article.title, terms) if article.title else Markup(""),
        related=engine().related(article.id),
        copies=copies,
        copy_count=copy_count,
        original_url=web_url(article.url),
        json_url=url_for("api.article", article_id=article.id),
    ), 200


def _terms(q: str) -> Terms:
    """The terms of the query the reader came from, to mark in the article; none if unreadable."""
    if not q:
        return Terms()
    try:
        return engine().terms(q)
    except QueryError:
        return Terms()


def _lenient() -> SearchRequest:
    """The request as far as it can be read, to refill the form after an error."""
    return SearchRequest(q=request.args.get("q", "")[:1000], outlets=tuple(request.args.getlist("outlet")))


def url_with(search: SearchRequest, path: str = "/", **changes: Any) -> str:
    """`path` with the search's arguments, as `changes` change them."""
    args = search.as_args(**changes)
    return f"{path}?{urlencode(args, doseq=True)}" if args else path


def export_url(search: SearchRequest, kind: str = "csv") -> str:
    """Every match of the search (not just this page) as a download: CSV, or RIS for a reference
    manager."""
    return url_with(search, "/api/export", page=None, per_page=None, format=kind)


def author_url(search: SearchRequest, name: str) -> str:
    """The search narrowed to one person's articles, as `author:"name"` in its query, where the
    reader sees it and can take it out again."""
    clause = 'author:"{}"'.format(name.replace('"', ""))
    return url_with(search, q=f"{search.q} {clause}".strip(), page=None)


def words_url(search: SearchRequest) -> str:
    """The significant words of the search's best matches."""
    return url_with(search, "/words", page=None, per_page=None)


def timeline(page: ResultPage) -> dict[str, Any] | None:
    """Bars for the date histogram, each linking to its period, drawn as inline SVG on the server:
    the matches, and their share of each period's articles (a spike in matches may be a spike in
    articles: Media Cloud charts both)."""
    facet = page.facets["date"]
    buckets = facet["buckets"]
    if not buckets:
        return None
    peak = max(b["count"] for b in buckets)
    peak_share = max(b["count"] / b["of"] for b in buckets)
    width = TIMELINE_WIDTH / len(buckets)
    bars = []
    for i, b in enumerate(buckets):
        start = date.fromisoformat(b["start"])
        end = _period_end(start, facet["interval"])
        height = max(2.0, (TIMELINE_HEIGHT - 4) * b["count"] / peak)
        share_height = max(2.0, (TIMELINE_HEIGHT - 4) * b["count"] / b["of"] / peak_share)
        bars.append(
            {
                "x": round(i * width, 2),
                "width": round(max(width - 1, 1), 2),
                "y": round(TIMELINE_HEIGHT - height, 2),
                "height": round(height, 2),
                "share_y": round(TIMELINE_HEIGHT - share_height, 2),
                "share_height": round(share_height, 2),
                "count": b["count"],
                "share": _percent(b["count"] / b["of"]),
                "of": b["of"],
                "start": start,
                "end": end,
                "href": url_with(
                    page.request, page=None, **{"from": start.isoformat(), "to": end.isoformat()}
                ),
            }
        )
    return {
        "bars": bars,
        "interval": facet["interval"],
        "width": TIMELINE_WIDTH,
        "height": TIMELINE_HEIGHT,
        "first": buckets[0]["start"],
        "last": buckets[-1]["start"],
    }


def split_outlets(page: ResultPage) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The outlet facet's first OUTLETS_SHOWN (and any ticked), and the rest, folded under "more":
    an archive of many outlets would list hundreds (Kibana's terms show ten)."""
    return first_or_chosen(page.facets["outlet"], OUTLETS_SHOWN, page.request.outlets)


def _percent(share: float) -> str:
    return f"{share:.1%}" if share < 0.1 else f"{share:.0%}"


def _period_end(start: date, interval: str) -> date:
    if interval == "week":
        return start + timedelta(days=6)
    if interval == "month":
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    if interval == "year":
        return start.replace(month=12, day=31)
    return start


def page_links(page: ResultPage) -> list[dict[str, Any]]:
    """Numbered links around the current page, with the first and last."""
    shown = sorted({1, page.pages, *range(max(1, page.page - 2), min(page.pages, page.page + 2) + 1)})
    return [
        {"number": n, "href": url_with(page.request, page=n if n > 1 else None), "current": n == page.page}
        for n in shown
    ]


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {"url_with": url_with, "export_url": export_url, "words_url": words_url, "author_url": author_url}
