"""Bad input loses nothing silently: each bad file or record is named with its reason."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp.readers import discover, read_file

ARTICLE = "Headline of a test story\n\nThe first paragraph of the test story has plenty of words in it.\n"


def read(folder: Path, name: str, catalog: dict | None = None):
    return read_file(folder, name, catalog or {})


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\x81\x8d\x8f\x90\x9d bytes", "undecodable bytes"),
        (b"\xff\xfeA\x00B", "undecodable bytes"),  # UTF-16 cut short: it had crashed the rebuild
    ],
)
def test_bad_files_are_reported_by_name(tmp_path, data, reason):
    (tmp_path / "bad.txt").write_bytes(data)
    result = read(tmp_path, "bad.txt")
    assert result.articles == []
    [problem] = result.problems
    assert problem.source == "bad.txt" and reason in problem.reason


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("utf-8"),
        b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
        ARTICLE.replace("story", "story’s café").encode("cp1252"),
        ARTICLE.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16"],
)
def test_encodings(tmp_path, data):
    (tmp_path / "a.txt").write_bytes(data)
    [a] = read(tmp_path, "a.txt").articles
    assert a.title.startswith("Headline of a test story")
    assert "first paragraph" in a.body and "\ufeff" not in a.title


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text(ARTICLE)
    original = Path.read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    [problem] = read(tmp_path, "locked.txt").problems
    assert problem.reason == "cannot read: Permission denied"


def test_jsonl_records(tmp_path):
    lines = [
        json.dumps(
            {
                "id": "r1",
                "title": "One",
                "body": "First body.",
                "date": "2025-02-03",
                "outlet": "Wire",
                "url": "https://wire.example/1",
                "author": "A. Writer",
            }
        ),
        "{broken json",
        json.dumps({"title": "No body"}),
        "",
        json.dumps({"text": "Second body via text.", "date": "1987-02-26 15:01:01"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "r1-copy", "title": "One", "body": "First body.", "outlet": "Wire"}),
        json.dumps({"id": "undated", "body": "Third body.", "date": "last Tuesday-ish"}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    result = read(tmp_path, "feed.jsonl")
    assert [(a.id, a.source) for a in result.articles] == [
        ("r1", "feed.jsonl#1"),
        (result.articles[1].id, "feed.jsonl#5"),
        ("r1-copy", "feed.jsonl#7"),
        ("undated", "feed.jsonl#8"),
    ]
    first, second, _, undated = result.articles
    assert undated.date is None
    assert (first.title, first.date, first.outlet, first.author) == (
        "One",
        date(2025, 2, 3),
        "Wire",
        "A. Writer",
    )
    assert second.date == datetime(1987, 2, 26, 15, 1, 1) and second.title == ""
    assert [(p.source, p.reason.split(":")[0]) for p in result.problems] == [
        ("feed.jsonl#2", "invalid JSON"),
        (
            "feed.jsonl#3",
            "record has no text (body, text, content, article, articlebody, maintext, full_text, lead_paragraph, abstract)",
        ),
        ("feed.jsonl#6", "a record must be an object"),
        ("feed.jsonl#8", "date 'last Tuesday-ish' is not a date; ignored"),
    ]


def test_a_record_nested_past_the_stack_is_one_bad_record(tmp_path):
    """`[[[[...` 100,000 deep is its line's problem: it had lost the rest of the file."""
    lines = [json.dumps({"id": "a", "body": "First body."}), "[" * 100_000 + "]" * 100_000]
    lines.append(json.dumps({"id": "b", "body": "Second body."}))
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    result = read(tmp_path, "feed.jsonl")
    assert [a.id for a in result.articles] == ["a", "b"]
    assert [(p.source, p.reason) for p in result.problems] == [
        ("feed.jsonl#2", "invalid JSON: nested too deeply")
    ]


def test_records_name_their_fields_as_news_datasets_do(tmp_path):
    """A record's fields under the names other exports use (news-please, Kaggle's news sets):
    a headline, content, a list of authors, a publication."""
    record = {
        "Headline": "Corn prices",
        "content": "Corn prices fell on Tuesday.",
        "authors": ["Ann Lee", "Bo Chan"],
        "date_publish": "2024-01-02 10:00:00",
        "publication": "Farm Weekly",
        "link": "https://farm.example/corn",
        "text": "",  # (empty: the next name of the body is read)
    }
    (tmp_path / "np.jsonl").write_text(json.dumps(record) + "\n")
    [article] = read(tmp_path, "np.jsonl").articles
    assert (article.title, article.body, article.author, article.outlet, article.url, article.date) == (
        "Corn prices",
        "Corn prices fell on Tuesday.",
        "Ann Lee, Bo Chan",
        "Farm Weekly",
        "https://farm.example/corn",
        datetime(2024, 1, 2, 10, 0),
    )


@pytest.mark.parametrize(
    "record, expected",
    [
        (  # NewsAPI's articles
            {
                "source": {"id": None, "name": "BBC News"},
                "author": "Jo Bloggs",
                "title": "Grain prices",
                "url": "https://www.bbc.co.uk/news/business-1",
                "publishedAt": "2024-05-01T10:00:00Z",
                "content": "Grain prices rose.",
            },
            ("Grain prices", "Jo Bloggs", "BBC News", datetime(2024, 5, 1, 10, 0)),
        ),
        (  # schema.org's NewsArticle, as pages embed it
            {
                "headline": "Grain prices",
                "articleBody": "Grain prices rose.",
                "datePublished": "2024-05-01",
                "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chan"}],
            },
            ("Grain prices", "Ann Lee, Bo Chan", None, date(2024, 5, 1)),
        ),
        (  # a clipping's "source" is its address, not its outlet
            {"title": "Grain prices", "text": "Grain prices rose.", "source": "https://farm.example/a"},
            ("Grain prices", None, None, None),
        ),
    ],
)
def test_records_of_news_apis(tmp_path, record, expected):
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n")
    [article] = read(tmp_path, "feed.jsonl").articles
    outlet = article.outlet if article.origins.get("outlet") == "text" else None  # (not from the URL)
    assert (article.title, article.author, outlet, article.date) == expected


