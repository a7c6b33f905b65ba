"""The pages a person uses: home (what the graph holds), title search, SPARQL editor.

Every page is rendered on the server from templates/ and served with its assets from
static/ (YASGUI included), so no page asks any other host for anything. The queries
below run through the same runner as /sparql, so a page can never hang the server.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pyoxigraph import Literal, NamedNode
from starlette.routing import NoMatchFound

from crosstalk.describe import Labeller, Local, Runner, Term, select, triples_from, year_of
from crosstalk.vocab import CITO, DCTERMS, FABIO, FOAF, FRBR, IMMUNO, PRISM, RDF
from server.runner import get_runner

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(tags=["pages"])
Runs = Annotated[Runner, Depends(get_runner)]

COUNTS = {
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { { ?a cito:cites ?x } UNION { ?a dcterms:abstract ?y } }",
    "cited works": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?w cito:cites ?c }",
    "references": "SELECT (COUNT(DISTINCT ?be) AS ?n) WHERE { ?be a biro:BibliographicReference }",
    "persons": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }",
    "concepts": "SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?w dcterms:subject ?k }",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "named graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } }",
}
"""Articles are the works ingested whole (with references or an abstract), as in queries/;
triples as stored, in all named graphs. One small query each: joined in one query they took
10 s on 6M triples, apart 3 s (counting the triples), and only once per snapshot."""

ARTICLES = """
SELECT ?a ?title ?date WHERE {
  { SELECT DISTINCT ?a WHERE { { ?a cito:cites ?x } UNION { ?a dcterms:abstract ?y } } }
  ?a dcterms:title ?title .
  OPTIONAL { ?a prism:publicationDate ?date }
} ORDER BY DESC(?date) ?title LIMIT %d"""
ARTICLES_SHOWN = 200

SEARCHED = (("dcterms:title", "work"), ("foaf:name", "person or organisation"), ("rdfs:label", "concept"))
SEARCH = """
SELECT DISTINCT ?q ?s ?label WHERE { ?s %s ?label FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?q)))) }
LIMIT 200"""
"""One property per query: with the three in one VALUES the store read every triple (30 s on 6M)."""
KIND_OF_TYPE = {FABIO.Journal: "journal", FOAF.Person: "person", FOAF.Organization: "organisation",
                FABIO.Book: "book"}

PREFIXES = """PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX biro: <http://purl.org/spar/biro/>
PREFIX c4o: <http://purl.org/spar/c4o/>
PREFIX pro: <http://purl.org/spar/pro/>
PREFIX scoro: <http://purl.org/spar/scoro/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ct: <https://w3id.org/crosstalk/vocab#>
"""

EXAMPLES: list[tuple[str, str]] = [
    ("Articles with journal and year", """SELECT ?article ?title ?journal ?date WHERE {
  ?article a fabio:JournalArticle ; dcterms:title ?title .
  FILTER EXISTS { ?article cito:cites ?anything }
  OPTIONAL { ?article prism:publicationDate ?date }
  OPTIONAL { ?article frbr:partOf+ ?j . ?j a fabio:Journal ; dcterms:title ?journal }
}
ORDER BY ?title"""),
    ("Authors in order, corresponding author marked", """SELECT ?title ?position ?name ?corresponding WHERE {
  ?article dcterms:title ?title ; pro:isDocumentContextFor ?role .
  FILTER EXISTS { ?article cito:cites ?anything }
  ?role pro:withRole pro:author ; pro:isHeldBy ?person ; ct:position ?position .
  ?person foaf:name ?name .
  BIND(EXISTS { ?article pro:isDocumentContextFor ?c .
                ?c pro:withRole scoro:corresponding-author ; pro:isHeldBy ?person } AS ?corresponding)
}
ORDER BY ?title ?position"""),
    ("References, numbered, with the cited work", """SELECT ?number ?cited ?citedTitle ?year ?raw WHERE {
  ?article frbr:part ?entry .
  ?entry a biro:BibliographicReference ; ct:position ?number ; c4o:hasContent ?raw .
  OPTIONAL { ?entry biro:references ?cited .
             OPTIONAL { ?cited dcterms:title ?citedTitle }
             OPTIONAL { ?cited prism:publicationDate ?date BIND(SUBSTR(STR(?date), 1, 4) AS ?year) } }
}
ORDER BY ?article ?number"""),
    ("Concepts mentioned, by number of works", """SELECT ?concept ?label (COUNT(DISTINCT ?work) AS ?works) WHERE {
  ?work dcterms:subject ?concept .
  OPTIONAL { ?concept rdfs:label ?label }
}
GROUP BY ?concept ?label
ORDER BY DESC(?works) ?label"""),
    ("Authors recurring across cited works", """SELECT ?name (COUNT(DISTINCT ?cited) AS ?works) WHERE {
  ?article cito:cites ?cited .
  ?cited pro:isDocumentContextFor ?role .
  ?role pro:withRole pro:author ; pro:isHeldBy ?person .
  ?person foaf:name ?name .
}
GROUP BY ?person ?name
HAVING (COUNT(DISTINCT ?cited) > 1)
ORDER BY DESC(?works) ?name"""),
    ("Cited works per publication year", """SELECT ?year (COUNT(DISTINCT ?cited) AS ?works) WHERE {
  ?article cito:cites ?cited .
  ?cited prism:publicationDate ?date .
  BIND(SUBSTR(STR(?date), 1, 4) AS ?year)
}
GROUP BY ?year
ORDER BY ?year"""),
]
"""Preloaded into the editor; each declares its prefixes so it can be copied anywhere."""


def install(app: FastAPI) -> None:
    """Called by server.app.create_app: the pages, and the files they load (CSS, YASGUI)."""
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(router)


def base_of(request: Request) -> str:
    """The base IRI of minted entities (settings.base), for turning IRIs into local links."""
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "base", None) or str(request.base_url)


def has_route(request: Request, name: str) -> bool:
    """Whether the app serves the route of that name (the saved queries are optional)."""
    try:
        request.app.url_path_for(name)
    except NoMatchFound:
        return False
    return True


def render(request: Request, name: str, status_code: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    """A page with the navigation every page shares."""
    context.setdefault("title", "crosstalk")
    context["nav_queries"] = has_route(request, "list_queries")
    context["yasgui_present"] = (HERE / "static" / "yasgui" / "yasgui.min.js").exists()
    return templates.TemplateResponse(request, name, context, status_code=status_code, headers=headers)


async def _counts(request: Request, runner: Runner) -> list[tuple[str, int]]:
    """What the graph holds, counted once per published snapshot (the store only changes
    when one is published)."""
    key = _snapshot(request)
    cached = getattr(request.app.state, "ui_counts", None)
    if key is not None and cached is not None and cached[0] is key:
        return list(cached[1])
    found = await asyncio.gather(*(select(runner, q) for q in COUNTS.values()))
    counts = [(name, int(rows[0]["n"].value) if rows else 0) for name, rows in zip(COUNTS, found, strict=True)]
    request.app.state.ui_counts = (key, counts)
    return counts


def _snapshot(request: Request) -> object | None:
    snapshot = getattr(getattr(request.app.state, "runner", None), "snapshot", None)
    return snapshot.get() if snapshot is not None else None


async def _journals(runner: Runner, works: list[NamedNode]) -> dict[Any, str]:
    """Each work's journal, up its frbr:partOf chain (issue, volume, journal) a step at a time."""
    local = Local()
    level: list[Term] = list(works)
    for _ in range(4):  # the works, their issues, volumes, then the journals themselves
        triples = await triples_from(runner, level, [FRBR.partOf, RDF.type, DCTERMS.title])
        local.add(triples)
        level = local.nodes(level, FRBR.partOf)
    found: dict[Any, str] = {}
    for work in works:
        node: Term = work
        for _ in range(3):
            node = next(iter(local.objects(node, FRBR.partOf)), None)  # type: ignore[assignment]
            if node is None:
                break
            if FABIO.Journal in local.objects(node, RDF.type):
                found[work] = local.text(node, DCTERMS.title) or ""
                break
    return found


