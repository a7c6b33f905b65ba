"""SHACL checks of the data model (ontology/shapes.ttl): fast per document, full per store.

``validate_quads`` runs on every document before it is written, so it must keep up with
ingest (~100k triples/s); pyshacl needs seconds per document. It therefore compiles the
SHACL Core subset that shapes.ttl uses, once, into plain Python checks over a subject
index of the document's quads. The compiler refuses any SHACL term it does not
implement, so shapes.ttl cannot grow a constraint that only pyshacl would check.

``validate_store`` runs pyshacl over the union of all named graphs, for
``crosstalk validate``; tests/test_shapes.py checks that both engines agree.

Caveat shared by both: sh:class looks for the rdf:type triple in the data being
validated (one document, or the store) and does not reason over the vocabularies.
One documented difference: the fast check validates the lexical form of xsd:gYear,
xsd:gYearMonth and xsd:dateTime values strictly; rdflib (so pyshacl) does not.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from crosstalk.vocab import PREFIXES, RDF, SH, XSD
from ontology import SHAPES_FILE

if TYPE_CHECKING:
    from crosstalk.store import GraphStore


SHAPES_NS = "https://w3id.org/crosstalk/shapes#"

Term = NamedNode | BlankNode | Literal | Triple  # Triple: RDF-star quoted triples, never valid here
_TYPE = RDF.type
_STRING = XSD.string
_SH = str(SH)
Values = Term | set[Term]
"""The distinct values of one subject and predicate (RDF is a set: duplicates count once): the
term itself when there is one, as for most predicates, else a set; see _values."""
Index = Mapping[Term, Mapping[NamedNode, Values]]
"""subject -> predicate -> its values."""


class UnsupportedShape(ValueError):
    """shapes.ttl uses SHACL that the fast validator does not compile."""


@dataclass(frozen=True)
class Violation:
    """One validation result, in the terms pyshacl reports it (to compare the two)."""

    focus: str  # IRI of the focus node, or "_:id" for a blank node
    path: str  # predicate IRI, "^IRI" for an inverse path, "" for the node itself
    message: str
    severity: str = "Violation"  # "Violation" | "Warning" | "Info"
    shape: str = ""  # IRI of the node shape
    component: str = ""  # e.g. "MinCountConstraintComponent"
    value: str | None = None

    def __str__(self) -> str:
        inverse = "^" if self.path.startswith("^") else ""
        path = f" {inverse}{_short(self.path.removeprefix('^'))}" if self.path else ""
        return f"{_short(self.focus)}{path}: {self.message} ({self.severity}, {_short(self.shape)})"


@dataclass
class ValidationReport:
    """pyshacl's answer for a whole store. ``conforms`` ignores warnings (one entity
    printed in several forms), which are listed apart for curators."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)  # severity "Violation"
    text: str = ""
    warnings: list[Violation] = field(default_factory=list)  # "Warning" and "Info"


def _short(iri: str) -> str:
    for prefix, ns in (*PREFIXES.items(), ("cts", SHAPES_NS)):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>" if "://" in iri or iri.startswith(("mailto:", "urn:")) else iri


def _show(term: Term) -> str:
    """A term as a reader of a message wants it: prefixed IRIs, short datatypes."""
    if isinstance(term, NamedNode):
        return _short(term.value)
    if isinstance(term, Literal):
        if term.language:
            return f'"{term.value}"@{term.language}'
        dt = term.datatype.value
        return f'"{term.value}"' if dt == _STRING.value else f'"{term.value}"^^{_short(dt)}'
    return str(term)


# ---------------------------------------------------------------- value checks

ValueTest = Callable[[Term, Index], bool]


@dataclass(frozen=True)
class ValueCheck:
    """One constraint on each value node; ``explain`` says what a bad value lacks."""

    component: str
    test: ValueTest
    explain: str


_TZ = r"(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?"
_YEAR = r"-?(?:[1-9]\d{4,}|\d{4})"
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
_GYEAR = re.compile(rf"{_YEAR}{_TZ}")
_GYEARMONTH = re.compile(rf"{_YEAR}-(?:0[1-9]|1[0-2]){_TZ}")
_DATE = re.compile(rf"(\d{{4}}-\d\d-\d\d){_TZ}")
_DATETIME = re.compile(rf"(\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?){_TZ}")


