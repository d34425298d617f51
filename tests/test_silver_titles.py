"""The State Department title grammar of the silver set: titles in, expected records out."""

import pytest

from readouts.errors import ReadoutsError
from readouts.evaluate_silver import (
    explain_title,
    is_transcript,
    non_person_reason,
    parse_title,
    read_silver,
    silver_hit,
)
from readouts.schema import Actor, Event, Extraction, Location


def fields(title):
    record = parse_title(title)
    return (record.kind, record.principal, record.principal_country, record.counterpart,
            record.counterpart_country)


@pytest.mark.parametrize("title, expected", [
    ("Secretary Blinken’s Call with Ukrainian Foreign Minister Kuleba",
     ("call", "Blinken", "USA", "Kuleba", "UKR")),
    ("Deputy Secretary Sherman’s Meeting with President Tebboune of Algeria",
     ("meeting", "Sherman", "USA", "Tebboune", "DZA")),
    ("Secretary Blinken’s Call with NATO Secretary General Stoltenberg",
     ("call", "Blinken", "USA", "Stoltenberg", "IGO")),
    ("Secretary Blinken’s Call with UN Special Envoy for Yemen Hans Grundberg",
     ("call", "Blinken", "USA", "Hans Grundberg", "UNO")),
    ("Secretary Antony J. Blinken and Albanian Prime Minister Edi Rama Before Their Meeting",
     ("meeting", "Antony J. Blinken", "USA", "Edi Rama", "ALB")),
    ("Secretary Blinken Meeting with Qatari Deputy Prime Minister and Minister of Foreign Affairs Al-Thani",
     ("meeting", "Blinken", "USA", "Al-Thani", "QAT")),
    ("Deputy Secretary Sherman’s Call with Republic of Korea First Vice Foreign Minister Choi",
     ("call", "Sherman", "USA", "Choi", "KOR")),
    ("Secretary Blinken’s Call with Yemeni Presidential Leadership Council President Al-Alimi",
     ("call", "Blinken", "USA", "Al-Alimi", "YEM")),
    ("Secretary Blinken to Co-Host Virtual Global Action Plan Ministerial with Foreign Minister Hayashi of Japan",
     ("other", "Blinken", "USA", "Hayashi", "JPN")),
])
def test_title_to_record(title, expected):
    assert fields(title) == expected


def test_every_counterpart_of_a_list_keeps_its_country():
    record = parse_title("Secretary Blinken’s Meeting with Kosovan President Osmani and Prime Minister Kurti")
    assert [(p["name"], p["office"], p["country"]) for p in record.counterparts] == [
        ("Osmani", "President", "XKX"), ("Kurti", "Prime Minister", "XKX")]


def test_a_list_after_with_is_all_counterparts():
    record = parse_title("Secretary Antony J. Blinken With Costa Rican Foreign Minister Rodolfo Solano Quirós, "
                         "Dominican Republic Foreign Minister Roberto Álvarez, and Panamanian Foreign Minister "
                         "Erika Mouynes Before Their Meeting")
    assert record.principal == "Antony J. Blinken"
    assert [p["country"] for p in record.counterparts] == ["CRI", "DOM", "PAN"]


def test_surname_keeps_particles_out_and_suffixes_off():
    record = parse_title("Deputy Secretary Sherman’s Call with Dutch Political Director van der Plas")
    assert (record.counterpart, record.counterpart_surname, record.counterpart_office) == (
        "van der Plas", "plas", "Political Director")
    assert parse_title("Deputy Secretary Sherman’s Meeting with Philippine President-Elect Marcos, Jr."
                       ).counterpart_surname == "marcos"


def test_travel_lists_foreign_destinations():
    record = parse_title("Secretary Blinken’s Travel to Cambodia, the Philippines, South Africa, "
                         "the Democratic Republic of the Congo, and Rwanda")
    assert (record.kind, record.counterpart, record.destinations) == (
        "visit", None, ["KHM", "PHL", "ZAF", "COD", "RWA"])
    assert parse_title("Assistant Secretary Lee Satterfield Travels to Croatia and Cyprus").destinations == [
        "HRV", "CYP"]


