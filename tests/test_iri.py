from crosstalk.iri import Minter, key_hash, normalise


def test_same_key_gives_same_iri_whatever_the_spelling():
    mint = Minter("http://example.org/")
    assert mint("br", "Mesenchymal stem cells", 2006) == mint("br", "mesenchymal  STEM cells.", "2006")
    assert mint("br", "Sánchez") == mint("br", "Sanchez")


def test_kind_is_part_of_the_identity():
    mint = Minter("http://example.org/")
    assert mint("br", "x") != mint("ra", "x")
    assert mint("br", "x").value.startswith("http://example.org/br/")


def test_kind_of_recognises_only_minted_iris():
    mint = Minter("http://example.org/")
    assert mint.kind_of(mint("ar", "a").value) == "ar"
    assert mint.kind_of("http://elsewhere.org/br/1") is None
    assert mint.kind_of("http://example.org/unknown/1") is None


def test_unknown_kind_is_refused():
    import pytest

    with pytest.raises(ValueError):
        Minter("http://example.org/")("nope", "x")


def test_normalise_and_hash_are_stable():
    assert normalise("  In’t Anker, P.S. ") == "in t anker p s"
    assert key_hash("a", None, 1) == key_hash("A", "", "1")
    assert len(key_hash("a")) == 20
