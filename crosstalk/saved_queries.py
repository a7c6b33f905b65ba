"""Saved queries: ``queries/NAME.rq`` files with a ``#+`` header, typed parameters.

A saved query is SPARQL plus a small YAML header written on ``#+ `` lines (in the spirit
of grlc's decorators and Datasette's canned queries)::

    #+ title: References that mention a concept
    #+ params:
    #+   concept: {type: concept, default: NaturalKillerCell}
    SELECT ?_concept ?number WHERE { ... ?cited dcterms:subject ?_concept }

A parameter ``name`` is the variable ``?_name`` in the body. Values are checked by type
here and bound by pyoxigraph substitutions, never pasted into the text, so no value can
change what the query means. pyoxigraph only substitutes variables of the top-level
projection, so every parameter variable is selected (and grouped by, if the query
aggregates); ``check`` proves this for each file by running it on an empty store.

This module knows nothing of HTTP: the server turns ``ParameterError`` into a 422 and
``UnknownQuery`` into a 404.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, RdfFormat, Store, Variable, parse

from crosstalk.vocab import IMMUNO, OWL, PREFIXES, RDF, RDFS, SKOS, XSD
from ontology import ONTOLOGY_FILE

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"

Term = NamedNode | Literal
PARAM_TYPES = ("string", "integer", "iri", "year", "concept", "boolean")
RESERVED = frozenset({"page", "page_size", "format"})
"""Query-string names the API uses itself, so no parameter may take them."""
MAX_VALUE_LENGTH = 1000
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100

_HEADER_KEYS = frozenset({"title", "description", "params", "tags", "examples"})
_PARAM_KEYS = frozenset({"type", "default", "description", "required", "min", "max"})
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_NAME_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


class SavedQueryError(ValueError):
    """A .rq file that cannot be served: bad header, unknown type, SPARQL that fails."""


class UnknownQuery(KeyError):
    """No saved query of that name."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"no saved query named {self.name!r}"


class ParameterError(ValueError):
    """A parameter value that does not fit its type; the message says why."""

    def __init__(self, param: str, reason: str) -> None:
        super().__init__(f"parameter {param!r}: {reason}")
        self.param = param
        self.reason = reason


# --- concepts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Concepts:
    """The immuno: concepts a ``concept`` parameter may name, and the names they go by."""

    iris: frozenset[str]
    names: Mapping[str, str] = field(default_factory=dict)  # lower-cased label/match -> IRI

    @classmethod
    def from_turtle(cls, data: bytes | str) -> Concepts:
        """Every immuno: subject with its labels, alternative labels and external matches."""
        raw = data.encode() if isinstance(data, str) else data
        iris: set[str] = set()
        names: dict[str, str] = {}
        aliases = {RDFS.label.value, SKOS.altLabel.value, SKOS.prefLabel.value}
        matches = {SKOS.exactMatch.value}
        classes = {OWL.Class.value, SKOS.Concept.value}
        for triple in parse(raw, RdfFormat.TURTLE):
            s, p, o = triple.subject, triple.predicate, triple.object
            if isinstance(s, BlankNode) or not s.value.startswith(str(IMMUNO)):
                continue
            if p == RDF.type and o.value in classes:
                iris.add(s.value)
            elif p.value in aliases and isinstance(o, Literal):
                names.setdefault(o.value.casefold(), s.value)
            elif p.value in matches and isinstance(o, NamedNode):
                names.setdefault(o.value.casefold(), s.value)
        return cls(frozenset(iris), names)

    def resolve(self, value: str) -> NamedNode:
        """Local name, ``immuno:`` name, IRI, label or exactMatch IRI -> the concept IRI."""
        text = value.strip().strip("<>")
        for candidate in (text, str(IMMUNO) + text.removeprefix("immuno:")):
            if candidate in self.iris:
                return NamedNode(candidate)
        if text.casefold() in self.names:
            return NamedNode(self.names[text.casefold()])
        known = sorted(i.removeprefix(str(IMMUNO)) for i in self.iris)
        close = difflib.get_close_matches(text.removeprefix("immuno:"), known, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"unknown concept {value!r}{hint}")


