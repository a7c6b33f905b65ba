"""Claims (ingest/claims.py): the gold of the seed titles, the review's hypothesis, the
claims in the store after ingest, and the saved queries that answer with them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from crosstalk.iri import Minter
from crosstalk.saved_queries import get_query, ontology_concepts, paginated
from crosstalk.store import OxigraphStore
from crosstalk.vocab import CT, IMMUNO
from ingest.claims import Claim, extract_claims
from ingest.loader import default_claims, default_concepts, ingest_file, load_ontology
from tests.test_concepts import read_gold as read_title_gold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "claims" / "seed_claims_gold.tsv"
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"
ACCEPTANCE = ("13", "16", "19", "22", "36", "39", "40", "42", "43", "44")
MINT = Minter("http://example.org/")
ABSTRACT_HYPOTHESIS = ("This review summarizes the current knowledge in relation to the susceptibility of MSCs "
                       "to NK cell mediated lysis as well as the immunomodulatory activity of MSCs and its "
                       "control over NK cell function. Here we hypothesize that the inflammatory context will "
                       "regulate the outcome of NK-MSC interactions.")

Row = tuple[str, str, str, str, bool, str, str]
"""subject, relation, object, of_cell, negated, kind, evidence (local names; of_cell space-separated)."""


def read_gold(path: Path = GOLD) -> dict[str, list[Row]]:
    """ref -> rows, in file order; '#' lines are the annotation guide."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert lines[0].split("\t") == ["ref", "subject", "relation", "object", "of_cell", "negated", "kind", "evidence"]
    gold: dict[str, list[Row]] = defaultdict(list)
    for line in lines[1:]:
        ref, s, r, o, of_cell, negated, kind, evidence = line.split("\t")
        gold[ref].append((s, r, o, "" if of_cell == "-" else of_cell, negated == "true", kind, evidence))
    return gold


def short(iri: str) -> str:
    return iri.removeprefix(str(IMMUNO)).removeprefix(str(CT))


def row(c: Claim) -> Row:
    return (short(c.subject), short(c.relation), short(c.object), " ".join(short(x) for x in c.of_cell),
            c.negated, c.kind, c.evidence)


def titles() -> dict[str, str]:
    """ref number ('13') -> the title as printed, from the concept linker's gold."""
    return {ident.removeprefix("ref").lstrip("0"): text for ident, text, _ in read_title_gold()
            if ident.startswith("ref")}


# --- extraction -----------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ACCEPTANCE)
def test_acceptance_titles_give_exactly_the_gold(ref: str) -> None:
    assert sorted(row(c) for c in extract_claims(titles()[ref])) == sorted(read_gold()[ref])


def test_precision_and_recall_on_all_45_titles() -> None:
    gold, found = read_gold(), {}
    for ref, title in titles().items():
        found[ref] = {row(c)[:6] for c in extract_claims(title)}
    tp = sum(len(found[r] & {g[:6] for g in gold.get(r, [])}) for r in found)
    fp = sum(len(found[r] - {g[:6] for g in gold.get(r, [])}) for r in found)
    fn = sum(len({g[:6] for g in gold.get(r, [])} - found[r]) for r in found)
    misses = [f"{r}: missed {sorted({g[:6] for g in gold.get(r, [])} - found[r])}, "
              f"extra {sorted(found[r] - {g[:6] for g in gold.get(r, [])})}"
              for r in found if found[r] != {g[:6] for g in gold.get(r, [])}]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\nclaims on the 45 seed titles: precision {precision:.3f} recall {recall:.3f} "
          f"(tp {tp}, fp {fp}, fn {fn})\n  " + "\n  ".join(misses))
    assert len(titles()) == 45
    assert precision >= 0.95 and recall >= 0.8


def test_the_review_states_its_hypothesis() -> None:
    (claim,) = extract_claims(ABSTRACT_HYPOTHESIS)
    assert row(claim) == read_gold()["abstract"][0]
    assert ABSTRACT_HYPOTHESIS[claim.start:claim.end] == claim.evidence
    assert claim.label == "inflammation regulates interaction of natural killer cell and mesenchymal stem cell"


