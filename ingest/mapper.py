"""Records -> quads, following the data model of DESIGN.md (OCDM-compatible SPAR terms).

A pure function: the same record, minter and time give the same quads. Each document
becomes one named graph; its provenance (PROV-O) goes in a companion graph
``{graph}/prov`` so that both can be replaced together in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Quad

from crosstalk import __version__
from crosstalk.iri import Minter
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
    LITERAL,
    OCO,
    ORG,
    PRISM,
    PRO,
    PROV,
    RDF,
    RDFS,
    SCORO,
    VCARD,
    XSD,
)
from ingest.identity import journal_key, person_key, work_key
from ingest.records import Affiliation, Article, Author, Document, PersonName, Work

if TYPE_CHECKING:
    from ingest.claims import Claim

ConceptFinder = Callable[..., Sequence[str]]
"""Texts about one work -> IRIs of the ontology concepts they mention (ingest.concepts.concepts_in)."""
ClaimFinder = Callable[[str], Sequence["Claim"]]
"""A title or abstract -> the claims it states (ingest.claims.extract_claims)."""
SINGLE_VALUED = frozenset({FOAF.familyName, FOAF.givenName, FOAF.name, RDFS.label, DCTERMS.title,
                           PRISM.publicationDate, LITERAL.hasLiteralValue})
"""Printed variants of one name or title ("PLoS One"/"PloS One") keep the first one met."""

WORK_TYPES: dict[str, tuple[NamedNode, ...]] = {
    "journal-article": (FABIO.Expression, FABIO.JournalArticle),
    "book": (FABIO.Expression, FABIO.Book),
    "chapter": (FABIO.Expression, FABIO.BookChapter),
    "thesis": (FABIO.Expression, FABIO.Thesis),
    "web-page": (FABIO.Expression, FABIO.WebContent),
    "other": (FABIO.Expression,),
}
SECTION_TYPES: dict[str, NamedNode] = {
    "acknowledgements": DEO.Acknowledgements,
}
A = RDF.type


Statement = tuple[NamedNode, NamedNode, NamedNode | Literal]
"""(subject, predicate, object): a quad of a known graph, as the mapper made it."""


@dataclass(frozen=True)
class MappedDocument:
    """A document's graph and its provenance graph, as statements.

    Their pyoxigraph quads are made on first use: a Quad whose object is a literal costs
    1.5 µs to make (pyoxigraph first tries, and fails, to read the literal as each other
    kind of term), a third of the mapping. An ingest worker needs none: it can check
    ``statements`` (ingest.validate.validate_statements, also faster than validating the
    quads) and write ``nquads()``.
    """

    graph: NamedNode
    provenance_graph: NamedNode
    graph_statements: list[Statement]  # each once
    provenance_statements: list[Statement]

    @cached_property
    def quads(self) -> list[Quad]:
        return _quads(self.graph_statements, self.graph)

    @cached_property
    def provenance(self) -> list[Quad]:
        return _quads(self.provenance_statements, self.provenance_graph)

    @property
    def statements(self) -> list[Statement]:
        """Of both graphs, in the order of quads + provenance."""
        return self.graph_statements + self.provenance_statements

    def nquads(self) -> bytes:
        """The N-Quads of both graphs: the bytes serialize(quads + provenance, RdfFormat.N_QUADS)
        writes, since pyoxigraph prints each term there as str() does, an IRI as <IRI> (which
        is formatted here: twice as fast as str())."""
        lines: list[str] = []
        for graph, statements in ((self.graph, self.graph_statements),
                                  (self.provenance_graph, self.provenance_statements)):
            end = f" <{graph.value}> .\n"
            lines += [f"<{s.value}> <{p.value}> <{o.value}>{end}" if type(o) is NamedNode
                      else f"<{s.value}> <{p.value}> {o}{end}" for s, p, o in statements]
        return "".join(lines).encode()


def _quads(statements: Iterable[Statement], graph: NamedNode) -> list[Quad]:
    return [Quad(s, p, o, graph) for s, p, o in statements]


def provenance_graph(graph: NamedNode) -> NamedNode:
    """Where a document graph's PROV-O statements live."""
    return NamedNode(f"{graph.value}/prov")


