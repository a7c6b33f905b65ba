"""Synthetic Springer article pages in the exact layout of the seed page, for benchmarks.

The seed (corpus/000_efc0945d80765837.txt) is the only real page we have; a speed figure
measured on one page, or on pages that the reader skims, says nothing. So every page here
copies the seed's layout byte for byte where it matters to the reader (header lines,
non-breaking spaces between name parts and keywords, the glued "Email author" marker, the
funding/acknowledgement paragraph, the "Authors and Affiliations" block with unit,
organisation, city and country glued together, numbered references ending in glued link
markers) while the content varies: 1-12 authors with particles, hyphens, apostrophes and
accents; 1-4 affiliations, some authors holding several; 10-80 references, part taken from
the `raw` strings of ../shared/refgold/dev.jsonl (read in place, never copied into the
repository) and part rendered in the seed's APA-like style; titles, abstracts and keywords
built from an immunology vocabulary so the concept linker has real work.

Each article is a pure function of (seed, index), so the test can regenerate any one of
them and a corpus of 500 is the first 500 of a corpus of 10,000.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

NBSP = "\u00a0"
DASH = "\u2013"  # en dash, as in "pp 184–189"
BULLET = "\u2022"
DEFAULT_REFGOLD = Path(__file__).resolve().parents[2] / "shared" / "refgold" / "dev.jsonl"

# --- people -------------------------------------------------------------------------

GIVEN = ("Javier", "María", "José", "Ana", "Lucía", "Pedro", "Carmen", "Francisco", "Isabel", "Miguel",
         "Anna", "Lars", "Ingrid", "Sven", "Katarina", "Henrik", "Astrid", "Søren", "Jens", "Maja",
         "Wei", "Li", "Yan", "Hui", "Jun", "Xiaoming", "Mei", "Hiroshi", "Yuki", "Kenji", "Sakura",
         "John", "Mary", "David", "Sarah", "Michael", "Emily", "Robert", "Laura", "James", "Helen",
         "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Paola", "Stefano",
         "Pierre", "Marie", "Jean", "Claire", "Nicolas", "Élodie", "François", "Hélène",
         "Klaus", "Ute", "Jürgen", "Sabine", "Matthias", "Katrin", "Wolfgang", "Birgit",
         "Olga", "Dmitri", "Natalia", "Sergei", "Priya", "Rahul", "Anjali", "Vikram",
         "Fatima", "Omar", "Leila", "Youssef", "Kwame", "Amara", "Chidi", "Ngozi")
HYPHENATED_GIVEN = ("Jean-Luc", "Marie-Claire", "Hans-Peter", "Ji-Hoon", "Anne-Sophie", "Karl-Heinz",
                    "Seung-Woo", "Jean-François")
FAMILY = ("Casado", "Tarazona", "Garcia", "Lopez", "Martinez", "Fernandez", "Gonzalez", "Rodriguez",
          "Sanchez", "Romero", "Navarro", "Molina", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio",
          "Andersson", "Johansson", "Karlsson", "Nilsson", "Larsen", "Hansen", "Pedersen", "Nielsen",
          "Wang", "Zhang", "Chen", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
          "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi",
          "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
          "Anderson", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris",
          "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Moretta",
          "Dubois", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Girard",
          "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer",
          "Ivanov", "Petrov", "Sokolov", "Kuznetsov", "Patel", "Sharma", "Singh", "Gupta", "Iyer",
          "Okafor", "Mensah", "Haddad", "Nasser", "Kowalski", "Nowak", "Novák", "Horváth", "Papadopoulos",
          "Sotiropoulou", "Spaggiari", "Krampera", "Giuliani", "Rasmusson", "Ghannam", "Hoogduijn")
APOSTROPHE_FAMILY = ("O\u2019Brien", "O'Neill", "D'Amico", "D\u2019Souza", "O'Connor")
PARTICLES = ("van", "van der", "van den", "de", "de la", "del", "von", "da", "dos", "di", "ter")
PARTICLE_FAMILY = ("Berg", "Broek", "Heuvel", "Linden", "Vries", "Fuente", "Rosa", "Silva", "Santos",
                   "Hoff", "Meer", "Castillo", "Costa", "Bruggen", "Horst")


@dataclass(frozen=True)
class Person:
    given: str
    family: str

    def printed(self) -> str:
        """Every space of a printed name is a non-breaking space, as on the seed page."""
        return f"{self.given} {self.family}".replace(" ", NBSP)


def _given(rng: random.Random) -> str:
    roll = rng.random()
    initials = "ABCDEFGHIJKLMNOPRSTVW"
    if roll < 0.30:  # "R." or "F. M."
        return " ".join(f"{rng.choice(initials)}." for _ in range(rng.choice((1, 1, 2))))
    first = rng.choice(HYPHENATED_GIVEN) if roll < 0.38 else rng.choice(GIVEN)
    if rng.random() < 0.4:  # "Javier G."
        return f"{first} {rng.choice(initials)}."
    return first


def _family(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.10:
        return f"{rng.choice(PARTICLES)} {rng.choice(PARTICLE_FAMILY)}"
    if roll < 0.22:
        first, second = rng.sample(FAMILY, 2)
        return f"{first}-{second}"
    if roll < 0.26:
        return rng.choice(APOSTROPHE_FAMILY)
    return rng.choice(FAMILY)


def person(rng: random.Random) -> Person:
    return Person(_given(rng), _family(rng))


# --- affiliations -------------------------------------------------------------------

UNITS = ("Immunology Unit", "Department of Physiology", "Department of Immunology", "Stem Cell Therapy Unit",
         "Department of Haematology", "Laboratory of Cellular Immunology", "Department of Microbiology",
         "Department of Internal Medicine", "Division of Rheumatology", "Department of Pathology",
         "Centre for Inflammation Research", "Department of Experimental Medicine", "Cell Therapy Unit",
         "Department of Transplantation Immunology", "Division of Infectious Diseases",
         "Department of Oncology", "Laboratory of Tumour Immunology", "Department of Biochemistry")
# (organisation, city, country): parts begin upper case and end lower case, as on the seed page,
# so that the glued line can be split where a lower-case letter meets an upper-case one.
ORGANISATIONS = (
    ("Minimally Invasive Surgery Centre Jesus Uson", "Caceres", "Spain"),
    ("University of Extremadura", "Caceres", "Spain"),
    ("University of Genoa", "Genoa", "Italy"),
    ("University of Verona", "Verona", "Italy"),
    ("Karolinska Institutet", "Stockholm", "Sweden"),
    ("University of Copenhagen", "Copenhagen", "Denmark"),
    ("Erasmus University Medical Centre", "Rotterdam", "Netherlands"),
    ("Leiden University Medical Center", "Leiden", "Netherlands"),
    ("University of Oxford", "Oxford", "United Kingdom"),
    ("University of Edinburgh", "Edinburgh", "United Kingdom"),
    ("Imperial College London", "London", "United Kingdom"),
    ("Charite University Medicine", "Berlin", "Germany"),
    ("University of Heidelberg", "Heidelberg", "Germany"),
    ("Technical University of Munich", "Munich", "Germany"),
    ("Pasteur Institute", "Paris", "France"),
    ("University of Montpellier", "Montpellier", "France"),
    ("University of Geneva", "Geneva", "Switzerland"),
    ("Medical University of Vienna", "Vienna", "Austria"),
    ("Harvard Medical School", "Boston", "United States"),
    ("Stanford University", "Stanford", "United States"),
    ("University of Pennsylvania", "Philadelphia", "United States"),
    ("Mount Sinai School of Medicine", "New York", "United States"),
    ("University of Toronto", "Toronto", "Canada"),
    ("Peking University", "Beijing", "China"),
    ("Fudan University", "Shanghai", "China"),
    ("Kyoto University", "Kyoto", "Japan"),
    ("University of Tokyo", "Tokyo", "Japan"),
    ("Seoul National University", "Seoul", "South Korea"),
    ("University of Melbourne", "Melbourne", "Australia"),
    ("University of Sao Paulo", "Sao Paulo", "Brazil"),
    ("Federal University of Rio de Janeiro", "Rio de Janeiro", "Brazil"),
    ("All India Institute of Medical Sciences", "New Delhi", "India"),
    ("Weizmann Institute of Science", "Rehovot", "Israel"),
    ("University of Cape Town", "Cape Town", "South Africa"),
    ("University of Athens", "Athens", "Greece"),
    ("University of Helsinki", "Helsinki", "Finland"),
)


@dataclass(frozen=True)
class Place:
    label: str
    unit: str | None
    organisation: str
    city: str
    country: str

    def printed(self) -> str:
        """'1.Stem Cell Therapy UnitMinimally Invasive Surgery Centre Jesus UsonCaceresSpain'."""
        return f"{self.label}.{self.unit or ''}{self.organisation}{self.city}{self.country}"


def affiliations(rng: random.Random, count: int) -> list[Place]:
    orgs = rng.sample(ORGANISATIONS, count)
    out = []
    for i, (org, city, country) in enumerate(orgs, start=1):
        roll = rng.random()
        if roll < 0.15:
            unit = None
        elif roll < 0.30:  # "Immunology Unit, Department of Physiology"
            unit = ", ".join(rng.sample(UNITS, 2))
        else:
            unit = rng.choice(UNITS)
        out.append(Place(str(i), unit, org, city, country))
    return out


# --- immunology vocabulary ------------------------------------------------------------

CELLS = ("NK cells", "natural killer cells", "mesenchymal stem cells", "MSCs", "mesenchymal stromal cells",
         "T cells", "cytotoxic T lymphocytes", "regulatory T cells", "Tregs", "Th17 cells",
         "gammadelta T cells", "invariant NKT cells", "dendritic cells", "monocytes", "macrophages",
         "B cells", "CD34+ hematopoietic progenitors", "adipose-derived stem cells",
         "induced pluripotent stem cells")
MOLECULES = ("prostaglandin E2", "PGE2", "prostaglandin D2", "nitric oxide", "interferon-gamma", "IFN-gamma",
             "interleukin-2", "IL-2", "IDO1", "indoleamine 2,3-dioxygenase", "TGF-beta1",
             "complement factor H", "NKp30", "NKG2D", "SERPINB9", "HLA-G")
PROCESSES = ("immunomodulation", "NK cell-mediated lysis", "cytotoxicity", "cell lysis", "inflammation",
             "the innate immune response", "cell proliferation", "homing", "cell migration",
             "wound healing", "immunosuppression", "differentiation")
DISEASES = ("graft-versus-host disease", "sepsis", "colitis", "rheumatoid arthritis", "multiple sclerosis",
            "type 1 diabetes", "melanoma", "acute myeloid leukaemia")
CONTEXTS = ("in vitro", "in vivo", "in a murine model", "in patients", "after allogeneic transplantation",
            "in the bone marrow niche", "under inflammatory conditions", "in humanized mice",
            "in a phase I trial", "in the tumour microenvironment")
VERBS = ("inhibit", "regulate", "enhance", "suppress", "modulate", "shape", "control", "promote", "restrain",
         "reprogram", "license", "sensitise")
KEYWORDS = ("NK cells", "Mesenchymal stem cells", "Immunomodulation", "Innate Response", "NK cell-mediated lysis",
            "Dendritic cells", "Regulatory T cells", "Prostaglandin E2", "Nitric oxide", "Interferon-gamma",
            "HLA-G", "NKG2D", "Inflammation", "Sepsis", "Graft-versus-host disease", "Rheumatoid arthritis",
            "Cell therapy", "Cytotoxicity", "Homing", "Macrophages", "Th17 cells", "IDO", "TGF-beta",
            "Tissue regeneration", "Innate immunity", "Adaptive immunity", "Cytokines", "Monocytes")
TITLE_TEMPLATES = (
    "{Cell} {verb} {cell2} through {molecule} {context}",
    "{Molecule} and {molecule2} in the crosstalk between {cell} and {cell2}",
    "{Cell} and {cell2} crosstalk: the role of {molecule} in {process}",
    "How {cell} {verb} {process} in {disease}",
    "{Process} of {cell} by {cell2}: implications for {disease}",
    "Targeting {molecule} to {verb} {cell} {context}",
    "{Cell} {verb} {cell2} and protect against {disease} {context}",
    "The {process} capacity of {cell} depends on {molecule}",
    "{Molecule}-dependent {process} of {cell} {context}: a {adjective} study",
    "Reciprocal interactions between {cell} and {cell2} during {process}",
)
ADJECTIVES = ("prospective", "comparative", "longitudinal", "single-cell", "proteomic", "transcriptomic",
              "mechanistic", "multicentre", "systematic", "preclinical")
ABSTRACT_SENTENCES = (
    "Several clinical trials are currently evaluating the safety and efficacy of {cell} in {disease}.",
    "{Cell} are guided by inflammatory mediators such as {molecule} and interact closely with {cell2}.",
    "Here we show that {cell} {verb} {cell2} {context} through {molecule} and {molecule2}.",
    "This review summarizes the current knowledge on {process} of {cell} and its control over {cell2}.",
    "We found that {molecule} was required for {process} {context}.",
    "Blocking {molecule} restored {process} of {cell2} in {n} of {m} donors.",
    "These data suggest that {cell} could be exploited to treat {disease}.",
    "The susceptibility of {cell} to {process} was increased by {molecule2}.",
    "We hypothesize that the inflammatory context will regulate the outcome of {cell}-{cell2} interactions.",
    "{Cell} from {n} patients with {disease} showed impaired {process} compared with {m} healthy controls.",
)
PROGRAMMES = ("Subprograma Inncorpora-Torres Quevedo", "Instituto de Salud Carlos III",
              "European Research Council", "National Institutes of Health", "Deutsche Forschungsgemeinschaft",
              "Swedish Research Council", "Medical Research Council", "Agence Nationale de la Recherche",
              "National Natural Science Foundation of China", "Japan Society for the Promotion of Science",
              "Associazione Italiana per la Ricerca sul Cancro", "Wellcome Trust")
COPYRIGHT_HOLDERS = ("Springer Science+Business Media New York", "Springer Science+Business Media, LLC",
                     "Springer Science+Business Media Dordrecht", "Springer Nature Switzerland AG",
                     "Springer-Verlag Berlin Heidelberg")
JOURNALS = ("Stem Cell Reviews and Reports", "Immunologic Research", "Cancer Immunology, Immunotherapy",
            "Journal of Clinical Immunology", "Clinical and Experimental Medicine", "Inflammation Research",
            "Cellular and Molecular Life Sciences", "Immunogenetics", "Seminars in Immunopathology",
            "Journal of Molecular Medicine")
CITED_JOURNALS = ("Immunology and Cell Biology", "Tissue Antigens", "Trends in Immunology", "Blood",
                  "Journal of Immunology", "Stem Cells", "Stem Cells and Development", "Nature Immunology",
                  "Journal of Leukocyte Biology", "Transplantation", "Cytotherapy", "PLoS One",
                  "Experimental Hematology", "Clinical and Experimental Immunology", "Cell Stem Cell",
                  "European Journal of Immunology", "Frontiers in Immunology", "Journal of Experimental Medicine",
                  "American Journal of Physiology. Lung Cellular and Molecular Physiology",
                  "Rheumatology (Oxford, England)", "Annals of the Rheumatic Diseases", "Gut")
LINK_MARKERS = ("PubMedCrossRefGoogle Scholar",) * 6 + ("CrossRefGoogle Scholar", "Google Scholar",
                                                        "PubMedGoogle Scholar")


def _cap(text: str) -> str:
    """Capitalise the first letter only ("mesenchymal stem cells" -> "Mesenchymal stem cells")."""
    return text[:1].upper() + text[1:] if text and not text[:2].isupper() else text


def _fill(template: str, rng: random.Random) -> str:
    cell, cell2 = rng.sample(CELLS, 2)
    molecule, molecule2 = rng.sample(MOLECULES, 2)
    values = {"cell": cell, "cell2": cell2, "molecule": molecule, "molecule2": molecule2,
              "process": rng.choice(PROCESSES), "disease": rng.choice(DISEASES), "verb": rng.choice(VERBS),
              "context": rng.choice(CONTEXTS), "adjective": rng.choice(ADJECTIVES),
              "n": str(rng.randint(3, 40)), "m": str(rng.randint(41, 120))}
    values.update({k[0].upper() + k[1:]: _cap(v) for k, v in list(values.items())})
    return template.format(**values)


# --- references ------------------------------------------------------------------------


def load_raw_references(path: Path | None = DEFAULT_REFGOLD) -> list[str]:
    """The printed strings of the reference development set, read in place (or none)."""
    if path is None or not path.exists():
        return []
    raws = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            raw = json.loads(line).get("raw", "").strip()
            if raw and "\n" not in raw:
                raws.append(raw)
    return raws


def _apa_name(p: Person) -> str:
    """'Sanchez-Margallo, F. M.', the style of the seed's reference list."""
    initials = " ".join(f"{part[0]}." for part in p.given.replace("-", " ").split())
    return f"{p.family}, {initials}"


