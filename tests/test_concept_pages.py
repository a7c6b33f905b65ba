"""Concept pages: the works that mention a concept and the claims that involve it.

Against a real server on 127.0.0.1 holding the seed review ingested with concepts and
claims (as `crosstalk ingest` does) and the ontology. A concept's page (GET /describe?iri=…)
lists every claim in which it, or a narrower concept, is the subject, the object or the
cell whose process is the object (ct:ofCell) — the same claims as the saved query
claims-about-concept.rq with narrower=true — each with its kind, negation, evidence, the
reference it was read from and the cited work.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from conftest import free_port, live_server

from crosstalk.iri import Minter
from crosstalk.store import OxigraphStore
from crosstalk.vocab import IMMUNO
from ingest.loader import default_claims, default_concepts, ingest_file, load_ontology

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"
TITLE = "NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity"
MSC = IMMUNO.iri + "MesenchymalStemCell"
NK = IMMUNO.iri + "NaturalKillerCell"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, OxigraphStore]]:
    """(base URL, the store it serves): the seed with concepts and claims, and the ontology."""
    folder = tmp_path_factory.mktemp("concepts")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    store = OxigraphStore(folder / "store")
    result = ingest_file(SEED, store, Minter(url), concepts=default_concepts(), claims=default_claims())
    assert result.status == "added", result.error
    load_ontology(store, Minter(url))
    store.publish()
    with live_server(folder / "store", port=port) as running:
        yield running.url, store


@pytest.fixture(scope="module")
def client(site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site[0], follow_redirects=False, timeout=30) as c:
        yield c


class Claims(HTMLParser):
    """Each <li class="claim …">: its classes, its text and its links (href, text)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.items: list[dict] = []
        self.section = ""
        self._depth = 0
        self._in_section = 0
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in self.VOID:
            return
        if self._in_section:
            self._in_section += 1
        elif "concept-claims" in classes:
            self._in_section = 1
        if self._depth:
            self._depth += 1
        elif tag == "li" and "claim" in classes:
            self._depth = 1
            self.items.append({"classes": set(classes), "text": "", "links": []})
        if tag == "a" and self._depth:
            self._href = attrs.get("href")
            self.items[-1]["links"].append([self._href, ""])

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag == "a":
            self._href = None
        if self._depth:
            self._depth -= 1
        if self._in_section:
            self._in_section -= 1

    def handle_data(self, data):
        if self._in_section:
            self.section += data
        if self._depth:
            self.items[-1]["text"] += data
            if self._href is not None:
                self.items[-1]["links"][-1][1] += data


def words(s: str) -> str:
    return " ".join(s.split())


def concept_page(client: httpx.Client, iri: str) -> str:
    r = client.get("/describe", params={"iri": iri}, headers={"Accept": "text/html"})
    assert r.status_code == 200, r.text
    return r.text


def claims_on(client: httpx.Client, iri: str) -> list[dict]:
    items = Claims(concept_page(client, iri)).items
    for item in items:
        item["text"] = words(item["text"])
        item["links"] = [(href, words(label)) for href, label in item["links"]]
    return items


def one(items: list[dict], *fragments: str) -> dict:
    found = [i for i in items if all(f in i["text"] for f in fragments)]
    assert len(found) == 1, (fragments, [i["text"] for i in items])
    return found[0]


def claims_in_store(store: OxigraphStore, concept: str) -> set[str]:
    """claims-about-concept.rq with narrower=true, the concept written in."""
    sparql = f"""PREFIX ct: <https://w3id.org/crosstalk/vocab#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?claim WHERE {{
      {{ ?claim rdf:subject ?m }} UNION {{ ?claim rdf:object ?m }} UNION {{ ?claim ct:ofCell ?m }}
      ?claim a ct:Claim . ?m rdfs:subClassOf* <{concept}> }}"""
    return {row[0].value for row in store.query(sparql)}


def test_the_msc_page_lists_the_claim_of_reference_19_with_its_evidence(client, site):
    base, _ = site
    items = claims_on(client, MSC)
    claim = one(items, "mesenchymal stem cell inhibits cell proliferation of natural killer cell")
    assert "“MSCs can inhibit IL-2-induced NK-cell proliferation”" in claim["text"] or \
        "MSCs can inhibit IL-2-induced NK-cell proliferation" in claim["text"]
    assert "finding" in claim["classes"] and "negated" not in claim["classes"]
    assert "as subject" in claim["text"]
    links = dict((label, href) for href, label in claim["links"])
    assert links["reference 19"].startswith("/be/")  # the bibliographic reference it was read from
    assert links[TITLE].startswith("/br/")  # the article whose reference list holds it
    cited = next(label for label in links if label.startswith("Mesenchymal stem cell-natural killer cell interactions"))
    assert links[cited].startswith("/br/")  # the cited work, whose authors state it
    assert links["mesenchymal stem cell inhibits cell proliferation of natural killer cell"].startswith("/claim/")


