"""Generate ontology/immuno.ttl, crosstalk's immunology ontology, with owlready2.

    python -m ontology.build            # writes ontology/immuno.ttl
    python -m ontology.build OUT.ttl    # writes elsewhere (the up-to-date test does this)

The terms cover the cells, molecules, processes and diseases named by the seed review
(NK cell / MSC crosstalk) and its references. Conventions:

- A term's local name is its preferred label in CamelCase (NaturalKillerCell, NKG2D).
- Branch classes (Cell, Molecule, Protein, Receptor, Process, Disease) only organise the
  hierarchy: they carry rdfs:label and skos:definition but no SKOS labels, because the
  concept linker links SKOS labels and the bare word "cell" says nothing about a paper.
- External matches come only from MAPPINGS, each row naming the concept of its row in
  the shared, verified identifier list (ontology-ids.tsv); an identifier that list does
  not verify is never written. The list is copied here as data so the project builds
  without the shared folder; tests/test_ontology.py checks the copy against the list.
- SKOS properties are declared as annotation properties, so the ontology stays OWL 2 DL
  and HermiT can check it (tests/test_ontology.py).

The output is deterministic: owlready2 writes N-Triples, rdflib relabels blank nodes
canonically and writes sorted Turtle.
"""

from __future__ import annotations

import io
import sys
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import owlready2
import rdflib
from rdflib.compare import to_canonical_graph
from rdflib.plugins.serializers.turtle import TurtleSerializer

from crosstalk.vocab import IMMUNO_ONTOLOGY, PREFIXES

ONTOLOGY_IRI = IMMUNO_ONTOLOGY
ONTOLOGY_VERSION = "0.1.0"
TURTLE_PATH = Path(__file__).resolve().parent / "immuno.ttl"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class Term:
    """One class: its place in the hierarchy and the names it goes by."""

    name: str
    parents: tuple[str, ...]
    label: str
    definition: str
    synonyms: tuple[str, ...] = ()
    branch: bool = False  # organises the hierarchy; never linked in text


def term(name: str, parents: str | tuple[str, ...], label: str, definition: str, *synonyms: str) -> Term:
    return Term(name, (parents,) if isinstance(parents, str) else parents, label, definition, synonyms)


def branch(name: str, parent: str | None, label: str, definition: str) -> Term:
    return Term(name, (parent,) if parent else (), label, definition, branch=True)


