"""The cheap checks every query and update passes before it reaches pyoxigraph.

pyoxigraph cannot be interrupted, calls any SERVICE endpoint it is given (loopback and
private addresses included), and overflows its stack on deeply nested or very long
operator chains, which kills the process. So before running anything we read the text
the way the SPARQL grammar does (strings, IRIs and comments skipped as wholes, prefixed
names with their escapes kept whole, ``\\u`` escapes in IRIs decoded as pyoxigraph does)
and refuse:

- requests over ``MAX_QUERY_BYTES`` (413);
- brackets nested deeper than ``MAX_NESTING``, or more than ``MAX_OPERATORS`` operators,
  UNIONs and groups (400). Measured with pyoxigraph 0.5.13: 3,000 nested groups or
  10,000 UNION branches crash an 8 MB stack; query threads get ``STACK_BYTES`` (which
  survives 10,000 of either), so these limits leave a margin of two orders of magnitude;
- SERVICE to anything but an allowlisted endpoint, SERVICE ?variable, and SERVICE naming a
  loopback or private address even if someone allowlisted it (403). An allowlisted
  endpoint with a configured mirror is rewritten to the mirror, which may well be on
  127.0.0.1: the operator chose it, the query author did not;
- LOAD, and any ``file:`` IRI (403).

Most requests name none of SERVICE, LOAD or file:, and take a fast path of a few regular
expressions over the text; the others are read token by token. pyoxigraph's parser stays
the judge of syntax.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from urllib.parse import urlsplit

from starlette.requests import Request

from crosstalk.config import Settings
from crosstalk.vocab import PREFIXES, sparql_prologue
from server.app import BadQuery, NotAllowed, PayloadTooLarge, QueryTooComplex

MAX_QUERY_BYTES = 1 << 20
"""A SPARQL query or update (body or URL) larger than this is refused with 413."""
MAX_UPLOAD_BYTES = 64 << 20
"""A Graph Store Protocol upload larger than this is refused with 413."""
MAX_NESTING = 64
"""Deepest bracket nesting ({, ( and [ together) accepted."""
MAX_OPERATORS = 2000
"""Most operators, UNIONs, property-path steps and groups in one request."""
STACK_BYTES = 256 << 20
"""Stack of each query thread (virtual memory: only the pages touched are used)."""

_COMMENT = r"(?P<comment>#[^\n\r]*)"
_LSTRING = ("(?P<lstring>" + r"'''(?:[^'\\]|\\.|'(?!''))*'''" + "|"
            + r'"""(?:[^"\\]|\\.|"(?!""))*"""' + ")")
_STRING = "(?P<string>" + r"'(?:[^'\\\n\r]|\\.)*'" + "|" + r'"(?:[^"\\\n\r]|\\.)*"' + ")"
_IRI = r"""(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"""
_NAME_END = r"""\s{}()\[\],;<>="'^|/*+!&?$#@\\"""
_VAR = rf"[?$][^{_NAME_END}.\-]+"
_BNODE = rf"_:[^{_NAME_END}]+"
_PNAME = r"""(?:[^\W\d_][\w.\-]*)?:(?:[\w\-.:%]|\\[_~.\-!$&'()*+,;=/?#@%])*"""
_SKIPPED = "|".join((_COMMENT, _LSTRING, _STRING, _IRI))

_TOKEN = re.compile("|".join((
    r"(?P<ws>\s+)", _SKIPPED, f"(?P<var>{_VAR})", f"(?P<bnode>{_BNODE})", f"(?P<pname>{_PNAME})",
    r"(?P<word>[^\W\d]\w*)", r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)",
    r"(?P<op>\|\||&&|!=|<=|>=|\^\^|[-+*/|^!=<>])", r"(?P<open>[{(\[])", r"(?P<close>[})\]])",
    r"(?P<other>.)")), re.DOTALL)
"""One SPARQL token at a time (the slow path, for requests naming SERVICE, LOAD or file:)."""

_SIMPLE_STRIP = re.compile(_SKIPPED, re.DOTALL)
"""Strings, IRIs and comments, for text without backslashes (the usual case)."""
_BRACKETS = re.compile(r"[{}()\[\]]")
_DELTA = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}
_KW = r"(?<![\w:?$]){}(?![\w:])"
_OPERATOR_CHARS = "-+*/|^!=<>&"
_COSTLY_WORDS = ("UNION", "OPTIONAL", "MINUS", "EXISTS")
_FORM = re.compile(_KW.format("(SELECT|ASK|CONSTRUCT|DESCRIBE)"), re.IGNORECASE)
_DATASET = re.compile(_KW.format("(FROM|USING|WITH)"), re.IGNORECASE)
_LIMIT = re.compile(r"(?<![\w:?$])LIMIT\s+(\d+)", re.IGNORECASE)
_RELATIVE = re.compile(r"""<[^<>"{}|^`\\\x00-\x20:]*>""")
"""An IRI without a scheme (or a '<' that only looks like one: then the base is just passed)."""
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PN_ESCAPE = re.compile(r"\\(.)")
PROLOGUE = sparql_prologue()


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


@dataclass(frozen=True)
class Checked:
    """A query or update that passed the guard, ready to run."""

    text: str
    """The text to execute: the request's, with mirrored SERVICE endpoints rewritten."""
    form: str
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE."""
    dataset_keywords: frozenset[str] = frozenset()
    """FROM in a query, USING / WITH in an update: the request names its own dataset."""
    limit: int | None = None
    """The query's own top-level LIMIT, when it has one."""
    prefixed: bool = True
    """Whether it may use prefixed names it does not declare (the default prefixes are needed)."""
    relative: bool = True
    """Whether it may hold a relative IRI (the base IRI is needed)."""


def tokens(text: str) -> Iterator[Token]:
    """The SPARQL tokens of ``text``, whitespace and comments dropped."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind != "ws" and kind != "comment":
            yield Token(kind, m.group(), m.start())


def iri_value(token_text: str) -> str:
    """An IRIREF token's IRI, with ``\\u`` escapes decoded as pyoxigraph does."""
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token_text[1:-1])


def check_size(text: str) -> None:
    if len(text) > MAX_QUERY_BYTES or len(text.encode("utf-8")) > MAX_QUERY_BYTES:
        raise PayloadTooLarge(f"the request is larger than {MAX_QUERY_BYTES} bytes")


def check_query(text: str, settings: Settings) -> Checked:
    """Guard a query: raise 400, 403 or 413, or return it (mirrors applied) with its form."""
    return _check(text, settings, False)


def check_update(text: str, settings: Settings) -> Checked:
    """Guard an update request (one or more operations separated by ';')."""
    return _check(text, settings, True)


def _check(text: str, settings: Settings, update: bool) -> Checked:
    """SERVICE and LOAD are looked for anywhere in the code, even inside longer words:
    pyoxigraph reads ``1SERVICE`` and ``trueSERVICE`` as two tokens."""
    check_size(text)
    return _check_cached(text, settings, update) if len(text) <= 16384 else _check_text(text, settings, update)


def _check_text(text: str, settings: Settings, update: bool) -> Checked:
    # The shared prologue of saved queries and pages is known to be harmless: skip it.
    skip = len(PROLOGUE) if text.startswith(PROLOGUE) else 0
    body = text[skip:]
    # Without a backslash no name can hide a quote or '#', so four kinds of token suffice.
    slow = "\\" in body
    code = _code_by_tokens(body) if slow else _SIMPLE_STRIP.sub(" ", body)
    upper = code.upper()
    _check_complexity(code, upper)
    if slow or "SERVICE" in upper or "LOAD" in upper or "file:" in body.lower():
        text = _check_tokens(text, skip, settings, update)
    form = "UPDATE" if update else ((m := _FORM.search(code)) and m.group(1).upper()) or "SELECT"
    named = {m.upper() for m in _DATASET.findall(code)} if ("FROM" in upper or "USING" in upper
                                                             or "WITH" in upper) else set()
    dataset = frozenset(named & ({"USING", "WITH"} if update else {"FROM"}))
    tail = code[code.rfind("}") + 1:]
    limit = int(m.group(1)) if "LIMIT" in upper and (m := _LIMIT.search(tail)) else None
    return Checked(text, form, dataset, limit, prefixed=not skip and ":" in code,
                   relative=_RELATIVE.search(body) is not None)


_check_cached = lru_cache(maxsize=1024)(_check_text)
"""The same queries come again and again (saved queries, pages): check each once."""


def _code_by_tokens(text: str) -> str:
    return " ".join(t.text for t in tokens(text) if t.kind not in ("string", "lstring", "iri"))


def _check_complexity(code: str, upper: str) -> None:
    opened = code.count("{") + code.count("(") + code.count("[")
    if opened > MAX_NESTING:
        deepest = max(accumulate(map(_DELTA.__getitem__, _BRACKETS.findall(code))), default=0)
        if deepest > MAX_NESTING:
            raise QueryTooComplex(f"brackets are nested {deepest} deep; at most {MAX_NESTING} are accepted")
    operators = (sum(map(code.count, _OPERATOR_CHARS)) + code.count("{")
                 + sum(map(upper.count, _COSTLY_WORDS)))
    if operators > MAX_OPERATORS:
        raise QueryTooComplex(f"{operators} operators, UNIONs and groups; at most {MAX_OPERATORS} "
                              "are accepted")


def _check_tokens(text: str, skip: int, settings: Settings, update: bool) -> str:
    """The slow path, token by token: SERVICE targets, LOAD and file: IRIs."""
    toks = list(tokens(text[skip:]))
    prefixes = dict(PREFIXES)
    rewrites: list[tuple[int, int, str]] = []
    for i, tok in enumerate(toks):
        if tok.kind == "iri":
            _refuse_file(iri_value(tok.text))
        word = tok.keyword
        if word and word not in ("SERVICE", "LOAD") and ("SERVICE" in word or "LOAD" in word):
            raise BadQuery(f"{tok.text!r} reads as a keyword glued to another; add a space")
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text[:-1]] = iri_value(toks[i + 2].text)
        elif word == "LOAD" and update:
            raise NotAllowed("LOAD is not allowed: this server never fetches data from elsewhere")
        elif word == "SERVICE":
            rewrites.extend(_check_service(toks, i, prefixes, settings))
    for start, end, replacement in sorted(rewrites, reverse=True):
        text = text[:skip + start] + replacement + text[skip + end:]
    return text


def _refuse_file(iri: str) -> None:
    if iri.strip().lower().startswith("file:"):
        raise NotAllowed(f"file: IRIs are not allowed (<{iri}>)")


def _check_service(toks: list[Token], i: int, prefixes: dict[str, str],
                   settings: Settings) -> list[tuple[int, int, str]]:
    """Refuse a SERVICE call unless allowlisted; the rewrite of its IRI to a mirror, if any."""
    j = i + 1
    if j < len(toks) and toks[j].keyword == "SILENT":
        j += 1
    if j >= len(toks):
        raise BadQuery("SERVICE without an endpoint")
    target = toks[j]
    allowed = ", ".join(settings.service_allowlist) or "none"
    if target.kind == "iri":
        endpoint = iri_value(target.text)
    elif target.kind == "pname":
        prefix, _, local = target.text.partition(":")
        if prefix not in prefixes:
            raise BadQuery(f"undeclared prefix {prefix!r} in SERVICE {target.text}")
        endpoint = prefixes[prefix] + _PN_ESCAPE.sub(r"\1", local)
    else:
        raise NotAllowed(f"SERVICE needs an allowlisted endpoint, not {target.text}; allowlisted: {allowed}")
    if endpoint not in settings.service_allowlist:
        raise NotAllowed(f"SERVICE <{endpoint}> is not allowed; allowlisted endpoints: {allowed}")
    if is_private(endpoint):
        raise NotAllowed(f"SERVICE <{endpoint}> names a loopback or private address; "
                         "map an allowlisted endpoint to it with a mirror instead")
    mirror = dict(settings.service_mirrors).get(endpoint)
    if mirror is None:
        return []
    return [(target.start, target.start + len(target.text), f"<{mirror}>")]


def is_private(url: str) -> bool:
    """Whether a URL's host is loopback, private, link-local or unspecified (or localhost)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:  # the legacy forms URL parsers still accept: 2130706433, 0x7f.1, 127.1
            address = ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return False
    return (address.is_loopback or address.is_private or address.is_link_local
            or address.is_unspecified or address.is_reserved or address.is_multicast)


async def read_body(request: Request, limit: int = MAX_QUERY_BYTES) -> bytes:
    """The request body, refusing (413) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the body is {declared} bytes; at most {limit} are accepted")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
