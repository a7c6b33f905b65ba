"""Enrichment: missing DOIs, PMIDs and Wikidata items, found by title, year and first author.

Sources: a Wikidata SPARQL endpoint, PubMed E-utilities (esearch + esummary, JSON) and the
Crossref REST API (``/works?query.bibliographic=``). Their base URLs come from Settings and
go through the same ``service_mirrors`` mapping as SERVICE, so an organisation can point
them at its own mirror and the tests at 127.0.0.1.

What is found goes into one named graph of its own, ``{base}graph/enrichment``, and is
only ever added: source graphs are never touched, so re-ingesting a document cannot undo an
enrichment and an enrichment can be dropped by dropping one graph. Each finding carries
PROV-O (the endpoint asked, when, and the query text), identifiers are minted exactly as
the mapper mints them (so a DOI found here and a DOI read later are one node), and works
that already have an identifier are not looked up for it again; so a second run adds
nothing. A candidate is accepted only when its title matches, its year is within one of
ours and its first author's family name matches; two different candidates mean no answer
(never guess an identifier).

Layout: pure functions build queries, read answers and make quads; ``Http`` and
``enrich`` at the bottom do the I/O.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions

from crosstalk import __version__
from crosstalk.config import Settings
from crosstalk.iri import Minter, key_hash, normalise
from crosstalk.store import OxigraphStore
from crosstalk.vocab import CT, DATACITE, LITERAL, OWL, PROV, RDF, RDFS, XSD
from ingest.identity import normalise_doi

SOURCES = ("wikidata", "pubmed", "crossref")
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
MIN_INTERVAL = {"wikidata": 1.0, "pubmed": 0.34, "crossref": 0.2}
"""Seconds between two calls to one source: WDQS asks for restraint, NCBI allows 3/s
without an API key, Crossref's polite pool more; we stay well below."""
RETRIES = 3
BACKOFF = 0.5
"""First wait before a retry (doubled each time; a Retry-After header wins, up to 30 s)."""
WIKIDATA_BATCH = 20
"""Works per Wikidata query (VALUES rows)."""
HOMEPAGE = "https://w3id.org/crosstalk"

ProgressFn = Callable[[str, int, int], None]
"""(source, done, total) after each lookup."""


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkInfo:
    """What the store knows of one work, enough to look it up and to know what it lacks."""

    iri: str
    title: str
    year: int | None = None
    first_author: str | None = None
    doi: str | None = None
    pmid: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Candidate:
    """One record a source returned."""

    title: str
    year: int | None = None
    authors: tuple[str, ...] = ()
    """First author first (only the first is compared)."""
    doi: str | None = None
    pmid: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Finding:
    """What one source said about one work, and how we asked."""

    source: str
    work: str
    endpoint: str
    query: str
    doi: str | None = None
    pmid: str | None = None
    wikidata: str | None = None


@dataclass
class Report:
    works: int = 0
    looked_up: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    quads: list[Quad] = field(default_factory=list)
    """The quads added (or, on a dry run, that would be added)."""
    dry_run: bool = False

    def count(self, what: str) -> int:
        return sum(getattr(f, what) is not None for f in self.findings)

    @property
    def see_also(self) -> int:
        return sum(q.predicate == RDFS.seeAlso for q in self.quads)


class EnrichError(RuntimeError):
    """A source answered, but not usefully (HTTP 4xx, bad JSON, retries spent)."""


class Offline(EnrichError):
    """A source could not be reached at all: no network, DNS failure, connection refused."""

    def __init__(self, source: str, url: str, reason: str) -> None:
        super().__init__(f"cannot reach {source} at {url}: {reason}")
        self.source, self.url, self.reason = source, url, reason


# --- matching (pure) --------------------------------------------------------------------------


def same_title(a: str, b: str) -> bool:
    return bool(a) and normalise(a) == normalise(b)


def accepts(work: WorkInfo, c: Candidate) -> bool:
    """Title equal (ignoring case and punctuation), year within one (online vs print), and
    the first author's family name in the candidate's first author's name."""
    if not same_title(work.title, c.title):
        return False
    if work.year and c.year and abs(work.year - c.year) > 1:
        return False
    if work.first_author and c.authors:
        return f" {normalise(work.first_author)} " in f" {normalise(c.authors[0])} "
    return True