@lru_cache(maxsize=1)
def ontology_concepts(path: Path = ONTOLOGY_FILE) -> Concepts | None:
    """The concepts of ontology/immuno.ttl, or None while that file does not exist."""
    try:
        return Concepts.from_turtle(path.read_bytes())
    except FileNotFoundError:
        return None


def _concept_syntax_only(value: str) -> NamedNode:
    """Without the ontology: accept an immuno: IRI or a well-formed local name."""
    text = value.strip().strip("<>").removeprefix("immuno:")
    if text.startswith(str(IMMUNO)):
        text = text[len(str(IMMUNO)):]
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", text):
        raise ValueError(f"{value!r} is not an immuno: concept name (letters, digits, _ and -)")
    return IMMUNO[text]


# --- parameters -------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One typed parameter; ``variable`` is how the SPARQL body refers to it."""

    name: str
    type: str = "string"
    description: str = ""
    default: str | None = None
    required: bool = False
    min: int | None = None
    max: int | None = None

    @property
    def variable(self) -> str:
        return f"_{self.name}"

    def to_term(self, raw: str, concepts: Concepts | None = None) -> Term:
        """Check one value as given in a URL and turn it into the RDF term to bind."""
        if len(raw) > MAX_VALUE_LENGTH:
            raise ParameterError(self.name, f"longer than {MAX_VALUE_LENGTH} characters")
        try:
            return _CONVERTERS[self.type](self, raw, concepts)
        except ValueError as exc:
            raise ParameterError(self.name, str(exc)) from exc

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description,
                               "required": self.required, "default": self.default}
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        return out


def _string(p: Parameter, raw: str, _: Concepts | None) -> Term:
    if not raw.strip():
        raise ValueError("must not be empty")
    return Literal(raw)


def _bounded_int(p: Parameter, value: int) -> int:
    if p.min is not None and value < p.min:
        raise ValueError(f"{value} is below the minimum {p.min}")
    if p.max is not None and value > p.max:
        raise ValueError(f"{value} is above the maximum {p.max}")
    return value


def _integer(p: Parameter, raw: str, _: Concepts | None) -> Term:
    if not re.fullmatch(r"\s*[+-]?\d{1,18}\s*", raw):
        raise ValueError(f"{raw!r} is not an integer")
    return Literal(str(_bounded_int(p, int(raw))), datatype=XSD.integer)


def _year(p: Parameter, raw: str, _: Concepts | None) -> Term:
    """A four-digit year, bound as xsd:integer so it compares with YEAR(?date)."""
    if not re.fullmatch(r"\s*\d{4}\s*", raw):
        raise ValueError(f"{raw!r} is not a four-digit year")
    return Literal(str(_bounded_int(p, int(raw))), datatype=XSD.integer)


def _boolean(p: Parameter, raw: str, _: Concepts | None) -> Term:
    word = raw.strip().lower()
    if word not in _TRUE | _FALSE:
        raise ValueError(f"{raw!r} is not a boolean (true/false, 1/0, yes/no)")
    return Literal("true" if word in _TRUE else "false", datatype=XSD.boolean)


def _iri(p: Parameter, raw: str, _: Concepts | None) -> Term:
    """An absolute IRI; ``prefix:name`` with a known prefix (vocab.PREFIXES) is expanded."""
    text = raw.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    if not urlsplit(text).scheme or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise ValueError(f"{raw!r} is not an absolute IRI (it needs a scheme such as https:)")
    try:
        return NamedNode(text)
    except ValueError as exc:
        raise ValueError(f"{raw!r} is not a valid IRI: {exc}") from exc


def _concept(p: Parameter, raw: str, concepts: Concepts | None) -> Term:
    if not raw.strip():
        raise ValueError("must not be empty")
    return concepts.resolve(raw) if concepts is not None else _concept_syntax_only(raw)


_CONVERTERS = {"string": _string, "integer": _integer, "year": _year, "boolean": _boolean,
               "iri": _iri, "concept": _concept}


