"""Issue 5's acceptance: one folder, every format, overlapping works merged into single nodes."""

import shutil
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from crosstalk.iri import Minter
from crosstalk.store import OxigraphStore
from ingest.loader import ingest_paths, load_ontology
from ingest.validate import validate_store

DATA = Path(__file__).resolve().parent / "data"
SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_efc0945d80765837.txt"
MINT = Minter("http://example.org/")
BROKEN = ["jats/c_malformed.xml", "pubmed/b_malformed.xml", "crossref/d_malformed.json", "csljson/c_malformed.json",
          "bibtex/b_unbalanced.bib", "ris/b_missing_er.ris", "springer/d_no_title.txt"]


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    shutil.copy(SEED, folder)
    for sample in (DATA / "overlap").iterdir():
        shutil.copy(sample, folder)
    store = OxigraphStore()
    load_ontology(store, MINT)
    results = list(ingest_paths([folder], store, MINT, workers=1))
    return store, results


def rows(store, sparql):
    result = store.query(sparql)
    assert isinstance(result, QuerySolutions)
    return [{k.value: r[k].value for k in result.variables if r[k] is not None} for r in result]


def test_every_format_is_detected_and_ingested(merged):
    store, results = merged
    assert [r.status for r in results] == ["added"] * 7, [r.error for r in results]
    formats = {r["f"] for r in rows(store, "SELECT DISTINCT ?f { ?s ct:sha256 ?sha ; dcterms:format ?f }")}
    assert formats == {"springer-page", "jats-xml", "pubmed-xml", "crossref-json", "csl-json", "bibtex", "ris",
                       "owl-ontology"}


def test_a_shared_work_is_one_node_with_every_source_graph(merged):
    store, _ = merged
    found = rows(store, """SELECT ?w (COUNT(DISTINCT ?g) AS ?graphs) WHERE {
        GRAPH ?g { ?w dcterms:title ?t } FILTER(CONTAINS(LCASE(?t), "mesenchymal stem cell-natural killer cell"))
    } GROUP BY ?w""")
    assert len(found) == 1  # Spaggiari 2006: seed reference 19, the JATS article, cited by PubMed, CSL, BibTeX, RIS
    assert int(found[0]["graphs"]) >= 4
    karre = rows(store, """SELECT DISTINCT ?w WHERE { ?w dcterms:title ?t
        FILTER(CONTAINS(LCASE(?t), "recognition of missing self")) }""")
    assert len(karre) == 1


def test_citations_connect_across_articles(merged):
    store, _ = merged
    citing = rows(store, """SELECT DISTINCT ?citing WHERE { ?citing cito:cites ?w . ?w dcterms:title ?t
        FILTER(CONTAINS(LCASE(?t), "interactions between human mesenchymal stem cells and natural killer cells")) }""")
    assert len(citing) >= 3  # the seed review, the JATS article and the PubMed review cite Sotiropoulou 2006


def test_each_source_keeps_its_provenance(merged):
    store, _ = merged
    sources = rows(store, """SELECT ?g ?path WHERE { GRAPH ?pg { ?g prov:wasDerivedFrom ?s . ?s prov:atLocation ?path }
        FILTER(?g != <https://w3id.org/crosstalk/immuno>) }""")
    assert len(sources) == 7 and len({s["g"] for s in sources}) == 7


def test_the_merged_graph_validates(merged):
    store, _ = merged
    report = validate_store(store)
    assert report.conforms, report.text


@pytest.mark.parametrize("broken", BROKEN)
def test_a_broken_file_names_the_file_and_the_place_and_changes_nothing(merged, broken):
    store, _ = merged
    before = len(store)
    (result,) = ingest_paths([DATA / broken], store, MINT)
    assert result.status == "failed"
    assert result.error.startswith(f"{DATA / broken}:"), result.error
    assert result.error.split(":")[1].isdigit(), f"no line number in {result.error}"
    assert len(store) == before