def document_graph(doc: Document, minter: Minter) -> NamedNode:
    """One graph per source document: same source and same work -> same graph."""
    if len(doc.articles) == 1:
        return minter("graph", doc.format, *work_key(doc.articles[0].work, doc.path))
    return minter("graph", doc.format, "file", doc.path)


def map_document(doc: Document, minter: Minter, *, generated_at: str,
                 concepts: ConceptFinder | None = None, claims: ClaimFinder | None = None) -> MappedDocument:
    graph = document_graph(doc, minter)
    out = _Quads(graph)
    for article in doc.articles:
        _article(out, article, minter, concepts, claims)
    prov_graph = provenance_graph(graph)
    statements = list(dict.fromkeys(out.statements))  # a journal or person met twice is described once
    return MappedDocument(graph, prov_graph, statements,
                          _provenance(graph, prov_graph, doc, minter, generated_at).statements)


class _Quads:
    """Collects the statements of one graph; skips None objects so callers stay flat."""

    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self.statements: list[Statement] = []
        self._single: set[tuple[NamedNode, NamedNode]] = set()
        self.authored: set[NamedNode] = set()  # works whose author list is already described

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal | str | None) -> None:
        if o is None:
            return
        if isinstance(o, str):
            if not o:
                return
            o = Literal(o)
        if p in SINGLE_VALUED:
            if (s, p) in self._single:
                return
            self._single.add((s, p))
        self.statements.append((s, p, o))

    def types(self, s: NamedNode, *classes: NamedNode) -> None:
        for c in classes:
            self.statements.append((s, A, c))


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def _year(value: int) -> Literal:
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def _date(work: Work) -> Literal | None:
    if work.date and len(work.date) == 10:
        return Literal(work.date, datatype=XSD.date)
    if work.date and len(work.date) == 7:
        return Literal(work.date, datatype=XSD.gYearMonth)
    return _year(work.year) if work.year else None


def _article(out: _Quads, article: Article, minter: Minter, concepts: ConceptFinder | None,
             claims: ClaimFinder | None = None) -> None:
    work = article.work
    # The article's authors come with their affiliations below, not as a cited work's list.
    br = _work(out, work, minter, ("article", out.graph.value), with_authors=not article.authors)
    if article.is_review:
        out.types(br, FABIO.ReviewArticle)
    out.add(br, DCTERMS.abstract, article.abstract)
    for keyword in article.keywords:
        out.add(br, PRISM.keyword, keyword)
    if article.language:
        out.add(br, DCTERMS.language, article.language)
    _authors(out, br, work, article.authors, article.affiliations, minter)
    for grant in article.grants:
        node = minter("grant", grant.funder, grant.number, grant.raw)
        out.add(br, FRAPO.isFundedBy, node)
        out.types(node, FRAPO.Grant)
        out.add(node, FRAPO.hasGrantNumber, grant.number)
        out.add(node, RDFS.label, grant.raw or grant.number)
        if grant.year:
            out.add(node, DCTERMS.date, _year(grant.year))
        if grant.funder:
            funder = minter("ra", "funder", grant.funder)
            out.add(node, FRAPO.isAwardedBy, funder)
            out.types(funder, FOAF.Agent, FOAF.Organization)
            out.add(funder, FOAF.name, grant.funder)
    for section in article.sections:
        de = minter("de", *work_key(work), section.kind, section.title)
        out.add(br, FRBR.part, de)
        out.types(de, DEO.DiscourseElement)
        if section.kind in SECTION_TYPES:
            out.types(de, SECTION_TYPES[section.kind])
        out.add(de, DCTERMS.title, section.title)
        out.add(de, DCTERMS.type, section.kind)
        out.add(de, C4O.hasContent, section.text)
    if article.copyright_holder:
        out.add(br, DCTERMS.rights, f"© {article.copyright_holder}"
                + (f" {article.copyright_year}" if article.copyright_year else ""))
        out.add(br, DCTERMS.rightsHolder, article.copyright_holder)
    if article.copyright_year:
        out.add(br, FABIO.hasCopyrightYear, _year(article.copyright_year))
    for index, ref in enumerate(article.references, start=1):
        number = ref.number if ref.number is not None else index
        be = minter("be", *work_key(work), number)
        cited = _work(out, ref.work, minter, ("reference", ref.raw))
        out.add(br, FRBR.part, be)
        out.types(be, BIRO.BibliographicReference)
        out.add(be, C4O.hasContent, ref.raw)
        out.add(be, BIRO.references, cited)
        out.add(be, CT.position, _int(number))
        for link in ref.links:
            out.add(be, CT.linkMarker, link)
        out.add(br, CITO.cites, cited)
        _subjects(out, cited, concepts, ref.work.title)
        _claims(out, minter, claims, be, cited, DCTERMS.title, ref.work.title)
    _subjects(out, br, concepts, work.title, article.abstract, *article.keywords)
    _claims(out, minter, claims, br, br, DCTERMS.title, work.title)
    _claims(out, minter, claims, br, br, DCTERMS.abstract, article.abstract)


