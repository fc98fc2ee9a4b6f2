"""The NLTK analyzer: exact character offsets, folding, stop words and Snowball stems."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from searchapp.analysis import text_analyzer

TEXT = "The U.S. President’s running talks in Zürich: café owners won't stop."


def tokens(text: str):
    return [(t.text, t.startchar, t.endchar) for t in text_analyzer()(text, chars=True, positions=True)]


def test_offsets_point_at_the_original_characters():
    for term, start, end in tokens(TEXT):
        original = TEXT[start:end]
        assert original and original[0].isalnum(), (term, original)
    assert [TEXT[s:e] for _, s, e in tokens(TEXT)] == [
        "U.S.",
        "President’s",
        "running",
        "talks",
        "Zürich",
        "café",
        "owners",
        "stop",
    ]


@pytest.mark.parametrize(
    "word, stem",
    [
        ("running", "run"),  # Whoosh's Porter would give "runn"
        ("President’s", "presid"),
        ("Zürich", "zurich"),
        ("negotiations", "negoti"),
        ("negotiating", "negoti"),
        ("U.S.", "us"),  # an acronym's letters: "UK" finds "U.K."
        ("U.N", "un"),
        ("p.m.", "p.m"),  # but "PM" is not a time of day
        ("2,000", "2,000"),
        ("1.5", "1.5"),  # a number keeps its decimal point: not "15"
        ("S&P", "s&p"),  # a name joined by "&" is one word
        ("AT&T", "at&t"),
        ("3M", "3m"),  # digits and letters are one word
        ("1st", "1st"),
        ("2.5bn", "2.5bn"),
    ],
)
def test_stems(word, stem):
    assert [t for t, _, _ in tokens(word)] == [stem]


@pytest.mark.parametrize("word", ["the", "The", "won't", "won’t", "of", "and"])
def test_stop_words_are_dropped(word):
    assert tokens(word) == []


@pytest.mark.parametrize(
    "text, stemmed, written",
    [
        ("non-profit group", [("non", 0), ("profit", 1), ("nonprofit", 1), ("group", 2)], None),
        ("the e-mail", [("mail", 2), ("email", 2)], [("the", 0), ("e", 1), ("mail", 2), ("email", 2)]),
        ("state-of-the-art", [("state", 0), ("art", 1), ("stateoftheart", 1)], None),
        ("run-up", [("run", 0), ("runup", 0)], [("run", 0), ("up", 1), ("runup", 1)]),
        ("F-16 jets", [("16", 1), ("f16", 1), ("jet", 2)], None),
        ("2025-02-05", [("2025", 0), ("02", 1), ("05", 2)], None),  # numbers: no word
        ("U.S.-led", [("us", 0), ("led", 1)], None),  # the acronym ends in a period
        ("non - profit", [("non", 0), ("profit", 1)], None),  # a dash, not a hyphen
    ],
)
def test_indexing_adds_a_hyphenated_compound_as_one_word(text, stemmed, written):
    """At its last part's position, so that a phrase reads on from it: "nonprofit group"."""
    from searchapp.analysis import word_analyzer

    assert [(t.text, t.pos) for t in text_analyzer()(text, positions=True, mode="index")] == stemmed
    if written:
        assert [(t.text, t.pos) for t in word_analyzer()(text, positions=True, mode="index")] == written
    assert "nonprofit" not in [t.text for t in text_analyzer()("non-profit", mode="query")]


def test_positions_run_on_without_stop_words():
    assert [t.pos for t in text_analyzer()("end of the war", positions=True)] == [0, 1]


INDEX_TEXT = st.text(alphabet="aAbBeiIlnsy üÜ’'.,:_1\t-", max_size=60) | st.sampled_from(
    ["The U.S. and the U.N.", "of the", "", "U.S", "2,000 of them", "in-the-know", "a-b-c", "non-profit’s"]
    + ["The WHO said IT is", "IS IT", "US and us"]
)