@pytest.mark.parametrize("title, reason", [
    ("Department Press Briefing – July 28, 2022", "no engagement form"),
    ("Peru’s Independence Day", "no engagement form"),
    ("Deputy Secretary McKeon Travels to Miami, Florida", "travel with no foreign destination"),
    ("Deputy Secretary Sherman’s Call with French, German, Italian, and UK Counterparts", "no named counterpart"),
    ("Deputy Secretary Sherman’s Meeting with NATO Permanent Representatives", "no named counterpart"),
    ("U.S. Delegation Meeting with Taliban Representatives", "no engagement form"),
])
def test_titles_that_state_no_checkable_engagement_are_left_out(title, reason):
    assert explain_title(title) == (None, reason)


def test_transcripts_are_told_by_their_titles():
    assert is_transcript("Secretary Antony J. Blinken At a Press Availability")
    assert is_transcript("ON-THE-RECORD BRIEFING: Secretary Blinken’s Upcoming Travel to Panama")
    assert not is_transcript("Under Secretary Nuland’s Travel to Morocco")


def _extraction(event_type, name, country, host=None):
    return Extraction(
        id="d",
        actors=[Actor(id="a1", name="Antony Blinken", country="USA", participant=True),
                Actor(id="a2", name=name, country=country, participant=True)],
        events=[Event(id="e1", type=event_type, participants=["a1", "a2"], host_country=host,
                      location=Location(country=host) if host else None)],
    )


def test_a_call_is_found_by_surname_and_its_country_checked():
    record = parse_title("Secretary Blinken’s Call with Ukrainian Foreign Minister Kuleba")
    hit = silver_hit(record, _extraction("call", "Dmytro Kuleba", "UKR"))
    assert (hit.found, hit.country_right) == (True, True)
    wrong_side = silver_hit(record, _extraction("call", "Dmytro Kuleba", "RUS"))
    assert (wrong_side.found, wrong_side.country_right) == (True, False)


def test_a_call_is_not_found_as_a_meeting_nor_a_meeting_as_a_call():
    call = parse_title("Secretary Blinken’s Call with Ukrainian Foreign Minister Kuleba")
    meeting = parse_title("Secretary Blinken’s Meeting with Ukrainian Foreign Minister Kuleba")
    assert not silver_hit(call, _extraction("meeting", "Dmytro Kuleba", "UKR")).found
    assert not silver_hit(meeting, _extraction("call", "Dmytro Kuleba", "UKR")).found
    assert silver_hit(meeting, _extraction("talks", "Dmytro Kuleba", "UKR")).found


def test_travel_is_found_by_a_visit_to_a_destination():
    record = parse_title("Under Secretary Nuland’s Travel to Morocco")
    assert silver_hit(record, _extraction("visit", "Nasser Bourita", "MAR", host="MAR")).found
    assert not silver_hit(record, _extraction("visit", "Nasser Bourita", "MAR", host="DZA")).found


@pytest.mark.parametrize("name, reason", [
    ("Benjamin Franklin Room", "word: Room"),
    ("Ukraine", "single word: country"),
    ("NATO", "single word: organisation"),
    ("July", "word: July"),
    ("Dmytro Kuleba", None),
])
def test_names_that_look_like_no_person(name, reason):
    assert non_person_reason(name) == reason


def test_a_bad_silver_file_is_a_numbered_error(tmp_path):
    path = tmp_path / "silver.jsonl"
    path.write_text(parse_title("Under Secretary Nuland’s Travel to Morocco").to_json() + "\n{not json\n")
    with pytest.raises(ReadoutsError, match="E075 .* line 2"):
        read_silver(path)
    with pytest.raises(ReadoutsError, match="E001"):
        read_silver(tmp_path / "missing.jsonl")
