"""Settings, declared once with their defaults, environment variables and help."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    store: Path = field(default=Path("var/store"), metadata={
        "env": "CROSSTALK_STORE", "help": "Directory of the on-disk Oxigraph store."})
    base: str = field(default="http://127.0.0.1:8000/", metadata={
        "env": "CROSSTALK_BASE", "help": "Base IRI of every minted entity IRI."})
    query_timeout: float = field(default=30.0, metadata={
        "env": "CROSSTALK_QUERY_TIMEOUT", "help": "Seconds before a query is stopped (at most 60)."})
    row_limit: int = field(default=10000, metadata={
        "env": "CROSSTALK_ROW_LIMIT", "help": "Result rows returned at most by /sparql."})
    update_token: str | None = field(default=None, metadata={
        "env": "CROSSTALK_UPDATE_TOKEN",
        "help": "Bearer token that enables SPARQL Update and the Graph Store Protocol."})
    service_allowlist: tuple[str, ...] = field(default=(
        "https://query.wikidata.org/sparql", "https://id.nlm.nih.gov/mesh/sparql"), metadata={
        "env": "CROSSTALK_SERVICE_ALLOWLIST", "help": "Space-separated endpoints SERVICE may call."})
    service_mirrors: tuple[tuple[str, str], ...] = field(default=(), metadata={
        "env": "CROSSTALK_SERVICE_MIRRORS",
        "help": "Space-separated endpoint=mirror pairs; a SERVICE call to endpoint goes to mirror."})
    wikidata_sparql: str = field(default="https://query.wikidata.org/sparql", metadata={
        "env": "CROSSTALK_WIKIDATA_SPARQL", "help": "Wikidata SPARQL endpoint used by `crosstalk enrich` "
        "(service_mirrors apply)."})
    pubmed_eutils: str = field(default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils/", metadata={
        "env": "CROSSTALK_PUBMED_EUTILS", "help": "PubMed E-utilities base URL used by `crosstalk enrich` "
        "(service_mirrors apply)."})
    crossref_api: str = field(default="https://api.crossref.org/", metadata={
        "env": "CROSSTALK_CROSSREF_API", "help": "Crossref REST API base URL used by `crosstalk enrich` "
        "(service_mirrors apply)."})
    contact_email: str | None = field(default=None, metadata={
        "env": "CROSSTALK_CONTACT_EMAIL",
        "help": "E-mail sent to Wikidata, PubMed and Crossref in the User-Agent (their usage policies ask for one)."})
    http_timeout: float = field(default=15.0, metadata={
        "env": "CROSSTALK_HTTP_TIMEOUT", "help": "Seconds each outgoing HTTP call of `crosstalk enrich` may take."})

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")
        object.__setattr__(self, "query_timeout", min(float(self.query_timeout), 60.0))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then the environment, then explicit overrides (CLI options)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw is not None and raw != "":
                values[f.name] = _convert(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "store" in values:
            values["store"] = Path(str(values["store"]))
        return cls(**values)  # type: ignore[arg-type]


def _convert(name: str, raw: str) -> object:
    if name in ("query_timeout", "http_timeout"):
        return float(raw)
    if name == "row_limit":
        return int(raw)
    if name == "service_allowlist":
        return tuple(raw.split())
    if name == "service_mirrors":
        return tuple(tuple(pair.split("=", 1)) for pair in raw.split())
    return raw
