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