def _is_date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    return match is not None and _parses(date.fromisoformat, match.group(1))


def _is_datetime(text: str) -> bool:
    match = _DATETIME.fullmatch(text)
    return match is not None and _parses(datetime.fromisoformat, match.group(1))


_LEXICAL: dict[str, Callable[[str], bool]] = {
    XSD.integer.value: lambda text: _INTEGER.fullmatch(text) is not None,
    XSD.boolean.value: lambda text: text.strip() in ("true", "false", "1", "0"),
    XSD.gYear.value: lambda text: _GYEAR.fullmatch(text) is not None,
    XSD.gYearMonth.value: lambda text: _GYEARMONTH.fullmatch(text) is not None,
    XSD.date.value: _is_date,
    XSD.dateTime.value: _is_datetime,
}
"""Lexical forms checked (XSD 1.1); other datatypes: any text."""


def _parses(parser: Callable[[str], object], text: str) -> bool:
    try:
        parser(text)
    except ValueError:
        return False
    return True


def _datatype(dt: NamedNode) -> ValueCheck:
    lexical_ok = _LEXICAL.get(dt.value, lambda _text: True)

    def test(value: Term, _index: Index) -> bool:
        return isinstance(value, Literal) and value.datatype == dt and lexical_ok(value.value)
    return ValueCheck("DatatypeConstraintComponent", test, f"is not a literal of type {_short(dt.value)}")


def _class(cls: NamedNode) -> ValueCheck:
    def test(value: Term, index: Index) -> bool:
        by_p = index.get(value)
        types = None if by_p is None else by_p.get(_TYPE)
        return types is not None and (cls in types if isinstance(types, set) else cls == types)
    return ValueCheck("ClassConstraintComponent", test,
                      f"is not of class {_short(cls.value)} (no such rdf:type in the data)")


_NODE_KINDS: dict[str, tuple[type, ...]] = {
    "IRI": (NamedNode,), "BlankNode": (BlankNode,), "Literal": (Literal,),
    "BlankNodeOrIRI": (BlankNode, NamedNode), "IRIOrLiteral": (NamedNode, Literal),
    "BlankNodeOrLiteral": (BlankNode, Literal),
}


def _node_kind(kind: NamedNode) -> ValueCheck:
    name = kind.value.removeprefix(_SH)
    if name not in _NODE_KINDS:
        raise UnsupportedShape(f"unknown sh:nodeKind {kind}")
    types = _NODE_KINDS[name]
    return ValueCheck("NodeKindConstraintComponent", lambda value, _index: isinstance(value, types),
                      f"is not a {name}")


def _in(values: Sequence[Term]) -> ValueCheck:
    allowed = frozenset(values)
    shown = ", ".join(_show(v) for v in values)
    return ValueCheck("InConstraintComponent", lambda value, _index: value in allowed, f"is not one of {shown}")


def _pattern(pattern: str, flags: str) -> ValueCheck:
    regex = re.compile(pattern, _re_flags(flags))

    def test(value: Term, _index: Index) -> bool:
        return isinstance(value, NamedNode | Literal) and regex.search(value.value) is not None
    return ValueCheck("PatternConstraintComponent", test, f"does not match /{pattern}/{flags}")


def _re_flags(flags: str) -> int:
    table = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
    out = 0
    for flag in flags:
        if flag not in table:
            raise UnsupportedShape(f"unsupported sh:flags {flag!r}")
        out |= table[flag]
    return out


def _or(alternatives: Sequence[Sequence[ValueCheck]]) -> ValueCheck:
    def test(value: Term, index: Index) -> bool:
        for checks in alternatives:  # any(all(...)), without two generators per value
            for c in checks:
                if not c.test(value, index):
                    break
            else:
                return True
        return False
    explain = " or ".join(" and ".join(c.explain for c in checks) for checks in alternatives)
    return ValueCheck("OrConstraintComponent", test, f"fails all of: {explain}")


# ---------------------------------------------------------------- compiled shapes

