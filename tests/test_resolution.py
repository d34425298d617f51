"""Knowledge-base resolution on SQLite and PostgreSQL: one person one node, one engagement one row.

The extractions are written out by hand (the contract of `readouts.schema`), so each test says
exactly what extraction gave the knowledge base and what the knowledge base made of it.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from readouts.resolve import name_key
from readouts.schema import Actor, Document, Event, Evidence, Extraction
from readouts.store import Store, queries
from readouts.store.models import Engagement, Person


@pytest.fixture
def store(database_url):
    store = Store.open(database_url)
    yield store
    store.close()


def person(local: str, name: str, title: str | None = None, country: str | None = None) -> Actor:
    return Actor(id=local, name=name, title=title, country=country, participant=True, mentions=[(0, len(name))])


def event(local: str, kind: str, *people: str, start: str | None = None, countries=(), anchor: int = 0) -> Event:
    return Event(id=local, type=kind, participants=list(people), countries=list(countries), start=start,
                 evidence=[Evidence(start=anchor, end=anchor + 10, text="evidence")])


def store_doc(store: Store, key: str, actors: list[Actor], events: list[Event] = (),
              published: date = date(2022, 5, 2), text: str | None = None) -> str:
    """Store one document with the given extraction; returns what the store did."""
    text = text or f"{key}\n\n" + " ".join(a.name for a in actors) + f" ({key})."
    document = Document(id=key, text=text, title=key, published=published, url=f"https://example.org/{key}")
    extraction = Extraction(id=key, title=key, published=published, actors=actors, events=list(events))
    outcome = store.add(document, extraction)
    store.apply_overrides()
    return outcome


def people_named(store: Store, surname: str) -> list[tuple[str, str | None]]:
    with store.session() as session:
        return sorted((p.name, p.country) for p in session.scalars(select(Person)) if surname in name_key(p.name))


def engagements(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(Engagement.id)))


@pytest.mark.parametrize("a, b", [
    ("Joseph R. Biden Jr.", "Joe Biden"),
    ("Sergey Lavrov", "Sergei Lavrov"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Kishida Fumio", "Fumio Kishida"),
    ("Antony J. Blinken", "Tony Blinken"),
    ("Secretary of State Blinken", "Blinken"),
])
def test_forms_of_one_name_have_one_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Joe Biden", "Jill Biden"), ("Angus King", "Angus"),
                                  ("Volodymyr Zelenskyy", "Vladimir Zelenskyy")])
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


def test_a_president_written_four_ways_is_one_person(store):
    store_doc(store, "a", [person("a1", "Joseph R. Biden Jr.", "President", "USA")])
    store_doc(store, "b", [person("a1", "Joe Biden", "President", "USA")])
    store_doc(store, "c", [person("a1", "Biden", "President")])  # no side given: joins the one who fits
    store_doc(store, "d", [person("a1", "President Biden", None, "USA")])
    assert people_named(store, "biden") == [("Joseph R. Biden Jr.", "USA")]
    assert {queries.person(store, q).handle for q in ("Biden", "Joe Biden", "President Biden")} == {
        "joseph-biden-usa"}


def test_a_transliteration_with_another_side_joins_and_the_disagreement_stays_visible(store):
    for key in ("a", "b"):
        store_doc(store, key, [person("a1", "Sergey Lavrov", "Foreign Minister", "RUS")])
    store_doc(store, "c", [person("a1", "Sergei Lavrov", "Foreign Minister", "IND")])
    assert people_named(store, "lavrov") == [("Sergey Lavrov", "RUS")]
    page = queries.person(store, "Sergei Lavrov")
    assert page.country == "RUS"
    assert [(s.country, s.documents) for s in page.sides] == [("RUS", 2), ("IND", 1)]


def test_a_weak_side_on_a_surname_joins_the_established_person(store):
    for key in ("a", "b", "c"):
        store_doc(store, key, [person("a1", "Sergey Lavrov", "Foreign Minister", "RUS")])
    store_doc(store, "qatar-briefing", [person("a1", "Lavrov", "Foreign Minister", "QAT")])
    assert people_named(store, "lavrov") == [("Sergey Lavrov", "RUS")]


def test_the_side_is_the_one_most_documents_give_not_the_first(store):
    store_doc(store, "a", [person("a1", "Antony J. Blinken", "Secretary of State", "PRK")])
    for key in ("b", "c"):
        store_doc(store, key, [person("a1", "Antony Blinken", "Secretary of State", "USA")])
    assert people_named(store, "blinken") == [("Antony J. Blinken", "USA")]
    assert queries.person(store, "Blinken").handle  # one answer, no E025


def test_family_name_first_and_surname_only_are_one_person(store):
    store_doc(store, "a", [person("a1", "Kishida Fumio", "Prime Minister", "JPN")])
    store_doc(store, "b", [person("a1", "Fumio Kishida", "Prime Minister", "JPN")])
    store_doc(store, "c", [person("a1", "Kishida", "Prime Minister", "JPN")])
    store_doc(store, "d", [person("a1", "Wang Yi", "Foreign Minister", "CHN")])
    store_doc(store, "e", [person("a1", "Wang", "Foreign Minister", "CHN")])
    assert people_named(store, "kishida") == [("Kishida Fumio", "JPN")]
    assert people_named(store, "wang") == [("Wang Yi", "CHN")]


def test_namesakes_of_other_offices_sides_and_periods_stay_apart(store):
    store_doc(store, "a", [person("a1", "Ahmed Khan", "Foreign Minister", "PAK")])
    store_doc(store, "b", [person("a1", "Khan", "Ambassador", "CAN")])
    store_doc(store, "c", [person("a1", "Joe Biden", "President", "USA")])
    store_doc(store, "d", [person("a1", "Jill Biden", "First Lady", "USA")])
    store_doc(store, "e", [person("a1", "John Kerry", "Special Envoy", "USA")], published=date(2022, 5, 2))
    store_doc(store, "f", [person("a1", "John Kerry", "Ambassador", "GBR")], published=date(2008, 5, 2))
    assert people_named(store, "khan") == [("Ahmed Khan", "PAK"), ("Khan", "CAN")]
    assert people_named(store, "biden") == [("Jill Biden", "USA"), ("Joe Biden", "USA")]
    assert people_named(store, "kerry") == [("John Kerry", "GBR"), ("John Kerry", "USA")]


def test_a_surname_with_its_own_sides_person_joins_that_one(store):
    for key in ("a", "b", "c"):
        store_doc(store, key, [person("a1", "Sarah Kim", "Foreign Minister", "KOR")])
    store_doc(store, "d", [person("a1", "Jae Kim", "Foreign Minister", "PRK")])
    store_doc(store, "e", [person("a1", "Kim", "Foreign Minister", "PRK")])
    page = queries.person(store, "Jae Kim")
    assert len(page.documents) == 2


ORIGINAL = ("Ministers of Chile and Kenya meet\n\n"
            "Chilean Foreign Minister Rosa Medina met Kenyan Foreign Minister Peter Wambua in Santiago on "
            "27 May 2025. The two ministers reviewed trade between their countries, agreed to open a new "
            "air route between Santiago and Nairobi, and discussed cooperation in mining, renewable energy "
            "and agriculture. They also spoke about the reform of the United Nations Security Council and "
            "the situation in the Horn of Africa, and agreed to meet again before the end of the year. "
            "Minister Medina thanked her guest for the visit and said that the relationship between Chile and "
            "Kenya had never been stronger. Minister Wambua "
            "invited his counterpart to visit Nairobi next year for the second round of political consultations "
            "between the two foreign ministries, and the two sides signed a memorandum on diplomatic training.")
COPY = ORIGINAL.replace("Ministers of Chile and Kenya meet", "Chile, Kenya ministers meet").replace(
    "never been stronger", "never been better")  # a syndicated copy: two phrases changed


def test_a_near_duplicate_with_a_yearless_date_joins_the_originals_engagement(store):
    actors = [person("a1", "Rosa Medina", "Foreign Minister", "CHL"),
              person("a2", "Peter Wambua", "Foreign Minister", "KEN")]
    store_doc(store, "original", actors, [event("e1", "meeting", "a1", "a2", start="2025-05-27",
                                                countries=["CHL", "KEN"])], text=ORIGINAL)
    before = engagements(store)
    outcome = store_doc(store, "copy", actors, [event("e1", "meeting", "a1", "a2", start="XXXX-05-27",
                                                      countries=["CHL", "KEN"])],
                        published=None, text=COPY)
    assert outcome == "near-duplicate"
    assert engagements(store) == before == 1
    with store.session() as session:
        row = queries.engagement(store, session.scalar(select(Engagement.id)))
    assert row.start == "2025-05-27" and len(row.reports) == 2


def test_a_call_and_its_meeting_twin_in_one_readout_are_one_engagement(store):
    actors = [person("a1", "Rosa Medina", "Foreign Minister", "CHL"),
              person("a2", "Peter Wambua", "Foreign Minister", "KEN")]
    store_doc(store, "readout", actors, [
        event("e1", "call", "a1", "a2", start="2022-05-02", anchor=20),
        event("e2", "meeting", "a2", "a1", anchor=200)])
    assert engagements(store) == 1
    with store.session() as session:
        assert session.scalar(select(Engagement.type)) == "call"


def test_a_call_and_a_meeting_on_other_days_stay_two(store):
    actors = [person("a1", "Rosa Medina", "Foreign Minister", "CHL"),
              person("a2", "Peter Wambua", "Foreign Minister", "KEN")]
    store_doc(store, "readout", actors, [
        event("e1", "call", "a1", "a2", start="2022-04-20", anchor=20),
        event("e2", "meeting", "a2", "a1", start="2022-05-02", anchor=200)])
    assert engagements(store) == 2


def test_a_multilateral_meeting_listed_pair_by_pair_is_one_engagement(store):
    actors = [person("a1", "Rosa Medina", "Foreign Minister", "CHL"),
              person("a2", "Peter Wambua", "Foreign Minister", "KEN"),
              person("a3", "Kenji Morita", "Foreign Minister", "JPN"),
              person("a4", "Ana Silva", "Foreign Minister", "BRA")]
    sentence = 120  # all three read from one sentence: "Medina met the ministers of Kenya, Japan and Brazil"
    store_doc(store, "multilateral", actors, [
        event(f"e{i}", "meeting", "a1", other, start="2022-05-02", anchor=sentence, countries=["CHL", iso])
        for i, (other, iso) in enumerate([("a2", "KEN"), ("a3", "JPN"), ("a4", "BRA")])])
    assert engagements(store) == 1
    (row,) = queries.timeline(store, "CHL")
    assert len(row.participants) == 4 and row.countries == ["BRA", "CHL", "JPN", "KEN"]


def test_a_syndicated_copy_of_a_dev_release_adds_no_engagement(store, extractor, corpus):
    """The issue's case, through the real extractor: two phrases changed, no metadata (so no year)."""
    from readouts.ingest import read_documents

    (original,) = read_documents([corpus / "dev" / "mea-fs-misri-us-2025.txt"])
    text = original.text.replace("Foreign Secretary", "FS", 1).replace(" and ", " & ", 1)
    copy = Document(id="syndicated-copy", text=text, url="https://wire.example.org/misri")
    store.ingest([original], extractor)
    before = engagements(store)
    summary = store.ingest([copy], extractor)
    assert summary.near_duplicates == 1 and before > 0
    assert engagements(store) == before
    assert store.ingest([original, copy], extractor).unchanged == 2 and engagements(store) == before


