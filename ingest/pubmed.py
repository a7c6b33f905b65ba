"""Reader for PubMed/MEDLINE XML: E-utilities efetch output (PubmedArticleSet).

One Article per MedlineCitation, in file order:

    PubmedArticle
      MedlineCitation   PMID, Article (Journal, ArticleTitle, Pagination, ELocationID,
                        Abstract, AuthorList, Language, GrantList, PublicationTypeList),
                        KeywordList, MeshHeadingList
      PubmedData        ArticleIdList (doi, pmc), ReferenceList/Reference (Citation + ArticleIdList)

The year is the journal issue's (PubDate, or the first year of a MedlineDate such as
"2006 Jan-Feb"), because that is the year references print. MEDLINE abbreviates page
ranges ("1484-90"); both ends are given in full. PubMed prints free-text affiliations,
one AffiliationInfo each (several per author allowed); they are split by
`read_affiliation` and numbered in order of first appearance, which is the label the
authors point to. MeSH headings are not read: the records have no field for
indexer-assigned subjects, and adding them to keywords would credit the authors with
NLM's indexing (MeSH linking belongs with issue 7). Name suffixes ("Jr") are dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree

from ingest.records import (
    Affiliation,
    Article,
    Author,
    Grant,
    Identifier,
    PersonName,
    ReadError,
    Reference,
    Warning_,
    Work,
)
from ingest.refparse import parse_reference
from ingest.springer import ORG_WORDS, UNIT_WORDS
from ingest.text import COUNTRIES, fold_spaces
from ingest.xmltext import (
    child_text,
    expand_pages,
    location,
    normalise_orcid,
    parse,
    read_copyright,
    root_name,
    text_of,
)

__all__ = ["NAME", "sniff", "read", "read_citation", "read_pub_date", "read_affiliation"]

NAME = "pubmed-xml"
ROOTS = frozenset({"PubmedArticleSet", "PubmedArticle", "MedlineCitationSet", "MedlineCitation"})
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ID_SCHEMES = {"doi": "doi", "pubmed": "pmid", "pmid": "pmid", "pmc": "pmcid", "pmcid": "pmcid"}
REVIEW_TYPES = frozenset({"review", "systematic review", "scoping review"})
# MEDLINE's ISO 639-2 language codes, as the BCP 47 tags JATS files carry (xml:lang).
LANGUAGES = {"eng": "en", "fre": "fr", "ger": "de", "spa": "es", "ita": "it", "por": "pt", "dut": "nl",
             "jpn": "ja", "chi": "zh", "rus": "ru", "pol": "pl", "swe": "sv", "dan": "da", "nor": "no"}


def sniff(text: str) -> bool:
    """The first element is a PubMed or MEDLINE set or article, whatever the file is called."""
    return root_name(text) in ROOTS


def read(text: str, path: str) -> tuple[list[Article], list[Warning_]]:
    """Every citation of the file; ReadError when there is none or one has no title."""
    root = parse(text, path)
    if root.tag not in ROOTS:
        raise ReadError(location(path, root), f"root element <{root.tag}> is not a PubMed set or article")
    citations = [root] if root.tag == "MedlineCitation" else list(root.iter("MedlineCitation"))
    warnings = [Warning_(location(path, book), "PubmedBookArticle skipped: books are not read")
                for book in root.iter("PubmedBookArticle")]
    if not citations:
        raise ReadError(location(path, root), f"<{root.tag}> holds no MedlineCitation")
    articles: list[Article] = []
    for citation in citations:
        parent = citation.getparent()
        data = parent.find("PubmedData") if parent is not None and parent.tag == "PubmedArticle" else None
        article, found = read_citation(citation, data, path)
        articles.append(article)
        warnings += found
    return articles, warnings


def read_citation(citation: etree._Element, data: etree._Element | None,
                  path: str) -> tuple[Article, list[Warning_]]:
    """One MedlineCitation (with its PubmedData, when the file has it) -> Article."""
    pmid = child_text(citation, "PMID")
    art = citation.find("Article")
    title = _title(art)
    if title is None:
        where = art.find("ArticleTitle") if art is not None and art.find("ArticleTitle") is not None else citation
        raise ReadError(location(path, where), f"PMID {pmid or '(none)'}: no ArticleTitle")
    assert art is not None
    issue = art.find("Journal/JournalIssue")
    year, date = read_pub_date(issue.find("PubDate") if issue is not None else None)
    first, last = _pages(art)
    authors, affiliations = _authors(art)
    holder, copyright_year = read_copyright(child_text(art, "Abstract/CopyrightInformation"))
    work = Work(
        title=title,
        authors=tuple(a.name for a in authors),
        year=year,
        date=date,
        container=child_text(art, "Journal/Title") or child_text(citation, "MedlineJournalInfo/MedlineTA"),
        volume=child_text(issue, "Volume"),
        issue=child_text(issue, "Issue"),
        first_page=first,
        last_page=last,
        identifiers=_identifiers(pmid, art, data),
    )
    references, warnings = _references(data, path)
    language = child_text(art, "Language")
    article = Article(
        work=work,
        authors=authors,
        affiliations=affiliations,
        abstract=_abstract(art.find("Abstract")),
        keywords=_keywords(citation),
        grants=tuple(_grant(g) for g in art.iterfind("GrantList/Grant")),
        copyright_holder=holder,
        copyright_year=copyright_year,
        is_review=any((text_of(t) or "").casefold() in REVIEW_TYPES
                      for t in art.iterfind("PublicationTypeList/PublicationType")),
        references=references,
        language=LANGUAGES.get(language, language) if language else None,
    )
    return article, warnings


def _title(art: etree._Element | None) -> str | None:
    """ArticleTitle without NLM's closing full stop and translation brackets ("[...]." )."""
    if art is None:
        return None
    for path in ("ArticleTitle", "VernacularTitle"):
        title = child_text(art, path)
        if title and title.casefold() not in ("[not available].", "not available"):
            if title.startswith("[") and title.endswith(("].", "]")):
                title = title.rstrip(".")[1:-1]
            return title[:-1] if title.endswith(".") and not title.endswith("..") else title
    return None


