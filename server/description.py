"""What the endpoint offers and what the graph holds, in RDF.

``GET /sparql`` without a query answers a SPARQL 1.1 Service Description
(https://www.w3.org/TR/sparql11-service-description/) listing only what this server
really does: SPARQL 1.1 Query (and Update when a token is configured), the result
formats of server.conneg, the union of named graphs as the default graph, federated
query only when an allowlist is configured, and the dataset with its named graphs.

``GET /.well-known/void`` answers a VoID description (https://www.w3.org/TR/void/): the
counts (triples, subjects, classes, properties, named graphs) and a partition per class and
per property, computed once per published snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Store, Triple, serialize

from crosstalk import __version__
from crosstalk.vocab import DCTERMS, PREFIXES, RDF, RDFS, SD, VOID, XSD, Namespace
from server import conneg
from server.runner import QueryRunner

router = APIRouter(tags=["sparql"])
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = NamedNode("http://www.w3.org/ns/entailment/Simple")
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
               "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD",
               "rdfxml": "RDF_XML", "nq": "N-Quads", "trig": "TriG"}
"""The W3C's format IRIs (https://www.w3.org/ns/formats/)."""
NAMED_GRAPHS_LISTED = 1000
PARTITIONS_LISTED = 1000
PREFIXES_HERE = {"sd": str(SD), "void": str(VOID), "dcterms": str(DCTERMS), "formats": str(FORMATS_NS),
                 "rdfs": str(RDFS), "xsd": str(XSD)}


@dataclass(frozen=True)
class Stats:
    """Counts over the union of all graphs of one snapshot."""

    triples: int
    subjects: int
    objects: int
    graphs: list[NamedNode]
    graph_count: int
    classes: list[tuple[NamedNode, int]]
    properties: list[tuple[NamedNode, int]]


async def stats(request: Request) -> Stats:
    """The snapshot's counts, computed on first use and kept until the next publish."""
    runner: QueryRunner = request.app.state.runner
    store = runner.snapshot.get()
    cached: tuple[Any, Stats] | None = getattr(request.app.state, "stats", None)
    if cached is not None and cached[0] is store:
        return cached[1]
    counted: Stats = await runner.call(_count, store)
    request.app.state.stats = (store, counted)
    return counted


def _count(store: Store) -> Stats:
    def one(sparql: str) -> list[Any]:
        return list(cast(QuerySolutions, store.query(sparql, use_default_graph_as_union=True)))

    totals = one("SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s2) (COUNT(DISTINCT ?o) AS ?o2) "
                 "{ SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")[0]
    graphs: list[NamedNode] = []
    count = 0
    for g in store.named_graphs():
        count += 1
        if isinstance(g, NamedNode) and len(graphs) < NAMED_GRAPHS_LISTED:
            graphs.append(g)
    classes = one(f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) {{ ?s a ?c FILTER(isIRI(?c)) }} GROUP BY ?c "
                  f"ORDER BY DESC(?n) LIMIT {PARTITIONS_LISTED}")
    properties = one(f"SELECT ?p (COUNT(*) AS ?n) {{ ?s ?p ?o }} GROUP BY ?p ORDER BY DESC(?n) "
                     f"LIMIT {PARTITIONS_LISTED}")
    return Stats(int(totals["t"].value), int(totals["s2"].value), int(totals["o2"].value), graphs, count,
                 [(r["c"], int(r["n"].value)) for r in classes],
                 [(r["p"], int(r["n"].value)) for r in properties])


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _rdf(request: Request, triples: list[Triple]) -> Response:
    fmt = conneg.negotiate("rdf", request.headers.get("accept"), request.query_params.get("format"))
    if fmt.native in (conneg.TURTLE.native, conneg.TRIG.native, conneg.RDFXML.native):
        body = serialize(triples, format=fmt.native, prefixes=PREFIXES_HERE)  # type: ignore[arg-type]
    else:
        body = serialize(triples, format=fmt.native)  # type: ignore[arg-type]
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


