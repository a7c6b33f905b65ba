"""Reader for RIS, the tagged format every reference manager exports.

    TY  - JOUR                       starts a record (JOUR, BOOK, CHAP, THES, ELEC, ...)
    AU  - Spaggiari, Grazia Maria    repeated tags keep their order
    ...
    ER  -                            ends it

A line that is not a tag continues the previous tag's value (exporters wrap long
abstracts). Which tag means what, where exporters disagree:

- title TI, else T1; container (journal) JF, else T2, JO, JA, J2, J1: full names before
  abbreviations. A chapter's container is its book, T2 (or BT); a book has none.
- authors AU and A1 ("Family, Given[, Suffix]"; a name without a comma is a collective
  author, or "Family AB" in Vancouver style); editors A2 and ED.
- year PY, else Y1, else DA ("2006///", "2006/01/15/"); the full date from the first that has one.
- pages SP and EP, or a range in SP; DO the DOI (a doi.org URL in UR is one too).
- AN is an accession number in the exporting database: a PMID only when DB/DP names
  PubMed or MEDLINE, or when it reads "PMID: 123"; C2 "PMC123" is a PMCID.
- KW repeated (a single KW holding "a; b" is split); AB, else N2, the abstract;
  PB publisher (a thesis's university); SN an ISBN only when it reads as one.
- AD addresses become affiliations, but RIS does not say whose, so no author is linked
  to them (and the mapper emits none): the alternative would be guessing.

Errors: a record with no ER is a ReadError naming the line where it started; a tag outside
a record too. A record without a title is skipped with a warning, unless it is the only one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.crossref import split_affiliation
from ingest.csljson import bare_doi, date_from_parts, split_keywords, split_pages
from ingest.records import Article, Author, Identifier, Location, PersonName, ReadError, Warning_, Work

__all__ = ["NAME", "sniff", "read", "Record", "parse", "ris_name", "record_article"]

NAME = "ris"

RIS_TYPES: dict[str, str] = {
    "JOUR": "journal-article", "JFULL": "journal-article", "EJOUR": "journal-article", "ABST": "journal-article",
    "INPR": "journal-article", "MGZN": "journal-article", "NEWS": "journal-article",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "CONF": "chapter", "CPAPER": "chapter",
    "THES": "thesis", "ELEC": "web-page", "WEB": "web-page", "BLOG": "web-page",
}
"""TY -> Work.type; anything else is "other"."""
JOURNAL_TAGS = ("JF", "T2", "JO", "JA", "J2", "J1")
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_RIS_DATE = re.compile(r"(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?")
_ISBN = re.compile(r"\b(97[89][\d-]{10,14}|\d[\d-]{8,11}[\dX])\b")


def sniff(text: str) -> bool:
    """A "TY  - XXXX" line, the first of a record; never JSON, XML or BibTeX."""
    head = text[:200_000].lstrip("\ufeff \t\r\n")
    return bool(head) and head[0] not in "{[<@" and bool(re.search(r"(?m)^TY  - ?[A-Z]", head))


# ------------------------------------------------------------------------- the parser


@dataclass
class Record:
    line: int  # where TY is, 1-based
    fields: list[tuple[str, str]] = field(default_factory=list)  # (tag, value) in file order

    def all(self, *tags: str) -> list[str]:
        return [v for t, v in self.fields if t in tags and v]

    def first(self, *tags: str) -> str | None:
        """The first non-empty value of the first tag (in preference order) that has one."""
        return next((vs[0] for tag in tags if (vs := self.all(tag))), None)


def parse(text: str, path: str) -> list[Record]:
    """Records in file order; ReadError for a record without ER or a tag outside any record."""
    records: list[Record] = []
    current: Record | None = None
    for number, line in _lines(text):
        m = _TAG.match(line)
        if m is None:
            if current is not None and current.fields and line.strip():
                tag, value = current.fields[-1]  # a wrapped value
                current.fields[-1] = (tag, f"{value} {line.strip()}".strip())
            continue  # text outside records (an exporter's header) is ignored
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            if current is not None:
                raise ReadError(Location(path, current.line), f"the record starting here has no ER before the "
                                                              f"next TY at line {number}")
            current = Record(number, [(tag, value)])
        elif current is None:
            raise ReadError(Location(path, number), f"{tag} outside a record: a record starts with 'TY  - '")
        elif tag == "ER":
            records.append(current)
            current = None
        else:
            current.fields.append((tag, value))
    if current is not None:
        raise ReadError(Location(path, current.line), "the record starting here has no ER before the end of the file")
    return records


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based number, line without its end); not splitlines(), which would split at U+2028."""
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")), start=1):
        yield number, line.rstrip()


