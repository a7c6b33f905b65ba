"""The ``crosstalk`` command: a thin layer over the library (ingest, store, server)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from crosstalk import __version__
from crosstalk.config import Settings
from crosstalk.iri import Minter
from crosstalk.store import OxigraphStore, StoreError, current_snapshot

app = typer.Typer(help="crosstalk: a linked-data knowledge graph of immunology literature.",
                  no_args_is_help=True, add_completion=False)
refs = typer.Typer(help="Reference strings.", no_args_is_help=True)
app.add_typer(refs, name="refs")
out = Console()
err = Console(stderr=True)

StoreOption = Annotated[Path | None, typer.Option("--store", help="Store directory [env CROSSTALK_STORE].")]

RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV,
                  "tsv": QueryResultsFormat.TSV, "xml": QueryResultsFormat.XML}
GRAPH_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD,
                 "xml": RdfFormat.RDF_XML, "nq": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG}


def _settings(store: Path | None = None, **overrides: object) -> Settings:
    return Settings.from_env(store=store, **overrides)


def _open(settings: Settings, *, must_exist: bool = True) -> OxigraphStore:
    if must_exist and not settings.store.exists():
        raise typer.BadParameter(f"no store at {settings.store}; run `crosstalk ingest` first")
    try:
        return OxigraphStore(settings.store)
    except StoreError as exc:
        snapshot = current_snapshot(settings.store)
        if snapshot is None:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        err.print(f"[yellow]store busy; reading the published snapshot {snapshot.name}[/yellow]")
        return OxigraphStore(snapshot, read_only=True)


@app.callback(invoke_without_command=True)
def main(version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False) -> None:
    if version:
        out.print(f"crosstalk {__version__}")
        raise typer.Exit()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders; the format is detected.")],
    store: StoreOption = None,
    base: Annotated[str | None, typer.Option(help="Base IRI [env CROSSTALK_BASE].")] = None,
    force: Annotated[bool, typer.Option(help="Re-read files already ingested.")] = False,
    validate: Annotated[bool, typer.Option(help="Refuse documents that violate the shapes.")] = True,
    workers: Annotated[int, typer.Option(help="Processes reading and mapping files (0: one per core "
                                         "for 20 files or more).")] = 0,
) -> None:
    """Read article files, map them to RDF and load them, one named graph per document.

    Example: crosstalk ingest corpus/
    """
    from ingest.loader import expand, ingest_paths, load_ontology

    settings = _settings(store, base=base)
    missing = [p for p in paths if not p.exists()]
    files = expand([p for p in paths if p.exists()])
    for p in missing:
        err.print(f"[red]error:[/red] {p}: no such file or folder")
    graph = _open(settings, must_exist=False)
    minter = Minter(settings.base)
    ontology = load_ontology(graph, minter)
    if workers == 0:  # auto: a pool only pays for its start-up on a larger corpus
        workers = 1 if len(files) < 20 else max(1, os.cpu_count() or 1)
    results = []
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[name]}"), console=err, transient=False) as progress:
        task = progress.add_task("ingest", total=len(files), name="")
        for result in ingest_paths(files, graph, minter, validate=validate, force=force, workers=workers):
            results.append(result)
            progress.update(task, advance=1, name=Path(result.path).name)
            for warning in result.warnings:
                progress.console.print(warning, style="yellow", markup=False, highlight=False)
            if result.error:
                progress.console.print(f"[red]error:[/red] {result.error}", highlight=False)
    changed = any(r.status in ("added", "replaced") for r in results) or ontology.status == "added"
    if changed:
        graph.publish()
    summary = Table(title="ingest summary", show_header=False)
    for label, value in (("documents", len(results)),
                         ("added", sum(r.status == "added" for r in results)),
                         ("replaced", sum(r.status == "replaced" for r in results)),
                         ("unchanged", sum(r.status == "unchanged" for r in results)),
                         ("failed", sum(r.status == "failed" for r in results)),
                         ("triples written", sum(r.triples for r in results)),
                         ("warnings", sum(len(r.warnings) for r in results)),
                         ("works from several sources", _count(graph, MERGED_WORKS)),
                         ("ontology", ontology.status),
                         ("store triples", len(graph))):
        summary.add_row(label, str(value))
    err.print(summary)
    if missing or any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="SPARQL query (or use --file).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a file.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="json|csv|tsv|xml|ttl|nt|jsonld (default: "
                                            "a table for SELECT, ttl for graphs).")] = None,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of all graphs.

    Example: crosstalk query 'SELECT ?t WHERE { ?a a fabio:ReviewArticle ; dcterms:title ?t }'
    """
    if (text is None) == (file is None):
        raise typer.BadParameter("give a query or --file, not both")
    sparql = file.read_text(encoding="utf-8") if file else str(text)
    graph = _open(_settings(store))
    try:
        result = graph.query(sparql)
    except SyntaxError as exc:
        err.print(f"[red]error:[/red] bad query: {exc}")
        raise typer.Exit(2) from exc
    sys.stdout.buffer.write(render(result, fmt))
    sys.stdout.flush()


