"""Dereferenceable IRIs (Cool URIs with 303 and content negotiation, as Pubby and LodView).

URL scheme, for a minted IRI ``{base}{kind}/{id}`` (also ``{base}graph/{id}/prov`` and the
like):

    GET /{kind}/{id}                 303 See Other -> the document in the negotiated format
    GET /{kind}/{id}?format=ttl      303 to the Turtle document whatever Accept says
    GET /{kind}/{id}.html|.ttl|.jsonld|.nt|.rdf[?page=N]   the document itself (200)
    GET /describe?iri=…[&format=…][&page=N]   any other IRI in the graph (a concept, say),
                                     negotiated in place (200, Vary: Accept)

The IRI names the thing, the ``.ext`` URL names a document about it, so the two never get
confused and each document has a stable URL to cite or cache. The 303 carries
``Vary: Accept`` and a ``Link: <…>; rel="alternate"; type="…"`` for every format; an IRI
with no triples as subject or object is 404. Documents state their paging in the data
(crosstalk.describe) and in ``Link: rel="next"/"prev"`` headers.

This router is included last: its ``/{kind}/…`` route only answers the kinds of
crosstalk.iri (and ``software``), so it never shadows another route.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode

from crosstalk.describe import Runner, describe, entity_view
from crosstalk.iri import KINDS
from crosstalk.vocab import sparql_prologue
from server import conneg
from server.app import BadRequest, NotAcceptable, NotFound
from server.runner import get_runner
from server.ui import base_of, render

router = APIRouter(tags=["entities"])
Runs = Annotated[Runner, Depends(get_runner)]
PATH_KINDS = KINDS | {"software"}


@dataclass(frozen=True)
class Format:
    """A document format: its extension, media type and, for RDF, server.conneg's writer."""

    ext: str
    media_type: str
    rdf: conneg.Format | None  # None: the HTML page
    names: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.rdf.content_type if self.rdf else "text/html; charset=utf-8"


FORMATS = (  # in order of preference when Accept ties (curl's */* gets Turtle)
    Format("ttl", "text/turtle", conneg.TURTLE),
    Format("html", "text/html", None, ("application/xhtml+xml",)),
    Format("jsonld", "application/ld+json", conneg.JSONLD),
    Format("nt", "application/n-triples", conneg.NTRIPLES),
    Format("rdf", "application/rdf+xml", conneg.RDFXML),
)
BY_EXT = {f.ext: f for f in FORMATS}


def _names(f: Format) -> tuple[str, ...]:
    rdf = (f.rdf.name, *f.rdf.names, *f.rdf.aliases) if f.rdf else ()
    return (f.ext, f.media_type, *f.names, *rdf)


def by_name(name: str, links: str | None = None) -> Format:
    """The ``?format=`` override: an extension, a media type or a short name."""
    name = name.strip().lower()
    for f in FORMATS:
        if name in _names(f):
            return f
    raise NotAcceptable(f"format={name} is not offered; choose one of {', '.join(f.ext for f in FORMATS)}",
                        headers={"Link": links} if links else None)


def negotiate(accept: str | None, links: str | None = None) -> Format:
    """The best format for an Accept header: highest q, then the most specific range
    (so ``text/html, */*`` gets HTML), then the order of FORMATS."""
    if not accept or not accept.strip():
        return FORMATS[0]
    ranges = conneg.parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen: Format | None = None
    for order, f in enumerate(FORMATS):
        q, specificity = _quality([n for n in _names(f) if "/" in n], ranges)
        if q > 0 and (best is None or (q, specificity, -order) > best):
            best, chosen = (q, specificity, -order), f
    if chosen is None:
        raise NotAcceptable(f"cannot describe this as {accept}; it can be given as "
                            + ", ".join(f.media_type for f in FORMATS),
                            headers={"Vary": "Accept", **({"Link": links} if links else {})})
    return chosen


