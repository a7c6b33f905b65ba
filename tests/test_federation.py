"""Federated saved queries through the real server, against local stand-ins for Wikidata and MeSH.

The crosstalk server holds the seed review, with the DOIs `crosstalk enrich` found in the
Wikidata-shaped server; service_mirrors send https://query.wikidata.org/sparql and
https://id.nlm.nih.gov/mesh/sparql to two local ``oxigraph serve`` processes.

Timeouts: pyoxigraph 0.5.13 exposes no HTTP timeout for SERVICE (``Store.query`` takes no such
option, and SERVICE has no per-call setting), so a remote endpoint that never answers is cut off by
the runner's deadline (``query_timeout``): the request gets a 503 ``query_timeout`` JSON
error and the worker, whose thread is still blocked, is retired and replaced.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crosstalk.config import Settings
from crosstalk.saved_queries import get_query
from ingest.enrich import Http, enrich
from tests.conftest import LiveServer, free_port, live_server
from tests.federation_fixtures import DATA, MESH, WIKIDATA, oxigraph_server, sleeper
from tests.test_enrich import seed_store

ROOT = Path(__file__).resolve().parents[1]
WD = "http://www.wikidata.org/entity/"


def rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


@pytest.fixture(scope="module")
def remotes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with oxigraph_server(DATA / "wikidata" / "seed-cited-works.ttl", tmp_path_factory.mktemp("wd")) as wd, \
            oxigraph_server(DATA / "mesh" / "descriptors.ttl", tmp_path_factory.mktemp("mesh")) as mesh:
        yield {WIKIDATA: f"{wd}query", MESH: f"{mesh}query"}


@pytest.fixture(scope="module")
def federating(tmp_path_factory: pytest.TempPathFactory, remotes: dict[str, str]) -> Iterator[LiveServer]:
    """The seed, enriched from the Wikidata stand-in, served with both mirrors mapped."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    path = tmp_path_factory.mktemp("federating") / "store"
    mirrors = tuple(remotes.items())
    store = seed_store(path)
    settings = Settings(base=base, service_mirrors=mirrors)
    report = enrich(store, settings, sources=["wikidata"], http=Http(settings, min_interval={}))
    assert report.count("doi") >= 5
    del store  # release the writer's lock; the server reads the published snapshot
    with live_server(path, port=port, base=base, service_mirrors=mirrors, query_timeout=20) as running:
        yield running


def test_cited_works_join_the_seed_references_with_wikidata(federating: LiveServer):
    with federating.client() as c:
        found = rows(c.get("/queries/federated-cited-works-wikidata"))
    by_number = {int(r["number"]): r for r in found}
    assert sorted(by_number) == [18, 19, 21, 37, 38]
    assert by_number[18]["item"] == f"{WD}Q999000018"
    assert by_number[18]["doi"] == "10.5555/CT.FED.0018"
    assert by_number[18]["title"] == "Interactions between human mesenchymal stem cells and natural killer cells"
    assert set(by_number[18]["mainSubjects"].split(" | ")) == {"natural killer cell", "mesenchymal stem cell"}
    assert by_number[19]["wikidataCitedBy"] == "4"  # the review and three made-up papers
    assert by_number[38]["wikidataCitedBy"] == "1" and by_number[38].get("mainSubjects", "") == ""


def test_wikidata_papers_citing_the_same_works_as_the_review(federating: LiveServer):
    with federating.client() as c:
        found = rows(c.get("/queries/federated-co-citing-papers"))
    ranked = [(r["citing"].removeprefix(WD), int(r["sharedWorks"]), r["referenceNumbers"]) for r in found]
    assert [(q, n) for q, n, _ in ranked] == [("Q999000501", 3), ("Q999000502", 2), ("Q999000503", 1)]
    assert sorted(ranked[0][2].split()) == ["18", "19", "21"]  # the review itself is not listed


def test_concepts_get_mesh_tree_numbers_and_broader_descriptors(federating: LiveServer):
    with federating.client() as c:
        found = rows(c.get("/queries/federated-concepts-mesh", params={"concept": "NaturalKillerCell"}))
    assert len(found) == 1
    nk = found[0]
    assert nk["descriptor"] == "http://id.nlm.nih.gov/mesh/D007694" and nk["descriptorName"] == "Killer Cells, Natural"
    assert sorted(nk["treeNumbers"].split()) == ["A15.145.229.637.555", "A15.382.490.555"]
    assert nk["broaderDescriptors"] == "Lymphocytes"


def test_the_mesh_query_asks_for_every_mesh_match_of_the_ontology():
    """The descriptors are listed in the query (see its description): keep them in step."""
    ontology = (ROOT / "ontology" / "immuno.ttl").read_text()
    in_ontology = set(re.findall(r"<http://id\.nlm\.nih\.gov/mesh/(\w+)>", ontology))
    in_query = set(re.findall(r"mesh:(\w+)", get_query("federated-concepts-mesh").sparql))
    assert in_query == in_ontology


# --- refused --------------------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        s.settimeout(0.5)
        yield s


def test_service_outside_the_allowlist_is_refused(federating: LiveServer):
    with federating.client() as c:
        r = c.get("/sparql", params={"query": "SELECT * { SERVICE <https://example.org/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 403 and r.json()["error"] == "not_allowed"
    assert "allowlisted endpoints: https://query.wikidata.org/sparql" in r.json()["message"]


def test_service_to_an_unmapped_loopback_address_is_refused_and_never_called(
        federating: LiveServer, listener: socket.socket, remotes: dict[str, str]):
    port = listener.getsockname()[1]
    with federating.client() as c:
        for target in (f"http://127.0.0.1:{port}/sparql", remotes[WIKIDATA]):  # even the mirror, named directly
            r = c.get("/sparql", params={"query": f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"})
            assert r.status_code == 403, r.text
    with pytest.raises(TimeoutError):
        listener.accept()


# --- a remote that never answers --------------------------------------------------------------------


def test_a_remote_that_sleeps_past_the_deadline_is_cut_off_with_a_clear_error(tmp_path: Path):
    from tests.conftest import build_store

    with sleeper(60) as slow:
        port = free_port()
        path = tmp_path / "store"
        build_store(path, f"http://127.0.0.1:{port}/")
        with live_server(path, port=port, query_timeout=2, service_mirrors=((WIKIDATA, f"{slow}sparql"),)) as server:
            started = time.monotonic()
            r = httpx.get(f"{server.url}sparql", timeout=30, params={
                "query": f"SELECT * {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}"})
            elapsed = time.monotonic() - started
            assert r.status_code == 503 and r.headers["content-type"].startswith("application/json")
            assert r.json()["error"] == "query_timeout" and "did not finish within 2 s" in r.json()["message"]
            assert elapsed < 10
            deadline = time.monotonic() + 20  # the retired worker is replaced: the server answers again
            while time.monotonic() < deadline:
                try:
                    if server.ask(timeout=2) == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            assert server.ask() == 200
