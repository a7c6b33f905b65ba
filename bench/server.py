"""Benchmark: crosstalk's server against ``oxigraph serve`` on the same 1M-triple store.

    .venv/bin/python bench/server.py [--triples 1000000] [--workers 2] [--duration 3] [--rounds 3]

Generates a store of synthetic articles shaped like the data model (articles with
journal, issue, pages, DOI, authors in order, numbered references to cited works,
concepts; one named graph per article), starts ``python -m server.run`` on its published
snapshot and ``oxigraph serve --union-default-graph`` on the store itself, and measures
requests/s, p50 and p99 at 8 concurrent keep-alive clients for

    lookup   SELECT ?p ?o WHERE { <entity> ?p ?o }  (random articles, persons, cited works)
    select   a 100-row SELECT of works and their titles (LIMIT 100, random OFFSET)
    page     an entity's Turtle: crosstalk's entity document /br/{id}.ttl when the entities
             router is installed (and DESCRIBE through /sparql besides), oxigraph DESCRIBE

with wrk (Debian package ``wrk``) when installed, else a Python client (threads, httpx).
The two servers are measured in alternating rounds and the median round is kept, so a
busy moment of a shared machine does not fall on one of them only.
Everything is on 127.0.0.1 and bounded in time; the store is deleted afterwards unless
--keep is given. Target: crosstalk at least 0.5x oxigraph serve on lookups.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
from pyoxigraph import Literal, NamedNode, Quad

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosstalk.iri import Minter  # noqa: E402
from crosstalk.store import OxigraphStore  # noqa: E402
from crosstalk.vocab import (  # noqa: E402
    BIRO,
    C4O,
    CITO,
    CT,
    DATACITE,
    DCTERMS,
    FABIO,
    FOAF,
    FRBR,
    IMMUNO,
    LITERAL,
    OCO,
    PRISM,
    PRO,
    RDF,
    XSD,
)

PYTHON = sys.executable
OXIGRAPH = str(Path(PYTHON).parent / "oxigraph")
CONCEPTS = ("NaturalKillerCell", "MesenchymalStemCell", "TCell", "Macrophage", "Interferon", "Cytotoxicity",
            "Interleukin", "DendriticCell", "Inflammation", "Tolerance")
WORDS = ("natural", "killer", "cells", "mesenchymal", "stromal", "crosstalk", "immune", "regulation",
         "cytokine", "interferon", "gamma", "tumour", "microenvironment", "tolerance", "inhibition")


# --- the store ------------------------------------------------------------------------------

def generate(target: int, base: str, seed: int = 7) -> Iterator[tuple[str, list[Quad]]]:
    """(kind, quads of one article's graph) until about ``target`` triples."""
    rng = random.Random(seed)
    mint = Minter(base)
    journals = [mint("br", "journal", j) for j in range(50)]
    made = 0
    article = 0
    while made < target:
        article += 1
        g = mint("graph", "article", article)
        a = mint("br", "article", article)
        q: list[tuple[NamedNode, NamedNode, object]] = []
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        year = rng.randint(1990, 2024)
        q += [(a, RDF.type, FABIO.Expression), (a, RDF.type, FABIO.JournalArticle),
              (a, DCTERMS.title, Literal(title)),
              (a, DCTERMS.abstract, Literal(" ".join(rng.choice(WORDS) for _ in range(60)))),
              (a, PRISM.publicationDate, Literal(f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                                 datatype=XSD.date))]
        q += [(a, PRISM.keyword, Literal(rng.choice(WORDS))) for _ in range(3)]
        issue, volume = mint("br", "issue", article), mint("br", "volume", article)
        journal = rng.choice(journals)
        q += [(a, FRBR.partOf, issue), (issue, RDF.type, FABIO.JournalIssue),
              (issue, FABIO.hasSequenceIdentifier, Literal(str(rng.randint(1, 12)))),
              (issue, FRBR.partOf, volume), (volume, RDF.type, FABIO.JournalVolume),
              (volume, FABIO.hasSequenceIdentifier, Literal(str(rng.randint(1, 60)))),
              (volume, FRBR.partOf, journal), (journal, RDF.type, FABIO.Journal),
              (journal, DCTERMS.title, Literal(f"Journal of Immunology {journals.index(journal)}"))]
        re_, ident = mint("re", article), mint("id", "doi", article)
        first = rng.randint(1, 900)
        q += [(a, FRBR.embodiment, re_), (re_, RDF.type, FABIO.Manifestation),
              (re_, PRISM.startingPage, Literal(str(first))), (re_, PRISM.endingPage, Literal(str(first + 9))),
              (a, DATACITE.hasIdentifier, ident), (ident, RDF.type, DATACITE.Identifier),
              (ident, DATACITE.usesIdentifierScheme, DATACITE.doi),
              (ident, LITERAL.hasLiteralValue, Literal(f"10.1000/bench.{article}"))]
        roles = [mint("ar", article, n) for n in range(4)]
        for n, role in enumerate(roles):
            person = mint("ra", "person", rng.randint(0, 20000))
            family = Literal(f"Family{person.value[-6:]}")
            q += [(a, PRO.isDocumentContextFor, role), (role, RDF.type, PRO.RoleInTime),
                  (role, PRO.withRole, PRO.author), (role, PRO.isHeldBy, person),
                  (role, CT.position, Literal(str(n + 1), datatype=XSD.integer)),
                  (person, RDF.type, FOAF.Person), (person, FOAF.familyName, family),
                  (person, FOAF.givenName, Literal("Ana")), (person, FOAF.name, Literal(f"Ana {family.value}"))]
            if n + 1 < len(roles):
                q.append((role, OCO.hasNext, roles[n + 1]))
        for n in range(15):
            be, cited = mint("be", article, n), mint("br", "cited", rng.randint(0, 50000))
            q += [(a, FRBR.part, be), (be, RDF.type, BIRO.BibliographicReference),
                  (be, C4O.hasContent, Literal(f"Author A, et al. ({year - 3}) Cited work {n}. J Immunol.")),
                  (be, BIRO.references, cited), (be, CT.position, Literal(str(n + 1), datatype=XSD.integer)),
                  (a, CITO.cites, cited), (cited, RDF.type, FABIO.Expression),
                  (cited, DCTERMS.title, Literal(f"Cited work {cited.value[-8:]}")),
                  (cited, PRISM.publicationDate, Literal(str(year - 3), datatype=XSD.gYear))]
        q += [(a, DCTERMS.subject, IMMUNO[rng.choice(CONCEPTS)]) for _ in range(2)]
        made += len(q)
        yield "article", [Quad(s, p, o, g) for s, p, o in q]  # type: ignore[arg-type]


def build(folder: Path, target: int, base: str) -> tuple[Path, list[str], list[str]]:
    """The store (published), some entity IRIs to look up, and article IRIs."""
    store = OxigraphStore(folder / "store")
    lookups: list[str] = []
    articles: list[str] = []
    batch: list[Quad] = []
    started = time.monotonic()
    for _, quads in generate(target, base):
        batch.extend(quads)
        subject = quads[0].subject.value
        articles.append(subject)
        if len(articles) % 7 == 0:
            person = next(x.object.value for x in quads if x.predicate == PRO.isHeldBy)
            cited = next(x.object.value for x in quads if x.predicate == CITO.cites)
            lookups += [subject, person, cited]
        if len(batch) > 200_000:
            store.raw.bulk_extend(batch)
            batch = []
    store.raw.bulk_extend(batch)
    store.flush()
    store.raw.optimize()
    store.publish()
    print(f"store: {len(store):,} quads in {time.monotonic() - started:.1f} s", flush=True)
    del store
    return folder / "store", [i for i in lookups if i.startswith(base)], articles


# --- the servers ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- the clients ----------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def measure(host: str, paths: list[str], accept: str, duration: float, clients: int, folder: Path) -> dict[str, float]:
    if shutil.which("wrk"):
        return _wrk(host, paths, accept, duration, clients, folder)
    return _python_client(host, paths, accept, duration, clients)


def _wrk(host: str, paths: list[str], accept: str, duration: float, clients: int, folder: Path) -> dict[str, float]:
    listing = folder / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT)
    out = subprocess.run(["wrk", "-t", "2", "-c", str(clients), "-d", f"{duration:g}s", "--latency",
                          "-s", str(script), "-H", f"Accept: {accept}", host],
                         env={**os.environ, "BENCH_PATHS": str(listing)}, capture_output=True, text=True,
                         timeout=duration + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": _ms(out, "50%"), "p99": _ms(out, "99%"),
            "errors": float(errors.group(1)) if errors else 0.0}


