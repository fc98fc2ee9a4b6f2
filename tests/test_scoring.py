"""The one-pass scorer gives exactly Whoosh's matches and scores, across segments and deletions."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

WORDS = (
    "wheat market markets trading traded grain price prices export exports farmer farmers "
    "the of and a in rain harvest record ministry bank rate rates central oil gas pipeline "
    "non-profit nonprofit non profit grain-export"
).split()
OUTLETS = ("Reuters", "AP", "Moscow Times")


def _articles(rng: random.Random, prefix: str, count: int) -> str:
    lines = []
    for i in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 120))) + "."
        lines.append(
            json.dumps(
                {
                    "id": f"{prefix}{i}",
                    "title": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 6))),
                    "body": body,
                    "outlet": rng.choice(OUTLETS),
                    "date": f"2025-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}",
                }
            )
        )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def segmented_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Segments with deleted documents: a build, an added file, then each file changed in turn
    (deletions in the first segment and in a later one)."""
    from searchapp.index import build_index

    root = tmp_path_factory.mktemp("scoring")
    seeds, index_dir = root / "seeds", root / "ix"
    seeds.mkdir()
    rng = random.Random(7)
    (seeds / "a.jsonl").write_text(_articles(rng, "a", 700))
    (seeds / "b.jsonl").write_text(_articles(rng, "b", 300))
    build_index(seeds, index_dir)
    (seeds / "c.jsonl").write_text(_articles(rng, "c", 200))
    build_index(seeds, index_dir)
    (seeds / "b.jsonl").write_text(_articles(rng, "b", 250))
    build_index(seeds, index_dir)
    (seeds / "c.jsonl").write_text(_articles(rng, "c", 150))
    build_index(seeds, index_dir)
    return index_dir


QUERIES = [
    "wheat",
    "markets",
    "wheat wheat prices",
    "the",
    "grain export farmers",
    '"wheat market"',
    '"grain prices" rain',
    '"the of the"',
    "expor*",
    "harvst~",
    "title:oil price",
    "oil outlet:reuters",
    "rain NOT harvest",
    "NOT harvest",
    "-harvest -rain",
    "bank -rates",
    "oil AND gas",
    "(oil OR gas) AND price^2",
    "date:>2025-05 ministry",
    "nothingatall",
]


@pytest.mark.parametrize("text", QUERIES)
def test_scores_equal_whoosh(segmented_index, text):
    from whoosh import query as q

    from searchapp.query import matching, parse
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    s = Engine(segmented_index).searcher()
    assert not s.is_atomic() and s.reader().has_deletions()
    query = matching(parse(text, s))
    stats = Stats(s)
    ours = Scorer(s, stats, Deadline(60)).score_all(query).as_dict()
    assert Scorer(s, stats, Deadline(60)).score_all(query).as_dict() == ours  # from the kept postings
    theirs = _whoosh_scores(s, query)
    if isinstance(query, q.AndNot):  # Whoosh's own AndNot lets excluded documents through across segments
        excluded = set(s.docs_for_query(query.b))
        theirs = {d: v for d, v in theirs.items() if d not in excluded}
    assert ours.keys() == theirs.keys()
    assert all(ours[d] == pytest.approx(theirs[d], rel=1e-9) for d in ours)
    assert ours or text in ("the", "nothingatall")  # a stop word, an unknown word


@pytest.mark.parametrize(
    "text",
    [
        '"the price"~3',
        '"price the"~1',
        '"wheat market price"~4',
        '"price wheat"~0',
        '"nonprofit rain"~2',
        '"rain rain oil"~5',
    ],
)
def test_near_is_lucenes_sloppy_phrase(segmented_index, text):
    """`"a b"~N` matches where max(p_i - i) - min(p_i - i) <= N for some position p_i of each
    i-th word (a word typed twice counts once), as positions re-read from the stored text say;
    scored as the sum of its words' Whoosh scores."""
    from whoosh import query as q

    from searchapp.analysis import word_analyzer
    from searchapp.query import Near, matching, parse
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    s = Engine(segmented_index).searcher()
    query = matching(parse(text, s))
    assert type(query) is Near
    ours = Scorer(s, Stats(s), Deadline(60)).score_all(query).as_dict()
    words, distance = list(dict.fromkeys(query.words)), query.distance

    def near(docnum: int) -> bool:
        stored = s.stored_fields(docnum)
        positions, _ = word_analyzer().positions((stored.get("title") or "", stored["body"]))
        shifted = [{p - i for p in positions.get(word, ())} for i, word in enumerate(words)]
        return any(
            all(any(m <= p <= m + distance for p in held) for held in shifted) for m in set().union(*shifted)
        )

    expected = {d for d in s.reader().all_doc_ids() if near(d)}
    assert ours.keys() == expected and 0 < len(expected) < s.doc_count()
    theirs = _whoosh_scores(s, q.And([q.Term(query.fieldname, w) for w in words]))
    assert all(ours[d] == pytest.approx(theirs[d] * query.boost, rel=1e-9) for d in ours)


