"""Make tests/data/nexis.pdf: a Nexis Uni download of three articles as a PDF, laid out as Nexis
Uni lays out its DOCX and PDF downloads (a cover page, then each article: headline, publication,
date line, copyright, tags, "Body", its paragraphs, the classification, "End of Document", on a
page of its own), printed by Chromium with a page number at the foot of each page.

    python tests/data/make_nexis_pdf.py   (from the repository root; needs Chromium and Playwright)
"""

from __future__ import annotations

from make_printed_pdf import print_pdf

ARTICLES = [
    (
        "Ports reopen after strike",
        "The Harbour Gazette",
        "March 3, 2021 Wednesday",
        "By Jo Marsh",
        [
            "Dockworkers returned to the cranes on Tuesday after a week-long strike over pay and night"
            " shifts, the union said, and the first ships were unloaded before noon.",
            "Shipping lines said the backlog of some forty vessels would clear within days.",
        ],
    ),
    (
        "Ferry fares frozen for the winter",
        "Island Courier",
        "March 5, 2021 Friday 10:15 AM EST",
        "By Ann Lee",
        ["The ferry operator froze its fares until April, after commuters protested at the quay."],
    ),
    (
        "Harbours after the strike",
        "Ports Monthly",
        "April 2021",
        None,
        ["A month on from the strike, the harbour is as busy as it has been in years."],
    ),
]


def html() -> str:
    cover = (
        "<p>User Name: Ann Analyst</p><p>Date and Time: November 20, 2026 9:15 AM EST</p>"
        "<p>Job Number: 123456</p><p><b>Documents (3)</b></p>"
        + "".join(
            f"<p>{n}. {title}</p><p>Client/Matter: -None-</p>" for n, (title, *_) in enumerate(ARTICLES, 1)
        )
    )
    documents = []
    for title, outlet, dateline, byline, paragraphs in ARTICLES:
        tags = "<p>Section: NEWS; Pg. 4</p><p>Length: 412 words</p>" + (
            f"<p>Byline: {byline}</p>" if byline else ""
        )
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        documents.append(
            f'<div style="page-break-before: always"><h2>{title}</h2><p>{outlet}</p><p>{dateline}</p>'
            f"<p>Copyright 2021 {outlet} All Rights Reserved</p>{tags}<h3>Body</h3>{body}"
            "<h3>Classification</h3><p>Language: ENGLISH</p><p>Load-Date: April 2, 2021</p>"
            '<p style="text-align: center">End of Document</p></div>'
        )
    style = "body { font-family: serif; font-size: 12pt } p { margin: 0 0 10pt }"
    return f"<!doctype html><html><head><style>{style}</style></head><body>{cover}{''.join(documents)}</body></html>"


def main() -> None:
    print_pdf(
        "nexis.pdf",
        lambda page: page.set_content(html()),
        header="<div></div>",
        footer='<div style="font-size:8px; width:100%; text-align:right">Page '
        '<span class="pageNumber"></span> of <span class="totalPages"></span></div>',
    )


if __name__ == "__main__":
    main()
