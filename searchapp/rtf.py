"""The text of Rich Text Format files: the format Nexis Uni, Factiva and ProQuest offer for
downloading articles into a word processor, and Word's and TextEdit's "Save as RTF".

striprtf reads the control words (code pages, Unicode escapes, fonts' character sets) and
writes a paragraph a line and a table's row as its cells, each followed by `|`.
"""

from __future__ import annotations

import re

from striprtf.striprtf import rtf_to_text

_MAGIC = b"{\\rtf"
_FONT_TABLE = re.compile(r"{[^{}]*\\fonttbl")  # (as striprtf finds it: the first)
_BRACE = re.compile(r"[{}]")
_FONT = re.compile(r"\\f(\d+)")
_CHARSET = re.compile(r"\\fcharset(\d+)")


def text(data: bytes) -> str:
    """A file's text. ValueError, with the reason, for a file that is not RTF."""
    if not data.lstrip().startswith(_MAGIC):
        raise ValueError("not an RTF file (it does not begin with {\\rtf)")
    # RTF is 7-bit: other characters are escapes (\'e9, \u8217?), decoded by the declared code page.
    found = rtf_to_text(_with_plain_font_table(data.decode("latin-1")), errors="replace")
    # A character beyond the Basic Multilingual Plane comes as two \u escapes, a surrogate each.
    return found.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _with_plain_font_table(rtf: str) -> str:
    """The RTF with its font table written again as striprtf reads it fast: each font's number and
    character set (what decodes its text), ended by `;`. striprtf reads the table with a pattern
    whose time grows with the fourth power of the table's length where fonts lack that `;`: 20 s
    for 100 such fonts in 2.8 KB, minutes for a broken file's few KB. ValueError if the table does
    not close: the rest of the file would be inside it, and no text."""
    start = _FONT_TABLE.search(rtf)
    if start is None:
        return rtf
    depth = 1
    for brace in _BRACE.finditer(rtf, start.end()):
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            break
    else:
        raise ValueError("not a readable RTF file (its font table does not close)")
    table, fonts = rtf[start.start() : brace.end()], []
    numbers = list(_FONT.finditer(table))  # (where each font begins: its number)
    for number, following in zip(numbers, [*numbers[1:], None], strict=True):
        charset = _CHARSET.search(table, number.end(), following.start() if following else len(table))
        if charset:
            fonts.append(f"{{\\f{number[1]}\\fcharset{charset[1]} {number[1]};}}")
    return f"{rtf[: start.start()]}{{\\fonttbl{''.join(fonts)}}}{rtf[brace.end() :]}"
