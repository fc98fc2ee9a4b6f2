"""Make tests/data/printed.pdf: a three-page article printed by Chromium with its header and footer
(the date and title above, the URL and page number below), as a browser's "Save as PDF" does.

    python tests/data/make_printed_pdf.py   (from the repository root; needs Chromium and Playwright)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

URL = "https://www.farmweekly.example/markets/2024/03/05/wheat-exports-record"
PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the wheat story: exporters in Rosario loaded ships through the night as prices"
    f" held, traders said, and the ministry's figures showed shipments rising for a {n}th week running.</p>"
    for n in range(1, 40)
)
PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Wheat exports hit record as Argentina ships more grain | Farm Weekly</title></head>
<body><nav>Home | World | Business | Sport</nav>
<article><h1>Wheat exports hit record as Argentina ships more grain</h1>
<p>By Maria Lopez</p><p>March 5, 2024</p>
<p>BUENOS AIRES — Argentina's wheat exports reached a record in February as farmers sold the largest
harvest in a decade, shipping 2.5 million tonnes to Brazil, Indonesia and other buyers, the agriculture
ministry said on Tuesday.</p>
{PARAGRAPHS}
<p>Brazil remained the largest buyer, taking nearly half of the total, while shipments to Asia rose sharply.</p>
</article><footer>© 2024 Farm Weekly. All rights reserved.</footer></body></html>"""
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def print_pdf(name: str, load: Callable[[Page], object], header: str, footer: str) -> None:
    """Print the page `load` opens in Chromium to tests/data/`name`, with the header and footer
    templates given (Chromium's: its date, title, url, pageNumber and totalPages classes)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        load(page)
        page.pdf(
            path=str(Path(__file__).parent / name),
            display_header_footer=True,
            header_template=header,
            footer_template=footer,
            margin={"top": "40px", "bottom": "40px"},
        )
        browser.close()


def main() -> None:
    def load(page: Page) -> None:
        page.route(URL, lambda route: route.fulfill(content_type="text/html; charset=utf-8", body=PAGE))
        page.goto(URL)

    print_pdf(
        "printed.pdf",
        load,
        header='<div style="font-size:8px"><span class="date"></span> <span class="title"></span></div>',
        footer='<div style="font-size:8px"><span class="url"></span> '
        '<span class="pageNumber"></span>/<span class="totalPages"></span></div>',
    )


if __name__ == "__main__":
    main()