def two_putins(store: Store) -> None:
    """Two documents give Putin to Russia; a third, about Ukraine, gives a bare "Putin" to Ukraine."""
    for key in ("a", "b"):
        store_doc(store, key, [person("a1", "Vladimir Putin", "President", "RUS")])
    store_doc(store, "c", [person("a1", "Putin", "President", "UKR")])
    store_doc(store, "d", [person("a1", "Ahmed Khan", "Foreign Minister", "PAK")])
    store_doc(store, "e", [person("a1", "Sarah Khan", "Ambassador", "CAN")])


def test_suggestions_list_likely_duplicates_with_evidence_for_and_against(store):
    two_putins(store)
    (suggestion,) = store.merge_suggestions()  # the two Khans are not suggested
    assert (suggestion["keep"]["name"], suggestion["other"]["name"]) == ("Vladimir Putin", "Putin")
    assert suggestion["for"] == ['"Putin" is a shorter form of "Vladimir Putin"', "the same office (President)"]
    assert suggestion["against"] == ["different sides (RUS in 2 documents, UKR in 1)"]


def test_an_accepted_suggestion_is_a_merge_that_survives_reingest(store):
    two_putins(store)
    store.decide_suggestion(1, merge=True, note="one president")
    store_doc(store, "c", [person("a1", "Putin", "President", "UKR")], text="c\n\nPutin, re-extracted.")
    assert people_named(store, "putin") == [("Vladimir Putin", "RUS")]
    assert store.merge_suggestions() == []


