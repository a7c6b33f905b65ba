"""Reader for Springer article pages saved as text (the SpringerLink layout of the seed).

The page, top to bottom; blank lines separate blocks and most headings are lost:

    Stem Cell Reviews and Reports                       journal
    , Volume 9, Issue 2, pp 184–189 | Cite as           citation line (a date may lead it)
    NK and MSCs Crosstalk: ...                          title
      • Javier G. CasadoEmail author                    authors, NBSP inside names
    Several clinical trials ...                         abstract ("Abstract" heading optional)
    NK cells Mesenchymal stem cells ...                 keywords, NBSP between them
    Subprograma ... (PTQ-11-04554). Thanks to ...       funding, thanks, conflicts, unheaded
    Disclosure of Potential Conflicts of Interest       headed back matter
      1. 1.                                             references, link markers glued on
        Chen, X., ... 413–421.PubMedCrossRefGoogle Scholar
    Copyright information                               © holder year
    Authors and Affiliations                            who has which numbered affiliation
      1. 1.Stem Cell Therapy UnitMinimally Invasive...  unit, organisation, city, country glued

Reference.raw is the reference as printed (spaces folded) without the glued link
markers, which go to Reference.links; the markers are the ones parse_reference found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ingest.records import (
    Affiliation,
    Article,
    Author,
    Grant,
    Identifier,
    Location,
    PersonName,
    ReadError,
    Reference,
    Section,
    Warning_,
    Work,
)
from ingest.refparse import parse_reference
from ingest.text import fold_spaces, normalise_dashes, split_country, split_glued, split_sentences

__all__ = [
    "NAME", "sniff", "read", "Block", "Citation", "is_citation_line", "read_citation", "read_author_name",
    "split_person_name", "read_keywords", "statement_kind", "read_grants", "statement_grants", "read_references",
    "read_copyright", "read_affiliation", "is_review",
]

NAME = "springer-page"

_CITE_AS = re.compile(r"\|\s*Cite\s+as\s*$")
_BULLET = re.compile(r"^\s*•\s*(.*?)\s*$")
_NUMBERED = re.compile(r"^\s*(\d{1,4})\.\s*(\d{1,4})\.(?!\d)\s*(.*?)\s*$")  # "  1. 1." and "  1. 1.Text"
_ORCID = re.compile(r"\b(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b")
_DOI = re.compile(r"(?:doi\.org/|\bDOI:?\s+|\bdoi:\s*)(10\.\d{4,9}/\S+)")
_YEAR = r"(?:19|20)\d\d"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_DATE = re.compile(rf"\b(?:({'|'.join(_MONTHS)})\s+)?({_YEAR})\b", re.I)
_NAME_MARKS = re.compile(r"(?:\s*(?:Email\s+author|View\s+author['’]s\s+OrcID\s+profile))+\s*$", re.I)

TRAILER_HEADINGS = frozenset({
    "copyright information", "authors and affiliations", "about this article", "personalised recommendations",
    "personalized recommendations", "rights and permissions", "cite this article", "author information",
    "additional information",
})
SECTION_TITLES = {"acknowledgements": "Acknowledgements", "funding": "Funding",
                  "conflict-of-interest": "Conflict of interest"}
_HEADING_KINDS = (
    (re.compile(r"^abstract$", re.I), "abstract"),
    (re.compile(r"^key\s?words$", re.I), "keywords"),
    (re.compile(r"^(?:references|bibliography|literature cited)$", re.I), "references"),
    (re.compile(r"^acknowledge?ments?$", re.I), "acknowledgements"),
    (re.compile(r"^(?:funding(?: information)?|financial support|grant support)$", re.I), "funding"),
    (re.compile(r"conflicts? of interests?|competing interests?|^disclosure", re.I), "conflict-of-interest"),
)
_RUN_IN = re.compile(
    r"^(?P<title>Acknowledge?ments?|Funding|Conflicts? of [Ii]nterests?|Competing [Ii]nterests?"
    r"|Disclosure of [Pp]otential [Cc]onflicts of [Ii]nterest)\s*[:.]?\s+(?=[A-Z])"
)
_ARTICLE_TYPE = re.compile(
    r"^(?:Original|Review|Research|Brief|Short|Mini[- ]?Review|Rapid|Invited|Letter|Editorial|Commentary"
    r"|Perspective|Concise)\b(?:\s+\w+){0,2}$"
)
_COI = re.compile(r"conflicts? of interests?|competing (?:financial )?interests?|financial interests?"
                  r"|nothing to disclose|no (?:financial|commercial) relationships?", re.I)
_FUNDING = re.compile(r"\b(?:supported|funded|financed|sponsored|funding|grants?|fellowships?|scholarships?)\b",
                      re.I)
# How acknowledgement, funding and conflict paragraphs open when their heading was lost.
_BACK_MATTER_OPENING = re.compile(
    r"(?:We (?:would like to |wish to )?(?:thank|acknowledge|are (?:grateful|indebted))|Thanks to"
    r"|(?:The )?authors? (?:thank|acknowledge|declare|report|ha(?:s|ve) no)"
    r"|This (?:work|study|research|project|article|review) (?:was|is|has been) (?:\w+ )?(?:supported|funded|financed)"
    r"|(?:Supported|Funded|Financed) (?:in part )?by|There (?:is|are|was|were) no (?:conflicts?|competing))",
    re.I,
)


class Block(NamedTuple):
    """Consecutive non-blank lines; `start` is the 0-based index of the first."""

    start: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return fold_spaces(" ".join(self.lines))

    @property
    def end(self) -> int:
        return self.start + len(self.lines)


# ------------------------------------------------------------------------- detection


def sniff(text: str) -> bool:
    """Two or more marks of the layout; never for JSON, XML, BibTeX, RIS, MEDLINE or EndNote."""
    head = text[:200_000]
    first = head.lstrip("\ufeff \t\r\n")
    if not first or first[0] in "{[<@" or re.match(r"(?:TY  -|PMID-|%0 |FN )", first):
        return False
    marks = (
        (r"(?m)\|\s*Cite\s+as\s*$", 2),
        (r"(?m)^\s*Authors and Affiliations\s*$", 2),
        (r"(?m)^\s*\d{1,4}\.\s*\d{1,4}\.\s*$", 1),
        (r"(?m)^\s*Copyright information\s*$", 1),
        (r"Email author", 1),
        (r"(?m)^[^\n]{0,80}\bVolume\s+\w+,\s*Issue\b", 1),
    )
    return sum(weight for pattern, weight in marks if re.search(pattern, head)) >= 2


# ------------------------------------------------------------------------- the page


def read(text: str, path: str) -> tuple[list[Article], list[Warning_]]:
    """One article from one page; ReadError when there is no title or no Springer layout."""
    if not text.strip():
        raise ReadError(Location(path), "empty page")
    lines = re.split(r"\r\n|\r|\n", text)  # not splitlines(): U+2028 would shift line numbers
    warnings: list[Warning_] = []
    trailer = next((i for i, line in enumerate(lines) if _is_trailer(line)), len(lines))
    refs_at = next((i for i in range(trailer) if _NUMBERED.match(lines[i])), None)
    body_limit = trailer if refs_at is None else refs_at
    head = _read_head(lines, body_limit, path, recognisable=refs_at is not None or trailer < len(lines))

    body = _read_body(_blocks(lines, head.body_start, body_limit))
    references: list[Reference] = []
    if refs_at is not None:
        references, ref_warnings = read_references(lines, refs_at, trailer, path)
        warnings += ref_warnings
    holder, copyright_year = _find_copyright(lines, trailer)
    listed, affiliations, has_block = _read_affiliation_block(lines, trailer)
    authors, author_warnings = _merge_authors(head.authors, listed, has_block, affiliations, path)
    warnings += author_warnings

    citation = head.citation
    year = citation.year or copyright_year
    work = Work(
        title=head.title,
        authors=tuple(a.name for a in authors),
        year=year,
        date=f"{year:04d}-{citation.month:02d}" if year and citation.month else None,
        container=head.journal,
        volume=citation.volume,
        issue=citation.issue,
        first_page=citation.first_page,
        last_page=citation.last_page,
        identifiers=_find_doi(lines[: head.body_start] + lines[trailer:]),
    )
    article = Article(
        work=work,
        authors=tuple(authors),
        affiliations=tuple(affiliations),
        abstract=body.abstract,
        keywords=body.keywords,
        grants=tuple(g for s in body.sections for g in statement_grants(s)),
        sections=body.sections,
        copyright_holder=holder,
        copyright_year=copyright_year,
        is_review=is_review(head.journal, head.title, body.abstract, head.article_type),
        references=tuple(references),
    )
    return [article], warnings


def _is_trailer(line: str) -> bool:
    return len(line) < 60 and fold_spaces(line).casefold() in TRAILER_HEADINGS


def _blocks(lines: list[str], lo: int, hi: int) -> list[Block]:
    out: list[Block] = []
    run: list[str] = []
    for i in range(lo, hi + 1):
        if i < hi and lines[i].strip():
            run.append(lines[i])
        elif run:
            out.append(Block(i - len(run), tuple(run)))
            run = []
    return out


# ------------------------------------------------------------------------- head: journal to authors


@dataclass(frozen=True)
class Citation:
    """What the citation line under the journal name says about the article's place."""

    journal: str | None = None
    year: int | None = None
    month: int | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None  # or the article number
    last_page: str | None = None


