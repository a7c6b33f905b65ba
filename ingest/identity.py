"""Identity keys: what makes two descriptions the same entity.

IRIs are minted from these keys, so the same work met in two documents (the article of
one, a reference of another) is one node. A work is known by its normalised title + year
+ first author's family name, else its DOI, else its PMID; a person by ORCID, else family
name + initials (recorded on the person as ct:identifiedBy, and never applied across two
different ORCIDs).
"""

from __future__ import annotations

import re

from crosstalk.iri import normalise
from ingest.records import PersonName, Work

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_LETTERS = re.compile(r"[^\W\d_]+")


def identifier(work: Work, scheme: str) -> str | None:
    return next((i.value for i in work.identifiers if i.scheme == scheme), None)


def normalise_doi(doi: str) -> str:
    return _DOI_PREFIX.sub("", doi.strip()).lower()


def work_key(work: Work, fallback: str = "") -> tuple[str, ...]:
    """Title + year + first author first: it is what every source prints, so a work cited
    without a DOI in one list and with one in another is still one node. DOI and PMID
    identify works whose title was not read (they are kept as identifiers either way)."""
    if work.title:
        first = work.authors[0].family if work.authors else ""
        return ("work", normalise(work.title), str(work.year or ""), normalise(first))
    doi = identifier(work, "doi")
    if doi:
        return ("doi", normalise_doi(doi))
    pmid = identifier(work, "pmid")
    if pmid:
        return ("pmid", pmid.strip())
    return ("unparsed", fallback)


def initials(given: str | None) -> str:
    """'Javier G.' -> 'JG'; 'F. M.' -> 'FM'; 'Jean-Luc' -> 'JL'; Vancouver 'PA' -> 'PA'."""
    if not given:
        return ""
    parts = _LETTERS.findall(given)
    return "".join(part if len(part) <= 4 and part.isupper() else part[0] for part in parts).upper()


def person_key(name: PersonName, orcid: str | None = None) -> tuple[str, ...]:
    if orcid:
        return ("orcid", orcid.strip().upper())
    return ("name", normalise(name.family), initials(name.given))


def journal_key(title: str) -> tuple[str, ...]:
    return ("journal", normalise(title))