@pytest.mark.parametrize(("text", "expected"), [
    # a participle before a noun is no verb
    ("activated NK cells lyse MSCs", [("NaturalKillerCell", "lyses", "MesenchymalStemCell", "", False)]),
    ("Enhanced MSC recruitment", []),
    # a passive reads right to left; a disease reduced is protection
    ("MSCs are killed by NK cells", [("NaturalKillerCell", "lyses", "MesenchymalStemCell", "", False)]),
    ("MSCs reduce sepsis", [("MesenchymalStemCell", "protectsFrom", "Sepsis", "", False)]),
    # negation, and nothing across a clause boundary
    ("MSCs cannot inhibit NK cells", [("MesenchymalStemCell", "inhibits", "NaturalKillerCell", "", True)]),
    ("MSCs: NK cells inhibit", []),
    # an agent hidden in an interaction is not guessed
    ("Interaction between NK cells and MSCs induces NK cell triggering", []),
])
def test_rules(text: str, expected: list[tuple[str, str, str, str, bool]]) -> None:
    assert [row(c)[:5] for c in extract_claims(text)] == expected


def test_offsets_point_at_the_evidence() -> None:
    for title in titles().values():
        for c in extract_claims(title):
            assert title[c.start:c.end] == c.evidence and c.evidence


# --- in the store, through the saved queries -------------------------------------------------


@pytest.fixture(scope="module")
def seed_store() -> OxigraphStore:
    store = OxigraphStore()
    result = ingest_file(SEED, store, MINT, concepts=default_concepts(), claims=default_claims())
    assert result.status == "added", result.error
    load_ontology(store, MINT)
    return store


def run(store: OxigraphStore, name: str, **params: str) -> list[dict[str, str]]:
    """A saved query run as the server runs it: bound, paged, substituted."""
    query = get_query(name)
    result = store.query(paginated(query, 1, 1000), substitutions=query.bind(params, ontology_concepts()))
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def test_ingested_seed_holds_the_gold_claims_of_the_acceptance_titles(seed_store: OxigraphStore) -> None:
    for ref in ACCEPTANCE:
        rows = run(seed_store, "claims-about-concept", concept="Cell")  # every claim names a cell
        rows += run(seed_store, "claims-about-concept", concept="Molecule")
        stored = {(r["label"], r["evidence"]) for r in rows if r.get("number") == ref}
        expected = {(c.label, c.evidence) for c in extract_claims(titles()[ref])}
        assert stored == expected, ref


def test_which_references_support_that_mscs_inhibit_nk_cells(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "claims-supporting")  # defaults: MSC inhibits NK cell
    assert sorted({int(r["number"]) for r in rows}) == [19, 22, 42]
    by_number = {int(r["number"]): r for r in rows}
    assert by_number[19]["evidence"] == "MSCs can inhibit IL-2-induced NK-cell proliferation"
    assert by_number[22]["reference"].startswith("DelaRosa, O., Sanchez-Correa, B.")


def test_which_references_deny_it(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "claims-supporting", negated="true")
    assert {int(r["number"]) for r in rows} == {16}


def test_who_kills_whom(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "claims-supporting", subject="NK cell", relation="immuno:lyses",
               object="MesenchymalStemCell")
    assert {int(r["number"]) for r in rows} == {19}


def test_what_mscs_secrete(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "claims-secreted-by")
    assert {(short(r["molecule"]), int(r["number"])) for r in rows} == {
        ("ComplementFactorH", 13), ("ProstaglandinE2", 36)}
    assert {r["evidence"] for r in rows} >= {"MSC-derived prostaglandin E2"}


def test_claims_about_pge2(seed_store: OxigraphStore) -> None:
    rows = run(seed_store, "claims-about-concept", concept="PGE2")
    assert {(int(r["number"]), r["role"]) for r in rows} == {(36, "object"), (39, "subject")}


def test_the_reviews_hypothesis(seed_store: OxigraphStore) -> None:
    (hypothesis,) = run(seed_store, "claims-hypotheses")
    assert hypothesis["title"].startswith("NK and MSCs Crosstalk")
    assert hypothesis["evidence"] == "inflammatory context will regulate the outcome of NK-MSC interactions"
    assert short(hypothesis["relation"]) == "regulates" and short(hypothesis["object"]) == "CellInteraction"
    assert sorted(short(c) for c in hypothesis["ofCell"].split()) == ["MesenchymalStemCell", "NaturalKillerCell"]
    assert "number" not in hypothesis  # the review's own, not a reference's


def test_a_claim_is_reified_never_asserted(seed_store: OxigraphStore) -> None:
    assert not seed_store.query("ASK { ?s immuno:inhibits ?o }")
    assert seed_store.query("ASK { ?c a rdf:Statement ; rdf:predicate immuno:inhibits }")
