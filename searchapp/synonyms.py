"""Synonyms: words and phrases a search takes as one, listed in `seeds/synonyms.txt` as Solr's
synonyms.txt and Elasticsearch's synonym filter list them. A line `Kyiv, Kiev` makes either
spelling find both; `USSR, Soviet Union, Soviet` the acronym, the name and the short name.

The rebuild reads the list (reporting what it cannot use) and keeps it with the index
generation it builds, so an edited list reaches the server as a rebuild does, and a search uses
the list its index was built with. A search applies it to the words typed (query.parse); quoted
phrases search as written, and a field's values (outlet, author) are names, not words.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from whoosh import query as q
from whoosh.searching import Searcher

from .query import TEXT_FIELDS, Spelled, Spellings, compound_of, word_query
from .vocabulary import side_by_side

SYNONYMS_NAME = "synonyms.txt"  # in the seeds folder
STORED_NAME = "synonyms.json"  # in an index generation

Stems = tuple[str, ...]


def read_synonyms(seeds: Path, field: Any) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """The lines of the seeds folder's synonyms list, each the words or phrases that mean the
    same as `field` analyses them, and what cannot be used, each with its line number and why.
    `#` starts a comment. OSError or UnicodeDecodeError if the file cannot be read."""
    path = seeds / SYNONYMS_NAME
    if not path.is_file():
        return [], []
    groups, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if "=>" in line:
            problems.append((number, "one-way rules (=>) are not supported: list words that mean the same"))
            continue
        entries = list(dict.fromkeys(e.strip() for e in line.split(",") if e.strip()))
        usable = [entry for entry in entries if entry_stems(entry, field)]
        problems += [
            (number, f"{e!r} has no searchable word (stop words only)") for e in entries if e not in usable
        ]
        if len(usable) > 1:
            groups.append(usable)
        else:
            problems.append((number, "needs two or more words or phrases, separated by commas"))
    return groups, problems


class Synonyms:
    """A synonyms list as the index's analysis reads it: each entry's stems, and for each, the
    stems of every entry of its line. Lines that share an entry (by its stems) join."""

    def __init__(self, groups: list[list[str]], field: Any) -> None:
        self.spellings: dict[Stems, Spelled] = {}
        for group in groups:
            keys = [stems for entry in group if (stems := entry_stems(entry, field))]
            joined = tuple(dict.fromkeys(k for key in keys for k in self.spellings.get(key, (key,))))
            if len(joined) > 1:
                for key in joined:
                    self.spellings[key] = joined
        self.longest = max(map(len, self.spellings), default=0)

    @classmethod
    def stored(cls, generation: Path, field: Any) -> Synonyms:
        """The list a rebuild kept with its generation (none if it kept none)."""
        path = generation / STORED_NAME
        groups = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        return cls(groups, field)

    def expand(self, node: q.Query) -> q.Query:
        """The query with each typed word, or run of words side by side, that the list names
        made one word of all the spellings of its line (query.Spellings)."""
        if not self.spellings:
            return node
        found = _typed(node)
        if found is not None and (spelled := self._spelled([found])) is not None:
            return spelled
        if type(node) not in (q.Or, q.And):
            return node.apply(self.expand)
        # (a stop word's group is empty: "bank of england" is a run of two words)
        subs = [sub for sub in node.subqueries if not (type(sub) is q.Or and not sub.subqueries)]
        words = [_typed(sub) for sub in subs]
        out: list[q.Query] = []
        i = 0
        while i < len(words):
            longest = min(self.longest, len(words) - i) if type(node) is q.Or else 1  # (a run: OR-ed words)
            for n in range(longest, 0, -1):
                run = words[i : i + n]
                if all(run) and (spelled := self._spelled(run)) is not None:
                    out.append(spelled)
                    i += n
                    break
            else:
                out.append(self.expand(subs[i]))
                i += 1
        expanded = copy.copy(node)
        expanded.subqueries = out
        return expanded

    def _spelled(self, run: list[tuple[Stems, tuple[str, ...], float]]) -> q.Query | None:
        """The Spellings of the typed words `run`, in the fields they were typed for; None if the
        list does not name them."""
        stems = tuple(stem for word, _, _ in run for stem in word)
        fields, boost = run[0][1], run[0][2]
        if stems not in self.spellings or any(word[1] != fields for word in run):
            return None
        per_field = [Spellings(fieldname, self.spellings[stems], boost) for fieldname in fields]
        return per_field[0] if len(per_field) == 1 else q.Or(per_field)


def unused(s: Searcher, groups: list[list[str]]) -> list[str]:
    """The entries of the list that no article holds, in title or body (a misspelling, or a name
    the archive does not have yet): kept, but the rebuild names them."""
    field = s.schema["body"]
    missing = []
    for entry in (entry for group in groups for entry in group):
        stems = list(entry_stems(entry, field))
        if not any(
            side_by_side(s, fieldname, stems, most=1)
            if len(stems) > 1
            else s.doc_frequency(fieldname, stems[0])
            for fieldname in TEXT_FIELDS
        ):
            missing.append(entry)
    return missing


def entry_stems(entry: str, field: Any) -> Stems:
    """An entry's stems as a typed word or words' query has them (word_query): a compound as
    one word, stop words left out."""
    stems: list[str] = []
    for word in entry.split():
        stems += _stems(word_query(field, "body", word)) or ()
    return tuple(stems)


def _typed(node: q.Query) -> tuple[Stems, tuple[str, ...], float] | None:
    """A typed word's stems, the text fields it searches, and its boost, if `node` is the query of
    one typed word (as word_query and the parser's fields make it); None for anything else."""
    subs, boost = (node.subqueries, node.boost) if type(node) is q.Or else ([node], 1.0)
    fields = [_field(sub) for sub in subs]
    if len(subs) > 1 and len(set(fields)) < len(subs):  # an Or in one field: a word's parts, or words
        subs, fields, boost = [node], [_field(node)], 1.0
    stems = {_stems(sub) for sub in subs}
    if len(stems) != 1 or None in stems or not all(f in TEXT_FIELDS for f in fields):
        return None
    return stems.pop(), tuple(fields), boost * subs[0].boost


def _field(node: q.Query) -> str | None:
    names = {getattr(leaf, "fieldname", None) for leaf in node.leaves()}
    return names.pop() if len(names) == 1 else None


def _stems(node: q.Query | None) -> Stems | None:
    """A typed word's stems in one field: its term, a compound's whole word, or a word's parts."""
    if type(node) is q.Term:
        return (node.text,)
    if (compound := compound_of(node)) is not None:  # (its whole word, or its parts side by side)
        return (compound[1],)
    if type(node) is q.Or and node.subqueries and all(type(sub) is q.Term for sub in node.subqueries):
        return tuple(sub.text for sub in node.subqueries)
    return None
