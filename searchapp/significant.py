"""Significant words: what a search's best matches talk about, beyond the words asked for. The
words that the matches use far more often than the index at large does, scored as Elasticsearch's
significant_text scores them by default (JLH) over a sample of the best matches, as its sampler
aggregation takes one: Media Cloud's "top words" for a query, without the words every text uses."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from whoosh.searching import Searcher

from .analysis import analysed
from .highlight import Terms

SAMPLE = 100  # best matches read (their texts are analysed again: ~0.5 ms each)
READ_CHARS = 20_000  # of each: a long report's first few thousand words say what it is about
MIN_MATCHES = 3  # a word must be in this many of them, as Elasticsearch's min_doc_count
WORDS_LISTED = 25


@dataclass
class Word:
    word: str  # the stem's most frequent spelling in the sample
    matches: int  # sampled matches that use it
    share: float  # of the sampled matches
    background: float  # share of all articles that use it
    score: float  # JLH: (share - background) * share / background


def significant(s: Searcher, docnums: list[int], asked: Terms) -> list[Word]:
    """The WORDS_LISTED words of the articles `docnums` (the sample) most over-represented
    against all the index's, leaving out stop words, figures and the words `asked`."""
    asked_words = asked.words.union(*asked.phrases, asked.nearby)
    asked_stems = asked.stems.union(*asked.stem_phrases)
    holders: Counter[str] = Counter()
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for docnum in docnums:
        stems = set()
        for written, stem in analysed(s.stored_fields(docnum)["body"][:READ_CHARS])[0]:
            if stem and not stem[0].isdigit() and written not in asked_words and stem not in asked_stems:
                spellings[stem][written] += 1
                stems.add(stem)
        holders.update(stems)
    words, articles = [], s.doc_count_all()
    for stem, count in holders.items():
        if count < MIN_MATCHES:
            continue
        background = s.doc_frequency("body", stem) / articles
        share = count / len(docnums)
        if share > background > 0:
            spelled = spellings[stem].most_common(1)[0][0]
            score = (share - background) * share / background
            words.append(Word(spelled, count, share, background, score))
    return sorted(words, key=lambda w: (-w.score, w.word))[:WORDS_LISTED]