@dataclass(frozen=True)
class PropertyCheck:
    """One property shape (or, with predicate None, a node shape's own constraints)."""

    shape: str
    predicate: NamedNode | None
    inverse: bool = False
    min_count: int = 0
    max_count: int = sys.maxsize
    has_value: Term | None = None
    checks: tuple[ValueCheck, ...] = ()
    severity: str = "Violation"
    message: str | None = None

    @property
    def path(self) -> str:
        if self.predicate is None:
            return ""
        return ("^" if self.inverse else "") + self.predicate.value


@dataclass(frozen=True)
class NodeShape:
    iri: str
    target_classes: tuple[NamedNode, ...]
    target_subjects_of: tuple[NamedNode, ...]
    target_objects_of: tuple[NamedNode, ...]
    properties: tuple[PropertyCheck, ...]


@dataclass(frozen=True)
class Plan:
    """A node shape's checks arranged for speed: most properties of most focus nodes are
    absent and optional, so those checks run only when the focus has the predicate."""

    shape: NodeShape
    always: tuple[PropertyCheck, ...]  # node-level, inverse paths, sh:minCount, sh:hasValue
    when_present: Mapping[NamedNode, tuple[PropertyCheck, ...]]

    @classmethod
    def of(cls, shape: NodeShape, severities: frozenset[str]) -> Plan:
        always: list[PropertyCheck] = []
        present: dict[NamedNode, list[PropertyCheck]] = {}
        for c in shape.properties:
            if c.severity not in severities:
                continue
            if c.predicate is None or c.inverse or c.min_count > 0 or c.has_value is not None:
                always.append(c)
            else:
                present.setdefault(c.predicate, []).append(c)
        return cls(shape, tuple(always), {p: tuple(cs) for p, cs in present.items()})


_SHAPE_KEYS = {"targetClass", "targetSubjectsOf", "targetObjectsOf", "property", "nodeKind", "class",
               "datatype", "in", "pattern", "flags", "or", "severity", "message", "name", "description"}
_PROPERTY_KEYS = {"path", "minCount", "maxCount", "hasValue", "nodeKind", "class", "datatype", "in",
                  "pattern", "flags", "or", "severity", "message", "name", "description"}
_OR_MEMBER_KEYS = {"nodeKind", "class", "datatype", "in", "pattern", "flags"}

Triples = dict[Term, dict[NamedNode, list[Term]]]


def _read_triples(path: Path) -> Triples:
    out: Triples = {}
    for t in parse(path=str(path), format=RdfFormat.TURTLE):
        out.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
    return out


def _sh_keys(node: Term, g: Triples, allowed: set[str], where: str) -> dict[str, list[Term]]:
    """The node's sh: properties by local name; anything not compiled is an error."""
    keys: dict[str, list[Term]] = {}
    for p, objects in g.get(node, {}).items():
        if p.value.startswith(_SH):
            name = p.value.removeprefix(_SH)
            if name not in allowed:
                raise UnsupportedShape(f"{where}: sh:{name} is not compiled by ingest/validate.py")
            keys[name] = objects
    return keys


def _rdf_list(node: Term, g: Triples) -> list[Term]:
    items = []
    while node != RDF.nil:
        items.append(g[node][RDF.first][0])
        node = g[node][RDF.rest][0]
    return items


def _one(keys: dict[str, list[Term]], name: str, where: str) -> Term | None:
    values = keys.get(name, [])
    if len(values) > 1:
        raise UnsupportedShape(f"{where}: more than one sh:{name}")
    return values[0] if values else None


def _iri(term: Term | None, where: str) -> NamedNode | None:
    if term is not None and not isinstance(term, NamedNode):
        raise UnsupportedShape(f"{where}: expected an IRI, found {term}")
    return term


def _text(term: Term | None, where: str) -> str | None:
    if term is not None and not isinstance(term, Literal):
        raise UnsupportedShape(f"{where}: expected a literal, found {term}")
    return None if term is None else term.value


