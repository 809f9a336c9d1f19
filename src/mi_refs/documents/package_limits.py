"""Limits a Word package must respect before anything in it is unpacked.

A .docx is a ZIP archive: a small file can declare parts of gigabytes (a 950 KB file
holding a 600 MB ``document.xml``), thousands of entries, or XML with a DOCTYPE whose
entities expand exponentially ("billion laughs"). :func:`check_package` reads only the
archive's directory (and the XML parts' bytes, each within its cap) and refuses such a
package with :class:`~mi_refs.errors.DocumentError`, before python-docx sees it.
"""

from __future__ import annotations

import io
import zipfile

from mi_refs.errors import DocumentError

__all__ = [
    "MAX_ENTRIES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "MAX_XML_PART_BYTES",
    "check_package",
]

MAX_ENTRIES = 5000  # a long letter with many images has a few hundred
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all parts unpacked
MAX_PART_BYTES = 256 * 1024 * 1024  # one part unpacked (a large image or video)
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # one XML part unpacked (a 1,000-page document.xml is ~20 MB)
MAX_RATIO = 100  # unpacked to packed size, for parts over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # small parts may compress as well as they like
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


def check_package(data: bytes, name: str) -> None:
    """Refuse a Word package that would unpack into too much, or whose XML declares a
    DTD (no OOXML part has one; entity expansion is how XML bombs work).

    Raises :class:`DocumentError` saying which limit and which part."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"{name}: not a Word document (.docx): {exc}") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise DocumentError(
                f"{name}: refused: {len(entries)} parts in the package (at most {MAX_ENTRIES})"
            )
        total = 0
        for entry in entries:
            total += entry.file_size
            cap = MAX_XML_PART_BYTES if entry.filename.endswith(_XML_SUFFIXES) else MAX_PART_BYTES
            if entry.file_size > cap:
                raise DocumentError(
                    f"{name}: refused: part {entry.filename} unpacks to {entry.file_size} bytes "
                    f"(at most {cap})"
                )
            if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise DocumentError(
                    f"{name}: refused: part {entry.filename} is compressed "
                    f"{entry.file_size // max(entry.compress_size, 1)} to 1 (a ZIP bomb?)"
                )
            if total > MAX_TOTAL_BYTES:
                raise DocumentError(
                    f"{name}: refused: the package unpacks to more than {MAX_TOTAL_BYTES} bytes"
                )
        for entry in entries:
            if entry.filename.endswith(_XML_SUFFIXES):
                _check_xml(archive, entry, name)


def _check_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> None:
    try:
        with archive.open(entry) as stream:
            text = stream.read(MAX_XML_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise DocumentError(f"{name}: part {entry.filename} cannot be read: {exc}") from exc
    if len(text) > MAX_XML_PART_BYTES:
        raise DocumentError(f"{name}: refused: part {entry.filename} is larger than it says")
    if any(marker in text for marker in _DTD_MARKERS):
        raise DocumentError(
            f"{name}: refused: part {entry.filename} declares a DTD or entities "
            "(Word never writes one; entity expansion is not allowed)"
        )