def render(result: object, fmt: str | None) -> bytes:
    """A query result in the asked format; a readable table when none is asked."""
    if isinstance(result, QuerySolutions | QueryBoolean):
        if fmt is None:
            return _table(result)
        if fmt not in RESULT_FORMATS:
            raise typer.BadParameter(f"{fmt} is not a format for SELECT/ASK results "
                                     f"({', '.join(RESULT_FORMATS)})")
        return result.serialize(format=RESULT_FORMATS[fmt]) or b""
    fmt = fmt or "ttl"
    if fmt not in GRAPH_FORMATS:
        raise typer.BadParameter(f"{fmt} is not a format for CONSTRUCT/DESCRIBE results ({', '.join(GRAPH_FORMATS)})")
    return result.serialize(format=GRAPH_FORMATS[fmt]) or b""  # type: ignore[attr-defined]


def _table(result: QuerySolutions | QueryBoolean) -> bytes:
    if isinstance(result, QueryBoolean):
        return b"true\n" if bool(result) else b"false\n"
    names = [v.value for v in result.variables]
    table = Table(*names)
    for row in result:
        table.add_row(*("" if row[n] is None else getattr(row[n], "value", str(row[n])) for n in names))
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    return console.export_text().encode("utf-8")


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Server worker processes.")] = 2,
) -> None:
    """Serve the SPARQL endpoint, saved queries, entity pages and the web UI.

    Example: crosstalk serve --port 8000
    """
    from server.run import serve as run_server

    settings = _settings(store)
    if current_snapshot(settings.store) is None:
        if not settings.store.exists():
            raise typer.BadParameter(f"no store at {settings.store}; run `crosstalk ingest` first")
        OxigraphStore(settings.store).publish()
    run_server(settings, host=host, port=port, workers=workers)


@refs.command("parse")
def refs_parse() -> None:
    """Parse reference strings: one per stdin line -> one JSON object per stdout line.

    Example: echo 'Stagg, J. (2007). Immune regulation … Tissue Antigens, 69(1), 1–9.' | crosstalk refs parse
    """
    from ingest.refparse import parse_reference, reference_to_json

    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            sys.stdout.write("{}\n")
            continue
        work, links = parse_reference(line)
        sys.stdout.write(json.dumps(reference_to_json(work, links), ensure_ascii=False) + "\n")


@app.command()
def validate(store: StoreOption = None) -> None:
    """Check the whole store against ontology/shapes.ttl with pyshacl."""
    from ingest.validate import validate_store

    report = validate_store(_open(_settings(store)))
    if report.conforms:
        out.print("[green]conforms:[/green] no violation")
        return
    for violation in report.violations:
        out.print(str(violation), markup=False, highlight=False)
    out.print(f"[red]{len(report.violations)} violation(s)[/red]")
    raise typer.Exit(1)


@app.command()
def export(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default stdout).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="nquads or trig.")] = "nquads",
    store: StoreOption = None,
) -> None:
    """Dump every named graph as N-Quads or TriG."""
    formats = {"nquads": RdfFormat.N_QUADS, "nq": RdfFormat.N_QUADS, "trig": RdfFormat.TRIG}
    if fmt not in formats:
        raise typer.BadParameter("format must be nquads or trig")
    graph = _open(_settings(store))
    graph.dump(output if output else sys.stdout.buffer, formats[fmt])


@app.command()
def ontology(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder (or .html file) to write.")] = Path(
        "var/ontology/"),
) -> None:
    """Write the immunology ontology's HTML documentation (and its Turtle) for static hosting.

    Example: crosstalk ontology -o site/ontology/
    """
    from crosstalk.ontology_docs import write_html

    page = write_html(str(output) + ("/" if output.suffix != ".html" else ""))
    out.print(f"wrote {page}")