def _value_checks(keys: dict[str, list[Term]], g: Triples, where: str) -> list[ValueCheck]:
    checks = []
    if (kind := _iri(_one(keys, "nodeKind", where), where)) is not None:
        checks.append(_node_kind(kind))
    if (dt := _iri(_one(keys, "datatype", where), where)) is not None:
        checks.append(_datatype(dt))
    checks += [_class(cls) for cls in _iris(keys, "class", where)]
    if (values := _one(keys, "in", where)) is not None:
        checks.append(_in(_rdf_list(values, g)))
    if (pattern := _text(_one(keys, "pattern", where), where)) is not None:
        checks.append(_pattern(pattern, _text(_one(keys, "flags", where), where) or ""))
    for alternatives in keys.get("or", []):
        members = [_value_checks(_sh_keys(m, g, _OR_MEMBER_KEYS, f"{where} sh:or"), g, where)
                   for m in _rdf_list(alternatives, g)]
        checks.append(_or(members))
    return checks


def _severity(keys: dict[str, list[Term]], where: str) -> str:
    severity = _iri(_one(keys, "severity", where), where)
    return severity.value.removeprefix(_SH) if severity is not None else "Violation"


def _int(keys: dict[str, list[Term]], name: str, where: str, default: int) -> int:
    value = _text(_one(keys, name, where), where)
    return int(value) if value is not None else default


def _property(shape: str, node: Term, g: Triples) -> PropertyCheck:
    where = f"{_short(shape)} property"
    keys = _sh_keys(node, g, _PROPERTY_KEYS, where)
    path = _one(keys, "path", where)
    inverse = False
    if isinstance(path, BlankNode):
        inverse_keys = _sh_keys(path, g, {"inversePath"}, f"{where} sh:path")
        path, inverse = _one(inverse_keys, "inversePath", where), True
    if not isinstance(path, NamedNode):
        raise UnsupportedShape(f"{where}: sh:path must be a predicate or [ sh:inversePath p ]")
    return PropertyCheck(shape, path, inverse,
                         min_count=_int(keys, "minCount", where, 0),
                         max_count=_int(keys, "maxCount", where, sys.maxsize),
                         has_value=_one(keys, "hasValue", where),
                         checks=tuple(_value_checks(keys, g, where)),
                         severity=_severity(keys, where),
                         message=_text(_one(keys, "message", where), where))


def _iris(keys: dict[str, list[Term]], name: str, where: str) -> tuple[NamedNode, ...]:
    return tuple(iri for term in keys.get(name, []) if (iri := _iri(term, where)) is not None)


def compile_shapes(g: Triples) -> tuple[NodeShape, ...]:
    """Turn the shapes graph into NodeShapes, refusing SHACL outside the compiled subset."""
    shapes = []
    for node, props in g.items():
        if SH.NodeShape not in props.get(_TYPE, []):
            continue
        if not isinstance(node, NamedNode):
            raise UnsupportedShape("node shapes must be named (results name them)")
        keys = _sh_keys(node, g, _SHAPE_KEYS, _short(node.value))
        own = _value_checks(keys, g, _short(node.value))
        properties = [_property(node.value, p, g) for p in keys.get("property", [])]
        if own:
            properties.insert(0, PropertyCheck(node.value, None, checks=tuple(own),
                                               severity=_severity(keys, node.value)))
        shapes.append(NodeShape(node.value, _iris(keys, "targetClass", node.value),
                                _iris(keys, "targetSubjectsOf", node.value),
                                _iris(keys, "targetObjectsOf", node.value), tuple(properties)))
    return tuple(shapes)


# ---------------------------------------------------------------- running the checks

_EMPTY: frozenset[Term] = frozenset()
_NO_PREDICATES: dict[NamedNode, Values] = {}


@dataclass(frozen=True)
class CompiledShapes:
    """The shapes, their plans, and what indexing a document needs to know about them."""

    shapes: tuple[NodeShape, ...]
    backward_predicates: frozenset[NamedNode]  # indexed object -> subjects
    violation_plans: tuple[Plan, ...]  # sh:Violation checks only: what refuses a document
    all_plans: tuple[Plan, ...]

    @classmethod
    def of(cls, shapes: tuple[NodeShape, ...]) -> CompiledShapes:
        preds = {_TYPE, *(p for s in shapes for p in s.target_objects_of)}
        preds |= {c.predicate for s in shapes for c in s.properties if c.inverse and c.predicate is not None}
        return cls(shapes, frozenset(preds),
                   tuple(Plan.of(s, frozenset({"Violation"})) for s in shapes),
                   tuple(Plan.of(s, frozenset({"Violation", "Warning", "Info"})) for s in shapes))


