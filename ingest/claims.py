"""Claims: subject-relation-object statements read from titles and abstracts. No RDF here.

    >>> [c.label for c in extract_claims("Mesenchymal stem cells inhibit complement activation by secreting factor H")]
    ['mesenchymal stem cell inhibits complement activation', 'mesenchymal stem cell secretes complement factor H']

Precision before recall: a claim is kept only when a verb of VERBS has a concept of the
ontology on each side in one clause (ingest.concepts finds the concepts); anything less
certain is left out. The rules, each for a pattern met in the seed's titles:

- Subject: the nearest concept before the verb in its clause (":", ";", "whereas", "that"
  end a clause); a verb coordinated with an earlier one ("... and promotes", "by secreting",
  ", but promotes") shares that verb's subject; "X and Y suppress" gives both. A subject
  inside "interaction between X and Y" is no one agent, so no claim.
- Object: the first concept after the verb, before the next verb or adjunct ("in vivo",
  "via ..."), then "and"/"or" conjuncts ("macrophages and endothelial lineage cells").
- A concept glued to a participle ("IL-2-induced", "collagen-reactive", "monocyte-derived")
  modifies the next noun and is neither subject nor object.
- A process of a cell ("NK-cell proliferation", "capacity of MSCs", "secretion in B cells",
  "formation of CTLs" = differentiation, "production of IFN-gamma by iNKT cells") is
  object = the process (or product), of_cell = the cell. A cell's "function", "activity",
  "responses" or "machinery" is the cell itself. A process whose label starts with a
  cell's label ("NK cell mediated cytotoxicity") is of that cell. Two cells joined by a
  hyphen before "interaction(s)" ("NK-MSC interactions") are INTERACTION of both.
- "inhibits" with a disease object becomes "protectsFrom" (reducing a disease).
- Negation: "not", "fail to", "cannot", "unable to" between subject and verb; ", but not X"
  repeats the verb, negated, for X; "does not break, but promotes X" gives break its object.
- Inverse verbs: "X occurs via Y", "X is mediated by Y", passives "X is killed by Y" read
  as Y -> X. "Cell-derived molecule" is (cell secretes molecule).
- A sentence where the authors "hypothesize", "propose" or "speculate" gives hypotheses.

Offsets are Python string indices into the text given, end exclusive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from crosstalk.vocab import CT, IMMUNO, RDFS, SKOS
from ingest.concepts import find_concepts
from ontology import ONTOLOGY_FILE

INTERACTION = CT.CellInteraction.value
"""The interaction of the cells in of_cell: not (yet) a concept of the ontology."""

VERBS: tuple[tuple[str, str], ...] = (
    # (regular expression of the verb's forms, immuno: property); earlier entries win
    (r"down-?regulat(?:e|es|ed|ing)", "inhibits"),
    (r"up-?regulat(?:e|es|ed|ing)", "activates"),
    (r"interfer(?:e|es|ed|ing) with", "inhibits"),
    (r"protect(?:s|ed|ing)? (?:against|from)", "protectsFrom"),
    (r"inhibit(?:s|ed|ing)?|suppress(?:es|ed|ing)?|impair(?:s|ed|ing)?|prevent(?:s|ed|ing)?|reduc(?:e|es|ed|ing)"
     r"|break(?:s|ing)?|abrogat(?:e|es|ed|ing)|abolish(?:es|ed|ing)?|block(?:s|ed|ing)?", "inhibits"),
    (r"promot(?:e|es|ed|ing)|enhanc(?:e|es|ed|ing)|stimulat(?:e|es|ed|ing)|activat(?:e|es|ed|ing)"
     r"|prolong(?:s|ed|ing)?|trigger(?:s|ed|ing)?", "activates"),
    (r"kill(?:s|ed|ing)?|lys(?:e|es|ed|ing)", "lyses"),
    (r"secret(?:e|es|ed|ing)|produc(?:e|es|ed|ing)|releas(?:e|es|ed|ing)", "secretes"),
    (r"induc(?:e|es|ed|ing)|elicit(?:s|ed|ing)?", "induces"),
    (r"recruit(?:s|ed|ing)?", "recruits"),
    (r"express(?:es|ed|ing)?", "expresses"),
    (r"regulat(?:e|es|ed|ing)|modulat(?:e|es|ed|ing)", "regulates"),
    (r"(?:is |are |was |were )?mediated (?:by|through|via)|occur(?:s|red)? (?:via|through)", "induces<"),
)
"""A relation ending in "<" is read right to left: "X is mediated by Y" is Y induces X."""
_VERB = re.compile(r"\b(?=[a-z])(?:" + "|".join(f"(?P<v{i}>{p})" for i, (p, _) in enumerate(VERBS)) + r")\b",
                   re.IGNORECASE)
"""One word boundary and one letter look-ahead before the alternatives, not one per verb: 4x faster."""
_WORD = re.compile(r"[^\W_]+|[,;:.()]|-")

CLAUSE_ENDS = frozenset({";", ":", ".", "whereas", "while", "although", "though", "that"})
NEGATIONS = frozenset({"not", "no", "fail", "fails", "failed", "cannot", "unable", "neither", "nor"})
COORDINATORS = frozenset({"and", "or", "but", ","})
SHARES_SUBJECT = COORDINATORS | {"by", "via", "through", "thereby", "while"}
ADJUNCTS = frozenset({"in", "via", "through", "during", "after", "before", "within", "without", "by", "at"})
BEARER_PREPOSITIONS = frozenset({"of", "by", "in"})
AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})
TAILS = frozenset({"function", "functions", "activity", "activities", "response", "responses", "capacity",
                   "machinery", "phenotype", "phenotypes", "effector"})
FORMATION = frozenset({"formation", "generation", "development", "induction"})
HEADS_BEFORE_OF = TAILS | FORMATION | {"production", "the", "a", "an", "its", "their", "entry", "into",
                                       "mortality", "and", "of", "outcome", "action", "concerted", "low"}
ING_VERB_AFTER = frozenset({"by", "of", "via", "through", "thereby", "in", "while", "for"})
ATTRIBUTIVE_BEFORE = frozenset({"the", "a", "an", "not", "of", "with", "by", "in", "on", "to", "for", "from", "(",
                                "that", ",", "and", "or", "but", "these", "those", "its", "their"})
HYPOTHESIS = re.compile(r"\b(?:we|authors?)\s+(?:here\s+)?(?:hypothesi[sz]e|propose|speculate|postulate)\b",
                        re.IGNORECASE)
SENTENCE = re.compile(r"[^.!?]+(?:[.!?](?!\d)|$)")


@dataclass(frozen=True)
class Claim:
    """One statement of a text: subject, relation, object (immuno: IRIs), and its evidence."""

    subject: str
    relation: str  # an immuno: object property IRI
    object: str
    of_cell: tuple[str, ...] = ()  # the cell(s) whose process or product the object is
    negated: bool = False
    kind: str = "finding"  # "finding" | "hypothesis"
    start: int = 0
    end: int = 0
    evidence: str = ""
    label: str = ""


# --- what the ontology says about concepts ------------------------------------------------


@dataclass(frozen=True)
class Kinds:
    """Each concept's branch (cell, molecule, process, disease), label and bearer cell."""

    branch: dict[str, str]
    labels: dict[str, str]
    bearer: dict[str, str]  # process -> the cell whose label starts its own

    def of(self, iri: str) -> str:
        return self.branch.get(iri, "")


