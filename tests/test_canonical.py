"""The canonical case: the Foreign Secretary's visit to the United States (bundled sample)."""

from __future__ import annotations

from importlib import resources

import pytest

from readouts.ingest import read_documents
from readouts.schema import Extraction


@pytest.fixture(scope="module")
def result(extractor) -> Extraction:
    path = resources.files("readouts").joinpath("samples", "mea-fs-misri-us-2025.txt")
    [document] = list(read_documents([str(path)]))
    return extractor.extract(document)


def by_name(result: Extraction, name: str):
    return next(a for a in result.actors if a.name == name)


def test_people_with_offices_and_sides(result):
    expected = {
        "Vikram Misri": ("Foreign Secretary", "IND"),
        "Pavan Kapoor": ("Deputy National Security Advisor", "IND"),
        "Christopher Landau": ("Deputy Secretary of State", "USA"),
        "Steve Feinberg": ("Deputy Secretary of Defence", "USA"),
        "Elbridge Colby": ("Under Secretary for Policy", "USA"),
        "Michael Faulkender": ("Deputy Secretary of the Treasury", "USA"),
        "Jeffrey Kessler": ("Under Secretary", "USA"),
        "Narendra Modi": ("Prime Minister", "IND"),
    }
    for name, (title, country) in expected.items():
        actor = by_name(result, name)
        assert (actor.title, actor.country) == (title, country), name
    assert by_name(result, "Jeffrey Kessler").organization == "Department of Commerce"


def test_surname_mentions_are_the_same_actor(result):
    misri = by_name(result, "Vikram Misri")
    assert len(misri.mentions) >= 5
    assert len([a for a in result.actors if "Misri" in a.name]) == 1


def test_the_visit_with_its_dates_and_companion(result):
    visits = [e for e in result.events if e.type == "visit" and e.host_country == "USA"]
    misri, kapoor, modi = (by_name(result, n).id for n in ("Vikram Misri", "Pavan Kapoor", "Narendra Modi"))
    main = next(v for v in visits if misri in v.visitors)
    assert (main.start, main.end) == ("XXXX-05-27", "XXXX-05-29")
    assert kapoor in main.visitors
    assert main.cameo == "042" and main.plover.type == "CONSULT" and main.plover.mode == "visit"
    earlier = next(v for v in visits if modi in v.visitors)
    assert earlier is not main and misri not in earlier.visitors
    assert earlier.location.name == "Washington"


@pytest.mark.parametrize("counterpart, topic", [
    ("Christopher Landau", "technology"),
    ("Steve Feinberg", "defence"),
    ("Michael Faulkender", "finance"),
    ("Jeffrey Kessler", "trade"),
])
def test_each_meeting_with_its_topics(result, counterpart, topic):
    misri, other = by_name(result, "Vikram Misri").id, by_name(result, counterpart).id
    [event] = [e for e in result.events if e.type != "visit" and {misri, other} <= set(e.participants)]
    assert topic in event.topics
    assert event.location.country == "USA"
    assert event.part_of is not None
    modi = by_name(result, "Narendra Modi").id
    assert modi not in event.participants


def test_colby_sits_in_the_defence_talks(result):
    ids = {by_name(result, n).id for n in ("Vikram Misri", "Steve Feinberg", "Elbridge Colby")}
    assert any(ids <= set(e.participants) for e in result.events)


def test_roundtable_with_industry(result):
    [roundtable] = [e for e in result.events if e.type == "roundtable"]
    assert {"IND", "USA"} <= set(roundtable.countries)
    assert any("industry" in g for g in roundtable.groups)


def test_initiatives(result):
    names = {(i.acronym or i.name) for i in result.initiatives} | {i.name for i in result.initiatives}
    for wanted in ("COMPACT", "TRUST", "Quad", "I2U2", "IMEEC", "FATF"):
        assert any(wanted in n for n in names), wanted
    assert any("Bilateral Trade Agreement" in n for n in names)
    assert any("Strategic Trade Dialogue" in n for n in names)
    compact = [i for i in result.initiatives if "COMPACT" in i.name or i.acronym == "COMPACT"]
    assert len(compact) == 1 and len(compact[0].mentions) >= 3


def test_commitment_to_expedite_the_trade_dialogue(result):
    [commitment] = [c for c in result.commitments if "expedite" in c.text]
    ids = {by_name(result, n).id for n in ("Vikram Misri", "Jeffrey Kessler")}
    assert ids <= set(commitment.actors)
    dialogue = next(i for i in result.initiatives if "Strategic Trade Dialogue" in i.name)
    assert dialogue.id in commitment.initiatives


def test_every_fact_points_at_its_text(result):
    path = resources.files("readouts").joinpath("samples", "mea-fs-misri-us-2025.txt")
    text = path.read_text(encoding="utf-8").rstrip()
    for event in result.events:
        assert event.evidence
        for evidence in event.evidence:
            assert text[evidence.start:evidence.end] == evidence.text
    for actor in result.actors:
        for start, end in actor.mentions:
            assert text[start:end].strip()
    for initiative in result.initiatives:
        for start, end in initiative.mentions:
            assert text[start:end]
