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
