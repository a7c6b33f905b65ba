"""Ingest speed: generated Springer pages -> real pipeline -> on-disk store, against `oxigraph load`.

Issue 2, point 10. One run generates N pages in the seed's layout (bench/corpus.py) and:

1. ingests them through the library calls `crosstalk ingest DIR` makes (load_ontology,
   ingest_paths with one worker process per core, publish) into a fresh on-disk store,
   timing the writer's side and sampling the RSS of the writer and its workers at 10%, 50%
   and 100% of the corpus;
2. ingests (the first --phases of) them again in one process with every phase timed
   (perf_counter accumulators wrapped around the real functions: reader, reference parser,
   concept linker, claim extractor, mapper, validator, store), which says where the time
   goes, not only how much;
3. optionally times the `crosstalk ingest` command itself (--cli), into its own fresh store;
4. exports the first store to N-Quads and loads the file with `oxigraph load`;
5. prints articles/s, triples/s, CPU seconds, peak memory and the ratio ingest/load
   (target >= 0.5), wall-clock and per CPU second.

    .venv/bin/python bench/ingest.py                       # 10,000 articles
    .venv/bin/python bench/ingest.py --articles 500        # quick
    .venv/bin/python bench/ingest.py --articles 500 --cli  # also time the `crosstalk ingest` command

Fair and repeatable on a shared machine: each run happens in a fresh process (RocksDB and
the allocator keep memory after a store closes); the project's packages are copied once at
the start, so code others edit meanwhile does not change the runs halfway; CPU seconds and
the load average are printed beside wall time. Memory stays flat on our side: pages are
written and read one at a time, results are counted rather than kept, the export streams to
a file, and each store is deleted once measured (--keep keeps them).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import importlib.util
import multiprocessing
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import ModuleType
from typing import Any

import psutil
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
# `python bench/ingest.py` puts bench/ first on sys.path, where this file would shadow the
# `ingest` package; the project is imported from the repository root instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
console = Console(highlight=False, width=max(150, shutil.get_terminal_size((150, 40)).columns))


def _load_sibling(name: str) -> ModuleType:
    """bench/ is not a package; load a sibling module by path so the script runs from anywhere."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_sibling("corpus")


# --- measuring ---------------------------------------------------------------------------------


class Phases:
    """Named perf_counter accumulators; `wrap` times every call of a function under a name."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()

    @contextlib.contextmanager
    def time(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start
            self.calls[name] += 1

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
                self.calls[name] += 1
        timed.__wrapped__ = fn  # type: ignore[attr-defined]
        return timed


def _mib(n: float) -> float:
    return n / 2**20


class MemorySampler:
    """RSS of a process and its children every 250 ms, in a thread: the peak of each run on its own
    (ru_maxrss is a high-water mark of the whole process life) and workers included."""

    def __init__(self, pid: int | None = None, interval: float = 0.25) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak_main = self.peak_total = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> tuple[float, float]:
        """(this process, its children) in MiB."""
        try:  # the process or a child may exit while it is sampled
            main = self.process.memory_info().rss
            children = 0
            for child in self.process.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    children += child.memory_info().rss
        except psutil.Error:
            return 0.0, 0.0
        main_mib, children_mib = _mib(main), _mib(children)
        self.peak_main = max(self.peak_main, main_mib)
        self.peak_total = max(self.peak_total, main_mib + children_mib)
        return main_mib, children_mib

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def children_cpu() -> float:
    """CPU seconds of reaped child processes (the pool's workers, once shut down)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def total_cpu() -> float:
    """CPU seconds of this process (all threads, RocksDB's included) and its reaped children.
    Less sensitive than wall time to other work on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + children_cpu()


@dataclass
class ChildRun:
    seconds: float
    returncode: int
    peak_rss_mib: float
    stderr_tail: str
    cpu: float = 0.0


def run_child(cmd: Sequence[str], env: dict[str, str] | None = None) -> ChildRun:
    """Run a command, timing it and sampling the RSS of it and its children (workers)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=err, env=env)
        sampler = MemorySampler(proc.pid)
        with sampler:
            _, status, usage = os.wait4(proc.pid, 0)  # its own rusage, its reaped children included
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        tail = err.read()[-3000:].decode("utf-8", "replace")
    return ChildRun(seconds, proc.returncode, sampler.peak_total, tail, usage.ru_utime + usage.ru_stime)


