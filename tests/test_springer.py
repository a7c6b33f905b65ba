"""The Springer page reader, on the seed page and on the pages in tests/data/springer/."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import springer
from ingest.records import Affiliation, Grant, Identifier, PersonName, ReadError, Section
from ingest.springer import Block, Citation
from ingest.text import fold_spaces, normalise_dashes, split_country, split_glued, split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"
PAGES = ROOT / "tests" / "data" / "springer"
NBSP = "\u00a0"


def read(path: Path):
    articles, warnings = springer.read(path.read_text(encoding="utf-8"), str(path))
    assert len(articles) == 1
    return articles[0], [str(w).replace(f"{path}:", "") for w in warnings]


@pytest.fixture(scope="module")
def seed():
    return read(SEED)


# ------------------------------------------------------------------------- the seed page


def test_seed_place_in_journal(seed):
    work = seed[0].work
    assert work.title == "NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity"
    assert (work.container, work.volume, work.issue) == ("Stem Cell Reviews and Reports", "9", "2")
    assert (work.first_page, work.last_page) == ("184", "189")
    assert (work.year, work.date) == (2013, None)  # the year from the copyright line
    assert work.identifiers == ()


def test_seed_authors_in_order_with_corresponding_author_and_labels(seed):
    authors = seed[0].authors
    assert [a.name for a in authors] == [
        PersonName("Casado", "Javier G."), PersonName("Tarazona", "R."), PersonName("Sanchez-Margallo", "F. M.")]
    assert [a.corresponding for a in authors] == [True, False, False]
    assert [a.affiliations for a in authors] == [("1",), ("2",), ("1",)]
    assert seed[0].work.authors == tuple(a.name for a in authors)


def test_seed_affiliations_split_from_glued_text(seed):
    assert seed[0].affiliations == (
        Affiliation("1", "Minimally Invasive Surgery Centre Jesus Uson", "Stem Cell Therapy Unit", "Caceres",
                    "Spain", "Stem Cell Therapy UnitMinimally Invasive Surgery Centre Jesus UsonCaceresSpain"),
        Affiliation("2", "University of Extremadura", "Immunology Unit, Department of Physiology", "Caceres",
                    "Spain", "Immunology Unit, Department of PhysiologyUniversity of ExtremaduraCaceresSpain"),
    )


def test_seed_abstract_and_keywords(seed):
    article = seed[0]
    assert article.abstract.startswith("Several clinical trials are currently evaluating the safety")
    assert article.abstract.endswith("the inflammatory context will regulate the outcome of NK-MSC interactions.")
    assert article.keywords == ("NK cells", "Mesenchymal stem cells", "Immunomodulation", "Innate Response",
                                "NK cell-mediated lysis")


def test_seed_funding_thanks_and_conflict_statements(seed):
    article = seed[0]
    assert article.grants == (Grant(funder="Subprograma Inncorpora-Torres Quevedo", number="PTQ-11-04554",
                                    year=2011, raw="Subprograma Inncorpora-Torres Quevedo 2011 (PTQ-11-04554)"),)
    assert article.sections == (
        Section("funding", "Funding", "Subprograma Inncorpora-Torres Quevedo 2011 (PTQ-11-04554)."),
        Section("acknowledgements", "Acknowledgements",
                "Thanks to V Alvarez and V Crisostomo for critical review and helpful comments."),
        Section("conflict-of-interest", "Conflict of interest", "There is no conflict of interest with any "
                "financial organization regarding the material discussed in the manuscript."),
        Section("conflict-of-interest", "Disclosure of Potential Conflicts of Interest",
                "The authors declare no conflict of interest or financial interests."),
    )


def test_seed_copyright_and_review(seed):
    article = seed[0]
    assert (article.copyright_holder, article.copyright_year) == ("Springer Science+Business Media New York", 2013)
    assert article.is_review is True  # "This review summarizes ..."


def test_seed_all_45_references_numbered_with_links_cut_off(seed):
    refs = seed[0].references
    assert [r.number for r in refs] == list(range(1, 46))
    first = refs[0]
    assert first.raw == ("Chen, X., Armstrong, M. A., & Li, G. (2006). Mesenchymal stem cells in "
                         "immunoregulation. Immunology and Cell Biology, 84(5), 413–421.")
    assert first.links == ("PubMed", "CrossRef", "Google Scholar")
    assert (first.location.path, first.location.line) == (str(SEED), 26)
    assert refs[19].links == ("Google Scholar",)  # 20: Poggi ... 6352–6360.Google Scholar
    assert refs[22].links == ("CrossRef", "Google Scholar")
    assert refs[10].raw.endswith("PLoS One, 3(4), e1886.")


def test_seed_reference_text_is_only_split_never_lost(seed):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for ref in seed[0].references:
        printed = fold_spaces(lines[ref.location.line])  # the line after "  N. N."
        assert ref.raw + "".join(ref.links) == printed


def test_seed_reference_fields_come_from_refparse(seed):
    work = seed[0].references[0].work
    assert (work.title, work.year) == ("Mesenchymal stem cells in immunoregulation", 2006)
    assert (work.container, work.volume, work.issue) == ("Immunology and Cell Biology", "84", "5")
    assert work.authors[0] == PersonName("Chen", "X.")


def test_seed_reads_without_warnings(seed):
    assert seed[1] == []


# ------------------------------------------------------------------------- pages of other shapes


def test_one_author_article_number_and_vancouver_references():
    article, warnings = read(PAGES / "a_one_author_vancouver.txt")
    work = article.work
    assert work.container == "Cellular Immunology Reports"
    assert (work.year, work.date, work.volume, work.issue) == (2016, "2016-03", "64", None)
    assert (work.first_page, work.last_page) == ("45", None)  # "64:45": article number 45
    (author,) = article.authors
    assert author.name == PersonName("van der Berg", "Miriam O.")
    assert (author.corresponding, author.affiliations) == (True, ("1", "2"))
    assert article.affiliations == (
        Affiliation("1", "McGill University", "Department of Medicine", "Montreal", "Canada",
                    "Department of MedicineMcGill UniversityMontrealCanada"),
        Affiliation("2", "Jewish General Hospital", "Lady Davis Institute", "Montreal", "Canada",
                    "Lady Davis InstituteJewish General HospitalMontrealCanada"),
    )
    assert article.keywords == ()
    assert "killed K562 targets as efficiently as unexposed cells (p < 0.01)." in article.abstract
    assert warnings == []


def test_headed_acknowledgements_keep_their_title_and_give_grants():
    article, _ = read(PAGES / "a_one_author_vancouver.txt")
    assert article.sections == (
        Section("acknowledgements", "Acknowledgments",
                "We thank P. Okafor for flow cytometry support. This work was supported by the Canadian Institutes "
                "of Health Research (MOP-123456) and by the Fonds de recherche du Québec – Santé grant 30641."),
        Section("conflict-of-interest", "Conflict of interest",
                "The author declares that she has no conflict of interest."),
    )
    assert article.grants == (
        Grant("Canadian Institutes of Health Research", "MOP-123456", None,
              "Canadian Institutes of Health Research (MOP-123456)"),
        Grant("Fonds de recherche du Québec – Santé", "30641", None,
              "Fonds de recherche du Québec – Santé grant 30641"),
    )
    assert article.is_review is False


def test_vancouver_references_and_a_book_chapter():
    article, _ = read(PAGES / "a_one_author_vancouver.txt")
    refs = article.references
    assert [r.number for r in refs] == [1, 2, 3, 4, 5]
    assert refs[0].raw == ("Okonkwo CA, Lindqvist M. Stromal regulation of natural killer cell cytotoxicity. "
                           "J Innate Immun. 2012;4(3):221–30.")
    assert refs[4].raw == ("Moreau J, Haller KE. Stromal control of innate lymphocytes. In: Brandt R, editor. "
                           "Innate immunity in the tissue niche. Berlin: Springer; 2014. p. 101–19.")
    assert refs[4].links == ("Google Scholar",)
    assert refs[4].work.type == "chapter"


def test_three_authors_several_affiliations_keywords_heading_no_funding():
    article, warnings = read(PAGES / "b_three_authors_keywords.txt")
    work = article.work
    assert work.title == "Adipose-Derived Stromal Cells Shape the NKG2D Ligand Repertoire Under Hypoxia"
    assert (work.year, work.date, work.first_page, work.last_page) == (2015, "2015-08", "560", "571")
    assert work.identifiers == (Identifier("doi", "10.1007/s00000-015-0001-0"),)
    assert [(a.name.family, a.affiliations, a.corresponding) for a in article.authors] == [
        ("Fernández-Ortega", ("1", "2"), True), ("MacDonald", ("3",), False), ("Tanaka", ("4",), False)]
    assert article.keywords == ("Hypoxia", "NKG2D ligands", "Adipose-derived stromal cells", "Innate immunity")
    assert article.abstract.startswith("Hypoxia is a hallmark of inflamed and injured tissue")
    assert (article.grants, article.sections) == ((), ())
    assert article.is_review is False  # "Stem Cell Reviews and Reports" prints research too
    assert article.references[3].work.type == "chapter"
    assert warnings == []


def test_affiliations_with_internal_capitals_and_acronyms():
    article, _ = read(PAGES / "b_three_authors_keywords.txt")
    assert [(a.unit, a.organisation, a.city, a.country) for a in article.affiliations] == [
        ("Cell Therapy Unit, Department of Haematology", "Hospital Universitario La Paz", "Madrid", "Spain"),
        (None, "Centro de Biología Molecular (CSIC-UAM)", "Madrid", "Spain"),
        ("Division of Immunology", "DelaRosa Research Institute", "La Jolla", "USA"),
        (None, "ImmunoTherapeutics GmbH", "Munich", "Germany"),
    ]


def test_partial_page_gives_warnings_and_keeps_what_it_read():
    article, warnings = read(PAGES / "c_partial.txt")
    assert warnings == [
        "24: warning: reference numbering jumps from 2 to 4 (missing 3)",
        "26: warning: reference 5 could not be parsed (no authors, no year): 'Ibid.'",
        "8: warning: author Hanna Virtanen has no affiliation in 'Authors and Affiliations'",
    ]
    assert [r.number for r in article.references] == [1, 2, 4, 5]
    assert [a.affiliations for a in article.authors] == [("1",), ()]


def test_article_number_year_from_copyright_and_review_journal():
    article, _ = read(PAGES / "c_partial.txt")
    work = article.work
    assert (work.volume, work.issue, work.first_page, work.last_page) == ("5", "1", "12", None)
    assert (work.year, article.copyright_holder, article.copyright_year) == (2018, "The Author(s)", 2018)
    assert article.is_review is True  # "Transplant Immunology Reviews" prints reviews only
    assert article.sections == (
        Section("conflict-of-interest", "Conflict of interest", "The authors declare no competing interests."),)


def test_page_without_title_is_an_error_at_the_line_where_the_title_belongs():
    path = PAGES / "d_no_title.txt"
    with pytest.raises(ReadError) as caught:
        springer.read(path.read_text(encoding="utf-8"), str(path))
    assert caught.value.location.line == 5
    assert caught.value.message.startswith("no title")


def test_truncated_page_warns_about_gap_cut_reference_and_missing_trailer():
    article, warnings = read(PAGES / "e_truncated.txt")
    assert warnings == [
        "23: warning: reference numbering jumps from 3 to 5 (missing 4)",
        "23: warning: reference 5 looks cut off",
        "23: warning: the page ends inside the reference list (after reference 5); later references may be missing",
        " warning: no 'Authors and Affiliations' block: authors have no affiliations",
    ]
    last = article.references[-1]
    assert last.raw == "Hartmann, F., & Lopez, D. (2012). Cytokine-driven proliferation of NK cells in"
    assert (article.copyright_holder, article.work.year) == (None, 2014)


@pytest.mark.parametrize("text", ["", "  \n\u00a0\n"])
def test_empty_page_is_an_error(text):
    with pytest.raises(ReadError, match="empty page") as caught:
        springer.read(text, "empty.txt")
    assert caught.value.location.path == "empty.txt"


def test_prose_without_the_layout_is_an_error():
    with pytest.raises(ReadError, match="no Springer page layout") as caught:
        springer.read("Some notes.\n\nNK cells kill stressed cells.\n", "notes.txt")
    assert caught.value.location.line == 1


# ------------------------------------------------------------------------- back matter variants

HEAD = "Journal of Examples\n\n, Volume 1, Issue 1, pp 1–2 | Cite as\n\nA Title\n\n  • Ann\u00a0Author\n\n\n"


def body(text: str):
    articles, _ = springer.read(HEAD + text, "x.txt")
    return articles[0]


def test_compliance_section_with_run_in_conflict_statement():
    article = body("An abstract.\n\nKeywords\n\nOne\u00a0Two\n\nFunding\n\nFunded by the Example Trust "
                   "(ET-2020-001).\n\nCompliance with Ethical Standards\n\nConflict of Interest The author "
                   "declares no conflict of interest.\n")
    assert (article.abstract, article.keywords) == ("An abstract.", ("One", "Two"))
    assert article.sections == (
        Section("funding", "Funding", "Funded by the Example Trust (ET-2020-001)."),
        Section("conflict-of-interest", "Conflict of Interest", "The author declares no conflict of interest."),
    )
    assert article.grants == (Grant("Example Trust", "ET-2020-001", None, "Example Trust (ET-2020-001)"),)


def test_without_keywords_the_abstract_stops_where_back_matter_starts():
    article = body("First paragraph.\n\nSecond paragraph.\n\nWe thank the Core Facility for help.\n")
    assert article.abstract == "First paragraph. Second paragraph."
    assert article.sections == (
        Section("acknowledgements", "Acknowledgements", "We thank the Core Facility for help."),)


def test_without_keywords_an_abstract_about_funding_stays_the_abstract():
    article = body("Research funding and grant policy shape immunology.\n\nThis work was supported by the "
                   "Example Trust (ET-2020-001).\n")
    assert article.abstract == "Research funding and grant policy shape immunology."
    assert [s.kind for s in article.sections] == ["funding"]


def test_structured_abstract_keeps_its_labels():
    article = body("Abstract\n\nPurpose\n\nTo test.\n\nResults\n\nIt worked.\n\nA\u00a0B\u00a0\n")
    assert article.abstract == "Purpose: To test. Results: It worked."
    assert article.keywords == ("A", "B")


# ------------------------------------------------------------------------- pieces


@pytest.mark.parametrize("line, expected", [
    (", Volume 9, Issue 2, pp 184–189 | Cite as", Citation(None, None, None, "9", "2", "184", "189")),
    ("June 2013, Volume 9, Issue 2, pp 184–189 | Cite as", Citation(None, 2013, 6, "9", "2", "184", "189")),
    ("Stem Cell Reviews and Reports, Volume 9, Issue 2, pp 184–189 | Cite as",
     Citation("Stem Cell Reviews and Reports", None, None, "9", "2", "184", "189")),
    ("March 2016, 64:45 | Cite as", Citation(None, 2016, 3, "64", None, "45", None)),
    (", Volume 12, Issue 3, Article 45 | Cite as", Citation(None, None, None, "12", "3", "45", None)),
    (", Volume 5, Issue 1, Article number: 12 | Cite as", Citation(None, None, None, "5", "1", "12", None)),
    (", Volume 3, e1234 | Cite as", Citation(None, None, None, "3", None, "e1234", None)),
    (", Volume 30, Issue Supplement 1, p 7 | Cite as", Citation(None, None, None, "30", "Supplement 1", "7", None)),
    ("Immune Research volume 190, Article number: 156 (2018)",
     Citation("Immune Research", 2018, None, "190", None, "156", None)),
])
def test_read_citation(line, expected):
    assert springer.is_citation_line(line)
    assert springer.read_citation(line) == expected


@pytest.mark.parametrize("printed, expected", [
    ("Department of MedicineMcGill UniversityMontrealCanada",
     ("Department of Medicine", "McGill University", "Montreal", "Canada")),
    ("Dept of SurgeryMacDonald Children's HospitalLaJollaUSA",
     ("Dept of Surgery", "MacDonald Children's Hospital", "LaJolla", "USA")),
    ("Division of ImmunologyDelaRosa Research InstituteMcAllenUSA",
     ("Division of Immunology", "DelaRosa Research Institute", "McAllen", "USA")),
    ("AstraZenecaGothenburgSweden", (None, "AstraZeneca", "Gothenburg", "Sweden")),
    ("Unit 1234, INSERMParisFrance", (None, "Unit 1234, INSERM", "Paris", "France")),
    ("Centro Nacional de Investigaciones Oncológicas (CNIO)MadridSpain",
     (None, "Centro Nacional de Investigaciones Oncológicas (CNIO)", "Madrid", "Spain")),
    ("Department of ImmunologyDivision of Innate ImmunityUniversity of TokyoTokyoJapan",
     ("Department of Immunology, Division of Innate Immunity", "University of Tokyo", "Tokyo", "Japan")),
    ("Institute of Medical ResearchGorokaPapua New Guinea",
     (None, "Institute of Medical Research", "Goroka", "Papua New Guinea")),
    ("Stem Cell Therapy UnitMinimally Invasive Surgery CentreSpain",
     ("Stem Cell Therapy Unit", "Minimally Invasive Surgery Centre", None, "Spain")),
    ("Texas A&M UniversityCollege StationUSA", (None, "Texas A&M University", "College Station", "USA")),
    ("University of ExtremaduraCaceres", (None, "University of Extremadura", "Caceres", None)),
])
def test_read_affiliation(printed, expected):
    aff = springer.read_affiliation("1", printed)
    assert (aff.unit, aff.organisation, aff.city, aff.country) == expected
    assert aff.raw == printed


@pytest.mark.parametrize("printed, name, corresponding", [
    ("Javier\u00a0G.\u00a0CasadoEmail author", PersonName("Casado", "Javier G."), True),
    ("F.\u00a0M.\u00a0Sanchez-Margallo", PersonName("Sanchez-Margallo", "F. M."), False),
    ("Miriam\u00a0O.\u00a0van\u00a0der\u00a0Berg", PersonName("van der Berg", "Miriam O."), False),
    ("Martin\u00a0L.\u00a0King\u00a0Jr.View author's OrcID profile", PersonName("King Jr.", "Martin L."), False),
    ("Ana\u00a0SilvaView author's OrcID profileEmail author", PersonName("Silva", "Ana"), True),
    ("Madonna", PersonName("Madonna"), False),
])
def test_read_author_name(printed, name, corresponding):
    assert springer.read_author_name(printed) == (name, corresponding)


@pytest.mark.parametrize("line, heading, expected", [
    ("NK cells\u00a0Immunomodulation\u00a0", False, ("NK cells", "Immunomodulation")),
    ("Keywords\u00a0NK cells\u00a0Tolerance", False, ("NK cells", "Tolerance")),
    ("NK cells · Tolerance · IL-15", True, ("NK cells", "Tolerance", "IL-15")),
    ("Cells were cultured at 37\u00a0°C for two days and then counted by flow cytometry.", False, None),
    ("Keywords: NK cells; Tolerance", False, ("NK cells", "Tolerance")),
    ("NK cells\u00a0 ", False, ("NK cells",)),
    ("NK cells", False, None),
])
def test_read_keywords(line, heading, expected):
    assert springer.read_keywords(Block(0, (line,)), after_heading=heading) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Supported by the Ministerio de Economía (grant nos. SAF2011-12345 and SAF2012-67890).",
     [("Ministerio de Economía", "SAF2011-12345"), ("Ministerio de Economía", "SAF2012-67890")]),
    ("Funded by the National Institutes of Health grant R01 AI098765.",
     [("National Institutes of Health", "R01 AI098765")]),
    ("This work was supported by the Example Foundation (EF/2019/77) and the Other Trust (OT-512).",
     [("Example Foundation", "EF/2019/77"), ("Other Trust", "OT-512")]),
    ("This work was supported by grant 30641.", [(None, "30641")]),
    ("Funding came from IL-12 research (IL-12) in 2011 (2011).", []),
])
def test_read_grants(sentence, expected):
    assert [(g.funder, g.number) for g in springer.read_grants(sentence)] == expected


@pytest.mark.parametrize("sentence, kind", [
    ("There is no conflict of interest with any financial organization.", "conflict-of-interest"),
    ("The authors have no competing interests.", "conflict-of-interest"),
    ("Subprograma Inncorpora-Torres Quevedo 2011 (PTQ-11-04554).", "funding"),
    ("This study was funded by the Example Trust.", "funding"),
    ("Thanks to V Alvarez for comments.", "acknowledgements"),
])
def test_statement_kind(sentence, kind):
    assert springer.statement_kind(sentence) == kind


@pytest.mark.parametrize("line, expected", [
    ("\u00a9\u00a0Springer Science+Business Media New York\u00a02013",
     ("Springer Science+Business Media New York", 2013)),
    ("© The Author(s) 2018", ("The Author(s)", 2018)),
    ("Copyright © 2015, Springer-Verlag Berlin Heidelberg", ("Springer-Verlag Berlin Heidelberg", 2015)),
    ("© Springer Nature", ("Springer Nature", None)),
])
def test_read_copyright(line, expected):
    assert springer.read_copyright(line) == expected


@pytest.mark.parametrize("journal, title, abstract, article_type, expected", [
    ("Stem Cell Reviews and Reports", "T", "This review summarizes the field.", None, True),
    ("Stem Cell Reviews and Reports", "T", "We show that hypoxia lowers MICA.", None, False),
    ("Immunological Reviews", "T", "NK cells are innate lymphocytes.", None, True),
    ("Cell Reports", "NK cells in sepsis: a systematic review", None, None, True),
    ("Cell Reports", "T", "Here, we review NK cell receptors.", None, True),
    ("Cell Reports", "T", "Patient records were reviewed.", None, False),
    ("Cell Reports", "T", None, "Review Article", True),
])
def test_is_review(journal, title, abstract, article_type, expected):
    assert springer.is_review(journal, title, abstract, article_type) is expected


@pytest.mark.parametrize("name", ["a_one_author_vancouver.txt", "b_three_authors_keywords.txt", "c_partial.txt",
                                  "d_no_title.txt", "e_truncated.txt"])
def test_sniff_own_pages(name):
    assert springer.sniff((PAGES / name).read_text(encoding="utf-8"))


def test_sniff_seed():
    assert springer.sniff(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    '{"title": "NK cells", "note": "Authors and Affiliations | Cite as"}',
    '<?xml version="1.0"?><article><title>Authors and Affiliations</title></article>',
    "@article{casado2013, title={NK and MSCs Crosstalk}, note={| Cite as}}",
    "TY  - JOUR\nTI  - NK and MSCs Crosstalk\nN1  - Authors and Affiliations\nER  - \n",
    "PMID- 22903567\nTI  - NK and MSCs crosstalk.\n",
    "",
    "Plain notes about NK cells.\n\nEmail author for details.\n",
])
def test_sniff_other_formats(text):
    assert not springer.sniff(text)


# ------------------------------------------------------------------------- text helpers


def test_fold_spaces_and_dashes():
    assert fold_spaces("Javier\u00a0G.\u00a0 Casado\u202f") == "Javier G. Casado"
    assert normalise_dashes("184–189 and 1—2 and 3−4") == "184-189 and 1-2 and 3-4"


def test_split_sentences_keeps_initials_and_abbreviations():
    assert split_sentences("(PTQ-11-04554). Thanks to V. Alvarez and Dr. Ruiz et al. for help. No conflict.") == [
        "(PTQ-11-04554).", "Thanks to V. Alvarez and Dr. Ruiz et al. for help.", "No conflict."]


@pytest.mark.parametrize("text, expected", [
    ("UniversityCaceresSpain", ("UniversityCaceres", "Spain")),
    ("HospitalGorokaPapua New Guinea", ("HospitalGoroka", "Papua New Guinea")),
    ("Institute, Bethesda, USA", ("Institute, Bethesda", "USA")),
    ("Museo Roman", ("Museo Roman", None)),
])
def test_split_country(text, expected):
    assert split_country(text) == expected


@pytest.mark.parametrize("text, pieces", [
    ("Department of MedicineMcGill UniversityMontreal", ["Department of Medicine", "McGill University", "Montreal"]),
    ("DelaRosa InstituteMacDonald HospitalLaJolla", ["DelaRosa Institute", "MacDonald Hospital", "LaJolla"]),
    ("Research CentreFitzRoy", ["Research Centre", "FitzRoy"]),
    ("ImmunoTherapeutics GmbHMunich", ["Immuno", "Therapeutics GmbH", "Munich"]),
    ("Genentech Inc.South San Francisco", ["Genentech Inc.", "South San Francisco"]),
    ("(CNIO)Madrid", ["(CNIO)", "Madrid"]),
    ("INSERMParis", ["INSERM", "Paris"]),
])
def test_split_glued(text, pieces):
    assert split_glued(text) == pieces
