"""The SPARQL 1.1 Protocol on /sparql, as a client sees it (real server, real HTTP)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from urllib.parse import quote

import httpx
import pytest
import rdflib
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from tests.conftest import ARTICLES, FILLER, ROW_LIMIT

TITLES = "SELECT ?title WHERE { ?a a fabio:JournalArticle ; dcterms:title ?title } ORDER BY ?title"
CONSTRUCT = "CONSTRUCT { ?a dcterms:title ?t } WHERE { ?a a fabio:JournalArticle ; dcterms:title ?t }"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def titles(response: httpx.Response) -> list[str]:
    data = response.json()
    return [b["title"]["value"] for b in data["results"]["bindings"]]


# --- query by GET, form POST and direct POST -------------------------------------------------

def test_get_answers_json_by_default(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": TITLES})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert titles(r) == [f"NK cell and MSC crosstalk, part {n}" for n in range(1, ARTICLES + 1)]


def test_form_post_and_direct_post_answer_the_same(client: httpx.Client) -> None:
    by_get = titles(client.get("/sparql", params={"query": TITLES}))
    by_form = client.post("/sparql", data={"query": TITLES})
    direct = client.post("/sparql", content=TITLES.encode(), headers={"content-type": "application/sparql-query"})
    assert titles(by_form) == titles(direct) == by_get


def test_a_post_in_another_media_type_is_415(client: httpx.Client) -> None:
    r = client.post("/sparql", content=TITLES, headers={"content-type": "text/plain"})
    assert r.status_code == 415
    assert r.json()["error"] == "unsupported_media_type"
    assert client.post("/sparql", content=b"query=ASK%7B%7D").status_code == 415  # no Content-Type


def test_a_query_that_is_not_utf8_is_refused(client: httpx.Client) -> None:
    r = client.post("/sparql", content="ASK {}".encode("utf-16"),
                    headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 415


def test_exactly_one_query_per_request(client: httpx.Client) -> None:
    r = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D")
    assert r.status_code == 400
    assert "exactly one query" in r.json()["message"]
    assert client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"}).status_code == 400


def test_a_syntax_error_is_400_with_the_parser_message(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "bad_query" and "not valid SPARQL" in body["message"]


# --- content negotiation ----------------------------------------------------------------------

@pytest.mark.parametrize("accept, media, fmt", [
    ("application/sparql-results+json", "application/sparql-results+json", QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", QueryResultsFormat.XML),
    ("text/tab-separated-values", "text/tab-separated-values", QueryResultsFormat.TSV),
    ("application/json", "application/sparql-results+json", QueryResultsFormat.JSON),
])
def test_select_in_each_results_format(client: httpx.Client, accept: str, media: str, fmt: QueryResultsFormat) -> None:
    r = client.get("/sparql", params={"query": TITLES}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    rows = list(parse_query_results(r.content, fmt))  # type: ignore[arg-type]
    assert len(rows) == ARTICLES


def test_select_as_csv(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": TITLES}, headers={"accept": "text/csv"})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["title"] and len(rows) == ARTICLES + 1


def test_q_values_are_honoured(client: httpx.Client) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, application/sparql-results+xml;q=0.1"
    assert client.get("/sparql", params={"query": TITLES}, headers={"accept": accept}).headers[
        "content-type"].startswith("text/csv")
    accept = "text/*;q=0.3, application/sparql-results+xml"
    assert client.get("/sparql", params={"query": TITLES}, headers={"accept": accept}).headers[
        "content-type"].startswith("application/sparql-results+xml")


def test_format_parameter_wins_over_accept(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": TITLES, "format": "tsv"}, headers={"accept": "application/json"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")


def test_ask_as_json_and_xml(client: httpx.Client) -> None:
    ask = "ASK { ?a a fabio:JournalArticle }"
    assert client.get("/sparql", params={"query": ask}).json() == {"head": {}, "boolean": True}
    xml = client.get("/sparql", params={"query": ask}, headers={"accept": "application/sparql-results+xml"})
    assert bool(parse_query_results(xml.content, QueryResultsFormat.XML)) is True


@pytest.mark.parametrize("query, accept", [
    ("ASK {}", "text/csv"),                                   # CSV has no boolean form
    (TITLES, "text/turtle"),                                   # a table is no graph
    (CONSTRUCT, "application/sparql-results+json"),            # a graph is no table
])
def test_a_format_it_cannot_give_is_406(client: httpx.Client, query: str, accept: str) -> None:
    r = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert r.status_code == 406
    assert r.json()["error"] == "not_acceptable"
    assert client.get("/sparql", params={"query": query, "format": "nonsense"}).status_code == 406


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", RdfFormat.TURTLE), ("application/n-triples", RdfFormat.N_TRIPLES),
    ("application/ld+json", RdfFormat.JSON_LD), ("application/rdf+xml", RdfFormat.RDF_XML),
    ("application/n-quads", RdfFormat.N_QUADS), ("application/trig", RdfFormat.TRIG),
])
def test_construct_in_each_rdf_format(client: httpx.Client, accept: str, fmt: RdfFormat) -> None:
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    triples = list(parse(r.content, format=fmt))
    assert len(triples) == ARTICLES
    assert {t.object.value for t in triples} == {f"NK cell and MSC crosstalk, part {n}" for n in range(1, 4)}


def test_describe_gives_the_entity_as_turtle(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "DESCRIBE ?a WHERE { ?a a fabio:JournalArticle } LIMIT 1"})
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    assert len(graph) == 4 + 3 + 5  # types, title, date; three authors; five references


def test_curl_style_requests_get_sensible_types(client: httpx.Client) -> None:
    """curl sends Accept: */*: tables come as JSON, graphs as Turtle."""
    star = {"accept": "*/*"}
    assert client.get("/sparql", params={"query": TITLES}, headers=star).headers["content-type"].startswith(
        "application/sparql-results+json")
    assert client.get("/sparql", params={"query": CONSTRUCT}, headers=star).headers["content-type"].startswith(
        "text/turtle")
    assert "Accept" in client.get("/sparql", params={"query": TITLES}, headers=star).headers["vary"]


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs the curl command")
@pytest.mark.parametrize("query, args, media", [
    (TITLES, [], "application/sparql-results+json"),
    (TITLES, ["-H", "Accept: text/csv"], "text/csv"),
    (CONSTRUCT, [], "text/turtle"),
    (CONSTRUCT, ["-H", "Accept: application/ld+json"], "application/ld+json"),
])
def test_curl_itself(server, query: str, args: list[str], media: str) -> None:  # noqa: ANN001
    url = f"{server.url}sparql?query={quote(query)}"
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{content_type}", *args, url],
                         capture_output=True, text=True, timeout=30).stdout
    status, content_type = out.split(" ", 1)
    assert status == "200" and content_type.split(";")[0] == media