def choose(work: WorkInfo, candidates: Iterable[Candidate]) -> Candidate | None:
    """The one accepted candidate, merged over rows; None if none or if they disagree."""
    accepted = [c for c in candidates if accepts(work, c)]
    if not accepted:
        return None
    merged: dict[str, str] = {}
    for c in accepted:
        for name in ("doi", "pmid", "wikidata"):
            value = getattr(c, name)
            if value is None:
                continue
            value = normalise_doi(value) if name == "doi" else value
            if merged.setdefault(name, value) != value:
                return None  # two works answer to this description: not certain
    return Candidate(work.title, work.year, (), merged.get("doi"), merged.get("pmid"), merged.get("wikidata"))


def year_of(text: object) -> int | None:
    digits = str(text or "")[:4]
    return int(digits) if digits.isdigit() else None


def missing(work: WorkInfo, source: str) -> bool:
    """Whether a source is worth asking: only for what the work lacks (idempotence)."""
    if source == "wikidata":
        return work.wikidata is None
    if source == "pubmed":
        return work.pmid is None
    return work.doi is None


def apply(work: WorkInfo, found: Candidate) -> WorkInfo:
    """The work with what was found filled in where it had nothing (never overwritten)."""
    return replace(work, doi=work.doi or found.doi, pmid=work.pmid or found.pmid,
                   wikidata=work.wikidata or found.wikidata)


# --- Wikidata (pure) ------------------------------------------------------------------------

WIKIDATA_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def title_variants(title: str) -> list[str]:
    """As printed, and without a closing full stop (reference lists add one, Wikidata not)."""
    stripped = title.strip()
    return list(dict.fromkeys([stripped, stripped.rstrip(".")]))


def wikidata_query(works: Sequence[WorkInfo]) -> str:
    """One query for a batch: by DOI (P356, upper case in Wikidata) when we have one, else
    by exact English title (P1476); with DOI, PMID (P698), date (P577) and the first author
    (series ordinal 1 of P2093 author name string or of P50 author)."""
    by_doi: list[str] = []
    by_title: list[str] = []
    for i, w in enumerate(works):
        if w.doi:
            by_doi.append(f'("{i}" {Literal(w.doi.upper())})')
        else:
            by_title.extend(f'("{i}" {Literal(t, language="en")})' for t in title_variants(w.title))
    return WIKIDATA_PREFIXES + f"""SELECT ?key ?item ?title ?doi ?pmid ?date ?first WHERE {{
  {{ VALUES (?key ?title) {{ {' '.join(by_title)} }} ?item wdt:P1476 ?title . }}
  UNION
  {{ VALUES (?key ?doi0) {{ {' '.join(by_doi)} }} ?item wdt:P356 ?doi0 . OPTIONAL {{ ?item wdt:P1476 ?title }} }}
  OPTIONAL {{ ?item wdt:P356 ?doi }}
  OPTIONAL {{ ?item wdt:P698 ?pmid }}
  OPTIONAL {{ ?item wdt:P577 ?date }}
  OPTIONAL {{ {{ ?item p:P2093 ?st . ?st pq:P1545 "1" ; ps:P2093 ?first }}
             UNION {{ ?item p:P50 ?st . ?st pq:P1545 "1" ; ps:P50 ?author .
                      ?author rdfs:label ?first FILTER(LANG(?first) = "en") }} }}
}}"""


def wikidata_candidates(answer: dict[str, Any]) -> dict[int, list[Candidate]]:
    """SPARQL JSON results -> candidates by batch index."""
    out: dict[int, list[Candidate]] = {}
    for b in answer.get("results", {}).get("bindings", []):
        item = b.get("item", {}).get("value", "")
        if not item.startswith(WIKIDATA_ENTITY + "Q") or "key" not in b:
            continue
        value = {k: v.get("value") for k, v in b.items()}
        out.setdefault(int(value["key"]), []).append(Candidate(
            title=value.get("title") or "", year=year_of(value.get("date")),
            authors=(value["first"],) if value.get("first") else (),
            doi=value.get("doi"), pmid=value.get("pmid"), wikidata=item))
    return out


