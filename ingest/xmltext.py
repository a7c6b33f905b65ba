"""Small helpers the XML readers (JATS, PubMed) share: safe parsing, root sniffing, text.

Parsing is defused: no DTD is loaded, no entity is expanded and nothing is fetched, so a
hostile file can neither read local files nor blow up memory. Entities that a DTD would
have defined (JATS files print `&nbsp;`, `&mdash;`) are kept as entity nodes and turned
into their HTML characters by `text_of`; any other entity is dropped. Namespaces are
stripped from element names after parsing, so readers match plain local names whether a
publisher declared a default namespace or not (attributes keep theirs: xlink:href).
"""

from __future__ import annotations

import re
from html.entities import name2codepoint

from lxml import etree

from ingest.records import Location, ReadError
from ingest.text import fold_spaces

__all__ = ["parse", "root_name", "text_of", "location", "child_text", "normalise_orcid", "read_copyright",
           "expand_pages"]

_PROLOG_ITEM = re.compile(
    r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.S | re.I
)
_START_TAG = re.compile(r"\s*<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, encoding="utf-8")


def parse(text: str, path: str) -> etree._Element:
    """The root element of a document, or a ReadError at the parser's line and column.

    The text is handed over as UTF-8 whatever its declaration says: the loader already
    decoded the file, and lxml refuses a str that carries an encoding declaration.
    """
    if not text.strip():
        raise ReadError(Location(path, 1), "empty document")
    try:
        root = etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        message = re.sub(r",\s*line \d+, column \d+\s*$", "", exc.msg or str(exc))
        raise ReadError(Location(path, line, _char_column(text, line, column)), f"malformed XML: {message}") from exc
    if root is None:  # lxml returns None for a document with no element
        raise ReadError(Location(path, 1), "no XML element")
    for el in root.iter(tag=etree.Element):
        if el.tag.startswith("{"):
            el.tag = etree.QName(el).localname
    return root


def _char_column(text: str, line: int, byte_column: int) -> int:
    """libxml2 counts columns in bytes; users count characters."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or byte_column < 1:
        return byte_column
    head = lines[line - 1].encode("utf-8")[: byte_column - 1]
    return len(head.decode("utf-8", errors="ignore")) + 1


def root_name(text: str) -> str | None:
    """Local name of the first element, read from the text without parsing it all (for sniff)."""
    head = text[:20_000].lstrip("\ufeff")
    pos = 0
    while m := _PROLOG_ITEM.match(head, pos):
        if m.end() == pos:
            break
        pos = m.end()
    start = _START_TAG.match(head, pos)
    return start.group(1) if start else None


def prolog(text: str) -> str:
    """Everything before the root element's name ends (declaration, DOCTYPE, comments)."""
    head = text[:20_000]
    m = re.search(r"<(?![?!])[^>]*>", head)
    return head[: m.end()] if m else head


# ------------------------------------------------------------------------- text


def text_of(el: etree._Element | None, skip: frozenset[str] = frozenset()) -> str | None:
    """The printed text of an element, inline markup flattened and spaces folded.

    Children named in `skip` (footnote markers, nested contributor lists) are left out,
    but the text that follows them is kept.
    """
    if el is None:
        return None
    parts: list[str] = []
    _collect(el, skip, parts)
    return fold_spaces("".join(parts)) or None


def _collect(el: etree._Element, skip: frozenset[str], out: list[str]) -> None:
    out.append(el.text or "")
    for child in el:
        if isinstance(child, etree._Entity):
            code = name2codepoint.get(child.name)
            out.append(chr(code) if code else "")
        elif child.tag == "etal" and not (child.text or "").strip():
            out.append("et al")  # JATS marks "et al." with an empty element; the full stop follows it
        elif isinstance(child.tag, str) and child.tag not in skip:
            _collect(child, skip, out)
        out.append(child.tail or "")


def child_text(el: etree._Element | None, path: str) -> str | None:
    """text_of the first match of an ElementPath below el, None when absent or empty."""
    return None if el is None else text_of(el.find(path))


def location(path: str, el: etree._Element | None) -> Location:
    return Location(path, el.sourceline if el is not None else None)


# ------------------------------------------------------------------------- values

_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")


def normalise_orcid(value: str | None) -> str | None:
    """"https://orcid.org/0000-0002-1825-0097", "0000000218250097" -> "0000-0002-1825-0097"."""
    m = _ORCID.search(value or "")
    return "-".join(m.groups()).upper() if m else None


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def read_copyright(statement: str | None) -> tuple[str | None, int | None]:
    """("The American Society of Hematology", 2006) from "Copyright © 2006 by The American ..."."""
    if not statement:
        return None, None
    years = _YEAR.findall(statement)
    text = _YEAR.sub(" ", statement)
    text = re.sub(r"(?i)\bcopyright\b|©|\(c\)|\ball rights reserved\b\.?", " ", text)
    holder = re.sub(r"^by\s+", "", fold_spaces(text).strip(" ,.;-"), flags=re.I)
    return holder.strip(" ,.;") or None, int(years[-1]) if years else None


def expand_pages(pages: str) -> tuple[str | None, str | None]:
    """MEDLINE page ranges in full: "1484-90" -> ("1484", "1490"), "S12-9" -> ("S12", "S19").

    Only the first range counts ("477-80; discussion 481"); a last page that is not
    shorter than the first, or not numeric, is kept as printed.
    """
    first_range = re.split(r"[;,]", fold_spaces(pages))[0].strip()
    if not first_range:
        return None, None
    first, _, last = (part.strip() for part in re.sub(r"[\u2010-\u2015]", "-", first_range).partition("-"))
    if not last:
        return first, None
    m_first = re.fullmatch(r"([A-Za-z]*)(\d+)", first)
    m_last = re.fullmatch(r"([A-Za-z]*)(\d+)", last)
    if m_first and m_last and (not m_last.group(1) or m_last.group(1) == m_first.group(1)):
        digits, short = m_first.group(2), m_last.group(2)
        if len(short) < len(digits):
            short = digits[: len(digits) - len(short)] + short
        return first, m_first.group(1) + short
    return first, last