TERMS: tuple[Term, ...] = (
    # --- cells -------------------------------------------------------------------------
    branch("Cell", None, "cell", "A cell of any type; the root of the cell branch."),
    term("ImmuneCell", "Cell", "immune cell",
         "A cell of the immune system, of haematopoietic origin.",
         "leukocyte", "leucocyte", "white blood cell", "immunocyte"),
    term("Lymphocyte", "ImmuneCell", "lymphocyte",
         "A leukocyte of the lymphoid lineage: T, B and NK cells."),
    term("NaturalKillerCell", "Lymphocyte", "natural killer cell",
         "An innate cytotoxic lymphocyte that kills stressed, infected or transformed cells "
         "without prior sensitisation and secretes IFN-gamma.",
         "NK cell", "NK", "natural killer", "natural killer lymphocyte", "NK lymphocyte"),
    term("TCell", "Lymphocyte", "T cell",
         "A lymphocyte that matures in the thymus and recognises antigen through a T cell receptor.",
         "T lymphocyte"),
    term("CytotoxicTCell", "TCell", "cytotoxic T cell",
         "A T cell, usually CD8-positive, that kills target cells presenting its antigen.",
         "cytotoxic T lymphocyte", "CTL", "killer T cell"),
    term("HelperTCell", "TCell", "helper T cell",
         "A CD4-positive T cell that directs other immune cells through the cytokines it secretes.",
         "T helper cell", "T-helper cell", "Th cell"),
    term("Th17Cell", "HelperTCell", "Th17 cell",
         "A helper T cell that secretes IL-17 and drives inflammation and autoimmunity.",
         "T-helper 17 cell", "T helper 17 cell", "helper T cell 17", "Th17"),
    term("RegulatoryTCell", "TCell", "regulatory T cell",
         "A T cell, typically CD4+CD25+FOXP3+, that suppresses immune responses and keeps tolerance.",
         "Treg", "Treg cell", "T regulatory cell", "regulatory T lymphocyte"),
    term("GammaDeltaTCell", "TCell", "gamma-delta T cell",
         "A T cell whose antigen receptor is made of a gamma and a delta chain.",
         "gammadelta T cell", "\u03b3\u03b4 T cell", "gamma delta T cell", "gammadelta T lymphocyte"),
    term("NaturalKillerTCell", "TCell", "natural killer T cell",
         "A T cell that also carries NK cell receptors and answers quickly to lipid antigens on CD1d.",
         "NKT cell", "NK T cell", "NKT"),
    term("InvariantNaturalKillerTCell", "NaturalKillerTCell", "invariant natural killer T cell",
         "A CD1d-restricted NKT cell with an invariant TCR alpha chain that recognises "
         "alpha-galactosylceramide (type I NKT cell).",
         "invariant NKT cell", "invariant NK T cell", "iNKT cell", "iNKT", "type I NKT cell",
         "type I natural killer T cell"),
    term("BCell", "Lymphocyte", "B cell",
         "A lymphocyte that carries a B cell receptor and can become an antibody-secreting cell.",
         "B lymphocyte"),
    term("DendriticCell", "ImmuneCell", "dendritic cell",
         "A professional antigen-presenting cell that primes naive T cells.",
         "DC"),
    term("Monocyte", "ImmuneCell", "monocyte",
         "A circulating myeloid leukocyte that gives rise to macrophages and dendritic cells."),
    term("Macrophage", "ImmuneCell", "macrophage",
         "A phagocytic myeloid cell that lives in tissues."),
    term("CD34PositiveHematopoieticProgenitorCell", "Cell", "CD34+ hematopoietic progenitor cell",
         "A haematopoietic stem or progenitor cell identified by surface CD34, as isolated from "
         "bone marrow, mobilised blood or umbilical cord blood.",
         "CD34+ haematopoietic progenitor cell", "CD34-positive hematopoietic progenitor cell",
         "CD34+ hematopoietic progenitor", "CD34+ haematopoietic progenitor",
         "CD34+ hematopoietic stem and progenitor cell", "CD34+ progenitor cell", "CD34+ progenitor", "CD34+ cell",
         "CD34-positive cell", "CD34+ HSPC"),
    term("StemCell", "Cell", "stem cell",
         "A cell that renews itself and gives rise to more specialised cells."),
    term("InducedPluripotentStemCell", "StemCell", "induced pluripotent stem cell",
         "A pluripotent stem cell reprogrammed from a somatic cell.",
         "iPSC", "iPS cell", "hiPSC"),
    term("StromalCell", "Cell", "stromal cell",
         "A connective-tissue cell of an organ's supporting framework."),
    term("BoneMarrowStromalCell", "StromalCell", "bone marrow stromal cell",
         "A stromal cell of the bone marrow; cultured, they are the classical source of MSCs.",
         "stromal cell of bone marrow", "marrow stromal cell", "BMSC"),
    term("MesenchymalStromalCell", "StromalCell", "mesenchymal stromal cell",
         "A plastic-adherent, multipotent stromal cell of mesenchymal origin (ISCT criteria); "
         "broader than mesenchymal stem cell.",
         "multipotent mesenchymal stromal cell", "mesenchymal stem/stromal cell"),
    term("MesenchymalStemCell", ("MesenchymalStromalCell", "StemCell"), "mesenchymal stem cell",
         "A multipotent stromal stem cell that renews itself, gives rise to bone, cartilage and fat, "
         "and modulates immune responses.",
         "MSC", "hMSC"),
    term("BoneMarrowMesenchymalStemCell", ("MesenchymalStemCell", "BoneMarrowStromalCell"),
         "bone marrow mesenchymal stem cell",
         "A mesenchymal stem cell isolated from bone marrow.",
         "bone marrow-derived mesenchymal stem cell", "bone marrow mesenchymal stromal cell",
         "bone marrow-derived mesenchymal stromal cell", "bone marrow MSC", "bone marrow-derived MSC",
         "BM-MSC"),
    term("AdiposeDerivedMesenchymalStemCell", "MesenchymalStemCell", "adipose-derived mesenchymal stem cell",
         "A mesenchymal stem cell isolated from adipose tissue.",
         "adipose-derived stem cell", "adipose tissue-derived stem cell",
         "adipose tissue-derived mesenchymal stem cell", "mesenchymal stem cell of adipose tissue",
         "stem cell derived from adipose tissue", "adipose-derived stromal cell",
         "adipose-derived mesenchymal stromal cell", "adipose-derived MSC", "adipose stem cell",
         "hMSC-AT", "ADSC", "AD-MSC", "AT-MSC"),
    term("UmbilicalCordMesenchymalStemCell", "MesenchymalStemCell", "umbilical cord mesenchymal stem cell",
         "A mesenchymal stem cell isolated from umbilical cord tissue, including Wharton's jelly.",
         "umbilical cord-derived mesenchymal stem cell", "umbilical cord mesenchymal stromal cell",
         "Wharton's jelly mesenchymal stem cell", "umbilical cord MSC", "UC-MSC"),
    term("FetalMesenchymalStemCell", "MesenchymalStemCell", "fetal mesenchymal stem cell",
         "A mesenchymal stem cell isolated from fetal tissue such as fetal bone marrow, liver or blood.",
         "fetal mesenchymal stromal cell", "foetal mesenchymal stem cell", "fetal MSC"),
    term("IPSCDerivedMesenchymalStemCell", "MesenchymalStemCell", "iPSC-derived mesenchymal stem cell",
         "A mesenchymal stem cell differentiated in vitro from induced pluripotent stem cells.",
         "induced pluripotent stem cell-derived mesenchymal stem cell",
         "mesenchymal stem cell derived from induced pluripotent stem cell",
         "iPS cell-derived mesenchymal stem cell", "iPSC-derived MSC", "iPSC-MSC"),
    term("EndothelialCell", "Cell", "endothelial cell",
         "A cell of the endothelium that lines blood and lymphatic vessels.",
         "endothelial lineage cell"),
    term("Chondrocyte", "Cell", "chondrocyte",
         "A cartilage cell, which secretes the collagen-rich cartilage matrix."),
    # --- molecules ---------------------------------------------------------------------
    branch("Molecule", None, "molecule",
           "A molecular entity (protein, lipid or small molecule); the root of the molecule branch."),
    branch("Protein", "Molecule", "protein", "A protein or protein family."),
    term("Cytokine", "Protein", "cytokine",
         "A small secreted protein that carries signals between cells, notably immune cells."),
    term("Chemokine", "Cytokine", "chemokine",
         "A chemotactic cytokine that directs the migration of cells carrying its receptor.",
         "chemotactic cytokine"),
    term("InterferonGamma", "Cytokine", "interferon gamma",
         "The type II interferon, secreted by NK and T cells, that activates macrophages and "
         "licenses MSCs to suppress immune responses.",
         "interferon-gamma", "gamma interferon", "IFN-gamma", "IFN-\u03b3", "IFN\u03b3", "IFNG", "type II interferon",
         "immune interferon"),
    term("Interleukin2", "Cytokine", "interleukin-2",
         "A cytokine, made mainly by activated T cells, that drives T and NK cell proliferation.",
         "IL-2", "IL2", "interleukin 2"),
    term("TransformingGrowthFactorBeta", "Cytokine", "transforming growth factor beta",
         "The TGF-beta cytokine family (TGF-beta 1, 2 and 3); broadly immunosuppressive.",
         "TGF-beta", "TGF-\u03b2", "TGF\u03b2", "transforming growth factor-beta"),
    term("TransformingGrowthFactorBeta1", "TransformingGrowthFactorBeta", "transforming growth factor beta 1",
         "The TGF-beta isoform secreted by MSCs and regulatory T cells; inhibits NK and T cell "
         "proliferation.",
         "TGF-beta1", "TGF-beta 1", "TGF-\u03b21", "TGF\u03b21", "TGFB1", "transforming growth factor beta1"),
    term("ComplementFactorH", "Protein", "complement factor H",
         "A plasma glycoprotein that inhibits the alternative complement pathway; MSCs secrete it.",
         "factor H", "CFH"),
    term("IDO1", "Protein", "IDO1",
         "Indoleamine 2,3-dioxygenase 1, the tryptophan-degrading enzyme that IFN-gamma induces in "
         "human MSCs and through which they suppress T and NK cells.",
         "indoleamine 2,3-dioxygenase 1", "indoleamine 2,3-dioxygenase", "indoleamine-pyrrole 2,3-dioxygenase",
         "IDO"),
    term("MHCMolecule", "Protein", "MHC molecule",
         "A glycoprotein of the major histocompatibility complex (HLA in humans) that presents peptides to "
         "T cells or engages NK cell receptors.",
         "major histocompatibility complex", "major histocompatibility complex molecule", "MHC",
         "human leukocyte antigen", "HLA", "HLA molecule"),
    term("HLAG", "MHCMolecule", "HLA-G",
         "A non-classical MHC class Ib molecule; its soluble form, secreted by MSCs, inhibits NK cells.",
         "human leukocyte antigen G", "HLA-G antigen", "HLAG"),
    term("SERPINB9", "Protein", "SERPINB9",
         "An intracellular serpin that inhibits granzyme B and so protects cells, MSCs among them, "
         "from cytotoxic lymphocytes.",
         "serpin B9", "serpin family B member 9", "proteinase inhibitor 9", "protease inhibitor 9", "PI-9"),
    term("CD34Antigen", "Protein", "CD34 antigen",
         "A cell-surface sialomucin that marks haematopoietic stem and progenitor cells.",
         "CD34"),
    term("TypeIICollagen", "Protein", "type II collagen",
         "The fibrillar collagen of cartilage; an autoantigen in arthritis.",
         "collagen type II", "collagen II"),
    branch("Receptor", "Protein", "receptor", "A protein that binds a ligand and passes on a signal."),
    term("NKp30", "Receptor", "NKp30",
         "An activating natural cytotoxicity receptor of NK cells (NCR3) that engages ligands on MSCs.",
         "natural cytotoxicity triggering receptor 3", "NCR3", "CD337", "NKp30 receptor"),
    term("NKG2D", "Receptor", "NKG2D",
         "An activating NK cell receptor (KLRK1) that binds stress-induced ligands such as MICA and ULBPs.",
         "KLRK1", "NKG2-D", "CD314", "NKG2D receptor", "killer cell lectin like receptor K1",
         "NK cell lectin-like receptor subfamily K"),
    term("ProstaglandinD2Receptor", "Receptor", "prostaglandin D2 receptor",
         "The D prostanoid receptor DP1 (PTGDR), through which prostaglandin D2 suppresses NK cells.",
         "D prostanoid receptor", "DP receptor", "DP1 receptor", "PTGDR", "prostaglandin D receptor"),
    term("LipidMediator", "Molecule", "lipid mediator",
         "A bioactive lipid, such as a prostaglandin, that carries signals between cells."),
    term("ProstaglandinE2", "LipidMediator", "prostaglandin E2",
         "A cyclooxygenase product secreted by MSCs that suppresses NK cells and dendritic cell maturation.",
         "PGE2", "prostaglandin e(2)", "PGE(2)", "dinoprostone"),
    term("ProstaglandinD2", "LipidMediator", "prostaglandin D2",
         "A prostaglandin that suppresses NK and iNKT cell function through the DP1 receptor.",
         "PGD2", "PGD(2)"),
    term("NitricOxide", "Molecule", "nitric oxide",
         "A gaseous free radical made by inducible NO synthase; mediates MSC immunosuppression in mice.",
         "nitrogen monoxide"),
    # --- processes ---------------------------------------------------------------------
    branch("Process", None, "process", "A biological process; the root of the process branch."),
    term("ImmuneResponse", "Process", "immune response",
         "A response of the immune system to a stimulus, carried out by immune cells and molecules.",
         "immune cell response"),
    term("InnateImmuneResponse", "ImmuneResponse", "innate immune response",
         "The fast, germline-encoded immune response of cells such as NK cells, monocytes and dendritic cells.",
         "innate immunity", "innate response"),
    term("AdaptiveImmuneResponse", "ImmuneResponse", "adaptive immune response",
         "The antigen-specific immune response of T and B cells, which leaves immunological memory.",
         "adaptive immunity", "acquired immunity"),
    term("Inflammation", "Process", "inflammation",
         "The local response to injury or infection: vasodilation, leukocyte recruitment and "
         "inflammatory mediators.",
         "inflammatory response", "inflammatory"),
    term("Immunomodulation", "Process", "immunomodulation",
         "A change in the strength or kind of an immune response, such as MSCs cause.",
         "immunoregulation", "immune regulation", "immune modulation", "immunomodulatory", "immunoregulatory"),
    term("Immunosuppression", "Immunomodulation", "immunosuppression",
         "The reduction of an immune response.",
         "immune suppression", "immunosuppressive"),
    term("MissingSelfRecognition", "Process", "missing-self recognition",
         "NK cell activation by target cells that lack the self MHC class I ligands of inhibitory receptors.",
         "missing self", "missing-self hypothesis"),
    term("CellActivation", "Process", "cell activation",
         "The change of a cell to an active, effector state upon a stimulus."),
    term("NaturalKillerCellActivation", "CellActivation", "natural killer cell activation",
         "The activation of an NK cell by its activating receptors or cytokines.",
         "NK cell activation", "NK activation", "NK cell triggering", "natural killer cell triggering"),
    term("CellKilling", "Process", "cell killing",
         "A process that results in the death of a cell, by any means.",
         "killing"),
    term("CellLysis", "CellKilling", "cell lysis",
         "The rupture of a cell's plasma membrane and the loss of its contents.",
         "cytolysis", "lysis", "cytolytic"),
    term("ImmunologicCytotoxicity", "CellKilling", "immunologic cytotoxicity",
         "The destruction of target cells by immune effector cells, or by antibodies and complement.",
         "immunological cytotoxicity", "immune cytotoxicity", "immune-mediated cytotoxicity", "cytotoxicity"),
    term("NaturalKillerCellMediatedCytotoxicity", "ImmunologicCytotoxicity",
         "natural killer cell mediated cytotoxicity",
         "The killing of a target cell by an NK cell through perforin and granzymes or death receptors.",
         "NK cell mediated cytotoxicity", "NK cell-mediated lysis", "NK-mediated lysis",
         "natural killer cell-mediated lysis", "NK cell mediated cytolysis", "NK cell mediated cell killing",
         "NK-mediated cytotoxicity", "NK-mediated killing", "natural killer cell cytotoxicity",
         "NK cell cytotoxicity", "NK cytotoxicity", "NK cell killing", "NK activity", "NK cell activity",
         "natural killer cell activity", "NK cell cytolytic activity", "NK cell cytolytic"),
    term("CellProliferation", "Process", "cell proliferation",
         "The multiplication of cells by division.",
         "cell population proliferation", "proliferation"),
    term("CellDifferentiation", "Process", "cell differentiation",
         "The process by which a less specialised cell becomes a more specialised cell type.",
         "differentiation"),
    term("CellMaturation", "Process", "cell maturation",
         "The last steps by which a cell acquires its full function, as in dendritic cell maturation.",
         "maturation"),
    term("CellCycle", "Process", "cell cycle",
         "The sequence of growth, DNA replication and division by which a cell divides.",
         "cell division cycle"),
    term("CellMigration", "Process", "cell migration",
         "The directed movement of a cell, including homing of MSCs and recruitment of leukocytes to tissues.",
         "migration", "homing", "cell homing", "cell recruitment", "recruitment"),
    term("MesenchymalStemCellMigration", "CellMigration", "mesenchymal stem cell migration",
         "The migration of a mesenchymal stem cell, as in homing to injured or inflamed tissue.",
         "MSC migration", "mesenchymal stem cell homing", "MSC homing"),
    term("Phagocytosis", "Process", "phagocytosis",
         "The engulfment of particles or microbes by a cell such as a monocyte or macrophage.",
         "phagocytic", "phagocytic activity"),
    term("ComplementActivation", "Process", "complement activation",
         "The cascade of protease activations of the complement system.",
         "activation of complement", "complement system activation"),
    term("AntibodySecretion", "Process", "antibody secretion",
         "The release of antibodies by B cells and plasma cells.",
         "antibody production", "immunoglobulin secretion", "immunoglobulin production"),
    term("Engraftment", "Process", "engraftment",
         "The settling and growth of transplanted cells in the recipient."),
    term("GraftSurvival", "Process", "graft survival",
         "The persistence of transplanted tissue without rejection.",
         "allograft survival", "skin graft survival", "transplant survival"),
    term("WoundHealing", "Process", "wound healing",
         "The repair of injured tissue.",
         "wound repair"),
    # --- diseases ----------------------------------------------------------------------
    branch("Disease", None, "disease", "A disease or pathological condition; the root of the disease branch."),
    term("ImmuneMediatedDisease", "Disease", "immune-mediated disease",
         "A disease caused by an inappropriate or excessive immune response.",
         "immune-mediated disorder"),
    term("InflammatoryBowelDisease", "ImmuneMediatedDisease", "inflammatory bowel disease",
         "A chronic immune-mediated inflammation of the gut: Crohn's disease and ulcerative colitis.",
         "IBD"),
    term("GraftVersusHostDisease", "ImmuneMediatedDisease", "graft-versus-host disease",
         "Damage to a transplant recipient's tissues by immune cells of the graft.",
         "graft versus host disease", "graft vs host disease", "GvHD", "GVHD"),
    term("RheumatoidArthritis", "ImmuneMediatedDisease", "rheumatoid arthritis",
         "A chronic autoimmune inflammation of the synovial joints."),
    term("Colitis", "Disease", "colitis", "Inflammation of the colon."),
    term("Sepsis", "Disease", "sepsis",
         "Life-threatening organ dysfunction caused by a dysregulated host response to infection."),
    term("Bacteremia", "Disease", "bacteremia", "The presence of bacteria in the blood.", "bacteraemia"),
    term("Neoplasm", "Disease", "neoplasm",
         "An abnormal growth of tissue; benign or malignant.",
         "cancer", "malignancy", "malignant neoplasm"),
    term("Melanoma", "Neoplasm", "melanoma", "A malignant tumour of melanocytes.", "malignant melanoma"),
    term("Metastasis", "Disease", "metastasis",
         "The spread of a malignant tumour from its primary site to distant sites.",
         "metastases", "tumor metastasis", "tumour metastasis", "neoplasm metastasis"),
)