def child_env() -> dict[str, str]:
    """Our sys.path for a child command: the code snapshot, then the repository root (the
    editable install may predate a package)."""
    env = dict(os.environ)
    paths = [p for p in sys.path if p and Path(p).is_dir() and not p.startswith(sys.base_prefix)]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def snapshot_code(work: Path) -> str:
    """Copy the project's packages into the work folder and import them from there, so that
    every run of one benchmark measures the same code while others keep editing the tree."""
    target = work / "code"
    if target.exists():
        shutil.rmtree(target)
    for package in ("crosstalk", "ingest", "ontology"):
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(target, quiet=1)  # else the first run would pay for compiling it
    sys.path.insert(0, str(target))
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "crosstalk", "ingest", "ontology"],
                           capture_output=True, text=True).stdout.strip()
    return f"{head or 'no commit'}{' + uncommitted changes' if dirty else ''}, copied to {target}"


# --- one run per process ----------------------------------------------------------------------
#
# Each ingest runs in a fresh process: RocksDB and the allocator keep memory after a store is
# closed, so a second run in the same process would start with the first one's RSS.


def isolated(function: str, **kwargs: Any) -> IngestRun:
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_isolated_entry, args=(send, function, kwargs))
    proc.start()
    send.close()
    try:
        kind, payload = receive.recv()
    except EOFError:
        proc.join()
        raise SystemExit(f"{function} died (exit code {proc.exitcode})") from None
    proc.join()
    if kind == "error":
        raise SystemExit(f"{function} failed:\n{payload}")
    return _from_plain(payload)


def _isolated_entry(send: Any, function: str, kwargs: dict[str, Any]) -> None:
    try:
        run = globals()[function](**kwargs)
        send.send(("ok", _to_plain(run)))
    except BaseException:  # noqa: BLE001 - reported by the parent
        send.send(("error", traceback.format_exc()))


def _to_plain(run: IngestRun) -> dict[str, Any]:
    """Builtins only: the child's classes live in __mp_main__, which the parent cannot import."""
    plain = {f.name: getattr(run, f.name) for f in fields(run)}
    plain["statuses"] = dict(run.statuses)
    plain["phases"] = (dict(run.phases.seconds), dict(run.phases.calls)) if run.phases else None
    return plain


def _from_plain(plain: dict[str, Any]) -> IngestRun:
    phases = None
    if plain["phases"] is not None:
        phases = Phases()
        phases.seconds.update(plain["phases"][0])
        phases.calls.update(plain["phases"][1])
    return IngestRun(**{**plain, "statuses": Counter(plain["statuses"]), "phases": phases})


# --- the corpus ---------------------------------------------------------------------------------


def prepare_corpus(folder: Path, articles: int, seed: int, refgold: Path | None) -> tuple[float, int]:
    """Generate the pages (or reuse them if this folder already holds this seed's corpus)."""
    stamp = folder / ".bench-corpus"  # hidden: `crosstalk ingest` skips it
    wanted = f"seed={seed} articles={articles} refgold={refgold}\n"
    if stamp.exists() and stamp.read_text() == wanted:
        return 0.0, sum(p.stat().st_size for p in folder.glob("*.txt"))
    if folder.exists() and any(folder.iterdir()):
        if not stamp.exists():
            raise SystemExit(f"{folder} holds files that this script did not write; choose an empty folder")
        shutil.rmtree(folder)
    raws = corpus.load_raw_references(refgold)
    if refgold is not None and not raws:
        console.print(f"[yellow]no reference strings at {refgold}; using synthetic references only[/yellow]")
    start = time.perf_counter()
    size = 0
    for path in corpus.write_corpus(folder, articles, seed, raws):
        size += path.stat().st_size
    stamp.write_text(wanted)
    return time.perf_counter() - start, size