def _ms(out: str, label: str) -> float:
    value, unit = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _python_client(host: str, paths: list[str], accept: str, duration: float, clients: int) -> dict[str, float]:
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(seed: int) -> None:
        rng = random.Random(seed)
        local: list[float] = []
        with httpx.Client(base_url=host, headers={"Accept": accept}, timeout=30) as c:
            while time.monotonic() < stop_at:
                t = time.perf_counter()
                r = c.get(rng.choice(paths))
                local.append(time.perf_counter() - t)
                if r.status_code >= 400:
                    errors[0] += 1
        with lock:
            times.extend(local)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    return {"rps": len(times) / duration, "p50": statistics.median(times) * 1000,
            "p99": times[int(len(times) * 0.99)] * 1000, "errors": float(errors[0])}


# --- the run --------------------------------------------------------------------------------

def q(sparql: str) -> str:
    return quote(sparql, safe="")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2, help="crosstalk worker processes")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements per server (median kept)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the generated store")
    args = parser.parse_args()

    folder = args.workdir or Path(tempfile.mkdtemp(prefix="crosstalk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    ours_port, oxi_port = free_port(), free_port()
    base = f"http://127.0.0.1:{ours_port}/"
    store_path, lookups, articles = build(folder, args.triples, base)
    env = {**os.environ, "CROSSTALK_QUERY_TIMEOUT": "30", "PYTHONPATH": str(ROOT)}
    ours = subprocess.Popen([PYTHON, "-m", "server.run", "--store", str(store_path), "--base", base,
                             "--port", str(ours_port), "--workers", str(args.workers)],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=open(folder / "crosstalk.log", "wb"))  # noqa: SIM115
    oxi = subprocess.Popen([OXIGRAPH, "serve", "--location", str(store_path), "--bind", f"127.0.0.1:{oxi_port}",
                            "--union-default-graph"], start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=open(folder / "oxigraph.log", "wb"))  # noqa: SIM115
    try:
        wait_up(f"{base}sparql?query={q('ASK {}')}", ours)
        wait_up(f"http://127.0.0.1:{oxi_port}/query?query={q('ASK {}')}", oxi)
        rows: list[tuple[str, str, dict[str, float]]] = []
        json_accept, turtle = "application/sparql-results+json", "text/turtle"
        lookup_q = [q(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}") for iri in lookups]
        select_q = [q("SELECT ?work ?title WHERE { ?work <http://purl.org/dc/terms/title> ?title } "
                      f"LIMIT 100 OFFSET {n * 100}") for n in range(100)]
        describe_q = [q(f"DESCRIBE <{iri}>") for iri in articles[:2000]]
        scenarios = [("lookup", "/sparql?query=", "/query?query=", lookup_q, json_accept),
                     ("select", "/sparql?query=", "/query?query=", select_q, json_accept),
                     ("describe", "/sparql?query=", "/query?query=", describe_q, turtle)]
        servers = (("crosstalk", base.rstrip("/")), ("oxigraph", f"http://127.0.0.1:{oxi_port}"))
        for name, ours_path, oxi_path, queries, accept in scenarios:
            paths = {"crosstalk": [ours_path + x for x in queries], "oxigraph": [oxi_path + x for x in queries]}
            for who, host in servers:
                measure(host, paths[who], accept, 1.0, args.clients, folder)  # warm up
            rounds: dict[str, list[dict[str, float]]] = {"crosstalk": [], "oxigraph": []}
            for _ in range(args.rounds):  # alternate, so a busy moment of the machine hits both
                for who, host in servers:
                    rounds[who].append(measure(host, paths[who], accept, args.duration, args.clients, folder))
            rows += [(name, who, median_round(rounds[who])) for who, _ in servers]
        page = httpx.get(f"{articles[0]}.ttl", timeout=30)
        if page.status_code == 200:
            paths_ = [f"/{iri[len(base):]}.ttl" for iri in articles[:2000]]
            measure(base.rstrip("/"), paths_, turtle, 1.0, args.clients, folder)
            rows.append(("page", "crosstalk", median_round([
                measure(base.rstrip("/"), paths_, turtle, args.duration, args.clients, folder)
                for _ in range(args.rounds)])))
        else:
            print(f"(no entity pages: {articles[0]}.ttl answered {page.status_code} {page.text[:300]})")
        report(rows, args)
    finally:
        stop(ours)
        stop(oxi)
        if not args.keep and args.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)


def median_round(rounds: list[dict[str, float]]) -> dict[str, float]:
    """The round with the median requests/s (its latencies with it)."""
    return sorted(rounds, key=lambda m: m["rps"])[len(rounds) // 2]


def report(rows: list[tuple[str, str, dict[str, float]]], args: argparse.Namespace) -> None:
    client = "wrk" if shutil.which("wrk") else "python/httpx"
    print(f"\n{args.triples:,} triples, {args.clients} concurrent clients ({client}), median of {args.rounds} "
          f"alternating rounds of {args.duration:g} s, crosstalk with {args.workers} workers, {os.cpu_count()} CPUs\n")
    print(f"{'scenario':<10} {'server':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>7}")
    oxi = {name: m["rps"] for name, who, m in rows if who == "oxigraph"}
    for name, who, m in rows:
        ref = oxi.get("describe" if name == "page" else name)
        ratio = f"{m['rps'] / ref:.2f}x" if who == "crosstalk" and ref else ""
        print(f"{name:<10} {who:<10} {m['rps']:>9.0f} {m['p50']:>8.2f} {m['p99']:>8.2f} {m['errors']:>7.0f} {ratio:>7}")
    print("\nratio: crosstalk req/s over oxigraph serve req/s (page: over oxigraph DESCRIBE)")


if __name__ == "__main__":
    main()