# --- the dataset ------------------------------------------------------------------------------

def test_the_default_graph_is_the_union_of_named_graphs(client: httpx.Client) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    in_graphs = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    n = int(client.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"])
    m = int(client.get("/sparql", params={"query": in_graphs}).json()["results"]["bindings"][0]["n"]["value"])
    assert n == m > FILLER


def test_default_graph_uri_and_named_graph_uri(client: httpx.Client, server) -> None:  # noqa: ANN001
    filler = f"{server.url}graph/"
    graphs = [b["g"]["value"] for b in client.get("/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()["results"]["bindings"]]
    assert len(graphs) == ARTICLES + 1 and all(g.startswith(filler) for g in graphs)
    one = graphs[0]
    only = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                         "default-graph-uri": one}).json()
    every = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    assert 0 < int(only["results"]["bindings"][0]["n"]["value"]) < int(every["results"]["bindings"][0]["n"]["value"])
    named = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                          "named-graph-uri": graphs[:2]}).json()
    assert sorted(b["g"]["value"] for b in named["results"]["bindings"]) == sorted(graphs[:2])


# --- the row cap ------------------------------------------------------------------------------

def test_the_row_cap_is_stated_when_it_cuts(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert r.headers["x-crosstalk-truncated"] == str(ROW_LIMIT)
    assert len(r.json()["results"]["bindings"]) == ROW_LIMIT
    tsv = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }", "format": "tsv"})
    assert len(tsv.text.splitlines()) == ROW_LIMIT + 1


def test_no_cap_header_when_nothing_was_cut(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {ROW_LIMIT}"})
    assert "x-crosstalk-truncated" not in r.headers
    assert len(r.json()["results"]["bindings"]) == ROW_LIMIT


def test_construct_is_capped_too(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert r.headers["x-crosstalk-truncated"] == str(ROW_LIMIT)
    assert len(r.text.splitlines()) == ROW_LIMIT


# --- CORS, service description, VoID ----------------------------------------------------------

def test_cors_for_get(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://yasgui.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/sparql", headers={"origin": "https://yasgui.example",
                                             "access-control-request-method": "GET"})
    assert pre.status_code == 200 and "GET" in pre.headers["access-control-allow-methods"]


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_service_description_lists_what_is_supported(client: httpx.Client, server, accept: str, fmt: str) -> None:  # noqa: ANN001
    r = client.get("/sparql", headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = rdflib.Graph().parse(data=r.text, format=fmt)
    service = g.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert g.value(service, SD.endpoint) == rdflib.URIRef(f"{server.url}sparql")
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}  # no token: no Update
    assert SD.UnionDefaultGraph in set(g.objects(service, SD.feature))
    formats = {str(f) for f in g.objects(service, SD.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats and "http://www.w3.org/ns/formats/JSON-LD" in formats
    named = list(g.objects(g.value(service, SD.defaultDataset), SD.namedGraph))
    assert len(named) == ARTICLES + 1


def test_void_counts_come_from_the_store(client: httpx.Client, server) -> None:  # noqa: ANN001
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    dataset = g.value(predicate=rdflib.RDF.type, object=VOID.Dataset)
    count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o "
                                                   "{ ?s ?p ?o } }"}).json()["results"]["bindings"][0]["n"]["value"]
    assert int(g.value(dataset, VOID.triples)) == int(count)
    assert g.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(f"{server.url}sparql")
    partitions = g.objects(dataset, VOID.classPartition)
    classes = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in partitions}
    assert classes[rdflib.URIRef("http://purl.org/spar/fabio/JournalArticle")] == ARTICLES
    as_jsonld = client.get("/.well-known/void", headers={"accept": "application/ld+json"})
    assert json.loads(as_jsonld.text)
