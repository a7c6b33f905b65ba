"""What a dereferenced IRI says: the entity's description and the view model of its page.

Pubby/LodView style: the entity's outgoing triples (with its dependent nodes, such as
``{org}#address``, and blank nodes), the labels of everything it links to, and the
links pointing at it, capped per page with the cap and the next page stated in the data
(``ct:incomingLinks*`` and ``hydra:next``) so a crawler knows it saw only part.

Kept free of HTTP so the CLI, the server and tests share it: it only needs something
with the runner's ``run`` (server/runner.py). Every query starts from the entity as a
constant (see ``select``), looks nodes up by subject or object rather than joining (see
the view model below), and uses DISTINCT, because the union default graph repeats a
triple that two named graphs both hold.

Terms it states beyond the data, for a document ``d`` about ``e``: ``d foaf:primaryTopic
e``, ``d ct:incomingLinksTotal / ct:incomingLinksShown / ct:incomingLinksLimit n``,
``d hydra:first / hydra:next / hydra:previous page``, ``d dcterms:source graph`` and, for a
named graph's IRI, ``e void:triples n``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from crosstalk.vocab import (
    BIRO,
    C4O,
    CITO,
    CT,
    DATACITE,
    DCTERMS,
    DEO,
    FABIO,
    FOAF,
    FRAPO,
    FRBR,
    IMMUNO,
    LITERAL,
    ORG,
    OWL,
    PREFIXES,
    PRISM,
    PRO,
    PROV,
    RDF,
    RDFS,
    SCORO,
    SKOS,
    VCARD,
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
P = sparql_prologue()


class Runner(Protocol):
    async def run(self, sparql: str, *, substitutions: dict[str, Any] | None = None,
                  default_graph: Any = None, named_graphs: Any = None,
                  row_limit: int | None = None, timeout: float | None = None) -> Any: ...


def rows(result: Any) -> list[dict[str, Term]]:
    """Solutions (the runner's, pyoxigraph's, or a list of dicts) as dicts by variable name,
    unbound variables left out."""
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
    """Rows of a SELECT written without prefixes, for the entity ``e``.

    The entity enters as the row of ``VALUES ?e { $E }``, written by pyoxigraph's own term
    serialisation of a NamedNode (which cannot hold ``>``, quotes or spaces), so the planner
    sees a constant and starts from it. A substitution it does not see: on 6M triples the
    venue of a person took 17 s bound by substitution and 0.3 ms as a constant. User text
    (``bindings``) is only ever passed as a substitution.
    """
    if e is not None:
        sparql = sparql.replace("$E", str(NamedNode(e.value)))
    return rows(await runner.run(P + sparql, substitutions=dict(bindings) or None, row_limit=ROWS))


# --- The description (RDF) -------------------------------------------------------------

OUTGOING = """
SELECT DISTINCT ?e ?s ?p ?o WHERE {
  VALUES ?e { $E }
  { ?e ?p ?o BIND(?e AS ?s) }
  UNION
  { ?e ?link ?s
    FILTER(isBlank(?s) || (isIRI(?s) && STRSTARTS(STR(?s), CONCAT(STR(?e), "#"))))
    ?s ?p ?o }
}"""

LINKED_LABELS = f"""
SELECT DISTINCT ?e ?s ?p ?o WHERE {{
  VALUES ?e {{ $E }}
  ?e ?link ?s . FILTER(isIRI(?s) && ?s != ?e)
  ?s ?p ?o . FILTER(?p IN ({", ".join(str(p) for p in LABEL_PROPERTIES)}))
}}"""
"""Written so the store walks from ?e outwards (a VALUES or UNION here made it scan every label)."""

INCOMING_COUNT = """
SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p WHERE { VALUES ?e { $E } ?s ?p ?e } }"""

INCOMING_PAGE = """
SELECT DISTINCT ?s ?p WHERE { VALUES ?e { $E } ?s ?p ?e } LIMIT %(limit)d OFFSET %(offset)d"""
"""No ORDER BY: sorting the 147k links of a hub took 24 s on 6M triples, a page in store
order takes a millisecond. Store order is fixed for a published snapshot, so the pages of
one snapshot neither overlap nor skip; each page is sorted for reading afterwards."""

GRAPH_SIZE = """
SELECT (COUNT(*) AS ?n) WHERE { VALUES ?e { $E } GRAPH ?e { ?s ?p ?o } }"""
"""A named graph's IRI may appear in no triple at all (``{graph}/prov``); it still exists."""

