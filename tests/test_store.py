"""The store interface on a real Oxigraph store, in memory and on disk."""

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, RdfFormat

from crosstalk.store import OxigraphStore, StoreError, current_snapshot, quads_of

G = NamedNode("http://example.org/graph/1")
S = NamedNode("http://example.org/br/1")
TITLE = NamedNode("http://purl.org/dc/terms/title")


def quad(title: str, graph: NamedNode = G) -> Quad:
    return Quad(S, TITLE, Literal(title), graph)


def test_replace_graphs_replaces_exactly():
    store = OxigraphStore()
    store.replace_graphs({G: [quad("old"), quad("kept")]})
    store.replace_graphs({G: [quad("new \"quoted\"\nline"), quad("kept")]})
    assert sorted(q.object.value for q in quads_of(store, G)) == ["kept", "new \"quoted\"\nline"]


@pytest.mark.parametrize("existing", [False, True], ids=["new graphs", "replaced graphs"])
def test_a_failing_replace_writes_nothing(existing):
    store = OxigraphStore()
    other = NamedNode("http://example.org/graph/2")
    if existing:
        store.replace_graphs({G: [quad("a")], other: [quad("b", other)]})
    before = len(store)
    with pytest.raises((TypeError, AttributeError)):
        store.replace_graphs({G: [quad("new")], other: [quad("c", other), "not a quad"]})  # type: ignore[list-item]
    assert len(store) == before


def test_queries_see_the_union_of_named_graphs():
    store = OxigraphStore()
    store.replace_graphs({G: [quad("x")]})
    result = store.query("ASK { ?s dcterms:title 'x' }")
    assert isinstance(result, QueryBoolean) and bool(result)


def test_on_disk_store_persists_and_publishes_a_readable_snapshot(tmp_path):
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.replace_graphs({G: [quad("persisted")]})
    snapshot = store.publish()
    assert current_snapshot(path) == snapshot.resolve()
    store.replace_graphs({G: [quad("after publish")]})
    reader = OxigraphStore(snapshot, read_only=True)
    assert [q.object.value for q in quads_of(reader, G)] == ["persisted"]
    del store
    reopened = OxigraphStore(path)
    assert [q.object.value for q in quads_of(reopened, G)] == ["after publish"]


def test_publishing_keeps_only_a_few_snapshots(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    store.replace_graphs({G: [quad("x")]})
    for _ in range(5):
        store.publish()
    snapshots = [p for p in (tmp_path / "store.snapshots").iterdir() if not p.is_symlink()]
    assert len(snapshots) == 3


def test_a_second_writer_gets_a_clear_error(tmp_path):
    first = OxigraphStore(tmp_path / "store")
    with pytest.raises(StoreError, match="cannot open store"):
        OxigraphStore(tmp_path / "store")
    assert len(first) == 0


def test_dump_n_quads_round_trips():
    store = OxigraphStore()
    store.replace_graphs({G: [quad("x")]})
    import io

    buf = io.BytesIO()
    store.dump(buf, RdfFormat.N_QUADS)
    data = buf.getvalue()
    copy = OxigraphStore()
    copy.raw.load(data, RdfFormat.N_QUADS)
    assert len(copy) == 1


def nquads(graphs: int, per_graph: int) -> bytes:
    return "".join(
        f'<http://example.org/br/{g}-{i}> <http://purl.org/dc/terms/title> "t{i}" <http://example.org/graph/{g}> .\n'
        for g in range(graphs) for i in range(per_graph)).encode()


@pytest.mark.parametrize("on_disk", [False, True], ids=["in memory", "on disk"])
def test_add_graphs_adds_every_quad_of_new_graphs(tmp_path, on_disk):
    store = OxigraphStore(tmp_path / "store" if on_disk else None)
    store.add_graphs(nquads(3, 50))
    assert len(store) == 150
    assert {g.value for g in store.named_graphs()} == {f"http://example.org/graph/{g}" for g in range(3)}


def test_add_graphs_with_a_syntax_error_writes_nothing(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    with pytest.raises(SyntaxError):
        store.add_graphs(nquads(2, 1000) + b"<http://example.org/s> <http://example.org/p> oops .\n")
    assert len(store) == 0


KILLED_WRITER = """
import sys
from crosstalk.store import OxigraphStore
sys.path.insert(0, {tests!r})
from test_store import nquads
store = OxigraphStore({path!r})
payload = nquads(40, 10_000)
print("writing", flush=True)
store.add_graphs(payload)
print("written", flush=True)
"""


@pytest.mark.parametrize("delay", [0.2, 1.5, 2.6, 3.0])
def test_a_kill_9_during_add_graphs_leaves_all_or_nothing(tmp_path, delay):
    """400,000 quads in one call (~3 s here: parsing, then index files, then their ingestion):
    after a kill -9 at any of these moments the store holds all of them or none."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    path = tmp_path / "store"
    script = KILLED_WRITER.format(tests=str(Path(__file__).parent), path=str(path))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
    time.sleep(delay)
    proc.kill()
    proc.wait()
    assert len(OxigraphStore(path)) in (0, 400_000)
    assert not list(path.glob("bulk-*.sst")), "an unfinished bulk write's files are cleared on open"
