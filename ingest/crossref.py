"""Reader for Crossref works JSON: the REST API's single work, its work lists, or a bare work.

    {"status": "ok", "message-type": "work", "message": {work}}
    {"status": "ok", "message-type": "work-list", "message": {"items": [{work}, ...]}}
    {work}                                   (a dump line: has "DOI" and a "title" list)

One Article per work. What Crossref gives and where it goes:

- title[0] (+ ": " subtitle[0]) with JATS inline tags (<i>, <sub>) stripped; container-title[0];
  volume, issue, page "1484-1490" or article-number (the first page, no last page); the date
  from published-print, else published-online, else issued.
- author[] in list order (a first-listed "additional" author gives way to the one marked
  "first"); organisations ({"name": ...}) are PersonName(family=name); ORCID URLs -> bare ids.
  Each affiliation[].name is one free-text string: it becomes an Affiliation labelled "1",
  "2", ... in order of first use, with country, city and a leading unit split off.
- abstract: JATS; a structured abstract keeps its section titles as "Background: ...".
- subject[] is NOT read as keywords: Crossref takes it from the journal's subject
  classification (ASJC), so every article of a journal would get the same "keywords" and
  the concept linker would tag them with the journal's field. Crossref has no article keywords.
- funder[]: one Grant per award number (one without a number when none is given).
- reference[]: the structured fields make the cited Work when they include a title,
  else the "unstructured" string is parsed; the DOI is kept either way. raw is the
  unstructured string, or a rendering of the fields. Crossref's reference "author" is the
  first author only; the list is not marked et al. since Crossref does not say there are more.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.csljson import Shape, Source, bare_doi, date_from_parts, load_json, split_pages, strip_markup, try_json
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
from ingest.text import split_country

__all__ = ["NAME", "sniff", "read", "read_work", "read_abstract", "split_affiliation", "read_reference"]

NAME = "crossref-json"

WORK_TYPES: dict[str, str] = {
    "journal-article": "journal-article",
    "book-chapter": "chapter", "book-section": "chapter", "book-part": "chapter", "reference-entry": "chapter",
    "proceedings-article": "chapter",  # a paper in a proceedings volume: the volume is its book
    "book": "book", "monograph": "book", "edited-book": "book", "reference-book": "book",
    "dissertation": "thesis",
}
"""Crossref type -> Work.type; anything else (posted-content, report, dataset ...) is "other"."""
DATE_FIELDS = ("published-print", "published-online", "published", "issued")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_CROSSREF_TEXT = re.compile(r'"message-type"\s*:\s*"work(?:-list)?"')
_BARE_TEXT = (re.compile(r'"DOI"\s*:\s*"10\.'), re.compile(r'"title"\s*:\s*\['))


# ------------------------------------------------------------------------- detection


def sniff(text: str) -> bool:
    """An API envelope with message-type work/work-list, or a bare work ("DOI" and a "title" list)."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("{"):
        return False
    data = try_json(head)
    if data is None:  # broken JSON: claim it by its look, so the syntax error is reported
        start = head[:20_000]
        return bool(_CROSSREF_TEXT.search(start) or all(rx.search(start) for rx in _BARE_TEXT))
    if not isinstance(data, dict):
        return False
    if data.get("message-type") in ("work", "work-list"):
        return True
    return isinstance(data.get("DOI"), str) and isinstance(data.get("title"), list)


# ------------------------------------------------------------------------- reading


def read(text: str, path: str) -> tuple[list[Article], list[Warning_]]:
    """One Article per work with a title; untitled works in a list are skipped with a warning."""
    text = text.lstrip("\ufeff")
    source = Source(text, path)
    root = Shape(load_json(text, path), (), source)
    works = _works(root)
    articles: list[Article] = []
    warnings: list[Warning_] = []
    for work in works:
        article = read_work(work, warnings)
        if article.work.title is None:
            if len(works) == 1:
                raise ReadError(work.location, f"{work.at}: the work has no title")
            warnings.append(Warning_(work.location, f"{work.at} ({work.text('DOI') or 'no DOI'}): no title; "
                                                    "work skipped"))
            continue
        articles.append(article)
    if not articles:
        raise ReadError(root.location, f"none of the {len(works)} works has a title")
    return articles, warnings


def _works(root: Shape) -> list[Shape]:
    kind = root.text("message-type")
    if kind is None:
        return [root]  # a bare work
    message = root.object("message")
    if message is None:
        raise ReadError(root.location, 'no "message" in the Crossref response')
    if kind == "work":
        return [message]
    if kind == "work-list":
        items = message.objects("items")
        if not items:
            raise ReadError(message.location, "message.items: an empty list, no works")
        return items
    raise root.source.error(("message-type",), f'"{kind}" is not a work or work-list response')


def read_work(work: Shape, warnings: list[Warning_]) -> Article:
    """One Crossref work -> Article (warnings about unusable parts are appended)."""
    authors, affiliations = _authors(work, warnings)
    year, date = _date(work)
    first, last = split_pages(work.text("page"))
    doi = bare_doi(work.text("DOI"))
    identifiers = [Identifier("doi", doi)] if doi else []
    identifiers += [Identifier("isbn", isbn) for isbn in dict.fromkeys(work.strings("ISBN"))]
    record = Work(
        title=_title(work),
        authors=tuple(a.name for a in authors),
        year=year,
        date=date,
        type=WORK_TYPES.get(work.text("type") or "", "other"),
        container=strip_markup(work.first_text("container-title")),
        volume=work.text("volume"),
        issue=work.text("issue"),
        first_page=first or work.text("article-number"),
        last_page=last if first else None,
        publisher=work.text("publisher"),
        editors=tuple(n for e in work.objects("editor") if (n := crossref_name(e)).family),
        identifiers=tuple(identifiers),
    )
    return Article(
        work=record,
        authors=tuple(authors),
        affiliations=tuple(affiliations),
        abstract=read_abstract(work.text("abstract")),
        grants=_grants(work),
        references=tuple(read_reference(r) for r in work.objects("reference")),
        language=work.text("language"),
    )


def _title(work: Shape) -> str | None:
    title = strip_markup(work.first_text("title"))
    subtitle = strip_markup(work.first_text("subtitle"))
    if title and subtitle and subtitle.casefold() not in title.casefold():
        return f"{title} {subtitle}" if title[-1] in "?!:.;" else f"{title}: {subtitle}"
    return title


def _date(work: Shape) -> tuple[int | None, str | None]:
    for key in DATE_FIELDS:
        field = work.object(key)
        parts = field.items("date-parts") if field else []
        if parts and isinstance(parts[0], list):
            year, date = date_from_parts(parts[0])
            if year:
                return year, date
    return None, None


# ------------------------------------------------------------------------- authors and affiliations


def crossref_name(person: Shape) -> PersonName:
    """{"given", "family"} or an organisation's {"name"}."""
    family = person.text("family")
    if family:
        return PersonName(family, person.text("given"))
    return PersonName(person.text("name") or "", None)


def _authors(work: Shape, warnings: list[Warning_]) -> tuple[list[Author], list[Affiliation]]:
    labels: dict[str, str] = {}
    affiliations: list[Affiliation] = []
    listed: list[tuple[Author, str | None]] = []
    for person in work.objects("author"):
        name = crossref_name(person)
        if not name.family:
            warnings.append(Warning_(person.location, f"{person.at}: an author without a name; skipped"))
            continue
        own: list[str] = []
        for aff in person.objects("affiliation"):
            text = strip_markup(aff.text("name"))
            if not text:
                continue
            if text not in labels:
                labels[text] = str(len(labels) + 1)
                affiliations.append(split_affiliation(text, labels[text]))
            own.append(labels[text])
        author = Author(name, tuple(dict.fromkeys(own)), orcid=_orcid(person, warnings))
        listed.append((author, person.text("sequence")))
    return _first_author_first(listed), affiliations


def _first_author_first(listed: list[tuple[Author, str | None]]) -> list[Author]:
    """List order, unless the first listed is "additional" and exactly one other is marked "first"."""
    firsts = [n for n, (_, seq) in enumerate(listed) if seq == "first"]
    if listed and listed[0][1] == "additional" and len(firsts) == 1:
        n = firsts[0]
        listed = [listed[n], *listed[:n], *listed[n + 1:]]
    return [author for author, _ in listed]


def _orcid(person: Shape, warnings: list[Warning_]) -> str | None:
    value = person.text("ORCID")
    if not value:
        return None
    m = _ORCID.search(value.rstrip("/"))
    if m is None:
        warnings.append(Warning_(person.location, f"{person.at}.ORCID: not an ORCID iD: {value!r}; ignored"))
        return None
    return m.group(1)


_ORG_WORDS = re.compile(
    r"\b(?:Univ\w*|Institut\w*|Istituto|Hospital\w*|H[ôo]pital|Ospedale|Klinikum|Clinic|Clínica|Charité"
    r"|College|Foundation|Fondazione|Fundación|Council|Agency|Inc|Ltd|GmbH|S\.?A|Corporation|Company"
    r"|Centre|Center|Centro|Zentrum|Academy|Akademie|Polytechnic|Politecnico|Laboratories|Consortium)\b",
    re.I,
)
_UNIT_WORDS = re.compile(
    r"^(?:Dep(?:artmen)?t\w*|Dept\.?|Division|Laborator\w*|Lab\b|Unit|Section|Program\w*|Group|Faculty|School"
    r"|Service|Team|Branch|Core|Chair|Graduate|Servicio|Unidad|Departamento|Dipartimento|Abteilung|Klinik für)",
    re.I,
)
_STATE = re.compile(r"^[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?$")  # "MD", "MD 20892"
_POSTCODE = re.compile(r"\b(?=[\w-]*\d)[\w-]+\b")


def split_affiliation(text: str, label: str | None = None) -> Affiliation:
    """"Dept of Immunology, Karolinska Institutet, SE-171 77 Stockholm, Sweden" -> its parts.

    Country by name at the end; then a city when the last part reads as a place (postcodes and
    US state codes dropped); the last part naming an institution is the organisation, the
    parts before it its unit. What cannot be placed stays in raw only.
    """
    rest, country = split_country(text.rstrip(" .;,"))
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    if not parts:
        return Affiliation(label, text, country=country, raw=text)
    city = None
    while country and len(parts) > 1 and _STATE.match(parts[-1]):
        parts.pop()  # "Bethesda, MD, USA": the state is not the city
    if len(parts) > 1 and _reads_as_place(parts[-1]):
        city = " ".join(_POSTCODE.sub("", parts.pop()).split())
    orgs = [n for n, p in enumerate(parts) if _ORG_WORDS.search(p) and not _UNIT_WORDS.match(p)]
    at = orgs[-1] if orgs else len(parts) - 1
    unit = ", ".join(parts[:at]) or None
    return Affiliation(label, parts[at], unit=unit, city=city, country=country, raw=text)


def _reads_as_place(part: str) -> bool:
    """"Stockholm", "SE-171 77 Stockholm", "Genova GE": short, capitalised, no institution word."""
    words = _POSTCODE.sub("", part).split()
    return 0 < len(words) <= 3 and all(w[0].isupper() for w in words) and not (
        _ORG_WORDS.search(part) or _UNIT_WORDS.match(part))


# ------------------------------------------------------------------------- abstract, funding


_ABSTRACT_PART = re.compile(r"<(?:jats:)?(title|p)\b[^>]*>(.*?)</(?:jats:)?\1\s*>", re.S)


def read_abstract(jats: str | None) -> str | None:
    """JATS abstract -> text; section titles of a structured abstract lead their paragraph."""
    if not jats:
        return None
    out: list[str] = []
    label = None
    for m in _ABSTRACT_PART.finditer(jats):
        content = strip_markup(m.group(2))
        if m.group(1) == "title":
            label = content if content and content.casefold() not in ("abstract", "summary") else None
        elif content:
            out.append(f"{label.rstrip(':')}: {content}" if label else content)
            label = None
    return " ".join(out) if out else strip_markup(jats)


def _grants(work: Shape) -> tuple[Grant, ...]:
    out: list[Grant] = []
    for funder in work.objects("funder"):
        name = funder.text("name")
        awards = [a.strip() for a in dict.fromkeys(funder.strings("award")) if a.strip()]
        out += [Grant(funder=name, number=a) for a in awards] if awards else [Grant(funder=name)]
    return tuple(g for g in out if g.funder or g.number)


# ------------------------------------------------------------------------- references


def read_reference(ref: Shape) -> Reference:
    """Structured fields when they carry a title, else the parsed unstructured string; DOI kept."""
    unstructured = strip_markup(ref.text("unstructured"))
    structured = _structured(ref)
    links: tuple[str, ...] = ()
    if structured.title or not unstructured:
        work = structured
    else:
        work, links = parse_reference(unstructured)
    doi = bare_doi(ref.text("DOI"))
    if doi and not any(i.scheme == "doi" for i in work.identifiers):
        work = replace(work, identifiers=(Identifier("doi", doi), *work.identifiers))
    return Reference(raw=unstructured or render_reference(structured, doi), work=work, links=links)


def _structured(ref: Shape) -> Work:
    article = strip_markup(ref.text("article-title"))
    volume_title = strip_markup(ref.text("volume-title"))
    journal = strip_markup(ref.text("journal-title"))
    author = ref.text("author")
    year = _year(ref.text("year"))
    if article:
        kind, title, container = ("chapter" if volume_title and not journal else "journal-article",
                                  article, journal or volume_title)
    elif volume_title:
        kind, title, container = "book", volume_title, None
    else:
        kind, title, container = "journal-article", None, journal
    isbn = ref.text("ISBN")
    return Work(
        title=title,
        authors=(reference_author(author),) if author else (),
        year=year,
        type=kind,
        container=container,
        volume=ref.text("volume"),
        issue=ref.text("issue"),
        first_page=ref.text("first-page"),
        publisher=ref.text("publisher"),
        identifiers=(Identifier("isbn", isbn),) if isbn else (),
    )


def _year(text: str | None) -> int | None:
    m = re.search(r"\b(1\d{3}|2\d{3})", text or "")
    return int(m.group(1)) if m else None


def reference_author(text: str) -> PersonName:
    """Crossref's first author as deposited: "Sotiropoulou", "Sotiropoulou PA", "Sotiropoulou, P. A."."""
    text = " ".join(text.split())
    if "," in text:
        family, given = (p.strip() for p in text.split(",", 1))
        return PersonName(family, given or None)
    m = re.fullmatch(r"(.+?)\s+([A-Z]{1,3}|(?:[A-Z]\.\s?)+)", text)
    if m:
        return PersonName(m.group(1), m.group(2).strip())
    m = re.fullmatch(r"((?:[A-Z]\.\s?)+)(.+)", text)
    if m:
        return PersonName(m.group(2), m.group(1).strip())
    return PersonName(text)


def render_reference(work: Work, doi: str | None) -> str:
    """A Vancouver-like string from the structured fields, for c4o:hasContent when none was deposited."""
    author = work.authors[0] if work.authors else None
    head = " ".join(p for p in (author and f"{author.family} {author.given or ''}".strip(),
                                f"({work.year})" if work.year else None) if p)
    place = work.volume or ""
    if work.issue:
        place += f"({work.issue})"
    if work.first_page:
        place += f":{work.first_page}" if place else work.first_page
    source = " ".join(p for p in (work.container, place) if p) or work.publisher
    text = ". ".join(p.rstrip(".") for p in (head, work.title, source) if p)
    text = f"{text}." if text else ""
    return f"{text} doi:{doi}".strip() if doi else text or "(empty reference)"
