"""``/sparql``: the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/).

    GET  /sparql?query=…[&default-graph-uri=…][&named-graph-uri=…][&format=…]
    POST /sparql  application/x-www-form-urlencoded   query=… (or update=…)
    POST /sparql  application/sparql-query            the query as the body
    POST /sparql  application/sparql-update           the update as the body (with the token)
    GET  /sparql                                      the service description

Exactly one operation per request: one ``query`` or one ``update`` parameter, never both
and never twice (an update request may still hold several operations separated by ';',
as SPARQL 1.1 Update allows). The whole answer is written before the status is sent, so a
failure is always an error status, never a 200 with a cut body. When the row cap cuts a
result, ``X-Crosstalk-Truncated: <cap>`` says so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import parse_qs, parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import NamedNode
from starlette.types import ASGIApp, Receive, Scope, Send

from server import conneg, description, update
from server.app import CORS_HEADERS, BadQuery, BadRequest, MethodNotAllowed, ServerError, UnsupportedMediaType
from server.guard import read_body
from server.runner import QueryRunner

log = logging.getLogger("crosstalk.server")
router = APIRouter(tags=["sparql"])
TRUNCATED = "X-Crosstalk-Truncated"
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"

_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "A SPARQL 1.1 query."},
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "description": "Graphs whose merge is the default graph (else the union of all graphs)."},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
     "description": "Graphs GRAPH may visit (else all)."},
    {"name": "format", "in": "query", "schema": {"type": "string"},
     "description": "Overrides Accept: json, xml, csv, tsv; ttl, nt, jsonld, rdfxml, nq, trig."},
]


@router.get("/sparql", summary="SPARQL query (or, without a query, the service description)",
            openapi_extra={"parameters": _PARAMETERS})
@router.get("/sparql/", include_in_schema=False)
async def sparql_get(request: Request) -> Response:
    params = request.query_params
    if "update" in params:
        raise MethodNotAllowed("an update must be sent by POST", allow="POST")
    queries = params.getlist("query")
    if not queries:
        return await description.service_description(request)
    return await answer(request, _one(queries, "query"), params.getlist("default-graph-uri"),
                        params.getlist("named-graph-uri"), params.get("format") or params.get("output"))


@router.post("/sparql", summary="SPARQL query or update by POST (form or direct)")
@router.post("/sparql/", include_in_schema=False)
async def sparql_post(request: Request) -> Response:
    media, charset = _content_type(request)
    params = request.query_params
    if media == FORM:
        fields = _form(await read_body(request))
        queries, updates = fields.get("query", []), fields.get("update", [])
        if queries and updates:
            raise BadRequest("send either query or update, not both")
        if updates:
            return await update.sparql_update(
                request, _one(updates, "update"), [*params.getlist("using-graph-uri"),
                                                   *fields.get("using-graph-uri", [])],
                [*params.getlist("using-named-graph-uri"), *fields.get("using-named-graph-uri", [])])
        return await answer(
            request, _one(queries, "query"),
            [*params.getlist("default-graph-uri"), *fields.get("default-graph-uri", [])],
            [*params.getlist("named-graph-uri"), *fields.get("named-graph-uri", [])],
            _first(fields.get("format")) or params.get("format") or params.get("output"))
    if media in (QUERY, UPDATE):
        if charset not in ("", "utf-8", "utf8"):
            raise UnsupportedMediaType(f"{media} must be UTF-8, not {charset}")
        text = _utf8(await read_body(request))
        if media == UPDATE:
            return await update.sparql_update(request, text, params.getlist("using-graph-uri"),
                                              params.getlist("using-named-graph-uri"))
        return await answer(request, text, params.getlist("default-graph-uri"),
                            params.getlist("named-graph-uri"), params.get("format") or params.get("output"))
    raise UnsupportedMediaType(f"POST a query as {FORM}, {QUERY} or {UPDATE}, not {media or 'no Content-Type'}")


async def answer(request: Request, text: str, default_graphs: Sequence[str], named_graphs: Sequence[str],
                 format_name: str | None) -> Response:
    """Check, negotiate, run and write one query; the response is complete or an error."""
    body, headers = await respond(request.app.state.runner, text, default_graphs, named_graphs,
                                  request.headers.get("accept"), format_name)
    return Response(body, headers=headers)


async def respond(runner: QueryRunner, text: str, default_graphs: Sequence[str], named_graphs: Sequence[str],
                  accept: str | None, format_name: str | None) -> tuple[bytes, dict[str, str]]:
    """The body and headers answering one query (the route and the fast path share it)."""
    checked = runner.check(text)
    fmt = conneg.negotiate(conneg.KIND_OF_FORM[checked.form], accept, format_name)
    result = await runner.answer(checked, fmt, default_graph=graphs(default_graphs),
                                 named_graphs=graphs(named_graphs))
    headers = {"content-type": fmt.content_type, "vary": "Accept"}
    if result.truncated_at is not None:
        headers[TRUNCATED] = str(result.truncated_at)
    return result.body, headers


class FastPath:
    """``GET /sparql?query=…`` answered straight from ASGI, before routing.

    The endpoint's most common request skips FastAPI's routing, dependency injection and
    response classes, which cost more than the query itself (measured: a FastAPI route
    serves 10k trivial responses a second here, a plain ASGI handler 23k). It runs the same
    ``respond`` as the route; anything unusual (no query, an update, a repeated parameter)
    falls through to the route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in ("/sparql", "/sparql/"):
            return await self.app(scope, receive, send)
        params = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        queries = params.get("query")
        if queries is None or len(queries) != 1 or "update" in params:
            return await self.app(scope, receive, send)
        accept = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept"), None)
        fmt = (params.get("format") or params.get("output") or [None])[0]
        status = 200
        try:
            body, headers = await respond(scope["app"].state.runner, queries[0], params.get("default-graph-uri", ()),
                                          params.get("named-graph-uri", ()), accept, fmt)
        except ServerError as exc:
            error = exc.response()
            status, body, headers = exc.status, bytes(error.body), dict(exc.headers)
            headers["content-type"] = "application/json"
            if status >= 500:
                log.warning("GET /sparql -> %d %s", status, exc.message)
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        raw += [(b"content-length", str(len(body)).encode()), *CORS_HEADERS]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})


def graphs(iris: Sequence[str]) -> list[NamedNode] | None:
    try:
        return [NamedNode(i) for i in iris] or None
    except ValueError as exc:
        raise BadRequest(f"not an IRI: {exc}") from None


def _one(values: Sequence[str], name: str) -> str:
    if len(values) != 1:
        raise BadQuery(f"send exactly one {name} parameter" + (f", not {len(values)}" if values else ""))
    return values[0]


def _first(values: Sequence[str] | None) -> str | None:
    return values[0] if values else None


def _content_type(request: Request) -> tuple[str, str]:
    media, *params = request.headers.get("content-type", "").split(";")
    charset = ""
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the body is not UTF-8: {exc}") from None


def _form(body: bytes) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    try:
        pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=False,
                          encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"the form is not URL-encoded UTF-8: {exc}") from None
    for key, value in pairs:
        fields.setdefault(key, []).append(value)
    return fields