def test_the_msc_page_includes_narrower_concepts_hypotheses_and_negations(client):
    items = claims_on(client, MSC)
    adipose = one(items, "adipose-derived mesenchymal stem cell inhibits natural killer cell")
    assert "via adipose-derived mesenchymal stem cell" in adipose["text"] and "reference 22" in adipose["text"]
    hypothesis = one(items, "inflammation regulates interaction")
    assert "hypothesis" in hypothesis["classes"] and "as of cell" in hypothesis["text"]
    assert any(label == TITLE for _, label in hypothesis["links"])  # read from the article itself
    negated = one(items, "mesenchymal stem cell does not inhibit natural killer cell")
    assert "negated" in negated["classes"] and "✗ negated" in negated["text"] and "reference 16" in negated["text"]
    lysed = one(items, "natural killer cell lyses mesenchymal stem cell")
    assert "as object" in lysed["text"]


@pytest.mark.parametrize("concept", [MSC, NK, IMMUNO.iri + "ProstaglandinE2", IMMUNO.iri + "Cell"])
def test_a_concept_page_lists_the_same_claims_as_the_saved_query(client, site, concept):
    _, store = site
    expected = claims_in_store(store, concept)
    assert expected or concept != MSC
    items = claims_on(client, concept)
    shown = [next(href for href, _ in item["links"] if href.startswith("/claim/")) for item in items]
    assert len(shown) == len(set(shown))  # each claim once, whatever its roles
    assert {site[0] + h[1:] for h in shown} == expected


def test_the_nk_page_shows_claims_where_nk_cells_are_the_object(client):
    items = claims_on(client, NK)
    pgd2 = one(items, "prostaglandin D2 inhibits natural killer cell")
    assert "as object" in pgd2["text"] and "Prostaglandin D2 suppresses human NK cell function" in pgd2["text"]
    assert "reference 40" in pgd2["text"]
    adipose = one(items, "adipose-derived mesenchymal stem cell inhibits natural killer cell")
    assert "as object" in adipose["text"] and "impair NK cell function" in adipose["text"]
    negated = one(items, "mesenchymal stem cell does not inhibit natural killer cell")
    assert "as object" in negated["text"] and "negated" in negated["classes"]
    proliferation = one(items, "cell proliferation of natural killer cell")
    assert "as of cell" in proliferation["text"]
    assert not any("(via " in i["text"] for i in items)  # NK cell has no narrower concept


def test_the_works_that_mention_the_concept_are_still_listed(client):
    html = concept_page(client, NK)
    assert TITLE in html
    section = words(Claims(html).section)
    assert section.startswith("Claims involving it (")
    assert "/ontology#NaturalKillerCell" in html  # its definition in the ontology documentation


def test_every_link_of_the_claims_resolves(client):
    hrefs = {href for item in claims_on(client, MSC) for href, _ in item["links"]}
    assert hrefs
    for href in sorted(hrefs):
        r = client.get(href, headers={"Accept": "text/html"})
        assert r.status_code in (200, 303), href


def test_a_concept_without_claims_says_so(client):
    html = concept_page(client, IMMUNO.iri + "SERPINB9")
    assert "Claims involving it (0)" in words(html) and "No claim involves it." in html


def test_concept_pages_stay_fast(client):
    concept_page(client, IMMUNO.iri + "Cell")  # warm
    started = time.monotonic()
    for iri in (MSC, NK, IMMUNO.iri + "Cell", IMMUNO.iri + "Process"):
        concept_page(client, iri)
    assert time.monotonic() - started < 5


def test_other_pages_get_no_claims_section(client, site):
    _, store = site
    article = next(iter(store.query("PREFIX fabio: <http://purl.org/spar/fabio/> "
                                    "SELECT ?a WHERE { ?a a fabio:ReviewArticle }")))[0].value
    html = client.get("/" + article[len(site[0]):] + ".html").text
    assert "concept-claims" not in html