# ------------------------------------------------------------------------- records -> articles


def read(text: str, path: str) -> tuple[list[Article], list[Warning_]]:
    """One Article per record with a title; untitled records are skipped with a warning."""
    records = parse(text, path)
    if not records:
        raise ReadError(Location(path, 1), "no RIS records (TY  - ... ER  -) found")
    articles: list[Article] = []
    warnings: list[Warning_] = []
    for record in records:
        if not record.first("TI", "T1"):
            if len(records) == 1:
                raise ReadError(Location(path, record.line), "the only record has no title (TI or T1)")
            warnings.append(Warning_(Location(path, record.line), "record without a title (TI or T1); skipped"))
            continue
        articles.append(record_article(record))
    return articles, warnings


def record_article(record: Record) -> Article:
    kind = RIS_TYPES.get(record.first("TY") or "", "other")
    authors = tuple(n for n in map(ris_name, record.all("AU", "A1")) if n.family)
    first, last = split_pages(record.first("SP"))
    year, date = _date(record)
    addresses = list(dict.fromkeys(record.all("AD")))
    work = Work(
        title=_fold(record.first("TI", "T1")),
        authors=authors,
        year=year,
        date=date,
        type=kind,
        container=_fold(_container(record, kind)),
        volume=record.first("VL"),
        issue=record.first("IS", "CP"),
        first_page=first,
        last_page=(record.first("EP") or last) if first else None,
        publisher=record.first("PB"),
        editors=tuple(n for n in map(ris_name, record.all("A2", "ED")) if n.family),
        identifiers=_identifiers(record, kind),
    )
    keywords = tuple(k for value in record.all("KW") for k in (split_keywords(value) if ";" in value else [value]))
    return Article(
        work=work,
        authors=tuple(Author(name) for name in authors),
        affiliations=tuple(split_affiliation(a, str(n)) for n, a in enumerate(addresses, start=1)),
        abstract=_fold(record.first("AB", "N2")),
        keywords=tuple(dict.fromkeys(keywords)),
        language=record.first("LA"),
    )


def _fold(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None


def _container(record: Record, kind: str) -> str | None:
    if kind == "chapter":
        return record.first("T2", "BT")
    if kind in ("book", "thesis"):
        return None
    return record.first(*JOURNAL_TAGS)


def ris_name(value: str) -> PersonName:
    """"Family, Given[, Suffix]"; "Family AB" (Vancouver); anything else is one collective name."""
    value = " ".join(value.split())
    if "," in value:
        family, given = (p.strip() for p in value.split(",")[:2])
        return PersonName(family, given or None)
    m = re.fullmatch(r"(.+?)\s+([A-Z]{1,3})", value)
    if m:
        return PersonName(m.group(1), m.group(2))
    return PersonName(value)


def _date(record: Record) -> tuple[int | None, str | None]:
    """Year from PY, Y1 or DA; the fullest date of those that agree with that year."""
    found = [date_from_parts([g for g in m.groups() if g]) for value in record.all("PY", "Y1", "DA")
             if (m := _RIS_DATE.match(value))]
    found = [f for f in found if f[0]]
    if not found:
        return None, None
    year = found[0][0]
    return year, next((d for y, d in found if y == year and d), None)


def _identifiers(record: Record, kind: str) -> tuple[Identifier, ...]:
    out: list[Identifier] = []
    urls = record.all("UR")
    doi = bare_doi(record.first("DO")) or next((d for u in urls if (d := bare_doi(u))), None)
    if doi:
        out.append(Identifier("doi", doi))
    if pmid := _pmid(record):
        out.append(Identifier("pmid", pmid))
    if (pmcid := re.search(r"\bPMC\d+\b", record.first("C2") or "")) is not None:
        out.append(Identifier("pmcid", pmcid.group(0)))
    if kind in ("book", "chapter") and (isbn := _ISBN.search(record.first("SN") or "")):
        out.append(Identifier("isbn", isbn.group(1)))
    if url := next((u for u in urls if not bare_doi(u)), None):
        out.append(Identifier("url", url))
    return tuple(out)


def _pmid(record: Record) -> str | None:
    an = record.first("AN") or ""
    if m := re.fullmatch(r"(?:PMID|pmid)\s*:?\s*(\d{1,9})", an):
        return m.group(1)
    database = " ".join(record.all("DB", "DP")).casefold()
    if an.isdigit() and ("pubmed" in database or "medline" in database):
        return an
    return None
