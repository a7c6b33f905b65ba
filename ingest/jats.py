"""Reader for JATS (NLM) article XML: PMC files and publishers' own.

    article/@article-type          "review-article" -> is_review
      front/journal-meta           journal-title
      front/article-meta           article-id, title-group, contrib-group (+ aff), pub-date,
                                   volume, issue, fpage/lpage or elocation-id, permissions,
                                   abstract, kwd-group, funding-group, author-notes
      back                         ack, fn-group / sec (conflict of interest), ref-list/ref

Elements are matched by local name, so a default namespace changes nothing. Authors
point at affiliations with xref ref-type="aff"; the Affiliation.label is the printed
<label>, else the aff's id, so that Author.affiliations and the affiliations agree. A
reference keeps the printed text of its citation as raw (for an element-citation, a
Vancouver rendering of its fields); its fields come from the markup when there is
markup, else from parse_reference on the printed string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    Section,
    Warning_,
    Work,
)
from ingest.refparse import parse_reference, read_authors
from ingest.xmltext import (
    child_text,
    expand_pages,
    location,
    normalise_orcid,
    parse,
    prolog,
    read_copyright,
    root_name,
    text_of,
)

__all__ = ["NAME", "sniff", "read", "read_date", "read_affiliation", "read_reference", "render_citation"]

NAME = "jats-xml"
ID_SCHEMES = {"doi": "doi", "pmid": "pmid", "pmc": "pmcid", "pmcid": "pmcid"}
# Which date of an article its references quote: the issue's (print, collection) before the online one.
DATE_RANK = ("ppub", "epub-ppub", "collection", "epub", "pub", "")
UNIT_TYPES = frozenset({"dept", "department", "division", "unit", "lab", "laboratory", "section", "school"})
REVIEW_TYPES = frozenset({"review-article", "systematic-review"})
CITATIONS = ("element-citation", "mixed-citation", "nlm-citation", "citation")
WORK_TYPES = {"journal": "journal-article", "book": "book", "thesis": "thesis", "web": "web-page",
              "webpage": "web-page", "website": "web-page"}
_NOT_TEXT = frozenset({"xref", "fn", "label"})  # markers inside titles and names


def sniff(text: str) -> bool:
    """Root <article> with JATS/NLM marks (DOCTYPE, namespace or front matter), not DocBook's."""
    if root_name(text) != "article":
        return False
    head = prolog(text)
    if "docbook" in head.casefold():
        return False
    return bool(re.search(r"JATS|NLM|Journal (?:Archiving|Publishing)|jats\.nlm|dtd-version|article-type", head)
                or "<article-meta" in text[:200_000] or "<front>" in text[:200_000])


def read(text: str, path: str) -> tuple[list[Article], list[Warning_]]:
    """One article per file; ReadError when it is not JATS or has no article-title."""
    root = parse(text, path)
    if root.tag != "article":
        raise ReadError(location(path, root), f"root element <{root.tag}> is not a JATS <article>")
    meta = root.find("front/article-meta")
    if meta is None:
        raise ReadError(location(path, root), "no <front>/<article-meta> in the JATS article")
    title = _article_title(meta)
    if title is None:
        where = meta.find("title-group")
        raise ReadError(location(path, meta if where is None else where), "no article-title in <article-meta>")
    warnings: list[Warning_] = []
    affiliations, labels = _affiliations(meta)
    authors = _authors(meta, labels, path, warnings)
    year, date = _pub_date(meta)
    first = child_text(meta, "fpage") or child_text(meta, "elocation-id")
    back = root.find("back")
    holder, copyright_year = _copyright(meta)
    references = _references(back, path, warnings)
    work = Work(
        title=title,
        authors=tuple(a.name for a in authors),
        year=year,
        date=date,
        container=child_text(root, "front/journal-meta/journal-title-group/journal-title")
        or child_text(root, "front/journal-meta/journal-title"),
        volume=child_text(meta, "volume"),
        issue=child_text(meta, "issue"),
        first_page=first,
        last_page=child_text(meta, "lpage") if child_text(meta, "fpage") else None,
        identifiers=_identifiers(meta.iterfind("article-id"), "pub-id-type"),
    )
    article = Article(
        work=work,
        authors=authors,
        affiliations=affiliations,
        abstract=_abstract(meta),
        keywords=tuple(dict.fromkeys(k for k in (text_of(el) for el in meta.iterfind("kwd-group/kwd")) if k)),
        grants=tuple(g for group in meta.iterfind("funding-group/award-group") for g in _grants(group)),
        sections=_sections(root, meta, back),
        copyright_holder=holder,
        copyright_year=copyright_year,
        is_review=_is_review(root, meta),
        references=references,
        language=root.get("{http://www.w3.org/XML/1998/namespace}lang"),
    )
    return [article], warnings


