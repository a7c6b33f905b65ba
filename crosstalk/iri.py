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
from functools import lru_cache

from pyoxigraph import NamedNode

KINDS = frozenset({"br", "ra", "ar", "be", "id", "re", "org", "graph", "grant", "de", "claim"})


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """The form of a key part that ignores case, accents, spacing and punctuation."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


@lru_cache(maxsize=1 << 16)
def key_hash(*parts: object) -> str:
    joined = "\x1f".join("" if p is None else normalise(str(p)) for p in parts)
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