@given(st.lists(INDEX_TEXT, min_size=1, max_size=3))
def test_index_positions_are_the_analyzers_each_text_apart(texts):
    """Indexing reads each text's tokens once for both fields (analysis.analysed); its positions
    must be those of the Token path, and a field of several texts those of each text, the next
    starting VALUE_GAP positions after the last one's end."""
    from collections import defaultdict

    from searchapp.analysis import VALUE_GAP, tokens, word_analyzer

    joined = "\n".join(texts)
    for analyzer in (text_analyzer(), word_analyzer()):
        expected = defaultdict(list)
        for t in analyzer(joined, positions=True):
            expected[t.text].append(t.pos)
        assert analyzer.positions(joined)[0] == expected
    analyzer, expected, start = word_analyzer(), defaultdict(list), 0  # (only `exact` holds several texts)
    for text in texts:
        for t in analyzer(text, positions=True, start_pos=start):
            expected[t.text].append(t.pos)
        start += sum(1 for _ in tokens(text)) + VALUE_GAP
    assert analyzer.positions(tuple(texts))[0] == expected


@given(
    st.text(alphabet="aAbB1 .-", max_size=30),
    st.lists(st.text(alphabet="aAbBeiIlnsy 1.,-'", max_size=50), max_size=4),
    st.lists(st.sampled_from([". ", "! ", "\n\n", "\n  ", " "]), min_size=4, max_size=4),
)
def test_breaks_are_where_the_exact_field_numbers_each_sentences_first_word(title, parts, joins):
    """sentences.breaks gives, for each sentence and paragraph of the body, the exact field's
    position of the first word at or after its start (as Whoosh's Token path numbers them, the
    body VALUE_GAP after the title's last), with the title's at 0."""
    from searchapp.analysis import VALUE_GAP, word_analyzer
    from searchapp.sentences import beginnings, breaks, split

    body = "".join(part + join for part, join in zip(parts, joins, strict=False))
    found = breaks(title, body, split(body))
    start = len({t.pos for t in word_analyzer()(title, positions=True)}) + VALUE_GAP
    tokens = [
        (t.startchar, t.pos) for t in word_analyzer()(body, positions=True, chars=True, start_pos=start)
    ]
    after = start + len({pos for _, pos in tokens})  # (where a word after the last would stand)
    for unit in ("s", "p"):
        expected = [0]
        for offset in beginnings(body, unit):
            first = next((pos for char, pos in tokens if char >= offset), after)
            if first not in expected:
                expected.append(first)
        assert found[unit] == expected, unit


@given(INDEX_TEXT | st.text(alphabet="aB1.'_ -\u2010—", max_size=40))
def test_compounds_are_the_runs_of_tokens_joined_by_hyphens(text):
    """Read the slow way: each token, and whether a hyphen between two letters or digits follows
    it. `compounds` counts tokens between hyphens instead; `compound_at` reads from one token."""
    from searchapp.analysis import HYPHENS, compound_at, compounds, joined, tokens

    def joins(end: int) -> bool:  # (a letter or digit: \w less the underscore)
        before, hyphen, after = text[end - 1 : end], text[end : end + 1], text[end + 1 : end + 2]
        return (
            bool(hyphen)
            and hyphen in HYPHENS
            and len(before + after) == 2
            and (before + after).replace("_", " ").isalnum()
        )

    expected, run = [], []
    for token in tokens(text):
        run.append(token)
        if not joins(token.end()):
            if len(run) > 1 and (word := joined(text[run[0].start() : token.end()])) is not None:
                expected.append((run[0].start(), token.end(), word))
            run = []
    assert [(c.start, c.end, c.word) for c in compounds(text)] == expected
    for start, end, word in expected:
        assert compound_at(text, start)[2:] == (start, end, word)
    for token in tokens(text):
        if not joins(token.end()):
            assert compound_at(text, token.start()) is None


def test_analyzer_survives_pickling_as_whoosh_stores_it():
    restored = pickle.loads(pickle.dumps(text_analyzer()))
    assert [t.text for t in restored("Running talks")] == ["run", "talk"]


def _seed_texts() -> list[str]:
    from .conftest import SEEDS

    return [path.read_text(encoding="utf-8", errors="replace") for path in sorted(SEEDS.glob("*.txt"))]


