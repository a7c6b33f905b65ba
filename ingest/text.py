"""Small text helpers for pages saved from HTML: spaces, dashes, sentences, glued fields.

Saving a web page as text keeps non-breaking spaces where the markup had them and drops
the boundaries between adjacent elements, so "Unit" + "University of X" + "Madrid" +
"Spain" arrive as "UnitUniversity of XMadridSpain". These helpers undo that generically;
what the pieces mean is each reader's business.
"""

from __future__ import annotations

import re

_INVISIBLE = str.maketrans({"\u200b": " ", "\ufeff": " "})  # str.split() keeps these two
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def fold_spaces(text: str) -> str:
    """One plain space for every run of spaces, NBSP included, so fields compare equal."""
    if "\u200b" in text or "\ufeff" in text:  # rare; translate() is slow on non-ASCII text
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def normalise_dashes(text: str) -> str:
    """Every dash to "-": page ranges print en dashes, identifiers hyphens."""
    return _DASHES.sub("-", text)


# ------------------------------------------------------------------------- sentences

# Words whose trailing full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "al dr prof mr mrs ms st no nos vs fig figs e.g i.e inc ltd co corp dept univ jr sr ph.d".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; initials ("V. Alvarez") and "et al." do not end one."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip("\"”’)")
        last_word = before.rsplit(None, 1)[-1] if before.split() else ""
        stem = last_word.rstrip(".").lstrip("(").casefold()
        if len(stem) == 1 and stem.isalpha() or stem in _ABBREVIATIONS:
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    tail = text[start:].strip()
    return [s for s in [*out, tail] if s]


# ------------------------------------------------------------------------- countries

# UN member states' English short names, then common variants as affiliations print them.
_COUNTRY_NAMES = """
Afghanistan;Albania;Algeria;Andorra;Angola;Antigua and Barbuda;Argentina;Armenia;Australia;Austria;
Azerbaijan;Bahamas;Bahrain;Bangladesh;Barbados;Belarus;Belgium;Belize;Benin;Bhutan;Bolivia;
Bosnia and Herzegovina;Botswana;Brazil;Brunei Darussalam;Bulgaria;Burkina Faso;Burundi;Cabo Verde;
Cambodia;Cameroon;Canada;Central African Republic;Chad;Chile;China;Colombia;Comoros;Congo;Costa Rica;
Côte d'Ivoire;Croatia;Cuba;Cyprus;Czechia;Democratic People's Republic of Korea;
Democratic Republic of the Congo;Denmark;Djibouti;Dominica;Dominican Republic;Ecuador;Egypt;
El Salvador;Equatorial Guinea;Eritrea;Estonia;Eswatini;Ethiopia;Fiji;Finland;France;Gabon;Gambia;
Georgia;Germany;Ghana;Greece;Grenada;Guatemala;Guinea;Guinea-Bissau;Guyana;Haiti;Honduras;Hungary;
Iceland;India;Indonesia;Iran;Iraq;Ireland;Israel;Italy;Jamaica;Japan;Jordan;Kazakhstan;Kenya;Kiribati;
Kuwait;Kyrgyzstan;Lao People's Democratic Republic;Latvia;Lebanon;Lesotho;Liberia;Libya;Liechtenstein;
Lithuania;Luxembourg;Madagascar;Malawi;Malaysia;Maldives;Mali;Malta;Marshall Islands;Mauritania;
Mauritius;Mexico;Micronesia;Monaco;Mongolia;Montenegro;Morocco;Mozambique;Myanmar;Namibia;Nauru;Nepal;
Netherlands;New Zealand;Nicaragua;Niger;Nigeria;North Macedonia;Norway;Oman;Pakistan;Palau;Panama;
Papua New Guinea;Paraguay;Peru;Philippines;Poland;Portugal;Qatar;Republic of Korea;Republic of Moldova;
Romania;Russian Federation;Rwanda;Saint Kitts and Nevis;Saint Lucia;Saint Vincent and the Grenadines;
Samoa;San Marino;Sao Tome and Principe;Saudi Arabia;Senegal;Serbia;Seychelles;Sierra Leone;Singapore;
Slovakia;Slovenia;Solomon Islands;Somalia;South Africa;South Sudan;Spain;Sri Lanka;Sudan;Suriname;
Sweden;Switzerland;Syrian Arab Republic;Tajikistan;Thailand;Timor-Leste;Togo;Tonga;
Trinidad and Tobago;Tunisia;Türkiye;Turkmenistan;Tuvalu;Uganda;Ukraine;United Arab Emirates;
United Kingdom;United Republic of Tanzania;United States of America;Uruguay;Uzbekistan;Vanuatu;
Venezuela;Viet Nam;Yemen;Zambia;Zimbabwe;
USA;U.S.A.;United States;UK;U.K.;Great Britain;England;Scotland;Wales;Northern Ireland;Korea;
South Korea;North Korea;Korea (Republic of);Czech Republic;Russia;Turkey;Vietnam;Laos;Syria;Tanzania;
Moldova;Macedonia;Republic of North Macedonia;Swaziland;Cape Verde;Ivory Coast;Cote d'Ivoire;
Côte d’Ivoire;Brunei;The Netherlands;The Gambia;Burma;East Timor;Iran (Islamic Republic of);
Islamic Republic of Iran;Bolivia (Plurinational State of);Venezuela (Bolivarian Republic of);
Taiwan;Republic of China;Hong Kong;Hong Kong SAR;Macau;Macao;Puerto Rico;Palestine;State of Palestine;
Kosovo;PR China;P.R. China;P. R. China;People's Republic of China;People’s Republic of China
"""
COUNTRIES: tuple[str, ...] = tuple(
    sorted({c.strip() for c in _COUNTRY_NAMES.split(";") if c.strip()}, key=len, reverse=True)
)