@dataclass(frozen=True)
class _Head:
    journal: str | None
    citation: Citation
    title: str
    article_type: str | None
    authors: list[tuple[PersonName, bool, int]]  # name, corresponding, 0-based line
    body_start: int


def is_citation_line(text: str) -> bool:
    """", Volume 9, Issue 2, pp 184–189 | Cite as", "March 2016, 64:45", "volume 5, Article number: 12"."""
    text = fold_spaces(text)
    return bool(_CITE_AS.search(text) or re.search(r"\b[Vv]olume\s+\w+\s*,", text)
                or re.fullmatch(rf",?\s*(?:[A-Za-z]+\s+)?{_YEAR},\s*\d+\s*:\s*\w+", text))


def read_citation(line: str) -> Citation:
    """Journal (when printed on the same line), date, volume, issue and pages or article number.

    An article number takes the place of the first page, with no last page (DESIGN.md):
    "Article number: 45", "Article 45", a bare "e1234", or the older "March 2016, 64:45".
    """
    text = normalise_dashes(_CITE_AS.sub("", fold_spaces(line))).rstrip(" |")
    cut = len(text)
    volume = issue = first = last = None
    if m := re.search(r"\b[Vv]olume\s+([^\s,|]+)", text):
        volume, cut = m.group(1), m.start()
    elif m := re.search(r"(?:^|,\s*)(\d+)\s*:\s*([A-Za-z]?\d+)\s*$", text):
        volume, first, cut = m.group(1), m.group(2), m.start()
    if m := re.search(r"\bIssue\s+([^,|]+?)\s*(?:,|$)", text):
        issue = m.group(1)
    if m := re.search(r"\b(?:pp?\.?|pages)\s+([A-Za-z]?\d+\w*)(?:\s*-\s*([A-Za-z]?\d+\w*))?", text):
        first, last = m.group(1), m.group(2)
    elif m := re.search(r"\bArticle(?:\s+(?:number|no\.?))?\s*:?\s*([A-Za-z]?\d+\w*)", text):
        first = m.group(1)
    elif m := re.search(r"(?:^|,\s*)(e\d+)\b", text):
        first = m.group(1)
    prefix = text[:cut]
    year = month = None
    if m := _DATE.search(prefix):
        year, prefix = int(m.group(2)), prefix[: m.start()]
        month = _MONTHS.index(m.group(1).casefold()) + 1 if m.group(1) else None
    elif m := re.search(rf"\(({_YEAR})\)", text):
        year = int(m.group(1))
    journal = prefix.strip(" ,") or None
    return Citation(journal, year, month, volume, issue, first, last)