# --- saved queries ----------------------------------------------------------------------


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    sparql: str  # the body, without the header
    description: str = ""
    params: tuple[Parameter, ...] = ()
    tags: tuple[str, ...] = ()
    examples: tuple[Mapping[str, str], ...] = ()
    path: Path | None = None

    def param(self, name: str) -> Parameter:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def bind(self, values: Mapping[str, str], concepts: Concepts | None = None) -> dict[str, Term]:
        """Request values (strings) -> {variable name: term}; defaults fill the gaps.

        Unknown names are refused, so a typo is not silently ignored. A parameter with
        neither value nor default stays unbound: the query reads it as a wildcard.
        """
        unknown = sorted(set(values) - {p.name for p in self.params})
        if unknown:
            expected = ", ".join(p.name for p in self.params) or "none"
            raise ParameterError(unknown[0], f"unknown parameter (expected: {expected})")
        bound: dict[str, Term] = {}
        for p in self.params:
            raw = values.get(p.name)
            if raw is None or (raw == "" and not p.required):
                raw = p.default
            if raw is None:
                if p.required:
                    raise ParameterError(p.name, "is required")
                continue
            bound[p.variable] = p.to_term(raw, concepts)
        return bound

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [p.as_dict() for p in self.params], "tags": list(self.tags),
                "examples": [dict(e) for e in self.examples]}


def page_window(page: int = 1, page_size: int = DEFAULT_PAGE_SIZE) -> tuple[int, int]:
    """(limit, offset) for a page; one row more than the page tells whether a next exists."""
    if page < 1:
        raise ParameterError("page", f"{page} is below the minimum 1")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ParameterError("page_size", f"{page_size} is not between 1 and {MAX_PAGE_SIZE}")
    return page_size + 1, (page - 1) * page_size


def paginated(query: SavedQuery, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE) -> str:
    """The body with LIMIT/OFFSET appended (integers computed here, never user text).

    Saved queries have no LIMIT, OFFSET or trailing VALUES of their own (``check``
    enforces it: a second LIMIT would not parse), so appending is safe.
    """
    limit, offset = page_window(page, page_size)
    return f"{query.sparql.rstrip()}\nLIMIT {limit}\nOFFSET {offset}\n"


