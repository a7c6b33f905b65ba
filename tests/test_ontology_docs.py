"""The ontology's documentation: generated from ontology/immuno.ttl and served at /ontology.

The page documents every class (anchored by its local name, so ``immuno#Name`` maps to
``/ontology#Name``) and every object property; /ontology negotiates the page, the Turtle
file and pyoxigraph's JSON-LD and RDF/XML, with ``Vary: Accept``. Served by a real server
(conftest's shared one: the ontology needs no store).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from crosstalk.ontology_docs import read_ontology, render_html, write_html
from crosstalk.vocab import IMMUNO
from ontology import ONTOLOGY_FILE

NK_CL = "http://purl.obolibrary.org/obo/CL_0000623"
XSD_STRING = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#string")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")


def immuno_terms(kind: rdflib.URIRef) -> set[str]:
    g = ontology_graph()
    return {str(c)[len(IMMUNO.iri):] for c in g.subjects(RDF.type, kind)
            if isinstance(c, rdflib.URIRef) and str(c).startswith(IMMUNO.iri)}


class Sections(HTMLParser):
    """Each element with an id: its text and the links in it (nested ones count for their parents too)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: dict[str, str] = {}
        self.links: dict[str, list[tuple[str, str]]] = {}
        self.all_links: list[str] = []
        self.sources: list[tuple[str, str, str]] = []  # (tag, attribute, value) of anything loaded
        self._open: list[str | None] = []
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for attribute in ("src", "href"):
            if attribute in attrs and tag in ("script", "img", "link", "iframe", "source", "embed"):
                self.sources.append((tag, attribute, attrs[attribute] or ""))
        if tag == "a" and attrs.get("href"):
            self._href = attrs["href"]
            self.all_links.append(attrs["href"])
            for i in filter(None, self._open):
                self.links[i].append((attrs["href"], ""))
        if tag in self.VOID:
            return
        ident = attrs.get("id")
        self._open.append(ident)
        if ident:
            self.text[ident], self.links[ident] = "", []

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        for i in filter(None, self._open):
            self.text[i] += data
            if self._href is not None and self.links[i]:
                href, label = self.links[i][-1]
                self.links[i][-1] = (href, label + data)


def same_graph(data: str, fmt: str, expected: rdflib.Graph) -> bool:
    """Isomorphic, reading "x"^^xsd:string as "x" (one literal in RDF 1.1; rdflib tells them apart)."""
    def plain(g: rdflib.Graph) -> rdflib.Graph:
        out = rdflib.Graph()
        for s, p, o in g:
            if isinstance(o, rdflib.Literal) and o.datatype == XSD_STRING:
                o = rdflib.Literal(str(o))
            out.add((s, p, o))
        return out
    return isomorphic(plain(rdflib.Graph().parse(data=data, format=fmt)), plain(expected))


def words(s: str) -> str:
    return " ".join(s.split())


# --- the view model and the static copy (no server) ------------------------------------------

def test_the_model_holds_every_class_and_object_property_of_immuno_ttl():
    doc = read_ontology()
    assert {c.name for c in doc.classes} == immuno_terms(OWL.Class)
    assert len(doc.classes) == len({c.name for c in doc.classes})  # each documented once
    assert {p.name for p in doc.properties} == immuno_terms(OWL.ObjectProperty)
    assert [b.name for b in doc.branches] == ["Cell", "Molecule", "Process", "Disease"]
    assert doc.iri == "https://w3id.org/crosstalk/immuno" and doc.version == "0.1.0"
    assert doc.title == "crosstalk immunology ontology" and "NK cell" in doc.description


def test_a_class_carries_its_definition_synonyms_hierarchy_disjointness_and_matches():
    doc = read_ontology()
    nk = next(c for c in doc.classes if c.name == "NaturalKillerCell")
    assert nk.label == "natural killer cell" and nk.definition.startswith("An innate cytotoxic lymphocyte")
    assert {"NK cell", "NK"} <= set(nk.synonyms)
    assert [(s.label, s.href) for s in nk.superclasses] == [("lymphocyte", "#Lymphocyte")]
    assert {d.href for d in nk.disjoint} == {"#TCell", "#BCell"}
    assert ("exact match", NK_CL) in [(r, m.href) for r, m in nk.mappings]
    assert "CL:0000623" in [m.label for _, m in nk.mappings]
    msc = next(c for c in doc.classes if c.name == "MesenchymalStemCell")
    assert {s.href for s in msc.superclasses} == {"#MesenchymalStromalCell", "#StemCell"}
    assert "#AdiposeDerivedMesenchymalStemCell" in {s.href for s in msc.subclasses}
    cd34 = next(c for c in doc.classes if c.name == "CD34PositiveHematopoieticProgenitorCell")
    assert [(p.label, q, f.href) for p, q, f in cd34.restrictions] == [("expresses", "some", "#CD34Antigen")]
    assert "broad match" in {r for r, _ in cd34.mappings}
    assert next(c for c in doc.classes if c.name == "Cell").organising


def test_object_properties_carry_domain_range_and_characteristics():
    doc = read_ontology()
    inhibits = next(p for p in doc.properties if p.name == "inhibits")
    assert [[x.href for x in alt] for alt in inhibits.domain] == [["#Cell", "#Molecule"]]
    assert {x.href for x in inhibits.range[0]} == {"#Cell", "#Molecule", "#Process"}
    assert inhibits.characteristics == [] and inhibits.definition
    secretes = next(p for p in doc.properties if p.name == "secretes")
    assert [[x.href for x in alt] for alt in secretes.range] == [["#Molecule"]]