@dataclass(frozen=True)
class Mapping:
    """One verified external match, citing the `concept` column of its ontology-ids.tsv row."""

    term: str
    relation: str  # a SKOS mapping property: exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch
    iri: str
    tsv_concept: str


OBO = "http://purl.obolibrary.org/obo/"
MESH = "http://id.nlm.nih.gov/mesh/"
EFO = "http://www.ebi.ac.uk/efo/"
WIKIDATA = "http://www.wikidata.org/entity/"
HGNC = "https://identifiers.org/hgnc:"
UNIPROT = "http://purl.uniprot.org/uniprot/"


def _gene_product(term: str, hgnc: str, uniprot: str, tsv_concept: str) -> tuple[Mapping, ...]:
    """HGNC (a human gene) and UniProt (the human protein) are close, not exact, to a species-neutral
    protein term."""
    return (Mapping(term, "closeMatch", HGNC + hgnc, tsv_concept),
            Mapping(term, "closeMatch", UNIPROT + uniprot, tsv_concept))


MAPPINGS: tuple[Mapping, ...] = (
    Mapping("NaturalKillerCell", "exactMatch", OBO + "CL_0000623", "natural killer cell"),
    Mapping("NaturalKillerCell", "exactMatch", MESH + "D007694", "natural killer cell"),
    Mapping("MesenchymalStemCell", "exactMatch", OBO + "CL_0000134", "mesenchymal stem cell"),
    Mapping("MesenchymalStemCell", "exactMatch", EFO + "EFO_0000586", "mesenchymal stem cell"),
    Mapping("MesenchymalStemCell", "exactMatch", MESH + "D059630", "mesenchymal stem cell"),
    Mapping("MesenchymalStromalCell", "closeMatch", OBO + "CL_0000134", "mesenchymal stromal cell"),
    Mapping("MesenchymalStromalCell", "closeMatch", MESH + "D059630", "mesenchymal stromal cell"),
    Mapping("StromalCell", "exactMatch", OBO + "CL_0000499", "mesenchymal stromal cell"),
    Mapping("StromalCell", "exactMatch", MESH + "D017154", "mesenchymal stromal cell"),
    Mapping("BoneMarrowStromalCell", "exactMatch", OBO + "CL_0010001", "mesenchymal stromal cell"),
    Mapping("TCell", "exactMatch", OBO + "CL_0000084", "T cell"),
    Mapping("TCell", "exactMatch", MESH + "D013601", "T cell"),
    Mapping("CytotoxicTCell", "exactMatch", OBO + "CL_0000910", "cytotoxic T cell"),
    Mapping("CytotoxicTCell", "exactMatch", MESH + "D013602", "cytotoxic T cell"),
    Mapping("CytotoxicTCell", "narrowMatch", OBO + "CL_0000794", "cytotoxic T cell"),
    Mapping("RegulatoryTCell", "exactMatch", OBO + "CL_0000815", "regulatory T cell"),
    Mapping("RegulatoryTCell", "exactMatch", MESH + "D050378", "regulatory T cell"),
    Mapping("Th17Cell", "exactMatch", OBO + "CL_0000899", "Th17 cell"),
    Mapping("Th17Cell", "exactMatch", MESH + "D058504", "Th17 cell"),
    Mapping("GammaDeltaTCell", "exactMatch", OBO + "CL_0000798", "gamma-delta T cell"),
    Mapping("GammaDeltaTCell", "relatedMatch", MESH + "D016692", "gamma-delta T cell"),
    Mapping("InvariantNaturalKillerTCell", "exactMatch", OBO + "CL_0000921", "invariant NKT cell"),
    Mapping("InvariantNaturalKillerTCell", "broadMatch", OBO + "CL_0000814", "invariant NKT cell"),
    Mapping("InvariantNaturalKillerTCell", "broadMatch", MESH + "D055611", "invariant NKT cell"),
    Mapping("NaturalKillerTCell", "exactMatch", MESH + "D055611", "invariant NKT cell"),
    Mapping("DendriticCell", "exactMatch", OBO + "CL_0000451", "dendritic cell"),
    Mapping("DendriticCell", "exactMatch", MESH + "D003713", "dendritic cell"),
    Mapping("Monocyte", "exactMatch", OBO + "CL_0000576", "monocyte"),
    Mapping("Monocyte", "exactMatch", MESH + "D009000", "monocyte"),
    Mapping("Macrophage", "exactMatch", OBO + "CL_0000235", "macrophage"),
    Mapping("Macrophage", "exactMatch", MESH + "D008264", "macrophage"),
    Mapping("BCell", "exactMatch", OBO + "CL_0000236", "B cell"),
    Mapping("BCell", "exactMatch", MESH + "D001402", "B cell"),
    Mapping("CD34PositiveHematopoieticProgenitorCell", "closeMatch", OBO + "CL_0000837",
            "CD34+ hematopoietic progenitor"),
    Mapping("CD34PositiveHematopoieticProgenitorCell", "broadMatch", OBO + "CL_0008001",
            "CD34+ hematopoietic progenitor"),
    Mapping("CD34PositiveHematopoieticProgenitorCell", "narrowMatch", OBO + "CL_0001024",
            "CD34+ hematopoietic progenitor"),
    Mapping("CD34PositiveHematopoieticProgenitorCell", "closeMatch", MESH + "D006412",
            "CD34+ hematopoietic progenitor"),
    Mapping("CD34Antigen", "exactMatch", MESH + "D018952", "CD34+ hematopoietic progenitor"),
    Mapping("AdiposeDerivedMesenchymalStemCell", "exactMatch", OBO + "CL_0002570", "adipose-derived stem cell"),
    Mapping("AdiposeDerivedMesenchymalStemCell", "exactMatch", EFO + "EFO_0005023", "adipose-derived stem cell"),
    Mapping("InducedPluripotentStemCell", "exactMatch", EFO + "EFO_0004905", "induced pluripotent stem cell"),
    Mapping("InducedPluripotentStemCell", "exactMatch", MESH + "D057026", "induced pluripotent stem cell"),
    Mapping("InducedPluripotentStemCell", "broadMatch", OBO + "CL_0002248", "induced pluripotent stem cell"),
    Mapping("ProstaglandinE2", "exactMatch", OBO + "CHEBI_15551", "prostaglandin E2"),
    Mapping("ProstaglandinE2", "exactMatch", MESH + "D015232", "prostaglandin E2"),
    Mapping("ProstaglandinE2", "exactMatch", WIKIDATA + "Q416554", "prostaglandin E2"),
    Mapping("ProstaglandinD2", "exactMatch", OBO + "CHEBI_15555", "prostaglandin D2"),
    Mapping("ProstaglandinD2", "exactMatch", MESH + "D015230", "prostaglandin D2"),
    Mapping("ProstaglandinD2", "exactMatch", WIKIDATA + "Q419750", "prostaglandin D2"),
    Mapping("NitricOxide", "exactMatch", OBO + "CHEBI_16480", "nitric oxide"),
    Mapping("NitricOxide", "exactMatch", MESH + "D009569", "nitric oxide"),
    Mapping("NitricOxide", "exactMatch", WIKIDATA + "Q207843", "nitric oxide"),
    Mapping("InterferonGamma", "exactMatch", OBO + "PR_000000017", "interferon gamma"),
    Mapping("InterferonGamma", "exactMatch", MESH + "D007371", "interferon gamma"),
    *_gene_product("InterferonGamma", "5438", "P01579", "interferon gamma"),
    Mapping("Interleukin2", "exactMatch", OBO + "PR_000001379", "interleukin-2"),
    Mapping("Interleukin2", "exactMatch", MESH + "D007376", "interleukin-2"),
    *_gene_product("Interleukin2", "6001", "P60568", "interleukin-2"),
    Mapping("IDO1", "exactMatch", MESH + "D050503", "IDO1"),
    *_gene_product("IDO1", "6059", "P14902", "IDO1"),
    Mapping("TransformingGrowthFactorBeta", "exactMatch", OBO + "PR_000000046", "TGF-beta 1"),
    Mapping("TransformingGrowthFactorBeta1", "exactMatch", MESH + "D053773", "TGF-beta 1"),
    Mapping("TransformingGrowthFactorBeta1", "broadMatch", OBO + "PR_000000046", "TGF-beta 1"),
    *_gene_product("TransformingGrowthFactorBeta1", "11766", "P01137", "TGF-beta 1"),
    Mapping("ComplementFactorH", "exactMatch", OBO + "PR_000005378", "complement factor H"),
    Mapping("ComplementFactorH", "exactMatch", MESH + "D017242", "complement factor H"),
    *_gene_product("ComplementFactorH", "4883", "P08603", "complement factor H"),
    Mapping("NKp30", "exactMatch", OBO + "PR_000001895", "NKp30 (NCR3)"),
    Mapping("NKp30", "exactMatch", MESH + "D055628", "NKp30 (NCR3)"),
    *_gene_product("NKp30", "19077", "O14931", "NKp30 (NCR3)"),
    Mapping("NKG2D", "exactMatch", MESH + "D055655", "NKG2D (KLRK1)"),
    *_gene_product("NKG2D", "18788", "P26718", "NKG2D (KLRK1)"),
    Mapping("SERPINB9", "exactMatch", MESH + "C102316", "SERPINB9"),
    Mapping("SERPINB9", "broadMatch", MESH + "D015843", "SERPINB9"),
    *_gene_product("SERPINB9", "8955", "P50453", "SERPINB9"),
    Mapping("HLAG", "exactMatch", MESH + "D059951", "HLA-G"),
    *_gene_product("HLAG", "4964", "P17693", "HLA-G"),
    Mapping("Immunomodulation", "exactMatch", MESH + "D056747", "immunomodulation"),
    Mapping("Immunomodulation", "closeMatch", OBO + "GO_0002682", "immunomodulation"),
    Mapping("Immunomodulation", "closeMatch", OBO + "GO_0050776", "immunomodulation"),
    Mapping("NaturalKillerCellMediatedCytotoxicity", "exactMatch", OBO + "GO_0042267",
            "NK cell mediated cytotoxicity"),
    Mapping("NaturalKillerCellMediatedCytotoxicity", "broadMatch", MESH + "D003602", "NK cell mediated cytotoxicity"),
    Mapping("ImmunologicCytotoxicity", "exactMatch", MESH + "D003602", "NK cell mediated cytotoxicity"),
    Mapping("CellLysis", "exactMatch", OBO + "GO_0019835", "cell lysis"),
    Mapping("CellKilling", "exactMatch", OBO + "GO_0001906", "cell lysis"),
    Mapping("Inflammation", "exactMatch", OBO + "GO_0006954", "inflammation"),
    Mapping("Inflammation", "exactMatch", MESH + "D007249", "inflammation"),
    Mapping("InnateImmuneResponse", "exactMatch", OBO + "GO_0045087", "innate immune response"),
    Mapping("InnateImmuneResponse", "exactMatch", MESH + "D007113", "innate immune response"),
    Mapping("CellProliferation", "exactMatch", OBO + "GO_0008283", "cell proliferation"),
    Mapping("CellProliferation", "exactMatch", MESH + "D049109", "cell proliferation"),
    Mapping("CellMigration", "exactMatch", OBO + "GO_0016477", "homing / cell migration"),
    Mapping("CellMigration", "closeMatch", MESH + "D002465", "homing / cell migration"),
    Mapping("MesenchymalStemCellMigration", "exactMatch", OBO + "GO_1905319", "homing / cell migration"),
    Mapping("WoundHealing", "exactMatch", OBO + "GO_0042060", "wound healing"),
    Mapping("WoundHealing", "exactMatch", MESH + "D014945", "wound healing"),
    Mapping("GraftVersusHostDisease", "exactMatch", MESH + "D006086", "graft-versus-host disease"),
    Mapping("GraftVersusHostDisease", "exactMatch", OBO + "MONDO_0013730", "graft-versus-host disease"),
    Mapping("GraftVersusHostDisease", "exactMatch", OBO + "DOID_0081267", "graft-versus-host disease"),
    Mapping("Sepsis", "exactMatch", MESH + "D018805", "sepsis"),
    Mapping("Sepsis", "closeMatch", OBO + "HP_0100806", "sepsis"),
    Mapping("Colitis", "exactMatch", MESH + "D003092", "colitis"),
    Mapping("Colitis", "exactMatch", OBO + "MONDO_0005292", "colitis"),
    Mapping("Colitis", "exactMatch", OBO + "DOID_0060180", "colitis"),
    Mapping("RheumatoidArthritis", "exactMatch", MESH + "D001172", "rheumatoid arthritis"),
    Mapping("RheumatoidArthritis", "exactMatch", OBO + "MONDO_0008383", "rheumatoid arthritis"),
    Mapping("RheumatoidArthritis", "exactMatch", OBO + "DOID_7148", "rheumatoid arthritis"),
)
MAPPING_RELATIONS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@dataclass(frozen=True)
class Relation:
    """An object property; domain and range are unions of the classes named."""

    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    definition: str