def apa_reference(rng: random.Random) -> str:
    """A reference in the seed's APA-like style from synthetic fields."""
    people = [person(rng) for _ in range(rng.choice((1, 2, 3, 3, 4, 5, 6)))]
    names = [_apa_name(p) for p in people]
    if len(names) > 3 and rng.random() < 0.6:
        authors = ", ".join(names[:3]) + ", et al."
    elif len(names) == 1:
        authors = names[0]
    else:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    year = rng.randint(1985, 2013)
    title = _fill(rng.choice(TITLE_TEMPLATES), rng)
    journal = rng.choice(CITED_JOURNALS)
    volume = rng.randint(1, 190)
    if rng.random() < 0.08:  # article number where pages would be: "PLoS One, 3(4), e1886"
        pages = f"e{rng.randint(1000, 99999)}"
    else:
        first = rng.randint(1, 7000)
        pages = f"{first}{DASH}{first + rng.randint(2, 15)}"
    issue = f"({rng.randint(1, 26)})" if rng.random() < 0.9 else ""
    return f"{authors} ({year}). {title}. {journal}, {volume}{issue}, {pages}."


# --- the page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    person: Person
    labels: tuple[str, ...]  # affiliation labels, in printed order
    corresponding: bool


@dataclass(frozen=True)
class GeneratedArticle:
    """A page and what a correct reader must read from it."""

    name: str
    text: str
    journal: str
    volume: str
    issue: str
    first_page: str
    last_page: str
    year: int
    title: str
    authors: tuple[Author, ...]
    affiliations: tuple[Place, ...]
    keywords: tuple[str, ...]
    grants: tuple[tuple[str, int, str], ...]  # (programme, year, number)
    copyright_holder: str
    references: tuple[str, ...]  # as printed, without the link markers


