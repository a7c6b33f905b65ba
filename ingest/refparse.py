"""Reference-string parser: one printed reference in, one `Work` (plus trailing link markers) out.

Rule-based and pure. The order of work mirrors how a reference is printed:

1. clean the string and cut off what publishers glue to its end (link markers such as
   "PubMedCrossRefGoogle Scholar", DOIs, PMIDs, URLs, access dates);
2. read the author list from the start, trying each way names are printed (Vancouver
   "Chen X", inverted "Chen, X." / "CHEN, X.", direct "X. Chen") and keeping the reading
   that gets furthest and stops where a list can end;
3. take a year printed right after the authors (APA "(2006).", Harvard "2006.");
4. split the rest into title, container and the numeric tail (volume, issue, pages, year).

Never raises on odd input: whatever could not be read is left None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ingest.records import Identifier, PersonName, Work

__all__ = ["parse_reference", "reference_to_json", "parse_lines", "LINK_MARKERS"]

# ---------------------------------------------------------------- character classes

_UPPER = "".join(c for c in map(chr, range(0x250)) if c.isupper() and c.isalpha())
_LOWER = "".join(c for c in map(chr, range(0x250)) if c.islower() and c.isalpha())
UP = f"[{_UPPER}]"
LOW = f"[{_LOWER}]"
L = f"[{_UPPER}{_LOWER}]"
APOS = "['’‘`´]"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"

# A capitalised name word ("Chen", "Dailey-O’Cain", "Roemeling-van", "D’Amico", "GOÑI").
# A hyphen-glued generation mark stays part of the name as printed ("Eluf-Neto", "Ghizoni-Jr., I.R.").
# "Baron- Cohen": a hyphen broken at a line end keeps the name whole.
W = rf"{UP}(?:{L}+|{APOS}{L}+)(?:(?:-|{APOS}|-\s(?={UP}{LOW})){L}+)*(?:-Jr\.(?=\s*,))?"
# The same, but with a lower-case letter somewhere, so that "MA" (initials) is not a family name.
WL = rf"(?=[^\s,;.]*{LOW}){W}"
PARTICLE = r"(?:van|von|der|den|de|del|della|dei|di|da|das|do|dos|du|la|le|ten|ter|te|in['’]t|zu|zur|bin|ibn|al|el)"
# NLM "Barbosa Tde S" (Tânia de Souza Barbosa): an initial with a glued particle, then more initials.
NLM_GIVEN = rf"{UP}(?:de|da|do|dos|das|del|du)\s+{UP}{{1,3}}(?!{L})"
# Particles may be hyphen-glued ("de-Souza-Cruz"); "e"/"y" join Iberian surnames ("Leão e Silva").
FAMILY = rf"(?:{PARTICLE}(?:\s+|-))*{W}(?:\s+(?:[ey]\s+)?(?:{PARTICLE}\s+)*{W})*"
FAMILY_L = (
    rf"(?:{PARTICLE}(?:\s+|-)(?:{UP}\s+)?)*{WL}(?:\s+(?:[ey]\s+(?={WL}))?(?:{PARTICLE}\s+)*(?!{NLM_GIVEN}){WL})*"
)
# One initial: "X.", "Th.", or a bare capital before a space/comma ("Ahmed, S, ...").
INITIAL = rf"(?:{UP}{LOW}?\.|{UP}(?=[\s,;:)]|$))"
INITIALS = rf"{INITIAL}(?:\s*(?:-\s*)?(?:{INITIAL}|{PARTICLE}\.?(?=[\s,;]|$)))*"
SUFFIX = r"(?:,?\s+(?:Jr|Sr|Jnr|Júnior|Junior|Filho|Neto|Sobrinho|II|III|IV|2nd|3rd)\.?|\s+No(?=[.,]))"

# What may follow a name: a separator, "et al.", or the end of the list. Every name pattern ends with
# this lookahead so that the regex engine, not the caller, picks a reading of the name that can stop.
NAME_END = (
    rf"(?=\s*[,;]|\s+(?:and|And|&|e|y|und|et(?!\.?\s*al\b))\s|\s*\(|\s*[.:](?:\s|$)|(?<=\.)\s|\s*$|\s+{YEAR}"
    r"|\s+et\.?\s*al)"
)

_NAME_VANCOUVER = re.compile(
    rf"(?P<family>{FAMILY_L})\s+(?P<given>{UP}(?:\.?\s?-?{UP}){{0,4}}\.?(?!{L})|{NLM_GIVEN}){SUFFIX}?{NAME_END}"
)
# "KELLNER AWA", "SIMÕES JC, LEPPE M": Vancouver with the family in capitals (3+ letters, 1-3 initials).
_CAPS_WORD = rf"{UP}{{3,}}(?:-{UP}{{2,}})*"
_NAME_VANCOUVER_CAPS = re.compile(
    rf"(?P<family>(?:{PARTICLE}\s+)*{_CAPS_WORD}(?:\s+{_CAPS_WORD})*)\s+(?P<given>{UP}{{1,3}}\.?)(?!{L}){NAME_END}"
)
_GIVEN_INVERTED = (
    rf"{WL}(?:\s+{WL})*(?:\s+{INITIALS})?|{INITIALS}\s+{WL}(?=\s*;)|{INITIALS}|{UP}{{2,4}}\.?(?=[\s,;:)]|$)"
)
# After the given names, "Jr"/"Neto" is a suffix only when no initials follow: in "Hall, C.F., Neto, V.B.P."
# it is the next family name.
SUFFIX_AFTER = rf"(?:{SUFFIX}(?!\s*,\s*{UP}{LOW}?\.))"
_NAME_INVERTED = re.compile(
    rf"(?P<family>{FAMILY}){SUFFIX}?\s*,\s*(?P<given>{_GIVEN_INVERTED}){SUFFIX_AFTER}?{NAME_END}"
)
# "Sasayama, D. Hattori, K." (names parted by spaces only): the next name must have initials.
_NAME_INVERTED_INITIALS = re.compile(
    rf"(?P<family>{FAMILY}){SUFFIX}?\s*,\s*(?P<given>{INITIALS}|{UP}{{2,4}}\.){SUFFIX_AFTER}?{NAME_END}"
)
# "X. Chen", "Frank Wood", "Jing Liu"; an all-capital family only after dotted initials ("J. SMITH"),
# so that Vancouver "Iser BPM" is not read as given "Iser", family "BPM".
_NAME_DIRECT = re.compile(
    rf"(?P<given>(?:{UP}{LOW}?\.\s*(?:-\s*)?)+|(?:{UP}{LOW}?\.\s*(?:-\s*)?|{UP}{{1,3}}\s+|{WL}\s+)+(?={FAMILY_L}))"
    rf"(?P<family>{FAMILY}){SUFFIX}?{NAME_END}"
)
# "D.J. Hansen" after an inverted first author ("Eggers, F., D.J. Hansen & A.E. Davis").
_NAME_DIRECT_INITIALS = re.compile(rf"(?P<given>(?:{UP}\.\s*(?:-\s*)?)+)(?P<family>{FAMILY}){SUFFIX}?{NAME_END}")
_AND = r"(?:and|And|&|e|y|und|et(?!\.?\s*al\b))"
_SEP = re.compile(
    rf"\s*(?:[,;]\s*,?\s*(?:(?:\.\.\.|…)\s*)?(?:{_AND}\s+)?|\s+{_AND}\s+|\s*(?:\.\.\.|…)\s*)"
)
_WEAK_SEP = re.compile(r"(?<=\.)\s+(?:(?:and|&)\s+)?")
_ET_AL = re.compile(
    r"\s*,?\s*(?:\[?et\.?\s*al\b\.?\]?|e\s+col(?:s|aboradores)?\b\.?|y\s+col\b\.?|and\s+others\b|and\s+colleagues\b)"
)
# Where an author list may stop: end, ". Title", ": Title", "(2006)", ", 2011.", ", Title" or a year.
_LIST_END = re.compile(rf"\s*$|\s*[.:](?:\s|$)|(?<=\.)\s|\s*\(|\s*,\s|\s+(?={YEAR}[a-z]?\b)")

ORG_WORDS = re.compile(
    r"\b(?:Organi[sz]ation|Organização|Organización|Association|Associação|Asociación|Ministry|Ministério"
    r"|Ministerio|Institute|Instituto|Society|Sociedade|Sociedad|Committee|Comitê|Department|Departamento"
    r"|Council|Conselho|Group|Grupo|Agency|Agência|Center|Centre|Centro|Foundation|Fundação|Federation"
    r"|Federación|Federação|University|Universidade|Universidad|Bureau|Office|Board|Commission|Comissão"
    r"|Collaboration|Consortium|Network|Secretaria|Secretariat|Statistics|Health|Saúde|Salud|Nations"
    r"|Service|Services|Academy|Agency|Coalition|Union|Programme|Program|Panel|Task Force|Working|Empresa"
    r"|Company|Corporation|Companhia|Compañía)\b"
)

# ---------------------------------------------------------------- cleaning and trailing matter

LINK_MARKERS = (
    "PubMed Central", "PubMed", "CrossRef", "Crossref", "Google Scholar", "Web of Science", "MathSciNet",
    "zbMATH", "MATH", "CAS", "ADS", "Scopus", "Article",
)
_MARKER = "|".join(re.escape(m) for m in LINK_MARKERS)
_MARKER_TAIL = re.compile(rf"(?:\s*(?:{_MARKER}))+\s*$")
_MARKER_ONE = re.compile(rf"{_MARKER}")
_MARKER_CHARS = "".join(sorted({*"".join(LINK_MARKERS), *(c for c in map(chr, range(0x3001)) if c.isspace())}))
"""Every character _MARKER_TAIL can match (\\s is str.isspace(), whose characters all lie below U+3001)."""
_LEADING_NUMBER = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)](?!\d))\s*")

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_PMID = re.compile(r"\bPMID\s*:?\s*(\d{4,9})\b", re.I)
_PMCID = re.compile(r"\bPMCID\s*:?\s*(PMC\d+)\b", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_DOI_URL = re.compile(r"doi\.org/", re.I)
# The first of these marks where the bibliographic part of a reference is over.
_TAIL_START = re.compile(
    r"(?:[\[(]?\b(?:doi|DOI|Doi)\b\s*:?\s*|\bhttps?://|\bwww\.|\bPMID\b|\bPMid\b|\bPMCID\b|\bPMCid\b"
    r"|\b(?:Available|Disponível|Disponible|Retrieved|Recuperado|Accessed|Acesso|Acessado|Consultado|Viewed"
    r"|Cited|URL)\b(?:\s+(?:from|at|in|em|en|on|el))?\s*:?)",
    re.I,
)
_ACCESS_NOTE = re.compile(
    r"\s*\[(?:cited|citado|acesso|acceso|accessed|viewed|consultado|consulta|acessado|updated|atualizado|revised)"
    r"\b[^\]]*\]",
    re.I,
)
_INTERNET = re.compile(r"\s*\[(?:Internet|online|on-line|Online|serial on the Internet|e-?book)\]", re.I)


_SPACED_INITIAL = re.compile(r"(?<=\b[A-Z]) \.(?=[\s,;])")
_NOT_SPLIT = "\u200b\u200e\u200f\ufeff"
"""Invisible characters printed as spaces that str.split() does not split at (zero-width space,
direction marks, BOM); it splits at every other kind of space, NBSP included."""
_NOT_SPLIT_TO_SPACE = str.maketrans(dict.fromkeys(_NOT_SPLIT, " "))


def _clean(raw: str) -> str:
    """Collapse every kind of space and drop the printed list number ("12.", "[12]"); "F ." is "F."."""
    text = unicodedata.normalize("NFC", raw or "")
    if any(c in text for c in _NOT_SPLIT):
        text = text.translate(_NOT_SPLIT_TO_SPACE)
    text = " ".join(text.split())  # 5x faster than a regex substitution
    if " ." in text:
        text = _SPACED_INITIAL.sub(".", text)
    return _LEADING_NUMBER.sub("", text, count=1)


def split_link_markers(text: str) -> tuple[str, tuple[str, ...]]:
    """Cut "PubMedCrossRefGoogle Scholar" off the end; only when glued on or several in a row."""
    if not text.rstrip().endswith(LINK_MARKERS):
        return text, ()
    # The tail is made of marker letters and spaces only: searching from the last other
    # character on finds the same (leftmost) match without trying every position before it.
    m = _MARKER_TAIL.search(text, len(text.rstrip(_MARKER_CHARS)))
    if not m:
        return text, ()
    tail = m.group(0)
    markers = tuple(x.group(0) for x in _MARKER_ONE.finditer(tail))
    glued = m.start() > 0 and not text[m.start()].isspace() and not text[m.start() - 1].isalpha()
    if not glued and len(markers) < 2:
        return text, ()
    return text[: m.start()].rstrip(), tuple("CrossRef" if x == "Crossref" else x for x in markers)


def _identifiers(text: str) -> tuple[Identifier, ...]:
    """DOI, PMID, PMCID and URL as printed anywhere in the string."""
    out: list[Identifier] = []
    # Each search only where the text has the letters it needs (lower() is exact for p, m, h, t, w).
    low = text.lower()
    doi = _DOI.search(text) if "10." in text else None
    if doi:
        out.append(Identifier("doi", _trim_id(doi.group(1))))
    for scheme, rx in (("pmid", _PMID), ("pmcid", _PMCID)):
        m = rx.search(text) if "pm" in low else None
        if m:
            out.append(Identifier(scheme, m.group(1)))
    for m in _URL.finditer(text) if "http" in low or "www" in low else ():
        url = _trim_id(m.group(0))
        if not _DOI_URL.search(url):
            out.append(Identifier("url", url))
            break
    return tuple(out)


def _trim_id(value: str) -> str:
    """Drop sentence punctuation after an identifier, and a ")" it does not open itself."""
    value = value.rstrip(".,;:]")
    while value.endswith(")") and value.count("(") < value.count(")"):
        value = value[:-1].rstrip(".,;:")
    return value


_TAIL_KEYS = (
    "doi", "http", "www.", "pmid", "pmcid", "availab", "dispon", "retriev", "recuper", "access", "acess",
    "consult", "viewed", "cited", "url",
)


def _tail_start(text: str) -> re.Match[str] | None:
    """_TAIL_START.search, started just before the first keyword any of its branches needs (much faster)."""
    low = text.lower()
    first = min((i for k in _TAIL_KEYS if (i := low.find(k)) >= 0), default=-1)
    return _TAIL_START.search(text, max(0, first - 1)) if first >= 0 else None


def _cut_tail(text: str) -> str:
    """The bibliographic part: everything before the first DOI/URL/PMID/'Available from'."""
    if "[" in text:
        text = _ACCESS_NOTE.sub("", text)
    m = _tail_start(text)
    if m and m.start() > len(text) // 3:
        text = text[: m.start()]
    return text.rstrip(" .,;:([")


# ---------------------------------------------------------------- authors


@dataclass(frozen=True)
class _Authors:
    names: tuple[PersonName, ...]
    et_al: bool
    end: int  # where the author list stops in the text
    editors: bool = False


_NO_AUTHORS = _Authors((), False, 0)


_AND_SEP = re.compile(rf"(?:^|[\s,;]){_AND}\s+$")
_INITIALS_ONLY = re.compile(rf"(?:{UP}{LOW}?\.?[\s-]*)+")
_STARTS_WITH_INITIAL = re.compile(rf"{UP}{LOW}?\.|{UP}{{1,3}}(?:\s|$)")


def _scan(
    text: str,
    first: tuple[re.Pattern[str], ...],
    later: tuple[re.Pattern[str], ...] = (),
    final: tuple[re.Pattern[str], ...] = (),
) -> _Authors:
    """Read names of one printed form from the start; keep the longest run that stops where a list can.

    The first pattern must read the first name; later names may match any of `later` (default: the same);
    a name after "and"/"&" may also match `final` ("Berbari, N. F., Haycraft, C. J., and Bradley K Yoder").
    """
    names: list[PersonName] = []
    best = _NO_AUTHORS
    pos, later = 0, later or first
    after_and = False
    while True:
        patterns = (later + final) if after_and else later if names else first
        m = next((m for p in patterns if (m := p.match(text, pos))), None)
        if not m:
            break
        given = _tidy_given(m.group("given"), vancouver=m.re is _NAME_VANCOUVER or m.re is _NAME_VANCOUVER_CAPS)
        # "G. Clemens, M. J. Bakera, Spectroscopy Europe": a list printed with initials does not switch to
        # full given names, so a journal name after it is not read as one more author.
        if (
            m.re is _NAME_DIRECT
            and names
            and not after_and
            and all(n.given and _INITIALS_ONLY.fullmatch(n.given) for n in names)
            and not _STARTS_WITH_INITIAL.match(given)
        ):
            break
        family = m.group("family").strip(" ,")
        names.append(PersonName(family, given))
        pos = m.end()
        e = _ET_AL.match(text, pos)
        if e and _LIST_END.match(text, e.end()):
            return _Authors(tuple(names), True, e.end())
        if _LIST_END.match(text, pos):
            best = _Authors(tuple(names), False, pos)
        s = _SEP.match(text, pos)
        if s:
            after_and = bool(_AND_SEP.search(s.group(0)))
            pos = s.end()
            continue
        w = _WEAK_SEP.match(text, pos)
        if w and first[0] is _NAME_INVERTED and _NAME_INVERTED_INITIALS.match(text, w.end()):
            after_and = bool(_AND_SEP.search(w.group(0)))
            pos = w.end()
            continue
        break
    return best


_NLM_GIVEN = re.compile(NLM_GIVEN)
_CAPITALS_DOT = re.compile(rf"{UP}{{2,}}\.")


def _tidy_given(given: str, vancouver: bool) -> str:
    """"HL." at the end of a Vancouver list is "HL": the period ends the list, not an initial.

    "ES." after an inverted name is cut the same way, since evaluate-style readers take "ES." for one
    initial; "X." and "M. A." are kept as printed.
    """
    given = given.strip(" ,")
    if _NLM_GIVEN.fullmatch(given):  # "Tde S" -> "TS"
        return given[0] + given.split()[-1]
    if given.endswith(".") and (vancouver and "." not in given[:-1] or _CAPITALS_DOT.fullmatch(given)):
        return given[:-1]
    return given


# A subordinate unit of a government body ("Secretaria de Atenção à Saúde", "Department of Health").
_UNIT = (
    r"(?:Secretaria|Secretaría|Subsecretaria|Subsecretaría|Secretariat|Departamento|Department|Coordenação"
    r"|Coordenação-Geral|Coordinación|Diretoria|Directorate|Dirección|Divisão|División|Division|Gerência"
    r"|Ministério|Ministerio|Ministry|Superintendência|Núcleo|Assessoria)\b"
)
_UNIT_SENTENCE = re.compile(rf"\.\s+({_UNIT}[^.;:()\[\]“\"]{{0,120}}?(?:\s*\([A-Z]{{2,5}}\))?)(?=\.(?:\s|$)|$)")
_COUNTRY = re.compile(rf"{UP}{LOW}+(?:\s{UP}{LOW}+)?")


_FIRST_SENTENCE = re.compile(r"(.{3,160}?)(?:\.\s|\s*\((?=" + YEAR + r"|n\.d)|\.$|$)")


def _corporate(text: str) -> _Authors:
    """An organisation as author: the first sentence, when it names a body ("World Health Organization").

    The units under it follow as more authors ("Ministério da Saúde (BR). Secretaria de Atenção à Saúde."),
    and a country may head the chain ("Brasil. Ministério da Saúde.").
    """
    m = _FIRST_SENTENCE.match(text)
    if not m:
        return _NO_AUTHORS
    name = m.group(1).strip()
    if "“" in name or '"' in name:
        return _NO_AUTHORS
    if not ORG_WORDS.search(name) and not (_COUNTRY.fullmatch(name) and _UNIT_SENTENCE.match(text, m.end(1))):
        return _NO_AUTHORS
    names, end = [PersonName(name)], m.end(1)
    while len(names) < 6 and (unit := _UNIT_SENTENCE.match(text, end)):
        names.append(PersonName(unit.group(1).strip()))
        end = unit.end(1)
    return _Authors(tuple(names), False, end)


def read_authors(text: str) -> _Authors:
    """The longest author list any printed form can read; ties go to the most common form."""
    best = _NO_AUTHORS
    # Inverted lists may switch form after the first name: "Sallis, JF, Cervero RB", "Eggers, F., D.J. Hansen".
    # Chicago prints only the first name inverted: "Krach, Soren, Frank Hegel, and Tilo Kircher".
    for first, later, final in (
        ((_NAME_VANCOUVER,), (), ()),
        ((_NAME_INVERTED,), (_NAME_DIRECT,), ()),
        ((_NAME_INVERTED,), (_NAME_VANCOUVER, _NAME_INVERTED, _NAME_DIRECT_INITIALS), (_NAME_DIRECT,)),
        ((_NAME_DIRECT,), (), ()),
        ((_NAME_VANCOUVER_CAPS,), (_NAME_VANCOUVER_CAPS, _NAME_VANCOUVER), ()),
    ):
        found = _scan(text, first, later, final)
        if found.end > best.end:
            best = found
    if best.names and not any(ORG_WORDS.search(n.full) for n in best.names):
        return best
    corp = _corporate(text)
    return corp if corp.names else best


# ---------------------------------------------------------------- year after the authors

_EDITOR_MARK = re.compile(
    r"\s*[,.]?\s*\((?:eds?|editors?|orgs?|coords?|comps?|Hrsg|dir)\.?\)\.?|\s*,\s*(?:eds?|editors?)\.(?=\s)",
    re.I,
)
_APA_YEAR = re.compile(
    rf"\s*[.,]?\s*\((?P<year>{YEAR})[a-z]?(?:\s*[,;/-][^)]*)?\)\s*[.,:]?\s*"
    r"|\s*[.,]?\s*\((?:n\.\s?d\.|s\.\s?d\.|in press|no prelo|forthcoming|en prensa)\)\s*[.,:]?\s*",
    re.I,
)
_HARVARD_YEAR = re.compile(rf"\s*[.,]?\s*(?P<year>{YEAR})[a-z]?\s*[.,:]\s+")


def _year_after_authors(text: str, pos: int) -> tuple[int | None, int, bool]:
    """(year, position after it, printed in parentheses) for "(2006)." or ", 2011." right after the names."""
    m = _EDITOR_MARK.match(text, pos)
    if m:
        pos = m.end()
    for rx, paren in ((_APA_YEAR, True), (_HARVARD_YEAR, False)):
        m = rx.match(text, pos)
        if m:
            year = m.group("year")
            return (int(year) if year else None), m.end(), paren
    return None, pos, False


# ---------------------------------------------------------------- title

# Words whose period does not end a title ("cv. Isabel", "vs. placebo", "Vitis labrusca L. x").
_ABBREV_BEFORE_DOT = re.compile(
    r"(?:\b(?:vs|e\.g|i\.e|cf|sp|spp|ssp|subsp|var|cv|aff|ca|approx|Dr|Mr|Mrs|Ms|St|Prof|Jr|Inc|Ltd|Co|No|Nos|no"
    r"|Vol|vol|Fig|Figs|al|etc|viz|Sta|Sto|Sr|Sra|sect|subsect|subg|ser|nov|comb)|\b[A-Za-z]\.[A-Za-z])$"
)
_BOUNDARY = re.compile(r"[.?!](?=\s+[\"“‘«(\[]?[\w¿¡])|[.?!]$")
# "Part 1. Anatomy", "interaction: 6. Phenology": a numbered part inside a title.
_NUMBERED_PART = re.compile(r"(?:^|[\s:,(])\d{1,2}$")


# "bioRxiv", "eLife", "mBio" right before numbers or punctuation: a serial that starts in lower case.
_CAMEL_SERIAL = re.compile(r"[a-z]{1,4}[A-Z][A-Za-z]*(?=\s*(?:[.,;:\[(]|\d|$))")


_NUMBERED_ITEM = re.compile(r"\d{1,2}\.\s")
_SAME_FIELD_EXCEPT = re.compile(rf"\((?:{YEAR}|[A-Z]\.|[Ee]ds?\b|n\.d)")


def _sentence_ends(text: str) -> list[int]:
    """Positions just after each sentence end ('.', '?', '!') that starts a new printed field."""
    ends = []
    for m in _BOUNDARY.finditer(text):
        i = m.start()
        nxt = text[i + 1 :].lstrip()
        if nxt[:1].islower() and not _CAMEL_SERIAL.match(nxt):
            continue
        before = text[max(0, i - 12) : i]
        if text[i] == "." and (_ABBREV_BEFORE_DOT.search(before) or _NUMBERED_PART.search(before)):
            continue
        if _NUMBERED_ITEM.match(nxt):
            continue
        # "Cogn. (Orchidaceae-Vandae)": a parenthesis after a period goes on with the same field,
        # unless it holds a year or an editors' note.
        if nxt[:1] == "(" and not _SAME_FIELD_EXCEPT.match(nxt):
            continue
        ends.append(i + 1)
    return ends


_QUOTES = {"“": "”", "\"": "\"", "‘": "’", "«": "»", "„": "“"}


def _quoted_title(text: str) -> tuple[str, str] | None:
    """A title printed in quotes: “Title,” Container ... -> (title, rest); not “Like” and language ..."""
    text = text.lstrip()
    close = _QUOTES.get(text[:1])
    if not close:
        return None
    end = text.find(close, 2)
    while end != -1:
        inner, after = text[1:end], text[end + 1 :]
        if inner[-1:] in ",.;:?!" or re.match(r"\s*(?:[,.;]|:\s*(?=[A-Z0-9])|$|In\b)", after):
            return inner.strip().rstrip(".,;:").strip(), after
        end = text.find(close, end + 1)
    return None


# ---------------------------------------------------------------- the numeric tail

PAGE = r"[A-Za-z]{0,3}\d+[A-Za-z]?"
PAGES = rf"{PAGE}(?:\s*[-–—‐‑−]+\s*{PAGE})?\+?"
# Month and season names in English, Portuguese, Spanish and French, full or cut ("Outcomes" is no month).
MONTH = (
    r"(?:jan(?:uary|eiro|vier)?|ene(?:ro)?|feb(?:ruary|rero)?|fev(?:ereiro)?|fév(?:rier)?|mar(?:ch|ço|zo|s)?"
    r"|apr(?:il)?|abr(?:il)?|avr(?:il)?|may(?:o)?|mai(?:o)?|jun(?:e|ho|io)?|juin|jul(?:y|ho|io)?|juil(?:let)?"
    r"|aug(?:ust)?|ago(?:sto)?|août|sep(?:t|tember|tiembre|tembre)?|set(?:embro)?|oct(?:ober|ubre|obre)?"
    r"|out(?:ubro)?|nov(?:ember|embro|iembre|embre)?|dec(?:ember)?|dez(?:embro)?|déc(?:embre)?|dic(?:iembre)?"
    r"|spring|summer|autumn|fall|winter|primavera|verão|outono|inverno)\b\.?"
)
# Status words that stand where the numbers would ("Journal of X, in press.").
_STATUS = (
    r"(?:in\s+press|to\s+appear|forthcoming|ahead\s+of\s+print|epub\s+ahead\s+of\s+print|no\s+prelo"
    r"|en\s+prensa)\b"
)
_LOCATOR_START = re.compile(
    rf"""(?:^|(?<=[\s,.;:(]))(?=[\d(adefijlmnopstvwxc])(?=
        (?:vol(?:ume)?\.?|v\.|n[oº°.]|no\.|nº|n°|núm\.?|num\.|issue|pp?\.|pages?|págs?\.)\s*\d
      | (?:vol(?:ume)?\.?|v\.)\s*(?-i:[IVXLC]{{1,7}})\b
      | (?-i:[IVXLC]{{1,7}})\s*(?:,\s*(?:pp?\.\s*)?\d|\()
      | \d+[A-Za-z]?\s*,?\s*\(
      | \d+[A-Za-z]?,?\s+(?:no\.?|n[º°.]|issue)\s*\d
      | \d+\.\d{{1,3}}\s*[(:]
      | \(\d+[A-Za-z]?\)\s*[:,]
      | {YEAR}[a-z]?(?:\s*[;:.,(\[]|\s*$|\s+(?:{MONTH}|\d))
      | {MONTH},?\s+(?:\d{{1,2}},?\s+)?{YEAR}
      | \d{{1,2}}\s+{MONTH}(?:,?\s+{YEAR}|\s*[.,]?\s*$)
      | [A-Z]?\d+[A-Za-z]?\s*[:,;]\s*(?:pp?\.\s*)?[A-Za-z]?\d
      | \d+\s+[A-Za-z]?\d+\s*[-–]+\s*[A-Za-z]?\d
      | [A-Z]?\d+\s*$
      | [A-Za-z]?\d+\s*[-–]\s*[A-Za-z]?\d+
      | [A-Z]{{1,2}}\d+\s*$
      | {_STATUS}
    )
    | (?<=[a-z])(?=\d+\(\d+\)\s*:)""",
    re.X | re.I,
)
_SUPPLEMENT = re.compile(r"\s*(?:Suppl(?:ement)?|Supl(?:emento)?|Sup)\.?\s*(?:\d+|[A-Z])?\b", re.I)
_LABELLED = {
    # A label is followed by a number or a Roman numeral: "N. Gaylin", "Special Issue on" are no locators.
    "volume": re.compile(r"\b(?:vol(?:ume)?\.?|v\.)\s*(\d\w*|(?-i:[IVXLC]{1,7})\b)(?:\s*\((\d[^()]{0,12})\))?", re.I),
    "issue": re.compile(
        r"(?:\b(?:no\.?|n\.|num\.|núm\.?|issue)|nº|n°)\s*(\d\w*(?:[-/]\w+)?|(?-i:[IVXLC]{1,7})\b)", re.I
    ),
    "pages": re.compile(rf"\b(?:pp?\.|pages?|págs?\.)\s*({PAGES})", re.I),
}
_DATE = re.compile(
    rf"(?:\(\s*)?(?:{MONTH}\s*(?:[-/]\s*{MONTH}\s*)?,?\s*(?:\d{{1,2}},?\s+)?)?(?<![\w\-–—./])({YEAR})[a-z]?(?![\d\-–—/]|\.\d)"
    rf"(?:\s+{MONTH}(?:\s*[-/]\s*{MONTH})?(?:\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}}(?![\d:(]))?)?)?(?:\s*\))?",
    re.I,
)
_VOL_ISSUE_PAGES = re.compile(
    rf"^(?P<volume>[A-Za-z]?\d+[A-Za-z]?|[IVXLC]+(?![A-Za-z]))?\s*(?:\((?P<issue>[^)]*)\))?\s*(?:[,:.;]\s*|\s+)?(?P<pages>{PAGES})?"
)


@dataclass
class _Tail:
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    year: int | None = None


_DAY_MONTH = re.compile(rf"\b\d{{1,2}}\s+{MONTH}", re.I)
_MONTH_DAY = re.compile(rf"\b{MONTH}\s+\d{{1,2}}\b(?![-–:]\d)", re.I)
_RANGE = r"\d+\s*[-–—‐‑−]\s*\d+"
# "178-179, 129-139": a volume range, since pages follow; "985-987" alone: pages.
_VOLUME_RANGE = re.compile(rf"^(?P<volume>{_RANGE})\s*[,:;]\s*(?P<pages>{PAGES})$")
_ONLY_RANGE = re.compile(r"^(?P<pages>[A-Za-z]?\d+\s*[-–—‐‑−]+\s*[A-Za-z]?\d+)$")
# "110.1 (2013): 33-60" (MLA volume.issue)
_SPACED_ELOCATOR = re.compile(r"([:,;]\s*)e\s+(\d{4,})\b")
_END_NUMBERS = re.compile(rf"(?:^|(?<=[\s,.;:]))(\d+)(?:\s*\((\d[^()]{{0,10}})\))?\s*[,:]\s*({PAGES})$")
_NO_PAGES = re.compile(r"(?:^|[\s,:;])(NP|n\.\s?p)\.?$")
_DOTTED_ISSUE = re.compile(r"^(?P<volume>\d+)\.(?P<issue>\d{1,3})(?=\s*(?:[:,(]|$))")


_ISSUE_SUPPLEMENT = re.compile(r"\(([^()]*?)\s*(?:Suppl(?:ement)?|Supl|Sup)\.?\s*\w*\)", re.I)
_PUNCTUATION_RUN = re.compile(r"\s*[,;:]\s*(?:[,;:]\s*)+")
_LAST_PAGES = re.compile(rf"(?:^|[\s,:;])({PAGES})$")
_LAST_PAGES_SPACED = re.compile(rf"(?:^|[\s,:;])({PAGES})\s*$")
_NUMBER_RANGE = re.compile(r"(\d+)\s*[-–—‐‑−]\s*(\d+)")
_SECTION_WORD_END = re.compile(r"\b(?:Seção|Section|Sección|Part|Parte)\s*$")
_DASHES = re.compile(r"\s*[-–—‐‑−]+\s*")


def read_tail(tail: str, want_year: bool) -> _Tail:
    """Volume, issue, pages (and the year when not yet known) from "2020;73(Suppl 4):e20200413"."""
    out = _Tail()
    text = _SPACED_ELOCATOR.sub(r"\1e\2", tail)  # "2011;1:e 000048": an article number split at the "e"
    for field, rx in _LABELLED.items():
        m = rx.search(text)
        if m:
            _set_field(out, field, m.group(1))
            if field == "volume" and m.group(2):  # "Vol. 8(2)"
                out.issue = m.group(2).strip()
            text = text[: m.start()] + " " + text[m.end() :]
    text = _DAY_MONTH.sub(" ", text)  # "22 abr. 2018": the day first, or it reads as the volume
    date = _DATE.search(text)
    if date:
        out.year = int(date.group(1)) if want_year else None
        text = text[: date.start()] + " " + text[date.end() :]
    text = _MONTH_DAY.sub(" ", text)
    issue_suppl = _ISSUE_SUPPLEMENT.search(text)
    if issue_suppl:
        inner = issue_suppl.group(1).strip()
        text = text[: issue_suppl.start()] + (f"({inner})" if inner else "") + text[issue_suppl.end() :]
    text = _SUPPLEMENT.sub(" ", text)
    text = _PUNCTUATION_RUN.sub(", ", text).strip(" .,;:")
    if out.volume is not None:
        # "Vol. 43, No. 2, 193-224": what is left after the labels is the pages.
        if out.first_page is None:
            p = _LAST_PAGES.search(text)
            if p:
                _set_field(out, "pages", p.group(1))
        return out
    vr = _VOLUME_RANGE.match(text) or _ONLY_RANGE.match(text)
    if vr:
        if "volume" in vr.groupdict():
            out.volume = vr.group("volume")
        if out.first_page is None:
            _set_field(out, "pages", vr.group("pages"))
        return out
    dotted = _DOTTED_ISSUE.match(text)
    if dotted:
        out.volume, out.issue = dotted.group("volume"), dotted.group("issue")
        text = text[dotted.end() :]
    m = _VOL_ISSUE_PAGES.match(text) if not dotted else None
    if m:
        if m.group("volume") and out.volume is None:
            out.volume = m.group("volume")
        issue = (m.group("issue") or "").strip()
        if issue and out.issue is None:
            # "40 (345–370)": a wide range in the parentheses and nothing after them is the pages.
            wide = _NUMBER_RANGE.fullmatch(issue)
            if wide and not m.group("pages") and int(wide.group(2)) - int(wide.group(1)) > 2:
                _set_field(out, "pages", issue)
            else:
                out.issue = issue
        if m.group("pages") and out.first_page is None:
            _set_field(out, "pages", m.group("pages"))
    if out.first_page is None:
        rest = text[m.end() :] if m else text
        p = _LAST_PAGES_SPACED.search(rest.strip(" .,;:"))
        if p and (dotted or m and m.group("volume")):
            _set_field(out, "pages", p.group(1))
        elif m and m.group("volume") and (np := _NO_PAGES.search(rest)):  # "4(2), NP": no pagination
            out.first_page = np.group(1)
    end = _END_NUMBERS.search(text) if out.first_page is None and out.volume is None else None
    if end and not _SECTION_WORD_END.search(text[: end.start()]):
        # "… Environment 35: 160-168", "… Investigation. 101(1), 273": the numbers close a tail that
        # began too early (a title or container came along).
        out.volume, out.issue = end.group(1), out.issue or end.group(2)
        _set_field(out, "pages", end.group(3))
    return out


def _set_field(out: _Tail, field: str, value: str) -> None:
    if field == "pages":
        parts = _DASHES.split(value.strip().rstrip("+"), maxsplit=1)
        out.first_page = parts[0] or None
        out.last_page = parts[1] if len(parts) > 1 and parts[1] else None
        if value.strip().endswith("+"):
            out.first_page = (out.first_page or "") + "+"
    else:
        setattr(out, field, value)


# ---------------------------------------------------------------- kinds of work

_CHAPTER = re.compile(r"(?:^|[.,]\s+)(?:In|Em|En|Dans|In:)\s*:?\s+(?=\S)")
_THESIS = re.compile(
    r"\b(?:thesis|dissertation|tese|dissertação|disertación|tesis|doctoral|doutorado|mestrado|maestría|"
    r"PhD|Ph\.D|monografia|TCC)\b",
    re.I,
)
_PUBLISHER = re.compile(r"^(?P<city>[A-Z][^:;.]{1,40}?)\s*:\s*(?P<publisher>[^:;]+?)\s*$")
_ONLY_DATE = re.compile(rf"^\W*{YEAR}[a-z]?(?:\W+\d+\s*p\.?)?\W*$")
_EDITION = re.compile(
    r"^\s*(?:\d+(?:st|nd|rd|th|ª|a|º)?\.?\s*|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|revised|new|primeira|segunda|terceira|quarta|quinta|primera|tercera|cuarta)\s+)(?:ed|edn|edition|edição|edición)\b\.?",
    re.I,
)


# ---------------------------------------------------------------- the whole reference


# Author lists longer than this are cut there (with et al. implied by what is missing): the name
# patterns are polynomial, and a bound keeps a hostile string from costing more than milliseconds.
_AUTHORS_SCAN_LIMIT = 2000


def parse_reference(raw: str) -> tuple[Work, tuple[str, ...]]:
    """Read one printed reference; returns the work and the link markers glued to its end."""
    try:
        return _parse(raw)
    except Exception:  # noqa: BLE001 - a parser of printed text must not stop an ingest
        return Work(title=None), ()


def _parse(raw: str) -> tuple[Work, tuple[str, ...]]:
    text = _clean(raw)
    text, links = split_link_markers(text)
    identifiers = _identifiers(text)
    body = _cut_tail(text)
    if "[" in body:
        body = _INTERNET.sub("", body)

    authors = read_authors(body[:_AUTHORS_SCAN_LIMIT])
    year, pos, _paren = _year_after_authors(body, authors.end)
    rest = body[pos:].lstrip(" .,:;")

    title, container, tail, kind, publisher = _split_rest(rest)
    t = read_tail(tail, want_year=year is None) if tail else _Tail()
    if year is None:
        year = t.year
    if kind == "journal-article" and not container and not t.volume:
        kind = "web-page" if any(i.scheme == "url" for i in identifiers) and not t.first_page else "other"
    if kind in ("other", "journal-article") and not (t.volume or t.first_page) and _THESIS.search(rest):
        kind, publisher, container = "thesis", publisher or container, None
    work = Work(
        title=title or None,
        authors=() if authors.editors else authors.names,
        et_al=authors.et_al,
        year=year,
        type=kind,
        container=container or None,
        volume=t.volume,
        issue=t.issue,
        first_page=t.first_page,
        last_page=t.last_page,
        publisher=publisher,
        editors=authors.names if authors.editors else (),
        identifiers=identifiers,
    )
    return work, links


_EDITORS_NOTE = re.compile(r"^\([^()]{3,200}?,?\s*\b(?:Eds?|Orgs?|Hrsg)\.?\)\s*[.,]?\s*")
_LATE_YEAR = re.compile(rf"^\(({YEAR})[a-z]?\)\s*[.,]?\s*")
_ONLY_YEARS = re.compile(rf"\W*{YEAR}[a-z]?(?:\s*[-–/]\s*{YEAR})?\W*")
_NOTE_AFTER_NUMBERS = re.compile(rf"([^A-Za-z]+?)\.\s+(?={UP}{LOW}+\s+{L}{L})")
_SERIES_NOTE = re.compile(
    rf"\((?={UP}{L}{{2}})[^(),]{{3,80}},\s*(?:n[oº°]?\.?\s*)?(?!{YEAR}\b)\d{{1,5}}[A-Za-z]?\.?\)\.?$"
)
_TRAILING_NOTE = re.compile(r"\s*\[[^\[\]]{1,40}\]$")
_DIGIT = re.compile(r"\d")


# Stems of ISO 4 journal-title abbreviations ("J. Symbolic Logic", "Trans. Amer. Math. Soc.", "Anal. Chem.").
_JOURNAL_ABBREV = frozenset(
    "J Jpn Am Amer Int Intl Natl Nat Trans Proc Rev Res Sci Phys Chem Biol Biochem Med Appl Math Comput Comp Eng"
    " Lett Acad Soc Ann Annu Bull Clin Exp Immunol Comm Commun Theor Anal Stat Softw Syst Electron Geophys Approx"
    " Mol Cell Neurosci Psychol Psychiatry Eur Br Brit Can Aust Environ Technol Ecol Microbiol Genet Pharmacol"
    " Physiol Pathol Surg Epidemiol Infect Dis Res Inst Assoc Mater Opt Quant Nucl Astron Astrophys Geol Chim"
    " Polym Ind Agric Vet Zool Bot Entomol Mech Struct Inf Inform Process Program Log Lang Linguist Educ Econ"
    " Manag Manage Bras Rev Quim Cienc Nutr Dent Orthop Oncol Cardiol Neurol Endocrinol Gastroenterol Hepatol"
    " Nephrol Pediatr Obstet Gynecol Ophthalmol Radiol Rheumatol Urol Virol Toxicol Hum Sov Discr Numer Anal"
    " Optim Control Autom Artif Intell Mach Learn Netw Pure Stud Q Z Zh Russ Chin Ber Dtsch Acta Adv Curr Opin"
    " Struct Funct Dev Differ Evol Fluid Dyn Comb Geom Algebra Topol Funct Diff Equ Probab Ser"
    " Enferm Pesqui Pesq Saude Publica Odontol Psicol Fisioter Cir Esc Arq Cad Bol Fis Apl Agron Zootec Farm"
    " Ginecol Obstet Pediatr Med Trop Latinoam Panam Salud Gac Sanit Aten Primaria Nefrol Cardiol".split()
)
# A word that sounds like a serial: a container after a comma may be printed in full ("Information and
# Computation", "Journal of Logic Programming").
_JOURNAL_WORD = re.compile(
    r"\b(?:Journal|Jornal|Revista|Review|Revue|Proceedings|Transactions|Bulletin|Annals|Annales|Letters|Acta"
    r"|Archives|Arquivos|Quarterly|Magazine|Newsletter|Science|Sciences|Research|Reports|Communications"
    r"|Zeitschrift|Cadernos|Studies|Monographs?)\b"
)
_DOTTED_WORD = re.compile(r"([^\s.]+)\.(?=\s|$)")


def _is_abbrev(word: str) -> bool:
    return word in _JOURNAL_ABBREV or (len(word) <= 4 and word[:1].isupper() and word[1:].islower() and len(word) > 1)


_ABBREV_SHAPE = re.compile(rf"{UP}{LOW}{{1,7}}")


def _looks_like_journal(segment: str) -> bool:
    """'J. Symbolic Logic', 'Anal. Chem', 'Information and Computation': a serial's name, not prose.

    After a known first stem ("Rev. Pesqui. Qual.", "Rev. Esc. Enferm. USP") any short capitalised
    dotted word is taken for one more abbreviation.
    """
    segment = segment.strip(" .,;:")
    if not segment or not segment[0].isupper() or len(segment) > 120:
        return False
    dotted = _DOTTED_WORD.findall(segment)
    if any(not _is_abbrev(w) for w in dotted):
        known_start = dotted[0] in _JOURNAL_ABBREV and segment.startswith(dotted[0] + ".")
        if not known_start or not all(_is_abbrev(w) or _ABBREV_SHAPE.fullmatch(w) for w in dotted):
            return False
    return not _reads_as_title(segment)


_TWO_NUMBERS = re.compile(r"\d+\D+\d")
_NUMBERS_FIRST = re.compile(rf"\s*(?:{YEAR}\s*,\s*)?\d+[A-Za-z]?\s*[,:(]?\s*[A-Za-z]?\d")


def _journal_only(rest: str, loc: re.Match[str] | None) -> tuple[str, str] | None:
    """'Anal. Chem. 88, 320 (2015)', '2002, ApJ, 564, 683': a container and its numbers, no title.

    Physics, chemistry and astronomy styles print no article title; the one name before the volume is
    the journal when it is abbreviated or has no prose words, and numbers (not just a year) follow.
    """
    if not loc or loc.start() == 0:
        return None
    head, tail = rest[: loc.start()].strip(" ,;:"), rest[loc.start() :]
    # "Sensors and Actuators, B: Chemical": a section letter is part of the name.
    plain = _SECTION_LABEL.sub(" ", head)
    if not head or "," in plain or ":" in plain or len(plain.split()) > 6:
        return None
    if not _TWO_NUMBERS.search(tail) or not _looks_like_journal(plain):
        return None
    numbers_first = _NUMBERS_FIRST.match(tail)
    if "." not in plain.rstrip(".") and not numbers_first:
        return None
    return head.rstrip(" ."), tail


# ", B: Chemical", " A: Math.", ", Part B:": the section of a serial, inside its name.
_SECTION_LABEL = re.compile(rf"(?:,\s*|\s+)(?:(?:Part|Section|Series|Sect\.|Ser\.)\s+)?[A-Z]\s*:(?=\s+{UP})")
_NEW_FIELD = re.compile(rf"\s*[\"“‘«]?{UP}{LOW}{{2,}}")


_LAST_WORD = re.compile(r"([A-Za-z]+)\.?\s*$")


def _comma_split(rest: str, ends: list[int], loc: re.Match[str] | None) -> tuple[str, str] | None:
    """'Title of the paper, J. Symbolic Logic, 27, 259-316': title and container parted by a comma.

    Used when no sentence end comes before the container, or the first one closes an abbreviated
    journal word ("J.", "Comm.", "Trans.") in the last comma-separated part before the numbers.
    """
    stop = loc.start() if loc else len(rest)
    limit = stop
    if ends and ends[0] < stop:
        word = _LAST_WORD.search(rest[: ends[0]].rstrip("."))
        if not word or not word.group(1)[:1].isupper() or word.group(1) not in _JOURNAL_ABBREV:
            return None
        limit = word.start(1)
    # "…, Rio Grande do Sul, Brasil, 2004. Cad Saude Publica. 2009;25(5)": a year inside the title is no
    # locator when a new field starts after it.
    if any(_NEW_FIELD.match(rest, e) for e in ends if e > stop):
        return None
    head = rest[:limit] if limit < stop else rest[:limit].rstrip(" ,;:")
    depth, cut = 0, -1
    for i, ch in enumerate(head):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0 and head[i + 1 : i + 2] == " " and not _SECTION_LABEL.match(head, i):
            cut = i
    if cut < 10:
        return None
    segment = rest[cut + 1 : stop]
    if not _looks_like_journal(segment) and not (_JOURNAL_WORD.search(segment) and len(segment.split()) <= 8):
        return None
    return rest[:cut], rest[cut + 1 :].lstrip()


def _split_rest(rest: str) -> tuple[str | None, str | None, str, str, str | None]:
    """(title, container, numeric tail, type, publisher) from what follows the authors and year."""
    quoted = _quoted_title(rest)
    if quoted:
        title, after = quoted
        after = after.lstrip(" .,:;")
    else:
        ends = _sentence_ends(rest)
        loc = _LOCATOR_START.search(rest)
        journal = _journal_only(rest, loc)
        if journal:
            return None, journal[0], journal[1], "journal-article", None
        split = _comma_split(rest, ends, loc)
        if split:
            title, after = split
        elif not ends:
            title, after = (rest[: loc.start()], rest[loc.start() :]) if loc else (rest, "")
        else:
            cut = _title_end(rest, ends)
            title, after = rest[:cut], rest[cut:].lstrip()
        title = title.strip().rstrip(".").strip()
        if not title.startswith("["):  # "Evaluating care [1966 reprint]": a note, not the title
            title = _TRAILING_NOTE.sub("", title)

    # "Title. (M. Cooper & W. B. Stiles, Eds.) Container": the editors of a special issue are no container.
    after = _EDITORS_NOTE.sub("", after, count=1)
    # "Title. (1987). Container, 1, 103-118": a year printed after the title belongs with the numbers.
    late_year = _LATE_YEAR.match(after)
    if late_year:
        after = f"{after[late_year.end() :]} ({late_year.group(1)})"
    chapter = _CHAPTER.match(after)
    if chapter:
        return _chapter(title, after[chapter.end() :])
    # "Embrapa Uva e Vinho. (Comunicado Técnico, 129.)": a book series and its number close the reference.
    series = _SERIES_NOTE.search(after)
    if series and not _DIGIT.search(after[: series.start()]):
        source = after[: series.start()].strip(" .,;:")
        pub = _PUBLISHER.match(source)  # "City: Publisher" is no container
        return title, None if pub else source or None, "", "book", pub.group("publisher") if pub else None

    loc = _LOCATOR_START.search(after)
    source = after[: loc.start()] if loc else after
    tail = after[loc.start() :] if loc else ""
    # "…, 985-987. Special Issue on Learning.": a note after the numbers is none of them.
    note = _NOTE_AFTER_NUMBERS.match(tail)
    if note and _DIGIT.search(note.group(1)) and not _ONLY_YEARS.fullmatch(note.group(1)):
        tail = note.group(1)
    more_title, source = _container_only(source.strip(" .,;:").rstrip(" .,;:(["))
    if more_title and title and not quoted:
        title = f"{title}. {more_title}".replace("?.", "?").replace("!.", "!")
    only_date = not tail or _ONLY_DATE.match(tail)
    if _EDITION.match(source) or _PUBLISHER.match(source) and only_date or _THESIS.search(source):
        kind = "thesis" if _THESIS.search(source) else "book"
        pub = _PUBLISHER.search(_EDITION.sub("", source).strip(" .,"))
        return title, None, tail, kind, (pub.group("publisher") if pub else None)
    if not source and tail and title and not quoted:
        title, source = _glued_journal(title)
    return title, source or None, tail, "journal-article", None


def _glued_journal(title: str) -> tuple[str, str]:
    """"… aspectos metodológicos Rev Bras Epidemiol": an abbreviated journal printed without a period before it.

    Taken only when at least two known abbreviation stems close a title whose word before them is lower case.
    """
    words = title.split()
    n = 0
    while n < len(words) - 1 and n < 8 and words[-1 - n][:1].isupper() and _is_abbrev(words[-1 - n].rstrip(".")):
        n += 1
    known = sum(w.rstrip(".") in _JOURNAL_ABBREV for w in words[len(words) - n :])
    if n < 2 or known < 2 or not words[-1 - n][:1].islower():
        return title, ""
    return " ".join(words[: len(words) - n]), " ".join(words[len(words) - n :])


_FUNCTION_WORDS = frozenset(
    "of and the in for on at to with a an de da do das dos del des du la le el en et e y und für fur van von"
    " der di part section series".split()
)


_LETTER_WORD = re.compile(rf"{L}+")


def _reads_as_title(sentence: str) -> bool:
    """A sentence with a lower-case content word ("study", "findings") is prose, not a journal name."""
    words = _LETTER_WORD.findall(sentence)
    return any(w[0].islower() and len(w) > 2 and w.lower() not in _FUNCTION_WORDS for w in words)


_PART_LABEL = re.compile(
    r"(?:^|\s)(?:(?:Part|Parte|Partie|Teil)\s+)?(?:(?-i:[IVX]{1,4})|\d{1,2})\.?\s*$", re.I
)


def _container_only(source: str) -> tuple[str, str]:
    """Drop leading sentences of a multi-sentence title from what precedes the numbers.

    "Part I: Prevalence of malocclusions. J Orofac Orthop" -> "J Orofac Orthop", while
    "American Journal of Physiology. Lung Cellular and Molecular Physiology" stays whole.
    Returns (the sentences that belong to the title, the container).
    """
    ends = _sentence_ends(source)
    start, label = 0, False
    for end in ends:
        if end >= len(source.rstrip(" .")):
            break
        sentence = source[start:end]
        # "II. Pathology. J Comp Pathol": a part label takes the next sentence along into the title;
        # "The Gospel Oak Project VI." (a numbered series) is title matter too.
        if not (label or _reads_as_title(sentence) or _PART_LABEL.search(sentence)):
            break
        label = bool(_PART_LABEL.fullmatch(sentence.strip(" .")))
        start = end
    return source[:start].strip().rstrip("."), source[start:].strip(" .,;:")


def _title_end(rest: str, ends: list[int]) -> int:
    """The first sentence end, unless it is a '?' or '!' inside the title.

    "Do mast cells matter? Lessons from mice. Allergy, 71(2)" keeps going past the '?' because a
    container still follows the next sentence end; "Do mast cells matter? Allergy, 71(2)" stops there.
    """
    cut = ends[0]
    if rest[cut - 1] in "?!" and len(ends) > 1 and not _LOCATOR_START.search(rest, cut, ends[1]):
        loc = _LOCATOR_START.search(rest, ends[1])
        if loc is None or rest[ends[1] : loc.start()].strip(" .,;:"):
            return ends[1]
    return cut


_EDITOR_WORD = re.compile(
    r"\s*[,.]?\s*\(?(?:editors?|editor[ae]s?|organizador(?:a|es|as)?|coordenador(?:es)?|compilers?|eds?"
    r"|orgs?|coords?|comps?|Hrsg)\b\.?\)?\.?",
    re.I,
)


# "(2. ed., p. 8-13)", "(pp. 10–20)", "(Vol. 2, pp. 33-45)", "(3rd ed.)": a note printed after a book title.
_BOOK_NOTE = re.compile(
    r"\s*\(((?:[^()]{0,40}?[\s,.])?(?:pp?\.|págs?\.|eds?\.|edn\.?|edition|edição|edición|vols?\.)[^()]{0,60})\)",
    re.I,
)


_CHAPTER_PAGES = re.compile(rf"\b(?:pp?\.\s*|pages?\s+)({PAGES})")
_CHAPTER_YEAR = re.compile(rf"(?<![\w-]){YEAR}(?![\w-])")


def _chapter(title: str, after: str) -> tuple[str | None, str | None, str, str, str | None]:
    """"In: Editor A, editor. Book. City: Pub; 2001. p. 10-20" -> the book as container."""
    eds = read_authors(after)
    pos = 0
    if eds.names:
        m = _EDITOR_WORD.match(after, eds.end)
        pos = m.end() if m and m.end() > eds.end else eds.end
    book = after[pos:].lstrip(" .,:;")
    ends = _sentence_ends(book)
    container = book[: ends[0]] if ends else book
    more = book[ends[0] :] if ends else ""
    # "Book title (2. ed., p. 152-153). City: Pub": the edition/pages note closes the book title.
    note = _BOOK_NOTE.search(book)
    if note and (not ends or note.start() < ends[0]):
        container, more = book[: note.start()], f"{note.group(1)} {book[note.end() :]}"
    pages = _CHAPTER_PAGES.search(more)
    year = _CHAPTER_YEAR.search(more)
    tail = " ".join(m.group(0) for m in (year, pages) if m)
    return title, container.strip().rstrip(".") or None, tail, "chapter", None


# ---------------------------------------------------------------- JSON for the CLI


def reference_to_json(work: Work, links: Iterable[str] = ()) -> dict[str, object]:
    """The `crosstalk refs parse` object for one reference."""
    out: dict[str, object] = {
        "authors": [{"family": a.family, "given": a.given} for a in work.authors],
        "et_al": work.et_al,
        "year": str(work.year) if work.year is not None else None,
        "title": work.title,
        "container": work.container,
        "volume": work.volume,
        "issue": work.issue,
        "pages": work.pages,
        "links": list(links),
        "type": work.type,
    }
    for ident in work.identifiers:
        if ident.scheme in ("doi", "pmid") and ident.scheme not in out:
            out[ident.scheme] = ident.value
    return out


def parse_lines(lines: Iterable[str]) -> Iterator[dict[str, object]]:
    """One JSON-ready object per non-empty input line, in order."""
    for line in lines:
        if line.strip():
            work, links = parse_reference(line)
            yield reference_to_json(work, links)
