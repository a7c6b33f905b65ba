"""Reader for CSL-JSON (citeproc JSON), the item format reference managers export.

A file is an array of items (or one item). Each item becomes one Article:

    {"id": "spaggiari2006", "type": "article-journal", "title": "...",
     "author": [{"family": "Spaggiari", "given": "Grazia Maria"}, {"literal": "A Consortium"}],
     "container-title": "Blood", "volume": "107", "issue": "4", "page": "1484-1490",
     "issued": {"date-parts": [[2006, 2, 15]]}, "DOI": "...", "PMID": "...", "keyword": "a, b"}

Particles ("non-dropping-particle": "van der", "dropping-particle": "von") join the family
name, as every other reader prints them ("van der Berg"), so name keys agree. A suffix
("Jr.") is not part of the family name in any reader and is dropped. Items without a title
are skipped with a warning; a file whose only item has none is an error.

The JSON helpers here (shape checks naming the JSON path, pages, date parts, markup) are
shared with the Crossref reader, whose works JSON is a dialect of CSL-JSON.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any

from ingest.records import Article, Author, Identifier, Location, PersonName, ReadError, Warning_, Work

__all__ = [
    "NAME", "sniff", "read", "read_item", "csl_name", "WORK_TYPES",
    # shared with the Crossref, BibTeX and RIS readers
    "load_json", "try_json", "Source", "Shape", "locate", "json_path", "split_pages", "date_from_parts",
    "strip_markup", "split_keywords", "bare_doi",
]

NAME = "csl-json"

WORK_TYPES: dict[str, str] = {
    "article-journal": "journal-article", "article": "journal-article", "review": "journal-article",
    "book": "book", "chapter": "chapter", "entry-encyclopedia": "chapter", "entry-dictionary": "chapter",
    "paper-conference": "chapter",  # a paper in a proceedings volume: the volume is its book
    "thesis": "thesis", "webpage": "web-page", "post": "web-page", "post-weblog": "web-page",
}
"""CSL type -> Work.type; anything else is "other"."""
CSL_KEYS = ("container-title", "issued", "author", "DOI", "page", "volume", "publisher")
_CROSSREF_MARKS = re.compile(r'"(?:message-type|reference-count|is-referenced-by-count|short-container-title)"\s*:')
_CSL_TEXT_MARKS = re.compile(r'"(?:issued|container-title)"\s*:\s*[{"]|"date-parts"\s*:')


# ------------------------------------------------------------------------- JSON shared with Crossref


def load_json(text: str, path: str) -> Any:
    """Parsed JSON, or a ReadError at the line and column where the syntax breaks."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(Location(path, exc.lineno, exc.colno), f"malformed JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise ReadError(Location(path, 1), "malformed JSON: nested too deeply") from exc


def try_json(text: str) -> Any:
    """For sniffing: the parsed value, or None when it is not JSON at all."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


Step = str | int
"""One step of a JSON path: an object key or a list index."""


class Source:
    """The JSON text being read, so that errors can name their line and column."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path

    def location(self, steps: tuple[Step, ...]) -> Location:
        line, column = locate(self.text, steps)
        return Location(self.path, line, column)

    def error(self, steps: tuple[Step, ...], message: str) -> ReadError:
        return ReadError(self.location(steps), f"{json_path(steps)}: {message}")


def json_path(steps: tuple[Step, ...]) -> str:
    """("message", "items", 3, "title") -> "message.items[3].title"."""
    out = ""
    for step in steps:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "the top level"


_WS = re.compile(r"[ \t\n\r]*")


def locate(text: str, steps: tuple[Step, ...]) -> tuple[int | None, int | None]:
    """Line and column (1-based) where the value at a JSON path starts; only used for messages.

    The json module gives no positions for values, so this walks the text with raw_decode,
    skipping whole values until it reaches the path.
    """
    decoder = json.JSONDecoder()

    def skip(pos: int, expected: str = "") -> int:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if expected:
            if text[pos] != expected:
                raise ValueError(expected)
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        return pos

    try:
        pos = skip(0)
        for step in steps:
            if isinstance(step, int):
                pos = skip(pos, "[")
                for _ in range(step):
                    pos = skip(decoder.raw_decode(text, pos)[1], ",")
                continue
            pos = skip(pos, "{")
            while True:
                key, pos = decoder.raw_decode(text, pos)
                pos = skip(pos, ":")
                if key == step:
                    break
                pos = skip(decoder.raw_decode(text, pos)[1], ",")
    except (ValueError, IndexError):
        return None, None
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


