"""The readers, and which one reads a given text (by content, not by file name)."""

from __future__ import annotations

from typing import Protocol

from ingest import bibtex, crossref, csljson, jats, pubmed, ris, springer
from ingest.records import Article, Location, ReadError, Warning_


class Reader(Protocol):
    NAME: str

    def sniff(self, text: str) -> bool: ...

    def read(self, text: str, path: str) -> tuple[list[Article], list[Warning_]]: ...


READERS: tuple[Reader, ...] = (springer, jats, pubmed, crossref, csljson, bibtex, ris)  # type: ignore[assignment]


def detect(text: str, path: str) -> Reader:
    for reader in READERS:
        if reader.sniff(text):
            return reader
    names = ", ".join(r.NAME for r in READERS)
    raise ReadError(Location(path, 1), f"unrecognised format (known: {names})")