AGENT = ("Cell", "Molecule")  # what can act on something else
RELATIONS: tuple[Relation, ...] = (
    Relation("inhibits", AGENT, ("Cell", "Molecule", "Process"),
             "The subject reduces the activity, amount or function of the object."),
    Relation("activates", AGENT, ("Cell", "Molecule", "Process"),
             "The subject increases the activity or function of the object."),
    Relation("induces", AGENT, ("Cell", "Molecule", "Process"),
             "The subject brings about the object: a process, a molecule's expression or a cell state."),
    Relation("lyses", ("Cell",), ("Cell",), "The subject cell kills the object cell by lysis."),
    Relation("secretes", ("Cell",), ("Molecule",), "The subject cell releases the object molecule."),
    Relation("expresses", ("Cell",), ("Molecule",), "The subject cell produces or carries the object molecule."),
    Relation("protectsFrom", AGENT, ("Disease", "Process"),
             "The subject prevents or lessens the object disease or harmful process."),
    Relation("recruits", AGENT, ("Cell",), "The subject draws the object cells to its site."),
    Relation("derivesFrom", ("Cell",), ("Cell",), "The subject cell was obtained by differentiating the object cell."),
    Relation("regulates", ("Cell", "Molecule", "Process"), ("Cell", "Molecule", "Process"),
             "The subject changes the activity, amount or outcome of the object, in a direction not stated "
             "(\"modulates\"; \"the inflammatory context will regulate NK-MSC interactions\")."),
)