SOURCE_GRAPHS = """
SELECT ?e ?g ?path WHERE {
  { SELECT DISTINCT ?e ?g WHERE { VALUES ?e { $E } GRAPH ?g { ?e ?p ?o } } ORDER BY ?g LIMIT 50 }
  OPTIONAL { ?g prov:wasDerivedFrom ?source . ?source prov:atLocation ?path }
}"""
"""The documents that say something about the entity (as subject), the first 50."""


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
    in_triples = sorted((Triple(r["s"], r["p"], e) for r in incoming),  # type: ignore[arg-type]
                        key=lambda t: (t.predicate.value, str(t.subject)))
    in_labels = await triples_from(runner, [t.subject for t in in_triples], LABEL_PROPERTIES)
    d = Description(
        iri=e, document=NamedNode(page_url(document, page)),
        outgoing=[Triple(r["s"], r["p"], r["o"]) for r in out],  # type: ignore[arg-type]
        labels=[Triple(r["s"], r["p"], r["o"]) for r in labels] + in_labels,  # type: ignore[arg-type]
        incoming=in_triples, incoming_total=int(count[0]["n"].value) if count else 0,
        page=page, page_size=page_size,
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
#
# A page needs the entity's neighbourhood two or three steps out (article -> role -> person
# -> organisation -> address). It is fetched a step at a time with one-pattern queries over
# a VALUES list of nodes, and joined here in Python: Oxigraph's planner picked whole-store
# scans for the equivalent joins (minutes on 6M triples), while a lookup by subject or by
# object stays a few milliseconds at any size.

CHUNK = 400
"""Nodes per lookup query."""
MAX_ROLES = 2000
"""Roles followed from a person or an organisation (their works are listed up to this)."""

FROM = """SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?s { $NODES } ?s ?p ?o %s}"""
TO = """SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?o { $NODES } VALUES ?p { $PREDICATES } ?s ?p ?o } LIMIT %d"""


def _terms(nodes: Iterable[object]) -> list[str]:
    """VALUES rows for IRIs: written by pyoxigraph (blank nodes cannot be looked up so)."""
    return sorted({str(NamedNode(n.value)) for n in nodes if isinstance(n, NamedNode)})


async def triples_from(runner: Runner, nodes: Iterable[object],
                       predicates: Sequence[NamedNode] = ()) -> list[Triple]:
    """Every triple whose subject is one of ``nodes`` (only ``predicates``, if given)."""
    keep = f"FILTER(?p IN ({', '.join(str(p) for p in predicates)})) " if predicates else ""
    found: list[Triple] = []
    terms = _terms(nodes)
    for i in range(0, len(terms), CHUNK):
        sparql = (FROM % keep).replace("$NODES", " ".join(terms[i:i + CHUNK]))
        found += [Triple(r["s"], r["p"], r["o"]) for r in await select(runner, sparql)]  # type: ignore[arg-type]
    return found


async def triples_to(runner: Runner, nodes: Iterable[object], predicates: Sequence[NamedNode],
                     limit: int = ROWS) -> list[Triple]:
    """Triples ``?s p node`` for the given predicates, at most ``limit`` of them."""
    found: list[Triple] = []
    terms = _terms(nodes)
    for i in range(0, len(terms), CHUNK):
        sparql = (TO % (limit - len(found))).replace("$NODES", " ".join(terms[i:i + CHUNK])).replace(
            "$PREDICATES", " ".join(str(p) for p in predicates))
        found += [Triple(r["s"], r["p"], r["o"]) for r in await select(runner, sparql)]  # type: ignore[arg-type]
        if len(found) >= limit:
            break
    return found


class Local:
    """Fetched triples, indexed both ways, for reading a neighbourhood without queries."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self.out: dict[tuple[Term, NamedNode], list[Term]] = {}
        self.into: dict[tuple[NamedNode, Term], list[Term]] = {}
        self.add(triples)

    def add(self, triples: Iterable[Triple]) -> None:
        for t in triples:
            values = self.out.setdefault((t.subject, t.predicate), [])  # type: ignore[arg-type]
            if t.object not in values:
                values.append(t.object)  # type: ignore[arg-type]
                self.into.setdefault((t.predicate, t.object), []).append(t.subject)  # type: ignore[arg-type]

    def objects(self, s: Term, *predicates: NamedNode) -> list[Term]:
        return [o for p in predicates for o in self.out.get((s, p), [])]

    def subjects(self, p: NamedNode, o: Term) -> list[Term]:
        return list(self.into.get((p, o), []))

    def text(self, s: Term, *predicates: NamedNode) -> str | None:
        """The first literal value, trying the predicates in order."""
        for p in predicates:
            for o in self.out.get((s, p), []):
                if isinstance(o, Literal):
                    return o.value
        return None

    def nodes(self, subjects: Iterable[Term], *predicates: NamedNode) -> list[Term]:
        return [o for s in subjects for o in self.objects(s, *predicates) if isinstance(o, NamedNode)]


IDENTIFIER_LINKS = {
    "doi": "https://doi.org/{}", "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/", "orcid": "https://orcid.org/{}",
    "url": "{}",
}
SECTION_ORDER = ("funding", "acknowledgements", "conflict-of-interest")
"""Printed funding goes with the grants; the rest in the order journals print them."""
NAMES = (RDFS.label, DCTERMS.title, FOAF.name, SKOS.prefLabel)


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
class ClaimItem:
    """A claim involving a concept, as its page lists it."""

    claim: Shown  # the claim's own page, by its label ("mesenchymal stem cell inhibits ...")
    kind: str  # "finding" | "hypothesis"
    negated: bool
    evidence: str
    roles: list[str]  # how the concept takes part: "subject", "object", "of cell"
    via: list[Shown]  # the narrower concepts matched, when not the concept itself
    subject: Shown
    relation: Shown
    object: Shown
    of_cell: list[Shown]
    number: int | None = None  # of the reference it was read from
    reference: Shown | None = None  # the bibliographic reference (be), if read from one
    raw: str | None = None  # that reference as printed
    work: Shown | None = None  # the work whose authors state it (the cited work, or the article)
    year: str | None = None
    in_article: Shown | None = None  # the article whose reference list holds the reference


@dataclass
class ConceptView:
    """What a concept's page adds: the claims that involve it (its works are its incoming links)."""

    claims: list[ClaimItem]
    narrower: list[Shown]
    documentation: str  # its section of the ontology's documentation (/ontology#Name)


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
    unit_of: list[Shown] = field(default_factory=list)
    place: str = ""
    concept: ConceptView | None = None


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
        shown = labeller.show(t.subject if inverse else t.object)  # type: ignore[arg-type]
        values = grouped.setdefault(t.predicate, [])
        if shown not in values:
            values.append(shown)
    rows_ = [Row(labeller.predicate(p, inverse), sorted(v, key=lambda s: s.label.casefold()))
             for p, v in grouped.items()]
    return sorted(rows_, key=lambda r: (r.predicate.href != RDF.type.value, r.predicate.label))


def _kind(base: str, iri: str) -> str:
    if iri.startswith(base):
        kind = iri[len(base):].split("/", 1)[0]
        return KIND_NAMES.get(kind, kind)
    return ""


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
    local = Local(d.outgoing)
    if any(isinstance(t, NamedNode) and t.value.startswith(FABIO.iri) for t in types):
        view.article = await _article(runner, d.iri, local, labeller)
    if FOAF.Person in types:
        view.works, view.affiliations = await _person(runner, d.iri, labeller)
    if FOAF.Organization in types or ORG.OrganizationalUnit in types:
        parents = local.nodes([d.iri], ORG.unitOf)
        local.add(await triples_from(runner, parents))
        local.add(await triples_from(runner, local.nodes(parents, VCARD.hasAddress)))
        view.unit_of = [_shown(local, p, labeller) for p in parents]
        view.place = _place(d.iri, local)
        view.members = await _members(runner, d.iri, labeller)
    if d.iri.value.startswith(IMMUNO.iri) or OWL.Class in types:
        view.concept = await concept_view(runner, d.iri, labeller)
    return view


def _shown(local: Local, node: Term, labeller: Labeller) -> Shown:
    """A node by its name in the fetched triples, else as the labeller knows it."""
    name = local.text(node, *NAMES)
    shown = labeller.show(node)
    return Shown(name, shown.href, shown.title) if name else shown


async def _article(runner: Runner, e: NamedNode, local: Local, labeller: Labeller) -> ArticleView:
    """Three steps out from the work (roles, parts, venue; people, cited works, volume;
    organisations, journal), plus who cites it."""
    first = local.nodes([e], PRO.isDocumentContextFor, FRBR.part, FRBR.partOf, FRBR.embodiment,
                        DATACITE.hasIdentifier, FRAPO.isFundedBy)
    local.add(await triples_from(runner, first))
    second = local.nodes(first, PRO.isHeldBy, PRO.relatesToOrganization, BIRO.references, FRBR.partOf,
                         FRAPO.isAwardedBy)
    local.add(await triples_from(runner, second))
    third = local.nodes(second, FRBR.partOf, ORG.unitOf, VCARD.hasAddress)
    local.add(await triples_from(runner, third))
    local.add(await triples_from(runner, local.nodes(third, VCARD.hasAddress)))
    citing = await triples_to(runner, [e], [CITO.cites, BIRO.references])
    local.add(citing)
    local.add(await triples_from(runner, [t.subject for t in citing], [*NAMES, PRISM.publicationDate,
                                                                      CT.position, C4O.hasContent]))
    local.add(await triples_to(runner, [t.subject for t in citing if t.predicate == BIRO.references],
                               [FRBR.part]))

    view = ArticleView(date=local.text(e, PRISM.publicationDate), abstract=local.text(e, DCTERMS.abstract),
                       rights=local.text(e, DCTERMS.rights),
                       et_al=local.text(e, CT.authorListTruncated) == "true")
    view.keywords = sorted({o.value for o in local.objects(e, PRISM.keyword)})
    view.concepts = sorted((labeller.show(c) for c in local.objects(e, DCTERMS.subject)),
                           key=lambda s: s.label.casefold())
    _venue(view, e, local, labeller)
    for m in local.objects(e, FRBR.embodiment):
        start, end = local.text(m, PRISM.startingPage), local.text(m, PRISM.endingPage)
        view.pages = f"{start}–{end}" if start and end else start
    view.authors, view.others = _authors(e, local, labeller)
    view.identifiers = sorted(_identifiers(e, local), key=lambda s: s.label)
    view.funding = [Funding(_shown(local, g, labeller), local.text(g, FRAPO.hasGrantNumber),
                            next((_shown(local, f, labeller) for f in local.objects(g, FRAPO.isAwardedBy)), None))
                    for g in local.objects(e, FRAPO.isFundedBy)]
    _sections(view, e, local)
    view.references = sorted(
        (Reference(as_int(first_of(local.objects(be, CT.position))), local.text(be, C4O.hasContent) or "",
                   labeller.show(be),
                   next((_shown(local, c, labeller) for c in local.objects(be, BIRO.references)), None))
         for be in local.objects(e, FRBR.part) if BIRO.BibliographicReference in local.objects(be, RDF.type)),
        key=lambda ref: (ref.number is None, ref.number or 0, ref.raw))
    view.cited_by = _cited_by(e, local, labeller)
    return view


def first_of(values: Sequence[Term]) -> Term | None:
    return values[0] if values else None


def _venue(view: ArticleView, e: NamedNode, local: Local, labeller: Labeller) -> None:
    """Up the frbr:partOf chain: issue, volume, then the journal (or the book)."""
    node: Term = e
    for _ in range(3):
        parents = local.objects(node, FRBR.partOf)
        if not parents:
            return
        node = parents[0]
        types = local.objects(node, RDF.type)
        if FABIO.JournalIssue in types:
            view.issue = local.text(node, FABIO.hasSequenceIdentifier)
        elif FABIO.JournalVolume in types:
            view.volume = local.text(node, FABIO.hasSequenceIdentifier)
        elif FABIO.Journal in types or FABIO.Book in types:
            view.journal = Shown(local.text(node, DCTERMS.title, RDFS.label) or labeller.fallback(node.value),
                                 labeller.href(node.value), node.value)
            return


def _authors(e: NamedNode, local: Local, labeller: Labeller) -> tuple[list[Author], list[tuple[str, Shown]]]:
    """Authors by ct:position, each once, with affiliations; the corresponding author marked."""
    authors: dict[tuple[int | None, Term], Author] = {}
    corresponding: set[Term] = set()
    others: dict[tuple[str, str], Shown] = {}
    for role in local.objects(e, PRO.isDocumentContextFor):
        for person in local.objects(role, PRO.isHeldBy):
            kinds = local.objects(role, PRO.withRole)
            shown = _shown(local, person, labeller)
            if SCORO["corresponding-author"] in kinds:
                corresponding.add(person)
            elif PRO.author in kinds:
                position = as_int(first_of(local.objects(role, CT.position)))
                author = authors.setdefault((position, person), Author(position, shown))
                for org in local.objects(role, PRO.relatesToOrganization):
                    place = _place(org, local)
                    name = _shown(local, org, labeller)
                    name = Shown(f"{name.label} ({place})" if place else name.label, name.href, name.title)
                    if name not in author.affiliations:
                        author.affiliations.append(name)
            else:
                for kind in kinds:
                    others[(humanise(kind.value.rsplit("/", 1)[-1]), person.value)] = shown
    for (_, person), author in authors.items():
        author.corresponding = person in corresponding
    ordered = sorted(authors.values(), key=lambda a: (a.position is None, a.position or 0, a.person.label))
    return ordered, sorted(((role, shown) for (role, _), shown in others.items()), key=lambda x: x[0])


def _place(org: Term, local: Local) -> str:
    """'Caceres, Spain': the address of the organisation, or of the one it is a unit of."""
    for node in (org, *local.objects(org, ORG.unitOf)):
        for address in local.objects(node, VCARD.hasAddress):
            parts = [local.text(address, VCARD.locality), local.text(address, VCARD["country-name"])]
            if any(parts):
                return ", ".join(p for p in parts if p)
    return ""


def _identifiers(e: NamedNode, local: Local) -> Iterator[Shown]:
    for node in local.objects(e, DATACITE.hasIdentifier):
        value = local.text(node, LITERAL.hasLiteralValue)
        if not value:
            continue
        scheme = next((s.value.rsplit("/", 1)[-1] for s in local.objects(node, DATACITE.usesIdentifierScheme)), "id")
        link = IDENTIFIER_LINKS.get(scheme)
        yield Shown(f"{scheme.upper()} {value}", link.format(value) if link else None, node.value)


def _sections(view: ArticleView, e: NamedNode, local: Local) -> None:
    found = [(local.text(part, DCTERMS.type), local.text(part, DCTERMS.title) or "",
              local.text(part, C4O.hasContent) or "")
             for part in local.objects(e, FRBR.part) if DEO.DiscourseElement in local.objects(part, RDF.type)]
    found.sort(key=lambda s: (SECTION_ORDER.index(s[0]) if s[0] in SECTION_ORDER else len(SECTION_ORDER), s[1]))
    view.funding_printed = [text for kind, _, text in found if kind == "funding"]
    view.sections = [(title, text) for kind, title, text in found if kind != "funding"]


def _cited_by(e: NamedNode, local: Local, labeller: Labeller) -> list[WorkItem]:
    """Works citing this one, each with the reference entry it is cited by, if any."""
    items = []
    for work in local.subjects(CITO.cites, e):
        entry = next((be for be in local.subjects(BIRO.references, e) if be in local.objects(work, FRBR.part)),
                     None)
        detail = None
        if entry is not None:
            number = local.text(entry, CT.position)
            detail = f"reference {number}: {local.text(entry, C4O.hasContent)}" if number else \
                local.text(entry, C4O.hasContent)
        items.append(WorkItem(_shown(local, work, labeller), year_of(local.text(work, PRISM.publicationDate)),
                              detail))
    return sorted(items, key=lambda w: w.work.label.casefold())


async def _person(runner: Runner, e: NamedNode, labeller: Labeller) -> tuple[list[WorkItem], list[Shown]]:
    """The works a person holds a role in (author n, corresponding author, editor...)."""
    local = Local(await triples_to(runner, [e], [PRO.isHeldBy], MAX_ROLES))
    roles = local.subjects(PRO.isHeldBy, e)
    local.add(await triples_from(runner, roles, [PRO.withRole, CT.position, PRO.relatesToOrganization]))
    local.add(await triples_to(runner, roles, [PRO.isDocumentContextFor], MAX_ROLES))
    works = {w for role in roles for w in local.subjects(PRO.isDocumentContextFor, role)}
    orgs = local.nodes(roles, PRO.relatesToOrganization)
    local.add(await triples_from(runner, [*works, *orgs], [*NAMES, PRISM.publicationDate]))
    items = []
    for work in works:
        kinds = set()
        for role in local.objects(work, PRO.isDocumentContextFor):
            if role in roles:
                for kind in local.objects(role, PRO.withRole):
                    name = humanise(kind.value.rsplit("/", 1)[-1])
                    position = local.text(role, CT.position)
                    kinds.add(f"author {position}" if name == "author" and position else name)
        items.append(WorkItem(_shown(local, work, labeller), year_of(local.text(work, PRISM.publicationDate)),
                              ", ".join(sorted(kinds))))
    items.sort(key=lambda w: (w.year or "", w.work.label.casefold()), reverse=True)
    affiliations = sorted({_shown(local, org, labeller) for org in orgs}, key=lambda s: s.label)
    return items, affiliations


async def _members(runner: Runner, e: NamedNode, labeller: Labeller) -> list[tuple[Shown, list[Shown]]]:
    """People whose roles relate to this organisation or to one of its units, with the works."""
    units: list[Any] = [t.subject for t in await triples_to(runner, [e], [ORG.unitOf])]
    local = Local(await triples_to(runner, [e, *units], [PRO.relatesToOrganization], MAX_ROLES))
    roles = [r for org in (e, *units) for r in local.subjects(PRO.relatesToOrganization, org)]
    local.add(await triples_from(runner, roles, [PRO.isHeldBy, PRO.withRole]))
    local.add(await triples_to(runner, roles, [PRO.isDocumentContextFor], MAX_ROLES))
    people = local.nodes([r for r in roles if PRO.author in local.objects(r, PRO.withRole)], PRO.isHeldBy)
    works = [w for r in roles for w in local.subjects(PRO.isDocumentContextFor, r)]
    local.add(await triples_from(runner, [*people, *works], NAMES))
    members: dict[Term, tuple[Shown, list[Shown]]] = {}
    for role in roles:
        if PRO.author not in local.objects(role, PRO.withRole):
            continue
        for person in local.objects(role, PRO.isHeldBy):
            _, listed = members.setdefault(person, (_shown(local, person, labeller), []))
            for work in local.subjects(PRO.isDocumentContextFor, role):
                shown = _shown(local, work, labeller)
                if shown not in listed:
                    listed.append(shown)
    return sorted(members.values(), key=lambda m: m[0].label.casefold())


# --- Concepts: the claims that involve them -----------------------------------------------

NARROWER = """SELECT DISTINCT ?c WHERE { VALUES ?e { $E } ?c rdfs:subClassOf* ?e } LIMIT 2000"""
"""The concept and every class under it, walked from the constant up the index of objects."""
CLAIM_ROLES = {RDF.subject: "subject", RDF.object: "object", CT.ofCell: "of cell"}
MAX_CLAIMS = 2000
"""Claim links followed from one concept and its narrower ones."""


async def concept_view(runner: Runner, e: NamedNode, labeller: Labeller) -> ConceptView:
    """Claims in which the concept, or a narrower one, is the subject, the object or the
    cell whose process is the object (ct:ofCell), as queries/claims-about-concept.rq with
    narrower=true, fetched a step at a time: narrower classes, the claims pointing at them,
    the claims, their sources (reference entries or articles), the cited works."""
    narrower = [r["c"] for r in await select(runner, NARROWER, e) if isinstance(r.get("c"), NamedNode)]
    concepts = list(dict.fromkeys([e, *narrower]))
    links = await triples_to(runner, concepts, list(CLAIM_ROLES), MAX_CLAIMS)
    linked: list[Term] = list(dict.fromkeys(t.subject for t in links if isinstance(t.subject, NamedNode)))
    local = Local(links)
    local.add(await triples_from(runner, linked))
    claims = [c for c in linked if CT.Claim in local.objects(c, RDF.type)]
    sources = local.nodes(claims, PROV.wasQuotedFrom, PROV.hadPrimarySource)
    named = local.nodes(claims, RDF.subject, RDF.predicate, RDF.object, CT.ofCell)
    local.add(await triples_from(runner, [*sources, *named, *narrower],
                                 [*NAMES, RDF.type, CT.position, C4O.hasContent, BIRO.references,
                                  PRISM.publicationDate]))
    cited = local.nodes(sources, BIRO.references)
    entries = [s for s in sources if BIRO.BibliographicReference in local.objects(s, RDF.type)]
    containing = await triples_to(runner, entries, [FRBR.part])
    local.add(containing)
    local.add(await triples_from(runner, [*cited, *(t.subject for t in containing)],
                                 [*NAMES, PRISM.publicationDate]))
    items = [_claim_item(c, set(concepts), e, local, labeller) for c in claims]
    items.sort(key=lambda i: (i.number is not None, i.number or 0, i.kind != "hypothesis", i.claim.label.casefold()))
    shown_narrower = sorted((_shown(local, n, labeller) for n in narrower if n != e), key=lambda s: s.label.casefold())
    local_name = e.value[len(IMMUNO.iri):] if e.value.startswith(IMMUNO.iri) else ""
    return ConceptView(items, shown_narrower, f"/ontology#{local_name}" if local_name else "")


def _claim_item(c: Term, concepts: set[Term], e: NamedNode, local: Local, labeller: Labeller) -> ClaimItem:
    roles, via = [], []
    for predicate, role in CLAIM_ROLES.items():
        for o in local.objects(c, predicate):
            if o in concepts:
                roles.append(role)
                if o != e and o not in via:
                    via.append(o)
    source = first_of(local.objects(c, PROV.wasQuotedFrom))
    item = ClaimItem(
        claim=_shown(local, c, labeller), kind=local.text(c, CT.claimKind) or "finding",
        negated=local.text(c, CT.negated) in ("true", "1"), evidence=local.text(c, CT.evidenceText) or "",
        roles=roles, via=[_shown(local, v, labeller) for v in via],
        subject=_concept_shown(local, first_of(local.objects(c, RDF.subject)), labeller),
        relation=_concept_shown(local, first_of(local.objects(c, RDF.predicate)), labeller),
        object=_concept_shown(local, first_of(local.objects(c, RDF.object)), labeller),
        of_cell=[_concept_shown(local, o, labeller) for o in local.objects(c, CT.ofCell)])
    if source is not None and BIRO.BibliographicReference in local.objects(source, RDF.type):
        item.number = as_int(first_of(local.objects(source, CT.position)))
        item.raw = local.text(source, C4O.hasContent)
        item.reference = Shown(f"reference {item.number}" if item.number is not None else "reference",
                               labeller.href(source.value), source.value)  # type: ignore[union-attr]
        work = first_of(local.objects(source, BIRO.references))
        article = first_of(local.subjects(FRBR.part, source))
        item.in_article = _shown(local, article, labeller) if article is not None else None
    else:
        work = source
    if work is None:
        work = first_of(local.objects(c, PROV.hadPrimarySource))
    if work is not None:
        item.work = _shown(local, work, labeller)
        item.year = year_of(local.text(work, PRISM.publicationDate))
    return item


def _concept_shown(local: Local, node: Term | None, labeller: Labeller) -> Shown:
    if node is None:
        return Shown("?")
    return _shown(local, node, labeller)