def test_the_static_copy_is_self_contained(tmp_path):
    page = write_html(f"{tmp_path}/site/")  # a folder: its index.html
    assert page == tmp_path / "site" / "index.html"
    assert write_html(tmp_path / "immuno.html", with_turtle=False) == tmp_path / "immuno.html"
    assert (tmp_path / "site" / "immuno.ttl").read_bytes() == ONTOLOGY_FILE.read_bytes()
    html = page.read_text()
    parsed = Sections(html)
    loaded = [s for s in parsed.sources if not s[2].startswith(("#", "data:")) and s[2] != "immuno.ttl"]
    assert loaded == []  # no stylesheet, script, font or image from anywhere
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert "/describe?" not in html  # links into a live graph only when served
    assert set(immuno_terms(OWL.Class)) <= set(parsed.text)


def test_rendering_is_deterministic():
    doc = read_ontology()
    assert render_html(doc) == render_html(read_ontology())


# --- served at /ontology ----------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "media", "ext"), [
    (BROWSER, "text/html", "html"),
    ("text/html", "text/html", "html"),
    ("text/turtle", "text/turtle", "ttl"),
    ("application/ld+json", "application/ld+json", "jsonld"),
    ("application/rdf+xml", "application/rdf+xml", "rdf"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("*/*", "text/turtle", "ttl"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json", "jsonld"),
])
@pytest.mark.parametrize("path", ["/ontology", "/ontology/immuno"])
def test_the_ontology_iri_negotiates_in_place(client, path, accept, media, ext):
    r = client.get(path, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"
    assert r.headers["content-location"] == f"/ontology/immuno.{ext}"
    alternates = dict((t, u) for u, t in re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', r.headers["link"]))
    assert alternates["text/turtle"] == "/ontology/immuno.ttl" and alternates["text/html"] == "/ontology/immuno.html"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD reader
def test_turtle_is_the_file_and_the_other_syntaxes_the_same_graph(client):
    ttl = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert ttl.content == ONTOLOGY_FILE.read_bytes()
    expected = ontology_graph()
    jsonld = client.get("/ontology", headers={"Accept": "application/ld+json"})
    json.loads(jsonld.text)
    assert same_graph(jsonld.text, "json-ld", expected)
    rdfxml = client.get("/ontology", headers={"Accept": "application/rdf+xml"})
    assert same_graph(rdfxml.text, "xml", expected)
    nt = client.get("/ontology/immuno.nt")
    assert same_graph(nt.text, "nt", expected)


def test_format_parameter_and_document_urls_need_no_accept(client):
    r = client.get("/ontology", params={"format": "jsonld"}, headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("application/ld+json")
    doc = client.get("/ontology/immuno.ttl", headers={"Accept": "text/html"})
    assert doc.status_code == 200 and doc.headers["content-type"].startswith("text/turtle")
    assert "vary" not in doc.headers  # a document URL is one format
    assert client.get("/ontology/immuno.html").headers["content-type"].startswith("text/html")


def test_errors_and_caching(client):
    r = client.get("/ontology", headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.json()["error"] == "not_acceptable" and r.headers["vary"] == "Accept"
    assert client.get("/ontology", params={"format": "png"}).status_code == 406
    assert client.get("/ontology/other").status_code == 404
    first = client.get("/ontology", headers={"Accept": "text/html"})
    again = client.get("/ontology", headers={"Accept": "text/html", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    head = client.head("/ontology", headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b"" and head.headers["vary"] == "Accept"


def test_the_page_documents_every_class_by_its_anchor(client):
    html = client.get("/ontology", headers={"Accept": BROWSER}).text
    page = Sections(html)
    g = ontology_graph()
    for name in immuno_terms(OWL.Class):
        assert name in page.text, f"no section #{name}"
        label = str(g.value(rdflib.URIRef(IMMUNO.iri + name), RDFS.label))
        assert label in page.text[name], name
        assert f"{IMMUNO.iri}{name}" in page.text[name]  # its IRI, stated
    for name in immuno_terms(OWL.ObjectProperty):
        assert name in page.text and "Domain" in page.text[name] and "Range" in page.text[name]
    # every in-page link lands on a section
    targets = {h[1:] for h in page.all_links if h.startswith("#")}
    assert targets and targets <= set(page.text)


def test_the_nk_cell_section_links_its_cell_ontology_match_and_its_neighbours(client):
    page = Sections(client.get("/ontology", headers={"Accept": "text/html"}).text)
    nk = words(page.text["NaturalKillerCell"])
    assert "natural killer cell" in nk and "NK cell" in nk and "An innate cytotoxic lymphocyte" in nk
    links = dict(page.links["NaturalKillerCell"])
    assert words(links[NK_CL]) == "CL:0000623"
    assert "exact match CL:0000623 (Cell Ontology)" in nk
    assert "#Lymphocyte" in links and "#TCell" in links and "#BCell" in links  # superclass, disjoint classes
    assert "/describe?iri=https%3A//w3id.org/crosstalk/immuno%23NaturalKillerCell" in links  # into the graph


def test_the_page_has_metadata_a_table_of_contents_and_asks_no_other_host(client):
    html = client.get("/ontology", headers={"Accept": "text/html"}).text
    page = Sections(html)
    overview = words(page.text["overview"])
    assert "crosstalk immunology ontology" in overview and "0.1.0" in overview
    assert "https://w3id.org/crosstalk/immuno" in overview and "redirect" in overview
    assert {"classes", "object-properties", "branch-Cell", "branch-Molecule", "branch-Process",
            "branch-Disease"} <= set(page.text)
    assert [s for s in page.sources if s[2].startswith(("http:", "https:", "//"))] == []
    assert "<script" not in html


def test_the_other_pages_still_resolve(client):
    """The router is included before the entities' /{kind}/… route and shadows nothing."""
    assert client.get("/", headers={"Accept": "text/html"}).status_code == 200
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    assert Path(ONTOLOGY_FILE).exists()
