"""Extraction of each seed page: headline, metadata, furniture gone, article sentences kept."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from searchapp.metadata import read_catalog
from searchapp.readers import read_file

from .conftest import SEEDS

MT = "000_4b0f88ea541eeaf5.txt"
KI = "001_ae1d99627bbf23d1.txt"
LBC = "003_657b2bcb8b83fc8a.txt"


def article(name: str):
    result = read_file(SEEDS, name, read_catalog(SEEDS).get(name, {}))
    assert result.problems == []
    (only,) = result.articles
    return only


@pytest.mark.parametrize(
    "name, title, when, outlet, author, url",
    [
        (
            MT,
            "U.S. and Russia in ‘Serious’ Discussions About Ukraine War, Trump Says",
            date(2025, 2, 3),
            "The Moscow Times",
            None,
            "https://www.themoscowtimes.com/2025/02/03/us-and-russia-in-serious-discussions-about-ukraine-war-trump-says-a87837",
        ),
        (
            KI,
            "Trump says talks with Ukraine, Russia 'going pretty well,' media reports",
            date(2025, 2, 3),
            "The Kyiv Independent",
            "Olena Goncharova",
            "https://kyivindependent.com/trump-says-talks-with-ukraine-russia-going-pretty-well-media-reports/",
        ),
        (
            LBC,
            "Trump's Russia-Ukraine plan explained: How the US President intends to end the war",
            datetime(2025, 2, 10, 15, 52),
            "LBC",
            "Will Conroy",
            "https://www.lbc.co.uk/news/trumps-russia-ukraine-plan-explained-how-the-us-president-intends-to-end-the-war/",
        ),
    ],
)
def test_seed_metadata(name, title, when, outlet, author, url):
    a = article(name)
    assert (a.title, a.date, a.outlet, a.author, a.url) == (title, when, outlet, author, url)
    assert a.source == name


def test_metadata_origins_follow_precedence():
    assert article(MT).origins == {"url": "text", "date": "text", "title": "text", "outlet": "catalog"}
    assert article(KI).origins["date"] == "catalog"
    assert article(KI).origins["author"] == "text"
    assert article(LBC).origins["date"] == "catalog"


FURNITURE = {
    MT: ["Jacquelyn Martin", "Related article", "Original url", "Give a Little", "](#)", "**"],
    KI: [
        "News Feed",
        "2 min read",
        "Getty Images",
        "Smith Family Farm",
        "Head of North America desk",
        "Alfred Friendly",
        "Read more",
        "Azov Brigade",
        "Show More",
        "Truth Social",
        "Avatar",
    ],
    LBC: [
        "Listen to this article",
        "Loading audio",
        "Picture: Alamy",
        "By Will Conroy",
        "Read more",
        "More Latest News",
        "Kanye",
        "nuggets",
        "Piccadilly",
        "Royal News",
        "Invictus",
        "15:52",
    ],
}

SENTENCES = {
    MT: [
        "U.S. President Donald Trump said Sunday that members of his administration are already in talks"
        " with Russian authorities about ending Moscow’s war on Ukraine.",
        "“We are having very serious discussions about that war. We’re trying to get it ended,” the U.S."
        " president said.",
        "Earlier, Trump's Ukraine envoy Keith Kellogg told Fox News that both Kyiv and Moscow would need to"
        " make concessions in talks to end the war.",
        "Putin said last month that he was ready to meet with Trump to discuss the war in Ukraine, as well as"
        ' other "areas of interest to both the U.S. and Russia."',
    ],
    KI: [
        "U.S. President Donald Trump said that discussions involving Ukraine and Russia are making progress,"
        " though he provided few details.",
        "Zelensky has repeatedly ruled out any deal that would involve ceding territory to Russia,",
        "Kellogg noted that the previous administration provided $174 billion in assistance,",
        'On Jan. 31, Kellogg claimed the former president had a "solid" strategy to end the war within months.',
    ],
    LBC: [
        "Donald Trump has said he is working on a plan to broker a deal to bring an end to the ongoing"
        " conflict between Russia and Ukraine.",
        "What is Trump’s plan?",
        "Kremlin spokesperson Dmitry Peskov told the Tass state news agency he was unaware of any such call.",
        "He stressed Ukraine's need for security guarantees from its allies as part of any settlement.",
        "Zelenskyy also told Trump \"let's do a deal\", offering the US a partnership over Ukraine's stores of"
        " rare earth and minerals.",
        'In an interview with Reuters on Friday, Zelenskyy said: "If we are talking about a deal, then'
        " let's do a deal, we are only for it.\"",
    ],
}


@pytest.mark.parametrize("name", [MT, KI, LBC])
def test_furniture_is_gone(name):
    a = article(name)
    for text in FURNITURE[name]:
        assert text not in a.body, text


@pytest.mark.parametrize("name", [MT, KI, LBC])
def test_article_sentences_are_kept(name):
    body = article(name).body
    for sentence in SENTENCES[name]:
        assert sentence in body, sentence


def test_every_paragraph_of_the_lbc_article_is_kept():
    """Every line between the byline and the tail that is not a caption or a link stays."""
    raw = (SEEDS / LBC).read_text(encoding="utf-8").splitlines()
    start = raw.index("By Will Conroy") + 1
    end = raw.index("More Latest News")
    body = article(LBC).body
    for line in raw[start:end]:
        line = line.strip()
        if not line or "Picture: Alamy" in line or line.startswith(("Read more:", "Listen to", "Loading")):
            continue
        if any(other.startswith(line) and "Picture: Alamy" in other for other in raw):
            continue  # the caption's first copy
        assert line in body, line


# Dumps laid out as three more sites lay out their pages: navigation before the headline, a byline
# without "By" (a name and a role), a dateline after the lede, photo credits and a tail of topics.
GUARDIAN_LIKE = """Skip to main content
The Guardian - Back to home
News
Opinion
Sport