def _claims(out: _Quads, minter: Minter, claims: ClaimFinder | None, source: NamedNode, primary: NamedNode,
            field: NamedNode, text: str | None) -> None:
    """Each claim reified (rdf:Statement), never asserted: a paper's finding is not a fact.

    prov:wasQuotedFrom names the text it was read from (a reference as printed, or the
    article), prov:hadPrimarySource the work whose authors state it; both specialise
    prov:wasDerivedFrom, which crosstalk keeps for graph -> source file. The evidence
    offsets index the ``field`` literal (dcterms:title / dcterms:abstract) of ``primary``.
    """
    if claims is None or not text:
        return
    for c in claims(text):
        node = minter("claim", source.value, field.value, c.start, c.end, c.subject, c.relation, c.object,
                      *c.of_cell, c.negated)
        out.types(node, RDF.Statement, CT.Claim, PROV.Entity)
        out.add(node, RDF.subject, NamedNode(c.subject))
        out.add(node, RDF.predicate, NamedNode(c.relation))
        out.add(node, RDF.object, NamedNode(c.object))
        for cell in c.of_cell:
            out.add(node, CT.ofCell, NamedNode(cell))
        out.add(node, CT.negated, Literal("true" if c.negated else "false", datatype=XSD.boolean))
        out.add(node, CT.claimKind, c.kind)
        out.add(node, RDFS.label, c.label)
        out.add(node, PROV.wasQuotedFrom, source)
        out.add(node, PROV.hadPrimarySource, primary)
        out.add(node, CT.evidenceText, c.evidence)
        out.add(node, CT.evidenceStart, _int(c.start))
        out.add(node, CT.evidenceEnd, _int(c.end))
        out.add(node, CT.evidenceIn, field)


def _subjects(out: _Quads, br: NamedNode, concepts: ConceptFinder | None, *texts: str | None) -> None:
    """All texts of one work in one call: a keyword like "Homing" is read in its title's context."""
    if concepts is None:
        return
    for iri in concepts(*(t for t in texts if t)):
        out.add(br, DCTERMS.subject, NamedNode(iri))


def _work(out: _Quads, work: Work, minter: Minter, fallback: tuple[str, str], *,
          with_authors: bool = True) -> NamedNode:
    key = work_key(work, "\x1f".join(fallback))
    br = minter("br", *key)
    out.types(br, *WORK_TYPES.get(work.type, WORK_TYPES["other"]))
    out.add(br, DCTERMS.title, work.title)
    out.add(br, RDFS.label, work.title)
    out.add(br, PRISM.publicationDate, _date(work))
    for ident in work.identifiers:
        node = minter("id", ident.scheme, ident.value.lower() if ident.scheme == "doi" else ident.value)
        out.add(br, DATACITE.hasIdentifier, node)
        out.types(node, DATACITE.Identifier)
        out.add(node, DATACITE.usesIdentifierScheme, DATACITE[ident.scheme])
        out.add(node, LITERAL.hasLiteralValue, ident.value)
    _container(out, br, work, minter)
    if work.first_page:
        re_ = minter("re", *key)
        out.add(br, FRBR.embodiment, re_)
        out.types(re_, FABIO.Manifestation)
        out.add(re_, PRISM.startingPage, work.first_page)
        out.add(re_, PRISM.endingPage, work.last_page)
    if with_authors and (work.authors or work.et_al) and br not in out.authored:
        # A work cited twice, its authors printed differently ("Boxer, S." and "Boxer, S. G."):
        # the first list only, or the role before the difference would have two next roles.
        out.authored.add(br)
        _cited_authors(out, br, key, work, minter)
    if work.publisher:
        ar = minter("ar", *key, "publisher", work.publisher)
        publisher = minter("ra", "publisher", work.publisher)
        out.add(br, PRO.isDocumentContextFor, ar)
        out.types(ar, PRO.RoleInTime)
        out.add(ar, PRO.withRole, PRO.publisher)
        out.add(ar, PRO.isHeldBy, publisher)
        out.types(publisher, FOAF.Agent, FOAF.Organization)
        out.add(publisher, FOAF.name, work.publisher)
    return br


