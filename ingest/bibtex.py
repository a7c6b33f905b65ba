"""Reader for BibTeX (and the biblatex fields reference managers add).

A hand-written parser, so that every error names the line and column users must fix:

- entries `@type{key, field = value, ...}` (or with parentheses); text between entries is
  a comment, as in BibTeX; @comment and @preamble are skipped, @string defines macros;
- values in {...} (nested braces) or "..." (braces inside), bare numbers, macros
  (month names jan..dec predefined), joined with #;
- names "Family, Given and Given Family and others": von particles join the family
  ("van der Berg"), a {Braced Name} is one collective author, "Jr" parts are dropped (no
  reader keeps a suffix in the family name, which keys people), "and others" -> et al.;
- LaTeX in values is decoded to Unicode (ingest.latex) after the names are split.

Errors: a value that never closes its brace (or runs into the next "@entry{") is a
ReadError at the line and column of its entry's "@". An entry without a title is skipped
with a warning; a file in which no entry has a title is a ReadError.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.csljson import bare_doi, split_keywords, split_pages
from ingest.latex import to_unicode, to_verbatim
from ingest.records import Article, Author, Identifier, Location, PersonName, ReadError, Warning_, Work

__all__ = ["NAME", "sniff", "read", "Entry", "parse", "split_names", "bibtex_name", "entry_article"]

NAME = "bibtex"

ENTRY_TYPES: dict[str, str] = {
    "article": "journal-article",
    "book": "book", "booklet": "book", "proceedings": "book", "collection": "book", "manual": "book",
    "incollection": "chapter", "inbook": "chapter", "inreference": "chapter",
    "inproceedings": "chapter", "conference": "chapter",  # a paper in a proceedings volume: its book
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "online": "web-page", "electronic": "web-page", "www": "web-page",
}
"""Entry type -> Work.type; misc, techreport, unpublished and the rest are "other"."""
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_MACROS = {m[:3]: m.capitalize() for m in MONTHS}
_SNIFF = re.compile(
    r"(?im)^[ \t]*@[ \t]*(?:article|book|booklet|inbook|incollection|inproceedings|conference|manual"
    r"|mastersthesis|phdthesis|thesis|misc|online|electronic|www|techreport|report|unpublished|proceedings"
    r"|collection|string|preamble|comment)[ \t]*[{(]"
)
_AT_ENTRY = re.compile(r"@[ \t]*([A-Za-z]\w*)[ \t\r\n]*([{(])")
_NEXT_ENTRY = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z]\w*[ \t]*[{(]")
_FIELD_NAME = re.compile(r"[A-Za-z_][\w\-:.+/]*")
_KEY = re.compile(r"[^\s,{}()\"#=%]*")
_NUMBER = re.compile(r"\d+")
_MACRO = re.compile(r"[A-Za-z_][\w\-:.+/]*")
_FIELD_AFTER = re.compile(r"\s*,?\s*([A-Za-z_][\w\-:.+/]*)\s*=")
_STRAY = re.compile(r"(?m)^\s*[A-Za-z]\w*\s*=|}")


def sniff(text: str) -> bool:
    """An "@article{" / "@book{" ... (or @string/@comment/@preamble) line; never JSON or XML."""
    head = text[:200_000].lstrip("\ufeff \t\r\n")
    return bool(head) and head[0] not in "{[<" and bool(_SNIFF.search(head))


# ------------------------------------------------------------------------- the parser


@dataclass(frozen=True)
class Entry:
    kind: str  # lower case: "article"
    key: str
    fields: dict[str, str]  # lower-case name -> value with braces kept (names need them), macros expanded
    location: Location
    end: int = 0  # offset just after its closing brace


class _Unclosed(Exception):
    """A value's brace or quote never closes; reported at its entry's start."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass
