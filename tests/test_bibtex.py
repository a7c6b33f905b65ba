"""The BibTeX reader and its LaTeX decoding, on the samples in tests/data/bibtex/ and tests/data/overlap/."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import bibtex, springer
from ingest.bibtex import bibtex_name, split_names
from ingest.identity import work_key
from ingest.latex import to_unicode, to_verbatim
from ingest.records import Identifier, Location, PersonName, ReadError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "bibtex"
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"


def read(path: Path):
    return bibtex.read(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def library():
    return read(DATA / "a_library.bib")


# ------------------------------------------------------------------------- LaTeX


@pytest.mark.parametrize(("latex", "text"), [
    (r'K{\"a}rre', "Kärre"), (r'\"{u}ber', "über"), (r"Mart\'{\i}nez", "Martínez"), (r"Gro{\ss}e", "Große"),
    (r"{\o}re \aa{} \AE", "øre å Æ"), (r"\c{c}a \v{S}kof \~{n} \^o \u{g} \H{o}", "ça Škof ñ ô ğ ő"),
    (r'M{\"{u}}ller', "Müller"), (r"R \& D, 10\%, \$5, \#1, a\_b", "R & D, 10%, $5, #1, a_b"),
    ("1484--1490 and---so", "1484–1490 and—so"), ("a~b", "a b"), ("{NK} cells and {MSCs}", "NK cells and MSCs"),
    (r"interferon-$\gamma$", "interferon-γ"), (r"CD4$^{+}$ T cells, PGE$_2$", "CD4+ T cells, PGE2"),
    (r"$\alpha\beta$ T cells, 5 $\mu$g, $\pm$", "αβ T cells, 5 μg, ±"), ("``quoted'' it's", "“quoted” it's"),
    (r"\textit{in vivo} and \emph{in vitro}, {\it ex vivo}", "in vivo and in vitro, ex vivo"),
    (r"\href{http://x.org}{the link}, \url{http://y.org}", "the link, http://y.org"), (r"\LaTeX\ rocks", "LaTeX rocks"),
    ("  spaced \n  out  ", "spaced out"),
])
def test_latex_to_unicode(latex, text):
    assert to_unicode(latex) == text


def test_verbatim_keeps_dashes_and_tildes_of_urls_and_dois():
    assert to_verbatim(r"{10.1002/(SICI)1097-4652\_x--y}") == "10.1002/(SICI)1097-4652_x--y"
    assert to_verbatim(r"\url{https://example.org/~me/a\%20b}") == "https://example.org/~me/a%20b"


# ------------------------------------------------------------------------- names


@pytest.mark.parametrize(("name", "person"), [
    ("Kärre, Klas", PersonName("Kärre", "Klas")),
    ("van der Berg, Pieter", PersonName("van der Berg", "Pieter")),
    ("Jean-Luc de la Fontaine", PersonName("de la Fontaine", "Jean-Luc")),
    ("Ludwig von Beethoven", PersonName("von Beethoven", "Ludwig")),
    (r"M{\"u}ller, Jr., Hans", PersonName("Müller", "Hans")),
    ("{MSC--NK Crosstalk Consortium}", PersonName("MSC–NK Crosstalk Consortium")),
    ("{World Health Organization}", PersonName("World Health Organization")),
    ("Aristotle", PersonName("Aristotle")),
    ("D.~E. Knuth", PersonName("Knuth", "D. E.")),
    (r"{\'E}mile Zola", PersonName("Zola", "Émile")),
])
def test_bibtex_name(name, person):
    assert bibtex_name(name) == person


def test_split_names_at_top_level_and_only():
    assert split_names("A, B and {Barnes and Noble} AND C, D and others") == (["A, B", "{Barnes and Noble}", "C, D"],
                                                                               True)
    assert split_names("Grand, Alexander") == (["Grand, Alexander"], False)


# ------------------------------------------------------------------------- entries


def test_sniff():
    for name in ("a_library.bib", "b_unbalanced.bib", "c_no_title.bib"):
        assert bibtex.sniff((DATA / name).read_text(encoding="utf-8"))
    assert not bibtex.sniff('{"title": "@article{x,"}')
    assert not bibtex.sniff("Contact me at someone@example.org{\n")


def test_article_with_macros_latex_particles_collective_author_and_et_al(library):
    article = library[0][0]
    work = article.work
    assert work.title == "NK cell education by HLA-C: Über-licensing of CD56dim cells in γ-irradiated hosts"
    assert work.authors == (
        PersonName("Kärre", "Klas"), PersonName("van der Berg", "Pieter"), PersonName("de la Fontaine", "Jean-Luc"),
        PersonName("von Beethoven", "Ludwig"), PersonName("Müller", "Hans"), PersonName("MSC–NK Crosstalk Consortium"))
    assert work.et_al is True
    assert (work.container, work.volume, work.issue, work.first_page, work.last_page) == (
        "Blood", "137", "9", "1484", "1490")  # journal from @string, pages from "1484--1490"
    assert (work.year, work.date, work.type) == (2021, "2021-03", "journal-article")  # month macro
    assert work.identifiers == (Identifier("doi", "10.5555/blood.2021.137.1484"), Identifier("pmid", "33000001"),
                                Identifier("url", "https://example.org/blood/137/1484"))
    assert article.keywords == ("NK cells", "HLA-C", "licensing")
    assert article.abstract == "Stromal cells modulate NK–cell education in vivo; 10% of donors lacked KIR2DL1 ligands."


def test_other_entry_types(library):
    book, chapter, paper, thesis, misc, online = (a.work for a in library[0][1:])
    assert (book.type, book.title, book.publisher, book.year) == (
        "book", "Fundamental Immunology", "Lippincott Williams & Wilkins", 2012)
    assert book.identifiers == (Identifier("isbn", "978-0-00-000003-3"),)
    assert (chapter.type, chapter.container, chapter.pages) == (
        "chapter", "Natural Killer Cells: Methods and Protocols", "1-18")
    assert chapter.editors == (PersonName("Campbell", "Kerry S."), PersonName("Colonna", "Marco"))
    assert (paper.type, paper.container, paper.first_page, paper.last_page) == (
        "chapter", "American Association of Immunologists Annual Meeting", "e77", None)  # "#" joined a macro
    assert paper.authors == (PersonName("Sánchez-Correa", "Beatriz"), PersonName("García", "Ana"))
    assert (thesis.type, thesis.publisher, thesis.date) == ("thesis", "University of Edinburgh", "2015-11")
    assert (misc.type, misc.authors, misc.first_page) == (
        "other", (PersonName("International Union of Immunological Societies"),), None)  # no pages
    assert (online.type, online.year, online.date) == ("web-page", 2021, "2021-05-02")
    assert online.identifiers == (Identifier("url", "https://example.org/isct/msc_criteria"),)


def test_entry_without_title_is_skipped_with_a_warning_at_its_start(library):
    path = str(DATA / "a_library.bib")
    assert [(w.location, w.message) for w in library[1]] == [
        (Location(path, 80, 1), "@article{untitled2009} has no title; entry skipped")]


def test_unbalanced_brace_is_an_error_at_the_entry_start():
    path = DATA / "b_unbalanced.bib"
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.location == Location(str(path), 8, 3)
    assert caught.value.message == ("entry 'broken2007' is not closed before the next entry at line 15, column 1: "
                                    "unbalanced braces; check field 'title' at line 10, column 3")


def test_no_entry_with_a_title_is_an_error():
    path = DATA / "c_no_title.bib"
    with pytest.raises(ReadError) as caught:
        read(path)
    assert (caught.value.location, caught.value.message) == (Location(str(path), 1, 1),
                                                             "no title in any of the 2 entries")


@pytest.mark.parametrize(("text", "where", "message"), [
    ("@article{k,\n  title = {Open\n", (1, 1), "@article entry: unbalanced braces: field 'title' opened at line 2, "
                                              "column 11 is not closed before the end of the file"),
    ("@article{k,\n  title = {A},\n  year 2006\n}\n", (3, 8), "expected '=' after 'year'"),
    ("@article{k,\n  title = {A} junk\n}\n", (2, 15), "entry 'k': expected ',' or '}'"),
    ("@article{k,\n  title = {A}},\n  year = {2006}\n}\n", (1, 1), "entry 'k': unbalanced braces: a '}' too many "
                                                           "closes it at line 2, column 14, before field 'year'"),
    ("no entries here\n", (1, None), "no BibTeX entries (@article{...}) found"),
])
def test_syntax_errors_name_line_and_column(text, where, message):
    with pytest.raises(ReadError) as caught:
        bibtex.read(text, "x.bib")
    assert (caught.value.location, caught.value.message) == (Location("x.bib", *where), message)


def test_duplicate_keys_fields_and_undefined_macros_are_warnings():
    text = "@article{k, title={A}, title={B}, journal=nosuch, year=2006}\n@article{k, title={C}, year=2007}\n"
    articles, warnings = bibtex.read(text, "x.bib")
    assert [a.work.title for a in articles] == ["A", "C"]
    assert [(w.location.line, w.location.column, w.message) for w in warnings] == [
        (1, 24, "entry 'k': field 'title' given twice; the first is kept"),
        (1, 43, "undefined @string macro 'nosuch'"),
        (2, 1, "duplicate key 'k' (first at line 1)"),
    ]


def test_overlap_sample_holds_the_seeds_references_19_37_38():
    articles, warnings = read(ROOT / "tests" / "data" / "overlap" / "refs.bib")
    seed = springer.read(SEED.read_text(encoding="utf-8"), str(SEED))[0][0]
    by_key = {work_key(r.work): r.number for r in seed.references}
    assert warnings == []
    assert [by_key.get(work_key(a.work)) for a in articles] == [19, 37, 38]
    assert articles[2].work.et_al is True