@lru_cache(maxsize=4)
def load_shapes(path: Path = SHAPES_FILE) -> CompiledShapes:
    """shapes.ttl compiled once per process."""
    return CompiledShapes.of(compile_shapes(_read_triples(path)))


Forward = dict[Term, dict[NamedNode, Values]]
Backward = dict[NamedNode, dict[Term, Values]]  # predicate -> object -> subjects


Statement = tuple[Term, NamedNode, Term]  # (subject, predicate, object): a quad without its graph
_TERMS = attrgetter("subject", "predicate", "object")


def index_statements(statements: Iterable[Statement],
                     backward_predicates: frozenset[NamedNode]) -> tuple[Forward, Backward]:
    """One pass over the statements: subject -> predicate -> objects, and the backward links
    the shapes follow (rdf:type for targets, inverse paths)."""
    forward: Forward = {}
    backward: Backward = {p: {} for p in backward_predicates}
    last: Term | None = None
    by_p: dict[NamedNode, Values] = {}
    for s, p, o in statements:
        if s != last:  # a subject's statements mostly come together: one look-up per run
            by_p = forward.get(s)  # type: ignore[assignment]
            if by_p is None:
                by_p = forward[s] = {}
            last = s
        _add(by_p, p, o)
        back = backward.get(p)
        if back is not None:
            _add(back, o, s)
    return forward, backward


def _add(values: dict[Any, Values], key: Any, term: Term) -> None:
    """One more value under key: a set only from the second distinct one on (the set
    {first, second} iterates as {first} + second would)."""
    known = values.get(key)
    if known is None:
        values[key] = term
    elif isinstance(known, set):
        known.add(term)
    elif known != term:
        values[key] = {known, term}


def _values(values: Values | None) -> Collection[Term]:
    """What _add stored, as a collection."""
    if values is None:
        return _EMPTY
    return values if isinstance(values, set) else (values,)


def _focus_nodes(shape: NodeShape, forward: Forward, backward: Backward) -> set[Term]:
    nodes: set[Term] = set()
    types = backward[_TYPE]
    for cls in shape.target_classes:
        nodes.update(_values(types.get(cls)))
    for p in shape.target_subjects_of:
        nodes |= {s for s, by_p in forward.items() if p in by_p}
    for p in shape.target_objects_of:
        nodes |= backward[p].keys()
    return nodes


def _node_id(term: Term) -> str:
    return term.value if isinstance(term, NamedNode) else str(term)


def _result(focus: Term, check: PropertyCheck, component: str, message: str,
            value: Term | None = None) -> Violation:
    return Violation(_node_id(focus), check.path, check.message or message, check.severity,
                     check.shape, component, None if value is None else str(value))


def _count_results(focus: Term, check: PropertyCheck, values: Collection[Term]) -> list[Violation]:
    out = []
    if len(values) < check.min_count:
        out.append(_result(focus, check, "MinCountConstraintComponent",
                           f"expected at least {check.min_count} value(s), found {len(values)}"))
    if len(values) > check.max_count:
        shown = ", ".join(sorted(_show(v) for v in values))
        out.append(_result(focus, check, "MaxCountConstraintComponent",
                           f"expected at most {check.max_count} value(s), found {len(values)}: {shown}"))
    if check.has_value is not None and check.has_value not in values:
        out.append(_result(focus, check, "HasValueConstraintComponent",
                           f"lacks the value {_show(check.has_value)}"))
    return out


def _run(focus: Term, check: PropertyCheck, values: Collection[Term], forward: Forward,
         out: list[Violation]) -> None:
    n = len(values)
    if n < check.min_count or n > check.max_count or (
            check.has_value is not None and check.has_value not in values):
        out.extend(_count_results(focus, check, values))
    for c in check.checks:
        test = c.test
        for value in values:
            if not test(value, forward):
                out.append(_result(focus, check, c.component, f"value {_show(value)} {c.explain}", value))


