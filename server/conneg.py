"""Which format a response is written in, and writing it with pyoxigraph's serialisers.

Three kinds of answer, each with its formats in the server's order of preference:

    results   SELECT      JSON, XML, CSV, TSV           (SPARQL 1.1 results formats)
    boolean   ASK         JSON, XML                     (CSV and TSV have no boolean form)
    rdf       CONSTRUCT,  Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads, TriG
              DESCRIBE, the service description, VoID
    graph     Graph Store GET: Turtle, N-Triples, JSON-LD, RDF/XML

``format=`` (a short name such as ``json``, ``ttl``, ``nt``, or a media type) wins over
``Accept``; Accept is read with its q-values, the most specific matching range deciding
each format's q (RFC 9110 §12.5.1); nothing acceptable is a 406 naming what is on offer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from pyoxigraph import QueryResultsFormat, RdfFormat, Triple, serialize

from crosstalk.vocab import PREFIXES
from server.app import NotAcceptable, UnsupportedMediaType


@dataclass(frozen=True)
class Format:
    """One way of writing an answer: its media type, its names, and pyoxigraph's format."""

    name: str
    media_type: str
    native: QueryResultsFormat | RdfFormat
    names: tuple[str, ...] = ()
    """Other values accepted by ``format=``."""
    aliases: tuple[str, ...] = ()
    """Other media types that select it in Accept."""

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or "json" in self.media_type or "xml" in self.media_type
        return self.media_type + ("; charset=utf-8" if textual else "")


JSON = Format("json", "application/sparql-results+json", QueryResultsFormat.JSON, ("srj",),
              ("application/json",))
XML = Format("xml", "application/sparql-results+xml", QueryResultsFormat.XML, ("srx",),
             ("application/xml", "text/xml"))
CSV = Format("csv", "text/csv", QueryResultsFormat.CSV)
TSV = Format("tsv", "text/tab-separated-values", QueryResultsFormat.TSV)
TURTLE = Format("ttl", "text/turtle", RdfFormat.TURTLE, ("turtle",), ("application/x-turtle",))
NTRIPLES = Format("nt", "application/n-triples", RdfFormat.N_TRIPLES, ("ntriples", "n-triples"),
                  ("text/plain",))
JSONLD = Format("jsonld", "application/ld+json", RdfFormat.JSON_LD, ("json-ld", "json"),
                ("application/json",))
RDFXML = Format("rdfxml", "application/rdf+xml", RdfFormat.RDF_XML, ("rdf", "xml", "rdf/xml"),
                ("application/xml", "text/xml"))
NQUADS = Format("nq", "application/n-quads", RdfFormat.N_QUADS, ("nquads", "n-quads"))
TRIG = Format("trig", "application/trig", RdfFormat.TRIG)

FORMATS: dict[str, tuple[Format, ...]] = {
    "results": (JSON, XML, CSV, TSV),
    "boolean": (JSON, XML),
    "rdf": (TURTLE, NTRIPLES, JSONLD, RDFXML, NQUADS, TRIG),
    "graph": (TURTLE, NTRIPLES, JSONLD, RDFXML),
}
KIND_OF_FORM = {"SELECT": "results", "ASK": "boolean", "CONSTRUCT": "rdf", "DESCRIBE": "rdf"}

GRAPH_INPUT: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE, "application/x-turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES, "text/plain": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD, "application/rdf+xml": RdfFormat.RDF_XML,
    "text/n3": RdfFormat.N3, "application/n-quads": RdfFormat.N_QUADS, "application/trig": RdfFormat.TRIG,
}
"""What a Graph Store Protocol PUT or POST body may be."""


def negotiate(kind: str, accept: str | None, format_name: str | None = None) -> Format:
    """The format to answer with: ``format=`` if given, else the best match for Accept."""
    offered = FORMATS[kind]
    if format_name:
        return _by_name(kind, format_name.strip().lower())
    if not accept or not accept.strip():
        return offered[0]
    return _by_accept(kind, accept)


def _by_name(kind: str, name: str) -> Format:
    for f in FORMATS[kind]:
        if name == f.name or name in f.names or name == f.media_type:
            return f
    for f in FORMATS[kind]:
        if name in f.aliases:
            return f
    raise NotAcceptable(f"format={name} cannot be given for this {_WHAT[kind]}; "
                        f"choose one of {_offer(kind)}")


@lru_cache(maxsize=512)
def _by_accept(kind: str, accept: str) -> Format:
    ranges = parse_accept(accept)
    best: tuple[float, int] | None = None
    chosen: Format | None = None
    for index, f in enumerate(FORMATS[kind]):
        q = _quality((f.media_type, *f.aliases), ranges)
        if q > 0 and (best is None or (q, -index) > best):
            best, chosen = (q, -index), f
    if chosen is None:
        raise NotAcceptable(f"cannot answer this {_WHAT[kind]} as {accept}; it can be given as {_offer(kind)}")
    return chosen


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; parameters other than q are ignored."""
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def _quality(names: tuple[str, ...], ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching any of ``names`` (0 when none does)."""
    found: tuple[int, float] | None = None
    for media, q in ranges:
        for name in names:
            if media == name:
                spec = 2
            elif media.endswith("/*") and name.startswith(media[:-1]):
                spec = 1
            elif media == "*/*" or media == "*":
                spec = 0
            else:
                continue
            if found is None or spec > found[0] or (spec == found[0] and q > found[1]):
                found = (spec, q)
    return found[1] if found else 0.0


_WHAT = {"results": "SELECT query", "boolean": "ASK query", "rdf": "RDF graph", "graph": "graph"}


def _offer(kind: str) -> str:
    return ", ".join(f"{f.media_type} (format={f.name})" for f in FORMATS[kind])


def input_format(content_type: str | None) -> RdfFormat:
    """The RDF syntax of an uploaded body, from its Content-Type (415 when unknown)."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in GRAPH_INPUT:
        raise UnsupportedMediaType(f"cannot read {media or 'a body without Content-Type'}; send one of "
                                   + ", ".join(sorted(GRAPH_INPUT)))
    return GRAPH_INPUT[media]


def serialize_triples(triples: Iterable[Triple], fmt: Format) -> bytes:
    """Triples in an RDF format, with the data model's prefixes where the syntax has them."""
    rdf = cast(RdfFormat, fmt.native)
    if rdf in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML):
        triples = list(triples)
        return cast(bytes, serialize(triples, format=rdf, prefixes=used_prefixes(triples)))
    return cast(bytes, serialize(triples, format=rdf))


def used_prefixes(triples: list[Triple]) -> dict[str, str]:
    """Only the prefixes a graph uses, so a small answer does not open with 25 lines."""
    iris = {t.predicate.value for t in triples}
    iris.update(getattr(t.object, "value", "") for t in triples if t.predicate.value.endswith("#type"))
    return {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}
