"""Did-you-mean: the query with the words the index has never seen, in any form, replaced by the
nearest words it has. Offered whatever the query found: an unknown word is in none of the
results, which match the other words (`coffe brazil` finds Brazil; did you mean coffee?)."""

from __future__ import annotations

import re

from whoosh.searching import Searcher

from .analysis import analyse
from .query import EXACT_FIELD, LEAD, NAME_FIELDS, OPERATOR_WORDS, SYNTAX_WORD, TEXT_FIELDS
from .synonyms import Synonyms
from .vocabulary import near_words, side_by_side

# A word, alone or after a field's prefix (`title:wheet`, `outlet:reutres`).
_WORD = re.compile(
    rf"(?:\b(?P<field>{'|'.join((*TEXT_FIELDS, *NAME_FIELDS, LEAD))}):|(?<![\w:~*?]))"
    r"(?P<word>[^\W\d_][\w'’]*)(?![\w:~*?])"
)


def suggest(text: str, s: Searcher, synonyms: Synonyms) -> str | None:
    """The corrected query, or None if every word is known (to the index, or as a spelling the
    synonyms list gives, which finds the others) or has no near word (nor splits in two known
    words)."""
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        field, word = match.group("field"), match.group("word")
        if word in OPERATOR_WORDS or len(word) < 3 or SYNTAX_WORD.match(text, match.start()):
            return match.group()
        folded, stem = analyse(word)  # as the index has it: "Zürich's" is "zurich"
        # A name is corrected against its field's words; a word, against the text's as written
        # (the text fields hold stems).
        vocabulary = field if field in NAME_FIELDS else EXACT_FIELD
        known = s.doc_frequency(vocabulary, folded) or (  # in another form ("wages" for "wage"): found
            vocabulary == EXACT_FIELD
            and stem is not None
            and (any(s.doc_frequency(f, stem) for f in TEXT_FIELDS) or (stem,) in synonyms.spellings)
        )
        best = None
        if not known:
            best = _apart(s, folded, vocabulary) or _nearest(
                s, folded, 1 if len(folded) < 6 else 2, vocabulary
            )
        if best is None:
            return match.group()
        changed = True
        return f"{field}:{best}" if field else best

    corrected = _WORD.sub(fix, text)
    return corrected if changed else None


def _apart(s: Searcher, word: str, fieldname: str) -> str | None:
    """Two words run together ("cocacola", "wallstreet"): the split into two words of two
    letters or more that stand side by side in the most articles, if any do."""
    best: tuple[int, str] | None = None
    for at in range(2, len(word) - 1):
        left, right = word[:at], word[at:]
        if s.doc_frequency(fieldname, left) and s.doc_frequency(fieldname, right):
            together = side_by_side(s, fieldname, [left, right])
            if together and (best is None or together > best[0]):
                best = (together, f"{left} {right}")
    return best[1] if best else None


def _nearest(s: Searcher, word: str, maxdist: int, fieldname: str) -> str | None:
    """The index's word fewest edits from `word`, the most frequent among equally near ones
    (Whoosh's corrector ranked all within reach by frequency alone, the farther ones included)."""
    found = [
        (edits, -s.doc_frequency(fieldname, w), w) for edits, w in near_words(s, fieldname, word, maxdist)
    ]
    return min(found)[2] if found else None