def _read_head(lines: list[str], body_limit: int, path: str, recognisable: bool) -> _Head:
    """Journal, citation, optional article-type label, title, then the author bullets."""
    authors_at = next((i for i in range(body_limit) if _BULLET.match(lines[i])), None)
    blocks = _blocks(lines, 0, body_limit if authors_at is None else authors_at)
    cite_at = next((n for n, b in enumerate(blocks[:4]) if is_citation_line(b.text)), None)
    if cite_at is None and authors_at is None and not recognisable:
        raise ReadError(Location(path, 1), "no Springer page layout found (no citation line, author list, "
                                           "numbered references or 'Authors and Affiliations')")
    if cite_at is not None:
        citation = read_citation(blocks[cite_at].text)
        before, after = blocks[:cite_at], blocks[cite_at + 1:]
    else:  # journal, then title, only when the author list bounds them
        citation = Citation()
        split = 1 if authors_at is not None and len(blocks) > 1 else 0
        before, after = blocks[:split], blocks[split:]
    if authors_at is None:
        after = after[:1]  # the blocks after the title are the abstract and the rest of the body
    article_type = None
    if len(after) > 1 and _ARTICLE_TYPE.match(after[0].text):
        article_type, after = after[0].text, after[1:]
    if not after:
        where = authors_at if authors_at is not None else (blocks[-1].end if blocks else 0)
        raise ReadError(Location(path, where + 1), "no title: expected it after the journal and citation line")
    title = " ".join(b.text for b in after)
    journal = " ".join(b.text for b in before) or citation.journal
    authors: list[tuple[PersonName, bool, int]] = []
    body_start = after[-1].end
    if authors_at is not None:
        i = authors_at
        while i < body_limit and (m := _BULLET.match(lines[i])):
            authors.append((*read_author_name(m.group(1)), i))
            i += 1
        body_start = i
    return _Head(journal, citation, title, article_type, authors, body_start)


