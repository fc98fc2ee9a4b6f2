"""Sentence boundaries of an article's text, for snippets: Punkt, paragraph by paragraph; and
where its sentences and paragraphs begin, for the connectors w/s and w/p.

Punkt takes ~0.09 ms per 1,000 characters (1.4 s for the 19,043 Reuters articles), which was
the largest part of a snippet's time at query time. It runs once per article when indexing
instead, and the boundaries are stored with the article (`pack`, `unpack`).
"""

from __future__ import annotations

import re
from functools import cache

from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

from .analysis import VALUE_GAP, token_numbers, word_list
from .codec import array_bytes, bytes_array

# A blank line, or a line break before an indented line (wire copy starts paragraphs so; so do
# the rows of a table, which then make snippets of their own rather than one long "sentence").
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+")


def split(text: str) -> list[tuple[int, int]]:
    """Each sentence's character offsets in `text`; a sentence never runs across a paragraph break."""
    splitter = _sentence_splitter()
    found: list[tuple[int, int]] = []
    start = 0
    for end, after in [*(m.span() for m in _PARAGRAPH_BREAK.finditer(text)), (len(text), len(text))]:
        found += [(start + s, start + e) for s, e in splitter.span_tokenize(text[start:end])]
        start = after
    return found


def beginnings(text: str, unit: str, sentences: list[tuple[int, int]] | None = None) -> list[int]:
    """Where each sentence ("s") or paragraph ("p") of `text` begins, as character offsets; the
    sentences, if `split` has found them already."""
    if unit == "p":
        return [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]
    return [start for start, _ in (split(text) if sentences is None else sentences)]


def breaks(title: str, body: str, sentences: list[tuple[int, int]]) -> dict[str, list[int]]:
    """Where each sentence ("s") and paragraph ("p") of an article begins, as positions of the
    exact field: the title at 0 (one of each), the body VALUE_GAP after the title's last word."""
    body_start = token_numbers(title, [len(title)])[0] + VALUE_GAP
    begins = {unit: beginnings(body, unit, sentences) for unit in ("s", "p")}
    offsets = sorted({*begins["s"], *begins["p"]})  # (counted once: most paragraphs begin a sentence)
    position = dict(zip(offsets, token_numbers(body, offsets), strict=True))
    return {
        unit: list(dict.fromkeys([0, *(body_start + position[o] for o in found)]))
        for unit, found in begins.items()
    }


def pack(sentences: list[tuple[int, int]]) -> bytes:
    """Sentence offsets as stored: start, end pairs of 32-bit integers."""
    return array_bytes((offset for sentence in sentences for offset in sentence), "I")


def unpack(data: bytes) -> list[tuple[int, int]]:
    flat = bytes_array(data, "I")
    return list(zip(flat[::2], flat[1::2], strict=True))


class _PlainLanguageVars(PunktLanguageVars):
    """Punkt's own patterns on the standard `re` engine. NLTK runs every pattern through its ReDoS
    guard (the `regex` engine under a timer on each call), over half of Punkt's time here; these
    are NLTK's fixed patterns, not a caller's, as with analysis.TOKEN_PATTERN. Same sentences
    (checked on 6,000 Reuters articles and the seeds), 2.4x faster."""

    re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

    def period_context_re(self) -> re.Pattern[str]:
        return _PERIOD_CONTEXT

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        return _WORD_TOKENIZER


_PERIOD_CONTEXT = re.compile(PunktLanguageVars().period_context_re().pattern, re.UNICODE | re.VERBOSE)
_WORD_TOKENIZER = re.compile(PunktLanguageVars()._word_tokenizer_re().pattern, re.UNICODE | re.VERBOSE)


class _PlainToken(PunktToken):
    _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern, re.UNICODE)
    _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern, re.UNICODE)
    _RE_NON_PUNCT = re.compile(r"[^\W\d]", re.UNICODE)

    @property
    def is_non_punct(self) -> re.Match[str] | None:
        return self._RE_NON_PUNCT.search(self.type)


@cache
def _sentence_splitter() -> PunktSentenceTokenizer:
    """Punkt with our shipped abbreviation list, so "U.S. President" and "Jan. 31" stay whole."""
    params = PunktParameters()
    params.abbrev_types = set(word_list("abbreviations.txt"))
    return PunktSentenceTokenizer(params, lang_vars=_PlainLanguageVars(), token_cls=_PlainToken)