def accepts_by_doi(work: WorkInfo, c: Candidate) -> bool:
    """Found by our own DOI: the DOI is the evidence, the title only guards against typos."""
    return bool(work.doi and c.doi and normalise_doi(c.doi) == normalise_doi(work.doi))


# --- PubMed E-utilities (pure) ---------------------------------------------------------------


def pubmed_term(work: WorkInfo) -> str:
    """esearch term: the title as a phrase, the publication year, the first author."""
    title = "".join(ch for ch in work.title.rstrip(".") if ch not in '"[]()')
    parts = [f'"{title}"[Title]']
    if work.year:
        parts.append(f"{work.year}[pdat]")
    if work.first_author:
        parts.append(f"{work.first_author}[1au]")
    return " AND ".join(parts)


def pubmed_ids(answer: dict[str, Any]) -> list[str]:
    return [str(i) for i in answer.get("esearchresult", {}).get("idlist", [])]


def pubmed_candidates(answer: dict[str, Any]) -> list[Candidate]:
    """esummary JSON -> candidates (PMID, DOI from articleids, first author as 'Family AB')."""
    result = answer.get("result", {})
    out = []
    for uid in result.get("uids", []):
        doc = result.get(uid, {})
        ids = {a.get("idtype"): a.get("value") for a in doc.get("articleids", [])}
        authors = tuple(a.get("name", "") for a in doc.get("authors", []) if a.get("authtype", "Author") == "Author")
        out.append(Candidate(title=doc.get("title", ""), year=year_of(doc.get("pubdate")), authors=authors,
                             doi=ids.get("doi"), pmid=ids.get("pubmed") or str(uid)))
    return out


# --- Crossref (pure) --------------------------------------------------------------------------


def crossref_params(work: WorkInfo, email: str | None) -> dict[str, str]:
    text = " ".join(str(x) for x in (work.title, work.first_author, work.year) if x)
    params = {"query.bibliographic": text, "rows": "5", "select": "DOI,title,issued,author"}
    if email:
        params["mailto"] = email
    return params


def crossref_candidates(answer: dict[str, Any]) -> list[Candidate]:
    out = []
    for item in answer.get("message", {}).get("items", []):
        parts = (item.get("issued", {}).get("date-parts") or [[None]])[0]
        authors = item.get("author", [])
        first = sorted(authors, key=lambda a: a.get("sequence") != "first")[:1]
        out.append(Candidate(title=(item.get("title") or [""])[0], year=year_of(parts[0] if parts else None),
                             authors=tuple(a.get("family", a.get("name", "")) for a in first),
                             doi=item.get("DOI")))
    return out


# --- quads (pure) -----------------------------------------------------------------------------


def enrichment_graph(base: str) -> NamedNode:
    return NamedNode(f"{base}graph/enrichment")