def read_author_name(printed: str) -> tuple[PersonName, bool]:
    """The name, and whether "Email author" (the corresponding author's mark) is glued to it."""
    text = fold_spaces(printed)
    marks = _NAME_MARKS.search(text)
    if marks is None:
        return split_person_name(text), False
    return split_person_name(text[: marks.start()]), "email" in marks.group(0).casefold()


_PARTICLES = frozenset("van von der den de del della di da das dos du la le ten ter bin ibn al el".split())
_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


def split_person_name(text: str) -> PersonName:
    """Given names first, family last: "F. M. Sanchez-Margallo"; particles join the family ("van der Berg")."""
    words = text.split()
    if not words:
        return PersonName("")
    end = len(words) - 1
    if end > 0 and words[end] in _SUFFIXES:
        end -= 1
    start = end
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    family = " ".join(words[start:])
    return PersonName(family, " ".join(words[:start]) or None)


# ------------------------------------------------------------------------- body: abstract to references


@dataclass(frozen=True)
class _Body:
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass
class _Open:
    kind: str
    title: str
    paragraphs: list[str] = field(default_factory=list)


def _read_body(blocks: list[Block]) -> _Body:
    """Abstract until the keywords (or until back matter starts), then headed or unheaded statements."""
    keyword_at = next((n for n, b in enumerate(blocks) if read_keywords(b) is not None
                       or _heading_kind(b.text) == "keywords"), None)
    abstract: list[str] = []
    keywords: tuple[str, ...] = ()
    sections: list[_Open] = []
    state, label = "abstract", None
    for n, block in enumerate(blocks):
        before_keywords = keyword_at is not None and n < keyword_at
        found = read_keywords(block, after_heading=state == "keywords")
        if found is not None:
            keywords, state = found, "back"
            continue
        if _is_heading(block):
            kind = _heading_kind(block.text)
            if kind is None and state == "abstract" and before_keywords:
                label = block.text  # a structured abstract's "Purpose", "Methods", ...
            elif kind in SECTION_TITLES:
                sections.append(_Open(kind, block.text))
                state = "section"
            else:
                state = kind if kind in ("abstract", "keywords") else "skip"
            continue
        paragraph = block.text
        if state == "abstract" and (before_keywords or not _opens_back_matter(paragraph)):
            abstract.append(f"{label}: {paragraph}" if label else paragraph)
            label = None
            continue
        if run_in := _RUN_IN.match(paragraph):
            title = run_in.group("title")
            sections.append(_Open(_heading_kind(title) or "acknowledgements", title, [paragraph[run_in.end():]]))
            state = "section"
        elif state == "section":
            sections[-1].paragraphs.append(paragraph)
        elif state in ("abstract", "back"):
            state = "back"
            sections += _unheaded(paragraph)
    return _Body(" ".join(abstract) or None, keywords, _merged(sections))


def _opens_back_matter(paragraph: str) -> bool:
    """Thanks, funding or a conflict statement, not abstract prose that mentions funding."""
    first = split_sentences(paragraph)[0]
    return bool(_BACK_MATTER_OPENING.match(first)) or any(_grant_numbers(m.group(1)) for m in _PAREN.finditer(first))


def _unheaded(paragraph: str) -> list[_Open]:
    """Back matter whose heading was lost, split by what each sentence states."""
    groups: dict[str, list[str]] = {}
    for sentence in split_sentences(paragraph):
        groups.setdefault(statement_kind(sentence), []).append(sentence)
    return [_Open(kind, SECTION_TITLES[kind], [" ".join(s)]) for kind, s in groups.items()]


def _merged(sections: list[_Open]) -> tuple[Section, ...]:
    """One Section per kind and title, paragraphs in printed order."""
    out: dict[tuple[str, str], list[str]] = {}
    for s in sections:
        out.setdefault((s.kind, s.title), []).extend(p for p in s.paragraphs if p)
    return tuple(Section(kind, title, "\n\n".join(ps)) for (kind, title), ps in out.items() if ps)


