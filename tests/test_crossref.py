"""The Crossref works JSON reader, on the samples in tests/data/crossref/ and tests/data/overlap/."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import crossref, springer
from ingest.identity import work_key
from ingest.records import Affiliation, Grant, Identifier, Location, PersonName, ReadError, Work

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "crossref"
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"


def read(path: Path):
    return crossref.read(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture(scope="module")
def single():
    articles, warnings = read(DATA / "a_work.json")
    assert len(articles) == 1 and warnings == []
    return articles[0]


def test_sniff_recognises_envelopes_and_bare_works_and_nothing_else():
    for name in ("a_work.json", "b_work_list.json", "c_bare_work.json", "d_malformed.json", "e_bad_shape.json"):
        assert crossref.sniff((DATA / name).read_text(encoding="utf-8")), name
    assert not crossref.sniff('[{"type": "article-journal", "title": "A CSL item", "issued": {}}]')
    assert not crossref.sniff('{"type": "article-journal", "title": "A CSL item", "DOI": "10.5555/x"}')
    assert not crossref.sniff("@article{k, title={x}}")


def test_work_place_in_journal_and_date_from_published_print(single):
    work = single.work
    assert work.title == ("NKG2D ligand shedding by ex vivo-expanded mesenchymal stromal cells impairs NK-cell "
                          "cytotoxicity: a multicentre study")  # <i> stripped, subtitle joined
    assert (work.container, work.volume, work.issue, work.first_page, work.last_page) == (
        "Cellular Immunology Reports", "14", "3", "212", "225")
    assert (work.year, work.date, work.type) == (2021, "2021-06", "journal-article")
    assert work.publisher == "Example Academic Press"
    assert work.identifiers == (Identifier("doi", "10.5555/cir.2021.0314"),)
    assert single.language == "en"
    assert single.keywords == ()  # subject[] is the journal's classification, not the article's keywords


def test_authors_in_order_with_particles_unicode_organisation_and_orcids(single):
    assert [a.name for a in single.authors] == [
        PersonName("Lindqvist", "Åsa"), PersonName("van der Berg", "Pieter"), PersonName("Núñez-García", "José Luis"),
        PersonName("MSC–NK Crosstalk Consortium"), PersonName("De Santis", "Chiara")]
    assert [a.orcid for a in single.authors] == ["0000-0002-1825-0097", None, None, None, "0000-0001-2345-6789"]
    assert single.work.authors == tuple(a.name for a in single.authors)


def test_several_affiliations_per_author_shared_labels_and_split_parts(single):
    assert [a.affiliations for a in single.authors] == [("1", "2"), ("3",), ("1",), (), ("4", "5")]
    assert single.affiliations[0] == Affiliation(
        "1", "Karolinska Institutet", "Department of Microbiology, Tumor and Cell Biology", "Stockholm", "Sweden",
        "Department of Microbiology, Tumor and Cell Biology, Karolinska Institutet, SE-171 77 Stockholm, Sweden")
    assert [(a.organisation, a.unit, a.city, a.country) for a in single.affiliations[1:]] == [
        ("Karolinska University Hospital", "Center for Infectious Medicine", "Stockholm", "Sweden"),
        ("Leiden University Medical Center", "Department of Hematology", "Leiden", "The Netherlands"),
        ("IRCCS Ospedale Policlinico San Martino", None, "Genova", "Italy"),
        ("Università degli Studi di Genova", "Dipartimento di Medicina Sperimentale", "Genova", "Italy"),
    ]


def test_structured_abstract_keeps_section_titles_and_decodes_entities(single):
    assert single.abstract == (
        "Background: Mesenchymal stromal cells (MSCs) expanded ex vivo shed NKG2D ligands such as MICA. "
        "Methods: NK cells from 24 donors were co-cultured with MSCs; cytotoxicity was measured against K562 targets. "
        "Results: Soluble MICA reduced NKG2D expression and IFN-γ secretion by 40 %.")  # &#160; folded


def test_one_grant_per_distinct_award_and_a_funder_without_one(single):
    assert single.grants == (
        Grant("Swedish Research Council", "2019-01234"),
        Grant("Fondazione AIRC per la ricerca sul cancro", "IG 21624"),
        Grant("Fondazione AIRC per la ricerca sul cancro", "MFAG 22869"),
        Grant("Karolinska Institutet"),
    )


def test_references_structured_parsed_or_doi_only(single):
    refs = single.references
    assert [r.raw for r in refs] == [
        "doi:10.5555/cir.2019.0042",
        "Sotiropoulou PA (2006). Interactions between human mesenchymal stem cells and natural killer cells. "
        "Stem Cells 24:74.",
        "Spaggiari GM, Capobianco A, Abdelrazik H, Becchetti F, Mingari MC, Moretta L. Mesenchymal stem cells inhibit "
        "natural killer-cell proliferation, cytotoxicity, and cytokine production: role of indoleamine "
        "2,3-dioxygenase and prostaglandin E2. Blood. 2008;111(3):1327-1333.",
        "Bernardini G, Sciumè G, Santoni A. Differential chemotactic receptor requirements for NK cell subset "
        "trafficking into bone marrow. Front Immunol. 2013;4:12.",
        "Paul (2012). Fundamental immunology. Lippincott Williams & Wilkins.",
    ]
    assert refs[0].work == Work(identifiers=(Identifier("doi", "10.5555/cir.2019.0042"),))
    assert refs[1].work == Work(
        title="Interactions between human mesenchymal stem cells and natural killer cells",
        authors=(PersonName("Sotiropoulou", "PA"),), year=2006, container="Stem Cells", volume="24", first_page="74")
    parsed = refs[2].work  # from the unstructured string
    assert (parsed.authors[0], len(parsed.authors), parsed.year, parsed.container, parsed.volume, parsed.issue,
            parsed.pages) == (PersonName("Spaggiari", "GM"), 6, 2008, "Blood", "111", "3", "1327-1333")
    assert refs[3].work.identifiers == (Identifier("doi", "10.5555/fimmu.2013.00012"),)  # DOI kept on a parsed one
    assert refs[3].work.authors[1] == PersonName("Sciumè", "G")
    assert (refs[4].work.type, refs[4].work.title, refs[4].work.publisher) == (
        "book", "Fundamental immunology", "Lippincott Williams & Wilkins")


def test_work_list_chapter_article_number_reordered_first_author_and_skipped_item():
    articles, warnings = read(DATA / "b_work_list.json")
    chapter, article, preprint = (a.work for a in articles)
    assert (chapter.type, chapter.container, chapter.first_page, chapter.year, chapter.date) == (
        "chapter", "Innate Lymphoid Cells in Regeneration", None, 2019, None)  # missing pages
    assert chapter.editors == (PersonName("Müller", "Hans-Jürgen"),)
    assert chapter.identifiers[1:] == (Identifier("isbn", "978-0-00-000000-2"), Identifier("isbn", "978-0-00-000001-9"))
    assert [(a.name.family, a.affiliations) for a in articles[0].authors] == [("Okonkwo", ("1",)),
                                                                            ("Lefèvre", ("2", "3"))]
    assert (article.first_page, article.last_page, article.date) == ("e1886", None, "2020-11-05")
    assert [n.family for n in article.authors] == ["O'Sullivan", "Zhang", "de la Fuente"]  # "first" goes first
    assert articles[1].affiliations[0].city == "Dublin"  # "Dublin 2": the postal district dropped
    assert (preprint.title, preprint.type, preprint.authors) == (
        "CD56bright NK cells resist MSC-derived PGE2", "other", (PersonName("Human Immune Atlas Consortium"),))
    path = str(DATA / "b_work_list.json")
    assert [(w.location, w.message) for w in warnings] == [
        (Location(path, 10, 12), "message.items[1].author[0].ORCID: not an ORCID iD: "
                                 "'https://orcid.org/0000-0001-2345'; ignored"),
        (Location(path, 14, 1), "message.items[2] (10.5555/fim.2020.0000): no title; work skipped"),
    ]


def test_bare_work_with_entity_in_title_and_abbreviated_last_page():
    (article,), _ = read(DATA / "c_bare_work.json")
    assert article.work.title == "Missing-self recognition & licensing of human NK cells"
    assert (article.work.first_page, article.work.last_page, article.work.date) == ("101", "109", "2017-08")
    assert article.affiliations == (Affiliation("1", "Universität Tübingen", raw="Universität Tübingen"),)
    assert article.references[0].work.authors == (PersonName("Ljunggren", "HG"), PersonName("Kärre", "K"))


@pytest.mark.parametrize(("name", "where", "message"), [
    ("d_malformed.json", (7, 5), "malformed JSON: Expecting ',' delimiter"),
    ("e_bad_shape.json", (11, 19), "message.items[1].author: expected a list, found an object"),
])
def test_broken_files_name_the_line_column_and_json_path(name, where, message):
    path = DATA / name
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.location == Location(str(path), *where)
    assert caught.value.message == message


@pytest.mark.parametrize(("text", "message"), [
    ('{"status": "ok", "message-type": "work", "message": {"DOI": "10.5555/x", "title": []}}',
     "message: the work has no title"),
    ('{"status": "ok", "message-type": "work-list", "message": {"items": []}}',
     "message.items: an empty list, no works"),
    ('{"status": "ok", "message-type": "work", "message": ["not", "an", "object"]}',
     "message: expected an object, found a list"),
    ('{"DOI": "10.5555/x", "title": [7]}', "title[0]: expected a string, found a number"),
])
def test_wrong_shapes_and_a_lone_untitled_work_are_errors(text, message):
    with pytest.raises(ReadError) as caught:
        crossref.read(text, "w.json")
    assert caught.value.message == message


@pytest.mark.parametrize(("text", "parts"), [
    ("Laboratory of Immunology, National Institute of Allergy and Infectious Diseases, National Institutes of Health, "
     "Bethesda, MD, USA", ("National Institutes of Health",
                           "Laboratory of Immunology, National Institute of Allergy and Infectious Diseases",
                           "Bethesda", "USA")),
    ("Genentech Inc., South San Francisco, CA 94080, USA", ("Genentech Inc.", None, "South San Francisco", "USA")),
    ("Institut Pasteur, Paris, France", ("Institut Pasteur", None, "Paris", "France")),
    ("University of Oslo", ("University of Oslo", None, None, None)),
])
def test_split_affiliation(text, parts):
    aff = crossref.split_affiliation(text)
    assert (aff.organisation, aff.unit, aff.city, aff.country) == parts


def test_overlap_sample_is_the_seeds_reference_21_and_cites_its_reference_18():
    (article,), _ = read(ROOT / "tests" / "data" / "overlap" / "crossref-work.json")
    seed = springer.read(SEED.read_text(encoding="utf-8"), str(SEED))[0][0]
    by_key = {work_key(r.work): r.number for r in seed.references}
    assert by_key[work_key(article.work)] == 21
    assert [by_key.get(work_key(r.work)) for r in article.references] == [None, 18]
