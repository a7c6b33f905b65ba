"""File -> reader -> record -> mapper -> validation -> store, one document at a time.

Each document is written in one transaction together with its provenance, so the store
only ever holds whole documents; a file whose content (sha256) is already in the store
is skipped, so ingesting it again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, RdfFormat, parse

from crosstalk.iri import Minter
from crosstalk.store import GraphStore
from ingest import formats
from ingest.mapper import ConceptFinder, MappedDocument, map_document, provenance
from ingest.records import Document, Location, ReadError

SKIP_NAMES = (".", "_")
ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "immuno.ttl"
ONTOLOGY_GRAPH = NamedNode("https://w3id.org/crosstalk/immuno")


@dataclass
class DocumentResult:
    path: str
    status: str  # "added" | "replaced" | "unchanged" | "failed"
    graph: str | None = None
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class IngestReport:
    results: list[DocumentResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def triples(self) -> int:
        return sum(r.triples for r in self.results)

    @property
    def warnings(self) -> list[str]:
        return [w for r in self.results for w in r.warnings]

    @property
    def failed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status == "failed"]


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


class Validator:
    """Per-document SHACL check (ingest.validate); a document that fails is refused."""

    def __init__(self) -> None:
        from ingest.validate import validate_quads
        self._validate = validate_quads

    def __call__(self, mapped: MappedDocument) -> list[str]:
        return [str(v) for v in self._validate(mapped.quads + mapped.provenance)]


def prepare(name: str, data: bytes, minter: Minter, *, concepts: ConceptFinder | None,
            validator: Callable[[MappedDocument], list[str]] | None,
            now: str | None = None) -> tuple[Document, MappedDocument]:
    """Everything but the write, as a pure function (so it can also run in a pool)."""
    doc = read_document(name, data)
    mapped = map_document(doc, minter, generated_at=now or _now(), concepts=concepts)
    if validator is not None:
        violations = validator(mapped)
        if violations:
            shown = "\n  ".join(violations[:20])
            more = f"\n  … and {len(violations) - 20} more" if len(violations) > 20 else ""
            raise ReadError(Location(name), f"graph violates the shapes (ontology/shapes.ttl):\n  {shown}{more}")
    return doc, mapped


def ingest_file(path: Path, store: GraphStore, minter: Minter, *, concepts: ConceptFinder | None = None,
                validator: Callable[[MappedDocument], list[str]] | None = None,
                force: bool = False) -> DocumentResult:
    name = str(path)
    try:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        if not force and already_ingested(store, sha):
            return DocumentResult(name, "unchanged")
        doc, mapped = prepare(name, data, minter, concepts=concepts, validator=validator)
    except ReadError as exc:
        return DocumentResult(name, "failed", error=str(exc))
    except OSError as exc:
        return DocumentResult(name, "failed", error=f"{name}: cannot read: {exc.strerror}")
    existed = bool(store.query(f"ASK {{ GRAPH {mapped.graph} {{ ?s ?p ?o }} }}"))
    store.replace_graphs({mapped.graph: mapped.quads, mapped.provenance_graph: mapped.provenance})
    return DocumentResult(name, "replaced" if existed else "added", mapped.graph.value,
                          len(mapped.quads) + len(mapped.provenance), [str(w) for w in doc.warnings])


def ingest_paths(paths: Sequence[Path], store: GraphStore, minter: Minter, *,
                 concepts: ConceptFinder | None = None,
                 validator: Callable[[MappedDocument], list[str]] | None = None,
                 force: bool = False) -> Iterator[DocumentResult]:
    """Ingest each file in turn, yielding its result (for progress bars)."""
    for path in expand(paths):
        yield ingest_file(path, store, minter, concepts=concepts, validator=validator, force=force)


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
    prov_graph = NamedNode(f"{ONTOLOGY_GRAPH.value}/prov")
    prov = provenance(ONTOLOGY_GRAPH, prov_graph, doc, minter, _now())
    store.replace_graphs({ONTOLOGY_GRAPH: quads, prov_graph: prov})
    return DocumentResult(str(path), "added", ONTOLOGY_GRAPH.value, len(quads) + len(prov))