def test_a_rejected_suggestion_is_not_made_again(store):
    two_putins(store)
    store.decide_suggestion(1, merge=False)
    assert store.merge_suggestions() == []
    assert len(people_named(store, "putin")) == 2


def test_people_suggest_on_the_command_line(store, database_url):
    from typer.testing import CliRunner

    from readouts.cli import app

    two_putins(store)
    runner = CliRunner()
    listed = runner.invoke(app, ["people", "suggest", "--db", database_url, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [s["other"]["handle"] for s in json.loads(listed.stdout)] == ["putin-ukr"]
    wrong = runner.invoke(app, ["people", "suggest", "--db", database_url, "--accept", "2"])
    assert wrong.exit_code == 1 and "E035" in wrong.output
    merged = runner.invoke(app, ["people", "suggest", "--db", database_url, "--accept", "1"])
    assert merged.exit_code == 0 and "merged into Vladimir Putin" in merged.output
    assert people_named(store, "putin") == [("Vladimir Putin", "RUS")]
    page = runner.invoke(app, ["query", "person", "Putin", "--db", database_url])
    assert page.exit_code == 0 and "sides in the documents: RUS 2, UKR 1" in page.output


def test_the_suggestions_page_and_api(store, database_url):
    from fastapi.testclient import TestClient

    from readouts.web import create_app

    two_putins(store)
    # a same-site form post, as the browser sends it (the origin check of the web app's security)
    with TestClient(create_app(database_url), headers={"Origin": "http://testserver"}) as client:
        page = client.get("/suggestions/people")
        assert page.status_code == 200
        assert "Vladimir Putin" in page.text and "different sides (RUS in 2 documents, UKR in 1)" in page.text
        (item,) = client.get("/api/suggestions/people").json()
        assert item["keep"]["handle"] == "vladimir-putin-rus"
        bad = client.post("/suggestions/people", data={"keep": "vladimir-putin-rus", "other": "putin-ukr",
                                                       "decision": "maybe"})
        assert bad.status_code == 400 and "E064" in bad.text
        forged = client.post("/suggestions/people", data={"keep": "vladimir-putin-rus", "other": "putin-ukr",
                                                          "decision": "merge"}, headers={"Origin": "null"})
        assert forged.status_code == 403 and "E063" in forged.text  # another site's form: refused
        done = client.post("/suggestions/people", data={"keep": "vladimir-putin-rus", "other": "putin-ukr",
                                                        "decision": "merge"}, follow_redirects=False)
        assert done.status_code == 303
        assert client.get("/api/suggestions/people").json() == []
        person = client.get("/people/vladimir-putin-rus")
        assert "Sides the documents give" in person.text and "UKR</span> 1 document" in person.text


def test_a_read_only_server_refuses_a_decision(store, database_url):
    from fastapi.testclient import TestClient

    from readouts.web import create_app

    two_putins(store)
    with TestClient(create_app(database_url, read_only=True)) as client:
        refused = client.post("/api/suggestions/people",
                              json={"keep": "vladimir-putin-rus", "other": "putin-ukr", "merge": False})
        assert refused.status_code == 403 and refused.json()["error"] == "E062"
    assert len(store.merge_suggestions()) == 1


def test_what_is_not_a_person_never_becomes_a_person_node(store):
    store_doc(store, "briefing", [person("a1", "John Quincy Adams Room"), person("a2", "Pride Month"),
                                  person("a3", "Today"), person("a4", "Kenya"),
                                  person("a5", "Medina", "Foreign Minister", "CHL")],
              text="briefing\n\nToday in the John Quincy Adams Room, as every day today, Minister Medina ...")
    with store.session() as session:
        assert session.scalars(select(Person.name)).all() == ["Medina"]  # a place name, but with an office


def test_an_untitled_full_name_does_not_take_over_a_president_named_by_surname(store):
    for key in ("a", "b"):
        store_doc(store, key, [person("a1", "Biden", "President", "USA")])
    store_doc(store, "c", [person("a1", "Jill Biden", None, "USA")])
    store_doc(store, "d", [person("a1", "Misri", "Foreign Secretary", "IND")])
    store_doc(store, "e", [person("a1", "Vikram Misri", "Foreign Secretary", "IND")])
    assert people_named(store, "biden") == [("Biden", "USA"), ("Jill Biden", "USA")]
    assert people_named(store, "misri") == [("Vikram Misri", "IND")]


def test_a_person_made_too_early_joins_once_the_evidence_is_in(store):
    """The first release read gives Kishida to Taiwan; three later ones to Japan. Consolidation (run
    by `Store.ingest` after storing) re-resolves the early, rarely named person against the rest."""
    store_doc(store, "first", [person("a1", "Kishida", "Prime Minister", "TWN")])
    for key in ("b", "c", "d"):
        store_doc(store, key, [person("a1", "Kishida Fumio", "Prime Minister", "JPN")])
    assert len(people_named(store, "kishida")) == 2
    assert store.consolidate_people() == 1
    assert people_named(store, "kishida") == [("Kishida Fumio", "JPN")]
    assert [(s.country, s.documents) for s in queries.person(store, "Kishida").sides] == [("JPN", 3), ("TWN", 1)]


def test_consolidation_leaves_a_pair_the_analyst_kept_apart(store):
    store_doc(store, "first", [person("a1", "Kishida", "Prime Minister", "TWN")])
    for key in ("b", "c", "d"):
        store_doc(store, key, [person("a1", "Kishida Fumio", "Prime Minister", "JPN")])
    store.keep_apart("kishida-twn", "Kishida Fumio")
    with store.session() as session:
        everybody = set(session.scalars(select(Person.id)))
    assert store.consolidate_people(everybody) == 0 and len(people_named(store, "kishida")) == 2
