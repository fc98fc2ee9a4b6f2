"""One search function for the JSON API and the web page: request in, plain result page out.

`Engine` keeps one Whoosh searcher per thread (a searcher must not serve two threads at once,
and opening one costs milliseconds at news-archive scale) and reopens it only when a rebuild
has published a new index generation.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from whoosh import query as q
from whoosh import sorting
from whoosh.collectors import FilterCollector, TimeLimitCollector
from whoosh.searching import Searcher, TimeLimit

from .article import Article
from .highlight import Terms, query_terms, snippet
from .query import EXACT_FIELD, WEIGHTING, QueryError, parse
from .schema import from_stored
from .store import IndexStore

SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
MAX_RESULT_WINDOW = 10_000  # page * per_page, as in Elasticsearch
SUGGEST_BELOW = 3  # offer a did-you-mean when a query finds fewer articles than this
TIME_LIMIT = 3.0  # seconds a search may run before it returns what it found, flagged partial


class ArgSource(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...


class NoIndex(RuntimeError):
    """No index has been built yet."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    @classmethod
    def from_args(cls, args: ArgSource) -> SearchRequest:
        """Validate query-string parameters; QueryError says which one is wrong and why."""
        request = cls(
            q=(args.get("q") or "").strip(),
            outlets=tuple(o for o in args.getlist("outlet") if o),
            date_from=_date_arg(args, "from"),
            date_to=_date_arg(args, "to"),
            sort=args.get("sort") or "relevance",
            page=_int_arg(args, "page", 1, 1, MAX_RESULT_WINDOW),
            per_page=_int_arg(args, "per_page", 10, 1, MAX_PER_PAGE),
        )
        if request.sort not in SORTS:
            raise QueryError(f"unknown sort {request.sort!r}: use one of {', '.join(SORTS)}")
        if request.date_from and request.date_to and request.date_from > request.date_to:
            raise QueryError("'from' is after 'to'")
        if request.page * request.per_page > MAX_RESULT_WINDOW:
            raise QueryError(f"results beyond the first {MAX_RESULT_WINDOW} cannot be paged to")
        return request

    def as_args(self, **changes: Any) -> dict[str, Any]:
        """The request as URL parameters (for links), with some values changed."""
        values = {
            "q": self.q,
            "outlet": list(self.outlets),
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "sort": self.sort if self.sort != "relevance" else None,
            "page": self.page if self.page != 1 else None,
            "per_page": self.per_page if self.per_page != 10 else None,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", [])}


def _date_arg(args: ArgSource, name: str) -> date | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"'{name}' must be a date as YYYY-MM-DD, not {value!r}") from None


def _int_arg(args: ArgSource, name: str, default: int, low: int, high: int) -> int:
    value = args.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"'{name}' must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise QueryError(f"'{name}' must be between {low} and {high}")
    return number


@dataclass
class Hit:
    id: str
    source: str
    title: str
    outlet: str | None
    date: str | None
    author: str | None
    url: str | None
    score: float | None
    snippet: str  # HTML (a Markup): escaped text with matches in <mark>


@dataclass
class ResultPage:
    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    partial: bool
    suggestion: str | None
    results: list[Hit]
    facets: dict[str, Any]
    request: SearchRequest = field(repr=False, compare=False)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["request"]
        return {"ok": True, **data}


