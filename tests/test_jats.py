"""The JATS reader on the samples in tests/data/jats/ (what each holds: tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import jats
from ingest.records import Affiliation, Author, Grant, Identifier, Location, PersonName, ReadError, Section, Work

DATA = Path(__file__).resolve().parent / "data" / "jats"
PMC = DATA / "a_pmc_research_article.xml"
REVIEW = DATA / "b_publisher_review.xml"


def read(path: Path):
    articles, warnings = jats.read(path.read_text(encoding="utf-8"), str(path))
    assert len(articles) == 1
    return articles[0], [str(w).replace(f"{path}:", "") for w in warnings]


@pytest.fixture(scope="module")
def pmc():
    return read(PMC)


@pytest.fixture(scope="module")
def review():
    return read(REVIEW)


def minimal(meta: str, root: str = "<article>", back: str = "") -> str:
    return f"""<?xml version="1.0"?>\n{root}<front><article-meta>{meta}</article-meta></front>{back}</article>"""


# ------------------------------------------------------------------------- PMC research article


def test_pmc_place_in_journal_with_an_article_number_and_no_last_page(pmc):
    work = pmc[0].work
    assert work.title == ("Adipose-derived mesenchymal stromal cells shape CD56bright natural killer cell "
                          "responses in vitro")  # <sup>, <italic> flattened; the footnote marker left out
    assert (work.container, work.volume, work.issue) == ("Frontiers in Immunology", "12", None)
    assert (work.first_page, work.last_page) == ("e04217", None)
    assert (work.year, work.date) == (2021, "2021-09-14")  # collection year, the epub's day; not pmc-release
    assert work.identifiers == (Identifier("doi", "10.5555/fimmu.2021.04217"), Identifier("pmid", "99000001"),
                                Identifier("pmcid", "PMC99000001"))
    assert pmc[0].language == "en"


def test_pmc_authors_in_order_with_collective_author_orcid_and_corresponding_author(pmc):
    article = pmc[0]
    assert article.authors == (
        Author(PersonName("Ñúñez-García", "María José"), ("1", "2"), corresponding=True,
               email="mj.nunez@example.org", orcid="0000-0002-1825-0097"),
        Author(PersonName("van der Berg", "Pieter"), ("2",)),
        Author(PersonName("O'Brien", "Siobhán"), ("3",)),
        Author(PersonName("Müller", "Jürgen"), ("1", "3"), orcid="0000-0003-1415-9269"),  # rid="aff1 aff3"
        Author(PersonName("NK-MSC Consortium")),  # its members and footnote marker are not part of the name
        Author(PersonName("de la Fuente", "Ana"), ("1",)),
    )  # the editor is not an author
    assert article.work.authors == tuple(a.name for a in article.authors)


def test_pmc_affiliations_split_where_marked_up(pmc):
    assert pmc[0].affiliations == (
        Affiliation("1", "University of Extremadura", "Department of Immunology", "Cáceres", "Spain",
                    "Department of Immunology, University of Extremadura, Cáceres, Spain"),
        Affiliation("2", "Jesús Usón Minimally Invasive Surgery Centre", "Stem Cell Therapy Unit", "Cáceres", "Spain",
                    "Stem Cell Therapy Unit, Jesús Usón Minimally Invasive Surgery Centre, Cáceres, Spain"),
        Affiliation("3", "Laboratory of Clinical Immunology, Karolinska Institutet, Huddinge", None, None, "Sweden",
                    "Laboratory of Clinical Immunology, Karolinska Institutet, Huddinge, Sweden"),  # not marked up
    )


def test_pmc_structured_abstract_keeps_section_titles(pmc):
    assert pmc[0].abstract == (
        "Background: Mesenchymal stromal cells (MSCs) from adipose tissue restrain natural killer (NK) cells, but "
        "which NK-cell subsets respond is unclear. Methods: We co-cultured CD56bright and CD56dim NK cells with "
        "adipose-derived MSCs in vitro and measured IFN-γ release and degranulation. Results: MSCs reduced IFN-γ "
        "release by CD56bright cells by half, through prostaglandin E2. Conclusions: Adipose-derived MSCs act "
        "chiefly on the cytokine-producing NK-cell subset."
    )
    assert pmc[0].keywords == ("natural killer cells", "mesenchymal stromal cells", "CD56bright", "prostaglandin E2",
                               "immunomodulation")


def test_pmc_funding_back_matter_and_copyright(pmc):
    article = pmc[0]
    assert article.grants == (
        Grant("Ministerio de Ciencia e Innovación", "PID2019-000000RB-I00",
              raw="Ministerio de Ciencia e Innovación PID2019-000000RB-I00"),
        Grant("Swedish Research Council", "2018-00001", raw="Swedish Research Council 2018-00001 2018-00002"),
        Grant("Swedish Research Council", "2018-00002", raw="Swedish Research Council 2018-00001 2018-00002"),
    )
    assert article.sections == (
        Section("acknowledgements", "Acknowledgments",
                "We thank the blood donors and the staff of the flow cytometry core facility."),
        Section("conflict-of-interest", "Conflict of interest",
                "The authors declare that the research was conducted in the absence of any commercial or financial "
                "relationships that could be construed as a potential conflict of interest."),
        Section("funding", "Funding",
                "This work was supported by the Ministerio de Ciencia e Innovación (PID2019-000000RB-I00) and the "
                "Swedish Research Council (2018-00001, 2018-00002)."),
    )
    assert (article.copyright_holder, article.copyright_year) == (
        "Ñúñez-García, van der Berg, O'Brien, Müller, NK-MSC Consortium and de la Fuente", 2021)
    assert article.is_review is False


def test_pmc_element_citation_fields_with_a_rendered_raw_string(pmc):
    ref = pmc[0].references[0]
    assert (ref.number, ref.location) == (1, Location(str(PMC), 183))
    assert ref.raw == ("Sotiropoulou PA, Perez SA, Gritzapis AD, Baxevanis CN, Papamichail M. Interactions between "
                       "human mesenchymal stem cells and natural killer cells. Stem Cells. 2006;24(1):74-85.")
    assert ref.work == Work(
        title="Interactions between human mesenchymal stem cells and natural killer cells",
        authors=(PersonName("Sotiropoulou", "PA"), PersonName("Perez", "SA"), PersonName("Gritzapis", "AD"),
                 PersonName("Baxevanis", "CN"), PersonName("Papamichail", "M")),
        year=2006, container="Stem Cells", volume="24", issue="1", first_page="74", last_page="85")


def test_pmc_marked_up_mixed_citation_keeps_its_printed_text_and_et_al(pmc):
    ref = pmc[0].references[1]
    assert ref.number == 2
    assert ref.raw.startswith("Spaggiari GM, Capobianco A, Becchetti S, et al. Mesenchymal stem cell-natural killer")
    assert ref.raw.endswith("NK-cell proliferation. Blood (2006) 107:1484–1490.")
    assert (ref.work.authors[0], len(ref.work.authors), ref.work.et_al) == (PersonName("Spaggiari", "GM"), 3, True)
    assert (ref.work.container, ref.work.year, ref.work.volume, ref.work.pages) == ("Blood", 2006, "107", "1484-1490")


def test_pmc_plain_mixed_citation_is_parsed_and_its_abbreviated_pages_expanded(pmc):
    ref = pmc[0].references[2]
    assert ref.raw == "Kärre K. Natural killer cell recognition of missing self. Nat Immunol. 2008;9(5):477–80."
    assert ref.work == Work(title="Natural killer cell recognition of missing self",
                            authors=(PersonName("Kärre", "K"),), year=2008, container="Nat Immunol", volume="9",
                            issue="5", first_page="477", last_page="480")


def test_pmc_book_chapter_collective_author_and_identifiers(pmc):
    chapter, consortium = pmc[0].references[3].work, pmc[0].references[4].work
    assert (chapter.type, chapter.title, chapter.container, chapter.publisher, chapter.editors, chapter.pages) == (
        "chapter", "Natural killer cells and mesenchymal stromal cells", "Natural Killer Cells: Methods and Protocols",
        "Humana Press", (PersonName("Lanier", "LL"),), "101-118")
    assert consortium.authors == (PersonName("NK-MSC Consortium"),)
    assert (consortium.first_page, consortium.last_page) == ("e00101", None)
    assert consortium.identifiers == (Identifier("doi", "10.5555/fimmu.2019.00101"), Identifier("pmid", "99000002"))
    assert pmc[0].references[4].raw.endswith("2019;10:e00101. doi: 10.5555/fimmu.2019.00101 PMID: 99000002")


def test_pmc_unreadable_reference_is_kept_with_a_warning(pmc):
    article, warnings = pmc
    assert [r.number for r in article.references] == [1, 2, 3, 4, 5, 6]
    assert warnings == ["244: warning: reference 6 could not be read (no authors, no year): 'Ibid.'"]


# ------------------------------------------------------------------------- publisher review


def test_review_type_subtitle_and_missing_pages(review):
    article, warnings = review
    work = article.work
    assert article.is_review is True
    assert work.title == ("Licensed to kill, or to be killed? Natural killer cells and mesenchymal stromal cells "
                          "in allogeneic transplantation")
    assert (work.container, work.volume, work.issue, work.first_page, work.last_page) == (
        "Cellular Therapy and Immunology", None, None, None, None)
    assert (work.year, work.date) == (2022, "2022-03-07")  # from @iso-8601-date
    assert work.identifiers == (Identifier("doi", "10.5555/ctim.2022.0117"),)
    assert warnings == []


def test_review_authors_from_string_names_inline_and_group_affiliations(review):
    article = review[0]
    assert article.authors == (
        Author(PersonName("Lindqvist", "Åsa"), ("a1",)),
        Author(PersonName("Dubois", "Jean-Luc"), ("a1", "a2"), corresponding=True, email="jl.dubois@example.org"),
        Author(PersonName("Ó Súilleabháin", "Seán"), ("#1",)),  # the aff inside the contrib, which has no id
        Author(PersonName("Tanaka", "Hiroshi"), ("a3",)),  # plain string-name; the group's unreferenced aff
    )
    assert article.affiliations[1:3] == (
        Affiliation("a1", "Karolinska Institutet", "Division of Clinical Immunology, Department of Laboratory Medicine",
                    "Stockholm", "Sweden",
                    "Division of Clinical Immunology, Department of Laboratory Medicine, Karolinska Institutet, "
                    "Stockholm, Sweden"),
        Affiliation("a2", "Institut Curie", None, "Paris", "France", "Institut Curie, 26 rue d'Ulm, Paris, France"),
    )
    assert [a.label for a in article.affiliations] == ["#1", "a1", "a2", "a3"]


def test_review_abstract_back_matter_and_copyright_statement(review):
    article = review[0]
    assert article.abstract.startswith("Natural killer (NK) cells and mesenchymal stromal cells (MSCs) meet")
    assert "prostaglandin E2, and what" in article.abstract and "Graphical" not in article.abstract
    assert article.keywords == ("NK cells", "Mesenchymal stromal cells", "Graft-versus-host disease")
    assert [(s.kind, s.title) for s in article.sections] == [
        ("acknowledgements", "Acknowledgements"), ("conflict-of-interest", "Declaration of competing interest")]
    assert (article.copyright_holder, article.copyright_year) == ("Example Academic Press Ltd", 2022)
    assert article.grants == ()


def test_review_references_numbered_by_position(review):
    refs = review[0].references
    assert [r.number for r in refs] == [1, 2, 3, 4]
    poggi = refs[1]  # citation-alternatives: fields from element-citation, raw from mixed-citation
    assert poggi.raw.startswith("Poggi, A., Prevosto, C., Massaro, A.M., et al., 2005. Interaction between")
    assert (poggi.work.et_al, poggi.work.container, poggi.work.pages) == (True, "J. Immunol.", "6352-6360")
    assert refs[2].work == Work(title="Janeway's Immunobiology", authors=(PersonName("Murphy", "K."),
                                PersonName("Weaver", "C.")), year=2016, type="book", publisher="Garland Science")
    assert refs[2].raw == "Murphy K, Weaver C. Janeway's Immunobiology. Garland Science; 2016."
    assert refs[3].work.authors[0] == PersonName("Casado", "J.G.") and refs[3].work.year == 2013


# ------------------------------------------------------------------------- detection and bad input


def test_sniff_needs_a_jats_article_root_not_a_file_name():
    assert jats.sniff(minimal("<title-group><article-title>T</article-title></title-group>"))
    assert jats.sniff('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96)//EN" "x.dtd">\n<article/>')
    assert not jats.sniff('<article xmlns="http://docbook.org/ns/docbook"><title>T</title></article>')
    assert not jats.sniff("<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>")
    assert not jats.sniff("<html><body><article><front>x</front></article></body></html>")
    assert not jats.sniff("An article about <front> matter")


def test_malformed_xml_names_the_parsers_line_and_column():
    path = DATA / "c_malformed.xml"
    with pytest.raises(ReadError) as caught:
        jats.read(path.read_text(encoding="utf-8"), str(path))
    assert caught.value.location == Location(str(path), 10, 76)
    assert str(caught.value) == (f"{path}:10:76: malformed XML: Opening and ending tag mismatch: italic line 10 "
                                 "and article-title")


def test_column_counts_characters_not_bytes():
    with pytest.raises(ReadError) as caught:
        jats.read("<article>\n<front>ééé</article>", "x.xml")
    assert caught.value.location == Location("x.xml", 2, 18)  # libxml2 says byte 21: after "</article>"


def test_no_article_title_names_the_title_group():
    path = DATA / "d_no_title.xml"
    with pytest.raises(ReadError, match=r"d_no_title\.xml:10: no article-title in <article-meta>"):
        jats.read(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize(("text", "message"), [
    ("<html><body/></html>", "x.xml:1: root element <html> is not a JATS <article>"),
    ("<article>\n<body/></article>", "x.xml:1: no <front>/<article-meta> in the JATS article"),
])
def test_not_a_jats_article(text, message):
    with pytest.raises(ReadError) as caught:
        jats.read(text, "x.xml")
    assert str(caught.value) == message


def test_a_default_namespace_changes_nothing():
    text = minimal("<title-group><article-title>NK cells</article-title></title-group>",
                   root='<article xmlns="http://jats.nlm.nih.gov/ns/archiving/1.3/" article-type="review-article">')
    (article,), _ = jats.read(text, "x.xml")
    assert (article.work.title, article.is_review) == ("NK cells", True)


def test_entities_are_not_expanded_from_outside_and_html_ones_become_characters():
    text = ('<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD '
            'v1.3//EN" "JATS-journalpublishing1-3.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
            '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            "<article><front><article-meta><title-group><article-title>NK&nbsp;cells&mdash;MSCs&xxe;&b;"
            "</article-title></title-group></article-meta></front></article>")
    (article,), _ = jats.read(text, "x.xml")
    assert article.work.title == "NK cells—MSCs"


def test_encoding_declaration_of_a_decoded_text_is_ignored():
    text = minimal("<title-group><article-title>Müller</article-title></title-group>").replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>')
    (article,), _ = jats.read(text, "x.xml")
    assert article.work.title == "Müller"


@pytest.mark.parametrize(("dates", "expected"), [
    ('<pub-date pub-type="epub"><day>20</day><month>10</month><year>2005</year></pub-date>'
     '<pub-date pub-type="ppub"><day>15</day><month>02</month><year>2006</year></pub-date>', (2006, "2006-02-15")),
    ('<pub-date pub-type="epub-ppub"><month>7</month><year>2019</year></pub-date>', (2019, "2019-07")),
    ('<pub-date date-type="pub" publication-format="print"><year>2020</year></pub-date>'
     '<pub-date date-type="pub" publication-format="electronic"><day>3</day><month>1</month><year>2020</year>'
     "</pub-date>", (2020, "2020-01-03")),
    ('<pub-date pub-type="pmc-release"><year>2021</year></pub-date>', (None, None)),
    ('<pub-date><season>Spring</season><year>2004</year></pub-date>', (2004, None)),
])
def test_the_issue_date_is_preferred_to_the_online_one(dates, expected):
    (article,), _ = jats.read(minimal(f"<title-group><article-title>T</article-title></title-group>{dates}"), "x")
    assert (article.work.year, article.work.date) == expected


def test_a_reference_without_any_citation_is_a_warning():
    back = '<back><ref-list><ref id="r1"><label>[7]</label><note>nothing</note></ref></ref-list></back>'
    (article,), warnings = jats.read(minimal("<title-group><article-title>T</article-title></title-group>",
                                             back=back), "x.xml")
    assert article.references == ()
    assert [str(w) for w in warnings] == ["x.xml:2: warning: reference 7 has no citation"]


def test_an_xref_to_a_missing_affiliation_is_a_warning():
    meta = ('<title-group><article-title>T</article-title></title-group><contrib-group><contrib>'
            '<name><surname>Rossi</surname><given-names>Ada</given-names></name><xref ref-type="aff" rid="nope"/>'
            "</contrib></contrib-group>")
    (article,), warnings = jats.read(minimal(meta), "x.xml")
    assert article.authors == (Author(PersonName("Rossi", "Ada")),)
    assert [w.message for w in warnings] == ["Ada Rossi: affiliation 'nope' not found"]
