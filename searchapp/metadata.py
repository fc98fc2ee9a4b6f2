"""Metadata that pages carry in loose forms: dates, outlets from URLs, and the user's catalog."""

from __future__ import annotations

import csv
import io
import re
import warnings
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from dateutil import parser as dateutil_parser

CATALOG_NAME = "catalog.csv"
CATALOG_FIELDS = ("outlet", "date", "url", "author", "title")

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Russian and Ukrainian months, as datelines print them ("3 февраля 2025": the genitive) and
# alone ("февраль 2025"), and the year's word after the year ("2025 года", "2025 р."): read as
# English for dateutil.
_MONTH_NAMES = {
    "January": "января январь січня січень",
    "February": "февраля февраль лютого лютий",
    "March": "марта март березня березень",
    "April": "апреля апрель квітня квітень",
    "May": "мая май травня травень",
    "June": "июня июнь червня червень",
    "July": "июля июль липня липень",
    "August": "августа август серпня серпень",
    "September": "сентября сентябрь вересня вересень",
    "October": "октября октябрь жовтня жовтень",
    "November": "ноября ноябрь листопада листопад",
    "December": "декабря декабрь грудня грудень",
}
_IN_ENGLISH = {form: month for month, forms in _MONTH_NAMES.items() for form in forms.split()}
_CYRILLIC_MONTHS = "|".join(sorted(_IN_ENGLISH, key=len, reverse=True))
_CYRILLIC_MONTH = re.compile(_CYRILLIC_MONTHS, re.IGNORECASE)
_YEAR_WORD = r"(?:года|год|г\.|року|рік|р\.)"
_AFTER_YEAR = re.compile(rf"(?<=\d{{4}})\s*{_YEAR_WORD}", re.IGNORECASE)
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
# The date forms news pages print: "February 03, 2025", "10 February 2025, 15:52", "2025-02-10",
# "3 февраля 2025 года", "03.02.2025" (day first, as everywhere dates are dotted).
DATE_PATTERN = re.compile(
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+(?:{_CYRILLIC_MONTHS})\s+\d{{4}}(?:\s*{_YEAR_WORD})?"
    rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?)"
    rf"{_TIME}",
    re.IGNORECASE,
)
_DOTTED_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.]\d)")
# Zone abbreviations news pages print; others are read as local time (dateutil would warn).
_ZONES = {
    name: hours * 3600
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
    }.items()
}
# "15:52", "12.00"; not a date "19.06.2025", "1.5.25"
_HAS_TIME = re.compile(r"(?<![\d.])\d{1,2}[:.]\d{2}(?!\d|\.\d)")
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?!\d|\.\d)")
_UNSAID = datetime(1, 1, 1)  # what dateutil fills in for what a date leaves out: year 1 is no year
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|$)")


def parse_date(text: str) -> datetime | date | None:
    """Parse one date as written; a date alone stays a date, a time makes it a datetime (UTC if
    zoned; a Unix time is UTC). A month without its day is its first day; a date without its year
    or month is none (dateutil would fill them in from today: "March 3" is not this year's). A
    dotted date is day first; Russian and Ukrainian month names are read too."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and len(text) in (10, 13):  # a Unix time in seconds or milliseconds (datasets)
        return datetime.fromtimestamp(int(text) / 10 ** (len(text) - 10), UTC).replace(tzinfo=None)
    try:  # ISO 8601, the usual form in JSON Lines records, 50x faster than dateutil
        parsed = datetime.fromisoformat(text)
    except ValueError:
        spoken = _DOTTED_TIME.sub(r"\1:\2", text.replace(" at ", " "))  # "12.00 BST"
        spoken = _CYRILLIC_MONTH.sub(lambda m: _IN_ENGLISH[m.group().lower()], _AFTER_YEAR.sub("", spoken))
        read = {"tzinfos": _ZONES, "dayfirst": bool(_DOTTED_DATE.search(spoken))}  # ("03.02.2025": 3 Feb)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
                parsed = dateutil_parser.parse(spoken, default=_UNSAID, **read)
                if parsed.year == _UNSAID.year or (  # (January, or no month? asked again with February)
                    parsed.month == 1
                    and dateutil_parser.parse(spoken, default=_UNSAID.replace(month=2), **read).month != 1
                ):
                    return None
        except (ValueError, OverflowError):
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed if _HAS_TIME.search(text) else parsed.date()


_BY = re.compile(r"^by\s+", re.IGNORECASE)


def byline_names(byline: str | None) -> str | None:
    """A byline less its "By" ("By Jo Marsh"): the author's names, as databases, agencies and
    datasets give them."""
    return (_BY.sub("", byline).strip() or None) if byline else None


def web_url(value: object) -> str | None:
    """An http(s) address, stripped (its scheme in any case); None for anything else: a page's
    cid: or file: address, a javascript: link, a value that is no text."""
    url = value.strip() if isinstance(value, str) else ""
    return url if url.lower().startswith(("http://", "https://")) else None


def split_url(url: str) -> SplitResult | None:
    """The URL's parts; None for one that cannot be read ("http://[" is an unfinished IPv6 host)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def date_from_url(url: str) -> date | None:
    """Dates that news sites put in their paths: /2025/02/03/ or /2025-02-03-."""
    parts = split_url(url)
    match = _URL_DATE.search(parts.path) if parts else None
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