@pytest.mark.parametrize(
    "text",
    ["price w/3 wheat", "wheat pre/4 prices", "prices pre/1 wheat", "expor* near6 farmer", "the w/2 oil"]
    + ['"wheat market" w/3 price', 'rain pre/2 "grain prices"', '"the of" w/2 "oil gas"']
    + ["rain w/s harvest", "bank w/p oil", 'rain w/s "central bank"']
    + ["price not w/3 wheat", '"wheat market" not w/2 price', "rain not w/s harvest", "oil not w/p bank"],
)
def test_within_is_the_nexis_connector(segmented_index, text):
    """`a w/N b` matches where a form of a (a word with its stem, or that its truncation
    begins) stands at most N positions from one of b, every word counted; `a pre/N b`, before
    it; `a w/s b`, in one sentence (`w/p`: paragraph), the title one of each; `a not w/N b`, an
    a near no b. A quoted phrase counts from its first or last word. Positions are re-read from the stored text, title and body
    apart (no match spans two)."""
    from bisect import bisect_right

    from searchapp.analysis import analyse, word_analyzer
    from searchapp.query import Within, matching, parse
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine
    from searchapp.sentences import beginnings

    s = Engine(segmented_index).searcher()
    query = matching(parse(text, s))
    assert type(query) is Within
    ours = Scorer(s, Stats(s), Deadline(60)).score_all(query).as_dict()

    def occurrences(typed: str, text: str) -> list[tuple[int, int, int]]:
        """Where an operand begins and ends (positions) in a text, and its first character."""
        tokens = [(t.text, t.pos, t.startchar) for t in word_analyzer()(text, positions=True, chars=True)]
        if typed.startswith('"'):
            words, at = typed.strip('"').split(), {}
            for word, pos, _ in tokens:
                at.setdefault(pos, word)  # (a compound written as one word shares its last part's)
            return [
                (p, p + len(words) - 1, c)
                for _, p, c in tokens
                if [at.get(p + i) for i in range(len(words))] == words
            ]
        if typed.endswith("*"):
            return [(p, p, c) for w, p, c in tokens if w.startswith(typed[:-1])]
        return [
            (p, p, c) for w, p, c in tokens if w == typed or analyse(w)[1] == analyse(typed)[1] is not None
        ]

    def near(a: tuple[int, int, int], b: tuple[int, int, int], begins: list[int] | None) -> bool:
        """Whether two occurrences in one text are near: in one sentence or paragraph (`begins`),
        or one beginning 1 to N after the other ends."""
        if begins is not None:
            return bisect_right(begins, a[2]) == bisect_right(begins, b[2])
        return 0 < b[0] - a[1] <= query.distance or (not query.ordered and 0 < a[0] - b[1] <= query.distance)

    def within(docnum: int) -> bool:
        stored = s.stored_fields(docnum)
        title, body = stored.get("title") or "", stored["body"]
        found = []  # (for each occurrence of a, in title and body, whether a b is near it)
        for text, begins in ((title, [0]), (body, beginnings(body, query.unit or "s"))):
            a, b = (occurrences(typed, text) for typed in query.words)
            found += [any(near(x, y, begins if query.unit else None) for y in b) for x in a]
        return not all(found) if query.negated else any(found)

    expected = {d for d in s.reader().all_doc_ids() if within(d)}
    assert ours.keys() == expected and 0 < len(expected) < s.doc_count()
    assert all(score > 0 for score in ours.values())


