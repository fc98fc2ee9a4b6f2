"""Archives of article files (.zip, .tar, .tgz or .tar.gz): a database's download of many files
(Nexis Uni's, ProQuest's), a dataset's, the New York Times corpus's days. Each member is read as
the file it is (readers), named `archive.zip#folder/name.docx`; nothing is unpacked to disk.
Read with the standard library."""

from __future__ import annotations

import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

MAX_MEMBER_BYTES = 1 << 30  # a member is read whole, as a file is
MAX_UNPACKED_BYTES = 8 << 30  # all members together: where a zip bomb stops
# What reading an archive, or a member of one, can fail with: a compression the standard library
# lacks (Deflate64), a checksum, a cut or corrupt stream (gzip's and bz2's are OSErrors); a
# member's, a password too.
_ARCHIVE_ERRORS = (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, NotImplementedError, OSError)
_MEMBER_ERRORS = (RuntimeError, *_ARCHIVE_ERRORS)

Member = tuple[str, bytes | str | None]  # its name, and its bytes, or why not, or None if not wanted


def members(path: Path, kind: str, wanted: Callable[[str], bool]) -> Iterator[Member]:
    """Each member file of the archive, in its order: its name, and its bytes if `wanted` (its
    name), why it cannot be read, or None if not wanted (left packed). Folders, hidden files and
    macOS's `__MACOSX` copies are passed over. ValueError where the archive cannot be read, or
    stops being readable (after the members before), or unpacks to more than MAX_UNPACKED_BYTES."""
    unpacked, last = 0, ""
    read = _zip_members(path) if kind == ".zip" else _tar_members(path)
    try:
        for name, size, open_member in read:
            last = name
            if any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts):
                continue
            if not wanted(name):
                yield name, None
                continue
            if size > MAX_MEMBER_BYTES:
                yield name, f"larger than {MAX_MEMBER_BYTES >> 20} MB unpacked"
                continue
            try:
                with open_member() as member:
                    data = member.read(MAX_MEMBER_BYTES + 1)  # (not the size it claims: the size it is)
            except _MEMBER_ERRORS as e:
                yield name, f"cannot be unpacked ({e})"
                continue
            unpacked += len(data)
            if unpacked > MAX_UNPACKED_BYTES:
                raise ValueError(f"unpacks to more than {MAX_UNPACKED_BYTES >> 30} GB; read up to {name}")
            yield name, data if len(data) <= MAX_MEMBER_BYTES else f"larger than {MAX_MEMBER_BYTES >> 20} MB"
    except _ARCHIVE_ERRORS as e:
        raise ValueError(f"not a readable archive ({e})" + (f"; read up to {last}" if last else "")) from None


Listed = Iterator[tuple[str, int, Callable[[], IO[bytes]]]]  # a member's name, size and opener


def _zip_members(path: Path) -> Listed:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                yield info.filename, info.file_size, lambda info=info: archive.open(info)


def _tar_members(path: Path) -> Listed:
    with tarfile.open(path, mode="r:*") as archive:
        for info in archive:  # (read as the stream goes: a .tgz is not listed first)
            if info.isfile():
                yield info.name, info.size, lambda info=info: archive.extractfile(info)
