"""Dereferenceable IRIs, against a real server on 127.0.0.1 holding the ingested seed.

Every minted IRI answers 303 to a document in the format the client asked for (Accept or
``?format=``), with ``Vary: Accept`` and a ``rel="alternate"`` link per format; the
documents are RDF that rdflib reads back, or a page a person can read.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import rdflib
from conftest import free_port, live_server
from pyoxigraph import NamedNode, Quad, QueryBoolean

from crosstalk.describe import describe
from crosstalk.iri import Minter
from crosstalk.store import OxigraphStore
from crosstalk.vocab import CT, DCTERMS, FOAF, PRO
from ingest.loader import default_concepts, ingest_file, load_ontology

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"
TITLE = "NK and MSCs Crosstalk: The Sense of Immunomodulation and Their Sensitivity"
AUTHORS = ["Javier G. Casado", "R. Tarazona", "F. M. Sanchez-Margallo"]
HYDRA_NEXT = rdflib.URIRef("http://www.w3.org/ns/hydra/core#next")


def seed_store(path: Path | None, base: str) -> OxigraphStore:
    """The seed review ingested as `crosstalk ingest` does it (with the ontology)."""
    store = OxigraphStore(path)
    result = ingest_file(SEED, store, Minter(base), concepts=default_concepts())
    assert result.status == "added", result.error
    load_ontology(store, Minter(base))
    return store


def first(store: OxigraphStore, sparql: str) -> str:
    return next(iter(store.query(sparql)))[0].value


@contextmanager
def seed_server(folder: Path) -> Iterator[tuple[str, OxigraphStore]]:
    """`python -m server.run` on 127.0.0.1 serving the seed; its URL is the base of every IRI."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    store = seed_store(folder / "store", url)
    store.publish()
    with live_server(folder / "store", port=port) as running:
        assert running.url == url
        yield url, store


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base URL, the store it serves)."""
    with seed_server(tmp_path_factory.mktemp("entities")) as running:
        yield running


@pytest.fixture(scope="module")
def client(site):
    base, _ = site
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def article(site) -> str:
    _, store = site
    return first(store, "SELECT ?a WHERE { ?a a fabio:ReviewArticle ; dcterms:abstract ?x }")


def path_of(iri: str, base: str) -> str:
    assert iri.startswith(base), iri
    return "/" + iri[len(base):]


# --- 303 and content negotiation ----------------------------------------------------------

@pytest.mark.parametrize(("accept", "ext"), [
    ("text/turtle", "ttl"),
    ("text/html", "html"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8", "html"),  # a browser
    ("*/*", "ttl"),  # curl
    ("text/turtle;q=0.5, application/ld+json", "jsonld"),
    ("text/html;q=0.1, application/rdf+xml;q=0.4, text/*;q=0.3", "rdf"),
])
def test_an_iri_answers_303_to_the_document_for_the_accepted_format(client, site, article, accept, ext):
    base, _ = site
    path = path_of(article, base)
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 303
    assert r.headers["location"] == f"{path}.{ext}"
    assert r.headers["vary"] == "Accept"


def test_the_303_names_every_format_as_an_alternate(client, site, article):
    base, _ = site
    path = path_of(article, base)
    link = client.get(path, headers={"Accept": "text/turtle"}).headers["link"]
    alternates = dict((t, u) for u, t in re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', link))
    assert alternates == {
        "text/turtle": f"{path}.ttl", "text/html": f"{path}.html", "application/ld+json": f"{path}.jsonld",
        "application/n-triples": f"{path}.nt", "application/rdf+xml": f"{path}.rdf"}


def test_format_parameter_overrides_accept(client, site, article):
    base, _ = site
    path = path_of(article, base)
    r = client.get(path, params={"format": "nt"}, headers={"Accept": "text/html"})
    assert (r.status_code, r.headers["location"]) == (303, f"{path}.nt")


def test_following_the_303_gets_the_document_in_that_format(client, site, article):
    base, _ = site
    r = client.get(path_of(article, base), headers={"Accept": "application/ld+json"}, follow_redirects=True)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    assert str(r.url).endswith(".jsonld")


def test_head_answers_as_get_does(client, site, article):
    base, _ = site
    path = path_of(article, base)
    r = client.head(path, headers={"Accept": "application/rdf+xml"})
    assert (r.status_code, r.headers["location"], r.headers["vary"]) == (303, f"{path}.rdf", "Accept")


def test_unknown_iris_are_404(client):
    assert client.get("/br/0000000000deadbeef00", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/br/0000000000deadbeef00.ttl").status_code == 404
    assert client.get("/nokind/abc").status_code == 404
    assert client.get("/describe", params={"iri": "http://example.org/nothing"},
                      headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/describe", params={"iri": "not an iri"}).status_code == 400


def test_an_unknown_iri_gets_a_readable_404_page_in_a_browser(client):
    r = client.get("/ra/0000000000deadbeef00", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Nothing is known about" in r.text


def test_a_format_nobody_can_give_is_406(client, site, article):
    base, _ = site
    assert client.get(path_of(article, base), headers={"Accept": "image/png"}).status_code == 406
    assert client.get(path_of(article, base), params={"format": "docx"}).status_code == 406


# --- the documents ------------------------------------------------------------------------

def graph_of(client: httpx.Client, url: str, fmt: str) -> rdflib.Graph:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return rdflib.Graph().parse(data=r.content, format=fmt)


def test_turtle_holds_the_title_and_the_labels_of_linked_entities(client, site, article):
    base, store = site
    g = graph_of(client, path_of(article, base) + ".ttl", "turtle")
    a = rdflib.URIRef(article)
    assert (a, rdflib.URIRef(DCTERMS.title.value), rdflib.Literal(TITLE)) in g
    cited = first(store, f"SELECT ?c WHERE {{ <{article}> frbr:part ?be . ?be ct:position 1 ; biro:references ?c }}")
    assert (a, rdflib.URIRef("http://purl.org/spar/cito/cites"), rdflib.URIRef(cited)) in g
    assert list(g.objects(rdflib.URIRef(cited), rdflib.URIRef(DCTERMS.title.value))) == [
        rdflib.Literal("Mesenchymal stem cells in immunoregulation")]
    doc = rdflib.URIRef(article + ".ttl")
    assert (doc, rdflib.URIRef(FOAF.primaryTopic.value), a) in g


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
def test_every_format_carries_the_same_triples(client, site, article):
    base, _ = site
    path = path_of(article, base)
    graphs = {fmt: graph_of(client, f"{path}.{ext}", fmt)
              for ext, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml"))}
    sizes = {fmt: len(g) for fmt, g in graphs.items()}
    assert len(set(sizes.values())) == 1 and sizes["turtle"] > 100, sizes
    about_the_article = [{t for t in g if t[0] != rdflib.URIRef(f"{article}.{ext}")}
                         for ext, g in zip(("ttl", "nt", "jsonld", "rdf"), graphs.values(), strict=True)]
    assert all(triples == about_the_article[0] for triples in about_the_article)


def test_a_description_includes_its_fragment_nodes(client, site):
    base, store = site
    org = first(store, "SELECT ?o WHERE { ?o vcard:hasAddress ?a }")
    g = graph_of(client, path_of(org, base) + ".nt", "nt")
    address = rdflib.URIRef(org + "#address")
    assert (address, rdflib.URIRef("http://www.w3.org/2006/vcard/ns#locality"), rdflib.Literal("Caceres")) in g


def test_incoming_links_are_stated_with_their_count(client, site, article):
    base, store = site
    cited = first(store, f"SELECT ?c WHERE {{ <{article}> frbr:part ?be . ?be ct:position 1 ; biro:references ?c }}")
    g = graph_of(client, path_of(cited, base) + ".ttl", "turtle")
    assert (rdflib.URIRef(article), rdflib.URIRef("http://purl.org/spar/cito/cites"), rdflib.URIRef(cited)) in g
    doc = rdflib.URIRef(cited + ".ttl")
    assert g.value(doc, rdflib.URIRef(CT.incomingLinksTotal.value)).toPython() == 2  # cito:cites, biro:references
    assert g.value(doc, rdflib.URIRef(CT.incomingLinksLimit.value)).toPython() == 100
    assert g.value(doc, HYDRA_NEXT) is None


def test_incoming_links_are_capped_and_paged_with_the_next_page_in_the_data(client):
    """pro:author is the role of every author role in the graph: more than one page of links."""
    url = "/describe?iri=" + quote(PRO.author.value, safe="") + "&format=ttl"
    g1 = graph_of(client, url, "turtle")
    doc = rdflib.URIRef(str(client.base_url).rstrip("/") + url)
    total = g1.value(doc, rdflib.URIRef(CT.incomingLinksTotal.value)).toPython()
    assert total > 100
    assert g1.value(doc, rdflib.URIRef(CT.incomingLinksShown.value)).toPython() == 100
    incoming = set(g1.subjects(rdflib.URIRef(PRO.withRole.value), rdflib.URIRef(PRO.author.value)))
    assert len(incoming) == 100
    next_page = g1.value(doc, HYDRA_NEXT)
    assert str(next_page).endswith("&page=2")
    r = client.get(url + "&page=2")
    assert 'rel="prev"' in r.headers["link"]
    g2 = rdflib.Graph().parse(data=r.content, format="turtle")
    more = set(g2.subjects(rdflib.URIRef(PRO.withRole.value), rdflib.URIRef(PRO.author.value)))
    assert more and not more & incoming
    assert len(incoming | more) == min(total, 200)


def test_a_triple_held_in_two_graphs_is_described_once(tmp_path):
    """The union default graph repeats it; DISTINCT keeps the description and its counts honest."""
    base = "http://example.org/"
    store = seed_store(None, base)
    article = first(store, "SELECT ?a WHERE { ?a a fabio:ReviewArticle ; dcterms:abstract ?x }")
    title = next(iter(store.query(f"SELECT ?t WHERE {{ <{article}> dcterms:title ?t }}")))[0]
    cited = first(store, f"SELECT ?c WHERE {{ <{article}> cito:cites ?c }} LIMIT 1")
    copy = NamedNode(base + "graph/copy")
    store.raw.add(Quad(NamedNode(article), DCTERMS.title, title, copy))
    store.raw.add(Quad(NamedNode(article), NamedNode("http://purl.org/spar/cito/cites"), NamedNode(cited), copy))

    class Runner:
        async def run(self, sparql, *, substitutions=None, **_):
            result = store.query(sparql, substitutions=substitutions)
            return bool(result) if isinstance(result, QueryBoolean) else result

    d = asyncio.run(describe(Runner(), article, article + ".ttl"))
    assert len([t for t in d.outgoing if t.predicate == DCTERMS.title]) == 1
    incoming = asyncio.run(describe(Runner(), cited, cited + ".ttl"))
    assert incoming.incoming_total == 2 and len(incoming.incoming) == 2


# --- the HTML page -----------------------------------------------------------------------

class Page(HTMLParser):
    """The text of the elements with a CSS class, and the links inside them (every link on
    the page when no class is given)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self, html: str, css_class: str | None = None) -> None:
        super().__init__()
        self.css_class, self.items, self.links, self._depth = css_class, [], [], 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._depth and tag not in self.VOID:
            self._depth += 1
        elif self.css_class in (attrs.get("class") or "").split():
            self._depth = 1
            self.items.append("")
        if tag == "a" and attrs.get("href") and (self._depth or self.css_class is None):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.items[-1] += data


