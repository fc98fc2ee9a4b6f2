"""Read article files (plain-text dumps, Markdown clippings, saved web pages, PDF, Word and ODF
documents, RTF, Nexis Uni, LexisNexis, ProQuest, Factiva and Evernote exports, news feeds,
newsletters saved as email or in a mailbox, JSON, JSON Lines, CSV)
into `Article` records.

Nothing is lost silently: every file or record that cannot be read becomes a `Problem` that
names it and says why, and the other files and records are still read.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import logging
import lzma
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any

import yaml

from . import archive, captions, evernote, newsletter, pdf, records, rss, rtf, warc, webpage, wire
from .article import MAX_PAGE_BYTES, Article, Origin, Problem, Unreadable, article_id
from .clean import Entry, Page, parse_page
from .documents import docx_paragraphs, odt_paragraphs
from .exports import factiva_documents, factiva_rtf_documents, nexis_documents, text_documents
from .metadata import (
    CATALOG_NAME,
    UTF16_MARKS,
    date_from_url,
    outlet_from_url,
    parse_date,
    text_of,
)
from .synonyms import SYNONYMS_NAME

_log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SAVED_PAGE_SUFFIXES = {".mhtml", ".mht", ".webarchive"}  # (webpage.py)
PDF_SUFFIXES = {".pdf"}
JSONL_SUFFIXES = {".jsonl"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
DOCX_SUFFIXES = {".docx"}
ODT_SUFFIXES = {".odt"}
RTF_SUFFIXES = {".rtf"}
ENEX_SUFFIXES = {".enex"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}  # (rss.py; a news agency's story: wire.py)
EMAIL_SUFFIXES = {".eml"}  # (newsletter.py)
MAILBOX_SUFFIXES = {".mbox"}  # (and a mail client's mailbox without one: _mail_client_mailbox)
ARCHIVE_SUFFIXES = {".zip", ".tar", ".tgz"}  # (and ".tar.gz": _kind; archive.py)
WARC_SUFFIXES = {".warc"}  # (and ".warc.gz": _kind; warc.py)
CAPTION_SUFFIXES = {".vtt", ".srt"}  # (captions.py)
SUFFIXES = (
    TEXT_SUFFIXES
    | MARKDOWN_SUFFIXES
    | HTML_SUFFIXES
    | SAVED_PAGE_SUFFIXES
    | PDF_SUFFIXES
    | JSONL_SUFFIXES
    | JSON_SUFFIXES
    | CSV_SUFFIXES
    | DOCX_SUFFIXES
    | ODT_SUFFIXES
    | RTF_SUFFIXES
    | ENEX_SUFFIXES
    | FEED_SUFFIXES
    | EMAIL_SUFFIXES
    | MAILBOX_SUFFIXES
    | ARCHIVE_SUFFIXES
    | WARC_SUFFIXES
    | CAPTION_SUFFIXES
)
MAX_SAVED_PAGE_BYTES = 100 * 1024 * 1024  # a page saved as one file holds its images too


@dataclass
class FileResult:
    """What one file yielded: its articles and anything that went wrong inside it."""

    file: str
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(seeds: Path) -> tuple[list[str], list[Problem]]:
    """Article files under `seeds` (relative paths, sorted), and the entries that cannot be used."""
    root = seeds.resolve()
    found: list[str] = []
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(
        root,
        onerror=lambda e: problems.append(
            Problem(_relative(Path(e.filename), root), f"cannot list folder: {e.strerror}")
        ),
    ):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _page_assets(Path(folder), d))
        inside = _relative(Path(folder), root)  # (paths built as strings: pathlib's per file took
        prefix = "" if inside == "." else inside + "/"  # 0.8 s of an unchanged rebuild of 19k files)
        names = set(files)
        kinds = {name: _kind(name) for name in files}
        videos = {captions.base(name) for name, kind in kinds.items() if kind in CAPTION_SUFFIXES}
        for name in sorted(files):
            rel = prefix + name
            if name.startswith(".") or rel in (CATALOG_NAME, SYNONYMS_NAME):
                continue
            if _beside_mail(folder, name, names) or name.endswith(INFO) and name[: -len(INFO)] in videos:
                continue
            if not _utf8(rel):  # (an old archive's Latin-1 name: no id, page or manifest could hold it)
                shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                problems.append(Problem(shown, "its name is not UTF-8 text: rename the file"))
                continue
            if kinds[name] not in SUFFIXES and not _mail_client_mailbox(folder, name, names.__contains__):
                problems.append(Problem(rel, _unsupported(name)))
                continue
            path = os.path.join(folder, name)
            if os.path.islink(path):
                try:
                    target = Path(path).resolve(strict=True)
                except (OSError, RuntimeError):
                    problems.append(Problem(rel, "broken or looping symbolic link"))
                    continue
                if not target.is_relative_to(root):
                    problems.append(Problem(rel, "symbolic link points outside the seeds folder"))
                    continue
            found.append(rel)
    return found, problems


_COMPRESSED = {".tar.gz": ".tgz", ".warc.gz": ".warc"}  # (read compressed by their readers: _kind)
# A file compressed whole, as datasets come ("articles.jsonl.gz"): read as what it holds (_packed).
_PACKED: dict[str, Callable[[Any], Any]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
MAX_UNCOMPRESSED_BYTES = 4 << 30  # what one compressed file may hold


def _kind(name: str) -> str:
    """A file's kind, by its name's suffix in lower case (a ".tar.gz" is a ".tgz", a ".warc.gz"
    a ".warc"), or of the file it holds compressed ("a.jsonl.gz" is a ".jsonl")."""
    lower = name.lower()
    if kind := next((kind for end, kind in _COMPRESSED.items() if lower.endswith(end)), None):
        return kind
    inner, suffix = os.path.splitext(lower)
    return PurePath(inner).suffix if suffix in _PACKED else suffix


def _packed(name: str) -> Callable[[Any], Any] | None:
    """How the file is compressed whole, if it is (_PACKED): not a .tar.gz or .warc.gz."""
    lower = name.lower()
    if any(lower.endswith(end) for end in _COMPRESSED):
        return None
    return _PACKED.get(os.path.splitext(lower)[1])


def _unpacked(data: bytes, packed: Callable[[Any], Any]) -> bytes:
    """A compressed file's content, at most MAX_UNCOMPRESSED_BYTES."""
    try:
        with packed(io.BytesIO(data)) as stream:
            content = stream.read(MAX_UNCOMPRESSED_BYTES + 1)
    except (OSError, EOFError, lzma.LZMAError) as e:  # (gzip's and bz2's errors are OSErrors)
        raise Unreadable(f"cannot be uncompressed ({e})") from None
    if len(content) > MAX_UNCOMPRESSED_BYTES:
        raise Unreadable(f"larger than {MAX_UNCOMPRESSED_BYTES >> 30} GB uncompressed")
    return content