@pytest.mark.parametrize("text", ["atleast3 price", "atleast5 wheat", "atleast2 expor*", "atleast4 the"])
def test_at_least_counts_every_form_in_title_and_body(segmented_index, text):
    """`atleastN a` matches where a's forms (a word with its stem, or that its truncation begins)
    occur N times or more in title and body together, as the stored text says; scored as a's
    forms together."""
    from searchapp.analysis import analyse, word_analyzer
    from searchapp.query import AtLeast, matching, parse
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    s = Engine(segmented_index).searcher()
    query = matching(parse(text, s))
    assert type(query) is AtLeast
    ours = Scorer(s, Stats(s), Deadline(60)).score_all(query).as_dict()
    typed = query.text

    def form(word: str) -> bool:
        if typed.endswith("*"):
            return word.startswith(typed[:-1])
        return word == typed or analyse(word)[1] == analyse(typed)[1] is not None

    def counted(docnum: int) -> int:
        stored = s.stored_fields(docnum)
        positions, _ = word_analyzer().positions((stored.get("title") or "", stored["body"]))
        return sum(len(ps) for word, ps in positions.items() if form(word))

    expected = {d for d in s.reader().all_doc_ids() if counted(d) >= query.times}
    assert ours.keys() == expected and 0 < len(expected) < s.doc_count()
    assert all(score > 0 for score in ours.values())


@settings(deadline=None)  # (the first example imports the scorer)
@given(
    st.lists(
        st.dictionaries(st.integers(0, 5), st.sets(st.integers(0, 12), min_size=1), max_size=4),
        min_size=2,
        max_size=4,
    ),
    st.integers(0, 6),
)
def test_near_finds_a_window_holding_every_word(words, distance):
    """scoring._near against the definition, on any positions: a document matches if some
    position p_i of each i-th word has max(p_i - i) - min(p_i - i) <= distance."""
    from searchapp.codec import Postings
    from searchapp.scoring import _near

    postings = []
    for held in words:
        ids = sorted(held)
        positions = [p for doc in ids for p in sorted(held[doc])]
        postings.append(
            Postings(
                np.array(ids, np.uint32),
                np.ones(len(ids)),
                np.array([len(held[doc]) for doc in ids], np.uint32),
                np.array(positions, np.uint32),
            )
        )

    def near(doc: int) -> bool:
        shifted = [{p - i for p in held.get(doc, ())} for i, held in enumerate(words)]
        return all(shifted) and any(
            all(any(m <= p <= m + distance for p in ps) for ps in shifted) for m in set().union(*shifted)
        )

    assert _near(postings, distance).tolist() == [doc for doc in range(6) if near(doc)]


def _whoosh_scores(s, query) -> dict[int, float]:
    """Whoosh's score of each document; of a DisjunctionMax (a wildcard's or a fuzzy word's),
    its best part's, as Whoosh scores each part: Whoosh's own DisjunctionMax matcher may take
    the best of two documents' parts."""
    from whoosh import query as q

    if type(query) is not q.DisjunctionMax:
        return {hit.docnum: hit.score for hit in s.search(query, limit=None)}
    best: dict[int, float] = {}
    for part in query.subqueries:
        for docnum, score in _whoosh_scores(s, part).items():
            best[docnum] = max(best.get(docnum, 0.0), score * query.boost)
    return best


@pytest.mark.parametrize("text", ["non-profit", "non-profit^2 wheat", "grain-export", "nonprofit"])
def test_a_compound_scores_its_best_spelling(segmented_index, text):
    """A hyphenated word's DisjunctionMax: each document's best spelling, as Whoosh scores it
    alone (Whoosh's own DisjunctionMax matcher may compare two documents' scores)."""
    from whoosh import query as q

    from searchapp.query import matching, parse
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    s = Engine(segmented_index).searcher()

    def whoosh(node: q.Query) -> dict[int, float]:
        if type(node) is q.DisjunctionMax:
            best: dict[int, float] = {}
            for part in node.subqueries:
                for d, v in whoosh(part).items():
                    best[d] = max(best.get(d, 0.0), v * node.boost)
            return best
        if type(node) is q.Or:
            total: dict[int, float] = {}
            for part in node.subqueries:
                for d, v in whoosh(part).items():
                    total[d] = total.get(d, 0.0) + v * node.boost
            return total
        return {hit.docnum: hit.score for hit in s.search(node, limit=None)}

    def kinds(node: q.Query) -> set[type]:
        return {type(node)}.union(*(kinds(child) for child in node.children()))

    query = matching(parse(text, s))
    assert (q.DisjunctionMax in kinds(query)) == (text != "nonprofit")
    ours = Scorer(s, Stats(s), Deadline(60)).score_all(query).as_dict()
    theirs = whoosh(query)
    assert ours and ours.keys() == theirs.keys()
    assert all(ours[d] == pytest.approx(theirs[d], rel=1e-9) for d in ours)


