"""Writes: SPARQL Update and the Graph Store Protocol, behind a bearer token."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator

import httpx
import pytest
import rdflib

from tests.conftest import TOKEN, LiveServer, build_store, live_server

AUTH = {"authorization": f"Bearer {TOKEN}"}
UPDATE = {"content-type": "application/sparql-update"}
TURTLE = {"content-type": "text/turtle"}


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Two workers on a store of its own, writes enabled with TOKEN."""
    path = tmp_path_factory.mktemp("writable") / "store"
    build_store(path, "http://example.org/")
    with live_server(path, workers=2, update_token=TOKEN) as running:
        yield running


@pytest.fixture(scope="module")
def w(writable: LiveServer) -> Iterator[httpx.Client]:
    with writable.client() as c:
        yield c


def ask(server: LiveServer, query: str) -> bool:
    """ASK on a fresh connection, so that either worker may answer."""
    r = httpx.get(f"{server.url}sparql", params={"query": query}, timeout=30)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


# --- the token ------------------------------------------------------------------------------

def test_writes_are_off_without_a_configured_token(client: httpx.Client) -> None:
    r = client.post("/sparql", content="CLEAR ALL", headers={**UPDATE, **AUTH})
    assert r.status_code == 403 and "disabled" in r.json()["message"]
    assert client.put("/store?default", content="", headers={**TURTLE, **AUTH}).status_code == 403


def test_an_update_without_the_token_is_401(w: httpx.Client) -> None:
    r = w.post("/sparql", content="CLEAR ALL", headers=UPDATE)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert w.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 401
    assert w.post("/sparql", content="CLEAR ALL", headers={**UPDATE, "authorization": "Basic eDp5"}).status_code == 401


def test_an_update_with_a_wrong_token_is_403(writable: LiveServer, w: httpx.Client) -> None:
    r = w.post("/sparql", content="CLEAR ALL", headers={**UPDATE, "authorization": "Bearer guess"})
    assert r.status_code == 403
    assert ask(writable, "ASK { ?a a fabio:JournalArticle }")  # nothing was cleared


def test_an_update_by_get_is_refused(w: httpx.Client) -> None:
    assert w.get("/sparql", params={"update": "CLEAR ALL"}, headers=AUTH).status_code == 405


# --- SPARQL Update ----------------------------------------------------------------------------

def test_an_update_is_read_by_every_worker_at_once(writable: LiveServer, w: httpx.Client) -> None:
    r = w.post("/sparql", content='INSERT DATA { GRAPH <http://example.org/g/new> { <http://example.org/s> '
                                  '<http://example.org/p> "written" } }', headers={**UPDATE, **AUTH})
    assert r.status_code == 204
    for _ in range(6):  # fresh connections land on both workers
        assert ask(writable, 'ASK { <http://example.org/s> <http://example.org/p> "written" }')


def test_form_update_and_several_operations(writable: LiveServer, w: httpx.Client) -> None:
    update = ('INSERT DATA { GRAPH <http://example.org/g/a> { <http://example.org/x> <http://example.org/p> 1 } } ;'
              'INSERT DATA { GRAPH <http://example.org/g/b> { <http://example.org/y> <http://example.org/p> 2 } }')
    assert w.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    assert ask(writable, "ASK { <http://example.org/x> ?p 1 . <http://example.org/y> ?q 2 }")


def test_an_invalid_update_changes_nothing(writable: LiveServer, w: httpx.Client) -> None:
    r = w.post("/sparql", content="INSERT DATA { <http://example.org/half> <http://example.org/p> 1 } ; CLEAR XYZ",
               headers={**UPDATE, **AUTH})
    assert r.status_code == 400
    assert not ask(writable, "ASK { <http://example.org/half> ?p ?o }")


def test_load_is_refused_even_with_the_token(w: httpx.Client) -> None:
    r = w.post("/sparql", content="LOAD <http://example.org/data.ttl>", headers={**UPDATE, **AUTH})
    assert r.status_code == 403 and "LOAD" in r.json()["message"]


