"""The runner: deadlines that really stop queries, slow queries that block nobody, caps.

The first half drives ``QueryRunner`` in-process, as the saved-query and entity routers
do; the second half a real server whose deadline is 3 s.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from pyoxigraph import Literal, NamedNode, Quad, Triple

from crosstalk.config import Settings
from crosstalk.store import OxigraphStore
from server import runner as runner_module
from server.app import BadQuery, NotAllowed, QueryTimeout, TooManyRequests
from server.runner import QueryRunner, Solutions, Triples
from tests.conftest import LiveServer, build_store, live_server

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""Counts 1500^3 rows: hours of work, and no row to stream until it is done."""
DEADLINE = 3.0


# --- in process ------------------------------------------------------------------------------

@pytest.fixture
def local(tmp_path: Path) -> Iterator[tuple[QueryRunner, OxigraphStore]]:
    store = build_store(tmp_path / "store", "http://example.org/")
    runner = QueryRunner(Settings(store=tmp_path / "store", base="http://example.org/", row_limit=20,
                                  query_timeout=1.0), generation=runner_module.Generation())
    runner.start()
    yield runner, store
    runner.close()


def run(coro):  # noqa: ANN001, ANN201
    return asyncio.run(coro)


def test_run_gives_rows_booleans_and_triples(local: tuple[QueryRunner, OxigraphStore]) -> None:
    runner, _ = local
    rows = run(runner.run("SELECT ?t WHERE { ?a a fabio:JournalArticle ; dcterms:title ?t } ORDER BY ?t"))
    assert isinstance(rows, Solutions) and not rows.truncated
    assert [r["t"].value for r in rows] == [f"NK cell and MSC crosstalk, part {n}" for n in (1, 2, 3)]
    assert run(runner.run("ASK { ?a a fabio:JournalArticle }")) is True
    triples = run(runner.run("CONSTRUCT WHERE { ?a a fabio:JournalArticle }"))
    assert isinstance(triples, Triples) and len(triples) == 3 and isinstance(triples.triples[0], Triple)


def test_substitutions_bind_values_without_splicing(local: tuple[QueryRunner, OxigraphStore]) -> None:
    runner, _ = local
    query = "SELECT ?a ?t WHERE { ?a dcterms:title ?t }"
    rows = run(runner.run(query, substitutions={"t": Literal("NK cell and MSC crosstalk, part 2")}))
    assert len(rows) == 1
    assert len(run(runner.run(query, substitutions={"t": Literal('" } ?a ?b ?c { "')}))) == 0


def test_the_row_cap_and_a_smaller_row_limit(local: tuple[QueryRunner, OxigraphStore]) -> None:
    runner, _ = local
    everything = run(runner.run("SELECT * WHERE { ?s ?p ?o }"))
    assert len(everything) == 20 and everything.truncated
    three = run(runner.run("SELECT * WHERE { ?s ?p ?o }", row_limit=3))
    assert len(three) == 3 and three.truncated
    graph = run(runner.run("CONSTRUCT WHERE { ?s ?p ?o }", row_limit=5))
    assert len(graph) == 5 and graph.truncated