def test_scoring_stops_when_the_deadline_passes(segmented_index):
    from searchapp.query import parse
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    s = Engine(segmented_index).searcher()
    passed = Deadline(-1)
    assert Scorer(s, Stats(s), passed).score_all(parse("wheat market", s)).as_dict() == {} and passed.passed


def test_a_chain_stops_at_the_deadline_once_its_words_are_read(segmented_index):
    """A long chain of common words spends its time linking occurrences, after every read: its
    links look at the deadline too (the words here come from the postings kept by a first search,
    so that only the links can notice it has passed)."""
    from searchapp.query import matching, parse
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    s = Engine(segmented_index).searcher()
    chain = matching(parse("wheat w/10 prices w/10 the w/10 wheat", s))
    stats = Stats(s)
    assert Scorer(s, stats, Deadline(60)).score_all(chain).as_dict()
    passed = Deadline(-1)
    assert Scorer(s, stats, passed).score_all(chain).as_dict() == {} and passed.passed


def test_postings_read_as_time_ran_out_are_not_kept(segmented_index):
    """A compound's spellings read partly before the deadline passed must not be what the next
    search finds."""
    from searchapp.query import Passage
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    class AfterOneRead(Deadline):
        def check(self) -> bool:
            self.passed, self.at = self.at == 0, 0
            return self.passed

    s = Engine(segmented_index).searcher()
    spellings = {"nonprofit": (("nonprofit",), ("non", "profit"))}
    passage = Passage("body", ["nonprofit", "grain"], [1.0, 1.0], 12, 0.5, spellings)
    stats = Stats(s)
    cut = Scorer(s, stats, AfterOneRead(60)).score_all(passage).as_dict()
    whole = Scorer(s, Stats(s), Deadline(60)).score_all(passage).as_dict()
    assert cut != whole and Scorer(s, stats, Deadline(60)).score_all(passage).as_dict() == whole


def test_kept_postings_are_the_most_recently_used_within_the_budget():
    from searchapp.codec import Postings
    from searchapp.scoring import Read, Reads

    def read(n: int) -> Read:
        return Read(Postings(np.arange(n, dtype=np.uint32), np.ones(n)), 1.0, lambda p: p.weights)

    kept = Reads(budget=3 * 12 * 100)  # three postings lists of 100 (4 + 8 bytes a posting)
    for word in "abc":
        kept.put(("body", word, False, ()), read(100))
    assert kept.get(("body", "a", False, ())) is not None  # now the most recent
    kept.put(("body", "d", False, ()), read(100))
    kept.put(("body", "huge", False, ()), read(1000))  # more than the budget: never kept
    assert [w for w in "abcd" if kept.get(("body", w, False, ()))] == ["a", "c", "d"]
    assert kept.get(("body", "huge", False, ())) is None and kept.size == 3 * 1200


def test_proximity_bonus_on_chosen_documents_equals_whoosh(segmented_index):
    from searchapp.query import PROXIMITY_BOOST, PROXIMITY_SLOP, Proximity
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    s = Engine(segmented_index).searcher()
    phrase = Proximity("body", ["grain", "price"], slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)
    theirs = {hit.docnum: hit.score for hit in s.search(phrase, limit=None)}
    chosen = sorted(theirs)[::3] + [d for d in range(s.doc_count_all()) if d not in theirs][:50]
    only = np.zeros(s.doc_count_all(), bool)
    only[chosen] = True
    ours = Scorer(s, Stats(s), Deadline(60)).score_all(phrase, only=only).as_dict()
    assert ours.keys() == set(chosen) & theirs.keys() and len(ours) > 10
    assert all(ours[d] == pytest.approx(theirs[d], rel=1e-9) for d in ours)


