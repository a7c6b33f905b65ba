"""Saved queries over HTTP, against a real server on 127.0.0.1 serving the ingested seed.

What a client sees: the list at /queries, each query as SPARQL results in four formats
(by Accept or ?format=), pages with Link headers, a 422 that says which value is wrong
and why, a page with a form for a person, and one typed operation per query in the
OpenAPI description.
"""

from __future__ import annotations

import csv
import io
import re
import socket
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import uvicorn
from pyoxigraph import QueryResultsFormat, parse_query_results

from crosstalk.config import Settings
from crosstalk.iri import Minter
from crosstalk.saved_queries import QUERIES_DIR, get_query
from crosstalk.store import OxigraphStore
from ingest.loader import default_claims, default_concepts, ingest_file, load_ontology
from server.app import create_app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_efc0945d80765837.txt"
SHIPPED = sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
REQUIRED = {"search-titles": {"word": "killer"}, "works-by-author": {"family_name": "Rasmusson"}}


# --- the server ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Iterator[str]:
    """uvicorn on 127.0.0.1 serving a published store of the seed (and the ontology)."""
    folder = tmp_path_factory.mktemp("saved-queries")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    store = OxigraphStore(folder / "store")
    result = ingest_file(SEED, store, Minter(url), concepts=default_concepts(), claims=default_claims())
    assert result.status == "added", result.error
    load_ontology(store, Minter(url))
    store.publish()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(store=folder / "store", base=url)),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield url
    server.should_exit = True
    thread.join(15)


@pytest.fixture(scope="module")
def client(base) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c


def bindings(response: httpx.Response) -> list[dict[str, str]]:
    """SPARQL results JSON -> rows of plain values."""
    assert response.status_code == 200, response.text
    data = response.json()
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def links(response: httpx.Response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers.get("link", ""))}


# --- the list -----------------------------------------------------------------------------

def test_the_list_names_every_query_with_its_parameters_and_url(client):
    r = client.get("/queries")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    listed = {q["name"]: q for q in r.json()["queries"]}
    assert sorted(listed) == SHIPPED
    refs = listed["references-mentioning-concept"]
    assert refs["title"] == "References that mention a concept" and refs["description"]
    assert {p["name"]: (p["type"], p["default"]) for p in refs["params"]} == {
        "concept": ("concept", "NaturalKillerCell"), "narrower": ("boolean", "true")}
    assert client.get(refs["url"]).status_code == 200


def test_a_browser_gets_the_list_as_a_page_linking_each_query(client):
    r = client.get("/queries", headers={"Accept": BROWSER})
    assert r.headers["content-type"].startswith("text/html")
    page = Page(r.text)
    for name in SHIPPED:
        assert any(href.endswith(f"/queries/{name}.html") for href in page.links), name


# --- running a query ------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in SHIPPED if not n.startswith("federated-")])  # remote: test_federation
def test_every_query_answers_with_sparql_results_json(client, name):
    params = REQUIRED.get(name, {})
    if name == "works-citing":
        params = {"work": bindings(client.get("/queries/article-references"))[17]["cited"]}
    r = client.get(f"/queries/{name}", params=params)
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert bindings(r), f"{name} gave no rows"
    head = r.json()["head"]["vars"]
    assert {f"_{p.name}" for p in get_query(name).params} <= set(head)  # parameters are columns


def test_authors_in_order_with_the_corresponding_author(client):
    rows = bindings(client.get("/queries/article-authors"))
    assert [r["name"] for r in rows] == ["Javier G. Casado", "R. Tarazona", "F. M. Sanchez-Margallo"]
    assert [r["corresponding"] for r in rows] == ["true", "false", "false"]
    assert rows[1]["organisation"] == "University of Extremadura"


def test_funding_and_references_mentioning_nk_cells(client):
    assert [r["grantNumber"] for r in bindings(client.get("/queries/funding"))] == ["PTQ-11-04554"]
    refs = {r["number"]: r["title"] for r in bindings(client.get("/queries/references-mentioning-concept"))}
    assert refs["18"] == "Interactions between human mesenchymal stem cells and natural killer cells"


def test_a_concept_can_be_named_by_its_label(client):
    by_label = bindings(client.get("/queries/references-mentioning-concept", params={"concept": "NK cell"}))
    by_name = bindings(client.get("/queries/references-mentioning-concept"))
    assert by_label == by_name


# --- formats --------------------------------------------------------------------------------

