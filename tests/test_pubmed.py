"""The PubMed/MEDLINE XML reader on the samples in tests/data/pubmed/ (see tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from ingest import pubmed
from ingest.records import Affiliation, Author, Grant, Identifier, Location, PersonName, ReadError, Work
from ingest.xmltext import expand_pages, normalise_orcid

DATA = Path(__file__).resolve().parent / "data" / "pubmed"
SET = DATA / "a_efetch_two_articles.xml"


@pytest.fixture(scope="module")
def pubmed_set():
    articles, warnings = pubmed.read(SET.read_text(encoding="utf-8"), str(SET))
    return articles, [str(w).replace(f"{SET}:", "") for w in warnings]


@pytest.fixture(scope="module")
def research(pubmed_set):
    return pubmed_set[0][0]


@pytest.fixture(scope="module")
def review(pubmed_set):
    return pubmed_set[0][1]


def citation(article: str, data: str = "", root: str = "PubmedArticleSet") -> str:
    return (f"<{root}><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>{article}</Article></MedlineCitation>"
            f"{data}</PubmedArticle></{root}>")


# ------------------------------------------------------------------------- the research article


def test_one_article_per_pubmed_article_in_file_order(pubmed_set):
    assert [a.work.identifiers[1].value for a in pubmed_set[0]] == ["99000011", "99000012"]


def test_research_place_in_journal_medline_date_and_abbreviated_pages(research):
    assert research.work == Work(
        title="Bone marrow mesenchymal stromal cells restrain NKG2D-dependent killing by IL-15-primed natural killer "
              "cells",  # NLM's closing full stop and the <i> markup gone
        authors=(PersonName("Ñúñez", "Carmen"), PersonName("van der Berg", "Pieter J"),
                 PersonName("O'Brien", "Siobhán"), PersonName("Müller", "Jürgen"), PersonName("NK-MSC Consortium")),
        year=2019, date=None,  # MedlineDate "2019 Jan-Feb": the issue's year, not the 2018 ArticleDate
        container="Stem cells (Dayton, Ohio)", volume="37", issue="1", first_page="1097", last_page="1107",
        identifiers=(Identifier("doi", "10.5555/stemcells.2019.1097"), Identifier("pmid", "99000011"),
                     Identifier("pmcid", "PMC99000011")),
    )
    assert research.language == "en"


def test_research_authors_with_several_affiliations_orcids_and_email(research):
    assert research.authors == (
        Author(PersonName("Ñúñez", "Carmen"), ("1", "2"), email="c.nunez@example.org", orcid="0000-0002-1825-0097"),
        Author(PersonName("van der Berg", "Pieter J"), ("3",)),
        Author(PersonName("O'Brien", "Siobhán"), ("4", "1"), orcid="0000-0003-1415-9269"),  # shares "1"
        Author(PersonName("Müller", "Jürgen"), ("5",)),  # Suffix "Jr" dropped
        Author(PersonName("NK-MSC Consortium")),
    )


def test_research_affiliations_split_from_free_text(research):
    assert research.affiliations == (
        Affiliation("1", "University of Extremadura", "Department of Immunology, Faculty of Medicine", "Cáceres",
                    "Spain",
                    "Department of Immunology, Faculty of Medicine, University of Extremadura, Cáceres, Spain."),
        Affiliation("2", "Jesús Usón Minimally Invasive Surgery Centre", "Stem Cell Therapy Unit", "Cáceres", "Spain",
                    "Stem Cell Therapy Unit, Jesús Usón Minimally Invasive Surgery Centre, 10071 Cáceres, Spain."),
        Affiliation("3", "Leiden University Medical Center", "Department of Haematology", "Leiden", "The Netherlands",
                    "Department of Haematology, Leiden University Medical Center, Leiden, The Netherlands."),
        Affiliation("4", "Dana-Farber Cancer Institute", "Department of Medical Oncology", "Boston", "USA",
                    "Department of Medical Oncology, Dana-Farber Cancer Institute, Boston, MA 02215, USA."),
        Affiliation("5", "Universitätsklinikum Heidelberg", "Institute of Cell Biology", "Heidelberg", "Germany",
                    "Institute of Cell Biology, Universitätsklinikum Heidelberg, Im Neuenheimer Feld 280, 69120 "
                    "Heidelberg, Germany."),
    )


def test_research_structured_abstract_keywords_grants_copyright(research):
    assert research.abstract == (
        "Background: Mesenchymal stromal cells (MSCs) suppress natural killer (NK) cells, yet IL-15-primed NK cells "
        "lyse MSCs. Methods: We measured NKG2D ligand expression on bone marrow MSCs and NK-cell cytotoxicity after "
        "priming with IL-15. Results: MSCs shed MICA after contact with primed NK cells, and soluble MICA lowered "
        "NKG2D on NK cells by 60%. Conclusions: Ligand shedding lets MSCs escape NKG2D-dependent killing."
    )
    assert research.keywords == ("MICA", "NKG2D", "Interleukin-15", "mesenchymal stromal cells")  # no MeSH
    assert research.grants == (
        Grant("NIAID NIH HHS", "R01 AI000001", raw="R01 AI000001/AI/NIAID NIH HHS/United States"),
        Grant("Instituto de Salud Carlos III", "PI18/00001", raw="PI18/00001/Instituto de Salud Carlos III"),
    )
    assert (research.copyright_holder, research.copyright_year) == ("AlphaMed Press", 2018)
    assert research.is_review is False and research.sections == ()


def test_research_references_parsed_with_ids_from_the_article_id_list(research, pubmed_set):
    refs = research.references
    assert [r.number for r in refs] == [1, 2, 3, 4]
    assert refs[0].location == Location(str(SET), 145)
    assert refs[1].raw == "Kärre K. Natural killer cell recognition of missing self. Nat Immunol. 2008 May;9(5):477-80."
    assert refs[1].work == Work(title="Natural killer cell recognition of missing self",
                                authors=(PersonName("Kärre", "K"),), year=2008, container="Nat Immunol", volume="9",
                                issue="5", first_page="477", last_page="480")
    assert refs[2].work.authors == (PersonName("NK-MSC Consortium"),)
    assert refs[2].work.identifiers == (Identifier("doi", "10.5555/fimmu.2019.00101"), Identifier("pmid", "99000002"))
    assert pubmed_set[1] == ["158: warning: reference 4 could not be parsed (no authors, no year): "
                             "'See comment in PubMed Commons below.'"]


# ------------------------------------------------------------------------- the review


def test_review_with_initials_only_month_date_and_article_number(review):
    work = review.work
    assert review.is_review is True
    assert work.title == "Natural killer cells and mesenchymal stromal cells: a two-way conversation"
    assert (work.year, work.date, work.volume, work.issue) == (2020, "2020-03", "11", None)
    assert (work.first_page, work.last_page) == ("e00412", None)  # no MedlinePgn: the pii article number
    assert work.identifiers == (Identifier("doi", "10.5555/fimmu.2020.00412"), Identifier("pmid", "99000012"))
    assert review.authors == (
        Author(PersonName("de la Fuente", "A"), ("1",)),
        Author(PersonName("Moretti", "Lorenzo"), ("1", "2"), email="l.moretti@example.org"),
    )
    assert review.affiliations[1] == Affiliation(
        "2", "University of Genoa", "Department of Experimental Medicine (DIMES)", "Genoa", "Italy",
        "Department of Experimental Medicine (DIMES), University of Genoa, Genoa, Italy.")
    assert review.abstract.endswith("Here we review how in vitro studies of this crosstalk translate to MSC therapy.")
    assert review.references == ()


# ------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(("printed", "expected"), [
    ("1484-90", ("1484", "1490")),
    ("1097-107", ("1097", "1107")),
    ("74-85", ("74", "85")),
    ("S12-9", ("S12", "S19")),
    ("477-80; discussion 481", ("477", "480")),
    ("e1886", ("e1886", None)),
    ("iii-iv", ("iii", "iv")),
    ("199-201", ("199", "201")),
    ("", (None, None)),
])
def test_abbreviated_page_ranges_are_expanded(printed, expected):
    assert expand_pages(printed) == expected


@pytest.mark.parametrize(("xml", "expected"), [
    ("<PubDate><MedlineDate>2006 Jan-Feb</MedlineDate></PubDate>", (2006, None)),
    ("<PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>", (1998, None)),
    ("<PubDate><Year>2006</Year><Month>Feb</Month><Day>15</Day></PubDate>", (2006, "2006-02-15")),
    ("<PubDate><Year>2006</Year><Month>02</Month></PubDate>", (2006, "2006-02")),
    ("<PubDate><Year>2006</Year><Season>Spring</Season></PubDate>", (2006, None)),
])
def test_pub_dates(xml, expected):
    assert pubmed.read_pub_date(etree.fromstring(xml)) == expected


@pytest.mark.parametrize(("printed", "expected"), [
    ("Laboratory of Immunology, Istituto Giannina Gaslini, Genoa, Italy.",
     ("Istituto Giannina Gaslini", "Laboratory of Immunology", "Genoa", "Italy")),
    ("Centre for Cell Therapy, Karolinska Institutet, Huddinge, Sweden",
     ("Karolinska Institutet", "Centre for Cell Therapy", "Huddinge", "Sweden")),
    ("Department of Immunology, Genentech, South San Francisco, CA 94080, USA.",
     ("Genentech", "Department of Immunology", "South San Francisco", "USA")),
    ("AstraZeneca, Gothenburg, Sweden.", ("AstraZeneca", None, "Gothenburg", "Sweden")),
    ("Department of Pathology, University of Cambridge, Tennis Court Road, Cambridge CB2 1QP, UK.",
     ("University of Cambridge", "Department of Pathology", "Cambridge", "UK")),
    ("Institut Pasteur", ("Institut Pasteur", None, None, None)),
    ("Department of Medicine, Seoul National University College of Medicine, Seoul, Republic of Korea.",
     ("Seoul National University College of Medicine", "Department of Medicine", "Seoul", "Republic of Korea")),
])
def test_free_text_affiliation_heuristic(printed, expected):
    aff = pubmed.read_affiliation("1", printed)
    assert (aff.organisation, aff.unit, aff.city, aff.country) == expected
    assert aff.raw == printed


@pytest.mark.parametrize(("value", "expected"), [
    ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("http://orcid.org/000000021825009x", "0000-0002-1825-009X"),
    ("0000 0002", None),
])
def test_orcid_forms(value, expected):
    assert normalise_orcid(value) == expected


# ------------------------------------------------------------------------- roots, detection, bad input


def test_sniff_by_root_element():
    assert pubmed.sniff(SET.read_text(encoding="utf-8"))
    assert pubmed.sniff("<?xml version='1.0'?>\n<!-- efetch -->\n<PubmedArticle/>")
    assert pubmed.sniff("<MedlineCitationSet><MedlineCitation/></MedlineCitationSet>")
    assert not pubmed.sniff("<article><front/></article>")
    assert not pubmed.sniff("PMID- 16239427\nTI  - Mesenchymal stem cell")


@pytest.mark.parametrize("root", ["PubmedArticleSet", "MedlineCitationSet"])
def test_other_roots_read_the_same(root):
    text = citation("<Journal><Title>Blood</Title></Journal><ArticleTitle>NK cells.</ArticleTitle>", root=root)
    (article,), _ = pubmed.read(text, "x.xml")
    assert (article.work.title, article.work.container, article.work.identifiers) == (
        "NK cells", "Blood", (Identifier("pmid", "1"),))


def test_a_translated_title_loses_its_brackets():
    (article,), _ = pubmed.read(citation("<ArticleTitle>[Natural killer cells in transplantation].</ArticleTitle>"
                                         "<Language>ger</Language>"), "x.xml")
    assert (article.work.title, article.language) == ("Natural killer cells in transplantation", "de")


def test_book_articles_are_skipped_with_a_warning():
    text = ("<PubmedArticleSet>\n<PubmedBookArticle><BookDocument/></PubmedBookArticle>\n"
            + citation("<ArticleTitle>NK cells.</ArticleTitle>", root="X")[3:-4] + "</PubmedArticleSet>")
    articles, warnings = pubmed.read(text, "x.xml")
    assert len(articles) == 1
    assert [str(w) for w in warnings] == ["x.xml:2: warning: PubmedBookArticle skipped: books are not read"]


def test_malformed_xml_names_the_parsers_line_and_column():
    path = DATA / "b_malformed.xml"
    with pytest.raises(ReadError) as caught:
        pubmed.read(path.read_text(encoding="utf-8"), str(path))
    assert caught.value.location == Location(str(path), 16, 26)
    assert "malformed XML: Opening and ending tag mismatch: ForeName line 15 and Author" in str(caught.value)


def test_an_article_without_title_refuses_the_file_and_names_the_place():
    path = DATA / "c_no_title.xml"
    with pytest.raises(ReadError) as caught:
        pubmed.read(path.read_text(encoding="utf-8"), str(path))
    assert str(caught.value) == f"{path}:22: PMID 99000032: no ArticleTitle"


@pytest.mark.parametrize(("text", "message"), [
    ("<PubmedArticleSet>\n</PubmedArticleSet>", "x.xml:1: <PubmedArticleSet> holds no MedlineCitation"),
    ("<eSearchResult><Count>0</Count></eSearchResult>",
     "x.xml:1: root element <eSearchResult> is not a PubMed set or article"),
])
def test_no_citations(text, message):
    with pytest.raises(ReadError) as caught:
        pubmed.read(text, "x.xml")
    assert str(caught.value) == message
