"""The web UI in headless Chromium (Debian's package, driven by playwright), as a person uses it.

Each page must load without a console error and without asking any host but ours for
anything (no CDN): Chromium reports every request, and the tests fail on the first
that leaves 127.0.0.1. Screenshots go to /tmp for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_entities import AUTHORS, TITLE, seed_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
SHOTS = Path("/tmp")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                     "(apt-get install -y chromium)"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with seed_server(tmp_path_factory.mktemp("ui")) as (url, _):
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base):
    """A fresh page that records console errors, uncaught exceptions and foreign requests."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"uncaught: {e}"))
    page.on("request", lambda r: r.url.startswith((base + "/", "data:")) or page.problems.append(
        f"request to another host: {r.url}"))
    yield page
    context.close()


def test_the_home_page_loads_cleanly_and_says_what_the_graph_holds(page, base):
    page.goto(base + "/")
    stats = {li.locator(".what").inner_text(): int(li.locator(".n").inner_text().replace(",", ""))
             for li in page.locator("ul.stats li").all()}
    assert stats["articles"] == 1 and stats["references"] == 45 and stats["persons"] > 100
    assert stats["named graphs"] >= 2 and stats["triples"] > 1000
    assert page.locator("ol.works a").first.inner_text() == TITLE
    assert "Stem Cell Reviews and Reports (2013) · 45 references" in page.locator("ol.works li").first.inner_text()
    saved_queries = page.request.get(base + "/queries", headers={"Accept": "text/html"}).ok
    assert page.locator("header nav a", has_text="Saved queries").count() == (1 if saved_queries else 0)
    page.screenshot(path=str(SHOTS / "crosstalk-home.png"), full_page=True)
    assert page.problems == []


def test_an_entity_page_shows_the_articles_authors_in_order(page, base):
    page.goto(base + "/")
    page.locator("ol.works a", has_text=TITLE).click()
    page.wait_for_url("**/br/*.html")  # the IRI answered 303 to its HTML document
    assert page.locator("h1").inner_text() == TITLE
    authors = page.locator("ol.authors li.author").all_inner_texts()
    assert [next(name for name in AUTHORS if name in a) for a in authors] == AUTHORS
    assert "corresponding author" in authors[0]
    assert page.locator("ol.references li").count() == 45
    page.screenshot(path=str(SHOTS / "crosstalk-article.png"), full_page=True)
    page.locator("ol.authors li.author a").first.click()
    page.wait_for_url("**/ra/*.html")
    assert page.locator("h1").inner_text() == AUTHORS[0]
    assert TITLE in page.locator("ul.works").inner_text()
    assert page.problems == []


def test_a_query_typed_into_the_editor_returns_rows(page, base):
    page.goto(base + "/editor")
    editor = page.locator(".yasqe .CodeMirror")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?name WHERE { ?person a <http://xmlns.com/foaf/0.1/Person> ; "
                       "<http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name LIMIT 7")
    with page.expect_response(lambda r: r.url == base + "/sparql") as answer:
        page.locator(".yasqe_queryButton").click()
    assert answer.value.status == 200
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    assert rows.count() == 7
    assert page.locator(".yasr table.dataTable thead").inner_text().strip().endswith("name")
    page.screenshot(path=str(SHOTS / "crosstalk-editor.png"), full_page=True)
    assert page.problems == []


def test_every_example_query_in_the_editor_runs_and_returns_rows(page, base):
    page.goto(base + "/editor")
    page.locator(".yasqe .CodeMirror").wait_for()
    examples = page.locator("#examples button.example")
    assert examples.count() >= 4
    for i in range(examples.count()):
        with page.expect_response(lambda r: r.url == base + "/sparql") as answer:
            examples.nth(i).click()
        assert answer.value.status == 200, examples.nth(i).inner_text()
        page.locator(".yasr table.dataTable tbody tr").first.wait_for()
        assert "No data available" not in page.locator(".yasr").inner_text(), examples.nth(i).inner_text()
    assert page.problems == []


def test_search_finds_titles_whatever_their_case(page, base):
    page.goto(base + "/")
    page.locator("header form.search input").fill("MESENCHYMAL STEM CELLS FAIL")
    page.locator("header form.search button").click()
    page.wait_for_url("**/search?q=*")
    results = page.locator("ol.results a")
    assert results.count() == 1
    results.first.click()
    page.wait_for_url("**/br/*.html")
    assert page.locator("h1").inner_text().startswith("Mesenchymal stem cells fail to trigger")
    assert page.problems == []