def _positions(s, word: str) -> dict[int, set[int]]:
    """A word's positions in each document, deleted ones too, from Whoosh's own matchers."""
    from whoosh.matching import FilterMatcher

    from searchapp.scoring import segments

    found: dict[int, set[int]] = {}
    for sub, offset in segments(s):
        if word.encode() not in sub.reader().lexicon("body"):
            continue
        matcher = sub.reader().postings("body", word)
        if isinstance(matcher, FilterMatcher):  # (it skips deleted documents)
            matcher = matcher.child
            matcher.reset()
        while matcher.is_active():
            found[offset + matcher.id()] = set(matcher.value_as("positions"))
            matcher.next()
    return found


@pytest.mark.parametrize(
    "words, parts",
    [
        (["grain", "price", "rain"], {}),
        (["nonprofit", "grain", "price"], {"nonprofit": (("nonprofit",), ("non", "profit"))}),
    ],
)
def test_passage_bonus_is_the_best_window_of_each_chosen_document(segmented_index, words, parts):
    """Against a direct reading of the definition, with positions from Whoosh's own matchers: the
    summed weight x IDF of the distinct words that some run of `window` positions holds. A
    compound with parts is where it is written whole or where its last part follows the first,
    and its IDF counts the documents with either (deleted ones too, as Whoosh counts them)."""
    from searchapp.query import WEIGHTING, Passage
    from searchapp.scoring import Deadline, Scorer, Stats
    from searchapp.search import Engine

    s = Engine(segmented_index).searcher()
    weights, window = [1.0, 2.0, 1.0], 12
    at = {w: _positions(s, w) for w in words}
    for word, (_, (first, last)) in parts.items():
        before, after = _positions(s, first), _positions(s, last)
        for d in before.keys() & after.keys():
            spaced = {p for p in after[d] if p - 1 in before[d]}
            if spaced:
                at[word][d] = at[word].get(d, set()) | spaced
    worth = {
        w: x * WEIGHTING.idf_of(len(at[w]), s.doc_count_all()) for w, x in zip(words, weights, strict=True)
    }
    where: dict[int, list[tuple[int, str]]] = {}
    for word, docs in at.items():
        for d, positions in docs.items():
            where.setdefault(d, []).extend((p, word) for p in positions)
    live = set(s.reader().all_doc_ids())
    chosen = sorted(where)[::2] + [d for d in range(s.doc_count_all()) if d not in where][:20]
    only = np.zeros(s.doc_count_all(), bool)
    only[chosen] = True
    passage = Passage("body", words, weights, window, boost=0.5, spellings=parts)
    ours = Scorer(s, Stats(s), Deadline(60)).score_all(passage, only=only)
    expected = {
        d: 0.5
        * max(
            sum(worth[w] for w in {w for p, w in where[d] if start <= p < start + window})
            for start, _ in where[d]
        )
        for d in chosen
        if d in where and d in live
    }
    assert ours.as_dict() == pytest.approx(expected, rel=1e-9) and len(expected) > 100
    assert len({round(v, 6) for v in expected.values()}) > 3  # windows with one, two and three words
    if parts:  # the spaced spelling counts in documents that never write the compound whole
        assert any(d not in _positions(s, "nonprofit") for d in at["nonprofit"])


def test_field_lengths_read_in_one_go_equal_whooshs(segmented_index):
    from whoosh.codec.whoosh3 import W3PerDocReader

    from searchapp.search import Engine

    reader = Engine(segmented_index).searcher().reader()
    for segment_reader, _ in reader.leaf_readers():
        ours = segment_reader._perdoc
        assert type(ours) is not W3PerDocReader
        theirs = W3PerDocReader(segment_reader._storage, segment_reader._segment)
        for fieldname in ("title", "body", "exact", "outlet", "author", "nosuchfield"):
            assert [ours.doc_field_length(d, fieldname, 1) for d in range(ours.doc_count_all())] == [
                theirs.doc_field_length(d, fieldname, 1) for d in range(theirs.doc_count_all())
            ]
        theirs.close()


def test_searches_leave_whooshs_idf_cache_empty(segmented_index):
    """Whoosh's Searcher caches the IDF of every word it is asked about for as long as it lives,
    and a worker keeps its searcher until the index is swapped: distinct query words would pile up."""
    from searchapp.search import Engine, SearchRequest

    engine = Engine(segmented_index)
    for word in [*WORDS, *(f"unknown{n}" for n in range(20))]:
        assert engine.search(SearchRequest(q=f"{word} rain")).total
    assert engine.searcher()._idf_cache == {}