def statement_kind(sentence: str) -> str:
    """conflict-of-interest, funding or acknowledgements: what an unheaded sentence is about."""
    if _COI.search(sentence):
        return "conflict-of-interest"
    if _FUNDING.search(sentence) or any(_grant_numbers(m.group(1)) for m in _PAREN.finditer(sentence)):
        return "funding"
    return "acknowledgements"


def _is_heading(block: Block) -> bool:
    text = block.text
    return (len(block.lines) == 1 and len(text) <= 100 and len(text.split()) <= 10 and text[:1].isupper()
            and text[-1] not in ".,;:")


def _heading_kind(heading: str) -> str | None:
    return next((kind for pattern, kind in _HEADING_KINDS if pattern.search(heading)), None)


def read_keywords(block: Block, after_heading: bool = False) -> tuple[str, ...] | None:
    """Keywords printed on one line with NBSP between them ("NK cells\\u00a0Immunomodulation\\u00a0").

    A single keyword ends with the NBSP. After a "Keywords" heading or prefix, "·", ";"
    or "," also separate them. None when the block is not a keyword line (prose with an
    NBSP in "10\\u00a0µM" is not).
    """
    if len(block.lines) != 1:
        return None
    printed = block.lines[0]
    line = re.sub(r"^\s*Key\s?words\s*:?", "", printed, flags=re.I)
    items = [k for k in (fold_spaces(x) for x in line.split("\u00a0")) if k]
    marked = after_heading or line != printed or len(items) > 1 or line.rstrip(" \t").endswith("\u00a0")
    if not items or not marked:
        return None
    if len(items) == 1:
        items = [fold_spaces(k) for k in re.split(r"\s*[·•;]\s*|,\s+", items[0]) if k.strip()]
    if any(len(k.split()) > 8 or k.endswith(".") for k in items):
        return None
    return tuple(items)


# ------------------------------------------------------------------------- grants

_PAREN = re.compile(r"\(([^()]*)\)")
# A token with a digit, ending in a letter or digit; an NIH-style second part ("R01 AI098765").
_GRANT_NUMBER = re.compile(r"(?=[\w./-]*\d)[A-Za-z0-9](?:[\w./-]*\w)?(?:\s[A-Z]{1,4}\d(?:[\w./-]*\w)?)?")
_NUMBER_LEAD = re.compile(r"^(?:grants?|project|contract|award)?\s*(?:(?:numbers|number|nos|no)\b\.?|#)?\s*:?\s*",
                          re.I)
_GRANT_WORD = re.compile(rf"\bgrants?\s+(?:(?:number|nos|no)\b\.?\s*|#\s*)?({_GRANT_NUMBER.pattern})", re.I)
_FUNDER_CUT = re.compile(r"\b(?:by|from|through)\s+|[;:]\s*")


def _grant_numbers(inside: str) -> list[str]:
    """Grant numbers printed in one pair of parentheses: "(PTQ-11-04554)", "(grant nos. A-1 and B-2)"."""
    out = []
    for item in re.split(r"\s*(?:,|;|\band\b)\s*", _NUMBER_LEAD.sub("", inside.strip())):
        item = _NUMBER_LEAD.sub("", item)
        if _GRANT_NUMBER.fullmatch(item) and _looks_like_grant_number(item):
            out.append(item)
    return out


def _looks_like_grant_number(item: str) -> bool:
    """Four digits, or three with a separator, and not a year: not "(IL-12)", "(CD56)", "(2011)"."""
    digits = sum(c.isdigit() for c in item)
    return not re.fullmatch(_YEAR, item) and (digits >= 4 or digits >= 3 and bool(re.search(r"[-/.]", item)))


def read_grants(sentence: str) -> list[Grant]:
    """Grants of one funding sentence: "Funder 2011 (PTQ-11-04554)" or "Funder grant 30641".

    The funder is the text before the number, back to "by", "from", "through", ";" or the
    previous grant; a year printed right before the number is the grant's year.
    """
    found: list[tuple[int, int, list[str]]] = []
    masked = sentence
    for m in _PAREN.finditer(sentence):
        if numbers := _grant_numbers(m.group(1)):
            found.append((m.start(), m.end(), numbers))
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    found += [(m.start(), m.end(), [m.group(1)]) for m in _GRANT_WORD.finditer(masked)
              if _looks_like_grant_number(m.group(1))]
    grants, previous_end = [], 0
    for start, end, numbers in sorted(found):
        funder, year, funder_start = _funder_before(sentence, previous_end, start)
        raw = sentence[funder_start:end].strip()
        grants += [Grant(funder=funder, number=n, year=year, raw=raw) for n in numbers]
        previous_end = end
    return grants


