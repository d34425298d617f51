"""Quality floors on the team's gold corpus, and no events on non-diplomatic news."""

from __future__ import annotations

import pytest

from readouts.evaluate import evaluate
from readouts.ingest import IngestFailure, read_documents

FLOORS = {"persons": 0.90, "interactions": 0.80, "visits": 0.75, "initiatives": 0.75, "dyads": 0.90}


@pytest.fixture(scope="module")
def report(extractor, corpus):
    return evaluate(corpus / "dev", extractor.extract)


@pytest.mark.parametrize("name, floor", FLOORS.items())
def test_f1_floor(report, name, floor):
    assert report.counts[name].f1 >= floor, report.to_dict()[name]


def test_person_country_accuracy_floor(report):
    assert report.accuracy["country"].value >= 0.90


def test_no_events_on_negative_gold_documents(report):
    assert report.events_on_negative == 0


def test_noise_news_yields_no_events(extractor, corpus):
    documents = [d for d in read_documents([corpus / "noise"]) if not isinstance(d, IngestFailure)]
    assert len(documents) >= 50
    with_events = [x.id for x in extractor.extract_many(documents) if x.events]
    assert with_events == []


# -- dev-wide: 30 documents from many more publishers, the measure of generalisation --------------
# Floors at what the extractor reached (2026-12-02), to be raised as it improves; the first run
# before any change was persons 0.772, interactions 0.471, visits 0.396, initiatives 0.364,
# person country 0.699 with 22 wrong countries, 6 events on the 10 negatives.
WIDE_FLOORS = {"persons": 0.90, "interactions": 0.75, "visits": 0.68, "initiatives": 0.65, "dyads": 0.80}


@pytest.fixture(scope="module")
def wide(extractor, corpus):
    if not (corpus / "dev-wide").is_dir():
        pytest.skip(f"dev-wide corpus not found at {corpus}")
    return evaluate(corpus / "dev-wide", extractor.extract)


@pytest.mark.parametrize("name, floor", WIDE_FLOORS.items())
def test_dev_wide_f1_floor(wide, name, floor):
    assert wide.counts[name].f1 >= floor, wide.to_dict()[name]


def test_dev_wide_person_countries_are_right_or_absent(wide):
    """A wrong country is worse than a missing one: on dev-wide none is wrong."""
    wrong = [w for d in wide.docs for w in d.wrong if " country: " in w and "country: None" not in w]
    assert wrong == []
    assert wide.accuracy["country"].value >= 0.85


def test_dev_wide_negatives_yield_at_most_one_event(wide):
    assert wide.events_on_negative <= 1