def test_using_graph_uri_sets_the_dataset_of_the_where(writable: LiveServer, w: httpx.Client) -> None:
    update = ("INSERT { GRAPH <http://example.org/g/copied> { ?s ?p ?o } } WHERE { ?s ?p ?o }")
    r = w.post("/sparql?using-graph-uri=http%3A%2F%2Fexample.org%2Fg%2Fa", content=update, headers={**UPDATE, **AUTH})
    assert r.status_code == 204
    assert ask(writable, "ASK { GRAPH <http://example.org/g/copied> { <http://example.org/x> ?p 1 } }")
    assert not ask(writable, "ASK { GRAPH <http://example.org/g/copied> { <http://example.org/y> ?p 2 } }")
    conflict = w.post("/sparql?using-graph-uri=http%3A%2F%2Fexample.org%2Fg%2Fa",
                      content="WITH <http://example.org/g/a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                      headers={**UPDATE, **AUTH})
    assert conflict.status_code == 400


def test_concurrent_writes_all_land(writable: LiveServer) -> None:
    def insert(n: int) -> int:
        return httpx.post(f"{writable.url}sparql", headers={**UPDATE, **AUTH}, timeout=30,
                          content=f"INSERT DATA {{ GRAPH <http://example.org/g/c> {{ <http://example.org/c{n}> "
                                  f"<http://example.org/p> {n} }} }}").status_code

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        assert set(pool.map(insert, range(8))) == {204}
    r = httpx.get(f"{writable.url}sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH "
                                                            "<http://example.org/g/c> { ?s ?p ?o } }"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "8"


# --- Graph Store Protocol ---------------------------------------------------------------------

PERSON = "<http://example.org/person/1> a <http://xmlns.com/foaf/0.1/Person> ; " \
         "<http://xmlns.com/foaf/0.1/name> \"{name}\" ."


def graph_of(response: httpx.Response) -> rdflib.Graph:
    return rdflib.Graph().parse(data=response.text, format="turtle")


def test_graph_store_put_get_post_head_delete(w: httpx.Client) -> None:
    url = "/store?graph=http%3A%2F%2Fexample.org%2Fpeople"
    assert w.get(url).status_code == 401
    assert w.get(url, headers=AUTH).status_code == 404
    assert w.put(url, content=PERSON.format(name="John"), headers={**TURTLE, **AUTH}).status_code == 201
    assert w.put(url, content=PERSON.format(name="Jane"), headers={**TURTLE, **AUTH}).status_code == 204
    got = w.get(url, headers={**AUTH, "accept": "text/turtle"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/turtle")
    names = {str(o) for o in graph_of(got).objects(predicate=rdflib.FOAF.name)}
    assert names == {"Jane"}
    added = w.post(url, content='<http://example.org/person/1> <http://xmlns.com/foaf/0.1/nick> "JD" .',
                   headers={"content-type": "application/n-triples", **AUTH})
    assert added.status_code == 200
    assert len(graph_of(w.get(url, headers=AUTH))) == 3
    as_nt = w.get(url, headers={**AUTH, "accept": "application/n-triples"})
    assert len(as_nt.text.strip().splitlines()) == 3
    head = w.head(url, headers=AUTH)
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/turtle")
    assert w.delete(url, headers=AUTH).status_code == 200
    assert w.get(url, headers=AUTH).status_code == 404
    assert w.delete(url, headers=AUTH).status_code == 404


def test_graph_store_default_graph(w: httpx.Client) -> None:
    assert w.put("/store?default", content=PERSON.format(name="Alice"), headers={**TURTLE, **AUTH}).status_code in (
        201, 204)
    got = w.get("/store?default", headers=AUTH)
    assert {str(o) for o in graph_of(got).objects(predicate=rdflib.FOAF.name)} == {"Alice"}


def test_graph_store_post_creates_a_graph(w: httpx.Client, writable: LiveServer) -> None:
    r = w.post("/store", content=PERSON.format(name="New"), headers={**TURTLE, **AUTH})
    assert r.status_code == 201
    location = r.headers["location"]
    assert location.startswith(f"{writable.url}store/")
    assert len(graph_of(w.get(location, headers=AUTH))) == 2


def test_graph_store_multipart_post(w: httpx.Client) -> None:
    url = "/store?graph=http%3A%2F%2Fexample.org%2Fmulti"
    files = [("a", ("a.ttl", b'<http://example.org/m> <http://example.org/p> "a" .', "text/turtle")),
             ("b", ("b.nt", b'<http://example.org/m> <http://example.org/p> "b" .', "application/n-triples"))]
    assert w.post(url, files=files, headers=AUTH).status_code == 201
    assert len(graph_of(w.get(url, headers=AUTH))) == 2


def test_graph_store_bad_bodies(w: httpx.Client) -> None:
    url = "/store?graph=http%3A%2F%2Fexample.org%2Fbad"
    assert w.put(url, content="not turtle", headers={**TURTLE, **AUTH}).status_code == 400
    assert w.put(url, content="x", headers={"content-type": "image/png", **AUTH}).status_code == 415
    assert w.get("/store?graph=http%3A%2F%2Fexample.org%2Fbad&default", headers=AUTH).status_code == 400
