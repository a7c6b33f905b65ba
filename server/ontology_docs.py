"""The immunology ontology at its IRI's local counterpart, for people and for machines.

    GET /ontology                      negotiated in place (200, Vary: Accept):
    GET /ontology/immuno                 text/html            the documentation (crosstalk.ontology_docs)
                                         text/turtle          ontology/immuno.ttl as it is
                                         application/ld+json  \
                                         application/rdf+xml   > written by pyoxigraph from immuno.ttl
                                         application/n-triples/
    GET /ontology?format=ttl|html|jsonld|rdf|nt     the format named, whatever Accept says
    GET /ontology/immuno.ttl|.html|.jsonld|.rdf|.nt the document itself (no negotiation)

The ontology IRI ``https://w3id.org/crosstalk/immuno`` redirects here in a deployment, and
its terms ``…/immuno#Name`` are the page's sections ``/ontology#Name``. Every answer names
the others with ``Link: rel="alternate"`` and carries an ETag of the file's content, so a
client that has it gets 304. Nothing here touches the store: the file is the ontology.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pyoxigraph import RdfFormat, parse

from crosstalk.ontology_docs import ontology_doc, render_html
from crosstalk.vocab import IMMUNO_ONTOLOGY
from ontology import ONTOLOGY_FILE
from server import conneg
from server.app import NotAcceptable, NotFound
from server.entities import Format  # the same document formats as entity pages

router = APIRouter(tags=["ontology"])
NAME = "immuno"


FORMATS = (  # in order of preference when Accept ties, as for entities (curl's */* gets Turtle)
    Format("ttl", "text/turtle", conneg.TURTLE, ("turtle", "application/x-turtle")),
    Format("html", "text/html", None, ("application/xhtml+xml",)),
    Format("jsonld", "application/ld+json", conneg.JSONLD, ("json-ld", "json", "application/json")),
    Format("rdf", "application/rdf+xml", conneg.RDFXML, ("rdfxml", "xml", "rdf/xml", "application/xml", "text/xml")),
    Format("nt", "application/n-triples", conneg.NTRIPLES, ("ntriples", "n-triples")),
)
BY_EXT = {f.ext: f for f in FORMATS}


def alternates(prefix: str) -> str:
    return ", ".join(f'<{prefix}/ontology/{NAME}.{f.ext}>; rel="alternate"; type="{f.media_type}"' for f in FORMATS)


def by_name(name: str) -> Format:
    name = name.strip().lower()
    for f in FORMATS:
        if name in (f.ext, f.media_type, *f.names):
            return f
    raise NotAcceptable(f"format={name} is not offered; choose one of {', '.join(f.ext for f in FORMATS)}")


def negotiate(accept: str | None) -> Format:
    """Highest q, then the most specific matching range (``text/html, */*`` gets HTML), then FORMATS' order."""
    if not accept or not accept.strip():
        return FORMATS[0]
    ranges = conneg.parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, f in enumerate(FORMATS):
        found: tuple[int, float] | None = None
        for media, q in ranges:
            for name in (f.media_type, *(n for n in f.names if "/" in n)):
                if media == name:
                    spec = 2
                elif media.endswith("/*") and name.startswith(media[:-1]):
                    spec = 1
                elif media in ("*/*", "*"):
                    spec = 0
                else:
                    continue
                if found is None or spec > found[0]:
                    found = (spec, q)
        if found and found[1] > 0 and (best is None or (found[1], found[0], -order) > best):
            best, chosen = (found[1], found[0], -order), f
    if chosen is None:
        raise NotAcceptable(f"the ontology cannot be given as {accept}; it is offered as "
                            + ", ".join(f.media_type for f in FORMATS), headers={"Vary": "Accept"})
    return chosen


@lru_cache(maxsize=16)
def _body(path: str, mtime_ns: int, ext: str) -> tuple[bytes, str]:
    """The document's bytes and its ETag, made once per version of the file."""
    source = Path(path)
    data = source.read_bytes()
    fmt = BY_EXT[ext]
    if ext == "ttl":
        body = data
    elif fmt.rdf is None:
        body = render_html(ontology_doc(source), served=True, turtle_href=f"/ontology/{NAME}.ttl").encode()
    else:
        triples = [q.triple for q in parse(data, RdfFormat.TURTLE, base_iri=IMMUNO_ONTOLOGY)]
        body = conneg.serialize_triples(triples, fmt.rdf)
    return body, f'"{hashlib.sha256(data).hexdigest()[:20]}-{ext}"'


def _answer(request: Request, fmt: Format, *, negotiated: bool) -> Response:
    prefix = request.scope.get("root_path", "")
    source = ONTOLOGY_FILE
    body, etag = _body(str(source), source.stat().st_mtime_ns, fmt.ext)
    headers = {"Link": alternates(prefix), "ETag": etag, "Cache-Control": "public, max-age=300"}
    if negotiated:
        headers["Vary"] = "Accept"
        headers["Content-Location"] = f"{prefix}/ontology/{NAME}.{fmt.ext}"
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    if fmt.rdf is not None and fmt.ext != "html":
        headers["Content-Disposition"] = f'inline; filename="{NAME}.{fmt.ext}"'
    return Response(body, headers={**headers, "Content-Type": fmt.content_type})  # uvicorn drops a HEAD's body


FORMAT_HELP = "ttl, html, jsonld, rdf or nt (or a media type); wins over Accept"


@router.get("/ontology", summary="The immunology ontology, negotiated in place",
                  responses={406: {"description": "No acceptable format"}})
async def ontology(request: Request, format: str | None = Query(None, description=FORMAT_HELP)) -> Response:
    """HTML documentation for a browser; Turtle, JSON-LD, RDF/XML or N-Triples for a client asking so."""
    fmt = by_name(format) if format else negotiate(request.headers.get("accept"))
    return _answer(request, fmt, negotiated=format is None)


@router.get("/ontology/{name}", summary="The ontology by name, or one of its documents",
                  responses={404: {"description": "No such ontology"}, 406: {"description": "No acceptable format"}})
async def ontology_document(request: Request, name: str,
                            format: str | None = Query(None, description=FORMAT_HELP)) -> Response:
    """``/ontology/immuno`` negotiates as ``/ontology`` does; ``/ontology/immuno.ttl`` is the Turtle itself."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem == NAME and ext in BY_EXT:
        return _answer(request, BY_EXT[ext], negotiated=False)
    if name != NAME:
        raise NotFound(f"There is no ontology {name!r} here; crosstalk serves /ontology/{NAME}.")
    fmt = by_name(format) if format else negotiate(request.headers.get("accept"))
    return _answer(request, fmt, negotiated=format is None)


# HEAD answers as GET does, kept out of the OpenAPI (one operation id per path).
router.add_api_route("/ontology", ontology, methods=["HEAD"], include_in_schema=False)
router.add_api_route("/ontology/{name}", ontology_document, methods=["HEAD"], include_in_schema=False)