def text(s: str) -> str:
    return " ".join(s.split())


def test_the_article_page_lists_the_authors_in_order_with_the_corresponding_author(client, site, article):
    base, _ = site
    html = client.get(path_of(article, base) + ".html").text
    authors = [text(a) for a in Page(html, "author").items]
    assert [next(name for name in AUTHORS if name in a) for a in authors] == AUTHORS
    assert "corresponding author" in authors[0] and not any("corresponding" in a for a in authors[1:])
    assert "Stem Cell Therapy Unit" in authors[0] and "University of Extremadura" in authors[1]


def test_the_article_page_reads_like_an_article(client, site, article):
    base, _ = site
    page = client.get(path_of(article, base) + ".html")
    assert page.headers["content-type"].startswith("text/html")
    html = text(page.text)
    assert f"<h1>{TITLE}</h1>" in html
    assert re.search(r"Stem Cell Reviews and Reports</i></a>, volume 9, issue 2, pages 184–189 \(2013\)", html)
    assert "This review summarizes the current knowledge" in html
    assert "PTQ-11-04554" in html  # funding
    concepts = Page(page.text, "concepts")
    assert "natural killer cell" in concepts.items[0]  # by its label, linked to its local description
    assert concepts.links and all(href.startswith("/describe?iri=") for href in concepts.links)
    references = [text(r) for r in Page(page.text, "references").items]
    numbers = [int(n) for n in re.findall(r"(?:^| )(\d+)\. ", references[0].split("References", 1)[-1])]
    assert numbers[:3] == [1, 2, 3] and numbers == sorted(numbers) and len(numbers) == 45
    assert "Stagg, J. (2007). Immune regulation by mesenchymal stem cells" in references[0]