RESTRICTIONS: tuple[tuple[str, str, str], ...] = (
    # (class, property, filler): every member has that relation to some member of filler. Only
    # what holds by definition goes here; findings of papers are claims about some cells, not all.
    ("CD34PositiveHematopoieticProgenitorCell", "expresses", "CD34Antigen"),
    ("IPSCDerivedMesenchymalStemCell", "derivesFrom", "InducedPluripotentStemCell"),
)

DISJOINT: tuple[tuple[str, ...], ...] = (
    ("Cell", "Molecule", "Process", "Disease"),
    ("ImmuneCell", "StromalCell", "EndothelialCell"),
    ("Lymphocyte", "DendriticCell", "Monocyte", "Macrophage"),
    ("TCell", "BCell", "NaturalKillerCell"),
    ("Protein", "LipidMediator", "NitricOxide"),
)


# --- building --------------------------------------------------------------------------


def _en(text: str) -> owlready2.locstr:
    return owlready2.locstr(text, "en")


Entity = Any  # owlready2 makes classes and properties at run time and ships no type stubs


def _one_of(classes: Sequence[Entity]) -> Entity:
    return classes[0] if len(classes) == 1 else owlready2.Or(list(classes))


def _annotation_properties(onto: owlready2.Ontology, namespace: str, *names: str) -> dict[str, Entity]:
    """Another vocabulary's properties as OWL annotation properties (keeps the ontology in OWL 2 DL)."""
    with onto.get_namespace(namespace):
        return {n: types.new_class(n, (owlready2.AnnotationProperty,)) for n in names}


