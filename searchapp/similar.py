"""More like this: an article's most distinctive words, as a query for the articles like it."""

from __future__ import annotations

from collections import Counter

from whoosh import query as q
from whoosh.searching import Searcher

from .article import Article
from .query import WEIGHTING

LIKE_WORDS = 25  # the words kept, as Lucene's MoreLikeThis keeps (maxQueryTerms)


def like(article: Article, s: Searcher, copies: int = 0) -> q.Query | None:
    """The article's LIKE_WORDS body stems of the most weight (its count of each, title
    included, times the stem's IDF), OR-ed and ranked by BM25 as typed words are: a stem that
    no more articles have than its `copies` (which have every stem it has, or nearly: see
    copies.groups) finds nothing new, and is left out. None if no stem is left."""
    counts = Counter(s.schema["body"].process_text(f"{article.title}\n\n{article.body}", mode="index"))
    documents = s.doc_count_all()
    weights = {}
    for stem, count in counts.items():
        frequency = s.doc_frequency("body", stem)
        if frequency > 1 + copies:
            weights[stem] = count * WEIGHTING.idf_of(frequency, documents)
    kept = sorted(weights, key=lambda stem: (-weights[stem], stem))[:LIKE_WORDS]
    return q.Or([q.Term("body", stem) for stem in kept]) if kept else None
