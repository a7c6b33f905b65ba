"""Concept linker: which immuno: ontology concepts a title, abstract or keyword mentions.

    >>> [m.concept.rsplit("#")[1] for m in find_concepts("Natural killer (NK) cells lyse MSCs")]
    ['NaturalKillerCell', 'MesenchymalStemCell']

The SKOS labels of ontology/immuno.ttl are read once into a trie of normalised tokens; a
text is tokenised once and matched leftmost-longest, so one pass suffices and the cost per
title is a few dictionary look-ups per token (the ingest benchmark links ~500k titles).

Normalisation, applied alike to labels and text, so a label matches its spelling variants:
- hyphens, dashes, spaces and apostrophes only separate tokens ("NK-cell" = "NK cell");
- letters, digits and Greek letters are separate tokens, and a Greek letter reads as its
  name ("IFN-γ" = "IFN gamma", "TGF-β1" = "TGF-beta1" = "TGF-beta 1", "IL2" = "IL-2");
- a glued "(2)" is a subscript and "(+)" a plus ("prostaglandin e(2)" = "PGE2"'s long form,
  "CD34(+)" = "CD34+");
- case is ignored and a plural -s dropped, except that a label token of 2-4 capitals is an
  abbreviation, matched case-sensitively with an optional plural s ("NK", "MSCs", "DCs"),
  so "dc" or "Msc" in ordinary words never match;
- a short parenthesis inside a term is skipped ("natural killer (NK) cells").

Precision before recall, for words that are ambiguous alone:
- a bare process noun ("proliferation", "homing", "lysis" ...) counts only when the text (or,
  in concepts_in, the work's texts) names a cell, and a 1-2 letter abbreviation ("DC", "NK")
  only when it names another concept;
- "anti-", "non-" and "pro-" before a term negate or reverse it ("anti-inflammatory");
- an abbreviation defined in the text, "mesenchymal stromal cells (MSCs)", takes the concept
  of its long form there and in the rest of the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from crosstalk.vocab import IMMUNO, RDFS, SKOS
from ontology import ONTOLOGY_FILE

CELL = str(IMMUNO) + "Cell"

GENERIC_PROCESS_WORDS = frozenset({
    "proliferation", "differentiation", "maturation", "migration", "homing", "recruitment", "lysis", "killing",
    "cytotoxicity"})
"""Labels that name a cell process only next to a cell: "product differentiation", "bird migration",
"cytotoxicity of nanoparticles"."""
NEGATING_PREFIX = re.compile(r"(?:^|[^\w])(?:anti|non|pro)[-\u2010\u2011]$", re.IGNORECASE)

STRONG, NEEDS_CONCEPT, NEEDS_CELL = 0, 1, 2  # what a label needs from the rest of the text


@dataclass(frozen=True, slots=True)
class ConceptMention:
    """One mention: the concept's IRI, where it is, and the matched text (the input's [start:end])."""

    concept: str
    start: int
    end: int
    text: str


# --- tokens ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"[A-Za-z]+(?![^\W\d_\u0370-\u03ff\u00b5])"  # an ASCII word: the common case, tried first for speed
    r"|[^\W\d_\u0370-\u03ff\u00b5]+"  # any other word
    r"|\d+"
    r"|(?<=[^\W_])\(\d\)"  # the (2) of "e(2)", "PGE(2)": a subscript
    r"|\(\+\)|\+"  # CD34+ and CD34(+)
    r"|[\u0370-\u03ff\u00b5]"  # a Greek letter
    r"|[^\s\w\-\u2010-\u2015\u2212'\u2018\u2019]"  # any other sign; spaces, dashes, apostrophes separate
)
_HYPHENS = "-\u2010\u2011"


def _greek_name(char: str) -> str:
    """'γ' -> 'gamma', 'Δ' -> 'delta', 'µ' -> 'mu'."""
    name = unicodedata.name(char, "")
    return name.split()[-1].lower() if name else char


def _singular(word: str) -> str:
    """A crude plural strip, the same for labels and text: cells -> cell, therapies -> therapy."""
    if len(word) > 3 and word[-1] == "s" and word[-2] not in "siu":
        return word[:-3] + "y" if word.endswith("ies") and len(word) > 4 else word[:-1]
    return word


def _abbreviation(word: str) -> str | None:
    """The abbreviation a text word spells, plural s dropped: 'MSCs' -> 'MSC'; None for words."""
    if 2 <= len(word) <= 4 and word.isupper():
        return word
    if 3 <= len(word) <= 5 and word[-1] == "s" and word[:-1].isupper():
        return word[:-1]
    return None


def _token_key(token: str) -> str:
    """The trie key of a text token: '=NK' for an abbreviation (plural s dropped), else its folded form."""
    if token in ("+", "(+)"):
        return "+"
    if token[0] == "(" and len(token) == 3:  # a subscript; a bare "(" is one character
        return token[1]
    if len(token) == 1 and ("\u0370" <= token <= "\u03ff" or token == "\u00b5"):
        return _greek_name(token)
    if token[0].isalpha():
        abbreviation = _abbreviation(token)
        return "=" + abbreviation if abbreviation else _singular(token.casefold())
    return token


_KEYS: dict[str, str] = {}
"""Token -> key, memoised: titles reuse a small vocabulary, and this is the hot path."""


def _keys(tokens: Iterable[str]) -> list[str]:
    known = _KEYS
    if len(known) > 500_000:
        known.clear()
    return [key if (key := known.get(token)) is not None else _learn(token) for token in tokens]


def _learn(token: str) -> str:
    key = _KEYS[token] = _token_key(token)
    return key


def label_keys(label: str) -> tuple[tuple[str, ...], ...]:
    """A label as trie keys, each token with the keys that may spell it in a text.

    A label token of 2-4 capitals is an abbreviation, matched case-sensitively ('=NK'); any
    other word is matched by its folded form, and, when 2-4 letters long, by its capitals
    too, since a text token of capitals is read as an abbreviation ('STEM' in a title in capitals).
    """
    out: list[tuple[str, ...]] = []
    for token in _TOKEN.findall(label):
        if 2 <= len(token) <= 4 and token.isalpha() and token.isupper():
            out.append(("=" + token,))
            continue
        key = _token_key(token)
        out.append((key, "=" + key.upper()) if key.isalpha() and 2 <= len(key) <= 4 else (key,))
    return tuple(out)


# --- the lexicon -----------------------------------------------------------------------

_END = ""  # trie key of a node's (concept, need); no token key is empty


@dataclass(frozen=True)
class Lexicon:
    """A token trie of every SKOS label, and the concepts that are cells (for context)."""

    trie: dict
    cells: frozenset[str]
    size: int  # labels

    @classmethod
    def from_labels(cls, labels: Iterable[tuple[str, str]], cells: Iterable[str]) -> Lexicon:
        """(concept IRI, label) pairs -> trie; two concepts with one normalised label is a data bug."""
        trie: dict = {}
        size = 0
        for concept, label in labels:
            keys = label_keys(label)
            if not keys:
                continue
            node = trie
            for spellings in keys:
                node = _child(node, spellings)
            need = _need(label, keys)
            known = node.get(_END)
            if known and known[0] != concept:
                raise ValueError(f"label {label!r} names both {known[0]} and {concept}")
            node[_END] = (concept, min(known[1], need) if known else need)
            size += 1
        return cls(trie, frozenset(cells), size)


def _child(node: dict, spellings: tuple[str, ...]) -> dict:
    """The one child that every spelling of a token leads to (merging any made separately)."""
    child: dict = {}
    for key in spellings:
        existing = node.get(key)
        if existing is not None and existing is not child:
            child = _merge(existing, child) if child else existing
    for key in spellings:
        node[key] = child
    return child


def _merge(into: dict, other: dict) -> dict:
    for key, value in other.items():
        if key == _END:
            into.setdefault(_END, value)
        elif key in into and into[key] is not value:
            into[key] = _merge(into[key], value)
        else:
            into[key] = value
    return into


def _need(label: str, keys: tuple[tuple[str, ...], ...]) -> int:
    if label.casefold() in GENERIC_PROCESS_WORDS:
        return NEEDS_CELL
    if len(keys) == 1 and len(keys[0][0].lstrip("=")) <= 2:
        return NEEDS_CONCEPT
    return STRONG


def read_ontology(path: Path = ONTOLOGY_FILE) -> Lexicon:
    """The prefLabels and altLabels of every immuno: class, and which classes are cells."""
    labels: list[tuple[str, str]] = []
    parents: dict[str, list[str]] = {}
    label_predicates = {SKOS.prefLabel, SKOS.altLabel}
    for triple in parse(path=str(path), format=RdfFormat.TURTLE):
        s, p, o = triple.subject, triple.predicate, triple.object
        if not isinstance(s, NamedNode) or not s.value.startswith(str(IMMUNO)):
            continue
        if p in label_predicates and isinstance(o, Literal):
            labels.append((s.value, o.value))
        elif p == RDFS.subClassOf and isinstance(o, NamedNode):
            parents.setdefault(s.value, []).append(o.value)
    labels.sort()  # the file's order must not decide anything
    return Lexicon.from_labels(labels, (c for c in parents if _is_a(c, CELL, parents)))


def _is_a(concept: str, ancestor: str, parents: dict[str, list[str]]) -> bool:
    todo, seen = [concept], set()
    while todo:
        current = todo.pop()
        if current == ancestor:
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(parents.get(current, ()))
    return False


@lru_cache(maxsize=4)
def default_lexicon(path: Path = ONTOLOGY_FILE) -> Lexicon:
    return read_ontology(path)


# --- matching --------------------------------------------------------------------------


_Match = tuple[str, int, int, int]  # concept, need, first and last token index


def find_concepts(text: str, lexicon: Lexicon | None = None) -> list[ConceptMention]:
    """Every concept mention in ``text``, in order, leftmost-longest and not overlapping."""
    lexicon = lexicon or default_lexicon()
    return [mention for mention, _ in _in_context(_candidates(text, lexicon.trie), lexicon.cells)]


def concepts_in(*texts: str | None) -> list[str]:
    """The distinct concept IRIs the texts mention, in first-seen order.

    The texts are one context, as a work's title, abstract and keywords are: the keyword
    "Homing" of a paper on MSCs is cell homing, though the keyword alone names no cell.
    """
    lexicon = default_lexicon()
    candidates = [c for text in texts if text for c in _candidates(text, lexicon.trie)]
    seen: dict[str, None] = {}
    for mention, _ in _in_context(candidates, lexicon.cells):
        seen.setdefault(mention.concept)
    return list(seen)


def _candidates(text: str, trie: dict) -> list[tuple[ConceptMention, int]]:
    """Mentions, each with what it needs from its context (see _in_context)."""
    found = list(_TOKEN.finditer(text))
    keys = _keys(map(re.Match.group, found))
    matches = _scan(trie, keys)
    if not matches:
        return []
    matches = [m for m in matches if not _negated(text, found[m[2]].start())]
    out = []
    for concept, need, first, last in _apply_defined_abbreviations(matches, keys):
        start, end = found[first].start(), found[last].end()
        out.append((ConceptMention(concept, start, end, text[start:end]), need))
    return out


def _negated(text: str, start: int) -> bool:
    return start > 3 and text[start - 1] in _HYPHENS and bool(NEGATING_PREFIX.search(text[max(0, start - 6):start]))


def _scan(trie: dict, keys: list[str]) -> list[_Match]:
    matches: list[_Match] = []
    after = 0  # matches do not overlap
    n = len(keys)
    for i in [i for i, key in enumerate(keys) if key in trie]:
        if i >= after:
            match = _longest(trie, keys, i, n)
            if match is not None:
                matches.append(match)
                after = match[3] + 1
    return matches


def _longest(trie: dict, keys: list[str], start: int, n: int) -> _Match | None:
    """The longest label starting at token ``start``; a short parenthesis inside may be skipped."""
    best, best_last = None, -1
    stack = [(trie, start)]
    while stack:
        node, j = stack.pop()
        while j < n:
            key = keys[j]
            if key == "(" and node is not trie:
                close = _closing(keys, j)
                if close:
                    stack.append((node, close + 1))
            child = node.get(key)
            if child is None:
                break
            node = child
            end = node.get(_END)
            if end is not None and j > best_last:
                best, best_last = end, j
            j += 1
    return None if best is None else (best[0], best[1], start, best_last)


def _closing(keys: list[str], opening: int) -> int | None:
    """The ")" closing a parenthesis of 1-3 tokens ("(NK)"), or None."""
    for j in range(opening + 2, min(opening + 5, len(keys))):
        if keys[j] == ")":
            return j
        if keys[j] == "(":
            return None
    return None


def _apply_defined_abbreviations(matches: list[_Match], keys: list[str]) -> list[_Match]:
    """'long form (SHORT)' or 'SHORT (long form)': SHORT means the long form's concept from there on."""
    defined: dict[tuple[str, ...], tuple[int, str]] = {}  # surface -> (from match index, concept)
    for k, (a, b) in enumerate(zip(matches, matches[1:], strict=False)):
        if not (b[2] == a[3] + 2 and b[3] + 1 < len(keys) and keys[a[3] + 1] == "(" and keys[b[3] + 1] == ")"):
            continue
        short, long_ = sorted((a, b), key=lambda m: sum(len(t) for t in keys[m[2]:m[3] + 1]))
        if short[0] != long_[0]:
            defined.setdefault(tuple(keys[short[2]:short[3] + 1]), (k, long_[0]))
    if not defined:
        return matches
    out = []
    for k, m in enumerate(matches):
        since, concept = defined.get(tuple(keys[m[2]:m[3] + 1]), (len(matches), m[0]))
        out.append((concept, *m[1:]) if k >= since else m)
    return out


def _in_context(candidates: list[tuple[ConceptMention, int]],
                cells: frozenset[str]) -> list[tuple[ConceptMention, int]]:
    """Keep a bare process word only beside a cell, and a 1-2 letter abbreviation only beside a concept."""
    if all(need == STRONG for _, need in candidates):
        return candidates
    strong = [m for m, need in candidates if need == STRONG]
    has_cell = any(m.concept in cells for m in strong)
    return [(m, need) for m, need in candidates
            if need == STRONG or (need == NEEDS_CONCEPT and strong) or (need == NEEDS_CELL and has_cell)]
