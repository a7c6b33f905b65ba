"""Running a query: guarded, on the newest snapshot, in a thread, against a deadline.

Every query of the server (/sparql, saved queries, entity pages) goes through one
``QueryRunner`` per worker process:

- the guard (server.guard) checks it first;
- it runs on the newest published snapshot, opened read-only; the ``current`` symlink is
  read at most once a second, and at once when a write of this server bumped the shared
  generation counter (so a client reads its own writes, whichever worker answers);
- it runs in one of a few threads with a large stack (pyoxigraph releases the GIL, so a
  slow query holds up nobody), never on the event loop;
- the answer is bounded by a row cap and a deadline. pyoxigraph cannot be cancelled, so a
  query still running at its deadline is answered 503 and ``on_overrun`` is called: under
  ``server.run`` that retires this worker process (it stops accepting, finishes what it
  has, exits) and the supervisor starts a fresh one in its place.

``run`` gives Python objects (``Solutions``, ``bool``, ``Triples``) for code that reads
the rows; ``answer`` gives bytes in a negotiated format, written by pyoxigraph's own
serialisers without a Python object per row where it can.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any, cast

from fastapi import Request
from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolution,
    QuerySolutions,
    Store,
    Triple,
    Variable,
    parse_query_results,
)

from crosstalk.config import Settings
from crosstalk.store import snapshot_root
from crosstalk.vocab import PREFIXES
from server import conneg
from server.app import BadQuery, QueryTimeout, ServerError, ServiceUnavailable, StoreUnavailable, TooManyRequests
from server.guard import STACK_BYTES, Checked, check_query

log = logging.getLogger("crosstalk.runner")

THREADS = 8
"""Query threads per worker process."""
MAX_PENDING = 64
"""Queries admitted at once per worker process; more get 429."""
SLOW_AFTER = 0.5
"""Seconds after which a running query's thread gets a lower CPU priority."""
SLOW_NICE = 10
RELOAD_INTERVAL = 1.0
"""Seconds between two looks at the ``current`` snapshot symlink."""
Term = Any


@dataclass
class Solutions:
    """The rows of a SELECT, at most ``row_limit`` of them."""

    variables: list[Variable]
    rows: list[QuerySolution]
    truncated: bool

    def __iter__(self) -> Iterator[QuerySolution]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Triples:
    """The triples of a CONSTRUCT or DESCRIBE, at most ``row_limit`` of them."""

    triples: list[Triple]
    truncated: bool

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)


@dataclass
class Answer:
    """A result written out: the body, its format, and the cap if it cut the result."""

    body: bytes
    format: conneg.Format
    truncated_at: int | None


class Generation:
    """A counter of publishes; shared memory under ``server.run`` so every worker sees it."""

    def __init__(self, shared: Any = None) -> None:
        self._shared = shared
        self._local = 0

    @property
    def value(self) -> int:
        return int(self._shared.value) if self._shared is not None else self._local

    def bump(self) -> None:
        if self._shared is not None:
            self._shared.value += 1
        else:
            self._local += 1


SHARED_GENERATION = Generation()
"""Replaced by server.run before it forks the workers."""


class Snapshot:
    """The newest published snapshot of the store, open read-only."""

    def __init__(self, store_path: Path, generation: Generation) -> None:
        self._link = snapshot_root(store_path) / "current"
        self._generation = generation
        self._store: Store | None = None
        self._target: str | None = None
        self._checked = 0.0
        self._seen = -1

    def get(self) -> Store:
        now = time.monotonic()
        seen = self._generation.value
        if self._store is None or seen != self._seen or now - self._checked >= RELOAD_INTERVAL:
            self._checked, self._seen = now, seen
            self._refresh()
        assert self._store is not None
        return self._store

    def _refresh(self) -> None:
        for _ in range(3):  # a publish may prune the target between readlink and open
            try:
                target = os.readlink(self._link)
                if target == self._target:
                    return
                store = Store.read_only(str(self._link.parent / target))
            except OSError as exc:
                error = exc
                continue
            self._store, self._target = store, target
            log.info("reading snapshot %s", target)
            return
        if self._store is None:
            raise StoreUnavailable(f"no snapshot of the store is published yet ({error})")


