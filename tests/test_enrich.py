"""`crosstalk enrich` (ingest.enrich): missing DOIs, PMIDs and Wikidata items, offline.

Wikidata is a local ``oxigraph serve`` holding tests/data/wikidata/; PubMed E-utilities and
Crossref are small JSON stubs; the public endpoints reach them through service_mirrors,
exactly as an organisation's mirror would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat
from typer.testing import CliRunner

from crosstalk.config import Settings
from crosstalk.iri import Minter
from crosstalk.store import OxigraphStore
from crosstalk.vocab import LITERAL
from ingest.enrich import (
    Candidate,
    Http,
    Offline,
    WorkInfo,
    accepts,
    choose,
    enrich,
    enrichment_graph,
    mirrored,
    pubmed_term,
    user_agent,
    wikidata_query,
)
from ingest.loader import default_concepts, ingest_file, load_ontology
from tests.federation_fixtures import CROSSREF, DATA, EUTILS, WIKIDATA, closed_port_url, json_stub, oxigraph_server

BASE = "http://example.org/"
SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_efc0945d80765837.txt"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
FAST = {"min_interval": {}, "backoff": 0.0}
KARRE = "Natural killer cell recognition of missing self"


def seed_store(path: Path | None = None) -> OxigraphStore:
    store = OxigraphStore(path)
    minter = Minter(BASE)
    assert ingest_file(SEED, store, minter, concepts=default_concepts()).status == "added"
    load_ontology(store, minter)
    return store


def dois(store: OxigraphStore) -> dict[str, str]:
    """Cited work title -> DOI, for every work that has one."""
    rows = store.query("""SELECT ?title ?doi WHERE { ?w dcterms:title ?title ; datacite:hasIdentifier ?i .
        ?i datacite:usesIdentifierScheme datacite:doi ; literal:hasLiteralValue ?doi }""")
    return {r["title"].value: r["doi"].value for r in rows}  # type: ignore[union-attr]


def graph_dump(store: OxigraphStore) -> bytes:
    return store.raw.dump(format=RdfFormat.N_QUADS, from_graph=enrichment_graph(BASE)) or b""


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(DATA / "wikidata" / "seed-cited-works.ttl", tmp_path_factory.mktemp("wd")) as url:
        yield f"{url}query"


def settings_for(wikidata_url: str = "", **mirrors: str) -> Settings:
    pairs = ((WIKIDATA, wikidata_url), *((public, local) for public, local in mirrors.values()))
    return Settings(base=BASE, service_mirrors=tuple(p for p in pairs if p[1]), contact_email="curator@example.org")


# --- matching: pure --------------------------------------------------------------------------

WORK = WorkInfo("http://example.org/br/1", "Natural killer cell recognition of missing self.", 2008, "Karre")


def test_a_candidate_needs_title_year_and_first_author_to_agree():
    good = Candidate(KARRE, 2008, ("K. Kärre",), doi="10.5555/X")
    assert accepts(WORK, good)  # trailing full stop, case and the diacritic are folded
    assert accepts(WORK, Candidate(KARRE, 2007, ("Kärre K",)))  # online a year before print
    assert not accepts(WORK, Candidate(KARRE, 2015, ("K. Kärre",)))
    assert not accepts(WORK, Candidate(KARRE, 2008, ("A. Decoy",)))
    assert not accepts(WORK, Candidate("Natural killer cells", 2008, ("K. Kärre",)))


def test_two_different_answers_mean_no_answer():
    one = Candidate(KARRE, 2008, ("Kärre",), doi="10.5555/A")
    assert choose(WORK, [one, Candidate(KARRE, 2008, ("Kärre",), doi="10.5555/a")]).doi == "10.5555/a"
    assert choose(WORK, [one, Candidate(KARRE, 2008, ("Kärre",), doi="10.5555/B")]) is None


def test_queries_and_headers_name_what_the_sources_expect():
    query = wikidata_query([WORK, WorkInfo("http://example.org/br/2", "T", doi="10.5555/abc")])
    assert '"Natural killer cell recognition of missing self"@en' in query  # the full stop dropped too
    assert '"10.5555/ABC"' in query and "wdt:P356" in query and "pq:P1545" in query
    assert pubmed_term(WORK) == f'"{KARRE}"[Title] AND 2008[pdat] AND Karre[1au]'
    agent = user_agent("curator@example.org")
    assert agent == "crosstalk/0.1.0 (+https://w3id.org/crosstalk; mailto:curator@example.org)"
    settings = Settings(service_mirrors=((EUTILS.rstrip("/"), "http://127.0.0.1:9/eutils"),))
    assert mirrored(EUTILS, settings) == "http://127.0.0.1:9/eutils/"
    assert mirrored(CROSSREF, settings) == CROSSREF


# --- Wikidata: fills DOIs, then changes nothing --------------------------------------------------


def test_enrich_fills_dois_from_wikidata_and_a_second_run_changes_nothing(wikidata: str):
    store = seed_store()
    before = len(store)
    report = enrich(store, settings_for(wikidata), sources=["wikidata"], http=Http(settings_for(wikidata), **FAST),
                    now=NOW)
    found = dois(store)
    assert found["Interactions between human mesenchymal stem cells and natural killer cells"] == "10.5555/ct.fed.0018"
    assert found[KARRE] == "10.5555/ct.fed.0021"  # "Karre" as printed, "Kärre" in Wikidata
    assert found["Human mesenchymal stem cells modulate allogeneic immune cell responses"] == "10.5555/ct.fed.0037"
    assert "Mesenchymal stem cells in immunoregulation" not in found  # the decoy: other author, other year
    review = "NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity"
    assert found[review] == "10.1007/s12015-013-9430-y"  # the review itself, found by title
    assert report.count("doi") == 6 and report.count("wikidata") == 6 and report.count("pmid") == 3
    assert len(store) == before + len(report.quads)
    first = graph_dump(store)

    again = enrich(store, settings_for(wikidata), sources=["wikidata"], http=Http(settings_for(wikidata), **FAST))
    assert again.findings == [] and again.quads == []
    assert graph_dump(store) == first


def test_findings_are_added_in_their_own_graph_with_provenance(wikidata: str):
    store = seed_store()
    source_graphs = {g: len(list(store.raw.quads_for_pattern(None, None, None, g))) for g in store.named_graphs()}
    enrich(store, settings_for(wikidata), sources=["wikidata"], http=Http(settings_for(wikidata), **FAST), now=NOW)
    for g, n in source_graphs.items():  # nothing written anywhere else
        assert len(list(store.raw.quads_for_pattern(None, None, None, g))) == n
    graph = enrichment_graph(BASE)
    rows = list(store.query(f"""SELECT ?work ?item ?id ?endpoint ?when ?query WHERE {{ GRAPH {graph} {{
        ?work ct:wikidataItem ?item ; owl:sameAs ?item ; datacite:hasIdentifier ?id .
        ?id datacite:usesIdentifierScheme datacite:doi ; prov:wasGeneratedBy ?a .
        ?a prov:used ?endpoint ; prov:endedAtTime ?when ; ct:query ?query ; ct:enriched ?work }}
        FILTER(?item = <http://www.wikidata.org/entity/Q999000018>) }}"""))
    assert len(rows) == 1
    row = rows[0]
    assert row["endpoint"] == NamedNode(WIKIDATA)  # the public name, not the mirror
    assert row["when"].value == "2026-01-02T03:04:05Z"
    assert "wdt:P1476" in row["query"].value
    # the identifier node is the one the mapper would mint for this DOI
    assert row["id"] == Minter(BASE)("id", "doi", "10.5555/ct.fed.0018")
    assert Quad(row["id"], LITERAL.hasLiteralValue, Literal("10.5555/ct.fed.0018"), graph) in store.raw


def test_pubmed_links_are_added_for_every_pmid(wikidata: str):
    store = seed_store()
    enrich(store, settings_for(wikidata), sources=["wikidata"], http=Http(settings_for(wikidata), **FAST), now=NOW)
    links = {r["link"].value for r in store.query(  # type: ignore[union-attr]
        "SELECT ?link WHERE { ?w dcterms:title ?t ; rdfs:seeAlso ?link FILTER(CONTAINS(?t, 'Role for interferon')) }")}
    assert links == {"https://pubmed.ncbi.nlm.nih.gov/99100038/", "https://identifiers.org/pubmed:99100038"}


def test_a_dry_run_writes_nothing(wikidata: str):
    store = seed_store()
    before = len(store)
    report = enrich(store, settings_for(wikidata), sources=["wikidata"], dry_run=True,
                    http=Http(settings_for(wikidata), **FAST))
    assert report.quads and len(store) == before


# --- PubMed and Crossref through stubs ------------------------------------------------------------


def eutils(path: str, params: dict[str, str]) -> tuple[int, object]:
    """esearch finds Kärre 2008 by its title; esummary describes it (shapes as NCBI's JSON)."""
    if path.endswith("esearch.fcgi"):
        ids = ["99100021"] if "missing self" in params["term"] else []
        return 200, {"header": {"type": "esearch"}, "esearchresult": {"count": str(len(ids)), "idlist": ids}}
    return 200, {"header": {"type": "esummary"}, "result": {"uids": ["99100021"], "99100021": {
        "uid": "99100021", "pubdate": "2008 May", "title": "Natural killer cell recognition of missing self.",
        "authors": [{"name": "Kärre K", "authtype": "Author"}], "sortfirstauthor": "Kärre K",
        "articleids": [{"idtype": "pubmed", "value": "99100021"}, {"idtype": "doi", "value": "10.5555/ct.fed.0021"}]}}}


def crossref(path: str, params: dict[str, str]) -> tuple[int, object]:
    """Crossref knows Aggarwal 2005 (and, ranked first, a different work with a close title)."""
    items = []
    if "allogeneic immune cell responses" in params["query.bibliographic"]:
        items = [{"DOI": "10.5555/other", "title": ["Human mesenchymal stem cells modulate immune responses"],
                  "issued": {"date-parts": [[2005]]}, "author": [{"family": "Aggarwal", "sequence": "first"}]},
                 {"DOI": "10.5555/CT.FED.0037", "issued": {"date-parts": [[2005, 2, 15]]},
                  "title": ["Human mesenchymal stem cells modulate allogeneic immune cell responses"],
                  "author": [{"given": "S.", "family": "Aggarwal", "sequence": "first"},
                             {"family": "Pittenger", "sequence": "additional"}]}]
    return 200, {"status": "ok", "message-type": "work-list", "message": {"items": items}}


def test_pubmed_and_crossref_fill_pmid_and_doi_with_a_descriptive_user_agent():
    store = seed_store()
    with json_stub(eutils) as ncbi, json_stub(crossref) as cr:
        settings = settings_for(pubmed=(EUTILS, f"{ncbi.url}eutils"), crossref=(CROSSREF, cr.url))
        report = enrich(store, settings, sources=["pubmed", "crossref"], http=Http(settings, **FAST), now=NOW)
    found = dois(store)
    assert found[KARRE] == "10.5555/ct.fed.0021"  # from PubMed's articleids
    assert found["Human mesenchymal stem cells modulate allogeneic immune cell responses"] == "10.5555/ct.fed.0037"
    assert report.count("pmid") == 1 and report.count("doi") == 2
    assert report.looked_up["crossref"] == report.works - 1  # Kärre 2008 already had its DOI from PubMed
    first = ncbi.requests[0]
    assert first["path"] == "/eutils/esearch.fcgi" and first["params"]["tool"] == "crosstalk"
    assert first["params"]["email"] == "curator@example.org"
    assert cr.requests[0]["params"]["mailto"] == "curator@example.org"
    assert first["headers"]["User-Agent"].startswith("crosstalk/0.1.0 (")
    assert "mailto:curator@example.org" in cr.requests[0]["headers"]["User-Agent"]


def test_a_busy_source_is_retried_with_backoff():
    calls = []

    def flaky(path: str, params: dict[str, str]) -> tuple[int, object]:
        calls.append(path)
        return (503, {}) if len(calls) == 1 else crossref(path, params)

    waits: list[float] = []
    store = seed_store()
    with json_stub(flaky) as cr:
        settings = settings_for(crossref=(CROSSREF, cr.url))
        http = Http(settings, min_interval={}, backoff=0.25, sleep=waits.append)
        report = enrich(store, settings, sources=["crossref"], limit=1, http=http)
    assert waits == [0.25] and len(calls) == 2 and report.looked_up == {"crossref": 1}


# --- no network ---------------------------------------------------------------------------------


def test_with_no_network_it_says_so_and_changes_nothing(tmp_path: Path):
    store = seed_store()
    before = len(store)
    settings = settings_for(f"{closed_port_url()}query")
    with pytest.raises(Offline, match="cannot reach wikidata at http://127.0.0.1:.*connection refused"):
        enrich(store, settings, sources=["wikidata"], http=Http(settings, **FAST))
    assert len(store) == before


def test_the_command_reports_no_network_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from crosstalk.cli import app

    path = tmp_path / "store"
    seed_store(path).flush()
    monkeypatch.setenv("CROSSTALK_BASE", BASE)
    monkeypatch.setenv("CROSSTALK_SERVICE_MIRRORS", f"{WIKIDATA}={closed_port_url()}query")
    result = CliRunner().invoke(app, ["enrich", "--store", str(path), "--sources", "wikidata"])
    assert result.exit_code == 2, result.output
    assert "no network" in result.output and "Nothing was changed" in result.output


def test_the_command_enriches_and_summarises(tmp_path: Path, wikidata: str, monkeypatch: pytest.MonkeyPatch):
    from crosstalk.cli import app

    path = tmp_path / "store"
    seed_store(path).flush()
    monkeypatch.setenv("CROSSTALK_BASE", BASE)
    monkeypatch.setenv("CROSSTALK_SERVICE_MIRRORS", f"{WIKIDATA}={wikidata}")
    result = CliRunner().invoke(app, ["enrich", "--store", str(path), "--sources", "wikidata", "--limit", "10"])
    assert result.exit_code == 0, result.output
    assert "enrich summary" in result.output and "works considered" in result.output
    result = CliRunner().invoke(app, ["enrich", "--store", str(path), "--sources", "bogus"])
    assert result.exit_code == 2
