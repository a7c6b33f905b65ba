"""What a dereferenced IRI says: the entity's description and the view model of its page.

Pubby/LodView style: the entity's outgoing triples (with its dependent nodes, such as
``{org}#address``, and blank nodes), the labels of everything it links to, and the
links pointing at it, capped per page with the cap and the next page stated in the data
(``ct:incomingLinks*`` and ``hydra:next``) so a crawler knows it saw only part.

Kept free of HTTP so the CLI, the server and tests share it: it only needs something
with the runner's ``run`` (server/runner.py). Every query binds the entity through a
substitution of ``?e`` (never by splicing text) and uses DISTINCT, because the union
default graph repeats a triple that two named graphs both hold.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from crosstalk.vocab import (
    CT,
    DCTERMS,
    FOAF,
    IMMUNO,
    PREFIXES,
    PRISM,
    RDF,
    RDFS,
    SKOS,
    VOID,
    XSD,
    Namespace,
    sparql_prologue,
)

Term = NamedNode | BlankNode | Literal
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
PAGE_SIZE = 100
"""Incoming links shown per page (stated in the data as ct:incomingLinksLimit)."""
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name)
"""In order of preference when an entity has several."""
_LABELS = " ".join(str(p) for p in LABEL_PROPERTIES)
P = sparql_prologue()


class Runner(Protocol):
    async def run(self, sparql: str, *, substitutions: dict[str, Any] | None = None,
                  default_graph: Any = None, named_graphs: Any = None,
                  row_limit: int | None = None, timeout: float | None = None) -> Any: ...


def rows(result: Any) -> list[dict[str, Term]]:
    """Solutions (pyoxigraph's, or the runner's list of dicts) as plain dicts by name."""
    variables = getattr(result, "variables", None)
    if variables is None:
        return [dict(row) for row in result]
    names = [v.value if hasattr(v, "value") else str(v) for v in variables]
    out = []
    for row in result:
        values = {n: row[n] for n in names}
        out.append({n: t for n, t in values.items() if t is not None})
    return out


ROWS = 100_000
"""Row cap of the description's own queries: far above any one entity, far below the store.
(The endpoint's cap, settings.row_limit, is for clients and may be small.)"""


async def select(runner: Runner, sparql: str, e: NamedNode | None = None, **bindings: Term
                 ) -> list[dict[str, Term]]:
    """Rows of a SELECT written without prefixes, ``?e`` and ``bindings`` substituted."""
    subs: dict[str, Any] = dict(bindings)
    if e is not None:
        subs["e"] = e
    return rows(await runner.run(P + sparql, substitutions=subs or None, row_limit=ROWS))


# --- The description (RDF) -------------------------------------------------------------

OUTGOING = """
SELECT DISTINCT ?e ?s ?p ?o WHERE {
  { ?e ?p ?o BIND(?e AS ?s) }
  UNION
  { ?e ?link ?s
    FILTER(isBlank(?s) || (isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR(?e), "#"))))
    ?s ?p ?o }
}"""

LINKED_LABELS = f"""
SELECT DISTINCT ?e ?s ?p ?o WHERE {{
  ?e ?link ?s . FILTER(isIRI(?s) && ?s != ?e)
  ?s ?p ?o . FILTER(?p IN ({", ".join(str(p) for p in LABEL_PROPERTIES)}))
}}"""
"""Written so the store walks from ?e outwards (a VALUES or UNION here made it scan every label)."""

INCOMING_COUNT = """
SELECT ?e (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?e ?s ?p WHERE { ?s ?p ?e } } GROUP BY ?e"""

INCOMING_PAGE = f"""
SELECT DISTINCT ?e ?s ?p ?lp ?label WHERE {{
  {{ SELECT DISTINCT ?e ?s ?p WHERE {{ ?s ?p ?e }} ORDER BY ?p ?s LIMIT %(limit)d OFFSET %(offset)d }}
  OPTIONAL {{ VALUES ?lp {{ {_LABELS} }} ?s ?lp ?label }}
}}"""

GRAPH_SIZE = """
SELECT ?e (COUNT(*) AS ?n) WHERE { GRAPH ?e { ?s ?p ?o } } GROUP BY ?e"""
"""A named graph's IRI may appear in no triple at all (``{graph}/prov``); it still exists."""

SOURCE_GRAPHS = """
SELECT DISTINCT ?e ?g ?path WHERE {
  { GRAPH ?g { ?e ?p ?o } } UNION { GRAPH ?g { ?s ?p ?e } }
  OPTIONAL { ?g prov:wasDerivedFrom/prov:atLocation ?path }
} ORDER BY ?g"""


@dataclass
class Description:
    """One page of an entity's description; ``triples`` is what the document serialises."""

    iri: NamedNode
    document: NamedNode
    outgoing: list[Triple]
    labels: list[Triple]
    incoming: list[Triple]
    incoming_total: int
    page: int
    page_size: int
    graphs: list[NamedNode]
    sources: dict[str, str] = field(default_factory=dict)  # graph IRI -> file it was read from
    graph_size: int = 0  # triples in the named graph of this name, if there is one
    metadata: list[Triple] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming_total or self.graphs or self.graph_size)

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.incoming_total

    @property
    def triples(self) -> list[Triple]:
        seen: dict[Triple, None] = {}
        for t in (*self.outgoing, *self.labels, *self.incoming, *self.metadata):
            seen.setdefault(t, None)
        return list(seen)


