"""Shared fixtures: a small store shaped like the data model, and real servers on 127.0.0.1.

``live_server`` starts ``python -m server.run`` (what ``crosstalk serve`` runs) as its own
process group on a free port, waits until it answers, and stops it afterwards; each test
module that needs special settings (a short deadline, an update token, a mirror) starts
its own. ``server`` is the one read-only server most tests share.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from crosstalk.iri import Minter
from crosstalk.store import OxigraphStore
from crosstalk.vocab import BIRO, C4O, CITO, CT, DCTERMS, FABIO, FOAF, PRISM, PRO, RDF, XSD

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-3f9a"
"""The update token of the servers that accept writes."""
ROW_LIMIT = 50
"""The row cap of the shared server (small, so tests can see it cut)."""
ARTICLES = 3
FILLER = 1500
"""Extra triples, so a three-way cross join runs for hours (1500^3 rows)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(path: Path, base: str) -> OxigraphStore:
    """Three articles (authors in order, references to cited works), one graph each."""
    mint = Minter(base)
    store = OxigraphStore(path)
    quads: list[Quad] = []
    for n in range(1, ARTICLES + 1):
        g, a = mint("graph", "doc", n), mint("br", "article", n)
        triples: list[tuple[NamedNode, NamedNode, object]] = [
            (a, RDF.type, FABIO.JournalArticle), (a, RDF.type, FABIO.Expression),
            (a, DCTERMS.title, Literal(f"NK cell and MSC crosstalk, part {n}")),
            (a, PRISM.publicationDate, Literal(f"202{n}-01-15", datatype=XSD.date))]
        for k in range(1, 4):
            role, person = mint("ar", "article", n, k), mint("ra", "person", k)
            triples += [(a, PRO.isDocumentContextFor, role), (role, PRO.withRole, PRO.author),
                        (role, PRO.isHeldBy, person), (role, CT.position, Literal(str(k), datatype=XSD.integer)),
                        (person, RDF.type, FOAF.Person), (person, FOAF.name, Literal(f"Author {k}"))]
        for k in range(1, 6):
            be, cited = mint("be", "article", n, k), mint("br", "cited", n * 10 + k)
            triples += [(a, CITO.cites, cited), (be, RDF.type, BIRO.BibliographicReference),
                        (be, C4O.hasContent, Literal(f"Reference {k} of article {n}")), (be, BIRO.references, cited),
                        (cited, DCTERMS.title, Literal(f"Cited work {n}.{k}"))]
        quads += [Quad(s, p, o, g) for s, p, o in triples]  # type: ignore[arg-type]
    filler = mint("graph", "filler")
    quads += [Quad(NamedNode(f"{base}filler/{i}"), RDF.value, Literal(str(i), datatype=XSD.integer), filler)
              for i in range(FILLER)]
    store.raw.extend(quads)
    store.publish()
    return store


@dataclass
class LiveServer:
    url: str
    store: Path
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)  # type: ignore[arg-type]

    def worker_pids(self) -> list[int]:
        import psutil

        return sorted(p.pid for p in psutil.Process(self.process.pid).children())

    def ask(self, timeout: float = 10) -> int:
        """The status of a trivial ASK on a fresh connection."""
        return httpx.get(f"{self.url}sparql", params={"query": "ASK {}"}, timeout=timeout).status_code


def _settings_env(settings: dict[str, object]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSTALK_")}
    for name, value in settings.items():
        if isinstance(value, tuple):
            value = " ".join("=".join(v) if isinstance(v, tuple) else str(v) for v in value)
        env[f"CROSSTALK_{name.upper()}"] = str(value)
    return env


@contextmanager
def live_server(store: Path, *, port: int | None = None, workers: int = 1, **settings: object) -> Iterator[LiveServer]:
    """``python -m server.run`` on 127.0.0.1 with the given settings, stopped afterwards."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/"
    settings.setdefault("base", url)
    log = store.parent / f"server-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "server.run", "--store", str(store), "--port", str(port), "--workers", str(workers)],
        cwd=ROOT, env=_settings_env(settings), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=open(log, "wb"))  # noqa: SIM115
    running = LiveServer(url, store, process, log)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"the server exited: {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"the server did not come up: {log.read_text()[-2000:]}"
            try:
                if running.ask(timeout=2) == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def server_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory, server_port: int) -> Path:
    """The shared store, its IRIs minted under the shared server's URL."""
    path = tmp_path_factory.mktemp("shared") / "store"
    build_store(path, f"http://127.0.0.1:{server_port}/")
    return path


@pytest.fixture(scope="session")
def server(store_path: Path, server_port: int) -> Iterator[LiveServer]:
    """The shared read-only server: two workers, row cap ROW_LIMIT, writes off."""
    with live_server(store_path, port=server_port, workers=2, row_limit=ROW_LIMIT) as running:
        yield running


@pytest.fixture(scope="session")
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c
