"""The clients researchers use, pointed at the running endpoint: SPARQLWrapper and rdflib."""

from __future__ import annotations

import csv
import io

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, POST, TURTLE, XML, SPARQLWrapper

from tests.conftest import ARTICLES, LiveServer

PREFIXES = """PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
TITLES = PREFIXES + "SELECT ?a ?title WHERE { ?a a fabio:JournalArticle ; dcterms:title ?title } ORDER BY ?title"
EXPECTED = [f"NK cell and MSC crosstalk, part {n}" for n in range(1, ARTICLES + 1)]


def wrapper(server: LiveServer, query: str, fmt: str, method: str = GET) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server.url}sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_as_json(server: LiveServer, method: str) -> None:
    result = wrapper(server, TITLES, JSON, method).queryAndConvert()
    assert [b["title"]["value"] for b in result["results"]["bindings"]] == EXPECTED  # type: ignore[index]


def test_sparqlwrapper_select_as_xml_and_csv(server: LiveServer) -> None:
    xml = wrapper(server, TITLES, XML).queryAndConvert()
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == EXPECTED  # type: ignore[union-attr]
    text = wrapper(server, TITLES, CSV).queryAndConvert()
    rows = list(csv.DictReader(io.StringIO(text.decode())))  # type: ignore[union-attr]
    assert [r["title"] for r in rows] == EXPECTED


def test_sparqlwrapper_ask_and_construct(server: LiveServer) -> None:
    assert wrapper(server, PREFIXES + "ASK { ?a a fabio:JournalArticle }", JSON).queryAndConvert()["boolean"] is True  # type: ignore[index]
    graph = wrapper(server, PREFIXES + "CONSTRUCT { ?a dcterms:title ?t } WHERE { ?a a fabio:JournalArticle ; "
                                       "dcterms:title ?t }", TURTLE).queryAndConvert()
    graph = rdflib.Graph().parse(data=graph, format="turtle") if isinstance(graph, bytes) else graph
    assert sorted(str(o) for o in graph.objects()) == EXPECTED


def test_rdflib_sparqlstore_queries_the_endpoint(server: LiveServer) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{server.url}sparql", returnFormat="json"))
    rows = list(graph.query(TITLES))
    assert [str(r.title) for r in rows] == EXPECTED  # type: ignore[union-attr]
    article = rows[0].a  # type: ignore[union-attr]
    titles = list(graph.triples((article, rdflib.DCTERMS.title, None)))
    assert [str(o) for _, _, o in titles] == [EXPECTED[0]]
    assert graph.query(PREFIXES + "ASK { ?a a fabio:JournalArticle }").askAnswer is True


def test_rdflib_sparqlstore_with_post_and_construct(server: LiveServer) -> None:
    store = SPARQLStore(f"{server.url}sparql", method="POST")
    result = rdflib.Graph(store=store).query(PREFIXES + "CONSTRUCT WHERE { ?a a fabio:JournalArticle }")
    assert len(result.graph) == ARTICLES  # type: ignore[arg-type]