def validate_quads(quads: Iterable[Quad], *, warnings: bool = False,
                   shapes: CompiledShapes | None = None) -> list[Violation]:
    """The per-document check ingest runs before writing: sh:Violation results only,
    unless ``warnings`` (a document is refused for violations, never for warnings)."""
    return validate_statements(map(_TERMS, quads), warnings=warnings, shapes=shapes)


def validate_statements(statements: Iterable[Statement], *, warnings: bool = False,
                        shapes: CompiledShapes | None = None) -> list[Violation]:
    """validate_quads on the quads' terms (ingest.mapper.MappedDocument.statements): the same
    results in the same order, and faster, since reading a term out of a pyoxigraph Quad
    makes a new object each time, which every dictionary look-up must then compare by value."""
    compiled = load_shapes() if shapes is None else shapes
    forward, backward = index_statements(statements, compiled.backward_predicates)
    out: list[Violation] = []
    for plan in compiled.all_plans if warnings else compiled.violation_plans:
        always, when_present = plan.always, plan.when_present
        if not always and not when_present:
            continue
        for focus in _focus_nodes(plan.shape, forward, backward):
            by_p = forward.get(focus, _NO_PREDICATES)
            for check in always:
                p = check.predicate
                if p is None:
                    values: Collection[Term] = (focus,)
                elif check.inverse:
                    values = _values(backward[p].get(focus))
                else:
                    values = _values(by_p.get(p))
                _run(focus, check, values, forward, out)
            for p, stored in by_p.items():
                checks = when_present.get(p)
                if checks is not None:
                    values = stored if isinstance(stored, set) else (stored,)  # _values, inlined: a hot loop
                    for check in checks:
                        _run(focus, check, values, forward, out)
    return out


# ---------------------------------------------------------------- the whole store, with pyshacl

def validate_store(store: GraphStore, shapes_path: Path = SHAPES_FILE) -> ValidationReport:
    """pyshacl over the union of the store's named graphs (slow; for `crosstalk validate`)."""
    buffer = io.BytesIO()
    store.dump(buffer, RdfFormat.N_QUADS)
    return pyshacl_report(parse(buffer.getvalue(), format=RdfFormat.N_QUADS), shapes_path)


def pyshacl_report(quads: Iterable[Quad], shapes_path: Path = SHAPES_FILE) -> ValidationReport:
    """pyshacl with shapes.ttl over the union of the quads' graphs, as a ValidationReport."""
    import pyshacl
    from rdflib import Graph

    data = Graph().parse(data=serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES), format="nt")
    shapes = _rdflib_shapes(shapes_path)
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                               allow_warnings=True, advanced=False)
    found = pyshacl_violations(results, shapes)
    return ValidationReport(bool(conforms), [v for v in found if v.severity == "Violation"], str(text),
                            [v for v in found if v.severity != "Violation"])


@lru_cache(maxsize=4)
def _rdflib_shapes(path: Path) -> Any:
    from rdflib import Graph

    return Graph().parse(path, format="turtle")


def pyshacl_violations(results: object, shapes: object) -> list[Violation]:
    """pyshacl's results graph as Violations (property shapes named by their node shape)."""
    from rdflib import BNode, Graph, Namespace, URIRef

    sh = Namespace(_SH)
    assert isinstance(results, Graph) and isinstance(shapes, Graph)
    out = []
    for r in results.subjects(sh.resultSeverity, None):
        source = results.value(r, sh.sourceShape)
        parent = shapes.value(None, sh.property, source) if isinstance(source, BNode) else source
        result_path = results.value(r, sh.resultPath)
        path = "" if result_path is None else str(result_path)
        if isinstance(result_path, BNode):
            path = "^" + str(results.value(result_path, sh.inversePath))
        value = results.value(r, sh.value)
        focus = results.value(r, sh.focusNode)
        out.append(Violation(
            str(focus) if isinstance(focus, URIRef) else f"_:{focus}",
            path,
            str(results.value(r, sh.resultMessage) or ""),
            str(results.value(r, sh.resultSeverity)).removeprefix(_SH),
            "" if parent is None else str(parent),
            str(results.value(r, sh.sourceConstraintComponent)).removeprefix(_SH),
            None if value is None else value.n3(),
        ))
    return out
