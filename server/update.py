"""Writes: SPARQL 1.1 Update on ``/sparql`` and the Graph Store Protocol on ``/store``.

Off unless ``settings.update_token`` is set; then every request here needs
``Authorization: Bearer <token>`` (401 without one, 403 with a wrong one).

    POST   /sparql   update=… or application/sparql-update [using-graph-uri, using-named-graph-uri]
    GET    /store?graph=IRI | /store?default | /store/{path}   the graph (Turtle, N-Triples, JSON-LD, RDF/XML)
    HEAD   the same, without the body
    PUT    replace the graph with the body (201 created, 204 replaced)
    POST   add the body (a single RDF document or multipart/form-data) to the graph
           (200; 201 when it creates the graph); POST /store alone creates a new graph (201 + Location)
    DELETE drop the graph (200; 404 if it does not exist)

``/store/{path}`` names the graph ``{base}store/{path}`` directly (the protocol's "direct
identification"). Readers never open the writable store: one writer at a time (a lock in
this process and a file lock across worker processes) opens it, applies the change in one
transaction, publishes a snapshot (hard links: milliseconds) and bumps the generation
counter, so every worker reads the new snapshot on its next query.
"""

from __future__ import annotations

import fcntl
import hmac
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from crosstalk.config import Settings
from crosstalk.store import StoreError, publish_snapshot, snapshot_root
from crosstalk.vocab import PREFIXES
from server import conneg
from server.app import (
    BadQuery,
    BadRequest,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ServerError,
    StoreUnavailable,
    Unauthorized,
)
from server.guard import MAX_UPLOAD_BYTES, check_update, read_body, tokens
from server.runner import QueryRunner

router = APIRouter(tags=["graph store"])
Graph = NamedNode | DefaultGraph
T = TypeVar("T")