def _container(out: _Quads, br: NamedNode, work: Work, minter: Minter) -> None:
    """Article -> issue -> volume -> journal (each level only when printed)."""
    if not work.container:
        return
    if work.type == "chapter":
        book = minter("br", "book", work.container, work.year)
        out.add(br, FRBR.partOf, book)
        out.types(book, FABIO.Expression, FABIO.Book)
        out.add(book, DCTERMS.title, work.container)
        out.add(book, RDFS.label, work.container)
        return
    jkey = journal_key(work.container)
    journal = minter("br", *jkey)
    out.types(journal, FABIO.Expression, FABIO.Journal)
    out.add(journal, DCTERMS.title, work.container)
    out.add(journal, RDFS.label, work.container)
    parent = journal
    if work.volume:
        volume = minter("br", *jkey, "volume", work.volume)
        out.types(volume, FABIO.Expression, FABIO.JournalVolume)
        out.add(volume, FABIO.hasSequenceIdentifier, work.volume)
        out.add(volume, FRBR.partOf, journal)
        out.add(volume, RDFS.label, f"{work.container}, volume {work.volume}")
        parent = volume
    if work.issue:
        issue = minter("br", *jkey, "volume", work.volume, "issue", work.issue)
        out.types(issue, FABIO.Expression, FABIO.JournalIssue)
        out.add(issue, FABIO.hasSequenceIdentifier, work.issue)
        out.add(issue, FRBR.partOf, parent)
        label = f"{work.container}, volume {work.volume}" if work.volume else work.container
        out.add(issue, RDFS.label, f"{label}, issue {work.issue}")
        parent = issue
    out.add(br, FRBR.partOf, parent)


def _person(out: _Quads, name: PersonName, minter: Minter, orcid: str | None = None) -> NamedNode:
    key = person_key(name, orcid)
    ra = minter("ra", *key)
    out.types(ra, FOAF.Agent, FOAF.Person)
    out.add(ra, FOAF.familyName, name.family)
    out.add(ra, FOAF.givenName, name.given)
    out.add(ra, FOAF.name, name.full)
    out.add(ra, RDFS.label, name.full)
    out.add(ra, CT.identifiedBy, key[0])
    if orcid:
        ident = minter("id", "orcid", orcid)
        out.add(ra, DATACITE.hasIdentifier, ident)
        out.types(ident, DATACITE.Identifier)
        out.add(ident, DATACITE.usesIdentifierScheme, DATACITE.orcid)
        out.add(ident, LITERAL.hasLiteralValue, orcid)
    return ra


def _role(out: _Quads, br: NamedNode, key: Iterable[str], role: NamedNode, position: int,
          person: NamedNode, minter: Minter) -> NamedNode:
    # The person is part of the role's identity: two sources naming the first author differently
    # ("P. A." and no given name) give two roles at position 1, never one role held by two people.
    ar = minter("ar", *key, role.value, position, person.value)
    out.add(br, PRO.isDocumentContextFor, ar)
    out.types(ar, PRO.RoleInTime)
    out.add(ar, PRO.withRole, role)
    out.add(ar, PRO.isHeldBy, person)
    out.add(ar, CT.position, _int(position))
    return ar


def _chain(out: _Quads, roles: list[NamedNode]) -> None:
    for current, nxt in zip(roles, roles[1:], strict=False):
        out.add(current, OCO.hasNext, nxt)


