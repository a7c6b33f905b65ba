from ingest.identity import initials, normalise_doi, person_key, work_key
from ingest.records import Identifier, PersonName, Work


def test_initials_agree_across_printed_forms():
    assert initials("Javier G.") == initials("J. G.") == initials("JG") == initials("J.G.") == "JG"
    assert initials("Jean-Luc") == "JL"
    assert initials("Anne") == "A"
    assert initials(None) == initials("") == ""


def test_a_person_is_the_same_whether_printed_apa_or_vancouver():
    assert person_key(PersonName("Sotiropoulou", "P. A.")) == person_key(PersonName("Sotiropoulou", "PA"))
    assert person_key(PersonName("Sánchez", "F")) == person_key(PersonName("Sanchez", "F."))


def test_two_different_orcids_are_never_the_same_person():
    name = PersonName("Chen", "L.")
    assert person_key(name, "0000-0001-0000-0001") != person_key(name, "0000-0001-0000-0002")
    assert person_key(name, "0000-0001-0000-0001") != person_key(name)


def test_a_work_is_known_by_title_year_first_author_then_doi_then_pmid():
    a = Work(title="Natural killer cell recognition of missing self.", year=2008, authors=(PersonName("Kärre"),))
    b = Work(title="Natural Killer Cell Recognition of Missing Self", year=2008, authors=(PersonName("Karre", "K"),),
             identifiers=(Identifier("doi", "10.1038/ni0508-477"),))
    assert work_key(a) == work_key(b)  # printed with and without its DOI: one work
    untitled = Work(identifiers=(Identifier("doi", "https://doi.org/10.1182/Blood-2005"),))
    assert work_key(untitled) == ("doi", "10.1182/blood-2005")
    assert work_key(Work(identifiers=(Identifier("pmid", "123"),))) == ("pmid", "123")
    assert work_key(Work(), "raw text") == ("unparsed", "raw text")


def test_doi_normalisation():
    assert normalise_doi("doi: 10.1007/S12015-013-9430-Y") == "10.1007/s12015-013-9430-y"