@lru_cache(maxsize=2)
def ontology_kinds(path: Path = ONTOLOGY_FILE) -> Kinds:
    """Read once from immuno.ttl; branch classes (no skos:prefLabel) are never a bearer."""
    parents: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for t in parse(path=str(path), format=RdfFormat.TURTLE):
        s, p, o = t.subject, t.predicate, t.object
        if not isinstance(s, NamedNode) or not s.value.startswith(str(IMMUNO)):
            continue
        if p == RDFS.subClassOf and isinstance(o, NamedNode):
            parents.setdefault(s.value, []).append(o.value)
        elif p == SKOS.prefLabel and isinstance(o, Literal):
            labels[s.value] = o.value
    roots = {str(IMMUNO) + name: name.lower() for name in ("Cell", "Molecule", "Process", "Disease")}
    branch = {c: b for c in set(parents) | set(roots) if (b := _root(c, parents, roots))}
    cells = sorted((c for c, b in branch.items() if b == "cell" and c in labels), key=lambda c: -len(labels[c]))
    bearer = {p: next(c for c in cells if labels[p].startswith(labels[c] + " "))
              for p, b in branch.items() if b == "process" and p in labels
              and any(labels[p].startswith(labels[c] + " ") for c in cells)}
    labels[INTERACTION] = "interaction"
    branch[INTERACTION] = "process"
    return Kinds(branch, labels, bearer)