def _article_title(meta: etree._Element) -> str | None:
    title = text_of(meta.find("title-group/article-title"), _NOT_TEXT)
    subtitle = text_of(meta.find("title-group/subtitle"), _NOT_TEXT)
    if title and subtitle:
        return f"{title} {subtitle}" if title.endswith(("?", "!", ":")) else f"{title}: {subtitle}"
    return title


def _identifiers(ids: Iterable[etree._Element], attribute: str) -> tuple[Identifier, ...]:
    """DOI, PMID and PMCID, once each, in that order (article-id or pub-id elements)."""
    found: dict[str, str] = {}
    for el in ids:
        scheme = ID_SCHEMES.get((el.get(attribute) or "").casefold())
        value = text_of(el)
        if scheme and value:
            found.setdefault(scheme, value)
    return tuple(Identifier(s, found[s]) for s in ("doi", "pmid", "pmcid") if s in found)


# ------------------------------------------------------------------------- dates


def read_date(el: etree._Element) -> tuple[int | None, str | None]:
    """(year, ISO date when more than the year) from year/month/day or @iso-8601-date."""
    iso = el.get("iso-8601-date") or ""
    if m := re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso):
        return int(m.group(1)), iso if m.group(2) else None
    year_text = child_text(el, "year") or ""
    if not re.fullmatch(r"\d{4}", year_text):
        return None, None
    year = int(year_text)
    month, day = child_text(el, "month") or "", child_text(el, "day") or ""
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return year, None
    if day.isdigit() and 1 <= int(day) <= 31:
        return year, f"{year:04d}-{int(month):02d}-{int(day):02d}"
    return year, f"{year:04d}-{int(month):02d}"


def _date_rank(el: etree._Element) -> int:
    kind = el.get("pub-type") or el.get("date-type") or ""
    if kind == "pub":  # JATS 1.1+: date-type="pub" with publication-format print / electronic
        kind = "ppub" if el.get("publication-format") == "print" else "epub"
    return DATE_RANK.index(kind) if kind in DATE_RANK else len(DATE_RANK)


def _pub_date(meta: etree._Element) -> tuple[int | None, str | None]:
    """The issue's year before the online one (references quote the year of the issue); the
    fullest date of that year, so a year-only collection date borrows the epub's day."""
    dates = [d for d in meta.iterfind("pub-date") if (d.get("pub-type") or d.get("date-type")) != "pmc-release"]
    read = [read_date(el) for el in sorted(dates, key=_date_rank)]
    year = next((y for y, _ in read if y), None)
    dated = [d for y, d in read if y == year and d]
    return year, max(dated, key=len) if dated else None


# ------------------------------------------------------------------------- contributors


def _affiliations(meta: etree._Element) -> tuple[tuple[Affiliation, ...], dict[str, str]]:
    """Every aff of the front matter, and aff id -> label for the authors' xrefs."""
    affiliations: list[Affiliation] = []
    labels: dict[str, str] = {}
    for n, aff in enumerate(_aff_elements(meta), start=1):
        label = text_of(aff.find("label")) or aff.get("id") or f"#{n}"  # "#": never an XML id
        affiliations.append(read_affiliation(label, aff))
        if aff.get("id"):
            labels[aff.get("id", "")] = label
        labels[_key(aff)] = label
    return tuple(affiliations), labels


