"""The record that travels from the readers to the index: one cleaned news article."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

Origin = str  # "catalog", "text" (what the file itself says) or "url" (what its URL says)
MAX_ID_CHARS = 256  # an id a record may give itself, and the API and pages accept


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
