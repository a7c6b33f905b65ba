"""Human-readable documentation of the immunology ontology (pyLODE/WIDOCO style), from immuno.ttl.

    doc = ontology_doc()                  # the view model, read from ontology/immuno.ttl
    html = render_html(doc)               # the page (server/templates/ontology.html)
    write_html("site/ontology.html")      # a static copy, self-contained

The view model is pure data read from the Turtle with rdflib (which reads RDF lists, so
union domains and disjointness axioms come out whole); nothing here knows about HTTP. The
page is one self-contained HTML file (inline CSS, no script, nothing from another host),
anchored by local name: ``https://w3id.org/crosstalk/immuno#NaturalKillerCell`` is the
section ``#NaturalKillerCell`` of the page, so a w3id redirect of the ontology IRI to the
page lands each term on its own section.

Classes are grouped by branch: the top classes (Cell, Molecule, Process, Disease), each
branch in hierarchy order (depth first, siblings by label); a class with two parents is
documented once, in the branch and place its first parent (by label) puts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib import BNode, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from crosstalk.vocab import IMMUNO, IMMUNO_ONTOLOGY
from ontology import ONTOLOGY_FILE

ONTOLOGY_IRI = IMMUNO_ONTOLOGY
TEMPLATES = Path(__file__).resolve().parents[1] / "server" / "templates"
TEMPLATE = "ontology.html"

MAPPING_RELATIONS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
EXTERNAL_PREFIXES = (
    # (IRI start, CURIE prefix, source name), longest first where they overlap
    ("http://purl.obolibrary.org/obo/CL_", "CL", "Cell Ontology"),
    ("http://purl.obolibrary.org/obo/CHEBI_", "CHEBI", "ChEBI"),
    ("http://purl.obolibrary.org/obo/GO_", "GO", "Gene Ontology"),
    ("http://purl.obolibrary.org/obo/PR_", "PR", "Protein Ontology"),
    ("http://purl.obolibrary.org/obo/MONDO_", "MONDO", "Mondo Disease Ontology"),
    ("http://purl.obolibrary.org/obo/DOID_", "DOID", "Human Disease Ontology"),
    ("http://purl.obolibrary.org/obo/HP_", "HP", "Human Phenotype Ontology"),
    ("http://purl.obolibrary.org/obo/UBERON_", "UBERON", "Uberon"),
    ("http://id.nlm.nih.gov/mesh/", "MESH", "MeSH"),
    ("http://www.ebi.ac.uk/efo/EFO_", "EFO", "Experimental Factor Ontology"),
    ("https://identifiers.org/hgnc:", "HGNC", "HGNC"),
    ("http://purl.uniprot.org/uniprot/", "UniProt", "UniProt"),
    ("http://www.wikidata.org/entity/", "Wikidata", "Wikidata"),
)
CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional", OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive", OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric", OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}
LICENSE_PROPERTIES = (DCTERMS.license, DCTERMS.rights, URIRef("http://creativecommons.org/ns#license"))


@dataclass(frozen=True)
class Link:
    """A term as the page shows it: a label, where it links, and its IRI as tooltip."""

    label: str
    href: str
    title: str = ""
    note: str = ""  # e.g. the source ontology of an external match


@dataclass
class ClassDoc:
    name: str  # the local name, which is also the anchor
    iri: str
    label: str
    definition: str = ""
    synonyms: list[str] = field(default_factory=list)
    superclasses: list[Link] = field(default_factory=list)
    subclasses: list[Link] = field(default_factory=list)
    disjoint: list[Link] = field(default_factory=list)
    restrictions: list[tuple[Link, str, Link]] = field(default_factory=list)  # (expresses, some, CD34 antigen)
    mappings: list[tuple[str, Link]] = field(default_factory=list)  # ("exact match", CL:0000623)
    domain_of: list[Link] = field(default_factory=list)
    range_of: list[Link] = field(default_factory=list)
    organising: bool = False  # a branch class: no SKOS labels, never linked in text
    depth: int = 0


@dataclass
class Branch:
    """A top class and every class under it, in hierarchy order."""

    name: str
    label: str
    classes: list[ClassDoc]
    tree: list[tuple[int, Link]]  # (depth, class) for the table of contents; a class may appear twice


@dataclass
class PropertyDoc:
    name: str
    iri: str
    label: str
    kind: str  # "object property", "annotation property", ...
    definition: str = ""
    domain: list[list[Link]] = field(default_factory=list)  # alternatives of a union, one list per axiom
    range: list[list[Link]] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    superproperties: list[Link] = field(default_factory=list)
    inverse: list[Link] = field(default_factory=list)
    used_in: list[Link] = field(default_factory=list)  # classes whose restrictions use it


@dataclass
class OntologyDoc:
    iri: str
    namespace: str
    prefix: str
    title: str
    description: str
    version: str
    version_iri: str
    license: Link | None
    branches: list[Branch]
    properties: list[PropertyDoc]
    annotation_properties: list[Link]
    imports: list[Link]
    mapping_counts: list[tuple[str, int]]  # (source, matches) for the overview
    source: str  # the Turtle file it was read from

    @property
    def classes(self) -> list[ClassDoc]:
        return [c for b in self.branches for c in b.classes]


# --- reading ------------------------------------------------------------------------------


def local_name(iri: str) -> str:
    return iri[len(IMMUNO.iri):] if iri.startswith(IMMUNO.iri) else re.split(r"[#/]", iri)[-1]


def external_link(iri: str) -> Link:
    """CL_0000623 -> 'CL:0000623', with the source named, linking to the IRI itself."""
    for start, prefix, source in EXTERNAL_PREFIXES:
        if iri.startswith(start):
            return Link(f"{prefix}:{iri[len(start):]}", iri, iri, source)
    return Link(iri, iri, iri)


def _text(g: rdflib.Graph, s: rdflib.term.Node, *predicates: URIRef) -> str:
    """The English (or untagged) literal of the first predicate that has one."""
    for p in predicates:
        values = [o for o in g.objects(s, p) if isinstance(o, rdflib.Literal)]
        values.sort(key=lambda o: (o.language not in (None, "en"), str(o)))
        if values:
            return str(values[0])
    return ""


def _humanise(camel: str) -> str:
    return "".join(" " + c.lower() if c.isupper() else c for c in camel).strip()


class _Reader:
    def __init__(self, g: rdflib.Graph) -> None:
        self.g = g
        self.classes = sorted({str(c) for c in g.subjects(RDF.type, OWL.Class)
                               if isinstance(c, URIRef) and str(c).startswith(IMMUNO.iri)})
        self.labels = {c: _text(g, URIRef(c), RDFS.label, SKOS.prefLabel) or _humanise(local_name(c))
                       for c in self.classes}

    def link(self, iri: str) -> Link:
        if iri in self.labels:
            return Link(self.labels[iri], "#" + local_name(iri), iri)
        if iri.startswith(IMMUNO.iri):
            return Link(_text(self.g, URIRef(iri), RDFS.label) or _humanise(local_name(iri)),
                        "#" + local_name(iri), iri)
        if iri == str(OWL.Thing):
            return Link("owl:Thing", iri, iri)
        return external_link(iri)

    def sort(self, iris: Iterable[str]) -> list[Link]:
        return sorted((self.link(i) for i in set(iris)), key=lambda lk: lk.label.casefold())

    def alternatives(self, node: rdflib.term.Node) -> list[Link]:
        """A class expression as the named classes it is a union of (one, usually)."""
        if isinstance(node, URIRef):
            return [self.link(str(node))]
        union = self.g.value(node, OWL.unionOf)
        if union is not None:
            return [self.link(str(m)) for m in Collection(self.g, union) if isinstance(m, URIRef)]
        return []

    def parents(self, c: str) -> list[str]:
        return sorted((str(o) for o in self.g.objects(URIRef(c), RDFS.subClassOf)
                       if isinstance(o, URIRef) and str(o) in self.labels),
                      key=lambda p: self.labels[p].casefold())

    def disjoint(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        groups: list[list[str]] = []
        for axiom in self.g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = self.g.value(axiom, OWL.members)
            if members is not None:
                groups.append([str(m) for m in Collection(self.g, members) if isinstance(m, URIRef)])
        groups += [[str(a), str(b)] for a, b in self.g.subject_objects(OWL.disjointWith)
                   if isinstance(a, URIRef) and isinstance(b, URIRef)]
        for group in groups:
            for c in group:
                found.setdefault(c, set()).update(m for m in group if m != c)
        return found

    def restrictions(self, c: str) -> list[tuple[Link, str, Link]]:
        out = []
        for r in self.g.objects(URIRef(c), RDFS.subClassOf):
            if not isinstance(r, BNode) or (r, RDF.type, OWL.Restriction) not in self.g:
                continue
            prop = self.g.value(r, OWL.onProperty)
            for quantifier, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"),
                                     (OWL.hasValue, "value")):
                filler = self.g.value(r, quantifier)
                if prop is not None and filler is not None:
                    for alt in self.alternatives(filler) or [Link("(class expression)", "", "")]:
                        out.append((self.link(str(prop)), word, alt))
        return out

    def mappings(self, c: str) -> list[tuple[str, Link]]:
        found = [(_humanise(str(p).rsplit("#", 1)[-1]), external_link(str(o)))
                 for p in MAPPING_RELATIONS for o in self.g.objects(URIRef(c), p) if isinstance(o, URIRef)]
        order = {_humanise(str(p).rsplit("#", 1)[-1]): i for i, p in enumerate(MAPPING_RELATIONS)}
        return sorted(found, key=lambda m: (order[m[0]], m[1].note, m[1].label))


def _branches(reader: _Reader, docs: dict[str, ClassDoc]) -> list[Branch]:
    children: dict[str, list[str]] = {}
    for c in reader.classes:
        for p in reader.parents(c):
            children.setdefault(p, []).append(c)
    for kids in children.values():
        kids.sort(key=lambda k: reader.labels[k].casefold())
    roots = [c for c in reader.classes if not reader.parents(c)]
    # the first-named branches in build.py's order, then any others by label
    order = {IMMUNO.iri + n: i for i, n in enumerate(("Cell", "Molecule", "Process", "Disease"))}
    roots.sort(key=lambda r: (order.get(r, len(order)), reader.labels[r].casefold()))
    placed: set[str] = set()
    branches = []
    for root in roots:
        tree: list[tuple[int, Link]] = []
        ordered: list[ClassDoc] = []
        stack: list[tuple[str, int, tuple[str, ...]]] = [(root, 0, (root,))]
        while stack:  # depth first, children in label order
            c, depth, path = stack.pop()
            tree.append((depth, reader.link(c)))
            if c not in placed:
                placed.add(c)
                docs[c].depth = depth
                ordered.append(docs[c])
            stack.extend((kid, depth + 1, (*path, kid)) for kid in reversed(children.get(c, [])) if kid not in path)
        branches.append(Branch(local_name(root), reader.labels[root], ordered, tree))
    missed = [docs[c] for c in reader.classes if c not in placed]  # only in a subclass cycle
    if missed:
        branches.append(Branch("Other", "other classes", missed, [(0, reader.link(d.iri)) for d in missed]))
    return branches


def _properties(reader: _Reader, used_in: dict[str, set[str]]) -> list[PropertyDoc]:
    g = reader.g
    kinds = ((OWL.ObjectProperty, "object property"), (OWL.DatatypeProperty, "datatype property"))
    out = []
    for kind, kind_name in kinds:
        for p in g.subjects(RDF.type, kind):
            if not isinstance(p, URIRef) or not str(p).startswith(IMMUNO.iri):
                continue
            iri = str(p)
            doc = PropertyDoc(
                name=local_name(iri), iri=iri, label=_text(g, p, RDFS.label) or _humanise(local_name(iri)),
                kind=kind_name, definition=_text(g, p, SKOS.definition, RDFS.comment),
                domain=[a for d in g.objects(p, RDFS.domain) if (a := reader.alternatives(d))],
                range=[a for r in g.objects(p, RDFS.range) if (a := reader.alternatives(r))],
                characteristics=sorted(name for t, name in CHARACTERISTICS.items() if (p, RDF.type, t) in g),
                superproperties=reader.sort(str(o) for o in g.objects(p, RDFS.subPropertyOf) if isinstance(o, URIRef)),
                inverse=reader.sort([str(o) for o in g.objects(p, OWL.inverseOf) if isinstance(o, URIRef)]
                                    + [str(s) for s in g.subjects(OWL.inverseOf, p) if isinstance(s, URIRef)]),
                used_in=reader.sort(used_in.get(iri, ())))
            out.append(doc)
    return sorted(out, key=lambda d: d.label.casefold())


def read_ontology(path: Path = ONTOLOGY_FILE) -> OntologyDoc:
    """The documentation's view model, from an ontology in Turtle."""
    g = rdflib.Graph().parse(path, format="turtle")
    reader = _Reader(g)
    onto = next((o for o in g.subjects(RDF.type, OWL.Ontology)), URIRef(ONTOLOGY_IRI))
    disjoint = reader.disjoint()
    docs: dict[str, ClassDoc] = {}
    used_in: dict[str, set[str]] = {}
    for c in reader.classes:
        node = URIRef(c)
        restrictions = reader.restrictions(c)
        for on_property, _, _ in restrictions:
            used_in.setdefault(on_property.title, set()).add(c)
        docs[c] = ClassDoc(
            name=local_name(c), iri=c, label=reader.labels[c],
            definition=_text(g, node, SKOS.definition, RDFS.comment),
            synonyms=sorted({str(o) for o in g.objects(node, SKOS.altLabel)}, key=str.casefold),
            superclasses=[reader.link(p) for p in reader.parents(c)],
            subclasses=reader.sort(str(s) for s in g.subjects(RDFS.subClassOf, node) if str(s) in reader.labels),
            disjoint=reader.sort(disjoint.get(c, ())),
            restrictions=restrictions,
            mappings=reader.mappings(c),
            organising=(node, SKOS.prefLabel, None) not in g)
    properties = _properties(reader, used_in)
    for prop in properties:
        for axis, attribute in ((prop.domain, "domain_of"), (prop.range, "range_of")):
            for alternatives in axis:
                for target in alternatives:
                    if target.title in docs:
                        getattr(docs[target.title], attribute).append(Link(prop.label, "#" + prop.name, prop.iri))
    counts: dict[str, int] = {}
    for d in docs.values():
        for _, link in d.mappings:
            counts[link.note or "other"] = counts.get(link.note or "other", 0) + 1
    license_ = next((o for p in LICENSE_PROPERTIES for o in g.objects(onto, p)), None)
    return OntologyDoc(
        iri=str(onto), namespace=IMMUNO.iri, prefix="immuno",
        title=_text(g, onto, DCTERMS.title, RDFS.label) or local_name(str(onto)),
        description=_text(g, onto, DCTERMS.description, RDFS.comment, SKOS.definition),
        version=_text(g, onto, OWL.versionInfo),
        version_iri=str(g.value(onto, OWL.versionIRI) or ""),
        license=(Link(str(license_), str(license_), str(license_)) if isinstance(license_, URIRef)
                 else Link(str(license_), "", "") if license_ is not None else None),
        branches=_branches(reader, docs), properties=properties,
        annotation_properties=sorted((Link(_curie(str(a)), str(a), str(a))
                                      for a in g.subjects(RDF.type, OWL.AnnotationProperty) if isinstance(a, URIRef)),
                                     key=lambda lk: lk.label),
        imports=[Link(str(i), str(i), str(i)) for i in g.objects(onto, OWL.imports)],
        mapping_counts=sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
        source=path.name)


