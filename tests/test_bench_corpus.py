"""The benchmark's generated pages are read by the Springer reader into what was generated.

bench/ingest.py measures speed on pages from bench/corpus.py; if the reader skimmed them
(no authors found, references lost), the figure would measure nothing. So a handful of
pages, including the awkward shapes (one author, an author with several affiliations,
particles and apostrophes in names, an affiliation without a unit), must come back as
the records they were generated from.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from crosstalk.iri import Minter
from ingest import springer
from ingest.loader import Validator, default_concepts, prepare

ROOT = Path(__file__).resolve().parents[1]
SEED_PAGE = ROOT / "corpus" / "000_efc0945d80765837.txt"


def _load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()


@cache
def raw_refs() -> tuple[str, ...]:
    """The dev-set strings when ../shared is there (as in the benchmark), else synthetic only."""
    return tuple(corpus.load_raw_references(corpus.DEFAULT_REFGOLD))


def _pick(seed: int, want, limit: int = 300) -> int:
    """The first article index of this seed with a given shape (robust to generator tweaks)."""
    for index in range(limit):
        if want(corpus.generate_article(seed, index, raw_refs())):
            return index
    raise AssertionError("the generator never produced this shape")


SHAPES = {
    "one author": lambda g: len(g.authors) == 1,
    "author with several affiliations": lambda g: any(len(a.labels) > 1 for a in g.authors),
    "twelve authors": lambda g: len(g.authors) == 12,
    "particle in a family name": lambda g: any(" " in a.person.family for a in g.authors),
    "apostrophe in a family name": lambda g: any(c in a.person.family for a in g.authors for c in "'\u2019"),
    "hyphenated names": lambda g: any("-" in a.person.family for a in g.authors)
    and any("-" in a.person.given for a in g.authors),
    "affiliation without a unit": lambda g: any(p.unit is None for p in g.affiliations),
    "two units in one affiliation": lambda g: any(p.unit and ", " in p.unit for p in g.affiliations),
    "two corresponding authors": lambda g: sum(a.corresponding for a in g.authors) == 2,
    "many references": lambda g: len(g.references) >= 60,
    "unit glued to an organisation without an English keyword":
        lambda g: any(p.unit and p.organisation == "Karolinska Institutet" for p in g.affiliations),
}
CASES = [(1, i) for i in range(4)] + [(7, i) for i in range(2)] + [(1, name) for name in SHAPES]


def _generated(seed: int, which: int | str):
    index = which if isinstance(which, int) else _pick(seed, SHAPES[which])
    return corpus.generate_article(seed, index, raw_refs())


@pytest.mark.parametrize(("seed", "which"), CASES, ids=[f"seed{s}-{w}" for s, w in CASES])
def test_generated_page_reads_back_as_generated(seed: int, which: int | str) -> None:
    g = _generated(seed, which)
    articles, _warnings = springer.read(g.text, g.name)
    assert len(articles) == 1
    article = articles[0]

    assert article.work.title == g.title
    assert [(a.name.given, a.name.family) for a in article.authors] == \
        [(a.person.given, a.person.family) for a in g.authors]
    assert [a.corresponding for a in article.authors] == [a.corresponding for a in g.authors]

    read_places = {a.label: (a.unit, a.organisation, a.city, a.country) for a in article.affiliations}
    assert read_places == {p.label: (p.unit, p.organisation, p.city, p.country) for p in g.affiliations}
    assert [tuple(a.affiliations) for a in article.authors] == [a.labels for a in g.authors]

    assert len(article.references) == len(g.references)
    assert [r.number for r in article.references] == list(range(1, len(g.references) + 1))
    assert tuple(article.keywords) == g.keywords


def test_generated_pages_keep_the_seed_layout() -> None:
    """The markers the reader keys on appear in the seed's order on every generated page."""
    seed_text = SEED_PAGE.read_text(encoding="utf-8")
    markers = [", Volume ", "Issue\u00a0", " | Cite as", "Email author\n", "\u00a0\n",
               "Disclosure of Potential Conflicts of Interest", "  1. 1.\n    ", "Google Scholar\n",
               "Copyright information", "©\u00a0", "Authors and Affiliations", "    Email author",
               "  1. 1.", "Personalised recommendations"]

    def order(text: str) -> list[int]:
        positions, start = [], 0
        for marker in markers:
            start = text.index(marker, start)
            positions.append(start)
        return positions

    order(seed_text)  # the markers are the seed's own
    for index in range(20):
        order(corpus.generate_article(3, index, raw_refs()).text)


def test_generation_is_deterministic_and_varied() -> None:
    first = [corpus.generate_article(5, i, raw_refs()) for i in range(30)]
    again = [corpus.generate_article(5, i, raw_refs()) for i in range(30)]
    assert [g.text for g in first] == [g.text for g in again]
    assert len({g.title for g in first}) == 30
    assert len({len(g.authors) for g in first}) >= 5
    assert min(len(g.references) for g in first) >= 10
    assert max(len(g.references) for g in first) <= 80


def test_generated_pages_pass_the_whole_pipeline() -> None:
    """Read, map, link concepts and validate, as the benchmark does: no page is refused."""
    minter, concepts, validator = Minter("http://example.org/"), default_concepts(), Validator()
    for index in range(3):
        g = corpus.generate_article(11, index, raw_refs())
        _doc, mapped = prepare(g.name, g.text.encode("utf-8"), minter, concepts=concepts, validator=validator)
        subjects = [q for q in mapped.quads if q.predicate.value == "http://purl.org/dc/terms/subject"]
        assert subjects, "the concept linker found nothing in a generated page"
