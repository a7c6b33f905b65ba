"""Saved queries over HTTP, in the spirit of grlc and Datasette canned queries.

    GET /queries                     the list (JSON; HTML for a browser)
    GET /queries/{name}?param=…      run it: SPARQL results JSON, CSV, TSV or XML by Accept
                                     or ?format=; page and page_size, Link rel=next/prev/first
    GET /queries/{name}.html         a page with a form for its parameters, its SPARQL and
                                     the results table (also /queries/{name} with Accept: text/html)

One route per query is made when this module is imported, so /openapi.json documents each
query as its own operation with its parameters typed. Values are checked and bound by
crosstalk.saved_queries (422 with the reason), and the query runs through the same
runner as /sparql, so a saved query can neither hang the server nor be spliced into.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pyoxigraph import NamedNode, QueryResultsFormat, parse_query_results

from crosstalk.describe import Labeller, Runner, Term
from crosstalk.saved_queries import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    QUERIES_DIR,
    ParameterError,
    SavedQuery,
    check_all,
    load_queries,
    ontology_concepts,
    paginated,
)
from server import conneg
from server.app import NotFound, ServerError
from server.runner import get_runner
from server.ui import base_of, render

Runs = Annotated[Runner, Depends(get_runner)]
Endpoint = Callable[..., Coroutine[Any, Any, Response]]
CONTROL = ("page", "page_size", "format")
"""Query-string names that steer the request rather than bind the query."""

_SCHEMAS: dict[str, dict[str, Any]] = {
    "string": {"type": "string", "minLength": 1, "maxLength": 1000},
    "integer": {"type": "integer"},
    "year": {"type": "integer", "minimum": 1000, "maximum": 9999},
    "boolean": {"type": "boolean"},
    "iri": {"type": "string", "format": "iri"},
    "concept": {"type": "string", "description": "immuno: local name, prefixed name, IRI or label"},
}


class InvalidParameter(ServerError):
    """A parameter value that does not fit its type (crosstalk.saved_queries.ParameterError)."""

    status, code = 422, "invalid_parameter"


# --- the list -------------------------------------------------------------------------------


def describe_query(request: Request, query: SavedQuery) -> dict[str, Any]:
    url = str(request.url_for(f"saved_query_{query.name}"))
    return {**query.as_dict(), "url": url, "html": url + ".html"}


def build_router(directory: Path = QUERIES_DIR) -> APIRouter:
    """Routes for every query of a folder; a bad .rq file fails here, at startup."""
    queries = load_queries(directory)
    check_all(queries.values())
    router = APIRouter(tags=["saved queries"])

    @router.get("/queries", summary="List the saved queries",
                responses={200: {"content": {"application/json": {}, "text/html": {}}}})
    async def list_queries(request: Request) -> Response:
        listing = [describe_query(request, q) for q in queries.values()]
        if wants_html(request):
            return render(request, "saved_query_list.html", title="Saved queries", queries=listing)
        return JSONResponse({"queries": listing}, headers={"Vary": "Accept"})

    for query in queries.values():
        run, page = _endpoints(query)
        router.add_api_route(
            f"/queries/{query.name}", run, methods=["GET"], name=f"saved_query_{query.name}",
            operation_id=f"saved_query_{query.name.replace('-', '_')}", summary=query.title,
            description=query.description, tags=list(query.tags), response_class=Response,
            openapi_extra={"parameters": _openapi_parameters(query)}, responses=_RESPONSES)
        router.add_api_route(f"/queries/{query.name}.html", page, methods=["GET"],
                             name=f"saved_query_{query.name}_html", include_in_schema=False)

    @router.get("/queries/{name}", include_in_schema=False)
    async def unknown_query(name: str) -> Response:
        known = ", ".join(queries) or "none"
        raise NotFound(f"no saved query named {name!r} (known: {known})")

    return router


def _endpoints(query: SavedQuery) -> tuple[Endpoint, Endpoint]:
    async def run_query(request: Request, runner: Runs) -> Response:
        if wants_html(request):
            return await _page(request, runner, query)
        fmt = negotiate(request)
        try:
            values, page, page_size = _split(request, query)
            bindings = query.bind(values, ontology_concepts())
            solutions = await _run(runner, query, bindings, page, page_size)
        except ParameterError as exc:
            raise InvalidParameter(str(exc)) from exc
        variables, page_rows, has_next = solutions
        headers = {"Vary": "Accept", "Link": _links(request, page, has_next)}
        return serialise(variables, page_rows, fmt, headers)

    async def html_page(request: Request, runner: Runs) -> Response:
        return await _page(request, runner, query)

    run_query.__doc__ = query.description
    return run_query, html_page


async def _run(runner: Runner, query: SavedQuery, bindings: dict[str, Any], page: int,
               page_size: int) -> tuple[list[str], list[dict[str, Any]], bool]:
    """One page of rows, and whether another page follows (one row fetched to spare)."""
    result = await runner.run(paginated(query, page, page_size), substitutions=bindings,
                              default_graph=None, named_graphs=None, row_limit=page_size + 1,
                              timeout=None)
    variables = [getattr(v, "value", str(v)) for v in result.variables]
    found = [_row(row, variables) for row in getattr(result, "rows", result)]
    return variables, found[:page_size], len(found) > page_size


def _row(row: Any, variables: list[str]) -> dict[str, Term]:
    """A pyoxigraph QuerySolution (or a dict) as {variable: term}, unbound ones left out."""
    values = {v: (row.get(v) if isinstance(row, dict) else row[v]) for v in variables}
    return {v: t for v, t in values.items() if t is not None}


def _split(request: Request, query: SavedQuery) -> tuple[dict[str, str], int, int]:
    """Query string -> (parameter values, page, page_size); empty form fields are absent."""
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise ParameterError(key, "given more than once")
        if key not in CONTROL and value != "":
            values[key] = value
    page = _positive(request, "page", 1)
    page_size = _positive(request, "page_size", DEFAULT_PAGE_SIZE)
    if page_size > MAX_PAGE_SIZE:
        raise ParameterError("page_size", f"{page_size} is above the maximum {MAX_PAGE_SIZE}")
    return values, page, page_size


def _positive(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name) or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise ParameterError(name, f"{raw!r} is not a positive integer")
    return int(raw)


def _links(request: Request, page: int, has_next: bool) -> str:
    """RFC 8288 Link header: first always, prev and next when they exist."""
    def at(n: int) -> str:
        items = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
        return str(request.url.replace(query=urlencode([*items, ("page", str(n))])))
    links = [f'<{at(1)}>; rel="first"']
    if page > 1:
        links.append(f'<{at(page - 1)}>; rel="prev"')
    if has_next:
        links.append(f'<{at(page + 1)}>; rel="next"')
    return ", ".join(links)


# --- the page with a form --------------------------------------------------------------------


async def _page(request: Request, runner: Runner, query: SavedQuery) -> Response:
    """The form, the SPARQL and (when every required value is there) the results table."""
    given = {k: v for k, v in request.query_params.items() if k not in CONTROL}
    context: dict[str, Any] = {"query": query, "given": given, "sparql": query.sparql, "table": None,
                               "error": None, "pager": None, "page_size": DEFAULT_PAGE_SIZE, "downloads": {}}
    status = 200
    missing = [p.name for p in query.params if p.required and not given.get(p.name)]
    if not missing:
        try:
            values, page, page_size = _split(request, query)
            bindings = query.bind(values, ontology_concepts())
            variables, page_rows, has_next = await _run(runner, query, bindings, page, page_size)
            shown = [v for v in variables if v not in bindings]  # bound parameters echo the form
            context["table"] = table(request, base_of(request), shown, page_rows)
            context["pager"] = {"page": page, "page_size": page_size, "has_next": has_next,
                                "links": _link_map(request, page, has_next)}
            context["page_size"] = page_size
            api = str(request.url_for(f"saved_query_{query.name}"))
            context["downloads"] = {fmt: api + _with(request, format=fmt) for fmt in ("json", "csv", "tsv", "xml")}
        except ParameterError as exc:
            context["error"], status = str(exc), 422
    return render(request, "saved_query.html", status_code=status, title=query.title,
                  headers={"Vary": "Accept"}, **context)


def _link_map(request: Request, page: int, has_next: bool) -> dict[str, str]:
    out = {"first": _with(request, page="1")}
    if page > 1:
        out["prev"] = _with(request, page=str(page - 1))
    if has_next:
        out["next"] = _with(request, page=str(page + 1))
    return out


def _with(request: Request, **changes: str) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    return "?" + urlencode([*items, *changes.items()])


# --- formats ---------------------------------------------------------------------------------

HTML_TYPES = ("text/html", "application/xhtml+xml")


def wants_html(request: Request) -> bool:
    """A browser: ``format=html``, or Accept names HTML at least as high as any results type.

    ``*/*`` and ``text/*`` alone do not count: curl gets JSON, as from /sparql."""
    name = (request.query_params.get("format") or "").strip().lower()
    if name:
        return name in ("html", *HTML_TYPES)
    ranges = conneg.parse_accept(request.headers.get("accept") or "")
    html = max((q for media, q in ranges if media in HTML_TYPES), default=0.0)
    results = {m for f in conneg.FORMATS["results"] for m in (f.media_type, *f.aliases)}
    return html > 0 and html >= max((q for media, q in ranges if media in results), default=0.0)


def negotiate(request: Request) -> conneg.Format:
    """JSON, XML, CSV or TSV, as /sparql chooses them (406 when none is acceptable)."""
    return conneg.negotiate("results", request.headers.get("accept"), request.query_params.get("format"))


def serialise(variables: list[str], page_rows: list[dict[str, Term]], fmt: conneg.Format,
              headers: dict[str, str]) -> Response:
    """Rows written by pyoxigraph's own serialisers (through TSV, as server.runner does),
    so the four formats are exactly those of /sparql."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(str(r[v]) if v in r else "" for v in variables) for r in page_rows]
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    body: bytes | None = tsv
    if fmt.native != QueryResultsFormat.TSV:
        parsed = parse_query_results(tsv, QueryResultsFormat.TSV)
        body = parsed.serialize(format=fmt.native)  # type: ignore[union-attr, arg-type]
    return Response(body, media_type=fmt.content_type, headers=headers)


def table(request: Request, base: str, variables: list[str], page_rows: list[dict[str, Term]]
          ) -> dict[str, Any]:
    """Rows for the HTML table: IRIs become links (minted ones to their local page)."""
    labeller = Labeller(base)
    cells = []
    for r in page_rows:
        line: list[dict[str, str | None]] = []
        for v in variables:
            term = r.get(v)
            if isinstance(term, NamedNode):
                text = labeller.curie(term.value) or (
                    labeller.fallback(term.value) if term.value.startswith(base) else term.value)
                line.append({"text": text, "href": labeller.href(term.value)})
            else:
                line.append({"text": "" if term is None else term.value, "href": None})
        cells.append(line)
    return {"variables": variables, "rows": cells}


# --- OpenAPI -----------------------------------------------------------------------------------


def _openapi_parameters(query: SavedQuery) -> list[dict[str, Any]]:
    out = []
    for p in query.params:
        schema = dict(_SCHEMAS[p.type])
        if p.min is not None:
            schema["minimum"] = p.min
        if p.max is not None:
            schema["maximum"] = p.max
        if p.default is not None:
            schema["default"] = _typed(p.type, p.default)
        out.append({"name": p.name, "in": "query", "required": p.required,
                    "description": p.description or f"{p.type} parameter", "schema": schema})
    out += [
        {"name": "page", "in": "query", "required": False, "description": "Page number, from 1.",
         "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {"name": "page_size", "in": "query", "required": False, "description": "Rows per page.",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE}},
        {"name": "format", "in": "query", "required": False,
         "description": "Overrides Accept: json, xml, csv, tsv or html.",
         "schema": {"type": "string", "enum": [*(f.name for f in conneg.FORMATS["results"]), "html"]}},
    ]
    return out


def _typed(ptype: str, default: str) -> Any:
    if ptype in ("integer", "year"):
        return int(default)
    if ptype == "boolean":
        return default == "true"
    return default


_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "One page of results; Link headers point to the first, previous and next pages.",
          "content": {media: {} for media in (*(f.media_type for f in conneg.FORMATS["results"]), "text/html")}},
    404: {"description": "No saved query of that name."},
    406: {"description": "None of the accepted formats can be given."},
    422: {"description": "A parameter value does not fit its type; the body says why."},
}

router = build_router()
