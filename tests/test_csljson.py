"""The CSL-JSON reader, on the samples in tests/data/csljson/ and tests/data/overlap/."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import csljson, springer
from ingest.csljson import date_from_parts, split_keywords, split_pages
from ingest.identity import work_key
from ingest.records import Identifier, Location, PersonName, ReadError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "csljson"
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"


def read(path: Path):
    return csljson.read(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def items():
    return read(DATA / "a_items.json")


def test_sniff_takes_csl_arrays_and_items_but_not_crossref_works():
    for name in ("a_items.json", "b_single_item.json", "c_malformed.json", "d_bad_shape.json", "e_no_title.json"):
        assert csljson.sniff((DATA / name).read_text(encoding="utf-8")), name
    crossref_dir = ROOT / "tests" / "data" / "crossref"
    assert not any(csljson.sniff(p.read_text(encoding="utf-8")) for p in crossref_dir.glob("*.json"))
    assert not csljson.sniff("[]") and not csljson.sniff('[{"name": "not CSL"}]')


def test_journal_article_with_particles_suffix_literal_and_identifiers(items):
    article = items[0][0]
    work = article.work
    assert work.title == "Adipose-derived MSCs spare CD56bright NK cells but suppress CD56dim cytotoxicity"
    assert work.authors == (
        PersonName("van den Broek", "Maarten"), PersonName("von Beethoven", "Ludwig"), PersonName("Çelik", "Zeynep"),
        PersonName("Smith", "Robert"), PersonName("Dutch MSC Immunotherapy Group"))
    assert (work.container, work.volume, work.issue, work.first_page, work.last_page) == (
        "Journal of Example Immunology", "201", "4", "1102", "1115")  # a number volume, an en-dash range
    assert (work.year, work.date, work.type) == (2018, "2018-08-15", "journal-article")
    assert work.identifiers == (Identifier("doi", "10.5555/jei.2018.201.1102"), Identifier("pmid", "29998877"))
    assert article.abstract == ("Adipose-derived mesenchymal stromal cells (ASCs) inhibit NK-cell degranulation. "
                                "CD56bright cells were spared.")
    assert article.keywords == ("NK cells", "adipose-derived stem cells", "CD56", "immunosuppression")
    assert article.language == "en-GB"
    assert [a.name for a in article.authors] == list(work.authors)


def test_chapter_thesis_and_web_page(items):
    chapter, thesis, page = (a.work for a in items[0][1:])
    assert (chapter.type, chapter.container, chapter.publisher, chapter.year, chapter.first_page) == (
        "chapter", "Natural Killer Cells: Methods and Protocols", "Example Humana", 2010, None)
    assert chapter.editors == (PersonName("Campbell", "Kerry S."), PersonName("Colonna", "Marco"))
    assert chapter.identifiers == (Identifier("isbn", "978-0-00-000002-6"),)
    assert (thesis.type, thesis.publisher, thesis.year, thesis.date) == ("thesis", "University of Edinburgh", 2015,
                                                                          "2015-11")  # from "raw"
    assert (page.type, page.year, page.authors) == (
        "web-page", 2021, (PersonName("International Society for Cell & Gene Therapy"),))  # year from "literal"
    assert page.identifiers == (Identifier("url", "https://example.org/isct/msc-criteria"),)


def test_item_without_title_is_skipped_with_a_warning_at_its_line(items):
    path = str(DATA / "a_items.json")
    assert [(w.location, w.message) for w in items[1]] == [
        (Location(path, 55, 3), "[4] (untitled-note): no title; skipped")]


def test_single_object_with_semicolon_keywords_article_number_and_pmcid():
    (article,), warnings = read(DATA / "b_single_item.json")
    assert warnings == []
    assert article.keywords == ("Interleukin-2, human", "Prostaglandin E2", "Killer Cells, Natural")
    assert (article.work.first_page, article.work.last_page, article.work.date) == ("e2023", None, "2023-02")
    assert article.work.authors == (PersonName("Ørsted", "Søren"), PersonName("Ngata", "Aroha"))
    assert article.work.identifiers == (Identifier("pmcid", "PMC0000001"),)


@pytest.mark.parametrize(("name", "where", "message"), [
    ("c_malformed.json", (5, 31), "malformed JSON: Invalid control character at"),
    ("d_bad_shape.json", (5, 58), "[1].author[1]: expected an object, found a string"),
    ("e_no_title.json", (1, 1), 'the only CSL item has no "title"'),
])
def test_broken_files_name_the_line_column_and_json_path(name, where, message):
    path = DATA / name
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.location == Location(str(path), *where)
    assert caught.value.message == message


@pytest.mark.parametrize(("pages", "expected"), [
    ("1484-1490", ("1484", "1490")), ("1484--1490", ("1484", "1490")), ("1484–90", ("1484", "1490")),
    ("e1886", ("e1886", None)), ("S12-S19", ("S12", "S19")), ("74", ("74", None)), ("", (None, None)),
])
def test_split_pages(pages, expected):
    assert split_pages(pages) == expected


@pytest.mark.parametrize(("parts", "expected"), [
    ([2006, 2, 15], (2006, "2006-02-15")), (["2006", "2"], (2006, "2006-02")), ([2006], (2006, None)),
    ([None], (None, None)), ([2006, 13], (2006, None)),
])
def test_date_from_parts(parts, expected):
    assert date_from_parts(parts) == expected


def test_split_keywords():
    assert split_keywords("a, b, a") == ("a", "b")
    assert split_keywords("Killer Cells, Natural; MSC") == ("Killer Cells, Natural", "MSC")


def test_overlap_sample_holds_the_seeds_references_19_and_20():
    articles, _ = read(ROOT / "tests" / "data" / "overlap" / "csl.json")
    seed = springer.read(SEED.read_text(encoding="utf-8"), str(SEED))[0][0]
    by_key = {work_key(r.work): r.number for r in seed.references}
    assert [by_key.get(work_key(a.work)) for a in articles] == [19, 20]