FORMATS = {
    "json": ("application/sparql-results+json", QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", QueryResultsFormat.XML),
    "tsv": ("text/tab-separated-values", QueryResultsFormat.TSV),
    "csv": ("text/csv", QueryResultsFormat.CSV),
}


def parsed(response: httpx.Response, fmt: QueryResultsFormat) -> list[list[str]]:
    """Rows of values, read back by pyoxigraph (CSV, which it refuses as lossy, by csv)."""
    if fmt == QueryResultsFormat.CSV:
        return list(csv.reader(io.StringIO(response.text)))[1:]
    solutions = parse_query_results(response.content, fmt)
    return [["" if t is None else t.value for t in row] for row in solutions]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_by_accept_and_by_format_gives_the_same_rows(client, fmt):
    media, oxi = FORMATS[fmt]
    by_accept = client.get("/queries/article-references", headers={"Accept": media})
    by_param = client.get("/queries/article-references", params={"format": fmt})
    for r in (by_accept, by_param):
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        assert "Accept" in r.headers["vary"]
    json_rows = parsed(client.get("/queries/article-references"), QueryResultsFormat.JSON)
    assert len(json_rows) == 45
    assert parsed(by_accept, oxi) == parsed(by_param, oxi) == json_rows


def test_csv_is_plain_values_with_a_header_row(client):
    r = client.get("/queries/article-references", params={"format": "csv"})
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert table[17]["number"] == "18" and table[17]["journal"] == "Stem Cells"


@pytest.mark.parametrize("accept, media", [
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv;q=0.9, text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    (BROWSER, "text/html"),
])
def test_accept_is_negotiated_with_q_values(client, accept, media):
    r = client.get("/queries/funding", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


@pytest.mark.parametrize("headers, params", [({"Accept": "image/png"}, {}), ({}, {"format": "pdf"})])
def test_a_format_it_cannot_give_is_406(client, headers, params):
    r = client.get("/queries/funding", headers=headers, params=params)
    assert r.status_code == 406 and r.json()["error"] == "not_acceptable"


# --- pages ----------------------------------------------------------------------------------

def test_pages_follow_link_headers_through_all_45_references(client):
    r = client.get("/queries/article-references", params={"page_size": 10})
    first = links(r)
    assert set(first) == {"first", "next"}
    numbers, pages = [], 0
    url: str | None = str(r.url)
    while url:
        r = client.get(url)
        numbers += [int(row["number"]) for row in bindings(r)]
        pages += 1
        url = links(r).get("next")
        if pages > 1:
            assert "prev" in links(r)
    assert numbers == list(range(1, 46)) and pages == 5
    assert links(r)["first"].endswith("page=1") and "page_size=10" in links(r)["first"]


def test_page_size_defaults_to_100_and_a_page_past_the_end_is_empty(client):
    assert len(bindings(client.get("/queries/article-references"))) == 45
    r = client.get("/queries/article-references", params={"page": 9, "page_size": 10})
    assert bindings(r) == [] and "next" not in links(r)


@pytest.mark.parametrize("params, name", [
    ({"page": "0"}, "page"), ({"page": "two"}, "page"), ({"page_size": "1001"}, "page_size"),
    ({"page_size": "0"}, "page_size"),
])
def test_bad_paging_is_422(client, params, name):
    r = client.get("/queries/article-references", params=params)
    assert r.status_code == 422 and f"parameter '{name}'" in r.json()["message"]


# --- typed parameters -----------------------------------------------------------------------

@pytest.mark.parametrize("name, params, reason", [
    ("recurring-cited-authors", {"min_references": "ten"}, "'ten' is not an integer"),
    ("recurring-cited-authors", {"min_references": "0"}, "below the minimum 1"),
    ("references-since", {"from_year": "99"}, "is not a four-digit year"),
    ("references-mentioning-concept", {"narrower": "perhaps"}, "is not a boolean"),
    ("references-mentioning-concept", {"concept": "NaturalKillerCel"}, "unknown concept 'NaturalKillerCel'"),
    ("works-citing", {"work": "br/123"}, "is not an absolute IRI"),
    ("works-citing", {}, "'work': is required"),
    ("search-titles", {"word": "NK", "wrod": "x"}, "unknown parameter"),
])
def test_a_bad_value_is_422_with_the_reason(client, name, params, reason):
    r = client.get(f"/queries/{name}", params=params)
    assert r.status_code == 422
    assert r.json()["error"] == "invalid_parameter" and reason in r.json()["message"]


def test_values_are_bound_not_spliced_into_the_query(client):
    r = client.get("/queries/search-titles", params={"word": '") } } DROP ALL ; SELECT * { ("'})
    assert bindings(r) == []
    assert bindings(client.get("/queries/search-titles", params={"word": "KILLER"}))


def test_an_unknown_query_is_404(client):
    r = client.get("/queries/no-such-query")
    assert r.status_code == 404 and "no saved query named 'no-such-query'" in r.json()["message"]
    assert client.get("/queries/no-such-query.html").status_code == 404


# --- the page for a person ------------------------------------------------------------------

class Page(HTMLParser):
    """The parts of a page the tests look at: links, form fields, table rows, <pre> text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.fields: dict[str, str] = {}
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.pre = ""
        self.errors: list[str] = []
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("input", "select") and a.get("name"):
            self.fields[a["name"]] = a.get("value") or ""
        if tag == "tr" and "tbody" in self._in:
            self.rows.append([])
        if tag == "p" and a.get("class") == "error":
            self.errors.append("")
        self._in.append(tag)

    def handle_endtag(self, tag):
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if "pre" in self._in:
            self.pre += data
        elif "th" in self._in and "thead" in self._in:
            self.headers.append(data.strip())
        elif "td" in self._in and self.rows:
            self.rows[-1].append(data.strip())
        elif "p" in self._in and self.errors:
            self.errors[-1] += data


@pytest.mark.parametrize("path, headers", [
    ("/queries/references-mentioning-concept.html", {}),
    ("/queries/references-mentioning-concept", {"Accept": BROWSER}),
])
def test_each_query_has_a_page_with_a_form_its_sparql_and_the_results(client, path, headers):
    r = client.get(path, headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = Page(r.text)
    assert {"concept", "narrower", "page_size"} <= set(page.fields)
    assert page.fields["concept"] == "NaturalKillerCell"
    assert "?cited dcterms:subject ?matched" in page.pre and "?_concept" in page.pre
    number = page.headers.index("number")
    assert "18" in [row[number] for row in page.rows]


def test_the_page_runs_with_the_values_of_its_form(client):
    page = Page(client.get("/queries/search-titles.html", params={"word": "Th17"}).text)
    assert page.fields["word"] == "Th17"
    title = page.headers.index("title")
    assert [row[title] for row in page.rows] == [
        "Mesenchymal stem cells inhibit human Th17 cell differentiation and function and induce a T "
        "regulatory cell phenotype"]
    assert "_word" not in page.headers  # a bound parameter only echoes the form


def test_the_page_asks_for_required_values_and_explains_bad_ones(client):
    empty = client.get("/queries/search-titles.html")
    assert empty.status_code == 200 and Page(empty.text).rows == []
    bad = client.get("/queries/recurring-cited-authors.html", params={"min_references": "ten"})
    assert bad.status_code == 422
    assert "'ten' is not an integer" in Page(bad.text).errors[0]


# --- OpenAPI --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def openapi(client) -> dict:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def test_each_query_is_its_own_documented_operation(openapi):
    for name in SHIPPED:
        op = openapi["paths"][f"/queries/{name}"]["get"]
        query = get_query(name)
        assert op["summary"] == query.title and op["description"] == query.description
        assert op["operationId"] == "saved_query_" + name.replace("-", "_")
        documented = {p["name"] for p in op["parameters"]}
        assert documented == {p.name for p in query.params} | {"page", "page_size", "format"}
        assert set(op["responses"]["200"]["content"]) >= {"application/sparql-results+json", "text/csv"}


def test_parameters_are_typed_in_the_openapi(openapi):
    def params(name: str) -> dict[str, dict]:
        return {p["name"]: p for p in openapi["paths"][f"/queries/{name}"]["get"]["parameters"]}

    concept = params("references-mentioning-concept")
    assert concept["concept"]["schema"]["default"] == "NaturalKillerCell"
    assert concept["narrower"]["schema"] == {"type": "boolean", "default": True}
    assert params("recurring-cited-authors")["min_references"]["schema"] == {
        "type": "integer", "minimum": 1, "default": 2}
    assert params("references-since")["from_year"]["schema"]["type"] == "integer"
    work = params("works-citing")["work"]
    assert work["required"] is True and work["schema"]["format"] == "iri"
    assert params("article-references")["page_size"]["schema"]["maximum"] == 1000