def test_default_and_named_graphs(local: tuple[QueryRunner, OxigraphStore]) -> None:
    runner, store = local
    filler = NamedNode("http://example.org/graph/" + next(
        g.value.rsplit("/", 1)[1] for g in store.named_graphs()
        if len(list(store.raw.quads_for_pattern(None, None, None, g))) == 1500))
    only = run(runner.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=[filler]))
    assert only.rows[0]["n"].value == "1500"
    named = run(runner.run("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[filler]))
    assert [r["g"] for r in named] == [filler]


def test_the_guard_applies_to_run(local: tuple[QueryRunner, OxigraphStore]) -> None:
    runner, _ = local
    with pytest.raises(NotAllowed):
        run(runner.run("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"))
    with pytest.raises(BadQuery):
        run(runner.run("SELECT * WHERE {"))


def test_a_new_snapshot_is_read_once_published(local: tuple[QueryRunner, OxigraphStore]) -> None:
    runner, store = local
    ask = "ASK { <http://example.org/new> ?p ?o }"
    assert run(runner.run(ask)) is False
    store.raw.add(Quad(NamedNode("http://example.org/new"), NamedNode("http://example.org/p"), Literal("x"),
                       NamedNode("http://example.org/graph/new")))
    store.publish()
    runner.published()  # what a write through the server does; others wait at most a second
    assert run(runner.run(ask)) is True


def test_an_overrun_is_a_timeout_and_reported_once(local: tuple[QueryRunner, OxigraphStore]) -> None:
    runner, _ = local
    overruns: list[float] = []
    runner.on_overrun = lambda: overruns.append(time.monotonic())
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        run(runner.run(CROSS_JOIN, timeout=0.5))
    assert 0.5 <= time.monotonic() - started < 1.5
    assert len(overruns) == 1


def test_too_many_waiting_queries_get_429(local: tuple[QueryRunner, OxigraphStore], monkeypatch) -> None:  # noqa: ANN001
    runner, _ = local
    monkeypatch.setattr(runner_module, "MAX_PENDING", 2)

    async def three() -> list[object]:
        slow = [runner.run(CROSS_JOIN, timeout=0.3) for _ in range(2)]
        return await asyncio.gather(*slow, runner.run("ASK {}"), return_exceptions=True)

    outcomes = run(three())
    assert isinstance(outcomes[2], TooManyRequests)


# --- against a running server -----------------------------------------------------------------

@pytest.fixture(scope="module")
def deadline_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = tmp_path_factory.mktemp("deadline") / "store"
    build_store(path, "http://example.org/")
    with live_server(path, workers=1, query_timeout=DEADLINE) as running:
        yield running


def test_a_cross_join_gets_503_within_the_deadline_and_the_server_answers_the_next(
        deadline_server: LiveServer) -> None:
    before = deadline_server.worker_pids()
    started = time.monotonic()
    with deadline_server.client() as c:
        r = c.get("/sparql", params={"query": CROSS_JOIN})
    took = time.monotonic() - started
    assert r.status_code == 503
    assert r.json()["error"] == "query_timeout" and "did not finish within 3 s" in r.json()["message"]
    assert DEADLINE <= took < DEADLINE + 1
    assert deadline_server.ask() == 200
    # The worker that ran it is gone (its runaway thread with it), a new one took its place.
    (replacement,) = one_worker(deadline_server, other_than=before)
    assert not psutil.pid_exists(before[0]) or psutil.Process(before[0]).status() == psutil.STATUS_ZOMBIE


def asks_during_a_slow_query(server: LiveServer) -> float:
    """The p99 of 20 trivial ASKs sent while a query runs into its 3 s deadline."""
    slow = threading.Thread(target=lambda: httpx.get(f"{server.url}sparql", params={"query": CROSS_JOIN},
                                                     timeout=30))
    with server.client() as c:
        c.get("/sparql", params={"query": "ASK {}"})  # connect first
        slow.start()
        time.sleep(0.3)
        latencies = []
        for _ in range(20):
            t = time.perf_counter()
            assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
            latencies.append(time.perf_counter() - t)
            time.sleep(0.05)
        assert slow.is_alive(), "the slow query should still be running"
    slow.join()
    one_worker(server)
    return statistics.quantiles(latencies, n=100, method="inclusive")[98]


def test_a_slow_query_blocks_nobody(deadline_server: LiveServer) -> None:
    """While a query runs for 3 s, a trivial ASK keeps its p99 under 50 ms.

    Were the slow query in the way, every ASK would wait seconds; on a busy shared machine
    a single 80 ms hiccup can happen, so a second measurement is allowed."""
    tries = [asks_during_a_slow_query(deadline_server)]
    if tries[0] > 0.050:
        tries.append(asks_during_a_slow_query(deadline_server))
    assert min(tries) <= 0.050, f"ASK p99 {[round(t * 1000, 1) for t in tries]} ms while a slow query ran"


def one_worker(server: LiveServer, other_than: list[int] = (), timeout: float = 10) -> list[int]:  # type: ignore[assignment]
    """The worker pids once exactly one worker runs (a retiring one may still be exiting)."""
    deadline = time.monotonic() + timeout
    while len(pids := server.worker_pids()) != 1 or pids[0] in other_than:
        assert time.monotonic() < deadline, f"workers: {pids}"
        time.sleep(0.1)
    return pids


def test_a_worker_that_dies_is_replaced(deadline_server: LiveServer) -> None:
    (worker,) = one_worker(deadline_server)
    os.kill(worker, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while deadline_server.worker_pids() in ([], [worker]):
        assert time.monotonic() < deadline, "no replacement worker"
        time.sleep(0.1)
    assert deadline_server.ask() == 200
