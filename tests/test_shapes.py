"""ontology/shapes.ttl, the fast per-document validator and pyshacl, on mapper output.

The mapper's output for a realistic record must conform; each deliberately broken graph
must be reported by both engines on the same focus node and path (and both engines must
report exactly the same results), so the compiled checks never drift from pyshacl.
"""

from __future__ import annotations

import hashlib
import timeit
from collections.abc import Callable, Iterable
from dataclasses import replace

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from crosstalk.iri import Minter
from crosstalk.store import OxigraphStore
from crosstalk.vocab import (
    BIRO,
    C4O,
    CITO,
    CT,
    DATACITE,
    DCTERMS,
    FABIO,
    FOAF,
    FRBR,
    IMMUNO,
    LITERAL,
    OCO,
    ORG,
    PRISM,
    PRO,
    PROV,
    RDF,
    XSD,
)
from ingest.mapper import map_document
from ingest.records import (
    Affiliation,
    Article,
    Author,
    Document,
    Grant,
    Identifier,
    Location,
    PersonName,
    Reference,
    Section,
    Warning_,
    Work,
)
from ingest.validate import UnsupportedShape, Violation, load_shapes, pyshacl_report, validate_quads, validate_store

MINT = Minter("http://example.org/")
NOW = "2026-11-28T12:00:00Z"
Key = tuple[str, str, str, str]  # focus, path, severity, constraint component

# ------------------------------------------------------------------ a realistic record

AUTHORS = (
    Author(PersonName("Casado", "Javier G."), ("1",), corresponding=True, email="jgcasado@example.org"),
    Author(PersonName("Tarazona", "R."), ("2",)),
    Author(PersonName("Sanchez-Margallo", "F. M."), ("1",)),
)
ARTICLE = Article(
    # The Springer reader fills both Work.authors and Article.authors; so does this record.
    work=Work(title="NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity",
              authors=tuple(a.name for a in AUTHORS), year=2013, date="2013-04",
              container="Stem Cell Reviews and Reports", volume="9", issue="2", first_page="184", last_page="189",
              identifiers=(Identifier("doi", "10.1007/s12015-013-9430-y"),)),
    authors=AUTHORS,
    affiliations=(
        Affiliation("1", "Minimally Invasive Surgery Centre Jesus Uson", "Stem Cell Therapy Unit", "Caceres", "Spain"),
        Affiliation("2", "University of Extremadura", "Immunology Unit, Department of Physiology", "Caceres",
                    "Spain"),
    ),
    abstract="This review summarizes the susceptibility of MSCs to NK cell mediated lysis.",
    keywords=("NK cells", "Mesenchymal stem cells", "Immunomodulation"),
    grants=(Grant("Subprograma Inncorpora-Torres Quevedo", "PTQ-11-04554", 2011,
                  "Subprograma Inncorpora-Torres Quevedo 2011 (PTQ-11-04554)"),),
    sections=(Section("acknowledgements", "Acknowledgements", "Thanks to V Alvarez and V Crisostomo."),
              Section("conflict-of-interest", "Disclosure of Potential Conflicts of Interest",
                      "The authors declare no conflict of interest or financial interests.")),
    copyright_holder="Springer Science+Business Media New York", copyright_year=2013, is_review=True,
    language="en",
    references=(
        Reference("Chen, X., Armstrong, M. A., & Li, G. (2006). Mesenchymal stem cells in immunoregulation. "
                  "Immunology and Cell Biology, 84(5), 413–421.",
                  Work(title="Mesenchymal stem cells in immunoregulation",
                       authors=(PersonName("Chen", "X."), PersonName("Armstrong", "M. A."), PersonName("Li", "G.")),
                       year=2006, container="Immunology and Cell Biology", volume="84", issue="5",
                       first_page="413", last_page="421"), 1, ("PubMed", "CrossRef", "Google Scholar")),
        Reference("Shi, Y., Su, J., Roberts, A. I., et al. (2012). How mesenchymal stem cells interact with "
                  "tissue immune responses. Trends in Immunology, 33(3), 136–143.",
                  Work(title="How mesenchymal stem cells interact with tissue immune responses",
                       authors=(PersonName("Shi", "Y."), PersonName("Su", "J."), PersonName("Roberts", "A. I.")),
                       et_al=True, year=2012, container="Trends in Immunology", volume="33", issue="3",
                       first_page="136", last_page="143",
                       identifiers=(Identifier("doi", "10.1016/j.it.2011.11.004"), Identifier("pmid", "22227317"))),
                  2, ("PubMed",)),
        Reference("Chen, L., Tredget, E. E., Wu, P. Y., & Wu, Y. (2008). Paracrine factors of mesenchymal stem "
                  "cells recruit macrophages. PLoS One, 3(4), e1886.",
                  Work(title="Paracrine factors of mesenchymal stem cells recruit macrophages",
                       authors=(PersonName("Chen", "L."), PersonName("Tredget", "E. E.")), et_al=True, year=2008,
                       container="PLoS One", volume="3", issue="4", first_page="e1886"), 3),
        Reference("Moretta, L. (2010). Natural killer cells. In Innate Immunity (pp. 1–20). Academic Press.",
                  Work(title="Natural killer cells", authors=(PersonName("Moretta", "L."),), year=2010,
                       type="chapter", container="Innate Immunity", first_page="1", last_page="20",
                       publisher="Academic Press"), 4),
        Reference("Anonymous. Unreadable reference string ((( 2001", Work(), 5),
    ),
)