def test_sentence_splitter_on_plain_re_splits_as_nltks_punkt():
    """Punkt's patterns moved off NLTK's ReDoS guard: the same sentences as NLTK's own Punkt."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from searchapp.sentences import _sentence_splitter

    ours = _sentence_splitter()
    theirs = PunktSentenceTokenizer(ours._params)
    texts = _seed_texts()
    texts.append('He said "Stop." (It did.) U.S. Sen. Smith left at 3 p.m. Jan. 31... Really?! Yes!')
    assert len(texts) > 3
    for text in texts:
        assert list(ours.span_tokenize(text)) == list(theirs.span_tokenize(text))


SENTENCE_PIECES = [*"aA .?!…\"')(;:\n\t-1", "Word", "U.S.", "Jan.", "p.m.", " .", "\n\n", "\n  ", "?! "]


@given(st.one_of(st.text(), st.lists(st.sampled_from(SENTENCE_PIECES)).map("".join)))
def test_any_text_splits_into_ordered_sentences(text):
    """Articles are split when indexed: no text may break it, and sentences never overlap."""
    from searchapp.sentences import pack, split, unpack

    found = split(text)
    assert all(0 <= s < e <= len(text) and text[s:e].strip() for s, e in found)
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:], strict=False))
    assert unpack(pack(found)) == found


def _every_match(text: str, stems: set[str], words: set[str]) -> list[tuple[int, int]]:
    """What `matches` must find, the slow way: analyse every token and every compound."""
    from searchapp.analysis import analyse, cased, compounds, tokens
    from searchapp.highlight import _merge

    capitals = cased(text)
    analysed = [(t.span(), *analyse(t.group(), capitals)) for t in tokens(text)]
    analysed += [((c.start, c.end), *analyse(c.word, capitals)) for c in compounds(text)]
    return _merge(sorted(span for span, word, stem in analysed if word in words or stem in stems))


def test_highlighting_looks_only_at_likely_words_but_finds_every_match():
    """Snippets analyse only tokens that begin like a query term; none may be missed."""
    from searchapp.analysis import analyse, cased, tokens
    from searchapp.highlight import Terms, matches

    texts = _seed_texts() + [
        "The WHO and US said IT is over. US AND THEM",
        "Dying, lying and tying: he died, lied and tied. Skies, skis; ability; the U.S. and U.N.",
        "Zürich’s Société Générale; naïve café owners’ İstanbul office, ﬁnance and ΟΔΟΣ.",
        "123abc 2,000 15:52 O’Neill's _under_score\ttabbed\r\nwindows",
        "S&P 500 rose 1.5 pct to 2,500.25; AT&T, R&D and M&A, at 15 and 25 p.m.; 3M's 1st £2.5bn, 10.25pct",
        "ab,abc,xab;" * 5000,  # no whitespace to resume from: each token is read once, not per match
    ]
    for text in texts:
        capitals = cased(text)
        analysed = [analyse(t.group(), capitals) for t in tokens(text)]
        stems = {stem for _, stem in analysed if stem}
        words = {word for word, _ in analysed}
        assert matches(text, Terms(stems=frozenset(stems))) == _every_match(text, stems, set())
        assert matches(text, Terms(words=frozenset(words))) == _every_match(text, set(), words)
        for stem in list(stems)[:200]:
            assert matches(text, Terms(stems=frozenset({stem}))) == _every_match(text, {stem}, set())


@given(
    st.text(alphabet="aAbBeiIlnNsSy üÜ’'.,:_1\n\t-‐", max_size=80)
    | st.text(alphabet="аеёЁиИйЙїіьянНсС ’'-", max_size=60)
)
@example("1-Ü1-S")  # (a token inside a hyphenated run began a compound of its own: "Ü1-S" marked for "u1")
def test_highlighting_finds_every_match_in_any_text(text):
    from searchapp.analysis import analyse, cased, compounds, tokens
    from searchapp.highlight import Terms, matches

    capitals = cased(text)
    for token in [t.group() for t in tokens(text)] + [c.word for c in compounds(text)]:
        word, stem = analyse(token, capitals)
        if stem:
            assert matches(text, Terms(stems=frozenset({stem}))) == _every_match(text, {stem}, set())
        assert matches(text, Terms(words=frozenset({word}))) == _every_match(text, set(), {word})


def test_phrase_matches_need_the_words_in_order():
    from searchapp.highlight import Terms, matches

    text = "He said the deal, said he, was off; said  the\nrest."
    assert matches(text, Terms(phrases=(("said", "the"),))) == [(3, 11), (36, 45)]


def test_solid_writes_each_compound_as_one_word():
    """What a quoted phrase also looks for: its words as written, compounds closed up."""
    from searchapp.analysis import solid

    assert solid("The re-election of non-profit’s U.S.-led 2025-02-05") == [
        "the",
        "reelection",
        "of",
        "nonprofit",
        "us",
        "led",
        "2025",
        "02",
        "05",
    ]
    assert solid("no compound - here") is None