def _key(el: etree._Element) -> str:
    """A stable key for an element without an id (lxml proxies are not stable objects)."""
    return el.getroottree().getpath(el)


def _aff_elements(meta: etree._Element) -> list[etree._Element]:
    """aff elements in document order; from aff-alternatives, the first, under the wrapper's id."""
    out = []
    for el in meta.iter("aff", "aff-alternatives"):
        if el.tag == "aff-alternatives":
            first = el.find("aff")
            if first is not None:
                if el.get("id") and not first.get("id"):
                    first.set("id", el.get("id", ""))
                out.append(first)
        elif el.getparent() is None or el.getparent().tag != "aff-alternatives":
            out.append(el)
    return out


def read_affiliation(label: str | None, aff: etree._Element) -> Affiliation:
    """Institution(s), city and country where marked up; else the text as the organisation.

    Institutions typed as a department (content-type="dept"...) make the unit, the last
    other institution the organisation. Without institution markup the whole text, less
    its label and country, is the organisation: splitting prose is left to the markup.
    """
    raw = text_of(aff, frozenset({"label", "institution-id"})) or ""
    country = text_of(aff.find(".//country"))
    city = text_of(aff.find(".//city")) or next(
        (text_of(el) for el in aff.iter("named-content") if el.get("content-type") == "city"), None)
    institutions = [(el.get("content-type") or "", name) for el in aff.iter("institution")
                    if (name := text_of(el, frozenset({"institution-id"})))]
    if institutions:
        units = [name for kind, name in institutions if kind.casefold() in UNIT_TYPES]
        others = [name for kind, name in institutions if kind.casefold() not in UNIT_TYPES]
        organisation = others[-1] if others else units.pop()
        units += others[:-1]
        at = raw.find(institutions[0][1])
        lead = raw[:at].strip(" ,;") if at > 0 else ""  # untagged text before the first institution
        units = [lead, *units] if lead else units
        return Affiliation(label, organisation, ", ".join(units) or None, city, country, raw)
    organisation = raw
    if country and organisation.endswith(country):
        organisation = organisation[: -len(country)].rstrip(" ,;")
    return Affiliation(label, organisation or raw, None, city, country, raw)


def _authors(meta: etree._Element, labels: dict[str, str], path: str, warnings: list[Warning_]) -> tuple[Author, ...]:
    authors = []
    for group in meta.iterfind("contrib-group"):
        unreferenced = _unreferenced_affs(group, meta, labels)
        for contrib in group.iterfind("contrib"):
            if contrib.get("contrib-type", "author") != "author":
                continue
            name = _contrib_name(contrib)
            if name is None:
                warnings.append(Warning_(location(path, contrib), "contributor without a name skipped"))
                continue
            affs = []
            for xref in contrib.iterfind("xref"):
                if xref.get("ref-type") != "aff":
                    continue
                for rid in (xref.get("rid") or "").split():
                    if rid in labels:
                        affs.append(labels[rid])
                    else:
                        warnings.append(Warning_(location(path, xref), f"{name.full}: affiliation {rid!r} not found"))
            affs += [labels[_key(aff)] for aff in contrib.iterfind("aff") if _key(aff) in labels]
            if not affs:
                affs = unreferenced
            authors.append(Author(name, tuple(dict.fromkeys(affs)), _is_corresponding(contrib),
                                  _email(contrib, meta), normalise_orcid(_orcid(contrib))))
    return tuple(authors)


def _unreferenced_affs(group: etree._Element, meta: etree._Element, labels: dict[str, str]) -> list[str]:
    """Affs of a contrib-group that no xref points to: they belong to all its authors."""
    cited = {rid for x in meta.iter("xref") if x.get("ref-type") == "aff" for rid in (x.get("rid") or "").split()}
    return [labels[_key(aff)] for aff in group.iterfind("aff") if aff.get("id") not in cited and _key(aff) in labels]


