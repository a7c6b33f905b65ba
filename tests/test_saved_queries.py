"""Saved queries (crosstalk.saved_queries): every shipped .rq is valid, parameters are
checked by type, and each query gives the right answers on a real in-memory store.

The data is the seed review, built by hand as records (ingest.records) and mapped by
ingest.mapper, so these tests do not wait for the Springer reader; the last tests
ingest the real seed file when the reader can read it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, QuerySolutions

from crosstalk.iri import Minter
from crosstalk.saved_queries import (
    QUERIES_DIR,
    Concepts,
    ParameterError,
    SavedQuery,
    SavedQueryError,
    UnknownQuery,
    check,
    get_query,
    load_queries,
    ontology_concepts,
    paginated,
    parse_query,
)
from crosstalk.store import OxigraphStore
from crosstalk.vocab import IMMUNO, XSD
from ingest.mapper import map_document
from ingest.records import Affiliation, Article, Author, Document, Grant, Identifier, PersonName, Reference, Work

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"
MINT = Minter("http://example.org/")
NK = IMMUNO.NaturalKillerCell
MSC = IMMUNO.MesenchymalStemCell
TCELL = IMMUNO.TCell
NKT = IMMUNO.InvariantNaturalKillerTCell

CONCEPTS_TTL = """
@prefix immuno: <https://w3id.org/crosstalk/immuno#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
immuno:NaturalKillerCell a owl:Class ; rdfs:label "natural killer cell" ; skos:altLabel "NK cell" ;
    skos:exactMatch <http://purl.obolibrary.org/obo/CL_0000623> .
