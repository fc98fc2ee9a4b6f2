"""Make tests/data/saved.mhtml: a news page as Chromium saves it as one file ("Webpage, Single
File": MHTML), with its stylesheet, photo and an embedded frame, by the DevTools call that Chrome's
own "Save as" makes.

    python tests/data/make_saved_page.py   (from the repository root; needs Chromium and Playwright)
"""

from __future__ import annotations

import base64
from pathlib import Path

from make_printed_pdf import FLAGS
from playwright.sync_api import sync_playwright

SITE = "https://www.alpenpost.example"
URL = f"{SITE}/2026/11/20/hochwasser-zuerich"
PAGE = f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Hochwasser in Zürich: Altstadt evakuiert | Alpenpost</title>
<meta property="og:site_name" content="Alpenpost"><meta name="author" content="Anna Keller">
<link rel="stylesheet" href="{SITE}/style.css"></head>
<body><nav>Startseite · Sport · Wetter · Abo</nav>
<article><h1>Hochwasser in Zürich: Altstadt evakuiert</h1>
<p>Die Dämme an der Limmat haben in der Nacht nachgegeben; die Armee brachte die Bewohner der
Altstadt vor Sonnenaufgang in Sicherheit.</p>
<img src="{SITE}/photo.png" alt="Überflutete Gasse">
<p>Die Besitzer der Cafés am Ufer sagten, das Wasser sei schneller gestiegen als 1999, beim letzten
großen Hochwasser, das den Bahnhof eine Woche lang schloss.</p>
<iframe src="{SITE}/anzeige.html"></iframe>
</article><footer>© Alpenpost</footer></body></html>"""
FILES = {
    f"{SITE}/style.css": ("text/css", b"body { font-family: serif } .stilwort { color: red }"),
    f"{SITE}/photo.png": (
        "image/png",
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        ),
    ),
    f"{SITE}/anzeige.html": ("text/html; charset=utf-8", b"<p>Rahmenwort: eine Anzeige</p>"),
    URL: ("text/html; charset=utf-8", PAGE.encode()),
}


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        for url, (kind, body) in FILES.items():
            page.route(url, lambda route, kind=kind, body=body: route.fulfill(content_type=kind, body=body))
        page.goto(URL, wait_until="networkidle")
        snapshot = page.context.new_cdp_session(page).send("Page.captureSnapshot", {"format": "mhtml"})
        (Path(__file__).parent / "saved.mhtml").write_bytes(snapshot["data"].encode("ascii"))
        browser.close()


if __name__ == "__main__":
    main()
