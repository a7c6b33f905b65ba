"""The guard: what is refused before pyoxigraph ever sees it, and why."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crosstalk.config import Settings
from crosstalk.vocab import sparql_prologue
from server.app import BadQuery, NotAllowed, PayloadTooLarge, QueryTooComplex, ServerError
from server.guard import MAX_NESTING, MAX_QUERY_BYTES, check_query, check_update, is_private
from tests.conftest import ARTICLES, LiveServer, live_server

WIKIDATA = "https://query.wikidata.org/sparql"
MIRROR = "http://127.0.0.1:9/wikidata-mirror"
SETTINGS = Settings(service_allowlist=(WIKIDATA,), service_mirrors=((WIKIDATA, MIRROR),))


def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth


def refused(query: str, error: type[ServerError], settings: Settings = SETTINGS) -> str:
    with pytest.raises(error) as caught:
        check_query(query, settings)
    return caught.value.message


# --- limits -------------------------------------------------------------------------------------

def test_reasonable_nesting_passes_and_deep_nesting_is_refused() -> None:
    assert check_query(nested(MAX_NESTING - 1), SETTINGS).form == "SELECT"
    assert "nested 10000 deep" in refused(nested(10_000), QueryTooComplex)


def test_long_flat_chains_are_refused_too() -> None:
    """10,000 UNION branches crash pyoxigraph without any nesting."""
    union = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }"
    refused(union, QueryTooComplex)
    refused("SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * 10_000) + ") }", QueryTooComplex)
    refused("SELECT * WHERE { ?s " + "/".join(["<http://p>"] * 10_000) + " ?o }", QueryTooComplex)


def test_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    query = 'SELECT * WHERE { ?s ?p "' + "{" * 500 + '" } # ' + "(" * 500 + "\n"
    assert check_query(query, SETTINGS).form == "SELECT"


def test_a_request_over_the_size_limit_is_413() -> None:
    refused("ASK {} #" + "x" * MAX_QUERY_BYTES, PayloadTooLarge)


# --- SERVICE ------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "<http://127.0.0.1:8000/sparql>", "<http://localhost/sparql>", "<http://10.0.0.7/sparql>",
    "<http://[::1]/sparql>", "<https://example.org/sparql>", "?endpoint",
])
def test_service_outside_the_allowlist_is_refused(target: str) -> None:
    refused(f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}", NotAllowed)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p 1SERVICE <http://127.0.0.1/> { ?s ?p ?o } }",           # pyoxigraph reads 1 SERVICE
    "SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1/> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1/> { ?s ?p ?o } }",
    "PREFIX ex: <http://ex/> SELECT * { ?s ex:it\\'s ?o . SERVICE <http://127.0.0.1/> {} # '\n}",
    "PREFIX lo: <http://127.0.0.1/> SELECT * WHERE { SERVICE lo:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://\\u0031\\u0032\\u0037.0.0.1/> { ?s ?p ?o } }",
])
def test_service_cannot_hide(query: str) -> None:
    refused(query, NotAllowed)


def test_a_keyword_glued_to_another_word_is_refused() -> None:
    refused("SELECT * WHERE { ?s ?p trueSERVICE <http://127.0.0.1/> { ?s ?p ?o } }", BadQuery)


def test_service_in_strings_and_comments_is_just_text() -> None:
    query = 'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1/> {}" } # SERVICE <http://10.0.0.1/>'
    assert check_query(query, SETTINGS).text == query


def test_an_allowlisted_endpoint_goes_to_its_mirror() -> None:
    checked = check_query(f"PREFIX wd: <https://query.wikidata.org/> SELECT * WHERE {{ SERVICE SILENT wd:sparql "
                          f"{{ ?s ?p ?o }} SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}", SETTINGS)
    assert checked.text.count(f"<{MIRROR}>") == 2 and f"<{WIKIDATA}>" not in checked.text


def test_a_private_address_is_refused_even_when_allowlisted() -> None:
    careless = Settings(service_allowlist=("http://127.0.0.1:8000/sparql", "http://2130706433/sparql"))
    assert "loopback or private" in refused("SELECT * { SERVICE <http://127.0.0.1:8000/sparql> { } }", NotAllowed,
                                            careless)
    refused("SELECT * { SERVICE <http://2130706433/sparql> { } }", NotAllowed, careless)
    assert is_private("http://0x7f.1/") and is_private("http://169.254.1.1/") and not is_private(WIKIDATA)


# --- LOAD, file:, forms -------------------------------------------------------------------------

def test_load_and_file_iris_are_refused() -> None:
    with pytest.raises(NotAllowed, match="LOAD"):
        check_update("CLEAR ALL ; load <http://example.org/data.ttl>", SETTINGS)
    refused("SELECT * WHERE { <file:///etc/passwd> ?p ?o }", NotAllowed)
    refused("SELECT * WHERE { <\\u0066ile:///etc/passwd> ?p ?o }", NotAllowed)
    refused("BASE <FILE:///etc/> SELECT * WHERE { <passwd> ?p ?o }", NotAllowed)


def test_the_guard_reports_form_and_dataset() -> None:
    assert check_query(sparql_prologue() + "CONSTRUCT WHERE { ?s ?p ?o }", SETTINGS).form == "CONSTRUCT"
    assert check_query("ASK FROM <http://g> { ?s ?p ?o }", SETTINGS).dataset_keywords == {"FROM"}
    assert check_query("SELECT ?from WHERE { ?from ?p ?o }", SETTINGS).dataset_keywords == frozenset()
    assert check_update("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", SETTINGS).dataset_keywords == {
        "WITH"}


# --- against the running server ---------------------------------------------------------------

def test_10000_nested_groups_get_400_and_the_server_stays_up(server: LiveServer, client: httpx.Client) -> None:
    workers = server.worker_pids()
    r = client.post("/sparql", content=nested(10_000), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400 and r.json()["error"] == "query_too_complex"
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
    assert server.worker_pids() == workers  # not even restarted


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A port on 127.0.0.1 that records whether anybody connected."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        s.settimeout(0.5)
        yield s


def test_service_to_127_0_0_1_is_refused_and_never_called(client: httpx.Client, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    r = client.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
                                               "{ ?s ?p ?o } }"})
    assert r.status_code == 403 and r.json()["error"] == "not_allowed"
    assert "not allowed" in r.json()["message"]
    with pytest.raises(TimeoutError):
        listener.accept()


def test_a_big_body_is_413(client: httpx.Client) -> None:
    r = client.post("/sparql", content=b"ASK {} #" + b"x" * (MAX_QUERY_BYTES + 1),
                    headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


@pytest.fixture(scope="module")
def federating(store_path: Path, server: LiveServer) -> Iterator[LiveServer]:
    """A second server whose Wikidata endpoint is mirrored by the shared server."""
    mirrors = ((WIKIDATA, f"{server.url}sparql"),)
    with live_server(store_path, service_allowlist=(WIKIDATA,), service_mirrors=mirrors) as running:
        yield running


def test_federation_goes_to_the_mirror(federating: LiveServer) -> None:
    query = (f"SELECT ?title WHERE {{ SERVICE <{WIKIDATA}> {{ ?a a <http://purl.org/spar/fabio/JournalArticle> ;"
             " <http://purl.org/dc/terms/title> ?title } }")
    with federating.client() as c:
        r = c.get("/sparql", params={"query": query})
    assert r.status_code == 200, r.text
    assert len(r.json()["results"]["bindings"]) == ARTICLES
