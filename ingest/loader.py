"""File -> reader -> record -> mapper -> validation -> store.

A document is written together with its provenance, whole or not at all: new documents in
batches of one bulk write each, a changed document in a transaction of its own that
replaces its graphs. A file whose content (sha256) is already in the store is skipped, so
ingesting it again changes nothing.
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

from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, RdfFormat, parse

from crosstalk.iri import Minter
from crosstalk.store import GraphStore
from crosstalk.vocab import IMMUNO_ONTOLOGY
from ingest import formats
from ingest.mapper import ClaimFinder, ConceptFinder, MappedDocument, map_document, provenance, provenance_graph
from ingest.records import Document, Location, ReadError
from ontology import ONTOLOGY_FILE

SKIP_NAMES = (".", "_")
FLUSH_EVERY = 64  # transactions between flushes of the store's write buffers (a bulk write has none)
BATCH_DOCUMENTS = 64  # new documents per bulk write: measured 4x cheaper per quad than a transaction each
BATCH_QUADS = 250_000  # and at most this many quads, far below what one atomic bulk write takes
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
        from ingest.validate import validate_statements
        self._validate = validate_statements

    def __call__(self, mapped: MappedDocument) -> list[str]:
        return [str(v) for v in self._validate(mapped.statements)]


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
    existed = graph_exists(store, graph)
    store.replace_graphs(graphs)
    return DocumentResult(name, "replaced" if existed else "added", graph.value,
                          sum(len(q) for q in graphs.values()), warnings)


def graph_exists(store: GraphStore, graph: NamedNode) -> bool:
    return bool(store.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))


@dataclass(frozen=True)
class Prepared:
    """A document read, mapped and checked, ready to write. N-Quads cross the process
    boundary: far cheaper to pickle than pyoxigraph terms, and what a bulk write takes."""

    name: str
    graph: str
    nquads: bytes
    quads: int
    warnings: tuple[str, ...]


class Preparer:
    """Bytes -> Prepared (or the failed result): everything but the write. One per process,
    since it holds the compiled shapes and the concept and claim finders."""

    def __init__(self, base: str, validate: bool) -> None:
        self.minter = Minter(base)
        self.concepts, self.claims = default_concepts(), default_claims()
        self.validator = Validator() if validate else None

    def __call__(self, name: str, data: bytes) -> Prepared | DocumentResult:
        try:
            doc, mapped = prepare(name, data, self.minter, concepts=self.concepts, validator=self.validator,
                                  claims=self.claims)
        except ReadError as exc:
            return DocumentResult(name, "failed", error=str(exc))
        return Prepared(name, mapped.graph.value, mapped.nquads(), len(mapped.statements),
                        tuple(str(w) for w in doc.warnings))


class Writer:
    """The single writer of a run, keeping results in file order.

    New documents are written together, up to BATCH_DOCUMENTS or BATCH_QUADS at a time, in
    one bulk write (GraphStore.add_graphs): a quarter of the cost per quad of a transaction
    per document, and a batch is still whole or absent after a crash. A document whose graph
    is already in the store (or in the batch) is replaced in its own transaction once the
    batch before it is written.
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._batch: list[Prepared | DocumentResult] = []
        self._graphs: set[str] = set()
        self._quads = 0
        self._transactions = 0

    def write(self, item: Prepared | DocumentResult) -> list[DocumentResult]:
        """The results written by this call (none while the batch fills up)."""
        if isinstance(item, DocumentResult):
            if not self._batch:
                return [item]
            self._batch.append(item)
            return []
        if item.graph in self._graphs or graph_exists(self.store, NamedNode(item.graph)):
            return [*self.flush(), self._replace(item)]
        self._batch.append(item)
        self._graphs.add(item.graph)
        self._quads += item.quads
        if len(self._graphs) >= BATCH_DOCUMENTS or self._quads >= BATCH_QUADS:
            return self.flush()
        return []

    def flush(self) -> list[DocumentResult]:
        """Write the batch; its results in file order."""
        batch, self._batch, self._graphs, self._quads = self._batch, [], set(), 0
        new = [p for p in batch if isinstance(p, Prepared)]
        if new:
            self.store.add_graphs(b"".join(p.nquads for p in new))
        return [p if isinstance(p, DocumentResult)
                else DocumentResult(p.name, "added", p.graph, p.quads, list(p.warnings)) for p in batch]

    def _replace(self, item: Prepared) -> DocumentResult:
        graph = NamedNode(item.graph)
        graphs: dict[NamedNode, list[Quad]] = {graph: [], provenance_graph(graph): []}
        for quad in parse(item.nquads, RdfFormat.N_QUADS):
            graphs[quad.graph_name].append(quad)  # type: ignore[index]
        result = write(self.store, item.name, graphs, list(item.warnings))
        self._transactions += 1
        if self._transactions % FLUSH_EVERY == 0:  # else the write buffers grow with every transaction
            self.store.flush()
        return result


def ingest_paths(paths: Sequence[Path], store: GraphStore, minter: Minter, *, validate: bool = True,
                 force: bool = False, workers: int = 1) -> Iterator[DocumentResult]:
    """Ingest files, yielding each result, in file order, once it is written (for progress bars).

    With workers > 1, reading, parsing, mapping and checking run in that many processes
    while this one writes: the store keeps a single writer. At most a batch and 2 x workers
    documents are in flight, enough for the workers to go on while a batch is written, and
    few enough that memory stays flat however large the corpus.
    """
    writer = Writer(store)
    for item in _prepared(expand(paths), store, minter.base, validate, force, workers):
        yield from writer.write(item)
    yield from writer.flush()


def _prepared(files: list[Path], store: GraphStore, base: str, validate: bool, force: bool,
              workers: int) -> Iterator[Prepared | DocumentResult]:
    if workers <= 1:
        preparer = Preparer(base, validate)
        for path in files:
            data = read_new(path, store, force)
            yield data if isinstance(data, DocumentResult) else preparer(str(path), data)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(base, validate)) as pool:
        pending: deque[Future[Prepared | DocumentResult] | DocumentResult] = deque()
        for path in files:
            data = read_new(path, store, force)
            pending.append(data if isinstance(data, DocumentResult)
                           else pool.submit(_prepare_in_worker, str(path), data))
            while len(pending) > BATCH_DOCUMENTS + 2 * workers or (pending and isinstance(pending[0], DocumentResult)):
                yield _done(pending.popleft())
        while pending:
            yield _done(pending.popleft())


def _done(item: Future[Prepared | DocumentResult] | DocumentResult) -> Prepared | DocumentResult:
    return item if isinstance(item, DocumentResult) else item.result()


_preparer: Preparer | None = None


def _init_worker(base: str, validate: bool) -> None:
    global _preparer
    _preparer = Preparer(base, validate)


def _prepare_in_worker(name: str, data: bytes) -> Prepared | DocumentResult:
    assert _preparer is not None, "the pool's initializer sets it"
    return _preparer(name, data)


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