def page_url(document: str, page: int) -> str:
    sep = "&" if "?" in document else "?"
    return document if page == 1 else f"{document}{sep}page={page}"


async def describe(runner: Runner, iri: str, document: str, *, page: int = 1,
                   page_size: int = PAGE_SIZE) -> Description:
    """The entity and one page of its incoming links; ``document`` is the IRI of the
    document being served (without ``?page``), named in the paging metadata."""
    e = NamedNode(iri)
    offset = (page - 1) * page_size
    out, labels, count, incoming, graphs, size = await asyncio.gather(
        select(runner, OUTGOING, e), select(runner, LINKED_LABELS, e), select(runner, INCOMING_COUNT, e),
        select(runner, INCOMING_PAGE % {"limit": page_size, "offset": offset}, e),
        select(runner, SOURCE_GRAPHS, e), select(runner, GRAPH_SIZE, e))
    total = int(count[0]["n"].value) if count else 0
    in_triples: list[Triple] = []
    in_labels: list[Triple] = []
    for row in sorted(incoming, key=lambda r: (r["p"].value, str(r["s"]))):
        in_triples.append(Triple(row["s"], row["p"], e))  # type: ignore[arg-type]
        if "label" in row:
            in_labels.append(Triple(row["s"], row["lp"], row["label"]))  # type: ignore[arg-type]
    d = Description(
        iri=e, document=NamedNode(page_url(document, page)),
        outgoing=[Triple(r["s"], r["p"], r["o"]) for r in out],  # type: ignore[arg-type]
        labels=[Triple(r["s"], r["p"], r["o"]) for r in labels] + in_labels,  # type: ignore[arg-type]
        incoming=list(dict.fromkeys(in_triples)), incoming_total=total, page=page, page_size=page_size,
        graphs=list(dict.fromkeys(r["g"] for r in graphs if isinstance(r.get("g"), NamedNode))),  # type: ignore[misc]
        sources={r["g"].value: r["path"].value for r in graphs if "path" in r},
        graph_size=int(size[0]["n"].value) if size else 0)
    d.metadata = _metadata(d, document)
    return d


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _metadata(d: Description, document: str) -> list[Triple]:
    """The document about the entity, and how much of its incoming links it shows."""
    doc = d.document
    meta = [Triple(doc, RDF.type, FOAF.Document), Triple(doc, FOAF.primaryTopic, d.iri),
            Triple(doc, CT.incomingLinksTotal, _int(d.incoming_total)),
            Triple(doc, CT.incomingLinksShown, _int(len(d.incoming))),
            Triple(doc, CT.incomingLinksLimit, _int(d.page_size)),
            Triple(doc, HYDRA.first, NamedNode(page_url(document, 1)))]
    if d.has_next:
        meta.append(Triple(doc, HYDRA.next, NamedNode(page_url(document, d.page + 1))))
    if d.page > 1:
        meta.append(Triple(doc, HYDRA.previous, NamedNode(page_url(document, d.page - 1))))
    meta += [Triple(doc, DCTERMS.source, g) for g in d.graphs]
    if d.graph_size:
        meta.append(Triple(d.iri, VOID.triples, _int(d.graph_size)))
    return meta


# --- Showing terms to a person ---------------------------------------------------------