@router.get("/", response_class=HTMLResponse, summary="Home: what the graph holds")
async def home(request: Request, runner: Runs) -> HTMLResponse:
    labeller = Labeller(base_of(request))
    stats_, rows = await asyncio.gather(_counts(request, runner), select(runner, ARTICLES % ARTICLES_SHOWN))
    works = [r["a"] for r in rows if isinstance(r["a"], NamedNode)]
    journals, cites = await asyncio.gather(_journals(runner, works), triples_from(runner, works, [CITO.cites]))
    references: Counter[Any] = Counter(t.subject for t in cites)
    articles = [{"href": labeller.href(r["a"].value), "title": r["title"].value,
                 "year": year_of(r["date"].value if "date" in r else None), "journal": journals.get(r["a"]),
                 "references": references[r["a"]]} for r in rows]
    return render(request, "home.html", stats=stats_, articles=articles, articles_total=stats_[0][1])


@router.get("/search", response_class=HTMLResponse, summary="Search titles and names")
async def search(request: Request, runner: Runs,
                 q: str = Query("", max_length=200, description="Words to look for")) -> HTMLResponse:
    """Titles (works, journals), names (people, organisations) and concept labels that
    contain the words as typed, whatever their case."""
    q = " ".join(q.split())
    results: list[dict[str, Any]] = []
    if q:
        labeller = Labeller(base_of(request))
        found = await asyncio.gather(*(select(runner, SEARCH % p, q=Literal(q)) for p, _ in SEARCHED))
        hits = [(r["s"], r["label"].value, kind) for rows, (_, kind) in zip(found, SEARCHED, strict=True)
                for r in rows if kind != "concept" or r["s"].value.startswith(IMMUNO.iri)]
        local = Local(await triples_from(runner, [s for s, _, _ in hits], [RDF.type, PRISM.publicationDate]))
        seen = set()
        for node, label, kind in hits:
            types = local.objects(node, RDF.type)
            if node in seen or FABIO.JournalVolume in types or FABIO.JournalIssue in types:
                continue
            seen.add(node)
            kind = next((KIND_OF_TYPE[t] for t in types if t in KIND_OF_TYPE), kind)  # type: ignore[index]
            results.append({"href": labeller.href(node.value), "label": label, "kind": kind,
                            "year": year_of(local.text(node, PRISM.publicationDate))})
        results.sort(key=lambda r: (r["kind"], r["label"].casefold()))
    return render(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, results=results)


@router.get("/editor", response_class=HTMLResponse, summary="SPARQL editor (YASGUI)")
async def editor(request: Request) -> HTMLResponse:
    examples = [{"name": name, "query": PREFIXES + "\n" + body} for name, body in EXAMPLES]
    endpoint = request.scope.get("root_path", "") + "/sparql"
    return render(request, "editor.html", title="SPARQL editor", examples=examples,
                  config_json=json.dumps({"endpoint": endpoint, "examples": examples}))