# --- ingest runs ----------------------------------------------------------------------------------


@dataclass
class IngestRun:
    label: str
    seconds: float
    documents: int
    store_quads: int
    peak_rss_mib: float
    statuses: Counter[str] = field(default_factory=Counter)
    quads_written: int = 0
    warnings: int = 0
    memory: list[tuple[int, float, float]] = field(default_factory=list)  # (done, main MiB, workers MiB)
    errors: list[str] = field(default_factory=list)
    phases: Phases | None = None
    worker_cpu: float = 0.0
    cpu: float = 0.0  # CPU seconds of the writer and its workers
    load_average: float = 0.0  # 1-minute load average at the end (this machine is shared)


class TimedStore:
    """The store as the loader sees it, with its lookups and writes timed apart."""

    def __init__(self, inner: Any, phases: Phases) -> None:
        self._inner = inner
        self._phases = phases

    def query(self, *args: Any, **kwargs: Any) -> Any:
        with self._phases.time("store lookups"):
            return self._inner.query(*args, **kwargs)

    def replace_graphs(self, graphs: Any) -> None:
        with self._phases.time("store write"):
            self._inner.replace_graphs(graphs)

    def add_graphs(self, nquads: bytes) -> None:
        with self._phases.time("store bulk write"):
            self._inner.add_graphs(nquads)

    def flush(self) -> None:
        with self._phases.time("store flush"):
            self._inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __len__(self) -> int:
        return len(self._inner)


@contextlib.contextmanager
def patched(patches: Sequence[tuple[ModuleType | type, str, Any]]) -> Iterator[None]:
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, value in patches:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)


def _fresh(path: Path) -> Path:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    snapshots = path.parent / f"{path.name}.snapshots"
    if snapshots.exists():
        shutil.rmtree(snapshots)
    return path


def _consume(results: Iterator[Any], total: int, run: IngestRun, sampler: MemorySampler) -> None:
    """Count results without keeping them; sample memory at 10%, 50% and 100% of the corpus."""
    marks = {max(1, round(total * f)) for f in (0.1, 0.5, 1.0)}
    for done, result in enumerate(results, start=1):
        run.statuses[result.status] += 1
        run.quads_written += result.triples
        run.warnings += len(result.warnings)
        if result.error and len(run.errors) < 5:
            run.errors.append(result.error)
        if done in marks:
            main, workers = sampler.sample()
            run.memory.append((done, main, workers))


def ingest_as_cli(folder: Path, store_dir: Path, *, validate: bool, workers: int) -> IngestRun:
    """What `crosstalk ingest DIR --store STORE` does (minus the progress bar), timed from the
    writer's side: file read and sha256 lookup, waiting for workers, bulk writes, replacements."""
    import ingest.loader as loader
    from crosstalk.config import Settings
    from crosstalk.iri import Minter
    from crosstalk.store import OxigraphStore

    settings = Settings.from_env(store=_fresh(store_dir))
    files = loader.expand([folder])
    if workers == 0:  # the CLI's auto rule
        workers = 1 if len(files) < 20 else max(1, os.cpu_count() or 1)
    phases = Phases()
    store = OxigraphStore(settings.store)
    timed = TimedStore(store, phases)
    minter = Minter(settings.base)
    run = IngestRun(f"library, as the CLI ({workers} workers)", 0.0, len(files), 0, 0.0, phases=phases)
    cpu_before = children_cpu()
    cpu_start = total_cpu()
    with MemorySampler() as sampler:
        start = time.perf_counter()
        with phases.time("load ontology"):
            loader.load_ontology(store, minter)
        timers = {"read_new": "submit", "_done": "waiting for workers"}  # module globals the loader calls
        with patched([(loader, attr, phases.wrap(label, getattr(loader, attr)))
                      for attr, label in timers.items() if hasattr(loader, attr)]):
            results = loader.ingest_paths(files, timed, minter, validate=validate, workers=workers)
            _consume(results, len(files), run, sampler)
        if run.statuses["added"] or run.statuses["replaced"]:
            with phases.time("publish"):
                store.publish()
        run.seconds = time.perf_counter() - start
    run.worker_cpu = children_cpu() - cpu_before
    run.peak_rss_mib = sampler.peak_total
    run.load_average = os.getloadavg()[0]
    run.cpu = total_cpu() - cpu_start
    run.store_quads = len(store)
    return run


