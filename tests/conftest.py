"""Shared fixtures: the extractor (loaded once) and the team's corpus beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def extractor():
    from readouts.extract.engine import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, or a visible skip where it is absent."""
    if not (CORPUS / "dev").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