async def service_description(request: Request) -> Response:
    """The Service Description (GET /sparql without a query)."""
    settings = request.app.state.settings
    endpoint = NamedNode(str(request.url.replace(query="", fragment="")))
    service, dataset, default = BlankNode(), BlankNode(), BlankNode()
    t = [Triple(service, RDF.type, SD.Service), Triple(service, SD.endpoint, endpoint),
         Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
         Triple(service, SD.feature, SD.UnionDefaultGraph),
         Triple(service, SD.defaultEntailmentRegime, ENTAILMENT),
         Triple(service, DCTERMS.title, Literal("crosstalk SPARQL endpoint")),
         Triple(service, RDFS.comment, Literal(
             f"crosstalk {__version__}. Queries stop after {settings.query_timeout:g} s (503); "
             f"at most {settings.row_limit} rows are returned (header X-Crosstalk-Truncated when cut)."))]
    if settings.update_token:
        t.append(Triple(service, SD.supportedLanguage, SD.SPARQL11Update))
    if settings.service_allowlist:
        t.append(Triple(service, SD.feature, SD.BasicFederatedQuery))
        t.append(Triple(service, RDFS.comment, Literal(
            "SERVICE may call only: " + ", ".join(settings.service_allowlist))))
    for fmt in (*conneg.FORMATS["results"], *conneg.FORMATS["rdf"]):
        t.append(Triple(service, SD.resultFormat, FORMATS_NS[FORMAT_IRIS[fmt.name]]))
    counted = await stats(request)
    t += [Triple(service, SD.defaultDataset, dataset), Triple(dataset, RDF.type, SD.Dataset),
          Triple(dataset, SD.defaultGraph, default), Triple(default, RDF.type, SD.Graph),
          Triple(default, VOID.triples, _int(counted.triples))]
    for g in counted.graphs:
        node = BlankNode()
        t += [Triple(dataset, SD.namedGraph, node), Triple(node, RDF.type, SD.NamedGraph),
              Triple(node, SD.name, g)]
    if counted.graph_count > len(counted.graphs):
        t.append(Triple(dataset, RDFS.comment, Literal(
            f"{counted.graph_count} named graphs; the first {len(counted.graphs)} are listed")))
    return _rdf(request, t)


@router.get("/.well-known/void", summary="VoID description of the dataset, with its counts")
async def void(request: Request) -> Response:
    settings = request.app.state.settings
    counted = await stats(request)
    d = NamedNode(f"{settings.base}.well-known/void#dataset")
    t = [Triple(d, RDF.type, VOID.Dataset),
         Triple(d, DCTERMS.title, Literal("crosstalk: a knowledge graph of immunology literature")),
         Triple(d, VOID.sparqlEndpoint, NamedNode(f"{settings.base}sparql")),
         Triple(d, VOID.uriSpace, Literal(settings.base)),
         Triple(d, VOID.triples, _int(counted.triples)),
         Triple(d, VOID.distinctSubjects, _int(counted.subjects)),
         Triple(d, VOID.distinctObjects, _int(counted.objects)),
         Triple(d, VOID.classes, _int(len(counted.classes))),
         Triple(d, VOID.properties, _int(len(counted.properties))),
         Triple(d, RDFS.comment, Literal(f"{counted.graph_count} named graphs, one per source document "
                                         "plus provenance; queries see their union as the default graph"))]
    used = {c.value for c, _ in counted.classes} | {p.value for p, _ in counted.properties}
    for ns in sorted({ns for ns in PREFIXES.values() if any(i.startswith(ns) for i in used)}):
        t.append(Triple(d, VOID.vocabulary, NamedNode(ns)))
    for cls, n in counted.classes:
        part = BlankNode()
        t += [Triple(d, VOID.classPartition, part), Triple(part, VOID["class"], cls),
              Triple(part, VOID.entities, _int(n))]
    for prop, n in counted.properties:
        part = BlankNode()
        t += [Triple(d, VOID.propertyPartition, part), Triple(part, VOID.property, prop),
              Triple(part, VOID.triples, _int(n))]
    return _rdf(request, t)