def _funder_before(sentence: str, start: int, end: int) -> tuple[str | None, int | None, int]:
    """(funder, year, where the funder starts) in sentence[start:end], the text before a number."""
    segment = sentence[start:end]
    cuts = list(_FUNDER_CUT.finditer(segment))
    offset = cuts[-1].end() if cuts else 0
    rest = segment[offset:]
    offset += len(rest) - len(re.sub(r"^(?:\s|,|\band\b|\balso\b|\bthe\b)*", "", rest))
    funder = re.sub(r"\s+grants?\s*$", "", segment[offset:].strip(" ,"))
    year = None
    if m := re.search(rf"\s({_YEAR})$", funder):
        year, funder = int(m.group(1)), funder[: m.start()].rstrip(" ,")
    return (funder if funder[:1].isupper() else None), year, start + offset


def statement_grants(section: Section) -> list[Grant]:
    """Grants named in a funding section, or in the funding sentences of acknowledgements."""
    if section.kind not in ("funding", "acknowledgements"):
        return []
    sentences = split_sentences(section.text)
    if section.kind == "acknowledgements":
        sentences = [s for s in sentences if statement_kind(s) == "funding"]
    return [g for s in sentences for g in read_grants(s)]


# ------------------------------------------------------------------------- references


def read_references(lines: list[str], start: int, end: int, path: str) -> tuple[list[Reference], list[Warning_]]:
    """The numbered list: "  1. 1." then the printed text on the following line(s).

    Warns about gaps or disorder in the numbering, references with neither authors nor a
    year (nothing citable was read), a last reference that looks cut off, and a page that
    ends inside the list (truncated).
    """
    entries: list[tuple[int, int, list[str]]] = []  # line index, printed number, text lines
    open_entry = False
    for i in range(start, end):
        if m := _NUMBERED.match(lines[i]):
            entries.append((i, int(m.group(2)), [m.group(3)] if m.group(3) else []))
            open_entry = True
        elif lines[i].strip() and open_entry:
            entries[-1][2].append(lines[i])
        else:
            open_entry = False
    references: list[Reference] = []
    warnings: list[Warning_] = []
    previous = 0
    for i, number, parts in entries:
        where = Location(path, i + 1)
        if number > previous + 1:
            missing = f"{previous + 1}" if number == previous + 2 else f"{previous + 1}–{number - 1}"
            warnings.append(Warning_(where, f"reference numbering jumps from {previous} to {number} "
                                            f"(missing {missing})"))
        elif number <= previous:
            warnings.append(Warning_(where, f"reference {number} printed after reference {previous}"))
        previous = max(previous, number)
        printed = fold_spaces(" ".join(parts))
        if not printed:
            warnings.append(Warning_(where, f"reference {number} has no text"))
            continue
        work, links = parse_reference(printed)
        raw = _without_links(printed, links)
        if work.year is None and not work.authors:
            warnings.append(Warning_(where, f"reference {number} could not be parsed (no authors, no year): "
                                            f"{raw[:60]!r}"))
        references.append(Reference(raw, work, number, links, where))
    if references and _looks_cut_off(references):
        warnings.append(Warning_(references[-1].location or Location(path),
                                 f"reference {references[-1].number} looks cut off"))
    if entries and end == len(lines):
        warnings.append(Warning_(Location(path, entries[-1][0] + 1), "the page ends inside the reference list "
                                 f"(after reference {previous}); later references may be missing"))
    return references, warnings


def _looks_cut_off(references: list[Reference]) -> bool:
    """The last reference lacks the link markers the others have, or its closing full stop."""
    last = references[-1]
    return not last.links and (any(r.links for r in references[:-1]) or not last.raw.endswith((".", ")", "]")))


def _without_links(printed: str, links: tuple[str, ...]) -> str:
    """The printed reference without the link markers parse_reference found glued to its end."""
    text = printed
    for marker in reversed(links):
        text = text.rstrip()
        if not text.casefold().endswith(marker.casefold()):
            return printed
        text = text[: -len(marker)]
    return text.rstrip()