def ingest_serial(folder: Path, store_dir: Path, *, validate: bool, limit: int) -> IngestRun:
    """One process, every phase timed where the loader calls it (workers=1 path of ingest_paths)."""
    import ingest.formats  # noqa: F401  (imports the readers, which bind parse_reference)
    import ingest.loader as loader
    import ingest.refparse
    from crosstalk.config import Settings
    from crosstalk.iri import Minter
    from crosstalk.store import OxigraphStore
    from ingest.mapper import MappedDocument

    settings = Settings.from_env(store=_fresh(store_dir))
    files = loader.expand([folder])[:limit]
    phases = Phases()
    store = OxigraphStore(settings.store)
    timed = TimedStore(store, phases)
    minter = Minter(settings.base)
    original = ingest.refparse.parse_reference
    patches: list[tuple[ModuleType | type, str, Any]] = [
        (module, "parse_reference", phases.wrap("reference parsing", original))
        for module in list(sys.modules.values())
        if isinstance(module, ModuleType) and module.__name__.split(".")[0] == "ingest"
        and getattr(module, "parse_reference", None) is original]
    validator_cls = loader.Validator

    def timed_validator() -> Callable[..., Any]:
        return phases.wrap("validation", validator_cls())

    patches += [(loader, "read_document", phases.wrap("read + parse page", loader.read_document)),
                (loader, "map_document", phases.wrap("mapping", loader.map_document)),
                (loader, "Validator", timed_validator),
                (MappedDocument, "nquads", phases.wrap("serialise", MappedDocument.nquads))]
    for factory, label in (("default_concepts", "concept linking"), ("default_claims", "claim extraction")):
        if hasattr(loader, factory):  # the finders the loader hands the mapper, timed inside mapping
            timed_finder = phases.wrap(label, getattr(loader, factory)())
            patches.append((loader, factory, lambda f=timed_finder: f))
    run = IngestRun("one process, phases timed", 0.0, len(files), 0, 0.0, phases=phases)
    cpu_start = total_cpu()
    with MemorySampler() as sampler, patched(patches):
        start = time.perf_counter()
        with phases.time("load ontology"):
            loader.load_ontology(store, minter)
        results = loader.ingest_paths(files, timed, minter, validate=validate, workers=1)
        _consume(results, len(files), run, sampler)
        with phases.time("publish"):
            store.publish()
        run.seconds = time.perf_counter() - start
    run.peak_rss_mib = sampler.peak_total
    run.load_average = os.getloadavg()[0]
    run.cpu = total_cpu() - cpu_start
    run.store_quads = len(store)
    return run


def ingest_cli(folder: Path, store_dir: Path, *, validate: bool) -> tuple[IngestRun, ChildRun]:
    """The actual command, as a user runs it."""
    cmd = [str(BIN / "crosstalk"), "ingest", str(folder), "--store", str(_fresh(store_dir))]
    if not validate:
        cmd.append("--no-validate")
    console.print(f"[dim]$ {shlex.join(cmd)}[/dim]")
    child = run_child(cmd, env=child_env())
    from crosstalk.store import OxigraphStore
    quads = len(OxigraphStore(store_dir)) if store_dir.exists() else 0
    documents = sum(1 for _ in folder.glob("*.txt"))
    return IngestRun("`crosstalk ingest` command", child.seconds, documents, quads, child.peak_rss_mib,
                     cpu=child.cpu), child