class _Parser:
    text: str
    path: str
    pos: int = 0
    macros: dict[str, str] = field(default_factory=lambda: dict(MONTH_MACROS))
    warnings: list[Warning_] = field(default_factory=list)
    last_field: tuple[str, int] | None = None  # the field being read, to point at an unclosed brace
    _line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._line_starts = [0, *(m.end() for m in re.finditer(r"\n", self.text))]

    def location(self, pos: int) -> Location:
        line = bisect.bisect_right(self._line_starts, pos)
        return Location(self.path, line, pos - self._line_starts[line - 1] + 1)

    def where(self, pos: int) -> str:
        loc = self.location(pos)
        return f"line {loc.line}, column {loc.column}"

    # --- top level

    def entries(self) -> list[Entry]:
        out: list[Entry] = []
        seen: dict[str, Location] = {}
        while (at := self.text.find("@", self.pos)) >= 0:
            self._outside(self.pos, at, out[-1] if out else None)
            m = _AT_ENTRY.match(self.text, at)
            if m is None:  # an "@" in comment text (an e-mail address)
                self.pos = at + 1
                continue
            kind, closer = m.group(1).lower(), ")" if m.group(2) == "(" else "}"
            self.pos = m.end()
            start = self.location(at)
            try:
                entry = self._entry(kind, closer, start)
            except _Unclosed as exc:
                raise ReadError(start, f"@{kind} entry: unbalanced braces: {exc.detail}") from None
            if entry is None:
                continue
            if entry.key in seen:
                self.warnings.append(Warning_(start, f"duplicate key {entry.key!r} (first at line "
                                                     f"{seen[entry.key].line})"))
            seen.setdefault(entry.key, start)
            out.append(entry)
        self._outside(self.pos, len(self.text), out[-1] if out else None)
        return out

    def _outside(self, lo: int, hi: int, previous: Entry | None) -> None:
        """Text between entries is a comment, unless a field follows right after an entry's end:
        then a "}" too many closed that entry early, and its remaining fields would be lost."""
        m = _FIELD_AFTER.match(self.text, lo, hi)
        if m and previous is not None and previous.end == lo:
            raise ReadError(previous.location, f"entry {previous.key!r}: unbalanced braces: a '}}' too many closes "
                                               f"it at {self.where(lo - 1)}, before field {m.group(1)!r}")
        m = _STRAY.search(self.text, lo, hi)
        if m:
            self.warnings.append(Warning_(self.location(m.start()), "text outside any entry ignored "
                                          "(did a brace close an entry early?)"))

    def _entry(self, kind: str, closer: str, start: Location) -> Entry | None:
        if kind in ("comment", "preamble"):
            self._skip_group(closer)
            return None
        if kind == "string":
            name, value = self._field(closer)
            self.macros[name] = value
            self._close(closer)
            return None
        self._skip_ws()
        self.last_field = None
        key = _KEY.match(self.text, self.pos).group(0)  # type: ignore[union-attr]
        self.pos += len(key)
        fields: dict[str, str] = {}
        while True:
            self._skip_ws()
            if self._at(closer):
                self.pos += 1
                break
            if not self._at(","):
                raise self._error(start, key, f"expected ',' or '{closer}'")
            self.pos += 1
            self._skip_ws()
            if self._at(closer):  # a trailing comma
                continue
            name_at = self.pos
            name, value = self._field(closer)
            if name in fields:
                self.warnings.append(Warning_(self.location(name_at), f"entry {key!r}: field {name!r} "
                                                                      "given twice; the first is kept"))
                continue
            fields[name] = value
        return Entry(kind, key, fields, start, self.pos)

    def _field(self, closer: str) -> tuple[str, str]:
        """`name = value # value ...` -> (lower-case name, joined value)."""
        self._skip_ws()
        m = _FIELD_NAME.match(self.text, self.pos)
        if m is None:
            raise _Syntax(self.pos, "expected a field name")
        self.pos = m.end()
        self._skip_ws()
        if not self._at("="):
            raise _Syntax(self.pos, f"expected '=' after {m.group(0)!r}")
        self.pos += 1
        name = m.group(0).lower()
        self.last_field = (name, m.start())
        parts = [self._value(name)]
        while True:
            self._skip_ws()
            if not self._at("#"):
                return name, "".join(parts)
            self.pos += 1
            parts.append(self._value(name))

    def _value(self, name: str) -> str:
        self._skip_ws()
        at = self.pos
        if self._at("{"):
            return self._delimited("{", name)
        if self._at('"'):
            return self._delimited('"', name)
        if m := _NUMBER.match(self.text, self.pos):
            self.pos = m.end()
            return m.group(0)
        if m := _MACRO.match(self.text, self.pos):
            self.pos = m.end()
            macro = m.group(0).lower()
            if macro not in self.macros:
                self.warnings.append(Warning_(self.location(at), f"undefined @string macro {m.group(0)!r}"))
            return self.macros.get(macro, "")
        raise _Syntax(at, f"expected a value for {name!r}")

    def _delimited(self, opening: str, name: str) -> str:
        """The text inside {...} or "..."; braces nest; a value may not run into the next entry."""
        text, start = self.text, self.pos
        depth, i = 0, start + 1
        while i < len(text):
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0 and opening == "{":
                    self.pos = i + 1
                    return text[start + 1 : i]
                depth -= 1
                if depth < 0:
                    raise _Unclosed(f"field {name!r} has a '}}' without '{{' at {self.where(i)}")
            elif c == '"' and opening == '"' and depth == 0:
                self.pos = i + 1
                return text[start + 1 : i]
            elif c == "\n" and _NEXT_ENTRY.match(text, i):
                raise _Unclosed(f"field {name!r} opened at {self.where(start)} runs into the next entry "
                                f"at line {self.location(i + 1).line}")
            i += 1
        raise _Unclosed(f"field {name!r} opened at {self.where(start)} is not closed before the end of the file")

    def _skip_group(self, closer: str) -> None:
        opener = "(" if closer == ")" else "{"
        depth, i = 1, self.pos
        while i < len(self.text) and depth:
            depth += {opener: 1, closer: -1}.get(self.text[i], 0)
            i += 1
        if depth:
            raise _Unclosed("not closed before the end of the file")
        self.pos = i

    def _close(self, closer: str) -> None:
        self._skip_ws()
        if not self._at(closer):
            raise _Syntax(self.pos, f"expected '{closer}'")
        self.pos += 1

    def _at(self, char: str) -> bool:
        return self.text.startswith(char, self.pos)

    def _skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def _error(self, start: Location, key: str, message: str) -> ReadError:
        if self.pos >= len(self.text):
            return ReadError(start, f"entry {key!r} is not closed (unbalanced braces)")
        if self.text[self.pos] == "@":
            field_ = self.last_field
            check = f"; check field {field_[0]!r} at {self.where(field_[1])}" if field_ else ""
            return ReadError(start, f"entry {key!r} is not closed before the next entry at {self.where(self.pos)}: "
                                    f"unbalanced braces{check}")
        return ReadError(self.location(self.pos), f"entry {key!r}: {message}")