def parse_query(text: str, name: str, path: Path | None = None) -> SavedQuery:
    """Split the ``#+`` header from the body and read it; errors name the file."""
    where = str(path) if path else name
    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        if not line.startswith("#+"):
            break
        header.append(line[3:] if line.startswith("#+ ") else line[2:])
    body = "\n".join(lines[len(header):]).strip() + "\n"
    if not header:
        raise SavedQueryError(f"{where}: no '#+' header (it needs at least '#+ title: …')")
    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as exc:
        raise SavedQueryError(f"{where}: header is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise SavedQueryError(f"{where}: header must be 'key: value' lines")
    extra = set(meta) - _HEADER_KEYS
    if extra:
        raise SavedQueryError(f"{where}: unknown header keys {sorted(extra)} (known: {sorted(_HEADER_KEYS)})")
    if not meta.get("title"):
        raise SavedQueryError(f"{where}: header needs a title")
    params = tuple(_parameter(where, pname, spec) for pname, spec in (meta.get("params") or {}).items())
    if not all(isinstance(e, dict) for e in meta.get("examples") or ()):
        raise SavedQueryError(f"{where}: each example is a mapping of parameter values, such as {{word: NK}}")
    examples = tuple({str(k): _scalar(v) for k, v in e.items()} for e in meta.get("examples") or ())
    query = SavedQuery(name=name, title=str(meta["title"]).strip(), sparql=body,
                       description=str(meta.get("description") or "").strip(), params=params,
                       tags=tuple(str(t) for t in meta.get("tags") or ()), examples=examples, path=path)
    for variable in re.findall(r"[?$](_\w+)", _strip_comments_and_strings(body)):
        if variable[1:] not in {p.name for p in params}:
            raise SavedQueryError(f"{where}: ?{variable} looks like a parameter but is not in params")
    return query


def _parameter(where: str, name: object, spec: object) -> Parameter:
    if not isinstance(name, str) or not _NAME.match(name) or name in RESERVED:
        raise SavedQueryError(f"{where}: bad parameter name {name!r} (lower case, not {sorted(RESERVED)})")
    if isinstance(spec, str):
        spec = {"type": spec}
    if not isinstance(spec, dict):
        raise SavedQueryError(f"{where}: parameter {name!r} must be a mapping (type, default, …)")
    extra = set(spec) - _PARAM_KEYS
    if extra:
        raise SavedQueryError(f"{where}: parameter {name!r} has unknown keys {sorted(extra)}")
    ptype = spec.get("type", "string")
    if ptype not in PARAM_TYPES:
        raise SavedQueryError(f"{where}: parameter {name!r} has unknown type {ptype!r} (known: {PARAM_TYPES})")
    for bound in ("min", "max"):
        if spec.get(bound) is not None and (ptype not in ("integer", "year") or type(spec[bound]) is not int):
            raise SavedQueryError(f"{where}: parameter {name!r}: {bound} must be an integer, on integer or year")
    default = spec.get("default")
    param = Parameter(name=name, type=ptype, description=str(spec.get("description") or "").strip(),
                      default=None if default is None else _scalar(default),
                      required=bool(spec.get("required", False)),
                      min=spec.get("min"), max=spec.get("max"))
    if param.default is not None and ptype != "concept":
        try:
            param.to_term(param.default)
        except ParameterError as exc:
            raise SavedQueryError(f"{where}: default of {exc}") from exc
    return param


def _scalar(value: object) -> str:
    """YAML scalars back to the text a URL would carry (True -> 'true')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _strip_comments_and_strings(sparql: str) -> str:
    """Good enough to find ?_names: drop quoted strings, IRIs in <> and # comments."""
    pattern = r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\s]*>|#[^\n]*"
    return re.sub(pattern, " ", sparql, flags=re.S)


def load_query(path: Path) -> SavedQuery:
    return parse_query(path.read_text(encoding="utf-8"), path.stem, path)


def load_queries(directory: Path = QUERIES_DIR) -> dict[str, SavedQuery]:
    """Every ``*.rq`` of a folder, by name, sorted; a bad file raises SavedQueryError."""
    return {p.stem: load_query(p) for p in sorted(directory.glob("*.rq"))}


def list_queries(directory: Path = QUERIES_DIR) -> list[SavedQuery]:
    return list(load_queries(directory).values())


def get_query(name: str, directory: Path = QUERIES_DIR) -> SavedQuery:
    if not _NAME_FILE.match(name):
        raise UnknownQuery(name)
    path = directory / f"{name}.rq"
    if not path.is_file():
        raise UnknownQuery(name)
    return load_query(path)


def sample_bindings(query: SavedQuery) -> dict[str, Term]:
    """A value of the right type for each parameter (default when there is one)."""
    samples = {"string": "immune", "integer": "1", "year": "2010", "boolean": "true",
               "iri": "https://example.org/x", "concept": "NaturalKillerCell"}
    return {p.variable: p.to_term(p.default or samples[p.type]) for p in query.params}


def check(query: SavedQuery, store: Store | None = None) -> None:
    """Prove a query can be served: it parses with PREFIXES, is a SELECT, takes LIMIT
    and OFFSET at its end, and selects every parameter (so substitution can bind it)."""
    where = str(query.path or query.name)
    try:
        result = (store or Store()).query(
            paginated(query, 1, 1), prefixes=PREFIXES, use_default_graph_as_union=True,
            substitutions={Variable(k): v for k, v in sample_bindings(query).items()})
    except (SyntaxError, RuntimeError, ValueError) as exc:
        raise SavedQueryError(f"{where}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(result, QuerySolutions):
        raise SavedQueryError(f"{where}: a saved query must be a SELECT (it is paged)")
    list(result)


def check_all(queries: Iterable[SavedQuery]) -> None:
    for query in queries:
        check(query)
