"""Store access behind one narrow interface.

Everything else in crosstalk talks to a ``GraphStore``: run a SPARQL query, add new named
graphs or replace existing ones atomically, dump. The embedded Oxigraph store implements it
here; a remote SPARQL 1.1 store (Oxigraph server, Fuseki, Virtuoso, QLever) can implement
the same calls with the Protocol, the Graph Store Protocol and Update, so nothing above
this module changes.

Readers of the graph (the server) never open the writer's store: the writer publishes
read-only snapshots (cheap, RocksDB hard links) and readers open the newest one.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Protocol

from pyoxigraph import DefaultGraph, NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, RdfFormat, Store

from crosstalk.vocab import PREFIXES

QueryResult = QuerySolutions | QueryBoolean | QueryTriples
BULK_ATOMIC_QUADS = 1_000_000  # one batch of Oxigraph's bulk loader (DEFAULT_BULK_LOAD_BATCH_SIZE)


class StoreError(RuntimeError):
    """The store cannot be opened or written (locked, corrupt, missing)."""


class GraphStore(Protocol):
    def query(self, sparql: str, *, substitutions: Mapping[str, object] | None = None,
              default_graph: Sequence[NamedNode] | None = None,
              named_graphs: Sequence[NamedNode] | None = None) -> QueryResult: ...

    def replace_graphs(self, graphs: Mapping[NamedNode, Sequence[Quad]]) -> None:
        """Make each named graph hold exactly the given quads, all or nothing."""

    def add_graphs(self, nquads: bytes) -> None:
        """Add N-Quads of named graphs the store does not hold yet, all or nothing: the
        fast path for new documents (a remote store: one Graph Store POST of the dataset)."""

    def dump(self, output: IO[bytes] | str | Path, fmt: RdfFormat) -> None: ...

    def named_graphs(self) -> Iterator[NamedNode]: ...

    def __len__(self) -> int: ...

    def flush(self) -> None:
        """Push buffered writes to disk (keeps a long ingest's memory flat)."""


class OxigraphStore:
    """The embedded pyoxigraph store, on disk or (path None) in memory."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = Store()
            elif read_only:
                self._store = Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = Store(str(self.path))
                _remove_unfinished_bulk_files(self.path)
        except OSError as exc:
            raise StoreError(f"cannot open store at {self.path}: {exc}") from exc

    @property
    def raw(self) -> Store:
        """The pyoxigraph Store, for code that needs more than the interface (bulk export)."""
        return self._store

    def query(self, sparql: str, *, substitutions: Mapping[str, object] | None = None,
              default_graph: Sequence[NamedNode] | None = None,
              named_graphs: Sequence[NamedNode] | None = None) -> QueryResult:
        kwargs: dict[str, object] = {"prefixes": PREFIXES}
        if default_graph:
            kwargs["default_graph"] = list(default_graph)
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = list(named_graphs)
        if substitutions:
            from pyoxigraph import Variable
            kwargs["substitutions"] = {Variable(k): v for k, v in substitutions.items()}
        return self._store.query(sparql, **kwargs)  # type: ignore[arg-type]

    def replace_graphs(self, graphs: Mapping[NamedNode, Sequence[Quad]]) -> None:
        existing = [g for g in graphs if self._store.contains_named_graph(g)]
        try:
            if not existing:
                # One transaction: a new document is written whole or not at all.
                self._store.extend(q for quads in graphs.values() for q in quads)
            else:
                self._store.update(_replace_update(graphs))
        except OSError as exc:
            raise StoreError(f"cannot write to store at {self.path}: {exc}") from exc

    def add_graphs(self, nquads: bytes) -> None:
        try:
            if nquads.count(b"\n") < BULK_ATOMIC_QUADS:
                # Oxigraph's bulk loader writes up to 1M quads as one set of SST files ingested
                # in one atomic RocksDB call: no transaction, and whole or absent after a crash.
                # `lenient` skips re-checking IRIs our own serialiser wrote.
                self._store.bulk_load(nquads, RdfFormat.N_QUADS, lenient=True)
            else:
                self._store.load(nquads, RdfFormat.N_QUADS)  # one transaction
        except OSError as exc:
            raise StoreError(f"cannot write to store at {self.path}: {exc}") from exc

    def dump(self, output: IO[bytes] | str | Path, fmt: RdfFormat) -> None:
        if fmt in (RdfFormat.N_QUADS, RdfFormat.TRIG):
            self._store.dump(output, fmt)
        else:
            self._store.dump(output, fmt, from_graph=DefaultGraph())

    def named_graphs(self) -> Iterator[NamedNode]:
        return (g for g in self._store.named_graphs() if isinstance(g, NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        # Without it RocksDB's memtables grow with the corpus (1.4 GB after 500 articles).
        if self.path is not None:
            self._store.flush()

    def publish(self) -> Path:
        """Write a read-only snapshot for the server and point ``current`` at it."""
        if self.path is None:
            raise StoreError("an in-memory store cannot be published")
        return publish_snapshot(self._store, snapshot_root(self.path))


def _remove_unfinished_bulk_files(path: Path) -> None:
    """A bulk write killed before its files were ingested leaves them behind, outside the
    database; safe to delete once we hold the store's lock (no other writer)."""
    for leftover in path.glob("bulk-*.sst"):
        leftover.unlink(missing_ok=True)


def _replace_update(graphs: Mapping[NamedNode, Sequence[Quad]]) -> str:
    """One SPARQL Update (one transaction) dropping and refilling each graph."""
    parts = [f"DROP SILENT GRAPH {g}" for g in graphs]
    body = "\n".join(
        f"GRAPH {g} {{\n" + "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads) + "\n}"
        for g, quads in graphs.items() if quads
    )
    if body:
        parts.append("INSERT DATA {\n" + body + "\n}")
    return " ;\n".join(parts)


def snapshot_root(store_path: Path) -> Path:
    return store_path.parent / f"{store_path.name}.snapshots"


def publish_snapshot(store: Store, root: Path, keep: int = 3) -> Path:
    """Backup (hard links, milliseconds) and swap the ``current`` symlink atomically."""
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    store.flush()
    store.backup(str(target))
    link = root / "current"
    tmp = root / f".current-{uuid.uuid4().hex[:8]}"
    os.symlink(target.name, tmp)
    os.replace(tmp, link)
    _prune(root, keep, target)
    return target


def _prune(root: Path, keep: int, newest: Path) -> None:
    snapshots = sorted((p for p in root.iterdir() if p.is_dir() and not p.is_symlink() and p != newest),
                       key=lambda p: p.stat().st_mtime_ns)  # names only resolve to the second
    for old in snapshots[: max(0, len(snapshots) - (keep - 1))]:
        shutil.rmtree(old, ignore_errors=True)


def current_snapshot(store_path: Path) -> Path | None:
    """The published snapshot a reader should open, or None if nothing was published."""
    link = snapshot_root(store_path) / "current"
    try:
        return link.resolve(strict=True)
    except OSError:
        return None


def quads_of(store: GraphStore, graph: NamedNode) -> Iterable[Quad]:
    """Every quad of one named graph (through SPARQL, so it works on any GraphStore)."""
    result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
                         default_graph=None)
    assert isinstance(result, QueryTriples)
    return (Quad(t.subject, t.predicate, t.object, graph) for t in result)