def pubmed_links(pmid: str) -> tuple[NamedNode, NamedNode]:
    return (NamedNode(f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"), NamedNode(f"https://identifiers.org/pubmed:{pmid}"))


def identifier_quads(work: NamedNode, scheme: str, value: str, minter: Minter,
                     graph: NamedNode) -> list[Quad]:
    """The datacite identifier node, minted as ingest.mapper mints it (same node, same IRI)."""
    node = minter("id", scheme, value.lower() if scheme == "doi" else value)
    return [Quad(work, DATACITE.hasIdentifier, node, graph), Quad(node, RDF.type, DATACITE.Identifier, graph),
            Quad(node, DATACITE.usesIdentifierScheme, DATACITE[scheme], graph),
            Quad(node, LITERAL.hasLiteralValue, Literal(value), graph)]


def see_also_quads(work: NamedNode, pmid: str, graph: NamedNode) -> list[Quad]:
    return [Quad(work, RDFS.seeAlso, link, graph) for link in pubmed_links(pmid)]


def finding_quads(f: Finding, minter: Minter, graph: NamedNode, when: str) -> list[Quad]:
    """The links a finding adds, and a prov:Activity saying where, when and how we asked."""
    work = NamedNode(f.work)
    activity = NamedNode(f"{graph.value}/activity/{key_hash(f.source, f.work, f.query)}")
    software = NamedNode(f"{minter.base}software/crosstalk/{__version__}")
    quads = [Quad(activity, RDF.type, PROV.Activity, graph), Quad(activity, PROV.used, NamedNode(f.endpoint), graph),
             Quad(activity, PROV.endedAtTime, Literal(when, datatype=XSD.dateTime), graph),
             Quad(activity, PROV.wasAssociatedWith, software, graph),
             Quad(activity, RDFS.label, Literal(f"{f.source} lookup"), graph),
             Quad(activity, CT.query, Literal(f.query), graph), Quad(activity, CT.enriched, work, graph),
             Quad(graph, PROV.wasGeneratedBy, activity, graph)]
    for scheme, value in (("doi", f.doi), ("pmid", f.pmid)):
        if value:
            ids = identifier_quads(work, scheme, value, minter, graph)
            quads += ids + [Quad(ids[0].object, PROV.wasGeneratedBy, activity, graph)]  # type: ignore[arg-type]
    if f.wikidata:
        item = NamedNode(f.wikidata)
        quads += [Quad(work, OWL.sameAs, item, graph), Quad(work, CT.wikidataItem, item, graph)]
    return quads


def planned_quads(findings: Sequence[Finding], works: Sequence[WorkInfo], minter: Minter,
                  graph: NamedNode, when: str) -> list[Quad]:
    """Every quad of a run, in a stable order: findings, then PubMed links for every PMID."""
    quads: list[Quad] = []
    for f in findings:
        quads += finding_quads(f, minter, graph, when)
    for w in works:
        if w.pmid:
            quads += see_also_quads(NamedNode(w.iri), w.pmid, graph)
    return list(dict.fromkeys(quads))


# --- reading the store ------------------------------------------------------------------------

WORKS_QUERY = """SELECT ?work (MIN(?t) AS ?title) (MIN(?d) AS ?date) (MIN(?fam) AS ?family)
       (MIN(?doiv) AS ?doi) (MIN(?pmidv) AS ?pmid) (MIN(?wd) AS ?item) WHERE {
  { ?x cito:cites ?work } UNION { ?work cito:cites ?x }
  ?work dcterms:title ?t .
  OPTIONAL { ?work prism:publicationDate ?d0 BIND(STR(?d0) AS ?d) }
  OPTIONAL { ?work pro:isDocumentContextFor ?r . ?r pro:withRole pro:author ; ct:position 1 ;
             pro:isHeldBy/foaf:familyName ?fam }
  OPTIONAL { ?work datacite:hasIdentifier ?i . ?i datacite:usesIdentifierScheme datacite:doi ;
             literal:hasLiteralValue ?doiv }
  OPTIONAL { ?work datacite:hasIdentifier ?j . ?j datacite:usesIdentifierScheme datacite:pmid ;
             literal:hasLiteralValue ?pmidv }
  OPTIONAL { ?work ct:wikidataItem|owl:sameAs ?wd0
             FILTER(STRSTARTS(STR(?wd0), "http://www.wikidata.org/entity/Q")) BIND(STR(?wd0) AS ?wd) }
} GROUP BY ?work ORDER BY ?work"""
"""Articles and cited works (the two ends of cito:cites), with what we already know."""


def works_from_rows(rows: Iterable[Any]) -> list[WorkInfo]:
    def text(row: Any, name: str) -> str | None:
        term = row[name]
        return None if term is None else str(term.value)

    return [WorkInfo(iri=str(row["work"].value), title=text(row, "title") or "", year=year_of(text(row, "date")),
                     first_author=text(row, "family"), doi=text(row, "doi"), pmid=text(row, "pmid"),
                     wikidata=text(row, "item"))
            for row in rows]


def read_works(store: OxigraphStore) -> list[WorkInfo]:
    result = store.query(WORKS_QUERY)
    assert isinstance(result, QuerySolutions)
    return works_from_rows(result)


# --- HTTP (I/O) ---------------------------------------------------------------------------------


def user_agent(email: str | None) -> str:
    """Wikidata, NCBI and Crossref ask for a User-Agent naming the tool and a contact."""
    contact = f"; mailto:{email}" if email else ""
    return f"crosstalk/{__version__} (+{HOMEPAGE}{contact})"


def mirrored(url: str, settings: Settings) -> str:
    """The URL actually called: a configured mirror of the public endpoint, else itself."""
    mirrors = {k.rstrip("/"): v for k, v in settings.service_mirrors}
    mirror = mirrors.get(url.rstrip("/"))
    if mirror is None:
        return url
    return mirror.rstrip("/") + "/" if url.endswith("/") else mirror


def _unreachable(exc: BaseException) -> str | None:
    """The reason a URL cannot be reached at all (no network), or None for other errors."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, socket.gaierror):
        return f"name resolution failed ({reason.strerror or reason})"
    if isinstance(reason, ConnectionRefusedError | ConnectionResetError):
        return "connection refused"
    if isinstance(reason, OSError) and not isinstance(reason, TimeoutError) and reason.errno is not None:
        return reason.strerror or str(reason)
    return None


class Http:
    """JSON over HTTP with a User-Agent, a per-source rate limit, a timeout per call and
    retries with exponential backoff on 429, 5xx and timeouts. A source that cannot be
    reached at all raises ``Offline`` at once (retrying would only delay saying so)."""

    def __init__(self, settings: Settings, *, min_interval: dict[str, float] | None = None,
                 retries: int = RETRIES, backoff: float = BACKOFF,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.headers = {"User-Agent": user_agent(settings.contact_email), "Accept": "application/json"}
        self.min_interval = MIN_INTERVAL if min_interval is None else min_interval
        self.retries, self.backoff, self.sleep = retries, backoff, sleep
        self._last: dict[str, float] = {}
        self.calls = 0

    def get(self, source: str, url: str, params: dict[str, str]) -> dict[str, Any]:
        return self._call(source, f"{url}?{urllib.parse.urlencode(params)}", None, {})

    def post_form(self, source: str, url: str, params: dict[str, str], accept: str) -> dict[str, Any]:
        body = urllib.parse.urlencode(params).encode()
        return self._call(source, url, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})

    def _wait_turn(self, source: str) -> None:
        gap = self.min_interval.get(source, 0.0) - (time.monotonic() - self._last.get(source, float("-inf")))
        if gap > 0:
            self.sleep(gap)
        self._last[source] = time.monotonic()

    def _call(self, source: str, url: str, body: bytes | None, headers: dict[str, str]) -> dict[str, Any]:
        wait = self.backoff
        for attempt in range(self.retries + 1):
            self._wait_turn(source)
            self.calls += 1
            request = urllib.request.Request(url, data=body, headers={**self.headers, **headers})
            try:
                with urllib.request.urlopen(request, timeout=self.settings.http_timeout) as response:  # noqa: S310
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as exc:
                if exc.code != 429 and exc.code < 500:
                    raise EnrichError(f"{source} answered {exc.code} {exc.reason} for {url[:200]}") from exc
                retry_after = exc.headers.get("Retry-After", "")
                problem = f"HTTP {exc.code}"
                delay = min(float(retry_after), 30.0) if retry_after.isdigit() else wait
            except (urllib.error.URLError, OSError) as exc:
                reason = _unreachable(exc)
                if reason is not None:
                    raise Offline(source, url.split("?")[0], reason) from exc
                problem, delay = f"no answer within {self.settings.http_timeout:g} s ({exc})", wait
            except ValueError as exc:
                raise EnrichError(f"{source} did not answer JSON: {exc}") from exc
            if attempt < self.retries:
                self.sleep(delay)
                wait *= 2
        raise EnrichError(f"{source}: {problem} after {self.retries + 1} attempts ({url.split('?')[0]})")


# --- lookups (I/O through Http) -----------------------------------------------------------------


def lookup_wikidata(http: Http, works: Sequence[WorkInfo], settings: Settings) -> Iterator[tuple[int, Finding | None]]:
    """(count done, finding or None) for each batch member, in order."""
    endpoint = settings.wikidata_sparql
    for start in range(0, len(works), WIKIDATA_BATCH):
        batch = works[start:start + WIKIDATA_BATCH]
        query = wikidata_query(batch)
        answer = http.post_form("wikidata", mirrored(endpoint, settings), {"query": query},
                                "application/sparql-results+json")
        by_key = wikidata_candidates(answer)
        for i, work in enumerate(batch):
            found = _choose_wikidata(work, by_key.get(i, []))
            yield start + i + 1, (Finding("wikidata", work.iri, endpoint, query, found.doi, found.pmid,
                                          found.wikidata) if found else None)


def _choose_wikidata(work: WorkInfo, candidates: list[Candidate]) -> Candidate | None:
    if work.doi:
        by_doi = [replace(c, title=work.title, year=None, authors=()) for c in candidates if accepts_by_doi(work, c)]
        return choose(work, by_doi)
    return choose(work, candidates)


def lookup_pubmed(http: Http, work: WorkInfo, settings: Settings) -> Finding | None:
    base = settings.pubmed_eutils.rstrip("/") + "/"
    called = mirrored(base, settings)
    extra = {"tool": "crosstalk", **({"email": settings.contact_email} if settings.contact_email else {})}
    search = {"db": "pubmed", "term": pubmed_term(work), "retmode": "json", "retmax": "5", **extra}
    ids = pubmed_ids(http.get("pubmed", called + "esearch.fcgi", search))
    if not ids:
        return None
    summary = http.get("pubmed", called + "esummary.fcgi", {"db": "pubmed", "id": ",".join(ids), "retmode": "json",
                                                             **extra})
    found = choose(work, pubmed_candidates(summary))
    if found is None:
        return None
    query = f"{base}esearch.fcgi?{urllib.parse.urlencode(search)}"
    return Finding("pubmed", work.iri, base, query, found.doi, found.pmid, None)


def lookup_crossref(http: Http, work: WorkInfo, settings: Settings) -> Finding | None:
    base = settings.crossref_api.rstrip("/") + "/"
    params = crossref_params(work, settings.contact_email)
    found = choose(work, crossref_candidates(http.get("crossref", mirrored(base, settings) + "works", params)))
    if found is None or found.doi is None:
        return None
    return Finding("crossref", work.iri, base, f"{base}works?{urllib.parse.urlencode(params)}", found.doi)


# --- the run ----------------------------------------------------------------------------------------


def enrich(store: OxigraphStore, settings: Settings, *, sources: Sequence[str] = SOURCES, limit: int | None = None,
           dry_run: bool = False, http: Http | None = None, now: datetime | None = None,
           progress: ProgressFn | None = None) -> Report:
    """Look up what works lack, source by source, and add what is found (unless dry_run).

    Raises ``Offline`` before writing anything if a source cannot be reached."""
    unknown = sorted(set(sources) - set(SOURCES))
    if unknown:
        raise ValueError(f"unknown source {unknown[0]!r}; known: {', '.join(SOURCES)}")
    http = http or Http(settings)
    works = read_works(store)[:limit]
    state = {w.iri: w for w in works}
    report = Report(works=len(works), dry_run=dry_run)
    for source in sources:
        todo = [w for w in state.values() if missing(w, source)]
        report.looked_up[source] = len(todo)
        for done, finding in _lookups(source, http, todo, settings):
            if progress:
                progress(source, done, len(todo))
            if finding is None:
                continue
            before = state[finding.work]
            after = apply(before, Candidate("", doi=finding.doi, pmid=finding.pmid, wikidata=finding.wikidata))
            new = replace(finding, doi=after.doi if after.doi != before.doi else None,
                          pmid=after.pmid if after.pmid != before.pmid else None,
                          wikidata=after.wikidata if after.wikidata != before.wikidata else None)
            if new.doi or new.pmid or new.wikidata:
                state[finding.work] = after
                report.findings.append(new)
    when = (now or datetime.now(UTC)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    graph = enrichment_graph(settings.base)
    planned = planned_quads(report.findings, list(state.values()), Minter(settings.base), graph, when)
    report.quads = [q for q in planned if q not in store.raw]
    if report.quads and not dry_run:
        store.raw.extend(report.quads)
        if store.path is not None:
            store.publish()
    return report


def _lookups(source: str, http: Http, todo: Sequence[WorkInfo], settings: Settings
             ) -> Iterator[tuple[int, Finding | None]]:
    if source == "wikidata":
        yield from lookup_wikidata(http, todo, settings)
        return
    lookup = lookup_pubmed if source == "pubmed" else lookup_crossref
    for done, work in enumerate(todo, start=1):
        yield done, lookup(http, work, settings)