@cache
def _outlet_table() -> dict[str, str]:
    with resources.files("searchapp").joinpath("data/outlets.csv").open(encoding="utf-8") as f:
        return {row["domain"].lower(): row["outlet"] for row in csv.DictReader(f)}


def outlet_from_url(url: str) -> str | None:
    """The outlet's name from the editable domain table, else the bare domain itself."""
    name = host(url)
    return outlet_of_host(name) or name or None


def outlet_of_host(domain: str) -> str | None:
    """The outlet's name if the domain table has the domain, or one it is under (a URL's host,
    an email sender's domain)."""
    table = _outlet_table()
    parts = domain.lower().split(".")
    for i in range(len(parts) - 1):  # news.bbc.co.uk -> bbc.co.uk -> co.uk
        if outlet := table.get(".".join(parts[i:])):
            return outlet
    return None


def host(url: str) -> str:
    """The URL's host, less www.; empty unless it is a domain."""
    parts = split_url(url)
    name = ((parts.hostname if parts else None) or "").lower().removeprefix("www.")
    return name if "." in name else ""


def read_catalog(seeds: Path) -> dict[str, dict[str, str]]:
    """`seeds/catalog.csv`: facts the user knows that a file does not say, keyed by file name.
    As a spreadsheet saves it: UTF-8 or Windows' cp1252, commas or semicolons (csv_rows).
    ValueError (or OSError) if it cannot be read."""
    path = seeds / CATALOG_NAME
    if not path.is_file():
        return {}
    rows = csv_rows(text_of(path.read_bytes()))
    if not rows.fieldnames or "file" not in rows.fieldnames:
        raise ValueError(f"{CATALOG_NAME} needs a 'file' column")
    try:
        return {
            row["file"].strip(): {
                k: (row.get(k) or "").strip() for k in CATALOG_FIELDS if (row.get(k) or "").strip()
            }
            for row in rows
            if (row.get("file") or "").strip()
        }
    except csv.Error as e:
        raise ValueError(f"invalid CSV at line {rows.line_num}: {e}") from None


UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # (a UTF-16 text is full of NUL bytes)


# A Russian or Ukrainian text in cp1251 is mostly bytes 0xC0-0xFF (А to я), which cp1252 reads
# as accented Latin ("Ïðåçèäåíò"); a French or German text in cp1252 has far fewer than a-z. KOI8
# (Russian and Ukrainian Unix, mail and early web pages) holds the same letters the other way
# round: lowercase 0xC0-0xDF, capitals 0xE0-0xFF, and a text is mostly lowercase.
_UPPER_HALF = bytes(range(0xC0, 0x100))
_KOI8_LOWERCASE, _CP1251_LOWERCASE = bytes(range(0xC0, 0xE0)), bytes(range(0xE0, 0x100))
_LATIN_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))


def text_of(data: bytes) -> str:
    """Bytes as text: UTF-16 with its byte order mark, UTF-8 (with or without one), else the
    Windows code page that Excel and older Windows tools save: cp1251 for a text in Cyrillic (or
    KOI8-U, which reads KOI8-R too, where its lowercase letters say so), else cp1252.
    UnicodeDecodeError (a ValueError) if none reads them."""
    if data.startswith(UTF16_MARKS):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _count(data, _UPPER_HALF) > _count(data, _LATIN_LETTERS):
        koi8 = _count(data, _KOI8_LOWERCASE) > _count(data, _CP1251_LOWERCASE)
        try:
            return data.decode("koi8_u" if koi8 else "cp1251")
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252")


def _count(data: bytes, values: bytes) -> int:
    """How many of `data`'s bytes are among `values`, counted in C (re.findall built a list of
    them: 13 s and 310 MB for a 51 MB file)."""
    return len(data) - len(data.translate(None, values))


def csv_rows(text: str) -> csv.DictReader:
    """A CSV text's rows by its header's names, split by commas, semicolons (a spreadsheet's in
    much of Europe) or tabs, whichever the header has most of (csv.Sniffer guesses from the rows
    too, where an article's punctuation misleads it)."""
    first_line = text.split("\n", 1)[0]
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=max(",;\t", key=first_line.count))