def _add_iri_annotation(onto: owlready2.Ontology, subject: Entity, prop: Entity, iri: str) -> None:
    """owlready2 has no value type for an external IRI, so the triple is added by storid."""
    onto._add_obj_triple_spo(subject.storid, prop.storid, onto._abbreviate(iri))


def _classes(onto: owlready2.Ontology, skos: dict[str, Entity]) -> dict[str, Entity]:
    made: dict[str, Entity] = {}
    with onto:
        for t in TERMS:
            bases = tuple(made[p] for p in t.parents) or (owlready2.Thing,)
            cls: Entity = types.new_class(t.name, bases)
            cls.label = [_en(t.label)]
            skos["definition"][cls] = [_en(t.definition)]
            if not t.branch:
                skos["prefLabel"][cls] = [_en(t.label)]
                skos["altLabel"][cls] = [_en(s) for s in t.synonyms]
            made[t.name] = cls
    return made


def _relations(onto: owlready2.Ontology, classes: dict[str, Entity], skos: dict[str, Entity]) -> dict[str, Entity]:
    made: dict[str, Entity] = {}
    with onto:
        for r in RELATIONS:
            prop: Entity = types.new_class(r.name, (owlready2.ObjectProperty,))
            prop.domain = [_one_of([classes[c] for c in r.domain])]
            prop.range = [_one_of([classes[c] for c in r.range])]
            prop.label = [_en(_words(r.name))]
            skos["definition"][prop] = [_en(r.definition)]
            made[r.name] = prop
    return made