def concepts(*texts: str) -> list[str]:
    text = " ".join(texts)
    found = []
    if "NK" in text or "killer" in text:
        found.append(IMMUNO.NaturalKillerCell.value)
    if "esenchymal" in text or "MSC" in text:
        found.append(IMMUNO.MesenchymalStemCell.value)
    return found


def document(article: Article = ARTICLE, path: str = "corpus/000_efc0945d80765837.txt") -> Document:
    return Document(path, "springer-page", hashlib.sha256(path.encode()).hexdigest(), (article,),
                    (Warning_(Location(path, 7), "author R. Tarazona: no e-mail printed"),))


def quads_of(article: Article = ARTICLE, path: str = "corpus/000_efc0945d80765837.txt") -> list[Quad]:
    """The quads ingest validates: the document graph and its provenance graph."""
    mapped = map_document(document(article, path), MINT, generated_at=NOW, concepts=concepts)
    return mapped.quads + mapped.provenance


# ------------------------------------------------------------------ the two engines

def pyshacl_results(quads: Iterable[Quad]) -> list[Violation]:
    """Every result pyshacl gives (violations and warnings), for comparison."""
    report = pyshacl_report(quads)
    return report.violations + report.warnings


def keys(violations: Iterable[Violation]) -> set[Key]:
    return {(v.focus, v.path, v.severity, v.component) for v in violations}


# ------------------------------------------------------------------ mapper output conforms

def test_mapper_output_conforms_to_the_shapes():
    assert [str(v) for v in validate_quads(quads_of(), warnings=True)] == []


def test_pyshacl_agrees_that_mapper_output_conforms():
    assert [str(v) for v in pyshacl_results(quads_of())] == []


def test_every_predicate_the_mapper_emits_is_constrained_by_some_shape():
    paths = {c.predicate for s in load_shapes().shapes for c in s.properties if c.predicate is not None}
    emitted = {q.predicate for q in quads_of()}
    assert sorted(p.value for p in emitted - paths) == []


def test_an_author_with_an_orcid_holds_their_role_alone():
    casado = replace(AUTHORS[0], orcid="0000-0002-1825-0097")
    article = replace(ARTICLE, authors=(casado, *AUTHORS[1:]))
    assert [str(v) for v in validate_quads(quads_of(article))] == []


def test_the_shapes_already_accept_journals_typed_as_expressions():
    """The proposed mapper fix (OCDM types journals, volumes and issues fabio:Expression too) needs no
    change of shapes."""
    quads = quads_of()
    containers = {q.subject for q in quads if q.predicate == RDF.type
                  and q.object in (FABIO.Journal, FABIO.JournalVolume, FABIO.JournalIssue)}
    assert len(containers) >= 3
    for node in sorted(containers, key=str):
        quads = plus(quads, node, RDF.type, FABIO.Expression)
    assert validate_quads(quads, warnings=True) == []


