"""Stand-ins for the remote services federation talks to, all on 127.0.0.1.

- ``oxigraph_server``: the ``oxigraph serve`` binary holding a Turtle dataset (a Wikidata- or
  MeSH-shaped one); its SPARQL endpoint is ``{url}query``.
- ``json_stub``: a plain ``http.server`` answering GETs from a function (E-utilities and
  Crossref stand-ins); it records every request, headers included.
- ``sleeper``: a server that accepts and then says nothing for a long time.
"""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.conftest import ROOT, free_port

OXIGRAPH = ROOT / ".venv" / "bin" / "oxigraph"
DATA = ROOT / "tests" / "data"
WIKIDATA = "https://query.wikidata.org/sparql"
MESH = "https://id.nlm.nih.gov/mesh/sparql"
EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
CROSSREF = "https://api.crossref.org/"


@contextmanager
def oxigraph_server(data: Path, location: Path) -> Iterator[str]:
    """``oxigraph serve`` over a fresh store loaded with ``data``; yields its base URL."""
    subprocess.run([str(OXIGRAPH), "load", "--location", str(location), "--file", str(data)],
                   check=True, capture_output=True, timeout=60)
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, "oxigraph serve exited"
            try:
                if httpx.get(f"{url}query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "oxigraph serve did not come up"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@dataclass
class Stub:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)


Handler = Callable[[str, dict[str, str]], tuple[int, Any]]
"""(path, query parameters) -> (status, JSON body)."""


@contextmanager
def json_stub(answer: Handler) -> Iterator[Stub]:
    """A real HTTP server on 127.0.0.1 answering GETs with JSON from ``answer``."""
    stub = Stub("")

    class Handle(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            parts = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            stub.requests.append({"path": parts.path, "params": params, "headers": dict(self.headers)})
            status, body = answer(parts.path, params)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    with _serving(Handle) as url:
        stub.url = url
        yield stub


@contextmanager
def sleeper(seconds: float) -> Iterator[str]:
    """A server that reads the request and answers nothing for ``seconds``."""
    stop = threading.Event()

    class Handle(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            stop.wait(seconds)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    with _serving(Handle) as url:
        try:
            yield url
        finally:
            stop.set()


@contextmanager
def _serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused, as with no network."""
    return f"http://127.0.0.1:{free_port()}/"
