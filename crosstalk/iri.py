"""Deterministic IRIs: ``{base}{kind}/{id}`` where id is a hash of the identity key.

Kinds follow the OpenCitations Data Model (br bibliographic resource, ra responsible
agent, ar agent role, be bibliographic entry, id identifier, re resource embodiment)
plus ``org`` for organisations and ``graph`` for named graphs. The same key always gives
the same IRI, which is what makes re-ingesting a file a no-op.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from pyoxigraph import NamedNode

KINDS = frozenset({"br", "ra", "ar", "be", "id", "re", "org", "graph", "grant", "de", "claim"})

_NOT_WORD = re.compile(r"[\W_]+")
_ASCII_WORDS = bytes((ord(chr(c).lower()) if chr(c).isalnum() else 32) if c < 128 else c for c in range(256))
"""ASCII letters and digits lower-cased, every other ASCII byte a space: ``[\\W_]`` for ASCII."""
_NORMALISED: dict[str, str] = {}
_NORMALISED_MAX = 1 << 16


def normalise(text: str) -> str:
    """The form of a key part that ignores case, accents, spacing and punctuation.

    Memoised in a plain str -> str dict, cleared when full: the garbage collector never
    walks such a dict, unlike an lru_cache, whose entries every full collection visits.
    """
    out = _NORMALISED.get(text)
    if out is None:
        if len(_NORMALISED) >= _NORMALISED_MAX:
            _NORMALISED.clear()
        out = _NORMALISED[text] = _normalise(text)
    return out


def _normalise(text: str) -> str:
    if text.isascii():  # NFKD and accent stripping leave ASCII as it is
        return b" ".join(text.encode("ascii").translate(_ASCII_WORDS).split()).decode("ascii")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def key_hash(*parts: object) -> str:
    joined = "\x1f".join(["" if p is None else normalise(p if type(p) is str else str(p)) for p in parts])
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Minter:
    """Mints entity IRIs under one base."""

    base: str

    def __call__(self, kind: str, *key: object) -> NamedNode:
        if kind not in KINDS:
            raise ValueError(f"unknown IRI kind {kind!r}")
        return NamedNode(f"{self.base}{kind}/{key_hash(kind, *key)}")

    def kind_of(self, iri: str) -> str | None:
        """The kind of an IRI minted here, or None for a foreign IRI."""
        if not iri.startswith(self.base):
            return None
        kind, _, rest = iri[len(self.base):].partition("/")
        return kind if kind in KINDS and rest else None
