"""File -> reader -> record -> mapper -> validation -> store, one document at a time.

Each document is written in one transaction together with its provenance, so the store
only ever holds whole documents; a file whose content (sha256) is already in the store
is skipped, so ingesting it again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, RdfFormat, parse, serialize

from crosstalk.iri import Minter
from crosstalk.store import GraphStore
from crosstalk.vocab import IMMUNO_ONTOLOGY
from ingest import formats
from ingest.mapper import ClaimFinder, ConceptFinder, MappedDocument, map_document, provenance, provenance_graph
from ingest.records import Document, Location, ReadError
from ontology import ONTOLOGY_FILE

SKIP_NAMES = (".", "_")
FLUSH_EVERY = 64  # documents between flushes of the store's write buffers
ONTOLOGY_GRAPH = NamedNode(IMMUNO_ONTOLOGY)


@dataclass
class DocumentResult:
    path: str
    status: str  # "added" | "replaced" | "unchanged" | "failed"
    graph: str | None = None
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the files under folders named (hidden files skipped), sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file()
                                and not any(part.startswith(SKIP_NAMES) for part in p.relative_to(path).parts)))
        else:
            files.append(path)
    return files


def read_document(path: str, data: bytes) -> Document:
    """Bytes -> Document, or a ReadError that names the file and the place."""
    if not data.strip():
        raise ReadError(Location(path, 1), "file is empty")
    if b"\x00" in data[:8192]:
        raise ReadError(Location(path), "binary file (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError(Location(path, line), f"not UTF-8 text (byte {exc.start})") from exc
    reader = formats.detect(text, path)
    articles, warnings = reader.read(text, path)
    return Document(path=path, format=reader.NAME, sha256=hashlib.sha256(data).hexdigest(),
                    articles=tuple(articles), warnings=tuple(warnings))


def already_ingested(store: GraphStore, sha256: str) -> bool:
    result = store.query("ASK { GRAPH ?g { ?source ct:sha256 ?sha } }",
                         substitutions={"sha": Literal(sha256)})
    assert isinstance(result, QueryBoolean)
    return bool(result)


def default_concepts() -> ConceptFinder:
    from ingest.concepts import concepts_in
    return concepts_in


def default_claims() -> ClaimFinder:
    from ingest.claims import extract_claims
    return extract_claims


class Validator:
    """Per-document SHACL check (ingest.validate); a document that fails is refused."""

    def __init__(self) -> None:
        from ingest.validate import validate_quads
        self._validate = validate_quads

    def __call__(self, mapped: MappedDocument) -> list[str]:
        return [str(v) for v in self._validate(mapped.quads + mapped.provenance)]


def prepare(name: str, data: bytes, minter: Minter, *, concepts: ConceptFinder | None,
            validator: Callable[[MappedDocument], list[str]] | None,
            now: str | None = None, claims: ClaimFinder | None = None) -> tuple[Document, MappedDocument]:
    """Everything but the write, as a pure function (so it can also run in a pool)."""
    doc = read_document(name, data)
    mapped = map_document(doc, minter, generated_at=now or _now(), concepts=concepts, claims=claims)
    if validator is not None:
        violations = validator(mapped)
        if violations:
            shown = "\n  ".join(violations[:20])
            more = f"\n  … and {len(violations) - 20} more" if len(violations) > 20 else ""
            raise ReadError(Location(name), f"graph violates the shapes (ontology/shapes.ttl):\n  {shown}{more}")
    return doc, mapped


def ingest_file(path: Path, store: GraphStore, minter: Minter, *, concepts: ConceptFinder | None = None,
                validator: Callable[[MappedDocument], list[str]] | None = None,
                force: bool = False, claims: ClaimFinder | None = None) -> DocumentResult:
    """Read, map, check and write one file in this process."""
    name, data = str(path), read_new(path, store, force)
    if isinstance(data, DocumentResult):
        return data
    try:
        doc, mapped = prepare(name, data, minter, concepts=concepts, validator=validator, claims=claims)
    except ReadError as exc:
        return DocumentResult(name, "failed", error=str(exc))
    graphs = {mapped.graph: mapped.quads, mapped.provenance_graph: mapped.provenance}
    return write(store, name, graphs, [str(w) for w in doc.warnings])


def read_new(path: Path, store: GraphStore, force: bool) -> bytes | DocumentResult:
    """The file's bytes, or its result already: unreadable, or its content is in the store."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return DocumentResult(name, "failed", error=f"{name}: cannot read: {exc.strerror}")
    if not force and already_ingested(store, hashlib.sha256(data).hexdigest()):
        return DocumentResult(name, "unchanged")
    return data