def _cited_authors(out: _Quads, br: NamedNode, key: tuple[str, ...], work: Work, minter: Minter) -> None:
    roles = [_role(out, br, key, PRO.author, i, _person(out, name, minter), minter)
             for i, name in enumerate(work.authors, start=1)]
    _chain(out, roles)
    if work.et_al:
        out.add(br, CT.authorListTruncated, Literal("true", datatype=XSD.boolean))


def _authors(out: _Quads, br: NamedNode, work: Work, authors: Sequence[Author],
             affiliations: Sequence[Affiliation], minter: Minter) -> None:
    """The article's own authors: roles in order, corresponding author, affiliations."""
    if not authors:
        return
    key = work_key(work)
    orgs = {a.label: _affiliation(out, a, minter) for a in affiliations}
    roles = []
    for position, author in enumerate(authors, start=1):
        person = _person(out, author.name, minter, author.orcid)
        ar = _role(out, br, key, PRO.author, position, person, minter)
        roles.append(ar)
        for label in author.affiliations:
            if label in orgs:
                out.add(ar, PRO.relatesToOrganization, orgs[label])
        if author.email:
            out.add(person, FOAF.mbox, NamedNode(f"mailto:{author.email}"))
        if author.corresponding:
            corr = _role(out, br, key, SCORO["corresponding-author"], position, person, minter)
            for label in author.affiliations:
                if label in orgs:
                    out.add(corr, PRO.relatesToOrganization, orgs[label])
    _chain(out, roles)


def _affiliation(out: _Quads, aff: Affiliation, minter: Minter) -> NamedNode:
    """The unit when one is printed (org:unitOf its organisation), else the organisation."""
    org = minter("org", aff.organisation, aff.city, aff.country)
    out.types(org, FOAF.Organization)
    out.add(org, FOAF.name, aff.organisation)
    out.add(org, RDFS.label, aff.organisation)
    if aff.city or aff.country:
        address = NamedNode(f"{org.value}#address")
        out.add(org, VCARD.hasAddress, address)
        out.types(address, VCARD.Address)
        out.add(address, VCARD.locality, aff.city)
        out.add(address, VCARD["country-name"], aff.country)
    if not aff.unit:
        return org
    unit = minter("org", aff.unit, aff.organisation, aff.city, aff.country)
    out.types(unit, ORG.OrganizationalUnit)
    out.add(unit, ORG.unitOf, org)
    out.add(unit, FOAF.name, aff.unit)
    out.add(unit, RDFS.label, f"{aff.unit}, {aff.organisation}")
    return unit


def provenance(graph: NamedNode, prov_graph: NamedNode, doc: Document, minter: Minter,
                generated_at: str) -> list[Quad]:
    return _quads(_provenance(graph, prov_graph, doc, minter, generated_at).statements, prov_graph)


def _provenance(graph: NamedNode, prov_graph: NamedNode, doc: Document, minter: Minter,
                generated_at: str) -> _Quads:
    out = _Quads(prov_graph)
    source = NamedNode(f"{graph.value}/source")
    activity = NamedNode(f"{graph.value}/ingest")
    software = NamedNode(f"{minter.base}software/crosstalk/{__version__}")
    when = Literal(generated_at, datatype=XSD.dateTime)
    out.types(graph, PROV.Entity)
    out.add(graph, PROV.wasDerivedFrom, source)
    out.add(graph, PROV.generatedAtTime, when)
    out.add(graph, PROV.wasGeneratedBy, activity)
    out.types(source, PROV.Entity)
    out.add(source, PROV.atLocation, doc.path)
    out.add(source, CT.sha256, doc.sha256)
    out.add(source, DCTERMS["format"], doc.format)
    out.types(activity, PROV.Activity)
    out.add(activity, PROV.endedAtTime, when)
    out.add(activity, PROV.wasAssociatedWith, software)
    out.add(activity, PROV.used, source)
    out.types(software, PROV.SoftwareAgent)
    out.add(software, RDFS.label, f"crosstalk {__version__}")
    for warning in doc.warnings:
        out.add(graph, RDFS.comment, str(warning))
    return out
