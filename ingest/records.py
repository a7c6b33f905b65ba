"""Plain records that every reader produces and the mapper consumes. No RDF here.

A reader fills what its source prints and leaves the rest None/empty; the mapper
never guesses. Strings are cleaned (no non-breaking spaces, no glued markers) by the
reader that knows its layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where in a source something was found, for messages users can act on."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        out = self.path
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


class ReadError(ValueError):
    """A source that cannot be ingested; says which file and where."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


@dataclass(frozen=True)
class Warning_:
    """Something a reader could read only partly; the document is still ingested."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: warning: {self.message}"


@dataclass(frozen=True)
class PersonName:
    family: str
    given: str | None = None

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}" if self.given else self.family


@dataclass(frozen=True)
class Affiliation:
    """One printed affiliation, split into its parts."""

    label: str | None  # the printed number ("1") linking authors to it
    organisation: str
    unit: str | None = None  # "Stem Cell Therapy Unit"; several units joined by ", "
    city: str | None = None
    country: str | None = None
    raw: str | None = None


@dataclass(frozen=True)
class Author:
    name: PersonName
    affiliations: tuple[str, ...] = ()  # Affiliation.label values, in printed order
    corresponding: bool = False
    email: str | None = None
    orcid: str | None = None


@dataclass(frozen=True)
class Grant:
    funder: str | None = None  # programme or agency as printed
    number: str | None = None
    year: int | None = None
    raw: str | None = None


@dataclass(frozen=True)
class Identifier:
    scheme: str  # datacite scheme local name: "doi", "pmid", "pmcid", "isbn", "url", "orcid"
    value: str


@dataclass(frozen=True)
class Work:
    """A bibliographic work as far as it is known: a cited work or an article's own."""

    title: str | None = None
    authors: tuple[PersonName, ...] = ()
    et_al: bool = False
    year: int | None = None
    date: str | None = None  # ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) when more than the year
    type: str = "journal-article"  # journal-article, book, chapter, thesis, web-page, other
    container: str | None = None  # journal or book title
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None  # or an article number such as e1886
    last_page: str | None = None
    publisher: str | None = None
    editors: tuple[PersonName, ...] = ()
    identifiers: tuple[Identifier, ...] = ()

    @property
    def pages(self) -> str | None:
        if self.first_page and self.last_page:
            return f"{self.first_page}-{self.last_page}"
        return self.first_page


@dataclass(frozen=True)
class Reference:
    """One entry of a reference list: the string as printed and what was read from it."""

    raw: str
    work: Work
    number: int | None = None  # the printed label, kept as is
    links: tuple[str, ...] = ()  # trailing link markers: "PubMed", "CrossRef", "Google Scholar"
    location: Location | None = None


@dataclass(frozen=True)
class Section:
    """A titled piece of prose other than the abstract: acknowledgements, COI statement."""

    kind: str  # "acknowledgements" | "conflict-of-interest" | "funding"
    title: str
    text: str


@dataclass(frozen=True)
class Article:
    """One document's main work with everything printed about it."""

    work: Work
    authors: tuple[Author, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    grants: tuple[Grant, ...] = ()
    sections: tuple[Section, ...] = ()
    copyright_holder: str | None = None
    copyright_year: int | None = None
    is_review: bool = False
    references: tuple[Reference, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class Document:
    """What a reader returns for one source file."""

    path: str
    format: str  # reader name, e.g. "springer-page"
    sha256: str
    articles: tuple[Article, ...]
    warnings: tuple[Warning_, ...] = field(default=())