def _root(concept: str, parents: dict[str, list[str]], roots: dict[str, str]) -> str:
    todo, seen = [concept], set()
    while todo:
        current = todo.pop()
        if current in roots:
            return roots[current]
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, ()))
    return ""


# --- tokens ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """A concept mention (C), a verb (V) or any other word or sign (W), lower-cased."""

    kind: str
    start: int
    end: int
    text: str
    concept: str = ""
    relation: str = ""


def verb_matches(text: str) -> list[re.Match[str]]:
    """The verbs of VERBS in a text; "-induced" and the like are modifiers, not verbs."""
    return [m for m in _VERB.finditer(text) if not (m.start() > 0 and text[m.start() - 1] == "-")]


def tokens(text: str, verbs: list[re.Match[str]] | None = None) -> list[Token]:
    """Concepts, verbs and words of a text, in order; a verb inside a longer concept
    ("NK cell triggering") stays the concept, a one-word concept that is a verb ("killing") the verb."""
    mentions = find_concepts(text)
    out: list[Token] = []
    for v in verb_matches(text) if verbs is None else verbs:
        inside = [m for m in mentions if m.start < v.end() and v.start() < m.end]
        if any(" " in m.text or "-" in m.text for m in inside):
            continue
        mentions = [m for m in mentions if m not in inside]
        relation = VERBS[int(v.lastgroup[1:])][1]  # type: ignore[index]
        out.append(Token("V", v.start(), v.end(), v.group().lower(), relation=relation))
    out += [Token("C", m.start, m.end, m.text, concept=m.concept) for m in mentions]
    # Verbs and concepts never overlap, so one sweep over both, in order, finds the free words.
    taken = sorted((t.start, t.end) for t in out)
    k, n = 0, len(taken)
    for w in _WORD.finditer(text):
        start, end = w.span()
        while k < n and taken[k][1] <= start:
            k += 1
        if k == n or taken[k][0] >= end:
            out.append(Token("W", start, end, w.group().lower()))
    return sorted(out, key=lambda t: t.start)