# --- export and oxigraph load ------------------------------------------------------------------------


def export_nquads(store_dir: Path, dump: Path) -> tuple[float, int]:
    """As `crosstalk export` does: Store.dump of every graph to N-Quads, streamed to a file."""
    from pyoxigraph import RdfFormat

    from crosstalk.store import OxigraphStore
    store = OxigraphStore(store_dir)
    start = time.perf_counter()
    store.dump(_fresh(dump), RdfFormat.N_QUADS)
    return time.perf_counter() - start, len(store)


def oxigraph_load(dump: Path, location: Path) -> ChildRun:
    cmd = [str(BIN / "oxigraph"), "load", "--location", str(_fresh(location)), "--file", str(dump)]
    console.print(f"[dim]$ {shlex.join(cmd)}[/dim]")
    run = run_child(cmd)
    if run.returncode != 0:
        raise SystemExit(f"oxigraph load failed ({run.returncode}):\n{run.stderr_tail}")
    return run


# --- report ----------------------------------------------------------------------------------------


def _n(x: float) -> str:
    return f"{x:,.0f}"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for n, col in enumerate(columns):
        table.add_column(col, justify="left" if n == 0 else "right")
    return table


def exclusive(phases: Phases) -> list[tuple[str, str, float]]:
    """(label, timer, seconds) of the serial run, nested timers made exclusive: the page excludes
    its references, mapping excludes concept linking and claim extraction."""
    s = phases.seconds
    return [
        ("read + parse page (reader, excl. references)", "read + parse page",
         s["read + parse page"] - s["reference parsing"]),
        ("reference parsing", "reference parsing", s["reference parsing"]),
        ("concept linking", "concept linking", s["concept linking"]),
        ("claim extraction", "claim extraction", s["claim extraction"]),
        ("mapping (excl. concepts and claims)", "mapping",
         s["mapping"] - s["concept linking"] - s["claim extraction"]),
        ("validation (compiled SHACL)", "validation", s["validation"]),
        ("store lookups (sha256 ASK, graph exists ASK)", "store lookups", s["store lookups"]),
        ("N-Quads serialisation", "serialise", s["serialise"]),
        ("store bulk write (add_graphs: batches of new documents)", "store bulk write", s["store bulk write"]),
        ("store write (replace_graphs: one transaction)", "store write", s["store write"]),
        ("store flush (after every 64 replaced documents)", "store flush", s["store flush"]),
        ("load ontology", "load ontology", s["load ontology"]),
        ("publish snapshot", "publish", s["publish"]),
    ]