def _contrib_name(contrib: etree._Element) -> PersonName | None:
    """surname/given-names of name or string-name (first of name-alternatives), or a collab."""
    for path in ("name", "name-alternatives/name", "string-name", "name-alternatives/string-name"):
        el = contrib.find(path)
        if el is not None:
            return _person(el)
    collab = text_of(contrib.find("collab"), frozenset({"contrib-group", "xref", "fn"}))
    return PersonName(collab) if collab else None


def _person(el: etree._Element) -> PersonName | None:
    family = text_of(el.find("surname"))
    if family:
        return PersonName(family, text_of(el.find("given-names")))
    printed = text_of(el)
    if not printed:
        return None
    names = read_authors(printed).names
    return names[0] if len(names) == 1 else PersonName(printed)


def _is_corresponding(contrib: etree._Element) -> bool:
    return contrib.get("corresp") == "yes" or any(x.get("ref-type") == "corresp" for x in contrib.iterfind("xref"))


def _email(contrib: etree._Element, meta: etree._Element) -> str | None:
    """The contrib's own email, else the single email of the corresp note its xref names."""
    if own := child_text(contrib, "email") or child_text(contrib, "address/email"):
        return own
    for xref in contrib.iterfind("xref"):
        if xref.get("ref-type") != "corresp":
            continue
        for note in meta.iterfind("author-notes/corresp"):
            emails = note.findall(".//email")
            if note.get("id") in (xref.get("rid") or "").split() and len(emails) == 1:
                return text_of(emails[0])
    return None


def _orcid(contrib: etree._Element) -> str | None:
    for el in contrib.iterfind("contrib-id"):
        if (el.get("contrib-id-type") or "").casefold() == "orcid":
            return text_of(el)
    return None


# ------------------------------------------------------------------------- abstract, funding, back matter


def _abstract(meta: etree._Element) -> str | None:
    """The main abstract (not a graphical one or a teaser); sections as "Title: text"."""
    candidates = [a for a in meta.iterfind("abstract")
                  if a.get("abstract-type") in (None, "structured", "summary", "abstract")]
    if not candidates:
        return None
    return _prose(candidates[0]) or None


def _prose(el: etree._Element) -> str:
    """Paragraphs of an element joined; each sec as "Title: its paragraphs"."""
    parts = []
    for child in el:
        if not isinstance(child.tag, str) or child.tag in ("title", "label"):
            continue
        if child.tag == "sec":
            title = text_of(child.find("title"))
            body = _prose(child)
            parts.append(f"{title.rstrip(':.')}: {body}" if title and body else body or title or "")
        else:
            parts.append(text_of(child) or "")
    if not parts and el.text and el.text.strip():  # text directly in the element
        return text_of(el, frozenset({"title", "label"})) or ""
    return " ".join(p for p in parts if p)


def _grants(group: etree._Element) -> list[Grant]:
    """One Grant per award-id; funders and ids paired when both are listed in equal number."""
    funders = [text_of(el, frozenset({"institution-id"})) for el in group.iterfind("funding-source")]
    funders = [f for f in funders if f]
    numbers = [n for n in (text_of(el) for el in group.iterfind("award-id")) if n]
    raw = text_of(group, frozenset({"institution-id"}))
    if not numbers:
        return [Grant(funder=f, raw=raw) for f in funders]
    if len(funders) == len(numbers):
        return [Grant(funder=f, number=n, raw=raw) for f, n in zip(funders, numbers, strict=True)]
    return [Grant(funder=funders[0] if funders else None, number=n, raw=raw) for n in numbers]


_COI_TITLE = re.compile(r"conflicts? of interests?|competing interests?|declaration of interests?|disclosure", re.I)
_COI_TYPES = frozenset({"coi-statement", "conflict", "conflict-of-interest", "competing-interests"})


