"""Ingest on a real Oxigraph store: whole documents or nothing, idempotent, crash-safe."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from crosstalk.iri import Minter
from crosstalk.store import OxigraphStore, StoreError
from ingest.loader import ONTOLOGY_GRAPH, Validator, default_concepts, ingest_file, read_document
from ingest.records import ReadError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"
MINT = Minter("http://example.org/")


def ingest(path: Path, store: OxigraphStore, **kw):
    return ingest_file(path, store, MINT, concepts=default_concepts(), validator=Validator(), **kw)


def all_quads(store: OxigraphStore) -> set:
    return set(store.raw.quads_for_pattern(None, None, None, None))


def test_seed_ingests_whole_with_its_provenance():
    store = OxigraphStore()
    result = ingest(SEED, store)
    assert result.status == "added", result.error
    assert result.triples == len(store) > 1000
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {result.graph, result.graph + "/prov"}


def test_ingesting_the_same_file_twice_changes_nothing():
    store = OxigraphStore()
    ingest(SEED, store)
    before = all_quads(store)
    again = ingest(SEED, store)
    assert again.status == "unchanged"
    assert all_quads(store) == before


def test_forced_reingest_gives_the_same_triples_apart_from_the_time(tmp_path):
    store = OxigraphStore()
    ingest(SEED, store)
    before = {q for q in all_quads(store) if not q.graph_name.value.endswith("/prov")}
    assert ingest(SEED, store, force=True).status == "replaced"
    assert {q for q in all_quads(store) if not q.graph_name.value.endswith("/prov")} == before


def test_an_edited_file_replaces_its_graph(tmp_path):
    store = OxigraphStore()
    ingest(SEED, store)
    edited = tmp_path / "seed.txt"
    text = SEED.read_text(encoding="utf-8")
    edited.write_text(text.replace("Thanks to V Alvarez", "Thanks to V. Alvarez"), encoding="utf-8")
    assert ingest(edited, store).status == "replaced"
    result = store.query("SELECT ?t WHERE { ?d c4o:hasContent ?t FILTER(CONTAINS(?t, 'Alvarez')) }")
    assert isinstance(result, QuerySolutions)
    assert [r["t"].value for r in result] == ["Thanks to V. Alvarez and V Crisostomo for critical review and "
                                               "helpful comments."]
    shas = store.query("SELECT ?sha WHERE { ?s ct:sha256 ?sha }")
    assert len(list(shas)) == 1  # the old provenance went with the old graph


@pytest.mark.parametrize("content, where, message", [
    (b"", ":1", "empty"),
    (b"   \n\n", ":1", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "binary"),
    (b"caf\xe9 au lait\n", ":1", "not UTF-8"),
    (b"Just some notes\nabout nothing in particular\n", ":1", "unrecognised format"),
])
def test_bad_files_name_the_file_and_the_place(tmp_path, content, where, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(ReadError) as exc:
        read_document(str(bad), content)
    assert str(exc.value).startswith(f"{bad}{where}")
    assert message in str(exc.value)


def test_a_page_without_a_title_is_refused_and_the_store_is_left_as_it_was(tmp_path):
    store = OxigraphStore()
    ingest(SEED, store)
    before = all_quads(store)
    lines = SEED.read_text(encoding="utf-8").splitlines()
    title_line = lines.index("NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity")
    untitled = tmp_path / "untitled.txt"
    untitled.write_text("\n".join(lines[:title_line] + lines[title_line + 1:]), encoding="utf-8")
    result = ingest(untitled, store)
    assert result.status == "failed"
    assert str(untitled) in result.error and "title" in result.error
    assert all_quads(store) == before


def test_truncated_reference_list_and_malformed_reference_are_warnings_with_places(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("  44. 44.")
    truncated = tmp_path / "truncated.txt"
    # Reference 43 loses its tail; 44 and 45 vanish; a garbled line replaces reference 7.
    garbled = text[:cut].replace(
        "Rasmusson, I., Uhlin, M., Le, B. K., & Levitsky, V. (2007). Mesenchymal stem cells fail to trigger "
        "effector functions of cytotoxic T lymphocytes. Journal of Leukocyte Biology, 82(4), 887–893.",
        "@@@@ ####")
    truncated.write_text(garbled[: garbled.rindex("Clinical and Experimental")] + text[text.index("\nCopyright"):],
                         encoding="utf-8")
    store = OxigraphStore()
    result = ingest(truncated, store)
    assert result.status == "added", result.error
    assert any(str(truncated) + ":" in w and "7" in w for w in result.warnings), result.warnings
    assert any("43" in w for w in result.warnings), result.warnings


def variants(folder: Path, count: int) -> list[Path]:
    """Distinct documents in the seed's layout (each its own work), for crash tests."""
    text = SEED.read_text(encoding="utf-8")
    title = "NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity"
    paths = []
    for i in range(count):
        path = folder / f"doc{i:04d}.txt"
        path.write_text(text.replace(title, f"{title} (variant {i})"), encoding="utf-8")
        paths.append(path)
    return paths