def report(corpus_bytes: int, gen_seconds: float, runs: list[IngestRun], export_seconds: float,
           dump_bytes: int, load: ChildRun, load_quads: int, load_average: float) -> None:
    head = runs[0]
    load_tps = load_quads / load.seconds
    table = _table(f"ingest vs oxigraph load: {head.documents:,} articles ({corpus_bytes / 2**20:,.1f} MiB of "
                   f"pages, generated in {gen_seconds:.1f} s)",
                   "run", "articles", "seconds", "articles/s", "triples", "triples/s", "ratio to load",
                   "CPU s", "triples/CPU s", "CPU ratio", "peak RSS MiB", "load avg")
    load_cpu_tps = load_quads / load.cpu if load.cpu else 0.0
    for run in runs:
        tps = run.store_quads / run.seconds
        cpu_tps = run.store_quads / run.cpu if run.cpu else 0.0
        table.add_row(run.label, _n(run.documents), f"{run.seconds:.1f}", f"{run.documents / run.seconds:,.1f}",
                      _n(run.store_quads), _n(tps), f"{tps / load_tps:.2f}", f"{run.cpu:.0f}", _n(cpu_tps),
                      f"{cpu_tps / load_cpu_tps:.2f}" if load_cpu_tps else "", _n(run.peak_rss_mib),
                      f"{run.load_average:.1f}")
    table.add_row("export N-Quads (Store.dump)", "", f"{export_seconds:.1f}", "", _n(load_quads),
                  _n(load_quads / export_seconds), "", "", "", "", f"({dump_bytes / 2**20:,.0f} MiB file)", "")
    table.add_row("oxigraph load --location NEW --file dump.nq", "", f"{load.seconds:.1f}", "", _n(load_quads),
                  _n(load_tps), "1.00", f"{load.cpu:.0f}", _n(load_cpu_tps), "1.00", _n(load.peak_rss_mib),
                  f"{load_average:.1f}")
    console.print(table)
    ratio = (head.store_quads / head.seconds) / load_tps
    verdict = "[green]meets[/green]" if ratio >= 0.5 else "[red]is below[/red]"
    console.print(f"ratio ingest/load = [bold]{ratio:.2f}[/bold] ({verdict} the target 0.5). Triples are the "
                  f"distinct quads in the store, i.e. in the dump; the loader reported {_n(head.quads_written)} "
                  "written (duplicates within a document counted). Peak RSS and CPU include worker processes; "
                  "CPU ratio compares triples per CPU second, which other work on a shared machine disturbs less.")
    console.print("statuses: " + ", ".join(f"{k} {v:,}" for k, v in sorted(head.statuses.items()))
                  + f"; warnings {head.warnings:,}")
    for error in head.errors:
        console.print(f"[red]error:[/red] {error}", markup=True)

    p = head.phases
    assert p is not None
    writer = _table(f"the writer's time in the library run ({head.seconds:.1f} s wall; workers used "
                    f"{head.worker_cpu:.1f} CPU s)", "phase", "seconds", "share", "ms/article")
    rows: list[tuple[str, float]] = [
            ("load ontology", p.seconds["load ontology"]),
            ("file read, sha256, ASK already ingested", p.seconds["submit"]),
            ("waiting for workers", p.seconds["waiting for workers"]),
            ("bulk writes of new documents (add_graphs)", p.seconds["store bulk write"]),
            ("replaced documents (replace_graphs, a transaction each)", p.seconds["store write"]),
            ("store flush (after every 64 replaced documents)", p.seconds["store flush"]),
            ("publish snapshot", p.seconds["publish"])]
    rows.append(("other (ASK graph exists, batching, results)", head.seconds - sum(sec for _, sec in rows)))
    for name, seconds in rows:
        writer.add_row(name, f"{seconds:.2f}", f"{100 * seconds / head.seconds:.1f}%",
                       f"{1000 * seconds / head.documents:.2f}")
    console.print(writer)

    serial = next((r for r in runs if r.label.startswith("one process")), None)
    if serial is not None and serial.phases is not None:
        phases = _table(f"where the time goes: one process, every phase timed ({serial.documents:,} articles, "
                        f"{serial.seconds:.1f} s)", "phase", "seconds", "share", "ms/article", "calls")
        covered = 0.0
        for name, key, seconds in exclusive(serial.phases):
            covered += seconds
            phases.add_row(name, f"{seconds:.2f}", f"{100 * seconds / serial.seconds:.1f}%",
                           f"{1000 * seconds / serial.documents:.2f}", _n(serial.phases.calls[key]))
        other = serial.seconds - covered
        phases.add_row("other (file read, sha256, loop)", f"{other:.2f}", f"{100 * other / serial.seconds:.1f}%",
                       f"{1000 * other / serial.documents:.2f}", "")
        phases.add_row("total", f"{serial.seconds:.2f}", "100%", f"{1000 * serial.seconds / serial.documents:.2f}", "")
        console.print(phases)

    memory = _table("memory as the corpus grows: RSS MiB of the writer + all workers, sampled", "run",
                    "10%", "50%", "100%", "peak")
    for run in runs:
        if run.memory:
            cells = [f"{main:,.0f} + {workers:,.0f}" for _, main, workers in run.memory]
            memory.add_row(run.label, *cells, _n(run.peak_rss_mib))
    console.print(memory)



