"""The immunology ontology: generated, consistent (HermiT), labelled, and matched only to verified ids.

The identifier checks read the shared, verified list (../shared/ontology-ids.tsv) in place and
are skipped where it is absent; everything else needs only the repository (and Java for HermiT).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import owlready2
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, URIRef

from ontology import build

ROOT = Path(__file__).resolve().parents[1]
TURTLE = ROOT / "ontology" / "immuno.ttl"
SHARED_IDS = ROOT.parent / "shared" / "ontology-ids.tsv"
IMMUNO = build.ONTOLOGY_IRI + "#"
MATCHES = tuple(SKOS[r] for r in build.MAPPING_RELATIONS)
BRANCHES = {t.name for t in build.TERMS if t.branch}


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(TURTLE)


def immuno_classes(graph: rdflib.Graph) -> list[URIRef]:
    return sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(IMMUNO))


# --- generated, and up to date -----------------------------------------------------------


def test_turtle_is_what_build_writes(tmp_path: Path) -> None:
    """Run as a user would, in a process with another hash seed: same bytes as the checked-in file."""
    out = tmp_path / "immuno.ttl"
    env = {**os.environ, "PYTHONHASHSEED": "4321"}
    subprocess.run([sys.executable, "-m", "ontology.build", str(out)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    assert out.read_bytes() == TURTLE.read_bytes(), "ontology/immuno.ttl is stale: run python -m ontology.build"


def test_turtle_uses_the_project_prefixes() -> None:
    head = TURTLE.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert f"@prefix immuno: <{IMMUNO}> ." in head
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in head


# --- HermiT -------------------------------------------------------------------------------


def load_world(graph: rdflib.Graph) -> tuple[owlready2.World, owlready2.Ontology]:
    """A fresh World holding the ontology (owlready2 reads N-Triples, not Turtle)."""
    java = shutil.which("java")
    assert java, "HermiT needs Java: install Debian's default-jre-headless (make system)"
    owlready2.JAVA_EXE = java
    world = owlready2.World()
    data = graph.serialize(format="nt", encoding="utf-8")
    onto = world.get_ontology(build.ONTOLOGY_IRI).load(fileobj=io.BytesIO(data), format="ntriples")
    return world, onto


def test_hermit_finds_the_ontology_consistent(graph: rdflib.Graph) -> None:
    world, _ = load_world(graph)
    try:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        pytest.fail("HermiT: ontology/immuno.ttl is inconsistent")
    assert list(world.inconsistent_classes()) == []  # no class equivalent to owl:Nothing
    world.close()


def test_hermit_detects_an_inconsistent_addition(graph: rdflib.Graph) -> None:
    """The check above can fail: one individual that is both a T cell and an NK cell."""
    world, onto = load_world(graph)
    with onto:
        chimera = onto.TCell("chimera")
        chimera.is_a.append(onto.NaturalKillerCell)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    world.close()


# --- content ------------------------------------------------------------------------------


def test_every_class_has_an_english_label_and_a_definition(graph: rdflib.Graph) -> None:
    classes = immuno_classes(graph)
    assert len(classes) == len(build.TERMS)
    for c in classes:
        labels = list(graph.objects(c, RDFS.label))
        assert [getattr(lbl, "language", None) for lbl in labels] == ["en"], c
        assert list(graph.objects(c, SKOS.definition)), c
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", c.removeprefix(IMMUNO)), c


def test_concepts_carry_skos_labels_and_branches_do_not(graph: rdflib.Graph) -> None:
    """The linker links SKOS labels; a branch class ("cell") would tag every paper."""
    for c in immuno_classes(graph):
        pref = list(graph.objects(c, SKOS.prefLabel))
        if c.removeprefix(IMMUNO) in BRANCHES:
            assert not pref and not list(graph.objects(c, SKOS.altLabel)), c
        else:
            assert pref == list(graph.objects(c, RDFS.label)), c


def test_seed_terms_and_their_synonyms(graph: rdflib.Graph) -> None:
    def alt(name: str) -> set[str]:
        return {str(o) for o in graph.objects(URIRef(IMMUNO + name), SKOS.altLabel)}

    assert {"NK cell", "NK"} <= alt("NaturalKillerCell")
    assert "MSC" in alt("MesenchymalStemCell")
    assert "DC" in alt("DendriticCell")
    assert "iNKT" in alt("InvariantNaturalKillerTCell")
    assert {"PGE2", "prostaglandin e(2)"} <= alt("ProstaglandinE2")
    assert {"gammadelta T cell", "\u03b3\u03b4 T cell"} <= alt("GammaDeltaTCell")
    assert {"IFN-gamma", "interferon-gamma", "IFN-\u03b3"} <= alt("InterferonGamma")


def test_hierarchy_and_disjoint_branches(graph: rdflib.Graph) -> None:
    def parents(name: str) -> set[str]:
        return {str(o).removeprefix(IMMUNO) for o in graph.objects(URIRef(IMMUNO + name), RDFS.subClassOf)}

    assert parents("NaturalKillerCell") == {"Lymphocyte"}
    assert parents("MesenchymalStemCell") == {"MesenchymalStromalCell", "StemCell"}
    assert parents("Cytokine") == {"Protein"} and parents("Receptor") == {"Protein"}
    assert parents("ProstaglandinE2") == {"LipidMediator"} and parents("LipidMediator") == {"Molecule"}
    groups = [{str(m).removeprefix(IMMUNO) for m in rdflib.collection.Collection(graph, members)}
              for members in graph.objects(None, OWL.members)]
    assert {"Cell", "Molecule", "Process", "Disease"} in groups


@pytest.mark.parametrize(("prop", "domain", "range_"), [
    ("secretes", {"Cell"}, {"Molecule"}),
    ("expresses", {"Cell"}, {"Molecule"}),
    ("lyses", {"Cell"}, {"Cell"}),
    ("inhibits", {"Cell", "Molecule"}, {"Cell", "Molecule", "Process"}),
    ("activates", {"Cell", "Molecule"}, {"Cell", "Molecule", "Process"}),
    ("induces", {"Cell", "Molecule"}, {"Cell", "Molecule", "Process"}),
    ("protectsFrom", {"Cell", "Molecule"}, {"Disease", "Process"}),
    ("recruits", {"Cell", "Molecule"}, {"Cell"}),
])
def test_object_properties(graph: rdflib.Graph, prop: str, domain: set[str], range_: set[str]) -> None:
    subject = URIRef(IMMUNO + prop)
    assert (subject, RDF.type, OWL.ObjectProperty) in graph

    def classes(node: rdflib.term.Node | None) -> set[str]:
        union = graph.value(node, OWL.unionOf)
        members = rdflib.collection.Collection(graph, union) if union else [node]
        return {str(m).removeprefix(IMMUNO) for m in members}

    assert classes(graph.value(subject, RDFS.domain)) == domain
    assert classes(graph.value(subject, RDFS.range)) == range_


# --- external identifiers against the verified list -------------------------------------------

needs_shared = pytest.mark.skipif(not SHARED_IDS.exists(), reason="../shared/ontology-ids.tsv is not here")


def read_ids(path: Path = SHARED_IDS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def row_text(row: dict[str, str]) -> str:
    return "\t".join(v or "" for v in row.values())


def identifier_forms(iri: str) -> list[str]:
    """The IRI and the forms the list also writes it in: CL:0000499 for an OBO IRI, D015843 for MeSH."""
    local = iri.rsplit("/", 1)[-1]
    if iri.startswith(build.OBO):
        return [iri, local.replace("_", ":", 1)]
    if iri.startswith(build.MESH):
        return [iri, local]
    return [iri]


def mentions(text: str, iri: str) -> bool:
    return any(re.search(rf"(?<![\w:/]){re.escape(form)}(?![\w])", text) for form in identifier_forms(iri))


def external_matches(graph: rdflib.Graph) -> list[tuple[str, str, str]]:
    """(term local name, SKOS relation, IRI) for every mapping triple in the Turtle."""
    return sorted((str(s).removeprefix(IMMUNO), str(p).removeprefix(str(SKOS)), str(o))
                  for p in MATCHES for s, o in graph.subject_objects(p))


@needs_shared
def test_every_external_match_is_in_the_verified_list(graph: rdflib.Graph) -> None:
    text = SHARED_IDS.read_text(encoding="utf-8")
    matches = external_matches(graph)
    assert len(matches) == len(build.MAPPINGS)
    assert [m for m in matches if not mentions(text, m[2])] == []


@needs_shared
def test_each_match_cites_the_row_that_verifies_it() -> None:
    by_concept: dict[str, str] = defaultdict(str)
    for row in read_ids():
        by_concept[row["concept"]] += row_text(row) + "\n"
    unverified = [m for m in build.MAPPINGS if not mentions(by_concept.get(m.tsv_concept, ""), m.iri)]
    assert unverified == []


UNVERIFIED = re.compile(r"\b(Wikidata|MeSH|MONDO|PR|CL)\b[^;.]*?\*\*UNVERIFIED\*\*")
NAMESPACES = {"Wikidata": build.WIKIDATA, "MeSH": build.MESH, "MONDO": build.OBO + "MONDO_",
              "PR": build.OBO + "PR_", "CL": build.OBO + "CL_"}


def unverified_rows() -> list[tuple[str, str, list[str], bool, str]]:
    """(concept, namespace, ids the statement names, row has no IRI, row text) per UNVERIFIED statement."""
    out = []
    for row in read_ids():
        text = row_text(row)
        statement = UNVERIFIED.search(text)
        if statement:
            named = [build.OBO + c.replace(":", "_") for c in re.findall(r"\b[A-Z]+:\d+", statement.group())]
            out.append((row["concept"], statement.group(1), named, row["IRI"].strip() in ("", "\u2014"), text))
    return out


@needs_shared
def test_no_unverified_identifier_is_used(graph: rdflib.Graph) -> None:
    rows = unverified_rows()
    assert sorted((r[0], r[1]) for r in rows) == [
        ("HLA-G", "PR"), ("IDO1", "PR"), ("NKG2D (KLRK1)", "PR"), ("SERPINB9", "PR"), ("TGF-beta 1", "PR"),
        ("cell lysis", "MeSH"), ("mesenchymal stromal cell", "CL"), ("natural killer cell", "Wikidata"),
        ("sepsis", "MONDO")]
    terms_of: dict[str, set[str]] = defaultdict(set)
    for m in build.MAPPINGS:
        terms_of[m.tsv_concept].add(m.term)
    matches = external_matches(graph)
    for concept, namespace, named, no_iri, text in rows:
        assert terms_of[concept], f"no term cites the row of {concept!r}"
        for term, relation, iri in matches:
            if term in terms_of[concept]:
                broken = _breaks(NAMESPACES[namespace], named, no_iri, text, relation, iri)
                assert not broken, (concept, term, relation, iri)


def _breaks(namespace: str, named: list[str], no_iri: bool, row: str, relation: str, iri: str) -> bool:
    """Whether a match uses what an UNVERIFIED statement leaves open."""
    if named:  # "the synonym ... on CL:0000134 is UNVERIFIED": no exactMatch to that id
        return relation == "exactMatch" and iri in named
    if not iri.startswith(namespace) or mentions(row, iri):  # other vocabularies, and ids the row gives
        return False
    return no_iri or relation == "exactMatch"  # "Wikidata — UNVERIFIED": nothing; "PR UNVERIFIED": no exact


def test_unverified_identifiers_are_absent(graph: rdflib.Graph) -> None:
    """The list's UNVERIFIED rows, spelled out, so this holds without the shared folder too."""
    matches = external_matches(graph)

    def iris(term: str) -> set[str]:
        return {iri for t, _, iri in matches if t == term}

    assert not {i for i in iris("NaturalKillerCell") if i.startswith(build.WIKIDATA)}
    assert not {i for i in iris("CellLysis") if i.startswith(build.MESH)}
    assert not {i for i in iris("Sepsis") if "MONDO_" in i}
    for term in ("IDO1", "NKG2D", "SERPINB9", "HLAG", "TransformingGrowthFactorBeta1"):
        assert not {i for t, r, i in matches if t == term and r == "exactMatch" and "/PR_" in i}, term
    assert ("MesenchymalStromalCell", "exactMatch", build.OBO + "CL_0000134") not in matches
