"""The record that travels from the readers to the index: one cleaned news article; or why a
file or a record in it is none (Problem)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

Origin = str  # "catalog", "text" (what the file itself says) or "url" (what its URL says)
MAX_ID_CHARS = 256  # an id a record may give itself, and the API and pages accept
MAX_PAGE_BYTES = 20 * 1024 * 1024  # one article's page or text: a saved page, a CSV cell


_NAMES_APART = re.compile(r",\s+|\s+and\s+")  # (a list's names are joined by commas, a byline's by "and")


def author_names(author: str) -> list[str]:
    """The people of an author line: "Jo Marsh, Ann Lee" and "Jo Marsh and Ann Lee" are two, but
    "Marsh, Jo" is one, as reference managers write it (a part of one word is no one's name)."""
    names = [name.strip() for name in _NAMES_APART.split(author) if name.strip()]
    return names if all(" " in name for name in names) else [author.strip()]


def usable_id(text: str) -> bool:
    """Whether a record's own id can name its article in a URL and a page: printable, not long."""
    return len(text) <= MAX_ID_CHARS and text.isprintable()


@dataclass(frozen=True)
class Article:
    """A cleaned article. `date` is a datetime when the time is known, else a date. `added` is
    when the archive first indexed it (UTC), which the rebuild sets and keeps across rebuilds:
    a feed of new matches follows it, as a back-filled article's own date may be years old."""

    id: str
    source: str
    title: str
    body: str
    date: datetime | date | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    origins: dict[str, Origin] = field(default_factory=dict)
    added: datetime | None = None

    @property
    def date_iso(self) -> str | None:
        return self.date.isoformat() if self.date else None

    @property
    def added_iso(self) -> str | None:
        return f"{self.added.isoformat(timespec='seconds')}Z" if self.added else None

    def fingerprint(self) -> str:
        """Same text, outlet and URL means the same page saved twice (syndication differs)."""
        parts = (self.title, self.body, self.outlet or "", self.url or "", self.date_iso or "")
        return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def article_id(source: str) -> str:
    """A short id derived from the source path, so it stays the same across rebuilds."""
    return hashlib.sha1(source.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Problem:
    """A file or record that was not indexed (or a value that was ignored), and why."""

    source: str
    reason: str


class Unreadable(Exception):
    """The whole file cannot be read; the message is the reason shown to the user."""