def _sections(root: etree._Element, meta: etree._Element, back: etree._Element | None) -> tuple[Section, ...]:
    """Acknowledgements, conflict-of-interest statements and the funding statement."""
    out: list[Section] = []
    if back is not None:
        for ack in back.iterfind("ack"):
            if text := _prose(ack):
                out.append(Section("acknowledgements", text_of(ack.find("title")) or "Acknowledgements", text))
    for fn in root.iter("fn"):
        if (fn.get("fn-type") or "").casefold() in _COI_TYPES and (text := _prose(fn)):
            out.append(Section("conflict-of-interest", text_of(fn.find("title")) or "Conflict of interest", text))
    for sec in root.iter("sec"):
        title = text_of(sec.find("title")) or ""
        if (sec.get("sec-type") or "").casefold() in _COI_TYPES or (
                _COI_TITLE.search(title) and sec.getparent() is not None and sec.getparent().tag in ("back", "notes")):
            if text := _prose(sec):
                out.append(Section("conflict-of-interest", title or "Conflict of interest", text))
    for statement in meta.iterfind("funding-group/funding-statement"):
        if funding := text_of(statement):
            out.append(Section("funding", "Funding", funding))
    return tuple(dict.fromkeys(out))


def _copyright(meta: etree._Element) -> tuple[str | None, int | None]:
    holder = child_text(meta, "permissions/copyright-holder")
    year_text = child_text(meta, "permissions/copyright-year") or ""
    from_statement = read_copyright(child_text(meta, "permissions/copyright-statement"))
    year = int(year_text) if year_text.isdigit() else from_statement[1]
    return holder or from_statement[0], year


def _is_review(root: etree._Element, meta: etree._Element) -> bool:
    """article-type says so, or the table-of-contents heading is a review heading."""
    if (root.get("article-type") or "").casefold() in REVIEW_TYPES:
        return True
    headings = (text_of(s) or "" for s in meta.iterfind("article-categories/subj-group/subject"))
    return any(re.fullmatch(r"(?:mini[- ]?|systematic )?reviews?(?: articles?)?", h, re.I) for h in headings)


# ------------------------------------------------------------------------- references


def _references(back: etree._Element | None, path: str, warnings: list[Warning_]) -> tuple[Reference, ...]:
    if back is None:
        return ()
    out = []
    for position, ref in enumerate(back.iter("ref"), start=1):
        reference, warning = read_reference(ref, position, path)
        if reference is not None:
            out.append(reference)
        if warning is not None:
            warnings.append(warning)
    return tuple(out)


def read_reference(ref: etree._Element, position: int, path: str) -> tuple[Reference | None, Warning_ | None]:
    """One <ref>: its fields from the markup when marked up, else parsed from the printed text."""
    label = text_of(ref.find("label")) or ""
    number = int(m.group(1)) if (m := re.fullmatch(r"\[?(\d+)[.\])]?", label)) else position
    where = location(path, ref)
    cites = [c for tag in CITATIONS for c in ref.iter(tag)]
    if not cites:
        return None, Warning_(where, f"reference {number} has no citation")
    structured = next((c for c in cites if _is_structured(c)), None)
    mixed = next((c for c in cites if c.tag != "element-citation"), None)
    printed = text_of(mixed) if mixed is not None else None
    links: tuple[str, ...] = ()
    if structured is not None:
        work = read_cited_work(structured)
        raw = printed or render_citation(work)
    else:
        if not printed:
            return None, Warning_(where, f"reference {number} has no text")
        raw = printed
        work, links = parse_reference(raw)
        if work.first_page and work.last_page:
            first, last = expand_pages(f"{work.first_page}-{work.last_page}")
            work = replace(work, first_page=first, last_page=last)
    warning = None
    if work.year is None and not work.authors:
        warning = Warning_(where, f"reference {number} could not be read (no authors, no year): {raw[:60]!r}")
    return Reference(raw, work, number, links, where), warning


