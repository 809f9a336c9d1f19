"""Foreign reference formats in: one module per format, each ``read_<format>(data,
source)`` returning :class:`~mi_refs.importers.record.ImportedRecord` records and
problems. :func:`read_file` picks the reader by suffix, then by content;
:func:`stream_file` gives the records as they are read (:class:`Reading`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from mi_refs.bibtex.read import decode_bytes
from mi_refs.errors import UnknownFormatError, UnreadableFileError
from mi_refs.importers.bbt_json import read_bbt_json
from mi_refs.importers.csl_json import read_csl_json
from mi_refs.importers.endnote_xml import read_endnote_xml
from mi_refs.importers.nbib import iter_nbib
from mi_refs.importers.record import ImportedRecord
from mi_refs.importers.ris import iter_ris
from mi_refs.importers.word_fields import read_word_fields
from mi_refs.model import Problem

__all__ = [
    "FORMATS",
    "ImportedRecord",
    "Reading",
    "detect_format",
    "read_data",
    "read_file",
    "stream_data",
    "stream_file",
]

FORMATS = ("nbib", "ris", "csl-json", "endnote-xml", "bbt-json", "docx")
_SUFFIXES = {
    ".nbib": "nbib",
    ".medline": "nbib",
    ".ris": "ris",
    ".enw": "ris",
    ".xml": "endnote-xml",
    ".docx": "docx",
    ".docm": "docx",
}
_MAX_BYTES = 200 * 1024 * 1024

Reader = Callable[[str, str], tuple[list[ImportedRecord], list[Problem]]]
Streamer = Callable[[str, str, list[Problem]], Iterator[ImportedRecord]]


class Reading:
    """The records of one file as they are read: iterate it once. ``problems`` grows as
    the records are read and is complete once they all are; ``count`` is how many
    records were given so far; ``format`` is the format read.

    MEDLINE and RIS are read a record at a time as they are iterated (a 200,000-record
    file's records are never all held). The other formats are read whole first: a JSON
    or XML text that breaks after some records gives none of them (the parse error
    alone, as always), which only the end of the text tells."""

    def __init__(self, records: Iterable[ImportedRecord], problems: list[Problem], format: str):
        self._records = records
        self.problems = problems
        self.format = format
        self.count = 0

    def __iter__(self) -> Iterator[ImportedRecord]:
        records, self._records = self._records, ()  # given once
        if isinstance(records, list):
            records.reverse()
            while records:  # each record let go as it is given
                self.count += 1
                yield records.pop()
            return
        for record in records:
            self.count += 1
            yield record


def _text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    return decode_bytes(data)[0]


def detect_format(data: bytes, name: str = "") -> str | None:
    """The format of a file: by content first where the content is unambiguous (a zip
    package, JSON shapes, MEDLINE and RIS tags), then by suffix."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = Path(name).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"[", b"{")):
        sample = data[:65536].decode("utf-8", "replace")
        if '"itemType"' in sample and ('"items"' in sample or '"config"' in sample):
            return "bbt-json"
        return "csl-json"
    if head.startswith(b"<"):
        return "endnote-xml"
    text = head.decode("utf-8", "replace")
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0].startswith("PMID-"):
        return "nbib"
    if lines and lines[0][:2].isalpha() and lines[0][2:6] == "  - ":
        return "ris"
    if lines and lines[0].rstrip().startswith("TY  -"):
        return "ris"
    return _SUFFIXES.get(suffix) or ("csl-json" if suffix == ".json" else None)


def read_data(
    data: bytes, source: str, format: str | None = None
) -> tuple[list[ImportedRecord], list[Problem], str]:
    """Records and problems from the bytes of a file; ``format`` (one of
    :data:`FORMATS`) skips detection. Raises
    :class:`~mi_refs.errors.UnknownFormatError` when the format is unknown or cannot be
    told."""
    reading = stream_data(data, source, format)
    del data
    records = list(reading)
    return records, reading.problems, reading.format


def stream_data(data: bytes, source: str, format: str | None = None) -> Reading:
    """The records of the bytes of a file as they are read (see :class:`Reading`); the
    format is told, and a file without one refused, at once (see :func:`read_data`)."""
    chosen = format or detect_format(data, source)
    if chosen is None:
        raise UnknownFormatError(
            f"{source}: cannot tell the format (give --format: {', '.join(FORMATS)})"
        )
    if chosen not in FORMATS:
        raise UnknownFormatError(f"unknown import format {chosen!r} (known: {', '.join(FORMATS)})")
    if chosen == "docx":
        return Reading(*read_word_fields(data, source), chosen)
    if chosen == "endnote-xml":
        return Reading(*read_endnote_xml(data, source), chosen)
    text = [_text(data)]
    del data  # the file's bytes let go; the reader is handed the one reference to the text
    streamers: dict[str, Streamer] = {"nbib": iter_nbib, "ris": iter_ris}
    if chosen in streamers:
        problems: list[Problem] = []
        return Reading(streamers[chosen](text.pop(), source, problems), problems, chosen)
    readers: dict[str, Reader] = {"csl-json": read_csl_json, "bbt-json": read_bbt_json}
    return Reading(*readers[chosen](text.pop(), source), chosen)


def read_file(
    path: str | os.PathLike[str], format: str | None = None
) -> tuple[list[ImportedRecord], list[Problem], str]:
    """Records and problems from a file (see :func:`read_data`). Raises
    :class:`~mi_refs.errors.UnreadableFileError` when the file cannot be read."""
    target = Path(path)
    return read_data(_file_bytes(target), target.name, format)  # the bytes: read_data's only


def stream_file(path: str | os.PathLike[str], format: str | None = None) -> Reading:
    """The records of a file as they are read (see :func:`stream_data`); a file that
    cannot be read, or whose format cannot be told, is refused at once (see
    :func:`read_file`)."""
    target = Path(path)
    return stream_data(_file_bytes(target), target.name, format)


def _file_bytes(target: Path) -> bytes:
    try:
        if target.stat().st_size > _MAX_BYTES:
            raise UnreadableFileError(f"{target}: larger than {_MAX_BYTES // 2**20} MB")
        return target.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(f"{target}: {exc.strerror or exc}") from exc
