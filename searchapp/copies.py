"""Copies of one text: a wire story as several outlets ran it, word for word or edited a little
(a line added, a sentence reworded, a paragraph cut); and saves of one article at its address (a
feed's summary of it and the page, a live page saved morning and night). Each article is indexed
with its text's key, a MinHash signature of its body and its address's key; each index
generation joins the articles of one text key or one address, and those whose signatures say
their 5-word shingles mostly agree, into groups (columns.Columns), and a search shows a group
once."""

from __future__ import annotations

import hashlib
import re
import zlib
from urllib.parse import parse_qsl, urlencode

import numpy as np

from .metadata import host, split_url

SHINGLE = 5  # words a shingle
HASHES = 64  # a signature's MinHash values: the share that agree estimates Jaccard within ~.05
BANDS = 16  # of 4 values each: texts agreeing on every value of a band are compared (LSH)
SIMILAR = 0.8  # the shingles two near copies share; at .7 templated reports (a price, a date) join
MIN_WORDS = 100  # shorter texts are copies only word for word: a figure is a fifth of a brief's shingles
SIGNATURE_BYTES = HASHES * 4
MAX_SAVES = 10  # articles of one address that fold as its saves (more: no one article's address)

_WORD = re.compile(r"\w+")
_TRACKING = re.compile(r"utm_\w+|fbclid|gclid|mc_[ce]id|smid|cmpid|ocid", re.IGNORECASE)  # (a link's)


def _constants(name: str, count: int) -> np.ndarray:
    """`count` odd 64-bit numbers named `name`: the same in every process and version, as the
    index keeps the signatures made with them (a change needs schema.SCHEMA_VERSION bumped)."""
    digests = (hashlib.blake2b(f"{name} {n}".encode(), digest_size=8).digest() for n in range(count))
    return np.array([int.from_bytes(digest, "big") | 1 for digest in digests], np.uint64)


_SPREAD = _constants("shingle", SHINGLE)  # a shingle's hash: its words' CRC-32s times these, summed
_MUL, _ADD = _constants("multiply", HASHES), _constants("add", HASHES)  # a MinHash value a pair
_BAND_SPREAD = _constants("band", HASHES // BANDS)


def marks(body: str) -> tuple[int, bytes]:
    """The body's key and signature. The key: its words (case and punctuation aside) as a signed
    64-bit number, never 0, which copies word for word share. The signature: the MinHash of its
    5-word shingles (HASHES big-endian 32-bit values), or b"" for a text under MIN_WORDS words."""
    words = _WORD.findall(body.lower())
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=True) or 1
    if len(words) < MIN_WORDS:
        return key, b""
    hashed = np.array([zlib.crc32(word.encode()) for word in words], np.uint64)
    count = len(words) - SHINGLE + 1
    shingles = sum(hashed[i : i + count] * _SPREAD[i] for i in range(SHINGLE))  # (repeats change no minimum)
    values = (shingles[:, None] * _MUL + _ADD) >> np.uint64(32)  # (wrapping uint64)
    return key, values.min(axis=0).astype(">u4").tobytes()


def url_key(url: str | None) -> int:
    """The key of an article's address, which its saves share: a signed 64-bit number of its host
    (less www.) and path, less a trailing slash, its fragment and the tracking parameters a link
    in a feed or newsletter adds; 0 for none, or for a site's front page (which a feed may give
    every item of its own)."""
    parts, site = split_url(url or ""), host(url or "")
    path = (parts.path if parts else "").rstrip("/")
    if not (path and site):
        return 0
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.fullmatch(k)]
    digest = hashlib.blake2b(f"{site}{path}?{urlencode(kept)}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True) or 1


def groups(keys: np.ndarray, signatures: np.ndarray, urls: np.ndarray) -> np.ndarray:
    """Each article's group, numbered from 0: one for the articles of one key (0 for none, each
    its own: columns.Columns gives deleted articles none), joined with the groups of the same
    address (`urls`: url_key's, 0 for none) and with those whose signatures (rows of HASHES
    values, zeros for none) agree in SIMILAR of their values. Candidates are the texts that
    agree on a whole band, each compared with the band's first text of those values: a linear
    pass, where all pairs would grow with the square of a templated text's copies."""
    known, text = keys != 0, np.empty(len(keys), np.int64)
    distinct, text[known] = np.unique(keys[known], return_inverse=True)
    text[~known] = len(distinct) + np.arange(np.count_nonzero(~known))
    texts = len(distinct) + np.count_nonzero(~known)
    firsts = np.full(texts, len(keys))
    np.minimum.at(firsts, text, np.arange(len(keys)))  # one article a text speaks for it
    a, b = _candidates(signatures, firsts[signatures[firsts].any(axis=1)])
    alike = (signatures[a] == signatures[b]).mean(axis=1) >= SIMILAR
    saved, other = _same_address(urls)
    label = _components(texts, np.r_[text[a[alike]], text[saved]], np.r_[text[b[alike]], text[other]])
    return np.unique(label, return_inverse=True)[1][text]


def _same_address(urls: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (the first article of an address, another of it) of the articles with an address
    that at most MAX_SAVES articles give: more is no article's (a dataset that gives each record
    its section's page)."""
    values, counts = np.unique(urls[urls != 0], return_counts=True)
    at = np.flatnonzero(np.isin(urls, values[counts <= MAX_SAVES]))
    if len(at) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    first, other = _band_pairs(urls[at])
    return at[first], at[other]


def _candidates(signatures: np.ndarray, signed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of the `signed` articles that agree on a whole band of their signatures."""
    if len(signed) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    rows, width = signatures[signed], HASHES // BANDS
    bands = (  # one at a time (3 MB at 95k articles, where all at once took 100 MB)
        (rows[:, at : at + width].astype(np.uint64) * _BAND_SPREAD).sum(axis=1)
        for at in range(0, HASHES, width)
    )
    firsts, others = zip(*map(_band_pairs, bands), strict=True)
    return signed[np.concatenate(firsts)], signed[np.concatenate(others)]


def _band_pairs(band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, other) numbers of the rows whose band values (hashed to one number) agree: the
    first row of each value, paired with each other row of it."""
    order = np.argsort(band, kind="stable")
    starts = np.r_[True, band[order][1:] != band[order][:-1]]
    first = order[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    return first[~starts], order[~starts]


def _components(count: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The connected components of `count` nodes joined by the edges (a, b): each node labelled
    with one node of its component (labels only fall, and jump to their label's label)."""
    label = np.arange(count)
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        label = label[label]
        if np.array_equal(label, before):
            return label