def authorize(request: Request) -> None:
    """401 without a bearer token, 403 with a wrong one or when writes are off."""
    token = request.app.state.settings.update_token
    if not token:
        raise Forbidden("writes are disabled on this server (no update token is configured)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("writing needs the header Authorization: Bearer <token>")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Forbidden("the bearer token is not the one this server accepts")


class Writer:
    """The single writer: opens the writable store for one change, publishes, closes it."""

    def __init__(self, settings: Settings) -> None:
        self.path = Path(settings.store)
        self._lock = threading.Lock()

    def apply(self, change: Callable[[Store], T], published: Callable[[], None] = lambda: None) -> T:
        """Run ``change`` on the writable store, publish, and call ``published`` (in the lock)."""
        with self._lock, self._file_lock():
            try:
                store = Store(str(self.path))
            except OSError as exc:
                raise StoreUnavailable(f"the store is busy or cannot be opened for writing: {exc}") from None
            failure: ServerError | None = None
            try:
                result = change(store)
                publish_snapshot(store, snapshot_root(self.path))
                published()
            except ServerError as exc:
                exc.__traceback__, exc.__context__ = None, None  # frames below still hold the store
                failure = exc
            except SyntaxError as exc:
                failure = BadQuery(f"not valid: {exc}")
            except (ValueError, StoreError) as exc:
                failure = BadRequest(str(exc))
            except OSError as exc:
                failure = StoreUnavailable(f"writing failed: {exc}")
            finally:
                del store  # closes RocksDB now: the next writer may be another process
            if failure is not None:
                raise failure from None
            return result

    @contextmanager
    def _file_lock(self) -> Any:
        root = snapshot_root(self.path)
        root.mkdir(parents=True, exist_ok=True)
        with open(root / ".write-lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def writer_of(request: Request) -> Writer:
    state = request.app.state
    if getattr(state, "writer", None) is None:
        state.writer = Writer(state.settings)
    writer: Writer = state.writer
    return writer


async def write(request: Request, change: Callable[[Store], T]) -> T:
    """Apply a change through the writer, within the deadline, and let readers switch."""
    runner: QueryRunner = request.app.state.runner
    result: T = await runner.call(writer_of(request).apply, change, runner.published)
    return result


# --- SPARQL Update ------------------------------------------------------------------------

async def sparql_update(request: Request, text: str, using: Sequence[str], using_named: Sequence[str]) -> Response:
    """One update request (operations separated by ';'), as one transaction."""
    authorize(request)
    settings: Settings = request.app.state.settings
    checked = check_update(text, settings)
    update = checked.text
    if using or using_named:
        if checked.dataset_keywords:
            raise BadRequest("using-graph-uri / using-named-graph-uri cannot be combined with "
                             f"{' or '.join(sorted(checked.dataset_keywords))} in the update")
        update = with_dataset(update, using, using_named)
    base = request.app.state.runner.base_iri
    await write(request, lambda store: store.update(update, base_iri=base, prefixes=PREFIXES))
    return Response(status_code=204)


def with_dataset(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The protocol's dataset as USING clauses before each ``… } WHERE`` of the request."""
    try:
        clause = " ".join([*(f"USING {NamedNode(g)}" for g in using),
                           *(f"USING NAMED {NamedNode(g)}" for g in using_named)])
    except ValueError as exc:
        raise BadRequest(f"not an IRI: {exc}") from None
    spots, depth, previous = [], 0, None
    for tok in tokens(update):
        if tok.kind == "open":
            depth += 1
        elif tok.kind == "close":
            depth -= 1
        elif tok.keyword == "WHERE" and depth == 0 and previous is not None and previous.text == "}":
            spots.append(tok.start)
        previous = tok
    for spot in reversed(spots):
        update = f"{update[:spot]}{clause} {update[spot:]}"
    return update


# --- Graph Store Protocol -----------------------------------------------------------------

def target(request: Request, path: str | None) -> Graph | None:
    """The graph a request names: ?graph=, ?default, or /store/{path}; None for bare /store."""
    params = request.query_params
    named = params.getlist("graph")
    default = "default" in params
    settings: Settings = request.app.state.settings
    if path:
        if named or default:
            raise BadRequest("name the graph either by its URL or by ?graph= / ?default, not both")
        return NamedNode(f"{settings.base}store/{path}")
    if len(named) + int(default) > 1:
        raise BadRequest("name exactly one graph: ?graph=IRI or ?default")
    if default:
        return DefaultGraph()
    if named:
        try:
            return NamedNode(named[0])
        except ValueError as exc:
            raise BadRequest(f"not an IRI: {exc}") from None
    return None


async def graph_store(request: Request, path: str | None = None) -> Response:
    authorize(request)
    graph = target(request, path)
    method = request.method
    if graph is None:
        if method != "POST":
            raise BadRequest("name the graph: ?graph=IRI or ?default (or POST to create a new graph)")
        return await _create(request)
    if method in ("GET", "HEAD"):
        return await _get(request, graph)
    if method == "DELETE":
        return await _delete(request, graph)
    documents = await _uploaded(request)
    if method == "PUT":
        created = await write(request, lambda store: _replace(store, graph, _parse(documents, graph)))
        return Response(status_code=201 if created else 204)
    created = await write(request, lambda store: _add(store, graph, _parse(documents, graph)))
    return Response(status_code=201 if created else 200)


for _method in ("GET", "HEAD", "PUT", "POST", "DELETE"):
    router.add_api_route("/store", graph_store, methods=[_method], operation_id=f"graph_store_{_method.lower()}",
                         summary=f"Graph Store Protocol {_method} (?graph=IRI or ?default)")
    router.add_api_route("/store/{path:path}", graph_store, methods=[_method],
                         operation_id=f"graph_store_by_url_{_method.lower()}",
                         summary=f"Graph Store Protocol {_method}, the graph named by its URL")


async def _get(request: Request, graph: Graph) -> Response:
    fmt = conneg.negotiate("graph", request.headers.get("accept"), request.query_params.get("format"))
    runner: QueryRunner = request.app.state.runner
    body = await runner.call(_dump, runner.snapshot.get(), graph, fmt.native)
    if body is None:
        raise NotFound(f"no graph {graph} in the store")
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def _dump(store: Store, graph: Graph, fmt: RdfFormat) -> bytes | None:
    if isinstance(graph, NamedNode) and not store.contains_named_graph(graph):
        return None
    return store.dump(format=fmt, from_graph=graph)


async def _delete(request: Request, graph: Graph) -> Response:
    def drop(store: Store) -> bool:
        if isinstance(graph, DefaultGraph):
            store.clear_graph(graph)
            return True
        if not store.contains_named_graph(graph):
            return False
        store.remove_graph(graph)
        return True

    if not await write(request, drop):
        raise NotFound(f"no graph {graph} in the store")
    return Response(status_code=200)


async def _create(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    graph = NamedNode(f"{settings.base}store/{uuid.uuid4().hex}")
    documents = await _uploaded(request)
    await write(request, lambda store: _add(store, graph, _parse(documents, graph)))
    return Response(status_code=201, headers={"Location": graph.value})


Document = tuple[bytes, RdfFormat]


async def _uploaded(request: Request) -> list[Document]:
    """The RDF documents of the body (multipart/form-data: one per part), not yet parsed."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "multipart/form-data":
        fmt = conneg.input_format(media)
        return [(await read_body(request, MAX_UPLOAD_BYTES), fmt)]
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(f"send a Content-Length of at most {MAX_UPLOAD_BYTES} bytes")
    documents = []
    async with request.form() as form:
        for _, part in form.multi_items():
            if not isinstance(part, str):
                fmt = conneg.input_format(part.content_type or _by_extension(part.filename))
                documents.append((await part.read(), fmt))
    return documents


def _by_extension(filename: str | None) -> str:
    ext = (filename or "").rpartition(".")[2].lower()
    return {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
            "rdf": "application/rdf+xml", "owl": "application/rdf+xml"}.get(ext, "")


def _parse(documents: list[Document], graph: Graph) -> list[Quad]:
    """The documents' triples as quads of ``graph`` (in the writer's thread: it may be big)."""
    base = graph.value if isinstance(graph, NamedNode) else None
    quads: list[Quad] = []
    for body, fmt in documents:
        try:
            quads.extend(Quad(q.subject, q.predicate, q.object, graph)
                         for q in parse(body, format=fmt, base_iri=base, without_named_graphs=True))
        except (SyntaxError, ValueError) as exc:
            raise BadRequest(f"the body is not valid {fmt.name}: {exc}") from None
    return quads


def _replace(store: Store, graph: Graph, quads: Iterable[Quad]) -> bool:
    """Make ``graph`` hold exactly ``quads`` in one transaction; True if it is new."""
    created = _is_new(store, graph)
    drop = "DROP SILENT DEFAULT" if isinstance(graph, DefaultGraph) else f"DROP SILENT GRAPH {graph}"
    store.update(f"{drop} ;\n{_insert_data(graph, quads)}")
    if created and isinstance(graph, NamedNode):
        store.add_graph(graph)
    return created


def _add(store: Store, graph: Graph, quads: Iterable[Quad]) -> bool:
    created = _is_new(store, graph)
    store.update(_insert_data(graph, quads))
    if created and isinstance(graph, NamedNode):
        store.add_graph(graph)
    return created


def _is_new(store: Store, graph: Graph) -> bool:
    """A named graph not in the store, or an empty default graph (then a write creates it)."""
    if isinstance(graph, NamedNode):
        return not store.contains_named_graph(graph)
    return next(iter(store.quads_for_pattern(None, None, None, graph)), None) is None


def _insert_data(graph: Graph, quads: Iterable[Quad]) -> str:
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    if isinstance(graph, NamedNode):
        body = f"GRAPH {graph} {{\n{body}\n}}"
    return f"INSERT DATA {{\n{body}\n}}"