# ------------------------------------------------------------------------- trailer


def read_copyright(line: str) -> tuple[str | None, int | None]:
    """("Springer Science+Business Media New York", 2013) from "© Springer ... New York 2013"."""
    text = re.sub(r"^(?:Copyright\s*)?(?:©|\(c\))?\s*", "", fold_spaces(line), flags=re.I)
    years = list(re.finditer(rf"\b{_YEAR}\b", text))
    year = int(years[-1].group(0)) if years else None
    if years:
        text = text[: years[-1].start()] + text[years[-1].end():]
    return fold_spaces(text).strip(" ,.©") or None, year


def _find_copyright(lines: list[str], trailer: int) -> tuple[str | None, int | None]:
    """The line after "Copyright information", else the first trailer line starting with "©"."""
    tail = [line for line in lines[trailer:] if line.strip()]
    for n, line in enumerate(tail):
        if fold_spaces(line).casefold() == "copyright information" and n + 1 < len(tail):
            return read_copyright(tail[n + 1])
    marked = next((x for x in tail if x.lstrip().startswith("©")), None)
    return read_copyright(marked) if marked else (None, None)


def _find_doi(lines: list[str]) -> tuple[Identifier, ...]:
    for line in lines:
        if m := _DOI.search(line):
            return (Identifier("doi", m.group(1).rstrip(".,;")),)
    return ()


@dataclass
class _Listed:
    """An author as the "Authors and Affiliations" block lists them."""

    name: PersonName
    corresponding: bool
    labels: list[str] = field(default_factory=list)
    orcid: str | None = None


def _read_affiliation_block(lines: list[str], trailer: int) -> tuple[list[_Listed], list[Affiliation], bool]:
    """Authors with their affiliation labels ("• 1", "• 1 • 2"), then "1. 1.Glued affiliation"."""
    at = next((i for i in range(trailer, len(lines))
               if fold_spaces(lines[i]).casefold() == "authors and affiliations"), None)
    if at is None:
        return [], [], False
    listed: list[_Listed] = []
    affiliations: list[Affiliation] = []
    for line in lines[at + 1:]:
        if _is_trailer(line):
            break
        if m := _NUMBERED.match(line):
            affiliations.append(read_affiliation(m.group(2), m.group(3)))
        elif m := _BULLET.match(line):
            if re.fullmatch(r"[\d\s•,]+", m.group(1)):
                if listed:
                    listed[-1].labels += re.findall(r"\d+", m.group(1))
            else:
                listed.append(_Listed(*read_author_name(m.group(1))))
        elif listed and re.fullmatch(r"\s*Email\s+author\s*", line, re.I):
            listed[-1].corresponding = True
        elif listed and (orcid := _ORCID.search(line)):
            listed[-1].orcid = orcid.group(1)
    return listed, affiliations, True


def _merge_authors(header: list[tuple[PersonName, bool, int]], listed: list[_Listed], has_block: bool,
                   affiliations: list[Affiliation], path: str) -> tuple[list[Author], list[Warning_]]:
    """Header order and marks, plus the labels the block gives each author (matched by name)."""
    if not header:
        header = [(x.name, x.corresponding, -1) for x in listed]
    by_name = {_name_key(x.name): x for x in listed}
    known = {a.label for a in affiliations}
    authors: list[Author] = []
    warnings: list[Warning_] = []
    for n, (name, corresponding, line) in enumerate(header):
        match = by_name.get(_name_key(name))
        if match is None and n < len(listed) and listed[n].name.family == name.family:
            match = listed[n]
        where = Location(path, line + 1 if line >= 0 else None)
        labels = tuple(match.labels) if match else ()
        if has_block and not labels:
            warnings.append(Warning_(where, f"author {name.full} has no affiliation in 'Authors and Affiliations'"))
        for label in labels:
            if label not in known:
                warnings.append(Warning_(where, f"author {name.full}: affiliation {label} is not printed"))
        authors.append(Author(name, labels, corresponding or bool(match and match.corresponding),
                              orcid=match.orcid if match else None))
    if authors and not has_block:
        warnings.append(Warning_(Location(path), "no 'Authors and Affiliations' block: authors have no affiliations"))
    return authors, warnings


def _name_key(name: PersonName) -> str:
    return fold_spaces(name.full).casefold()


# ------------------------------------------------------------------------- affiliations