class Engine:
    """Searches the live index generation of `index_dir`."""

    def __init__(self, index_dir: Path, time_limit: float = TIME_LIMIT) -> None:
        self.store = IndexStore(index_dir)
        self.time_limit = time_limit
        self._local = threading.local()

    def searcher(self) -> Searcher:
        """This thread's searcher, reopened only when a rebuild published a new generation."""
        gen = self.store.current()
        if gen is None:
            raise NoIndex("no index has been built yet: run python -m searchapp.index")
        cached = getattr(self._local, "cached", None)
        if cached and cached[0] == gen:
            return cached[1]
        opened = self.store.open()
        if opened is None:
            raise NoIndex("no index has been built yet: run python -m searchapp.index")
        if cached:
            cached[1].close()
        searcher = opened[1].searcher(weighting=WEIGHTING)
        self._local.cached = (opened[0], searcher)
        return searcher

    def search(self, request: SearchRequest) -> ResultPage:
        started = time.perf_counter()
        s = self.searcher()
        browsing = not request.q
        query = q.Every() if browsing else parse(request.q, s)
        sort = "newest" if browsing and request.sort == "relevance" else request.sort
        results, partial = self._collect(
            s,
            query,
            _filters(request),
            limit=request.page * request.per_page,
            sortedby=None if sort == "relevance" else sorting.FieldFacet("date", reverse=sort == "newest"),
            groupedby={"outlet": sorting.FieldFacet("outlet_exact"), "date": sorting.FieldFacet("date")},
        )
        total = len(results)
        first = (request.page - 1) * request.per_page
        if request.page > 1 and first >= total:
            last = max(1, -(-total // request.per_page))
            raise QueryError(f"page {request.page} is beyond the last page ({last})")
        outlets = results.groups("outlet")
        if request.outlets:  # count every outlet, so that more can be ticked (a post-filter)
            unfiltered, more_partial = self._collect(
                s,
                query,
                _filters(request, outlets=False),
                limit=1,
                groupedby={"outlet": sorting.FieldFacet("outlet_exact")},
            )
            outlets, partial = unfiltered.groups("outlet"), partial or more_partial
        terms = query_terms(query)
        hits = []
        for hit in results[first : first + request.per_page]:
            article = from_stored(hit.fields())
            score = hit.score if sort == "relevance" else None
            hits.append(_hit(article, score, snippet(article.body, terms)))
        return ResultPage(
            query=request.q,
            total=total,
            page=request.page,
            per_page=request.per_page,
            took_ms=round((time.perf_counter() - started) * 1000, 1),
            partial=partial,
            suggestion=_suggest(request.q, s) if request.q and total < SUGGEST_BELOW else None,
            results=hits,
            facets=_facets(outlets, results.groups("date")),
            request=request,
        )

    def _collect(
        self, s: Searcher, query: q.Query, restriction: q.Query | None, **options: Any
    ) -> tuple[Any, bool]:
        """Run the query under the time limit; say whether it ran out (results are then partial)."""
        collector = s.collector(maptype=sorting.Count, **options)
        if restriction is not None:
            collector = _AllowCollector(collector, restriction)
        timed = TimeLimitCollector(collector, self.time_limit, use_alarm=False)
        try:
            s.search_with_collector(query, timed)
        except TimeLimit:
            return timed.results(), True
        return timed.results(), False

    def terms(self, text: str) -> Terms:
        """What a query looks for, to mark it in an article's text."""
        return query_terms(parse(text, self.searcher()))

    def article(self, article_id: str) -> Article | None:
        s = self.searcher()
        fields = s.document(id=article_id)
        return from_stored(fields) if fields else None

    def related(self, article_id: str, limit: int = 5) -> list[Hit]:
        """More like this: articles sharing the most distinctive words of the given one."""
        s = self.searcher()
        docnum = s.document_number(id=article_id)
        if docnum is None:
            return []
        hits = s.more_like(docnum, "body", top=limit)
        return [_hit(from_stored(h.fields()), h.score, "") for h in hits]

    def health(self) -> dict[str, Any]:
        s = self.searcher()
        manifest = self.store.manifest()
        return {"ok": True, "articles": s.doc_count(), "index_built": manifest.get("built_at")}


def _hit(article: Article, score: float | None, html: str) -> Hit:
    return Hit(
        id=article.id,
        source=article.source,
        title=article.title,
        outlet=article.outlet,
        date=article.date_iso,
        author=article.author,
        url=article.url,
        score=round(score, 4) if score is not None else None,
        snippet=html,
    )


class _AllowCollector(FilterCollector):
    """A filter that also holds when TimeLimitCollector feeds it one document at a time
    (Whoosh's FilterCollector only filters in its own collect_matches loop)."""

    def collect(self, sub_docnum: int) -> Any:
        if self._allow is None or self.offset + sub_docnum in self._allow:
            return self.child.collect(sub_docnum)
        return None


def _filters(request: SearchRequest, outlets: bool = True) -> q.Query | None:
    parts: list[q.Query] = []
    if outlets and request.outlets:
        parts.append(q.Or([q.Term("outlet_exact", o) for o in request.outlets]))
    if request.date_from or request.date_to:
        start = datetime.combine(request.date_from, datetime.min.time()) if request.date_from else None
        end = datetime.combine(request.date_to, datetime.max.time()) if request.date_to else None
        parts.append(q.DateRange("date", start, end))
    return q.And(parts) if parts else None


def _facets(outlets: Mapping[Any, int], dates: Mapping[Any, int]) -> dict[str, Any]:
    outlet_counts = sorted(((k, v) for k, v in outlets.items() if k), key=lambda kv: (-kv[1], kv[0]))
    dated = Counter({k: v for k, v in dates.items() if isinstance(k, datetime) and k > datetime.min})
    return {
        "outlet": [{"value": k, "count": v} for k, v in outlet_counts],
        "date": date_histogram(dated),
    }


def date_histogram(counts: Mapping[datetime, int]) -> dict[str, Any]:
    """Buckets of a size that suits the span: days up to two months, weeks up to a year, else months."""
    if not counts:
        return {"interval": "day", "buckets": []}
    span = (max(counts) - min(counts)).days
    interval = "day" if span <= 62 else "week" if span <= 366 else "month"

    def bucket(when: datetime) -> date:
        day = when.date()
        if interval == "week":
            return day - timedelta(days=day.weekday())
        if interval == "month":
            return day.replace(day=1)
        return day

    buckets: Counter[date] = Counter()
    for when, n in counts.items():
        buckets[bucket(when)] += n
    return {
        "interval": interval,
        "buckets": [{"start": k.isoformat(), "count": buckets[k]} for k in sorted(buckets)],
    }


_WORD = re.compile(r"(?<![\w:~*?])([^\W\d_][\w'’]*)(?![\w:~*?])")
_OPERATORS = {"AND", "OR", "NOT", "TO"}


def _suggest(text: str, s: Searcher) -> str | None:
    """Did-you-mean: replace words the index has never seen with close words it has."""
    corrector = s.corrector(EXACT_FIELD)
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(1)
        if word in _OPERATORS or len(word) < 3:
            return word
        folded = word.lower()
        if s.doc_frequency(EXACT_FIELD, folded):
            return word
        best = corrector.suggest(folded, limit=1, maxdist=2, prefix=1)
        if not best:
            return word
        changed = True
        return best[0]

    corrected = _WORD.sub(fix, text)
    return corrected if changed else None