# ------------------------------------------------------------------------- place in the journal


def read_pub_date(pub_date: etree._Element | None) -> tuple[int | None, str | None]:
    """(year, ISO date when more than the year) from Year/Month/Day or a MedlineDate.

    A MedlineDate ("2006 Jan-Feb", "1998 Dec-1999 Jan", "2000 Spring") gives its first
    year only: a range or a season is no ISO date.
    """
    if pub_date is None:
        return None, None
    if medline := child_text(pub_date, "MedlineDate"):
        m = re.search(r"\b(1[89]\d\d|20\d\d)\b", medline)
        return (int(m.group(1)), None) if m else (None, None)
    year_text = child_text(pub_date, "Year") or ""
    if not year_text.isdigit():
        return None, None
    year = int(year_text)
    month = _month(child_text(pub_date, "Month"))
    if month is None:
        return year, None
    day = child_text(pub_date, "Day")
    if day and day.isdigit() and 1 <= int(day) <= 31:
        return year, f"{year:04d}-{month:02d}-{int(day):02d}"
    return year, f"{year:04d}-{month:02d}"


def _month(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    key = text[:3].casefold()
    return MONTHS.index(key) + 1 if key in MONTHS else None


def _pages(art: etree._Element) -> tuple[str | None, str | None]:
    """MedlinePgn, else StartPage/EndPage, else an article number printed as an e-location."""
    if pgn := child_text(art, "Pagination/MedlinePgn"):
        return expand_pages(pgn)
    if start := child_text(art, "Pagination/StartPage"):
        return start, child_text(art, "Pagination/EndPage")
    for eloc in art.iterfind("ELocationID"):
        value = text_of(eloc) or ""
        if eloc.get("EIdType") == "pii" and re.fullmatch(r"e\d+", value):
            return value, None
    return None, None


def _identifiers(pmid: str | None, art: etree._Element, data: etree._Element | None) -> tuple[Identifier, ...]:
    """DOI, PMID and PMCID, once each, in that order; ArticleIdList first, then ELocationID."""
    found: dict[str, str] = {}
    ids = [] if data is None else [(e.get("IdType", ""), text_of(e)) for e in data.iterfind("ArticleIdList/ArticleId")]
    ids += [(e.get("EIdType", ""), text_of(e)) for e in art.iterfind("ELocationID") if e.get("ValidYN", "Y") == "Y"]
    ids.append(("pubmed", pmid))
    for kind, value in ids:
        scheme = ID_SCHEMES.get(kind.casefold())
        if scheme and value and scheme not in found:
            found[scheme] = value
    return tuple(Identifier(s, found[s]) for s in ("doi", "pmid", "pmcid") if s in found)


# ------------------------------------------------------------------------- authors and affiliations


def _authors(art: etree._Element) -> tuple[tuple[Author, ...], tuple[Affiliation, ...]]:
    """Authors in order; affiliations numbered "1", "2"... by first appearance, shared when equal."""
    author_list = next((al for al in art.iterfind("AuthorList") if al.get("Type", "authors") == "authors"), None)
    if author_list is None:
        return (), ()
    authors: list[Author] = []
    by_text: dict[str, Affiliation] = {}
    for el in author_list.iterfind("Author"):
        if el.get("ValidYN", "Y") != "Y":
            continue
        name = _name(el)
        if name is None:
            continue
        labels: list[str] = []
        email = None
        for info in el.iterfind("AffiliationInfo/Affiliation"):
            printed = text_of(info)
            if not printed:
                continue
            printed, found_email = _split_email(printed)
            email = email or found_email
            if printed not in by_text:
                by_text[printed] = read_affiliation(str(len(by_text) + 1), printed)
            labels.append(by_text[printed].label or "")
        orcid = next((normalise_orcid(text_of(i)) for i in el.iterfind("Identifier")
                      if i.get("Source", "").upper() == "ORCID"), None)
        authors.append(Author(name, tuple(dict.fromkeys(labels)), email=email, orcid=orcid))
    return tuple(authors), tuple(by_text.values())


def _name(el: etree._Element) -> PersonName | None:
    if collective := child_text(el, "CollectiveName"):
        return PersonName(collective)
    family = child_text(el, "LastName")
    if not family:
        return None
    return PersonName(family, child_text(el, "ForeName") or child_text(el, "Initials"))


_EMAIL = re.compile(r"\s*(?:Electronic address:\s*)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)\.?\s*$", re.I)


def _split_email(printed: str) -> tuple[str, str | None]:
    """PubMed glues the corresponding author's address to the affiliation's end."""
    m = _EMAIL.search(printed)
    if not m:
        return printed, None
    return printed[: m.start()].rstrip(" ,;"), m.group(1)


_UNIT_ONLY = UNIT_WORDS - ORG_WORDS - {"Graduate"}
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}-)?\d{4,6}(?:-\d{3,4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_STATE = re.compile(r"^[A-Z]{2}$")


def read_affiliation(label: str | None, printed: str) -> Affiliation:
    """Unit(s), organisation, city and country from "Department of X, University of Y, City, Country.".

    Comma-separated parts, read with the words that name organisations and units
    (springer.ORG_WORDS, UNIT_WORDS): the country is the last part when it is a country
    name; the organisation is the last part with an organisation word that does not open
    with a unit word ("Department of...", "Faculty of..."), else the first part that does
    not; the parts before it are the unit; the city is the last part after it that is
    no street address, state code or organisation, with its postal code taken off.
    """
    text = fold_spaces(printed).rstrip(" .;")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    country = None
    if len(parts) > 1:
        country = _country(parts[-1])
        if country:
            parts.pop()
    if not parts:
        return Affiliation(label, text, None, None, country, printed)
    words = [set(re.findall(r"[^\W\d_]+", p)) for p in parts]
    unit_led = [_opens_with_unit(p) for p in parts]
    with_org = [i for i, w in enumerate(words) if w & ORG_WORDS and not unit_led[i]]
    org_at = with_org[-1] if with_org else next((i for i, u in enumerate(unit_led) if not u), 0)
    cities = [c for c in (fold_spaces(_POSTCODE.sub(" ", p)).strip(" -") for p in parts[org_at + 1:]) if _is_city(c)]
    city = cities[-1] if cities else None
    unit = ", ".join(parts[:org_at]) or None
    return Affiliation(label, parts[org_at], unit, city, country, printed)


_STREET = frozenset("Road Rd Street St Str Strasse Straße Avenue Ave Boulevard Blvd Lane Drive Place Square Way Via "
                    "Viale Piazza Largo Rue Calle Avenida Rua Box Campus Building Floor Room Feld Weg Gasse "
                    "Platz".split())


def _is_city(candidate: str) -> bool:
    """Not empty, a state code, a street address or another organisation or unit."""
    words = set(re.findall(r"[^\W\d_]+", candidate))
    return bool(candidate) and not _STATE.match(candidate) and not re.search(r"\d", candidate) \
        and not words & (ORG_WORDS | UNIT_WORDS | _STREET)


def _opens_with_unit(part: str) -> bool:
    first = re.match(r"[^\W\d_]+", part)
    return bool(first and first.group(0) in _UNIT_ONLY)


def _country(part: str) -> str | None:
    """The part when it names a country, after a postal code if any ("16132 Italy" is rare but seen)."""
    bare = fold_spaces(_POSTCODE.sub(" ", part)).strip(" -")
    return bare if bare in COUNTRIES else None


# ------------------------------------------------------------------------- abstract, keywords, grants


def _abstract(abstract: etree._Element | None) -> str | None:
    """AbstractText paragraphs; structured ones as "Background: ... Methods: ..."."""
    if abstract is None:
        return None
    parts = []
    for para in abstract.iterfind("AbstractText"):
        body = text_of(para)
        label = para.get("Label")
        if not body:
            continue
        parts.append(f"{label.rstrip(':').strip().capitalize() if label.isupper() else label}: {body}"
                     if label and label.upper() != "UNASSIGNED" else body)
    return " ".join(parts) or None


def _keywords(citation: etree._Element) -> tuple[str, ...]:
    words = (text_of(k) for k in citation.iterfind("KeywordList/Keyword"))
    return tuple(dict.fromkeys(w.rstrip(".;, ") for w in words if w))


def _grant(grant: etree._Element) -> Grant:
    """Grant number and agency; raw as PubMed prints it: "ID/Acronym/Agency/Country"."""
    fields = [child_text(grant, f) for f in ("GrantID", "Acronym", "Agency", "Country")]
    return Grant(funder=fields[2], number=fields[0], raw="/".join(f for f in fields if f) or None)


# ------------------------------------------------------------------------- references


def _references(data: etree._Element | None, path: str) -> tuple[tuple[Reference, ...], list[Warning_]]:
    """Each Reference's Citation string, parsed, plus the identifiers its ArticleIdList gives."""
    if data is None:
        return (), []
    references: list[Reference] = []
    warnings: list[Warning_] = []
    for number, ref in enumerate(data.iter("Reference"), start=1):
        where = location(path, ref)
        raw = child_text(ref, "Citation")
        if not raw:
            warnings.append(Warning_(where, f"reference {number} has no Citation text"))
            continue
        work, links = parse_reference(raw)
        if work.first_page and work.last_page:
            first, last = expand_pages(f"{work.first_page}-{work.last_page}")
            work = replace(work, first_page=first, last_page=last)
        listed = [(ID_SCHEMES.get(e.get("IdType", "").casefold()), text_of(e))
                  for e in ref.iterfind("ArticleIdList/ArticleId")]
        given: dict[str, str] = {}
        for scheme, value in listed:
            if scheme and value:
                given.setdefault(scheme, value)
        kept = tuple(i for i in work.identifiers if i.scheme not in given)
        work = replace(work, identifiers=tuple(Identifier(s, v) for s, v in given.items()) + kept)
        if work.year is None and not work.authors and not given:
            warnings.append(Warning_(where, f"reference {number} could not be parsed (no authors, no year): "
                                            f"{raw[:60]!r}"))
        references.append(Reference(raw, work, number, links, where))
    return tuple(references), warnings
