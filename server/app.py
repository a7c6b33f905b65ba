"""The app object shared by ``crosstalk serve`` and the tests, and the errors clients see.

Every error a client can cause is a ``ServerError`` subclass carrying its HTTP status;
one handler turns it into a JSON body ``{"error": code, "status": n, "message": ...}``,
so a failure is always a status code with a reason and never a 200 with a cut body::

    ServerError (500)
    ├── BadRequest (400)
    │   ├── BadQuery            syntax errors, protocol misuse
    │   └── QueryTooComplex     nesting or operator-chain limits of the guard
    ├── Unauthorized (401)      no bearer token on a write
    ├── Forbidden (403)         wrong token, writes disabled
    │   └── NotAllowed          SERVICE outside the allowlist, LOAD, file: IRIs
    ├── NotFound (404)
    ├── MethodNotAllowed (405)
    ├── NotAcceptable (406)
    ├── PayloadTooLarge (413)
    ├── UnsupportedMediaType (415)
    ├── TooManyRequests (429)
    └── ServiceUnavailable (503)
        ├── QueryTimeout        the deadline passed; the query was stopped
        └── StoreUnavailable    nothing published yet, or the writer is busy
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crosstalk import __version__
from crosstalk.config import Settings

log = logging.getLogger("crosstalk.server")

OPTIONAL_ROUTERS = ("server.saved_queries", "server.ui", "server.ontology_docs", "server.entities")
"""Included after the endpoint's own routes when present, in this order: entities last,
because its ``/{kind}/{id}`` route would otherwise shadow the others."""


class ServerError(Exception):
    """An error to show the client: an HTTP status, a short code and a sentence."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "server_error"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        body = {"error": self.code, "status": self.status, "message": self.message}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


class BadRequest(ServerError):
    status, code = 400, "bad_request"


class BadQuery(BadRequest):
    code = "bad_query"


class QueryTooComplex(BadRequest):
    code = "query_too_complex"


class Unauthorized(ServerError):
    status, code = 401, "unauthorized"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": 'Bearer realm="crosstalk"'})


class Forbidden(ServerError):
    status, code = 403, "forbidden"


class NotAllowed(Forbidden):
    code = "not_allowed"


class NotFound(ServerError):
    status, code = 404, "not_found"


class MethodNotAllowed(ServerError):
    status, code = 405, "method_not_allowed"

    def __init__(self, message: str, allow: str) -> None:
        super().__init__(message, headers={"Allow": allow})


class NotAcceptable(ServerError):
    status, code = 406, "not_acceptable"


class PayloadTooLarge(ServerError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(ServerError):
    status, code = 415, "unsupported_media_type"


class TooManyRequests(ServerError):
    status, code = 429, "too_many_requests"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"Retry-After": "1"})


class ServiceUnavailable(ServerError):
    status, code = 503, "service_unavailable"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message, headers={"Retry-After": "1", **(headers or {})})


class QueryTimeout(ServiceUnavailable):
    code = "query_timeout"

    def __init__(self, message: str) -> None:
        # The worker that ran it is being replaced: do not reuse this connection.
        super().__init__(message, headers={"Connection": "close"})


class StoreUnavailable(ServiceUnavailable):
    code = "store_unavailable"


async def _handle(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServerError)
    if exc.status >= 500:
        log.warning("%s %s -> %d %s", request.method, request.url.path, exc.status, exc.message)
    return exc.response()


CORS_HEADERS = [(b"access-control-allow-origin", b"*"),
                (b"access-control-expose-headers", b"X-Crosstalk-Truncated, Link, Content-Location")]


class PublicReads:
    """CORS for reads: any page may GET anything here, nothing else.

    Every GET or HEAD answer carries ``Access-Control-Allow-Origin: *`` whatever the
    request's Origin, so the answer does not vary with it (no ``Vary: Origin``, caches stay
    shared); preflights are answered for GET and HEAD only. Writes need a token, and no
    cross-origin page gets to send one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if method == "OPTIONS":
            requested = next((v for k, v in scope["headers"] if k == b"access-control-request-method"), None)
            if requested is not None:
                await _preflight(requested, scope, send)
                return
        if method not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *CORS_HEADERS]
            await send(message)

        await self.app(scope, receive, with_cors)


async def _preflight(requested: bytes, scope: Scope, send: Send) -> None:
    allowed = requested.upper() in (b"GET", b"HEAD")
    asked = next((v for k, v in scope["headers"] if k == b"access-control-request-headers"), b"")
    headers = [(b"content-length", b"0")]
    if allowed:
        headers += [*CORS_HEADERS, (b"access-control-allow-methods", b"GET, HEAD"),
                    (b"access-control-allow-headers", asked), (b"access-control-max-age", b"600")]
    await send({"type": "http.response.start", "status": 200 if allowed else 403, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.runner.start()
    try:
        yield
    finally:
        app.state.runner.close()


def create_app(settings: Settings) -> FastAPI:
    """The whole web app for one store; ``serve`` and the tests build it the same way."""
    from server import description, sparql, update
    from server.runner import QueryRunner

    app = FastAPI(title="crosstalk", version=__version__, lifespan=_lifespan,
                  summary="A linked-data knowledge graph of immunology literature.",
                  # FastAPI's OpenTelemetry hook looks for providers on every request (~15 µs)
                  telemetry={"tracing": False, "metrics": False, "logs": False},
                  # Swagger UI and ReDoc load from a CDN; pages here never leave the host. /openapi.json stays.
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.runner = QueryRunner(settings)
    app.add_exception_handler(ServerError, _handle)
    app.add_middleware(PublicReads)
    app.add_middleware(sparql.FastPath)  # outermost: it adds the CORS header itself
    app.include_router(sparql.router)
    app.include_router(update.router)
    app.include_router(description.router)
    for name in OPTIONAL_ROUTERS:
        if importlib.util.find_spec(name) is not None:
            _include(app, name)
    return app


def _include(app: FastAPI, name: str) -> None:
    """Add one optional router; if it cannot be imported, the endpoint still serves."""
    try:
        module = importlib.import_module(name)
    except Exception:  # noqa: BLE001 - logged loudly; /sparql must not depend on the pages
        log.exception("%s could not be imported; its routes are not served", name)
        return
    install = getattr(module, "install", None)
    if install is not None:
        install(app)
    else:
        app.include_router(module.router)