def test_csv_rows_are_articles(tmp_path):
    """A CSV file (a Kaggle news set here: an unnamed index column, a body over several lines)
    is an article a row; a row without text is reported by its number after the header."""
    (tmp_path / "news.csv").write_text(
        ",id,title,publication,author,date,url,content\n"
        '0,17283,House Republicans Fret,New York Times,Carl Hulse,2016-12-31,,"WASHINGTON — Republicans fear.\n\n'
        'They might win."\n'
        "1,17284,No text,New York Times,X,2017-06-19,,\n"
        '2,17285,"Rift, Between Officers",Breitbart,,2017-06-19,https://b.example/r,"After the bullets."\n'
    )
    result = read(tmp_path, "news.csv")
    assert [(a.id, a.source, a.title, a.outlet) for a in result.articles] == [
        ("17283", "news.csv#1", "House Republicans Fret", "New York Times"),
        ("17285", "news.csv#3", "Rift, Between Officers", "Breitbart"),
    ]
    assert result.articles[0].body == "WASHINGTON — Republicans fear.\n\nThey might win."
    assert result.articles[0].date == date(2016, 12, 31) and result.articles[0].author == "Carl Hulse"
    assert [(p.source, p.reason.split(" (")[0]) for p in result.problems] == [
        ("news.csv#2", "record has no text")
    ]