KIND_NAMES = {"br": "work", "ra": "agent", "ar": "role", "be": "reference", "id": "identifier",
              "re": "manifestation", "org": "organisation", "graph": "named graph", "grant": "grant",
              "de": "section", "claim": "claim"}
"""How a page names each kind of minted IRI; a kind missing here is shown by its path name."""


@dataclass(frozen=True)
class Shown:
    """A term as a page shows it: a label, where it links (None for a literal), and the
    full IRI or value for a tooltip."""

    label: str
    href: str | None = None
    title: str | None = None
    lang: str | None = None


class Labeller:
    """Turns terms into labels and links: minted IRIs link to their local page, other
    IRIs described in the store to /describe, the rest to themselves."""

    def __init__(self, base: str, labels: Iterable[Triple] = (), described: Iterable[str] = ()) -> None:
        self.base = base
        self.labels: dict[str, str] = {}
        rank: dict[str, int] = {}
        for t in labels:
            if isinstance(t.object, Literal) and isinstance(t.subject, NamedNode):
                r = LABEL_PROPERTIES.index(t.predicate) if t.predicate in LABEL_PROPERTIES else 99
                key = t.subject.value
                if r < rank.get(key, 100) or (r == rank[key] and t.object.value < self.labels[key]):
                    self.labels[key], rank[key] = t.object.value, r
        self.described = set(described) | set(self.labels)

    def href(self, iri: str) -> str:
        if iri.startswith(self.base):
            return "/" + iri[len(self.base):]
        if iri in self.described or iri.startswith(IMMUNO.iri):  # the graph's own concepts
            return "/describe?iri=" + quote(iri, safe="")
        return iri

    def curie(self, iri: str) -> str | None:
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and re.fullmatch(r"[\w.-]*", iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return None

    def fallback(self, iri: str) -> str:
        """A readable name for an unlabelled IRI: '#address', 'role 1a2b3c4d', 'fabio:Journal'."""
        if iri.startswith(self.base):
            kind, _, rest = iri[len(self.base):].partition("/")
            local, _, fragment = rest.partition("#")
            if fragment:
                return humanise(fragment)
            name = KIND_NAMES.get(kind, kind)
            return f"{name} {local[:8]}" + (f" ({local.split('/', 1)[1]})" if "/" in local else "")
        if iri.startswith("mailto:"):
            return iri[len("mailto:"):]
        if iri.startswith(IMMUNO.iri):
            return humanise(iri[len(IMMUNO.iri):])
        return self.curie(iri) or iri

    def show(self, term: Term) -> Shown:
        if isinstance(term, Literal):
            return Shown(term.value, None, _datatype_name(term), term.language)
        if isinstance(term, BlankNode):
            return Shown("(blank node)", None, str(term))
        iri = term.value
        return Shown(self.labels.get(iri) or self.fallback(iri), self.href(iri), iri)

    def type(self, term: NamedNode) -> Shown:
        """'fabio:JournalArticle' -> 'journal article' (its label when the store has one)."""
        curie = self.curie(term.value)
        label = self.labels.get(term.value) or humanise(re.split(r"[#/:]", curie or term.value)[-1])
        return Shown(label, term.value, curie or term.value)

    def predicate(self, term: NamedNode, inverse: bool = False) -> Shown:
        """'dcterms:title' -> 'title'; its CURIE as tooltip and a link to the term."""
        curie = self.curie(term.value)
        local = re.split(r"[#/:]", curie or term.value)[-1]
        label = humanise(local)
        if term == RDF.type:
            label = "type"
        return Shown(f"{label} of" if inverse else label, term.value, curie or term.value)


def humanise(name: str) -> str:
    """'isDocumentContextFor' -> 'is document context for'; 'TCell' -> 'T cell'; 'NKCell' -> 'NK cell'."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    words = spaced.replace("-", " ").replace("_", " ").split()
    return " ".join(w.lower() if w[1:].islower() or len(w) == 1 and w.islower() else w for w in words)


def _datatype_name(lit: Literal) -> str | None:
    dt = lit.datatype.value if lit.datatype else ""
    if dt.startswith(XSD.iri):
        return "xsd:" + dt[len(XSD.iri):]
    return dt or None



# --- The HTML page's view model ----------------------------------------------------------

AUTHORS = """
SELECT DISTINCT ?e ?role ?kind ?pos ?person ?name WHERE {
  ?e pro:isDocumentContextFor ?role . ?role pro:withRole ?kind ; pro:isHeldBy ?person .
  OPTIONAL { ?role ct:position ?pos }
  OPTIONAL { ?person foaf:name ?name }
}"""

AFFILIATIONS = """
SELECT DISTINCT ?e ?role ?org ?orgLabel WHERE {
  ?e pro:isDocumentContextFor ?role . ?role pro:relatesToOrganization ?org .
  OPTIONAL { ?org rdfs:label ?orgLabel }
}"""

PLACES = """
SELECT DISTINCT ?e ?org ?pp ?place WHERE {
  ?e pro:isDocumentContextFor ?role . ?role pro:relatesToOrganization ?org .
  ?org vcard:hasAddress|(org:unitOf/vcard:hasAddress) ?address .
  ?address ?pp ?place . FILTER(?pp IN (vcard:locality, vcard:country-name))
}"""
"""AUTHORS, AFFILIATIONS and PLACES were one query; its nested OPTIONALs sent Oxigraph's
planner into a scan of the whole store (minutes on 6M triples). Each is now a walk from ?e:
a chain of required patterns, OPTIONAL only around one pattern on an already bound node."""

# Property paths are spelt out (issue -> volume -> journal is at most three steps): the
# planner does not know ?e is bound by substitution, and an open path would walk the graph.
VENUE = """
SELECT DISTINCT ?e ?c ?type ?seq ?title WHERE {
  { ?e frbr:partOf ?c } UNION { ?e frbr:partOf/frbr:partOf ?c } UNION { ?e frbr:partOf/frbr:partOf/frbr:partOf ?c }
  ?c a ?type .
  OPTIONAL { ?c fabio:hasSequenceIdentifier ?seq } OPTIONAL { ?c dcterms:title ?title }
}"""

PAGES = """
SELECT DISTINCT ?e ?start ?end WHERE {
  ?e frbr:embodiment ?m . OPTIONAL { ?m prism:startingPage ?start } OPTIONAL { ?m prism:endingPage ?end }
}"""

IDENTIFIERS = """
SELECT DISTINCT ?e ?id ?scheme ?value WHERE {
  ?e datacite:hasIdentifier ?id .
  OPTIONAL { ?id datacite:usesIdentifierScheme ?scheme } OPTIONAL { ?id literal:hasLiteralValue ?value }
}"""

FUNDING = """
SELECT DISTINCT ?e ?grant ?label ?number ?funder ?funderName WHERE {
  ?e frapo:isFundedBy ?grant .
  OPTIONAL { ?grant rdfs:label ?label } OPTIONAL { ?grant frapo:hasGrantNumber ?number }
  OPTIONAL { ?grant frapo:isAwardedBy ?funder OPTIONAL { ?funder foaf:name ?funderName } }
}"""

SECTIONS = """
SELECT DISTINCT ?e ?part ?title ?content ?kind WHERE {
  ?e frbr:part ?part . ?part a deo:DiscourseElement .
  OPTIONAL { ?part dcterms:title ?title } OPTIONAL { ?part c4o:hasContent ?content }
  OPTIONAL { ?part dcterms:type ?kind }
}"""
SECTION_ORDER = ("funding", "acknowledgements", "conflict-of-interest")
"""Printed funding goes with the grants; the rest in the order journals print them."""

REFERENCES = """
SELECT DISTINCT ?e ?be ?n ?raw ?cited ?title WHERE {
  ?e frbr:part ?be . ?be a biro:BibliographicReference .
  OPTIONAL { ?be ct:position ?n } OPTIONAL { ?be c4o:hasContent ?raw }
  OPTIONAL { ?be biro:references ?cited OPTIONAL { ?cited dcterms:title ?title } }
}"""

CITED_BY = """
SELECT DISTINCT ?e ?work ?title ?date ?n ?raw WHERE {
  ?work cito:cites ?e .
  OPTIONAL { ?work dcterms:title ?title } OPTIONAL { ?work prism:publicationDate ?date }
  OPTIONAL { ?work frbr:part ?be . ?be biro:references ?e
             OPTIONAL { ?be ct:position ?n } OPTIONAL { ?be c4o:hasContent ?raw } }
}"""

PERSON_WORKS = """
SELECT DISTINCT ?e ?work ?title ?date ?kind ?pos ?org ?orgLabel WHERE {
  ?role pro:isHeldBy ?e ; pro:withRole ?kind . ?work pro:isDocumentContextFor ?role .
  OPTIONAL { ?role ct:position ?pos }
  OPTIONAL { ?work dcterms:title ?title } OPTIONAL { ?work prism:publicationDate ?date }
  OPTIONAL { ?role pro:relatesToOrganization ?org OPTIONAL { ?org rdfs:label ?orgLabel } }
}"""

ORG_MEMBERS = """
SELECT DISTINCT ?e ?person ?name ?work ?title WHERE {
  { ?role pro:relatesToOrganization ?e } UNION { ?unit org:unitOf ?e . ?role pro:relatesToOrganization ?unit }
  ?role pro:isHeldBy ?person ; pro:withRole pro:author .
  ?work pro:isDocumentContextFor ?role .
  OPTIONAL { ?person foaf:name ?name } OPTIONAL { ?work dcterms:title ?title }
}"""

IDENTIFIER_LINKS = {
    "doi": "https://doi.org/{}", "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/", "orcid": "https://orcid.org/{}",
    "url": "{}",
}


@dataclass
class Row:
    """One property of a node with its values, as a table row."""

    predicate: Shown
    values: list[Shown]


@dataclass
class Author:
    position: int | None
    person: Shown
    corresponding: bool = False
    affiliations: list[Shown] = field(default_factory=list)


@dataclass
class Reference:
    number: int | None
    raw: str
    entry: Shown
    cited: Shown | None


@dataclass
class WorkItem:
    work: Shown
    year: str | None = None
    detail: str | None = None


@dataclass
class Funding:
    grant: Shown
    number: str | None
    funder: Shown | None


@dataclass
class ArticleView:
    """What a reader looks for on an article page, in reading order."""

    journal: Shown | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    date: str | None = None
    authors: list[Author] = field(default_factory=list)
    et_al: bool = False
    others: list[tuple[str, Shown]] = field(default_factory=list)  # ("publisher", …), ("editor", …)
    identifiers: list[Shown] = field(default_factory=list)
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    concepts: list[Shown] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    funding_printed: list[str] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    rights: str | None = None
    references: list[Reference] = field(default_factory=list)
    cited_by: list[WorkItem] = field(default_factory=list)

    @property
    def year(self) -> str | None:
        return year_of(self.date)


@dataclass
class EntityView:
    iri: str
    label: str
    kind: str
    types: list[Shown]
    properties: list[Row]
    parts: list[tuple[Shown, list[Row]]]
    incoming: list[Row]
    incoming_total: int
    page: int
    page_size: int
    has_next: bool
    graphs: list[Shown]
    graph_size: int = 0
    article: ArticleView | None = None
    works: list[WorkItem] = field(default_factory=list)
    affiliations: list[Shown] = field(default_factory=list)
    members: list[tuple[Shown, list[Shown]]] = field(default_factory=list)


def year_of(date: str | None) -> str | None:
    return date[:4] if date and re.match(r"\d{4}", date) else None


def as_int(term: Term | None) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def _rows_of(triples: Iterable[Triple], labeller: Labeller, inverse: bool = False) -> list[Row]:
    """Group (predicate, value) pairs by predicate: rdf:type first, then by label."""
    grouped: dict[NamedNode, list[Shown]] = {}
    for t in triples:
        value = t.subject if inverse else t.object
        shown = labeller.show(value)  # type: ignore[arg-type]
        values = grouped.setdefault(t.predicate, [])
        if shown not in values:
            values.append(shown)
    rows_ = [Row(labeller.predicate(p, inverse), sorted(v, key=lambda s: s.label.casefold()))
             for p, v in grouped.items()]
    return sorted(rows_, key=lambda r: (r.predicate.href != RDF.type.value, r.predicate.label))


async def entity_view(runner: Runner, d: Description, base: str) -> EntityView:
    """The description made readable, plus the sections its types call for."""
    labeller = Labeller(base, [*d.labels, *d.outgoing])
    own = [t for t in d.outgoing if t.subject == d.iri]
    types = [t.object for t in own if t.predicate == RDF.type]
    parts: dict[str, list[Triple]] = {}
    for t in d.outgoing:
        if t.subject != d.iri:
            parts.setdefault(str(t.subject), []).append(t)
    view = EntityView(
        iri=d.iri.value, label=labeller.labels.get(d.iri.value) or labeller.fallback(d.iri.value),
        kind=_kind(base, d.iri.value),
        types=sorted((labeller.type(t) for t in types if isinstance(t, NamedNode)), key=lambda s: s.label),
        properties=_rows_of(own, labeller),
        parts=[(labeller.show(ts[0].subject), _rows_of(ts, labeller)) for ts in parts.values()],  # type: ignore[arg-type]
        incoming=_rows_of(d.incoming, labeller, inverse=True), incoming_total=d.incoming_total,
        page=d.page, page_size=d.page_size, has_next=d.has_next,
        graphs=[Shown(d.sources.get(g.value) or labeller.fallback(g.value), labeller.href(g.value), g.value)
                for g in d.graphs], graph_size=d.graph_size)
    if any(t.value.startswith("http://purl.org/spar/fabio/") for t in types):
        view.article = await _article(runner, d, own, labeller)
    if FOAF.Person in types:
        view.works, view.affiliations = await _person(runner, d.iri, labeller)
    if FOAF.Organization in types or NamedNode("http://www.w3.org/ns/org#OrganizationalUnit") in types:
        view.members = await _members(runner, d.iri, labeller)
    return view


def _kind(base: str, iri: str) -> str:
    if iri.startswith(base):
        return KIND_NAMES.get(iri[len(base):].split("/", 1)[0], "")
    return ""


def _lit(row: Mapping[str, Term], name: str) -> str | None:
    term = row.get(name)
    return term.value if isinstance(term, Literal) else None


def _named(row: Mapping[str, Term], name: str, label: str | None, labeller: Labeller) -> Shown:
    iri = row[name].value  # type: ignore[union-attr]
    return Shown(label or labeller.labels.get(iri) or labeller.fallback(iri), labeller.href(iri), iri)


async def _article(runner: Runner, d: Description, own: list[Triple], labeller: Labeller) -> ArticleView:
    e = d.iri
    authors, venue, pages, idents, funding, sections, refs, cited_by = await asyncio.gather(*(
        select(runner, q, e) for q in (AUTHORS, VENUE, PAGES, IDENTIFIERS, FUNDING, SECTIONS, REFERENCES,
                                       CITED_BY)))
    view = ArticleView()
    one = {t.predicate: t.object.value for t in own if isinstance(t.object, Literal)}
    view.date = one.get(PRISM.publicationDate)
    view.abstract = one.get(DCTERMS.abstract)
    view.rights = one.get(DCTERMS.rights)
    view.et_al = one.get(CT.authorListTruncated) == "true"
    view.keywords = sorted({t.object.value for t in own if t.predicate == PRISM.keyword})
    view.concepts = sorted((labeller.show(t.object) for t in own if t.predicate == DCTERMS.subject),  # type: ignore[arg-type]
                           key=lambda s: s.label.casefold())
    _venue(view, venue, labeller)
    if pages:
        start, end = _lit(pages[0], "start"), _lit(pages[0], "end")
        view.pages = f"{start}–{end}" if start and end else start
    view.authors, view.others = _authors(authors, labeller)
    view.identifiers = sorted((_identifier(r) for r in idents if "value" in r), key=lambda s: s.label)
    view.funding = [Funding(_named(r, "grant", _lit(r, "label"), labeller), _lit(r, "number"),
                            _named(r, "funder", _lit(r, "funderName"), labeller) if "funder" in r else None)
                    for r in funding]
    ordered = sorted(sections, key=lambda r: (_rank(_lit(r, "kind")), _lit(r, "title") or ""))
    view.funding_printed = [_lit(r, "content") or "" for r in ordered if _lit(r, "kind") == "funding"]
    view.sections = [(_lit(r, "title") or "", _lit(r, "content") or "") for r in ordered
                     if _lit(r, "kind") != "funding"]
    view.references = sorted(
        (Reference(as_int(r.get("n")), _lit(r, "raw") or "", _named(r, "be", None, labeller),
                   _named(r, "cited", _lit(r, "title"), labeller) if "cited" in r else None) for r in refs),
        key=lambda ref: (ref.number is None, ref.number or 0, ref.raw))
    view.cited_by = sorted(
        (WorkItem(_named(r, "work", _lit(r, "title"), labeller), year_of(_lit(r, "date")),
                  f"as reference {r['n'].value}: {_lit(r, 'raw')}" if "n" in r else None) for r in cited_by),
        key=lambda w: w.work.label.casefold())
    return view


def _rank(kind: str | None) -> int:
    return SECTION_ORDER.index(kind) if kind in SECTION_ORDER else len(SECTION_ORDER)


def _venue(view: ArticleView, venue: list[dict[str, Term]], labeller: Labeller) -> None:
    fabio = "http://purl.org/spar/fabio/"
    for r in venue:
        kind = r["type"].value.removeprefix(fabio)
        if kind == "JournalIssue":
            view.issue = _lit(r, "seq")
        elif kind == "JournalVolume":
            view.volume = _lit(r, "seq")
        elif kind in ("Journal", "Book") and view.journal is None:
            view.journal = _named(r, "c", _lit(r, "title"), labeller)


def _authors(found: list[dict[str, Term]], labeller: Labeller) -> tuple[list[Author], list[tuple[str, Shown]]]:
    """Authors by ct:position, each once, with affiliations; the corresponding author marked."""
    authors: dict[tuple[int | None, str], Author] = {}
    corresponding: set[str] = set()
    others: dict[tuple[str, str], Shown] = {}
    for r in found:
        person = _named(r, "person", _lit(r, "name"), labeller)
        role = r["kind"].value
        if role.endswith("/corresponding-author"):
            corresponding.add(r["person"].value)
        elif role == "http://purl.org/spar/pro/author":
            author = authors.setdefault((as_int(r.get("pos")), r["person"].value),
                                        Author(as_int(r.get("pos")), person))
            if "org" in r:
                place = ", ".join(v for v in (_lit(r, "city"), _lit(r, "country")) if v)
                org = _named(r, "org", _lit(r, "orgLabel"), labeller)
                org = Shown(f"{org.label} ({place})" if place else org.label, org.href, org.title)
                if org not in author.affiliations:
                    author.affiliations.append(org)
        else:
            others[(humanise(role.rsplit("/", 1)[-1]), person.title or "")] = person
    for (_, iri), author in authors.items():
        author.corresponding = iri in corresponding
        author.affiliations.sort(key=lambda s: s.label)
    ordered = sorted(authors.values(), key=lambda a: (a.position is None, a.position or 0, a.person.label))
    return ordered, sorted((role, shown) for (role, _), shown in others.items())


def _identifier(r: Mapping[str, Term]) -> Shown:
    scheme = r["scheme"].value.rsplit("/", 1)[-1] if "scheme" in r else "id"
    value = r["value"].value
    link = IDENTIFIER_LINKS.get(scheme)
    return Shown(f"{scheme.upper()} {value}", link.format(value) if link else None, r["id"].value)


async def _person(runner: Runner, e: NamedNode, labeller: Labeller) -> tuple[list[WorkItem], list[Shown]]:
    works: dict[str, WorkItem] = {}
    roles: dict[str, set[str]] = {}
    orgs: dict[str, Shown] = {}
    for r in await select(runner, PERSON_WORKS, e):
        iri = r["work"].value
        works.setdefault(iri, WorkItem(_named(r, "work", _lit(r, "title"), labeller), year_of(_lit(r, "date"))))
        role = humanise(r["kind"].value.rsplit("/", 1)[-1])
        if "pos" in r and role == "author":
            role = f"author {r['pos'].value}"
        roles.setdefault(iri, set()).add(role)
        if "org" in r:
            orgs[r["org"].value] = _named(r, "org", _lit(r, "orgLabel"), labeller)
    for iri, item in works.items():
        item.detail = ", ".join(sorted(roles[iri]))
    ordered = sorted(works.values(), key=lambda w: (w.year or "", w.work.label.casefold()), reverse=True)
    return ordered, sorted(orgs.values(), key=lambda s: s.label)


async def _members(runner: Runner, e: NamedNode, labeller: Labeller) -> list[tuple[Shown, list[Shown]]]:
    people: dict[str, tuple[Shown, list[Shown]]] = {}
    for r in await select(runner, ORG_MEMBERS, e):
        person, works = people.setdefault(r["person"].value, (_named(r, "person", _lit(r, "name"), labeller), []))
        work = _named(r, "work", _lit(r, "title"), labeller)
        if work not in works:
            works.append(work)
    return sorted(people.values(), key=lambda p: p[0].label.casefold())