def documents_in(store_dir: Path) -> int:
    """Documents a reader sees in the store while another process writes it (0 until it can)."""
    try:
        store = OxigraphStore(store_dir, read_only=True)
        return sum(1 for g in store.named_graphs() if g.value.endswith("/prov")) - 1  # the ontology's
    except (StoreError, RuntimeError):  # not created yet, or files compacted away under the reader
        return 0


@pytest.mark.parametrize("documents_first", [1, 40])
def test_kill_9_during_ingest_leaves_only_whole_documents(tmp_path, documents_first):
    """Killed once some documents are written: wherever the writer is then (between batches,
    building a batch's files, ingesting them), the store opens and holds only whole documents."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    variants(corpus, 1000)
    store_dir = tmp_path / "store"
    env = {**os.environ, "CROSSTALK_STORE": str(store_dir), "CROSSTALK_BASE": MINT.base}
    proc = subprocess.Popen([sys.executable, "-m", "crosstalk", "ingest", str(corpus)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while documents_in(store_dir) < documents_first and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = OxigraphStore(store_dir)
    per_graph = store.query("""
        SELECT ?g (COUNT(?be) AS ?refs) WHERE { GRAPH ?g { ?a frbr:part ?be . ?be a biro:BibliographicReference } }
        GROUP BY ?g""")
    counts = {r["g"].value: int(r["refs"].value) for r in per_graph}
    assert 0 < len(counts) < 1000, "the kill should land mid-ingest"
    assert set(counts.values()) == {45}
    provenance = {g.value[: -len("/prov")] for g in store.named_graphs() if g.value.endswith("/prov")}
    assert provenance - {ONTOLOGY_GRAPH.value} == set(counts)


def test_a_pool_of_workers_writes_the_same_graphs_as_one_process(tmp_path):
    from ingest.loader import ingest_paths

    variants(tmp_path, 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    results = {}
    stores = {}
    for workers in (1, 2):
        store = OxigraphStore()
        results[workers] = [(Path(r.path).name, r.status, r.graph, r.triples)
                            for r in ingest_paths([tmp_path], store, MINT, workers=workers)]
        stores[workers] = {q for q in all_quads(store) if not q.graph_name.value.endswith("/prov")}
    assert results[1] == results[2]
    assert [r[1] for r in results[2]] == ["added"] * 4 + ["failed"]
    assert stores[1] == stores[2]
    again = list(ingest_paths([tmp_path], store, MINT, workers=2))
    assert [r.status for r in again] == ["unchanged"] * 4 + ["failed"]


def test_new_documents_are_written_in_batches_and_results_keep_file_order(tmp_path, monkeypatch):
    """Batches of new documents, an edited document replaced between them, a failure in the
    middle: every result comes back in file order and every graph is whole."""
    import ingest.loader
    from ingest.loader import ingest_paths

    monkeypatch.setattr(ingest.loader, "BATCH_DOCUMENTS", 3)
    paths = variants(tmp_path, 7)
    store = OxigraphStore()
    list(ingest_paths(paths[:1], store, MINT))
    paths[0].write_text(paths[0].read_text(encoding="utf-8").replace("Thanks to V Alvarez", "Thanks to V. Alvarez"),
                        encoding="utf-8")
    broken = tmp_path / "doc0003a.txt"
    broken.write_bytes(b"")
    results = list(ingest_paths(sorted(tmp_path.iterdir()), store, MINT))
    assert [(Path(r.path).name, r.status) for r in results] == [
        ("doc0000.txt", "replaced"), ("doc0001.txt", "added"), ("doc0002.txt", "added"), ("doc0003.txt", "added"),
        ("doc0003a.txt", "failed"), ("doc0004.txt", "added"), ("doc0005.txt", "added"), ("doc0006.txt", "added")]
    counts = store.query("""
        SELECT ?g (COUNT(?be) AS ?refs) WHERE { GRAPH ?g { ?a frbr:part ?be . ?be a biro:BibliographicReference } }
        GROUP BY ?g""")
    assert sorted(int(r["refs"].value) for r in counts) == [45] * 7
    shas = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ct:sha256 ?sha } }")
    assert int(next(iter(shas))["n"].value) == 7  # the edited document's old provenance is gone
