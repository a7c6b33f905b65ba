"""The mapper on a hand-made record: quads asserted one by one (no serialised text)."""

from pyoxigraph import Literal, NamedNode, Quad

from crosstalk.iri import Minter
from crosstalk.vocab import BIRO, C4O, CITO, CT, DCTERMS, FABIO, FRBR, OCO, ORG, PRISM, PRO, PROV, RDF, SCORO, VCARD
from ingest.mapper import document_graph, map_document
from ingest.records import (
    Affiliation,
    Article,
    Author,
    Document,
    Grant,
    Identifier,
    PersonName,
    Reference,
    Section,
    Work,
)
from ingest.validate import validate_quads

MINT = Minter("http://example.org/")
NOW = "2026-11-28T12:00:00Z"


def article() -> Article:
    cited = Work(title="Interactions between human mesenchymal stem cells and natural killer cells",
                 authors=(PersonName("Sotiropoulou", "P. A."), PersonName("Perez", "S. A.")), et_al=True,
                 year=2006, container="Stem Cells", volume="24", issue="1", first_page="74", last_page="85")
    e_number = Work(title="Paracrine factors", authors=(PersonName("Chen", "L."),), year=2008,
                    container="PLoS One", volume="3", issue="4", first_page="e1886")
    return Article(
        work=Work(title="NK and MSCs Crosstalk", year=2013, container="Stem Cell Reviews and Reports",
                  volume="9", issue="2", first_page="184", last_page="189",
                  identifiers=(Identifier("doi", "10.1007/s12015-013-9430-y"),)),
        authors=(Author(PersonName("Casado", "Javier G."), ("1",), corresponding=True),
                 Author(PersonName("Tarazona", "R."), ("2",))),
        affiliations=(Affiliation("1", "Minimally Invasive Surgery Centre Jesus Uson", "Stem Cell Therapy Unit",
                                  "Caceres", "Spain"),
                      Affiliation("2", "University of Extremadura", None, "Caceres", "Spain")),
        abstract="This review summarizes NK cell mediated lysis.",
        keywords=("NK cells", "Immunomodulation"),
        grants=(Grant("Subprograma Inncorpora-Torres Quevedo", "PTQ-11-04554", 2011),),
        sections=(Section("acknowledgements", "Acknowledgements", "Thanks to V Alvarez."),),
        copyright_holder="Springer Science+Business Media New York", copyright_year=2013, is_review=True,
        references=(Reference("Sotiropoulou, P. A., … (2006) …", cited, 18, ("PubMed",)),
                    Reference("Chen, L. (2008) …", e_number, 11)),
    )


def mapped():
    doc = Document("corpus/x.txt", "springer-page", "0" * 64, (article(),))
    return map_document(doc, MINT, generated_at=NOW, concepts=lambda *texts: (
        ["https://w3id.org/crosstalk/immuno#NaturalKillerCell"]
        if any("NK" in text or "natural killer" in text for text in texts) else []))


def objects(quads, s, p):
    return [q.object for q in quads if q.subject == s and q.predicate == p]


def subject_of_type(quads, cls):
    return [q.subject for q in quads if q.predicate == RDF.type and q.object == cls]


def test_article_is_a_typed_review_in_its_own_graph():
    m = mapped()
    (br,) = subject_of_type(m.quads, FABIO.ReviewArticle)
    assert FABIO.JournalArticle in objects(m.quads, br, RDF.type)
    assert objects(m.quads, br, DCTERMS.title) == [Literal("NK and MSCs Crosstalk")]
    assert all(q.graph_name == m.graph for q in m.quads)
    assert objects(m.quads, br, PRISM.keyword) == [Literal("NK cells"), Literal("Immunomodulation")]


def test_issue_volume_journal_chain_and_pages():
    m = mapped()
    (br,) = subject_of_type(m.quads, FABIO.ReviewArticle)
    (issue,) = objects(m.quads, br, FRBR.partOf)
    assert FABIO.JournalIssue in objects(m.quads, issue, RDF.type)
    (volume,) = objects(m.quads, issue, FRBR.partOf)
    assert objects(m.quads, volume, FABIO.hasSequenceIdentifier) == [Literal("9")]
    (journal,) = objects(m.quads, volume, FRBR.partOf)
    assert objects(m.quads, journal, DCTERMS.title) == [Literal("Stem Cell Reviews and Reports")]
    (manifestation,) = objects(m.quads, br, FRBR.embodiment)
    assert objects(m.quads, manifestation, PRISM.startingPage) == [Literal("184")]
    assert objects(m.quads, manifestation, PRISM.endingPage) == [Literal("189")]


def test_article_number_is_the_starting_page_without_an_ending_page():
    m = mapped()
    (re_,) = [q.subject for q in m.quads if q.predicate == PRISM.startingPage and q.object == Literal("e1886")]
    assert objects(m.quads, re_, PRISM.endingPage) == []