def test_every_link_on_the_article_page_resolves(client, site, article):
    base, _ = site
    links = {href for href in Page(client.get(path_of(article, base) + ".html").text).links
             if re.match(r"/(br|ra|ar|be|id|re|org|graph|grant|de)/|/describe\?", href)}
    assert len(links) > 90
    broken = [href for href in sorted(links)
              if client.get(href, headers={"Accept": "text/html"}, follow_redirects=True).status_code != 200]
    assert broken == []


def test_a_person_page_lists_their_works(client, site):
    base, store = site
    person = first(store, """SELECT ?p WHERE { ?r pro:isHeldBy ?p . ?w pro:isDocumentContextFor ?r }
                             GROUP BY ?p ORDER BY DESC(COUNT(DISTINCT ?w)) ?p LIMIT 1""")
    titles = {t[0].value for t in store.query(
        f"SELECT DISTINCT ?t WHERE {{ ?w pro:isDocumentContextFor ?r . ?r pro:isHeldBy <{person}> . "
        f"?w dcterms:title ?t }}")}
    assert len(titles) >= 2
    html = text(client.get(path_of(person, base) + ".html").text)
    assert all(t in html for t in titles)


def test_every_kind_of_minted_iri_resolves(client, site):
    """One IRI of each kind, the provenance graphs' nodes and the software agent."""
    base, store = site
    iris = [r[0].value for r in store.query(f"""
        SELECT (SAMPLE(?x) AS ?one) WHERE {{
          {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} UNION {{ GRAPH ?x {{ ?s ?p ?o }} }}
          FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{base}"))
          BIND(REPLACE(STRAFTER(STR(?x), "{base}"), "^([a-z]+)/[^/#]+((/[a-z]+)?).*$", "$1$2") AS ?shape)
        }} GROUP BY ?shape""")]
    shapes = {re.sub(r"/[0-9a-f]{20}", "/…", iri[len(base):].split("#")[0]) for iri in iris}
    assert {"br/…", "ra/…", "ar/…", "be/…", "re/…", "org/…", "de/…", "graph/…", "graph/…/prov",
            "graph/…/source", "graph/…/ingest", "grant/…"} <= shapes, shapes
    for iri in iris:
        r = client.get(path_of(iri.split("#")[0], base), headers={"Accept": "text/turtle"})
        assert r.status_code == 303, iri
        assert client.get(r.headers["location"]).status_code == 200, iri


def test_concepts_and_other_iris_are_described_in_place(client, site):
    _, store = site
    concept = first(store, "SELECT ?c WHERE { ?w dcterms:subject ?c ; dcterms:abstract ?a } LIMIT 1")
    r = client.get("/describe", params={"iri": concept}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["vary"] == "Accept"
    assert TITLE in r.text  # works that mention the concept link to it