class _Syntax(Exception):
    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


def parse(text: str, path: str) -> tuple[list[Entry], list[Warning_]]:
    """Entries in file order, and warnings; ReadError on a syntax error (with line and column)."""
    parser = _Parser(text, path)
    try:
        entries = parser.entries()
    except _Syntax as exc:
        raise ReadError(parser.location(exc.pos), exc.message) from None
    return entries, parser.warnings


# ------------------------------------------------------------------------- names


def _split_depth0(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split where `separator` matches outside braces."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and (m := separator.match(text, i)):
            out.append(text[start:i])
            start = i = m.end()
            continue
        i += 1
    out.append(text[start:])
    return [p.strip() for p in out]


_AND = re.compile(r"\s+and\s+", re.I)
_COMMA = re.compile(r",")
_SPACE = re.compile(r"[\s~]+")


def split_names(value: str) -> tuple[list[str], bool]:
    """"A and B and others" -> (["A", "B"], True)."""
    names = [n for n in _split_depth0(" ".join(value.split()), _AND) if n]
    et_al = bool(names) and names[-1].casefold() == "others"
    return (names[:-1] if et_al else names), et_al


def bibtex_name(name: str) -> PersonName:
    """BibTeX's three forms: "First von Last", "von Last, First", "von Last, Jr, First"."""
    if re.fullmatch(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}", name):
        return PersonName(to_unicode(name))  # {World Health Organization}
    parts = _split_depth0(name, _COMMA)
    if len(parts) == 1:
        words = [w for w in _split_depth0(parts[0], _SPACE) if w]
        if len(words) <= 1:
            return PersonName(to_unicode(parts[0]))
        lower = [n for n, w in enumerate(words[:-1]) if _is_lower(w)]
        if lower:
            given, family = words[: lower[0]], words[lower[0] :]
        else:
            given, family = words[:-1], words[-1:]
    else:
        words = [w for w in _split_depth0(parts[0], _SPACE) if w]
        family, given = words, [parts[-1]] if parts[-1] else []
    return PersonName(to_unicode(" ".join(family)), to_unicode(" ".join(given)) or None)


def _is_lower(word: str) -> bool:
    """A von particle starts lower case; a word starting with a plain {group} counts as upper case."""
    if word.startswith("{") and not word.startswith("{\\"):
        return False
    letters = [c for c in to_unicode(word) if c.isalpha()]
    return bool(letters) and letters[0].islower()


# ------------------------------------------------------------------------- entries -> records


def read(text: str, path: str) -> tuple[list[Article], list[Warning_]]:
    """One Article per entry with a title; entries without one are skipped with a warning."""
    entries, warnings = parse(text.lstrip("\ufeff"), path)
    if not entries:
        raise ReadError(Location(path, 1), "no BibTeX entries (@article{...}) found")
    articles = []
    for entry in entries:
        if not to_unicode(entry.fields.get("title", "")):
            warnings.append(Warning_(entry.location, f"@{entry.kind}{{{entry.key}}} has no title; entry skipped"))
            continue
        articles.append(entry_article(entry))
    if not articles:
        raise ReadError(entries[0].location, f"no title in any of the {len(entries)} entries")
    return articles, warnings


def entry_article(entry: Entry) -> Article:
    """One entry -> Article: names split before LaTeX is decoded, since braces protect names."""
    f = entry.fields

    def text(*names: str) -> str | None:
        return next((v for n in names if (v := to_unicode(f.get(n, "")))), None)

    kind = ENTRY_TYPES.get(entry.kind, "other")
    names, et_al = split_names(f.get("author", ""))
    authors = tuple(n for n in map(bibtex_name, names) if n.family)
    first, last = split_pages(text("pages"))
    year, date = _date(text("year"), text("month"), text("date"))
    work = Work(
        title=text("title"),
        authors=authors,
        et_al=et_al,
        year=year,
        date=date,
        type=kind,
        container=text("journal", "journaltitle") if kind == "journal-article" else text("booktitle"),
        volume=text("volume"),
        issue=text("number", "issue") if kind == "journal-article" else text("issue"),
        first_page=first or text("eid"),
        last_page=last if first else None,
        publisher=text("publisher", "school", "institution", "organization"),
        editors=tuple(n for n in map(bibtex_name, split_names(f.get("editor", ""))[0]) if n.family),
        identifiers=_identifiers(f),
    )
    return Article(
        work=work,
        authors=tuple(Author(name) for name in authors),
        abstract=text("abstract"),
        keywords=split_keywords(text("keywords", "keyword")),
        language=text("language", "langid"),
    )


def _date(year: str | None, month: str | None, date: str | None) -> tuple[int | None, str | None]:
    """year + month ("feb", "February", "2"), or a biblatex date "2006-02-15"."""
    if date and (m := re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date)):
        y, mo, d = m.groups()
        return int(y), "-".join(p for p in (y, mo, d) if p) if mo else None
    m = re.search(r"\b(\d{4})\b", year or "")
    if not m:
        return None, None
    number = _month(month)
    return int(m.group(1)), f"{m.group(1)}-{number:02d}" if number else None


