"""Scoring against gold annotations, on hand-made extractions and gold files."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rich.console import Console

from readouts.errors import ReadoutsError
from readouts.evaluate import (
    Counts,
    GoldPerson,
    PredictedInitiative,
    PredictedView,
    evaluate,
    initiatives_match,
    load_document,
    load_gold,
    match_names,
    normalise_initiative,
    normalise_name,
    predicted_view,
    render_report,
    score_document,
)
from readouts.schema import Actor, Document, Event, Extraction, Initiative, Location


def person(name, title=None, country=None):
    return {"name": name, "title": title, "country": country}


def view(*names, initiatives=(), events=0):
    return PredictedView(
        persons=[GoldPerson(name=n) for n in names],
        initiatives=[PredictedInitiative(name=n) for n in initiatives],
        events=events,
    )


RUBIO_LAVROV = Extraction(
    id="call",
    actors=[
        Actor(id="a1", name="Marco Rubio", title="Secretary of State", country="USA", participant=True),
        Actor(id="a2", name="Sergey Lavrov", title="Foreign Minister", country="RUS", participant=True),
        Actor(id="a3", name="Tammy Bruce", title="Spokesperson", country="USA"),
    ],
    events=[
        Event(id="e1", type="call", participants=["a1", "a2"], start="2025-02-15",
              location=Location(country=None)),
        Event(id="e2", type="meeting", participants=["a2", "a1"]),
        Event(id="e3", type="statement", participants=["a3", "a2"]),
    ],
)


# --- names of persons ---------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dr. Retno Marsudi", "retno marsudi"),
        ("H.E. Sheikh Abdullah bin Zayed Al Nahyan", "abdullah bin zayed al nahyan"),
        ("His Excellency Mr.  Bogdan Aurescu", "bogdan aurescu"),
        ("Dato' Sri Saifuddin Abdullah", "saifuddin abdullah"),
        ("Mevlüt Çavuşoğlu", "mevlut cavusoglu"),
        ("Asaad Hassan Al-Shaibani", "asaad hassan al shaibani"),
        ("He Lifeng", "he lifeng"),
    ],
)
def test_normalise_name_drops_case_accents_honorifics_and_punctuation(raw, expected):
    assert normalise_name(raw) == expected


def test_surname_only_matches_the_full_name_either_way_round():
    assert match_names(["Sergey Lavrov"], ["Lavrov"]) == {"Lavrov": "Sergey Lavrov"}
    assert match_names(["Lavrov"], ["Sergey Lavrov"]) == {"Sergey Lavrov": "Lavrov"}


def test_reordered_names_and_initials_match():
    alignment = match_names(["Hayashi Yoshimasa", "S. Jaishankar"], ["Yoshimasa Hayashi", "Subrahmanyam Jaishankar"])
    assert alignment == {"Yoshimasa Hayashi": "Hayashi Yoshimasa", "Subrahmanyam Jaishankar": "S. Jaishankar"}


def test_a_surname_shared_by_two_gold_persons_matches_neither():
    gold = {"persons": [person("Wang Yi"), person("Wang Wenbin")]}
    score = score_document(gold, view("Wang"))
    assert score.counts["persons"] == Counts(tp=0, fp=1, fn=2)


def test_each_gold_person_is_matched_at_most_once():
    gold = {"persons": [person("Antony Blinken")]}
    score = score_document(gold, view("Antony Blinken", "Blinken"))
    assert score.counts["persons"] == Counts(tp=1, fp=1, fn=0)


# --- what we predicted, in the gold's shape ---------------------------------------


def test_predicted_view_keeps_participants_and_pairs_of_different_sides_once():
    predicted = predicted_view(RUBIO_LAVROV)
    assert [p.name for p in predicted.persons] == ["Marco Rubio", "Sergey Lavrov"]
    assert len(predicted.interactions) == 1  # the call; the meeting repeats the pair
    assert predicted.interactions[0].type == "call"
    assert predicted.interactions[0].date == "2025-02-15"
    assert predicted.events == 3


def test_predicted_view_skips_pairs_from_the_same_country():
    extraction = Extraction(
        id="x",
        actors=[
            Actor(id="a", name="Vikram Misri", country="IND", participant=True),
            Actor(id="b", name="Pavan Kapoor", country="IND", participant=True),
            Actor(id="c", name="Christopher Landau", country="USA", participant=True),
            Actor(id="d", name="Someone Unknown", participant=True),
        ],
        events=[Event(id="e", type="talks", participants=["a", "b", "c", "d"])],
    )
    pairs = {frozenset((i.a, i.b)) for i in predicted_view(extraction).interactions}
    assert frozenset(("Vikram Misri", "Pavan Kapoor")) not in pairs
    assert frozenset(("Vikram Misri", "Christopher Landau")) in pairs
    assert frozenset(("Pavan Kapoor", "Someone Unknown")) in pairs  # unknown side counts as different
    assert len(pairs) == 5


def test_predicted_visits_fall_back_to_participants_not_from_the_host_country():
    extraction = Extraction(
        id="x",
        actors=[
            Actor(id="a", name="Bogdan Aurescu", country="ROU", participant=True),
            Actor(id="b", name="Abdullah bin Zayed", country="ARE", participant=True),
        ],
        events=[
            Event(id="v1", type="visit", participants=["a", "b"], host_country="ARE", start="2022-06-23"),
            Event(id="v2", type="visit", visitors=["a"], host_country="ARE"),
        ],
        initiatives=[Initiative(id="i", name="Comprehensive Strategic Partnership", acronym="CSP")],
    )
    predicted = predicted_view(extraction)
    assert [(v.visitor, v.host_country, v.start) for v in predicted.visits] == [
        ("Bogdan Aurescu", "ARE", "2022-06-23")
    ]
    assert predicted.initiatives == [PredictedInitiative(name="Comprehensive Strategic Partnership", acronym="CSP")]


# --- interactions and visits ------------------------------------------------------


def test_interactions_match_as_unordered_pairs_of_matched_persons():
    gold = {
        "persons": [person("Marco Rubio"), person("Lavrov")],
        "interactions": [{"a": "Lavrov", "b": "Marco Rubio", "type": "call", "date": "2025-02-15", "country": None}],
    }
    score = score_document(gold, predicted_view(RUBIO_LAVROV))
    assert score.counts["interactions"] == Counts(tp=1, fp=0, fn=0)
    assert score.accuracy["date"].correct == 1


def test_visits_match_on_visitor_and_host_country():
    gold = {
        "persons": [person("Wang Yi")],
        "visits": [{"visitor": "Wang Yi", "host_country": "IDN"}, {"visitor": "Wang Yi", "host_country": "THA"}],
    }
    predicted = PredictedView.model_validate(
        {"persons": [{"name": "Wang Yi"}], "visits": [{"visitor": "Wang Yi", "host_country": "IDN"}]}
    )
    score = score_document(gold, predicted)
    assert score.counts["visits"] == Counts(tp=1, fp=0, fn=1)
    assert score.false_negatives["visits"] == ["Wang Yi → THA"]


# --- initiatives -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("India-U.S. Strategic Trade Dialogue", "strategic trade dialogue"),
        ("Japan-India Energy Dialogue", "energy dialogue"),
        ("The Quad", "quad"),
        ("Foreign Ministers’ Strategic Dialogue", "foreign ministers strategic dialogue"),
        ("High-Level Dialogue and Cooperation Mechanism", "high level dialogue and cooperation mechanism"),
    ],
)
def test_normalise_initiative(raw, expected):
    assert normalise_initiative(raw) == expected


@pytest.mark.parametrize(
    ("gold", "predicted"),
    [
        ("India-U.S. COMPACT", "COMPACT"),
        ("India-U.K. Strategic Futures Forum", "the Strategic Futures Forum"),
        ("High-Level Dialogue and Cooperation Mechanism", "HDCM"),
        ("FATF", "Financial Action Task Force"),
        ("TRUST initiative", "TRUST"),
        ("G20", "Group of 20"),
    ],
)
def test_initiatives_that_name_the_same_thing(gold, predicted):
    assert initiatives_match(gold, predicted)


def test_initiatives_that_do_not_match():
    assert not initiatives_match("G20", "Group of 20 foreign ministers' meeting")
    assert not initiatives_match("Quad", "ASEAN")


def test_predicted_acronym_field_matches_the_gold_name():
    assert initiatives_match("Quad", "Quadrilateral Security Dialogue", acronym="Quad")


# --- arithmetic and negatives -------------------------------------------------------


def test_precision_recall_and_f1_on_a_tiny_case():
    gold = {"persons": [person("Retno Marsudi"), person("Wang Yi"), person("Joko Widodo")]}
    score = score_document(gold, view("Retno Marsudi", "Wang Yi", "Xi Jinping", "Ma Zhaoxu"))
    counts = score.counts["persons"]
    assert counts == Counts(tp=2, fp=2, fn=1)
    assert counts.precision == pytest.approx(0.5)
    assert counts.recall == pytest.approx(2 / 3)
    assert counts.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert score.false_positives["persons"] == ["Xi Jinping", "Ma Zhaoxu"]
    assert score.false_negatives["persons"] == ["Joko Widodo"]


def test_title_and_country_accuracy_on_matched_persons():
    gold = {"persons": [person("Penny Wong", "Foreign Minister", "AUS"), person("Antony Blinken", None, "USA")]}
    predicted = PredictedView(
        persons=[
            GoldPerson(name="Penny Wong", title="foreign minister", country="AUS"),
            GoldPerson(name="Blinken", title="Secretary of State", country="USA"),
        ]
    )
    score = score_document(gold, predicted)
    assert (score.accuracy["title"].correct, score.accuracy["title"].total) == (1, 2)
    assert (score.accuracy["country"].correct, score.accuracy["country"].total) == (2, 2)


def test_a_negative_document_counts_its_predictions_as_false_positives():
    gold = {"persons": [], "negative": True}
    score = score_document(gold, view("Shehbaz Sharif", initiatives=["CPEC"], events=2))
    assert score.counts["persons"] == Counts(tp=0, fp=1, fn=0)
    assert score.counts["initiatives"] == Counts(tp=0, fp=1, fn=0)
    assert score.counts["persons"].recall is None
    assert score.negative and score.events == 2


# --- gold folders -----------------------------------------------------------------------


def write_doc(folder, name, gold, text="Title\n\nBody.\n\n", meta=None):
    (folder / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    if text is not None:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    if meta is not None:
        (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


def test_no_gold_files_is_e011(tmp_path):
    with pytest.raises(ReadoutsError) as error:
        load_gold(tmp_path)
    assert error.value.code == "E011"


def test_invalid_gold_is_e012(tmp_path):
    (tmp_path / "a.gold.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ReadoutsError) as error:
        load_gold(tmp_path)
    assert error.value.code == "E012"


def test_gold_of_the_wrong_shape_is_e012(tmp_path):
    write_doc(tmp_path, "a", {"persons": [{"title": "Foreign Minister"}]})
    with pytest.raises(ReadoutsError, match="E012 .*persons.0.name"):
        load_gold(tmp_path)


def test_gold_without_its_text_is_e013(tmp_path):
    write_doc(tmp_path, "a", {"persons": []}, text=None)
    with pytest.raises(ReadoutsError) as error:
        load_gold(tmp_path)
    assert error.value.code == "E013"


def test_evaluate_calls_the_extractor_on_each_document_and_sums_the_counts(tmp_path):
    write_doc(
        tmp_path, "call",
        {"doc": "call.txt", "persons": [person("Marco Rubio", "Secretary of State", "USA"), person("Lavrov", None, "RUS")],
         "interactions": [{"a": "Marco Rubio", "b": "Lavrov", "type": "call", "date": None, "country": None}]},
        meta={"url": "https://example.org", "published": "2025-02-15", "source": "State", "title": "Title"},
    )
    write_doc(tmp_path, "oped", {"negative": True})
    seen: list[Document] = []

    def extractor(document: Document) -> Extraction:
        seen.append(document)
        return RUBIO_LAVROV if document.id == "call" else RUBIO_LAVROV.model_copy(update={"id": document.id})

    report = evaluate(tmp_path, extractor)

    assert [d.id for d in seen] == ["call", "oped"]
    assert seen[0].text == "Title\n\nBody." and seen[0].published == date(2025, 2, 15)
    assert seen[1].published is None
    assert report.counts["persons"] == Counts(tp=2, fp=2, fn=0)
    assert report.counts["interactions"] == Counts(tp=1, fp=1, fn=0)
    assert report.accuracy["date"].correct == 0  # predicted 2025-02-15, gold null
    assert report.events_on_negative == 3
    data = json.loads(json.dumps(report.to_dict()))
    assert data["persons"]["precision"] == 0.5
    assert data["per_doc"][1]["negative"] is True

    console = Console(record=True, width=160)
    console.print(render_report(report, per_doc=True))
    output = console.export_text()
    assert "oped" in output and "FP persons: Marco Rubio, Sergey Lavrov" in output


@pytest.mark.parametrize("meta", ['{not json', '[1, 2]', '{"published": "30 May 2025"}', '{"title": 7}',
                                  '{"published": "2025-13-01"}'])
def test_a_gold_folder_meta_file_is_checked_as_ingest_checks_it(tmp_path, meta):
    from readouts.ingest import read_documents

    write_doc(tmp_path, "a", {"persons": []})
    (tmp_path / "a.meta.json").write_text(meta, encoding="utf-8")
    [gold_doc] = load_gold(tmp_path)
    [failure] = read_documents([tmp_path / "a.txt"])
    with pytest.raises(ReadoutsError) as error:
        load_document(gold_doc)
    assert str(error.value) == failure.message and failure.code == "E010"


def test_a_gold_folder_meta_file_gives_the_document_what_ingest_gives(tmp_path):
    from readouts.ingest import read_documents

    write_doc(tmp_path, "a", {"persons": []}, meta={"url": " https://example.org/a ", "published": "2025-02-15",
                                                   "source": "State", "title": "Talks "})
    [document] = read_documents([tmp_path / "a.txt"])
    loaded = load_document(load_gold(tmp_path)[0])
    assert (loaded.title, loaded.published, loaded.url, loaded.source) == (
        document.title, document.published, document.url, document.source) == (
        "Talks", date(2025, 2, 15), "https://example.org/a", "State")


# --- country pairs (dyads) ----------------------------------------------------


def test_a_wrong_side_is_a_wrong_dyad_even_when_the_pair_of_persons_matches():
    gold = {
        "persons": [person("Wang Yi", country="CHN"), person("Musalia Mudavadi", country="KEN")],
        "interactions": [{"a": "Wang Yi", "b": "Musalia Mudavadi", "type": "meeting"}],
    }
    wrong = PredictedView(
        persons=[GoldPerson(name="Wang Yi", country="KEN"), GoldPerson(name="Musalia Mudavadi", country="USA")],
        interactions=[{"a": "Wang Yi", "b": "Musalia Mudavadi"}],
    )
    score = score_document(gold, wrong)
    assert score.counts["interactions"].tp == 1
    assert score.counts["dyads"] == Counts(tp=0, fp=1, fn=1)
    assert score.false_positives["dyads"] == ["KEN–USA"]
    assert score.false_negatives["dyads"] == ["CHN–KEN"]


def test_an_abstained_side_is_a_missed_dyad_and_a_visit_gives_its_host():
    gold = {
        "persons": [person("Vikram Misri", country="IND"), person("Christopher Landau", country="USA")],
        "interactions": [{"a": "Vikram Misri", "b": "Christopher Landau"}],
        "visits": [{"visitor": "Vikram Misri", "visitor_country": "IND", "host_country": "USA"}],
    }
    abstained = PredictedView(
        persons=[GoldPerson(name="Vikram Misri", country="IND"), GoldPerson(name="Christopher Landau")],
        interactions=[{"a": "Vikram Misri", "b": "Christopher Landau"}],
    )
    assert score_document(gold, abstained).counts["dyads"] == Counts(tp=0, fp=0, fn=1)
    with_visit = PredictedView(
        persons=abstained.persons, interactions=abstained.interactions,
        visits=[{"visitor": "Vikram Misri", "visitor_country": "IND", "host_country": "USA"}],
    )
    assert score_document(gold, with_visit).counts["dyads"] == Counts(tp=1, fp=0, fn=0)