# --- main ------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=10_000, help="pages to generate and ingest (default 10000)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    p.add_argument("--corpus", type=Path, help="folder for the pages (default: temporary); reused when it "
                                               "already holds this seed's corpus")
    p.add_argument("--workdir", type=Path, help="folder for the stores and the dump (default: temporary, removed)")
    p.add_argument("--refgold", type=Path, default=corpus.DEFAULT_REFGOLD,
                   help="reference strings to mix in, read in place (default ../shared/refgold/dev.jsonl)")
    p.add_argument("--workers", type=int, default=0, help="worker processes (default 0: the CLI's rule, one per core)")
    p.add_argument("--phases", type=int, default=2000, metavar="N",
                   help="articles for the one-process run with every phase timed (default 2000; 0 skips it)")
    p.add_argument("--no-validate", dest="validate", action="store_false", help="skip the shapes check")
    p.add_argument("--keep", action="store_true", help="keep the stores and the dump (default: delete each "
                                                       "once measured; 10,000 articles need tens of GB)")
    p.add_argument("--cli", action="store_true", help="also time the `crosstalk ingest` command itself")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    console.print(f"$ {shlex.join([sys.executable, *(sys.argv if argv is None else ['bench/ingest.py', *argv])])}")
    console.print(f"[dim]{os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
                  f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f} before the run[/dim]")
    with contextlib.ExitStack() as stack:
        work = args.workdir or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="crosstalk-bench-")))
        work.mkdir(parents=True, exist_ok=True)
        folder = args.corpus or work / "pages"
        gen_seconds, corpus_bytes = prepare_corpus(folder, args.articles, args.seed, args.refgold)
        console.print(f"corpus: {args.articles:,} pages in {folder} ({corpus_bytes / 2**20:,.1f} MiB, "
                      f"{gen_seconds:.1f} s)")

        console.print(f"code: {snapshot_code(work)}")

        def done(run: IngestRun, store: Path | None = None) -> IngestRun:
            if store is not None and not args.keep:
                _fresh(store)
            same = "" if run.store_quads == head.store_quads or run.documents != head.documents else \
                f", [red]{run.store_quads - head.store_quads:+,} quads vs the library run[/red]"
            console.print(f"{run.label}: {run.seconds:.1f} s, {run.store_quads:,} quads{same}, "
                          f"load average {run.load_average:.1f}")
            return run

        head = isolated("ingest_as_cli", folder=folder, store_dir=work / "store-lib", validate=args.validate,
                        workers=args.workers)
        runs = [done(head)]
        if args.phases:
            runs.append(done(isolated("ingest_serial", folder=folder, store_dir=work / "store-serial",
                                      validate=args.validate, limit=args.phases), work / "store-serial"))
        if args.cli:
            cli, child = ingest_cli(folder, work / "store-cli", validate=args.validate)
            cli.load_average = os.getloadavg()[0]
            if child.returncode != 0:
                console.print(f"[red]crosstalk ingest exited {child.returncode}[/red]")
                console.print(child.stderr_tail, markup=False)
            runs.append(done(cli, work / "store-cli"))

        dump = work / "dump.nq"
        export_seconds, quads = export_nquads(work / "store-lib", dump)
        if not args.keep:
            _fresh(work / "store-lib")
        load = oxigraph_load(dump, work / "store-oxigraph")
        dump_bytes = dump.stat().st_size
        if not args.keep:
            _fresh(dump)
            _fresh(work / "store-oxigraph")
        report(corpus_bytes, gen_seconds, runs, export_seconds, dump_bytes, load, quads, os.getloadavg()[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