# Words that start or end an organisation or one of its units.
UNIT_WORDS = frozenset(
    "Department Dept Division Unit Section Laboratory Laboratories Lab Service Program Programme Group Core "
    "Facility Faculty School Chair Branch Servicio Departamento Dipartimento Département Abteilung Klinik "
    "Graduate Institute Center Centre Clinic".split()
)
ORG_WORDS = frozenset(
    "University Universidad Universidade Università Universität Université Universiteit Universitat Hospital "
    "Hospitals Hôpital Ospedale Institute Institut Instituto Istituto Centre Center Centro College School "
    "Foundation Fundación Fondazione Academy Council Agency Ministry Inc Ltd GmbH Company Corporation Clinic "
    "Klinikum Charité Polyclinic Policlinico Hospitalier Hospitalario Institutet Universitet Universitetet "
    "Ziekenhuis Krankenhaus Universitätsklinikum Sjukhuset Hospitalet Akademin".split()
)
_KEYWORD_CITIES = frozenset({"College Station", "College Park", "University Park"})


def read_affiliation(label: str | None, printed: str) -> Affiliation:
    """Unit(s), organisation, city and country from one glued affiliation.

    Springer prints department(s), organisation, city and country as adjacent elements,
    so the text arrives glued ("Stem Cell Therapy UnitMinimally Invasive Surgery Centre
    Jesus UsonCaceresSpain"). The country comes off the end by name; the pieces between
    glue points (text.glue_points) are then read from the end: the last piece is the city
    unless it names an organisation or unit; before it, pieces are joined into one field
    unless the boundary is clearly between fields: the right piece starts with, or the
    left piece ends with, an organisation or unit word ("...PhysiologyUniversity of X",
    "...UnitMinimally..."), or a unit on the left meets an organisation, or a name
    without any unit word, on the right ("Department of MedicineMcGill University",
    "Department of ImmunologySahlgrenska Akademin"). So "AstraZeneca" stays one name,
    but a unit name with an internal capital ("Department of ImmunoBiology") would be
    split. The last field is the organisation; the ones before it, joined by ", ", the unit.
    """
    text = fold_spaces(printed)
    rest, country = split_country(text)
    pieces = split_glued(rest)
    city = None
    if len(pieces) > 1 and _is_city(pieces[-1]):
        city = pieces.pop()
    fields = pieces[:1]
    for piece in pieces[1:]:
        if _field_boundary(fields[-1], piece):
            fields.append(piece)
        else:
            fields[-1] += piece
    organisation = fields[-1] if fields else (city or text)
    unit = ", ".join(fields[:-1]) or None
    return Affiliation(label, organisation, unit, city, country, text)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def _is_city(piece: str) -> bool:
    return piece in _KEYWORD_CITIES or not (set(_words(piece)) & (UNIT_WORDS | ORG_WORDS))


def _field_boundary(left: str, right: str) -> bool:
    lw, rw = _words(left), _words(right)
    if not lw or not rw:
        return False
    keywords = UNIT_WORDS | ORG_WORDS
    return (rw[0] in keywords or lw[-1] in keywords
            or bool(set(lw) & UNIT_WORDS and (set(rw) & ORG_WORDS or not set(rw) & keywords)))


# ------------------------------------------------------------------------- review or not

_SELF_REVIEW = re.compile(
    r"\b(?:this|the present|the current|our|in this)\s+(?:mini-?|systematic\s+|narrative\s+|short\s+|brief\s+"
    r"|comprehensive\s+|critical\s+)?review\b|\bwe\s+(?:briefly\s+|critically\s+|systematically\s+)?review\b"
    r"|\breviewed here\b|\bhere,? we review\b",
    re.I,
)


def is_review(journal: str | None, title: str | None, abstract: str | None, article_type: str | None) -> bool:
    """True when the article says it is a review, or its journal publishes only reviews.

    Says so: an article-type label with "Review", a title with the word "review"
    ("A review", "Mini-review"), or an abstract that describes itself ("This review
    summarizes", "we review", "reviewed here"). A journal name with "Review(s)" counts
    only without "Report(s)", "Research", "Letters" or "Communications" beside it:
    "Stem Cell Reviews and Reports" also prints original research.
    """
    if article_type and re.search(r"review", article_type, re.I):
        return True
    if title and re.search(r"\b(?:mini-?)?reviews?\b", title, re.I):
        return True
    if abstract and _SELF_REVIEW.search(abstract):
        return True
    return bool(journal and re.search(r"\bReviews?\b", journal)
                and not re.search(r"\b(?:Reports?|Research|Letters|Communications)\b", journal))
