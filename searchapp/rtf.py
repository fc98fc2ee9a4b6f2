"""The text of Rich Text Format files: the format Nexis Uni, Factiva and ProQuest offer for
downloading articles into a word processor, and Word's and TextEdit's "Save as RTF".

striprtf reads the control words (code pages, Unicode escapes, fonts' character sets) and
writes a paragraph a line and a table's row as its cells, each followed by `|`.
"""

from __future__ import annotations

from striprtf.striprtf import rtf_to_text

_MAGIC = b"{\\rtf"


def text(data: bytes) -> str:
    """A file's text. ValueError, with the reason, for a file that is not RTF."""
    if not data.lstrip().startswith(_MAGIC):
        raise ValueError("not an RTF file (it does not begin with {\\rtf)")
    # RTF is 7-bit: other characters are escapes (\'e9, \u8217?), decoded by the declared code page.
    found = rtf_to_text(data.decode("latin-1"), errors="replace")
    # A character beyond the Basic Multilingual Plane comes as two \u escapes, a surrogate each.
    return found.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