def write(store: GraphStore, name: str, graphs: dict[NamedNode, list[Quad]], warnings: list[str]) -> DocumentResult:
    """One transaction per document: its graph and its provenance graph, whole or not at all."""
    graph = next(iter(graphs))
    existed = bool(store.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))
    store.replace_graphs(graphs)
    return DocumentResult(name, "replaced" if existed else "added", graph.value,
                          sum(len(q) for q in graphs.values()), warnings)


def ingest_paths(paths: Sequence[Path], store: GraphStore, minter: Minter, *, validate: bool = True,
                 force: bool = False, workers: int = 1) -> Iterator[DocumentResult]:
    """Ingest files in order, yielding each result as it is written (for progress bars).

    With workers > 1, reading, parsing, mapping and checking run in that many processes
    while this one writes: the store keeps a single writer, and at most 2 x workers
    documents are in flight, so memory stays flat however large the corpus.
    """
    for written, result in enumerate(_ingest_paths(expand(paths), store, minter, validate, force, workers), 1):
        if written % FLUSH_EVERY == 0:
            store.flush()
        yield result


def _ingest_paths(files: list[Path], store: GraphStore, minter: Minter, validate: bool, force: bool,
                  workers: int) -> Iterator[DocumentResult]:
    if workers <= 1:
        concepts, claims, validator = default_concepts(), default_claims(), (Validator() if validate else None)
        for path in files:
            yield ingest_file(path, store, minter, concepts=concepts, validator=validator, force=force, claims=claims)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(minter.base, validate)) as pool:
        pending: deque[Future[_Prepared] | DocumentResult] = deque()
        for path in files:
            pending.append(_submit(pool, path, store, force))
            while len(pending) > 2 * workers or (pending and isinstance(pending[0], DocumentResult)):
                yield _collect(store, pending.popleft())
        while pending:
            yield _collect(store, pending.popleft())


_Prepared = tuple[str, tuple[str, bytes, list[str]] | str]
"""(file name, (graph IRI, N-Quads of both graphs, warnings) or the error message)."""
_worker: dict[str, object] = {}


def _init_worker(base: str, validate: bool) -> None:
    _worker.update(minter=Minter(base), concepts=default_concepts(), claims=default_claims(),
                   validator=Validator() if validate else None)


def _prepare_in_worker(name: str, data: bytes) -> _Prepared:
    """N-Quads cross the process boundary: far cheaper than pickling pyoxigraph terms."""
    try:
        doc, mapped = prepare(name, data, _worker["minter"], concepts=_worker["concepts"],  # type: ignore[arg-type]
                              validator=_worker["validator"], claims=_worker["claims"])  # type: ignore[arg-type]
    except ReadError as exc:
        return name, str(exc)
    payload = serialize(mapped.quads + mapped.provenance, format=RdfFormat.N_QUADS)
    return name, (mapped.graph.value, payload or b"", [str(w) for w in doc.warnings])


def _submit(pool: ProcessPoolExecutor, path: Path, store: GraphStore,
            force: bool) -> Future[_Prepared] | DocumentResult:
    data = read_new(path, store, force)
    return data if isinstance(data, DocumentResult) else pool.submit(_prepare_in_worker, str(path), data)


def _collect(store: GraphStore, item: Future[_Prepared] | DocumentResult) -> DocumentResult:
    if isinstance(item, DocumentResult):
        return item
    name, prepared = item.result()
    if isinstance(prepared, str):
        return DocumentResult(name, "failed", error=prepared)
    graph_iri, payload, warnings = prepared
    graph = NamedNode(graph_iri)
    graphs: dict[NamedNode, list[Quad]] = {graph: [], provenance_graph(graph): []}
    for quad in parse(payload, RdfFormat.N_QUADS):
        graphs[quad.graph_name].append(quad)  # type: ignore[index]
    return write(store, name, graphs, warnings)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def load_ontology(store: GraphStore, minter: Minter, path: Path = ONTOLOGY_FILE) -> DocumentResult:
    """Keep the immunology ontology in the store, so dcterms:subject links resolve to
    labels and external matches; reloaded only when immuno.ttl changes."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if already_ingested(store, sha):
        return DocumentResult(str(path), "unchanged")
    quads = [Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
             for t in parse(data, RdfFormat.TURTLE, base_iri=ONTOLOGY_GRAPH.value)]
    doc = Document(path=str(path), format="owl-ontology", sha256=sha, articles=())
    prov_graph = provenance_graph(ONTOLOGY_GRAPH)
    prov = provenance(ONTOLOGY_GRAPH, prov_graph, doc, minter, _now())
    store.replace_graphs({ONTOLOGY_GRAPH: quads, prov_graph: prov})
    return DocumentResult(str(path), "added", ONTOLOGY_GRAPH.value, len(quads) + len(prov))