class Shape:
    """Typed access to one JSON object; a wrong type is a ReadError naming its JSON path and line."""

    def __init__(self, value: object, steps: tuple[Step, ...], source: Source) -> None:
        if not isinstance(value, dict):
            raise source.error(steps, f"expected an object, found {_kind(value)}")
        self.value: dict[str, Any] = value
        self.steps = steps
        self.source = source

    @property
    def at(self) -> str:
        return json_path(self.steps)

    @property
    def location(self) -> Location:
        return self.source.location(self.steps)

    def wrong(self, steps: tuple[Step, ...], expected: str, value: object) -> ReadError:
        return self.source.error(steps, f"expected {expected}, found {_kind(value)}")

    def text(self, key: str) -> str | None:
        """A string, or a number printed as one (CSL writes "volume": 24); blank is None."""
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.wrong((*self.steps, key), "a string", value)
        return str(value).strip() or None

    def first_text(self, key: str) -> str | None:
        """Crossref's lists of one string ("title": ["..."]); a plain string is accepted too."""
        value = self.value.get(key)
        if isinstance(value, list):
            if not value:
                return None
            if not isinstance(value[0], str):
                raise self.wrong((*self.steps, key, 0), "a string", value[0])
            return value[0].strip() or None
        return self.text(key)

    def items(self, key: str) -> list[Any]:
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.wrong((*self.steps, key), "a list", value)
        return value

    def objects(self, key: str) -> list[Shape]:
        return [Shape(v, (*self.steps, key, n), self.source) for n, v in enumerate(self.items(key))]

    def object(self, key: str) -> Shape | None:
        value = self.value.get(key)
        return None if value is None else Shape(value, (*self.steps, key), self.source)

    def strings(self, key: str) -> list[str]:
        out = []
        for n, value in enumerate(self.items(key)):
            if not isinstance(value, str):
                raise self.wrong((*self.steps, key, n), "a string", value)
            out.append(value)
        return out


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")


# ------------------------------------------------------------------------- values shared by the readers

_DASHES = re.compile(r"\s*(?:--?|[\u2010-\u2015\u2212])\s*")


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """"1484-1490", "1484--1490", "1484–90" (-> 1490), "e1886" (an article number: no last page)."""
    if not pages or not pages.strip():
        return None, None
    parts = [p for p in _DASHES.split(pages.strip(), maxsplit=1) if p]
    first = parts[0].strip()
    last = parts[1].strip() if len(parts) > 1 else None
    if last and first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last  # "1484-90": the printed short form of 1490
    return first, last if last != first else None


def date_from_parts(parts: Sequence[object]) -> tuple[int | None, str | None]:
    """[2006, 2, 15] -> (2006, "2006-02-15"); [2006] -> (2006, None); strings and nulls tolerated."""
    numbers: list[int] = []
    for part in parts[:3]:
        if isinstance(part, int | str) and not isinstance(part, bool) and str(part).strip().isdigit():
            numbers.append(int(part))
        else:
            break
    if not numbers or not 1000 <= numbers[0] <= 2999:
        return None, None
    year = numbers[0]
    if len(numbers) >= 2 and 1 <= numbers[1] <= 12:
        if len(numbers) == 3 and 1 <= numbers[2] <= 31:
            return year, f"{year:04d}-{numbers[1]:02d}-{numbers[2]:02d}"
        return year, f"{year:04d}-{numbers[1]:02d}"
    return year, None


_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")


def strip_markup(text: str | None) -> str | None:
    """Inline HTML/JATS (<i>, <sub>, <jats:italic>) and entities out, spaces folded."""
    if text is None:
        return None
    text = html.unescape(_TAG.sub("", text))
    return " ".join(text.split()) or None


def split_keywords(text: str | None) -> tuple[str, ...]:
    """"a, b" or "a; b" (a semicolon list may hold commas: "Interleukin-2, human; NK cells")."""
    if not text:
        return ()
    separator = ";" if ";" in text else ","
    return tuple(dict.fromkeys(k.strip() for k in text.split(separator) if k.strip()))


def bare_doi(value: str | None) -> str | None:
    """DOIs are stored bare: "https://doi.org/10.1/x" and "doi:10.1/x" -> "10.1/x"."""
    if not value:
        return None
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value.strip(), flags=re.I)
    return doi if doi.startswith("10.") else None


# ------------------------------------------------------------------------- detection


