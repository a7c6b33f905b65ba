"""Ingest: readers (one per format) -> records -> mapper -> loader."""
