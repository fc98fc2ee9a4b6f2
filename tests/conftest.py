from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the repository's seeds folder."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index built once from the repository's seeds."""
    from searchapp.index import build_index

    index_dir = tmp_path_factory.mktemp("index")
    build_index(SEEDS, index_dir)
    return index_dir


MT, KI, LBC = "000_4b0f88ea541eeaf5.txt", "001_ae1d99627bbf23d1.txt", "003_657b2bcb8b83fc8a.txt"


@pytest.fixture(scope="session")
def app(seed_index: Path):
    from searchapp.app import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def docx(paragraphs: list[str]) -> bytes:
    """A Word document of the given paragraphs, with the parts Word writes to open it (a tab in a
    paragraph as <w:tab/>, its runs split as Word splits them)."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def run(text: str) -> str:
        half = len(text) // 2  # (Word splits a paragraph's text into runs anywhere)
        return "".join(
            f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
            for part in (text[:half], text[half:])
        )

    body = "".join(
        "<w:p>" + "<w:r><w:tab/></w:r>".join(run(part) for part in p.split("\t")) + "</w:p>"
        for p in paragraphs
    )
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return out.getvalue()


def rtf(paragraphs: list[str | tuple[str, str]]) -> bytes:
    """An RTF file as word processors and Factiva write one: a paragraph a `\\par`, a row of two
    cells (a pair: a field code and its value, whose lines are paragraphs) a table row;
    characters of code page 1252 as `\\'xx`, others as `\\uN?`, in Arial's font group."""

    def escaped(text: str) -> str:
        out = []
        for char in text:
            if char in "\\{}":
                out.append("\\" + char)
            elif ord(char) < 128:
                out.append(char)
            else:
                try:
                    out.append(f"\\'{char.encode('cp1252')[0]:02x}")
                except UnicodeEncodeError:
                    for unit in memoryview(char.encode("utf-16-le")).cast("H"):
                        out.append(f"\\u{unit - 65536 if unit > 32767 else unit}?")
        return "".join(out)

    body = []
    for p in paragraphs:
        if isinstance(p, tuple):
            code, value = p
            cell = "\\par ".join(escaped(line) for line in value.split("\n"))
            body.append(
                "{\\trowd\\trgaph108\\cellx1200\\cellx9000"
                f"\\pard\\intbl{{\\b {code}}}\\cell\\pard\\intbl {cell}\\cell\\row}}\n"
            )
        else:
            body.append(f"\\pard\\plain\\f0\\fs20 {escaped(p)}\\par\n")
    head = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}"
    head += "{\\colortbl;\\red0\\green0\\blue0;}{\\info{\\title Export}{\\author Factiva}}\n"
    return (head + "".join(body) + "}").encode("ascii")


def webarchive(html: bytes, charset: str, url: str) -> bytes:
    """A page as Safari saves it (.webarchive): a binary property list holding the page's bytes
    as the server sent them, their encoding and address, and its images."""
    import plistlib

    main = {
        "WebResourceData": html,
        "WebResourceFrameName": "",
        "WebResourceMIMEType": "text/html",
        "WebResourceTextEncodingName": charset,
        "WebResourceURL": url,
    }
    image = {
        "WebResourceData": b"\xff\xd8\xff\xe0 imageword",
        "WebResourceMIMEType": "image/jpeg",
        "WebResourceURL": "https://img.example.com/photo.jpg",
    }
    return plistlib.dumps({"WebMainResource": main, "WebSubresources": [image]}, fmt=plistlib.FMT_BINARY)


def enex(notes: list[dict[str, str]]) -> bytes:
    """An Evernote export of notes (title, content as ENML's inner XHTML, source-url, and an image
    attached to each), as Evernote writes one."""
    from xml.sax.saxutils import escape

    def note(n: dict[str, str]) -> str:
        attributes = f"<source-url>{escape(n['url'])}</source-url>" if n.get("url") else ""
        content = (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
            '<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">'
            f'<en-note><div>{n["content"]}</div><en-media hash="4f2a" type="image/png"/></en-note>'
        )
        return (
            f"<note><title>{escape(n['title'])}</title><created>20261120T081500Z</created>"
            f"<updated>20261120T081500Z</updated><tag>clippings</tag>"
            f"<note-attributes><author>me@example.com</author><source>web.clip7</source>{attributes}"
            f"<source-application>webclipper.evernote</source-application></note-attributes>"
            f"<content><![CDATA[{content}]]></content>"
            '<resource><data encoding="base64">aW1hZ2V3b3JkIGltYWdld29yZA==</data><mime>image/png</mime>'
            "<width>10</width><height>10</height></resource></note>"
        )

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export4.dtd">\n'
        '<en-export export-date="20261124T101010Z" application="Evernote" version="10.62.4">\n'
        + "\n".join(note(n) for n in notes)
        + "\n</en-export>\n"
    ).encode("utf-8")


def odt(paragraphs: list[str]) -> bytes:
    """An OpenDocument text of the given paragraphs, as LibreOffice writes one (the mimetype
    first, uncompressed; the text in content.xml, a paragraph's words in spans)."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = "".join(
        f'<text:p text:style-name="P1"><text:span text:style-name="T1">{escape(p)}</text:span></text:p>'
        for p in paragraphs
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        package.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.3">'
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>",
        )
    return out.getvalue()


def run_apart(script: str) -> str:
    """What `script` prints, run in a process of its own limited to 3 GB and a minute: a search or
    a reader that runs away fails its test, not the run."""
    import subprocess
    import sys

    limited = "import resource\nresource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n" + script
    done = subprocess.run([sys.executable, "-c", limited], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