class _Job:
    __slots__ = ("future", "fn", "args", "loop", "started", "finished", "dropped", "thread", "niced")

    def __init__(self, future: asyncio.Future[Any], fn: Callable[..., Any], args: tuple[Any, ...],
                 loop: asyncio.AbstractEventLoop) -> None:
        self.future, self.fn, self.args, self.loop = future, fn, args, loop
        self.started = self.finished = self.dropped = self.niced = False
        self.thread = 0


class QueryPool:
    """A few daemon threads with big stacks; a job that never returns just holds its thread.

    Results come back with ``call_soon_threadsafe`` on an asyncio future (measured: about
    30 µs a round trip, where ``wrap_future`` + ``wait_for`` took over 100 µs). A job still
    running after ``SLOW_AFTER`` seconds gets a lower CPU priority (Linux: nice is per
    thread), so quick queries overtake it; its thread retires after it, since a thread may
    not raise its priority back, and a fresh one takes its place."""

    def __init__(self, threads: int, stack_bytes: int = STACK_BYTES) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._stack_bytes = stack_bytes
        self._count = threads
        self._closed = False
        for _ in range(threads):
            self._add_thread()

    def _add_thread(self) -> None:
        with _STACK_SIZE_LOCK:
            previous = threading.stack_size(self._stack_bytes)
            try:
                threading.Thread(target=self._work, name="query", daemon=True).start()
            finally:
                threading.stack_size(previous)

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Job:
        loop = asyncio.get_running_loop()
        job = _Job(loop.create_future(), fn, args, loop)
        self._jobs.put(job)
        return job

    def drop(self, job: _Job) -> bool:
        """Drop a job not started yet; False if a thread already runs it."""
        with self._lock:
            job.dropped = not job.started
            return job.dropped

    def deprioritize(self, job: _Job) -> None:
        """Lower the CPU priority of a job that has been running for a while."""
        with self._lock:
            if not job.started or job.finished or job.niced:
                return
            try:
                os.setpriority(os.PRIO_PROCESS, job.thread, SLOW_NICE)
            except (OSError, AttributeError):
                return
            job.niced = True

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            with self._lock:
                if job.dropped:
                    continue
                job.started, job.thread = True, threading.get_native_id()
            try:
                outcome, ok = job.fn(*job.args), True
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting request
                outcome, ok = exc, False
            with self._lock:
                job.finished = True
            try:
                job.loop.call_soon_threadsafe(_deliver, job.future, outcome, ok)
            except RuntimeError:  # the loop is closed: nobody waits any more
                pass
            if job.niced:
                if not self._closed:
                    self._add_thread()
                return

    def close(self) -> None:
        self._closed = True
        for _ in range(self._count):
            self._jobs.put(None)


_STACK_SIZE_LOCK = threading.Lock()


def _deliver(future: asyncio.Future[Any], outcome: Any, ok: bool) -> None:
    if not future.done():
        if ok:
            future.set_result(outcome)
        else:
            future.set_exception(outcome)


def _expire(future: asyncio.Future[Any]) -> None:
    if not future.done():
        future.set_exception(_Expired())


class _Expired(Exception):
    """The deadline of a query passed."""