def _quality(names: list[str], ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The q of the most specific range matching the format (RFC 9110 §12.5.1)."""
    found: tuple[int, float] | None = None
    for media, q in ranges:
        for name in names:
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
    return (found[1], found[0]) if found else (0.0, -1)


def alternates(url_for_ext: dict[str, str]) -> str:
    return ", ".join(f'<{url}>; rel="alternate"; type="{BY_EXT[ext].media_type}"'
                     for ext, url in url_for_ext.items())


def _split(path: str) -> tuple[str, Format | None]:
    """'abc.ttl' -> ('abc', Turtle); 'abc' -> ('abc', None)."""
    stem, dot, ext = path.rpartition(".")
    if dot and ext in BY_EXT and stem:
        return stem, BY_EXT[ext]
    return path, None


EXISTS = "ASK { { ?e ?p ?o } UNION { ?s ?p ?e } UNION { GRAPH ?e { ?s ?p ?o } } }"


async def exists(runner: Runner, iri: str) -> bool:
    result = await runner.run(sparql_prologue() + EXISTS, substitutions={"e": NamedNode(iri)})
    return result is True


def not_found(request: Request, message: str, fmt: Format | None, headers: dict[str, str]) -> Response:
    """A page for a person, else the API's JSON error."""
    if fmt is None:
        try:
            fmt = negotiate(request.headers.get("accept"))
        except NotAcceptable:
            fmt = FORMATS[0]
    if fmt.rdf is None:
        return render(request, "base.html", status_code=404, headers=headers, title="Not found", message=message)
    raise NotFound(message, headers=headers)


async def document(request: Request, runner: Runner, iri: str, fmt: Format, page: int,
                   self_url: dict[str, str], doc_base: str) -> Response:
    """One page of the description, as ``fmt``; ``self_url`` maps each ext to its URL."""
    d = await describe(runner, iri, doc_base, page=page)
    if not d.exists:
        return not_found(request, f"Nothing is known about <{iri}>.", fmt, {})
    links = [alternates({e: u for e, u in self_url.items() if e != fmt.ext})]
    here = self_url[fmt.ext]
    sep = "&" if "?" in here else "?"
    if d.has_next:
        links.append(f'<{here}{sep}page={page + 1}>; rel="next"')
    if page > 1:
        links.append(f'<{here}{sep}page={page - 1}>; rel="prev"')
    headers = {"Link": ", ".join(links)}
    if fmt.rdf is None:
        view = await entity_view(runner, d, base_of(request))
        return render(request, "entity.html", headers=headers, title=view.label, view=view,
                      formats=[(f.ext, f.media_type, self_url[f.ext]) for f in FORMATS], html_url=here)
    headers["Content-Type"] = fmt.content_type
    return Response(conneg.serialize_triples(d.triples, fmt.rdf), headers=headers)


FORMAT_HELP = "ttl, html, jsonld, nt or rdf (or a media type); wins over Accept"
PAGE_HELP = "Page of the incoming links (100 a page)"


@router.get("/describe", summary="Describe any IRI in the graph, negotiated in place (concepts, terms)",
            responses={404: {"description": "No triples about this IRI"},
                       406: {"description": "No acceptable format"}})
async def describe_any(request: Request, runner: Runs,
                       iri: str = Query(..., description="The IRI to describe"),
                       format: str | None = Query(None, description=FORMAT_HELP),
                       page: int = Query(1, ge=1, description=PAGE_HELP)) -> Response:
    try:
        NamedNode(iri)
    except ValueError as exc:
        raise BadRequest(f"iri={iri!r} is not an IRI: {exc}") from None
    path = request.scope.get("root_path", "") + "/describe?iri=" + quote(iri, safe="")
    urls = {f.ext: f"{path}&format={f.ext}" for f in FORMATS}
    links = alternates(urls)
    fmt = by_name(format, links) if format else negotiate(request.headers.get("accept"), links)
    response = await document(request, runner, iri, fmt, page, urls, base_of(request) + urls[fmt.ext][1:])
    response.headers["Vary"] = "Accept"
    response.headers["Content-Location"] = urls[fmt.ext] + (f"&page={page}" if page > 1 else "")
    return response


@router.get("/{kind}/{rest:path}", summary="Dereference a minted IRI",
                  responses={303: {"description": "See Other: the document in the negotiated format"},
                             404: {"description": "No triples about this IRI"},
                             406: {"description": "No acceptable format"}})
async def dereference(request: Request, kind: str, rest: str, runner: Runs,
                      format: str | None = Query(None, description=FORMAT_HELP),
                      page: int = Query(1, ge=1, description=PAGE_HELP)) -> Response:
    """``/{kind}/{id}`` answers 303 to ``/{kind}/{id}.{ext}``, which is the document."""
    if kind not in PATH_KINDS or not rest:
        return not_found(request, f"There is no page /{kind}/{rest}.", None, {})
    base = base_of(request)
    local, fmt = _split(rest)
    iri = f"{base}{kind}/{local}"
    prefix = request.scope.get("root_path", "")
    urls = {f.ext: f"{prefix}/{kind}/{local}.{f.ext}" for f in FORMATS}
    try:
        NamedNode(iri)
    except ValueError:
        return not_found(request, f"{iri} is not an IRI.", fmt, {})
    if fmt is not None:  # a document URL
        return await document(request, runner, iri, fmt, page, urls, f"{base}{kind}/{local}.{fmt.ext}")
    links = alternates(urls)
    fmt = by_name(format, links) if format else negotiate(request.headers.get("accept"), links)
    headers = {"Vary": "Accept", "Link": links}
    if not await exists(runner, iri):
        return not_found(request, f"Nothing is known about <{iri}>.", fmt, headers)
    target = urls[fmt.ext] + (f"?page={page}" if page > 1 else "")
    return Response(f"See Other: {target}\n", status_code=303, media_type="text/plain",
                    headers={"Location": target, **headers})


router.add_api_route("/{kind}/{rest:path}", dereference, methods=["HEAD"], include_in_schema=False)