_FIELDS = frozenset({"person-group", "name", "string-name", "collab", "article-title", "chapter-title", "source",
                     "year", "volume", "fpage", "elocation-id", "pub-id"})


def _is_structured(citation: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _FIELDS for c in citation)


def read_cited_work(c: etree._Element) -> Work:
    """A cited work from element-citation (or marked-up mixed-citation) fields."""
    authors, et_al = _people(c, "author")
    editors, _ = _people(c, "editor")
    part_title = text_of(c.find("article-title"), _NOT_TEXT) or text_of(c.find("chapter-title"), _NOT_TEXT)
    source = text_of(c.find("source"), _NOT_TEXT)
    kind = (c.get("publication-type") or c.get("citation-type") or "").casefold()
    work_type = WORK_TYPES.get(kind, "other" if kind else "journal-article")
    if kind == "book" and part_title:
        work_type = "chapter"
    title, container = (part_title, source) if part_title else (source, None)
    year = re.search(r"\d{4}", text_of(c.find("year")) or text_of(c.find("date/year")) or "")
    first = text_of(c.find("fpage")) or text_of(c.find("elocation-id"))
    last = text_of(c.find("lpage")) if text_of(c.find("fpage")) else None
    if not first and (pages := text_of(c.find("page-range"))):
        first, _, last = (p.strip() or None for p in re.sub(r"[\u2010-\u2015]", "-", pages).partition("-"))
    return Work(
        title=title.rstrip(".") if title else None,
        authors=authors,
        et_al=et_al,
        year=int(year.group(0)) if year else None,
        type=work_type,
        container=container,
        volume=text_of(c.find("volume")),
        issue=text_of(c.find("issue")),
        first_page=first,
        last_page=last,
        publisher=text_of(c.find("publisher-name")),
        editors=editors,
        identifiers=_identifiers(c.iterfind("pub-id"), "pub-id-type"),
    )


def _people(c: etree._Element, role: str) -> tuple[tuple[PersonName, ...], bool]:
    """Names of one person-group (names directly in the citation count as authors), and et al."""
    groups = [g for g in c.iterfind("person-group") if g.get("person-group-type", "author") == role]
    holders = groups or ([c] if role == "author" else [])
    names: list[PersonName] = []
    et_al = False
    for holder in holders:
        for el in holder:
            if not isinstance(el.tag, str):
                continue
            if el.tag in ("name", "string-name"):
                if person := _person(el):
                    names.append(person)
            elif el.tag == "collab" and (collab := text_of(el)):
                names.append(PersonName(collab))
            elif el.tag == "etal":
                et_al = True
    return tuple(names), et_al


def render_citation(work: Work) -> str:
    """A Vancouver-style string for an element-citation, which prints no text of its own."""
    names = [_vancouver(n) for n in work.authors]
    if work.et_al:
        names.append("et al")
    parts = [", ".join(names), work.title]
    if work.type in ("book", "chapter"):
        if work.container:
            parts.append(f"In: {work.container}")
        parts.append("; ".join(x for x in (work.publisher, str(work.year) if work.year else None) if x))
        parts.append(f"p. {work.pages}" if work.pages else None)
    else:
        where = f"{work.year};" if work.year else ""
        where += work.volume or ""
        where += f"({work.issue})" if work.issue else ""
        where += f":{work.pages}" if work.pages else ""
        parts += [work.container, where.rstrip(";")]
    text = ". ".join(p.rstrip(".") for p in parts if p) + "."
    ids = [f"{'doi' if i.scheme == 'doi' else i.scheme.upper()}: {i.value}" for i in work.identifiers]
    return " ".join([text, *ids])


def _vancouver(name: PersonName) -> str:
    if not name.given:
        return name.family
    if re.fullmatch(r"[A-Z]{1,4}", name.given):  # already initials, as PMC prints them ("PA")
        return f"{name.family} {name.given}"
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", name.given))
    return f"{name.family} {initials}"