# ------------------------------------------------------------------ broken graphs

def typed(quads: list[Quad], cls: NamedNode, n: int = 0) -> NamedNode:
    subjects = sorted({str(q.subject) for q in quads if q.predicate == RDF.type and q.object == cls})
    return NamedNode(subjects[n].strip("<>"))


def value(quads: list[Quad], s: NamedNode, p: NamedNode) -> NamedNode:
    found = next(q.object for q in quads if q.subject == s and q.predicate == p)
    assert isinstance(found, NamedNode)
    return found


def without(quads: list[Quad], s: NamedNode, p: NamedNode) -> list[Quad]:
    return [q for q in quads if not (q.subject == s and q.predicate == p)]


def plus(quads: list[Quad], s: NamedNode, p: NamedNode, o: NamedNode | Literal | BlankNode) -> list[Quad]:
    return [*quads, Quad(s, p, o, quads[0].graph_name)]


def swap(quads: list[Quad], s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> list[Quad]:
    return plus(without(quads, s, p), s, p, o)


def article_node(quads: list[Quad]) -> NamedNode:
    return typed(quads, FABIO.ReviewArticle)


def graph_node(quads: list[Quad]) -> NamedNode:
    """The document graph as its provenance describes it (the entity an ingest generated)."""
    found = next(q.subject for q in quads if q.predicate == PROV.wasGeneratedBy)
    assert isinstance(found, NamedNode)
    return found


Broken = Callable[[list[Quad]], tuple[list[Quad], Key]]
WARNING = "Warning"


def expect(focus: NamedNode, path: NamedNode | str, component: str, severity: str = "Violation") -> Key:
    path = path if isinstance(path, str) else path.value
    return focus.value, path, severity, f"{component}ConstraintComponent"


def role_without_holder(quads):
    role = typed(quads, PRO.RoleInTime)
    return without(quads, role, PRO.isHeldBy), expect(role, PRO.isHeldBy, "MinCount")


def role_held_by_two_agents(quads):
    role = typed(quads, PRO.RoleInTime)
    other = typed(quads, FOAF.Person, 1)
    if value(quads, role, PRO.isHeldBy) == other:
        other = typed(quads, FOAF.Person, 0)
    return plus(quads, role, PRO.isHeldBy, other), expect(role, PRO.isHeldBy, "MaxCount")


def role_held_by_an_untyped_node(quads):
    role = typed(quads, PRO.RoleInTime)
    stranger = NamedNode("http://example.org/ra/nobody")
    return swap(quads, role, PRO.isHeldBy, stranger), expect(role, PRO.isHeldBy, "Class")


def role_with_an_unknown_role(quads):
    role = typed(quads, PRO.RoleInTime)
    return swap(quads, role, PRO.withRole, PRO.reviewer), expect(role, PRO.withRole, "In")


def non_integer_position(quads):
    role = typed(quads, PRO.RoleInTime)
    return swap(quads, role, CT.position, Literal("1.5", datatype=XSD.decimal)), expect(role, CT.position, "Datatype")


def ill_typed_integer_position(quads):
    ref = typed(quads, BIRO.BibliographicReference)
    return swap(quads, ref, CT.position, Literal("first", datatype=XSD.integer)), expect(ref, CT.position, "Datatype")


def two_next_roles(quads):
    role = next(q.subject for q in quads if q.predicate == OCO.hasNext)
    roles = [typed(quads, PRO.RoleInTime, n) for n in range(3)]
    extra = next(r for r in roles if r != role and r != value(quads, role, OCO.hasNext))
    return plus(quads, role, OCO.hasNext, extra), expect(role, OCO.hasNext, "MaxCount")


def orphan_role(quads):
    role = typed(quads, PRO.RoleInTime)
    kept = [q for q in quads if not (q.predicate == PRO.isDocumentContextFor and q.object == role)]
    return kept, expect(role, f"^{PRO.isDocumentContextFor.value}", "MinCount")


def person_without_family_name(quads):
    person = typed(quads, FOAF.Person)
    return without(quads, person, FOAF.familyName), expect(person, FOAF.familyName, "MinCount")


def two_family_names(quads):
    person = typed(quads, FOAF.Person)
    return plus(quads, person, FOAF.familyName, Literal("CASADO")), expect(person, FOAF.familyName, "MaxCount", WARNING)


def mbox_that_is_not_a_mailto_iri(quads):
    person = next(q.subject for q in quads if q.predicate == FOAF.mbox)
    return swap(quads, person, FOAF.mbox, Literal("jgcasado@example.org")), expect(person, FOAF.mbox, "NodeKind")


def unit_of_nothing(quads):
    unit = typed(quads, ORG.OrganizationalUnit)
    return without(quads, unit, ORG.unitOf), expect(unit, ORG.unitOf, "MinCount")


def identifier_without_scheme(quads):
    ident = typed(quads, DATACITE.Identifier)
    return without(quads, ident, DATACITE.usesIdentifierScheme), \
        expect(ident, DATACITE.usesIdentifierScheme, "MinCount")


def identifier_with_an_unknown_scheme(quads):
    ident = typed(quads, DATACITE.Identifier)
    return swap(quads, ident, DATACITE.usesIdentifierScheme, DATACITE.handle), \
        expect(ident, DATACITE.usesIdentifierScheme, "In")


def identifier_without_value(quads):
    ident = typed(quads, DATACITE.Identifier)
    return without(quads, ident, LITERAL.hasLiteralValue), expect(ident, LITERAL.hasLiteralValue, "MinCount")


def reference_without_content(quads):
    ref = typed(quads, BIRO.BibliographicReference)
    return without(quads, ref, C4O.hasContent), expect(ref, C4O.hasContent, "MinCount")


def reference_to_two_works(quads):
    ref = typed(quads, BIRO.BibliographicReference)
    return plus(quads, ref, BIRO.references, article_node(quads)), expect(ref, BIRO.references, "MaxCount")


def citation_of_an_untyped_node(quads):
    article = article_node(quads)
    stranger = NamedNode("http://example.org/br/untyped")
    return plus(quads, article, CITO.cites, stranger), expect(article, CITO.cites, "Class")


def article_without_title(quads):
    article = article_node(quads)
    return without(quads, article, DCTERMS.title), expect(article, DCTERMS.title, "MinCount")


def two_titles_on_a_work(quads):
    article = article_node(quads)
    return plus(quads, article, DCTERMS.title, Literal("NK and MSCs crosstalk")), \
        expect(article, DCTERMS.title, "MaxCount", WARNING)


def publication_date_as_a_plain_string(quads):
    article = article_node(quads)
    return swap(quads, article, PRISM.publicationDate, Literal("2013")), \
        expect(article, PRISM.publicationDate, "Or")


def part_of_something_untyped(quads):
    article = article_node(quads)
    return swap(quads, article, FRBR.partOf, NamedNode("http://example.org/br/nowhere")), \
        expect(article, FRBR.partOf, "Or")


def subject_outside_the_ontology(quads):
    article = article_node(quads)
    mesh = NamedNode("http://id.nlm.nih.gov/mesh/D007694")
    return plus(quads, article, DCTERMS.subject, mesh), expect(article, DCTERMS.subject, "Pattern")


def volume_without_number(quads):
    volume = typed(quads, FABIO.JournalVolume)
    return without(quads, volume, FABIO.hasSequenceIdentifier), \
        expect(volume, FABIO.hasSequenceIdentifier, "MinCount")


def issue_with_two_numbers(quads):
    issue = typed(quads, FABIO.JournalIssue)
    return plus(quads, issue, FABIO.hasSequenceIdentifier, Literal("2-3")), \
        expect(issue, FABIO.hasSequenceIdentifier, "MaxCount")


def pages_without_a_first_page(quads):
    pages = typed(quads, FABIO.Manifestation)
    return without(quads, pages, PRISM.startingPage), expect(pages, PRISM.startingPage, "MinCount")


def graph_derived_from_nothing(quads):
    graph = graph_node(quads)
    return without(quads, graph, PROV.wasDerivedFrom), expect(graph, PROV.wasDerivedFrom, "MinCount")


def graph_derived_from_two_sources(quads):
    graph = graph_node(quads)
    other = NamedNode(f"{graph.value}/other-source")
    broken = plus(plus(quads, graph, PROV.wasDerivedFrom, other), other, RDF.type, PROV.Entity)
    broken = plus(plus(broken, other, CT.sha256, Literal("0" * 64)), other, PROV.atLocation, Literal("x.txt"))
    return broken, expect(graph, PROV.wasDerivedFrom, "MaxCount")


def bad_sha256(quads):
    source = value(quads, graph_node(quads), PROV.wasDerivedFrom)
    return swap(quads, source, CT.sha256, Literal("E3B0C442")), expect(source, CT.sha256, "Pattern")


def generated_at_a_date_not_a_time(quads):
    graph = graph_node(quads)
    return swap(quads, graph, PROV.generatedAtTime, Literal("2026-11-28", datatype=XSD.date)), \
        expect(graph, PROV.generatedAtTime, "Datatype")


BROKEN: list[Broken] = [
    role_without_holder, role_held_by_two_agents, role_held_by_an_untyped_node, role_with_an_unknown_role,
    non_integer_position, ill_typed_integer_position, two_next_roles, orphan_role,
    person_without_family_name, two_family_names, mbox_that_is_not_a_mailto_iri, unit_of_nothing,
    identifier_without_scheme, identifier_with_an_unknown_scheme, identifier_without_value,
    reference_without_content, reference_to_two_works, citation_of_an_untyped_node,
    article_without_title, two_titles_on_a_work, publication_date_as_a_plain_string, part_of_something_untyped,
    subject_outside_the_ontology, volume_without_number, issue_with_two_numbers, pages_without_a_first_page,
    graph_derived_from_nothing, graph_derived_from_two_sources, bad_sha256, generated_at_a_date_not_a_time,
]


@pytest.mark.parametrize("break_it", BROKEN, ids=lambda f: f.__name__)
def test_both_engines_report_a_broken_graph_on_the_same_node_and_path(break_it: Broken):
    quads, expected = break_it(quads_of())
    fast = keys(validate_quads(quads, warnings=True))
    assert expected in fast
    assert keys(pyshacl_results(quads)) == fast


def test_a_cited_work_without_a_title_is_not_a_violation():
    """A reference string that could not be parsed still names a cited work (ref. 5)."""
    quads = quads_of()
    untitled = [q.object for q in quads if q.predicate == BIRO.references
                and not any(x.subject == q.object and x.predicate == DCTERMS.title for x in quads)]
    assert len(untitled) == 1
    assert validate_quads(quads, warnings=True) == [] and pyshacl_results(quads) == []


def test_ingest_is_refused_for_violations_never_for_warnings():
    quads, (focus, path, _, _) = two_family_names(quads_of())
    assert validate_quads(quads) == []
    (warning,) = validate_quads(quads, warnings=True)
    assert (warning.focus, warning.path, warning.severity) == (focus, path, "Warning")


def test_the_fast_check_reads_xsd_dates_strictly_where_pyshacl_does_not():
    """Documented difference: rdflib does not check gYearMonth lexical forms, so pyshacl passes 2013-13."""
    quads = quads_of()
    article = article_node(quads)
    quads = swap(quads, article, PRISM.publicationDate, Literal("2013-13", datatype=XSD.gYearMonth))
    assert keys(validate_quads(quads)) == {expect(article, PRISM.publicationDate, "Or")}
    assert pyshacl_results(quads) == []


# ------------------------------------------------------------------ the API around the checks

def test_a_violation_reads_as_one_line_with_prefixed_names():
    v = Violation("http://example.org/be/1", f"^{FRBR.part.value}", "expected at least 1 value(s), found 0",
                  "Violation", "https://w3id.org/crosstalk/shapes#BibliographicReferenceShape",
                  "MinCountConstraintComponent")
    assert str(v) == ("<http://example.org/be/1> ^frbr:part: expected at least 1 value(s), found 0 "
                      "(Violation, cts:BibliographicReferenceShape)")


def test_a_violation_message_names_the_bad_value():
    quads, _ = non_integer_position(quads_of())
    (v,) = validate_quads(quads)
    assert 'ct:position: value "1.5"^^xsd:decimal is not a literal of type xsd:integer' in str(v)


def test_shacl_outside_the_compiled_subset_is_refused(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        <urn:x:PersonShape> a sh:NodeShape ; sh:targetClass foaf:Person ;
            sh:property [ sh:path foaf:familyName ; sh:minLength 2 ] .
    """)
    with pytest.raises(UnsupportedShape, match="sh:minLength"):
        load_shapes(shapes)


def best_time(run: Callable[[], object]) -> float:
    return min(timeit.repeat(run, number=10, repeat=5)) / 10


def test_validate_quads_keeps_up_with_ingest_on_a_1500_triple_document():
    def cited(i: int) -> Work:
        authors = (PersonName(f"Author{i}", "A."), PersonName(f"Other{i}", "B."), PersonName(f"Third{i}", "C."))
        return Work(title=f"Title {i}", authors=authors, year=2010, container=f"Journal {i % 7}", volume=str(i),
                    issue="2", first_page="1", last_page="9", identifiers=(Identifier("doi", f"10.1000/x{i}"),))

    refs = tuple(Reference(f"Author{i}, A., … (2010). Title {i}. Journal {i % 7}, {i}(2), 1–9.", cited(i), i,
                           ("PubMed",)) for i in range(1, 21))
    quads = quads_of(replace(ARTICLE, references=refs))
    assert 1300 <= len(quads) <= 1800
    assert validate_quads(quads) == []
    seconds = best_time(lambda: validate_quads(quads))
    reading = best_time(lambda: {(q.subject, q.predicate, q.object) for q in quads})  # the least any check costs
    rate = len(quads) / seconds
    print(f"\nvalidate_quads: {len(quads)} quads in {seconds * 1000:.2f} ms = {rate:,.0f} triples/s "
          f"({seconds / reading:.1f} x the time to read them into a set)")
    assert seconds < 15 * reading  # linear in the quads, whatever the machine's load
    assert rate > 50_000  # ingest runs at ~100k triples/s; quiet machine: 300-500k


# ------------------------------------------------------------------ the whole store with pyshacl

def store_with(*documents: list[Quad]) -> OxigraphStore:
    store = OxigraphStore()
    for quads in documents:
        graphs: dict[NamedNode, list[Quad]] = {}
        for q in quads:
            assert isinstance(q.graph_name, NamedNode)
            graphs.setdefault(q.graph_name, []).append(q)
        store.replace_graphs(graphs)
    return store


def test_validate_store_conforms_on_mapper_output():
    report = validate_store(store_with(quads_of()))
    assert report.conforms and report.violations == [] and report.warnings == []


def test_validate_store_reports_what_the_fast_check_reports():
    quads, expected = role_without_holder(quads_of())
    report = validate_store(store_with(quads))
    assert not report.conforms
    assert keys(report.violations) == keys(validate_quads(quads)) == {expected}
    assert "MinCount" in report.text


def test_two_documents_printing_one_person_differently_only_warn():
    """Across documents one node carries each printed form: the union of graphs conforms, with a warning."""
    first = ARTICLE.references[0]
    shouted = replace(first, work=replace(first.work, authors=(PersonName("CHEN", "X."), *first.work.authors[1:])))
    other = replace(ARTICLE, work=Work(title="Another review of NK cells", year=2014), authors=(),
                    references=(shouted,))
    report = validate_store(store_with(quads_of(), quads_of(other, "corpus/another.txt")))
    assert report.conforms, [str(v) for v in report.violations]
    assert {(v.path, v.severity) for v in report.warnings} == {
        (FOAF.familyName.value, "Warning"), (FOAF.name.value, "Warning")}
