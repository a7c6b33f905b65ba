"""Issue 2's acceptance, through the command line as a user runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CL = "http://purl.obolibrary.org/obo/"


def run(*args: str, env: dict, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "crosstalk", *args], env=env, cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"crosstalk {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli") / "store"
    env = {**os.environ, "CROSSTALK_STORE": str(store), "COLUMNS": "200"}
    proc = run("ingest", "corpus/", env=env)
    assert "added" in proc.stderr
    return env


def select(env: dict, sparql: str) -> list[dict[str, str]]:
    out = run("query", sparql, "--format", "json", env=env).stdout
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(out)["results"]["bindings"]]


ARTICLE = "?a a fabio:ReviewArticle ; dcterms:title ?article_title ."


def test_article_metadata(env):
    (row,) = select(env, f"""SELECT (?article_title AS ?title) ?journal ?volume ?issue ?start ?end ?year WHERE {{
        {ARTICLE}
        ?a frbr:partOf ?i . ?i a fabio:JournalIssue ; fabio:hasSequenceIdentifier ?issue ; frbr:partOf ?v .
        ?v fabio:hasSequenceIdentifier ?volume ; frbr:partOf ?j . ?j dcterms:title ?journal .
        ?a frbr:embodiment ?m . ?m prism:startingPage ?start ; prism:endingPage ?end .
        ?a prism:publicationDate ?year }}""")
    assert row == {"title": "NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity",
                   "journal": "Stem Cell Reviews and Reports", "volume": "9", "issue": "2",
                   "start": "184", "end": "189", "year": "2013"}


def test_authors_in_order_and_the_corresponding_author(env):
    rows = select(env, f"""SELECT ?given ?family ?corresponding WHERE {{ {ARTICLE}
        ?a pro:isDocumentContextFor ?r . ?r pro:withRole pro:author ; ct:position ?pos ; pro:isHeldBy ?p .
        ?p foaf:givenName ?given ; foaf:familyName ?family .
        BIND(EXISTS {{ ?a pro:isDocumentContextFor ?c . ?c pro:withRole scoro:corresponding-author ;
                        pro:isHeldBy ?p }} AS ?corresponding) }} ORDER BY ?pos""")
    assert [(r["given"], r["family"], r["corresponding"]) for r in rows] == [
        ("Javier G.", "Casado", "true"), ("R.", "Tarazona", "false"), ("F. M.", "Sanchez-Margallo", "false")]


def test_affiliations_with_organisation_city_and_country(env):
    rows = select(env, f"""SELECT DISTINCT ?family ?orgname ?city ?country WHERE {{ {ARTICLE}
        ?a pro:isDocumentContextFor ?r . ?r pro:withRole pro:author ; pro:isHeldBy ?p ; pro:relatesToOrganization ?u .
        ?p foaf:familyName ?family .
        {{ ?u org:unitOf ?org }} UNION {{ ?u a foaf:Organization BIND(?u AS ?org) }}
        ?org foaf:name ?orgname ; vcard:hasAddress ?ad . ?ad vcard:locality ?city ; vcard:country-name ?country }}
        ORDER BY ?family""")
    assert [tuple(r.values()) for r in rows] == [
        ("Casado", "Minimally Invasive Surgery Centre Jesus Uson", "Caceres", "Spain"),
        ("Sanchez-Margallo", "Minimally Invasive Surgery Centre Jesus Uson", "Caceres", "Spain"),
        ("Tarazona", "University of Extremadura", "Caceres", "Spain")]


def test_keywords_grant_and_review_type(env):
    keywords = select(env, f"SELECT ?k WHERE {{ {ARTICLE} ?a prism:keyword ?k }} ORDER BY ?k")
    assert [r["k"] for r in keywords] == ["Immunomodulation", "Innate Response", "Mesenchymal stem cells",
                                          "NK cell-mediated lysis", "NK cells"]
    (grant,) = select(env, f"SELECT ?n WHERE {{ {ARTICLE} ?a frapo:isFundedBy ?g . ?g frapo:hasGrantNumber ?n }}")
    assert grant["n"] == "PTQ-11-04554"


def test_45_references_each_with_raw_text_and_a_complete_cited_work(env):
    rows = select(env, f"""SELECT ?n ?raw ?title ?year ?journal ?volume ?issue ?start
                                  (COUNT(DISTINCT ?role) AS ?authors) WHERE {{ {ARTICLE}
        ?a frbr:part ?be . ?be a biro:BibliographicReference ; ct:position ?n ; c4o:hasContent ?raw ;
           biro:references ?w . ?a cito:cites ?w .
        ?w dcterms:title ?title ; prism:publicationDate ?year ; frbr:embodiment/prism:startingPage ?start ;
           frbr:partOf ?i . ?i fabio:hasSequenceIdentifier ?issue ; frbr:partOf ?v .
        ?v fabio:hasSequenceIdentifier ?volume ; frbr:partOf/dcterms:title ?journal .
        ?w pro:isDocumentContextFor ?role . ?role pro:withRole pro:author }}
        GROUP BY ?n ?raw ?title ?year ?journal ?volume ?issue ?start ORDER BY ?n""")
    assert [int(r["n"]) for r in rows] == list(range(1, 46))
    by_number = {int(r["n"]): r for r in rows}
    assert by_number[11]["start"] == "e1886" and by_number[11]["journal"] == "PLoS One"
    assert by_number[12]["journal"] == "American Journal of Physiology. Lung Cellular and Molecular Physiology"
    assert by_number[31]["journal"] == "Rheumatology (Oxford, England)"
    assert by_number[18]["authors"] == "5" and by_number[18]["year"] == "2006"
    assert by_number[19]["raw"].startswith("Spaggiari, G. M., Capobianco, A.")


def test_concepts_attached_with_their_cell_ontology_matches(env):
    rows = select(env, f"""SELECT DISTINCT ?match WHERE {{ {ARTICLE}
        ?a dcterms:subject ?c . ?c skos:exactMatch ?match }}""")
    matches = {r["match"] for r in rows}
    assert {CL + "CL_0000623", CL + "CL_0000134"} <= matches


def test_validate_reports_no_violation(env):
    proc = run("validate", env=env)
    assert "no violation" in proc.stdout


def test_query_formats(env):
    ask = run("query", "ASK { ?a a fabio:ReviewArticle }", "--format", "json", env=env).stdout
    assert json.loads(ask)["boolean"] is True
    ttl = run("query", "CONSTRUCT { ?a dcterms:title ?t } WHERE { ?a a fabio:ReviewArticle ; dcterms:title ?t }",
              "--format", "nt", env=env).stdout
    assert ttl.count("\n") == 1 and "NK and MSCs Crosstalk" in ttl
    csv = run("query", "SELECT ?t WHERE { ?a a fabio:ReviewArticle ; dcterms:title ?t }", "--format", "csv",
              env=env).stdout
    assert csv.splitlines()[0] == "t"
    bad = run("query", "SELECT WHERE {", env=env, check=False)
    assert bad.returncode == 2 and "bad query" in bad.stderr


def test_export_and_stats(env, tmp_path):
    out = tmp_path / "dump.nq"
    run("export", "--output", str(out), env=env)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1000 and all(line.endswith(" .") for line in lines)
    stats = run("stats", env=env).stdout
    assert "bibliographic references" in stats and "45" in stats


def test_reingest_changes_nothing(env):
    proc = run("ingest", "corpus/", env=env)
    assert "unchanged" in proc.stderr


def test_refs_parse_reads_stdin_lines(env):
    line = ("Chen, L., Tredget, E. E., Wu, P. Y., & Wu, Y. (2008). Paracrine factors of mesenchymal stem cells "
            "recruit macrophages and endothelial lineage cells and enhance wound healing. PLoS One, 3(4), "
            "e1886.PubMedCrossRefGoogle Scholar\n")
    out = run("refs", "parse", env=env, stdin=line * 2).stdout.splitlines()
    assert len(out) == 2
    parsed = json.loads(out[0])
    assert parsed["authors"][0] == {"family": "Chen", "given": "L."}
    assert (parsed["year"], parsed["container"], parsed["volume"], parsed["issue"], parsed["pages"]) == (
        "2008", "PLoS One", "3", "4", "e1886")
    assert parsed["links"] == ["PubMed", "CrossRef", "Google Scholar"]


def test_ingest_of_a_missing_or_bad_file_exits_non_zero_and_names_it(env, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = run("ingest", str(empty), str(tmp_path / "missing.txt"), env=env, check=False)
    assert proc.returncode == 1
    assert f"{empty}:1: file is empty" in proc.stderr.replace("\n", "")
    assert "missing.txt: no such file" in proc.stderr.replace("\n", "")