@app.command()
def stats(store: StoreOption = None) -> None:
    """Counts of what the graph holds."""
    graph = _open(_settings(store))
    table = Table("what", "count", title=f"store {graph.path}")
    for label, sparql in STATS_QUERIES:
        table.add_row(label, _count(graph, sparql))
    table.add_row("triples (all graphs)", str(len(graph)))
    out.print(table)


MERGED_WORKS = """SELECT (COUNT(*) AS ?n) WHERE {
    SELECT ?w WHERE { GRAPH ?g { ?w a fabio:Expression } } GROUP BY ?w HAVING (COUNT(DISTINCT ?g) > 1) }"""


def _count(graph: OxigraphStore, sparql: str) -> str:
    result = graph.query(sparql)
    assert isinstance(result, QuerySolutions)
    return next(iter(result))["n"].value


STATS_QUERIES: tuple[tuple[str, str], ...] = (
    ("documents (named graphs)", "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?g0 prov:wasDerivedFrom ?s } }"),
    ("articles with references",
     "SELECT (COUNT(DISTINCT ?a) AS ?n) { ?a frbr:part ?be . ?be a biro:BibliographicReference }"),
    ("bibliographic references", "SELECT (COUNT(DISTINCT ?be) AS ?n) { ?be a biro:BibliographicReference }"),
    ("works (fabio:Expression)", "SELECT (COUNT(DISTINCT ?w) AS ?n) { ?w a fabio:Expression }"),
    ("persons", "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?p a foaf:Person }"),
    ("organisations", "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?o a foaf:Organization }"),
    ("journals", "SELECT (COUNT(DISTINCT ?j) AS ?n) { ?j a fabio:Journal }"),
    ("concepts used", "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?w dcterms:subject ?c }"),
    ("works from several sources", MERGED_WORKS),
)


@app.command()
def enrich(
    store: StoreOption = None,
    sources: Annotated[str, typer.Option(help="Comma-separated: wikidata,pubmed,crossref.")] = ",".join(
        ("wikidata", "pubmed", "crossref")),
    limit: Annotated[int | None, typer.Option(help="Consider at most this many works.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Look up and report, but write nothing.")] = False,
) -> None:
    """Find missing DOIs, PMIDs and Wikidata items (by title, year and first author) and add
    them to the graph {base}graph/enrichment, with provenance; source graphs are never changed.

    Endpoints: CROSSTALK_WIKIDATA_SPARQL, CROSSTALK_PUBMED_EUTILS, CROSSTALK_CROSSREF_API (mirrors
    from CROSSTALK_SERVICE_MIRRORS apply); set CROSSTALK_CONTACT_EMAIL for their User-Agent.

    Example: crosstalk enrich --sources wikidata --dry-run
    """
    from ingest.enrich import SOURCES, EnrichError, Offline
    from ingest.enrich import enrich as run_enrich

    chosen = [s.strip() for s in sources.split(",") if s.strip()]
    if not chosen or set(chosen) - set(SOURCES):
        raise typer.BadParameter(f"--sources takes a comma-separated list of {', '.join(SOURCES)}")
    settings = _settings(store)
    graph = _open(settings)
    with Progress(TextColumn("[bold]enrich {task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, transient=False) as progress:
        tasks: dict[str, int] = {}

        def advance(source: str, done: int, total: int) -> None:
            if source not in tasks:
                tasks[source] = progress.add_task(source, total=total)
            progress.update(tasks[source], completed=done)

        try:
            report = run_enrich(graph, settings, sources=chosen, limit=limit, dry_run=dry_run, progress=advance)
        except Offline as exc:
            err.print(f"[red]no network:[/red] {exc}. Nothing was changed.", highlight=False)
            raise typer.Exit(2) from exc
        except EnrichError as exc:
            err.print(f"[red]error:[/red] {exc}. Nothing was changed.", highlight=False)
            raise typer.Exit(1) from exc
    summary = Table(title="enrich summary" + (" (dry run: nothing written)" if dry_run else ""), show_header=False)
    for label, value in (("works considered", report.works),
                         *((f"looked up in {s}", n) for s, n in report.looked_up.items()),
                         ("DOIs found", report.count("doi")), ("PMIDs found", report.count("pmid")),
                         ("Wikidata items found", report.count("wikidata")),
                         ("PubMed links (rdfs:seeAlso)", report.see_also),
                         ("triples " + ("to add" if dry_run else "added"), len(report.quads))):
        summary.add_row(label, str(value))
    err.print(summary)