class QueryRunner:
    """Guarded, deadline-bound query execution on the published snapshot."""

    def __init__(self, settings: Settings, *, threads: int = THREADS,
                 generation: Generation | None = None) -> None:
        self.settings = settings
        self.generation = generation or SHARED_GENERATION
        self.snapshot = Snapshot(settings.store, self.generation)
        self.threads = threads
        self.base_iri = f"{settings.base}sparql"
        self.on_overrun: Callable[[], None] | None = None
        """Called once when a query outlives its deadline (server.run retires the worker)."""
        self.overrun = False
        self._pool: QueryPool | None = None
        self._pending = 0

    def start(self) -> None:
        if self._pool is None:
            self._pool = QueryPool(self.threads)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def check(self, sparql: str) -> Checked:
        """The guard's verdict on a query (raises 400/403/413)."""
        return check_query(sparql, self.settings)

    def published(self) -> None:
        """A new snapshot was published by this server: every worker switches at once."""
        self.generation.bump()

    async def run(self, sparql: str, *, substitutions: dict[str, Term] | None = None,
                  default_graph: list[NamedNode] | None = None, named_graphs: list[NamedNode] | None = None,
                  row_limit: int | None = None, timeout: float | None = None) -> Solutions | bool | Triples:
        """Run a query for Python code: rows, a boolean or triples, at most ``row_limit``."""
        checked = self.check(sparql)
        options = self._options(checked, substitutions, default_graph, named_graphs)
        cap = self._cap(row_limit)
        return await self.call(_objects, self.snapshot.get(), checked.text, options, cap, timeout=timeout)

    async def answer(self, checked: Checked, fmt: conneg.Format, *,
                     default_graph: list[NamedNode] | None = None,
                     named_graphs: list[NamedNode] | None = None,
                     row_limit: int | None = None, timeout: float | None = None) -> Answer:
        """Run a checked query and write its result as ``fmt``, whole, before answering."""
        options = self._options(checked, None, default_graph, named_graphs)
        cap = self._cap(row_limit)
        uncut = checked.limit is not None and checked.limit <= cap and checked.form == "SELECT"
        return await self.call(_written, self.snapshot.get(), checked.text, options, None if uncut else cap, fmt,
                               timeout=timeout)

    def _cap(self, row_limit: int | None) -> int:
        return self.settings.row_limit if row_limit is None else max(0, row_limit)

    def _options(self, checked: Checked, substitutions: dict[str, Term] | None,
                 default_graph: list[NamedNode] | None, named_graphs: list[NamedNode] | None
                 ) -> dict[str, Any]:
        options: dict[str, Any] = {}  # each costs pyoxigraph some 10 µs: only when needed
        if checked.prefixed:
            options["prefixes"] = PREFIXES
        if checked.relative:
            options["base_iri"] = self.base_iri
        if default_graph:
            options["default_graph"] = list(default_graph)
        elif not named_graphs and not checked.dataset_keywords:
            options["use_default_graph_as_union"] = True  # DESIGN.md: the union is the default
        if named_graphs:
            options["named_graphs"] = list(named_graphs)
        if substitutions:
            options["substitutions"] = {Variable(k): v for k, v in substitutions.items()}
        return options

    async def call(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
        """``fn(*args)`` in a query thread, within the deadline (writes use it too)."""
        if self._pool is None:
            self.start()
        assert self._pool is not None
        if self._pending >= MAX_PENDING:
            raise TooManyRequests(f"{self._pending} queries are already running or waiting here; retry soon")
        deadline = min(timeout or self.settings.query_timeout, self.settings.query_timeout, 60.0)
        self._pending += 1
        job = self._pool.submit(fn, *args)
        timer = job.loop.call_later(deadline, _expire, job.future)
        nicer = job.loop.call_later(SLOW_AFTER, self._pool.deprioritize, job)
        try:
            return await job.future
        except _Expired:
            if not self._pool.drop(job):  # it runs on, and cannot be stopped: retire
                self._overran(deadline)
            raise QueryTimeout(f"the query did not finish within {deadline:g} s and was stopped; "
                               "add LIMIT or narrow its patterns") from None
        finally:
            timer.cancel()
            nicer.cancel()
            self._pending -= 1

    def _overran(self, deadline: float) -> None:
        log.warning("a query overran its %g s deadline; retiring this worker", deadline)
        first, self.overrun = not self.overrun, True
        if first and self.on_overrun is not None:
            self.on_overrun()


def get_runner(request: Request) -> QueryRunner:
    """FastAPI dependency: the app's runner."""
    runner: QueryRunner = request.app.state.runner
    return runner


# --- in the query thread ----------------------------------------------------------------

def _client_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """pyoxigraph's errors (raised when parsing, or later while iterating) as HTTP errors."""
    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        try:
            return fn(*args)
        except SyntaxError as exc:
            raise BadQuery(f"the query is not valid SPARQL 1.1: {exc}") from None
        except (ValueError, RuntimeError) as exc:  # e.g. a substitution the query cannot take
            raise BadQuery(str(exc)) from None
        except OSError as exc:  # reading the store, or an allowlisted SERVICE that failed
            raise ServiceUnavailable(f"the query failed: {exc}") from None
    return wrapper


@_client_errors
def _objects(store: Store, sparql: str, options: dict[str, Any], cap: int) -> Solutions | bool | Triples:
    result = store.query(sparql, **options)
    if isinstance(result, QueryBoolean):
        return bool(result)
    if isinstance(result, QuerySolutions):
        rows = list(islice(result, cap + 1))
        return Solutions(list(result.variables), rows[:cap], len(rows) > cap)
    triples = list(islice(result, cap + 1))
    return Triples(triples[:cap], len(triples) > cap)


@_client_errors
def _written(store: Store, sparql: str, options: dict[str, Any], cap: int | None, fmt: conneg.Format) -> Answer:
    """The result written as ``fmt``; ``cap`` None when the query's own LIMIT is within the cap."""
    result = store.query(sparql, **options)
    if isinstance(result, QueryBoolean) or (cap is None and isinstance(result, QuerySolutions)):
        return Answer(cast(bytes, result.serialize(format=cast(QueryResultsFormat, fmt.native))), fmt, None)
    cap = 0 if cap is None else cap
    if isinstance(result, QuerySolutions):
        return _written_solutions(result, cap, fmt)
    triples = list(islice(result, cap + 1))
    body = conneg.serialize_triples(triples[:cap], fmt)
    return Answer(body, fmt, cap if len(triples) > cap else None)


class _Enough(Exception):
    """Raised from inside pyoxigraph's serialiser once the row cap is passed."""


class _CappedTSV(io.RawIOBase):
    """Collects TSV output and stops the serialiser (hence the query) past ``cap`` rows.

    TSV writes one line per row (newlines in literals are escaped), so counting lines is
    counting rows, at C speed on whole chunks."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.lines = 0
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        data = bytes(chunk)
        self.chunks.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.cap + 1:  # the header line, then cap rows, then one more
            raise _Enough
        return len(data)


def _written_solutions(result: QuerySolutions, cap: int, fmt: conneg.Format) -> Answer:
    sink = _CappedTSV(cap)
    try:
        result.serialize(cast(IO[bytes], sink), format=QueryResultsFormat.TSV)
    except _Enough:
        pass
    except OSError as exc:
        if not isinstance(exc.__context__, _Enough) and not isinstance(exc.__cause__, _Enough):
            raise
    tsv = b"".join(sink.chunks)
    truncated = sink.lines > cap + 1
    if truncated:
        end = -1
        for _ in range(cap + 1):
            end = tsv.index(b"\n", end + 1)
        tsv = tsv[:end + 1]
    if fmt.native != QueryResultsFormat.TSV:
        solutions = cast(QuerySolutions, parse_query_results(tsv, QueryResultsFormat.TSV))
        tsv = cast(bytes, solutions.serialize(format=cast(QueryResultsFormat, fmt.native)))
    return Answer(tsv, fmt, cap if truncated else None)


__all__ = ["Answer", "QueryRunner", "Solutions", "Triples", "get_runner", "ServerError"]