def sniff(text: str) -> bool:
    """A JSON array (or object) of CSL items: "type", "title" or "id", and CSL keys, titles as strings."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head or head[0] not in "[{":
        return False
    data = try_json(head)
    if data is None:  # broken JSON: claim it by its look, so the syntax error is reported
        return bool(_CSL_TEXT_MARKS.search(head[:20_000])) and not _CROSSREF_MARKS.search(head[:20_000])
    items = data if isinstance(data, list) else [data]
    return bool(items) and all(isinstance(i, dict) for i in items) and _is_item(items[0])


def _is_item(item: dict[str, Any]) -> bool:
    if not isinstance(item.get("type"), str) or not ("title" in item or "id" in item):
        return False
    if "title" in item and not isinstance(item["title"], str):
        return False  # Crossref's works JSON has titles as lists
    if any(k in item for k in ("message-type", "reference-count", "short-container-title")):
        return False
    return any(k in item for k in CSL_KEYS)


# ------------------------------------------------------------------------- reading


def read(text: str, path: str) -> tuple[list[Article], list[Warning_]]:
    """One Article per item with a title; items without one are skipped with a warning."""
    text = text.lstrip("\ufeff")
    data = load_json(text, path)
    source = Source(text, path)
    if isinstance(data, list):
        items = [Shape(v, (n,), source) for n, v in enumerate(data)]
    else:
        items = [Shape(data, (), source)]
    if not items:
        raise ReadError(Location(path, 1), "an empty array: no CSL items")
    articles: list[Article] = []
    warnings: list[Warning_] = []
    for item in items:
        article = read_item(item)
        if article.work.title is None:
            warnings.append(Warning_(item.location, f"{item.at} ({item.text('id') or 'no id'}): no title; skipped"))
            continue
        articles.append(article)
    if not articles:
        if len(items) == 1:
            raise ReadError(items[0].location, 'the only CSL item has no "title"')
        raise ReadError(Location(path, 1), f"none of the {len(items)} CSL items has a title")
    return articles, warnings


def read_item(item: Shape) -> Article:
    """One CSL item -> Article; raises ReadError on a value of the wrong JSON type."""
    authors = tuple(csl_name(a) for a in item.objects("author"))
    year, date = _issued(item)
    first, last = split_pages(item.text("page"))
    work = Work(
        title=strip_markup(item.text("title")),
        authors=tuple(a for a in authors if a.family),
        year=year,
        date=date,
        type=WORK_TYPES.get(item.text("type") or "", "other"),
        container=strip_markup(item.text("container-title")),
        volume=item.text("volume"),
        issue=item.text("issue"),
        first_page=first or item.text("page-first"),
        last_page=last,
        publisher=item.text("publisher"),
        editors=tuple(e for e in (csl_name(x) for x in item.objects("editor")) if e.family),
        identifiers=_identifiers(item),
    )
    return Article(
        work=work,
        authors=tuple(Author(name) for name in work.authors),
        abstract=strip_markup(item.text("abstract")),
        keywords=split_keywords(item.text("keyword")),
        language=item.text("language"),
    )


def csl_name(name: Shape) -> PersonName:
    """{"family", "given", particles} or {"literal": "An Organisation"}."""
    literal = name.text("literal")
    family = name.text("family")
    if literal and not family:
        return PersonName(literal)
    particles = [p for p in (name.text("dropping-particle"), name.text("non-dropping-particle")) if p]
    return PersonName(" ".join([*particles, family or ""]).strip(), name.text("given"))


def _issued(item: Shape) -> tuple[int | None, str | None]:
    """"issued": {"date-parts": [[2006, 2]]}, or {"raw": "2006-02-15"} / {"literal": "2006"}."""
    issued = item.object("issued")
    if issued is None:
        return None, None
    parts = issued.items("date-parts")
    if parts:
        if not isinstance(parts[0], list):
            raise issued.wrong((*issued.steps, "date-parts", 0), "a list", parts[0])
        return date_from_parts(parts[0])
    raw = issued.text("raw") or issued.text("literal") or ""
    m = re.match(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", raw)
    if m:
        return date_from_parts([g for g in m.groups() if g])
    m = re.search(r"\b(1\d{3}|2\d{3})\b", raw)
    return (int(m.group(1)), None) if m else (None, None)


def _identifiers(item: Shape) -> tuple[Identifier, ...]:
    out: list[Identifier] = []
    if doi := bare_doi(item.text("DOI")):
        out.append(Identifier("doi", doi))
    if (pmid := item.text("PMID")) and pmid.isdigit():
        out.append(Identifier("pmid", pmid))
    if (pmcid := item.text("PMCID")) and re.fullmatch(r"PMC\d+", pmcid):
        out.append(Identifier("pmcid", pmcid))
    if isbn := item.text("ISBN"):
        out.append(Identifier("isbn", isbn.split()[0]))
    url = item.text("URL")
    if url and not bare_doi(url):
        out.append(Identifier("url", url))
    return tuple(out)