immuno:MesenchymalStemCell a owl:Class ; rdfs:label "mesenchymal stem cell" .
immuno:TCell a owl:Class ; rdfs:label "T cell" .
"""


# --- data: the seed review, by hand ------------------------------------------------------

def ref(number: int, authors: str, year: int, title: str, journal: str, volume: str, issue: str,
        pages: str) -> Reference:
    names = tuple(PersonName(*a.split(", ")) for a in authors.split("; "))
    first, _, last = pages.partition("-")
    work = Work(title=title, authors=names, year=year, container=journal, volume=volume, issue=issue,
                first_page=first, last_page=last or None)
    return Reference(f"{authors} ({year}). {title}. {journal}, {volume}({issue}), {pages}.", work, number)


REFERENCES = (
    ref(1, "Chen, X.; Armstrong, M. A.; Li, G.", 2006, "Mesenchymal stem cells in immunoregulation",
        "Immunology and Cell Biology", "84", "5", "413-421"),
    ref(7, "Rasmusson, I.; Uhlin, M.; Le, B. K.; Levitsky, V.", 2007,
        "Mesenchymal stem cells fail to trigger effector functions of cytotoxic T lymphocytes",
        "Journal of Leukocyte Biology", "82", "4", "887-893"),
    ref(11, "Chen, L.; Tredget, E. E.", 2008, "Paracrine factors of mesenchymal stem cells recruit macrophages",
        "PLoS One", "3", "4", "e1886"),
    ref(16, "Rasmusson, I.; Ringden, O.; Sundberg, B.; Le, B. K.", 2003,
        "Mesenchymal stem cells inhibit the formation of cytotoxic T lymphocytes, but not activated "
        "cytotoxic T lymphocytes or natural killer cells", "Transplantation", "76", "8", "1208-1213"),
    ref(18, "Sotiropoulou, P. A.; Perez, S. A.; Gritzapis, A. D.", 2006,
        "Interactions between human mesenchymal stem cells and natural killer cells",
        "Stem Cells", "24", "1", "74-85"),
    ref(19, "Spaggiari, G. M.; Capobianco, A.; Moretta, L.", 2006,
        "Mesenchymal stem cell-natural killer cell interactions", "Blood", "107", "4", "1484-1490"),
    ref(21, "Karre, K.", 2008, "Natural killer cell recognition of missing self", "Nature Immunology",
        "9", "5", "477-480"),
    ref(22, "DelaRosa, O.; Sanchez-Correa, B.; Morgado, S.", 2011,
        "Human adipose-derived stem cells impair NK cell function and exhibit low susceptibility to NK-mediated "
        "lysis", "Stem Cells and Development", "21", "8", "1333-1343"),
    ref(29, "Le, B. K.", 2003, "Immunomodulatory effects of fetal and adult mesenchymal stem cells",
        "Cytotherapy", "5", "6", "485-489"),
    ref(37, "Aggarwal, S.; Pittenger, M. F.", 2005,
        "Human mesenchymal stem cells modulate allogeneic immune cell responses", "Blood", "105", "4",
        "1815-1822"),
    ref(41, "Torres, D.; Paget, C.", 2008, "Prostaglandin D2 inhibits the production of IFN-gamma by "
        "invariant NK T cells", "Journal of Immunology", "180", "2", "783-792"),
)

SEED_ARTICLE = Article(
    work=Work(title="NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity",
              year=2013, container="Stem Cell Reviews and Reports", volume="9", issue="2",
              first_page="184", last_page="189",
              identifiers=(Identifier("doi", "10.1007/s12015-013-9430-y"),)),
    authors=(Author(PersonName("Casado", "Javier G."), ("1",), corresponding=True),
             Author(PersonName("Tarazona", "R."), ("2",)),
             Author(PersonName("Sanchez-Margallo", "F. M."), ("1",))),
    affiliations=(Affiliation("1", "Minimally Invasive Surgery Centre Jesus Uson", "Stem Cell Therapy Unit",
                              "Caceres", "Spain"),
                  Affiliation("2", "University of Extremadura", "Immunology Unit, Department of Physiology",
                              "Caceres", "Spain")),
    abstract="This review summarizes the susceptibility of MSCs to NK cell mediated lysis.",
    keywords=("NK cells", "Mesenchymal stem cells", "Immunomodulation"),
    grants=(Grant("Subprograma Inncorpora-Torres Quevedo", "PTQ-11-04554", 2011,
                  "Subprograma Inncorpora-Torres Quevedo 2011 (PTQ-11-04554)"),),
    copyright_holder="Springer Science+Business Media New York", copyright_year=2013, is_review=True,
    references=REFERENCES,
)


def find_concepts(*texts: str | None) -> list[str]:
    """A stand-in for the concept linker: a few patterns, enough to test the queries."""
    text = " ".join(t for t in texts if t)
    found = []
    if re.search(r"natural killer cell|\bNK\b(?! T)", text, re.I):
        found.append(NK.value)
    if re.search(r"mesenchymal|\bMSCs?\b", text, re.I):
        found.append(MSC.value)
    if re.search(r"(?<!NK )T (lymphocyte|cell)", text, re.I):
        found.append(TCELL.value)
    if re.search(r"NK T cell", text):
        found.append(NKT.value)
    return found


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    doc = Document("corpus/seed.txt", "springer-page", "0" * 64, (SEED_ARTICLE,))
    mapped = map_document(doc, MINT, generated_at="2026-11-28T12:00:00Z", concepts=find_concepts)
    store = OxigraphStore()
    store.replace_graphs({mapped.graph: mapped.quads, mapped.provenance_graph: mapped.provenance})
    # the ontology says invariant NKT cells are narrower than T cells (for the narrower= test)
    store.raw.update("INSERT DATA { GRAPH <http://example.org/ontology> { "
                     f"{NKT} <http://www.w3.org/2000/01/rdf-schema#subClassOf> {TCELL} ; "
                     f"<http://www.w3.org/2000/01/rdf-schema#label> \"invariant NKT cell\" }} }}")
    return store


def run(store: OxigraphStore, name: str, page: int = 1, page_size: int = 100,
        **params: str) -> list[dict[str, str]]:
    """Run a saved query the way the server does: bind (concepts checked against the
    ontology when it exists), page, substitute."""
    query = get_query(name)
    bindings = query.bind(params, ontology_concepts())
    result = store.query(paginated(query, page, page_size), substitutions=bindings)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


# --- every shipped file -------------------------------------------------------------------

SHIPPED = sorted(QUERIES_DIR.glob("*.rq"))
LOCAL = [p for p in SHIPPED if not p.stem.startswith("federated-")]  # remote endpoints: test_federation


def test_at_least_ten_queries_ship_with_a_readme():
    assert len(SHIPPED) >= 10
    readme = (QUERIES_DIR / "README.md").read_text()
    for path in SHIPPED:
        assert f"`{path.stem}`" in readme, f"{path.stem} is not described in queries/README.md"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_query_has_a_header_and_serves(path: Path):
    query = get_query(path.stem)
    assert query.title and query.description
    assert query.tags
    check(query)  # parses, is a SELECT, takes LIMIT/OFFSET, selects every parameter
    for example in query.examples:
        query.bind(example)


REQUIRED_VALUES = {"word": "killer", "family_name": "Le"}  # for required parameters without a default


def first_values(store: OxigraphStore, query: SavedQuery) -> dict[str, str]:
    values = {p.name: REQUIRED_VALUES[p.name] for p in query.params if p.required and p.type == "string"}
    if "work" in {p.name for p in query.params}:
        values["work"] = run(store, "article-references")[0]["cited"]
    return values


@pytest.mark.parametrize("path", [p for p in LOCAL if not p.stem.startswith("claims-")], ids=lambda p: p.stem)
def test_each_shipped_query_answers_on_the_hand_built_seed(store, path: Path):
    """(The hand-built seed states no claims; claims-* queries are checked on the real seed below.)"""
    query = get_query(path.stem)
    assert run(store, path.stem, **first_values(store, query)), f"{path.stem} gave no rows"
    for example in query.examples:
        run(store, path.stem, **example)  # runs; the real seed below must give rows


def test_load_queries_reads_the_folder_by_name():
    queries = load_queries()
    assert list(queries) == sorted(queries)
    assert queries["search-titles"].param("word").required


def test_an_unknown_query_is_unknown():
    with pytest.raises(UnknownQuery):
        get_query("no-such-query")
    with pytest.raises(UnknownQuery):
        get_query("../pyproject")


# --- the header ----------------------------------------------------------------------------

HEADER = """#+ title: Works about a concept
#+ description: Works whose subject is a concept.
#+ params:
#+   concept: {type: concept, default: NaturalKillerCell}
#+   limit_year: {type: year, min: 1900}
#+ tags: [concepts]
#+ examples:
#+   - {concept: TCell}
SELECT ?_concept ?_limit_year ?work WHERE { ?work dcterms:subject ?_concept }
"""


def test_header_is_read_into_typed_parameters():
    q = parse_query(HEADER, "works-about")
    assert q.title == "Works about a concept"
    assert [(p.name, p.type, p.default) for p in q.params] == [
        ("concept", "concept", "NaturalKillerCell"), ("limit_year", "year", None)]
    assert q.tags == ("concepts",) and q.examples == ({"concept": "TCell"},)
    assert q.sparql.startswith("SELECT") and "#+" not in q.sparql


@pytest.mark.parametrize("text, message", [
    ("SELECT ?x WHERE { ?x ?p ?o }", "no '#+' header"),
    ("#+ description: no title\nSELECT ?x WHERE { ?x ?p ?o }", "needs a title"),
    ("#+ title: t\n#+ summary: grlc word\nSELECT ?x WHERE { ?x ?p ?o }", "unknown header keys"),
    ("#+ title: t\n#+ params:\n#+   n: {type: float}\nSELECT ?_n WHERE { ?x ?p ?_n }", "unknown type"),
    ("#+ title: t\n#+ params:\n#+   page: {type: integer}\nSELECT ?_page WHERE { ?x ?p ?_page }", "bad parameter"),
    ("#+ title: t\n#+ params:\n#+   n: {type: integer, default: ten}\nSELECT ?_n WHERE {?x ?p ?_n}", "not an integer"),
    ("#+ title: t\nSELECT ?_typo WHERE { ?x ?p ?_typo }", "not in params"),
    ("#+ title: [unclosed\nSELECT ?x WHERE { ?x ?p ?o }", "not valid YAML"),
    ("#+ title: t\n#+ params:\n#+   w: {type: string, min: 1}\nSELECT ?_w WHERE {?x ?p ?_w}", "min must be"),
    ("#+ title: t\n#+ examples: [word=NK]\nSELECT ?x WHERE { ?x ?p ?o }", "each example is a mapping"),
])
def test_bad_headers_are_refused_with_the_reason(text: str, message: str):
    with pytest.raises(SavedQueryError, match=re.escape(message)):
        parse_query(text, "bad")


@pytest.mark.parametrize("body, message", [
    ("SELECT ?x WHERE { ?x ?p ?_n }", "projection"),  # a parameter pyoxigraph cannot substitute
    ("SELECT ?_n ?x WHERE { ?x ?p ?_n } LIMIT 5", "SyntaxError"),  # paging appends its own LIMIT
    ("ASK { ?x ?p ?_n }", "must be a SELECT"),
    ("SELECT ?_n ?x WHERE { ?x nope:p ?_n }", "SyntaxError"),  # an unknown prefix
])
def test_check_refuses_bodies_the_server_could_not_serve(body: str, message: str):
    query = parse_query(f"#+ title: t\n#+ params:\n#+   n: {{type: string, default: a}}\n{body}", "bad")
    with pytest.raises(SavedQueryError, match=message):
        check(query)


# --- parameter values --------------------------------------------------------------------

def param_query(**spec: str) -> SavedQuery:
    items = ", ".join(f"{k}: {v}" for k, v in spec.items())
    return parse_query(f"#+ title: t\n#+ params:\n#+   v: {{{items}}}\nSELECT ?_v WHERE {{}}", "t")


@pytest.mark.parametrize("ptype, raw, term", [
    ("string", "natural killer", Literal("natural killer")),
    ("integer", "42", Literal("42", datatype=XSD.integer)),
    ("integer", "-3", Literal("-3", datatype=XSD.integer)),
    ("year", "2006", Literal("2006", datatype=XSD.integer)),
    ("boolean", "yes", Literal("true", datatype=XSD.boolean)),
    ("boolean", "0", Literal("false", datatype=XSD.boolean)),
    ("iri", "https://doi.org/10.1/x", NamedNode("https://doi.org/10.1/x")),
    ("iri", "<http://example.org/br/1>", NamedNode("http://example.org/br/1")),
    ("iri", "fabio:Journal", NamedNode("http://purl.org/spar/fabio/Journal")),
    ("concept", "NaturalKillerCell", NK),
    ("concept", "immuno:TCell", TCELL),
])
def test_values_become_typed_terms(ptype: str, raw: str, term):
    assert param_query(type=ptype).bind({"v": raw}) == {"_v": term}


@pytest.mark.parametrize("ptype, raw, reason", [
    ("integer", "ten", "is not an integer"),
    ("integer", "1.5", "is not an integer"),
    ("year", "06", "is not a four-digit year"),
    ("boolean", "maybe", "is not a boolean"),
    ("iri", "br/123", "is not an absolute IRI"),
    ("iri", "http://example.org/a b", "is not a valid IRI"),
    ("iri", "relative path", "is not an absolute IRI"),
    ("string", "   ", "must not be empty"),
    ("string", "x" * 1001, "longer than 1000"),
    ("concept", "Natural Killer Cell!", "is not an immuno: concept name"),
])
def test_bad_values_say_why(ptype: str, raw: str, reason: str):
    with pytest.raises(ParameterError, match=re.escape(reason)) as info:
        param_query(type=ptype).bind({"v": raw})
    assert info.value.param == "v"


def test_integer_bounds_are_checked():
    q = param_query(type="integer", min="1", max="10")
    assert q.bind({"v": "10"})["_v"] == Literal("10", datatype=XSD.integer)
    with pytest.raises(ParameterError, match="below the minimum 1"):
        q.bind({"v": "0"})
    with pytest.raises(ParameterError, match="above the maximum 10"):
        q.bind({"v": "11"})


def test_defaults_required_and_unknown_names():
    search = get_query("search-titles")
    with pytest.raises(ParameterError, match="is required"):
        search.bind({})
    with pytest.raises(ParameterError, match="unknown parameter"):
        search.bind({"word": "NK", "wrod": "x"})
    refs = get_query("references-mentioning-concept")
    assert refs.bind({}) == {"_concept": NK, "_narrower": Literal("true", datatype=XSD.boolean)}
    assert "_article" not in get_query("article-metadata").bind({})  # left unbound: a wildcard


def test_concepts_resolve_by_name_label_or_match_and_unknown_ones_are_refused():
    concepts = Concepts.from_turtle(CONCEPTS_TTL)
    q = param_query(type="concept")
    for raw in ("NaturalKillerCell", "immuno:NaturalKillerCell", NK.value, "natural killer cell",
                "nk cell", "http://purl.obolibrary.org/obo/CL_0000623"):
        assert q.bind({"v": raw}, concepts) == {"_v": NK}, raw
    with pytest.raises(ParameterError, match="unknown concept 'NaturalKillerCel'; did you mean NaturalKillerCell"):
        q.bind({"v": "NaturalKillerCel"}, concepts)


def test_the_ontology_knows_the_default_concepts():
    from crosstalk.saved_queries import ONTOLOGY_FILE, ontology_concepts
    if not ONTOLOGY_FILE.exists():
        pytest.skip("ontology/immuno.ttl not written yet")
    concepts = ontology_concepts()
    assert concepts is not None
    for query in load_queries().values():
        for p in query.params:
            if p.type == "concept" and p.default:
                p.to_term(p.default, concepts)


def test_values_are_bound_not_spliced(store):
    """A value that would break out of a string literal is just a string that matches nothing."""
    assert run(store, "search-titles", word='") } DROP ALL #') == []
    assert run(store, "search-titles", word="killer")  # while the same query does match


# --- pagination ----------------------------------------------------------------------------

def test_paging_appends_limit_and_offset_with_one_row_to_spare():
    text = paginated(get_query("article-references"), page=3, page_size=10)
    assert text.rstrip().endswith("LIMIT 11\nOFFSET 20")


@pytest.mark.parametrize("page, page_size, param", [(0, 10, "page"), (1, 0, "page_size"), (1, 1001, "page_size")])
def test_paging_bounds(page: int, page_size: int, param: str):
    with pytest.raises(ParameterError) as info:
        paginated(get_query("article-references"), page, page_size)
    assert info.value.param == param


def test_pages_walk_the_reference_list_in_order(store):
    first = run(store, "article-references", page=1, page_size=4)
    second = run(store, "article-references", page=2, page_size=4)
    assert [r["number"] for r in first] == ["1", "7", "11", "16", "18"]  # one row to spare
    assert [r["number"] for r in second] == ["18", "19", "21", "22", "29"]


# --- answers on the hand-built seed --------------------------------------------------------

def test_article_metadata(store):
    (row,) = run(store, "article-metadata")
    assert row["title"].startswith("NK and MSCs Crosstalk")
    assert (row["journal"], row["volume"], row["issue"], row["pages"], row["year"]) == (
        "Stem Cell Reviews and Reports", "9", "2", "184–189", "2013")
    assert row["doi"] == "10.1007/s12015-013-9430-y"
    assert row["review"] == "true"
    assert set(row["keywords"].split("; ")) == {"NK cells", "Mesenchymal stem cells", "Immunomodulation"}


def test_article_metadata_for_one_article_by_iri(store):
    (row,) = run(store, "article-metadata")
    assert run(store, "article-metadata", article=row["_article"])[0]["title"] == row["title"]
    assert run(store, "article-metadata", article="http://example.org/br/none") == []


def test_authors_in_order_with_affiliations_and_the_corresponding_author(store):
    rows = run(store, "article-authors")
    assert [(r["position"], r["name"]) for r in rows] == [
        ("1", "Javier G. Casado"), ("2", "R. Tarazona"), ("3", "F. M. Sanchez-Margallo")]
    assert [r["corresponding"] for r in rows] == ["true", "false", "false"]
    assert (rows[0]["unit"], rows[0]["organisation"], rows[0]["city"], rows[0]["country"]) == (
        "Stem Cell Therapy Unit", "Minimally Invasive Surgery Centre Jesus Uson", "Caceres", "Spain")
    assert rows[1]["organisation"] == "University of Extremadura"


def test_references_are_numbered_with_year_and_journal(store):
    rows = run(store, "article-references")
    assert len(rows) == len(REFERENCES)
    assert [int(r["number"]) for r in rows] == sorted(int(r["number"]) for r in rows)
    r18 = next(r for r in rows if r["number"] == "18")
    assert (r18["year"], r18["journal"], r18["volume"], r18["pages"]) == ("2006", "Stem Cells", "24", "74–85")
    assert next(r for r in rows if r["number"] == "11")["pages"] == "e1886"


def test_references_mentioning_a_concept(store):
    numbers = [r["number"] for r in run(store, "references-mentioning-concept")]
    assert numbers == ["16", "18", "19", "21", "22"]  # NaturalKillerCell by default
    msc = {r["number"] for r in run(store, "references-mentioning-concept", concept="MesenchymalStemCell")}
    assert {"1", "7", "18", "29"} <= msc and "21" not in msc and "41" not in msc


def test_narrower_concepts_count_unless_turned_off(store):
    with_narrower = {r["number"]: r["matched"] for r in run(store, "references-mentioning-concept",
                                                            concept="TCell")}
    assert with_narrower["41"] == NKT.value
    exact = {r["number"] for r in run(store, "references-mentioning-concept", concept="TCell", narrower="false")}
    assert "41" not in exact and {"7", "16"} <= exact


def test_recurring_cited_authors(store):
    rows = run(store, "recurring-cited-authors")
    counts = {(r["familyName"], r.get("givenName")): int(r["references"]) for r in rows}
    assert counts == {("Le", "B. K."): 3, ("Rasmusson", "I."): 2}
    assert set(rows[0]["numbers"].split(", ")) == {"7", "16", "29"}
    assert [r["familyName"] for r in run(store, "recurring-cited-authors", min_references="3")] == ["Le"]


def test_citations_per_year(store):
    rows = {r["year"]: int(r["citations"]) for r in run(store, "citations-per-year")}
    assert rows == {"2003": 2, "2005": 1, "2006": 3, "2007": 1, "2008": 3, "2011": 1}


def test_most_cited_journals(store):
    rows = run(store, "most-cited-journals")
    assert (rows[0]["title"], rows[0]["citedWorks"]) == ("Blood", "2")
    assert len(rows) == 10
    assert [r["title"] for r in run(store, "most-cited-journals", min_citations="2")] == ["Blood"]


def test_concepts_mentioned_together(store):
    rows = run(store, "concept-cooccurrence")
    pairs = {frozenset((r["concept"], r["other"])): int(r["works"]) for r in rows}
    assert pairs[frozenset((NK.value, MSC.value))] == 4  # refs 16, 18, 19 and the article itself
    assert all(r["concept"] < r["other"] for r in rows)  # each pair once


def test_funding(store):
    (row,) = run(store, "funding")
    assert row["grantNumber"] == "PTQ-11-04554"
    assert row["funderName"] == "Subprograma Inncorpora-Torres Quevedo"
    assert row["year"] == "2011"


def test_search_by_title_word_ignores_case(store):
    titles = {r["title"] for r in run(store, "search-titles", word="NATURAL KILLER")}
    assert "Interactions between human mesenchymal stem cells and natural killer cells" in titles
    assert len(titles) == 4  # 16, 18, 19, 21


def test_works_citing_a_cited_work(store):
    r18 = next(r for r in run(store, "article-references") if r["number"] == "18")
    (row,) = run(store, "works-citing", work=r18["cited"])
    assert row["number"] == "18" and row["title"].startswith("NK and MSCs")


def test_references_in_a_year_range(store):
    rows = run(store, "references-since", from_year="2006", to_year="2007")
    assert [r["number"] for r in rows] == ["1", "7", "18", "19"]


def test_works_by_an_author(store):
    rows = run(store, "works-by-author", family_name="rasmusson")
    assert sorted(r["year"] for r in rows) == ["2003", "2007"]


def test_provenance_of_each_document_graph(store):
    (row,) = run(store, "document-provenance")
    assert (row["location"], row["sha256"], row["format"]) == ("corpus/seed.txt", "0" * 64, "springer-page")
    assert int(row["triples"]) > 100


# --- the real seed, once the reader reads it ------------------------------------------------

@pytest.fixture(scope="module")
def seed_store() -> OxigraphStore:
    from ingest.loader import default_claims, default_concepts, ingest_file, load_ontology

    store = OxigraphStore()
    result = ingest_file(SEED, store, MINT, concepts=default_concepts(), claims=default_claims())
    assert result.status == "added", result.error
    load_ontology(store, MINT)  # as `crosstalk ingest` does: concepts get labels and subclasses
    return store


@pytest.mark.parametrize("path", LOCAL, ids=lambda p: p.stem)
def test_each_shipped_query_and_example_answers_on_the_real_seed(seed_store, path: Path):
    query = get_query(path.stem)
    for example in [first_values(seed_store, query), *query.examples]:
        assert run(seed_store, path.stem, **example), f"{path.stem} {example} gave no rows"


def test_seed_authors_and_corresponding_author(seed_store):
    rows = run(seed_store, "article-authors")
    assert [r["familyName"] for r in rows] == ["Casado", "Tarazona", "Sanchez-Margallo"]
    assert [r["familyName"] for r in rows if r["corresponding"] == "true"] == ["Casado"]


def test_seed_has_45_references_in_order(seed_store):
    rows = run(seed_store, "article-references")
    assert [int(r["number"]) for r in rows] == list(range(1, 46))


def test_seed_grant(seed_store):
    assert [r["grantNumber"] for r in run(seed_store, "funding")] == ["PTQ-11-04554"]


def test_seed_references_mentioning_nk_cells(seed_store):
    rows = {int(r["number"]): r.get("title") for r in run(seed_store, "references-mentioning-concept")}
    assert rows[18] == "Interactions between human mesenchymal stem cells and natural killer cells"
    assert {16, 19, 21} <= set(rows) and 1 not in rows


def test_seed_narrower_concepts_come_from_the_ontology(seed_store):
    t_cells = {int(r["number"]): r["matched"] for r in run(seed_store, "references-mentioning-concept",
                                                           concept="T cell")}  # a label works too
    assert t_cells[41] == NKT.value  # invariant NKT cells, a kind of T cell in immuno.ttl
    exact = {int(r["number"]) for r in run(seed_store, "references-mentioning-concept", concept="TCell",
                                           narrower="false")}
    assert 41 not in exact and exact < set(t_cells)


def test_seed_provenance_lists_each_source_once(seed_store):
    rows = run(seed_store, "document-provenance")
    locations = [Path(r["location"]).name for r in rows]
    assert sorted(locations) == ["000_efc0945d80765837.txt", "immuno.ttl"]
