"""One behaviour suite over every reader (STYLE.md point 6): same record shape, same errors.

To cover a new reader, add (module, sample file) pairs to SAMPLES: each sample must read
without error. Every check below then runs over it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import ModuleType

import pytest

from crosstalk.iri import Minter
from ingest import bibtex, crossref, csljson, jats, pubmed, ris, springer
from ingest.mapper import map_document
from ingest.records import Article, Document, ReadError, Warning_
from ingest.validate import validate_quads

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"

SAMPLES: list[tuple[ModuleType, Path]] = [
    (springer, SEED),
    (springer, DATA / "springer" / "a_one_author_vancouver.txt"),
    (springer, DATA / "springer" / "b_three_authors_keywords.txt"),
    (jats, DATA / "jats" / "a_pmc_research_article.xml"),
    (jats, DATA / "jats" / "b_publisher_review.xml"),
    (jats, DATA / "overlap" / "spaggiari2006.jats.xml"),
    (pubmed, DATA / "pubmed" / "a_efetch_two_articles.xml"),
    (pubmed, DATA / "overlap" / "sotiropoulou2006_and_citing.pubmed.xml"),
    (crossref, DATA / "crossref" / "a_work.json"),
    (crossref, DATA / "crossref" / "b_work_list.json"),
    (crossref, DATA / "crossref" / "c_bare_work.json"),
    (crossref, DATA / "overlap" / "crossref-work.json"),
    (csljson, DATA / "csljson" / "a_items.json"),
    (csljson, DATA / "csljson" / "b_single_item.json"),
    (csljson, DATA / "overlap" / "csl.json"),
    (bibtex, DATA / "bibtex" / "a_library.bib"),
    (bibtex, DATA / "overlap" / "refs.bib"),
    (ris, DATA / "ris" / "a_records.ris"),
    (ris, DATA / "overlap" / "refs.ris"),
]
READERS = list({module.__name__: module for module, _ in SAMPLES}.values())
GARBAGE = ("", "   \n\n", "garbage \x01 that is no document at all\n", "<<<>>>\n")
MINT = Minter("http://example.org/")


def ids(pairs: list[tuple[ModuleType, Path]]) -> list[str]:
    return [f"{m.NAME}:{p.name}" for m, p in pairs]


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_reader_names_are_unique():
    assert len({m.NAME for m in READERS}) == len(READERS)


@pytest.mark.parametrize(("reader", "sample"), SAMPLES, ids=ids(SAMPLES))
def test_sniff_recognises_its_own_samples(reader, sample):
    assert reader.sniff(text(sample)) is True


@pytest.mark.parametrize(("reader", "sample"), SAMPLES, ids=ids(SAMPLES))
def test_sniff_rejects_every_other_readers_samples(reader, sample):
    content = text(sample)
    claimed = [other.NAME for other in READERS if other is not reader and other.sniff(content)]
    assert claimed == []


@pytest.mark.parametrize(("reader", "sample"), SAMPLES, ids=ids(SAMPLES))
def test_read_returns_articles_with_a_title(reader, sample):
    articles, warnings = reader.read(text(sample), str(sample))
    assert articles and all(isinstance(a, Article) and a.work.title for a in articles)
    assert all(isinstance(w, Warning_) and w.location.path == str(sample) for w in warnings)


@pytest.mark.parametrize(("reader", "sample"), SAMPLES, ids=ids(SAMPLES))
def test_read_is_deterministic(reader, sample):
    content = text(sample)
    assert reader.read(content, str(sample)) == reader.read(content, str(sample))


@pytest.mark.parametrize("reader", READERS, ids=[m.NAME for m in READERS])
@pytest.mark.parametrize("garbage", GARBAGE, ids=["empty", "blank", "prose", "brackets"])
def test_empty_text_and_garbage_raise_a_read_error_naming_the_file(reader, garbage):
    path = "in/some file.dat"
    with pytest.raises(ReadError) as caught:
        reader.read(garbage, path)
    assert str(caught.value).startswith(path)
    assert caught.value.location.path == path


@pytest.mark.parametrize(("reader", "sample"), SAMPLES, ids=ids(SAMPLES))
def test_records_map_to_a_graph_that_satisfies_the_shapes(reader, sample):
    data = sample.read_bytes()
    articles, warnings = reader.read(data.decode("utf-8"), str(sample))
    doc = Document(str(sample), reader.NAME, hashlib.sha256(data).hexdigest(), tuple(articles), tuple(warnings))
    mapped = map_document(doc, MINT, generated_at="2026-11-28T12:00:00Z")
    assert [str(v) for v in validate_quads(mapped.quads + mapped.provenance)] == []