def _unsupported(name: str) -> str:
    return f"unsupported file type {PurePath(name).suffix or '(none)'!r}"


def _utf8(name: str) -> bool:
    """Whether a file name as the OS gave it is text (undecodable bytes come as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _page_assets(folder: Path, name: str) -> bool:
    """Whether `name` is the folder of images, scripts and styles that a browser saves beside a
    page ("Web page, complete": page.html and page_files/): not articles, nor worth a report each."""
    return name.endswith("_files") and any((folder / f"{name[:-6]}{s}").is_file() for s in HTML_SUFFIXES)


_APPLE_MAIL_EXPORT = ("table_of_contents", "Info.plist")  # (beside its mbox)
INFO = ".info.json"  # (yt-dlp's file of what it knows of a video, beside its captions: captions.py)


def _mail_client_mailbox(folder: str, name: str, exists: Callable[[str], bool]) -> bool:
    """Whether a file is a mail client's mailbox (mbox) without the suffix: a Thunderbird mail
    folder ("Newsletters", beside its index "Newsletters.msf"), or the one of an Apple Mail
    export ("Newsletters.mbox/mbox")."""
    return exists(f"{name}.msf") or (name == "mbox" and folder.lower().endswith(".mbox"))


def _beside_mail(folder: str, name: str, names: set[str]) -> bool:
    """Whether a file is one that a mail client keeps beside a mailbox: Thunderbird's index of
    one, Apple Mail's export's table of contents."""
    if name.endswith(".msf"):
        return name.removesuffix(".msf") in names
    return folder.lower().endswith(".mbox") and name in _APPLE_MAIL_EXPORT and "mbox" in names


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read_file(seeds: Path, rel: str, catalog: dict[str, str]) -> FileResult:
    """Read one file into articles (an archive's members each as the file it is); never raises
    for bad content, reports it instead."""
    result = FileResult(rel)
    path = seeds / rel
    kind = _kind(path.name)
    if kind not in SUFFIXES and _mail_client_mailbox(
        path.parent.name, path.name, lambda name: (path.parent / name).is_file()
    ):
        kind = ".mbox"
    try:
        if kind in ARCHIVE_SUFFIXES:
            _read_archive(rel, path, kind, catalog, result)
        else:
            info = path.with_name(captions.base(path.name) + INFO) if kind in CAPTION_SUFFIXES else None
            about = info.read_bytes() if info and info.is_file() else None
            _read(rel, path.name, kind, path.read_bytes(), catalog, result, about)
    except OSError as e:
        result.problems.append(Problem(rel, f"cannot read: {e.strerror or e}"))
    return result


def _read_archive(rel: str, path: Path, kind: str, catalog: dict[str, str], result: FileResult) -> None:
    """An archive's member files, each read as the file it is, named `archive#member`; those of
    a kind not read, and archives within it, reported by name. The archive's row of the catalog
    holds for each (a database's download: its outlet)."""

    def wanted(name: str) -> bool:
        return _kind(name) in SUFFIXES - ARCHIVE_SUFFIXES

    try:
        for name, data in archive.members(path, kind, wanted):
            source = f"{rel}#{name}"
            if data is None:
                inner = _kind(name) in ARCHIVE_SUFFIXES
                reason = "an archive inside an archive is not read" if inner else _unsupported(name)
                result.problems.append(Problem(source, reason))
            elif isinstance(data, str):
                result.problems.append(Problem(source, data))
            else:
                _read(source, name, _kind(name), data, catalog, result)
    except ValueError as e:
        result.problems.append(Problem(rel, str(e)))
    except Exception as e:  # (the library failing on the archive: the members before it are kept)
        result.problems.append(Problem(rel, _unexpected(rel, e)))


def _read(
    rel: str,
    name: str,
    kind: str,
    data: bytes,
    catalog: dict[str, str],
    result: FileResult,
    about: bytes | None = None,
) -> None:
    """Read a file's bytes (or an archive member's) into articles named by `rel`, by its kind
    (uncompressed first if its `name` says it is compressed), with what a file beside it says of
    it (`about`: captions' video's info); what cannot be read is reported under `rel`, and an
    archive's other members are still read."""
    try:
        packed = _packed(name)
        content = data if packed is None else _unpacked(data, packed)
        _read_kind(rel, kind, content, catalog, result, name, about)
    except Unreadable as e:
        result.problems.append(Problem(rel, str(e)))
    except Exception as e:  # a library failing on a file it cannot handle: the file is lost, not the rebuild
        result.problems.append(Problem(rel, _unexpected(rel, e)))


def _read_kind(
    rel: str,
    suffix: str,
    data: bytes,
    catalog: dict[str, str],
    result: FileResult,
    name: str,
    about: bytes | None,
) -> FileResult:
    """(_read, by the file's kind: its suffix; `name` titles captions)"""
    if suffix in JSONL_SUFFIXES | CSV_SUFFIXES:
        read_records = records.jsonl_records if suffix in JSONL_SUFFIXES else records.csv_records
        for source, record in read_records(rel, decode(data), result.problems):
            _add_record(source, record, catalog, result)
        return result
    if suffix in ENEX_SUFFIXES:
        return _add_entries(rel, *evernote.notes(data), "note", catalog, result)
    if suffix in FEED_SUFFIXES and not wire.is_story(data):
        return _add_entries(rel, *rss.items(data), "item", catalog, result)
    if suffix in JSON_SUFFIXES:
        return _add_json(rel, decode(data), catalog, result)
    if suffix in MAILBOX_SUFFIXES:
        return _add_entries(rel, _messages(data), None, "message", catalog, result, _newsletter_entry)
    if suffix in WARC_SUFFIXES:
        return _add_entries(
            rel, warc.pages(data, MAX_PAGE_BYTES), None, "page", catalog, result, _capture_entry
        )
    _check_size(
        data, MAX_SAVED_PAGE_BYTES if suffix in SAVED_PAGE_SUFFIXES | EMAIL_SUFFIXES else MAX_PAGE_BYTES
    )
    if suffix in DOCX_SUFFIXES | ODT_SUFFIXES:
        lines = _document_paragraphs(data, suffix)
        if (documents := nexis_documents(lines)) is not None:
            return _add_export(rel, documents, catalog, result)
        page = parse_page("\n".join(lines))
    elif suffix in RTF_SUFFIXES:
        text = _rtf_text(data)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        documents = nexis_documents(lines) or factiva_rtf_documents(text) or text_documents(text)
        if documents is not None:
            return _add_export(rel, documents, catalog, result)
        page = parse_page("\n".join(lines))
    elif suffix in PDF_SUFFIXES:
        printed = _printed(data)
        if (documents := nexis_documents(printed.paragraphs)) is not None:
            return _add_export(rel, documents, catalog, result)
        page = pdf.printed_page(printed)
    elif suffix in HTML_SUFFIXES | SAVED_PAGE_SUFFIXES:
        html, url = _saved_html(data, suffix)
        if (documents := factiva_documents(html)) is not None:
            return _add_export(rel, documents, catalog, result)
        page = _html_page(html, url)
    elif suffix in EMAIL_SUFFIXES:
        page = _entry_page(rel, _newsletter_entry(data), result.problems)
    elif suffix in FEED_SUFFIXES:
        if len(stories := _wire_stories(data)) > 1:
            return _add_export(rel, stories, catalog, result)
        page = stories[0]
    elif suffix in MARKDOWN_SUFFIXES:
        page = _markdown_page(decode(data))
    elif suffix in CAPTION_SUFFIXES:
        page = captions.page(decode(data), name, about)
    else:
        text = decode(data)
        if (documents := text_documents(text)) is not None:
            return _add_export(rel, documents, catalog, result)
        page = parse_page(text)
    result.articles.append(_article(rel, None, page, catalog, result.problems))
    return result


def _unexpected(source: str, e: Exception) -> str:
    """Why a library failed on a file or an entry of one, as the summary says it: that one is
    lost, not the rebuild nor the rest (the log says where, at debug level)."""
    _log.debug("reading %s", source, exc_info=True)
    return f"could not be read ({type(e).__name__}: {e})"


def _check_size(page: bytes | str, limit: int) -> None:
    if len(page) > limit:
        raise Unreadable(f"larger than {limit // 2**20} MB: not a single article page")


def decode(data: bytes) -> str:
    """A file's text (metadata.text_of); binary, undecodable and empty files are refused."""
    if b"\x00" in data[:65536] and not data.startswith(UTF16_MARKS):
        raise Unreadable("binary file (contains NUL bytes)")
    try:
        text = text_of(data)
    except UnicodeDecodeError:
        reason = "undecodable bytes: not UTF-16 (with its mark), UTF-8 or a Windows code page"
        raise Unreadable(reason) from None
    if not text.strip():
        raise Unreadable("empty file")
    return text


_PAGE_TAG = re.compile(r"<(?:!doctype|html|head|body)\b", re.IGNORECASE)  # (a page's, not a fragment's)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def _saved_html(data: bytes, suffix: str) -> tuple[str, str | None]:
    """A saved page's HTML as text, and the address it was saved from if the file says (a page
    saved as one file, with its images: webpage.py)."""
    if suffix in HTML_SUFFIXES:
        return _html_text(data), None
    try:
        unpack = webpage.webarchive if suffix == ".webarchive" else webpage.mhtml
        saved = unpack(data, MAX_PAGE_BYTES)
    except ValueError as e:
        raise Unreadable(str(e)) from None
    return _html_text(saved.html, saved.charset), saved.url


def _html_text(data: bytes, charset: str | None = None) -> str:
    """A saved page's text in the charset that the file holding it names, or else its <meta>
    declares (a Russian site's KOI8-R, say), else as any text file is read."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    for name in (charset, declared[1].decode("ascii") if declared else None):
        if name and b"\x00" not in data[:65536]:
            try:
                text = data.decode(name)
            except (LookupError, UnicodeDecodeError):  # (an unknown name; a page that says one, is another)
                text = ""
            if text.strip():
                return text
    return decode(data)


def _html_page(html: str, url: str | None = None, tables: bool = True) -> Page:
    """The article of a saved page, with the metadata trafilatura finds in it (`url`, where it
    was saved from, is its address unless the page names its own canonical one). Without
    `tables`, its tables are read as the text they hold, not as rows of cells: an email's only
    lay it out."""
    import trafilatura  # imported here: it is heavy, and only saved web pages need it

    # The dates a page marks up or prints as dates, and its address's; not the extensive search's
    # last resort, a year that the text mentions ("faster than in 1999") read as 1999-01-01.
    dates = {"original_date": True, "extensive_search": False}  # (htmldate's find_date arguments)
    if not _PAGE_TAG.search(html):  # a fragment ("<p>...</p>": a clipping, a simple email), which
        html = f"<html><body>{html}</body></html>"  # trafilatura reads as no page at all
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=tables,
        date_extraction_params=dates,
    )
    if doc is None or not (doc.text or "").strip():
        raise Unreadable("no article text found in the HTML")
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    if lines and lines[0] == doc.title:
        lines = lines[1:]
    return Page(
        title=doc.title or None,
        body="\n\n".join(lines),
        date=parse_date(doc.date) if doc.date else None,
        author=doc.author or None,
        url=doc.url or url,
        outlet=doc.sitename or None,
    )


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Obsidian's [[target]] or [[target|shown]]: what is shown. No bracket inside, so that each "[[" looks
# only as far as the next bracket (a run of 100,000 "[" took 55 s, quadratic).
_WIKILINK = re.compile(r"\[\[(?:[^|\[\]]*\|)?([^\[\]]*)\]\]")
# Front matter keys of web clippers (Obsidian Web Clipper, MarkDownload, Jekyll/Hugo posts), in
# order of preference. ("created" is when the page was clipped, not published.)
_KEYS = {
    "title": ("title",),
    "url": ("source", "url", "link", "canonical_url"),
    "author": ("author", "authors", "byline"),
    "date": ("published", "date", "pubdate", "published_at"),
    "outlet": ("site", "site_name", "publisher", "outlet"),
}


def _markdown_page(text: str) -> Page:
    """A Markdown clipping: its YAML front matter's title, source, author, date and site, over
    what the text dump's rules find in the rest (which also drop Markdown's link syntax)."""
    match = _FRONT_MATTER.match(text)
    try:
        meta = yaml.safe_load(match.group(1)) if match else None
    except (yaml.YAMLError, ValueError):  # (ValueError: a date no calendar has, "2025-13-45")
        meta = None  # (read as a dump of text, front matter and all)
    if not isinstance(meta, dict):
        return parse_page(text)
    meta = {str(key).lower(): value for key, value in meta.items()}
    title, url, author, outlet = (
        _front_text(meta, _KEYS[name]) for name in ("title", "url", "author", "outlet")
    )
    rest = text[match.end() :]
    page = parse_page(f"{title}\n\n{rest}" if title else rest)  # (the title as its headline)
    return Page(
        title=title or page.title,
        body=page.body,
        date=_front_date(meta) or page.date,
        author=author or page.author,
        url=url or page.url,
        outlet=outlet or page.outlet,
    )


def _front_text(meta: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of `keys` that front matter gives, less Obsidian's [[links]]; a list's items
    joined as a record's are ("Jane Roe, John Doe": see _named)."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value if item not in (None, ""))
        if value not in (None, ""):
            return _WIKILINK.sub(r"\1", str(value)).strip() or None
    return None


def _front_date(meta: dict[str, Any]) -> datetime | date | None:
    """The publication date in front matter, read as parse_date reads any (YAML may have read it
    already: it is written back)."""
    for key in _KEYS["date"]:
        value = meta.get(key)
        text = value.isoformat() if isinstance(value, date) else str(value or "")
        if parsed := parse_date(text):
            return parsed
    return None


def _add_json(rel: str, text: str, catalog: dict[str, str], result: FileResult) -> FileResult:
    """A JSON file: one record (news-please's files, an article each), a list of them (`file#n`),
    or an API's response holding them (records.json_records: NewsAPI's "articles"); a JSON
    Feed's items are read as a news feed's are (rss.py)."""
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except ValueError as e:
        raise Unreadable(f"invalid JSON: {e}") from None
    except RecursionError:
        raise Unreadable("invalid JSON: nested too deeply") from None
    if rss.is_json_feed(value):
        return _add_entries(rel, rss.json_feed_items(value), None, "item", catalog, result)
    found = records.json_records(value)
    if found is None:
        _add_record(rel, value, catalog, result)
    for number, record in enumerate(found or [], start=1):
        _add_record(f"{rel}#{number}", record, catalog, result)
    return result


def _document_paragraphs(data: bytes, suffix: str) -> list[str]:
    """A word-processor document's paragraphs (documents.py)."""
    try:
        return docx_paragraphs(data) if suffix in DOCX_SUFFIXES else odt_paragraphs(data)
    except ValueError as e:
        raise Unreadable(str(e)) from None


def _printed(data: bytes) -> pdf.Printed:
    """A PDF's paragraphs (pdf.py): a page printed to PDF, or a Nexis Uni download's articles."""
    try:
        return pdf.printed(data)
    except ValueError as e:
        raise Unreadable(str(e)) from None


def _rtf_text(data: bytes) -> str:
    try:
        found = rtf.text(data)
    except ValueError as e:
        raise Unreadable(str(e)) from None
    if not found.strip():
        raise Unreadable("no text in the RTF file")
    return found


def _wire_stories(data: bytes) -> list[Page]:
    """A news agency's stories (wire.py): a file of one is its article, of several (a NewsML
    message) each is `file#n`."""
    try:
        stories = wire.stories(data)
    except ValueError as e:
        raise Unreadable(str(e)) from None
    if not stories:
        raise Unreadable("no story in the news agency's message")
    return stories


def _add_export(rel: str, documents: list[Page], catalog: dict[str, str], result: FileResult) -> FileResult:
    """The articles of a database's export of many (exports.py), each named `file#n`, or why
    one cannot be an article."""
    for number, document in enumerate(documents, start=1):
        source = f"{rel}#{number}"
        try:
            result.articles.append(_article(source, None, document, catalog, result.problems))
        except Unreadable as e:
            result.problems.append(Problem(source, str(e)))
    return result


def _add_entries(
    rel: str,
    found: Iterable[Any],
    broken: str | None,
    unit: str,
    catalog: dict[str, str],
    result: FileResult,
    read: Callable[[Any], Entry | str] = lambda entry: entry,
) -> FileResult:
    """The pages of an Evernote export, a news feed or a mailbox (evernote.py, rss.py,
    newsletter.py), each an article named `file#n` read as a saved page, over which the file's own
    word on its headline, address, date, author and outlet comes first; or why one cannot be (a
    note or item of a few words has no article text; a reason given for an entry); and where the
    file breaks off, if it does, after the `unit`s before. `read` makes each of `found` an entry
    (a mailbox's message: _newsletter_entry), so that a failure is its entry's alone. An entry
    with a key keeps its article's id when its file is saved again with others before it (a
    feed's new items come first): bookmarks and a feed of new matches stay right. A key that the
    file gives twice (items whose only address is the site's) names the first alone: the others
    keep their places' ids."""
    number, keys = 0, set()
    for number, unread in enumerate(found, start=1):
        source = f"{rel}#{number}"
        try:
            entry = read(unread)
            if isinstance(entry, str):
                raise Unreadable(entry)
            _check_size(entry.html, MAX_PAGE_BYTES)
            article = _article(
                source, None, _entry_page(source, entry, result.problems), catalog, result.problems
            )
            if entry.key and entry.key not in keys:
                keys.add(entry.key)
                article = replace(article, id=article_id(f"{rel}#key {entry.key}"))  # (not a place's)
            result.articles.append(article)
        except Unreadable as e:
            result.problems.append(Problem(source, str(e)))
        except Exception as e:  # (one note, item or message lost, not the file's others)
            result.problems.append(Problem(source, _unexpected(source, e)))
    if broken:
        result.problems.append(Problem(rel, f"{broken}; read up to {unit} {number}" if number else broken))
    return result


def _entry_page(source: str, entry: Entry, problems: list[Problem]) -> Page:
    """The saved page of an entry's HTML (_html_page), over which what its file says of it comes
    first (a date it gives that is none is reported)."""
    page = _html_page(entry.html, entry.url, entry.tables)
    written = parse_date(entry.date) if entry.date else None
    if entry.date and written is None:
        problems.append(Problem(source, f"date {entry.date!r} is not a date; ignored"))
    return Page(
        title=entry.title or page.title,
        body=page.body,
        date=written or page.date,
        author=entry.author or page.author,
        url=entry.url or page.url,
        outlet=entry.outlet or page.outlet,
    )


def _newsletter_entry(data: bytes) -> Entry:
    """A newsletter saved as an email (newsletter.py): its page, and what its headers say."""
    try:
        saved, about = newsletter.newsletter(data, MAX_PAGE_BYTES)
    except ValueError as e:
        raise Unreadable(str(e)) from None
    return replace(about, html=_html_text(saved.html, saved.charset))


def _capture_entry(capture: tuple[str | None, webpage.SavedPage | str]) -> Entry | str:
    """A web archive's page (warc.py), read as a saved page is, keeping its id by its record's;
    or why it cannot be."""
    key, page = capture
    return page if isinstance(page, str) else Entry(_html_text(page.html, page.charset), page.url, key=key)


def _messages(data: bytes) -> Iterator[bytes]:
    """A mailbox's messages, one by one (newsletter.messages); Unreadable if the file is none."""
    try:
        return newsletter.messages(data)
    except ValueError as e:
        raise Unreadable(str(e)) from None


def _add_record(source: str, record: Any, catalog: dict[str, str], result: FileResult) -> None:
    try:
        page, record_id, typed_date = records.record_page(record)
        if page.date is None and typed_date:  # indexed undated, and said so
            result.problems.append(Problem(source, f"date {typed_date!r} is not a date; ignored"))
        result.articles.append(_article(source, record_id, page, catalog, result.problems))
    except Unreadable as e:
        result.problems.append(Problem(source, str(e)))


def _article(
    source: str, own_id: str | None, page: Page, catalog: dict[str, str], problems: list[Problem]
) -> Article:
    """Merge metadata with precedence catalog > the file's own text > its URL; never invent."""
    if not page.body.strip():
        raise Unreadable("no article text found")
    origins: dict[str, Origin] = {"id": "text"} if own_id else {}

    def choose(name: str, catalog_value: Any, text_value: Any, url_value: Any = None) -> Any:
        for origin, value in (("catalog", catalog_value), ("text", text_value), ("url", url_value)):
            if value:
                origins[name] = origin
                return value
        return None

    catalog_date = _catalog_date(source, catalog.get("date"), problems)
    url = choose("url", catalog.get("url"), page.url)
    when: datetime | date | None = choose(
        "date", catalog_date, page.date, date_from_url(url) if url else None
    )
    return Article(
        id=own_id or article_id(source),
        source=source,
        title=choose("title", catalog.get("title"), page.title) or "",
        body=page.body,
        date=when,
        outlet=choose("outlet", catalog.get("outlet"), page.outlet, outlet_from_url(url) if url else None),
        author=choose("author", catalog.get("author"), page.author),
        url=url,
        origins=origins,
    )


def _catalog_date(source: str, value: str | None, problems: list[Problem]) -> datetime | date | None:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        problems.append(Problem(source, f"catalog date {value!r} is not a date; ignored"))
    return parsed