def split_country(text: str) -> tuple[str, str | None]:
    """(the rest, the country) when the text ends with a country name, glued on or not.

    Longest names are tried first, so "...Papua New Guinea" is not read as "Guinea".
    The match is case-sensitive: "Roman" does not end with the country "Oman".
    """
    for country in COUNTRIES:
        if text.endswith(country):
            return text[: -len(country)].rstrip(" ,;"), country
    return text, None


# ------------------------------------------------------------------------- glued fields

# Left parts of words that keep an internal capital: "McGill", "MacDonald", "DelaRosa".
NAME_PREFIXES = frozenset({"Mac", "Del", "Dela", "Della", "Van", "Von", "Ten", "Fitz"})


def glue_points(text: str) -> list[int]:
    """Offsets where two printed fields were glued together without a space.

    A point is a lower-case letter, ")" or "Inc." directly followed by a capital
    ("UnitMinimally", "(CNIO)Madrid"), or the last capital of an acronym that starts a
    capitalised word ("NIHBethesda"). Points inside names that carry an internal capital
    are not glue: the part of the word (since the last glue point) before the capital is
    one or two letters ("Mc", "La", "De") or a name prefix ("Mac", "Dela"); nor is a
    single capital closing a word ("GmbH").
    """
    raw = [i for i in range(1, len(text)) if _is_glue(text, i)]
    out: list[int] = []
    for n, i in enumerate(raw):
        left = text[max(_word_start(text, i), out[-1] if out else 0) : i]
        nxt = raw[n + 1] if n + 1 < len(raw) else len(text)
        right = re.match(r"\w*", text[i:nxt])
        if left[-1] not in ".)]" and (len(left) <= 2 or left in NAME_PREFIXES):
            continue
        if right is None or len(right.group(0)) < 2:
            continue
        out.append(i)
    return out


def _is_glue(text: str, i: int) -> bool:
    cur, prev = text[i], text[i - 1]
    if not cur.isupper():
        return False
    if prev.islower() or prev in ")]":
        return True
    if prev == "." and i >= 3 and text[i - 2].islower() and text[i - 3].isalpha():
        return True  # "Inc.Boston", not "e.g.A" nor initials "J.A."
    after = text[i + 1] if i + 1 < len(text) else ""
    return prev.isupper() and after.islower()


def _word_start(text: str, i: int) -> int:
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def split_glued(text: str) -> list[str]:
    """The pieces of a string at its glue points, stripped of separators."""
    points = [0, *glue_points(text), len(text)]
    pieces = (text[a:b].strip(" ,;") for a, b in zip(points, points[1:], strict=False))
    return [p for p in pieces if p]
