"""Floors on the held-out set: 24 State Department releases annotated without looking at the extractor.

The texts are rebuilt from ../shared/corpus/stream by `tests/heldout/build.py`;
only the annotations live in the repository.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from readouts.evaluate import evaluate

HERE = Path(__file__).resolve().parent / "heldout"
FLOORS = {"persons": 0.90, "interactions": 0.85, "visits": 0.75, "initiatives": 0.85}


def _build_module():
    spec = importlib.util.spec_from_file_location("heldout_build", HERE / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(extractor, corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("heldout")
    _build_module().materialise(corpus / "stream" / "state-dept-2021-2022.jsonl", HERE, out)
    return evaluate(out, extractor.extract)


@pytest.mark.parametrize("name, floor", FLOORS.items())
def test_heldout_f1_floor(report, name, floor):
    assert report.counts[name].f1 >= floor, report.to_dict()[name]


def test_heldout_person_country_accuracy(report):
    assert report.accuracy["country"].value >= 0.90


def test_heldout_person_countries_are_right_or_absent(report):
    """A wrong country is worse than a missing one: on the held-out set none is wrong."""
    wrong = [w for d in report.docs for w in d.wrong if " country: " in w and "country: None" not in w]
    assert wrong == []


def test_heldout_negatives_yield_no_events(report):
    assert report.events_on_negative == 0