def _grant_number(rng: random.Random, year: int) -> str:
    shapes = (f"PTQ-{year % 100:02d}-{rng.randint(1000, 99999):05d}",
              f"SAF{year}-{rng.randint(10000, 99999)}", f"R01-AI{rng.randint(10000, 99999):06d}",
              f"ERC-{year}-StG-{rng.randint(100000, 999999)}", f"PI{year % 100:02d}/{rng.randint(100, 2999):05d}")
    return rng.choice(shapes)


def generate_article(seed: int, index: int, raw_refs: Sequence[str]) -> GeneratedArticle:
    """Article ``index`` of the corpus of ``seed``: the same pair always gives the same page."""
    rng = random.Random(f"crosstalk-bench:{seed}:{index}")
    journal = rng.choice(JOURNALS)
    year = rng.randint(2005, 2023)
    volume, issue = str(rng.randint(1, 40)), str(rng.randint(1, 12))
    first = rng.randint(1, 1800)
    last = first + rng.randint(3, 24)
    title = _fill(rng.choice(TITLE_TEMPLATES), rng)

    places = affiliations(rng, rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))
    n_authors = rng.choice((1, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12))
    people: list[Person] = []
    while len(people) < n_authors:  # two authors of one article never share a printed name
        p = person(rng)
        if p not in people:
            people.append(p)
    corresponding = {rng.randrange(n_authors)}
    if n_authors > 3 and rng.random() < 0.15:
        corresponding.add(n_authors - 1)
    authors = []
    for i, p in enumerate(people):
        k = 1 if len(places) == 1 or rng.random() < 0.7 else rng.randint(2, len(places))
        labels = tuple(sorted((pl.label for pl in rng.sample(places, k)), key=int))
        authors.append(Author(p, labels, i in corresponding))
    used = {label for a in authors for label in a.labels}  # every printed affiliation has an author
    places = [pl for pl in places if pl.label in used]
    relabel = {pl.label: str(i) for i, pl in enumerate(places, start=1)}
    places = [Place(relabel[pl.label], pl.unit, pl.organisation, pl.city, pl.country) for pl in places]
    authors = [Author(a.person, tuple(relabel[x] for x in a.labels), a.corresponding) for a in authors]

    abstract = " ".join(_fill(rng.choice(ABSTRACT_SENTENCES), rng) for _ in range(rng.randint(4, 8)))
    keywords = tuple(rng.sample(KEYWORDS, rng.randint(3, 6)))
    grants = tuple((programme, year - rng.randint(1, 3), _grant_number(rng, year))
                   for programme in rng.sample(PROGRAMMES, rng.choice((1, 1, 1, 2))))
    thanked = [person(rng) for _ in range(rng.randint(1, 3))]
    holder = rng.choice(COPYRIGHT_HOLDERS)

    n_refs = rng.randint(10, 80)
    share = rng.random() if raw_refs else 0.0
    references = tuple(rng.choice(raw_refs) if rng.random() < share else apa_reference(rng)
                       for _ in range(n_refs))

    lines: list[str] = [journal, "", f", Volume {volume}, Issue{NBSP}{issue}, pp {first}{DASH}{last} | Cite as",
                        "", title, ""]
    for a in authors:
        lines.append(f"  {BULLET} {a.person.printed()}" + ("Email author" if a.corresponding else ""))
    lines += ["", "", abstract, "", "", "".join(f"{k}{NBSP}" for k in keywords), "", "", ""]
    funding = " ".join(f"{programme} {gyear} ({number})." for programme, gyear, number in grants)
    names = [f"{p.given.split()[0][0]} {p.family}" for p in thanked]
    names_text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    lines += [f"{funding} Thanks to {names_text} for critical review and helpful comments. There is no "
              "conflict of interest with any financial organization regarding the material discussed in the "
              "manuscript.", "", "Disclosure of Potential Conflicts of Interest", "",
              "The authors declare no conflict of interest or financial interests.", "", ""]
    for number, ref in enumerate(references, start=1):
        lines += [f"  {number}. {number}.", f"    {ref}{rng.choice(LINK_MARKERS)}"]
    lines += ["", "Copyright information", "", f"©{NBSP}{holder}{NBSP}{year}", "", "Authors and Affiliations", ""]
    for a in authors:
        lines.append(f"  {BULLET} {a.person.printed()}")
        lines += [f"    {BULLET} {label}" for label in a.labels]
        if a.corresponding:
            lines.append("    Email author")
    lines += [f"  {pl.label}. {pl.printed()}" for pl in places]
    lines += ["", "Personalised recommendations"]
    text = "\n".join(lines)
    name = f"{index:06d}_{hashlib.sha1(text.encode()).hexdigest()[:16]}.txt"
    return GeneratedArticle(name, text, journal, volume, issue, str(first), str(last), year, title,
                            tuple(authors), tuple(places), keywords, grants, holder, references)


def write_corpus(folder: Path, count: int, seed: int, raw_refs: Sequence[str]) -> Iterator[Path]:
    """Write pages one at a time (nothing is held in memory), yielding each path."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        article = generate_article(seed, index, raw_refs)
        path = folder / article.name
        path.write_text(article.text, encoding="utf-8")
        yield path
