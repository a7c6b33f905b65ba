"""crosstalk: a linked-data knowledge graph of immunology literature."""

__version__ = "0.1.0"
