"""Identity keys: what makes two descriptions the same entity.

IRIs are minted from these keys, so the same work met in two documents (the article of
one, a reference of another) is one node. A work is known by its DOI, else its PMID,
else title + year + first author's family name; a person by ORCID, else family name +
initials (a recorded decision, never applied across two different ORCIDs).
"""

from __future__ import annotations

import re

from crosstalk.iri import normalise
from ingest.records import PersonName, Work


def identifier(work: Work, scheme: str) -> str | None:
    return next((i.value for i in work.identifiers if i.scheme == scheme), None)


def normalise_doi(doi: str) -> str:
    doi = doi.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    return doi.lower()


def work_key(work: Work, fallback: str = "") -> tuple[str, ...]:
    doi = identifier(work, "doi")
    if doi:
        return ("doi", normalise_doi(doi))
    pmid = identifier(work, "pmid")
    if pmid:
        return ("pmid", pmid.strip())
    if work.title:
        first = work.authors[0].family if work.authors else ""
        return ("work", normalise(work.title), str(work.year or ""), normalise(first))
    return ("unparsed", fallback)


def initials(given: str | None) -> str:
    """'Javier G.' -> 'JG'; 'F. M.' -> 'FM'; 'Jean-Luc' -> 'JL'."""
    if not given:
        return ""
    return "".join(part[0] for part in re.findall(r"[^\W\d_]+", given)).upper()


def person_key(name: PersonName, orcid: str | None = None) -> tuple[str, ...]:
    if orcid:
        return ("orcid", orcid.strip().upper())
    return ("name", normalise(name.family), initials(name.given))


def journal_key(title: str) -> tuple[str, ...]:
    return ("journal", normalise(title))
