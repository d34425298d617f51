"""Quality floors on the team's gold corpus, and no events on non-diplomatic news."""

from __future__ import annotations

import pytest

from readouts.evaluate import evaluate
from readouts.ingest import IngestFailure, read_documents

FLOORS = {"persons": 0.90, "interactions": 0.80, "visits": 0.75, "initiatives": 0.75}


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