@pytest.mark.parametrize(
    "name, text",
    [
        ("semicolons.csv", "headline;published;content\nGrain exports;2024-03-05;Wheat exports rose.\n"),
        ("tabs.tsv", "title\tdate\tbody\nGrain exports\t2024-03-05\tWheat exports rose.\n"),
    ],
)
def test_csv_files_with_other_separators(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    [article] = read(tmp_path, name).articles
    assert (article.title, article.date, article.body) == (
        "Grain exports",
        date(2024, 3, 5),
        "Wheat exports rose.",
    )


def test_a_csv_file_without_article_text_is_refused_whole(tmp_path):
    (tmp_path / "scores.csv").write_text("name,score\nbob,3\nann,4\n")
    result = read(tmp_path, "scores.csv")
    assert not result.articles
    assert [(p.source, p.reason) for p in result.problems] == [
        (
            "scores.csv",
            "no column for the article's text (body, text, content, article, articlebody, maintext, full_text, lead_paragraph, abstract)",
        )
    ]


def test_catalog_overrides_text_and_url(tmp_path):
    page = "Headline here today\n\nMarch 4, 2024\n\nBy Jo Bloggs\n\nA paragraph of the article with several words.\n"
    page += "\nOriginal url:\n\n<https://www.theguardian.com/world/2024/03/04/story>\n"
    (tmp_path / "p.txt").write_text(page)
    [a] = read(tmp_path, "p.txt").articles
    assert (a.date, a.author, a.outlet) == (date(2024, 3, 4), "Jo Bloggs", "The Guardian")
    assert a.origins == {"url": "text", "date": "text", "title": "text", "author": "text", "outlet": "url"}
    [b] = read(tmp_path, "p.txt", {"outlet": "Guardian Weekly", "date": "2024-03-05 09:30"}).articles
    assert (b.outlet, b.date) == ("Guardian Weekly", datetime(2024, 3, 5, 9, 30))
    assert b.origins["outlet"] == b.origins["date"] == "catalog"


def test_date_from_url_when_the_text_has_none(tmp_path):
    (tmp_path / "p.txt").write_text(ARTICLE + "\nhttps://unknown-news.example/2023/11/30/some-story\n")
    [a] = read(tmp_path, "p.txt").articles
    assert (a.date, a.outlet) == (date(2023, 11, 30), "unknown-news.example")
    assert a.origins["date"] == a.origins["outlet"] == "url"


def test_bad_catalog_date_is_reported_not_invented(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = read(tmp_path, "a.txt", {"date": "someday"})
    assert result.articles[0].date is None
    assert result.problems[0].reason == "catalog date 'someday' is not a date; ignored"


def test_html_page(tmp_path):
    html = """<html><head><title>Big news - The Daily</title>
    <meta property="og:site_name" content="The Daily"><meta name="author" content="Jane Roe">
    <meta property="article:published_time" content="2025-02-03T10:00:00Z"></head>
    <body><nav>Home Sport Weather</nav><article><h1>Big news</h1>
    <p>This is the first paragraph of the article with enough words to count as text.</p>
    <p>Second paragraph <script>alert(1)</script> follows here with more words for a body.</p>
    </article><footer>Copyright The Daily</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    [a] = read(tmp_path, "page.html").articles
    assert (a.title, a.author, a.outlet, a.date) == ("Big news", "Jane Roe", "The Daily", date(2025, 2, 3))
    assert "first paragraph" in a.body and "Second paragraph" in a.body
    assert "alert" not in a.body and "Weather" not in a.body


def test_a_page_without_a_date_is_not_dated_by_a_year_in_its_text(tmp_path):
    """trafilatura's extensive date search read "in 1999" as the page's date, 1999-01-01; a date
    the page prints as one is still found."""
    article = (
        "<article><h1>Floods in the old town</h1><p>The water rose faster than in 1999, when the "
        "last great flood closed the station for a week, and the army moved residents out.</p></article>"
    )
    (tmp_path / "undated.html").write_text(
        f"<html><head><title>Floods</title></head><body>{article}</body></html>"
    )
    dated = f'<html><body><div class="byline">By Anna Keller, 3 February 2025</div>{article}</body></html>'
    (tmp_path / "dated.html").write_text(dated)
    assert read(tmp_path, "undated.html").articles[0].date is None
    assert read(tmp_path, "dated.html").articles[0].date == date(2025, 2, 3)


OBSIDIAN_CLIPPING = """---
title: "Fed holds rates steady: what it means"
source: "https://www.example-news.com/2025/03/19/fed-holds-rates"
author:
  - "[[Jane Roe]]"
  - "[[John Doe]]"
published: 2025-03-19T18:30:00-04:00
created: 2025-03-21
tags:
  - "clippings"
---
![Jerome Powell speaks](https://img.example.com/powell.jpg)

The Federal Reserve held interest rates steady on Wednesday, as [officials](https://example.com/fed) signalled caution.

## Why it matters

Markets had expected **two cuts** this year.
"""


def test_markdown_clipping(tmp_path):
    """A web clipper's Markdown file: its front matter gives the metadata, its Markdown is text."""
    (tmp_path / "fed.md").write_text(OBSIDIAN_CLIPPING)
    [a] = read(tmp_path, "fed.md").articles
    assert (a.title, a.author, a.date, a.url, a.outlet) == (
        "Fed holds rates steady: what it means",
        "Jane Roe, John Doe",
        datetime(2025, 3, 19, 22, 30),  # published, in UTC; not "created", the day it was clipped
        "https://www.example-news.com/2025/03/19/fed-holds-rates",
        "example-news.com",
    )
    assert "as officials signalled caution." in a.body and "Markets had expected two cuts" in a.body
    for furniture in ("---", "clippings", "https://", "[[", "**", "##", "2025-03-21"):
        assert furniture not in a.body, furniture


def test_a_markdown_clipping_is_searched_end_to_end(tmp_path):
    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "fed.md").write_text(OBSIDIAN_CLIPPING)
    build_index(seeds, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    query = {"q": "federal reserve caution", "from": "2025-03-19", "to": "2025-03-19"}
    [hit] = client.get("/api/search", query_string=query).get_json()["results"]
    assert (hit["title"], hit["author"], hit["source"]) == (
        "Fed holds rates steady: what it means",
        "Jane Roe, John Doe",
        "fed.md",
    )


def test_brackets_that_open_no_link_do_not_stall_a_rebuild(tmp_path):
    """A line of brackets that never close a Markdown link (`[[[...](](`), or of addresses never
    closed (`<http://a<http://a`), or an Obsidian [[link]] in front matter, is read at once, and
    the rest index: the link patterns had tried each opening against the rest of the line, some
    40 s for 60,000 brackets, 5 s for 4,000 addresses, 55 s for 100,000 "[" in front matter, and
    quadratic beyond (the rebuild runs in a process of its own, given a minute where it takes
    about a second). A link inside brackets is left as written."""
    import subprocess
    import sys

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "brackets.md").write_text("Brackets\n\n" + "[" * 150_000 + "](" * 30_000 + "\n")
    (seeds / "addresses.txt").write_text("Addresses\n\nSee " + "<http://a" * 20_000 + "\n")
    (seeds / "wikilinks.md").write_text(
        f"---\nauthor: Jane {'[' * 150_000}\n---\n\nA clipping with an odd author.\n"
    )
    (seeds / "note.md").write_text(
        "Note on the links\n\nSee [a [nested] link](https://x.example) or [this](https://y.example).\n"
    )
    command = [
        sys.executable,
        "-m",
        "searchapp.index",
        "--seeds",
        str(seeds),
        "--index",
        str(tmp_path / "ix"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    [note] = read(seeds, "note.md").articles
    assert note.body == "See [a [nested] link](https://x.example) or this."


@pytest.mark.parametrize(
    "text",
    [
        "# Plain headline of a note\n\nThe first paragraph of the note has enough words in it to count.\n",
        "---\ntitle: [unclosed\n---\nThe first paragraph of the note has enough words in it to count.\n",
    ],
)
def test_markdown_without_usable_front_matter_reads_as_text(tmp_path, text):
    (tmp_path / "note.md").write_text(text)
    [a] = read(tmp_path, "note.md").articles
    assert "The first paragraph of the note" in a.body


def test_a_page_printed_to_pdf(tmp_path):
    """A page that Chromium printed to PDF over three pages (tests/data/printed.pdf, made by
    printing a page with its header and footer): the headline, byline, date and the printed URL;
    paragraphs whole, across page breaks; the browser's header and footer and the menu gone."""
    import shutil

    shutil.copy(Path(__file__).parent / "data" / "printed.pdf", tmp_path / "printed.pdf")
    result = read(tmp_path, "printed.pdf")
    assert not result.problems
    [article] = result.articles
    assert (article.title, article.author, article.date, article.url) == (
        "Wheat exports hit record as Argentina ships more grain",
        "Maria Lopez",
        date(2024, 3, 5),
        "https://www.farmweekly.example/markets/2024/03/05/wheat-exports-record",
    )
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 41 and paragraphs[0].startswith("BUENOS AIRES — Argentina's wheat exports")
    assert all(
        p.startswith(f"Paragraph {n} of") and p.endswith("week running.")
        for n, p in enumerate(paragraphs[1:40], 1)
    )
    assert not any(mark in article.body for mark in ("Home |", " AM ", "/3", "©"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, 43_000), st.integers(0, 255)), min_size=1, max_size=20), st.booleans()
)
def test_a_damaged_pdf_is_reported_never_raised(tmp_path, damage, cut):
    """Bytes of the printed PDF changed (and the file cut short): read, or reported by name."""
    data = bytearray((Path(__file__).parent / "data" / "printed.pdf").read_bytes())
    for at, value in damage:
        data[at % len(data)] = value
    (tmp_path / "damaged.pdf").write_bytes(bytes(data[: len(data) // 2] if cut else data))
    result = read(tmp_path, "damaged.pdf")
    assert result.articles or [p.source for p in result.problems] == ["damaged.pdf"]


def test_an_unreadable_url_in_a_page_is_no_url(tmp_path):
    """ "http://[" (an unfinished IPv6 host) made reading the page raise, stopping the rebuild."""
    (tmp_path / "a.txt").write_text("Headline of a test story\n\nhttp://[broken/2025/02/03/x\n\n" + ARTICLE)
    [article] = read(tmp_path, "a.txt").articles
    assert article.date is None and article.outlet is None


@pytest.mark.parametrize(
    "line, printed",
    [
        ("11/24/26, 7:33 AM Wheat exports hit record | Farm Weekly", True),  # Chromium, above
        ("https://www.farmweekly.example/markets/wheat 1/3", True),  # and below
        ("Wheat exports hit record | Farm Weekly https://www.farmweekly.example/markets/wheat", True),
        ("Page 1 of 3 24/11/2026, 07:33", True),  # Firefox
        ("Wheat exports hit rec...", True),  # a title cut short
        ("Wheat exports hit record", False),  # the headline itself
        ("March 5, 2024", False),
        ("Prices rose on 3 of 4 days, traders said.", False),
    ],
)
def test_what_a_browser_prints_around_a_page_is_recognised(line, printed):
    from searchapp.pdf import _printed

    assert _printed(line, "Wheat exports hit record | Farm Weekly") is printed


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda: b"%PDF-1.4 this is not really a PDF", "not a readable PDF"),
        ("blank", "no text in the PDF (a scan needs OCR first)"),
    ],
)
def test_unreadable_pdfs_are_reported(tmp_path, make, reason):
    import io

    from pypdf import PdfWriter

    if make == "blank":
        writer, out = PdfWriter(), io.BytesIO()
        writer.add_blank_page(width=595, height=842)
        writer.write(out)
        data = out.getvalue()
    else:
        data = make()
    (tmp_path / "scan.pdf").write_bytes(data)
    result = read(tmp_path, "scan.pdf")
    assert not result.articles and [p.reason.split(":")[0] for p in result.problems] == [reason.split(":")[0]]


def test_discover_skips_and_reports(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text("{}\n")
    (tmp_path / "slides.pptx").write_bytes(b"PK")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "catalog.csv").write_text("file,outlet\n")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    outside = tmp_path.parent / "outside.txt"
    outside.write_text(ARTICLE)
    (tmp_path / "out.txt").symlink_to(outside)
    (tmp_path / "in.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "page.html").write_text("<html></html>")  # saved "complete", with its assets beside it
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "page_files" / "frame.html").write_text("<html></html>")
    (tmp_path / "other_files").mkdir()  # (no page of that name: searched)
    (tmp_path / "other_files" / "c.txt").write_text(ARTICLE)
    files, problems = discover(tmp_path)
    assert files == ["a.txt", "in.txt", "page.html", "other_files/c.txt", "sub/b.jsonl"]
    assert {p.source: p.reason for p in problems} == {
        "loop.txt": "broken or looping symbolic link",
        "slides.pptx": "unsupported file type '.pptx'",
        "out.txt": "symbolic link points outside the seeds folder",
    }


def test_a_page_without_a_headline_keeps_all_its_paragraphs(tmp_path):
    text = "The first paragraph starts right away without any headline at all.\n\nA subheading line\n\nMore text follows.\n"
    (tmp_path / "a.txt").write_text(text)
    [a] = read(tmp_path, "a.txt").articles
    assert a.title == ""
    assert (
        a.body
        == "The first paragraph starts right away without any headline at all.\n\nA subheading line\n\nMore text follows."
    )


def test_a_date_missing_its_year_or_month_is_none_and_a_month_its_first_day(tmp_path):
    """A record's "May 2021" is May 1st; "March 3" or "2021" would be dated from today's date by
    dateutil (this year, this month): they are reported and the article indexed undated."""
    dates = ["May 2021", "Jan 2021", "January 5, 2021", "March 3", "2021", "5 January"]
    lines = [json.dumps({"id": str(n), "body": "Text.", "date": d}) for n, d in enumerate(dates)]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    result = read(tmp_path, "feed.jsonl")
    assert [a.date for a in result.articles] == [
        date(2021, 5, 1),
        date(2021, 1, 1),
        date(2021, 1, 5),
        None,
        None,
        None,
    ]
    assert [p.reason for p in result.problems] == [f"date {d!r} is not a date; ignored" for d in dates[3:]]


@pytest.mark.parametrize(
    "text",
    [
        "2025-02-03",
        "2025-02-03T15:52:00",
        "2025-02-03 15:52",
        "2025-02-03T15:52:00+01:00",
        "2025-02-03T23:30:00Z",
        "1987-02-26T15:01:01.790000",
        "3 Feb 2025 15:52 GMT",
        "Monday, February 3, 2025 at 9:45 am EST",
    ],
)
def test_iso_dates_parse_as_dateutil_does(text):
    """The standard library's ISO 8601 reader is a shortcut, not a second meaning."""
    from dateutil import parser as dateutil_parser

    from searchapp.metadata import _ZONES, parse_date

    expected = dateutil_parser.parse(text.replace(" at ", " "), tzinfos=_ZONES)
    if expected.tzinfo is not None:
        expected = expected.astimezone(UTC).replace(tzinfo=None)
    assert parse_date(text) == (expected if ":" in text else expected.date())


def test_a_word_documents_paragraphs_in_order_without_deleted_text():
    """docx_paragraphs(): runs joined, tabs and breaks kept, a text box's paragraph after the one
    holding it (not inside it), tracked deletions left out."""
    import io
    import zipfile

    from searchapp.documents import docx_paragraphs

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (
        f"<w:document {w}><w:body>"
        "<w:p><w:r><w:t>Head</w:t></w:r><w:r><w:t>line</w:t><w:br/><w:t>two</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Before</w:t><w:pict><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict><w:tab/><w:t>after</w:t></w:r>"
        "<w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>"
        "<w:p/></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", xml)
    assert docx_paragraphs(out.getvalue()) == ["Headline\ntwo", "Before\tafter", "Boxed"]


def test_an_opendocument_texts_paragraphs_in_order_without_deleted_text_or_comments():
    """odt_paragraphs(): text between spans and links joined, counted spaces, tabs and breaks
    kept; a text box's and a footnote's paragraphs after the one holding them, without the
    footnote's number; an image's description, comments and tracked deletions left out."""
    import io
    import zipfile

    from searchapp.documents import odt_paragraphs

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"'
    )
    xml = (
        f"<office:document-content {ns}><office:body><office:text>"
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        "<text:h>Head<text:span>line</text:span></text:h>"
        '<text:p>Port<text:s text:c="3"/>fees<text:tab/>rise<text:line-break/>'
        '<text:a xlink:href="https://x.example" xmlns:xlink="http://www.w3.org/1999/xlink">again</text:a>'
        "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A source.</text:p>"
        "</text:note-body></text:note>.</text:p>"
        "<text:p>Before <draw:frame><svg:desc>A photo</svg:desc><draw:text-box><text:p>Boxed</text:p>"
        "</draw:text-box></draw:frame>after<office:annotation><dc:creator>Ed</dc:creator>"
        "<text:p>Check this</text:p></office:annotation> the rain.</text:p>"
        '<text:p><text:s text:c="99999999"/></text:p>'
        "</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", xml)
    assert odt_paragraphs(out.getvalue()) == [
        "Headline",
        "Port   fees\trise\nagain.",
        "A source.",
        "Before after the rain.",
        "Boxed",
    ]


def test_a_reader_failing_on_a_file_loses_the_file_not_the_rebuild(tmp_path, monkeypatch):
    """A library failing on a file it cannot handle (here, the text-dump parser) is reported as
    that file's problem, naming the error, and the other files are still read."""
    from searchapp import readers

    (tmp_path / "a.txt").write_text(ARTICLE)

    def fail(text: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(readers, "parse_page", fail)
    result = read(tmp_path, "a.txt")
    assert result.articles == [] and [(p.source, p.reason) for p in result.problems] == [
        ("a.txt", "could not be read (RuntimeError: boom)")
    ]


def test_records_after_a_byte_order_mark_mid_file(tmp_path):
    """JSON Lines files joined with cat keep each one's byte order mark at its first line."""
    (tmp_path / "joined.jsonl").write_bytes(
        b'{"id": "x", "body": "Wheat."}\r\n\xef\xbb\xbf{"id": "y", "body": "Oil."}\n'
    )
    result = read(tmp_path, "joined.jsonl")
    assert [a.id for a in result.articles] == ["x", "y"] and result.problems == []


def test_front_matter_with_an_impossible_date_is_read_as_text(tmp_path):
    """YAML reads `published: 2025-13-45` as a date and fails (ValueError, not a YAMLError): the
    clipping is read as a text dump, front matter and all, rather than lost."""
    (tmp_path / "a.md").write_text(
        "---\ntitle: Wheat rises\npublished: 2025-13-45\n---\nWheat rose on Monday.\n"
    )
    [article] = read(tmp_path, "a.md").articles
    assert "Wheat rose on Monday." in article.body and article.date is None


def test_record_ids_that_no_url_could_hold_are_reported_and_unix_times_are_dates(tmp_path):
    """A record's own id must be printable and at most 256 characters, as the article API and
    page accept ids: a longer one had been indexed under a link that answered 400. A date given
    as a Unix time (seconds or milliseconds, as some datasets store it) is read as one."""
    records = [
        {"id": "x" * 300, "body": "Too long an id."},
        {"id": "rtl\u202eid", "body": "An unprintable id."},
        {"id": "a/b?c#d", "body": "A path-like id is fine.", "date": 1700000000},
        {"id": "ms", "body": "Milliseconds.", "date": "1700000000123"},
    ]
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    result = read(tmp_path, "r.jsonl")
    assert [p.source for p in result.problems] == ["r.jsonl#1", "r.jsonl#2"]
    assert all("not printable text of at most 256 characters" in p.reason for p in result.problems)
    assert [(a.id, a.date) for a in result.articles] == [
        ("a/b?c#d", datetime(2023, 11, 14, 22, 13, 20)),
        ("ms", datetime(2023, 11, 14, 22, 13, 20, 123000)),
    ]


def test_a_saved_page_is_read_in_the_charset_it_declares(tmp_path):
    """A Russian site's page saved in windows-1251 had read as cp1252 mojibake ("Íîâîñòè"); one
    that declares UTF-8 but is not falls back to the usual reading."""
    body = "Президент заявил сегодня о новых переговорах в Москве. " * 20
    page = f'<html><head><meta charset="windows-1251"><title>Новости дня</title></head><body><article><h1>Новости дня</h1><p>{body}</p></article></body></html>'
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    [article] = read(tmp_path, "ru.html").articles
    assert article.title == "Новости дня" and "Президент заявил" in article.body
    wrong = page.replace("windows-1251", "utf-8").replace(body, "Le café du coin a fermé ses portes. " * 20)
    (tmp_path / "fr.html").write_bytes(wrong.replace("Новости дня", "Café").encode("cp1252"))
    [article] = read(tmp_path, "fr.html").articles
    assert "Le café du coin" in article.body


def test_a_page_saved_by_internet_explorer_or_word_as_mht_is_read(tmp_path):
    """An .mht of Internet Explorer or Word: no Snapshot-Content-Location, the page's address in
    its part's Content-Location and its charset in its Content-Type, base64; one cut short is read
    as far as it goes."""
    import base64

    html = (
        "<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
        "<p>The city council passed the budget on Monday after a long debate about schools.</p>"
        "<p>Councillors from both parties said the café tax was the hardest question.</p>"
        "</article></body></html>"
    )
    mht = (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_000_0000_01DA1B2C.3D4E5F60"\r\n\r\n'
        "------=_NextPart_000_0000_01DA1B2C.3D4E5F60\r\n"
        'Content-Type: text/html; charset="windows-1252"\r\n'
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Location: https://citynews.example/2024/05/06/budget\r\n\r\n"
        + base64.encodebytes(html.encode("cp1252")).decode("ascii")
        + "------=_NextPart_000_0000_01DA1B2C.3D4E5F60--\r\n"
    )
    (tmp_path / "budget.mht").write_bytes(mht.encode("ascii"))
    [a] = read(tmp_path, "budget.mht").articles
    assert (a.title, a.url, a.date) == (
        "Budget passes",
        "https://citynews.example/2024/05/06/budget",
        date(2024, 5, 6),
    )
    assert "the café tax" in a.body
    encoded = base64.encodebytes(html.encode("cp1252")).decode("ascii")
    cut_short = encoded.rstrip()[:-2] + "\r\n"  # (not whole groups of four letters: strict base64 fails)
    (tmp_path / "cut.mht").write_text(mht.replace(encoded, cut_short))
    [cut] = read(tmp_path, "cut.mht").articles
    assert cut.title == "Budget passes" and "the café tax" in cut.body


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("text.mhtml", b"Just some text, not a saved page.", "not an MHTML file (no MIME headers)"),
        (
            "plain.mht",
            b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello",
            "no web page in the MHTML file",
        ),
        (
            "empty.mhtml",
            b'Content-Type: multipart/related; boundary="b"\n\n--b\nContent-Type: text/html\n\n\n--b--\n',
            "page is empty",
        ),
        (
            "list.webarchive",
            b'<?xml version="1.0"?><plist version="1.0"><array/></plist>',
            "not a Safari web archive",
        ),
        ("bits.webarchive", bytes(range(256)) * 4, "not a readable Safari web archive"),
    ],
)
def test_a_file_of_a_saved_page_kind_without_a_page_is_reported(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    [problem] = read(tmp_path, name).problems
    assert problem.source == name and reason in problem.reason


def test_a_web_archive_of_a_pdf_is_reported(tmp_path):
    import plistlib

    main = {"WebResourceData": b"%PDF-1.7", "WebResourceMIMEType": "application/pdf", "WebResourceURL": ""}
    (tmp_path / "report.webarchive").write_bytes(
        plistlib.dumps({"WebMainResource": main}, fmt=plistlib.FMT_BINARY)
    )
    [problem] = read(tmp_path, "report.webarchive").problems
    assert problem.reason == "the archived page is not HTML but application/pdf"


def test_a_saved_page_of_hostile_shape_is_read_in_bounded_time_and_memory(tmp_path):
    """Only an MHTML file's headers are parsed and its page's own body decoded, a header's parameters
    only when it is of a sane length: Python's email parser kept each of 40 million short lines
    of an image part as an object (past 3 GB), and took 4 s to read each multipart header of a
    quote left open before 60,000 semicolons (CPython gh-136063: quadratic). Each file is read
    here in a process limited to 3 GB and a minute (_read_apart), its page found after the rest."""
    page = (
        "--b\r\nContent-Type: text/html\r\n\r\n<html><head><title>Harbour reopens</title></head><body><article>"
        "<h1>Harbour reopens</h1><p>The harbour reopened on Monday after the storm, and the first "
        "ferries sailed at noon with their decks full of cars and lorries.</p></article></body></html>\r\n--b--\r\n"
    )
    top = 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
    nested = '--b\r\nContent-Type: multipart/mixed; s="' + ";" * 60_000 + "\r\n\r\nx\r\n"
    (tmp_path / "parameters.mhtml").write_text(top + nested * 30 + page)
    lines = "--b\r\nContent-Type: image/gif\r\n\r\n" + "a\n" * 40_000_000
    (tmp_path / "lines.mhtml").write_text(top + lines + page)
    read = _read_apart(tmp_path, ["parameters.mhtml", "lines.mhtml"])
    assert [([title for title, _ in articles], reasons) for articles, reasons in read] == [
        (["Harbour reopens"], []),
        (["Harbour reopens"], []),
    ]


def test_a_page_nested_in_parts_within_parts_is_found(tmp_path):
    """The page of an MHTML file or an email may sit in a multipart part of its own (an email's
    HTML in multipart/alternative within multipart/mixed): parts are looked into, depth first,
    8 deep; an email's From of hundreds of brackets (the email package's address parser recurses
    into each) is read as no sender."""
    page = (
        "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1><p>The "
        "harbour reopened on Monday after the storm, and the first ferries sailed at noon.</p></article></body></html>"
    )

    def nested(depth: int) -> str:
        opening = "".join(
            f'Content-Type: multipart/mixed; boundary="b{n}"\r\n\r\n--b{n}\r\n' for n in range(depth)
        )
        return (
            opening
            + f"Content-Type: text/html\r\n\r\n{page}\r\n"
            + "".join(f"--b{n}--\r\n" for n in reversed(range(depth)))
        )

    (tmp_path / "nested.mhtml").write_text(nested(3))
    (tmp_path / "nested.eml").write_text("From: " + "(" * 5000 + "\r\n" + nested(9))
    assert [a.title for a in read(tmp_path, "nested.mhtml").articles] == ["Harbour reopens"]
    assert [p.reason for p in read(tmp_path, "nested.eml").problems] == ["no text in the email"]  # (9 deep)
    (tmp_path / "nested.eml").write_text("From: " + "(" * 5000 + "\r\n" + nested(8))
    [article] = read(tmp_path, "nested.eml").articles
    assert (article.title, article.outlet) == ("Harbour reopens", None)
    (tmp_path / "nested.eml").write_bytes(b"Subject: =?utf-\xff?q?Harbour?=\r\n" + nested(1).encode())
    [article] = read(tmp_path, "nested.eml").articles  # (an encoded word in no charset: read as written)
    assert article.title == "=?utf-\ufffd?q?Harbour?="


def test_parts_without_headers_count_among_those_looked_at(tmp_path):
    """At most 1,000 parts are looked at for the page, those without headers too: 19 million
    empty parts (95 MB of delimiters) took 9 s when only parts with headers counted."""
    page = (
        "Content-Type: text/html\r\n\r\n<html><head><title>Harbour reopens</title></head><body><p>The harbour "
        "reopened on Monday after the storm, and the first ferries sailed at noon.</p></body></html>\r\n--b--\r\n"
    )
    for empty, found in ((999, ["Harbour reopens"]), (1000, [])):
        top = 'Content-Type: multipart/related; boundary="b"\r\n\r\n' + "--b\r\n\r\n" * empty
        (tmp_path / "empty.mhtml").write_text(f"{top}--b\r\n{page}")
        result = read(tmp_path, "empty.mhtml")
        assert [a.title for a in result.articles] == found
        assert [p.reason for p in result.problems] == ([] if found else ["no web page in the MHTML file"])


def test_an_encrypted_or_broken_pdf_is_reported_as_such(tmp_path):
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    (tmp_path / "locked.pdf").write_bytes(out.getvalue())
    (tmp_path / "cut.pdf").write_bytes(out.getvalue()[:40])
    assert [p.reason for p in read(tmp_path, "locked.pdf").problems] == ["an encrypted PDF"]
    assert [p.reason.split(":")[0] for p in read(tmp_path, "cut.pdf").problems] == ["not a readable PDF"]


def test_a_saved_page_past_its_sizes_is_refused(tmp_path):
    """A page saved as one file may hold 100 MB with its images, its page itself 20 MB, as an
    .html file may."""
    top = 'Content-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n'
    (tmp_path / "long.mhtml").write_text(top + "<p>word</p>\n" * 2_000_000 + "--b--\r\n")
    (tmp_path / "huge.webarchive").write_bytes(b"bplist00" + bytes(101 * 2**20))
    assert [p.reason for p in read(tmp_path, "long.mhtml").problems] == [
        "its page is larger than 20 MB: not a single article page"
    ]
    assert [p.reason for p in read(tmp_path, "huge.webarchive").problems] == [
        "larger than 100 MB: not a single article page"
    ]


@pytest.mark.parametrize("name", ["damaged.docx", "damaged.odt"])
def test_a_document_whose_compressed_text_is_damaged_is_reported_as_unreadable(tmp_path, name):
    from .conftest import docx, odt

    data = bytearray(docx(["Words " * 200]) if name.endswith(".docx") else odt(["Words " * 200]))
    member = b"word/document.xml" if name.endswith(".docx") else b"content.xml"
    start = data.index(member) + len(member)  # (the local header's name; the deflated text follows it)
    data[start + 10 : start + 30] = b"\xff" * 20
    (tmp_path / name).write_bytes(bytes(data))
    [problem] = read(tmp_path, name).problems
    kind = "Word document" if name.endswith(".docx") else "OpenDocument text"
    assert problem.reason.startswith(f"not a readable {kind} (Error -3 while decompressing data")


def test_xml_in_an_encoding_that_is_none_is_reported_as_unreadable(tmp_path):
    import io
    import zipfile

    (tmp_path / "notes.enex").write_bytes(b'<?xml version="1.0" encoding="UTy-8"?><en-export/>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", '<?xml version="1.0" encoding="UkF-8"?><w:document/>')
    (tmp_path / "memo.docx").write_bytes(out.getvalue())
    assert [p.reason for p in read(tmp_path, "notes.enex").problems] == [
        "not a readable Evernote export (unknown encoding: UTy-8)"
    ]
    assert [p.reason for p in read(tmp_path, "memo.docx").problems] == [
        "not a readable Word document (unknown encoding: UkF-8)"
    ]


def test_an_rtf_font_table_without_its_semicolons_is_read_at_once(tmp_path):
    """striprtf's pattern for the font table took time growing with the fourth power of its
    length where fonts lack their closing `;` (20 s for 100 such fonts, hours for the 400 here):
    the table is written again, each font's number and character set, before striprtf reads it;
    its text still decodes in each font's code page. A table that does not close is reported.
    (Read in a process of its own, given a minute: _read_apart.)"""
    fonts = r"{\f0\fswiss\fcharset0 Arial}" * 399 + r"{\f1\froman\fcharset204{\*\panose 02020603}Times Cyr}"
    body = r"\f1 \'cf\'ee\'f0\'f2 \'ee\'f2\'ea\'f0\'fb\'f2\par \f0 Caf\'e9 terrace\par "
    (tmp_path / "fonts.rtf").write_text(r"{\rtf1\ansi\ansicpg1252{\fonttbl" + fonts + "}" + body + "}")
    (tmp_path / "open.rtf").write_text(r"{\rtf1\ansi{\fonttbl{\f0\fswiss\fcharset0 Arial;}" + body)
    assert _read_apart(tmp_path, ["fonts.rtf", "open.rtf"]) == [
        ([("Порт открыт", "Café terrace")], []),
        ([], ["not a readable RTF file (its font table does not close)"]),
    ]


def test_a_feed_of_hostile_shapes_is_read_at_once(tmp_path):
    """A headline of a million "<a" (markup is taken out of headlines: a pattern reading on to
    the next ">" took minutes) and an author of 200,000 "a@" (RSS's "address (Name)") are read
    in well under a minute (_read_apart)."""
    description = "<description>Dockworkers went back to work after a strike over pay.</description>"
    items = [
        f"<item><title>{'&lt;a' * 1_000_000}</title>{description}</item>",
        f"<item><title>Strike ends</title><author>{'a@' * 200_000}</author>{description}</item>",
    ]
    (tmp_path / "hostile.rss").write_text(f"<rss><channel>{''.join(items)}</channel></rss>")
    [(articles, problems)] = _read_apart(tmp_path, ["hostile.rss"])
    assert [(title[:6], len(title)) for title, _ in articles] == [("<a<a<a", 2_000_000), ("Strike", 11)]
    assert problems == []


def test_a_feed_reads_no_file_and_expands_no_entities_it_declares(tmp_path):
    """An external entity (a file of the machine's) and a billion laughs are refused by the XML
    parser: the feed is reported, nothing of the file is read."""
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2 is the password")
    external = f'<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
    laughs = (
        '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefg", "bcdefgh", strict=True)
        )
        + "]>"
    )
    for name, dtd, entity in (("external.rss", external, "&x;"), ("laughs.rss", laughs, "&h;")):
        (tmp_path / name).write_text(
            f"<?xml version='1.0'?>{dtd}<rss><channel><item><title>{entity}</title>"
            "<description>The harbour reopened on Monday after the storm.</description></item></channel></rss>"
        )
    external_read, laughs_read = read(tmp_path, "external.rss"), read(tmp_path, "laughs.rss")
    assert (external_read.articles, laughs_read.articles) == ([], [])
    assert [p.reason.split(":")[0] for p in external_read.problems] == [
        "not a readable news feed (undefined entity &x;"
    ]
    assert [p.reason.split(" (")[0] for p in laughs_read.problems] == ["not a readable news feed"]


def test_newsapis_mark_on_a_cut_text_comes_off_at_once(tmp_path):
    """NewsAPI ends a text it cut with "… [+2345 chars]", which comes off; it is looked for at the
    text's end alone: a pattern with leading spaces took time quadratic in a run of them (2 s for
    40,000; a text of a million spaces, hours). (_read_apart: in a minute.)"""
    records = [
        {"title": "Cut", "content": "Dockworkers went back to work on Monday… [+2345 chars]"},
        {"title": "Spaces", "content": "Harbour" + " " * 1_000_000 + "fees [+12 chars]"},
        {"title": "Kept", "content": "A text that says [+3 chars] in its middle."},
    ]
    (tmp_path / "newsapi.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    [(articles, problems)] = _read_apart(tmp_path, ["newsapi.jsonl"])
    assert [(title, " ".join(body.split())) for title, body in articles] == [
        ("Cut", "Dockworkers went back to work on Monday…"),
        ("Spaces", "Harbour fees"),
        ("Kept", "A text that says [+3 chars] in its middle."),
    ]
    assert problems == []


def test_a_saved_fragment_of_html_is_read_as_a_page(tmp_path):
    """HTML without <html> or <body> (a clipping tool's, a simple email's) is read as a page;
    trafilatura had found no text in it. A page that leaves out only <body> keeps its head."""
    (tmp_path / "clip.html").write_text(
        "<h1>Harbour reopens</h1><p>The harbour reopened on Monday after the storm.</p>"
        "<p>The first ferries sailed at noon with their decks full.</p>"
    )
    [article] = read(tmp_path, "clip.html").articles
    assert (article.title, article.body) == (
        "Harbour reopens",
        "The harbour reopened on Monday after the storm.\n\nThe first ferries sailed at noon with their decks full.",
    )
    head = '<html><head><title>Harbour reopens</title><meta name="author" content="Ann Lee"></head>'
    (tmp_path / "bodiless.html").write_text(head + (tmp_path / "clip.html").read_text() + "</html>")
    [article] = read(tmp_path, "bodiless.html").articles  # (a page without <body>: its head still read)
    assert (article.title, article.author) == ("Harbour reopens", "Ann Lee")


def test_a_library_failing_on_one_item_or_message_loses_that_one_alone(tmp_path, monkeypatch):
    """A library error on one feed item or mailbox message is reported by its number, and the
    file's other items and messages are read (it had lost the rest of the file). (Each message
    is a fragment of HTML, without <html> or <body>: read as a page, which trafilatura did not.)"""
    import mailbox
    from email.message import EmailMessage

    from searchapp import readers

    read_html = readers._html_page

    def failing(html: str, *args: object) -> object:
        if "boom" in html:
            raise RuntimeError("boom")
        return read_html(html, *args)

    monkeypatch.setattr(readers, "_html_page", failing)
    story = "<p>The harbour board met on Monday about the {} and the fees for ships.</p>"
    items = "".join(
        f"<item><title>{w}</title><description>{story.format(w)}</description></item>"
        for w in ("ferry", "boom", "tugs")
    )
    (tmp_path / "harbour.rss").write_text(f"<rss><channel>{items}</channel></rss>")
    box = mailbox.mbox(tmp_path / "letters.mbox")
    for word in ("ferry", "boom", "tugs"):
        message = EmailMessage()
        message["Subject"] = word
        message.set_content(story.format(word), subtype="html")
        box.add(message)
    box.close()
    for name in ("harbour.rss", "letters.mbox"):
        result = read(tmp_path, name)
        assert [a.title for a in result.articles] == ["ferry", "tugs"]
        assert [(p.source, p.reason) for p in result.problems] == [
            (f"{name}#2", "could not be read (RuntimeError: boom)")
        ]


def _read_apart(folder: Path, names: list[str]) -> list[tuple[list[tuple[str, str]], list[str]]]:
    """Each file's articles (title, body) and problems, read in a process of its own limited to
    3 GB and a minute (run_apart)."""
    from .conftest import run_apart

    script = f"""
import json
from pathlib import Path
from searchapp.readers import read_file
results = [read_file(Path({str(folder)!r}), name, {{}}) for name in {names!r}]
print(json.dumps([[[[a.title, a.body] for a in r.articles], [p.reason for p in r.problems]] for r in results]))
"""
    return [([tuple(a) for a in articles], reasons) for articles, reasons in json.loads(run_apart(script))]


def test_broken_markup_in_a_factiva_export_or_a_records_html_is_read_at_once(tmp_path):
    """A million "<a" after a Factiva export's table, or in a record's HTML text, are read in
    well under a minute (_read_apart): the standard library's HTML parser took 32 s for 100,000
    (its time grows with their square); lxml's reads them at once."""
    table = "<table><tr><td>HD</td><td>Harbour strike ends</td></tr><tr><td>LP</td><td>{}</td></tr></table>"
    (tmp_path / "factiva.html").write_text(table.format("Dockworkers went back to work.") + "<a" * 1_000_000)
    record = {"title": "Strike ends", "text": "<p>Dockworkers went back to work.</p>" + "<a" * 1_000_000}
    (tmp_path / "records.jsonl").write_text(json.dumps(record) + "\n")
    factiva, records = _read_apart(tmp_path, ["factiva.html", "records.jsonl"])
    assert factiva == ([("Harbour strike ends", "Dockworkers went back to work.")], [])
    assert records == ([("Strike ends", "Dockworkers went back to work.")], [])


def test_a_web_archives_long_headers_are_read_at_once(tmp_path):
    """Four captured responses whose Content-Type holds a quote left open before 300,000
    semicolons are read in well under a minute (_read_apart): the email package reads a header's
    parameters in time quadratic in its length (8 s for 120,000; 22 s for the 200 KB of a
    response's headers read), and a web archive's headers are read as an MHTML file's parts are,
    a longer header as having none."""
    page = b"<html><body><article><p>Dockworkers went back to work on Monday after a strike over pay.</p></article></body></html>"
    block = b'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset="' + b";" * 300_000 + b"\r\n\r\n" + page
    record = (
        b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://harbour.example/strike\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(block)
    )
    (tmp_path / "crawl.warc").write_bytes((record + block + b"\r\n\r\n") * 4)
    [(articles, problems)] = _read_apart(tmp_path, ["crawl.warc"])
    assert [body for _, body in articles] == [
        "Dockworkers went back to work on Monday after a strike over pay."
    ] * 4
    assert problems == []