def _curie(iri: str) -> str:
    for prefix, ns in (("skos", str(SKOS)), ("dcterms", str(DCTERMS)), ("rdfs", str(RDFS)), ("owl", str(OWL))):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int) -> OntologyDoc:
    return read_ontology(Path(path))


def ontology_doc(path: Path = ONTOLOGY_FILE) -> OntologyDoc:
    """read_ontology, read again only when the file changes."""
    return _cached(str(path), path.stat().st_mtime_ns)


# --- writing ------------------------------------------------------------------------------


def render_html(doc: OntologyDoc, *, served: bool = False, turtle_href: str = "immuno.ttl") -> str:
    """The documentation page. ``served``: as the server shows it, with links into the graph
    (/describe) and the site's navigation; otherwise a standalone file."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=jinja2.select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE).render(doc=doc, served=served, turtle_href=turtle_href)


def write_html(out: Path | str, source: Path = ONTOLOGY_FILE, *, with_turtle: bool = True) -> Path:
    """Write the standalone documentation page to ``out`` (a file, or a folder, given as an
    existing folder or with a trailing slash, for its index.html) and, ``with_turtle``, the
    ontology's Turtle next to it as the page links it (immuno.ttl). Returns the page's path."""
    text = str(out)
    out = Path(out)
    if out.is_dir() or text.endswith(("/", "\\")):
        out = out / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(read_ontology(source)), encoding="utf-8")
    if with_turtle:
        (out.parent / "immuno.ttl").write_bytes(source.read_bytes())
    return out
