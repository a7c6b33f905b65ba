"""Namespaces of the data model (DESIGN.md), as pyoxigraph terms.

Every IRI the mapper or the server writes comes from here, so a test can check each
one against its published vocabulary.
"""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import NamedNode


class Namespace:
    """An IRI prefix; ``NS.term`` and ``NS["odd-term"]`` give NamedNodes.

    Not a str subclass: ``DCTERMS.title`` must be the term, not ``str.title``.
    """

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        term = _term(self.iri, name)
        setattr(self, name, term)  # later lookups are plain attribute reads (a hot path in the mapper)
        return term

    def __getitem__(self, name: str) -> NamedNode:
        return _term(self.iri, name)

    def __str__(self) -> str:
        return self.iri

    def __repr__(self) -> str:
        return f"Namespace({self.iri!r})"


@lru_cache(maxsize=4096)
def _term(prefix: str, name: str) -> NamedNode:
    return NamedNode(prefix + name)


FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
BIRO = Namespace("http://purl.org/spar/biro/")
C4O = Namespace("http://purl.org/spar/c4o/")
PRO = Namespace("http://purl.org/spar/pro/")
SCORO = Namespace("http://purl.org/spar/scoro/")
DEO = Namespace("http://purl.org/spar/deo/")
DATACITE = Namespace("http://purl.org/spar/datacite/")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
FRBR = Namespace("http://purl.org/vocab/frbr/core#")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
LITERAL = Namespace("http://www.essepuntato.it/2010/06/literalreification/")
OCO = Namespace("https://w3id.org/oc/ontology/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
CT = Namespace("https://w3id.org/crosstalk/vocab#")
"""crosstalk's own few terms (e.g. the printed position of an author or reference)."""
IMMUNO = Namespace("https://w3id.org/crosstalk/immuno#")
"""The immunology ontology's terms (ontology/immuno.ttl)."""
IMMUNO_ONTOLOGY = IMMUNO.iri.rstrip("#")
"""The ontology's own IRI, also the name of the graph that holds it in the store."""

PREFIXES: dict[str, str] = {p: ns.iri for p, ns in {
    "fabio": FABIO, "cito": CITO, "biro": BIRO, "c4o": C4O, "pro": PRO, "scoro": SCORO,
    "deo": DEO, "datacite": DATACITE, "frapo": FRAPO, "frbr": FRBR, "prism": PRISM,
    "literal": LITERAL, "oco": OCO, "dcterms": DCTERMS, "foaf": FOAF, "org": ORG,
    "vcard": VCARD, "skos": SKOS, "prov": PROV, "rdf": RDF, "rdfs": RDFS, "owl": OWL,
    "xsd": XSD, "ct": CT, "immuno": IMMUNO,
}.items()}
"""Prefixes known to every query (CLI, endpoint, saved queries) and to serialisers."""


def sparql_prologue() -> str:
    """PREFIX lines for all of PREFIXES, for queries written without them."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