def clauses(toks: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = [[]]
    for t in toks:
        if t.kind == "W" and t.text in CLAUSE_ENDS:
            out.append([])
        else:
            out[-1].append(t)
    return [c for c in out if c]


# --- noun phrases ------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """What a noun phrase names: a concept, the cells it belongs to, and where it is."""

    concept: str
    of_cell: tuple[str, ...]
    start: int  # token indexes, inclusive
    end: int
    cell: str = ""  # the cell a following "and function" refers to


def _is_modifier(clause: list[Token], i: int) -> bool:
    """'IL-2-induced', 'collagen-reactive', 'monocyte-derived': a concept glued to a word by a hyphen
    ('-mediated' excepted: 'MSC-mediated immunosuppression' is the MSCs' process)."""
    nxt = clause[i + 1:i + 3]
    return (len(nxt) == 2 and nxt[0].text == "-" and _glued(clause[i], nxt[0]) and _glued(nxt[0], nxt[1])
            and nxt[1].kind == "W" and nxt[1].text.isalpha() and nxt[1].text != "mediated")


def _glued(a: Token, b: Token) -> bool:
    return b.start - a.end <= 1


def phrase_at(clause: list[Token], i: int, kinds: Kinds) -> Phrase:
    """The noun phrase whose head concept is clause[i], with its cell and its tail words."""
    t = clause[i]
    branch = kinds.of(t.concept)
    concept, of_cell, end = t.concept, (), i
    if branch == "cell":
        j = i + 1
        if j + 1 < len(clause) and clause[j].text == "-" and clause[j + 1].text == "mediated":
            j += 2
        if j < len(clause) and clause[j].kind == "C" and kinds.of(clause[j].concept) == "process" \
                and _glued(clause[j - 1], clause[j]):
            concept, of_cell, end = clause[j].concept, (t.concept,), j  # NK-cell proliferation
        elif (j + 2 < len(clause) and clause[j].text == "-" and clause[j + 1].kind == "C"
              and kinds.of(clause[j + 1].concept) == "cell" and clause[j + 2].text.startswith("interaction")):
            concept, of_cell, end = INTERACTION, (t.concept, clause[j + 1].concept), j + 2  # NK-MSC interactions
        elif _formation_before(clause, i):
            concept, of_cell = kinds_differentiation(), (t.concept,)
    end = _tail(clause, end)
    if kinds.of(concept) in ("process", "molecule") and not of_cell:
        cell_at = _bearer_after(clause, end, kinds)
        if cell_at is not None:
            of_cell, end = (clause[cell_at].concept,), _tail(clause, cell_at)
        elif concept in kinds.bearer:
            of_cell = (kinds.bearer[concept],)
    cell = t.concept if branch == "cell" else (of_cell[0] if len(of_cell) == 1 else "")
    return Phrase(concept, of_cell, i, end, cell)


def kinds_differentiation() -> str:
    return str(IMMUNO) + "CellDifferentiation"


def _formation_before(clause: list[Token], i: int) -> bool:
    """'the formation of CTLs', 'the generation of immature DCs': the making of a cell type."""
    words = [t.text for t in clause[max(0, i - 4):i] if t.kind == "W"]
    if "of" not in words:
        return False
    before_of = words[:len(words) - 1 - words[::-1].index("of")]
    return bool(before_of) and before_of[-1] in FORMATION and len(words) - len(before_of) <= 2


def _tail(clause: list[Token], end: int) -> int:
    """Absorb 'function', 'capacity', 'machinery' ... right after a phrase."""
    while end + 1 < len(clause) and clause[end + 1].kind == "W" and clause[end + 1].text in TAILS:
        end += 1
    return end


def _bearer_after(clause: list[Token], end: int, kinds: Kinds) -> int | None:
    """'... of adult human MSCs', '... in human B cells', '... by iNKT cells': the process's cell."""
    j = end + 1
    if j >= len(clause) or clause[j].text not in BEARER_PREPOSITIONS:
        return None
    for k in range(j + 1, min(j + 9, len(clause))):
        t = clause[k]
        if t.kind == "C":
            return k if kinds.of(t.concept) == "cell" and not _is_modifier(clause, k) else None
        if t.kind == "V" or t.text in ADJUNCTS or t.text in COORDINATORS:
            return None
    return None


def _phrase_start(clause: list[Token], p: Phrase) -> int:
    """Include modifiers glued before a head ('MSC-differentiated chondrocyte')."""
    i = p.start
    while i >= 3 and clause[i - 1].kind == "W" and clause[i - 2].text == "-" and clause[i - 3].kind == "C" \
            and _is_modifier(clause, i - 3):
        i -= 3
    return i


def objects_after(clause: list[Token], i: int, kinds: Kinds, *, max_gap: int = 6) -> list[Phrase]:
    """The phrases a verb at clause[i] acts on: the first, then its 'and'/'or' conjuncts."""
    first = _first_head(clause, i + 1, max_gap)
    if first is None:
        return []
    found = [phrase_at(clause, first, kinds)]
    while True:
        j = found[-1].end + 1
        if j < len(clause) and clause[j].text == ",":
            j += 1
        if j >= len(clause) or clause[j].text not in ("and", "or"):
            return found
        j += 1
        if j < len(clause) and clause[j].kind == "W" and clause[j].text in TAILS and found[-1].cell:
            found.append(Phrase(found[-1].cell, (), j, _tail(clause, j)))  # "maturation and function"
            continue
        nxt = _first_head(clause, j, 1)
        if nxt is None:
            return found
        found.append(phrase_at(clause, nxt, kinds))


def _first_head(clause: list[Token], j: int, max_gap: int) -> int | None:
    gap = 0
    while j < len(clause):
        t = clause[j]
        if (t.kind == "V" and _is_verb(clause, j)) or (t.kind == "W" and t.text in ADJUNCTS):
            return None
        if t.kind == "C" and not _is_modifier(clause, j):
            return j
        if t.text != "-":
            gap += 1
            if gap > max_gap:
                return None
        j += 1
    return None


def subjects_before(clause: list[Token], i: int, kinds: Kinds) -> list[Phrase]:
    """The nearest head concept before clause[i] and the ones 'and'-coordinated before it."""
    heads = [k for k in range(i) if clause[k].kind == "C" and not _is_modifier(clause, k)
             and not any(t.kind == "V" for t in clause[k + 1:i])]
    if not heads:
        return []
    head = heads[-1]
    if head >= 3 and clause[head - 3].kind == "C" and [t.text for t in clause[head - 2:head]] == ["-", "mediated"]:
        head -= 3  # "Mesenchymal stem cell-mediated immunosuppression" starts at the cell
    elif head >= 1 and clause[head - 1].kind == "C" and _glued(clause[head - 1], clause[head]):
        head -= 1  # "NK-cell proliferation"
    found = [_subject_phrase(clause, head, i, kinds)]
    while True:
        start = _phrase_start(clause, found[0])
        if start >= 2 and clause[start - 1].text in ("and", "or") and clause[start - 2].kind == "C" \
                and not _is_modifier(clause, start - 2):
            found.insert(0, phrase_at(clause, start - 2, kinds))
            continue
        return found


def _subject_phrase(clause: list[Token], head: int, verb: int, kinds: Kinds) -> Phrase:
    p = phrase_at(clause, head, kinds)
    return p if p.end < verb else Phrase(clause[head].concept, (), head, head)


def _between(clause: list[Token], phrases: list[Phrase]) -> bool:
    words = [t.text for t in clause[max(0, phrases[0].start - 2):phrases[0].start] if t.kind == "W"]
    return "between" in words


# --- the parser ---------------------------------------------------------------------------


@dataclass
class _Verb:
    index: int
    relation: str
    negated: bool
    subjects: list[Phrase]
    objects: list[Phrase]


def _is_verb(clause: list[Token], i: int) -> bool:
    """Participles used as adjectives ('activated NK cells', 'enhanced recruitment') are not verbs."""
    form = clause[i].text.split()[0]
    before = [t for t in clause[:i] if not (t.kind == "W" and t.text.endswith("ly"))]
    prev = before[-1] if before else None
    if form.endswith("ing"):
        return prev is not None and (prev.kind == "C" or prev.text in ING_VERB_AFTER)
    if form.endswith("ed") and not clause[i].relation.endswith("<"):
        if prev is None or prev.kind == "W" and prev.text in ATTRIBUTIVE_BEFORE - {"and", "or", "but", ","}:
            return False
        if prev.kind == "W" and prev.text in ("and", "or", "but", ","):
            return any(t.kind == "V" for t in clause[:i])
    return True


def _window(clause: list[Token], i: int) -> list[str]:
    """The words between the last concept or verb and clause[i]."""
    words: list[str] = []
    for t in reversed(clause[:i]):
        if t.kind != "W":
            break
        words.append(t.text)
    return words[::-1]


def parse_clause(clause: list[Token], kinds: Kinds) -> list[_Verb]:
    verbs: list[_Verb] = []
    for i, t in enumerate(clause):
        if t.kind != "V" or not _is_verb(clause, i):
            continue
        window = _window(clause, i)
        passive = bool(window) and window[-1] in AUXILIARIES and t.text.endswith("ed") \
            and i + 1 < len(clause) and clause[i + 1].text == "by"
        relation = t.relation + ("<" if passive and not t.relation.endswith("<") else "")
        negated = any(w in NEGATIONS for w in window)
        if relation.endswith("<"):
            objects = subjects_before(clause, i, kinds)
            subjects = objects_after(clause, i + (1 if passive else 0), kinds)
            verbs.append(_Verb(i, relation[:-1], negated, subjects, objects))
            continue
        if verbs and (set(window) & SHARES_SUBJECT or not window and clause[i - 1].kind == "V"):
            subjects = verbs[-1].subjects
        else:
            subjects = subjects_before(clause, i, kinds)
            if subjects and _between(clause, subjects):
                subjects = []
        objects = objects_after(clause, i, kinds)
        verbs.append(_Verb(i, relation, negated, subjects, objects))
    _share_objects(clause, verbs)
    return verbs + _but_not(clause, verbs, kinds)


def _share_objects(clause: list[Token], verbs: list[_Verb]) -> None:
    """'does not break, but promotes X': break acts on X too."""
    for a, b in zip(verbs[::-1][1:], verbs[::-1], strict=False):
        between = {t.text for t in clause[a.index + 1:b.index]}
        if not a.objects and between and between <= COORDINATORS:
            a.objects = b.objects


def _but_not(clause: list[Token], verbs: list[_Verb], kinds: Kinds) -> list[_Verb]:
    """'inhibit X, but not Y or Z': the verb again, negated, for Y and Z."""
    out = []
    for v in verbs:
        if not v.objects:
            continue
        j = v.objects[-1].end + 1
        words = [t.text for t in clause[j:j + 3]]
        skip = 3 if words[:3] == [",", "but", "not"] else 2 if words[:2] == ["but", "not"] else 0
        if skip:
            negated = objects_after(clause, j + skip - 1, kinds, max_gap=1)
            if negated:
                out.append(_Verb(v.index, v.relation, not v.negated, v.subjects, negated))
    return out


# --- claims -------------------------------------------------------------------------------


def extract_claims(text: str) -> list[Claim]:
    """Every claim of a title or abstract, in text order, each once."""
    if not text:
        return []
    verbs = verb_matches(text)
    if not verbs and "derived" not in text.lower():
        return []  # every claim needs a verb, or "X-derived Y" (most titles have neither)
    kinds = ontology_kinds()
    toks = tokens(text, verbs)
    found: list[Claim] = []
    for sentence in SENTENCE.finditer(text):
        kind = "hypothesis" if HYPOTHESIS.search(sentence.group()) else "finding"
        inside = [t for t in toks if sentence.start() <= t.start < sentence.end()]
        for clause in clauses(inside):
            for verb in parse_clause(clause, kinds):
                found += _claims_of(text, clause, verb, kind, kinds)
            found += _derived(text, clause, kind, kinds)
    return list(dict.fromkeys(found))


def _claims_of(text: str, clause: list[Token], verb: _Verb, kind: str, kinds: Kinds) -> Iterable[Claim]:
    if not verb.subjects or not verb.objects:
        return
    phrases = verb.subjects + verb.objects
    start = min(clause[_phrase_start(clause, p)].start for p in phrases)
    end = max(clause[p.end].end for p in phrases)
    for s in verb.subjects:
        for o in verb.objects:
            relation = verb.relation
            if relation == "inhibits" and kinds.of(o.concept) == "disease":
                relation = "protectsFrom"
            if s.concept == o.concept and not o.of_cell:
                continue
            yield make_claim(s.concept, relation, o.concept, o.of_cell, verb.negated, kind, text, start, end)


def _derived(text: str, clause: list[Token], kind: str, kinds: Kinds) -> Iterable[Claim]:
    """'MSC-derived prostaglandin E2': the cell secretes the molecule."""
    for i in range(len(clause) - 3):
        a, dash, word, b = clause[i:i + 4]
        if (a.kind == "C" and kinds.of(a.concept) == "cell" and dash.text == "-" and word.text == "derived"
                and b.kind == "C" and kinds.of(b.concept) == "molecule"):
            yield make_claim(a.concept, "secretes", b.concept, (), False, kind, text, a.start, b.end)


def make_claim(subject: str, relation: str, obj: str, of_cell: Sequence[str], negated: bool, kind: str,
               text: str, start: int, end: int) -> Claim:
    labels = ontology_kinds().labels
    verb = f"does not {_BASE_FORMS[relation]}" if negated else _words(relation)
    of = f" of {' and '.join(labels.get(c, c) for c in of_cell)}" if of_cell else ""
    label = f"{labels.get(subject, subject)} {verb} {labels.get(obj, obj)}{of}"
    return Claim(subject, str(IMMUNO) + relation, obj, tuple(of_cell), negated, kind, start, end,
                 text[start:end], label)


_BASE_FORMS = {"inhibits": "inhibit", "activates": "activate", "lyses": "lyse", "secretes": "secrete",
               "induces": "induce", "protectsFrom": "protect from", "recruits": "recruit", "expresses": "express",
               "regulates": "regulate"}


def _words(camel: str) -> str:
    """protectsFrom -> 'protects from'."""
    return "".join(" " + c.lower() if c.isupper() else c for c in camel)