def _words(camel: str) -> str:
    """protectsFrom -> 'protects from'."""
    return "".join(" " + c.lower() if c.isupper() else c for c in camel)


def _axioms(onto: owlready2.Ontology, classes: dict[str, Entity], relations: dict[str, Entity]) -> None:
    with onto:
        for subject, prop, filler in RESTRICTIONS:
            classes[subject].is_a.append(relations[prop].some(classes[filler]))
        for group in DISJOINT:
            owlready2.AllDisjoint([classes[c] for c in group])


def build_ontology(world: owlready2.World) -> owlready2.Ontology:
    """The ontology, in ``world``, from TERMS, RELATIONS, RESTRICTIONS, DISJOINT and MAPPINGS."""
    onto = world.get_ontology(ONTOLOGY_IRI)
    skos = _annotation_properties(onto, SKOS_NS, "prefLabel", "altLabel", "definition", *MAPPING_RELATIONS)
    classes = _classes(onto, skos)
    relations = _relations(onto, classes, skos)
    _axioms(onto, classes, relations)
    with onto:
        for m in MAPPINGS:
            _add_iri_annotation(onto, classes[m.term], skos[m.relation], m.iri)
    onto.metadata.label = [_en("crosstalk immunology ontology")]
    # dcterms:description, not rdfs:comment: the loader names the ontology's graph by this IRI and
    # gives it provenance, whose shape reserves rdfs:comment on it for plain-string reader warnings.
    description = _annotation_properties(onto, DCTERMS_NS, "description")["description"]
    description[onto.metadata] = [_en(
        "Cells, molecules, processes and diseases of NK cell / mesenchymal stem cell crosstalk, "
        "for tagging immunology literature. External matches are verified identifiers only.")]
    onto.metadata.versionInfo = [ONTOLOGY_VERSION]
    return onto