def test_authors_in_order_with_corresponding_role_and_affiliations():
    m = mapped()
    (br,) = subject_of_type(m.quads, FABIO.ReviewArticle)
    roles = objects(m.quads, br, PRO.isDocumentContextFor)
    authors = sorted((int(objects(m.quads, r, CT.position)[0].value), r) for r in roles
                     if objects(m.quads, r, PRO.withRole) == [PRO.author])
    assert [objects(m.quads, objects(m.quads, r, PRO.isHeldBy)[0], NamedNode("http://xmlns.com/foaf/0.1/familyName"))
            for _, r in authors] == [[Literal("Casado")], [Literal("Tarazona")]]
    assert objects(m.quads, authors[0][1], OCO.hasNext) == [authors[1][1]]
    (corresponding,) = [r for r in roles if objects(m.quads, r, PRO.withRole) == [SCORO["corresponding-author"]]]
    assert objects(m.quads, corresponding, PRO.isHeldBy) == objects(m.quads, authors[0][1], PRO.isHeldBy)
    (unit,) = objects(m.quads, authors[0][1], PRO.relatesToOrganization)
    (org,) = objects(m.quads, unit, ORG.unitOf)
    (address,) = objects(m.quads, org, VCARD.hasAddress)
    assert objects(m.quads, address, VCARD.locality) == [Literal("Caceres")]
    assert objects(m.quads, address, VCARD["country-name"]) == [Literal("Spain")]


def test_references_keep_raw_text_number_and_cited_work():
    m = mapped()
    (br,) = subject_of_type(m.quads, FABIO.ReviewArticle)
    entries = subject_of_type(m.quads, BIRO.BibliographicReference)
    assert len(entries) == 2 and all(e in objects(m.quads, br, FRBR.part) for e in entries)
    by_number = {int(objects(m.quads, e, CT.position)[0].value): e for e in entries}
    assert objects(m.quads, by_number[18], C4O.hasContent) == [Literal("Sotiropoulou, P. A., … (2006) …")]
    (cited,) = objects(m.quads, by_number[18], BIRO.references)
    assert cited in objects(m.quads, br, CITO.cites)
    assert objects(m.quads, cited, CT.authorListTruncated) == [Literal("true", datatype=NamedNode(
        "http://www.w3.org/2001/XMLSchema#boolean"))]
    assert NamedNode("https://w3id.org/crosstalk/immuno#NaturalKillerCell") in objects(m.quads, cited, DCTERMS.subject)


def test_the_same_cited_work_gets_the_same_iri_in_every_document():
    first = mapped()
    other = Article(work=Work(title="Another article", year=2020), references=(
        Reference("x", article().references[0].work, 1),))
    second = map_document(Document("b.txt", "springer-page", "1" * 64, (other,)), MINT, generated_at=NOW)
    cited = {q.object for q in first.quads if q.predicate == CITO.cites}
    assert {q.object for q in second.quads if q.predicate == CITO.cites} <= cited
    assert first.graph != second.graph


def test_a_work_cited_twice_with_its_authors_printed_differently_keeps_the_first_author_list():
    names = [PersonName("Fafarman", "A."), PersonName("Sigala", "P."), PersonName("Boxer", "S.")]
    first = Work(title="Decomposition of Vibrational Shifts of Nitriles", authors=tuple(names), year=2010)
    second = Work(title=first.title, authors=(*names[:2], PersonName("Boxer", "S. G.")), year=2010)
    review = Article(work=Work(title="A review", year=2020),
                     references=(Reference("Fafarman … Boxer, S. …", first, 1),
                                 Reference("Fafarman … Boxer, S. G. …", second, 2)))
    m = map_document(Document("x.txt", "springer-page", "0" * 64, (review,)), MINT, generated_at=NOW)
    (cited,) = {q.object for q in m.quads if q.predicate == CITO.cites}
    roles = objects(m.quads, cited, PRO.isDocumentContextFor)
    held_by = [objects(m.quads, role, PRO.isHeldBy)[0] for role in roles]
    assert len(roles) == 3 and len(set(held_by)) == 3
    assert all(len(objects(m.quads, role, OCO.hasNext)) <= 1 for role in roles)
    assert validate_quads(m.quads + m.provenance) == []


def test_mapping_is_deterministic():
    assert mapped().quads == mapped().quads


def test_provenance_names_file_hash_time_and_software():
    m = mapped()
    assert m.provenance_graph.value == m.graph.value + "/prov"
    (source,) = objects(m.provenance, m.graph, PROV.wasDerivedFrom)
    assert objects(m.provenance, source, CT.sha256) == [Literal("0" * 64)]
    assert objects(m.provenance, source, PROV.atLocation) == [Literal("corpus/x.txt")]
    assert Quad(m.graph, PROV.generatedAtTime, Literal(NOW, datatype=NamedNode(
        "http://www.w3.org/2001/XMLSchema#dateTime")), m.provenance_graph) in m.provenance


def test_graph_depends_on_format_and_work_not_on_path():
    a = Document("a.txt", "springer-page", "0" * 64, (article(),))
    b = Document("elsewhere/b.txt", "springer-page", "1" * 64, (article(),))
    c = Document("a.xml", "jats", "0" * 64, (article(),))
    assert document_graph(a, MINT) == document_graph(b, MINT) != document_graph(c, MINT)