Bank of England holds interest rates at 4.5% as inflation fears persist

Policymakers vote 6-3 to keep borrowing costs on hold, with three members backing a cut

Richard Partington Economics correspondent
Thu 19 Jun 2025 12.00 BST
Share

The Bank of England has held interest rates at 4.5% amid fears that inflation will rise further.

The Monetary Policy Committee voted 6-3 to leave the base rate unchanged, with three members backing a cut.

Explore more on these topics
Interest rates
Reuse this content
"""
AP_LIKE = """WASHINGTON (AP) — The Senate on Tuesday passed a $1.2 trillion spending package, averting a shutdown.

The 74-24 vote sends the bill to President Joe Biden, who is expected to sign it.

By LISA MASCARO and MARY CLARE JALONICK
Updated 10:14 PM EDT, March 23, 2024

Related coverage
Congress passes spending bill
"""
BBC_LIKE = """Ukraine war: Zelensky says talks with US 'productive'
2 hours ago
Share
Save
James Waterhouse
BBC Ukraine correspondent
Reporting from Kyiv
Getty Images
Volodymyr Zelensky has said talks with US officials in Saudi Arabia were productive.
Ukraine's president said his team had proposed a ceasefire in the air and at sea.
"""

REUTERS_LIKE = """Skip to main content
Exclusive news, data and analytics for financial market professionals
World
Business

Oil prices rise as OPEC+ weighs output pause
By Alex Lawler and Ahmad Ghaddar
March 3, 2025 10:42 AM GMT Updated 2 hours ago

LONDON, March 3 (Reuters) - Oil prices rose on Monday after sources said OPEC+ was considering a pause.

Brent crude futures were up 45 cents, or 0.6%, at $73.26 a barrel by 1040 GMT.

Reporting by Alex Lawler; Editing by Jan Harvey
Our Standards: The Thomson Reuters Trust Principles.
"""
CNN_LIKE = """CNN
—
Wall Street tumbles as tariff fears grip markets
By Matt Egan, CNN
4 minute read
Updated 4:15 PM EST, Mon March 10, 2025
Link Copied!
Stocks fell sharply on Monday as investors worried that tariffs could tip the economy into recession.
The Dow dropped nearly 900 points, or 2.1%, while the Nasdaq slid 4%.
CNN’s John Towfighi contributed to this report.
Related article
Markets are in turmoil
"""


@pytest.mark.parametrize(
    "raw, title, when, author, first, gone",
    [
        (
            GUARDIAN_LIKE,
            "Bank of England holds interest rates at 4.5% as inflation fears persist",
            datetime(2025, 6, 19, 11, 0),  # 12.00 BST, in UTC
            "Richard Partington",
            "Policymakers vote 6-3 to keep borrowing costs on hold, with three members backing a cut",
            ["Back to home", "News", "Opinion", "Share", "Economics correspondent", "BST", "Interest rates"],
        ),
        (
            AP_LIKE,
            None,  # the dump begins with the lede: no headline to take
            datetime(2024, 3, 24, 2, 14),
            "LISA MASCARO and MARY CLARE JALONICK",
            "WASHINGTON (AP) — The Senate on Tuesday passed a $1.2 trillion spending package, averting a shutdown.",
            ["By LISA", "Updated", "Related coverage", "Congress passes"],
        ),
        (
            BBC_LIKE,
            "Ukraine war: Zelensky says talks with US 'productive'",
            None,  # "2 hours ago": relative to a day the dump does not give
            "James Waterhouse",
            "Volodymyr Zelensky has said talks with US officials in Saudi Arabia were productive.",
            ["Save", "correspondent", "Reporting from", "Getty"],
        ),
        (
            REUTERS_LIKE,
            "Oil prices rise as OPEC+ weighs output pause",  # not the site's tagline above the menu
            datetime(2025, 3, 3, 10, 42),
            "Alex Lawler and Ahmad Ghaddar",
            "LONDON, March 3 (Reuters) - Oil prices rose on Monday after sources said OPEC+ was considering a pause.",
            ["Exclusive news", "World", "By Alex", "Updated", "Editing by", "Our Standards"],
        ),
        (
            CNN_LIKE,
            "Wall Street tumbles as tariff fears grip markets",
            datetime(2025, 3, 10, 21, 15),
            "Matt Egan",
            "Stocks fell sharply on Monday as investors worried that tariffs could tip the economy into recession.",
            ["minute read", "Link Copied", "contributed", "Related", "turmoil"],
        ),
    ],
)
def test_pages_laid_out_otherwise(raw, title, when, author, first, gone):
    from searchapp.clean import parse_page

    page = parse_page(raw)
    assert (page.title, page.date, page.author) == (title, when, author)
    assert page.body.split("\n\n")[0] == first
    for text in gone:
        assert text not in page.body, text


def test_a_page_laid_out_otherwise_is_found_by_its_date_and_shown_by_its_headline(tmp_path):
    """End to end: the Guardian-like dump's dateline filters and its headline and byline show."""
    from searchapp.app import create_app
    from searchapp.index import build_index

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "rates.txt").write_text(GUARDIAN_LIKE, encoding="utf-8")
    build_index(seeds, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    data = client.get("/api/search", query_string={"q": "interest rates date:2025-06-19"}).get_json()
    [hit] = data["results"]
    assert (hit["title"], hit["author"], hit["date"]) == (
        "Bank of England holds interest rates at 4.5% as inflation fears persist",
        "Richard Partington",
        "2025-06-19T11:00:00",
    )