class _SortedTurtle(TurtleSerializer):
    """rdflib's Turtle with named subjects in IRI order, so a diff shows what changed where.

    Blank nodes keep rdflib's order (fewest references first), which lets it nest lists and
    restrictions inside the subject that holds them.
    """

    def orderSubjects(self) -> list:  # noqa: N802 (rdflib's name)
        def key(s: Any) -> tuple[bool, int, Any]:
            blank = isinstance(s, rdflib.BNode)
            return blank, self._references[s] if blank else 0, s

        return sorted(self._subjects, key=key)


def to_turtle(ntriples: bytes, prefixes: Iterable[tuple[str, str]] = PREFIXES.items()) -> bytes:
    """Sorted Turtle with canonical blank-node labels, so equal graphs give equal bytes."""
    graph = rdflib.Graph(bind_namespaces="none")
    for triple in to_canonical_graph(rdflib.Graph().parse(data=ntriples, format="nt")):
        graph.add(triple)
    for prefix, iri in prefixes:
        graph.bind(prefix, iri)
    out = io.BytesIO()
    _SortedTurtle(graph).serialize(out, encoding="utf-8")
    return out.getvalue()


def build_turtle() -> bytes:
    """immuno.ttl's bytes, built in a fresh World so nothing leaks between runs."""
    world = owlready2.World()
    onto = build_ontology(world)
    buffer = io.BytesIO()
    onto.save(buffer, format="ntriples")
    world.close()
    return to_turtle(buffer.getvalue())


def main(argv: Sequence[str] = sys.argv[1:]) -> None:
    out = Path(argv[0]) if argv else TURTLE_PATH
    out.write_bytes(build_turtle())
    print(f"wrote {out} ({len(TERMS)} classes, {len(MAPPINGS)} external matches)")


if __name__ == "__main__":
    main()