def _month(month: str | None) -> int | None:
    if not month:
        return None
    month = month.strip().casefold()
    if month.isdigit() and 1 <= int(month) <= 12:
        return int(month)
    return next((n for n, name in enumerate(MONTHS, 1) if len(month) >= 3 and name.startswith(month[:3])), None)


def _identifiers(f: dict[str, str]) -> tuple[Identifier, ...]:
    out: list[Identifier] = []
    url = to_verbatim(f.get("url", "")) or None
    if doi := bare_doi(to_verbatim(f.get("doi", ""))) or bare_doi(url):
        out.append(Identifier("doi", doi))
    pmid = to_verbatim(f.get("pmid", ""))
    if not pmid and to_verbatim(f.get("eprinttype", "")).casefold() == "pubmed":
        pmid = to_verbatim(f.get("eprint", ""))
    if pmid.isdigit():
        out.append(Identifier("pmid", pmid))
    if re.fullmatch(r"PMC\d+", pmcid := to_verbatim(f.get("pmcid", ""))):
        out.append(Identifier("pmcid", pmcid))
    if isbn := to_verbatim(f.get("isbn", "")):
        out.append(Identifier("isbn", isbn))
    if url and not bare_doi(url):
        out.append(Identifier("url", url))
    return tuple(out)
