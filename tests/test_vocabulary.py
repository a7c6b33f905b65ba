"""Every class and property the mapper emits exists in its vocabulary; how the output fares
against OpenCitations' SHACL shapes; ontology/context.jsonld matches both.

SPAR terms are checked against the ontologies in ../shared/vocab (FaBiO also declares the
FRBR and PRISM terms it uses). Vocabularies not in ../shared are checked against the short,
exact lists below: one misspelt IRI is a silent hole in every query that uses the right one.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize
from rdflib.compare import isomorphic

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
    IMMUNO,
    LITERAL,
    OCO,
    ORG,
    PREFIXES,
    PRISM,
    PRO,
    PROV,
    RDF,
    RDFS,
    SCORO,
    SKOS,
    VCARD,
    XSD,
    Namespace,
)
from ingest.claims import extract_claims
from ingest.mapper import SECTION_TYPES, WORK_TYPES, map_document
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

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
VOCAB = SHARED / "vocab"
CONTEXT = ROOT / "ontology" / "context.jsonld"
MINT = Minter("http://example.org/")

FROM_FILES: tuple[Namespace, ...] = (FABIO, CITO, PRO, SCORO, FRAPO, DATACITE, DEO, FRBR, PRISM)
"""Terms must be declared (a subject of rdf:type) in ../shared/vocab/*.ttl."""

ALLOWED: dict[Namespace, frozenset[str]] = {
    # SPAR and OpenCitations terms whose ontologies are not in ../shared/vocab.
    BIRO: frozenset({"BibliographicReference", "references"}),
    C4O: frozenset({"hasContent"}),
    LITERAL: frozenset({"hasLiteralValue"}),
    OCO: frozenset({"hasNext"}),
    # The W3C and DCMI vocabularies crosstalk uses, term by term.
    DCTERMS: frozenset({"title", "abstract", "language", "date", "type", "rights", "rightsHolder", "subject",
                        "format"}),
    FOAF: frozenset({"Agent", "Person", "Organization", "name", "familyName", "givenName", "mbox"}),
    ORG: frozenset({"OrganizationalUnit", "unitOf"}),
    VCARD: frozenset({"Address", "hasAddress", "locality", "country-name"}),
    PROV: frozenset({"Entity", "Activity", "SoftwareAgent", "wasDerivedFrom", "generatedAtTime", "wasGeneratedBy",
                     "atLocation", "endedAtTime", "wasAssociatedWith", "used",
                     "wasQuotedFrom", "hadPrimarySource"}),  # claims (ingest/claims.py)
    SKOS: frozenset({"altLabel", "exactMatch", "closeMatch"}),  # ontology concepts (context.jsonld)
    RDF: frozenset({"type", "Statement", "subject", "predicate", "object"}),  # claims are reified
    RDFS: frozenset({"label", "comment"}),
    XSD: frozenset({"string", "integer", "boolean", "gYear", "gYearMonth", "date", "dateTime"}),
}
OWN: tuple[Namespace, ...] = (CT, IMMUNO)
"""crosstalk's own terms, allowed by namespace."""


# ------------------------------------------------------------------ a record with every field filled

def rich_article() -> Article:
    def work(kind: str, n: int, **kw: object) -> Work:
        return Work(title=f"A {kind} about NK cells {n}", authors=(PersonName("Chen", "X."), PersonName("Li", "G.")),
                    et_al=True, year=2006, date="2006-05", type=kind, container="Immunology and Cell Biology",
                    volume="84", issue="5", first_page="413", last_page="421", publisher="Wiley",
                    editors=(PersonName("Moretta", "L."),), **kw)  # type: ignore[arg-type]

    kinds = ("journal-article", "book", "chapter", "thesis", "web-page", "other")
    references = [Reference(f"Chen, X. … ({kind})", work(kind, n), n, ("PubMed", "CrossRef"))
                  for n, kind in enumerate(kinds, start=1)]
    references.append(Reference("Chen L (2008) PLoS One 3(4):e1886", Work(
        title="Paracrine factors", authors=(PersonName("Chen", "L."),), year=2008, date="2008-04-07",
        container="PLoS One", volume="3", issue="4", first_page="e1886",
        identifiers=(Identifier("doi", "10.1371/journal.pone.0001886"), Identifier("pmid", "18382669"),
                     Identifier("pmcid", "PMC2268966"), Identifier("isbn", "978-0-12-374279-7"),
                     Identifier("url", "https://example.org/paracrine"))), 7))
    references.append(Reference("unreadable ((( 2001", Work(), None))
    return Article(
        work=Work(title="NK and MSCs Crosstalk", authors=(PersonName("Casado", "Javier G."),), year=2013,
                  date="2013-04", container="Stem Cell Reviews and Reports", volume="9", issue="2",
                  first_page="184", last_page="189", publisher="Springer",
                  identifiers=(Identifier("doi", "10.1007/s12015-013-9430-y"),)),
        authors=(Author(PersonName("Casado", "Javier G."), ("1", "2"), corresponding=True,
                        email="jgcasado@example.org", orcid="0000-0002-1825-0097"),
                 Author(PersonName("Tarazona", "R."), ("2",))),
        affiliations=(Affiliation("1", "Minimally Invasive Surgery Centre Jesus Uson", "Stem Cell Therapy Unit",
                                  "Caceres", "Spain", "raw 1"),
                      Affiliation("2", "University of Extremadura", None, "Caceres", "Spain", "raw 2")),
        abstract="MSCs inhibit NK cells.", keywords=("NK cells", "MSC"),  # states a claim
        grants=(Grant("Subprograma Inncorpora-Torres Quevedo", "PTQ-11-04554", 2011, "raw grant"),),
        sections=(Section("acknowledgements", "Acknowledgements", "Thanks."),
                  Section("conflict-of-interest", "Disclosure", "None."),
                  Section("funding", "Funding", "Subprograma Inncorpora.")),
        copyright_holder="Springer", copyright_year=2013, is_review=True, references=tuple(references),
        language="en")


@cache
def emitted_quads() -> tuple[Quad, ...]:
    doc = Document("corpus/rich.txt", "springer-page", "0" * 64, (rich_article(),),
                   (Warning_(Location("corpus/rich.txt", 3), "something read partly"),))
    mapped = map_document(doc, MINT, generated_at="2026-11-28T12:00:00Z",
                          concepts=lambda *texts: [IMMUNO.NaturalKillerCell.value] if any("NK" in t for t in texts) else [],  # noqa: E501
                          claims=extract_claims)
    return tuple(mapped.quads + mapped.provenance)


def is_ours(iri: str) -> bool:
    """Entity IRIs minted by crosstalk and e-mail addresses are data, not vocabulary."""
    return iri.startswith((MINT.base, "mailto:"))


def emitted_terms() -> set[str]:
    """Predicates, classes, vocabulary individuals (roles, schemes) and literal datatypes."""
    terms: set[str] = set()
    for q in emitted_quads():
        terms.add(q.predicate.value)
        if isinstance(q.object, NamedNode) and not is_ours(q.object.value):
            terms.add(q.object.value)
        elif isinstance(q.object, Literal):
            terms.add(q.object.datatype.value)
    return terms


# ------------------------------------------------------------------ the check itself

@cache
def _declared() -> frozenset[str]:
    graph = rdflib.Graph()
    for path in sorted(VOCAB.glob("*.ttl")):
        if path.name != "ocdm-shacl.ttl":
            graph.parse(path, format="turtle")
    return frozenset(str(s) for s in graph.subjects(rdflib.RDF.type, None) if isinstance(s, rdflib.URIRef))


@pytest.fixture(scope="module")
def vocab() -> Path:
    if not VOCAB.is_dir():
        pytest.skip(f"{VOCAB} is absent: the SPAR ontologies are in the shared material, not in this repository")
    return VOCAB


@pytest.fixture(scope="module")
def declared(vocab: Path) -> frozenset[str]:
    return _declared()


def split(term: str) -> tuple[Namespace, str] | None:
    namespaces = (*FROM_FILES, *ALLOWED, *OWN)
    matches = [(ns, term[len(ns.iri):]) for ns in namespaces if term.startswith(ns.iri)]
    matches = [(ns, local) for ns, local in matches if local and not any(c in local for c in "/#")]
    return matches[0] if matches else None


def unknown(terms: set[str], declared: frozenset[str]) -> list[str]:
    """The terms that exist in no vocabulary crosstalk knows."""
    out = []
    for term in sorted(terms):
        parts = split(term)
        if parts is None:
            out.append(term)
            continue
        ns, local = parts
        ok = ns in OWN or (term in declared if ns in FROM_FILES else local in ALLOWED[ns])
        if not ok:
            out.append(term)
    return out


def test_every_term_the_mapper_emits_exists_in_its_vocabulary(declared):
    assert unknown(emitted_terms(), declared) == []


def test_a_misspelt_or_unlisted_term_is_caught(declared):
    assert unknown({FABIO.JournalArticle.value, CT.anything.value, IMMUNO.NaturalKillerCell.value}, declared) == []
    typos = {FABIO.JournalArtcle.value, PRO.isHeldby.value, FOAF.nick.value, "http://schema.org/name"}
    assert unknown(typos, declared) == sorted(typos)


def test_the_rich_record_reaches_every_type_and_branch_of_the_mapper():
    terms = emitted_terms()
    tables = {c.value for classes in WORK_TYPES.values() for c in classes} | {c.value for c in SECTION_TYPES.values()}
    assert tables - terms == set()
    branches = {FABIO.ReviewArticle, SCORO["corresponding-author"], PRO.publisher, PRO.relatesToOrganization,
                ORG.unitOf, VCARD.hasAddress, FRAPO.isAwardedBy, DATACITE.orcid, DATACITE.pmcid, DATACITE.isbn,
                DATACITE.url, FOAF.mbox, CT.authorListTruncated, CT.linkMarker, DCTERMS.subject, DCTERMS.language,
                RDFS.comment, XSD.date, XSD.gYearMonth}
    assert {t.value for t in branches} - terms == set()


def context_terms() -> set[str]:
    context = json.loads(CONTEXT.read_text())["@context"]
    out = set()
    for name, definition in context.items():
        if name in PREFIXES:
            continue
        iri = definition["@id"] if isinstance(definition, dict) else definition
        prefix, local = iri.split(":", 1)
        out.add(PREFIXES[prefix] + local)
        if isinstance(definition, dict) and definition.get("@type", "@id") != "@id":
            prefix, local = definition["@type"].split(":", 1)
            out.add(PREFIXES[prefix] + local)
    return out


def test_the_allow_lists_are_exact():
    """No stale entries: each allow-listed term is emitted by the mapper or named in context.jsonld."""
    used = emitted_terms() | context_terms()
    listed = {ns.iri + local for ns, locals_ in ALLOWED.items() for local in locals_}
    assert sorted(listed - used) == []


# ------------------------------------------------------------------ ontology/context.jsonld

def test_the_json_ld_context_declares_exactly_the_project_prefixes():
    context = json.loads(CONTEXT.read_text())["@context"]
    assert {k: v for k, v in context.items() if k in PREFIXES} == PREFIXES
    assert not [k for k, v in context.items() if isinstance(v, str) and "://" in v and k not in PREFIXES]


def test_every_term_of_the_json_ld_context_exists_in_its_vocabulary(declared):
    assert unknown(context_terms(), declared) == []


def as_rdflib() -> rdflib.Graph:
    graph = rdflib.Graph().parse(data=serialize([q.triple for q in emitted_quads()], format=RdfFormat.N_TRIPLES),
                                 format="nt")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    return graph


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's own parser
def test_mapper_output_round_trips_through_json_ld_with_the_context():
    graph = as_rdflib()
    context = json.loads(CONTEXT.read_text())["@context"]
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    nodes = json.loads(text)["@graph"]
    article = next(n for n in nodes if "ReviewArticle" in n.get("@type", []))
    assert article["title"] == "NK and MSCs Crosstalk" and "cites" in article and "isDocumentContextFor" in article
    assert isomorphic(rdflib.Graph().parse(data=text, format="json-ld"), graph)


# ------------------------------------------------------------------ OpenCitations' shapes

OCDM_DIFFERENCES: dict[tuple[str, str, str, str], str] = {
    ("BibliographicResourceShape", RDF.type.value, "In", FABIO.ReviewArticle.value):
        "deliberate: a FaBiO work type beyond OCDM's closed list",
    ("BibliographicResourceShape", RDF.type.value, "In", FABIO.WebContent.value):
        "deliberate: a FaBiO work type beyond OCDM's closed list",
    ("DiscourseElementShape", RDF.type.value, "In", DEO.Acknowledgements.value):
        "deliberate: a DEO section type beyond OCDM's closed list",
    ("BibliographicResourceShape", FRBR.embodiment.value, "Class", "entity"):
        "OCDM's shape asks for fabio:ResourceEmbodiment, not a FaBiO class; OCDM data and its own "
        "ResourceEmbodimentShape use fabio:Manifestation, as crosstalk does",
    ("BibliographicResourceShape", FRBR.partOf.value, "Class", "entity"):
        "known gap: journals, volumes and issues are typed only fabio:Journal/JournalVolume/JournalIssue, "
        "not also fabio:Expression as OCDM types them (proposed mapper fix)",
    ("BibliographicReferenceShape", RDF.type.value, "In", BIRO.BibliographicReference.value):
        "defect of ocdm-shacl.ttl: schema:BibliographicReferenceShape is declared twice, so the "
        "cito:Citation shape's rdf:type list also applies to bibliographic references",
}
"""Every result pyshacl gives for OCDM's shapes on mapper output, with the reason it is accepted."""


def ocdm_results(data: rdflib.Graph, shapes: rdflib.Graph) -> Counter[tuple[str, str, str, str]]:
    import pyshacl

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    found: Counter[tuple[str, str, str, str]] = Counter()
    for r in results.subjects(sh.resultSeverity, None):
        source = results.value(r, sh.sourceShape)
        shape = shapes.value(None, sh.property, source) if isinstance(source, rdflib.BNode) else source
        value = results.value(r, sh.value)
        detail = "entity" if value is None or is_ours(str(value)) else str(value)
        component = str(results.value(r, sh.sourceConstraintComponent)).removeprefix(str(sh))
        found[(str(shape).rsplit("/", 1)[-1], str(results.value(r, sh.resultPath)),
               component.removesuffix("ConstraintComponent"), detail)] += 1
    return found


def test_report_how_mapper_output_fares_against_opencitations_shapes(vocab):
    """Prints the report (run with -s); fails only on a result that is not a documented difference."""
    data = as_rdflib()
    shapes = rdflib.Graph().parse(vocab / "ocdm-shacl.ttl", format="turtle")
    found = ocdm_results(data, shapes)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    print(f"\nOpenCitations shapes on mapper output ({len(data)} triples): {sum(found.values())} result(s)")
    for shape, cls in sorted({(str(s).rsplit("/", 1)[-1], c) for s, c in shapes.subject_objects(sh.targetClass)}):
        nodes = len(set(data.subjects(rdflib.RDF.type, cls)))
        if nodes:
            results = sum(n for key, n in found.items() if key[0] == shape)
            print(f"  {shape:28} {nodes:3} node(s) of {data.qname(cls):28} {results:3} result(s)")
    for key, n in sorted(found.items()):
        detail = key[3] if key[3] == "entity" else data.qname(rdflib.URIRef(key[3]))
        print(f"  {n:3} x {key[0]} {data.qname(rdflib.URIRef(key[1]))} {key[2]} {detail}: "
              f"{OCDM_DIFFERENCES.get(key, 'NOT DOCUMENTED')}")
    assert sorted(set(found) - set(OCDM_DIFFERENCES)) == []
