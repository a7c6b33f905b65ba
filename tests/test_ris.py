"""The RIS reader, on the samples in tests/data/ris/ and tests/data/overlap/."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ris, springer
from ingest.identity import work_key
from ingest.records import Identifier, Location, PersonName, ReadError
from ingest.ris import ris_name

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ris"
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"


def read(path: Path):
    return ris.read(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def records():
    return read(DATA / "a_records.ris")


def test_sniff():
    for name in ("a_records.ris", "b_missing_er.ris", "c_no_title.ris"):
        assert ris.sniff((DATA / name).read_text(encoding="utf-8"))
    assert not ris.sniff("@article{k, title={TY  - JOUR}}\nTY  - JOUR\n")
    assert not ris.sniff("Typical prose.\nTY - JOUR\n")


def test_journal_record_with_repeated_tags_wrapped_values_and_preferences(records):
    article = records[0][0]
    work = article.work
    assert work.title == "Mesenchymal stromal cells shape NK-cell memory after cytomegalovirus infection"  # wrapped
    assert work.authors == (  # AU and A1 in file order; the suffix dropped; a collective author
        PersonName("van der Berg", "Pieter"), PersonName("Núñez-García", "José Luis"), PersonName("Kärre", "Klas"),
        PersonName("Smith", "Robert"), PersonName("MSC–NK Crosstalk Consortium"))
    assert (work.container, work.volume, work.issue, work.first_page, work.last_page) == (
        "Journal of Example Immunology", "176", "2", "1484", "1490")  # JF before the abbreviation in JO
    assert (work.year, work.date, work.type) == (2006, "2006-01-15", "journal-article")  # PY 2006///, DA
    assert work.identifiers == (Identifier("doi", "10.5555/jei.2006.176.1484"), Identifier("pmid", "16400001"),
                                Identifier("url", "https://example.org/jei/176/1484"))
    assert article.keywords == ("Killer Cells, Natural", "Mesenchymal Stem Cells", "Cytomegalovirus")
    assert article.abstract == ("Adaptive NKG2C+ NK cells expand after CMV infection. "
                                "Co-culture with MSCs reduced their expansion by half.")  # AB before N2
    assert article.language == "English"
    assert [(a.label, a.organisation, a.city, a.country) for a in article.affiliations] == [
        ("1", "Leiden University Medical Center", "Leiden", "The Netherlands"),
        ("2", "Karolinska Institutet", "Stockholm", "Sweden")]
    assert all(a.affiliations == () for a in article.authors)  # RIS does not say whose address it is


def test_book_chapter_thesis_and_web_page(records):
    book, chapter, thesis, page = (a.work for a in records[0][1:])
    assert (book.type, book.title, book.year, book.date, book.publisher, book.container) == (
        "book", "Fundamental Immunology", 2012, "2012-01", "Lippincott Williams & Wilkins", None)
    assert book.identifiers == (Identifier("isbn", "978-0-00-000003-3"),)
    assert (chapter.type, chapter.container, chapter.first_page, chapter.last_page) == (
        "chapter", "Natural Killer Cells: Methods and Protocols", "1", "18")  # a range in SP
    assert chapter.editors == (PersonName("Campbell", "Kerry S."), PersonName("Colonna", "Marco"))
    assert (thesis.type, thesis.publisher, thesis.first_page) == ("thesis", "University of Edinburgh", None)
    assert (page.type, page.authors, page.identifiers) == (
        "web-page", (PersonName("International Society for Cell & Gene Therapy"),),
        (Identifier("url", "https://example.org/isct/msc-criteria"),))


def test_record_without_title_is_skipped_with_a_warning_at_its_start(records):
    assert [(w.location, w.message) for w in records[1]] == [
        (Location(str(DATA / "a_records.ris"), 74), "record without a title (TI or T1); skipped")]


@pytest.mark.parametrize(("name", "line", "message"), [
    ("b_missing_er.ris", 7, "the record starting here has no ER before the end of the file"),
    ("c_no_title.ris", 1, "the only record has no title (TI or T1)"),
])
def test_broken_files_name_the_line(name, line, message):
    path = DATA / name
    with pytest.raises(ReadError) as caught:
        read(path)
    assert (caught.value.location, caught.value.message) == (Location(str(path), line), message)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("TY  - JOUR\nTI  - A\nTY  - JOUR\nTI  - B\nER  - \n", 1, "the record starting here has no ER before the next "
                                                            "TY at line 3"),
    ("TY  - JOUR\nTI  - A\nER  - \nAU  - Stray, A.\n", 4, "AU outside a record: a record starts with 'TY  - '"),
    ("just prose\n", 1, "no RIS records (TY  - ... ER  -) found"),
])
def test_structure_errors(text, line, message):
    with pytest.raises(ReadError) as caught:
        ris.read(text, "x.ris")
    assert (caught.value.location, caught.value.message) == (Location("x.ris", line), message)


def test_pmid_only_from_pubmed_accession_numbers_and_pmcid_from_c2():
    def ids(extra: str):
        (article,), _ = ris.read(f"TY  - JOUR\nTI  - T\n{extra}ER  - \n", "x.ris")
        return article.work.identifiers

    assert ids("AN  - 000123456700001\nDB  - Web of Science\n") == ()
    assert ids("AN  - 16400001\nDP  - NLM\nDB  - MEDLINE\n") == (Identifier("pmid", "16400001"),)
    assert ids("AN  - PMID: 16400001\n") == (Identifier("pmid", "16400001"),)
    assert ids("C2  - PMC1234567\nUR  - http://dx.doi.org/10.5555/x\n") == (
        Identifier("doi", "10.5555/x"), Identifier("pmcid", "PMC1234567"))


@pytest.mark.parametrize(("value", "name"), [
    ("Spaggiari, Grazia Maria", PersonName("Spaggiari", "Grazia Maria")),
    ("de la Fuente, Ana", PersonName("de la Fuente", "Ana")),
    ("Smith, Robert, Jr.", PersonName("Smith", "Robert")),
    ("Spaggiari GM", PersonName("Spaggiari", "GM")),
    ("World Health Organization", PersonName("World Health Organization")),
])
def test_ris_name(value, name):
    assert ris_name(value) == name


def test_overlap_sample_holds_the_seeds_references_19_37_38():
    articles, warnings = read(ROOT / "tests" / "data" / "overlap" / "refs.ris")
    seed = springer.read(SEED.read_text(encoding="utf-8"), str(SEED))[0][0]
    by_key = {work_key(r.work): r.number for r in seed.references}
    assert warnings == []
    assert [by_key.get(work_key(a.work)) for a in articles] == [19, 37, 38]
    assert articles[0].work.date == "2006-02-15"
