"""One search function for the JSON API and the web page: request in, plain result page out.

`Engine` keeps one Whoosh searcher per thread (a searcher must not serve two threads at once,
and opening one costs milliseconds at news-archive scale) and reopens it only when a rebuild
has published a new index generation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from whoosh import query as q
from whoosh.searching import Searcher

from .article import Article
from .columns import Columns
from .completion import complete
from .highlight import Terms, highlight, query_terms, snippet
from .query import (
    SYNTAX_WORD,
    TEXT_FIELDS,
    WEIGHTING,
    Proximity,
    QueryError,
    all_words,
    check_length,
    matching,
    parse,
)
from .schema import from_stored
from .scoring import Deadline, Matches, Scorer, Stats
from .sentences import unpack
from .significant import SAMPLE, Word, significant
from .similar import like
from .spelling import suggest
from .store import IndexStore
from .synonyms import Synonyms

SORTS = {"relevance": "Relevance", "newest": "Newest", "oldest": "Oldest", "added": "Recently added"}
COPIES = ("fold", "show")
MAX_PER_PAGE = 100
MAX_COMPARED = 5  # searches side by side
OUTLETS_COMPARED = 20  # outlets with the most matches of any compared search
MAX_RESULT_WINDOW = 10_000  # page * per_page, as in Elasticsearch
RESCORE_WINDOW = 100  # top hits that the proximity bonus may re-rank
TIME_LIMIT = 3.0  # seconds a search may run before it returns what it found, flagged partial
EXPORT_TIME_LIMIT = 30.0  # an export must find every match, and may take longer
COMPLETE_TIME_LIMIT = 0.2  # completions then come in the order of frequency alone
WARM_EVERY = 1.0  # seconds between keep_warm's looks for a new generation
COPIES_LISTED = 20  # copies of a hit's text named with it
OUTLETS_LISTED = 100  # outlets of a search's facet
AUTHORS_LISTED = 10  # people of a search's author facet (as Elasticsearch's terms default)


class ArgSource(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...


class NoIndex(RuntimeError):
    """No index has been built yet."""

    def __init__(self) -> None:
        super().__init__("no index has been built yet: run python -m searchapp.index")


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    copies: str = "fold"  # a text's copies: folded into its first hit, or shown as hits

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
            copies=args.get("copies") or "fold",
        )
        if request.sort not in SORTS:
            raise QueryError(f"unknown sort {request.sort!r}: use one of {', '.join(SORTS)}")
        if request.copies not in COPIES:
            raise QueryError(f"unknown copies {request.copies!r}: use one of {', '.join(COPIES)}")
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
            "copies": self.copies if self.copies != "fold" else None,
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
    added: str | None  # when the archive first indexed it (ISO 8601, UTC)
    author: str | None
    url: str | None
    score: float | None
    title_html: str  # HTML (a Markup): the title escaped, with matches in <mark>
    snippet: str  # HTML (a Markup): escaped text with matches in <mark>
    copies: list[dict[str, Any]] = field(default_factory=list)  # other matches of the same text
    copy_count: int = 0  # how many (copies lists the first COPIES_LISTED)


@dataclass
class ResultPage:
    query: str
    total: int
    folded: int  # matches shown as copies of an earlier hit's text, not as hits
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
        return page_count(self.total - self.folded, self.per_page)

    def as_dict(self) -> dict[str, Any]:
        """The page as JSON data; a shallow copy (asdict's deep copy was a tenth of a search)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "request"}
        return {"ok": True, **data, "results": [dict(vars(hit)) for hit in self.results]}


@dataclass
class WordsPage:
    """The significant words of a search's best matches (significant.py)."""

    query: str
    total: int  # matches
    sample: int  # of them read: the best ranked, each text once unless copies=show
    words: list[Word]
    request: SearchRequest = field(repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("request", "words")}
        return {"ok": True, **data, "words": [asdict(word) for word in self.words]}


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


class Engine:
    """Searches the live index generation of `index_dir`."""

    def __init__(self, index_dir: Path, time_limit: float = TIME_LIMIT) -> None:
        self.store = IndexStore(index_dir)
        self.time_limit = time_limit
        self._local = threading.local()
        self._shared: tuple[Path, Columns, Stats, Synonyms] | None = None
        self._shared_lock = threading.Lock()
        self._built: tuple[Path, Any] | None = None
        self._warmed: tuple[Path, Searcher] | None = None  # (keep_warm's, for the next thread to take)
        self._warmed_lock = threading.Lock()

    def searcher(self) -> Searcher:
        """This thread's searcher, reopened only when a rebuild published a new generation."""
        return self._open()[1]

    def _open(self) -> tuple[Path, Searcher]:
        gen = self.store.current()
        if gen is None:
            raise NoIndex
        cached = getattr(self._local, "cached", None)
        if cached and cached[0] == gen:
            return cached
        with self._warmed_lock:
            warmed, self._warmed = self._warmed, None
        if warmed and warmed[0] != gen:
            warmed[1].close()
            warmed = None
        if warmed is None:
            warmed = self._new_searcher()
        if cached:
            cached[1].close()
        self._local.cached = warmed
        return warmed

    def _new_searcher(self) -> tuple[Path, Searcher]:
        """A searcher of the live generation, opened now; NoIndex if there is none."""
        opened = self.store.open()
        if opened is None:
            raise NoIndex
        return opened[0], opened[1].searcher(weighting=WEIGHTING)

    def keep_warm(self, every: float = WARM_EVERY) -> threading.Thread:
        """Have a thread open each new generation as it is published, with the figures every
        search of it shares, and hand its searcher to the first request: in a server, no request
        then pays for a rebuild (at 19k articles, through HTTP, the first searches after a rebuild
        took 46 ms at the median, 13 ms with it)."""

        def warm() -> None:
            warmed = None
            while True:
                gen = self.store.current()
                if gen is not None and gen != warmed:
                    warmed = gen  # (once a generation, whether or not it opens)
                    try:
                        opened, s = self._new_searcher()
                        _, stats = self.shared(opened, s)
                        for fieldname in TEXT_FIELDS:
                            stats.norms(s, fieldname)
                        with self._warmed_lock:
                            if self._warmed:
                                self._warmed[1].close()
                            self._warmed = (opened, s)
                    except Exception as e:  # noqa: BLE001 - a request will open it, and say what is wrong
                        logging.getLogger(__name__).warning("could not open %s ahead of requests: %s", gen, e)
                time.sleep(every)

        thread = threading.Thread(target=warm, name="keep-warm", daemon=True)
        thread.start()
        return thread

    def shared(self, gen: Path, s: Searcher) -> tuple[Columns, Stats]:
        """The generation's columns and scoring figures, built by the first thread to need them."""
        _, columns, stats, _ = self._generation(gen, s)
        return columns, stats

    def synonyms(self, gen: Path, s: Searcher) -> Synonyms:
        """The synonyms list the generation was built with (synonyms.py)."""
        return self._generation(gen, s)[3]

    def _generation(self, gen: Path, s: Searcher) -> tuple[Path, Columns, Stats, Synonyms]:
        """What every search of the generation shares, read once, by the first thread to need it."""
        with self._shared_lock:
            if self._shared is None or self._shared[0] != gen:
                stats = Stats(s)
                synonyms = Synonyms.stored(gen, s.schema["body"])
                self._shared = (gen, Columns(s, stats.live, gen), stats, synonyms)
            return self._shared

    def search(self, request: SearchRequest) -> ResultPage:
        started = time.perf_counter()
        matched = self._match(request, self.time_limit)
        total, s, columns = len(matched.docs), matched.s, matched.columns
        fold = request.copies == "fold"
        distinct = matched.text_count() if fold else total
        first = (request.page - 1) * request.per_page
        if request.page > 1 and first >= distinct:
            last = page_count(distinct, request.per_page)
            raise QueryError(f"page {request.page} is beyond the last page ({last})")

        terms = query_terms(matched.query) if matched.query else Terms()
        ranked = matched.ranked_texts if fold else matched.ranked
        shown = ranked(request.page * request.per_page)[first : first + request.per_page]
        copies = matched.copies([docnum for docnum, _ in shown]) if fold else {}
        hits = []
        in_body = terms.from_paragraph(2)  # (the text begins at the article's second paragraph)
        for docnum, score in shown:
            fields = s.stored_fields(docnum)
            article = from_stored(fields)
            sentences = unpack(fields["sentences"]) if "sentences" in fields else None
            hit = _hit(article, score, terms, snippet(article.body, in_body, sentences))
            if docnum in copies:  # (fold only)
                hit.copies, hit.copy_count = _named_copies(s, columns, copies[docnum])
            hits.append(hit)
        return ResultPage(
            query=request.q,
            total=total,
            folded=total - distinct,
            page=request.page,
            per_page=request.per_page,
            took_ms=round((time.perf_counter() - started) * 1000, 1),
            partial=matched.scorer.deadline.passed,
            suggestion=suggest(request.q, s, matched.synonyms) if request.q else None,
            results=hits,
            facets={
                **outlet_facet(columns.outlets, matched.outlet_counts, request.outlets),
                "author": author_facet(columns, matched.docs),
                "date": date_histogram(
                    columns.day[matched.docs], columns.day[matched.allowed] if matched.query else None
                ),
            },
            request=request,
        )

    def words(self, request: SearchRequest) -> WordsPage:
        """What the request's best matches (the first significant.SAMPLE, as its pages rank
        them) talk about: their words most over-represented against the index."""
        matched = self._match(request, self.time_limit)
        ranked = matched.ranked_texts if request.copies == "fold" else matched.ranked
        sample = [docnum for docnum, _ in ranked(SAMPLE)]
        asked = query_terms(matched.query) if matched.query else Terms()
        words = significant(matched.s, sample, asked) if sample else []
        return WordsPage(request.q, len(matched.docs), len(sample), words, request)

    def compare(self, request: SearchRequest, queries: list[str]) -> dict[str, Any]:
        """How many articles each of `queries` matches, period by period and outlet by outlet,
        under the request's filters (its own query aside): attention side by side, as Media
        Cloud compares queries. Each period and outlet counts its articles too (`of`), to read
        each count as a share of the coverage; the periods suit the span of all the matches
        (date_histogram's); the outlets are the OUTLETS_COMPARED with the most matches."""
        queries = [text.strip() for text in queries if text.strip()]
        if not 2 <= len(queries) <= MAX_COMPARED:
            raise QueryError(f"give 2 to {MAX_COMPARED} searches to compare (q=...&q=...)")
        matched = [self._match(replace(request, q=text), self.time_limit) for text in queries]
        days = [m.columns.day[m.docs] for m in matched]
        first = matched[0]
        every = date_histogram(np.concatenate(days), first.columns.day[first.allowed])
        interval = every["interval"]
        counted = []  # each search's count by period
        for d in days:
            keys, counts = np.unique(_bucket_keys(d[d > 0], interval), return_counts=True)
            starts = (_bucket_start(key, interval).isoformat() for key in keys.tolist())
            counted.append(dict(zip(starts, counts.tolist(), strict=True)))
        outlets, names = first.columns.outlet, first.columns.outlets
        by_outlet = [np.bincount(outlets[m.docs], minlength=len(names)) for m in matched]
        top = most_first(sum(by_outlet), names)
        of = np.bincount(outlets[first.allowed], minlength=len(names))
        return {
            "ok": True,
            "interval": interval,
            "partial": any(m.scorer.deadline.passed for m in matched),
            "queries": [{"q": text, "total": len(m.docs)} for text, m in zip(queries, matched, strict=True)],
            "buckets": [
                {"start": b["start"], "of": b["of"], "counts": [c.get(b["start"], 0) for c in counted]}
                for b in every["buckets"]
            ],
            "outlets": [
                {"name": names[n], "of": int(of[n]), "counts": [int(c[n]) for c in by_outlet]}
                for n in top[:OUTLETS_COMPARED]
            ],
        }

    def export(self, request: SearchRequest) -> Iterator[dict[str, Any]]:
        """Every article the request matches, in its order (pages aside), as records without
        snippets but with their text: read one by one as they are taken. QueryError if the
        search ran out of time before it had found them all."""
        matched = self._match(request, EXPORT_TIME_LIMIT)
        if matched.scorer.deadline.passed:
            limit = f"{EXPORT_TIME_LIMIT:.0f} s"
            raise QueryError(f"the search ran out of time ({limit}) before finding every match: narrow it")
        ranked, originals = matched.ranked(len(matched.docs)), matched.originals()

        def record(docnum: int, score: float | None) -> dict[str, Any]:
            original = originals.get(docnum)
            copy_of = matched.s.stored_fields(original)["id"] if original is not None else None
            article = from_stored(matched.s.stored_fields(docnum))
            return {**_record(article, score), "copy_of": copy_of, "text": article.body}

        return (record(docnum, score) for docnum, score in ranked)

    def _match(self, request: SearchRequest, time_limit: float) -> Matched:
        gen, s = self._open()
        columns, stats = self.shared(gen, s)
        synonyms = self.synonyms(gen, s)
        query = parse(request.q, s, synonyms) if request.q else None
        sort = "newest" if query is None and request.sort == "relevance" else request.sort

        # One pass scores every match; the total and the facets count them all, and outlets
        # filter after the outlet counts so that the page can offer more outlets to tick.
        scorer = Scorer(s, stats, Deadline(time_limit))
        found = scorer.score_all(matching(query)) if query else None
        allowed = stats.live.copy()  # (what the filters allow, the query aside)
        if request.date_from or request.date_to:
            low = request.date_from.toordinal() if request.date_from else 1  # undated (0) never
            high = request.date_to.toordinal() if request.date_to else date.max.toordinal()
            allowed &= (columns.day >= low) & (columns.day <= high)
        chosen = found.hit & allowed if found is not None else allowed.copy()
        outlet_counts = np.bincount(columns.outlet[chosen], minlength=len(columns.outlets))
        if request.outlets:
            wanted_outlets = [n for n, name in enumerate(columns.outlets) if name in request.outlets]
            from_outlets = np.isin(columns.outlet, wanted_outlets)
            chosen &= from_outlets
            allowed &= from_outlets
        docs = np.flatnonzero(chosen)
        return Matched(s, columns, synonyms, query, sort, scorer, found, docs, outlet_counts, allowed)

    def terms(self, text: str) -> Terms:
        """What a query looks for, to mark it in an article's text."""
        gen, s = self._open()
        return query_terms(parse(text, s, self.synonyms(gen, s)))

    def outlets(self) -> tuple[list[dict[str, Any]], int]:
        """Every outlet of the index with its articles and the dates of its first and last, the
        most articles first: what the archive holds (the search facet lists 100); and how many
        articles have no outlet."""
        gen, s = self._open()
        columns, stats = self.shared(gen, s)
        owner, day = columns.outlet[stats.live], columns.day[stats.live]
        articles = np.bincount(owner, minlength=len(columns.outlets))
        first = np.full(len(articles), date.max.toordinal())
        last = np.zeros(len(articles), np.int64)
        np.minimum.at(first, owner[day > 0], day[day > 0])
        np.maximum.at(last, owner[day > 0], day[day > 0])
        found = [
            {
                "name": columns.outlets[n],
                "articles": int(articles[n]),
                "first": date.fromordinal(int(first[n])).isoformat() if last[n] else None,
                "last": date.fromordinal(int(last[n])).isoformat() if last[n] else None,
            }
            for n in np.flatnonzero(articles[1:]) + 1  # (0: no outlet)
        ]
        return sorted(found, key=lambda o: (-o["articles"], o["name"])), int(articles[0])

    def complete(self, text: str) -> list[str]:
        """The text with its last word completed (completion.py), those that go best with the
        words typed before it first: the articles holding both, times the share of the word's
        articles that hold the words before (the count alone put "japan year" before "japan
        yen"; the share alone, rare words)."""
        check_length(text)
        gen, s = self._open()
        scorer = Scorer(s, self.shared(gen, s)[1], Deadline(COMPLETE_TIME_LIMIT))

        def together(before: str) -> Callable[[str, str], float] | None:
            try:  # (`oil w/5 op`, `atleast3 op`: the words before, the operator aside, lacking its word)
                query = parse(SYNTAX_WORD.sub(" ", before), s, self.synonyms(gen, s))
            except QueryError:  # (still being typed: `"rare ea`)
                return None
            held = scorer.holding(all_words(query) or [query])

            def fit(fieldname: str, word: str) -> float:
                documents = scorer.documents(fieldname, word)
                both = int(held[documents].sum())
                return both * both / len(documents) if len(documents) else 0.0

            return fit

        return complete(s, text, together)

    def article(self, article_id: str) -> Article | None:
        s = self.searcher()
        fields = s.document(id=article_id)
        return from_stored(fields) if fields else None

    def related(self, article_id: str, limit: int = 5) -> list[dict[str, Any]]:
        """More like this: the articles that the given one's most distinctive words rank first
        (similar.like), scored as a search is. Whoosh's more_like asks five words, chosen by
        another model (Bo1): for an earnings report, "loss" and four of its figures."""
        gen, s = self._open()
        docnum = s.document_number(id=article_id)
        if docnum is None:
            return []
        columns, stats = self.shared(gen, s)
        same = columns.text == columns.text[docnum]  # itself, and its copies (copies())
        query = like(from_stored(s.stored_fields(docnum)), s, int(np.count_nonzero(same)) - 1)
        if query is None:
            return []
        found = Scorer(s, stats, Deadline(self.time_limit)).score_all(query)
        found.hit[same] = False
        docs = np.flatnonzero(found.hit)
        top = _first(docs, -found.score[docs], limit)
        return [_record(from_stored(s.stored_fields(d)), float(found.score[d])) for d in top]

    def copies(self, article_id: str) -> tuple[list[dict[str, Any]], int]:
        """The other articles of the same text (copies.groups), oldest first, the first
        COPIES_LISTED of them, and how many there are: as a search hit names them."""
        gen, s = self._open()
        docnum = s.document_number(id=article_id)
        if docnum is None:
            return [], 0
        columns, _ = self.shared(gen, s)
        same = np.flatnonzero(columns.text == columns.text[docnum])  # (a deleted article has no copies)
        return _named_copies(s, columns, same[same != docnum])

    def health(self) -> dict[str, Any]:
        return {"ok": True, "articles": self.searcher().doc_count(), "index_built": self.built_at()}

    def built_at(self) -> str | None:
        """When the live generation was built (ISO 8601, UTC)."""
        gen, _ = self._open()
        if self._built is None or self._built[0] != gen:  # the manifest is MBs of file hashes
            self._built = (gen, self.store.manifest(gen).get("built_at"))
        return self._built[1]


@dataclass
class Matched:
    """What a request matches in one searcher's view of the index: the chosen documents
    (ascending), with their scores if ranked by the query, and the outlet counts before the
    outlet filter."""

    s: Searcher
    columns: Columns
    synonyms: Synonyms  # the list the query was read with
    query: q.Query | None
    sort: str
    scorer: Scorer
    found: Matches | None
    docs: np.ndarray
    outlet_counts: np.ndarray
    allowed: np.ndarray  # the documents the filters allow, matched or not (a mask)

    def ranked(self, wanted: int) -> list[tuple[int, float | None]]:
        """The first `wanted` documents in the request's order, each with its score if any."""
        if self.found is not None and self.query and self.sort == "relevance":
            return _by_score(self.scorer, self.query, self.found, self.docs, wanted)
        if self.sort == "added":
            return [(d, None) for d in _by_added(self.docs, self.columns.added, self.columns.stamp, wanted)]
        return [(d, None) for d in _by_date(self.docs, self.columns.stamp, self.sort == "newest", wanted)]

    def ranked_texts(self, wanted: int) -> list[tuple[int, float | None]]:
        """ranked(), each text once: a later copy of a text (a wire story several outlets ran)
        folds into its first, whose hit lists the copies, as Elasticsearch's field collapsing
        shows a group's top hit; but of saves of one address, the fullest speaks for them
        (_fullest). Copies are taken further down the order until `wanted` texts."""
        count = wanted
        while True:
            ranked, seen, firsts = self.ranked(count), set(), []
            if not self.columns.repeated[[docnum for docnum, _ in ranked]].any():
                return ranked[:wanted]  # (no copies among them: most searches)
            for docnum, score in ranked:
                if (key := self.columns.text[docnum]) not in seen:
                    seen.add(key)
                    firsts.append((self._fullest(docnum), score))
            if len(firsts) >= wanted or len(ranked) < count:
                return firsts[:wanted]
            count *= 4

    def _fullest(self, docnum: int) -> int:
        """The match with the longest text among those of `docnum`'s text and address: a feed's
        summary of an article ranks above the page saved whole (BM25 favours the short), which
        the reader wants to see, and then the summary as its copy."""
        address = self.columns.address[docnum]
        if not (address and self.columns.repeated[docnum]):
            return docnum
        same = self.docs[
            (self.texts == self.columns.text[docnum]) & (self.columns.address[self.docs] == address)
        ]
        norms = self.scorer.stats.norms(self.s, "body")  # (BM25's norm grows with the length)
        fullest = int(same[np.argmax(norms[same])])
        return fullest if norms[fullest] > norms[docnum] else docnum

    @cached_property
    def texts(self) -> np.ndarray:
        """Each match's text (Columns.text)."""
        return self.columns.text[self.docs]

    def text_count(self) -> int:
        """How many texts the matches have (np.unique would take 3 ms for 50k matches)."""
        if not self.columns.repeated[self.docs].any():
            return len(self.docs)
        return int(np.count_nonzero(np.bincount(self.texts, minlength=self.columns.texts)))

    def originals(self) -> dict[int, int]:
        """Each match that is a later copy of another match's text, with the earliest of them
        (by date, undated last, then in index order): an export says which rows are copies."""
        docs = self.docs[self.columns.repeated[self.docs]]
        text, stamp = self.columns.text[docs], self.columns.stamp[docs]
        order = np.lexsort((docs, np.nan_to_num(stamp, nan=np.inf), text))  # by text, then date
        docs, text = docs[order], text[order]
        first = np.flatnonzero(np.diff(text, prepend=-1))  # where each text's run begins
        earliest = np.repeat(docs[first], np.diff(np.append(first, len(docs))))
        return {d: e for d, e in zip(docs.tolist(), earliest.tolist(), strict=True) if d != e}

    def copies(self, shown: list[int]) -> dict[int, np.ndarray]:
        """The other matches of each shown document's text, for those whose text has copies in
        the index: one pass over the matches for the page."""
        text = self.columns.text
        shown = [docnum for docnum in shown if self.columns.repeated[docnum]]
        if not shown:
            return {}
        same = self.docs[np.isin(self.texts, text[shown])]
        return {docnum: same[(text[same] == text[docnum]) & (same != docnum)] for docnum in shown}


def _named_copies(s: Searcher, columns: Columns, copies: np.ndarray) -> tuple[list[dict[str, Any]], int]:
    """Copies of a text as a hit or an article names them: which article, where and when, oldest
    first (undated last), the first COPIES_LISTED; and how many there are."""
    oldest = copies[np.argsort(columns.stamp[copies], kind="stable")][:COPIES_LISTED]
    named = []
    for docnum in oldest.tolist():
        fields = s.stored_fields(docnum)
        named.append(
            {"id": fields["id"], "outlet": fields.get("outlet_exact"), "date": fields.get("published")}
        )
    return named, len(copies)


def _hit(article: Article, score: float | None, terms: Terms, html: str) -> Hit:
    return Hit(**_record(article, score), title_html=highlight(article.title, terms), snippet=html)


def _record(article: Article, score: float | None) -> dict[str, Any]:
    """What a hit, and a line of an export, say of an article."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date_iso,
        "added": article.added_iso,
        "author": article.author,
        "url": article.url,
        "score": round(score, 4) if score is not None else None,
        "source": article.source,
    }


def _by_score(
    scorer: Scorer, query: q.Query, found: Matches, docs: np.ndarray, wanted: int
) -> list[tuple[int, float | None]]:
    """The first `wanted` documents by score, those with every word of a short query before
    the rest (query.all_words). The proximity bonus re-ranks the top RESCORE_WINDOW only, and
    the rest follow in their order, as Elasticsearch's rescore does: matching those phrases
    against every match would cost too much, and every page cuts the same ranking."""
    words = all_words(query)
    lacking = ~scorer.holding(words) if words else np.zeros(len(found.hit), bool)
    keys = -found.score[docs] + lacking[docs] * (found.score.max(initial=0.0) + 1.0)
    top = _first(docs, keys, max(wanted, RESCORE_WINDOW))
    head, rest = top[:RESCORE_WINDOW], top[RESCORE_WINDOW:]
    scores = found.score[head]
    proximity = [p for p in query.leaves() if isinstance(p, Proximity)]
    if proximity:
        only = np.zeros(len(found.hit), bool)
        only[head] = True
        scores = scores + scorer.score_all(q.Or(proximity), only=only).score[head]
    order = np.lexsort((head, -scores, lacking[head]))
    ranked = zip(head[order].tolist(), scores[order].tolist(), strict=True)
    return [*ranked, *zip(rest.tolist(), found.score[rest].tolist(), strict=True)]


def _by_date(docs: np.ndarray, stamp: np.ndarray, newest: bool, wanted: int) -> list[int]:
    """The first `wanted` documents by date; undated articles come last either way."""
    return _first(docs, _date_keys(stamp[docs], newest), wanted).tolist()


def _by_added(docs: np.ndarray, added: np.ndarray, stamp: np.ndarray, wanted: int) -> list[int]:
    """The first `wanted` documents by when they were first indexed, the latest first; those of
    one rebuild (a first build adds every article at once) newest by date first."""
    when = -added[docs]
    cut = np.partition(when, wanted - 1)[wanted - 1] if len(docs) > wanted else np.inf
    sure, tied = docs[when < cut], docs[when == cut]  # (tied: the rebuild that the cut falls in)
    sure = sure[np.lexsort((sure, _date_keys(stamp[sure], True), -added[sure]))]
    return sure.tolist() + _by_date(tied, stamp, True, wanted - len(sure))


def _date_keys(when: np.ndarray, newest: bool) -> np.ndarray:
    """Sort keys of times, ascending in the order asked; undated (NaN) last either way."""
    return np.where(np.isnan(when), np.inf, -when if newest else when)


def _first(docs: np.ndarray, keys: np.ndarray, count: int) -> np.ndarray:
    """The `count` documents with the smallest keys, in order; equal keys in document order
    (`docs` is ascending). Only the candidates are sorted."""
    if len(docs) > count:
        kth = np.partition(keys, count - 1)[count - 1]
        keep = keys < kth
        keep[np.flatnonzero(keys == kth)[: count - np.count_nonzero(keep)]] = True
        docs, keys = docs[keep], keys[keep]
    return docs[np.lexsort((docs, keys))]


def outlet_facet(names: list[str | None], counts: np.ndarray, chosen: tuple[str, ...]) -> dict[str, Any]:
    """The outlets with matches, the most first (then by name): the first OUTLETS_LISTED and any
    chosen (`outlet`), and how many others have matches (`outlet_others`). An archive of
    thousands of outlets would have every response list them all; Elasticsearch's terms
    aggregation returns ten unless asked."""
    found = [{"value": names[n], "count": int(counts[n])} for n in most_first(counts, names)]
    listed, others = first_or_chosen(found, OUTLETS_LISTED, chosen)
    return {"outlet": listed, "outlet_others": len(others)}


def most_first(counts: np.ndarray, names: list[str | None]) -> list[int]:
    """The numbers of the named values with a count, the most first, then by name: the order of
    every facet (a value's number 0 is "none" where `names` has None there)."""
    return sorted(
        (n for n in np.flatnonzero(counts).tolist() if names[n]), key=lambda n: (-counts[n], names[n])
    )


def author_facet(columns: Columns, docs: np.ndarray) -> list[dict[str, Any]]:
    """The people who wrote the most of the matches, the most first (then by name): each of an
    author line's people counts ("Jo Marsh, Ann Lee" is two)."""
    per_line = np.bincount(columns.byline[docs], minlength=columns.bylines)
    per_person = np.bincount(
        columns.person_of, weights=per_line[columns.byline_of], minlength=len(columns.people)
    )
    people = most_first(per_person, columns.people)[:AUTHORS_LISTED]
    return [{"value": columns.people[n], "count": int(per_person[n])} for n in people]


def first_or_chosen(
    facet: list[dict[str, Any]], first: int, chosen: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A facet's `first` values and any `chosen` further down (a ticked filter stays in view),
    and the others, in order."""
    listed: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for i, item in enumerate(facet):
        (listed if i < first or item["value"] in chosen else others).append(item)
    return listed, others


_EPOCH = date(1970, 1, 1).toordinal()


def date_histogram(days: np.ndarray, among: np.ndarray | None = None) -> dict[str, Any]:
    """Counts of the given day ordinals (0: undated, left out) in buckets of a size that suits
    the span: days up to two months, weeks (from Monday) up to a year, months up to ten years,
    else years (about a hundred bars at most, as Kibana's automatic interval keeps). Each bucket
    also counts the days of `among` in it (`of`: the articles the filters allow, the query aside;
    by default the same days), so that a search's share of the coverage can be read, as Media
    Cloud normalises its attention charts: a spike in matches may be a spike in articles.
    Counted in numpy (np.unique sorted every matched article's day: a twentieth of a search's time)."""
    days = days[days > 0]
    if not len(days):
        return {"interval": "day", "buckets": []}
    span = int(days.max() - days.min())
    interval = "day" if span <= 62 else "week" if span <= 366 else "month" if span <= 3653 else "year"
    keys = _bucket_keys(days, interval)
    low, high = int(keys.min()), int(keys.max())
    counts = np.bincount(keys - low)  # (at most 367 days, or a month each: a small array)
    if among is None:
        totals = counts
    else:
        margin = 366 if interval == "year" else 31
        first, last = int(days.min()) - margin, int(days.max()) + margin  # (every bucket's days, and more)
        among = among[(among >= first) & (among <= last)]
        if last - first < len(among):  # counted by day first: bucketing 95k days by month took 4 ms
            weights = np.bincount(among - first, minlength=last - first + 1)
            among = np.arange(first, last + 1)
        else:  # (a span of centuries: fewer articles than days)
            weights = None
        bucket = _bucket_keys(among, interval)
        inside = (bucket >= low) & (bucket <= high)
        kept = weights[inside] if weights is not None else None
        totals = np.bincount(bucket[inside] - low, kept, len(counts)).astype(np.int64)
    starts = np.flatnonzero(counts)
    return {
        "interval": interval,
        "buckets": [
            {"start": _bucket_start(low + n, interval).isoformat(), "count": count, "of": total}
            for n, count, total in zip(
                starts.tolist(), counts[starts].tolist(), totals[starts].tolist(), strict=True
            )
        ],
    }


def _bucket_start(key: int, interval: str) -> date:
    """The first day of the bucket of a _bucket_keys key."""
    if interval == "year":
        return date(1970 + key, 1, 1)
    return date(1970 + key // 12, key % 12 + 1, 1) if interval == "month" else date.fromordinal(key)


def _bucket_keys(days: np.ndarray, interval: str) -> np.ndarray:
    """Each day's bucket: its ordinal, its week's Monday's, or its month's or year's number since
    1970."""
    if interval in ("month", "year"):
        unit = "datetime64[M]" if interval == "month" else "datetime64[Y]"
        return (days - _EPOCH).astype("datetime64[D]").astype(unit).astype(np.int64)
    return days - (days - 1) % 7 if interval == "week" else days  # (ordinal 1 was a Monday)
